/**
 * Redis Cluster's key → hash slot mapping: CRC16-CCITT (XMODEM: polynomial 0x1021, initial value
 * 0, no reflection) of the key, or of its {hash tag}, modulo 16384.
 */

export const CLUSTER_SLOTS = 16384;

const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let crc = i << 8;
  for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  TABLE[i] = crc;
}

/** CRC16 of the bytes of a latin1 string (one char per byte) from start to end (exclusive). */
export function crc16(s: string, start = 0, end = s.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ s.charCodeAt(i)) & 0xff];
  return crc;
}

/**
 * The slot of a key: only what is between the first '{' and the next '}' is hashed, when that
 * is not empty ("{}" and an unclosed '{' hash the whole key), as keyHashSlot does.
 */
export function keyHashSlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key, open + 1, close) & 0x3fff;
  }
  return crc16(key) & 0x3fff;
}
