import type { EngineNode } from './engine-node.ts';
import { lfuDecayed, LFU_INIT_VAL, LRU_CLOCK_MAX, type Database } from './keyspace.ts';

/** performEvictions' results: under maxmemory, still over but more is evicted soon, over with nothing to evict. */
export const EVICT_OK = 0;
export const EVICT_RUNNING = 1;
export const EVICT_FAIL = 2;

/** EVPOOL_SIZE: candidates kept between calls, best (highest idle) last. */
const POOL_SIZE = 16;

interface Candidate {
  idle: number;
  key: string;
  db: number;
}

type Policy = 'volatile-lru' | 'allkeys-lru' | 'volatile-lfu' | 'allkeys-lfu' | 'volatile-random' | 'allkeys-random' | 'volatile-ttl' | 'noeviction';

/** A walk over a database's keys with a TTL that goes on where the last sample stopped. */
interface VolatileWalk {
  map: Map<string, number>;
  it: Iterator<string>;
}

/**
 * maxmemory (evict.c): before a command, a node whose used memory (INFO used_memory, the
 * dataset estimate of Database.memoryEstimate) is over maxmemory evicts keys by its
 * maxmemory-policy until it is under again. The LRU, LFU and TTL policies approximate the best
 * candidate as Redis does: maxmemory-samples keys sampled per database feed a pool of 16 kept
 * across calls, and the best one still present goes. A pass stops after a time set by
 * maxmemory-eviction-tenacity and goes on from the event loop (EVICT_RUNNING) meanwhile.
 */
export class Evictor {
  private readonly pool: Array<Candidate | null> = new Array<Candidate | null>(POOL_SIZE).fill(null);
  private readonly walks: Array<VolatileWalk | undefined> = [];
  /** Where the random policies look first (next_db). */
  private nextDb = 0;
  private continuation: NodeJS.Immediate | null = null;
  /** Since when used memory has been over maxmemory (performance.now(), 0: not over), and the total before. */
  private exceededSince = 0;
  private exceededTotalMs = 0;

  constructor(private readonly node: EngineNode) {}

  /** INFO stats total_eviction_exceeded_time and current_eviction_exceeded_time, in ms. */
  exceededTime(): { total: number; current: number } {
    const current = this.exceededSince > 0 ? Math.floor(performance.now() - this.exceededSince) : 0;
    return { total: Math.floor(this.exceededTotalMs) + current, current };
  }

  /** CONFIG RESETSTAT. */
  resetStats(): void {
    this.exceededTotalMs = 0;
    if (this.exceededSince > 0) this.exceededSince = performance.now();
  }

  /** performEvictions under a maxmemory (> 0): EVICT_OK, EVICT_RUNNING or EVICT_FAIL. */
  perform(maxmemory: number): number {
    // Before every command of a node with a limit: the usual answer costs one sum.
    if (this.exceededSince === 0 && this.node.usedMemory() <= maxmemory) return EVICT_OK;
    const result = this.evict(maxmemory);
    if (result === EVICT_OK) {
      if (this.exceededSince > 0) {
        this.exceededTotalMs += performance.now() - this.exceededSince;
        this.exceededSince = 0;
      }
    } else if (this.exceededSince === 0) {
      this.exceededSince = performance.now();
    }
    return result;
  }

  private evict(maxmemory: number): number {
    const node = this.node;
    const config = node.config;
    if (!this.safe()) return EVICT_OK;
    const used = node.usedMemory();
    if (used <= maxmemory) return EVICT_OK;
    const policy = config.get('maxmemory-policy') as Policy;
    if (policy === 'noeviction') return EVICT_FAIL;
    const toFree = used - maxmemory;
    const limitUs = timeLimitUs(config.int('maxmemory-eviction-tenacity'));
    const start = performance.now();
    let freed = 0;
    let evicted = 0;
    while (freed < toFree) {
      const picked = policy.endsWith('-random') ? this.pickRandom(policy === 'allkeys-random') : this.pickFromPool(policy);
      if (picked === null) break;
      const db = node.databases[picked.db];
      const before = db.memoryEstimate();
      const delStart = performance.now();
      db.delete(picked.key);
      this.node.recordLatency('eviction-del', performance.now() - delStart);
      freed += before - db.memoryEstimate();
      node.stats.evictedKeys++;
      node.notifyKeyspaceEvent('e', 'evicted', picked.key, db.id);
      node.propagate(db.id, ['DEL', picked.key]);
      evicted++;
      if (evicted % 16 === 0 && (performance.now() - start) * 1000 > limitUs) {
        this.node.recordLatency('eviction-cycle', performance.now() - start);
        this.soon();
        return EVICT_RUNNING;
      }
    }
    this.node.recordLatency('eviction-cycle', performance.now() - start);
    return freed >= toFree ? EVICT_OK : EVICT_FAIL;
  }

  /**
   * isSafeToPerformEvictions: a replica that ignores maxmemory leaves eviction to its primary's
   * DELs, and a paused node must not write.
   */
  private safe(): boolean {
    const node = this.node;
    if (node.isReplica() && node.config.bool('replica-ignore-maxmemory')) return false;
    return !node.writesPaused;
  }

  /** startEvictionTimeProc: evicts from the event loop (again and again while a pass runs out of time). */
  soon(): void {
    if (this.continuation !== null) return;
    this.continuation = setImmediate(() => {
      this.continuation = null;
      const maxmemory = this.node.config.int('maxmemory');
      if (!this.node.listening || maxmemory <= 0) return;
      this.perform(maxmemory);
      this.node.flushPending();
    });
  }

  /** Stops a pass going on in the background (the node is closing). */
  stop(): void {
    if (this.continuation !== null) clearImmediate(this.continuation);
    this.continuation = null;
  }

  /** allkeys-random / volatile-random: some key of the next database that has one. */
  private pickRandom(allKeys: boolean): Candidate | null {
    const dbs = this.node.databases;
    const out: string[] = [];
    for (let i = 0; i < dbs.length; i++) {
      this.nextDb = (this.nextDb + 1) % dbs.length;
      const db = dbs[this.nextDb];
      if (allKeys) db.data.sample(1, out);
      else this.sampleVolatile(db, 1, out);
      if (out.length > 0) return { idle: 0, key: out[0], db: db.id };
    }
    return null;
  }

  /** The LRU, LFU and TTL policies: refill the pool from every database, then take its best live key. */
  private pickFromPool(policy: Policy): Candidate | null {
    const allKeys = policy.startsWith('allkeys-');
    const dbs = this.node.databases;
    for (;;) {
      let total = 0;
      for (const db of dbs) {
        const n = allKeys ? db.data.size : db.expires.size;
        if (n === 0) continue;
        total += n;
        this.populate(db, policy, allKeys);
      }
      if (total === 0) return null;
      for (let k = POOL_SIZE - 1; k >= 0; k--) {
        const c = this.pool[k];
        if (c === null) continue;
        this.pool.splice(k, 1);
        this.pool.push(null);
        const db = dbs[c.db];
        // A candidate deleted, or no longer volatile, since it was sampled is a ghost: the next one.
        if (db !== undefined && (allKeys ? db.data.has(c.key) : db.expires.has(c.key))) return c;
      }
    }
  }

  /** evictionPoolPopulate: samples one database and keeps the best candidates, sorted by idle. */
  private populate(db: Database, policy: Policy, allKeys: boolean): void {
    const node = this.node;
    const samples: string[] = [];
    const count = node.config.int('maxmemory-samples');
    if (allKeys) db.data.sample(count, samples);
    else this.sampleVolatile(db, count, samples);
    const pool = this.pool;
    const now = node.clock.now();
    const lruNow = node.lruclock;
    for (const key of samples) {
      let idle: number;
      if (policy === 'volatile-ttl') {
        idle = Number.MAX_SAFE_INTEGER - (db.expires.get(key) ?? 0);
      } else if (policy.endsWith('-lru')) {
        const slot = db.data.find(key);
        if (slot < 0) continue;
        const lru = db.data.lru(slot);
        idle = (lruNow >= lru ? lruNow - lru : lruNow + (LRU_CLOCK_MAX - lru)) * 1000;
      } else {
        const packed = db.lfu.get(key);
        idle = 255 - (packed === undefined ? LFU_INIT_VAL : lfuDecayed(packed, now, node.config.int('lfu-decay-time')));
      }
      // The first empty place or the first candidate with more idle than this one.
      let k = 0;
      while (k < POOL_SIZE && pool[k] !== null && pool[k]!.idle < idle) k++;
      if (k === 0 && pool[POOL_SIZE - 1] !== null) continue;
      if (k < POOL_SIZE && pool[k] === null) {
        pool[k] = { idle, key, db: db.id };
      } else if (pool[POOL_SIZE - 1] === null) {
        pool.splice(k, 0, { idle, key, db: db.id });
        pool.length = POOL_SIZE;
      } else {
        // Full: drop the worst (first) candidate to make room just before k.
        pool.splice(0, 1);
        pool.splice(k - 1, 0, { idle, key, db: db.id });
      }
    }
  }

  /**
   * Up to `count` keys with a TTL, going on from where the last sample of this database stopped:
   * the expires index is a Map, with no random access, so a rotating walk stands in for
   * dictGetSomeKeys over the expires dict.
   */
  private sampleVolatile(db: Database, count: number, out: string[]): void {
    let walk = this.walks[db.id];
    if (walk === undefined || walk.map !== db.expires) this.walks[db.id] = walk = { map: db.expires, it: db.expires.keys() };
    let got = 0;
    let restarted = false;
    while (got < count) {
      const r = walk.it.next();
      if (r.done) {
        if (restarted || db.expires.size === 0) return;
        walk.it = db.expires.keys();
        restarted = true;
        continue;
      }
      out.push(r.value);
      got++;
    }
  }
}

/** evictionTimeLimitUs: 50 µs per point of tenacity up to 10, then 15% more per point, unlimited at 100. */
function timeLimitUs(tenacity: number): number {
  if (tenacity <= 10) return 50 * tenacity;
  if (tenacity < 100) return 500 * Math.pow(1.15, tenacity - 10);
  return Infinity;
}
