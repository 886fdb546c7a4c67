import type { EngineNode } from '../engine/engine-node.ts';
import type { CacheClusterRecord } from '../state/cache-clusters.ts';
import { setShardPrimary, shardOfMember, shardsOf } from '../state/node-groups.ts';
import type { EventSourceType } from '../state/events.ts';
import type { ReplicationGroupRecord } from '../state/replication-groups.ts';
import type { State } from '../state/state.ts';
import type { Transition } from './timing.ts';

/** What failover needs from the provisioner: its nodes, its clock, its events, its endpoints. */
export interface FailoverHost {
  readonly state: State;
  engineOf(account: string, region: string, clusterId: string): EngineNode | undefined;
  /** Starts a fresh (empty) node for a member in place of one that failed. */
  replaceEngine(rec: CacheClusterRecord): Promise<EngineNode>;
  /** Stops a node as a crash does: no goodbye to its clients, its data gone. */
  crashEngine(rec: CacheClusterRecord): Promise<void>;
  dropEndpointConnections(account: string, region: string, groupId: string): void;
  /** A cluster-mode-enabled group's primaries or live nodes changed: every node must be told. */
  clusterTopologyChanged(account: string, region: string, groupId: string): void;
  event(account: string, region: string, sourceIdentifier: string, sourceType: EventSourceType, message: string): void;
  later(transition: Transition, id: string, work: () => Promise<void>): void;
}

/**
 * Failover as ElastiCache does it (REFERENCE §5): promote the replica with the least replication
 * lag, move the primary endpoint to it (closing the connections it carried), then recover the old
 * primary as a replica of the new one, with AWS's events at each step.
 */
export class Failover {
  /** Nodes down because of an injected crash or AZ outage, by node key. */
  private readonly down = new Set<string>();
  /** AZs taken down, as account/region/az. */
  private readonly downZones = new Set<string>();
  /** TestFailover calls per account in the last 24 hours. */
  private readonly testCalls = new Map<string, number[]>();

  constructor(private readonly host: FailoverHost) {}

  /** Counts a TestFailover call of an account; returns how many it made in the last 24 hours. */
  recordTestFailover(account: string, now: number): number {
    const recent = (this.testCalls.get(account) ?? []).filter((t) => t > now - 24 * 3600_000);
    recent.push(now);
    this.testCalls.set(account, recent);
    return recent.length;
  }

  testFailoverCount(account: string, now: number): number {
    return (this.testCalls.get(account) ?? []).filter((t) => t > now - 24 * 3600_000).length;
  }

  isDown(rec: CacheClusterRecord): boolean {
    return this.down.has(key(rec)) || this.downZones.has(`${rec.account}/${rec.region}/${rec.preferredAvailabilityZone}`);
  }

  /** TestFailover: the events, then the promotion on the profile's clock. */
  testFailover(rg: ReplicationGroupRecord, nodeGroupId: string): void {
    this.host.event(rg.account, rg.region, rg.id, 'replication-group', `Test Failover API called for node group ${nodeGroupId}`);
    this.host.later('failover-promotion', rg.id, () => this.promote(rg.account, rg.region, rg.id, nodeGroupId, false));
  }

  /** A node crashes: detection after the profile's delay, then failover or in-place replacement. */
  async crash(rec: CacheClusterRecord): Promise<void> {
    this.down.add(key(rec));
    await this.host.crashEngine(rec);
    this.host.later('failure-detection', rec.id, () => this.detected(rec));
  }

  /** Brings a crashed node back now (if recovery has not already replaced it). */
  async restart(rec: CacheClusterRecord): Promise<void> {
    if (!this.down.delete(key(rec))) return;
    await this.recover(rec);
  }

  /** Every node of the AZ goes down; primaries there fail over; nothing comes back until azUp. */
  async azDown(account: string, region: string, az: string): Promise<CacheClusterRecord[]> {
    this.downZones.add(`${account}/${region}/${az}`);
    const hit = this.host.state.cacheClusters.list(account, region).filter((c) => c.preferredAvailabilityZone === az && c.status !== 'deleting');
    for (const rec of hit) {
      this.down.add(key(rec));
      await this.host.crashEngine(rec);
    }
    for (const rec of hit) this.host.later('failure-detection', rec.id, () => this.detected(rec));
    return hit;
  }

  async azUp(account: string, region: string, az: string): Promise<CacheClusterRecord[]> {
    this.downZones.delete(`${account}/${region}/${az}`);
    const back = this.host.state.cacheClusters.list(account, region).filter((c) => c.preferredAvailabilityZone === az && this.down.has(key(c)));
    for (const rec of back) {
      this.down.delete(key(rec));
      await this.recover(rec);
    }
    return back;
  }

  private async detected(rec: CacheClusterRecord): Promise<void> {
    if (!this.down.has(key(rec))) return;
    const current = this.host.state.cacheClusters.get(rec.account, rec.region, rec.id);
    if (!current) return;
    const rg = current.replicationGroupId ? this.host.state.replicationGroups.get(rec.account, rec.region, current.replicationGroupId) : undefined;
    const shard = rg ? shardOfMember(rg, current.id) : undefined;
    if (rg && shard && shard.primaryClusterId === current.id && rg.automaticFailover === 'enabled') {
      await this.promote(rg.account, rg.region, rg.id, shard.id, true);
    }
    // Cluster clients learn the node is down (replicas leave CLUSTER SLOTS).
    if (rg) this.host.clusterTopologyChanged(rg.account, rg.region, rg.id);
    // A node whose AZ is out stays down until the AZ returns; others are replaced now.
    if (this.downZones.has(`${current.account}/${current.region}/${current.preferredAvailabilityZone}`)) return;
    this.host.later('node-recovery', current.id, async () => {
      if (this.down.delete(key(current))) await this.recover(current);
    });
  }

  /**
   * Promotes the most up-to-date live replica; the old primary, if alive, is demoted (a full
   * resync follows) after its clients are disconnected, as a real failover does.
   */
  private async promote(account: string, region: string, id: string, shardId: string, primaryFailed: boolean): Promise<void> {
    const rg = this.host.state.replicationGroups.get(account, region, id);
    const shard = rg && shardsOf(rg).find((s) => s.id === shardId);
    if (!rg || !shard) return;
    const oldPrimaryId = shard.primaryClusterId;
    const candidates = shard.members
      .filter((m) => m !== oldPrimaryId)
      .map((m) => this.host.state.cacheClusters.get(account, region, m))
      .filter((m): m is CacheClusterRecord => m !== undefined && !this.isDown(m))
      .map((m) => ({ m, engine: this.host.engineOf(account, region, m.id) }))
      .filter((c): c is { m: CacheClusterRecord; engine: EngineNode } => c.engine !== undefined && c.engine.listening)
      .sort((a, b) => b.engine.replication.offset - a.engine.replication.offset);
    if (candidates.length === 0) return;
    const chosen = candidates[0];
    chosen.engine.setReplicaOf(null);
    const target = { host: chosen.engine.host, port: chosen.engine.port };
    for (const other of candidates.slice(1)) other.engine.setReplicaOf(target);
    this.host.state.transaction(() => {
      const current = this.host.state.replicationGroups.get(account, region, id);
      if (!current) return;
      setShardPrimary(current, shardId, chosen.m.id);
      this.host.state.replicationGroups.update(current);
    });
    this.host.dropEndpointConnections(account, region, id);
    this.host.clusterTopologyChanged(account, region, id);
    const message = `Failover from primary node ${oldPrimaryId} to replica node ${chosen.m.id} completed`;
    this.host.event(account, region, chosen.m.id, 'cache-cluster', message);
    this.host.event(account, region, id, 'replication-group', message);
    const old = this.host.state.cacheClusters.get(account, region, oldPrimaryId);
    if (!old || primaryFailed || this.isDown(old)) return;
    const oldEngine = this.host.engineOf(account, region, oldPrimaryId);
    if (!oldEngine) return;
    for (const c of [...oldEngine.clients.values()]) {
      if (c.socket && !c.isPrimaryLink && !oldEngine.replication.primarySide.isReplica(c)) oldEngine.disconnect(c);
    }
    oldEngine.setReplicaOf(target);
    this.recoveryEvents(old);
  }

  /** Replaces a failed node in place: empty, then a replica of the group's primary (or a primary again). */
  private async recover(rec: CacheClusterRecord): Promise<void> {
    const current = this.host.state.cacheClusters.get(rec.account, rec.region, rec.id);
    if (!current) return;
    const engine = await this.host.replaceEngine(current);
    rejoinShard(this.host, current, engine);
    this.recoveryEvents(current);
  }

  private recoveryEvents(rec: CacheClusterRecord): void {
    const nodes = rec.nodes.map((n) => n.id).join(',');
    this.host.event(rec.account, rec.region, rec.id, 'cache-cluster', `Recovering cache nodes ${nodes}`);
    this.host.later('node-recovery', rec.id, async () => {
      this.host.event(rec.account, rec.region, rec.id, 'cache-cluster', `Finished recovery for cache nodes ${nodes}`);
    });
  }
}

function key(rec: CacheClusterRecord): string {
  return `${rec.account}/${rec.region}/${rec.id}`;
}

/**
 * A member's node is back, empty (recovered, rebooted): a replica follows its shard's primary; a
 * primary that came back without a failover is followed again by its replicas, which resync from
 * it and so empty too.
 */
export function rejoinShard(host: Pick<FailoverHost, 'state' | 'engineOf' | 'clusterTopologyChanged'>, rec: CacheClusterRecord, engine: EngineNode): void {
  const rg = rec.replicationGroupId ? host.state.replicationGroups.get(rec.account, rec.region, rec.replicationGroupId) : undefined;
  const shard = rg ? shardOfMember(rg, rec.id) : undefined;
  if (!rg || !shard) return;
  const primary = shard.primaryClusterId === rec.id ? undefined : host.engineOf(rec.account, rec.region, shard.primaryClusterId);
  if (primary) engine.setReplicaOf({ host: primary.host, port: primary.port });
  else {
    for (const m of shard.members) {
      const e = m === rec.id ? undefined : host.engineOf(rec.account, rec.region, m);
      if (e) e.setReplicaOf({ host: engine.host, port: engine.port });
    }
  }
  // The new node knows nothing of the cluster yet, and the others see it back.
  host.clusterTopologyChanged(rg.account, rg.region, rg.id);
}
