import type { EngineNode } from './engine-node.ts';
import type { Client } from './client.ts';
import { KeyTable } from './key-table.ts';

/** Non-string values carry their type; strings are stored as bare latin1 strings (cheapest form). */
export interface TypedValue {
  readonly kind: 'list' | 'hash' | 'set' | 'zset' | 'stream';
  /** Bytes held, estimated (elements' lengths plus a per-element overhead), in O(1). */
  byteSize(): number;
}
export type StoredValue = string | TypedValue;
export type TypeName = 'string' | TypedValue['kind'];

export function typeOf(v: StoredValue): TypeName {
  return typeof v === 'string' ? 'string' : v.kind;
}

/** Redis's LRU clock: seconds, 24 bits, wrapping (LRU_CLOCK_MAX). */
export const LRU_CLOCK_MAX = 0xffffff;

export function lruClock(nowMs: number): number {
  return Math.floor(nowMs / 1000) & LRU_CLOCK_MAX;
}

/**
 * One of a node's numbered databases. Expiry is lazy (checked on every lookup) plus an active
 * cycle run by the node, as in Redis. Every change to a key goes through set/delete/modified so
 * that WATCH, blocked clients, keyspace events and replication all see it.
 */
export class Database {
  /** Keys with their values and LRU clocks (Redis's robj lru field, kept beside the value). */
  data = new KeyTable();
  expires = new Map<string, number>();
  /** WATCHed keys → clients watching them. */
  watchers = new Map<string, Set<Client>>();
  /** Keys some client is blocked on (BLPOP & co). */
  blockedKeys = new Map<string, Set<Client>>();
  /** Under an LFU maxmemory-policy: Redis's packed (minutes << 8 | counter) per key, for OBJECT FREQ. */
  lfu = new Map<string, number>();
  /** Cluster mode: keys by hash slot (engine/cluster/slot-index.ts), told of every key created or removed. */
  slotIndex: { add(key: string): void; remove(key: string): void } | null = null;
  private lfuMode: boolean;
  /**
   * Keys in creation order with their creation sequence numbers: SCAN cursors are sequence numbers
   * (a key present for a whole scan keeps its entry, so it is returned) and RANDOMKEY picks an
   * index. Deleted keys leave stale entries, dropped by compaction; the index is rebuilt lazily
   * whenever `data` was replaced (flush, swap).
   */
  private order: string[] = [];
  private orderSeq: number[] = [];
  private orderOf: KeyTable | null = null;
  private nextSeq = 1;

  constructor(
    public id: number,
    private readonly node: EngineNode,
  ) {
    this.lfuMode = isLfuPolicy(node.config.get('maxmemory-policy'));
    node.config.onChange((name, value) => {
      if (name === 'maxmemory-policy') this.lfuMode = isLfuPolicy(value);
    });
  }

  /** Looks a key up for reading or writing; expired keys vanish here. */
  get(key: string): StoredValue | undefined {
    if (this.expires.size > 0 && this.expireIfNeeded(key)) return undefined;
    const data = this.data;
    const slot = data.find(key);
    if (slot < 0) return undefined;
    // lookupKey's update: the LRU clock, or the LFU counter under an LFU policy.
    if (!this.lfuMode) data.setLru(slot, this.node.lruclock);
    else this.touchLfu(key);
    return data.value(slot);
  }

  private touchLfu(key: string): void {
    const now = this.node.clock.now();
    this.lfu.set(key, lfuIncrement(this.lfu.get(key), now, this.node.config.int('lfu-log-factor'), this.node.config.int('lfu-decay-time')));
  }

  /** Like get, without expiring (used where Redis uses lookupKeyReadWithFlags NOEXPIRE). */
  peek(key: string): StoredValue | undefined {
    return this.data.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** OBJECT IDLETIME: seconds since the key was last accessed, by the wrapping LRU clock (estimateObjectIdleTime). */
  idleSeconds(key: string, nowMs = this.node.clock.now()): number {
    const slot = this.data.find(key);
    if (slot < 0) return 0;
    const lru = this.data.lru(slot);
    const clock = lruClock(nowMs);
    return clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru);
  }

  /** RESTORE IDLETIME, RDB load: sets a key's idle time (objectSetLRUOrLFU). */
  setIdleSeconds(key: string, idle: number, nowMs = this.node.clock.now()): void {
    const slot = this.data.find(key);
    if (slot < 0) return;
    const clock = lruClock(nowMs);
    const abs = clock - idle;
    // Underflow of the wrapping clock: half-way round keeps the idle time high for long.
    this.data.setLru(slot, abs >= 0 ? abs : (clock + Math.floor(LRU_CLOCK_MAX / 2)) % LRU_CLOCK_MAX);
  }

  /** Stores a value; drops the TTL unless keepTtl (SET KEEPTTL, SETRANGE, APPEND ...). */
  set(key: string, value: StoredValue, keepTtl = false): void {
    // A new object starts a fresh LRU time; under LFU an overwrite keeps the old counter.
    const old = this.data.put(key, value, this.node.lruclock);
    const created = old === undefined;
    if (!created) {
      if (this.lfuMode && !this.lfu.has(key)) this.lfu.set(key, lfuPack(this.node.clock.now(), LFU_INIT_VAL));
    } else {
      if (this.lfuMode) this.lfu.set(key, lfuPack(this.node.clock.now(), LFU_INIT_VAL));
      if (this.orderOf === this.data) {
        this.order.push(key);
        this.orderSeq.push(this.nextSeq++);
        // Sequence numbers must fit a SCAN cursor; renumbering (never reached in practice) resets them.
        if (this.nextSeq >= SCAN_POS_LIMIT) this.orderOf = null;
        if (this.order.length > 2 * this.data.size + 64) this.compactOrder();
      }
      if (this.slotIndex !== null) this.slotIndex.add(key);
    }
    if (!keepTtl && this.expires.size > 0) this.expires.delete(key);
    this.changed(key);
    // dbAdd's "new" keyspace event (class n), before the command's own event.
    if (this.node.notifyNew && created) this.node.notifyKeyspaceEvent('n', 'new', key, this.id);
  }

  delete(key: string): boolean {
    if (!this.data.delete(key)) return false;
    if (this.slotIndex !== null) this.slotIndex.remove(key);
    if (this.expires.size > 0) this.expires.delete(key);
    if (this.lfu.size > 0) this.lfu.delete(key);
    this.changed(key);
    return true;
  }

  /** Call after changing a stored value in place (LPUSH into an existing list, HSET, ...). */
  modified(key: string): void {
    const slot = this.data.find(key);
    // Its size, which the maxmemory check reads as part of the total.
    if (slot >= 0) this.data.recount(slot);
    this.changed(key);
  }

  /** signalModifiedKey: WATCH, blocked clients, tracking; and the dirty counter. */
  private changed(key: string): void {
    this.node.dirty++;
    if (this.watchers.size > 0) {
      const w = this.watchers.get(key);
      if (w) for (const c of w) c.touchWatched(this, key);
    }
    if (this.blockedKeys.size > 0 && this.blockedKeys.has(key)) this.node.blocking.keyReady(this, key);
    if (this.node.tracking.active) this.node.tracking.keyChanged(key, this.node.currentClient);
  }

  getExpire(key: string): number | undefined {
    return this.expires.size > 0 ? this.expires.get(key) : undefined;
  }

  setExpire(key: string, whenMs: number): void {
    this.expires.set(key, whenMs);
    this.changed(key);
  }

  /** Removes the TTL; true if there was one. */
  persist(key: string): boolean {
    if (!this.expires.delete(key)) return false;
    this.changed(key);
    return true;
  }

  get size(): number {
    return this.data.size;
  }

  /** Removes a key whose time has come. Replicas only hide it: the primary's DEL removes it. */
  expireIfNeeded(key: string): boolean {
    const when = this.expires.get(key);
    // Expired once the clock is past the expire time, as keyIsExpired (now > when).
    if (when === undefined || when >= this.node.clock.now()) return false;
    // Replicas and a node under CLIENT PAUSE only hide the key: deleting it would be a write.
    // The primary's own stream still sees it: its DEL is what removes the key on a replica.
    if (this.node.isReplica()) return !this.node.currentClient?.isPrimaryLink;
    if (this.node.writesPaused) return true;
    this.expireNow(key);
    return true;
  }

  private expireNow(key: string): void {
    this.data.delete(key);
    if (this.slotIndex !== null) this.slotIndex.remove(key);
    this.expires.delete(key);
    if (this.lfu.size > 0) this.lfu.delete(key);
    this.node.stats.expiredKeys++;
    this.changed(key);
    this.node.notifyKeyspaceEvent('x', 'expired', key, this.id);
    this.node.propagate(this.id, ['DEL', key]);
  }

  /**
   * One pass of active expiry over a sample of keys with a TTL, like activeExpireCycle:
   * repeat while more than a quarter of the sample was expired. Returns keys expired.
   */
  activeExpireCycle(sampleSize = 20, budgetMs = 25): number {
    if (this.expires.size === 0 || this.node.isReplica()) return 0;
    const start = Date.now();
    const now = this.node.clock.now();
    let total = 0;
    for (;;) {
      let sampled = 0;
      let expired = 0;
      const survivors: string[] = [];
      for (const [key, when] of this.expires) {
        if (sampled++ >= sampleSize) break;
        if (when < now) {
          this.expireNow(key);
          expired++;
        } else {
          survivors.push(key);
        }
      }
      total += expired;
      // The Map iterates in insertion order; rotate sampled survivors to the end so the
      // next pass looks at other keys, as Redis's random sampling would.
      for (const key of survivors) {
        const when = this.expires.get(key)!;
        this.expires.delete(key);
        this.expires.set(key, when);
      }
      if (expired * 4 <= sampled || this.expires.size === 0 || Date.now() - start > budgetMs) break;
    }
    return total;
  }

  flush(): void {
    const keys = [...this.data.keys()];
    this.data = new KeyTable();
    this.expires = new Map();
    this.lfu = new Map();
    this.order = [];
    this.orderSeq = [];
    this.orderOf = null;
    for (const key of keys) this.changed(key);
  }

  /** Bytes held, estimated: names and values plus a per-key overhead (INFO used_memory, maxmemory). */
  memoryEstimate(): number {
    return ENTRY_OVERHEAD * this.data.size + this.data.keyBytes + this.data.valueBytes;
  }

  /** Picks a random key (RANDOMKEY), deleting expired keys it lands on. */
  randomKey(): string | undefined {
    this.syncOrder();
    let expiredTries = 0;
    while (this.data.size > 0) {
      if (this.order.length > 2 * this.data.size + 64) this.compactOrder();
      const key = this.order[Math.floor(Math.random() * this.order.length)];
      if (!this.data.has(key)) continue;
      if (this.expires.size > 0 && this.expireIfNeeded(key)) {
        // A replica only hides expired keys: when all are volatile, give up as Redis does.
        if (this.data.has(key) && this.expires.size === this.data.size && ++expiredTries >= 100) return key;
        continue;
      }
      return key;
    }
    return undefined;
  }

  /**
   * SCAN: visits up to `count` keys from `cursor` (0n = start) in creation order and returns the
   * next cursor, 0n when done. The cursor packs the next creation sequence number (low 40 bits)
   * and how far past it the scan stops (high 24 bits, exact below 2^19, else rounded up): keys
   * created after the scan began are left out, so a scan ends even while keys are created faster
   * than it reads them. Stale entries are skipped (at most count*10 per call, like Redis's
   * empty-bucket limit); a key re-created during the scan may be visited twice, as in Redis.
   */
  scanKeys(cursor: bigint, count: number, visit: (key: string) => void): bigint {
    this.syncOrder();
    if (this.order.length > 2 * this.data.size + 64) this.compactOrder();
    let pos = 0;
    let limit = this.nextSeq;
    if (cursor !== 0n) {
      pos = Number(cursor & SCAN_POS_MASK);
      const span = Number(cursor >> SCAN_POS_BITS);
      limit = pos + (span & 0x7ffff) * 2 ** (span >>> 19);
    }
    const next = (seq: number): bigint => {
      let d = limit - seq;
      let e = 0;
      while (d >= 0x80000) {
        d = Math.ceil(d / 2);
        e++;
      }
      return (BigInt((e << 19) | d) << SCAN_POS_BITS) | BigInt(seq);
    };
    const order = this.order;
    const seqs = this.orderSeq;
    let lo = 0;
    let hi = seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (seqs[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    // Duplicates exist only if the index holds more entries than keys.
    const seen = order.length !== this.data.size ? new Set<string>() : null;
    let visited = 0;
    let skips = count * 10;
    for (let i = lo; i < order.length && seqs[i] < limit; i++) {
      const key = order[i];
      if (!this.data.has(key) || seen?.has(key)) {
        if (--skips <= 0) return i + 1 < order.length && seqs[i + 1] < limit ? next(seqs[i + 1]) : 0n;
        continue;
      }
      if (visited === count) return next(seqs[i]);
      seen?.add(key);
      visited++;
      visit(key);
    }
    return 0n;
  }

  /** Rebuilds the creation-order index after `data` was replaced. */
  private syncOrder(): void {
    if (this.orderOf === this.data) return;
    this.orderOf = this.data;
    if (this.nextSeq + this.data.size >= SCAN_POS_LIMIT) this.nextSeq = 1;
    this.order = [...this.data.keys()];
    this.orderSeq = new Array<number>(this.order.length);
    for (let i = 0; i < this.order.length; i++) this.orderSeq[i] = this.nextSeq++;
  }

  /** Drops stale entries, keeping each live key's first (oldest) entry so cursors stay valid. */
  private compactOrder(): void {
    const seen = new Set<string>();
    let j = 0;
    for (let i = 0; i < this.order.length; i++) {
      const key = this.order[i];
      if (!this.data.has(key) || seen.has(key)) continue;
      seen.add(key);
      this.order[j] = key;
      this.orderSeq[j++] = this.orderSeq[i];
    }
    this.order.length = j;
    this.orderSeq.length = j;
  }
}

export const LFU_INIT_VAL = 5;

/** Bytes a key costs besides its name and value (dictEntry, robj, sds headers, expiry slot). */
export const ENTRY_OVERHEAD = 64;

const SCAN_POS_BITS = 40n;
const SCAN_POS_MASK = (1n << SCAN_POS_BITS) - 1n;
const SCAN_POS_LIMIT = 2 ** 40;

function isLfuPolicy(policy: string | undefined): boolean {
  return policy !== undefined && policy.endsWith('-lfu');
}

export function lfuPack(nowMs: number, counter: number): number {
  return ((Math.floor(nowMs / 60000) & 65535) << 8) | counter;
}

/** LFUDecrAndReturn: the counter less one per lfu-decay-time minutes since its last update. */
export function lfuDecayed(packed: number, nowMs: number, decayTime: number): number {
  const ldt = packed >>> 8;
  const counter = packed & 255;
  const now = Math.floor(nowMs / 60000) & 65535;
  const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
  const periods = decayTime > 0 ? Math.floor(elapsed / decayTime) : 0;
  return periods > counter ? 0 : counter - periods;
}

/** updateLFU: decay, then a logarithmic increment (less likely the higher the counter). */
function lfuIncrement(packed: number | undefined, nowMs: number, logFactor: number, decayTime: number): number {
  let counter = packed === undefined ? LFU_INIT_VAL : lfuDecayed(packed, nowMs, decayTime);
  if (counter < 255) {
    const base = Math.max(0, counter - LFU_INIT_VAL);
    if (Math.random() < 1 / (base * logFactor + 1)) counter++;
  }
  return lfuPack(nowMs, counter);
}
