/**
 * The dataset as a full resynchronization moves it: the primary dumps every database into one
 * RDB file (with the replication aux fields Redis adds), the replica replaces its data with it.
 * Encoding and decoding are engine/rdb's; this file only adds the replication-specific parts.
 */
import type { EngineNode } from '../engine-node.ts';
import { readRdb, snapshotDatabase, writeRdb, type RdbDatabase } from '../rdb/rdb-file.ts';
import { lfuPack } from '../keyspace.ts';
import { encodingLimits } from '../commands/keys.ts';

export interface ReplicationAux {
  replid: string;
  offset: number;
  /** The database the stream has selected (repl-stream-db). */
  streamDb: number;
}

/**
 * rdbSaveRio for a replica: every database, and the aux fields repl-stream-db, repl-id and
 * repl-offset. `withData` false gives the empty file REPLCONF rdb-filter-only asks for.
 */
export function dumpDataset(node: EngineNode, aux: ReplicationAux, withData = true): Buffer {
  const now = node.clock.now();
  const policy = node.config.get('maxmemory-policy') ?? 'noeviction';
  const decay = node.config.int('lfu-decay-time');
  const dbs: RdbDatabase[] = withData ? node.databases.map((db) => snapshotDatabase(db, now, policy, decay)) : [];
  return writeRdb(dbs, {
    aux: { 'repl-stream-db': String(aux.streamDb), 'repl-id': aux.replid, 'repl-offset': String(aux.offset) },
    limits: encodingLimits(node),
    now,
    usedMemory: node.usedMemory(),
    version: node.version,
  });
}

/**
 * Replaces the node's data with an RDB payload (readSyncBulkPayload's emptyData + rdbLoad).
 * A replica keeps keys whose TTL has passed: the primary's DEL removes them. Returns the
 * database the primary's stream had selected. Throws RdbError on a malformed payload, before
 * anything was changed.
 */
export function loadDataset(node: EngineNode, payload: Buffer): number {
  const file = readRdb(payload);
  node.tracking.flushed(null);
  node.flushAll();
  const now = node.clock.now();
  const lfu = (node.config.get('maxmemory-policy') ?? '').endsWith('-lfu');
  for (const { id, entries } of file.databases) {
    const db = node.databases[id];
    if (!db) continue;
    for (const e of entries) {
      db.set(e.key, e.value);
      if (e.expireAt !== undefined) db.setExpire(e.key, e.expireAt);
      if (lfu && e.freq !== undefined) db.lfu.set(e.key, lfuPack(now, e.freq));
      else if (!lfu && e.idleSeconds !== undefined) db.setIdleSeconds(e.key, e.idleSeconds, now);
    }
  }
  const streamDb = Number(file.aux.get('repl-stream-db') ?? '0');
  return Number.isInteger(streamDb) && streamDb >= 0 && streamDb < node.databases.length ? streamDb : 0;
}
