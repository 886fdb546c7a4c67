import { command, type CommandSpec } from '../command-table.ts';
import { intArg, is, timeoutArg, toInt, toInt64 } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import { ListValue } from '../types/list.ts';
import type { Client } from '../client.ts';
import type { Database, StoredValue } from '../keyspace.ts';

/** Which end of a list: Redis's LIST_HEAD / LIST_TAIL. */
const LEFT = 0;
const RIGHT = 1;
type Where = typeof LEFT | typeof RIGHT;

/** LPOS RANK -9223372036854775808: Redis negates it in a long, which stays negative. */
const LONG_MIN = -(2n ** 63n);

function isList(v: StoredValue): v is ListValue {
  return typeof v !== 'string' && v.kind === 'list';
}

/** lookupKeyWrite + checkType: undefined when absent, WRONGTYPE when not a list. */
function getList(db: Database, key: string): ListValue | undefined {
  const v = db.get(key);
  if (v === undefined) return undefined;
  if (!isList(v)) throw new CommandError(ERR.wrongType);
  return v;
}

/** lookupKeyRead + checkType: also counts keyspace hits and misses. */
function readList(c: Client, key: string): ListValue | undefined {
  const v = c.db.get(key);
  if (v === undefined) {
    c.node.stats.keyspaceMisses++;
    return undefined;
  }
  c.node.stats.keyspaceHits++;
  if (!isList(v)) throw new CommandError(ERR.wrongType);
  return v;
}

/** getRangeLongFromObjectOrReply with a minimum and the command's own message for any failure. */
function rangeArg(s: string, min: number, error: string): number {
  const n = toInt(s);
  if (n === null || n < min) throw new CommandError(error);
  return n;
}

/** LEFT/RIGHT arguments (getListPositionFromObjectOrReply). */
function whereArg(s: string): Where {
  if (is(s, 'left')) return LEFT;
  if (is(s, 'right')) return RIGHT;
  throw new CommandError(ERR.syntax);
}

function whereName(where: Where): string {
  return where === LEFT ? 'left' : 'right';
}

function popEnd(list: ListValue, where: Where): string {
  return (where === LEFT ? list.popLeft() : list.popRight())!;
}

function pushEnd(list: ListValue, where: Where, v: string): void {
  if (where === LEFT) list.pushLeft(v);
  else list.pushRight(v);
}

/** listElementsRemoved: pop event, and the key goes away with its last element. */
function elementsRemoved(c: Client, db: Database, key: string, list: ListValue, where: Where): void {
  c.node.notifyKeyspaceEvent('l', where === LEFT ? 'lpop' : 'rpop', key, db.id);
  if (list.length === 0) {
    db.delete(key);
    c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
  } else {
    db.modified(key);
  }
}

/** Replies n elements popped from one end, in popping order (RPOP with count: tail first). */
function replyPopped(c: Client, list: ListValue, where: Where, n: number): void {
  c.reply.array(n);
  for (let i = 0; i < n; i++) c.reply.bulk(popEnd(list, where));
}

/** Replies [start, end] (inclusive, negative from the tail) like addListRangeReply. */
function replyRange(c: Client, list: ListValue, start: number, end: number): void {
  const llen = list.length;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return c.reply.array(0);
  if (end >= llen) end = llen - 1;
  c.reply.array(end - start + 1);
  for (let i = start; i <= end; i++) c.reply.bulk(list.at(i));
}

// ---------------------------------------------------------------------------------------------
// Push and pop

/** LPUSH/RPUSH/LPUSHX/RPUSHX: the X forms only push onto an existing list. */
function pushGeneric(c: Client, argv: string[], where: Where, onlyExisting: boolean): void {
  const db = c.db;
  const key = argv[1];
  let list = getList(db, key);
  if (list) {
    for (let i = 2; i < argv.length; i++) pushEnd(list, where, argv[i]);
    db.modified(key);
  } else {
    if (onlyExisting) return c.reply.int(0);
    list = new ListValue(argv.length - 2);
    for (let i = 2; i < argv.length; i++) pushEnd(list, where, argv[i]);
    db.set(key, list);
  }
  c.reply.int(list.length);
  c.node.notifyKeyspaceEvent('l', where === LEFT ? 'lpush' : 'rpush', key, db.id);
}

function lpush(c: Client, argv: string[]): void {
  pushGeneric(c, argv, LEFT, false);
}
function rpush(c: Client, argv: string[]): void {
  pushGeneric(c, argv, RIGHT, false);
}
function lpushx(c: Client, argv: string[]): void {
  pushGeneric(c, argv, LEFT, true);
}
function rpushx(c: Client, argv: string[]): void {
  pushGeneric(c, argv, RIGHT, true);
}

/** LPOP/RPOP key [count]: with a count the reply is an array (null array for a missing key). */
function popGeneric(c: Client, argv: string[], where: Where): void {
  if (argv.length > 3) throw new CommandError(ERR.wrongArgs(where === LEFT ? 'lpop' : 'rpop'));
  const hasCount = argv.length === 3;
  const count = hasCount ? rangeArg(argv[2], 0, 'ERR value is out of range, must be positive') : 1;
  const db = c.db;
  const key = argv[1];
  const list = getList(db, key);
  if (!list) return hasCount ? c.reply.nullArray() : c.reply.nullBulk();
  if (!hasCount) c.reply.bulk(popEnd(list, where));
  else if (count === 0) return c.reply.array(0);
  else replyPopped(c, list, where, Math.min(count, list.length));
  elementsRemoved(c, db, key, list, where);
}

function lpop(c: Client, argv: string[]): void {
  popGeneric(c, argv, LEFT);
}
function rpop(c: Client, argv: string[]): void {
  popGeneric(c, argv, RIGHT);
}

// ---------------------------------------------------------------------------------------------
// Reading and editing in place

function llen(c: Client, argv: string[]): void {
  const list = readList(c, argv[1]);
  c.reply.int(list ? list.length : 0);
}

/** LINDEX: the key is looked up before the index is parsed (a missing key answers nil). */
function lindex(c: Client, argv: string[]): void {
  const list = readList(c, argv[1]);
  if (!list) return c.reply.nullBulk();
  let index = intArg(argv[2]);
  if (index < 0) index += list.length;
  if (index < 0 || index >= list.length) return c.reply.nullBulk();
  c.reply.bulk(list.at(index));
}

function lset(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  const list = getList(db, key);
  if (!list) throw new CommandError(ERR.noSuchKey);
  let index = intArg(argv[2]);
  if (index < 0) index += list.length;
  if (index < 0 || index >= list.length) throw new CommandError(ERR.outOfRange);
  list.setAt(index, argv[3]);
  db.modified(key);
  c.node.notifyKeyspaceEvent('l', 'lset', key, db.id);
  c.reply.ok();
}

function lrange(c: Client, argv: string[]): void {
  const start = intArg(argv[2]);
  const end = intArg(argv[3]);
  const list = readList(c, argv[1]);
  if (!list) return c.reply.array(0);
  replyRange(c, list, start, end);
}

/** LTRIM: always signals the key and fires the event, even when nothing is trimmed. */
function ltrim(c: Client, argv: string[]): void {
  let start = intArg(argv[2]);
  let end = intArg(argv[3]);
  const db = c.db;
  const key = argv[1];
  const list = getList(db, key);
  if (!list) return c.reply.ok();
  const llen = list.length;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  let left: number;
  let right: number;
  if (start > end || start >= llen) {
    left = llen;
    right = 0;
  } else {
    if (end >= llen) end = llen - 1;
    left = start;
    right = llen - end - 1;
  }
  list.trim(left, right);
  // Nothing trimmed: WATCH still sees the key touched, but replicas get nothing (dirty += 0).
  if (left + right === 0) c.propagateAs = [];
  c.node.notifyKeyspaceEvent('l', 'ltrim', key, db.id);
  if (list.length === 0) {
    db.delete(key);
    c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
  } else {
    db.modified(key);
  }
  c.reply.ok();
}

function lrem(c: Client, argv: string[]): void {
  const count = intArg(argv[2]);
  const db = c.db;
  const key = argv[1];
  const list = getList(db, key);
  if (!list) return c.reply.int(0);
  const removed = list.removeMatching(argv[3], count);
  if (removed > 0) {
    db.modified(key);
    c.node.notifyKeyspaceEvent('l', 'lrem', key, db.id);
  }
  if (list.length === 0) {
    db.delete(key);
    c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
  }
  c.reply.int(removed);
}

/** LINSERT key BEFORE|AFTER pivot element: -1 when the pivot is missing, 0 when the key is. */
function linsert(c: Client, argv: string[]): void {
  let after: boolean;
  if (is(argv[2], 'after')) after = true;
  else if (is(argv[2], 'before')) after = false;
  else throw new CommandError(ERR.syntax);
  const db = c.db;
  const key = argv[1];
  const list = getList(db, key);
  if (!list) return c.reply.int(0);
  const at = list.indexOf(argv[3]);
  if (at < 0) return c.reply.int(-1);
  list.insertAt(after ? at + 1 : at, argv[4]);
  db.modified(key);
  c.node.notifyKeyspaceEvent('l', 'linsert', key, db.id);
  c.reply.int(list.length);
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
function lpos(c: Client, argv: string[]): void {
  const element = argv[2];
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  // RANK LONG_MIN stays negative when negated: every match then counts, and COUNT never stops it.
  let wrapped = false;
  for (let j = 3; j < argv.length; j++) {
    const more = j < argv.length - 1;
    if (is(argv[j], 'rank') && more) {
      const r = toInt64(argv[++j]);
      if (r === null) throw new CommandError(ERR.notInteger);
      wrapped = r === LONG_MIN;
      rank = Number(r);
      if (rank === 0) {
        throw new CommandError(
          "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
        );
      }
    } else if (is(argv[j], 'count') && more) {
      count = rangeArg(argv[++j], 0, "ERR COUNT can't be negative");
    } else if (is(argv[j], 'maxlen') && more) {
      maxlen = rangeArg(argv[++j], 0, "ERR MAXLEN can't be negative");
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  const fromTail = rank < 0;
  if (fromTail && !wrapped) rank = -rank;
  const list = readList(c, argv[1]);
  if (!list) return count !== -1 ? c.reply.array(0) : c.reply.nullBulk();
  const llen = list.length;
  const limit = maxlen === 0 ? llen : Math.min(maxlen, llen);
  let matches = 0;
  if (count === -1) {
    for (let i = 0; i < limit; i++) {
      const idx = fromTail ? llen - i - 1 : i;
      if (list.at(idx) === element && ++matches >= rank) return c.reply.int(idx);
    }
    return c.reply.nullBulk();
  }
  const found: number[] = [];
  for (let i = 0; i < limit; i++) {
    const idx = fromTail ? llen - i - 1 : i;
    if (list.at(idx) !== element) continue;
    matches++;
    if (matches >= rank) {
      found.push(idx);
      if (count !== 0 && !wrapped && matches - rank + 1 >= count) break;
    }
  }
  c.reply.array(found.length);
  for (const idx of found) c.reply.int(idx);
}

// ---------------------------------------------------------------------------------------------
// Moving between lists

/**
 * The pop-and-push of LMOVE once both keys passed their checks (lmoveGenericCommand and
 * lmoveHandlePush): replies the moved element; the source goes away with its last element.
 */
function moveElement(c: Client, db: Database, src: string, srcList: ListValue, dst: string, dstList: ListValue | undefined, from: Where, to: Where): void {
  const value = popEnd(srcList, from);
  if (dstList) {
    pushEnd(dstList, to, value);
    db.modified(dst);
  } else {
    const created = new ListValue();
    created.pushRight(value);
    db.set(dst, created);
  }
  c.node.notifyKeyspaceEvent('l', to === LEFT ? 'lpush' : 'rpush', dst, db.id);
  c.reply.bulk(value);
  c.node.notifyKeyspaceEvent('l', from === LEFT ? 'lpop' : 'rpop', src, db.id);
  if (srcList.length === 0) {
    db.delete(src);
    c.node.notifyKeyspaceEvent('g', 'del', src, db.id);
  } else {
    db.modified(src);
  }
}

/** LMOVE/RPOPLPUSH body: nil for a missing source, WRONGTYPE for a non-list destination. */
function lmoveGeneric(c: Client, src: string, dst: string, from: Where, to: Where): void {
  const db = c.db;
  const srcList = getList(db, src);
  if (!srcList) return c.reply.nullBulk();
  moveElement(c, db, src, srcList, dst, getList(db, dst), from, to);
}

function lmove(c: Client, argv: string[]): void {
  const from = whereArg(argv[3]);
  const to = whereArg(argv[4]);
  lmoveGeneric(c, argv[1], argv[2], from, to);
}

function rpoplpush(c: Client, argv: string[]): void {
  lmoveGeneric(c, argv[1], argv[2], RIGHT, LEFT);
}

/** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] (and BLMPOP after its timeout). */
function parseMpop(argv: string[], numkeysIdx: number): { keys: string[]; where: Where; count: number } {
  const numkeys = rangeArg(argv[numkeysIdx], 1, 'ERR numkeys should be greater than 0');
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw new CommandError(ERR.syntax);
  const where = whereArg(argv[whereIdx]);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && is(argv[j], 'count') && j < argv.length - 1) {
      count = rangeArg(argv[++j], 1, 'ERR count should be greater than 0');
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), where, count: count === -1 ? 1 : count };
}

/**
 * Pops for BLPOP/BRPOP (count -1: replies [key, element]) or for the MPOP family (replies
 * [key, [elements]]). Returns the pop replicas get instead of the command.
 */
function popWithKey(c: Client, db: Database, key: string, list: ListValue, where: Where, count: number): string[] {
  const name = where === LEFT ? 'LPOP' : 'RPOP';
  c.reply.array(2);
  c.reply.bulk(key);
  if (count < 0) {
    c.reply.bulk(popEnd(list, where));
    elementsRemoved(c, db, key, list, where);
    return [name, key];
  }
  const n = Math.min(count, list.length);
  replyPopped(c, list, where, n);
  elementsRemoved(c, db, key, list, where);
  return [name, key, String(n)];
}

function lmpop(c: Client, argv: string[]): void {
  const { keys, where, count } = parseMpop(argv, 1);
  const db = c.db;
  for (const key of keys) {
    const list = getList(db, key);
    if (!list) continue;
    c.propagateAs = [popWithKey(c, db, key, list, where, count)];
    return;
  }
  c.reply.nullArray();
}

// ---------------------------------------------------------------------------------------------
// Blocking variants

function deadlineOf(c: Client, ms: number): number {
  return ms > 0 ? c.node.clock.now() + ms : 0;
}

/**
 * blockingPopGenericCommand: serves from the first non-empty list at once (replicated as the
 * plain pop), otherwise blocks on every key; inside MULTI it answers as a timeout instead.
 */
function blockingPop(c: Client, keys: string[], where: Where, count: number, ms: number): void {
  const db = c.db;
  for (const key of keys) {
    const list = getList(db, key);
    if (!list) continue;
    c.propagateAs = [popWithKey(c, db, key, list, where, count)];
    return;
  }
  if (c.multi) return c.reply.nullArray();
  const node = c.node;
  node.blocking.block(c, {
    db,
    keys,
    deadline: deadlineOf(c, ms),
    // Served from the key that became ready, as serveClientsBlockedOnListKey does.
    retry: (key) => {
      const v = db.get(key);
      if (v === undefined || !isList(v)) return false;
      node.propagate(db.id, popWithKey(c, db, key, v, where, count));
      return true;
    },
    onTimeout: () => c.reply.nullArray(),
  });
}

/** BLPOP/BRPOP key [key ...] timeout: the timeout is checked before any key. */
function blpopGeneric(c: Client, argv: string[], where: Where): void {
  const ms = timeoutArg(argv[argv.length - 1]);
  blockingPop(c, argv.slice(1, -1), where, -1, ms);
}

function blpop(c: Client, argv: string[]): void {
  blpopGeneric(c, argv, LEFT);
}
function brpop(c: Client, argv: string[]): void {
  blpopGeneric(c, argv, RIGHT);
}

/** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: options before the timeout. */
function blmpop(c: Client, argv: string[]): void {
  const { keys, where, count } = parseMpop(argv, 2);
  blockingPop(c, keys, where, count, timeoutArg(argv[1]));
}

/**
 * blmoveGenericCommand: moves at once when the source has elements (replicated as LMOVE or
 * RPOPLPUSH), else blocks on the source; a woken client whose destination is no longer a list
 * gets WRONGTYPE and nothing moves.
 */
function blmoveGeneric(c: Client, src: string, dst: string, from: Where, to: Where, ms: number, now: string[], woken: string[]): void {
  const db = c.db;
  const srcList = getList(db, src);
  if (srcList) {
    moveElement(c, db, src, srcList, dst, getList(db, dst), from, to);
    c.propagateAs = [now];
    return;
  }
  if (c.multi) return c.reply.nullBulk();
  const node = c.node;
  node.blocking.block(c, {
    db,
    keys: [src],
    deadline: deadlineOf(c, ms),
    retry: (key) => {
      const v = db.get(key);
      if (v === undefined || !isList(v)) return false;
      const d = db.get(dst);
      if (d !== undefined && !isList(d)) {
        c.reply.error(ERR.wrongType);
        return true;
      }
      moveElement(c, db, src, v, dst, d, from, to);
      node.propagate(db.id, woken);
      return true;
    },
    onTimeout: () => c.reply.nullArray(),
  });
}

function blmove(c: Client, argv: string[]): void {
  const from = whereArg(argv[3]);
  const to = whereArg(argv[4]);
  const ms = timeoutArg(argv[5]);
  // Served at once it replicates with the caller's LEFT/RIGHT words; once woken, with Redis's own.
  const now = ['LMOVE', argv[1], argv[2], argv[3], argv[4]];
  blmoveGeneric(c, argv[1], argv[2], from, to, ms, now, ['LMOVE', argv[1], argv[2], whereName(from), whereName(to)]);
}

function brpoplpush(c: Client, argv: string[]): void {
  const ms = timeoutArg(argv[3]);
  const as = ['RPOPLPUSH', argv[1], argv[2]];
  blmoveGeneric(c, argv[1], argv[2], RIGHT, LEFT, ms, as, as);
}

// ---------------------------------------------------------------------------------------------

/** Keys of LMPOP/BLMPOP: numkeys at numkeysIdx, then the keys. */
function mpopKeys(argv: string[], numkeysIdx: number): string[] {
  const n = toInt(argv[numkeysIdx] ?? '');
  if (n === null || n < 1 || numkeysIdx + n >= argv.length) return [];
  return argv.slice(numkeysIdx + 1, numkeysIdx + 1 + n);
}

function doc(since: string, summary: string): Partial<CommandSpec> {
  return { since, summary, group: 'list' };
}

export const listCommands: CommandSpec[] = [
  command('lpush', -3, 'write denyoom fast', [1, 1, 1], 'write list fast', lpush, doc('1.0.0', 'Prepend one or multiple elements to a list')),
  command('rpush', -3, 'write denyoom fast', [1, 1, 1], 'write list fast', rpush, doc('1.0.0', 'Append one or multiple elements to a list')),
  command('lpushx', -3, 'write denyoom fast', [1, 1, 1], 'write list fast', lpushx, doc('2.2.0', 'Prepend an element to a list, only if the list exists')),
  command('rpushx', -3, 'write denyoom fast', [1, 1, 1], 'write list fast', rpushx, doc('2.2.0', 'Append an element to a list, only if the list exists')),
  command('lpop', -2, 'write fast', [1, 1, 1], 'write list fast', lpop, doc('1.0.0', 'Remove and get the first elements in a list')),
  command('rpop', -2, 'write fast', [1, 1, 1], 'write list fast', rpop, doc('1.0.0', 'Remove and get the last elements in a list')),
  command('llen', 2, 'readonly fast', [1, 1, 1], 'read list fast', llen, doc('1.0.0', 'Get the length of a list')),
  command('lindex', 3, 'readonly', [1, 1, 1], 'read list slow', lindex, doc('1.0.0', 'Get an element from a list by its index')),
  command('lset', 4, 'write denyoom', [1, 1, 1], 'write list slow', lset, doc('1.0.0', 'Set the value of an element in a list by its index')),
  command('lrange', 4, 'readonly', [1, 1, 1], 'read list slow', lrange, doc('1.0.0', 'Get a range of elements from a list')),
  command('ltrim', 4, 'write', [1, 1, 1], 'write list slow', ltrim, doc('1.0.0', 'Trim a list to the specified range')),
  command('lrem', 4, 'write', [1, 1, 1], 'write list slow', lrem, doc('1.0.0', 'Remove elements from a list')),
  command('linsert', 5, 'write denyoom', [1, 1, 1], 'write list slow', linsert, doc('2.2.0', 'Insert an element before or after another element in a list')),
  command('lpos', -3, 'readonly', [1, 1, 1], 'read list slow', lpos, doc('6.0.6', 'Return the index of matching elements on a list')),
  command('lmove', 5, 'write denyoom', [1, 2, 1], 'write list slow', lmove, doc('6.2.0', 'Pop an element from a list, push it to another list and return it')),
  command('rpoplpush', 3, 'write denyoom', [1, 2, 1], 'write list slow', rpoplpush, doc('1.2.0', 'Remove the last element in a list, prepend it to another list and return it')),
  command('lmpop', -4, 'write movablekeys', [0, 0, 0], 'write list slow', lmpop, { ...doc('7.0.0', 'Pop elements from a list'), getKeys: (argv) => mpopKeys(argv, 1) }),
  command('blpop', -3, 'write noscript blocking', [1, -2, 1], 'write list slow blocking', blpop, doc('2.0.0', 'Remove and get the first element in a list, or block until one is available')),
  command('brpop', -3, 'write noscript blocking', [1, -2, 1], 'write list slow blocking', brpop, doc('2.0.0', 'Remove and get the last element in a list, or block until one is available')),
  command('blmove', 6, 'write denyoom noscript blocking', [1, 2, 1], 'write list slow blocking', blmove, doc('6.2.0', 'Pop an element from a list, push it to another list and return it; or block until one is available')),
  command('brpoplpush', 4, 'write denyoom noscript blocking', [1, 2, 1], 'write list slow blocking', brpoplpush, doc('2.2.0', 'Pop an element from a list, push it to another list and return it; or block until one is available')),
  command('blmpop', -5, 'write blocking movablekeys', [0, 0, 0], 'write list slow blocking', blmpop, { ...doc('7.0.0', 'Pop elements from a list, or block until one is available'), getKeys: (argv) => mpopKeys(argv, 2) }),
];
