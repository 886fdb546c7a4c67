/**
 * A replica's connection to its primary, speaking Redis's replication protocol over TCP so that
 * either side may be a real redis-server: PING, AUTH (masterauth), REPLCONF listening-port and
 * capa, PSYNC <replid> <offset+1>; then either +FULLRESYNC and an RDB payload (`$<len>` or the
 * diskless `$EOF:<mark>` form) that replaces the dataset, or +CONTINUE; then the command stream,
 * applied through an internal client flagged as the primary link (it bypasses READONLY).
 * REPLCONF ACK goes back every second and whenever the primary sends REPLCONF GETACK.
 */
import { connect, type Socket } from 'node:net';
import type { Client } from '../client.ts';
import { RdbError } from '../rdb/io.ts';
import { loadDataset } from './rdb-transfer.ts';
import { encodeCommand, LinkReader, StreamProtocolError, type StreamCommand } from './stream-parser.ts';
import { monotonicMs, type Replication } from './replication.ts';

/** repl_state as ROLE and INFO name it. */
export type LinkState = 'connect' | 'connecting' | 'handshake' | 'transfer' | 'connected';

type HandshakeStep = 'ping' | 'auth' | 'port' | 'capa' | 'psync';

/**
 * Local ends (address:port) of links opened by nodes of this process. A primary lets them run
 * SYNC/PSYNC even where ElastiCache restricts those commands for users.
 */
const internalLinks = new Set<string>();

/** Whether a client is another node of this process replicating from us. */
export function isInternalPeer(c: Client): boolean {
  const s = c.socket;
  return s !== null && internalLinks.has(`${s.remoteAddress}|${s.remotePort}`);
}

interface Delayed {
  cmd: StreamCommand;
  due: number;
}

export class ReplicaLink {
  state: LinkState = 'connect';
  /** The internal client applying the stream (server.master), while connected. */
  client: Client | null = null;
  /** Bytes of stream received (slave_read_repl_offset); the applied offset is repl.offset. */
  readOffset = 0;
  /** Monotonic ms of the last byte from the primary. */
  lastIo = monotonicMs();
  /** RDB transfer progress (INFO master_sync_*): size is -1 in the EOF-marker form. */
  transferSize = -1;
  transferRead = 0;
  private socket: Socket | null = null;
  private localKey: string | null = null;
  private reader = new LinkReader();
  private steps: HandshakeStep[] = [];
  private fullsync: { replid: string; offset: number } | null = null;
  private payload: Buffer[] | null = null;
  private eofMark: string | null = null;
  private tail: Buffer = Buffer.alloc(0);
  /** Stream bytes of a transaction in progress: applied (and counted) at its EXEC. */
  private uncommitted = '';
  private queue: Delayed[] = [];
  private queueTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly repl: Replication,
    readonly host: string,
    readonly port: number,
  ) {}

  /** The db the primary's stream has selected (repl-stream-db of an RDB we would produce). */
  get streamDb(): number {
    return this.client ? this.client.db.id : this.repl.linkDb;
  }

  connect(): void {
    if (this.stopped || this.socket) return;
    this.state = 'connecting';
    this.lastIo = monotonicMs();
    const socket = connect({ host: this.host, port: this.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      if (this.socket !== socket) return;
      this.localKey = `${socket.localAddress}|${socket.localPort}`;
      internalLinks.add(this.localKey);
      this.state = 'handshake';
      this.lastIo = monotonicMs();
      this.steps = ['ping'];
      socket.write(encodeCommand(['PING']));
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.socket === socket) this.onData(chunk);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket === socket) this.teardown();
    });
  }

  /** REPLICAOF elsewhere / NO ONE, or the node closing. */
  stop(): void {
    this.stopped = true;
    this.teardown();
  }

  /** replicationCron's part for a replica: reconnect, time out, ACK. */
  cron(now: number): void {
    if (this.stopped) return;
    if (this.state === 'connect') {
      this.connect();
      return;
    }
    const timeoutMs = this.repl.node.config.int('repl-timeout') * 1000;
    if (now - this.lastIo > timeoutMs) {
      this.teardown();
      return;
    }
    if (this.state === 'connected') this.sendAck();
  }

  /** REPLCONF ACK <applied offset> (replicationSendAck). */
  sendAck(): void {
    if (this.state !== 'connected' || !this.socket) return;
    this.socket.write(encodeCommand(['REPLCONF', 'ACK', String(this.repl.offset)]));
  }

  /**
   * Drops the connection and everything in flight; the cron reconnects within a second and
   * PSYNCs from the applied offset, so unapplied (delayed or mid-transaction) bytes come again.
   */
  private teardown(): void {
    const socket = this.socket;
    this.socket = null;
    if (this.localKey) internalLinks.delete(this.localKey);
    this.localKey = null;
    socket?.destroy();
    const node = this.repl.node;
    if (this.client) {
      this.repl.linkDb = this.client.db.id;
      node.disconnect(this.client);
      this.client = null;
    }
    if (this.state === 'connected') this.repl.downSince = monotonicMs();
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueTimer = null;
    this.queue = [];
    this.uncommitted = '';
    this.reader = new LinkReader();
    this.payload = null;
    this.fullsync = null;
    this.state = 'connect';
  }

  private onData(chunk: Buffer): void {
    this.lastIo = monotonicMs();
    this.repl.node.stats.netInputBytes += chunk.length;
    if (this.payload) {
      this.payloadData(chunk);
      return;
    }
    this.reader.push(chunk);
    this.process();
  }

  private process(): void {
    try {
      while (this.socket) {
        if (this.state === 'handshake') {
          const line = this.reader.readLine();
          if (line === null) return;
          this.handshakeReply(line);
        } else if (this.state === 'transfer') {
          this.reader.skipNewlines();
          const line = this.reader.readLine();
          if (line === null) return;
          if (!this.startPayload(line)) return;
          this.payloadData(this.reader.takeAll());
          return;
        } else if (this.state === 'connected') {
          const cmds: StreamCommand[] = [];
          this.reader.commands(cmds);
          if (cmds.length > 0) this.received(cmds);
          return;
        } else {
          return;
        }
      }
    } catch (e) {
      if (!(e instanceof StreamProtocolError)) throw e;
      this.teardown();
    }
  }

  /** syncWithMaster's reply handling, one reply line per step. */
  private handshakeReply(line: string): void {
    const step = this.steps.shift();
    const node = this.repl.node;
    switch (step) {
      case 'ping': {
        // An auth error is fine here: AUTH comes next.
        if (line[0] === '-' && !line.startsWith('-NOAUTH') && !line.startsWith('-NOPERM') && !line.startsWith('-ERR operation not permitted')) {
          this.teardown();
          return;
        }
        let out = '';
        const pass = node.config.get('masterauth') ?? '';
        if (pass !== '') {
          const user = node.config.get('masteruser') ?? '';
          out += encodeCommand(user !== '' ? ['AUTH', user, pass] : ['AUTH', pass]);
          this.steps.push('auth');
        }
        out += encodeCommand(['REPLCONF', 'listening-port', String(node.port)]);
        out += encodeCommand(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
        this.steps.push('port', 'capa');
        this.socket!.write(out);
        return;
      }
      case 'auth':
        if (line[0] === '-') this.teardown();
        return;
      case 'port':
        // Not understanding REPLCONF listening-port or capa is not fatal (old primaries).
        return;
      case 'capa':
        this.steps.push('psync');
        this.socket!.write(encodeCommand(['PSYNC', this.repl.replid, String(this.repl.offset + 1)]));
        return;
      case 'psync':
        if (line === '') {
          // Keepalive newline while the primary prepares its reply.
          this.steps.unshift('psync');
          return;
        }
        if (line.startsWith('+FULLRESYNC')) {
          const [, replid, offset] = line.split(' ');
          const off = Number(offset);
          if (!replid || replid.length !== 40 || !Number.isSafeInteger(off)) {
            this.teardown();
            return;
          }
          this.fullsync = { replid: replid.toLowerCase(), offset: off };
          this.state = 'transfer';
          this.transferSize = -1;
          this.transferRead = 0;
          return;
        }
        if (line.startsWith('+CONTINUE')) {
          this.continueSync(line.slice('+CONTINUE'.length).trim());
          return;
        }
        // -NOMASTERLINK, -LOADING or an error: try again on the next cron tick.
        this.teardown();
        return;
      default:
        this.teardown();
    }
  }

  /** The `$<len>` or `$EOF:<mark>` line before the RDB payload. */
  private startPayload(line: string): boolean {
    if (line[0] !== '$') {
      this.teardown();
      return false;
    }
    if (line.startsWith('$EOF:') && line.length === 5 + 40) {
      this.eofMark = line.slice(5);
      this.transferSize = -1;
    } else {
      const size = Number(line.slice(1));
      if (!Number.isSafeInteger(size) || size < 0) {
        this.teardown();
        return false;
      }
      this.eofMark = null;
      this.transferSize = size;
    }
    this.transferRead = 0;
    this.tail = Buffer.alloc(0);
    this.payload = [];
    return true;
  }

  private payloadData(chunk: Buffer): void {
    const parts = this.payload!;
    if (this.eofMark !== null) {
      parts.push(chunk);
      this.transferRead += chunk.length;
      // The mark ends the payload; the primary streams nothing more until our first ACK.
      this.tail = chunk.length >= 40 ? chunk.subarray(chunk.length - 40) : Buffer.concat([this.tail, chunk]).subarray(-40);
      if (this.transferRead >= 40 && this.tail.toString('latin1') === this.eofMark) {
        const all = Buffer.concat(parts, this.transferRead);
        this.payloadDone(all.subarray(0, all.length - 40), Buffer.alloc(0));
      }
      return;
    }
    const need = this.transferSize - this.transferRead;
    if (chunk.length < need) {
      parts.push(chunk);
      this.transferRead += chunk.length;
      return;
    }
    parts.push(chunk.subarray(0, need));
    this.transferRead += need;
    this.payloadDone(Buffer.concat(parts, this.transferSize), chunk.subarray(need));
  }

  /** The dataset is here: load it and start applying the stream from the announced offset. */
  private payloadDone(rdb: Buffer, rest: Buffer): void {
    const repl = this.repl;
    const node = repl.node;
    const sync = this.fullsync!;
    this.payload = null;
    // replicationAttachToNewMaster: our replicas must resync, our backlog is history no more.
    repl.primarySide.disconnectReplicas();
    repl.backlog = null;
    let streamDb: number;
    try {
      streamDb = loadDataset(node, rdb);
    } catch (e) {
      if (!(e instanceof RdbError)) throw e;
      this.teardown();
      return;
    }
    repl.replid = sync.replid;
    repl.offset = sync.offset;
    repl.clearReplicationId2();
    repl.createBacklog();
    this.attach(streamDb);
    this.sendAck();
    node.serveUnblocked();
    node.flushPending();
    if (rest.length > 0) {
      this.reader.push(rest);
      this.process();
    }
  }

  /** +CONTINUE [<new replid>]: the primary sends what we miss from its backlog. */
  private continueSync(newReplid: string): void {
    const repl = this.repl;
    if (newReplid !== '' && newReplid.toLowerCase() !== repl.replid) {
      // The primary's history changed name (a promotion): keep ours as replid2, tell our replicas.
      repl.replid2 = repl.replid;
      repl.secondReplOffset = repl.offset + 1;
      repl.replid = newReplid.toLowerCase();
      repl.primarySide.disconnectReplicas();
    }
    if (!repl.backlog) repl.createBacklog();
    // What follows in the buffer is the stream: process() goes on with it.
    this.attach(repl.linkDb);
  }

  private attach(db: number): void {
    const node = this.repl.node;
    const c = node.createClient(null);
    c.isPrimaryLink = true;
    c.authenticated = true;
    // The primary never reads replies (REPLCONF GETACK answers on the socket directly).
    c.replyOff = true;
    c.reply.muted = true;
    c.db = node.databases[db] ?? node.databases[0];
    this.client = c;
    this.state = 'connected';
    this.readOffset = this.repl.offset;
    this.fullsync = null;
  }

  private received(cmds: StreamCommand[]): void {
    const delay = this.repl.delayMs;
    for (const cmd of cmds) {
      this.readOffset += cmd.raw.length;
      if (delay > 0 || this.queue.length > 0) this.queue.push({ cmd, due: monotonicMs() + delay });
      else if (!this.apply(cmd)) return;
    }
    if (this.queue.length > 0) this.armQueue();
    const node = this.repl.node;
    node.serveUnblocked();
    node.flushPending();
  }

  /** Runs one command of the stream; false once the link is gone. */
  private apply(cmd: StreamCommand): boolean {
    const c = this.client;
    if (!c) return false;
    const node = this.repl.node;
    this.uncommitted += cmd.raw;
    if (cmd.argv.length > 0) node.execute(c, cmd.argv);
    // The primary's stream never blocks its replica.
    if (c.blocked) node.blocking.unblock(c);
    if (this.client !== c) return false;
    // Offsets advance at transaction boundaries, so a PSYNC never restarts mid-transaction.
    if (c.multi === null) {
      this.repl.feedRaw(this.uncommitted);
      this.uncommitted = '';
    }
    return true;
  }

  private armQueue(): void {
    if (this.queueTimer || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0].due - monotonicMs());
    this.queueTimer = setTimeout(() => {
      this.queueTimer = null;
      this.drainQueue();
    }, Math.ceil(wait));
  }

  /** Applies the delayed writes whose time has come, in order. */
  private drainQueue(): void {
    const now = monotonicMs();
    let i = 0;
    while (i < this.queue.length && this.queue[i].due <= now + 1) {
      if (!this.apply(this.queue[i++].cmd)) return;
    }
    this.queue.splice(0, i);
    this.armQueue();
    const node = this.repl.node;
    node.serveUnblocked();
    node.flushPending();
  }
}
