import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { BlockingRegistry } from './blocking.ts';
import { Client } from './client.ts';
import { systemClock, type Clock } from './clock.ts';
import { commandTable } from './commands/index.ts';
import { commandKeys, type CommandSpec } from './command-table.ts';
import { NodeConfig, NOTIFY, parseKeyspaceEventFlags } from './config.ts';
import { CommandError, ERR } from './errors.ts';
import { Database } from './keyspace.ts';
import { PubSubHub } from './pubsub-hub.ts';
import { ProtocolError, RespParser } from './resp-parser.ts';

export interface EngineNodeOptions {
  clock?: Clock;
  /** Initial parameters, as CONFIG SET names them. */
  config?: Record<string, string>;
  /** Commands this node answers as unknown (ElastiCache blocks CONFIG and friends for users). */
  restrictedCommands?: string[];
  /** Version reported by INFO and HELLO. */
  version?: string;
  /** Engine name reported in INFO/HELLO: 'redis' or 'valkey'. */
  engine?: 'redis' | 'valkey';
}

/** Commands that run immediately even inside MULTI. */
const MULTI_IMMEDIATE = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
/** What a RESP2 client in subscribed context may still run. */
const SUBSCRIBED_ALLOWED = new Set(['subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'ping', 'quit', 'reset']);

export interface CommandStat {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
}

/**
 * One cache node: a Redis-compatible server with its own keyspace, clients, configuration and
 * clock. Many nodes live in one process; nothing here is global.
 */
export class EngineNode {
  readonly clock: Clock;
  readonly config: NodeConfig;
  readonly runId = randomBytes(20).toString('hex');
  readonly version: string;
  readonly engine: 'redis' | 'valkey';
  databases: Database[];
  readonly clients = new Map<number, Client>();
  readonly blocking: BlockingRegistry;
  readonly pubsub = new PubSubHub();
  readonly startedAt: number;
  readonly restricted: Set<string>;
  readonly stats = {
    totalConnections: 0,
    totalCommands: 0,
    expiredKeys: 0,
    evictedKeys: 0,
    keyspaceHits: 0,
    keyspaceMisses: 0,
    rejectedConnections: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    commands: new Map<string, CommandStat>(),
    errors: new Map<string, number>(),
  };
  /** Incremented on every key change (server.dirty in Redis). */
  dirty = 0;
  lastSave: number;
  private nextClientId = 1;
  private server: Server | null = null;
  private cron: NodeJS.Timeout | null = null;
  private notifyFlags = 0;
  /** Replication hook: set by the replication layer to stream writes to replicas. */
  replicationFeed: ((db: number, argv: string[]) => void) | null = null;
  /** Role seen by READONLY checks and expiry; the replication layer flips it. */
  private replicaOf: { host: string; port: number } | null = null;
  port = 0;
  host = '127.0.0.1';
  paused: { until: number; writesOnly: boolean } | null = null;

  constructor(options: EngineNodeOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.config = new NodeConfig(options.config);
    this.version = options.version ?? '7.0.15';
    this.engine = options.engine ?? 'redis';
    this.restricted = new Set((options.restrictedCommands ?? []).map((c) => c.toLowerCase()));
    this.databases = Array.from({ length: this.config.int('databases') }, (_, i) => new Database(i, this));
    this.blocking = new BlockingRegistry(() => this.clock.now(), (client) => {
      this.resume(client);
      this.serveUnblocked();
    });
    this.startedAt = this.clock.now();
    this.lastSave = this.startedAt;
    this.notifyFlags = parseKeyspaceEventFlags(this.config.get('notify-keyspace-events') ?? '') ?? 0;
    this.config.onChange((name, value) => {
      if (name === 'notify-keyspace-events') this.notifyFlags = parseKeyspaceEventFlags(value) ?? 0;
      if (name === 'hz' && this.cron) this.armCron();
    });
  }

  /** Starts listening; returns the bound port (pass 0 for any free port). */
  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer({ noDelay: true }, (socket) => this.accept(socket));
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        server.on('error', () => undefined);
        this.server = server;
        const addr = server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : port;
        this.host = host;
        this.armCron();
        resolve(this.port);
      });
    });
  }

  /** Stops listening, closes every client, stops timers. Data stays until the object is dropped. */
  close(): Promise<void> {
    if (this.cron) clearInterval(this.cron);
    this.cron = null;
    for (const c of this.clients.values()) this.disconnect(c);
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  get listening(): boolean {
    return this.server !== null;
  }

  requiresAuth(): boolean {
    return (this.config.get('requirepass') ?? '') !== '';
  }

  isReplica(): boolean {
    return this.replicaOf !== null;
  }

  setReplicaOf(target: { host: string; port: number } | null): void {
    this.replicaOf = target;
  }

  get primary(): { host: string; port: number } | null {
    return this.replicaOf;
  }

  /** A client with no socket, for internal use (tests, the replication link, scripts). */
  createClient(socket: Socket | null = null): Client {
    const c = new Client(this.nextClientId++, this, socket);
    this.clients.set(c.id, c);
    return c;
  }

  private accept(socket: Socket): void {
    const maxClients = this.config.int('maxclients');
    if (this.clients.size >= maxClients) {
      this.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    this.stats.totalConnections++;
    const client = this.createClient(socket);
    const parser = new RespParser({
      maxBulkLen: this.config.int('proto-max-bulk-len'),
      authenticated: () => client.authenticated,
    });
    const commands: string[][] = [];
    socket.on('data', (chunk: Buffer) => {
      this.stats.netInputBytes += chunk.length;
      client.lastInteraction = this.clock.now();
      try {
        parser.feed(chunk, commands);
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        this.runBatch(client, commands);
        commands.length = 0;
        client.reply.error(e.message);
        client.closeAfterReply = true;
        this.finishBatch(client);
        return;
      }
      if (commands.length > 0) {
        this.runBatch(client, commands);
        commands.length = 0;
      }
      this.finishBatch(client);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.disconnect(client));
  }

  private runBatch(client: Client, commands: string[][]): void {
    for (let i = 0; i < commands.length; i++) {
      if (client.blocked || client.closeAfterReply || client.closed) {
        if (client.blocked) for (let j = i; j < commands.length; j++) client.backlog.push(commands[j]);
        return;
      }
      this.execute(client, commands[i]);
    }
  }

  private finishBatch(client: Client): void {
    this.serveUnblocked();
    this.stats.netOutputBytes += client.reply.out.length;
    client.flush();
    if (client.closeAfterReply && !client.closed) {
      client.socket?.end();
      this.disconnect(client);
    }
  }

  /** Runs one command for a client, with Redis's checks in Redis's order. */
  execute(c: Client, argv: string[]): void {
    this.stats.totalCommands++;
    const name = argv[0].toLowerCase();
    let spec = this.restricted.has(name) ? undefined : commandTable.get(name);
    if (c.replyMode === 'skip') c.reply.muted = true;
    try {
      if (!spec) {
        this.rejectInMulti(c);
        c.reply.error(ERR.unknownCommand(argv[0], argv.slice(1)));
        this.countError('ERR');
        return;
      }
      if (spec.subcommands) {
        if (argv.length === 1) {
          this.rejectInMulti(c);
          c.reply.error(ERR.wrongArgs(spec.name));
          return;
        }
        const sub = commandTable.sub(name, argv[1].toLowerCase());
        if (!sub) {
          this.rejectInMulti(c);
          c.reply.error(ERR.unknownSubcommand(argv[1], spec.name));
          return;
        }
        spec = sub;
      }
      if ((spec.arity > 0 && argv.length !== spec.arity) || argv.length < -spec.arity) {
        this.rejectInMulti(c);
        c.reply.error(ERR.wrongArgs(spec.name));
        return;
      }
      if (!c.authenticated && !spec.flags.includes('no_auth')) {
        this.rejectInMulti(c);
        c.reply.error(ERR.noAuth);
        return;
      }
      if (c.multi && !MULTI_IMMEDIATE.has(name)) {
        if (spec.flags.includes('no_multi')) {
          this.rejectInMulti(c);
          c.reply.error(`ERR Command not allowed inside a transaction`);
          return;
        }
        c.multi.push(argv);
        c.reply.simple('QUEUED');
        return;
      }
      if (c.subscriptionCount > 0 && c.reply.protocol === 2 && !SUBSCRIBED_ALLOWED.has(name)) {
        c.reply.error(ERR.subscribedContext(name));
        return;
      }
      if (this.replicaOf && !c.isPrimaryLink && spec.flags.includes('write') && this.config.bool('replica-read-only')) {
        c.reply.error(ERR.readonly);
        this.countError('READONLY');
        return;
      }
      this.call(c, spec, argv);
    } finally {
      c.lastCommand = name;
      if (c.replyMode !== 'on') {
        c.reply.muted = c.replyMode === 'off';
        if (c.replyMode === 'skip') c.replyMode = 'on';
      }
    }
  }

  /** Runs a resolved command (also used by EXEC for queued commands). */
  call(c: Client, spec: CommandSpec, argv: string[]): void {
    const dirtyBefore = this.dirty;
    const start = process.hrtime.bigint();
    const before = c.reply.out.length;
    try {
      spec.handler!(c, argv);
    } catch (e) {
      if (e instanceof CommandError) {
        c.reply.error(e.reply);
      } else {
        c.reply.error(`ERR internal error: ${(e as Error).message}`);
      }
    }
    const usec = Number(process.hrtime.bigint() - start) / 1000;
    const fullName = spec.name;
    let st = this.stats.commands.get(fullName);
    if (!st) this.stats.commands.set(fullName, (st = { calls: 0, usec: 0, rejected: 0, failed: 0 }));
    st.calls++;
    st.usec += usec;
    if (c.reply.out.length > before && c.reply.out.charCodeAt(before) === 45 /* '-' */) {
      st.failed++;
      this.countError(c.reply.out.slice(before + 1, c.reply.out.indexOf(' ', before)));
    }
    if (this.dirty !== dirtyBefore && this.replicationFeed && spec.flags.includes('write')) {
      if (c.propagateAs) for (const cmd of c.propagateAs) this.propagate(c.db.id, cmd);
      else this.propagate(c.db.id, argv);
    }
    c.propagateAs = null;
  }

  private rejectInMulti(c: Client): void {
    if (c.multi) c.multiError = true;
  }

  private countError(prefix: string): void {
    this.stats.errors.set(prefix, (this.stats.errors.get(prefix) ?? 0) + 1);
  }

  /** Streams a write to replicas (no-op without replicas). */
  propagate(db: number, argv: string[]): void {
    this.replicationFeed?.(db, argv);
  }

  /** Publishes keyspace/keyevent notifications when notify-keyspace-events asks for them. */
  notifyKeyspaceEvent(type: string, event: string, key: string, dbId: number): void {
    const flags = this.notifyFlags;
    if (flags === 0) return;
    const bit = NOTIFY[type as keyof typeof NOTIFY] ?? 0;
    if (!(flags & bit)) return;
    if (flags & NOTIFY.K) this.pubsub.publish(`__keyspace@${dbId}__:${key}`, event);
    if (flags & NOTIFY.E) this.pubsub.publish(`__keyevent@${dbId}__:${event}`, key);
  }

  /** Resumes clients whose blocking command was served, running what they had pipelined. */
  serveUnblocked(): void {
    while (this.blocking.hasReady) {
      for (const client of this.blocking.handleReady()) this.resume(client);
    }
  }

  private resume(client: Client): void {
    const backlog = client.backlog;
    client.backlog = [];
    this.runBatch(client, backlog);
    client.flush();
  }

  disconnect(c: Client): void {
    if (c.closed) return;
    c.closed = true;
    this.blocking.unblock(c);
    for (const [db, key] of c.watching) {
      const set = db.watchers.get(key);
      if (set) {
        set.delete(c);
        if (set.size === 0) db.watchers.delete(key);
      }
    }
    this.pubsub.removeClient(c);
    this.clients.delete(c.id);
    if (c.socket && !c.socket.destroyed) c.socket.destroy();
  }

  /** Keys a command touches, for COMMAND GETKEYS and cluster routing. */
  keysOf(argv: string[]): string[] | null {
    const spec = commandTable.get(argv[0].toLowerCase());
    return spec ? commandKeys(spec, argv) : null;
  }

  private armCron(): void {
    if (this.cron) clearInterval(this.cron);
    const hz = Math.max(1, this.config.int('hz'));
    this.cron = setInterval(() => this.serverCron(), Math.floor(1000 / hz));
    this.cron.unref();
  }

  /** Periodic work: active expiry, blocked-client timeouts, idle-client timeouts. */
  serverCron(): void {
    for (const db of this.databases) if (db.expires.size > 0) db.activeExpireCycle();
    const timeout = this.config.int('timeout');
    if (timeout > 0) {
      const now = this.clock.now();
      for (const c of this.clients.values()) {
        if (c.socket && !c.blocked && c.subscriptionCount === 0 && now - c.lastInteraction > timeout * 1000) this.disconnect(c);
      }
    }
    this.serveUnblocked();
  }

  /**
   * An estimate of the dataset's size in bytes (INFO used_memory, maxmemory checks): V8 gives no
   * per-node figure when many nodes share a heap, so count key and value bytes plus overhead.
   */
  usedMemory(): number {
    let bytes = 1024 * 1024;
    for (const db of this.databases) bytes += db.memoryEstimate();
    return bytes;
  }

  /** Total keys across databases. */
  keyCount(): number {
    let n = 0;
    for (const db of this.databases) n += db.size;
    return n;
  }

  /** Replaces every database (FLUSHALL, full resync, restore). */
  flushAll(): void {
    for (const db of this.databases) db.flush();
  }
}
