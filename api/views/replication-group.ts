import type { CacheClusterRecord } from '../../state/cache-clusters.ts';
import type { ReplicationGroupRecord } from '../../state/replication-groups.ts';
import type { EndpointHosts } from '../../provisioner/endpoint-hosts.ts';
import type { ReplicationGroup } from '../model/generated/types.ts';
import { formatSlots, hasPlainEndpoints, shardsOf } from '../../state/node-groups.ts';
import { clusterNodeGroups } from './node-groups.ts';

/**
 * A replication group as AWS shows it. Cluster mode disabled: one node group "0001" with the
 * primary and reader endpoints and a member per cluster with its role and read endpoint. Cluster
 * mode enabled: its shards with their slots, and the configuration endpoint. Cluster mode
 * compatible: both, its one shard shown as in cluster mode disabled plus its slots.
 */
export function replicationGroupView(rg: ReplicationGroupRecord, members: CacheClusterRecord[], hosts: EndpointHosts): ReplicationGroup {
  const byId = new Map(members.map((m) => [m.id, m]));
  const provisioned = rg.primaryEndpointPort !== null;
  const shard = shardsOf(rg)[0];
  const pending = {
    ...(rg.reshardingProgress !== undefined ? { Resharding: { SlotMigration: { ProgressPercentage: rg.reshardingProgress } } } : {}),
    ...(rg.pendingClusterMode !== undefined ? { ClusterMode: rg.pendingClusterMode } : {}),
  };
  return {
    ReplicationGroupId: rg.id,
    Description: rg.description,
    Status: rg.status,
    PendingModifiedValues: pending,
    MemberClusters: rg.members,
    NodeGroups: !hasPlainEndpoints(rg) ? clusterNodeGroups(rg, byId) : [
      {
        NodeGroupId: '0001',
        Status: rg.status === 'creating' ? 'creating' : rg.status === 'deleting' ? 'deleting' : rg.status === 'modifying' ? 'modifying' : 'available',
        Slots: rg.clusterEnabled && rg.nodeGroups?.[0] ? formatSlots(rg.nodeGroups[0].slots) : undefined,
        PrimaryEndpoint: provisioned ? { Address: hosts.primary(rg), Port: rg.primaryEndpointPort! } : undefined,
        ReaderEndpoint: provisioned ? { Address: hosts.reader(rg), Port: rg.readerEndpointPort! } : undefined,
        NodeGroupMembers: shard.members
          .map((id) => byId.get(id))
          .filter((m): m is CacheClusterRecord => m !== undefined)
          .map((m) => {
            const node = m.nodes[0];
            return {
              CacheClusterId: m.id,
              CacheNodeId: node.id,
              ReadEndpoint: node.port === null ? undefined : { Address: hosts.node(m, node), Port: node.port },
              PreferredAvailabilityZone: node.availabilityZone,
              CurrentRole: m.id === shard.primaryClusterId ? 'primary' : 'replica',
            };
          }),
      },
    ],
    SnapshottingClusterId: rg.snapshottingClusterId,
    AutomaticFailover: rg.automaticFailover,
    MultiAZ: rg.multiAZ ? 'enabled' : 'disabled',
    SnapshotRetentionLimit: rg.snapshotRetentionLimit,
    SnapshotWindow: rg.snapshotWindow,
    ConfigurationEndpoint: rg.clusterEnabled && rg.configurationEndpointPort ? { Address: hosts.configuration(rg), Port: rg.configurationEndpointPort } : undefined,
    ClusterEnabled: rg.clusterEnabled === true,
    CacheNodeType: rg.cacheNodeType,
    AuthTokenEnabled: rg.authTokenEnabled,
    TransitEncryptionEnabled: rg.transitEncryptionEnabled,
    AtRestEncryptionEnabled: rg.atRestEncryptionEnabled,
    MemberClustersOutpostArns: [],
    ARN: rg.arn,
    UserGroupIds: [],
    LogDeliveryConfigurations: [],
    ReplicationGroupCreateTime: new Date(rg.createdAt),
    DataTiering: 'disabled',
    AutoMinorVersionUpgrade: rg.autoMinorVersionUpgrade,
    NetworkType: rg.networkType,
    IpDiscovery: rg.ipDiscovery,
    ClusterMode: rg.clusterMode ?? 'disabled',
    Engine: rg.engine,
  };
}
