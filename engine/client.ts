import type { Socket } from 'node:net';
import type { BlockRequest } from './blocking.ts';
import type { EngineNode } from './engine-node.ts';
import type { Database } from './keyspace.ts';
import { ReplyWriter } from './reply-writer.ts';
import type { SocketIO } from './socket-io.ts';

/** CLIENT TRACKING state of one client (see engine/tracking.ts). */
export interface TrackingState {
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  /** Client id receiving invalidations over RESP2 pub/sub, 0 = this client. */
  redirect: number;
  prefixes: string[];
  /** CLIENT CACHING yes/no for the next command (OPTIN/OPTOUT); null when unset. */
  caching: boolean | null;
  /** The redirect client went away (CLIENT LIST flag 'R'). */
  brokenRedirect: boolean;
}

/** A WATCHed key; `expired` = it was already logically expired when watched. */
export interface WatchedKey {
  db: Database;
  key: string;
  expired: boolean;
}

/** One connection's state: selected db, protocol, MULTI queue, subscriptions, blocking. */
export class Client {
  readonly reply = new ReplyWriter();
  name = '';
  db: Database;
  authenticated: boolean;
  user = 'default';
  readonly createdAt: number;
  lastInteraction: number;
  /** Full name of the last command run ('client|list'), as CLIENT LIST shows it. */
  lastCommand = 'NULL';
  /** Arguments of the command being dispatched (CLIENT LIST qbuf / argv-mem of its own call). */
  argv: string[] = [];
  /** MULTI: queued commands, and whether one failed to queue (→ EXECABORT). */
  multi: string[][] | null = null;
  multiError = false;
  /**
   * The F_* flags of the queued commands together (mstate.cmd_flags): CLIENT PAUSE WRITE holds
   * back an EXEC that writes, maxmemory refuses one that may grow the dataset.
   */
  multiFlags = 0;
  watching: WatchedKey[] = [];
  watchDirty = false;
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();
  blocked: BlockRequest | null = null;
  /** Held back by CLIENT PAUSE: its commands wait in the backlog until the pause ends. */
  postponed = false;
  /** Commands read but not yet run because the client is blocked or postponed. */
  backlog: string[][] = [];
  /** QUIT / protocol error: close once the pending replies are written. */
  closeAfterReply = false;
  closed = false;
  /** CLIENT REPLY: OFF mutes everything; SKIP mutes the command after CLIENT REPLY SKIP. */
  replyOff = false;
  replySkip = false;
  replySkipNext = false;
  libName = '';
  libVersion = '';
  /** Cluster mode: ASKING (the next command may use an importing slot) and READONLY (replica reads). */
  asking = false;
  clusterReadOnly = false;
  /** Internal clients (the replication link from the primary) bypass READONLY and auth. */
  isPrimaryLink = false;
  noEvict = false;
  noTouch = false;
  monitor = false;
  tracking: TrackingState | null = null;
  /** Set by a handler that wants replicas to receive something other than its argv. */
  propagateAs: string[][] | null = null;
  /** Replication offset right after this client's last propagated write (WAIT waits for it). */
  woff = 0;
  /** Query buffer size and peak since the last cron pass (CLIENT LIST qbuf-free; see serverCron). */
  qbufSize = 0;
  qbufPeak = 0;
  /** Inside a command run by this client (tracking defers self-invalidations until its reply). */
  executing = false;
  /** Reads and writes of the socket (set once the connection is accepted); every write goes through it. */
  io: SocketIO | null = null;

  constructor(
    readonly id: number,
    readonly node: EngineNode,
    readonly socket: Socket | null,
  ) {
    this.db = node.databases[0];
    this.authenticated = !node.requiresAuth();
    this.createdAt = node.clock.now();
    this.lastInteraction = this.createdAt;
  }

  get subscriptionCount(): number {
    return this.channels.size + this.patterns.size + this.shardChannels.size;
  }

  get address(): string {
    const s = this.socket;
    return s ? `${s.remoteAddress}:${s.remotePort}` : '';
  }

  get localAddress(): string {
    const s = this.socket;
    return s ? `${s.localAddress}:${s.localPort}` : '';
  }

  /**
   * A watched key changed (Database.modified). Deleting a key that was already expired when
   * watched is no logical change, as in Redis's touchWatchedKey.
   */
  touchWatched(db: Database, key: string): void {
    for (const w of this.watching) {
      if (w.db !== db || w.key !== key) continue;
      if (w.expired && !db.data.has(key)) {
        w.expired = false;
        return;
      }
      this.watchDirty = true;
      return;
    }
  }

  /** Writes what has been replied so far to the socket in one write. */
  flush(): void {
    if (this.reply.out.length === 0 || !this.io || this.closed) {
      if (!this.io) this.reply.out = '';
      return;
    }
    this.node.stats.netOutputBytes += this.reply.out.length;
    this.io.write(this.reply.take());
  }
}
