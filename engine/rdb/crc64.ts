/**
 * CRC-64 with the Jones polynomial (0xad93d23594c935a9), reflected, initial value 0: the checksum
 * Redis puts at the end of DUMP payloads and RDB files. Computed on two 32-bit halves with a
 * byte table, since BigInt per byte would be far too slow for whole snapshots.
 */

const TABLE_LO = new Uint32Array(256);
const TABLE_HI = new Uint32Array(256);

// The reflected polynomial, 0x95ac9329ac4bc9b5, split into halves.
const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;

for (let i = 0; i < 256; i++) {
  let lo = i;
  let hi = 0;
  for (let k = 0; k < 8; k++) {
    const lsb = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (lsb) {
      lo = (lo ^ POLY_LO) >>> 0;
      hi = (hi ^ POLY_HI) >>> 0;
    }
  }
  TABLE_LO[i] = lo;
  TABLE_HI[i] = hi;
}

/** A running CRC as two unsigned 32-bit halves. */
export interface Crc64 {
  hi: number;
  lo: number;
}

export function crc64Update(crc: Crc64, data: Uint8Array, start = 0, end = data.length): Crc64 {
  let lo = crc.lo;
  let hi = crc.hi;
  for (let i = start; i < end; i++) {
    const idx = (lo ^ data[i]) & 0xff;
    // crc = table[idx] ^ (crc >>> 8) on 64 bits.
    const nlo = ((lo >>> 8) | ((hi & 0xff) << 24)) >>> 0;
    const nhi = hi >>> 8;
    lo = (TABLE_LO[idx] ^ nlo) >>> 0;
    hi = (TABLE_HI[idx] ^ nhi) >>> 0;
  }
  return { hi, lo };
}

/** CRC-64 of data[start, end) as 8 little-endian bytes, the way Redis stores it. */
export function crc64Bytes(data: Uint8Array, start = 0, end = data.length): Buffer {
  const crc = crc64Update({ hi: 0, lo: 0 }, data, start, end);
  const out = Buffer.allocUnsafe(8);
  out.writeUInt32LE(crc.lo, 0);
  out.writeUInt32LE(crc.hi, 4);
  return out;
}

/** CRC-64 as a bigint (tests and diagnostics). */
export function crc64(data: Uint8Array): bigint {
  const crc = crc64Update({ hi: 0, lo: 0 }, data);
  return (BigInt(crc.hi) << 32n) | BigInt(crc.lo);
}
