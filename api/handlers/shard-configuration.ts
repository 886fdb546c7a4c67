import type { CacheClusterRecord } from '../../state/cache-clusters.ts';
import { maxShards, rebalance, type NodeGroupPlan } from '../cluster-mode.ts';
import { refuseWhileCompatible } from '../cluster-mode-change.ts';
import type { HandlerTable } from '../handler-types.ts';
import {
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  NodeGroupsPerReplicationGroupQuotaExceededFault,
} from '../model/generated/faults.ts';
import { checkNodeQuota, createNodeGroups, nodeCount } from './node-groups.ts';
import { copyTags, findReplicationGroup, requireAvailable, viewOf } from './replication-groups.ts';
import { DEFAULT_SUBNET_GROUP, findSubnetGroup, subnetGroupZones } from './subnet-groups.ts';

/**
 * ModifyReplicationGroupShardConfiguration: online resharding of a cluster-mode-enabled group.
 * More shards (new ones with the first shard's replica count, AZs from ReshardingConfiguration),
 * fewer (NodeGroupsToRemove or NodeGroupsToRetain), or as many (a rebalance); in every case the
 * slots end evenly split, moving as few as possible. The handler records where every slot goes;
 * the provisioner moves the slots and their keys and then removes the shards that were dropped.
 */
export const shardConfigurationHandlers = {
  ModifyReplicationGroupShardConfiguration(input, ctx) {
    if (!input.ApplyImmediately) {
      throw new InvalidParameterValueException('ApplyImmediately must be true: ModifyReplicationGroupShardConfiguration applies immediately.');
    }
    const rg = ctx.state.transaction(() => {
      const rg = findReplicationGroup(ctx, input.ReplicationGroupId);
      if (!rg.clusterEnabled) {
        throw new InvalidParameterCombinationException(`Replication group ${rg.id} has cluster mode disabled: its shard configuration cannot be modified.`);
      }
      requireAvailable(rg);
      refuseWhileCompatible(rg, 'ModifyReplicationGroupShardConfiguration');
      const groups = rg.nodeGroups!;
      const count = input.NodeGroupCount;
      if (!Number.isInteger(count) || count < 1) throw new InvalidParameterValueException(`Invalid value for parameter NodeGroupCount: ${count}. It must be at least 1.`);
      const limit = maxShards(rg.engineVersion);
      if (count > limit) {
        throw new NodeGroupsPerReplicationGroupQuotaExceededFault(`The number of node groups (shards) in a replication group cannot exceed ${limit} for engine version ${rg.engineVersion}.`);
      }
      const resolve = (id: string): string => {
        const ng = groups.find((g) => g.id === id || g.id === id.padStart(4, '0'));
        if (!ng) throw new InvalidParameterValueException(`NodeGroup ${id} not found in replication group ${rg.id}.`);
        return ng.id;
      };
      const toRemove = (input.NodeGroupsToRemove ?? []).map(resolve);
      const toRetain = (input.NodeGroupsToRetain ?? []).map(resolve);
      if (count >= groups.length && (toRemove.length > 0 || toRetain.length > 0)) {
        throw new InvalidParameterCombinationException('NodeGroupsToRemove and NodeGroupsToRetain apply only when NodeGroupCount is less than the current number of node groups.');
      }
      if (count <= groups.length && (input.ReshardingConfiguration ?? []).length > 0) {
        throw new InvalidParameterCombinationException('ReshardingConfiguration applies only when NodeGroupCount is greater than the current number of node groups.');
      }
      let removed: string[] = [];
      if (count < groups.length) {
        if (toRemove.length > 0 && toRetain.length > 0) throw new InvalidParameterCombinationException('Specify either NodeGroupsToRemove or NodeGroupsToRetain, not both.');
        if (toRemove.length === 0 && toRetain.length === 0) {
          throw new InvalidParameterCombinationException('Decreasing the number of node groups requires NodeGroupsToRemove or NodeGroupsToRetain.');
        }
        removed = toRemove.length > 0 ? [...new Set(toRemove)] : groups.map((g) => g.id).filter((id) => !toRetain.includes(id));
        if (groups.length - removed.length !== count) {
          throw new InvalidParameterValueException(
            `NodeGroupCount (${count}) must equal the current number of node groups (${groups.length}) minus those removed (${removed.length}).`,
          );
        }
      }
      let created: CacheClusterRecord[] = [];
      if (count > groups.length) {
        const replicas = groups[0].members.length - 1;
        const adding = count - groups.length;
        checkNodeQuota(ctx, nodeCount(ctx, rg) + adding * (1 + replicas));
        const plans = newShardPlans(rg.nextNodeGroup ?? groups.length + 1, adding, replicas, groups.length, count, input.ReshardingConfiguration ?? []);
        const subnetGroup = rg.cacheSubnetGroupName ?? DEFAULT_SUBNET_GROUP;
        created = createNodeGroups(ctx, rg, plans, subnetGroup, subnetGroupZones(findSubnetGroup(ctx, subnetGroup)));
      }
      const final = rg.nodeGroups!.map((g) => g.id).filter((id) => !removed.includes(id));
      const targets = rebalance(groups.filter((g) => g.slots.length > 0), final);
      for (const g of rg.nodeGroups!) {
        g.targetSlots = targets.get(g.id) ?? [];
        if (removed.includes(g.id)) g.removing = true;
      }
      for (const m of created) ctx.state.cacheClusters.insert(m);
      copyTags(ctx, rg, created.map((m) => m.id));
      rg.status = 'modifying';
      rg.reshardingProgress = 0;
      ctx.state.replicationGroups.update(rg);
      return rg;
    });
    ctx.provisioner.replicationGroupChanged(rg);
    return { ReplicationGroup: viewOf(ctx, rg) };
  },
} satisfies HandlerTable;

/**
 * Plans of the shards a scale-out adds. ReshardingConfiguration gives each new shard's AZs (primary
 * first), by NodeGroupId or in order; it may list every shard of the group or only the new ones.
 */
function newShardPlans(
  firstNumber: number,
  adding: number,
  replicas: number,
  existing: number,
  total: number,
  config: Array<{ NodeGroupId?: string; PreferredAvailabilityZones?: string[] }>,
): NodeGroupPlan[] {
  if (config.length > 0 && config.length !== adding && config.length !== total) {
    throw new InvalidParameterValueException(`ReshardingConfiguration must have one entry per node group (${total}) or per new node group (${adding}).`);
  }
  const plans: NodeGroupPlan[] = [];
  for (let i = 0; i < adding; i++) {
    const id = String(firstNumber + i).padStart(4, '0');
    const entry = config.find((c) => c.NodeGroupId !== undefined && c.NodeGroupId.padStart(4, '0') === id) ?? config[config.length === total ? existing + i : i];
    const azs = entry?.PreferredAvailabilityZones;
    if (azs !== undefined && azs.length > 0 && azs.length !== replicas + 1) {
      throw new InvalidParameterValueException(`PreferredAvailabilityZones of node group ${id} must list ${replicas + 1} zones: its primary and ${replicas} replicas.`);
    }
    plans.push({
      id,
      slots: [],
      replicaCount: replicas,
      primaryAvailabilityZone: azs?.[0],
      replicaAvailabilityZones: azs && azs.length > 0 ? azs.slice(1) : undefined,
    });
  }
  return plans;
}
