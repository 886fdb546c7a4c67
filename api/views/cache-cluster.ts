import type { CacheClusterRecord } from '../../state/cache-clusters.ts';
import type { EndpointHosts } from '../../provisioner/endpoint-hosts.ts';
import type { CacheCluster } from '../model/generated/types.ts';

/**
 * A stored cluster as DescribeCacheClusters shows it. Node details appear only with
 * ShowCacheNodeInfo, and not while the cluster is being created or deleted (AWS's visibility rules).
 */
export function cacheClusterView(r: CacheClusterRecord, showNodeInfo: boolean, hosts: EndpointHosts): CacheCluster {
  const nodesVisible = showNodeInfo && r.status !== 'creating' && r.status !== 'deleting';
  return {
    CacheClusterId: r.id,
    ClientDownloadLandingPage: 'https://console.aws.amazon.com/elasticache/home#client-download:',
    CacheNodeType: r.cacheNodeType,
    Engine: r.engine,
    EngineVersion: r.engineVersion,
    CacheClusterStatus: r.status,
    NumCacheNodes: r.numCacheNodes,
    PreferredAvailabilityZone: r.preferredAvailabilityZone,
    CacheClusterCreateTime: r.status === 'creating' ? undefined : new Date(r.createdAt),
    PreferredMaintenanceWindow: r.preferredMaintenanceWindow,
    PendingModifiedValues: {},
    NotificationConfiguration: r.notificationTopicArn ? { TopicArn: r.notificationTopicArn, TopicStatus: 'active' } : undefined,
    CacheSecurityGroups: r.cacheSecurityGroupNames.map((name) => ({ CacheSecurityGroupName: name, Status: 'active' })),
    CacheParameterGroup: {
      CacheParameterGroupName: r.cacheParameterGroupName,
      ParameterApplyStatus: 'in-sync',
      CacheNodeIdsToReboot: [],
    },
    CacheSubnetGroupName: r.cacheSubnetGroupName,
    CacheNodes: nodesVisible
      ? r.nodes.map((n) => ({
          CacheNodeId: n.id,
          CacheNodeStatus: n.status,
          CacheNodeCreateTime: n.createdAt === null ? undefined : new Date(n.createdAt),
          Endpoint: n.port === null ? undefined : { Address: hosts.node(r, n), Port: n.port },
          ParameterGroupStatus: 'in-sync',
          CustomerAvailabilityZone: n.availabilityZone,
        }))
      : undefined,
    AutoMinorVersionUpgrade: r.autoMinorVersionUpgrade,
    SecurityGroups: r.securityGroupIds.map((id) => ({ SecurityGroupId: id, Status: 'active' })),
    ReplicationGroupId: r.replicationGroupId,
    SnapshotRetentionLimit: r.snapshotRetentionLimit,
    SnapshotWindow: r.snapshotWindow,
    AuthTokenEnabled: r.authTokenEnabled,
    TransitEncryptionEnabled: r.transitEncryptionEnabled,
    AtRestEncryptionEnabled: r.atRestEncryptionEnabled,
    ARN: r.arn,
    ReplicationGroupLogDeliveryEnabled: false,
    LogDeliveryConfigurations: [],
    NetworkType: r.networkType,
    IpDiscovery: r.ipDiscovery,
  };
}
