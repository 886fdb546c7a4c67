import { SLOT_COUNT } from '../state/node-groups.ts';
import type { ReplicationGroupRecord } from '../state/replication-groups.ts';
import type { State } from '../state/state.ts';

/**
 * ModifyReplicationGroup ClusterMode as AWS runs it: disabled → compatible → enabled, or back
 * from compatible to disabled. The handler records the request (pendingClusterMode); the
 * provisioner applies it here when it takes the change up, then restarts the nodes whose
 * cluster-enabled setting no longer matches, keeping their datasets, and opens or closes
 * endpoints to fit.
 *
 * - compatible: the group's one shard becomes node group 0001 owning every slot, with the same
 *   members; the nodes run in cluster mode, the configuration endpoint opens and the primary and
 *   reader endpoints stay, so plain and cluster clients both work (one shard: never a MOVED).
 * - enabled: the primary and reader endpoints go; the group is an ordinary cluster-mode-enabled one.
 * - disabled (from compatible): the shard is the group again and the nodes leave cluster mode.
 */

/**
 * Applies a pending ClusterMode change to the stored group (one transaction). Returns the group
 * as it is now and whether something changed.
 */
export function applyClusterModeChange(state: State, account: string, region: string, id: string): { rg: ReplicationGroupRecord | undefined; changed: boolean } {
  return state.transaction(() => {
    const rg = state.replicationGroups.get(account, region, id);
    if (!rg || rg.pendingClusterMode === undefined) return { rg, changed: false };
    const mode = rg.pendingClusterMode;
    delete rg.pendingClusterMode;
    if (mode === 'compatible' && !rg.clusterEnabled) {
      rg.clusterEnabled = true;
      rg.clusterMode = 'compatible';
      rg.nodeGroups = [{ id: '0001', slots: [[0, SLOT_COUNT - 1]], primaryClusterId: rg.primaryClusterId, members: [...rg.members], nextMember: rg.nextMember }];
      rg.nextNodeGroup = 2;
      rg.configurationEndpointPort = null;
    } else if (mode === 'enabled' && rg.clusterMode === 'compatible') {
      rg.clusterMode = 'enabled';
      rg.primaryEndpointPort = null;
      rg.readerEndpointPort = null;
      delete rg.disabledParameterGroupName;
    } else if (mode === 'disabled' && rg.clusterMode === 'compatible' && rg.nodeGroups?.length === 1) {
      const [shard] = rg.nodeGroups;
      rg.primaryClusterId = shard.primaryClusterId;
      rg.members = [...shard.members];
      rg.nextMember = Math.max(rg.nextMember, shard.nextMember);
      delete rg.clusterEnabled;
      delete rg.clusterMode;
      delete rg.nodeGroups;
      delete rg.nextNodeGroup;
      delete rg.configurationEndpointPort;
      delete rg.disabledParameterGroupName;
    }
    state.replicationGroups.update(rg);
    return { rg, changed: true };
  });
}
