/**
 * A node's replication state, as Redis keeps it in its server struct: the replication ids and
 * offsets, the backlog, the replicas attached to this node (PrimarySide) and, when the node is
 * itself a replica, the link to its primary (ReplicaLink). EngineNode.setReplicaOf drives the
 * role changes; a once-a-second cron does what replicationCron does.
 *
 * Link timeouts, ACK ages and lags are measured on the process's monotonic clock, not the
 * node's (possibly manual) clock: they are about the network, not about key expiry.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EngineNode } from '../engine-node.ts';
import { ReplBacklog } from './backlog.ts';
import { PrimarySide } from './primary-side.ts';
import { ReplicaLink } from './replica-link.ts';

export const NULL_REPLID = '0000000000000000000000000000000000000000';

export function monotonicMs(): number {
  return performance.now();
}

function newReplid(): string {
  return randomBytes(20).toString('hex');
}

export class Replication {
  /** master_replid: the history this node's dataset belongs to. */
  replid = newReplid();
  /** master_replid2 and second_repl_offset: the history before the last promotion. */
  replid2 = NULL_REPLID;
  secondReplOffset = -1;
  /** master_repl_offset: bytes of replication stream produced (primary) or applied (replica). */
  offset = 0;
  backlog: ReplBacklog | null = null;
  readonly primarySide: PrimarySide;
  /** The connection to our primary while this node is a replica (and listening). */
  link: ReplicaLink | null = null;
  /** Injected lag: each write received from the primary is applied this many ms later. */
  delayMs = 0;
  /** The db the primary's stream had selected when the link dropped (the cached master's). */
  linkDb = 0;
  /** repl_down_since (monotonic ms): when the link to the primary was lost; 0 = never up. */
  downSince = 0;
  readonly stats = { syncFull: 0, syncPartialOk: 0, syncPartialErr: 0 };
  private cron: NodeJS.Timeout | null = null;
  private cronLoops = 0;
  /** repl_no_slaves_since: the backlog of a primary without replicas expires repl-backlog-ttl after it. */
  noReplicasSince = monotonicMs();

  constructor(readonly node: EngineNode) {
    this.primarySide = new PrimarySide(this);
    node.config.onChange((name) => {
      if (name === 'repl-backlog-size' && this.backlog) this.backlog.resize(node.config.int('repl-backlog-size'));
    });
  }

  /** The node started listening: run the cron and connect to the primary if there is one. */
  start(): void {
    if (!this.cron) {
      this.cron = setInterval(() => this.replicationCron(), 1000);
      this.cron.unref();
    }
    const target = this.node.primary;
    if (target && !this.link) this.startLink(target.host, target.port);
  }

  /** The node stopped: drop the link and the cron (replicas are disconnected with every client). */
  stop(): void {
    if (this.cron) clearInterval(this.cron);
    this.cron = null;
    this.stopLink();
  }

  /**
   * Called by EngineNode.setReplicaOf after the role changed: replicationUnsetMaster when the
   * node becomes a primary, replicationSetMaster when it follows a (new) primary.
   */
  roleChanged(previous: { host: string; port: number } | null, target: { host: string; port: number } | null): void {
    if (!target) {
      if (!previous) return;
      this.stopLink();
      // The inherited history stays valid up to here, under replid2: former siblings continue.
      this.shiftReplicationId();
      this.primarySide.disconnectReplicas();
      this.primarySide.selDb = -1;
      this.noReplicasSince = monotonicMs();
      this.downSince = 0;
      if (this.backlog && this.node.replicationFeed === null) this.node.replicationFeed = this.primarySide.feed;
      return;
    }
    this.stopLink();
    if (this.node.replicationFeed === this.primarySide.feed) this.node.replicationFeed = null;
    // Replicas attached to us stay: they may continue once we are in sync with the new primary.
    this.primarySide.flush();
    this.primarySide.unblockForRoleChange();
    if (this.node.listening) this.startLink(target.host, target.port);
  }

  private startLink(host: string, port: number): void {
    this.link = new ReplicaLink(this, host, port);
    this.link.connect();
  }

  private stopLink(): void {
    if (!this.link) return;
    this.link.stop();
    this.link = null;
  }

  /** Whether the link to the primary is up (repl_state == REPL_STATE_CONNECTED). */
  get linkUp(): boolean {
    return this.link !== null && this.link.state === 'connected';
  }

  changeReplicationId(): void {
    this.replid = newReplid();
  }

  clearReplicationId2(): void {
    this.replid2 = NULL_REPLID;
    this.secondReplOffset = -1;
  }

  /** shiftReplicationId: the current id becomes replid2, valid up to the current offset. */
  shiftReplicationId(): void {
    this.replid2 = this.replid;
    this.secondReplOffset = this.offset + 1;
    this.changeReplicationId();
  }

  createBacklog(): void {
    this.backlog = new ReplBacklog(this.node.config.int('repl-backlog-size'), this.offset + 1);
  }

  /**
   * Appends bytes to the replication stream: the offset, the backlog and every replica. On a
   * primary they are its own encoded writes; on a replica, what its primary sent (proxied as is).
   */
  feedRaw(data: string): void {
    this.offset += data.length;
    this.backlog?.append(data);
    this.primarySide.stream(data);
  }

  /** DEBUG CHANGE-REPL-ID */
  debugChangeReplid(): void {
    this.changeReplicationId();
    this.clearReplicationId2();
  }

  private replicationCron(): void {
    const now = monotonicMs();
    this.cronLoops++;
    this.link?.cron(now);
    this.primarySide.cron(now, this.cronLoops);
    // A primary frees a backlog nobody used for repl-backlog-ttl seconds; a new history starts.
    const ttl = this.node.config.int('repl-backlog-ttl');
    if (this.backlog && !this.node.isReplica() && this.primarySide.replicas.size === 0 && ttl > 0 && now - this.noReplicasSince > ttl * 1000) {
      this.changeReplicationId();
      this.clearReplicationId2();
      this.backlog = null;
      if (this.node.replicationFeed === this.primarySide.feed) this.node.replicationFeed = null;
    }
  }
}
