import { createHash } from 'node:crypto';
import type { ClusterNodeSpec, ClusterShardSpec, ClusterTopology } from '../engine/cluster/view.ts';
import type { EngineNode } from '../engine/engine-node.ts';
import type { CacheClusterRecord } from '../state/cache-clusters.ts';
import { reshardingPending } from '../state/node-groups.ts';
import type { ReplicationGroupRecord } from '../state/replication-groups.ts';
import type { State } from '../state/state.ts';

/**
 * Cluster mode enabled in the provisioner: the engine nodes of a group have no cluster bus, so
 * the provisioner tells every node the whole topology (ClusterView.setTopology) whenever it
 * changes: creation, replicas added or removed, failover, a node down or back, resharding.
 */

/** What building and pushing a topology needs from the provisioner. */
export interface ClusterHost {
  readonly state: State;
  engineOf(account: string, region: string, clusterId: string): EngineNode | undefined;
  readonly failover: { isDown(rec: CacheClusterRecord): boolean };
}

/** A node's cluster node id (40 hex digits) from its member id: stable across restarts and replacements. */
export function clusterNodeId(account: string, region: string, clusterId: string): string {
  return createHash('sha1').update(`${account}/${region}/${clusterId}`).digest('hex');
}

/**
 * Engine settings of a member of a cluster-mode-enabled group (cluster-enabled is fixed when a
 * node starts); ElastiCache's cluster-require-full-coverage is no: one shard down leaves the
 * others serving.
 */
export function clusterConfigOf(state: State, rec: CacheClusterRecord): Record<string, string> {
  if (rec.replicationGroupId === undefined) return {};
  const rg = state.replicationGroups.get(rec.account, rec.region, rec.replicationGroupId);
  return rg?.clusterEnabled ? { 'cluster-enabled': 'yes', 'cluster-require-full-coverage': 'no' } : {};
}

/**
 * The topology a group's records describe: each shard's slots, primary and replicas, at the
 * address and port recorded for each node (what clients reach, also in DNS mode). Nodes down are
 * marked failed; members not provisioned yet or on their way out are left out. Also returns the
 * running engines of the nodes it names.
 */
export function groupTopology(host: ClusterHost, rg: ReplicationGroupRecord): { topology: Omit<ClusterTopology, 'myself'>; engines: Array<[string, EngineNode]> } {
  const shards: ClusterShardSpec[] = [];
  const engines: Array<[string, EngineNode]> = [];
  let currentEpoch = 0;
  for (const ng of rg.nodeGroups ?? []) {
    let primary: ClusterNodeSpec | undefined;
    const replicas: ClusterNodeSpec[] = [];
    for (const memberId of ng.members) {
      const rec = host.state.cacheClusters.get(rg.account, rg.region, memberId);
      const node = rec?.nodes[0];
      if (!rec || !node || node.port === null || node.address === null || rec.status === 'deleting') continue;
      const spec: ClusterNodeSpec = { id: clusterNodeId(rg.account, rg.region, memberId), host: node.address, port: node.port };
      if (host.failover.isDown(rec)) spec.failed = true;
      if (memberId === ng.primaryClusterId) primary = spec;
      else replicas.push(spec);
      const engine = host.engineOf(rg.account, rg.region, memberId);
      if (engine?.listening) {
        engines.push([spec.id, engine]);
        currentEpoch = Math.max(currentEpoch, engine.cluster.currentEpoch);
      }
    }
    if (primary) shards.push({ id: ng.id, slots: ng.slots, primary, replicas });
  }
  return { topology: { shards, currentEpoch }, engines: engines.filter(([id]) => shards.some((s) => s.primary.id === id || s.replicas.some((r) => r.id === id))) };
}

/**
 * Tells every running node of a group the topology its records describe. Outside resharding the
 * slots' migrating/importing states are cleared; during it they are kept (the slot in flight).
 */
export function pushTopology(host: ClusterHost, account: string, region: string, id: string): void {
  const rg = host.state.replicationGroups.get(account, region, id);
  if (!rg?.clusterEnabled) return;
  const { topology, engines } = groupTopology(host, rg);
  const settled = reshardingPending(rg) ? {} : { migrating: {}, importing: {} };
  for (const [nodeId, engine] of engines) engine.cluster.setTopology({ ...topology, ...settled, myself: nodeId });
}
