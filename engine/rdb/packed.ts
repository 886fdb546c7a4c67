/**
 * Redis's compact blob encodings as they appear inside RDB values: listpack (written and read),
 * intset (written and read), and the older ziplist and zipmap (read only: Redis 7 converts them
 * on load and never writes them).
 */
import { RdbError, RdbWriter, strictInt } from './io.ts';

const LP_HEADER_SIZE = 6;
const LP_EOF = 0xff;

/** Builds a listpack entry by entry; `size` is the blob size so far (quicklist node limits). */
export class ListpackBuilder {
  private readonly w = new RdbWriter(64);
  count = 0;

  constructor() {
    this.w.u32le(0);
    this.w.u16le(0);
  }

  get size(): number {
    return this.w.pos + 1;
  }

  /** Appends a string, stored as an integer when it is one (lpStringToInt64), as Redis does. */
  append(s: string): void {
    const n = s.length <= 20 ? strictInt(s) : null;
    const start = this.w.pos;
    if (n !== null) this.writeInt(n);
    else this.writeString(s);
    this.writeBacklen(this.w.pos - start);
    this.count++;
  }

  private writeInt(n: number | bigint): void {
    const w = this.w;
    if (typeof n === 'number' && n >= 0 && n <= 127) {
      w.byte(n);
    } else if (typeof n === 'number' && n >= -4096 && n <= 4095) {
      const u = n < 0 ? (1 << 13) + n : n;
      w.byte(0xc0 | (u >> 8));
      w.byte(u & 0xff);
    } else if (typeof n === 'number' && n >= -32768 && n <= 32767) {
      w.byte(0xf1);
      w.byte(n & 0xff);
      w.byte((n >> 8) & 0xff);
    } else if (typeof n === 'number' && n >= -8388608 && n <= 8388607) {
      const u = n < 0 ? (1 << 24) + n : n;
      w.byte(0xf2);
      w.byte(u & 0xff);
      w.byte((u >> 8) & 0xff);
      w.byte((u >> 16) & 0xff);
    } else if (typeof n === 'number' && n >= -2147483648 && n <= 2147483647) {
      w.byte(0xf3);
      w.u32le(n >>> 0);
    } else {
      w.byte(0xf4);
      w.i64le(n);
    }
  }

  private writeString(s: string): void {
    const w = this.w;
    const len = s.length;
    if (len < 64) {
      w.byte(0x80 | len);
    } else if (len < 4096) {
      w.byte(0xe0 | (len >> 8));
      w.byte(len & 0xff);
    } else {
      w.byte(0xf0);
      w.u32le(len);
    }
    w.latin1(s);
  }

  /** The entry's length, readable backwards: 7 bits per byte, high bit = more bytes to the left. */
  private writeBacklen(l: number): void {
    const w = this.w;
    if (l <= 127) {
      w.byte(l);
    } else if (l < 16383) {
      w.byte(l >> 7);
      w.byte((l & 127) | 128);
    } else if (l < 2097151) {
      w.byte(l >> 14);
      w.byte(((l >> 7) & 127) | 128);
      w.byte((l & 127) | 128);
    } else if (l < 268435455) {
      w.byte(l >> 21);
      w.byte(((l >> 14) & 127) | 128);
      w.byte(((l >> 7) & 127) | 128);
      w.byte((l & 127) | 128);
    } else {
      w.byte(Math.floor(l / 2 ** 28));
      w.byte(((l >> 21) & 127) | 128);
      w.byte(((l >> 14) & 127) | 128);
      w.byte(((l >> 7) & 127) | 128);
      w.byte((l & 127) | 128);
    }
  }

  finish(): Buffer {
    this.w.byte(LP_EOF);
    this.w.patchU32le(0, this.w.pos);
    // 65535 means "count unknown": readers then walk the entries.
    this.w.patchU16le(4, this.count < 65535 ? this.count : 65535);
    return this.w.result();
  }
}

/** Entries of a listpack blob, integers as decimal strings. */
export function decodeListpack(b: Buffer): string[] {
  if (b.length < LP_HEADER_SIZE + 1) throw new RdbError('listpack too short');
  if (b.readUInt32LE(0) !== b.length) throw new RdbError('listpack size mismatch');
  if (b[b.length - 1] !== LP_EOF) throw new RdbError('listpack without terminator');
  const declared = b.readUInt16LE(4);
  const out: string[] = [];
  let p = LP_HEADER_SIZE;
  const end = b.length - 1;
  const need = (n: number) => {
    if (p + n > end) throw new RdbError('listpack entry out of bounds');
  };
  while (p < end) {
    const start = p;
    const e = b[p];
    if (e < 0x80) {
      out.push(String(e));
      p += 1;
    } else if (e < 0xc0) {
      const len = e & 0x3f;
      need(1 + len);
      out.push(b.toString('latin1', p + 1, p + 1 + len));
      p += 1 + len;
    } else if (e < 0xe0) {
      need(2);
      let v = ((e & 0x1f) << 8) | b[p + 1];
      if (v >= 1 << 12) v -= 1 << 13;
      out.push(String(v));
      p += 2;
    } else if (e < 0xf0) {
      need(2);
      const len = ((e & 0x0f) << 8) | b[p + 1];
      need(2 + len);
      out.push(b.toString('latin1', p + 2, p + 2 + len));
      p += 2 + len;
    } else if (e === 0xf0) {
      need(5);
      const len = b.readUInt32LE(p + 1);
      need(5 + len);
      out.push(b.toString('latin1', p + 5, p + 5 + len));
      p += 5 + len;
    } else if (e === 0xf1) {
      need(3);
      out.push(String(b.readInt16LE(p + 1)));
      p += 3;
    } else if (e === 0xf2) {
      need(4);
      out.push(String(b.readIntLE(p + 1, 3)));
      p += 4;
    } else if (e === 0xf3) {
      need(5);
      out.push(String(b.readInt32LE(p + 1)));
      p += 5;
    } else if (e === 0xf4) {
      need(9);
      out.push(String(b.readBigInt64LE(p + 1)));
      p += 9;
    } else {
      throw new RdbError(`bad listpack encoding ${e}`);
    }
    const l = p - start;
    p += l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    if (p > end) throw new RdbError('listpack backlen out of bounds');
  }
  if (declared !== 65535 && declared !== out.length) throw new RdbError('listpack count mismatch');
  return out;
}

/** Entries of a ziplist blob (RDB types from Redis < 7). */
export function decodeZiplist(b: Buffer): string[] {
  if (b.length < 11) throw new RdbError('ziplist too short');
  if (b.readUInt32LE(0) !== b.length) throw new RdbError('ziplist size mismatch');
  if (b[b.length - 1] !== 0xff) throw new RdbError('ziplist without terminator');
  const declared = b.readUInt16LE(8);
  const out: string[] = [];
  let p = 10;
  const end = b.length - 1;
  const need = (n: number) => {
    if (p + n > end) throw new RdbError('ziplist entry out of bounds');
  };
  while (p < end) {
    need(1);
    p += b[p] < 254 ? 1 : 5;
    need(1);
    const e = b[p];
    const kind = e >> 6;
    if (kind === 0) {
      const len = e & 0x3f;
      need(1 + len);
      out.push(b.toString('latin1', p + 1, p + 1 + len));
      p += 1 + len;
    } else if (kind === 1) {
      need(2);
      const len = ((e & 0x3f) << 8) | b[p + 1];
      need(2 + len);
      out.push(b.toString('latin1', p + 2, p + 2 + len));
      p += 2 + len;
    } else if (e === 0x80) {
      need(5);
      const len = b.readUInt32BE(p + 1);
      need(5 + len);
      out.push(b.toString('latin1', p + 5, p + 5 + len));
      p += 5 + len;
    } else if (e === 0xc0) {
      need(3);
      out.push(String(b.readInt16LE(p + 1)));
      p += 3;
    } else if (e === 0xd0) {
      need(5);
      out.push(String(b.readInt32LE(p + 1)));
      p += 5;
    } else if (e === 0xe0) {
      need(9);
      out.push(String(b.readBigInt64LE(p + 1)));
      p += 9;
    } else if (e === 0xf0) {
      need(4);
      out.push(String(b.readIntLE(p + 1, 3)));
      p += 4;
    } else if (e === 0xfe) {
      need(2);
      out.push(String(b.readInt8(p + 1)));
      p += 2;
    } else if (e >= 0xf1 && e <= 0xfd) {
      out.push(String((e & 0x0f) - 1));
      p += 1;
    } else {
      throw new RdbError(`bad ziplist encoding ${e}`);
    }
  }
  if (declared !== 65535 && declared !== out.length) throw new RdbError('ziplist count mismatch');
  return out;
}

/** An intset blob of the given members (all canonical integers), sorted, in the narrowest width. */
export function encodeIntset(members: Iterable<string>): Buffer {
  const values: bigint[] = [];
  let width = 2;
  for (const m of members) {
    const v = BigInt(m);
    values.push(v);
    if (v < -2147483648n || v > 2147483647n) width = 8;
    else if (width < 4 && (v < -32768n || v > 32767n)) width = 4;
  }
  values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = Buffer.allocUnsafe(8 + width * values.length);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(values.length, 4);
  let p = 8;
  for (const v of values) {
    if (width === 2) out.writeInt16LE(Number(v), p);
    else if (width === 4) out.writeInt32LE(Number(v), p);
    else out.writeBigInt64LE(v, p);
    p += width;
  }
  return out;
}

export function decodeIntset(b: Buffer): string[] {
  if (b.length < 8) throw new RdbError('intset too short');
  const width = b.readUInt32LE(0);
  const count = b.readUInt32LE(4);
  if ((width !== 2 && width !== 4 && width !== 8) || b.length !== 8 + width * count) throw new RdbError('bad intset');
  const out = new Array<string>(count);
  for (let i = 0, p = 8; i < count; i++, p += width) {
    out[i] = width === 2 ? String(b.readInt16LE(p)) : width === 4 ? String(b.readInt32LE(p)) : String(b.readBigInt64LE(p));
  }
  return out;
}

/** Field/value pairs of a zipmap blob (RDB_TYPE_HASH_ZIPMAP, Redis < 2.6). */
export function decodeZipmap(b: Buffer): string[] {
  const out: string[] = [];
  let p = 1;
  const readLen = (): number => {
    if (p >= b.length) throw new RdbError('zipmap out of bounds');
    const first = b[p];
    if (first < 254) {
      p += 1;
      return first;
    }
    if (first === 254) {
      if (p + 5 > b.length) throw new RdbError('zipmap out of bounds');
      const n = b.readUInt32LE(p + 1);
      p += 5;
      return n;
    }
    return -1;
  };
  for (;;) {
    const klen = readLen();
    if (klen < 0) break;
    if (p + klen > b.length) throw new RdbError('zipmap out of bounds');
    const key = b.toString('latin1', p, p + klen);
    p += klen;
    const vlen = readLen();
    if (vlen < 0 || p + 1 + vlen > b.length) throw new RdbError('zipmap out of bounds');
    const free = b[p];
    p += 1;
    const value = b.toString('latin1', p, p + vlen);
    p += vlen + free;
    out.push(key, value);
  }
  return out;
}
