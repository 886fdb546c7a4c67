import { command, container, type CommandSpec } from '../command-table.ts';
import { intArg, is, toInt, toInt64 } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import { globMatch } from '../glob.ts';
import { lfuDecayed, lfuPack, typeOf, type Database, type StoredValue } from '../keyspace.ts';
import type { Client } from '../client.ts';
import type { EngineNode } from '../engine-node.ts';
import { RdbError } from '../rdb/io.ts';
import {
  createDumpPayload,
  decodeDumpPayload,
  hashEncodedAsListpack,
  setEncodedAsIntset,
  verifyDumpPayload,
  zsetEncodedAsListpack,
  type EncodingLimits,
} from '../rdb/value.ts';
import { HashValue } from '../types/hash.ts';
import { ListValue } from '../types/list.ts';
import { SetValue } from '../types/set.ts';
import { StringSet } from '../types/string-set.ts';
import { ZSetValue } from '../types/zset.ts';
import { lookupRead, stringEncoding } from './strings.ts';
import { helpReply } from './pubsub.ts';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** OBJECT REFCOUNT of Redis's shared integer objects (0..9999). */
const OBJ_SHARED_REFCOUNT = 2147483647;
const OBJ_SHARED_INTEGERS = 10000;

/** lookupKeyReadWithFlags(LOOKUP_NOTOUCH): expires the key if due, leaves its LRU/LFU alone. */
export function lookupNoTouch(db: Database, key: string): StoredValue | undefined {
  if (db.expires.size > 0 && db.expireIfNeeded(key)) return undefined;
  return db.peek(key);
}

/** lookupNoTouch counting keyspace hits/misses (and "keymiss" unless told not to), as Redis does. */
function readNoTouch(c: Client, key: string, notifyMiss = true): StoredValue | undefined {
  const v = lookupNoTouch(c.db, key);
  if (v === undefined) {
    c.node.stats.keyspaceMisses++;
    if (notifyMiss) c.node.notifyKeyspaceEvent('m', 'keymiss', key, c.db.id);
  } else {
    c.node.stats.keyspaceHits++;
  }
  return v;
}

/** Replies an int64 held in a double (huge expire times), clamped to the int64 range. */
function replyInt64(c: Client, n: number): void {
  if (Number.isSafeInteger(n)) {
    c.reply.int(n);
    return;
  }
  let b = BigInt(Math.trunc(n));
  if (b > INT64_MAX) b = INT64_MAX;
  if (b < INT64_MIN) b = INT64_MIN;
  c.reply.int(b);
}

/** getIntFromObjectOrReply: a C int, with Redis's two distinct errors. */
function int32Arg(s: string): number {
  const n = toInt64(s);
  if (n === null) throw new CommandError(ERR.notInteger);
  if (n < -2147483648n || n > 2147483647n) throw new CommandError('ERR value is out of range, value must between -2147483648 and 2147483647');
  return Number(n);
}

/** The encoding thresholds currently configured on a node. */
export function encodingLimits(node: EngineNode): EncodingLimits {
  const cfg = node.config;
  return {
    hashEntries: cfg.int('hash-max-listpack-entries'),
    hashValue: cfg.int('hash-max-listpack-value'),
    setIntsetEntries: cfg.int('set-max-intset-entries'),
    zsetEntries: cfg.int('zset-max-listpack-entries'),
    zsetValue: cfg.int('zset-max-listpack-value'),
    listFill: cfg.int('list-max-listpack-size'),
  };
}

/**
 * OBJECT ENCODING's answer. Redis 7.0 lists are always quicklists and sets are intset or
 * hashtable; other types follow their sticky encoding flag or the configured thresholds.
 */
export function objectEncoding(node: EngineNode, v: StoredValue): string {
  if (typeof v === 'string') return stringEncoding(v);
  if (v instanceof ListValue) return 'quicklist';
  if (v instanceof HashValue) return hashEncodedAsListpack(v, encodingLimits(node)) ? 'listpack' : 'hashtable';
  if (v instanceof SetValue) return setEncodedAsIntset(v, encodingLimits(node)) ? 'intset' : 'hashtable';
  if (v instanceof ZSetValue) return zsetEncodedAsListpack(v, encodingLimits(node)) ? 'listpack' : 'skiplist';
  return v.kind;
}

/** A deep copy for COPY keeping the source's encoding (strings are immutable and shared). */
function dupValue(node: EngineNode, v: StoredValue): StoredValue {
  if (typeof v === 'string') return v;
  if (v instanceof ListValue) return ListValue.from(v.toArray());
  const limits = encodingLimits(node);
  if (v instanceof HashValue) return v.clone(hashEncodedAsListpack(v, limits) ? 'listpack' : 'hashtable');
  if (v instanceof SetValue) return new SetValue(new StringSet(v.set), setEncodedAsIntset(v, limits) ? 'intset' : 'hashtable');
  if (v instanceof ZSetValue) {
    const z = ZSetValue.from(v.entries());
    z.setListpack(zsetEncodedAsListpack(v, limits));
    return z;
  }
  throw new CommandError(`ERR COPY of a ${v.kind} value is not supported`);
}

function isLfu(node: EngineNode): boolean {
  return (node.config.get('maxmemory-policy') ?? '').endsWith('-lfu');
}

/** The database a DB argument names, with SELECT's range error. */
function dbArg(c: Client, s: string): Database {
  const id = int32Arg(s);
  if (id < 0 || id >= c.node.databases.length) throw new CommandError(ERR.invalidDb);
  return c.node.databases[id];
}

// ---- DEL / UNLINK / EXISTS / TYPE / TOUCH ----------------------------------------------------

function del(c: Client, argv: string[]): void {
  const db = c.db;
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i];
    // An expired key is gone before DEL sees it, so it does not count.
    if (db.expires.size > 0) db.expireIfNeeded(key);
    if (db.delete(key)) {
      n++;
      c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
    }
  }
  c.reply.int(n);
}

function exists(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (readNoTouch(c, argv[i]) !== undefined) n++;
  c.reply.int(n);
}

function typeCmd(c: Client, argv: string[]): void {
  const v = readNoTouch(c, argv[1]);
  c.reply.simple(v === undefined ? 'none' : typeOf(v));
}

function touch(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (lookupRead(c, argv[i]) !== undefined) n++;
  c.reply.int(n);
}

// ---- RENAME / RENAMENX / MOVE / COPY -----------------------------------------------------------

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const db = c.db;
  const src = argv[1];
  const dst = argv[2];
  const value = db.get(src);
  if (value === undefined) throw new CommandError(ERR.noSuchKey);
  if (src === dst) {
    if (nx) c.reply.int(0);
    else c.reply.ok();
    return;
  }
  const expire = db.getExpire(src);
  if (db.get(dst) !== undefined && nx) {
    c.reply.int(0);
    return;
  }
  const lfu = db.lfu.get(src);
  db.set(dst, value);
  if (lfu !== undefined) db.lfu.set(dst, lfu);
  if (expire !== undefined) db.setExpire(dst, expire);
  db.delete(src);
  c.node.notifyKeyspaceEvent('g', 'rename_from', src, db.id);
  c.node.notifyKeyspaceEvent('g', 'rename_to', dst, db.id);
  if (nx) c.reply.int(1);
  else c.reply.ok();
}

function rename(c: Client, argv: string[]): void {
  renameGeneric(c, argv, false);
}

function renamenx(c: Client, argv: string[]): void {
  renameGeneric(c, argv, true);
}

function move(c: Client, argv: string[]): void {
  if (c.node.config.bool('cluster-enabled')) throw new CommandError('ERR MOVE is not allowed in cluster mode');
  const src = c.db;
  const dst = dbArg(c, argv[2]);
  if (src === dst) throw new CommandError(ERR.sameObject);
  const key = argv[1];
  const value = src.get(key);
  if (value === undefined) {
    c.reply.int(0);
    return;
  }
  const expire = src.getExpire(key);
  if (dst.get(key) !== undefined) {
    c.reply.int(0);
    return;
  }
  const lfu = src.lfu.get(key);
  dst.set(key, value);
  if (lfu !== undefined) dst.lfu.set(key, lfu);
  if (expire !== undefined) dst.setExpire(key, expire);
  src.delete(key);
  c.node.notifyKeyspaceEvent('g', 'move_from', key, src.id);
  c.node.notifyKeyspaceEvent('g', 'move_to', key, dst.id);
  c.reply.int(1);
}

/** COPY source destination [DB destination-db] [REPLACE] */
function copy(c: Client, argv: string[]): void {
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let i = 3; i < argv.length; i++) {
    if (is(argv[i], 'replace')) {
      replace = true;
    } else if (is(argv[i], 'db') && i + 1 < argv.length) {
      dst = dbArg(c, argv[++i]);
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  if (c.node.config.bool('cluster-enabled') && (src.id !== 0 || dst.id !== 0)) {
    throw new CommandError('ERR Copying to another database is not allowed in cluster mode');
  }
  const key = argv[1];
  const newKey = argv[2];
  if (src === dst && key === newKey) throw new CommandError(ERR.sameObject);
  const value = lookupRead(c, key);
  if (value === undefined) {
    c.reply.int(0);
    return;
  }
  const expire = src.getExpire(key);
  if (dst.get(newKey) !== undefined && !replace) {
    c.reply.int(0);
    return;
  }
  dst.set(newKey, dupValue(c.node, value));
  if (expire !== undefined) dst.setExpire(newKey, expire);
  c.node.notifyKeyspaceEvent('g', 'copy_to', newKey, dst.id);
  c.reply.int(1);
}

// ---- KEYS / SCAN / RANDOMKEY -------------------------------------------------------------------

function keys(c: Client, argv: string[]): void {
  const db = c.db;
  const pattern = argv[1];
  const all = pattern === '*';
  const now = c.node.clock.now();
  const out: string[] = [];
  for (const key of db.data.keys()) {
    if (!all && !globMatch(pattern, key)) continue;
    // KEYS hides expired keys without deleting them (keyIsExpired).
    if (db.expires.size > 0) {
      const when = db.expires.get(key);
      if (when !== undefined && when < now) continue;
    }
    out.push(key);
  }
  c.reply.bulks(out);
}

/** parseScanCursorOrReply: strtoul rules (sign allowed, "" is 0, no spaces, no overflow). */
export function scanCursorArg(s: string): bigint {
  if (s.length > 0 && !/^[+-]?\d+$/.test(s)) throw new CommandError('ERR invalid cursor');
  if (s.length === 0) return 0n;
  let n = BigInt(s.replace(/^\+/, ''));
  if (n > 18446744073709551615n || n < -18446744073709551615n) throw new CommandError('ERR invalid cursor');
  if (n < 0n) n += 18446744073709551616n;
  return n;
}

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. The cursor walks keys in creation order
 * (see Database.scanKeys), which returns every key that exists for the whole iteration and ends
 * however fast keys are created meanwhile.
 */
function scan(c: Client, argv: string[]): void {
  const cursor = scanCursorArg(argv[1]);
  let count = 10;
  let pattern: string | null = null;
  let typeName: string | null = null;
  for (let i = 2; i < argv.length; i++) {
    const hasArg = i + 1 < argv.length;
    if (is(argv[i], 'count') && hasArg) {
      count = intArg(argv[++i]);
      if (count < 1) throw new CommandError(ERR.syntax);
    } else if (is(argv[i], 'match') && hasArg) {
      pattern = argv[++i];
      if (pattern === '*') pattern = null;
    } else if (is(argv[i], 'type') && hasArg) {
      typeName = argv[++i].toLowerCase();
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  const db = c.db;
  const found: string[] = [];
  const next = db.scanKeys(cursor, count, (key) => found.push(key));
  let n = 0;
  for (const key of found) {
    if (pattern !== null && !globMatch(pattern, key)) continue;
    if (typeName !== null) {
      const v = lookupNoTouch(db, key);
      if ((v === undefined ? 'none' : typeOf(v)) !== typeName) continue;
    }
    if (db.expires.size > 0 && db.expireIfNeeded(key)) continue;
    found[n++] = key;
  }
  found.length = n;
  c.reply.array(2);
  c.reply.bulk(String(next));
  c.reply.bulks(found);
}

function randomkey(c: Client): void {
  const key = c.db.randomKey();
  if (key === undefined) c.reply.nullBulk();
  else c.reply.bulk(key);
}

// ---- OBJECT ------------------------------------------------------------------------------------

function objectLookup(c: Client, key: string): StoredValue | undefined {
  const v = readNoTouch(c, key, false);
  if (v === undefined) c.reply.nullBulk();
  return v;
}

function objectEncodingCmd(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (v !== undefined) c.reply.bulk(objectEncoding(c.node, v));
}

function objectRefcount(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (v === undefined) return;
  const policy = c.node.config.get('maxmemory-policy') ?? '';
  const sharingAllowed = c.node.config.int('maxmemory') === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
  if (typeof v === 'string' && sharingAllowed && stringEncoding(v) === 'int') {
    const n = Number(v);
    if (n >= 0 && n < OBJ_SHARED_INTEGERS) {
      c.reply.int(OBJ_SHARED_REFCOUNT);
      return;
    }
  }
  c.reply.int(1);
}

function objectIdletime(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (v === undefined) return;
  if (isLfu(c.node)) {
    throw new CommandError(
      'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
  }
  c.reply.int(c.db.idleSeconds(argv[2]));
}

function objectFreq(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (v === undefined) return;
  if (!isLfu(c.node)) {
    throw new CommandError(
      'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
  }
  const packed = c.db.lfu.get(argv[2]);
  c.reply.int(packed === undefined ? 0 : lfuDecayed(packed, c.node.clock.now(), c.node.config.int('lfu-decay-time')));
}

const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

function objectHelp(c: Client): void {
  helpReply(c, OBJECT_HELP);
}

// ---- Expiry ------------------------------------------------------------------------------------

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

/** parseExtendedExpireArgumentsOrReply: NX | XX | GT | LT (XX may go with GT or LT). */
function expireFlags(argv: string[]): number {
  let flags = 0;
  for (let i = 3; i < argv.length; i++) {
    const f = argv[i].toLowerCase();
    if (f === 'nx') flags |= EXPIRE_NX;
    else if (f === 'xx') flags |= EXPIRE_XX;
    else if (f === 'gt') flags |= EXPIRE_GT;
    else if (f === 'lt') flags |= EXPIRE_LT;
    else throw new CommandError(`ERR Unsupported option ${argv[i]}`);
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) {
    throw new CommandError('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags & EXPIRE_GT && flags & EXPIRE_LT) throw new CommandError('ERR GT and LT options at the same time are not compatible');
  return flags;
}

/** EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT key time [NX|XX|GT|LT] (expireGenericCommand). */
function expireGeneric(c: Client, argv: string[], name: string, relative: boolean, seconds: boolean): void {
  const key = argv[1];
  const flags = expireFlags(argv);
  const now = c.node.clock.now();
  const basetime = relative ? now : 0;
  let when: number;
  let whenText: string;
  const small = toInt(argv[2]);
  if (small !== null && Math.abs(small) < 1e12) {
    when = (seconds ? small * 1000 : small) + basetime;
    whenText = String(when);
  } else {
    let n = toInt64(argv[2]);
    if (n === null) throw new CommandError(ERR.notInteger);
    if (seconds) {
      if (n > INT64_MAX / 1000n || n < INT64_MIN / 1000n) throw new CommandError(ERR.invalidExpire(name));
      n *= 1000n;
    }
    if (n > INT64_MAX - BigInt(basetime)) throw new CommandError(ERR.invalidExpire(name));
    n += BigInt(basetime);
    when = Number(n);
    whenText = n.toString();
  }
  const db = c.db;
  if (db.get(key) === undefined) {
    c.reply.int(0);
    return;
  }
  if (flags) {
    const cur = db.getExpire(key);
    if ((flags & EXPIRE_NX && cur !== undefined) || (flags & EXPIRE_XX && cur === undefined)) {
      c.reply.int(0);
      return;
    }
    // No TTL counts as an infinite one: GT never beats it, LT always does.
    if ((flags & EXPIRE_GT && (cur === undefined || when <= cur)) || (flags & EXPIRE_LT && cur !== undefined && when >= cur)) {
      c.reply.int(0);
      return;
    }
  }
  if (when <= now && !c.node.isReplica()) {
    db.delete(key);
    c.propagateAs = [[c.node.config.bool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]];
    c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
  } else {
    db.setExpire(key, when);
    c.propagateAs = [['PEXPIREAT', key, whenText, ...argv.slice(3)]];
    c.node.notifyKeyspaceEvent('g', 'expire', key, db.id);
  }
  c.reply.int(1);
}

function expire(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'expire', true, true);
}

function pexpire(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'pexpire', true, false);
}

function expireat(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'expireat', false, true);
}

function pexpireat(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'pexpireat', false, false);
}

/** TTL / PTTL / EXPIRETIME / PEXPIRETIME (ttlGenericCommand). */
function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  if (readNoTouch(c, argv[1]) === undefined) {
    c.reply.int(-2);
    return;
  }
  const when = c.db.getExpire(argv[1]);
  if (when === undefined) {
    c.reply.int(-1);
    return;
  }
  const t = Math.max(0, absolute ? when : when - c.node.clock.now());
  replyInt64(c, ms ? t : Math.floor((t + 500) / 1000));
}

function ttl(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, false, false);
}

function pttl(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, true, false);
}

function expiretime(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, false, true);
}

function pexpiretime(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, true, true);
}

function persist(c: Client, argv: string[]): void {
  const db = c.db;
  if (db.get(argv[1]) !== undefined && db.persist(argv[1])) {
    c.node.notifyKeyspaceEvent('g', 'persist', argv[1], db.id);
    c.reply.int(1);
  } else {
    c.reply.int(0);
  }
}

// ---- DUMP / RESTORE ----------------------------------------------------------------------------

function dump(c: Client, argv: string[]): void {
  const v = lookupRead(c, argv[1]);
  if (v === undefined) {
    c.reply.nullBulk();
    return;
  }
  let payload: Buffer;
  try {
    payload = createDumpPayload(v, encodingLimits(c.node));
  } catch (e) {
    if (e instanceof RdbError) throw new CommandError(`ERR ${e.message}`);
    throw e;
  }
  c.reply.bulk(payload.toString('latin1'));
}

/** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency] */
function restore(c: Client, argv: string[]): void {
  let replace = false;
  let absttl = false;
  let idle = -1;
  let freq = -1;
  for (let i = 4; i < argv.length; i++) {
    const hasArg = i + 1 < argv.length;
    if (is(argv[i], 'replace')) {
      replace = true;
    } else if (is(argv[i], 'absttl')) {
      absttl = true;
    } else if (is(argv[i], 'idletime') && hasArg && freq === -1) {
      const n = toInt64(argv[++i]);
      if (n === null) throw new CommandError(ERR.notInteger);
      if (n < 0n) throw new CommandError('ERR Invalid IDLETIME value, must be >= 0');
      idle = Number(n);
    } else if (is(argv[i], 'freq') && hasArg && idle === -1) {
      const n = toInt64(argv[++i]);
      if (n === null) throw new CommandError(ERR.notInteger);
      if (n < 0n || n > 255n) throw new CommandError('ERR Invalid FREQ value, must be >= 0 and <= 255');
      freq = Number(n);
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  const db = c.db;
  const key = argv[1];
  if (!replace && db.get(key) !== undefined) throw new CommandError(ERR.busyKey);
  const ttlArg = toInt64(argv[2]);
  if (ttlArg === null) throw new CommandError(ERR.notInteger);
  if (ttlArg < 0n) throw new CommandError('ERR Invalid TTL value, must be >= 0');
  const payload = Buffer.from(argv[3], 'latin1');
  if (!verifyDumpPayload(payload)) throw new CommandError('ERR DUMP payload version or checksum are wrong');
  let value: StoredValue;
  try {
    value = decodeDumpPayload(payload);
  } catch (e) {
    if (e instanceof RdbError) throw new CommandError('ERR Bad data format');
    throw e;
  }
  const deleted = replace && db.delete(key);
  const now = c.node.clock.now();
  let ttl = Number(ttlArg);
  if (ttl !== 0 && !absttl) ttl += now;
  if (ttl !== 0 && ttl <= now && !c.node.isReplica()) {
    // Already expired: nothing is created, and a replaced key is simply deleted.
    if (deleted) {
      c.propagateAs = [[c.node.config.bool('lazyfree-lazy-server-del') ? 'UNLINK' : 'DEL', key]];
      c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
    }
    c.reply.ok();
    return;
  }
  db.set(key, value);
  if (ttl !== 0) {
    db.setExpire(key, ttl);
    if (!absttl) c.propagateAs = [[argv[0], key, String(ttl), ...argv.slice(3), 'ABSTTL']];
  }
  if (isLfu(c.node)) {
    if (freq >= 0) db.lfu.set(key, lfuPack(now, freq));
  } else if (idle >= 0) {
    db.setIdleSeconds(key, idle);
  }
  c.node.notifyKeyspaceEvent('g', 'restore', key, db.id);
  c.reply.ok();
}

const KEY_RO = 'keyspace read slow';

export const keyCommands: CommandSpec[] = [
  command('del', -2, 'write', [1, -1, 1], 'keyspace write slow', del),
  command('unlink', -2, 'write fast', [1, -1, 1], 'keyspace write fast', del),
  command('exists', -2, 'readonly fast', [1, -1, 1], 'keyspace read fast', exists),
  command('type', 2, 'readonly fast', [1, 1, 1], 'keyspace read fast', typeCmd),
  command('touch', -2, 'readonly fast', [1, -1, 1], 'keyspace read fast', touch),
  command('rename', 3, 'write', [1, 2, 1], 'keyspace write slow', rename),
  command('renamenx', 3, 'write fast', [1, 2, 1], 'keyspace write fast', renamenx),
  command('move', 3, 'write fast', [1, 1, 1], 'keyspace write fast', move),
  command('copy', -3, 'write denyoom', [1, 2, 1], 'keyspace write slow', copy),
  command('keys', 2, 'readonly', [0, 0, 0], 'keyspace read slow dangerous', keys),
  command('scan', -2, 'readonly', [0, 0, 0], 'keyspace read slow', scan),
  command('randomkey', 1, 'readonly', [0, 0, 0], 'keyspace read slow', randomkey),
  container('object', -2, 'slow', [
    command('encoding', 3, 'readonly', [2, 2, 1], KEY_RO, objectEncodingCmd),
    command('freq', 3, 'readonly', [2, 2, 1], KEY_RO, objectFreq),
    command('idletime', 3, 'readonly', [2, 2, 1], KEY_RO, objectIdletime),
    command('refcount', 3, 'readonly', [2, 2, 1], KEY_RO, objectRefcount),
    command('help', 2, 'loading stale', [0, 0, 0], 'keyspace slow', objectHelp),
  ]),
  command('expire', -3, 'write fast', [1, 1, 1], 'keyspace write fast', expire),
  command('pexpire', -3, 'write fast', [1, 1, 1], 'keyspace write fast', pexpire),
  command('expireat', -3, 'write fast', [1, 1, 1], 'keyspace write fast', expireat),
  command('pexpireat', -3, 'write fast', [1, 1, 1], 'keyspace write fast', pexpireat),
  command('persist', 2, 'write fast', [1, 1, 1], 'keyspace write fast', persist),
  command('ttl', 2, 'readonly fast', [1, 1, 1], 'keyspace read fast', ttl),
  command('pttl', 2, 'readonly fast', [1, 1, 1], 'keyspace read fast', pttl),
  command('expiretime', 2, 'readonly fast', [1, 1, 1], 'keyspace read fast', expiretime),
  command('pexpiretime', 2, 'readonly fast', [1, 1, 1], 'keyspace read fast', pexpiretime),
  command('dump', 2, 'readonly', [1, 1, 1], KEY_RO, dump),
  command('restore', -4, 'write denyoom', [1, 1, 1], 'keyspace write slow dangerous', restore),
];
