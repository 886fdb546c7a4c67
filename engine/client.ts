import type { Socket } from 'node:net';
import type { BlockRequest } from './blocking.ts';
import type { EngineNode } from './engine-node.ts';
import type { Database } from './keyspace.ts';
import { ReplyWriter } from './reply-writer.ts';

/** One connection's state: selected db, protocol, MULTI queue, subscriptions, blocking. */
export class Client {
  readonly reply = new ReplyWriter();
  name = '';
  db: Database;
  authenticated: boolean;
  user = 'default';
  readonly createdAt: number;
  lastInteraction: number;
  lastCommand = 'NULL';
  /** MULTI: queued commands, and whether one failed to queue (→ EXECABORT). */
  multi: string[][] | null = null;
  multiError = false;
  watching: Array<[Database, string]> = [];
  watchDirty = false;
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();
  blocked: BlockRequest | null = null;
  /** Commands read but not yet run because the client is blocked. */
  backlog: string[][] = [];
  /** QUIT / protocol error: close once the pending replies are written. */
  closeAfterReply = false;
  closed = false;
  /** CLIENT REPLY: 'on' | 'off' | 'skip' (skip mutes the next command only). */
  replyMode: 'on' | 'off' | 'skip' = 'on';
  libName = '';
  libVersion = '';
  /** Internal clients (the replication link from the primary) bypass READONLY and auth. */
  isPrimaryLink = false;
  noEvict = false;
  /** Set by a handler that wants replicas to receive something other than its argv. */
  propagateAs: string[][] | null = null;

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

  /** Writes what has been replied so far to the socket in one write. */
  flush(): void {
    if (this.reply.out.length === 0 || !this.socket || this.closed) {
      if (!this.socket) this.reply.out = '';
      return;
    }
    this.socket.write(this.reply.take(), 'latin1');
  }
}
