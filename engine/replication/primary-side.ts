/**
 * The primary's half of replication: the REPLCONF/SYNC/PSYNC handshake of connecting replicas,
 * full resynchronization (an RDB of the dataset) or continuation from the backlog, the stream of
 * writes to every attached replica (each write encoded once), their ACKs, pings and WAIT.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '../client.ts';
import type { BlockRequest } from '../blocking.ts';
import { toInt64 } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import { splitArgs } from '../resp-parser.ts';
import { dumpDataset } from './rdb-transfer.ts';
import { encodeCommand } from './stream-parser.ts';
import { monotonicMs, type Replication } from './replication.ts';

/** Before SYNC/PSYNC a peer waits; the snapshot is taken at once, so an attached replica is online. */
export type ReplicaState = 'wait_bgsave' | 'online';

/** What a replica told us with REPLCONF, and where it stands once attached. */
export interface ReplicaPeer {
  state: ReplicaState;
  /** REPLCONF listening-port / ip-address. */
  listeningPort: number;
  announcedIp: string | null;
  capaEof: boolean;
  capaPsync2: boolean;
  /** REPLCONF rdb-only 1: the RDB and nothing after it (redis-cli --rdb). */
  rdbOnly: boolean;
  /** REPLCONF rdb-filter-only: an RDB without the data (only functions, which we have none of). */
  rdbFiltered: boolean;
  /** Attached with SYNC: an old-protocol replica that sends no ACKs. */
  prePsync: boolean;
  ackOffset: number;
  /** Monotonic ms of the last ACK (or of the attachment). */
  ackTime: number;
}

interface Waiter {
  offset: number;
  numreplicas: number;
  req: BlockRequest;
}

const GETACK = encodeCommand(['REPLCONF', 'GETACK', '*']);
const PING = encodeCommand(['PING']);
const selectCache: string[] = [];

/** The SELECT a primary emits when the stream moves to another database (encoded once per db). */
function selectCommand(db: number): string {
  return (selectCache[db] ??= encodeCommand(['SELECT', String(db)]));
}

export class PrimarySide {
  /** Attached replicas, in attachment order (server.slaves). */
  readonly replicas = new Map<Client, ReplicaPeer>();
  /** REPLCONF settings of clients that may become replicas. */
  private readonly peers = new WeakMap<Client, ReplicaPeer>();
  /** The db the stream has selected (server.slaveseldb); -1 forces a SELECT before the next write. */
  selDb = -1;
  /** Stream bytes not yet written to the replicas' sockets (written once per tick). */
  private pending = '';
  private scheduled = false;
  private ackRequested = false;
  private readonly waiters = new Map<Client, Waiter>();
  private waitCheckScheduled = false;

  constructor(private readonly repl: Replication) {}

  /**
   * EngineNode.replicationFeed while this node is a primary with a backlog: one write in db,
   * preceded by a SELECT when the stream was on another database.
   */
  readonly feed = (db: number, argv: string[]): void => {
    let data = encodeCommand(argv);
    if (db !== this.selDb) {
      data = selectCommand(db) + data;
      this.selDb = db;
    }
    this.repl.feedRaw(data);
  };

  /** Queues stream bytes for the attached replicas; they are written at the end of the tick. */
  stream(data: string): void {
    if (this.replicas.size === 0) return;
    this.pending += data;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.endOfTick);
  }

  /** Like beforeSleep: ask replicas for an ACK if a WAIT needs one, then write the stream. */
  private readonly endOfTick = (): void => {
    if (this.ackRequested) {
      this.ackRequested = false;
      if (this.replicas.size > 0 && !this.repl.node.isReplica()) this.repl.feedRaw(GETACK);
    }
    this.scheduled = false;
    this.flush();
  };

  /** Writes pending stream bytes to every online replica. */
  flush(): void {
    if (this.pending.length === 0) return;
    const data = this.pending;
    this.pending = '';
    for (const [c, peer] of this.replicas) {
      if (peer.state !== 'online' || c.closed || !c.io) continue;
      c.io.write(data);
    }
    this.repl.node.stats.netOutputBytes += data.length * this.replicas.size;
  }

  isReplica(c: Client): boolean {
    return this.replicas.has(c);
  }

  private peerOf(c: Client): ReplicaPeer {
    let peer = this.peers.get(c);
    if (!peer) {
      peer = {
        state: 'wait_bgsave',
        listeningPort: 0,
        announcedIp: null,
        capaEof: false,
        capaPsync2: false,
        rdbOnly: false,
        rdbFiltered: false,
        prePsync: false,
        ackOffset: 0,
        ackTime: monotonicMs(),
      };
      this.peers.set(c, peer);
    }
    return peer;
  }

  /** REPLCONF <option> <value> ... (replconfCommand). */
  replconf(c: Client, argv: string[]): void {
    if (argv.length % 2 === 0) throw new CommandError(ERR.syntax);
    for (let j = 1; j < argv.length; j += 2) {
      const option = argv[j].toLowerCase();
      const value = argv[j + 1];
      if (option === 'listening-port') {
        const port = toInt64(value);
        if (port === null) throw new CommandError(ERR.notInteger);
        this.peerOf(c).listeningPort = Number(port);
      } else if (option === 'ip-address') {
        if (value.length >= 256) throw new CommandError(`ERR REPLCONF ip-address provided by replica instance is too long: ${value.length} bytes`);
        this.peerOf(c).announcedIp = value;
      } else if (option === 'capa') {
        const capa = value.toLowerCase();
        if (capa === 'eof') this.peerOf(c).capaEof = true;
        else if (capa === 'psync2') this.peerOf(c).capaPsync2 = true;
      } else if (option === 'ack') {
        // Only attached replicas ACK, and the command never replies.
        const peer = this.replicas.get(c);
        if (!peer) return;
        const offset = toInt64(value);
        if (offset === null) return;
        if (Number(offset) > peer.ackOffset) peer.ackOffset = Number(offset);
        peer.ackTime = monotonicMs();
        if (this.waiters.size > 0) this.scheduleWaitCheck();
        return;
      } else if (option === 'getack') {
        if (c.isPrimaryLink) this.repl.link?.sendAck();
        return;
      } else if (option === 'rdb-only') {
        const n = toInt64(value);
        if (n === null) throw new CommandError(ERR.notInteger);
        if (n < 0n || n > 1n) throw new CommandError('ERR value is out of range, value must between 0 and 1');
        this.peerOf(c).rdbOnly = n === 1n;
      } else if (option === 'rdb-filter-only') {
        const filters = splitArgs(value);
        if (filters === null) throw new CommandError('ERR Missing rdb-filter-only values');
        for (const f of filters) if (f.toLowerCase() !== 'functions') throw new CommandError(`ERR Unsupported rdb-filter-only option: ${f}`);
        this.peerOf(c).rdbFiltered = true;
      } else {
        throw new CommandError(`ERR Unrecognized REPLCONF option: ${argv[j]}`);
      }
    }
    c.reply.ok();
  }

  /** SYNC / PSYNC <replid> <offset> (syncCommand). */
  sync(c: Client, argv: string[]): void {
    if (this.replicas.has(c) || !c.io) return;
    const node = this.repl.node;
    const psync = argv[0].toLowerCase() === 'psync';
    if (psync && argv.length > 3 && argv[3].toLowerCase() === 'failover') {
      // FAILOVER on our primary hands us the role once we have its whole history.
      if (argv[1].toLowerCase() !== this.repl.replid) throw new CommandError('ERR PSYNC FAILOVER replid must match my replid.');
      node.setReplicaOf(null);
    }
    if (node.isReplica() && !this.repl.linkUp) throw new CommandError("NOMASTERLINK Can't SYNC while not connected with my master");
    if (c.reply.out.length > 0) throw new CommandError('ERR SYNC and PSYNC are invalid with pending output');
    const peer = this.peerOf(c);
    if (peer.rdbFiltered && !peer.capaEof) throw new CommandError('ERR Filtered replica requires EOF capability');
    if (psync) {
      const offset = toInt64(argv[2]);
      if (offset === null) throw new CommandError(ERR.notInteger);
      if (this.tryPartial(c, peer, argv[1], Number(offset))) {
        this.repl.stats.syncPartialOk++;
        return;
      }
      if (argv[1][0] !== '?') this.repl.stats.syncPartialErr++;
    } else {
      peer.prePsync = true;
    }
    this.repl.stats.syncFull++;
    this.fullSync(c, peer, psync);
  }

  /** masterTryPartialResynchronization: +CONTINUE and the backlog from the replica's offset. */
  private tryPartial(c: Client, peer: ReplicaPeer, replid: string, offset: number): boolean {
    const repl = this.repl;
    const id = replid.toLowerCase();
    if (id !== repl.replid && (id !== repl.replid2 || offset > repl.secondReplOffset)) return false;
    if (!repl.backlog || !repl.backlog.covers(offset)) return false;
    this.flush();
    const io = c.io!;
    io.write(peer.capaPsync2 ? `+CONTINUE ${repl.replid}\r\n` : '+CONTINUE\r\n');
    const missed = repl.backlog.readFrom(offset);
    if (missed.length > 0) io.write(missed);
    this.attach(c, peer);
    return true;
  }

  /**
   * Full resynchronization: +FULLRESYNC <replid> <offset>, then the dataset as an RDB bulk. The
   * snapshot is taken synchronously, so everything up to <offset> is in it and every later write
   * reaches the replica through the stream.
   */
  private fullSync(c: Client, peer: ReplicaPeer, psync: boolean): void {
    const repl = this.repl;
    const node = repl.node;
    if (!repl.backlog) {
      // A backlog created from scratch starts a new history (no past to continue from).
      repl.changeReplicationId();
      repl.clearReplicationId2();
      repl.createBacklog();
      if (node.replicationFeed === null && !node.isReplica()) node.replicationFeed = this.feed;
    }
    this.flush();
    const streamDb = node.isReplica() ? (repl.link?.streamDb ?? 0) : Math.max(0, this.selDb);
    const rdb = dumpDataset(node, { replid: repl.replid, offset: repl.offset, streamDb }, !peer.rdbFiltered);
    // The stream picks up with a SELECT, whatever the replica had selected.
    if (!node.isReplica()) this.selDb = -1;
    const io = c.io!;
    if (psync) io.write(`+FULLRESYNC ${repl.replid} ${repl.offset}\r\n`);
    if (peer.rdbFiltered) {
      // Filtered snapshots go out in the diskless (EOF-marker) form, as Redis sends them.
      const mark = randomBytes(20).toString('hex');
      io.write(`$EOF:${mark}\r\n`);
      io.write(rdb);
      io.write(mark);
    } else {
      io.write(`$${rdb.length}\r\n`);
      io.write(rdb);
    }
    node.stats.netOutputBytes += rdb.length;
    if (peer.rdbOnly || peer.rdbFiltered) {
      // An RDB-only client gets the snapshot and is closed once it is written.
      c.replyOff = true;
      c.socket!.end();
      return;
    }
    this.attach(c, peer);
  }

  private attach(c: Client, peer: ReplicaPeer): void {
    peer.state = 'online';
    peer.ackTime = monotonicMs();
    // Replies to a replica are never sent (it only sends REPLCONF ACK, which has none).
    c.replyOff = true;
    c.reply.muted = true;
    this.replicas.set(c, peer);
    c.socket!.once('close', () => this.detach(c));
  }

  private detach(c: Client): void {
    if (!this.replicas.delete(c)) return;
    if (this.replicas.size === 0) this.repl.noReplicasSince = monotonicMs();
    if (this.waiters.size > 0) this.scheduleWaitCheck();
  }

  /** disconnectSlaves: they reconnect and PSYNC (after a change of replication id). */
  disconnectReplicas(): void {
    const node = this.repl.node;
    for (const c of [...this.replicas.keys()]) {
      this.detach(c);
      node.disconnect(c);
    }
  }

  /** replicationCountAcksByOffset */
  countAcks(offset: number): number {
    let n = 0;
    for (const peer of this.replicas.values()) if (peer.state === 'online' && peer.ackOffset >= offset) n++;
    return n;
  }

  /** WAIT numreplicas timeout: replies at once when enough replicas have the client's writes. */
  wait(c: Client, numreplicas: number, timeoutMs: number): void {
    const offset = c.woff;
    const acked = this.countAcks(offset);
    if (acked >= numreplicas || c.multi) {
      c.reply.int(acked);
      return;
    }
    const node = this.repl.node;
    const req: BlockRequest = {
      db: c.db,
      keys: [],
      deadline: timeoutMs > 0 ? node.clock.now() + timeoutMs : 0,
      retry: () => false,
      onTimeout: () => {
        this.waiters.delete(c);
        c.reply.int(this.countAcks(offset));
      },
    };
    node.blocking.block(c, req);
    this.waiters.set(c, { offset, numreplicas, req });
    this.ackRequested = true;
    this.schedule();
  }

  private scheduleWaitCheck(): void {
    if (this.waitCheckScheduled) return;
    this.waitCheckScheduled = true;
    setImmediate(() => {
      this.waitCheckScheduled = false;
      this.checkWaiters();
    });
  }

  /** processClientsWaitingReplicas: serves WAITs whose replicas have acknowledged enough. */
  private checkWaiters(): void {
    const node = this.repl.node;
    for (const [c, w] of this.waiters) {
      if (c.closed || c.blocked !== w.req) {
        this.waiters.delete(c);
        continue;
      }
      const acked = this.countAcks(w.offset);
      if (acked < w.numreplicas) continue;
      this.waiters.delete(c);
      node.blocking.unblock(c);
      c.reply.int(acked);
      node.resume(c);
    }
    node.flushPending();
  }

  /**
   * disconnectAllBlockedClients: a node that becomes a replica ends every blocking command (and
   * WAIT) with an error and closes those connections.
   */
  unblockForRoleChange(): void {
    const node = this.repl.node;
    for (const c of [...node.blocking.blocked]) {
      const req = c.blocked;
      if (!req || (req.keys.length === 0 && !this.waiters.has(c))) continue;
      this.waiters.delete(c);
      node.blocking.unblock(c);
      c.reply.error('UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)');
      c.closeAfterReply = true;
      node.resume(c);
    }
  }

  /** Once a second: ping replicas every repl-ping-replica-period, drop the silent ones. */
  cron(now: number, loops: number): void {
    for (const [c, w] of this.waiters) if (c.closed || c.blocked !== w.req) this.waiters.delete(c);
    if (this.replicas.size === 0) return;
    const node = this.repl.node;
    if (!node.isReplica() && loops % Math.max(1, node.config.int('repl-ping-replica-period')) === 0) this.repl.feedRaw(PING);
    const timeoutMs = node.config.int('repl-timeout') * 1000;
    for (const [c, peer] of this.replicas) {
      if (peer.state === 'online' && !peer.prePsync && now - peer.ackTime > timeoutMs) {
        this.detach(c);
        node.disconnect(c);
      }
    }
  }
}
