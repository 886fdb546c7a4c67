import type { CacheParameterGroupRecord } from '../state/parameter-groups.ts';
import { SLOT_COUNT, expandSlots, rangesOf, slotCount, type SlotRanges } from '../state/node-groups.ts';
import { compareVersions, defaultParameterGroupName } from './catalog/engine-versions.ts';
import { parameterValue } from './catalog/parameters.ts';
import type { HandlerContext } from './handler-types.ts';
import { parameterGroupFor } from './handlers/parameter-groups.ts';
import {
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  NodeGroupsPerReplicationGroupQuotaExceededFault,
  NodeQuotaForClusterExceededFault,
} from './model/generated/faults.ts';
import type { CreateReplicationGroupMessage } from './model/generated/types.ts';

/**
 * Cluster mode (REFERENCE §3, §9): whether a new group is sharded, how its shards are laid out and
 * how slots are split and rebalanced, with AWS's limits.
 */

/** Replicas per shard: 0-5. */
export const MAX_REPLICAS = 5;
/** Nodes per cluster-mode-enabled group unless the quota is raised (AWS's default quota). */
export const DEFAULT_NODE_QUOTA = 90;

/** Shards per group: 500 from engine 5.0.6 on, 250 before. */
export function maxShards(engineVersion: string): number {
  return compareVersions(engineVersion, '5.0.6') >= 0 ? 500 : 250;
}

export interface ClusterModeDecision {
  enabled: boolean;
  mode?: 'enabled' | 'compatible';
  parameterGroup: CacheParameterGroupRecord;
}

/**
 * Cluster mode of a new group as AWS decides it: ClusterMode when given; else more than one shard
 * or a named parameter group with cluster-enabled yes asks for it (without a named group the
 * family's `default.<family>.cluster.on` is used). A named group must agree with the mode.
 */
export function decideClusterMode(ctx: HandlerContext, input: CreateReplicationGroupMessage, family: string): ClusterModeDecision {
  const requested = input.ClusterMode?.toLowerCase();
  if (requested !== undefined && requested !== 'enabled' && requested !== 'disabled' && requested !== 'compatible') {
    throw new InvalidParameterValueException(`Invalid value for parameter ClusterMode: ${input.ClusterMode}. Valid values are enabled, disabled, compatible.`);
  }
  const named = input.CacheParameterGroupName === undefined ? undefined : parameterGroupFor(ctx, input.CacheParameterGroupName, family);
  const namedEnabled = named === undefined ? undefined : parameterValue(named, 'cluster-enabled') === 'yes';
  const shards = Math.max(input.NumNodeGroups ?? 1, input.NodeGroupConfiguration?.length ?? 1);
  const enabled = requested !== undefined ? requested !== 'disabled' : shards > 1 || namedEnabled === true;
  if (namedEnabled !== undefined && namedEnabled !== enabled) {
    throw new InvalidParameterCombinationException(
      enabled ? 'Cluster mode should be enabled in parameter group, but found it is disabled.' : 'Cluster mode should be disabled in parameter group, but found it is enabled.',
    );
  }
  // Compatible serves plain clients through the primary endpoint too: one shard only.
  if (requested === 'compatible' && shards > 1) {
    throw new InvalidParameterCombinationException('A replication group in cluster mode compatible has a single node group (shard); NumNodeGroups must be 1.');
  }
  if (!enabled && shards > 1) {
    throw new InvalidParameterCombinationException('A replication group with more than one node group (shard) must have cluster mode enabled.');
  }
  const parameterGroup = named ?? parameterGroupFor(ctx, `${defaultParameterGroupName(family)}${enabled ? '.cluster.on' : ''}`, family);
  return { enabled, mode: enabled ? (requested === 'compatible' ? 'compatible' : 'enabled') : undefined, parameterGroup };
}

/** The slots of n shards split as AWS splits them: equal shares, the first shards one slot more. */
export function evenSlots(n: number): SlotRanges[] {
  const base = Math.floor(SLOT_COUNT / n);
  const extra = SLOT_COUNT % n;
  const out: SlotRanges[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const size = base + (i < extra ? 1 : 0);
    out.push([[start, start + size - 1]]);
    start += size;
  }
  return out;
}

/** NodeGroupConfiguration.Slots: "0-5461", or several ranges and slots separated by commas. */
export function parseSlots(text: string): SlotRanges {
  const ranges: SlotRanges = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5}))?\s*$/.exec(part);
    const a = m ? Number(m[1]) : NaN;
    const b = m ? Number(m[2] ?? m[1]) : NaN;
    if (!m || a > b || b >= SLOT_COUNT) {
      throw new InvalidParameterValueException(`Invalid value for parameter Slots: ${text}. Slots are ranges startkey-endkey between 0 and ${SLOT_COUNT - 1}, separated by commas.`);
    }
    ranges.push([a, b]);
  }
  return rangesOf(expandSlots(ranges));
}

export interface NodeGroupPlan {
  id: string;
  slots: SlotRanges;
  replicaCount: number;
  primaryAvailabilityZone?: string;
  replicaAvailabilityZones?: string[];
}

/**
 * The shards a cluster-mode-enabled CreateReplicationGroup asks for: NumNodeGroups and
 * ReplicasPerNodeGroup, refined per shard by NodeGroupConfiguration (id, Slots, ReplicaCount,
 * AZs). Slots must all be given or none (then the even split); given ones must cover 0-16383
 * exactly once. Checks the shard limit and the group's node quota.
 */
export function planNodeGroups(input: CreateReplicationGroupMessage, engineVersion: string, nodeQuota: number): NodeGroupPlan[] {
  const configs = input.NodeGroupConfiguration ?? [];
  if (input.NumNodeGroups !== undefined && configs.length > 0 && configs.length !== input.NumNodeGroups) {
    throw new InvalidParameterValueException(
      `The number of node group configurations (${configs.length}) must equal NumNodeGroups (${input.NumNodeGroups}).`,
    );
  }
  const count = input.NumNodeGroups ?? Math.max(configs.length, 1);
  if (count < 1) throw new InvalidParameterValueException(`Invalid value for parameter NumNodeGroups: ${count}. It must be at least 1.`);
  const limit = maxShards(engineVersion);
  if (count > limit) {
    throw new NodeGroupsPerReplicationGroupQuotaExceededFault(`The number of node groups (shards) in a replication group cannot exceed ${limit} for engine version ${engineVersion}.`);
  }
  const replicas = input.ReplicasPerNodeGroup ?? (count === 1 && input.NumCacheClusters !== undefined ? input.NumCacheClusters - 1 : 0);
  const withSlots = configs.filter((c) => c.Slots !== undefined).length;
  if (withSlots > 0 && withSlots < count) {
    throw new InvalidParameterCombinationException('Slots must be specified for every node group configuration or for none of them.');
  }
  const even = evenSlots(count);
  const used = new Set<string>();
  const plans: NodeGroupPlan[] = [];
  for (let i = 0; i < count; i++) {
    const c = configs[i];
    if (c?.NodeGroupId !== undefined) {
      if (!/^\d{1,4}$/.test(c.NodeGroupId)) throw new InvalidParameterValueException(`Invalid value for parameter NodeGroupId: ${c.NodeGroupId}. It is 1 to 4 digits.`);
      if (used.has(c.NodeGroupId)) throw new InvalidParameterValueException(`Node group id ${c.NodeGroupId} is specified more than once.`);
      used.add(c.NodeGroupId);
    }
    const replicaCount = c?.ReplicaCount ?? replicas;
    if (!Number.isInteger(replicaCount) || replicaCount < 0 || replicaCount > MAX_REPLICAS) {
      throw new InvalidParameterValueException(`Invalid value for the number of replicas per node group: ${replicaCount}. It must be between 0 and ${MAX_REPLICAS}.`);
    }
    if (c?.ReplicaAvailabilityZones !== undefined && c.ReplicaAvailabilityZones.length !== replicaCount) {
      throw new InvalidParameterValueException(
        `The number of ReplicaAvailabilityZones (${c.ReplicaAvailabilityZones.length}) must equal the node group's replica count (${replicaCount}).`,
      );
    }
    plans.push({
      id: c?.NodeGroupId ?? '',
      slots: c?.Slots !== undefined ? parseSlots(c.Slots) : even[i],
      replicaCount,
      primaryAvailabilityZone: c?.PrimaryAvailabilityZone,
      replicaAvailabilityZones: c?.ReplicaAvailabilityZones,
    });
  }
  // Generated ids fill the numbers users did not take: 0001, 0002, ...
  let next = 1;
  for (const p of plans) {
    if (p.id !== '') continue;
    while (used.has(String(next).padStart(4, '0'))) next++;
    p.id = String(next++).padStart(4, '0');
    used.add(p.id);
  }
  if (withSlots > 0) checkCoverage(plans);
  const nodes = plans.reduce((n, p) => n + 1 + p.replicaCount, 0);
  if (nodes > nodeQuota) throw new NodeQuotaForClusterExceededFault(`Cluster node quota exceeded. Each cluster can have at most ${nodeQuota} nodes in this region.`);
  return plans;
}

/** Given slot ranges must cover every slot once. */
function checkCoverage(plans: NodeGroupPlan[]): void {
  const seen = new Uint8Array(SLOT_COUNT);
  for (const p of plans) {
    for (const s of expandSlots(p.slots)) {
      if (seen[s]) throw new InvalidParameterValueException(`Slot ${s} is assigned to more than one node group.`);
      seen[s] = 1;
    }
  }
  const missing = seen.indexOf(0);
  if (missing >= 0) throw new InvalidParameterValueException(`The node groups' slots must cover 0-${SLOT_COUNT - 1}: slot ${missing} is not assigned.`);
}

/**
 * Where every slot goes when a group reshards to `final` shards (existing ones kept, in order,
 * then new ones): an even split, reached by moving as few slots as possible. Shards that are
 * removed give all their slots; shards above their share give their highest slots; shards below
 * it take slots in ascending order. Returns the target slots of each final shard.
 */
export function rebalance(current: Array<{ id: string; slots: SlotRanges }>, final: string[]): Map<string, SlotRanges> {
  const have = new Map(current.map((g) => [g.id, g.slots]));
  const counts = final.map((id) => slotCount(have.get(id) ?? []));
  // The shards that already hold the most keep the extra slot of an uneven split.
  const order = final.map((_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
  const base = Math.floor(SLOT_COUNT / final.length);
  const extra = SLOT_COUNT % final.length;
  const target = new Array<number>(final.length);
  order.forEach((i, rank) => (target[i] = base + (rank < extra ? 1 : 0)));
  const keep = new Map<string, number[]>();
  const pool: number[] = [];
  for (const g of current) {
    const slots = expandSlots(g.slots);
    const i = final.indexOf(g.id);
    const share = i < 0 ? 0 : Math.min(target[i], slots.length);
    keep.set(g.id, slots.slice(0, share));
    pool.push(...slots.slice(share));
  }
  pool.sort((a, b) => a - b);
  const out = new Map<string, SlotRanges>();
  let next = 0;
  final.forEach((id, i) => {
    const mine = keep.get(id) ?? [];
    const take = target[i] - mine.length;
    out.set(id, rangesOf([...mine, ...pool.slice(next, next + take)]));
    next += take;
  });
  return out;
}
