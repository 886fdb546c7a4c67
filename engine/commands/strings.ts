import { constants as bufferConstants } from 'node:buffer';
import { command, type CommandSpec } from '../command-table.ts';
import { intArg, is, toInt, toInt64 } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import type { Client } from '../client.ts';
import type { Database, StoredValue } from '../keyspace.ts';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Reads a string key: undefined if absent, WRONGTYPE if it holds something else. */
export function getString(db: Database, key: string): string | undefined {
  const v = db.get(key);
  if (v === undefined || typeof v === 'string') return v;
  throw new CommandError(ERR.wrongType);
}

/** Redis's lookupKeyRead: a read lookup counts a keyspace hit or miss and fires "keymiss". */
export function lookupRead(c: Client, key: string): StoredValue | undefined {
  const v = c.db.get(key);
  if (v === undefined) {
    c.node.stats.keyspaceMisses++;
    c.node.notifyKeyspaceEvent('m', 'keymiss', key, c.db.id);
  } else {
    c.node.stats.keyspaceHits++;
  }
  return v;
}

/** lookupRead + checkType(OBJ_STRING). */
export function readString(c: Client, key: string): string | undefined {
  const v = lookupRead(c, key);
  if (v === undefined || typeof v === 'string') return v;
  throw new CommandError(ERR.wrongType);
}

/** OBJECT ENCODING of a string value, by Redis's tryObjectEncoding rules. */
export function stringEncoding(v: string): 'int' | 'embstr' | 'raw' {
  if (v.length <= 20 && toInt64(v) !== null) return 'int';
  return v.length <= 44 ? 'embstr' : 'raw';
}

/**
 * The largest string a client may create (checkStringLength): proto-max-bulk-len, except for the
 * primary's link, and never more than a V8 string can hold.
 */
export function maxStringLength(c: Client): number {
  const limit = c.isPrimaryLink ? Infinity : c.node.config.int('proto-max-bulk-len');
  return Math.min(limit, bufferConstants.MAX_STRING_LENGTH);
}

function checkStringLength(c: Client, size: number): void {
  if (size > maxStringLength(c)) throw new CommandError(ERR.stringTooLong);
}

/*
 * Big string values edited in place (SETBIT, SETRANGE, BITFIELD, APPEND). JS strings are
 * immutable, so a one-byte change would copy the whole value. Instead a big value is kept as a
 * balanced tree of 4 KB chunks joined by concatenation, which V8 does without copying: a write
 * replaces one chunk and re-joins log(n) nodes, and the root is the string stored in the
 * keyspace. The tree stays valid while the stored value is still its root (checked by identity).
 */

/** Values below this size are simply rebuilt: copying them costs less than a tree. */
export const CHUNKED_MIN = 64 * 1024;
const CHUNK = 4096;
const CHUNK_SHIFT = 12;
const ZERO_CHUNK = '\0'.repeat(CHUNK);
/** Trees kept per database; the least recently used goes first. */
const CHUNKED_PER_DB = 8;

export class ChunkedString {
  length: number;
  /** Leaf capacity, a power of two; tree[cap + k] is chunk k, tree[1] the whole string. */
  private cap: number;
  private tree: string[];

  constructor(s: string) {
    this.length = s.length;
    const leaves = Math.ceil(s.length / CHUNK);
    this.cap = 1;
    while (this.cap < leaves) this.cap *= 2;
    this.tree = new Array<string>(2 * this.cap).fill('');
    for (let k = 0; k < leaves; k++) this.tree[this.cap + k] = s.slice(k * CHUNK, (k + 1) * CHUNK);
    this.join(0, this.cap - 1);
  }

  get root(): string {
    return this.tree[1];
  }

  byteAt(i: number): number {
    return this.tree[this.cap + (i >>> CHUNK_SHIFT)].charCodeAt(i & (CHUNK - 1));
  }

  /** Bytes [start, end). */
  slice(start: number, end: number): string {
    let out = '';
    for (let pos = start; pos < end; ) {
      const k = pos >>> CHUNK_SHIFT;
      const a = pos - k * CHUNK;
      const n = Math.min(CHUNK - a, end - pos);
      out += this.tree[this.cap + k].slice(a, a + n);
      pos += n;
    }
    return out;
  }

  /** Overwrites bytes at offset, growing with zero bytes first if needed. */
  write(offset: number, bytes: string): void {
    const end = offset + bytes.length;
    if (end > this.length) this.grow(end);
    const tree = this.tree;
    const cap = this.cap;
    for (let pos = offset, src = 0; pos < end; ) {
      const k = pos >>> CHUNK_SHIFT;
      const a = pos - k * CHUNK;
      const n = Math.min(CHUNK - a, end - pos);
      const leaf = tree[cap + k];
      const part = n === bytes.length ? bytes : bytes.slice(src, src + n);
      tree[cap + k] = a === 0 && n === leaf.length ? part : leaf.slice(0, a) + part + leaf.slice(a + n);
      pos += n;
      src += n;
    }
    if (end > offset) this.join(offset >>> CHUNK_SHIFT, (end - 1) >>> CHUNK_SHIFT);
  }

  /** Zero-extends to len bytes. */
  grow(len: number): void {
    if (len <= this.length) return;
    const leaves = Math.ceil(len / CHUNK);
    const first = this.length >>> CHUNK_SHIFT;
    const resized = leaves > this.cap;
    if (resized) {
      let cap = this.cap;
      while (cap < leaves) cap *= 2;
      const tree = new Array<string>(2 * cap).fill('');
      for (let k = 0; k < this.cap; k++) tree[cap + k] = this.tree[this.cap + k];
      this.cap = cap;
      this.tree = tree;
    }
    for (let k = first; k < leaves; k++) {
      const want = Math.min(CHUNK, len - k * CHUNK);
      const leaf = this.tree[this.cap + k];
      if (leaf.length < want) this.tree[this.cap + k] = leaf.length === 0 && want === CHUNK ? ZERO_CHUNK : leaf + ZERO_CHUNK.slice(0, want - leaf.length);
    }
    this.length = len;
    if (resized) this.join(0, this.cap - 1);
    else this.join(Math.min(first, leaves - 1), leaves - 1);
  }

  /** Re-joins the ancestors of leaves k0..k1 (or every node after a resize). */
  private join(k0: number, k1: number): void {
    const tree = this.tree;
    let lo = (this.cap + k0) >> 1;
    let hi = (this.cap + k1) >> 1;
    while (lo >= 1) {
      for (let i = lo; i <= hi; i++) tree[i] = tree[2 * i] + tree[2 * i + 1];
      lo >>= 1;
      hi >>= 1;
    }
  }
}

const chunkedByDb = new WeakMap<Database, Map<string, ChunkedString>>();

/** The chunk tree of a stored value, if one is kept and still current. */
export function cachedChunks(db: Database, key: string, value: string): ChunkedString | undefined {
  if (value.length < CHUNKED_MIN) return undefined;
  const t = chunkedByDb.get(db)?.get(key);
  return t !== undefined && t.root === value ? t : undefined;
}

/** The chunk tree of a stored value, built if needed; store its root back after writing. */
export function chunksFor(db: Database, key: string, value: string): ChunkedString {
  let trees = chunkedByDb.get(db);
  if (!trees) chunkedByDb.set(db, (trees = new Map()));
  let t = trees.get(key);
  if (t !== undefined && t.root === value) {
    trees.delete(key);
    trees.set(key, t);
    return t;
  }
  // Forget trees whose key has changed since: they would keep old values alive.
  for (const [k, other] of trees) if (db.peek(k) !== other.root) trees.delete(k);
  t = new ChunkedString(value);
  trees.set(key, t);
  if (trees.size > CHUNKED_PER_DB) trees.delete(trees.keys().next().value!);
  return t;
}

/** Reads bytes of a stored string, through its chunk tree when one is kept. */
export function byteReader(db: Database, key: string, value: string): (i: number) => number {
  const t = cachedChunks(db, key, value);
  return t ? (i) => t.byteAt(i) : (i) => value.charCodeAt(i);
}

function get(c: Client, argv: string[]): void {
  const v = readString(c, argv[1]);
  if (v === undefined) c.reply.nullBulk();
  else c.reply.bulk(v);
}

// Flags of parseExtendedStringArgumentsOrReply (SET and GETEX options).
const F_NX = 1;
const F_XX = 2;
const F_GET = 4;
const F_KEEPTTL = 8;
const F_PERSIST = 16;
const F_EX = 32;
const F_PX = 64;
const F_EXAT = 128;
const F_PXAT = 256;
const F_ANY_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

interface ExtendedArgs {
  flags: number;
  expire: string | undefined;
}

/** SET/GETEX option parsing, with Redis's rules on which options exclude which. */
function parseExtendedArgs(argv: string[], forSet: boolean): ExtendedArgs {
  let flags = 0;
  let expire: string | undefined;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const opt = argv[j];
    const hasNext = j < argv.length - 1;
    const o = opt.length <= 7 ? opt.toLowerCase() : '';
    let bit = 0;
    if (o === 'nx' && forSet && !(flags & F_XX)) flags |= F_NX;
    else if (o === 'xx' && forSet && !(flags & F_NX)) flags |= F_XX;
    else if (o === 'get' && forSet) flags |= F_GET;
    else if (o === 'keepttl' && forSet && !(flags & (F_PERSIST | F_ANY_EXPIRE))) flags |= F_KEEPTTL;
    else if (o === 'persist' && !forSet && !(flags & (F_ANY_EXPIRE | F_KEEPTTL))) flags |= F_PERSIST;
    else if (o === 'ex') bit = F_EX;
    else if (o === 'px') bit = F_PX;
    else if (o === 'exat') bit = F_EXAT;
    else if (o === 'pxat') bit = F_PXAT;
    else throw new CommandError(ERR.syntax);
    if (bit !== 0) {
      // The same expire option may repeat (last wins); a different one may not.
      if (flags & (F_KEEPTTL | F_PERSIST | (F_ANY_EXPIRE & ~bit)) || !hasNext) throw new CommandError(ERR.syntax);
      flags |= bit;
      expire = argv[++j];
    }
  }
  return { flags, expire };
}

/**
 * getExpireMillisecondsOrReply: the absolute expiry in ms of an EX/PX/EXAT/PXAT argument, with
 * Redis's int64 overflow rules ("invalid expire time" when it does not fit).
 */
function expireMs(c: Client, arg: string, flags: number, cmd: string): number {
  const v = toInt(arg);
  if (v === null) throw new CommandError(ERR.notInteger);
  const seconds = (flags & (F_EX | F_EXAT)) !== 0;
  const relative = (flags & (F_EX | F_PX)) !== 0;
  if (v <= 0) throw new CommandError(ERR.invalidExpire(cmd));
  const now = relative ? c.node.clock.now() : 0;
  const ms = (seconds ? v * 1000 : v) + now;
  if (Number.isSafeInteger(ms)) return ms;
  // Beyond 2^53 redo it exactly: Redis rejects what overflows a signed 64-bit integer.
  const n = BigInt(arg);
  if (seconds && n > INT64_MAX / 1000n) throw new CommandError(ERR.invalidExpire(cmd));
  const exact = (seconds ? n * 1000n : n) + BigInt(now);
  if (exact > INT64_MAX) throw new CommandError(ERR.invalidExpire(cmd));
  return Number(exact);
}

/**
 * setGenericCommand: the common part of SET, SETNX, SETEX and PSETEX. SETNX replies 1/0
 * (intReplies) where the others reply +OK / null.
 */
function setGeneric(c: Client, argv: string[], key: string, value: string, flags: number, expire: string | undefined, cmd: string, intReplies: boolean): void {
  let when: number | undefined;
  if (expire !== undefined) when = expireMs(c, expire, flags, cmd);
  const db = c.db;
  let old: string | undefined;
  if (flags & F_GET) {
    old = readString(c, key);
  }
  const found = flags & F_GET ? old !== undefined : flags & (F_NX | F_XX) ? db.get(key) !== undefined : false;
  if ((flags & F_NX && found) || (flags & F_XX && !found)) {
    if (flags & F_GET) c.reply.bulkOrNull(old);
    else if (intReplies) c.reply.int(0);
    else c.reply.nullBulk();
    return;
  }
  db.set(key, value, (flags & F_KEEPTTL) !== 0);
  c.node.notifyKeyspaceEvent('$', 'set', key, db.id);
  if (when !== undefined) {
    db.setExpire(key, when);
    // Replicas get an absolute expiry so they agree with the primary whatever the link delay.
    if (!(flags & F_PXAT)) c.propagateAs = [['SET', key, value, 'PXAT', String(when)]];
    c.node.notifyKeyspaceEvent('g', 'expire', key, db.id);
  } else if (flags & F_GET) {
    // GET only shapes the reply: replicas get the SET without it.
    const out: string[] = [];
    for (let j = 0; j < argv.length; j++) if (j < 3 || !is(argv[j], 'get')) out.push(argv[j]);
    c.propagateAs = [out];
  }
  if (flags & F_GET) c.reply.bulkOrNull(old);
  else if (intReplies) c.reply.int(1);
  else c.reply.ok();
}

/** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ts|KEEPTTL] */
function set(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    c.db.set(argv[1], argv[2]);
    c.node.notifyKeyspaceEvent('$', 'set', argv[1], c.db.id);
    c.reply.ok();
    return;
  }
  const { flags, expire } = parseExtendedArgs(argv, true);
  setGeneric(c, argv, argv[1], argv[2], flags, expire, 'set', false);
}

function setnx(c: Client, argv: string[]): void {
  setGeneric(c, argv, argv[1], argv[2], F_NX, undefined, 'setnx', true);
}

function setex(c: Client, argv: string[]): void {
  setGeneric(c, argv, argv[1], argv[3], F_EX, argv[2], 'setex', false);
}

function psetex(c: Client, argv: string[]): void {
  setGeneric(c, argv, argv[1], argv[3], F_PX, argv[2], 'psetex', false);
}

function getset(c: Client, argv: string[]): void {
  const key = argv[1];
  const old = readString(c, key);
  c.db.set(key, argv[2]);
  c.node.notifyKeyspaceEvent('$', 'set', key, c.db.id);
  c.propagateAs = [['SET', key, argv[2]]];
  c.reply.bulkOrNull(old);
}

/** GETEX key [EX s|PX ms|EXAT ts|PXAT ts|PERSIST] */
function getex(c: Client, argv: string[]): void {
  const { flags, expire } = parseExtendedArgs(argv, false);
  const key = argv[1];
  const v = readString(c, key);
  if (v === undefined) return c.reply.nullBulk();
  let when: number | undefined;
  if (expire !== undefined) when = expireMs(c, expire, flags, 'getex');
  c.reply.bulk(v);
  const db = c.db;
  const node = c.node;
  if (when !== undefined && flags & (F_EXAT | F_PXAT) && when <= node.clock.now() && !node.isReplica()) {
    // An absolute time already in the past deletes the key, as an expiry would.
    db.delete(key);
    c.propagateAs = [[node.config.bool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]];
    node.notifyKeyspaceEvent('g', 'del', key, db.id);
  } else if (when !== undefined) {
    db.setExpire(key, when);
    if (!(flags & F_PXAT)) c.propagateAs = [['PEXPIREAT', key, String(when)]];
    node.notifyKeyspaceEvent('g', 'expire', key, db.id);
  } else if (flags & F_PERSIST) {
    if (db.persist(key)) {
      c.propagateAs = [['PERSIST', key]];
      node.notifyKeyspaceEvent('g', 'persist', key, db.id);
    }
  }
}

function getdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const v = readString(c, key);
  if (v === undefined) return c.reply.nullBulk();
  c.reply.bulk(v);
  if (c.db.delete(key)) {
    c.propagateAs = [[c.node.config.bool('lazyfree-lazy-user-del') ? 'UNLINK' : 'DEL', key]];
    c.node.notifyKeyspaceEvent('g', 'del', key, c.db.id);
  }
}

function mget(c: Client, argv: string[]): void {
  c.reply.array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = lookupRead(c, argv[i]);
    if (typeof v === 'string') c.reply.bulk(v);
    else c.reply.nullBulk();
  }
}

function msetGeneric(c: Client, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) throw new CommandError(ERR.wrongArgs(nx ? 'msetnx' : 'mset'));
  const db = c.db;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.get(argv[j]) !== undefined) return c.reply.int(0);
    }
  }
  for (let j = 1; j < argv.length; j += 2) {
    db.set(argv[j], argv[j + 1]);
    c.node.notifyKeyspaceEvent('$', 'set', argv[j], db.id);
  }
  if (nx) c.reply.int(1);
  else c.reply.ok();
}

function mset(c: Client, argv: string[]): void {
  msetGeneric(c, argv, false);
}

function msetnx(c: Client, argv: string[]): void {
  msetGeneric(c, argv, true);
}

function append(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const cur = getString(db, key);
  let next: string;
  if (cur === undefined) {
    next = argv[2];
  } else {
    checkStringLength(c, cur.length + argv[2].length);
    const chunks = cachedChunks(db, key, cur);
    if (chunks) {
      chunks.write(cur.length, argv[2]);
      next = chunks.root;
    } else {
      next = cur + argv[2];
    }
  }
  db.set(key, next, true);
  c.node.notifyKeyspaceEvent('$', 'append', key, db.id);
  c.reply.int(next.length);
}

function strlen(c: Client, argv: string[]): void {
  const v = readString(c, argv[1]);
  c.reply.int(v === undefined ? 0 : v.length);
}

function setrange(c: Client, argv: string[]): void {
  const key = argv[1];
  const value = argv[3];
  const offset = intArg(argv[2]);
  if (offset < 0) throw new CommandError(ERR.offsetOutOfRange);
  const db = c.db;
  const cur = getString(db, key);
  if (cur === undefined) {
    if (value.length === 0) return c.reply.int(0);
    checkStringLength(c, offset + value.length);
    let created: string;
    if (offset + value.length >= CHUNKED_MIN) {
      const chunks = chunksFor(db, key, '');
      chunks.write(offset, value);
      created = chunks.root;
    } else {
      created = '\0'.repeat(offset) + value;
    }
    db.set(key, created);
    c.node.notifyKeyspaceEvent('$', 'setrange', key, db.id);
    return c.reply.int(created.length);
  }
  if (value.length === 0) return c.reply.int(cur.length);
  checkStringLength(c, offset + value.length);
  let next: string;
  if (Math.max(cur.length, offset + value.length) >= CHUNKED_MIN) {
    const chunks = chunksFor(db, key, cur);
    chunks.write(offset, value);
    next = chunks.root;
  } else if (offset >= cur.length) {
    next = cur + '\0'.repeat(offset - cur.length) + value;
  } else {
    next = cur.slice(0, offset) + value + cur.slice(offset + value.length);
  }
  db.set(key, next, true);
  c.node.notifyKeyspaceEvent('$', 'setrange', key, db.id);
  c.reply.int(next.length);
}

/** GETRANGE / SUBSTR key start end (inclusive, negative from the end). */
function getrange(c: Client, argv: string[]): void {
  let start = intArg(argv[2]);
  let end = intArg(argv[3]);
  const v = readString(c, argv[1]);
  if (v === undefined) return c.reply.bulk('');
  const len = v.length;
  if (start < 0 && end < 0 && start > end) return c.reply.bulk('');
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) return c.reply.bulk('');
  const chunks = cachedChunks(c.db, argv[1], v);
  c.reply.bulk(chunks ? chunks.slice(start, end + 1) : v.slice(start, end + 1));
}

/** incrDecrCommand: int64 arithmetic on the stored value, keeping its TTL. */
function incrDecr(c: Client, key: string, delta: number): void {
  const db = c.db;
  const cur = getString(db, key);
  let n = 0;
  if (cur !== undefined) {
    const parsed = toInt(cur);
    if (parsed === null) throw new CommandError(ERR.notInteger);
    n = parsed;
  }
  const next = n + delta;
  let out: string;
  if (Number.isSafeInteger(next) && Number.isSafeInteger(n) && Number.isSafeInteger(delta)) {
    out = String(next);
  } else {
    // Past 2^53 a JS number is no longer exact: redo it in int64.
    const big = (cur === undefined ? 0n : BigInt(cur)) + BigInt(delta);
    if (big > INT64_MAX || big < INT64_MIN) throw new CommandError(ERR.overflow);
    out = big.toString();
  }
  db.set(key, out, true);
  c.node.notifyKeyspaceEvent('$', 'incrby', key, db.id);
  c.reply.raw(':' + out + '\r\n');
}

/** Exact int64 delta for INCRBY/DECRBY: numbers beyond 2^53 keep full precision as bigint. */
function incrDecrBig(c: Client, key: string, delta: bigint): void {
  const db = c.db;
  const cur = getString(db, key);
  let n = 0n;
  if (cur !== undefined) {
    const parsed = toInt64(cur);
    if (parsed === null) throw new CommandError(ERR.notInteger);
    n = parsed;
  }
  const next = n + delta;
  if (next > INT64_MAX || next < INT64_MIN) throw new CommandError(ERR.overflow);
  const out = next.toString();
  db.set(key, out, true);
  c.node.notifyKeyspaceEvent('$', 'incrby', key, db.id);
  c.reply.int(next);
}

function incr(c: Client, argv: string[]): void {
  incrDecr(c, argv[1], 1);
}

function decr(c: Client, argv: string[]): void {
  incrDecr(c, argv[1], -1);
}

function incrby(c: Client, argv: string[]): void {
  const d = toInt(argv[2]);
  if (d === null) throw new CommandError(ERR.notInteger);
  if (Number.isSafeInteger(d)) incrDecr(c, argv[1], d);
  else incrDecrBig(c, argv[1], BigInt(argv[2]));
}

function decrby(c: Client, argv: string[]): void {
  const d = toInt(argv[2]);
  if (d === null) throw new CommandError(ERR.notInteger);
  if (Number.isSafeInteger(d)) return incrDecr(c, argv[1], -d);
  const big = BigInt(argv[2]);
  if (big === INT64_MIN) throw new CommandError('ERR decrement would overflow');
  incrDecrBig(c, argv[1], -big);
}

function incrbyfloat(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const cur = getString(db, key);
  const value = cur === undefined ? LD_ZERO : parseLongDouble(cur);
  if (value === null) throw new CommandError(ERR.notFloat);
  const incr = parseLongDouble(argv[2]);
  if (incr === null) throw new CommandError(ERR.notFloat);
  const sum = addLongDouble(value, incr);
  if (sum === null) throw new CommandError(ERR.nanOrInfinity);
  const out = formatLongDoubleHuman(sum);
  db.set(key, out, true);
  c.node.notifyKeyspaceEvent('$', 'incrbyfloat', key, db.id);
  // Replicas get the result, so float formatting can never make them diverge.
  c.propagateAs = [['SET', key, out, 'KEEPTTL']];
  c.reply.bulk(out);
}

/** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] */
function lcs(c: Client, argv: string[]): void {
  const oa = lookupRead(c, argv[1]);
  const ob = lookupRead(c, argv[2]);
  if ((oa !== undefined && typeof oa !== 'string') || (ob !== undefined && typeof ob !== 'string')) {
    throw new CommandError('ERR The specified keys must contain string values');
  }
  const a = oa ?? '';
  const b = ob ?? '';
  let getLen = false;
  let getIdx = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    const more = argv.length - 1 - j;
    if (is(opt, 'idx')) getIdx = true;
    else if (is(opt, 'len')) getLen = true;
    else if (is(opt, 'withmatchlen')) withMatchLen = true;
    else if (is(opt, 'minmatchlen') && more > 0) {
      minMatchLen = Math.max(0, intArg(argv[++j]));
    } else throw new CommandError(ERR.syntax);
  }
  if (getIdx && getLen) throw new CommandError('ERR If you want both the length and indexes, please just use IDX.');
  const alen = a.length;
  const blen = b.length;
  const cells = (alen + 1) * (blen + 1);
  if (cells * 4 > c.node.config.int('proto-max-bulk-len')) {
    throw new CommandError('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
  }
  // table[i*(blen+1)+j] = length of the LCS of a[0..i) and b[0..j).
  const w = blen + 1;
  let table: Uint32Array;
  try {
    table = new Uint32Array(cells);
  } catch {
    throw new CommandError('ERR Insufficient memory, failed allocating transient memory for LCS');
  }
  for (let i = 1; i <= alen; i++) {
    const ca = a.charCodeAt(i - 1);
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ca === b.charCodeAt(j - 1)) table[row + j] = table[prev + j - 1] + 1;
      else {
        const l1 = table[prev + j];
        const l2 = table[row + j - 1];
        table[row + j] = l1 > l2 ? l1 : l2;
      }
    }
  }
  const total = table[alen * w + blen];
  const computeLcs = getIdx || !getLen;
  if (!computeLcs) return c.reply.int(total);
  // Walk back from the end, collecting the LCS and the matching ranges (from the last one).
  const result: number[] = new Array(total);
  const ranges: number[][] = [];
  let idx = total;
  let i = alen;
  let j = blen;
  let aStart = alen; // alen = no range being tracked
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      result[idx - 1] = a.charCodeAt(i - 1);
      if (aStart === alen) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      const l1 = table[(i - 1) * w + j];
      const l2 = table[i * w + j - 1];
      if (l1 > l2) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (getIdx && (minMatchLen === 0 || matchLen >= minMatchLen)) ranges.push([aStart, aEnd, bStart, bEnd, matchLen]);
      aStart = alen;
    }
  }
  if (!getIdx) {
    let s = '';
    for (let k = 0; k < result.length; k += 4096) s += String.fromCharCode(...result.slice(k, k + 4096));
    return c.reply.bulk(s);
  }
  c.reply.map(2);
  c.reply.bulk('matches');
  c.reply.array(ranges.length);
  for (const [as, ae, bs, be, ml] of ranges) {
    c.reply.array(withMatchLen ? 3 : 2);
    c.reply.array(2);
    c.reply.int(as);
    c.reply.int(ae);
    c.reply.array(2);
    c.reply.int(bs);
    c.reply.int(be);
    if (withMatchLen) c.reply.int(ml);
  }
  c.reply.bulk('len');
  c.reply.int(total);
}

/*
 * x87 80-bit long double arithmetic, which INCRBYFLOAT (and HINCRBYFLOAT) use in Redis: values
 * are parsed like strtold, added with a 64-bit significand and printed like "%.17Lf" with
 * trailing zeros removed. Doing it in JS doubles would print 10.5+0.1 as 10.59999999999999964.
 */

/** A finite long double: (-1)^neg × mant × 2^exp, mant < 2^64; or an infinity. */
export interface LongDouble {
  neg: boolean;
  inf: boolean;
  mant: bigint;
  exp: number;
}

const LD_ZERO: LongDouble = { neg: false, inf: false, mant: 0n, exp: 0 };
/** Exponent of the least significant bit of the smallest subnormal. */
const LD_MIN_LSB = -16445;
/** Largest exponent of a finite value's top bit. */
const LD_MAX_MSB = 16383;
/** Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are not floats. */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const DEC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^([+-]?)(inf|infinity)$/i;

const pow10Cache = new Map<number, bigint>();
function pow10(n: number): bigint {
  let p = pow10Cache.get(n);
  if (p === undefined) {
    p = 10n ** BigInt(n);
    if (n <= 64) pow10Cache.set(n, p);
  }
  return p;
}

const TWO_64 = 1n << 64n;

function bitLength(n: bigint): number {
  if (n < TWO_64) {
    const hi = Number(n >> 32n);
    return hi !== 0 ? 64 - Math.clz32(hi) : 32 - Math.clz32(Number(n));
  }
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + 32 - Math.clz32(parseInt(hex[0], 16));
}

/**
 * Rounds num/den × 2^exp (num, den > 0) to the nearest long double (ties to even), with
 * subnormals; returns null on overflow.
 */
function roundLongDouble(neg: boolean, num: bigint, den: bigint, exp: number): LongDouble | null {
  // Scale so that the quotient has at least 66 bits: 64 kept + guard bits, rest in the remainder.
  const shift = 66 - (bitLength(num) - bitLength(den));
  let q: bigint;
  let rem: bigint;
  if (shift >= 0) {
    const n = num << BigInt(shift);
    q = n / den;
    rem = n % den;
  } else {
    const d = den << BigInt(-shift);
    q = num / d;
    rem = num % d;
  }
  const lsb0 = exp - shift; // value = (q + rem/den') × 2^lsb0
  const msb = bitLength(q) - 1 + lsb0;
  const lsb = Math.max(msb - 63, LD_MIN_LSB);
  const drop = lsb - lsb0;
  let mant: bigint;
  if (drop <= 0) {
    mant = q << BigInt(-drop);
  } else {
    const d = BigInt(drop);
    mant = q >> d;
    const dropped = q - (mant << d);
    const half = 1n << (d - 1n);
    if (dropped > half || (dropped === half && (rem !== 0n || (mant & 1n) === 1n))) mant += 1n;
  }
  let e = lsb;
  if (mant >> 64n) {
    mant >>= 1n;
    e++;
  }
  if (mant !== 0n && bitLength(mant) - 1 + e > LD_MAX_MSB) return null;
  return { neg, inf: false, mant, exp: e };
}

/** Redis's string2ld: strtold over the whole string; no spaces, no NaN, no overflow or underflow to 0. */
export function parseLongDouble(s: string): LongDouble | null {
  if (s.length === 0 || s.length >= MAX_LONG_DOUBLE_CHARS) return null;
  let m = DEC_RE.exec(s);
  if (m) {
    const intPart = m[2];
    const frac = m[3] ?? '';
    if (intPart.length === 0 && frac.length === 0) return null;
    const neg = m[1] === '-';
    const digits = (intPart + frac).replace(/^0+/, '');
    if (digits.length === 0) return { neg, inf: false, mant: 0n, exp: 0 };
    const e10raw = m[4] === undefined ? 0 : Number(m[4]);
    const e10 = Math.max(-1e7, Math.min(1e7, e10raw)) - frac.length;
    const magnitude = digits.length + e10; // value < 10^magnitude
    if (magnitude > 4934) return null;
    if (magnitude < -4952) return null;
    const d = BigInt(digits);
    const r = e10 >= 0 ? roundLongDouble(neg, d * pow10(e10), 1n, 0) : roundLongDouble(neg, d, pow10(-e10), 0);
    if (r === null || r.mant === 0n) return null;
    return r;
  }
  m = HEX_RE.exec(s);
  if (m) {
    const intPart = m[2];
    const frac = m[3] ?? '';
    if (intPart.length === 0 && frac.length === 0) return null;
    const neg = m[1] === '-';
    const h = BigInt('0x' + (intPart + frac || '0'));
    if (h === 0n) return { neg, inf: false, mant: 0n, exp: 0 };
    const p = m[4] === undefined ? 0 : Math.max(-1e6, Math.min(1e6, Number(m[4])));
    const r = roundLongDouble(neg, h, 1n, p - 4 * frac.length);
    if (r === null || r.mant === 0n) return null;
    return r;
  }
  m = INF_RE.exec(s);
  if (m) return { neg: m[1] === '-', inf: true, mant: 0n, exp: 0 };
  return null;
}

/** a + b rounded to long double; null when the result is NaN or infinite. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.inf || b.inf) return null;
  if (b.mant === 0n) return a.mant === 0n ? { ...a, neg: a.neg && b.neg } : a;
  if (a.mant === 0n) return b;
  const e = Math.min(a.exp, b.exp);
  const va = (a.neg ? -a.mant : a.mant) << BigInt(a.exp - e);
  const vb = (b.neg ? -b.mant : b.mant) << BigInt(b.exp - e);
  const sum = va + vb;
  if (sum === 0n) return LD_ZERO;
  return roundLongDouble(sum < 0n, sum < 0n ? -sum : sum, 1n, e);
}

/** ld2string(LD_STR_HUMAN): "%.17Lf" with trailing zeros (and a bare "-0") removed. */
export function formatLongDoubleHuman(x: LongDouble): string {
  if (x.inf) return x.neg ? '-inf' : 'inf';
  let scaled: bigint;
  if (x.exp >= 0) {
    scaled = (x.mant << BigInt(x.exp)) * pow10(17);
  } else {
    const n = x.mant * pow10(17);
    const d = BigInt(-x.exp);
    scaled = n >> d;
    const rest = n - (scaled << d);
    const half = 1n << (d - 1n);
    if (rest > half || (rest === half && (scaled & 1n) === 1n)) scaled += 1n;
  }
  let digits = scaled.toString().padStart(18, '0');
  let intPart = digits.slice(0, digits.length - 17);
  let frac = digits.slice(digits.length - 17).replace(/0+$/, '');
  digits = frac.length > 0 ? intPart + '.' + frac : intPart;
  if (x.neg && digits !== '0') digits = '-' + digits;
  return digits;
}

export const stringCommands: CommandSpec[] = [
  command('get', 2, 'readonly fast', [1, 1, 1], 'read string fast', get),
  command('set', -3, 'write denyoom', [1, 1, 1], 'write string slow', set),
  command('setnx', 3, 'write denyoom fast', [1, 1, 1], 'write string fast', setnx),
  command('setex', 4, 'write denyoom', [1, 1, 1], 'write string slow', setex),
  command('psetex', 4, 'write denyoom', [1, 1, 1], 'write string slow', psetex),
  command('getset', 3, 'write denyoom fast', [1, 1, 1], 'write string fast', getset),
  command('getex', -2, 'write fast', [1, 1, 1], 'write string fast', getex),
  command('getdel', 2, 'write fast', [1, 1, 1], 'write string fast', getdel),
  command('mget', -2, 'readonly fast', [1, -1, 1], 'read string fast', mget),
  command('mset', -3, 'write denyoom', [1, -1, 2], 'write string slow', mset),
  command('msetnx', -3, 'write denyoom', [1, -1, 2], 'write string slow', msetnx),
  command('append', 3, 'write denyoom fast', [1, 1, 1], 'write string fast', append),
  command('strlen', 2, 'readonly fast', [1, 1, 1], 'read string fast', strlen),
  command('setrange', 4, 'write denyoom', [1, 1, 1], 'write string slow', setrange),
  command('getrange', 4, 'readonly', [1, 1, 1], 'read string slow', getrange),
  command('substr', 4, 'readonly', [1, 1, 1], 'read string slow', getrange),
  command('incr', 2, 'write denyoom fast', [1, 1, 1], 'write string fast', incr),
  command('decr', 2, 'write denyoom fast', [1, 1, 1], 'write string fast', decr),
  command('incrby', 3, 'write denyoom fast', [1, 1, 1], 'write string fast', incrby),
  command('decrby', 3, 'write denyoom fast', [1, 1, 1], 'write string fast', decrby),
  command('incrbyfloat', 3, 'write denyoom fast', [1, 1, 1], 'write string fast', incrbyfloat),
  command('lcs', -3, 'readonly', [1, 2, 1], 'read string slow', lcs),
];
