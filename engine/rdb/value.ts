/**
 * RDB (version 10, Redis 7.0) serialisation of one value: a type byte and its payload, as
 * rdbSaveObject/rdbLoadObject write and read them. Writing picks the encodings Redis 7.0 itself
 * uses for the value's size (listpack for small hashes and zsets, intset for small integer sets,
 * quicklist 2 for lists); reading accepts every encoding Redis 2.x to 7.2 may produce for strings,
 * lists, sets, zsets and hashes.
 */
import { formatG17 } from '../reply-writer.ts';
import type { StoredValue } from '../keyspace.ts';
import { HashValue } from '../types/hash.ts';
import { ListValue } from '../types/list.ts';
import { SetValue } from '../types/set.ts';
import { StringSet } from '../types/string-set.ts';
import { ZSetValue } from '../types/zset.ts';
import { crc64Bytes } from './crc64.ts';
import { RdbError, RdbReader, RdbWriter, strictInt } from './io.ts';
import { ListpackBuilder, decodeIntset, decodeListpack, decodeZiplist, decodeZipmap, encodeIntset } from './packed.ts';

export const RDB_VERSION = 10;

export const RDB_TYPE = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  ZSET_2: 5,
  MODULE_2: 7,
  HASH_ZIPMAP: 9,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  ZSET_ZIPLIST: 12,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  STREAM_LISTPACKS: 15,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  STREAM_LISTPACKS_2: 19,
  SET_LISTPACK: 20,
  STREAM_LISTPACKS_3: 21,
} as const;

const QUICKLIST_NODE_PLAIN = 1;
const QUICKLIST_NODE_PACKED = 2;

/** The size limits that decide encodings (CONFIG names in comments); Redis's defaults. */
export interface EncodingLimits {
  /** hash-max-listpack-entries / -value */
  hashEntries: number;
  hashValue: number;
  /** set-max-intset-entries */
  setIntsetEntries: number;
  /** zset-max-listpack-entries / -value */
  zsetEntries: number;
  zsetValue: number;
  /** list-max-listpack-size */
  listFill: number;
}

export const DEFAULT_LIMITS: EncodingLimits = {
  hashEntries: 512,
  hashValue: 64,
  setIntsetEntries: 512,
  zsetEntries: 128,
  zsetValue: 64,
  listFill: -2,
};

/** Elements this large get a quicklist node of their own (quicklist's packed_threshold, 1 GB). */
const PLAIN_NODE_THRESHOLD = 1 << 30;
const NODE_SIZE_LIMITS = [4096, 8192, 16384, 32768, 65536];
const NODE_SAFETY_LIMIT = 8192;

/** Whether Redis would keep a hash of this content in a listpack (hash-max-listpack-*). */
export function hashIsListpack(hash: { size: number; entries(): Iterable<[string, string]> }, maxEntries: number, maxValue: number): boolean {
  if (hash.size > maxEntries) return false;
  for (const [f, v] of hash.entries()) if (f.length > maxValue || v.length > maxValue) return false;
  return true;
}

/** Whether Redis would keep a set of these members in an intset (set-max-intset-entries). */
export function setIsIntset(set: StringSet, maxEntries: number): boolean {
  if (set.size > maxEntries) return false;
  for (const m of set) if (strictInt(m) === null) return false;
  return true;
}

/** Whether Redis would keep this sorted set in a listpack (zset-max-listpack-*). */
export function zsetIsListpack(z: ZSetValue, maxEntries: number, maxValue: number): boolean {
  if (maxEntries === 0 || z.size > maxEntries) return false;
  for (const m of z.nodes.keys()) if (m.length > maxValue) return false;
  return true;
}

/** How a zset listpack stores a score (Redis 7.0's d2string). */
export function zsetScoreText(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d > -4503599627370495 && d < 4503599627370496 && Number.isInteger(d)) return String(d);
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  return formatG17(d);
}

/** A value's sticky encoding flag (`listpack` / `intset`) when its class keeps one. */
function stickyFlag(v: object, name: 'listpack' | 'intset'): boolean | undefined {
  const flag = (v as Record<string, unknown>)[name];
  return typeof flag === 'boolean' ? flag : undefined;
}

/** Whether a hash is listpack-encoded: its sticky flag, else the thresholds. */
export function hashEncodedAsListpack(v: HashValue, limits: EncodingLimits): boolean {
  return stickyFlag(v, 'listpack') ?? hashIsListpack(v, limits.hashEntries, limits.hashValue);
}

/** Whether a set is intset-encoded: its sticky flag, else the thresholds. */
export function setEncodedAsIntset(v: SetValue, limits: EncodingLimits): boolean {
  return stickyFlag(v, 'intset') ?? setIsIntset(v.set, limits.setIntsetEntries);
}

/** Whether a sorted set is listpack-encoded: its sticky flag, else the thresholds. */
export function zsetEncodedAsListpack(v: ZSetValue, limits: EncodingLimits): boolean {
  return stickyFlag(v, 'listpack') ?? zsetIsListpack(v, limits.zsetEntries, limits.zsetValue);
}

/** The RDB type byte Redis 7.0 would write for this value (the encoding it has). */
export function rdbTypeOf(v: StoredValue, limits: EncodingLimits = DEFAULT_LIMITS): number {
  if (typeof v === 'string') return RDB_TYPE.STRING;
  if (v instanceof ListValue) return RDB_TYPE.LIST_QUICKLIST_2;
  if (v instanceof HashValue) return hashEncodedAsListpack(v, limits) ? RDB_TYPE.HASH_LISTPACK : RDB_TYPE.HASH;
  if (v instanceof SetValue) return setEncodedAsIntset(v, limits) ? RDB_TYPE.SET_INTSET : RDB_TYPE.SET;
  if (v instanceof ZSetValue) return zsetEncodedAsListpack(v, limits) ? RDB_TYPE.ZSET_LISTPACK : RDB_TYPE.ZSET_2;
  throw new RdbError(`cannot serialise a ${v.kind} value`);
}

/** Writes the payload of a value whose type byte (rdbTypeOf) is already written. */
export function writeValuePayload(w: RdbWriter, v: StoredValue, type: number, limits: EncodingLimits = DEFAULT_LIMITS): void {
  if (typeof v === 'string') {
    w.string(v);
  } else if (v instanceof ListValue) {
    writeQuicklist(w, v.toArray(), limits.listFill);
  } else if (v instanceof HashValue) {
    if (type === RDB_TYPE.HASH_LISTPACK) {
      const lp = new ListpackBuilder();
      for (const [f, val] of v.entries()) {
        lp.append(f);
        lp.append(val);
      }
      w.blob(lp.finish());
    } else {
      w.length(v.size);
      for (const [f, val] of v.entries()) {
        w.string(f);
        w.string(val);
      }
    }
  } else if (v instanceof SetValue) {
    if (type === RDB_TYPE.SET_INTSET) {
      w.blob(encodeIntset(v.set));
    } else {
      w.length(v.set.size);
      for (const m of v.set) w.string(m);
    }
  } else if (v instanceof ZSetValue) {
    const entries = v.entries();
    if (type === RDB_TYPE.ZSET_LISTPACK) {
      const lp = new ListpackBuilder();
      for (const [m, s] of entries) {
        lp.append(m);
        lp.append(zsetScoreText(s));
      }
      w.blob(lp.finish());
    } else {
      // Highest score first, so that loading inserts each element at the head of the skiplist.
      w.length(entries.length);
      for (let i = entries.length - 1; i >= 0; i--) {
        w.string(entries[i][0]);
        w.doubleLE(entries[i][1]);
      }
    }
  } else {
    throw new RdbError(`cannot serialise a ${v.kind} value`);
  }
}

/** Quicklist 2: nodes of listpacks cut where Redis's list-max-listpack-size would cut them. */
function writeQuicklist(w: RdbWriter, items: string[], fill: number): void {
  const nodes: Array<{ plain: boolean; blob: Buffer | string }> = [];
  let lp: ListpackBuilder | null = null;
  for (const item of items) {
    if (item.length >= PLAIN_NODE_THRESHOLD) {
      if (lp) nodes.push({ plain: false, blob: lp.finish() });
      lp = null;
      nodes.push({ plain: true, blob: item });
      continue;
    }
    if (lp && !nodeAllowsInsert(lp, fill, item.length)) {
      nodes.push({ plain: false, blob: lp.finish() });
      lp = null;
    }
    lp ??= new ListpackBuilder();
    lp.append(item);
  }
  if (lp) nodes.push({ plain: false, blob: lp.finish() });
  w.length(nodes.length);
  for (const node of nodes) {
    w.length(node.plain ? QUICKLIST_NODE_PLAIN : QUICKLIST_NODE_PACKED);
    if (typeof node.blob === 'string') w.string(node.blob);
    else w.blob(node.blob);
  }
}

/** _quicklistNodeAllowInsert: the node's size plus the entry and an 8-byte overhead estimate within the limit. */
function nodeAllowsInsert(lp: ListpackBuilder, fill: number, sz: number): boolean {
  const newSize = lp.size + sz + 8;
  if (fill < 0) return newSize <= NODE_SIZE_LIMITS[Math.min(-fill - 1, NODE_SIZE_LIMITS.length - 1)];
  return newSize <= NODE_SAFETY_LIMIT && lp.count + 1 <= fill;
}

/** Type byte + payload of a value (what DUMP serialises before its footer). */
export function encodeValue(v: StoredValue, limits: EncodingLimits = DEFAULT_LIMITS): Buffer {
  const w = new RdbWriter();
  const type = rdbTypeOf(v, limits);
  w.byte(type);
  writeValuePayload(w, v, type, limits);
  return w.result();
}

/**
 * Reads a value of the given RDB type. Throws RdbError for malformed data, unsupported types
 * (modules, streams) and empty collections (which Redis refuses as "empty keys").
 */
export function decodeValue(type: number, r: RdbReader): StoredValue {
  switch (type) {
    case RDB_TYPE.STRING:
      return r.string();
    case RDB_TYPE.LIST: {
      const n = r.length();
      const items = new Array<string>(n);
      for (let i = 0; i < n; i++) items[i] = r.string();
      return list(items);
    }
    case RDB_TYPE.LIST_ZIPLIST:
      return list(decodeZiplist(r.blob()));
    case RDB_TYPE.LIST_QUICKLIST: {
      const n = r.length();
      const items: string[] = [];
      for (let i = 0; i < n; i++) for (const item of decodeZiplist(r.blob())) items.push(item);
      return list(items);
    }
    case RDB_TYPE.LIST_QUICKLIST_2: {
      const n = r.length();
      const items: string[] = [];
      for (let i = 0; i < n; i++) {
        const container = r.length();
        if (container === QUICKLIST_NODE_PLAIN) {
          items.push(r.string());
        } else if (container === QUICKLIST_NODE_PACKED) {
          for (const item of decodeListpack(r.blob())) items.push(item);
        } else {
          throw new RdbError(`bad quicklist container ${container}`);
        }
      }
      return list(items);
    }
    case RDB_TYPE.SET: {
      const n = r.length();
      const set = new Set<string>();
      for (let i = 0; i < n; i++) set.add(r.string());
      return setValue(set);
    }
    case RDB_TYPE.SET_INTSET:
      return setValue(new Set(decodeIntset(r.blob())));
    case RDB_TYPE.SET_LISTPACK:
      return setValue(new Set(decodeListpack(r.blob())));
    case RDB_TYPE.ZSET:
    case RDB_TYPE.ZSET_2: {
      const n = r.length();
      const pairs: Array<[string, number]> = [];
      for (let i = 0; i < n; i++) {
        const m = r.string();
        const s = type === RDB_TYPE.ZSET_2 ? r.doubleLE() : r.textDouble();
        if (Number.isNaN(s)) throw new RdbError('zset with NaN score');
        pairs.push([m, s]);
      }
      return zset(pairs);
    }
    case RDB_TYPE.ZSET_ZIPLIST:
    case RDB_TYPE.ZSET_LISTPACK: {
      const flat = type === RDB_TYPE.ZSET_LISTPACK ? decodeListpack(r.blob()) : decodeZiplist(r.blob());
      if (flat.length % 2 !== 0) throw new RdbError('zset listpack with odd length');
      const pairs: Array<[string, number]> = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], parseScore(flat[i + 1])]);
      return zset(pairs);
    }
    case RDB_TYPE.HASH: {
      const n = r.length();
      const map = new Map<string, string>();
      for (let i = 0; i < n; i++) {
        const f = r.string();
        map.set(f, r.string());
      }
      return hash(map);
    }
    case RDB_TYPE.HASH_ZIPMAP:
    case RDB_TYPE.HASH_ZIPLIST:
    case RDB_TYPE.HASH_LISTPACK: {
      const blob = r.blob();
      const flat = type === RDB_TYPE.HASH_LISTPACK ? decodeListpack(blob) : type === RDB_TYPE.HASH_ZIPLIST ? decodeZiplist(blob) : decodeZipmap(blob);
      if (flat.length % 2 !== 0) throw new RdbError('hash listpack with odd length');
      const map = new Map<string, string>();
      for (let i = 0; i < flat.length; i += 2) map.set(flat[i], flat[i + 1]);
      return hash(map);
    }
    default:
      throw new RdbError(`unsupported RDB value type ${type}`);
  }
}

/** zzlStrtod: listpack scores are text (or integers), parsed like strtod. */
function parseScore(s: string): number {
  const l = s.toLowerCase();
  if (l === 'inf' || l === '+inf') return Infinity;
  if (l === '-inf') return -Infinity;
  const d = Number(s);
  if (Number.isNaN(d)) throw new RdbError('bad zset score');
  return d;
}

function list(items: string[]): ListValue {
  if (items.length === 0) throw new RdbError('empty list');
  return ListValue.from(items);
}

function setValue(set: Set<string>): SetValue {
  if (set.size === 0) throw new RdbError('empty set');
  return new SetValue(new StringSet(set));
}

function zset(pairs: Array<[string, number]>): ZSetValue {
  if (pairs.length === 0) throw new RdbError('empty zset');
  return ZSetValue.from(pairs);
}

function hash(map: Map<string, string>): HashValue {
  if (map.size === 0) throw new RdbError('empty hash');
  return new HashValue(map);
}

/** DUMP: value, then the RDB version (2 bytes LE), then the CRC64 of all that (8 bytes LE). */
export function createDumpPayload(v: StoredValue, limits: EncodingLimits = DEFAULT_LIMITS): Buffer {
  const w = new RdbWriter();
  const type = rdbTypeOf(v, limits);
  w.byte(type);
  writeValuePayload(w, v, type, limits);
  w.u16le(RDB_VERSION);
  const body = w.result();
  w.bytes(crc64Bytes(body));
  return Buffer.from(w.result());
}

/** verifyDumpPayload: a footer with a version this server reads and a matching checksum. */
export function verifyDumpPayload(p: Buffer): boolean {
  if (p.length < 10) return false;
  const version = p.readUInt16LE(p.length - 10);
  if (version > RDB_VERSION) return false;
  return crc64Bytes(p, 0, p.length - 8).equals(p.subarray(p.length - 8));
}

/**
 * The value in a verified DUMP payload; throws RdbError for a bad or unsupported one. Like Redis,
 * the reader may run into the footer bytes (a payload is read as one buffer).
 */
export function decodeDumpPayload(p: Buffer): StoredValue {
  const r = new RdbReader(p);
  const type = r.byte();
  return decodeValue(type, r);
}
