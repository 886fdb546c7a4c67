/**
 * Whole RDB files (version 10, as Redis 7.0 writes them): the "REDIS0010" header, aux fields,
 * per database SELECTDB + RESIZEDB and the keys (with EXPIRETIME_MS, IDLE or FREQ before each),
 * then EOF and the CRC64 of everything before it. A real redis-server 7 loads what writeRdb
 * produces; readRdb reads files from Redis 2.6 to 7.2 (values: see value.ts).
 */
import type { Database, StoredValue } from '../keyspace.ts';
import { lfuDecayed } from '../keyspace.ts';
import { crc64Bytes } from './crc64.ts';
import { RdbError, RdbReader, RdbWriter } from './io.ts';
import { DEFAULT_LIMITS, RDB_VERSION, decodeValue, rdbTypeOf, writeValuePayload, type EncodingLimits } from './value.ts';

export const RDB_OPCODE = {
  FUNCTION2: 0xf5,
  FUNCTION_PRE_GA: 0xf6,
  MODULE_AUX: 0xf7,
  IDLE: 0xf8,
  FREQ: 0xf9,
  AUX: 0xfa,
  RESIZEDB: 0xfb,
  EXPIRETIME_MS: 0xfc,
  EXPIRETIME: 0xfd,
  SELECTDB: 0xfe,
  EOF: 0xff,
} as const;

/** Newest RDB version readRdb accepts (Redis 7.2 writes 11; its new encodings are read too). */
const MAX_READ_VERSION = 11;

export interface RdbEntry {
  key: string;
  value: StoredValue;
  /** Absolute expiry, ms since the epoch. */
  expireAt?: number;
  /** LRU idle time in seconds (written when the node runs an LRU policy). */
  idleSeconds?: number;
  /** LFU counter 0-255 (written under an LFU policy). */
  freq?: number;
}

export interface RdbDatabase {
  id: number;
  entries: RdbEntry[];
}

export interface RdbFile {
  version: number;
  aux: Map<string, string>;
  databases: RdbDatabase[];
  /** FUNCTION2 payloads: the code of each function library. */
  functions: string[];
}

export interface WriteRdbOptions {
  /** Aux fields after the defaults (redis-ver, redis-bits, ctime, used-mem, aof-base). */
  aux?: Record<string, string>;
  limits?: EncodingLimits;
  /** Clock for ctime, ms. */
  now?: number;
  usedMemory?: number;
  version?: string;
}

export function writeRdb(databases: RdbDatabase[], options: WriteRdbOptions = {}): Buffer {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const w = new RdbWriter(4096);
  w.latin1(`REDIS${String(RDB_VERSION).padStart(4, '0')}`);
  const aux: Record<string, string> = {
    'redis-ver': options.version ?? '7.0.15',
    'redis-bits': '64',
    ctime: String(Math.floor((options.now ?? Date.now()) / 1000)),
    'used-mem': String(options.usedMemory ?? 0),
    'aof-base': '0',
    ...options.aux,
  };
  for (const [k, v] of Object.entries(aux)) {
    w.byte(RDB_OPCODE.AUX);
    w.string(k);
    w.string(v);
  }
  for (const db of databases) {
    if (db.entries.length === 0) continue;
    w.byte(RDB_OPCODE.SELECTDB);
    w.length(db.id);
    w.byte(RDB_OPCODE.RESIZEDB);
    w.length(db.entries.length);
    let volatile = 0;
    for (const e of db.entries) if (e.expireAt !== undefined) volatile++;
    w.length(volatile);
    for (const e of db.entries) {
      if (e.expireAt !== undefined) {
        w.byte(RDB_OPCODE.EXPIRETIME_MS);
        w.i64le(e.expireAt);
      }
      if (e.idleSeconds !== undefined) {
        w.byte(RDB_OPCODE.IDLE);
        w.length(e.idleSeconds);
      }
      if (e.freq !== undefined) {
        w.byte(RDB_OPCODE.FREQ);
        w.byte(e.freq);
      }
      const type = rdbTypeOf(e.value, limits);
      w.byte(type);
      w.string(e.key);
      writeValuePayload(w, e.value, type, limits);
    }
  }
  w.byte(RDB_OPCODE.EOF);
  w.bytes(crc64Bytes(w.result()));
  return Buffer.from(w.result());
}

export function readRdb(buf: Buffer): RdbFile {
  if (buf.length < 9 || buf.toString('latin1', 0, 5) !== 'REDIS') throw new RdbError('not an RDB file');
  const versionText = buf.toString('latin1', 5, 9);
  const version = /^\d{4}$/.test(versionText) ? Number(versionText) : NaN;
  if (!(version >= 1 && version <= MAX_READ_VERSION)) throw new RdbError(`unsupported RDB version ${versionText}`);
  const r = new RdbReader(buf, 9);
  const file: RdbFile = { version, aux: new Map(), databases: [], functions: [] };
  let db: RdbDatabase | null = null;
  let expireAt: number | undefined;
  let idleSeconds: number | undefined;
  let freq: number | undefined;
  for (;;) {
    const type = r.byte();
    switch (type) {
      case RDB_OPCODE.EXPIRETIME_MS:
        expireAt = Number(r.i64le());
        continue;
      case RDB_OPCODE.EXPIRETIME:
        expireAt = r.bytes(4).readInt32LE(0) * 1000;
        continue;
      case RDB_OPCODE.IDLE:
        idleSeconds = r.length();
        continue;
      case RDB_OPCODE.FREQ:
        freq = r.byte();
        continue;
      case RDB_OPCODE.SELECTDB: {
        const id = r.length();
        db = file.databases.find((d) => d.id === id) ?? null;
        if (!db) file.databases.push((db = { id, entries: [] }));
        continue;
      }
      case RDB_OPCODE.RESIZEDB:
        r.length();
        r.length();
        continue;
      case RDB_OPCODE.AUX: {
        const k = r.string();
        file.aux.set(k, r.string());
        continue;
      }
      case RDB_OPCODE.FUNCTION2:
        file.functions.push(r.string());
        continue;
      case RDB_OPCODE.MODULE_AUX:
      case RDB_OPCODE.FUNCTION_PRE_GA:
        throw new RdbError(`unsupported RDB opcode ${type}`);
      case RDB_OPCODE.EOF:
        break;
      default: {
        const key = r.string();
        let value: StoredValue | null;
        try {
          value = decodeValue(type, r);
        } catch (e) {
          // Redis skips empty collections when loading a file; anything else is corruption.
          if (!(e instanceof RdbError) || !/^empty /.test(e.message)) throw e;
          value = null;
        }
        if (value !== null) {
          if (!db) file.databases.push((db = { id: 0, entries: [] }));
          const entry: RdbEntry = { key, value };
          if (expireAt !== undefined) entry.expireAt = expireAt;
          if (idleSeconds !== undefined) entry.idleSeconds = idleSeconds;
          if (freq !== undefined) entry.freq = freq;
          db.entries.push(entry);
        }
        expireAt = idleSeconds = freq = undefined;
        continue;
      }
    }
    break;
  }
  if (version >= 5 && r.remaining >= 8) {
    const stored = r.bytes(8);
    if (!stored.equals(Buffer.alloc(8)) && !stored.equals(crc64Bytes(buf, 0, r.pos - 8))) throw new RdbError('wrong RDB checksum');
  }
  return file;
}

/**
 * A database's live keys as RDB entries (expired ones left out), with IDLE or FREQ data when
 * the node runs an LRU or LFU maxmemory-policy, as rdbSaveKeyValuePair writes them.
 */
export function snapshotDatabase(db: Database, now: number, policy = 'noeviction', lfuDecayTime = 1): RdbDatabase {
  const entries: RdbEntry[] = [];
  const lru = policy.endsWith('-lru');
  const lfu = policy.endsWith('-lfu');
  for (const [key, value] of db.data) {
    const expireAt = db.getExpire(key);
    if (expireAt !== undefined && expireAt <= now) continue;
    const entry: RdbEntry = { key, value };
    if (expireAt !== undefined) entry.expireAt = expireAt;
    if (lru) entry.idleSeconds = db.idleSeconds(key, now);
    if (lfu) {
      const packed = db.lfu.get(key);
      entry.freq = packed === undefined ? 0 : lfuDecayed(packed, now, lfuDecayTime);
    }
    entries.push(entry);
  }
  return { id: db.id, entries };
}
