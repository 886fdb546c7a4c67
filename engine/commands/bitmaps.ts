import { constants as bufferConstants } from 'node:buffer';
import { command, type CommandSpec } from '../command-table.ts';
import { intArg, is, toInt } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import type { Client } from '../client.ts';
import { CHUNKED_MIN, byteReader, chunksFor, getString, lookupRead, readString } from './strings.ts';

/** Set bits of every byte value. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1];

/**
 * getBitOffsetFromArgument: a bit offset (or "#n" = n × bits for BITFIELD), which must address a
 * byte below proto-max-bulk-len. The "#" product wraps like Redis's int64 multiply.
 */
function bitOffsetArg(c: Client, arg: string, hash: boolean, bits: number): number {
  const useHash = hash && arg.length > 1 && arg.charCodeAt(0) === 35; /* '#' */
  const s = useHash ? arg.slice(1) : arg;
  let n = toInt(s);
  if (n === null) throw new CommandError(ERR.bitOffset);
  if (useHash) {
    const p = n * bits;
    n = Number.isSafeInteger(p) ? p : Number(BigInt.asIntN(64, BigInt(s) * BigInt(bits)));
  }
  if (n < 0 || (!c.isPrimaryLink && Math.floor(n / 8) >= c.node.config.int('proto-max-bulk-len'))) {
    throw new CommandError(ERR.bitOffset);
  }
  return n;
}

/** A string grown with zero bytes to at least `len` bytes (lookupStringForBitCommand). */
function growTo(s: string, len: number): string {
  if (s.length >= len) return s;
  if (len > bufferConstants.MAX_STRING_LENGTH) throw new CommandError(ERR.bitOffset);
  return s + '\0'.repeat(len - s.length);
}

function setbit(c: Client, argv: string[]): void {
  const offset = bitOffsetArg(c, argv[2], false, 0);
  const on = toInt(argv[3]);
  if (on === null || (on !== 0 && on !== 1)) throw new CommandError(ERR.bitValue);
  const key = argv[1];
  const db = c.db;
  const cur = getString(db, key);
  const byte = Math.floor(offset / 8);
  const mask = 1 << (7 - (offset & 7));
  const s = cur ?? '';
  const grown = cur === undefined || s.length <= byte;
  if (byte >= bufferConstants.MAX_STRING_LENGTH) throw new CommandError(ERR.bitOffset);
  const chunks = Math.max(s.length, byte + 1) >= CHUNKED_MIN ? chunksFor(db, key, s) : null;
  let value = chunks ? s : growTo(s, byte + 1);
  if (chunks) chunks.grow(byte + 1);
  const old = chunks ? chunks.byteAt(byte) : value.charCodeAt(byte);
  const bitval = (old & mask) !== 0 ? 1 : 0;
  // Only a created, grown or flipped bitmap counts as a change (no event, no propagation otherwise).
  if (grown || bitval !== on) {
    const next = on ? old | mask : old & ~mask;
    if (chunks) {
      if (next !== old) chunks.write(byte, String.fromCharCode(next));
      value = chunks.root;
    } else if (next !== old) {
      value = value.slice(0, byte) + String.fromCharCode(next) + value.slice(byte + 1);
    }
    db.set(key, value, true);
    c.node.notifyKeyspaceEvent('$', 'setbit', key, db.id);
  }
  c.reply.int(bitval);
}

function getbit(c: Client, argv: string[]): void {
  const offset = bitOffsetArg(c, argv[2], false, 0);
  const v = readString(c, argv[1]);
  if (v === undefined) return c.reply.int(0);
  const byte = Math.floor(offset / 8);
  if (byte >= v.length) return c.reply.int(0);
  c.reply.int((byteReader(c.db, argv[1], v)(byte) >> (7 - (offset & 7))) & 1);
}

function popcount(at: (i: number) => number, start: number, end: number): number {
  let n = 0;
  for (let i = start; i <= end; i++) n += POPCOUNT[at(i)];
  return n;
}

/** BITCOUNT key [start end [BYTE|BIT]] */
function bitcount(c: Client, argv: string[]): void {
  // Redis 7.0 looks the key up before parsing the range: a missing key is 0 whatever follows.
  const s = readString(c, argv[1]);
  if (s === undefined) return c.reply.int(0);
  const len = s.length;
  let start: number;
  let end: number;
  let firstMask = 0;
  let lastMask = 0;
  if (argv.length === 4 || argv.length === 5) {
    let total = len;
    start = intArg(argv[2]);
    end = intArg(argv[3]);
    if (start < 0 && end < 0 && start > end) return c.reply.int(0);
    let isBit = false;
    if (argv.length === 5) {
      if (is(argv[4], 'bit')) isBit = true;
      else if (!is(argv[4], 'byte')) throw new CommandError(ERR.syntax);
    }
    if (isBit) total *= 8;
    if (start < 0) start = total + start;
    if (end < 0) end = total + end;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
    if (isBit && start <= end) {
      // Bits of the edge bytes that fall outside the range.
      firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
      lastMask = (1 << (7 - (end & 7))) - 1;
      start = Math.floor(start / 8);
      end = Math.floor(end / 8);
    }
  } else if (argv.length === 2) {
    start = 0;
    end = len - 1;
  } else {
    throw new CommandError(ERR.syntax);
  }
  if (start > end) return c.reply.int(0);
  const at = byteReader(c.db, argv[1], s);
  let count = popcount(at, start, end);
  if (firstMask) count -= POPCOUNT[at(start) & firstMask];
  if (lastMask) count -= POPCOUNT[at(end) & lastMask];
  c.reply.int(count);
}

/**
 * redisBitpos over `count` bytes from `start`: the first bit equal to `bit`, relative to the
 * start; not found = -1 when looking for 1, count×8 (the zero padding after) when looking for 0.
 */
function bitposBytes(at: (i: number) => number, start: number, count: number, bit: number): number {
  const skip = bit ? 0 : 0xff;
  for (let i = 0; i < count; i++) {
    const b = at(start + i);
    if (b !== skip) return i * 8 + firstBitInByte(b, bit);
  }
  return bit ? -1 : count * 8;
}

/** Position (0 = most significant) of the first bit equal to `bit` in a byte; 8 if none. */
function firstBitInByte(b: number, bit: number): number {
  const x = bit ? b : ~b & 0xff;
  return x === 0 ? 8 : Math.clz32(x) - 24;
}

function bitposByte(b: number, bit: number): number {
  const p = firstBitInByte(b, bit);
  return p === 8 && bit ? -1 : p;
}

/** BITPOS key bit [start [end [BYTE|BIT]]] */
function bitpos(c: Client, argv: string[]): void {
  const bit = intArg(argv[2]);
  if (bit !== 0 && bit !== 1) throw new CommandError('ERR The bit argument must be 1 or 0.');
  const s = readString(c, argv[1]);
  // A missing key is an endless run of zeros.
  if (s === undefined) return c.reply.int(bit ? -1 : 0);
  const len = s.length;
  let start: number;
  let end: number;
  let endGiven = false;
  let firstMask = 0;
  let lastMask = 0;
  if (argv.length >= 4 && argv.length <= 6) {
    let total = len;
    start = intArg(argv[3]);
    let isBit = false;
    if (argv.length === 6) {
      if (is(argv[5], 'bit')) isBit = true;
      else if (!is(argv[5], 'byte')) throw new CommandError(ERR.syntax);
    }
    if (argv.length >= 5) {
      end = intArg(argv[4]);
      endGiven = true;
    } else {
      end = isBit ? total * 8 + 7 : total - 1;
    }
    if (isBit) total *= 8;
    if (start < 0) start = total + start;
    if (end < 0) end = total + end;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
    if (isBit && start <= end) {
      firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
      lastMask = (1 << (7 - (end & 7))) - 1;
      start = Math.floor(start / 8);
      end = Math.floor(end / 8);
    }
  } else if (argv.length === 3) {
    start = 0;
    end = len - 1;
  } else {
    throw new CommandError(ERR.syntax);
  }
  // An empty range holds neither a 0 nor a 1.
  if (start > end) return c.reply.int(-1);
  const at = byteReader(c.db, argv[1], s);
  let bytes = end - start + 1;
  let pos: number;
  found: {
    if (firstMask) {
      let b = bit ? at(start) & ~firstMask : at(start) | firstMask;
      if (lastMask && bytes === 1) b = bit ? b & ~lastMask : b | lastMask;
      pos = bitposByte(b & 0xff, bit);
      if (bytes === 1 || (pos !== -1 && pos !== 8)) break found;
      start++;
      bytes--;
    }
    const cur = bytes - (lastMask ? 1 : 0);
    if (cur > 0) {
      pos = bitposBytes(at, start, cur, bit);
      if (bytes === cur || (pos !== -1 && pos !== cur * 8)) break found;
      start += cur;
      bytes -= cur;
    }
    const b = bit ? at(end) & ~lastMask : at(end) | lastMask;
    pos = bitposByte(b & 0xff, bit);
  }
  // With an explicit end, looking for 0 past the range is "not found", not the zero padding.
  if (endGiven && bit === 0 && pos === bytes * 8) return c.reply.int(-1);
  if (pos !== -1) pos += start * 8;
  c.reply.int(pos);
}

/** BITOP AND|OR|XOR|NOT destkey key [key ...] */
function bitop(c: Client, argv: string[]): void {
  const op = argv[1].toLowerCase();
  if (op !== 'and' && op !== 'or' && op !== 'xor' && op !== 'not') throw new CommandError(ERR.syntax);
  if (op === 'not' && argv.length !== 4) throw new CommandError('ERR BITOP NOT must be called with a single source key.');
  const dest = argv[2];
  const n = argv.length - 3;
  const srcs: Buffer[] = new Array(n);
  let maxlen = 0;
  for (let j = 0; j < n; j++) {
    const v = lookupRead(c, argv[j + 3]);
    if (v !== undefined && typeof v !== 'string') throw new CommandError(ERR.wrongType);
    const b = Buffer.from(v ?? '', 'latin1');
    srcs[j] = b;
    if (b.length > maxlen) maxlen = b.length;
  }
  const db = c.db;
  if (maxlen === 0) {
    if (db.delete(dest)) c.node.notifyKeyspaceEvent('g', 'del', dest, db.id);
    return c.reply.int(0);
  }
  // Shorter inputs count as zero-padded.
  const res = Buffer.alloc(maxlen);
  const first = srcs[0];
  if (op === 'not') {
    for (let i = 0; i < maxlen; i++) res[i] = ~(i < first.length ? first[i] : 0);
  } else {
    first.copy(res);
    for (let j = 1; j < n; j++) {
      const src = srcs[j];
      const l = src.length;
      if (op === 'and') {
        for (let i = 0; i < maxlen; i++) res[i] &= i < l ? src[i] : 0;
      } else if (op === 'or') {
        for (let i = 0; i < l; i++) res[i] |= src[i];
      } else {
        for (let i = 0; i < l; i++) res[i] ^= src[i];
      }
    }
  }
  db.set(dest, res.toString('latin1'));
  c.node.notifyKeyspaceEvent('$', 'set', dest, db.id);
  c.reply.int(maxlen);
}

const OP_GET = 0;
const OP_SET = 1;
const OP_INCRBY = 2;
const OW_WRAP = 0;
const OW_SAT = 1;
const OW_FAIL = 2;

interface BitfieldOp {
  op: number;
  offset: number;
  value: bigint;
  overflow: number;
  bits: number;
  signed: boolean;
}

const BITFIELD_TYPE_ERR = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
const INT64_MAX = (1n << 63n) - 1n;
const i64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);

/** getBitfieldTypeFromArgument: i1..i64 or u1..u63 (lower-case prefix only). */
function bitfieldType(arg: string): { signed: boolean; bits: number } {
  const p = arg.charCodeAt(0);
  const signed = p === 105; /* 'i' */
  if (!signed && p !== 117 /* 'u' */) throw new CommandError(BITFIELD_TYPE_ERR);
  const bits = toInt(arg.slice(1));
  if (bits === null || bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) throw new CommandError(BITFIELD_TYPE_ERR);
  return { signed, bits };
}

/** Reads `bits` bits (most significant first) at a bit offset; bytes past the end are 0. */
function getUnsignedBits(byteAt: (i: number) => number, offset: number, bits: number): bigint {
  const first = Math.floor(offset / 8);
  const last = Math.floor((offset + bits - 1) / 8);
  let window = 0n;
  for (let i = first; i <= last; i++) window = (window << 8n) | BigInt(byteAt(i));
  const tail = (last + 1) * 8 - (offset + bits);
  return (window >> BigInt(tail)) & ((1n << BigInt(bits)) - 1n);
}

function getSignedBits(byteAt: (i: number) => number, offset: number, bits: number): bigint {
  const u = getUnsignedBits(byteAt, offset, bits);
  return BigInt.asIntN(bits, u);
}

/** Writes the low `bits` bits of value at a bit offset: rewrites the (at most 9) bytes spanned. */
function setBits(at: (i: number) => number, put: (first: number, bytes: number[]) => void, offset: number, bits: number, value: bigint): void {
  const first = Math.floor(offset / 8);
  const last = Math.floor((offset + bits - 1) / 8);
  const bytes: number[] = [];
  for (let i = first; i <= last; i++) bytes.push(at(i));
  const v = BigInt.asUintN(bits, value);
  const base = offset - first * 8;
  for (let j = 0; j < bits; j++) {
    const pos = base + j;
    const mask = 1 << (7 - (pos & 7));
    if ((v >> BigInt(bits - 1 - j)) & 1n) bytes[pos >> 3] |= mask;
    else bytes[pos >> 3] &= ~mask;
  }
  put(first, bytes);
}

/** checkSignedBitfieldOverflow with C's int64 wrap-around: [overflow, limit]. */
function signedOverflow(value: bigint, incr: bigint, bits: number, ow: number): [number, bigint] {
  const max = bits === 64 ? INT64_MAX : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = i64(u64(max) - u64(value));
  const minincr = i64(min - value);
  let dir = 0;
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) dir = 1;
  else if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) dir = -1;
  if (dir === 0) return [0, 0n];
  if (ow === OW_SAT) return [dir, dir > 0 ? max : min];
  if (ow === OW_WRAP) {
    let r = u64(value + incr);
    if (bits < 64) {
      const mask = u64(-1n << BigInt(bits));
      r = r & (1n << BigInt(bits - 1)) ? r | mask : r & ~mask;
    }
    return [dir, i64(r)];
  }
  return [dir, 0n];
}

/** checkUnsignedBitfieldOverflow (value is a uint64, incr an int64): [overflow, limit]. */
function unsignedOverflow(value: bigint, incr: bigint, bits: number, ow: number): [number, bigint] {
  const max = (1n << BigInt(bits)) - 1n;
  const maxincr = i64(max - value);
  const minincr = i64(-value);
  let dir = 0;
  if (value > max || (incr > 0n && incr > maxincr)) dir = 1;
  else if (incr < 0n && incr < minincr) dir = -1;
  if (dir === 0) return [0, 0n];
  if (ow === OW_SAT) return [dir, dir > 0 ? max : 0n];
  if (ow === OW_WRAP) return [dir, u64(value + incr) & max];
  return [dir, 0n];
}

function bitfieldGeneric(c: Client, argv: string[], readonlyCommand: boolean): void {
  const ops: BitfieldOp[] = [];
  let overflow = OW_WRAP;
  let readonly = true;
  let highestWrite = 0;
  for (let j = 2; j < argv.length; j++) {
    const remaining = argv.length - j - 1;
    const sub = argv[j];
    let op: number;
    if (is(sub, 'get') && remaining >= 2) op = OP_GET;
    else if (is(sub, 'set') && remaining >= 3) op = OP_SET;
    else if (is(sub, 'incrby') && remaining >= 3) op = OP_INCRBY;
    else if (is(sub, 'overflow') && remaining >= 1) {
      const t = argv[++j];
      if (is(t, 'wrap')) overflow = OW_WRAP;
      else if (is(t, 'sat')) overflow = OW_SAT;
      else if (is(t, 'fail')) overflow = OW_FAIL;
      else throw new CommandError('ERR Invalid OVERFLOW type specified');
      continue;
    } else throw new CommandError(ERR.syntax);
    const { signed, bits } = bitfieldType(argv[j + 1]);
    const offset = bitOffsetArg(c, argv[j + 2], true, bits);
    let value = 0n;
    if (op !== OP_GET) {
      readonly = false;
      if (highestWrite < offset + bits - 1) highestWrite = offset + bits - 1;
      const v = toInt(argv[j + 3]);
      if (v === null) throw new CommandError(ERR.notInteger);
      value = Number.isSafeInteger(v) ? BigInt(v) : BigInt(argv[j + 3]);
    }
    ops.push({ op, offset, value, overflow, bits, signed });
    j += op === OP_GET ? 2 : 3;
  }
  const key = argv[1];
  const db = c.db;
  let byteAt: (i: number) => number;
  let put: ((first: number, bytes: number[]) => void) | null = null;
  let result: (() => string) | null = null;
  let created = false;
  let grown = false;
  if (readonly) {
    const s = readString(c, key) ?? '';
    const at = byteReader(db, key, s);
    byteAt = (i) => (i < s.length ? at(i) : 0);
  } else {
    if (readonlyCommand) throw new CommandError('ERR BITFIELD_RO only supports the GET subcommand');
    // lookupStringForBitCommand: the value grows to hold the farthest bit written; a created or
    // grown value makes every write count as a change, otherwise only writes that alter bits do.
    const found = getString(db, key);
    const cur = found ?? '';
    const need = Math.floor(highestWrite / 8) + 1;
    created = found === undefined;
    grown = created || need > cur.length;
    if (Math.max(cur.length, need) >= CHUNKED_MIN) {
      if (need > bufferConstants.MAX_STRING_LENGTH) throw new CommandError(ERR.bitOffset);
      const chunks = chunksFor(db, key, cur);
      chunks.grow(need);
      byteAt = (i) => (i < chunks.length ? chunks.byteAt(i) : 0);
      put = (first, bytes) => chunks.write(first, String.fromCharCode(...bytes));
      result = () => chunks.root;
    } else {
      const buf = Buffer.from(growTo(cur, need), 'latin1');
      byteAt = (i) => (i < buf.length ? buf[i] : 0);
      put = (first, bytes) => buf.set(bytes, first);
      result = () => buf.toString('latin1');
    }
  }
  c.reply.array(ops.length);
  let changes = 0;
  for (const o of ops) {
    if (o.op === OP_GET) {
      c.reply.int(o.signed ? getSignedBits(byteAt, o.offset, o.bits) : getUnsignedBits(byteAt, o.offset, o.bits));
      continue;
    }
    let dir: number;
    let limit: bigint;
    let newval: bigint;
    let retval: bigint;
    let oldval: bigint;
    if (o.signed) {
      oldval = getSignedBits(byteAt, o.offset, o.bits);
      if (o.op === OP_INCRBY) {
        [dir, limit] = signedOverflow(oldval, o.value, o.bits, o.overflow);
        newval = dir ? limit : oldval + o.value;
        retval = newval;
      } else {
        [dir, limit] = signedOverflow(o.value, 0n, o.bits, o.overflow);
        newval = dir ? limit : o.value;
        retval = oldval;
      }
    } else {
      oldval = getUnsignedBits(byteAt, o.offset, o.bits);
      if (o.op === OP_INCRBY) {
        [dir, limit] = unsignedOverflow(oldval, o.value, o.bits, o.overflow);
        newval = dir ? limit : u64(oldval + o.value);
        retval = newval;
      } else {
        const v = u64(o.value);
        [dir, limit] = unsignedOverflow(v, 0n, o.bits, o.overflow);
        newval = dir ? limit : v;
        retval = oldval;
      }
    }
    // OVERFLOW FAIL: nothing written, a null reply.
    if (dir !== 0 && o.overflow === OW_FAIL) {
      c.reply.nullBulk();
    } else {
      c.reply.int(retval);
      setBits(byteAt, put!, o.offset, o.bits, newval);
      if (grown || oldval !== newval) changes++;
    }
  }
  if (changes > 0) {
    // Redis adds one to dirty per changing operation; set counts the first.
    db.set(key, result!(), true);
    c.node.dirty += changes - 1;
    c.node.notifyKeyspaceEvent('$', 'setbit', key, db.id);
  } else if (created) {
    // Redis's lookup has already added the zeroed key, with no dirty, event or propagation.
    db.set(key, result!(), true);
    c.node.dirty--;
  }
}

function bitfield(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, false);
}

function bitfieldRo(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, true);
}

export const bitmapCommands: CommandSpec[] = [
  command('setbit', 4, 'write denyoom', [1, 1, 1], 'write bitmap slow', setbit),
  command('getbit', 3, 'readonly fast', [1, 1, 1], 'read bitmap fast', getbit),
  command('bitcount', -2, 'readonly', [1, 1, 1], 'read bitmap slow', bitcount),
  command('bitpos', -3, 'readonly', [1, 1, 1], 'read bitmap slow', bitpos),
  command('bitop', -4, 'write denyoom', [2, -1, 1], 'write bitmap slow', bitop),
  command('bitfield', -2, 'write denyoom', [1, 1, 1], 'write bitmap slow', bitfield),
  command('bitfield_ro', -2, 'readonly fast', [1, 1, 1], 'read bitmap fast', bitfieldRo),
];
