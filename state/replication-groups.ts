import type { Db } from './database.ts';
import { DocumentStore } from './document-store.ts';

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
}

/** Replication groups by id; status is a column as well. */
export class ReplicationGroupStore extends DocumentStore<ReplicationGroupRecord> {
  constructor(db: Db) {
    super(db, { table: 'replication_groups', key: 'id', columns: { status: (r) => r.status } });
  }
}
