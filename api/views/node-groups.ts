import type { CacheClusterRecord } from '../../state/cache-clusters.ts';
import { formatSlots } from '../../state/node-groups.ts';
import type { ReplicationGroupRecord } from '../../state/replication-groups.ts';
import type { NodeGroup } from '../model/generated/types.ts';

/** A node group's status mirrors its group's while the group is created, changed or deleted. */
export function nodeGroupStatus(rg: ReplicationGroupRecord): string {
  return rg.status === 'creating' || rg.status === 'deleting' || rg.status === 'modifying' ? rg.status : 'available';
}

/**
 * The shards of a cluster-mode-enabled group as AWS shows them: id, status, the slots they serve
 * ("0-5461", a comma list after resharding) and their members with zone, but no endpoints or
 * roles (clients find those through the configuration endpoint).
 */
export function clusterNodeGroups(rg: ReplicationGroupRecord, byId: Map<string, CacheClusterRecord>): NodeGroup[] {
  return (rg.nodeGroups ?? []).map((ng) => ({
    NodeGroupId: ng.id,
    Status: nodeGroupStatus(rg),
    Slots: formatSlots(ng.slots),
    NodeGroupMembers: ng.members
      .map((id) => byId.get(id))
      .filter((m): m is CacheClusterRecord => m !== undefined)
      .map((m) => ({ CacheClusterId: m.id, CacheNodeId: m.nodes[0].id, PreferredAvailabilityZone: m.nodes[0].availabilityZone })),
  }));
}
