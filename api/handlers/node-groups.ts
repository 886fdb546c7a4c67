import type { CacheClusterRecord } from '../../state/cache-clusters.ts';
import type { NodeGroupRecord } from '../../state/node-groups.ts';
import type { ReplicationGroupRecord } from '../../state/replication-groups.ts';
import { availabilityZones } from '../catalog/regions.ts';
import { MAX_REPLICAS, type NodeGroupPlan } from '../cluster-mode.ts';
import type { HandlerContext } from '../handler-types.ts';
import {
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  NodeGroupsPerReplicationGroupQuotaExceededFault,
} from '../model/generated/faults.ts';
import type { ConfigureShard, DecreaseReplicaCountMessage, IncreaseReplicaCountMessage } from '../model/generated/types.ts';
import { beginReplicaRemoval, copyTags, memberRecord, placement, zoneOffset } from './replication-groups.ts';
import { DEFAULT_SUBNET_GROUP, findSubnetGroup, subnetGroupZones } from './subnet-groups.ts';

/**
 * The shards of cluster-mode-enabled groups: creating them, and adding or removing replicas per
 * shard (IncreaseReplicaCount / DecreaseReplicaCount with NewReplicaCount or ReplicaConfiguration).
 */

/** Cluster mode needs automatic failover; Multi-AZ needs a replica in every shard. */
export function checkClusterFailover(plans: NodeGroupPlan[], automaticFailover: boolean, multiAZ: boolean): void {
  if (!automaticFailover) {
    throw new InvalidParameterCombinationException('Automatic failover must be enabled (AutomaticFailoverEnabled=true) for a replication group with cluster mode enabled.');
  }
  if (multiAZ && plans.some((p) => p.replicaCount === 0)) {
    throw new InvalidParameterCombinationException('Multi-AZ requires at least one replica in every node group.');
  }
}

/** A zone must be one of the region's and one the group's subnet group covers. */
function checkZone(ctx: HandlerContext, az: string, zones: string[], subnetGroupName: string): void {
  const regionZones = availabilityZones(ctx.region);
  if (!regionZones.includes(az)) throw new InvalidParameterValueException(`Invalid availability zone ${az}: valid zones in ${ctx.region} are ${regionZones.join(', ')}.`);
  if (!zones.includes(az)) {
    throw new InvalidParameterCombinationException(`The availability zone ${az} is not in cache subnet group ${subnetGroupName}, whose subnets are in ${zones.join(', ')}.`);
  }
}

/** MemberClusters of a cluster-mode-enabled group: every shard's members, shard by shard. */
export function syncMembers(rg: ReplicationGroupRecord): void {
  rg.members = rg.nodeGroups!.flatMap((g) => g.members);
}

/** A new member of a shard: <rg>-<shard>-<nnn>. */
function addMember(ctx: HandlerContext, rg: ReplicationGroupRecord, ng: NodeGroupRecord, az: string): CacheClusterRecord {
  const id = `${rg.id}-${ng.id.padStart(4, '0')}-${String(ng.nextMember++).padStart(3, '0')}`;
  ng.members.push(id);
  return memberRecord(ctx, rg, id, az);
}

/**
 * Adds shards to a group (at creation, or ModifyReplicationGroupShardConfiguration scaling out):
 * each primary in the next zone, its replicas in the zones after it unless given. Returns the new
 * member records; rg.nodeGroups and rg.members are updated.
 */
export function createNodeGroups(ctx: HandlerContext, rg: ReplicationGroupRecord, plans: NodeGroupPlan[], subnetGroupName: string, zones: string[]): CacheClusterRecord[] {
  const start = zoneOffset(rg.id, zones) + rg.nodeGroups!.length;
  const out: CacheClusterRecord[] = [];
  plans.forEach((p, i) => {
    const primaryAZ = p.primaryAvailabilityZone ?? zones[(start + i) % zones.length];
    const replicaAZs = p.replicaAvailabilityZones ?? placement(zones, p.replicaCount, zones.indexOf(primaryAZ) + 1);
    for (const az of [primaryAZ, ...replicaAZs]) checkZone(ctx, az, zones, subnetGroupName);
    const ng: NodeGroupRecord = { id: p.id, slots: p.slots, primaryClusterId: '', members: [], nextMember: 1 };
    rg.nodeGroups!.push(ng);
    for (const az of [primaryAZ, ...replicaAZs]) out.push(addMember(ctx, rg, ng, az));
    ng.primaryClusterId = ng.members[0];
  });
  rg.nextNodeGroup = Math.max(rg.nextNodeGroup ?? 1, ...rg.nodeGroups!.map((g) => Number(g.id) + 1));
  syncMembers(rg);
  return out;
}

/** Nodes the group has (or will have once its pending changes are done). */
export function nodeCount(ctx: HandlerContext, rg: ReplicationGroupRecord): number {
  return rg.members.filter((id) => ctx.state.cacheClusters.get(ctx.account, ctx.region, id)?.status !== 'deleting').length;
}

export function checkNodeQuota(ctx: HandlerContext, nodes: number): void {
  const quota = ctx.provisioner.clusterNodeQuota;
  if (nodes > quota) {
    throw new NodeGroupsPerReplicationGroupQuotaExceededFault(`Cluster node quota exceeded. Each cluster can have at most ${quota} nodes in this region; the change would make ${nodes}.`);
  }
}

/** The replica count each shard should have: NewReplicaCount for all, or ReplicaConfiguration per shard. */
function shardTargets(rg: ReplicationGroupRecord, all: number | undefined, perShard: ConfigureShard[] | undefined): Array<{ ng: NodeGroupRecord; count: number; azs?: string[] }> {
  if (all !== undefined && perShard !== undefined && perShard.length > 0) {
    throw new InvalidParameterCombinationException('Specify either NewReplicaCount or ReplicaConfiguration, not both.');
  }
  if (perShard !== undefined && perShard.length > 0) {
    return perShard.map((c) => {
      const ng = rg.nodeGroups!.find((g) => g.id === c.NodeGroupId || g.id === c.NodeGroupId.padStart(4, '0'));
      if (!ng) throw new InvalidParameterValueException(`NodeGroup ${c.NodeGroupId} not found in replication group ${rg.id}.`);
      return { ng, count: c.NewReplicaCount, azs: c.PreferredAvailabilityZones };
    });
  }
  if (all === undefined) throw new InvalidParameterValueException('Either NewReplicaCount or ReplicaConfiguration must be provided.');
  return rg.nodeGroups!.map((ng) => ({ ng, count: all }));
}

/** IncreaseReplicaCount of a cluster-mode-enabled group (inside the handler's transaction). */
export function increaseShardReplicas(ctx: HandlerContext, rg: ReplicationGroupRecord, input: IncreaseReplicaCountMessage): ReplicationGroupRecord {
  const targets = shardTargets(rg, input.NewReplicaCount, input.ReplicaConfiguration);
  let added = 0;
  for (const { ng, count } of targets) {
    const replicas = ng.members.length - 1;
    if (count <= replicas) {
      throw new InvalidParameterValueException(`The new replica count (${count}) of node group ${ng.id} must be greater than its current replica count (${replicas}).`);
    }
    if (count > MAX_REPLICAS) throw new InvalidParameterValueException(`The new replica count (${count}) exceeds the maximum of ${MAX_REPLICAS} replicas per node group.`);
    added += count - replicas;
  }
  checkNodeQuota(ctx, nodeCount(ctx, rg) + added);
  const subnetGroup = rg.cacheSubnetGroupName ?? DEFAULT_SUBNET_GROUP;
  const zones = subnetGroupZones(findSubnetGroup(ctx, subnetGroup));
  const created: CacheClusterRecord[] = [];
  for (const { ng, count, azs } of targets) {
    const replicas = ng.members.length - 1;
    const used = ng.members.map((id) => ctx.state.cacheClusters.get(ctx.account, ctx.region, id)?.preferredAvailabilityZone);
    for (let i = 0; i < count - replicas; i++) {
      // PreferredAvailabilityZones lists the whole shard, primary first.
      const az = azs?.[replicas + 1 + i] ?? zones.find((z) => !used.includes(z)) ?? zones[(used.length + i) % zones.length];
      checkZone(ctx, az, zones, subnetGroup);
      used.push(az);
      created.push(addMember(ctx, rg, ng, az));
    }
  }
  for (const m of created) ctx.state.cacheClusters.insert(m);
  syncMembers(rg);
  copyTags(ctx, rg, created.map((m) => m.id));
  rg.status = 'modifying';
  ctx.state.replicationGroups.update(rg);
  return rg;
}

/** DecreaseReplicaCount of a cluster-mode-enabled group: the named replicas, or each shard's newest ones. */
export function decreaseShardReplicas(ctx: HandlerContext, rg: ReplicationGroupRecord, input: DecreaseReplicaCountMessage): ReplicationGroupRecord {
  const remove = new Set<string>();
  if (input.ReplicasToRemove !== undefined && input.ReplicasToRemove.length > 0) {
    for (const raw of input.ReplicasToRemove) {
      const id = raw.toLowerCase();
      const ng = rg.nodeGroups!.find((g) => g.members.includes(id));
      if (!ng) throw new InvalidParameterValueException(`Cache cluster ${id} is not a member of replication group ${rg.id}.`);
      if (ng.primaryClusterId === id) throw new InvalidParameterValueException(`Cache cluster ${id} is the primary of node group ${ng.id} and cannot be removed.`);
      remove.add(id);
    }
  } else {
    for (const { ng, count } of shardTargets(rg, input.NewReplicaCount, input.ReplicaConfiguration)) {
      const replicas = ng.members.filter((id) => id !== ng.primaryClusterId);
      if (count < 0 || count >= replicas.length) {
        throw new InvalidParameterValueException(`The new replica count (${count}) of node group ${ng.id} must be less than its current replica count (${replicas.length}).`);
      }
      for (const id of replicas.slice(count)) remove.add(id);
    }
  }
  const minimum = rg.multiAZ ? 1 : 0;
  for (const ng of rg.nodeGroups!) {
    const remaining = ng.members.filter((id) => id !== ng.primaryClusterId && !remove.has(id)).length;
    if (remaining < minimum) throw new InvalidParameterValueException(`A Multi-AZ replication group must keep at least ${minimum} replica in node group ${ng.id}.`);
  }
  return beginReplicaRemoval(ctx, rg, remove);
}
