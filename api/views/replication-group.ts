import type { CacheClusterRecord } from '../../state/cache-clusters.ts';
import type { ReplicationGroupRecord } from '../../state/replication-groups.ts';
import type { ReplicationGroup } from '../model/generated/types.ts';

/**
 * A replication group (cluster mode disabled) as AWS shows it: one node group "0001" with the
 * primary and reader endpoints and a member per cluster with its role and read endpoint.
 */
export function replicationGroupView(rg: ReplicationGroupRecord, members: CacheClusterRecord[], address: string): ReplicationGroup {
  const byId = new Map(members.map((m) => [m.id, m]));
  const provisioned = rg.primaryEndpointPort !== null;
  return {
    ReplicationGroupId: rg.id,
    Description: rg.description,
    Status: rg.status,
    PendingModifiedValues: {},
    MemberClusters: rg.members,
    NodeGroups: [
      {
        NodeGroupId: '0001',
        Status: rg.status === 'creating' ? 'creating' : rg.status === 'deleting' ? 'deleting' : rg.status === 'modifying' ? 'modifying' : 'available',
        PrimaryEndpoint: provisioned ? { Address: address, Port: rg.primaryEndpointPort! } : undefined,
        ReaderEndpoint: provisioned ? { Address: address, Port: rg.readerEndpointPort! } : undefined,
        NodeGroupMembers: rg.members
          .map((id) => byId.get(id))
          .filter((m): m is CacheClusterRecord => m !== undefined)
          .map((m) => {
            const node = m.nodes[0];
            return {
              CacheClusterId: m.id,
              CacheNodeId: node.id,
              ReadEndpoint: node.port === null ? undefined : { Address: node.address ?? address, Port: node.port },
              PreferredAvailabilityZone: node.availabilityZone,
              CurrentRole: m.id === rg.primaryClusterId ? 'primary' : 'replica',
            };
          }),
      },
    ],
    SnapshottingClusterId: rg.snapshottingClusterId,
    AutomaticFailover: rg.automaticFailover,
    MultiAZ: rg.multiAZ ? 'enabled' : 'disabled',
    SnapshotRetentionLimit: rg.snapshotRetentionLimit,
    SnapshotWindow: rg.snapshotWindow,
    ClusterEnabled: false,
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
    ClusterMode: 'disabled',
    Engine: rg.engine,
  };
}
