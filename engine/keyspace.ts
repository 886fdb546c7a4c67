import type { EngineNode } from './engine-node.ts';
import type { Client } from './client.ts';

/** Non-string values carry their type; strings are stored as bare latin1 strings (cheapest form). */
export interface TypedValue {
  readonly kind: 'list' | 'hash' | 'set' | 'zset' | 'stream';
}
export type StoredValue = string | TypedValue;
export type TypeName = 'string' | TypedValue['kind'];

export function typeOf(v: StoredValue): TypeName {
  return typeof v === 'string' ? 'string' : v.kind;
}

/**
 * One of a node's numbered databases. Expiry is lazy (checked on every lookup) plus an active
 * cycle run by the node, as in Redis. Every change to a key goes through set/delete/modified so
 * that WATCH, blocked clients, keyspace events and replication all see it.
 */
export class Database {
  data = new Map<string, StoredValue>();
  expires = new Map<string, number>();
  /** WATCHed keys → clients watching them. */
  watchers = new Map<string, Set<Client>>();
  /** Keys some client is blocked on (BLPOP & co). */
  blockedKeys = new Map<string, Set<Client>>();
  /** Last access time per key, for OBJECT IDLETIME and LRU eviction. */
  lastAccess = new Map<string, number>();

  constructor(
    public id: number,
    private readonly node: EngineNode,
  ) {}

  /** Looks a key up for reading or writing; expired keys vanish here. */
  get(key: string): StoredValue | undefined {
    if (this.expires.size > 0 && this.expireIfNeeded(key)) return undefined;
    return this.data.get(key);
  }

  /** Like get, without expiring (used where Redis uses lookupKeyReadWithFlags NOEXPIRE). */
  peek(key: string): StoredValue | undefined {
    return this.data.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Stores a value; drops the TTL unless keepTtl (SET KEEPTTL, SETRANGE, APPEND ...). */
  set(key: string, value: StoredValue, keepTtl = false): void {
    this.data.set(key, value);
    if (!keepTtl && this.expires.size > 0) this.expires.delete(key);
    this.modified(key);
  }

  delete(key: string): boolean {
    if (!this.data.delete(key)) return false;
    if (this.expires.size > 0) this.expires.delete(key);
    this.lastAccess.delete(key);
    this.modified(key);
    return true;
  }

  /** Call after changing a stored value in place (LPUSH into an existing list, HSET, ...). */
  modified(key: string): void {
    this.node.dirty++;
    if (this.watchers.size > 0) {
      const w = this.watchers.get(key);
      if (w) for (const c of w) c.watchDirty = true;
    }
    if (this.blockedKeys.size > 0 && this.blockedKeys.has(key)) this.node.blocking.keyReady(this, key);
  }

  getExpire(key: string): number | undefined {
    return this.expires.size > 0 ? this.expires.get(key) : undefined;
  }

  setExpire(key: string, whenMs: number): void {
    this.expires.set(key, whenMs);
    this.modified(key);
  }

  /** Removes the TTL; true if there was one. */
  persist(key: string): boolean {
    if (!this.expires.delete(key)) return false;
    this.modified(key);
    return true;
  }

  get size(): number {
    return this.data.size;
  }

  /** Removes a key whose time has come. Replicas only hide it: the primary's DEL removes it. */
  expireIfNeeded(key: string): boolean {
    const when = this.expires.get(key);
    if (when === undefined || when > this.node.clock.now()) return false;
    if (this.node.isReplica()) return true;
    this.expireNow(key);
    return true;
  }

  private expireNow(key: string): void {
    this.data.delete(key);
    this.expires.delete(key);
    this.lastAccess.delete(key);
    this.node.stats.expiredKeys++;
    this.modified(key);
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
        if (when <= now) {
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
    this.data = new Map();
    this.expires = new Map();
    this.lastAccess = new Map();
    for (const key of keys) this.modified(key);
  }

  /** Rough bytes held (key + value + per-entry overhead); kept incremental-free for simplicity. */
  memoryEstimate(): number {
    let bytes = 0;
    for (const [key, value] of this.data) bytes += 64 + key.length + (typeof value === 'string' ? value.length : valueSize(value));
    return bytes;
  }

  /** Picks a random key (RANDOMKEY, eviction sampling). */
  randomKey(): string | undefined {
    for (let tries = 0; tries < 100 && this.data.size > 0; tries++) {
      const idx = Math.floor(Math.random() * this.data.size);
      let i = 0;
      for (const key of this.data.keys()) {
        if (i++ === idx) {
          if (this.expires.size > 0 && this.expireIfNeeded(key)) break;
          return key;
        }
      }
    }
    return undefined;
  }
}

/** Size of a typed value, for values that report it (each type's class may implement size()). */
function valueSize(v: TypedValue): number {
  const sized = v as TypedValue & { byteSize?: () => number };
  return sized.byteSize ? sized.byteSize() : 128;
}
