/**
 * The shards (node groups) of a replication group as stored, and the slot arithmetic the API and
 * the provisioner share. A cluster-mode-disabled group has one implicit shard "0001" holding every
 * member; a cluster-mode-enabled group stores its node groups with their slots.
 */

export const SLOT_COUNT = 16384;

/** Inclusive slot ranges, ascending and disjoint. */
export type SlotRanges = Array<[number, number]>;

export interface NodeGroupRecord {
  /** "0001", "0002", ... (or the id given in NodeGroupConfiguration). */
  id: string;
  /** Slots the shard serves now (what every node is told). */
  slots: SlotRanges;
  /** Slots it will serve when the resharding in progress is done; absent when none is. */
  targetSlots?: SlotRanges;
  /** Set when ModifyReplicationGroupShardConfiguration removes the shard: drained, then deleted. */
  removing?: boolean;
  primaryClusterId: string;
  /** Member cluster ids (<rg>-<shard>-<nnn>) in creation order, primary included. */
  members: string[];
  /** Next member sequence number. */
  nextMember: number;
}

/** What shards need from a group record (kept structural so this file imports nothing). */
interface GroupShape {
  clusterEnabled?: boolean;
  clusterMode?: 'enabled' | 'compatible';
  nodeGroups?: NodeGroupRecord[];
  members: string[];
  primaryClusterId: string;
}

export interface Shard {
  id: string;
  primaryClusterId: string;
  members: string[];
}

/** Every shard of a group: its node groups, or the single implicit one of cluster mode disabled. */
export function shardsOf(rg: GroupShape): Shard[] {
  if (rg.clusterEnabled && rg.nodeGroups) return rg.nodeGroups;
  return [{ id: '0001', primaryClusterId: rg.primaryClusterId, members: rg.members }];
}

/** Whether a group has the primary and reader endpoints: cluster mode disabled, or compatible (its single shard). */
export function hasPlainEndpoints(rg: GroupShape): boolean {
  return rg.clusterEnabled !== true || rg.clusterMode === 'compatible';
}

/** The shard a member cluster belongs to. */
export function shardOfMember(rg: GroupShape, clusterId: string): Shard | undefined {
  return shardsOf(rg).find((s) => s.members.includes(clusterId));
}

/** Records a new primary for a shard (failover), in either kind of group. */
export function setShardPrimary(rg: GroupShape, shardId: string, clusterId: string): void {
  if (rg.clusterEnabled && rg.nodeGroups) {
    const ng = rg.nodeGroups.find((g) => g.id === shardId);
    if (ng) ng.primaryClusterId = clusterId;
  } else {
    rg.primaryClusterId = clusterId;
  }
}

export function slotCount(ranges: SlotRanges): number {
  return ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
}

/** Slot ranges as AWS shows them: "0-5461", or "894-1767,3134-4443" after resharding. */
export function formatSlots(ranges: SlotRanges): string {
  return ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
}

/** Every slot of a set of ranges, ascending. */
export function expandSlots(ranges: SlotRanges): number[] {
  const out: number[] = [];
  for (const [a, b] of ranges) for (let s = a; s <= b; s++) out.push(s);
  return out;
}

/** Ascending slots back into ranges. */
export function rangesOf(slots: Iterable<number>): SlotRanges {
  const sorted = [...slots].sort((x, y) => x - y);
  const out: SlotRanges = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s === last[1] + 1) last[1] = s;
    else out.push([s, s]);
  }
  return out;
}

/** Owner (index into groups) of every slot, -1 where none. */
export function slotOwners(groups: Array<{ slots: SlotRanges }>): Int32Array {
  const owner = new Int32Array(SLOT_COUNT).fill(-1);
  groups.forEach((g, i) => {
    for (const [a, b] of g.slots) owner.fill(i, a, b + 1);
  });
  return owner;
}

/** Ranges without one slot (a slot moved away during resharding). */
export function withoutSlot(ranges: SlotRanges, slot: number): SlotRanges {
  const out: SlotRanges = [];
  for (const [a, b] of ranges) {
    if (slot < a || slot > b) out.push([a, b]);
    else {
      if (a < slot) out.push([a, slot - 1]);
      if (slot < b) out.push([slot + 1, b]);
    }
  }
  return out;
}

/** Ranges with one more slot, merged with its neighbours. */
export function withSlot(ranges: SlotRanges, slot: number): SlotRanges {
  const out: SlotRanges = [];
  let placed = false;
  for (const [a, b] of ranges) {
    if (!placed && slot < a) {
      out.push([slot, slot]);
      placed = true;
    }
    if (slot >= a && slot <= b) placed = true;
    out.push([a, b]);
  }
  if (!placed) out.push([slot, slot]);
  return mergeAdjacent(out);
}

function mergeAdjacent(ranges: SlotRanges): SlotRanges {
  const out: SlotRanges = [];
  for (const [a, b] of ranges) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Whether a group has slots to move (or shards to drain) before its resharding is done. */
export function reshardingPending(rg: { nodeGroups?: NodeGroupRecord[] }): boolean {
  return (rg.nodeGroups ?? []).some((g) => g.targetSlots !== undefined || g.removing === true);
}
