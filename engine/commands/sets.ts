import { command, type CommandSpec } from '../command-table.ts';
import { is, toInt, toInt64 } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import { globMatch } from '../glob.ts';
import { SetValue } from '../types/set.ts';
import { StringSet } from '../types/string-set.ts';
import { lookupRead } from './strings.ts';
import type { Client } from '../client.ts';
import type { EngineNode } from '../engine-node.ts';
import type { Database } from '../keyspace.ts';

const LONG_MAX = 9223372036854775807n;
const ULONG_MAX = 18446744073709551615n;

/**
 * Random replies with repetition are as long as the client asks (SRANDMEMBER k -N): past this
 * many elements the reply could not be built in one JS string, and building it would stall every
 * node in the process, so such counts are refused.
 */
const MAX_REPEATED_PICKS = 1 << 24;

const setLimits = new WeakMap<EngineNode, { maxIntset: number }>();

/** set-max-intset-entries, cached per node and kept current through CONFIG SET. */
function maxIntsetEntries(node: EngineNode): number {
  let l = setLimits.get(node);
  if (l === undefined) {
    const lim = { maxIntset: node.config.int('set-max-intset-entries') };
    node.config.onChange((name, value) => {
      if (name === 'set-max-intset-entries') lim.maxIntset = Number(value);
    });
    setLimits.set(node, lim);
    l = lim;
  }
  return l.maxIntset;
}

function asSet(v: unknown): SetValue | undefined {
  if (v === undefined) return undefined;
  if (!(v instanceof SetValue)) throw new CommandError(ERR.wrongType);
  return v;
}

/** lookupKeyRead + checkType(OBJ_SET): counts a hit or a miss. */
function setForRead(c: Client, key: string): SetValue | undefined {
  return asSet(lookupRead(c, key));
}

/** lookupKeyWrite + checkType(OBJ_SET). */
function setForWrite(db: Database, key: string): SetValue | undefined {
  return asSet(db.get(key));
}

/** Count arguments of SRANDMEMBER/HRANDFIELD: any long but LONG_MIN, as getRangeLongFromObjectOrReply checks it. */
export function randomCountArg(s: string): bigint {
  const n = toInt64(s);
  if (n === null) throw new CommandError(ERR.notInteger);
  if (n < -LONG_MAX) throw new CommandError(`ERR value is out of range, value must between ${-LONG_MAX} and ${LONG_MAX}`);
  return n;
}

/** Refuses a reply of `count` random picks with repetition that could not be built (see MAX_REPEATED_PICKS). */
export function checkRepeatedPicks(count: number): void {
  if (count > MAX_REPEATED_PICKS) throw new CommandError('ERR value is out of range');
}

/** parseScanCursorOrReply: strtoul's syntax (sign, no spaces, empty is 0), unsigned 64-bit. */
export function parseScanCursor(s: string): number {
  if (s.length === 0) return 0;
  if (!/^[+-]?[0-9]+$/.test(s)) throw new CommandError('ERR invalid cursor');
  const neg = s.charCodeAt(0) === 45;
  const digits = neg || s.charCodeAt(0) === 43 ? s.slice(1) : s;
  if (!neg && digits.length <= 15) return Number(digits);
  const v = BigInt(digits);
  if (v > ULONG_MAX) throw new CommandError('ERR invalid cursor');
  // strtoul negates in unsigned arithmetic: "-1" is the largest cursor.
  return Number(neg && v !== 0n ? ULONG_MAX + 1n - v : v);
}

export interface ScanOptions {
  count: number;
  /** null when absent or "*", which matches everything. */
  pattern: string | null;
}

/** The COUNT and MATCH options of HSCAN/SSCAN/ZSCAN, from argv[from] on. */
export function parseScanOptions(argv: string[], from: number): ScanOptions {
  let count = 10;
  let pattern: string | null = null;
  for (let i = from; i < argv.length; i += 2) {
    const hasValue = argv.length - i >= 2;
    if (hasValue && is(argv[i], 'count')) {
      const n = toInt(argv[i + 1]);
      if (n === null) throw new CommandError(ERR.notInteger);
      if (n < 1) throw new CommandError(ERR.syntax);
      count = n;
    } else if (hasValue && is(argv[i], 'match')) {
      pattern = argv[i + 1] === '*' ? null : argv[i + 1];
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  return { count, pattern };
}

/** Redis's reply for a scan of a missing key. */
export function replyEmptyScan(c: Client): void {
  c.reply.array(2);
  c.reply.bulk('0');
  c.reply.array(0);
}

function sadd(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  let s = setForWrite(db, key);
  const created = s === undefined;
  if (s === undefined) s = SetValue.forMember(argv[2]);
  const max = maxIntsetEntries(c.node);
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (s.add(argv[i], max)) added++;
  if (created) db.set(key, s);
  else if (added > 0) db.modified(key);
  if (added > 0) c.node.notifyKeyspaceEvent('s', 'sadd', key, db.id);
  c.reply.int(added);
}

function srem(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  const s = setForWrite(db, key);
  if (s === undefined) return c.reply.int(0);
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (s.delete(argv[i])) {
      deleted++;
      if (s.size === 0) break;
    }
  }
  if (deleted > 0) {
    const emptied = s.size === 0;
    if (emptied) db.delete(key);
    else db.modified(key);
    c.node.notifyKeyspaceEvent('s', 'srem', key, db.id);
    if (emptied) c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
  }
  c.reply.int(deleted);
}

function scard(c: Client, argv: string[]): void {
  const s = setForRead(c, argv[1]);
  c.reply.int(s === undefined ? 0 : s.size);
}

function sismember(c: Client, argv: string[]): void {
  const s = setForRead(c, argv[1]);
  c.reply.int(s !== undefined && s.has(argv[2]) ? 1 : 0);
}

function smismember(c: Client, argv: string[]): void {
  const s = setForRead(c, argv[1]);
  c.reply.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.reply.int(s !== undefined && s.has(argv[i]) ? 1 : 0);
}

function smembers(c: Client, argv: string[]): void {
  const s = setForRead(c, argv[1]);
  if (s === undefined) return c.reply.set(0);
  c.reply.set(s.size);
  for (const m of s.members()) c.reply.bulk(m);
}

function smove(c: Client, argv: string[]): void {
  const db = c.db;
  const [, srcKey, dstKey, member] = argv;
  const srcValue = db.get(srcKey);
  const dstValue = db.get(dstKey);
  if (srcValue === undefined) return c.reply.int(0);
  const src = asSet(srcValue)!;
  let dst = asSet(dstValue);
  if (src === dst) return c.reply.int(src.has(member) ? 1 : 0);
  if (!src.delete(member)) return c.reply.int(0);
  c.node.notifyKeyspaceEvent('s', 'srem', srcKey, db.id);
  if (src.size === 0) {
    db.delete(srcKey);
    c.node.notifyKeyspaceEvent('g', 'del', srcKey, db.id);
  } else {
    db.modified(srcKey);
  }
  const created = dst === undefined;
  if (dst === undefined) dst = SetValue.forMember(member);
  const added = dst.add(member, maxIntsetEntries(c.node));
  if (created) db.set(dstKey, dst);
  else if (added) db.modified(dstKey);
  if (added) c.node.notifyKeyspaceEvent('s', 'sadd', dstKey, db.id);
  c.reply.int(1);
}

function spop(c: Client, argv: string[]): void {
  if (argv.length === 3) return spopWithCount(c, argv);
  if (argv.length > 3) throw new CommandError(ERR.syntax);
  const db = c.db;
  const key = argv[1];
  const s = setForWrite(db, key);
  if (s === undefined) return c.reply.nullBulk();
  const m = s.random();
  s.delete(m);
  c.node.notifyKeyspaceEvent('s', 'spop', key, db.id);
  c.propagateAs = [['SREM', key, m]];
  c.reply.bulk(m);
  if (s.size === 0) {
    db.delete(key);
    c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
  } else {
    db.modified(key);
  }
}

function spopWithCount(c: Client, argv: string[]): void {
  const n = toInt64(argv[2]);
  if (n === null || n < 0n) throw new CommandError('ERR value is out of range, must be positive');
  const count = Number(n);
  const db = c.db;
  const key = argv[1];
  const s = setForWrite(db, key);
  if (s === undefined || count === 0) return c.reply.set(0);
  c.node.notifyKeyspaceEvent('s', 'spop', key, db.id);
  if (count >= s.size) {
    // The whole set, replied as SUNION of it would, then the key goes: replicas get a DEL.
    unionDiff(c, [key], null, false);
    db.delete(key);
    c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
    c.propagateAs = [['DEL', key]];
    return;
  }
  // Replicas get one SREM per popped member, as Redis 7.0 propagates it.
  const propagate: string[][] = new Array(count);
  c.reply.set(count);
  for (let i = 0; i < count; i++) {
    const m = s.random();
    s.delete(m);
    c.reply.bulk(m);
    propagate[i] = ['SREM', key, m];
  }
  c.propagateAs = propagate;
  db.modified(key);
}

function srandmember(c: Client, argv: string[]): void {
  if (argv.length === 3) return srandmemberWithCount(c, argv);
  if (argv.length > 3) throw new CommandError(ERR.syntax);
  const s = setForRead(c, argv[1]);
  if (s === undefined) return c.reply.nullBulk();
  c.reply.bulk(s.random());
}

function srandmemberWithCount(c: Client, argv: string[]): void {
  const l = randomCountArg(argv[2]);
  const s = setForRead(c, argv[1]);
  if (s === undefined) return c.reply.array(0);
  const unique = l >= 0n;
  const count = Number(unique ? l : -l);
  if (count === 0) return c.reply.array(0);
  if (!unique || count === 1) {
    checkRepeatedPicks(count);
    c.reply.array(count);
    for (let i = 0; i < count; i++) c.reply.bulk(s.random());
    return;
  }
  if (count >= s.size) {
    c.reply.array(s.size);
    for (const m of s.members()) c.reply.bulk(m);
    return;
  }
  const picks = s.sample(count);
  c.reply.array(picks.length);
  for (const m of picks) c.reply.bulk(m);
}

/** SINTER, SINTERSTORE (dst) and SINTERCARD (cardOnly, with limit 0 = none). */
function inter(c: Client, keys: string[], dst: string | null, cardOnly: boolean, limit: number): void {
  const db = c.db;
  const sets: SetValue[] = [];
  let empty = false;
  // Every key is type-checked even after a missing one, as Redis does.
  for (const k of keys) {
    const s = setForRead(c, k);
    if (s === undefined) empty = true;
    else sets.push(s);
  }
  if (empty) {
    if (dst !== null) {
      if (db.delete(dst)) c.node.notifyKeyspaceEvent('g', 'del', dst, db.id);
      c.reply.int(0);
    } else if (cardOnly) {
      c.reply.int(0);
    } else {
      c.reply.set(0);
    }
    return;
  }
  // The smallest set drives the iteration (ties keep argument order, like glibc's qsort).
  sets.sort((a, b) => a.size - b.size);
  const first = sets[0];
  const others = sets.filter((s) => s !== first);
  const inAll = (m: string): boolean => {
    for (let j = 0; j < others.length; j++) if (!others[j].has(m)) return false;
    return true;
  };
  if (cardOnly) {
    let n = 0;
    for (const m of first.set) {
      if (!inAll(m)) continue;
      n++;
      if (limit > 0 && n >= limit) break;
    }
    return c.reply.int(n);
  }
  if (dst === null) {
    const out: string[] = [];
    for (const m of first.members()) if (inAll(m)) out.push(m);
    c.reply.set(out.length);
    for (const m of out) c.reply.bulk(m);
    return;
  }
  const max = maxIntsetEntries(c.node);
  const result = new SetValue(new StringSet(), 'intset');
  for (const m of first.members()) if (inAll(m)) result.add(m, max);
  store(c, dst, result, 'sinterstore');
}

/** Stores a computed set (dropping any TTL), or deletes dst when it is empty; replies the size. */
function store(c: Client, dst: string, result: SetValue, event: string): void {
  const db = c.db;
  if (result.size > 0) {
    db.set(dst, result);
    c.reply.int(result.size);
    c.node.notifyKeyspaceEvent('s', event, dst, db.id);
  } else {
    c.reply.int(0);
    if (db.delete(dst)) c.node.notifyKeyspaceEvent('g', 'del', dst, db.id);
  }
}

/**
 * SUNION/SDIFF (+STORE). The result is built as Redis builds it, into a set that starts as an
 * intset, so an all-integer result comes out in numeric order; SDIFF picks Redis's algorithm by
 * the same cost estimate, since that decides whether the result ever outgrew an intset.
 */
function unionDiff(c: Client, keys: string[], dst: string | null, diff: boolean): void {
  const sets: Array<SetValue | undefined> = new Array(keys.length);
  for (let j = 0; j < keys.length; j++) sets[j] = setForRead(c, keys[j]);
  const max = maxIntsetEntries(c.node);
  const result = new SetValue(new StringSet(), 'intset');
  const first = sets[0];
  if (!diff) {
    for (const s of sets) if (s !== undefined) for (const m of s.members()) result.add(m, max);
  } else if (first !== undefined && !sets.some((s, j) => j > 0 && s === first)) {
    let oneWork = 0;
    let twoWork = 0;
    for (const s of sets) {
      if (s === undefined) continue;
      oneWork += first.size;
      twoWork += s.size;
    }
    oneWork = Math.floor(oneWork / 2);
    if (oneWork <= twoWork) {
      // Algorithm 1: test each member of the first set against the others, biggest first.
      const others = sets.slice(1).filter((s): s is SetValue => s !== undefined);
      others.sort((a, b) => b.size - a.size);
      outer: for (const m of first.members()) {
        for (let j = 0; j < others.length; j++) if (others[j].has(m)) continue outer;
        result.add(m, max);
      }
    } else {
      // Algorithm 2: copy the first set, then remove every member of the others.
      for (const m of first.members()) result.add(m, max);
      for (let j = 1; j < sets.length && result.size > 0; j++) {
        const s = sets[j];
        if (s !== undefined) for (const m of s.set) result.delete(m);
      }
    }
  }
  if (dst !== null) return store(c, dst, result, diff ? 'sdiffstore' : 'sunionstore');
  c.reply.set(result.size);
  for (const m of result.members()) c.reply.bulk(m);
}

function sinter(c: Client, argv: string[]): void {
  inter(c, argv.slice(1), null, false, 0);
}

function sinterstore(c: Client, argv: string[]): void {
  inter(c, argv.slice(2), argv[1], false, 0);
}

/** SINTERCARD numkeys key [key ...] [LIMIT limit] */
function sintercard(c: Client, argv: string[]): void {
  const nk = toInt64(argv[1]);
  if (nk === null || nk < 1n) throw new CommandError('ERR numkeys should be greater than 0');
  if (nk > BigInt(argv.length - 2)) throw new CommandError("ERR Number of keys can't be greater than number of args");
  const numkeys = Number(nk);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (is(argv[j], 'limit') && j < argv.length - 1) {
      const l = toInt64(argv[++j]);
      if (l === null || l < 0n) throw new CommandError("ERR LIMIT can't be negative");
      limit = Number(l);
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  inter(c, argv.slice(2, 2 + numkeys), null, true, limit);
}

function sunion(c: Client, argv: string[]): void {
  unionDiff(c, argv.slice(1), null, false);
}

function sunionstore(c: Client, argv: string[]): void {
  unionDiff(c, argv.slice(2), argv[1], false);
}

function sdiff(c: Client, argv: string[]): void {
  unionDiff(c, argv.slice(1), null, true);
}

function sdiffstore(c: Client, argv: string[]): void {
  unionDiff(c, argv.slice(2), argv[1], true);
}

/** SSCAN key cursor [MATCH pattern] [COUNT count]: an intset comes back whole with cursor 0. */
function sscan(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]);
  const s = setForRead(c, argv[1]);
  if (s === undefined) return replyEmptyScan(c);
  const { count, pattern } = parseScanOptions(argv, 3);
  let items: string[];
  let next = 0;
  if (s.encoding(maxIntsetEntries(c.node)) === 'intset') {
    items = [...s.members()];
  } else {
    items = [];
    next = s.scan(cursor, count, items);
  }
  if (pattern !== null) items = items.filter((m) => globMatch(pattern, m));
  c.reply.array(2);
  c.reply.bulk(String(next));
  c.reply.bulks(items);
}

/** SINTERCARD's keys: numkeys of them after the numkeys argument; none when numkeys is invalid. */
function sintercardKeys(argv: string[]): string[] {
  const n = toInt(argv[1] ?? '');
  if (n === null || n < 1 || n > argv.length - 2) return [];
  return argv.slice(2, 2 + n);
}

const doc = (since: string, summary: string) => ({ since, summary, group: 'set' });

export const setCommands: CommandSpec[] = [
  command('sadd', -3, 'write denyoom fast', [1, 1, 1], 'write set fast', sadd, doc('1.0.0', 'Add one or more members to a set')),
  command('srem', -3, 'write fast', [1, 1, 1], 'write set fast', srem, doc('1.0.0', 'Remove one or more members from a set')),
  command('scard', 2, 'readonly fast', [1, 1, 1], 'read set fast', scard, doc('1.0.0', 'Get the number of members in a set')),
  command('sismember', 3, 'readonly fast', [1, 1, 1], 'read set fast', sismember, doc('1.0.0', 'Determine if a given value is a member of a set')),
  command('smismember', -3, 'readonly fast', [1, 1, 1], 'read set fast', smismember, doc('6.2.0', 'Returns the membership associated with the given elements for a set')),
  command('smembers', 2, 'readonly', [1, 1, 1], 'read set slow', smembers, doc('1.0.0', 'Get all the members in a set')),
  command('srandmember', -2, 'readonly', [1, 1, 1], 'read set slow', srandmember, doc('1.0.0', 'Get one or multiple random members from a set')),
  command('spop', -2, 'write fast', [1, 1, 1], 'write set fast', spop, doc('1.0.0', 'Remove and return one or multiple random members from a set')),
  command('smove', 4, 'write fast', [1, 2, 1], 'write set fast', smove, doc('1.0.0', 'Move a member from one set to another')),
  command('sinter', -2, 'readonly', [1, -1, 1], 'read set slow', sinter, doc('1.0.0', 'Intersect multiple sets')),
  command('sintercard', -3, 'readonly movablekeys', [0, 0, 0], 'read set slow', sintercard, {
    ...doc('7.0.0', 'Intersect multiple sets and return the cardinality of the result'),
    getKeys: sintercardKeys,
  }),
  command('sinterstore', -3, 'write denyoom', [1, -1, 1], 'write set slow', sinterstore, doc('1.0.0', 'Intersect multiple sets and store the resulting set in a key')),
  command('sunion', -2, 'readonly', [1, -1, 1], 'read set slow', sunion, doc('1.0.0', 'Add multiple sets')),
  command('sunionstore', -3, 'write denyoom', [1, -1, 1], 'write set slow', sunionstore, doc('1.0.0', 'Add multiple sets and store the resulting set in a key')),
  command('sdiff', -2, 'readonly', [1, -1, 1], 'read set slow', sdiff, doc('1.0.0', 'Subtract multiple sets')),
  command('sdiffstore', -3, 'write denyoom', [1, -1, 1], 'write set slow', sdiffstore, doc('1.0.0', 'Subtract multiple sets and store the resulting set in a key')),
  command('sscan', -3, 'readonly', [1, 1, 1], 'read set slow', sscan, doc('2.8.0', 'Incrementally iterate Set elements')),
];
