/**
 * Byte-level reading and writing of RDB data: lengths, strings (int-encoded, LZF-compressed or
 * raw), doubles. Values in the engine are latin1 strings (one char per byte), so strings are
 * written and read with the latin1 codec.
 */
import { lzfCompress, lzfDecompress } from './lzf.ts';

/** Thrown for malformed RDB data; RESTORE answers "Bad data format". */
export class RdbError extends Error {}

export const RDB_ENC_INT8 = 0;
export const RDB_ENC_INT16 = 1;
export const RDB_ENC_INT32 = 2;
export const RDB_ENC_LZF = 3;

/** string2ll: canonical decimal int64 text (no '+', no leading zeros, no "-0"). */
const INT_RE = /^(0|-?[1-9][0-9]*)$/;

/** The integer a string denotes exactly, or null. Safe integers come back as numbers. */
export function strictInt(s: string): number | bigint | null {
  if (s.length === 0 || s.length > 20 || !INT_RE.test(s)) return null;
  if (s.length <= 15) return Number(s);
  const n = BigInt(s);
  if (n < -9223372036854775808n || n > 9223372036854775807n) return null;
  return Number.isSafeInteger(Number(n)) ? Number(n) : n;
}

export class RdbWriter {
  private buf: Buffer;
  pos = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  latin1(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, s.length, 'latin1');
  }

  u16le(n: number): void {
    this.ensure(2);
    this.buf.writeUInt16LE(n, this.pos);
    this.pos += 2;
  }

  u32le(n: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(n >>> 0, this.pos);
    this.pos += 4;
  }

  u32be(n: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(n >>> 0, this.pos);
    this.pos += 4;
  }

  i64le(n: number | bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64LE(BigInt(n), this.pos);
    this.pos += 8;
  }

  doubleLE(d: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(d, this.pos);
    this.pos += 8;
  }

  /** Overwrites 4 bytes at an earlier position (sizes known only at the end). */
  patchU32le(at: number, n: number): void {
    this.buf.writeUInt32LE(n >>> 0, at);
  }

  patchU16le(at: number, n: number): void {
    this.buf.writeUInt16LE(n, at);
  }

  /** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian lengths. */
  length(n: number): void {
    if (n < 1 << 6) {
      this.byte(n);
    } else if (n < 1 << 14) {
      this.byte(0x40 | (n >> 8));
      this.byte(n & 0xff);
    } else if (n <= 0xffffffff) {
      this.byte(0x80);
      this.u32be(n);
    } else {
      this.byte(0x81);
      this.ensure(8);
      this.buf.writeBigUInt64BE(BigInt(n), this.pos);
      this.pos += 8;
    }
  }

  /**
   * rdbSaveRawString: short integers as 8/16/32-bit ints, strings over 20 bytes LZF-compressed
   * when that saves at least 4 bytes, everything else raw.
   */
  string(s: string): void {
    const len = s.length;
    if (len <= 11) {
      const n = strictInt(s);
      if (typeof n === 'number' && n >= -2147483648 && n <= 2147483647) {
        this.encodedInt(n);
        return;
      }
    }
    if (len > 20 && this.compressed(Buffer.from(s, 'latin1'))) return;
    this.length(len);
    this.latin1(s);
  }

  /** A binary blob (listpack, intset, ziplist) saved like a string. */
  blob(b: Buffer): void {
    if (b.length > 20 && this.compressed(b)) return;
    this.length(b.length);
    this.bytes(b);
  }

  private encodedInt(n: number): void {
    if (n >= -128 && n <= 127) {
      this.byte(0xc0 | RDB_ENC_INT8);
      this.byte(n & 0xff);
    } else if (n >= -32768 && n <= 32767) {
      this.byte(0xc0 | RDB_ENC_INT16);
      this.ensure(2);
      this.buf.writeInt16LE(n, this.pos);
      this.pos += 2;
    } else {
      this.byte(0xc0 | RDB_ENC_INT32);
      this.ensure(4);
      this.buf.writeInt32LE(n, this.pos);
      this.pos += 4;
    }
  }

  private compressed(b: Buffer): boolean {
    const c = lzfCompress(b, b.length - 4);
    if (!c) return false;
    this.byte(0xc0 | RDB_ENC_LZF);
    this.length(c.length);
    this.length(b.length);
    this.bytes(c);
    return true;
  }

  /** The bytes written so far (a view: copy it if the writer is reused). */
  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

export class RdbReader {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
    readonly end = buf.length,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new RdbError('unexpected end of RDB data');
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  i64le(): bigint {
    this.need(8);
    const n = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return n;
  }

  doubleLE(): number {
    this.need(8);
    const d = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return d;
  }

  /** rdbLoadLen; `encoded` is set for the 11xxxxxx special string encodings. */
  lengthOrEncoding(): { len: number; encoded: boolean } {
    const b = this.byte();
    const type = b >> 6;
    if (type === 0) return { len: b & 0x3f, encoded: false };
    if (type === 1) return { len: ((b & 0x3f) << 8) | this.byte(), encoded: false };
    if (type === 3) return { len: b & 0x3f, encoded: true };
    if (b === 0x80) {
      this.need(4);
      const n = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return { len: n, encoded: false };
    }
    if (b === 0x81) {
      this.need(8);
      const n = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbError('length out of range');
      return { len: Number(n), encoded: false };
    }
    throw new RdbError(`unknown length encoding ${b}`);
  }

  length(): number {
    const r = this.lengthOrEncoding();
    if (r.encoded) throw new RdbError('unexpected encoded length');
    return r.len;
  }

  /** rdbGenericLoadStringObject as raw bytes. */
  blob(): Buffer {
    const { len, encoded } = this.lengthOrEncoding();
    if (!encoded) return this.bytes(len);
    switch (len) {
      case RDB_ENC_INT8:
        return Buffer.from(String(this.bytes(1).readInt8(0)), 'latin1');
      case RDB_ENC_INT16:
        return Buffer.from(String(this.bytes(2).readInt16LE(0)), 'latin1');
      case RDB_ENC_INT32:
        return Buffer.from(String(this.bytes(4).readInt32LE(0)), 'latin1');
      case RDB_ENC_LZF: {
        const clen = this.length();
        const ulen = this.length();
        const data = this.bytes(clen);
        try {
          return lzfDecompress(data, ulen);
        } catch (e) {
          throw new RdbError((e as Error).message);
        }
      }
      default:
        throw new RdbError(`unknown string encoding ${len}`);
    }
  }

  string(): string {
    return this.blob().toString('latin1');
  }

  /** RDB_TYPE_ZSET's text scores: one length byte, 253/254/255 for nan/inf/-inf. */
  textDouble(): number {
    const len = this.byte();
    if (len === 253) return NaN;
    if (len === 254) return Infinity;
    if (len === 255) return -Infinity;
    const s = this.bytes(len).toString('latin1');
    const d = Number(s);
    if (Number.isNaN(d) && s.trim().toLowerCase() !== 'nan') throw new RdbError('bad double value');
    return d;
  }
}
