import type { EngineNode } from './engine-node.ts';
import { readRdb, snapshotDatabase, writeRdb } from './rdb/rdb-file.ts';

/**
 * A node's whole dataset as an RDB file (what a real redis-server 7 writes and loads), and back.
 * The caller decides where the bytes live; the engine touches no files.
 */
export function saveDataset(node: EngineNode): Buffer {
  const now = node.clock.now();
  const policy = node.config.get('maxmemory-policy') ?? 'noeviction';
  const lfuDecay = node.config.int('lfu-decay-time');
  const databases = node.databases.filter((db) => db.size > 0).map((db) => snapshotDatabase(db, now, policy, lfuDecay));
  return writeRdb(databases, { now, version: node.version });
}

/** Replaces the node's dataset with an RDB file's; keys already expired are skipped. */
export function loadDataset(node: EngineNode, rdb: Buffer): number {
  const file = readRdb(rdb);
  const now = node.clock.now();
  node.flushAll();
  let loaded = 0;
  for (const entry of file.databases) {
    const db = node.databases[entry.id];
    if (!db) throw new Error(`RDB holds database ${entry.id} but the node has ${node.databases.length}`);
    for (const e of entry.entries) {
      if (e.expireAt !== undefined && e.expireAt <= now) continue;
      db.set(e.key, e.value);
      if (e.expireAt !== undefined) db.setExpire(e.key, e.expireAt);
      loaded++;
    }
  }
  return loaded;
}
