/**
 * LZF, the compression RDB uses for strings longer than 20 bytes. The compressor follows liblzf's
 * greedy algorithm with the parameters Redis builds it with (16-bit hash table, "very fast" hash,
 * 8 KB window), so compressed payloads come out the same as redis-server's.
 *
 * Format: a control byte c < 32 starts a literal run of c+1 bytes; otherwise the top 3 bits are
 * a length (7 = read one more byte), the low 5 bits and the next byte a back-reference offset.
 */

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

// Hash table of positions, stamped with a generation so it needs no clearing between calls.
const htabPos = new Int32Array(HSIZE);
const htabGen = new Uint32Array(HSIZE);
let generation = 0;

function idx(h: number): number {
  return ((h >>> (3 * 8 - HLOG)) - Math.imul(h, 5)) & (HSIZE - 1);
}

/**
 * Compresses input into at most maxOut bytes; returns null when it does not fit (Redis then
 * stores the string uncompressed).
 */
export function lzfCompress(input: Uint8Array, maxOut: number): Buffer | null {
  const inLen = input.length;
  if (inLen === 0 || maxOut <= 0) return null;
  if (++generation === 0xffffffff) {
    htabGen.fill(0);
    generation = 1;
  }
  const gen = generation;
  const out = Buffer.allocUnsafe(maxOut);
  const outEnd = maxOut;
  let ip = 0;
  let op = 1; // room for the first literal run's control byte
  let lit = 0;
  let hval = (input[0] << 8) | input[1];

  const lookup = (h: number): number => {
    const slot = idx(h);
    return htabGen[slot] === gen ? htabPos[slot] : 0;
  };
  const store = (h: number, pos: number): void => {
    const slot = idx(h);
    htabGen[slot] = gen;
    htabPos[slot] = pos;
  };

  while (ip < inLen - 2) {
    hval = ((hval << 8) | input[ip + 2]) >>> 0;
    const ref = lookup(hval);
    store(hval, ip);
    const off = ip - ref - 1;
    if (
      off >= 0 &&
      off < MAX_OFF &&
      ref > 0 &&
      input[ref + 2] === input[ip + 2] &&
      input[ref] === input[ip] &&
      input[ref + 1] === input[ip + 1]
    ) {
      let len = 2;
      let maxlen = inLen - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outEnd && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outEnd) return null;
      out[op - lit - 1] = lit - 1; // close the literal run
      if (lit === 0) op--; // drop an empty run
      // liblzf compares 16 bytes unchecked first when the window allows, then one at a time.
      let done = false;
      if (maxlen > 16) {
        for (let k = 0; k < 16; k++) {
          len++;
          if (input[ref + len] !== input[ip + len]) {
            done = true;
            break;
          }
        }
      }
      if (!done) {
        do len++;
        while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2;
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // room for the next run's control byte
      ip += len + 1;
      if (ip >= inLen - 2) break;
      ip -= 2;
      hval = (input[ip] << 8) | input[ip + 1];
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      store(hval, ip);
      ip++;
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      store(hval, ip);
      ip++;
    } else {
      if (op >= outEnd) return null;
      lit++;
      out[op++] = input[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outEnd) return null;
  while (ip < inLen) {
    lit++;
    out[op++] = input[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1;
  if (lit === 0) op--;
  return out.subarray(0, op);
}

/** Decompresses exactly outLen bytes; throws on malformed input. */
export function lzfDecompress(input: Uint8Array, outLen: number): Buffer {
  const out = Buffer.allocUnsafe(outLen);
  let ip = 0;
  let op = 0;
  const inLen = input.length;
  while (ip < inLen) {
    const ctrl = input[ip++];
    if (ctrl < 32) {
      const n = ctrl + 1;
      if (op + n > outLen || ip + n > inLen) throw new Error('LZF: literal run out of bounds');
      for (let k = 0; k < n; k++) out[op++] = input[ip++];
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= inLen) throw new Error('LZF: truncated length');
        len += input[ip++];
      }
      if (ip >= inLen) throw new Error('LZF: truncated offset');
      const ref = op - ((ctrl & 0x1f) << 8) - input[ip++] - 1;
      len += 2;
      if (ref < 0 || op + len > outLen) throw new Error('LZF: back reference out of bounds');
      for (let k = 0; k < len; k++) out[op++] = out[ref + k];
    }
  }
  if (op !== outLen) throw new Error('LZF: wrong decompressed length');
  return out;
}
