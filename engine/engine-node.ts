import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { BlockingRegistry } from './blocking.ts';
import { Client } from './client.ts';
import { systemClock, type Clock } from './clock.ts';
import { commandTable } from './commands/index.ts';
import {
  commandKeys,
  F_ADMIN,
  F_DENYOOM,
  F_FAST,
  F_MAY_REPLICATE,
  F_NO_AUTH,
  F_NO_MULTI,
  F_READONLY,
  F_SKIP_MONITOR,
  F_SKIP_SLOWLOG,
  F_WRITE,
  type CommandSpec,
} from './command-table.ts';
import { NodeConfig, NOTIFY, parseKeyspaceEventFlags } from './config.ts';
import { LatencyHistogram, LatencyMonitor, Slowlog } from './diagnostics.ts';
import { CommandError, ERR } from './errors.ts';
import { EVICT_FAIL, Evictor } from './eviction.ts';
import { InputDelay } from './input-delay.ts';
import { SocketIO } from './socket-io.ts';
import { Database, lruClock } from './keyspace.ts';
import { PubSubHub } from './pubsub-hub.ts';
import { ProtocolError, RespParser } from './resp-parser.ts';
import { Tracking } from './tracking.ts';
import { Replication } from './replication/replication.ts';
import { isInternalPeer } from './replication/replica-link.ts';
import { ClusterView } from './cluster/view.ts';
import { HELD, route } from './cluster/routing.ts';

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
/** What a transaction may still run past maxmemory: everything else is refused while MULTI queues. */
const MULTI_OOM_EXEMPT = new Set(['exec', 'discard', 'quit', 'reset']);
/** What a RESP2 client in subscribed context may still run. */
const SUBSCRIBED_ALLOWED = new Set(['subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'ping', 'quit', 'reset']);

/** Size of a fresh query buffer: a 16KB read buffer as jemalloc rounds it, less the sds header. */
const QUERYBUF_BASE = 20474;

/** Spellings of command names cached per node (see dispatch); bounded against clients inventing casings. */
const SPEC_CACHE_MAX = 1024;

export interface CommandStat {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
  histogram: LatencyHistogram;
}

/**
 * One cache node: a Redis-compatible server with its own keyspace, clients, configuration and
 * clock. Many nodes live in one process; nothing here is global.
 */
export class EngineNode {
  readonly clock: Clock;
  readonly config: NodeConfig;
  runId = randomBytes(20).toString('hex');
  /** Replication ids, offsets, backlog, attached replicas and the link to our primary. */
  readonly replication: Replication;
  /** Cluster mode (cluster-enabled, fixed at startup): the topology this node serves and redirects by. */
  readonly cluster: ClusterView;
  /** What INFO and HELLO report; an engine version upgrade (ModifyCacheCluster) sets it on the running node. */
  version: string;
  engine: 'redis' | 'valkey';
  databases: Database[];
  readonly clients = new Map<number, Client>();
  readonly blocking: BlockingRegistry;
  readonly pubsub: PubSubHub;
  readonly tracking: Tracking;
  /** maxmemory and its policies (engine/eviction.ts). */
  readonly evictor: Evictor;
  readonly slowlog = new Slowlog();
  readonly latency = new LatencyMonitor();
  readonly monitors = new Set<Client>();
  readonly startedAt: number;
  readonly restricted: Set<string>;
  private readonly restrictsSubcommands: boolean;
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
    totalErrors: 0,
    unexpectedErrors: 0,
    /** Since the last CONFIG RESETSTAT (INFO stats fields are reset there, not these objects). */
    resetAt: 0,
  };
  /** Incremented on every key change (server.dirty in Redis). */
  dirty = 0;
  /** dirty at the last SAVE/BGSAVE (INFO rdb_changes_since_last_save). */
  dirtyAtSave = 0;
  lastSave: number;
  /** Active expiry on/off (DEBUG SET-ACTIVE-EXPIRE). */
  activeExpire = true;
  /**
   * Time a command spent "sleeping" without blocking the process (DEBUG SLEEP holds only its
   * client): counted into that call's duration for the slow log, latency monitor and stats.
   */
  sleptUsec = 0;
  /**
   * server.lruclock: the LRU clock keys are stamped with, refreshed by the cron and at each batch
   * of commands rather than read per key (LRU_CLOCK() in Redis reads the cron's cached value too).
   */
  lruclock = 0;
  /**
   * performance.now() when the last top-level command of the running batch ended: the next one
   * starts there, so a batch reads the clock once per command rather than twice. NaN between
   * batches (the next call reads the clock itself).
   */
  private lastCallEnd = NaN;
  /** The client whose command is running (tracking NOLOOP, self-invalidation ordering). */
  currentClient: Client | null = null;
  private nextClientId = 1;
  private server: Server | null = null;
  private cron: NodeJS.Timeout | null = null;
  private notifyFlags = 0;
  /** notify-keyspace-events has 'n': only then does Database.set raise "new" (checked per write). */
  notifyNew = false;
  /** Replication hook: set by the replication layer to stream writes to replicas. */
  replicationFeed: ((db: number, argv: string[]) => void) | null = null;
  /** Role seen by READONLY checks and expiry; the replication layer flips it. */
  private replicaOf: { host: string; port: number } | null = null;
  port = 0;
  host = '127.0.0.1';
  /** Injected latency on accepted connections (setClientLatency). */
  private clientLatencyMs = 0;
  /** CLIENT PAUSE: until (node clock ms) and whether only writes wait. */
  paused: { until: number; writesOnly: boolean } | null = null;
  private pauseTimer: NodeJS.Timeout | null = null;
  private readonly postponed = new Set<Client>();
  /** Nesting of call(): writes made inside one top-level call are propagated together. */
  private callDepth = 0;
  private pendingPropagation: Array<[number, string[]]> = [];
  /** Clients with output produced outside their own command (pub/sub, invalidations). */
  private readonly flushQueue = new Set<Client>();
  private flushScheduled = false;
  /** Parameters read on every call, kept parsed (refreshed by config.onChange). */
  private slowlogThreshold = 0;
  private slowlogMaxLen = 0;
  private latencyThreshold = 0;
  private latencyTracking = true;
  private replicaReadOnly = true;
  private trackingMaxKeys = 0;
  private maxmemory = 0;
  /** Command names as clients spell them ('SET', 'set') → spec, so dispatch skips lower-casing. */
  private readonly specCache = new Map<string, CommandSpec>();
  /** stats.commands by CommandSpec.id, so call() finds a command's record without a lookup by name. */
  private statById: Array<CommandStat | undefined> = [];

  constructor(options: EngineNodeOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.lruclock = lruClock(this.clock.now());
    this.config = new NodeConfig(options.config);
    this.version = options.version ?? '7.0.15';
    this.engine = options.engine ?? 'redis';
    this.restricted = new Set((options.restrictedCommands ?? []).map((c) => c.toLowerCase()));
    this.restrictsSubcommands = [...this.restricted].some((n) => n.includes('|'));
    this.databases = Array.from({ length: this.config.int('databases') }, (_, i) => new Database(i, this));
    this.pubsub = new PubSubHub(this);
    this.tracking = new Tracking(this);
    this.evictor = new Evictor(this);
    this.blocking = new BlockingRegistry(
      () => this.clock.now(),
      (client) => {
        this.resume(client);
        this.serveUnblocked();
        this.flushPending();
      },
      (client, run) => this.asCommandOf(client, run),
    );
    this.startedAt = this.clock.now();
    this.stats.resetAt = this.startedAt;
    this.lastSave = this.startedAt;
    this.notifyFlags = parseKeyspaceEventFlags(this.config.get('notify-keyspace-events') ?? '') ?? 0;
    this.notifyNew = (this.notifyFlags & NOTIFY.n) !== 0;
    this.readHotConfig();
    this.config.onChange((name, value) => {
      if (name === 'notify-keyspace-events') {
        this.notifyFlags = parseKeyspaceEventFlags(value) ?? 0;
        this.notifyNew = (this.notifyFlags & NOTIFY.n) !== 0;
      }
      if (name === 'hz' && this.cron) this.armCron();
      this.readHotConfig();
      // updateMaxmemory: a lower limit is enforced from the event loop, not only by the next command.
      if (name === 'maxmemory' && this.maxmemory > 0 && this.server !== null) this.evictor.soon();
    });
    this.replication = new Replication(this);
    this.cluster = new ClusterView(this);
  }

  private readHotConfig(): void {
    this.slowlogThreshold = this.config.int('slowlog-log-slower-than');
    this.slowlogMaxLen = this.config.int('slowlog-max-len');
    this.latencyThreshold = this.config.int('latency-monitor-threshold');
    this.latencyTracking = this.config.bool('latency-tracking');
    this.replicaReadOnly = this.config.bool('replica-read-only');
    this.trackingMaxKeys = this.config.int('tracking-table-max-keys');
    this.maxmemory = this.config.int('maxmemory');
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
        this.config.set('port', String(this.port), true);
        this.config.set('bind', host, true);
        this.armCron();
        this.replication.start();
        resolve(this.port);
      });
    });
  }

  /** Stops listening, closes every client, stops timers. Data stays until the object is dropped. */
  close(): Promise<void> {
    if (this.cron) clearInterval(this.cron);
    this.cron = null;
    this.replication.stop();
    this.evictor.stop();
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
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

  /** REPLICAOF: follow a primary (full or partial resync over TCP), or become a primary (null). */
  setReplicaOf(target: { host: string; port: number } | null): void {
    const previous = this.replicaOf;
    this.replicaOf = target ? { host: target.host, port: target.port } : null;
    this.config.set('replicaof', target ? `${target.host} ${target.port}` : '', true);
    this.replication.roleChanged(previous, this.replicaOf);
  }

  /** Injected replication lag (tests of stale reads): a replica applies each write ms later. */
  setReplicationDelay(ms: number): void {
    this.replication.delayMs = Math.max(0, ms);
  }

  /** Injected network latency: what clients send reaches the node ms later (0 clears). */
  setClientLatency(ms: number): void {
    this.clientLatencyMs = Math.max(0, ms);
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
    const onData = (chunk: Buffer, transient: boolean) => {
      this.stats.netInputBytes += chunk.length;
      if (client.closed) return;
      // Query buffer accounting as Redis reports it: 16KB reads, bigger for big arguments.
      if (chunk.length > client.qbufPeak) client.qbufPeak = chunk.length;
      if (client.qbufSize < QUERYBUF_BASE || chunk.length > client.qbufSize) client.qbufSize = Math.max(QUERYBUF_BASE, chunk.length);
      this.beginBatch(client);
      try {
        parser.feed(chunk, commands, transient);
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        this.runBatch(client, commands);
        commands.length = 0;
        // Redis answers the protocol error only if the client is still allowed to get replies.
        if (!client.blocked && !client.postponed) {
          client.reply.muted = false;
          client.reply.error(e.message);
          this.countError(e.message);
        }
        client.closeAfterReply = true;
        this.finishBatch(client);
        return;
      }
      if (commands.length > 0) {
        this.runBatch(client, commands);
        commands.length = 0;
      }
      this.finishBatch(client);
    };
    const delayed = new InputDelay((chunk) => onData(chunk, false));
    client.io = SocketIO.attach(socket, (chunk, transient) => {
      if (this.clientLatencyMs > 0 || delayed.pending) delayed.push(transient ? Buffer.from(chunk) : chunk, this.clientLatencyMs);
      else onData(chunk, transient);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      delayed.cancel();
      this.disconnect(client);
    });
  }

  private runBatch(client: Client, commands: string[][]): void {
    for (let i = 0; i < commands.length; i++) {
      if (client.blocked || client.postponed || client.closeAfterReply || client.closed) {
        if (client.blocked || client.postponed) for (let j = i; j < commands.length; j++) client.backlog.push(commands[j]);
        return;
      }
      this.execute(client, commands[i]);
    }
  }

  /** A client's bytes arrived: one clock read for its interaction time, the LRU clock and the first command's start. */
  private beginBatch(client: Client): void {
    const now = this.clock.now();
    client.lastInteraction = now;
    this.lruclock = lruClock(now);
    this.lastCallEnd = performance.now();
  }

  private finishBatch(client: Client): void {
    this.lastCallEnd = NaN;
    this.serveUnblocked();
    client.flush();
    this.flushPending();
    if (client.closeAfterReply && !client.closed) {
      client.socket?.end();
      this.disconnect(client);
    }
  }

  /** Queues a client whose output was produced outside its own command; flushed after the batch. */
  markForFlush(c: Client): void {
    this.flushQueue.add(c);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushPending());
    }
  }

  /** Writes pending output of other clients (pub/sub messages, invalidations, monitors). */
  flushPending(): void {
    this.tracking.broadcast();
    this.flushScheduled = false;
    if (this.flushQueue.size === 0) return;
    for (const c of this.flushQueue) c.flush();
    this.flushQueue.clear();
  }

  /** Resolves a command line to its spec (subcommands included); undefined when unknown. */
  lookup(argv: string[]): CommandSpec | undefined {
    const name = argv[0].toLowerCase();
    const spec = this.restricted.has(name) ? undefined : commandTable.get(name);
    if (!spec?.subcommands || argv.length < 2) return spec;
    const subName = argv[1].toLowerCase();
    return this.restricted.has(`${name}|${subName}`) ? undefined : commandTable.sub(name, subName);
  }

  /**
   * A subcommand kept from users (ElastiCache's `cluster|setslot` ...): unknown to them, before arity
   * or MULTI checks; the node's operator (a client without a socket) and replication peers may run it.
   */
  private subcommandRestricted(c: Client, name: string, subName: string): boolean {
    return this.restrictsSubcommands && c.socket !== null && this.restricted.has(`${name}|${subName}`) && !isInternalPeer(c);
  }

  /** Runs one command for a client, with Redis's checks in Redis's order. */
  execute(c: Client, argv: string[]): void {
    // Commands not from a socket batch (the operator, scripts of the provisioner) stamp keys with the time now.
    if (c.socket === null) this.lruclock = lruClock(this.clock.now());
    c.reply.muted = c.replyOff || c.replySkip;
    if (this.tracking.clientCount > 0) this.tracking.enforceLimit(this.trackingMaxKeys);
    this.dispatch(c, argv);
    // ASKING covers the next command only (or the transaction it is sent in).
    if (c.asking && !c.multi && !c.blocked && c.lastCommand !== 'asking') c.asking = false;
    // Like processCommand: clients blocked on keys this command fed are served before the next one.
    if (this.blocking.hasReady) this.serveUnblocked();
    if (c.postponed) return;
    // CLIENT CACHING applies to the next command (or transaction) only.
    if (c.tracking && c.tracking.caching !== null && !c.multi && argv[0].toLowerCase() !== 'client') c.tracking.caching = null;
    // CLIENT REPLY SKIP mutes the command after it; any other command ends the skip.
    c.replySkip = c.replySkipNext;
    c.replySkipNext = false;
    c.reply.muted = c.replyOff || c.replySkip;
  }

  private dispatch(c: Client, argv: string[]): void {
    c.argv = argv;
    let spec = this.specCache.get(argv[0]);
    let name: string;
    if (spec !== undefined) {
      name = spec.name;
    } else {
      name = argv[0].toLowerCase();
      // Restricted commands (SYNC, PSYNC ...) stay available to the nodes of this process replicating.
      if (this.restricted.has(name)) spec = isInternalPeer(c) ? commandTable.get(name) : undefined;
      else if ((spec = commandTable.get(name)) !== undefined && this.specCache.size < SPEC_CACHE_MAX) this.specCache.set(argv[0], spec);
    }
    if (!spec) {
      c.lastCommand = 'NULL';
      this.reject(c, null, ERR.unknownCommand(argv[0], argv.slice(1)));
      return;
    }
    if (spec.subcommands && argv.length > 1) {
      const subName = argv[1].toLowerCase();
      const sub = this.subcommandRestricted(c, name, subName) ? undefined : commandTable.sub(name, subName);
      if (!sub) {
        this.reject(c, null, ERR.unknownSubcommand(argv[1], spec.name));
        return;
      }
      spec = sub;
    }
    c.lastCommand = spec.name;
    if ((spec.arity > 0 && argv.length !== spec.arity) || argv.length < -spec.arity) {
      this.reject(c, spec, ERR.wrongArgs(spec.name));
      return;
    }
    const bits = spec.bits!;
    if (!c.authenticated && !(bits & F_NO_AUTH)) {
      this.reject(c, spec, ERR.noAuth);
      return;
    }
    if (c.multi && bits & F_NO_MULTI) {
      this.reject(c, spec, 'ERR Command not allowed inside a transaction');
      return;
    }
    if (this.cluster.routing && !c.isPrimaryLink) {
      const redirect = route(c, spec, argv, name);
      if (redirect === HELD) return;
      if (redirect !== null) {
        this.clusterReject(c, spec, redirect);
        return;
      }
    }
    if (this.maxmemory > 0 && !c.isPrimaryLink && !this.admitUnderMaxmemory(c, spec, bits)) return;
    if (this.replicaOf && !c.isPrimaryLink && bits & F_WRITE && this.replicaReadOnly) {
      this.reject(c, spec, ERR.readonly);
      return;
    }
    if (c.subscriptionCount > 0 && c.reply.protocol === 2 && !SUBSCRIBED_ALLOWED.has(name)) {
      this.reject(c, spec, ERR.subscribedContext(spec.name));
      return;
    }
    if (this.paused && !c.isPrimaryLink && this.mustPostpone(c, spec, name)) {
      this.postpone(c, argv);
      return;
    }
    if (c.multi && !MULTI_IMMEDIATE.has(name)) {
      c.multi.push(argv);
      c.multiFlags |= bits;
      c.reply.simple('QUEUED');
      return;
    }
    this.call(c, spec, argv);
  }

  /**
   * processCommand's maxmemory step: evict by policy, then refuse what may grow the dataset (a
   * denyoom command, an EXEC queuing one, anything queued into MULTI) while still over.
   */
  private admitUnderMaxmemory(c: Client, spec: CommandSpec, bits: number): boolean {
    if (this.evictor.perform(this.maxmemory) !== EVICT_FAIL) return true;
    let refuse = (bits & F_DENYOOM) !== 0 || (spec.name === 'exec' && (c.multiFlags & F_DENYOOM) !== 0);
    if (c.multi && !MULTI_OOM_EXEMPT.has(spec.name)) refuse = true;
    if (!refuse) return true;
    this.reject(c, spec, ERR.oom);
    return false;
  }

  /** latencyAddSampleIfNeeded: an event of `ms` for LATENCY once it reaches latency-monitor-threshold. */
  recordLatency(event: string, ms: number): void {
    if (this.latencyThreshold > 0 && ms >= this.latencyThreshold) this.latency.add(event, Math.floor(ms), this.clock.now());
  }

  /** rejectCommand: an error before running, which also aborts a MULTI in progress. */
  private reject(c: Client, spec: CommandSpec | null, error: string): void {
    if (c.multi) c.multiError = true;
    if (spec) this.statOf(spec).rejected++;
    if (spec?.name === 'exec') {
      // execCommandAbort: a rejected EXEC also ends the transaction.
      c.multi = null;
      c.multiError = false;
      c.multiFlags = 0;
      this.unwatchAll(c);
      error = `EXECABORT Transaction discarded because of: ${error.startsWith('ERR ') ? error.slice(4) : error}`;
    }
    c.reply.error(error);
    this.countError(error);
  }

  /** A cluster redirection: EXEC discards its transaction and replies the redirection itself. */
  private clusterReject(c: Client, spec: CommandSpec, error: string): void {
    if (spec.name !== 'exec') {
      this.reject(c, spec, error);
      return;
    }
    c.multi = null;
    c.multiError = false;
    c.multiFlags = 0;
    this.unwatchAll(c);
    this.statOf(spec).rejected++;
    c.reply.error(error);
    this.countError(error);
  }

  private mustPostpone(c: Client, spec: CommandSpec, name: string): boolean {
    if (this.paused!.until <= this.clock.now()) {
      this.unpause();
      return false;
    }
    if (!this.paused!.writesOnly) return true;
    if (spec.bits! & (F_WRITE | F_MAY_REPLICATE)) return true;
    return name === 'exec' && c.multi !== null && (c.multiFlags & (F_WRITE | F_MAY_REPLICATE)) !== 0;
  }

  private postpone(c: Client, argv: string[]): void {
    c.postponed = true;
    c.backlog.unshift(argv);
    this.postponed.add(c);
  }

  /** CLIENT PAUSE: holds back commands of all clients (or their writes) until `until`. */
  pause(until: number, writesOnly: boolean): void {
    // A pause never shortens an active one, and ALL wins over WRITE (as pauseClients does).
    if (this.paused && this.paused.until > this.clock.now()) {
      if (this.paused.until > until) until = this.paused.until;
      if (!this.paused.writesOnly) writesOnly = false;
    }
    this.paused = { until, writesOnly };
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => this.unpause(), Math.max(0, until - this.clock.now()) + 1);
    this.pauseTimer.unref();
  }

  /** Ends a pause and runs what postponed clients had sent, in the order they were held. */
  unpause(): void {
    this.paused = null;
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
    if (this.postponed.size === 0) return;
    const clients = [...this.postponed];
    this.postponed.clear();
    for (const c of clients) c.postponed = false;
    setImmediate(() => {
      for (const c of clients) if (!c.closed && !c.postponed) this.resume(c);
      this.serveUnblocked();
      this.flushPending();
    });
  }

  /** Pausing writes also stops expiry (keys look expired but stay), as in Redis. */
  get writesPaused(): boolean {
    return this.paused !== null && this.paused.until > this.clock.now();
  }

  commandStat(name: string): CommandStat {
    let st = this.stats.commands.get(name);
    if (!st) this.stats.commands.set(name, (st = { calls: 0, usec: 0, rejected: 0, failed: 0, histogram: new LatencyHistogram() }));
    return st;
  }

  private statOf(spec: CommandSpec): CommandStat {
    return (this.statById[spec.id!] ??= this.commandStat(spec.name));
  }

  /** CONFIG RESETSTAT: forgets every command's calls, time, rejections and failures. */
  resetCommandStats(): void {
    this.stats.commands.clear();
    this.statById = [];
  }

  /** Runs a resolved command (also used by EXEC for queued commands). */
  call(c: Client, spec: CommandSpec, argv: string[]): void {
    const outer = this.callDepth++ === 0;
    const prevClient = this.currentClient;
    const prevExecuting = c.executing;
    this.currentClient = c;
    c.executing = true;
    const dirtyBefore = this.dirty;
    const reply = c.reply;
    const before = reply.out.length;
    reply.errorAt = -1;
    const start = outer && !Number.isNaN(this.lastCallEnd) ? this.lastCallEnd : performance.now();
    try {
      spec.handler!(c, argv);
    } catch (e) {
      if (e instanceof CommandError) {
        c.reply.error(e.reply);
      } else {
        c.reply.error(`ERR internal error: ${(e as Error).message}`);
        this.stats.unexpectedErrors++;
      }
    }
    const end = performance.now();
    if (outer && !Number.isNaN(this.lastCallEnd)) this.lastCallEnd = end;
    const usec = Math.floor((end - start) * 1000) + this.sleptUsec;
    this.sleptUsec = 0;
    const bits = spec.bits!;
    c.executing = prevExecuting;
    this.currentClient = prevClient;
    this.stats.totalCommands++;
    const st = this.statOf(spec);
    st.calls++;
    st.usec += usec;
    if (this.latencyTracking) st.histogram.record(usec);
    // An error that opens this command's reply (its own, not those of commands nested in EXEC).
    if (reply.errorAt === before) {
      st.failed++;
      this.countError(reply.lastError);
    }
    if (c.tracking && !c.tracking.bcast && bits & F_READONLY) this.tracking.remember(c, commandKeys(spec, argv));
    // Writes that changed the dataset go to replicas; MAY_REPLICATE commands (PUBLISH, PFCOUNT)
    // say themselves what to send, since a read that expired keys also moves `dirty`.
    if ((this.dirty !== dirtyBefore && bits & F_WRITE) || c.propagateAs) {
      if (c.propagateAs) for (const cmd of c.propagateAs) this.propagate(c.db.id, cmd);
      else this.propagate(c.db.id, argv);
    }
    c.propagateAs = null;
    if (!(bits & F_SKIP_SLOWLOG) && this.slowlogThreshold >= 0 && usec >= this.slowlogThreshold) {
      this.slowlog.push(c, argv, usec, this.clock.now(), this.slowlogMaxLen);
    }
    if (this.latencyThreshold > 0 && Math.floor(usec / 1000) >= this.latencyThreshold) {
      this.latency.add(bits & F_FAST ? 'fast-command' : 'command', Math.floor(usec / 1000), this.clock.now());
    }
    if (this.monitors.size > 0 && !(bits & (F_SKIP_MONITOR | F_ADMIN))) this.feedMonitors(c, argv);
    this.callDepth--;
    if (outer) {
      this.tracking.afterCommand(c);
      if (this.pendingPropagation.length > 0) {
        this.propagatePending();
        // WAIT counts the replicas that acknowledged this offset.
        c.woff = this.replication.offset;
      }
    }
  }

  /** Runs work (a blocked client being served) as if it were that client's command. */
  private asCommandOf(c: Client, run: () => boolean): boolean {
    const prevClient = this.currentClient;
    const prevExecuting = c.executing;
    this.currentClient = c;
    c.executing = true;
    try {
      return run();
    } finally {
      c.executing = prevExecuting;
      this.currentClient = prevClient;
      if (!prevExecuting) this.tracking.afterCommand(c);
    }
  }

  /** Counts an error reply by its first word (INFO errorstats). */
  countError(message: string): void {
    const space = message.indexOf(' ');
    const prefix = space < 0 ? message : message.slice(0, space);
    this.stats.totalErrors++;
    this.stats.errors.set(prefix, (this.stats.errors.get(prefix) ?? 0) + 1);
  }

  /**
   * Streams a write to replicas (no-op without replicas). Writes made during one top-level
   * command (EXEC, expiries on access) go out together, wrapped in MULTI/EXEC when several.
   */
  propagate(db: number, argv: string[]): void {
    if (!this.replicationFeed) return;
    if (this.callDepth > 0) this.pendingPropagation.push([db, argv]);
    else this.replicationFeed(db, argv);
  }

  private propagatePending(): void {
    const ops = this.pendingPropagation;
    if (ops.length === 0) return;
    this.pendingPropagation = [];
    const feed = this.replicationFeed;
    if (!feed) return;
    if (ops.length === 1) {
      feed(ops[0][0], ops[0][1]);
      return;
    }
    feed(ops[0][0], ['MULTI']);
    for (const [db, argv] of ops) feed(db, argv);
    feed(ops[ops.length - 1][0], ['EXEC']);
  }

  /** MONITOR output: "+<unix.usec> [<db> <addr>] "arg" ..." to every monitoring client. */
  private feedMonitors(c: Client, argv: string[]): void {
    const now = this.clock.now();
    const micros = (process.hrtime.bigint() / 1000n) % 1000n;
    const ts = `${Math.floor(now / 1000)}.${String((now % 1000) * 1000 + Number(micros)).padStart(6, '0')}`;
    let line = `+${ts} [${c.db.id} ${c.socket ? c.address : 'lua'}]`;
    for (const a of argv) line += ' ' + reprArg(a);
    line += '\r\n';
    for (const m of this.monitors) {
      if (m.closed) continue;
      m.reply.raw(line);
      this.markForFlush(m);
    }
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

  /** Runs the commands a client read while it was blocked or postponed. */
  resume(client: Client): void {
    const backlog = client.backlog;
    client.backlog = [];
    this.runBatch(client, backlog);
    client.flush();
    if (client.closeAfterReply && !client.closed && !client.blocked && !client.postponed) {
      client.socket?.end();
      this.disconnect(client);
    }
  }

  disconnect(c: Client): void {
    if (c.closed) return;
    c.closed = true;
    this.blocking.unblock(c);
    this.unwatchAll(c);
    this.pubsub.removeClient(c);
    this.tracking.disable(c);
    this.monitors.delete(c);
    this.postponed.delete(c);
    this.flushQueue.delete(c);
    this.clients.delete(c.id);
    if (c.socket && !c.socket.destroyed) c.socket.destroy();
  }

  /** UNWATCH: forgets every key the client watches. */
  unwatchAll(c: Client): void {
    for (const w of c.watching) {
      const set = w.db.watchers.get(w.key);
      if (set) {
        set.delete(c);
        if (set.size === 0) w.db.watchers.delete(w.key);
      }
    }
    c.watching = [];
    c.watchDirty = false;
  }

  /** Keys a command touches, for COMMAND GETKEYS and cluster routing. */
  keysOf(argv: string[]): string[] | null {
    const spec = this.lookup(argv);
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
    this.lruclock = lruClock(this.clock.now());
    if (this.activeExpire && !this.writesPaused) {
      const start = performance.now();
      for (const db of this.databases) if (db.expires.size > 0) db.activeExpireCycle();
      const ms = Math.floor(performance.now() - start);
      if (this.latencyThreshold > 0 && ms >= this.latencyThreshold) this.latency.add('expire-cycle', ms, this.clock.now());
    }
    this.resizeQueryBuffers();
    // Also done before every command; here too so that a CONFIG SET applies on an idle server.
    if (this.tracking.clientCount > 0) this.tracking.enforceLimit(this.trackingMaxKeys);
    const timeout = this.config.int('timeout');
    if (timeout > 0) {
      const now = this.clock.now();
      for (const c of this.clients.values()) {
        if (c.socket && !c.blocked && !c.postponed && c.subscriptionCount === 0 && !c.monitor && now - c.lastInteraction > timeout * 1000) this.disconnect(c);
      }
    }
    this.serveUnblocked();
    this.flushPending();
  }

  /**
   * clientsCronResizeQueryBuffer: a client idle for 2s gives its query buffer back; a buffer
   * over 32KB whose recent peak used under half of it shrinks to that peak.
   */
  private resizeQueryBuffers(): void {
    const now = this.clock.now();
    for (const c of this.clients.values()) {
      if (c.qbufSize === 0) continue;
      if (now - c.lastInteraction >= 2000) c.qbufSize = 0;
      else if (c.qbufSize > 32768 && c.qbufPeak < c.qbufSize / 2) c.qbufSize = Math.max(QUERYBUF_BASE, c.qbufPeak);
      c.qbufPeak = 0;
    }
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
    this.tracking.suspended = true;
    for (const db of this.databases) db.flush();
    this.tracking.suspended = false;
  }
}

/** sdscatrepr: a quoted, escaped rendering of a value (MONITOR, CLIENT LIST-style output). */
export function reprArg(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    switch (ch) {
      case 92:
        out += '\\\\';
        break;
      case 34:
        out += '\\"';
        break;
      case 10:
        out += '\\n';
        break;
      case 13:
        out += '\\r';
        break;
      case 9:
        out += '\\t';
        break;
      case 7:
        out += '\\a';
        break;
      case 8:
        out += '\\b';
        break;
      default:
        out += ch >= 32 && ch < 127 ? s[i] : '\\x' + ch.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}
