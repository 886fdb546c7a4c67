import { command, type CommandSpec } from '../command-table.ts';
import { timeoutArg, toInt, toInt64 } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import { globMatch } from '../glob.ts';
import { formatDouble } from '../reply-writer.ts';
import {
  LEX_MINUS,
  LEX_PLUS,
  LEX_STRING,
  ZSetValue,
  lexGteMin,
  lexLteMax,
  scoreGteMin,
  scoreLteMax,
  type LexRange,
  type ScoreRange,
  type ZEntry,
} from '../types/zset.ts';
import type { Client } from '../client.ts';
import type { EngineNode } from '../engine-node.ts';
import type { Database, StoredValue } from '../keyspace.ts';
import type { SetValue } from '../types/set.ts';
import type { StringSet } from '../types/string-set.ts';

const NAN_ERR = 'ERR resulting score is not a number (NaN)';
const MIN_MAX_NOT_FLOAT = 'ERR min or max is not a float';
const MIN_MAX_NOT_STRING = 'ERR min or max not valid string range item';
const LONG_MAX = 9223372036854775807n;

// ---------------------------------------------------------------------------------------------
// Number parsing with the exact acceptance rules of the C functions Redis uses.

function isSpace(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13);
}
function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}
function hexValue(ch: number): number {
  if (ch >= 48 && ch <= 57) return ch - 48;
  const l = ch | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Where the last strtod call stopped, and whether it over/underflowed (errno ERANGE to 0/inf). */
let strtodEnd = 0;
let strtodRange = false;

/**
 * C's strtod from `start`: leading spaces, sign, decimal or hex digits, inf/infinity/nan.
 * Sets strtodEnd (== start when nothing could be parsed) and strtodRange.
 */
function strtod(s: string, start: number): number {
  strtodRange = false;
  const n = s.length;
  let i = start;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  let ch = s.charCodeAt(i);
  if (ch === 43 || ch === 45) {
    neg = ch === 45;
    i++;
    ch = s.charCodeAt(i);
  }
  const low = ch | 0x20;
  if (low === 105 || low === 110) {
    const word = s.substr(i, 8).toLowerCase();
    if (word.startsWith('inf')) {
      strtodEnd = i + (word === 'infinity' ? 8 : 3);
      return neg ? -Infinity : Infinity;
    }
    if (word.startsWith('nan')) {
      i += 3;
      if (s[i] === '(') {
        let j = i + 1;
        while (j < n && /[0-9A-Za-z_]/.test(s[j])) j++;
        if (s[j] === ')') i = j + 1;
      }
      strtodEnd = i;
      return NaN;
    }
    strtodEnd = start;
    return 0;
  }
  if (ch === 48 && (s.charCodeAt(i + 1) | 0x20) === 120) {
    const v = parseHexFloat(s, i + 2);
    if (v !== null) return neg ? -v : v;
    strtodEnd = i + 1;
    return neg ? -0 : 0;
  }
  const numStart = i;
  let digits = 0;
  let nonzero = false;
  while (i < n && isDigit((ch = s.charCodeAt(i)))) {
    if (ch !== 48) nonzero = true;
    digits++;
    i++;
  }
  if (s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit((ch = s.charCodeAt(i)))) {
      if (ch !== 48) nonzero = true;
      digits++;
      i++;
    }
  }
  if (digits === 0) {
    strtodEnd = start;
    return 0;
  }
  if ((s.charCodeAt(i) | 0x20) === 101) {
    let j = i + 1;
    const sc = s.charCodeAt(j);
    if (sc === 43 || sc === 45) j++;
    if (isDigit(s.charCodeAt(j))) {
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      i = j;
    }
  }
  const v = Number(s.slice(numStart, i));
  if (v === Infinity || (v === 0 && nonzero)) strtodRange = true;
  strtodEnd = i;
  return neg ? -v : v;
}

/** The hex part of strtod after "0x": digits, optional fraction, optional p exponent. */
function parseHexFloat(s: string, start: number): number | null {
  let i = start;
  let mant = 0n;
  let digits = 0;
  let fracDigits = 0;
  let h: number;
  while ((h = hexValue(s.charCodeAt(i))) >= 0) {
    mant = mant * 16n + BigInt(h);
    digits++;
    i++;
  }
  if (s.charCodeAt(i) === 46) {
    i++;
    while ((h = hexValue(s.charCodeAt(i))) >= 0) {
      mant = mant * 16n + BigInt(h);
      digits++;
      fracDigits++;
      i++;
    }
  }
  if (digits === 0) return null;
  let exp = -4 * fracDigits;
  if ((s.charCodeAt(i) | 0x20) === 112) {
    let j = i + 1;
    let eneg = false;
    const sc = s.charCodeAt(j);
    if (sc === 43 || sc === 45) {
      eneg = sc === 45;
      j++;
    }
    if (isDigit(s.charCodeAt(j))) {
      let e = 0;
      while (isDigit(s.charCodeAt(j))) {
        e = Math.min(e * 10 + s.charCodeAt(j) - 48, 100000);
        j++;
      }
      exp += eneg ? -e : e;
      i = j;
    }
  }
  strtodEnd = i;
  // Two steps so a tiny power of two does not underflow before the mantissa is applied.
  const half = Math.trunc(exp / 2);
  const v = Number(mant) * 2 ** half * 2 ** (exp - half);
  if (v === Infinity || (v === 0 && mant !== 0n)) strtodRange = true;
  return v;
}

/** getDoubleFromObject: the whole string, no leading space, no NaN, no overflow. */
export function parseDouble(s: string): number | null {
  if (s.length === 0 || isSpace(s.charCodeAt(0))) return null;
  const v = strtod(s, 0);
  if (strtodEnd !== s.length || Number.isNaN(v) || strtodRange) return null;
  return v;
}

export function doubleOrError(s: string, error: string = ERR.notFloat): number {
  const v = parseDouble(s);
  if (v === null) throw new CommandError(error);
  return v;
}

/** getLongFromObjectOrReply. */
function longArg(s: string, error: string = ERR.notInteger): number {
  const n = toInt(s);
  if (n === null) throw new CommandError(error);
  return n;
}

/** zslParseRange's parsing of one end: "(" for exclusive, strtod up to the end (or a NUL). */
function parseScoreBound(s: string, isMin: boolean, r: ScoreRange): boolean {
  const ex = s.charCodeAt(0) === 40;
  const start = ex ? 1 : 0;
  const v = strtod(s, start);
  if ((strtodEnd < s.length && s.charCodeAt(strtodEnd) !== 0) || Number.isNaN(v)) return false;
  if (isMin) {
    r.min = v;
    r.minex = ex;
  } else {
    r.max = v;
    r.maxex = ex;
  }
  return true;
}

function parseScoreRange(min: string, max: string): ScoreRange {
  const r: ScoreRange = { min: 0, max: 0, minex: false, maxex: false };
  if (!parseScoreBound(min, true, r) || !parseScoreBound(max, false, r)) throw new CommandError(MIN_MAX_NOT_FLOAT);
  return r;
}

/** zslParseLexRangeItem: "+", "-", "(str" or "[str" (C string compare: a NUL ends "+"/"-"). */
function parseLexBound(s: string, isMin: boolean, r: LexRange): boolean {
  const c0 = s.charCodeAt(0);
  let kind: number;
  let value = '';
  let ex: boolean;
  if (c0 === 43 || c0 === 45) {
    if (s.length > 1 && s.charCodeAt(1) !== 0) return false;
    kind = c0 === 43 ? LEX_PLUS : LEX_MINUS;
    ex = true;
  } else if (c0 === 40 || c0 === 91) {
    kind = LEX_STRING;
    value = s.slice(1);
    ex = c0 === 40;
  } else {
    return false;
  }
  if (isMin) {
    r.min = value;
    r.minKind = kind;
    r.minex = ex;
  } else {
    r.max = value;
    r.maxKind = kind;
    r.maxex = ex;
  }
  return true;
}

function parseLexRange(min: string, max: string): LexRange {
  const r: LexRange = { min: '', max: '', minKind: LEX_STRING, maxKind: LEX_STRING, minex: false, maxex: false };
  if (!parseLexBound(min, true, r) || !parseLexBound(max, false, r)) throw new CommandError(MIN_MAX_NOT_STRING);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Lookups and shared helpers.

interface Limits {
  entries: number;
  value: number;
}
const limitsByNode = new WeakMap<EngineNode, Limits>();

/** zset-max-listpack-entries/value of a node, cached and refreshed on CONFIG SET. */
function zsetLimits(node: EngineNode): Limits {
  let l = limitsByNode.get(node);
  if (!l) {
    const lim: Limits = { entries: node.config.int('zset-max-listpack-entries'), value: node.config.int('zset-max-listpack-value') };
    node.config.onChange((name) => {
      if (!name.startsWith('zset-max')) return;
      lim.entries = node.config.int('zset-max-listpack-entries');
      lim.value = node.config.int('zset-max-listpack-value');
    });
    limitsByNode.set(node, lim);
    l = lim;
  }
  return l;
}

function isZset(v: StoredValue): v is ZSetValue {
  return typeof v !== 'string' && v.kind === 'zset';
}

/** lookupKeyRead + checkType: counts hits/misses like Redis. */
export function readZset(c: Client, key: string): ZSetValue | undefined {
  const v = c.db.get(key);
  if (v === undefined) {
    c.node.stats.keyspaceMisses++;
    return undefined;
  }
  c.node.stats.keyspaceHits++;
  if (!isZset(v)) throw new CommandError(ERR.wrongType);
  return v;
}

/** lookupKeyWrite + checkType. */
function writeZset(db: Database, key: string): ZSetValue | undefined {
  const v = db.get(key);
  if (v === undefined) return undefined;
  if (!isZset(v)) throw new CommandError(ERR.wrongType);
  return v;
}

/** A new, empty sorted set encoded as Redis creates one for its first member. */
function newZset(node: EngineNode, firstMemberLen: number): ZSetValue {
  const lim = zsetLimits(node);
  const z = new ZSetValue();
  z.listpack = !(lim.entries === 0 || lim.value < firstMemberLen);
  return z;
}

/** Stores a computed result (or deletes the destination when empty); replies its size. */
export function storeResult(c: Client, dst: string, z: ZSetValue, event: string): void {
  const db = c.db;
  if (z.size > 0) {
    db.set(dst, z);
    c.node.notifyKeyspaceEvent('z', event, dst, db.id);
    c.reply.int(z.size);
  } else {
    if (db.delete(dst)) c.node.notifyKeyspaceEvent('g', 'del', dst, db.id);
    c.reply.int(0);
  }
}

/** A result built as a skiplist, converted to listpack when small (zsetConvertToListpackIfNeeded). */
export function settleEncoding(z: ZSetValue, node: EngineNode, maxMemberLen: number): void {
  const lim = zsetLimits(node);
  if (z.size <= lim.entries && maxMemberLen <= lim.value) z.setListpack(true);
}

/** Deletes a key whose sorted set became empty, with the "del" event. */
function deleteIfEmpty(c: Client, key: string, z: ZSetValue): boolean {
  if (z.size > 0) return false;
  c.db.delete(key);
  c.node.notifyKeyspaceEvent('g', 'del', key, c.db.id);
  return true;
}

/** One member of a range reply; RESP3 nests [member, score] pairs when scores are included. */
function emitMember(c: Client, n: ZEntry, withscores: boolean, resp3: boolean): void {
  if (withscores) {
    if (resp3) c.reply.array(2);
    c.reply.bulk(n.member);
    c.reply.double(n.score);
  } else {
    c.reply.bulk(n.member);
  }
}

function replyNodes(c: Client, nodes: ZEntry[], withscores: boolean): void {
  const resp3 = c.reply.protocol === 3;
  c.reply.array(withscores && !resp3 ? nodes.length * 2 : nodes.length);
  for (let i = 0; i < nodes.length; i++) emitMember(c, nodes[i], withscores, resp3);
}

// ---------------------------------------------------------------------------------------------
// ZADD / ZINCRBY / ZREM / ZCARD / ZSCORE / ZMSCORE / ZRANK / ZCOUNT / ZLEXCOUNT

/** zaddGenericCommand: options, then all scores parsed before anything changes. */
function zaddGeneric(c: Client, argv: string[], incrCommand: boolean): void {
  const key = argv[1];
  let nx = false;
  let xx = false;
  let gt = false;
  let lt = false;
  let ch = false;
  let incr = incrCommand;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const o = argv[idx];
    if (o.length > 4) break;
    const l = o.toLowerCase();
    if (l === 'nx') nx = true;
    else if (l === 'xx') xx = true;
    else if (l === 'ch') ch = true;
    else if (l === 'incr') incr = true;
    else if (l === 'gt') gt = true;
    else if (l === 'lt') lt = true;
    else break;
  }
  const rest = argv.length - idx;
  if (rest % 2 !== 0 || rest === 0) throw new CommandError(ERR.syntax);
  const elements = rest / 2;
  if (nx && xx) throw new CommandError('ERR XX and NX options at the same time are not compatible');
  if ((gt && nx) || (lt && nx) || (gt && lt)) throw new CommandError('ERR GT, LT, and/or NX options at the same time are not compatible');
  if (incr && elements > 1) throw new CommandError('ERR INCR option supports a single increment-element pair');
  const scores = new Array<number>(elements);
  for (let j = 0; j < elements; j++) scores[j] = doubleOrError(argv[idx + j * 2]);

  const db = c.db;
  let z = writeZset(db, key);
  let created = false;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (z === undefined && !xx) {
    z = newZset(c.node, argv[idx + 1].length);
    created = true;
  }
  if (z !== undefined) {
    const lim = zsetLimits(c.node);
    for (let j = 0; j < elements; j++) {
      const member = argv[idx + 1 + j * 2];
      let s = scores[j];
      const node = z.nodes.get(member);
      if (node !== undefined) {
        const cur = node.score;
        if (nx) continue;
        if (incr) {
          s += cur;
          // INCR takes a single pair, so nothing has changed yet.
          if (Number.isNaN(s)) throw new CommandError(NAN_ERR);
        }
        if ((lt && s >= cur) || (gt && s <= cur)) continue;
        score = s;
        processed++;
        if (s !== cur) {
          z.setScore(node, s);
          updated++;
        }
      } else if (!xx) {
        z.insertNew(member, s, lim.entries, lim.value);
        score = s;
        added++;
        processed++;
      }
    }
    if (added || updated) finishZadd(c, key, created, z, incr);
  }
  if (incr) {
    if (processed) c.reply.double(score);
    else c.reply.nullBulk();
  } else {
    c.reply.int(ch ? added + updated : added);
  }
}

function finishZadd(c: Client, key: string, created: boolean, z: ZSetValue, incr: boolean): void {
  if (created) c.db.set(key, z);
  else c.db.modified(key);
  c.node.notifyKeyspaceEvent('z', incr ? 'zincr' : 'zadd', key, c.db.id);
}

function zadd(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, false);
}

/** ZADD's handler, for GEOADD which runs as the ZADD it rewrites itself into. */
export const zaddCommand = zadd;

function zincrby(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, true);
}

function zrem(c: Client, argv: string[]): void {
  const key = argv[1];
  const z = writeZset(c.db, key);
  if (!z) return c.reply.int(0);
  let deleted = 0;
  let keyRemoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (z.remove(argv[j])) deleted++;
    if (z.size === 0) {
      c.db.delete(key);
      keyRemoved = true;
      break;
    }
  }
  if (deleted) {
    c.node.notifyKeyspaceEvent('z', 'zrem', key, c.db.id);
    if (keyRemoved) c.node.notifyKeyspaceEvent('g', 'del', key, c.db.id);
    else c.db.modified(key);
  }
  c.reply.int(deleted);
}

function zcard(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]);
  c.reply.int(z ? z.size : 0);
}

function zscore(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]);
  const s = z?.score(argv[2]);
  if (s === undefined) c.reply.nullBulk();
  else c.reply.double(s);
}

function zmscore(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]);
  c.reply.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z?.score(argv[j]);
    if (s === undefined) c.reply.nullBulk();
    else c.reply.double(s);
  }
}

function zrankGeneric(c: Client, argv: string[], reverse: boolean): void {
  const z = readZset(c, argv[1]);
  if (!z) return c.reply.nullBulk();
  const r = z.rank(argv[2]);
  if (r < 0) c.reply.nullBulk();
  else c.reply.int(reverse ? z.size - 1 - r : r);
}

function zcount(c: Client, argv: string[]): void {
  const range = parseScoreRange(argv[2], argv[3]);
  const z = readZset(c, argv[1]);
  c.reply.int(z ? z.countInScoreRange(range) : 0);
}

function zlexcount(c: Client, argv: string[]): void {
  const range = parseLexRange(argv[2], argv[3]);
  const z = readZset(c, argv[1]);
  c.reply.int(z ? z.countInLexRange(range) : 0);
}

// ---------------------------------------------------------------------------------------------
// ZRANGE family.

const enum RangeType {
  Auto,
  Rank,
  Score,
  Lex,
}

/** The members a range selects, in reply order. */
function selectRange(
  z: ZSetValue,
  type: RangeType,
  reverse: boolean,
  start: number,
  end: number,
  score: ScoreRange | null,
  lex: LexRange | null,
  offset: number,
  limit: number,
): ZEntry[] {
  const out: ZEntry[] = [];
  const len = z.size;
  if (type === RangeType.Rank) {
    if (start < 0) start = len + start;
    if (end < 0) end = len + end;
    if (start < 0) start = 0;
    if (start > end || start >= len) return out;
    if (end >= len) end = len - 1;
    let left = end - start + 1;
    z.walk(reverse ? len - 1 - start : start, reverse, (e) => {
      out.push(e);
      return --left > 0;
    });
    return out;
  }
  if (offset > 0 && offset >= len) return out;
  if (offset < 0) return out;
  let rank: number;
  if (type === RangeType.Score) rank = reverse ? z.lastInScoreRange(score!) : z.firstInScoreRange(score!);
  else rank = reverse ? z.lastInLexRange(lex!) : z.firstInLexRange(lex!);
  if (rank < 0) return out;
  rank += reverse ? -offset : offset;
  if (limit === 0) return out;
  z.walk(rank, reverse, (e) => {
    if (type === RangeType.Score) {
      if (reverse ? !scoreGteMin(e.score, score!) : !scoreLteMax(e.score, score!)) return false;
    } else if (reverse ? !lexGteMin(e.member, lex!) : !lexLteMax(e.member, lex!)) return false;
    out.push(e);
    return --limit !== 0;
  });
  return out;
}

/**
 * zrangeGenericCommand: argv[keyIdx] is the source, then min/max, then options. `store` is the
 * ZRANGESTORE destination. Fixed type/direction come from the legacy command names.
 */
function zrangeGeneric(c: Client, argv: string[], keyIdx: number, store: string | null, fixedType: RangeType, fixedRev: boolean | null): void {
  let type = fixedType;
  let rev: boolean | null = fixedRev;
  let withscores = false;
  let offset = 0;
  let limit = -1;
  for (let j = keyIdx + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const o = argv[j].toLowerCase();
    if (!store && o === 'withscores') withscores = true;
    else if (o === 'limit' && left >= 2) {
      offset = longArg(argv[j + 1]);
      limit = longArg(argv[j + 2]);
      j += 2;
    } else if (rev === null && o === 'rev') rev = true;
    else if (type === RangeType.Auto && o === 'bylex') type = RangeType.Lex;
    else if (type === RangeType.Auto && o === 'byscore') type = RangeType.Score;
    else throw new CommandError(ERR.syntax);
  }
  const reverse = rev === true;
  if (type === RangeType.Auto) type = RangeType.Rank;
  if (limit !== -1 && type === RangeType.Rank) throw new CommandError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  if (withscores && type === RangeType.Lex) throw new CommandError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  let minIdx = keyIdx + 1;
  let maxIdx = keyIdx + 2;
  if (reverse && type !== RangeType.Rank) {
    minIdx = keyIdx + 2;
    maxIdx = keyIdx + 1;
  }
  let start = 0;
  let end = 0;
  let score: ScoreRange | null = null;
  let lex: LexRange | null = null;
  if (type === RangeType.Rank) {
    start = longArg(argv[minIdx]);
    end = longArg(argv[maxIdx]);
  } else if (type === RangeType.Score) {
    score = parseScoreRange(argv[minIdx], argv[maxIdx]);
  } else {
    lex = parseLexRange(argv[minIdx], argv[maxIdx]);
  }
  const z = readZset(c, argv[keyIdx]);
  if (!z) {
    if (store !== null) storeResult(c, store, new ZSetValue(), 'zrangestore');
    else c.reply.array(0);
    return;
  }
  const nodes = selectRange(z, type, reverse, start, end, score, lex, offset, limit);
  if (store === null) {
    replyNodes(c, nodes, withscores);
    return;
  }
  // zrangeResultBeginStore: a skiplist from the start when a rank range is known to be too long.
  const lim = zsetLimits(c.node);
  const dst = new ZSetValue();
  dst.listpack = !(type === RangeType.Rank && nodes.length > lim.entries);
  for (const n of nodes) dst.insertNew(n.member, n.score, lim.entries, lim.value);
  storeResult(c, store, dst, 'zrangestore');
}

function zrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeType.Auto, null);
}
function zrangestore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 2, argv[1], RangeType.Auto, null);
}
function zrevrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeType.Rank, true);
}
function zrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeType.Score, false);
}
function zrevrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeType.Score, true);
}
function zrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeType.Lex, false);
}
function zrevrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeType.Lex, true);
}

/** ZREMRANGEBYRANK/SCORE/LEX. */
function zremrangeGeneric(c: Client, argv: string[], type: RangeType): void {
  const key = argv[1];
  let start = 0;
  let end = 0;
  let score: ScoreRange | null = null;
  let lex: LexRange | null = null;
  let event: string;
  if (type === RangeType.Rank) {
    event = 'zremrangebyrank';
    start = longArg(argv[2]);
    end = longArg(argv[3]);
  } else if (type === RangeType.Score) {
    event = 'zremrangebyscore';
    score = parseScoreRange(argv[2], argv[3]);
  } else {
    event = 'zremrangebylex';
    lex = parseLexRange(argv[2], argv[3]);
  }
  const z = writeZset(c.db, key);
  if (!z) return c.reply.int(0);
  let deleted: number;
  if (type === RangeType.Rank) {
    const len = z.size;
    if (start < 0) start = len + start;
    if (end < 0) end = len + end;
    if (start < 0) start = 0;
    if (start > end || start >= len) return c.reply.int(0);
    if (end >= len) end = len - 1;
    deleted = z.removeRankRange(start, end);
  } else if (type === RangeType.Score) {
    deleted = z.removeScoreRange(score!);
  } else {
    deleted = z.removeLexRange(lex!);
  }
  if (deleted) {
    c.node.notifyKeyspaceEvent('z', event, key, c.db.id);
    if (!deleteIfEmpty(c, key, z)) c.db.modified(key);
  }
  c.reply.int(deleted);
}

function zremrangebyrank(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, RangeType.Rank);
}
function zremrangebyscore(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, RangeType.Score);
}
function zremrangebylex(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, RangeType.Lex);
}

// ---------------------------------------------------------------------------------------------
// ZUNION / ZINTER / ZDIFF (+STORE) / ZINTERCARD

const enum SetOp {
  Union,
  Inter,
  Diff,
}

/** An input of a set operation: a sorted set, a plain set (scores 1) or a missing key. */
interface OpSource {
  z: ZSetValue | null;
  s: StringSet | null;
  weight: number;
}

function sourceSize(src: OpSource): number {
  return src.z ? src.z.size : src.s ? src.s.size : 0;
}

function sourceScore(src: OpSource, member: string): number | undefined {
  if (src.z) return src.z.score(member);
  if (src.s) return src.s.has(member) ? 1 : undefined;
  return undefined;
}

function forEachInSource(src: OpSource, fn: (member: string, score: number) => boolean | void): void {
  if (src.z) {
    src.z.walk(0, false, (e) => fn(e.member, e.score));
  } else if (src.s) {
    for (const m of src.s) if (fn(m, 1) === false) return;
  }
}

function aggregate(target: number, val: number, agg: number): number {
  if (agg === 0) {
    const r = target + val;
    return Number.isNaN(r) ? 0 : r;
  }
  if (agg === 1) return val < target ? val : target;
  return val > target ? val : target;
}

/** zunionInterDiffGenericCommand. */
function zsetOp(c: Client, argv: string[], dst: string | null, numkeysIdx: number, op: SetOp, cardinalityOnly: boolean): void {
  const cmdName = argv[0].toLowerCase();
  const setnum = longArg(argv[numkeysIdx]);
  if (setnum < 1) throw new CommandError(`ERR at least 1 input key is needed for '${cmdName}' command`);
  if (setnum > argv.length - (numkeysIdx + 1)) throw new CommandError(ERR.syntax);
  const srcs: OpSource[] = new Array(setnum);
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = c.db.get(argv[j]);
    if (v === undefined) {
      c.node.stats.keyspaceMisses++;
      srcs[i] = { z: null, s: null, weight: 1 };
      continue;
    }
    c.node.stats.keyspaceHits++;
    if (typeof v === 'string' || (v.kind !== 'zset' && v.kind !== 'set')) throw new CommandError(ERR.wrongType);
    srcs[i] = v.kind === 'zset' ? { z: v as ZSetValue, s: null, weight: 1 } : { z: null, s: (v as SetValue).set, weight: 1 };
  }
  let agg = 0;
  let withscores = false;
  let limit = 0;
  let remaining = argv.length - j;
  while (remaining > 0) {
    const o = argv[j].toLowerCase();
    if (op !== SetOp.Diff && !cardinalityOnly && remaining >= setnum + 1 && o === 'weights') {
      j++;
      remaining--;
      for (let i = 0; i < setnum; i++, j++, remaining--) srcs[i].weight = doubleOrError(argv[j], 'ERR weight value is not a float');
    } else if (op !== SetOp.Diff && !cardinalityOnly && remaining >= 2 && o === 'aggregate') {
      j++;
      remaining--;
      const a = argv[j].toLowerCase();
      if (a === 'sum') agg = 0;
      else if (a === 'min') agg = 1;
      else if (a === 'max') agg = 2;
      else throw new CommandError(ERR.syntax);
      j++;
      remaining--;
    } else if (remaining >= 1 && dst === null && !cardinalityOnly && o === 'withscores') {
      j++;
      remaining--;
      withscores = true;
    } else if (cardinalityOnly && remaining >= 2 && o === 'limit') {
      j++;
      remaining--;
      const l = toInt64(argv[j]);
      if (l === null || l < 0n) throw new CommandError("ERR LIMIT can't be negative");
      limit = Number(l);
      j++;
      remaining--;
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  if (op !== SetOp.Diff) srcs.sort((a, b) => sourceSize(a) - sourceSize(b));

  const result = new ZSetValue();
  result.listpack = false;
  let maxLen = 0;
  let cardinality = 0;
  if (op === SetOp.Inter) {
    const first = srcs[0];
    if (sourceSize(first) > 0) {
      forEachInSource(first, (member, s0) => {
        let score = first.weight * s0;
        if (Number.isNaN(score)) score = 0;
        let i = 1;
        for (; i < setnum; i++) {
          const other = srcs[i];
          const v = other.z === first.z && other.s === first.s ? s0 : sourceScore(other, member);
          if (v === undefined) break;
          score = aggregate(score, v * other.weight, agg);
        }
        if (i !== setnum) return;
        if (cardinalityOnly) {
          cardinality++;
          if (limit && cardinality >= limit) return false;
          return;
        }
        result.add(member, score);
        if (member.length > maxLen) maxLen = member.length;
      });
    }
  } else if (op === SetOp.Union) {
    const acc = new Map<string, number>();
    for (const src of srcs) {
      forEachInSource(src, (member, s) => {
        let score = src.weight * s;
        if (Number.isNaN(score)) score = 0;
        const cur = acc.get(member);
        if (cur === undefined) {
          acc.set(member, score);
          if (member.length > maxLen) maxLen = member.length;
        } else {
          acc.set(member, aggregate(cur, score, agg));
        }
      });
    }
    for (const [m, s] of acc) result.add(m, s);
  } else {
    const first = srcs[0];
    forEachInSource(first, (member, s) => {
      for (let i = 1; i < setnum; i++) if (sourceScore(srcs[i], member) !== undefined) return;
      result.add(member, s);
      if (member.length > maxLen) maxLen = member.length;
    });
  }

  if (dst !== null) {
    if (result.size > 0) settleEncoding(result, c.node, maxLen);
    storeResult(c, dst, result, op === SetOp.Union ? 'zunionstore' : op === SetOp.Inter ? 'zinterstore' : 'zdiffstore');
  } else if (cardinalityOnly) {
    c.reply.int(cardinality);
  } else {
    const resp3 = c.reply.protocol === 3;
    c.reply.array(withscores && !resp3 ? result.size * 2 : result.size);
    result.walk(0, false, (e) => emitMember(c, e, withscores, resp3));
  }
}

function zunion(c: Client, argv: string[]): void {
  zsetOp(c, argv, null, 1, SetOp.Union, false);
}
function zinter(c: Client, argv: string[]): void {
  zsetOp(c, argv, null, 1, SetOp.Inter, false);
}
function zdiff(c: Client, argv: string[]): void {
  zsetOp(c, argv, null, 1, SetOp.Diff, false);
}
function zunionstore(c: Client, argv: string[]): void {
  zsetOp(c, argv, argv[1], 2, SetOp.Union, false);
}
function zinterstore(c: Client, argv: string[]): void {
  zsetOp(c, argv, argv[1], 2, SetOp.Inter, false);
}
function zdiffstore(c: Client, argv: string[]): void {
  zsetOp(c, argv, argv[1], 2, SetOp.Diff, false);
}
function zintercard(c: Client, argv: string[]): void {
  zsetOp(c, argv, null, 1, SetOp.Inter, true);
}

// ---------------------------------------------------------------------------------------------
// Pops: ZPOPMIN/ZPOPMAX, ZMPOP, BZPOPMIN/BZPOPMAX, BZMPOP.

/**
 * genericZpopCommand on one key known to hold a non-empty sorted set. count -1 is the single
 * pop without COUNT. Reply shapes: flat (ZPOP* RESP2 / single), nested pairs (ZPOP* with COUNT
 * in RESP3), key-prefixed flat (BZPOP*), [key, [[m, s]...]] (ZMPOP/BZMPOP).
 */
function popFrom(c: Client, db: Database, key: string, z: ZSetValue, max: boolean, count: number, emitKey: boolean, nested: boolean): void {
  const n = count === -1 ? 1 : count;
  const rangelen = n > z.size ? z.size : n;
  const r = c.reply;
  if (!nested && !emitKey) r.array(rangelen * 2);
  else if (nested && !emitKey) r.array(rangelen);
  else if (!nested && emitKey) {
    r.array(rangelen * 2 + 1);
    r.bulk(key);
  } else {
    r.array(2);
    r.bulk(key);
    r.array(rangelen);
  }
  for (let i = 0; i < rangelen; i++) {
    const node = max ? z.last()! : z.first()!;
    const member = node.member;
    const score = node.score;
    z.remove(member);
    if (i === 0) c.node.notifyKeyspaceEvent('z', max ? 'zpopmax' : 'zpopmin', key, db.id);
    if (nested) r.array(2);
    r.bulk(member);
    r.double(score);
  }
  if (z.size === 0) {
    db.delete(key);
    c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
  } else {
    db.modified(key);
  }
}

/** getPositiveLongFromObjectOrReply without a custom message. */
function positiveLong(s: string): number {
  const n = toInt64(s);
  if (n === null || n < 0n) throw new CommandError('ERR value is out of range, must be positive');
  return Number(n);
}

/** getRangeLongFromObjectOrReply(1..LONG_MAX) with a message for both failures. */
function atLeastOne(s: string, msg: string): number {
  const n = toInt64(s);
  if (n === null || n < 1n) throw new CommandError(msg);
  return Number(n);
}

function zpopMinMax(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) throw new CommandError(ERR.syntax);
  let count = -1;
  if (argv.length === 3) count = positiveLong(argv[2]);
  const nested = c.reply.protocol === 3 && count !== -1;
  const key = argv[1];
  const z = writeZset(c.db, key);
  if (!z) return c.reply.array(0);
  if (count === 0) return c.reply.array(0);
  popFrom(c, c.db, key, z, max, count, false, nested);
}

function zpopmin(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, false);
}
function zpopmax(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, true);
}

/** The first existing key among keys (WRONGTYPE if it is not a sorted set). */
function firstZset(db: Database, keys: string[]): [string, ZSetValue] | null {
  for (const key of keys) {
    const v = db.get(key);
    if (v === undefined) continue;
    if (!isZset(v)) throw new CommandError(ERR.wrongType);
    return [key, v];
  }
  return null;
}

/** ZMPOP/BZMPOP argument parsing: numkeys keys MIN|MAX [COUNT n]. */
function parseMpop(argv: string[], numkeysIdx: number): { keys: string[]; max: boolean; count: number } {
  const numkeys = atLeastOne(argv[numkeysIdx], 'ERR numkeys should be greater than 0');
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw new CommandError(ERR.syntax);
  const where = argv[whereIdx].toLowerCase();
  let max: boolean;
  if (where === 'min') max = false;
  else if (where === 'max') max = true;
  else throw new CommandError(ERR.syntax);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && more > 0 && argv[j].toLowerCase() === 'count') {
      j++;
      count = atLeastOne(argv[j], 'ERR count should be greater than 0');
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  if (count === -1) count = 1;
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), max, count };
}

function zmpop(c: Client, argv: string[]): void {
  const { keys, max, count } = parseMpop(argv, 1);
  const found = firstZset(c.db, keys);
  if (!found) return c.reply.nullArray();
  popFrom(c, c.db, found[0], found[1], max, count, true, true);
  c.propagateAs = [[max ? 'ZPOPMAX' : 'ZPOPMIN', found[0], String(count)]];
}

/** Pops for a blocking command, immediately or once woken; propagated as the non-blocking pop. */
function servePop(c: Client, db: Database, key: string, z: ZSetValue, max: boolean, count: number, nested: boolean): string[] {
  popFrom(c, db, key, z, max, count, true, nested);
  const name = max ? 'ZPOPMAX' : 'ZPOPMIN';
  return count === -1 ? [name, key] : [name, key, String(count)];
}

/** blockingGenericZpopCommand: serve now if a key has members, else block (not inside MULTI). */
function blockingPop(c: Client, keys: string[], timeout: string, max: boolean, count: number, nested: boolean): void {
  const ms = timeoutArg(timeout);
  const db = c.db;
  for (const key of keys) {
    const v = db.get(key);
    if (v === undefined) continue;
    if (!isZset(v)) throw new CommandError(ERR.wrongType);
    if (v.size === 0) continue;
    c.propagateAs = [servePop(c, db, key, v, max, count, nested)];
    return;
  }
  if (c.multi) return c.reply.nullArray();
  const node = c.node;
  node.blocking.block(c, {
    db,
    keys,
    deadline: ms > 0 ? node.clock.now() + ms : 0,
    // Served from the key that became ready, as serveClientsBlockedOnSortedSetKey does.
    retry: (key) => {
      const v = db.get(key);
      if (v === undefined || !isZset(v) || v.size === 0) return false;
      node.propagate(db.id, servePop(c, db, key, v, max, count, nested));
      return true;
    },
    onTimeout: () => c.reply.nullArray(),
  });
}

function bzpopmin(c: Client, argv: string[]): void {
  blockingPop(c, argv.slice(1, -1), argv[argv.length - 1], false, -1, false);
}
function bzpopmax(c: Client, argv: string[]): void {
  blockingPop(c, argv.slice(1, -1), argv[argv.length - 1], true, -1, false);
}
function bzmpop(c: Client, argv: string[]): void {
  const { keys, max, count } = parseMpop(argv, 2);
  blockingPop(c, keys, argv[1], max, count, true);
}

// ---------------------------------------------------------------------------------------------
// ZRANDMEMBER / ZSCAN

function zrandmember(c: Client, argv: string[]): void {
  if (argv.length >= 3) {
    const big = toInt64(argv[2]);
    if (big === null) throw new CommandError(ERR.notInteger);
    if (big < -LONG_MAX) throw new CommandError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
    let withscores = false;
    if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withscores')) throw new CommandError(ERR.syntax);
    if (argv.length === 4) {
      withscores = true;
      if (big < -(LONG_MAX / 2n) || big > LONG_MAX / 2n) throw new CommandError('ERR value is out of range');
    }
    return zrandmemberWithCount(c, argv[1], big, withscores);
  }
  const z = readZset(c, argv[1]);
  if (!z) return c.reply.nullBulk();
  c.reply.bulk(z.byRank(Math.floor(Math.random() * z.size))!.member);
}

function zrandmemberWithCount(c: Client, key: string, l: bigint, withscores: boolean): void {
  const z = readZset(c, key);
  if (!z) return c.reply.array(0);
  const size = z.size;
  const uniq = l >= 0n;
  const count = uniq ? l : -l;
  if (count === 0n) return c.reply.array(0);
  const resp3 = c.reply.protocol === 3;
  if (!uniq || count === 1n) {
    const n = Number(count);
    c.reply.array(withscores && !resp3 ? n * 2 : n);
    for (let i = 0; i < n; i++) emitMember(c, z.byRank(Math.floor(Math.random() * size))!, withscores, resp3);
    return;
  }
  if (count >= BigInt(size)) {
    // The whole set, in the order Redis's zset iterator walks it: from the tail.
    c.reply.array(withscores && !resp3 ? size * 2 : size);
    z.walk(size - 1, true, (e) => emitMember(c, e, withscores, resp3));
    return;
  }
  const want = Number(count);
  const picked: ZEntry[] = [];
  if (want * 3 > size) {
    const all: ZEntry[] = [];
    z.walk(0, false, (e) => void all.push(e));
    for (let i = 0; i < want; i++) {
      const k = i + Math.floor(Math.random() * (size - i));
      const t = all[i];
      all[i] = all[k];
      all[k] = t;
      picked.push(all[i]);
    }
  } else {
    const ranks = new Set<number>();
    while (ranks.size < want) ranks.add(Math.floor(Math.random() * size));
    for (const r of ranks) picked.push(z.byRank(r)!);
  }
  replyNodes(c, picked, withscores);
}

/** parseScanCursorOrReply: strtoul semantics (sign allowed and wrapped, no leading space). */
export function parseScanCursor(s: string): number {
  const nul = s.indexOf('\0');
  const t = nul >= 0 ? s.slice(0, nul) : s;
  if (s.length > 0 && isSpace(s.charCodeAt(0))) throw new CommandError('ERR invalid cursor');
  let i = 0;
  const neg = t[0] === '-';
  if (t[0] === '+' || t[0] === '-') i = 1;
  const digits = t.slice(i);
  if (digits.length === 0) {
    if (t.length === 0) return 0;
    throw new CommandError('ERR invalid cursor');
  }
  if (!/^[0-9]+$/.test(digits)) throw new CommandError('ERR invalid cursor');
  let v = BigInt(digits);
  if (v > 0xffffffffffffffffn) throw new CommandError('ERR invalid cursor');
  if (neg && v !== 0n) v = 0x10000000000000000n - v;
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

function zscan(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]);
  const z = readZset(c, argv[1]);
  if (!z) {
    c.reply.array(2);
    c.reply.bulk('0');
    c.reply.array(0);
    return;
  }
  let count = 10;
  let pattern: string | null = null;
  for (let i = 3; i < argv.length; ) {
    const left = argv.length - i;
    const o = argv[i].toLowerCase();
    if (o === 'count' && left >= 2) {
      count = longArg(argv[i + 1]);
      if (count < 1) throw new CommandError(ERR.syntax);
      i += 2;
    } else if (o === 'match' && left >= 2) {
      pattern = argv[i + 1] === '*' ? null : argv[i + 1];
      i += 2;
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  let next = 0;
  const nodes: ZEntry[] = [];
  if (z.listpack) {
    z.walk(0, false, (e) => void nodes.push(e));
  } else {
    next = z.scan(cursor, count, nodes);
  }
  let kept = nodes.length;
  if (pattern !== null) {
    kept = 0;
    for (const n of nodes) if (globMatch(pattern, n.member)) nodes[kept++] = n;
  }
  c.reply.array(2);
  c.reply.bulk(String(next));
  c.reply.array(kept * 2);
  for (let i = 0; i < kept; i++) {
    c.reply.bulk(nodes[i].member);
    // ZSCAN sends scores as bulk strings whatever the protocol.
    c.reply.bulk(formatDouble(nodes[i].score));
  }
}

// ---------------------------------------------------------------------------------------------
// Key extraction for movable-key commands (COMMAND GETKEYS, cluster routing).

/** Keys from a numkeys argument (genericGetKeys): none when numkeys is out of range. */
function numkeysKeys(argv: string[], numIdx: number, first: number): string[] {
  const n = Number.parseInt(argv[numIdx] ?? '', 10);
  if (!(n >= 1) || n > argv.length - first) return [];
  return argv.slice(first, first + n);
}

function storeOpKeys(argv: string[]): string[] {
  const keys = numkeysKeys(argv, 2, 3);
  return keys.length ? [argv[1], ...keys] : [];
}

const Z = { group: 'sorted-set' };

export const sortedSetCommands: CommandSpec[] = [
  command('zadd', -4, 'write denyoom fast', [1, 1, 1], 'write sortedset fast', zadd, { ...Z, since: '1.2.0', summary: 'Add one or more members to a sorted set, or update its score if it already exists' }),
  command('zincrby', 4, 'write denyoom fast', [1, 1, 1], 'write sortedset fast', zincrby, { ...Z, since: '1.2.0', summary: 'Increment the score of a member in a sorted set' }),
  command('zrem', -3, 'write fast', [1, 1, 1], 'write sortedset fast', zrem, { ...Z, since: '1.2.0', summary: 'Remove one or more members from a sorted set' }),
  command('zcard', 2, 'readonly fast', [1, 1, 1], 'read sortedset fast', zcard, { ...Z, since: '1.2.0', summary: 'Get the number of members in a sorted set' }),
  command('zcount', 4, 'readonly fast', [1, 1, 1], 'read sortedset fast', zcount, { ...Z, since: '2.0.0', summary: 'Count the members in a sorted set with scores within the given values' }),
  command('zlexcount', 4, 'readonly fast', [1, 1, 1], 'read sortedset fast', zlexcount, { ...Z, since: '2.8.9', summary: 'Count the number of members in a sorted set between a given lexicographical range' }),
  command('zscore', 3, 'readonly fast', [1, 1, 1], 'read sortedset fast', zscore, { ...Z, since: '1.2.0', summary: 'Get the score associated with the given member in a sorted set' }),
  command('zmscore', -3, 'readonly fast', [1, 1, 1], 'read sortedset fast', zmscore, { ...Z, since: '6.2.0', summary: 'Get the score associated with the given members in a sorted set' }),
  command('zrank', 3, 'readonly fast', [1, 1, 1], 'read sortedset fast', (c, a) => zrankGeneric(c, a, false), { ...Z, since: '2.0.0', summary: 'Determine the index of a member in a sorted set' }),
  command('zrevrank', 3, 'readonly fast', [1, 1, 1], 'read sortedset fast', (c, a) => zrankGeneric(c, a, true), { ...Z, since: '2.0.0', summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low' }),
  command('zrange', -4, 'readonly', [1, 1, 1], 'read sortedset slow', zrange, { ...Z, since: '1.2.0', summary: 'Return a range of members in a sorted set' }),
  command('zrangestore', -5, 'write denyoom', [1, 2, 1], 'write sortedset slow', zrangestore, { ...Z, since: '6.2.0', summary: 'Store a range of members from sorted set into another key' }),
  command('zrevrange', -4, 'readonly', [1, 1, 1], 'read sortedset slow', zrevrange, { ...Z, since: '1.2.0', summary: 'Return a range of members in a sorted set, by index, with scores ordered from high to low' }),
  command('zrangebyscore', -4, 'readonly', [1, 1, 1], 'read sortedset slow', zrangebyscore, { ...Z, since: '1.0.5', summary: 'Return a range of members in a sorted set, by score' }),
  command('zrevrangebyscore', -4, 'readonly', [1, 1, 1], 'read sortedset slow', zrevrangebyscore, { ...Z, since: '2.2.0', summary: 'Return a range of members in a sorted set, by score, with scores ordered from high to low' }),
  command('zrangebylex', -4, 'readonly', [1, 1, 1], 'read sortedset slow', zrangebylex, { ...Z, since: '2.8.9', summary: 'Return a range of members in a sorted set, by lexicographical range' }),
  command('zrevrangebylex', -4, 'readonly', [1, 1, 1], 'read sortedset slow', zrevrangebylex, { ...Z, since: '2.8.9', summary: 'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.' }),
  command('zremrangebyrank', 4, 'write', [1, 1, 1], 'write sortedset slow', zremrangebyrank, { ...Z, since: '2.0.0', summary: 'Remove all members in a sorted set within the given indexes' }),
  command('zremrangebyscore', 4, 'write', [1, 1, 1], 'write sortedset slow', zremrangebyscore, { ...Z, since: '1.2.0', summary: 'Remove all members in a sorted set within the given scores' }),
  command('zremrangebylex', 4, 'write', [1, 1, 1], 'write sortedset slow', zremrangebylex, { ...Z, since: '2.8.9', summary: 'Remove all members in a sorted set between the given lexicographical range' }),
  command('zunion', -3, 'readonly movablekeys', [0, 0, 0], 'read sortedset slow', zunion, { ...Z, since: '6.2.0', summary: 'Add multiple sorted sets', getKeys: (a) => numkeysKeys(a, 1, 2) }),
  command('zinter', -3, 'readonly movablekeys', [0, 0, 0], 'read sortedset slow', zinter, { ...Z, since: '6.2.0', summary: 'Intersect multiple sorted sets', getKeys: (a) => numkeysKeys(a, 1, 2) }),
  command('zdiff', -3, 'readonly movablekeys', [0, 0, 0], 'read sortedset slow', zdiff, { ...Z, since: '6.2.0', summary: 'Subtract multiple sorted sets', getKeys: (a) => numkeysKeys(a, 1, 2) }),
  command('zunionstore', -4, 'write denyoom movablekeys', [1, 1, 1], 'write sortedset slow', zunionstore, { ...Z, since: '2.0.0', summary: 'Add multiple sorted sets and store the resulting sorted set in a new key', getKeys: storeOpKeys }),
  command('zinterstore', -4, 'write denyoom movablekeys', [1, 1, 1], 'write sortedset slow', zinterstore, { ...Z, since: '2.0.0', summary: 'Intersect multiple sorted sets and store the resulting sorted set in a new key', getKeys: storeOpKeys }),
  command('zdiffstore', -4, 'write denyoom movablekeys', [1, 1, 1], 'write sortedset slow', zdiffstore, { ...Z, since: '6.2.0', summary: 'Subtract multiple sorted sets and store the resulting sorted set in a new key', getKeys: storeOpKeys }),
  command('zintercard', -3, 'readonly movablekeys', [0, 0, 0], 'read sortedset slow', zintercard, { ...Z, since: '7.0.0', summary: 'Intersect multiple sorted sets and return the cardinality of the result', getKeys: (a) => numkeysKeys(a, 1, 2) }),
  command('zpopmin', -2, 'write fast', [1, 1, 1], 'write sortedset fast', zpopmin, { ...Z, since: '5.0.0', summary: 'Remove and return members with the lowest scores in a sorted set' }),
  command('zpopmax', -2, 'write fast', [1, 1, 1], 'write sortedset fast', zpopmax, { ...Z, since: '5.0.0', summary: 'Remove and return members with the highest scores in a sorted set' }),
  command('zmpop', -4, 'write movablekeys', [0, 0, 0], 'write sortedset slow', zmpop, { ...Z, since: '7.0.0', summary: 'Remove and return members with scores in a sorted set', getKeys: (a) => numkeysKeys(a, 1, 2) }),
  command('bzpopmin', -3, 'write noscript blocking fast', [1, -2, 1], 'write sortedset fast blocking', bzpopmin, { ...Z, since: '5.0.0', summary: 'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available' }),
  command('bzpopmax', -3, 'write noscript blocking fast', [1, -2, 1], 'write sortedset fast blocking', bzpopmax, { ...Z, since: '5.0.0', summary: 'Remove and return the member with the highest score from one or more sorted sets, or block until one is available' }),
  command('bzmpop', -5, 'write blocking movablekeys', [0, 0, 0], 'write sortedset slow blocking', bzmpop, { ...Z, since: '7.0.0', summary: 'Remove and return members with scores in a sorted set or block until one is available', getKeys: (a) => numkeysKeys(a, 2, 3) }),
  command('zrandmember', -2, 'readonly', [1, 1, 1], 'read sortedset slow', zrandmember, { ...Z, since: '6.2.0', summary: 'Get one or multiple random elements from a sorted set' }),
  command('zscan', -3, 'readonly', [1, 1, 1], 'read sortedset slow', zscan, { ...Z, since: '2.8.0', summary: 'Incrementally iterate sorted sets elements and associated scores' }),
];
