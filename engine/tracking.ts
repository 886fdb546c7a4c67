import type { Client, TrackingState } from './client.ts';
import type { EngineNode } from './engine-node.ts';

const INVALIDATE_CHANNEL = '__redis__:invalidate';

interface PrefixEntry {
  clients: Set<Client>;
  /** Keys changed since the last broadcast → the client that changed them (for NOLOOP). */
  keys: Map<string, Client | null>;
}

/**
 * Client-side caching (CLIENT TRACKING): remembers which clients read which keys (key names
 * only, across databases, as Redis does) and sends invalidations when those keys change.
 * BCAST clients register prefixes instead; their invalidations are batched per event-loop turn.
 */
export class Tracking {
  /** key → ids of clients that may hold it in their cache. */
  private readonly table = new Map<string, Set<number>>();
  private readonly prefixes = new Map<string, PrefixEntry>();
  private broadcastPending = false;
  /** Keys invalidated for the client running the current command: sent after its reply. */
  private readonly pendingSelf: string[] = [];
  /** Set while a FLUSH empties databases: the flush sends one null invalidation instead. */
  suspended = false;
  clientCount = 0;

  constructor(private readonly node: EngineNode) {}

  /** Cheap check for the keyspace hook. */
  get active(): boolean {
    return !this.suspended && (this.table.size > 0 || this.prefixes.size > 0);
  }

  get trackedKeys(): number {
    return this.table.size;
  }

  get prefixCount(): number {
    return this.prefixes.size;
  }

  /** CLIENT TRACKING ON: flags are replaced, BCAST prefixes add to those already registered. */
  enable(c: Client, state: TrackingState): void {
    const prev = c.tracking;
    if (!prev) this.clientCount++;
    const added = state.prefixes;
    state.prefixes = prev?.bcast ? prev.prefixes : [];
    c.tracking = state;
    if (!state.bcast) return;
    for (const p of added.length > 0 ? added : ['']) {
      let e = this.prefixes.get(p);
      if (!e) this.prefixes.set(p, (e = { clients: new Set(), keys: new Map() }));
      if (!e.clients.has(c)) {
        e.clients.add(c);
        state.prefixes.push(p);
      }
    }
  }

  disable(c: Client): void {
    if (!c.tracking) return;
    if (c.tracking.bcast) this.removePrefixes(c);
    c.tracking = null;
    this.clientCount--;
  }

  private removePrefixes(c: Client): void {
    for (const p of c.tracking!.prefixes) {
      const e = this.prefixes.get(p);
      if (!e) continue;
      e.clients.delete(c);
      if (e.clients.size === 0) this.prefixes.delete(p);
    }
  }

  /** After a read-only command of a tracking client (default mode): remember its keys. */
  remember(c: Client, keys: string[]): void {
    const t = c.tracking!;
    if ((t.optin && t.caching !== true) || (t.optout && t.caching === false)) return;
    for (const key of keys) {
      let ids = this.table.get(key);
      if (!ids) this.table.set(key, (ids = new Set()));
      ids.add(c.id);
    }
  }

  /**
   * trackingLimitUsedSlots: over tracking-table-max-keys, the oldest keys are dropped and their
   * trackers told to invalidate them, as if they had changed. Run before each command.
   */
  enforceLimit(max: number): void {
    if (max <= 0 || this.table.size <= max) return;
    for (const key of this.table.keys()) {
      if (this.table.size <= max) break;
      this.keyChanged(key, null, false);
    }
  }

  /** A key changed (signalModifiedKey): invalidate it for the clients caching it. */
  keyChanged(key: string, by: Client | null, bcast = true): void {
    if (bcast && this.prefixes.size > 0) {
      for (const [prefix, e] of this.prefixes) {
        if (key.startsWith(prefix)) {
          e.keys.set(key, by);
          this.broadcastPending = true;
        }
      }
    }
    const ids = this.table.get(key);
    if (!ids) return;
    this.table.delete(key);
    for (const id of ids) {
      const target = this.node.clients.get(id);
      if (!target || !target.tracking || target.tracking.bcast) continue;
      if (target.tracking.noloop && target === by) continue;
      if (target === by && target.executing) this.pendingSelf.push(key);
      else this.send(target, [key]);
    }
  }

  /** FLUSHALL/FLUSHDB: every tracking client is told to drop its whole cache. */
  flushed(by: Client | null): void {
    this.table.clear();
    for (const c of this.node.clients.values()) {
      if (!c.tracking) continue;
      if (c === by && c.executing) this.pendingSelf.push('\0flush');
      else this.send(c, null);
    }
  }

  /** Sends what was deferred for the client whose command just replied. */
  afterCommand(c: Client): void {
    if (this.pendingSelf.length === 0) return;
    const keys = this.pendingSelf.splice(0);
    if (!c.tracking) return;
    for (const k of keys) this.send(c, k === '\0flush' ? null : [k]);
  }

  /** Sends BCAST invalidations gathered since the last call (Redis does it in beforeSleep). */
  broadcast(): void {
    if (!this.broadcastPending) return;
    this.broadcastPending = false;
    // Prefixes in byte order, as Redis walks its radix tree.
    const pending = [...this.prefixes].filter(([, e]) => e.keys.size > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [, e] of pending) {
      for (const c of e.clients) {
        const keys: string[] = [];
        for (const [k, by] of e.keys) if (!(c.tracking?.noloop && by === c)) keys.push(k);
        if (keys.length > 0) this.send(c, keys);
      }
      e.keys.clear();
    }
  }

  /** One invalidation message: a RESP3 push, or a message on __redis__:invalidate to the redirect. */
  private send(c: Client, keys: string[] | null): void {
    let target = c;
    const t = c.tracking!;
    if (t.redirect > 0) {
      const redir = this.node.clients.get(t.redirect);
      if (!redir) {
        t.brokenRedirect = true;
        if (c.reply.protocol === 3) {
          this.write(c, () => {
            c.reply.push(2);
            c.reply.bulk('tracking-redir-broken');
            c.reply.int(t.redirect);
          });
        }
        return;
      }
      target = redir;
    }
    const w = target.reply;
    if (w.protocol === 3) {
      this.write(target, () => {
        w.push(2);
        w.bulk('invalidate');
        this.writeKeys(target, keys);
      });
    } else if (target !== c && target.subscriptionCount > 0) {
      this.write(target, () => {
        w.array(3);
        w.bulk('message');
        w.bulk(INVALIDATE_CHANNEL);
        this.writeKeys(target, keys);
      });
    }
  }

  private writeKeys(c: Client, keys: string[] | null): void {
    if (keys === null) c.reply.nullBulk();
    else c.reply.bulks(keys);
  }

  /** Push messages go out even when CLIENT REPLY OFF/SKIP mutes replies. */
  private write(c: Client, fn: () => void): void {
    const muted = c.reply.muted;
    c.reply.muted = false;
    fn();
    c.reply.muted = muted;
    this.node.markForFlush(c);
  }
}
