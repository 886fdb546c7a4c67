import { command, type CommandSpec } from '../command-table.ts';
import { is, toInt, toInt64 } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import { globMatch } from '../glob.ts';
import { HashValue, type HashLimits } from '../types/hash.ts';
import { checkRepeatedPicks, parseScanCursor, parseScanOptions, randomCountArg, replyEmptyScan } from './sets.ts';
import { addLongDouble, formatLongDoubleHuman, lookupRead, parseLongDouble, type LongDouble } from './strings.ts';
import type { Client } from '../client.ts';
import type { EngineNode } from '../engine-node.ts';
import type { Database } from '../keyspace.ts';

const LONG_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const LD_ZERO: LongDouble = { neg: false, inf: false, mant: 0n, exp: 0 };

const hashLimitsByNode = new WeakMap<EngineNode, HashLimits>();

/** hash-max-listpack-entries/value, cached per node and kept current through CONFIG SET. */
function hashLimits(node: EngineNode): HashLimits {
  let l = hashLimitsByNode.get(node);
  if (l === undefined) {
    const lim: HashLimits = {
      entries: node.config.int('hash-max-listpack-entries'),
      value: node.config.int('hash-max-listpack-value'),
    };
    node.config.onChange((name, value) => {
      if (name === 'hash-max-listpack-entries') lim.entries = Number(value);
      else if (name === 'hash-max-listpack-value') lim.value = Number(value);
    });
    hashLimitsByNode.set(node, lim);
    l = lim;
  }
  return l;
}

function asHash(v: unknown): HashValue | undefined {
  if (v === undefined) return undefined;
  if (!(v instanceof HashValue)) throw new CommandError(ERR.wrongType);
  return v;
}

/** lookupKeyRead + checkType(OBJ_HASH): counts a hit or a miss. */
function hashForRead(c: Client, key: string): HashValue | undefined {
  return asHash(lookupRead(c, key));
}

/** lookupKeyWrite + checkType(OBJ_HASH). */
function hashForWrite(db: Database, key: string): HashValue | undefined {
  return asHash(db.get(key));
}

/** Stores a hash created by this command, or signals the change of an existing one. */
function commit(db: Database, key: string, h: HashValue, created: boolean): void {
  if (created) db.set(key, h);
  else db.modified(key);
}

/** HSET/HMSET key field value [field value ...]: returns how many fields were created. */
function hsetGeneric(c: Client, argv: string[], name: string): number {
  if (argv.length % 2 === 1) throw new CommandError(ERR.wrongArgs(name));
  const db = c.db;
  const key = argv[1];
  let h = hashForWrite(db, key);
  const created = h === undefined;
  if (h === undefined) h = new HashValue(new Map(), 'listpack');
  const limits = hashLimits(c.node);
  h.convertForArgs(argv, 2, limits);
  let added = 0;
  for (let i = 2; i < argv.length; i += 2) if (h.set(argv[i], argv[i + 1], limits)) added++;
  commit(db, key, h, created);
  c.node.notifyKeyspaceEvent('h', 'hset', key, db.id);
  return added;
}

function hset(c: Client, argv: string[]): void {
  c.reply.int(hsetGeneric(c, argv, 'hset'));
}

function hmset(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, 'hmset');
  c.reply.ok();
}

function hsetnx(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  let h = hashForWrite(db, key);
  const created = h === undefined;
  if (h === undefined) h = new HashValue(new Map(), 'listpack');
  if (h.has(argv[2])) return c.reply.int(0);
  const limits = hashLimits(c.node);
  h.convertForArgs(argv, 2, limits);
  h.set(argv[2], argv[3], limits);
  commit(db, key, h, created);
  c.node.notifyKeyspaceEvent('h', 'hset', key, db.id);
  c.reply.int(1);
}

function hget(c: Client, argv: string[]): void {
  const h = hashForRead(c, argv[1]);
  c.reply.bulkOrNull(h?.get(argv[2]));
}

function hmget(c: Client, argv: string[]): void {
  const h = hashForRead(c, argv[1]);
  c.reply.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.reply.bulkOrNull(h?.get(argv[i]));
}

function hdel(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  const h = hashForWrite(db, key);
  if (h === undefined) return c.reply.int(0);
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (h.delete(argv[i])) {
      deleted++;
      if (h.size === 0) break;
    }
  }
  if (deleted > 0) {
    const emptied = h.size === 0;
    if (emptied) db.delete(key);
    else db.modified(key);
    c.node.notifyKeyspaceEvent('h', 'hdel', key, db.id);
    if (emptied) c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
  }
  c.reply.int(deleted);
}

function hlen(c: Client, argv: string[]): void {
  const h = hashForRead(c, argv[1]);
  c.reply.int(h === undefined ? 0 : h.size);
}

function hstrlen(c: Client, argv: string[]): void {
  const h = hashForRead(c, argv[1]);
  c.reply.int(h?.get(argv[2])?.length ?? 0);
}

function hexists(c: Client, argv: string[]): void {
  const h = hashForRead(c, argv[1]);
  c.reply.int(h !== undefined && h.has(argv[2]) ? 1 : 0);
}

function hkeys(c: Client, argv: string[]): void {
  const h = hashForRead(c, argv[1]);
  if (h === undefined) return c.reply.array(0);
  c.reply.array(h.size);
  for (const f of h.fields()) c.reply.bulk(f);
}

function hvals(c: Client, argv: string[]): void {
  const h = hashForRead(c, argv[1]);
  if (h === undefined) return c.reply.array(0);
  c.reply.array(h.size);
  for (const v of h.values()) c.reply.bulk(v);
}

function hgetall(c: Client, argv: string[]): void {
  const h = hashForRead(c, argv[1]);
  if (h === undefined) return c.reply.map(0);
  c.reply.map(h.size);
  for (const [f, v] of h.entries()) {
    c.reply.bulk(f);
    c.reply.bulk(v);
  }
}

function hincrby(c: Client, argv: string[]): void {
  const [, key, field, incrArg] = argv;
  // Up to 15 digits a double is exact and a sum of two cannot overflow int64: skip BigInt.
  const small = incrArg.length <= 15 ? toInt(incrArg) : null;
  const big = small === null ? toInt64(incrArg) : null;
  if (small === null && big === null) throw new CommandError(ERR.notInteger);
  const db = c.db;
  let h = hashForWrite(db, key);
  const created = h === undefined;
  if (h === undefined) h = new HashValue(new Map(), 'listpack');
  const cur = h.get(field);
  let result: number | bigint;
  if (small !== null && (cur === undefined || cur.length <= 15)) {
    const value = cur === undefined ? 0 : toInt(cur);
    if (value === null) throw new CommandError(ERR.hashValueNotInteger);
    result = value + small;
  } else {
    const value = cur === undefined ? 0n : toInt64(cur);
    if (value === null) throw new CommandError(ERR.hashValueNotInteger);
    result = value + (big ?? BigInt(small!));
    if (result > LONG_MAX || result < INT64_MIN) throw new CommandError(ERR.overflow);
  }
  h.set(field, String(result), hashLimits(c.node));
  commit(db, key, h, created);
  c.node.notifyKeyspaceEvent('h', 'hincrby', key, db.id);
  c.reply.int(result);
}

function hincrbyfloat(c: Client, argv: string[]): void {
  const [, key, field, incrArg] = argv;
  const incr = parseLongDouble(incrArg);
  if (incr === null) throw new CommandError(ERR.notFloat);
  if (incr.inf) throw new CommandError('ERR value is NaN or Infinity');
  const db = c.db;
  let h = hashForWrite(db, key);
  const created = h === undefined;
  if (h === undefined) h = new HashValue(new Map(), 'listpack');
  const cur = h.get(field);
  const value = cur === undefined ? LD_ZERO : parseLongDouble(cur);
  if (value === null) throw new CommandError(ERR.hashValueNotFloat);
  const sum = addLongDouble(value, incr);
  if (sum === null) throw new CommandError(ERR.nanOrInfinity);
  const out = formatLongDoubleHuman(sum);
  h.set(field, out, hashLimits(c.node));
  commit(db, key, h, created);
  c.node.notifyKeyspaceEvent('h', 'hincrbyfloat', key, db.id);
  // Replicas get the resulting value, so float formatting can never make them diverge.
  c.propagateAs = [['HSET', key, field, out]];
  c.reply.bulk(out);
}

/** HRANDFIELD key [count [WITHVALUES]] */
function hrandfield(c: Client, argv: string[]): void {
  if (argv.length >= 3) {
    const l = randomCountArg(argv[2]);
    if (argv.length > 4 || (argv.length === 4 && !is(argv[3], 'withvalues'))) throw new CommandError(ERR.syntax);
    const withValues = argv.length === 4;
    if (withValues && (l < -LONG_MAX / 2n || l > LONG_MAX / 2n)) throw new CommandError('ERR value is out of range');
    return hrandfieldWithCount(c, argv[1], l, withValues);
  }
  const h = hashForRead(c, argv[1]);
  if (h === undefined) return c.reply.nullBulk();
  c.reply.bulk(h.randomField());
}

function hrandfieldWithCount(c: Client, key: string, l: bigint, withValues: boolean): void {
  const h = hashForRead(c, key);
  if (h === undefined) return c.reply.array(0);
  const unique = l >= 0n;
  const count = Number(unique ? l : -l);
  if (count === 0) return c.reply.array(0);
  // RESP3 nests each field/value pair in its own array; RESP2 flattens them.
  const nested = withValues && c.reply.protocol === 3;
  const perItem = withValues && !nested ? 2 : 1;
  const emit = (f: string): void => {
    if (nested) c.reply.array(2);
    c.reply.bulk(f);
    if (withValues) c.reply.bulk(h.get(f)!);
  };
  if (!unique || count === 1) {
    checkRepeatedPicks(count);
    c.reply.array(count * perItem);
    for (let i = 0; i < count; i++) emit(h.randomField());
    return;
  }
  if (count >= h.size) {
    c.reply.array(h.size * perItem);
    for (const f of h.fields()) emit(f);
    return;
  }
  const picks = h.sample(count);
  c.reply.array(picks.length * perItem);
  for (const f of picks) emit(f);
}

/** HSCAN key cursor [MATCH pattern] [COUNT count]: a listpack comes back whole with cursor 0. */
function hscan(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]);
  const h = hashForRead(c, argv[1]);
  if (h === undefined) return replyEmptyScan(c);
  const { count, pattern } = parseScanOptions(argv, 3);
  let fields: string[];
  let next = 0;
  if (h.encoding(hashLimits(c.node)) === 'listpack') {
    fields = h.fields();
  } else {
    fields = [];
    next = h.scan(cursor, count, fields);
  }
  if (pattern !== null) fields = fields.filter((f) => globMatch(pattern, f));
  c.reply.array(2);
  c.reply.bulk(String(next));
  c.reply.array(fields.length * 2);
  for (const f of fields) {
    c.reply.bulk(f);
    c.reply.bulk(h.get(f)!);
  }
}

const doc = (since: string, summary: string) => ({ since, summary, group: 'hash' });

export const hashCommands: CommandSpec[] = [
  command('hset', -4, 'write denyoom fast', [1, 1, 1], 'write hash fast', hset, doc('2.0.0', 'Set the string value of a hash field')),
  command('hsetnx', 4, 'write denyoom fast', [1, 1, 1], 'write hash fast', hsetnx, doc('2.0.0', 'Set the value of a hash field, only if the field does not exist')),
  command('hget', 3, 'readonly fast', [1, 1, 1], 'read hash fast', hget, doc('2.0.0', 'Get the value of a hash field')),
  command('hmset', -4, 'write denyoom fast', [1, 1, 1], 'write hash fast', hmset, doc('2.0.0', 'Set multiple hash fields to multiple values')),
  command('hmget', -3, 'readonly fast', [1, 1, 1], 'read hash fast', hmget, doc('2.0.0', 'Get the values of all the given hash fields')),
  command('hdel', -3, 'write fast', [1, 1, 1], 'write hash fast', hdel, doc('2.0.0', 'Delete one or more hash fields')),
  command('hlen', 2, 'readonly fast', [1, 1, 1], 'read hash fast', hlen, doc('2.0.0', 'Get the number of fields in a hash')),
  command('hstrlen', 3, 'readonly fast', [1, 1, 1], 'read hash fast', hstrlen, doc('3.2.0', 'Get the length of the value of a hash field')),
  command('hexists', 3, 'readonly fast', [1, 1, 1], 'read hash fast', hexists, doc('2.0.0', 'Determine if a hash field exists')),
  command('hkeys', 2, 'readonly', [1, 1, 1], 'read hash slow', hkeys, doc('2.0.0', 'Get all the fields in a hash')),
  command('hvals', 2, 'readonly', [1, 1, 1], 'read hash slow', hvals, doc('2.0.0', 'Get all the values in a hash')),
  command('hgetall', 2, 'readonly', [1, 1, 1], 'read hash slow', hgetall, doc('2.0.0', 'Get all the fields and values in a hash')),
  command('hincrby', 4, 'write denyoom fast', [1, 1, 1], 'write hash fast', hincrby, doc('2.0.0', 'Increment the integer value of a hash field by the given number')),
  command('hincrbyfloat', 4, 'write denyoom fast', [1, 1, 1], 'write hash fast', hincrbyfloat, doc('2.6.0', 'Increment the float value of a hash field by the given amount')),
  command('hrandfield', -2, 'readonly', [1, 1, 1], 'read hash slow', hrandfield, doc('6.2.0', 'Get one or multiple random fields from a hash')),
  command('hscan', -3, 'readonly', [1, 1, 1], 'read hash slow', hscan, doc('2.8.0', 'Incrementally iterate hash fields and associated values')),
];
