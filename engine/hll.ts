/**
 * Redis's HyperLogLog string format, byte for byte: a 16-byte header ("HYLL", encoding, 3 unused
 * bytes, 8-byte little-endian cached cardinality whose top bit flags it stale) followed by 16384
 * registers of 6 bits, either dense (12288 bytes, LSB-first packing) or sparse (ZERO / XZERO / VAL
 * run-length opcodes). Values live in the keyspace as latin1 strings; the work happens on byte
 * arrays and the string is rebuilt only when something changed.
 */

export const HLL_P = 14;
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
const HLL_P_MASK = HLL_REGISTERS - 1;
const HLL_BITS = 6;
const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + Math.floor((HLL_REGISTERS * HLL_BITS + 7) / 8);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
const HLL_MAX_ENCODING = 1;
const HLL_ALPHA_INF = 0.721347520444481703680;

const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;
const SPARSE_XZERO_MAX_LEN = 16384;

/** Why a value cannot be used as an HLL (PFADD/PFCOUNT/PFMERGE error replies). */
export const HLL_WRONGTYPE = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
export const HLL_INVALID = 'INVALIDOBJ Corrupted HLL object detected';

// ---------------------------------------------------------------------------------------------
// MurmurHash64A (seed 0xadc83b19) on 32-bit halves, so hashing needs no BigInt.

const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
let hHi = 0;
let hLo = 0;

/** (hi:lo) × m mod 2^64, left in mulHi/mulLo. */
let mulHi = 0;
let mulLo = 0;
function mulM(hi: number, lo: number): void {
  const a0 = lo & 0xffff;
  const a1 = lo >>> 16;
  const b0 = M_LO & 0xffff;
  const b1 = M_LO >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  mulLo = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  const carry = p11 + (p01 >>> 16) + (p10 >>> 16) + Math.floor(mid / 65536);
  mulHi = (carry + Math.imul(hi, M_LO) + Math.imul(lo, M_HI)) >>> 0;
}

/** MurmurHash64A of a latin1 string; the result is left in hHi/hLo. */
function murmur64a(s: string): void {
  const len = s.length;
  // h = seed ^ (len * m)
  mulM(0, len);
  hHi = mulHi;
  hLo = (mulLo ^ 0xadc83b19) >>> 0;
  const blocks = len - (len & 7);
  let i = 0;
  for (; i < blocks; i += 8) {
    let kLo = (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    let kHi = (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>> 0;
    mulM(kHi, kLo);
    kHi = mulHi;
    kLo = mulLo;
    // k ^= k >> 47
    kLo = (kLo ^ (kHi >>> 15)) >>> 0;
    mulM(kHi, kLo);
    hHi = (hHi ^ mulHi) >>> 0;
    hLo = (hLo ^ mulLo) >>> 0;
    mulM(hHi, hLo);
    hHi = mulHi;
    hLo = mulLo;
  }
  const rest = len & 7;
  if (rest > 0) {
    for (let j = rest - 1; j >= 0; j--) {
      const b = s.charCodeAt(i + j);
      if (j >= 4) hHi = (hHi ^ (b << (8 * (j - 4)))) >>> 0;
      else hLo = (hLo ^ (b << (8 * j))) >>> 0;
    }
    mulM(hHi, hLo);
    hHi = mulHi;
    hLo = mulLo;
  }
  hLo = (hLo ^ (hHi >>> 15)) >>> 0;
  mulM(hHi, hLo);
  hHi = mulHi;
  hLo = mulLo;
  hLo = (hLo ^ (hHi >>> 15)) >>> 0;
}

/** Set by patLen: the register an element maps to. */
let patIndex = 0;

/**
 * hllPatLen: register index from the low 14 hash bits, and the length of the "000..1" pattern
 * in the other 50 (1..51).
 */
export function patLen(element: string): number {
  murmur64a(element);
  patIndex = hLo & HLL_P_MASK;
  const low = hLo >>> HLL_P; // hash bits 14..31
  if (low !== 0) return 32 - Math.clz32(low & -low);
  if (hHi !== 0) return 18 + 32 - Math.clz32(hHi & -hHi);
  return HLL_Q + 1;
}

// ---------------------------------------------------------------------------------------------
// Register access.

function denseGet(p: Uint8Array, base: number, reg: number): number {
  const bit = reg * HLL_BITS;
  const byte = base + (bit >>> 3);
  const fb = bit & 7;
  const b0 = p[byte];
  const b1 = byte + 1 < p.length ? p[byte + 1] : 0;
  return ((b0 >>> fb) | (b1 << (8 - fb))) & HLL_REGISTER_MAX;
}

function denseGetStr(s: string, reg: number): number {
  const bit = reg * HLL_BITS;
  const byte = HLL_HDR_SIZE + (bit >>> 3);
  const fb = bit & 7;
  const b0 = s.charCodeAt(byte);
  const b1 = byte + 1 < s.length ? s.charCodeAt(byte + 1) : 0;
  return ((b0 >>> fb) | (b1 << (8 - fb))) & HLL_REGISTER_MAX;
}

function denseSet(p: Uint8Array, base: number, reg: number, val: number): void {
  const bit = reg * HLL_BITS;
  const byte = base + (bit >>> 3);
  const fb = bit & 7;
  const fb8 = 8 - fb;
  p[byte] = (p[byte] & ~(HLL_REGISTER_MAX << fb)) | (val << fb);
  if (byte + 1 < p.length) p[byte + 1] = (p[byte + 1] & ~(HLL_REGISTER_MAX >>> fb8)) | (val >>> fb8);
}

// ---------------------------------------------------------------------------------------------
// Validation, creation, header helpers.

/** isHLLObjectOrReply (after the type check): magic, known encoding, exact dense size. */
export function isHll(s: string): boolean {
  if (s.length < HLL_HDR_SIZE) return false;
  if (s.charCodeAt(0) !== 72 || s.charCodeAt(1) !== 89 || s.charCodeAt(2) !== 76 || s.charCodeAt(3) !== 76) return false;
  const enc = s.charCodeAt(4);
  if (enc > HLL_MAX_ENCODING) return false;
  if (enc === HLL_DENSE && s.length !== HLL_DENSE_SIZE) return false;
  return true;
}

/** createHLLObject: sparse, all registers zero (one XZERO of 16384), cached cardinality 0. */
export function emptyHll(): Uint8Array {
  const b = new Uint8Array(HLL_HDR_SIZE + 2);
  b.set([72, 89, 76, 76, HLL_SPARSE]);
  const l = SPARSE_XZERO_MAX_LEN - 1;
  b[HLL_HDR_SIZE] = (l >> 8) | 0x40;
  b[HLL_HDR_SIZE + 1] = l & 0xff;
  return b;
}

function invalidateCache(b: Uint8Array): void {
  b[15] |= 0x80;
}

/** The cached cardinality, or -1 when it is stale. */
export function cachedCard(s: string): number {
  if (s.charCodeAt(15) & 0x80) return -1;
  let card = 0;
  for (let i = 7; i >= 0; i--) card = card * 256 + s.charCodeAt(8 + i);
  return card;
}

/** The string with a fresh cached cardinality (PFCOUNT stores what it computed). */
export function withCachedCard(s: string, card: number): string {
  let bytes = '';
  let v = card;
  for (let i = 0; i < 8; i++) {
    bytes += String.fromCharCode(v % 256);
    v = Math.floor(v / 256);
  }
  return s.slice(0, 8) + bytes + s.slice(16);
}

export function toBytes(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}

export function fromBytes(b: Uint8Array, len = b.length): string {
  return Buffer.from(b.buffer, b.byteOffset, len).toString('latin1');
}

// ---------------------------------------------------------------------------------------------
// A mutable HLL being updated: bytes with a logical length (sparse values grow and shrink).

export class HllWork {
  constructor(
    public buf: Uint8Array,
    public len: number,
  ) {}

  get encoding(): number {
    return this.buf[4];
  }

  toString(): string {
    return fromBytes(this.buf, this.len);
  }

  /** Room for `extra` more bytes. */
  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** hllSparseToDense; false when the sparse data is corrupted. */
  toDense(): boolean {
    if (this.encoding === HLL_DENSE) return true;
    const dense = new Uint8Array(HLL_DENSE_SIZE);
    // The header is copied whole: magic, unused bytes and the cached cardinality.
    dense.set(this.buf.subarray(0, HLL_HDR_SIZE));
    dense[4] = HLL_DENSE;
    const p = this.buf;
    const end = this.len;
    let idx = 0;
    let i = HLL_HDR_SIZE;
    while (i < end) {
      const op = p[i];
      if ((op & 0xc0) === 0) {
        idx += (op & 0x3f) + 1;
        i++;
      } else if ((op & 0xc0) === 0x40) {
        idx += (((op & 0x3f) << 8) | p[i + 1]) + 1;
        i += 2;
      } else {
        let runlen = (op & 3) + 1;
        const regval = ((op >> 2) & 0x1f) + 1;
        if (runlen + idx > HLL_REGISTERS) return false;
        while (runlen--) denseSet(dense, HLL_HDR_SIZE, idx++, regval);
        i++;
      }
    }
    if (idx !== HLL_REGISTERS) return false;
    this.buf = dense;
    this.len = HLL_DENSE_SIZE;
    return true;
  }

  /** hllDenseSet / hllSparseSet: 1 if the register grew, 0 if not, -1 on corrupted data. */
  set(index: number, count: number, sparseMaxBytes: number): number {
    if (this.encoding === HLL_DENSE) {
      if (denseGet(this.buf, HLL_HDR_SIZE, index) >= count) return 0;
      denseSet(this.buf, HLL_HDR_SIZE, index, count);
      return 1;
    }
    return this.sparseSet(index, count, sparseMaxBytes);
  }

  private promote(index: number, count: number): number {
    if (!this.toDense()) return -1;
    denseSet(this.buf, HLL_HDR_SIZE, index, count);
    return 1;
  }

  private sparseSet(index: number, count: number, sparseMaxBytes: number): number {
    if (count > SPARSE_VAL_MAX_VALUE) return this.promote(index, count);
    this.reserve(3);
    const p = this.buf;
    let end = this.len;
    // Step 1: find the opcode covering the register.
    let i = HLL_HDR_SIZE;
    let first = 0;
    let prev = -1;
    let span = 0;
    while (i < end) {
      const op = p[i];
      let oplen = 1;
      if ((op & 0xc0) === 0) span = (op & 0x3f) + 1;
      else if (op & 0x80) span = (op & 3) + 1;
      else {
        span = (((op & 0x3f) << 8) | p[i + 1]) + 1;
        oplen = 2;
      }
      if (index <= first + span - 1) break;
      prev = i;
      i += oplen;
      first += span;
    }
    if (span === 0 || i >= end) return -1;
    const op = p[i];
    const isXzero = (op & 0xc0) === 0x40;
    const isZero = (op & 0xc0) === 0;
    const isVal = (op & 0x80) !== 0;
    let next = isXzero ? i + 2 : i + 1;
    if (next >= end) next = -1;
    const runlen = isZero ? (op & 0x3f) + 1 : isXzero ? (((op & 0x3f) << 8) | p[i + 1]) + 1 : (op & 3) + 1;
    // Step 2: the cheap in-place cases.
    let done = false;
    if (isVal) {
      const oldcount = ((op >> 2) & 0x1f) + 1;
      if (oldcount >= count) return 0;
      if (runlen === 1) {
        p[i] = valOp(count, 1);
        done = true;
      }
    }
    if (!done && isZero && runlen === 1) {
      p[i] = valOp(count, 1);
      done = true;
    }
    if (!done) {
      // Step 3: split the opcode into up to three (at most 5 bytes) and splice them in.
      const seq: number[] = [];
      const last = first + span - 1;
      if (isZero || isXzero) {
        if (index !== first) pushZeros(seq, index - first);
        seq.push(valOp(count, 1));
        if (index !== last) pushZeros(seq, last - index);
      } else {
        const curval = ((op >> 2) & 0x1f) + 1;
        if (index !== first) seq.push(valOp(curval, index - first));
        seq.push(valOp(count, 1));
        if (index !== last) seq.push(valOp(curval, last - index));
      }
      const oldlen = isXzero ? 2 : 1;
      const delta = seq.length - oldlen;
      if (delta > 0 && this.len + delta > sparseMaxBytes) return this.promote(index, count);
      if (delta !== 0 && next !== -1) p.copyWithin(next + delta, next, end);
      this.len += delta;
      for (let k = 0; k < seq.length; k++) p[i + k] = seq[k];
      end += delta;
    }
    // Step 4: merge adjacent VAL opcodes with the same value, scanning up to 5 opcodes.
    let q = prev !== -1 ? prev : HLL_HDR_SIZE;
    let scan = 5;
    while (q < end && scan-- > 0) {
      const o = p[q];
      if ((o & 0xc0) === 0x40) {
        q += 2;
        continue;
      }
      if ((o & 0xc0) === 0) {
        q++;
        continue;
      }
      if (q + 1 < end && p[q + 1] & 0x80) {
        const v1 = ((o >> 2) & 0x1f) + 1;
        const o2 = p[q + 1];
        const v2 = ((o2 >> 2) & 0x1f) + 1;
        if (v1 === v2) {
          const l = (o & 3) + 1 + (o2 & 3) + 1;
          if (l <= SPARSE_VAL_MAX_LEN) {
            p[q + 1] = valOp(v1, l);
            p.copyWithin(q, q + 1, end);
            this.len--;
            end--;
            continue;
          }
        }
      }
      q++;
    }
    invalidateCache(p);
    return 1;
  }
}

function valOp(val: number, len: number): number {
  return (((val - 1) << 2) | (len - 1) | 0x80) & 0xff;
}

function pushZeros(seq: number[], len: number): void {
  if (len > SPARSE_ZERO_MAX_LEN) {
    const l = len - 1;
    seq.push((l >> 8) | 0x40, l & 0xff);
  } else {
    seq.push(len - 1);
  }
}

// ---------------------------------------------------------------------------------------------
// PFADD fast path for dense values: registers are read straight from the string and the value
// is copied only when one grows.

/**
 * Adds elements to a dense HLL string. Returns the new string (null if nothing changed) and
 * how many registers grew in `updatedOut[0]`.
 */
export function denseAdd(s: string, elements: string[], from: number, updatedOut: number[]): string | null {
  let buf: Uint8Array | null = null;
  let updated = 0;
  for (let j = from; j < elements.length; j++) {
    const count = patLen(elements[j]);
    const index = patIndex;
    const old = buf ? denseGet(buf, HLL_HDR_SIZE, index) : denseGetStr(s, index);
    if (count > old) {
      if (!buf) buf = toBytes(s);
      denseSet(buf, HLL_HDR_SIZE, index, count);
      updated++;
    }
  }
  updatedOut[0] = updated;
  if (!buf) return null;
  invalidateCache(buf);
  return fromBytes(buf);
}

/** hllAdd for one element on a work value: 1 changed, 0 not, -1 corrupted. */
export function addElement(w: HllWork, element: string, sparseMaxBytes: number): number {
  const count = patLen(element);
  return w.set(patIndex, count, sparseMaxBytes);
}

// ---------------------------------------------------------------------------------------------
// Counting and merging.

/** hllMerge: max[i] = max(max[i], register i); false when sparse data is corrupted. */
export function mergeInto(max: Uint8Array, s: string): boolean {
  if (s.charCodeAt(4) === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGetStr(s, i);
      if (v > max[i]) max[i] = v;
    }
    return true;
  }
  const end = s.length;
  let p = HLL_HDR_SIZE;
  let i = 0;
  while (p < end) {
    const op = s.charCodeAt(p);
    if ((op & 0xc0) === 0) {
      i += (op & 0x3f) + 1;
      p++;
    } else if ((op & 0xc0) === 0x40) {
      i += (((op & 0x3f) << 8) | s.charCodeAt(p + 1)) + 1;
      p += 2;
    } else {
      let runlen = (op & 3) + 1;
      const regval = ((op >> 2) & 0x1f) + 1;
      if (runlen + i > HLL_REGISTERS) return false;
      while (runlen--) {
        if (regval > max[i]) max[i] = regval;
        i++;
      }
      p++;
    }
  }
  return i === HLL_REGISTERS;
}

function hllSigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

function hllTau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/** The estimator of hllCount (Otmar Ertl's improved estimator), from a register histogram. */
function estimate(reghisto: Int32Array): number {
  const m = HLL_REGISTERS;
  let z = m * hllTau((m - reghisto[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += reghisto[j];
    z *= 0.5;
  }
  z += m * hllSigma(reghisto[0] / m);
  return Math.round((HLL_ALPHA_INF * m * m) / z);
}

/** Cardinality of registers held one per byte (PFCOUNT over several keys). */
export function countRaw(max: Uint8Array): number {
  const reghisto = new Int32Array(64);
  for (let i = 0; i < HLL_REGISTERS; i++) reghisto[max[i]]++;
  return estimate(reghisto);
}

/** hllCount of a dense or sparse HLL string; -1 when sparse data is corrupted. */
export function count(s: string): number {
  const reghisto = new Int32Array(64);
  if (s.charCodeAt(4) === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) reghisto[denseGetStr(s, i)]++;
    return estimate(reghisto);
  }
  const end = s.length;
  let p = HLL_HDR_SIZE;
  let idx = 0;
  while (p < end) {
    const op = s.charCodeAt(p);
    if ((op & 0xc0) === 0) {
      const runlen = (op & 0x3f) + 1;
      idx += runlen;
      reghisto[0] += runlen;
      p++;
    } else if ((op & 0xc0) === 0x40) {
      const runlen = (((op & 0x3f) << 8) | s.charCodeAt(p + 1)) + 1;
      idx += runlen;
      reghisto[0] += runlen;
      p += 2;
    } else {
      const runlen = (op & 3) + 1;
      idx += runlen;
      reghisto[((op >> 2) & 0x1f) + 1] += runlen;
      p++;
    }
  }
  if (idx !== HLL_REGISTERS) return -1;
  return estimate(reghisto);
}
