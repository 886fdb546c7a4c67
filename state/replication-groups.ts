import type { Db } from './database.ts';
import { DocumentStore } from './document-store.ts';
import type { NodeGroupRecord } from './node-groups.ts';

export type ReplicationGroupStatus = 'creating' | 'available' | 'modifying' | 'deleting' | 'create-failed' | 'snapshotting';

/** A replication group as stored; its members are cache_clusters rows with replicationGroupId set. */
export interface ReplicationGroupRecord {
  account: string;
  region: string;
  id: string;
  arn: string;
  description: string;
  status: ReplicationGroupStatus;
  engine: 'redis' | 'valkey';
  engineVersion: string;
  cacheNodeType: string;
  port: number;
  cacheParameterGroupName: string;
  cacheSubnetGroupName?: string;
  securityGroupIds: string[];
  automaticFailover: 'enabled' | 'disabled' | 'enabling' | 'disabling';
  multiAZ: boolean;
  snapshotRetentionLimit: number;
  snapshotWindow: string;
  snapshottingClusterId?: string;
  preferredMaintenanceWindow: string;
  transitEncryptionEnabled: boolean;
  atRestEncryptionEnabled: boolean;
  authTokenEnabled: boolean;
  autoMinorVersionUpgrade: boolean;
  networkType: string;
  ipDiscovery: string;
  /** Member cluster ids in creation order. */
  members: string[];
  primaryClusterId: string;
  /** Next member sequence number (<id>-00N). */
  nextMember: number;
  /** Ports of the primary and reader endpoint listeners; allocated when the group is provisioned. */
  primaryEndpointPort: number | null;
  readerEndpointPort: number | null;
  /** Injected replication lag for tests of stale reads (ms). */
  replicationLagMs: number;
  createdAt: number;
  /**
   * Cluster mode enabled (ClusterEnabled): the group's shards are nodeGroups, members is every
   * member of every shard, primaryClusterId is unused and the configuration endpoint replaces
   * the primary and reader endpoints. Absent on cluster-mode-disabled groups.
   */
  clusterEnabled?: boolean;
  clusterMode?: 'enabled' | 'compatible';
  nodeGroups?: NodeGroupRecord[];
  /** Next node group number ("000N") for shards added later. */
  nextNodeGroup?: number;
  configurationEndpointPort?: number | null;
  /** Resharding in progress: share of the slots to move that have moved (0-100). */
  reshardingProgress?: number;
  /**
   * ModifyReplicationGroup ClusterMode accepted and not yet applied (the provisioner applies it
   * when it takes the change up). Compatible keeps the primary and reader endpoints beside the
   * configuration endpoint, for a single shard holding every slot.
   */
  pendingClusterMode?: 'enabled' | 'compatible' | 'disabled';
  /** The parameter group the group had with cluster mode disabled, restored if it goes back from compatible. */
  disabledParameterGroupName?: string;
}

/** Replication groups by id; status is a column as well. */
export class ReplicationGroupStore extends DocumentStore<ReplicationGroupRecord> {
  constructor(db: Db) {
    super(db, { table: 'replication_groups', key: 'id', columns: { status: (r) => r.status } });
  }
}
