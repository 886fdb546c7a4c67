import { command, type CommandSpec } from '../command-table.ts';
import { is, toInt64 } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import type { Client } from '../client.ts';
import type { StoredValue } from '../keyspace.ts';
import { setEncodedAsIntset } from '../rdb/value.ts';
import { encodingLimits } from './keys.ts';
import { HashValue } from '../types/hash.ts';
import { ListValue } from '../types/list.ts';
import { SetValue } from '../types/set.ts';
import { ZSetValue } from '../types/zset.ts';
import { lookupRead } from './strings.ts';

/** One element being sorted: its value, numeric score, or the BY value compared with ALPHA. */
interface SortItem {
  value: string;
  score: number;
  cmp: string | null;
}

/** The part of a string C functions see (strchr/strstr/strcoll stop at the first NUL). */
function cstr(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/**
 * lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced by the
 * element and the key read as a string, or with "->field" as a hash field. Null when missing,
 * of another type, or when the pattern has no '*'.
 */
function lookupByPattern(c: Client, pattern: string, subst: string): string | null {
  if (pattern[0] === '#' && (pattern.length === 1 || pattern[1] === '\0')) return subst;
  const visible = cstr(pattern);
  const star = visible.indexOf('*');
  if (star < 0) return null;
  const arrow = visible.indexOf('->', star + 1);
  const hasField = arrow >= 0 && arrow + 2 < visible.length;
  const field = hasField ? pattern.slice(arrow + 2) : null;
  const keyEnd = hasField ? arrow : pattern.length;
  const key = pattern.slice(0, star) + subst + pattern.slice(star + 1, keyEnd);
  const v: StoredValue | undefined = lookupRead(c, key);
  if (v === undefined) return null;
  if (field !== null) return v instanceof HashValue ? (v.get(field) ?? null) : null;
  return typeof v === 'string' ? v : null;
}

const SPACE = ' \t\n\v\f\r';
const DEC_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const HEX_RE = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i;
const INF_RE = /^[+-]?inf(inity)?$/i;
const DBL_MIN = 2.2250738585072014e-308;

/**
 * SORT's strtod check: the whole (C) string must parse; leading spaces are allowed, an empty
 * string counts as 0, and NaN or out-of-range values (ERANGE) are errors. Returns null then.
 */
function sortScore(raw: string): number | null {
  const s = cstr(raw);
  if (s.length === 0) return 0;
  let i = 0;
  while (i < s.length && SPACE.includes(s[i])) i++;
  const t = s.slice(i);
  if (INF_RE.test(t)) return t[0] === '-' ? -Infinity : Infinity;
  let d: number;
  let nonzeroDigits: boolean;
  if (DEC_RE.test(t)) {
    d = Number(t);
    nonzeroDigits = /[1-9]/.test(t.replace(/e.*$/i, ''));
  } else {
    const m = HEX_RE.exec(t);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
    const digits = m[2] + (m[3] ?? '');
    let mant = 0;
    for (const ch of digits) mant = mant * 16 + parseInt(ch, 16);
    d = mant * 2 ** (Number(m[4] ?? 0) - 4 * (m[3] ?? '').length);
    if (m[1] === '-') d = -d;
    nonzeroDigits = /[1-9a-f]/i.test(digits);
  }
  if (!Number.isFinite(d)) return null;
  if (nonzeroDigits && Math.abs(d) < DBL_MIN) return null;
  return d;
}

/** Byte order as memcmp sees it (compareStringObjects). */
function compareBinary(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** strcoll in the C locale: byte order up to the first NUL. */
function compareCollate(a: string, b: string): number {
  return compareBinary(cstr(a), cstr(b));
}

function longArg(s: string): number {
  const n = toInt64(s);
  if (n === null) throw new CommandError(ERR.notInteger);
  return Number(n);
}

/**
 * SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE dest],
 * and SORT_RO (no STORE), following sortCommandGeneric step by step.
 */
function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let sortBy: string | null = null;
  let dontSort = false;
  let storeKey: string | null = null;
  const gets: string[] = [];
  const cluster = c.node.config.bool('cluster-enabled');
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j];
    if (is(opt, 'asc')) {
      desc = false;
    } else if (is(opt, 'desc')) {
      desc = true;
    } else if (is(opt, 'alpha')) {
      alpha = true;
    } else if (is(opt, 'limit') && left >= 2) {
      limitStart = longArg(argv[j + 1]);
      limitCount = longArg(argv[j + 2]);
      j += 2;
    } else if (!readonly && is(opt, 'store') && left >= 1) {
      storeKey = argv[++j];
    } else if (is(opt, 'by') && left >= 1) {
      sortBy = argv[++j];
      // A BY pattern without '*' means "don't sort" (and is never undone by a later BY).
      if (!cstr(sortBy).includes('*')) dontSort = true;
      else if (cluster) throw new CommandError('ERR BY option of SORT denied in Cluster mode.');
    } else if (is(opt, 'get') && left >= 1) {
      if (cluster) throw new CommandError('ERR GET option of SORT denied in Cluster mode.');
      gets.push(argv[++j]);
    } else {
      throw new CommandError(ERR.syntax);
    }
  }

  const sortVal = lookupRead(c, argv[1]);
  if (sortVal !== undefined && !(sortVal instanceof ListValue || sortVal instanceof SetValue || sortVal instanceof ZSetValue)) {
    throw new CommandError(ERR.wrongType);
  }
  // An unsorted set would come out in hash order; STORE must be deterministic for replicas.
  if (dontSort && sortVal instanceof SetValue && storeKey !== null) {
    dontSort = false;
    alpha = true;
    sortBy = null;
  }

  const total = sortVal === undefined ? 0 : sortVal instanceof ListValue ? sortVal.length : sortVal instanceof SetValue ? sortVal.set.size : sortVal.size;
  let start = limitStart < 0 ? 0 : limitStart;
  let end = limitCount < 0 ? total - 1 : start + limitCount - 1;
  if (start >= total) {
    start = total - 1;
    end = total - 2;
  }
  if (end >= total) end = total - 1;

  let items: SortItem[];
  const item = (value: string): SortItem => ({ value, score: 0, cmp: null });
  if (sortVal instanceof ListValue && dontSort) {
    // Native order, LIMIT applied while loading.
    items = [];
    if (end >= start) {
      const n = end - start + 1;
      for (let k = 0; k < n; k++) items.push(item(sortVal.at(desc ? total - start - 1 - k : start + k)));
      end -= start;
      start = 0;
    }
  } else if (sortVal instanceof ZSetValue && dontSort) {
    items = [];
    if (end >= start) {
      const entries = sortVal.entries();
      const n = end - start + 1;
      for (let k = 0; k < n; k++) items.push(item(entries[desc ? total - start - 1 - k : start + k][0]));
      end -= start;
      start = 0;
    }
  } else if (sortVal instanceof ListValue) {
    items = sortVal.toArray().map(item);
  } else if (sortVal instanceof SetValue) {
    const members = [...sortVal.set];
    // An intset iterates in ascending numeric order; that order shows when nothing is sorted.
    if (dontSort && setEncodedAsIntset(sortVal, encodingLimits(c.node))) {
      members.sort((a, b) => {
        const x = BigInt(a);
        const y = BigInt(b);
        return x < y ? -1 : x > y ? 1 : 0;
      });
    }
    items = members.map(item);
  } else if (sortVal instanceof ZSetValue) {
    items = [...sortVal.nodes.keys()].map(item);
  } else {
    items = [];
  }

  let conversionError = false;
  if (!dontSort) {
    for (const it of items) {
      let by: string | null;
      if (sortBy !== null) {
        by = lookupByPattern(c, sortBy, it.value);
        if (by === null) continue;
      } else {
        by = it.value;
      }
      if (alpha) {
        if (sortBy !== null) it.cmp = by;
      } else {
        const d = sortScore(by);
        if (d === null) conversionError = true;
        else it.score = d;
      }
    }
    const byPattern = sortBy !== null;
    const store = storeKey !== null;
    const sign = desc ? -1 : 1;
    items.sort((a, b) => {
      let r: number;
      if (!alpha) {
        r = a.score > b.score ? 1 : a.score < b.score ? -1 : compareBinary(a.value, b.value);
      } else if (byPattern) {
        if (a.cmp === null || b.cmp === null) r = a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1;
        else r = store ? compareBinary(a.cmp, b.cmp) : compareCollate(a.cmp, b.cmp);
      } else {
        r = store ? compareBinary(a.value, b.value) : compareCollate(a.value, b.value);
      }
      return r * sign;
    });
  }

  const rows = end - start + 1;
  const outputLen = gets.length > 0 ? gets.length * rows : rows;
  if (conversionError) throw new CommandError("ERR One or more scores can't be converted into double");
  if (storeKey === null) {
    c.reply.array(outputLen);
    for (let j = start; j <= end; j++) {
      const v = items[j].value;
      if (gets.length === 0) c.reply.bulk(v);
      for (const g of gets) c.reply.bulkOrNull(lookupByPattern(c, g, v));
    }
    return;
  }
  const out: string[] = [];
  for (let j = start; j <= end; j++) {
    const v = items[j].value;
    if (gets.length === 0) out.push(v);
    for (const g of gets) out.push(lookupByPattern(c, g, v) ?? '');
  }
  const db = c.db;
  if (outputLen > 0) {
    db.set(storeKey, ListValue.from(out));
    c.node.notifyKeyspaceEvent('l', 'sortstore', storeKey, db.id);
  } else if (db.delete(storeKey)) {
    c.node.notifyKeyspaceEvent('g', 'del', storeKey, db.id);
  }
  c.reply.int(outputLen);
}

function sort(c: Client, argv: string[]): void {
  sortGeneric(c, argv, false);
}

function sortRo(c: Client, argv: string[]): void {
  sortGeneric(c, argv, true);
}

/** sortGetKeys: the sorted key, plus the last STORE destination (skipping LIMIT/GET/BY arguments). */
function sortKeys(argv: string[]): string[] {
  const keys = [argv[1]];
  let store: string | null = null;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'limit') i += 2;
    else if (a === 'get' || a === 'by') i += 1;
    else if (a === 'store' && i + 1 < argv.length) store = argv[i + 1];
  }
  if (store !== null) keys.push(store);
  return keys;
}

export const sortCommands: CommandSpec[] = [
  command('sort', -2, 'write denyoom movablekeys', [1, 1, 1], 'write set sortedset list slow dangerous', sort, { getKeys: sortKeys }),
  command('sort_ro', -2, 'readonly movablekeys', [1, 1, 1], 'read set sortedset list slow dangerous', sortRo, { getKeys: (argv) => [argv[1]] }),
];
