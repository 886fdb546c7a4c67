import type { Client } from './client.ts';
import type { Database } from './keyspace.ts';

/**
 * What a blocked client waits for. `retry` runs when one of its keys changed (in the order the
 * clients blocked, as Redis serves them) and returns true once it has replied; `onTimeout`
 * writes the timeout reply.
 */
export interface BlockRequest {
  db: Database;
  keys: string[];
  /** Absolute ms on the node clock; 0 = forever. */
  deadline: number;
  /** Called with the key that became ready (Redis serves a client from that key). */
  retry: (key: string) => boolean;
  onTimeout: () => void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Keeps blocked clients, wakes them when their keys become ready, and times them out. */
export class BlockingRegistry {
  private ready: Array<[Database, string]> = [];
  private readyKeys = new Set<string>();
  readonly blocked = new Set<Client>();

  private readonly timers = new Map<Client, NodeJS.Timeout>();

  constructor(
    private readonly now: () => number,
    /** Called after a client timed out, to run what it had pipelined. */
    private readonly onTimedOut: (client: Client) => void,
    /** Runs a served client's retry as that client's command (tracking orders its invalidations after the reply). */
    private readonly serve: (client: Client, run: () => boolean) => boolean = (_client, run) => run(),
  ) {}

  block(client: Client, req: BlockRequest): void {
    client.blocked = req;
    if (req.deadline > 0) this.arm(client, req);
    this.blocked.add(client);
    for (const key of req.keys) {
      let set = req.db.blockedKeys.get(key);
      if (!set) req.db.blockedKeys.set(key, (set = new Set()));
      set.add(client);
    }
  }

  unblock(client: Client): void {
    const req = client.blocked;
    if (!req) return;
    client.blocked = null;
    this.blocked.delete(client);
    const timer = this.timers.get(client);
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(client);
    }
    for (const key of req.keys) {
      const set = req.db.blockedKeys.get(key);
      if (set) {
        set.delete(client);
        if (set.size === 0) req.db.blockedKeys.delete(key);
      }
    }
  }

  keyReady(db: Database, key: string): void {
    const id = db.id + '\0' + key;
    if (this.readyKeys.has(id)) return;
    this.readyKeys.add(id);
    this.ready.push([db, key]);
  }

  /** Serves clients blocked on keys that changed; called after each command. */
  handleReady(): Client[] {
    const woken: Client[] = [];
    while (this.ready.length > 0) {
      const batch = this.ready;
      this.ready = [];
      this.readyKeys.clear();
      for (const [db, key] of batch) {
        const waiting = db.blockedKeys.get(key);
        if (!waiting) continue;
        for (const client of [...waiting]) {
          const req = client.blocked;
          if (!req) continue;
          if (this.serve(client, () => req.retry(key))) {
            this.unblock(client);
            woken.push(client);
          }
          if (!db.data.has(key)) break;
        }
      }
    }
    return woken;
  }

  /** setTimeout fires at once past 2^31-1 ms: longer waits re-arm until the deadline is near. */
  private arm(client: Client, req: BlockRequest): void {
    const delay = Math.max(0, req.deadline - this.now());
    const timer = setTimeout(() => (delay > MAX_TIMER_MS ? this.arm(client, req) : this.timeout(client)), Math.min(delay, MAX_TIMER_MS));
    this.timers.set(client, timer);
  }

  private timeout(client: Client): void {
    const req = client.blocked;
    if (!req) return;
    this.unblock(client);
    req.onTimeout();
    this.onTimedOut(client);
  }

  get hasReady(): boolean {
    return this.ready.length > 0;
  }
}
