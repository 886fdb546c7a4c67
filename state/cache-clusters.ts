import type { Db } from './database.ts';
import { DocumentStore } from './document-store.ts';

export type CacheClusterStatus =
  | 'creating'
  | 'available'
  | 'modifying'
  | 'deleting'
  | 'deleted'
  | 'rebooting cache cluster nodes'
  | 'snapshotting'
  | 'incompatible-network'
  | 'restore-failed';

export interface CacheNodeRecord {
  id: string;
  status: 'creating' | 'available' | 'rebooting' | 'deleting';
  /** Port the node listens on; allocated when the node is provisioned. */
  port: number | null;
  address: string | null;
  availabilityZone: string;
  createdAt: number | null;
}

/** A cache cluster as the emulator stores it (times in ms since the epoch). */
export interface CacheClusterRecord {
  account: string;
  region: string;
  id: string;
  arn: string;
  status: CacheClusterStatus;
  engine: 'redis' | 'valkey' | 'memcached';
  engineVersion: string;
  cacheNodeType: string;
  numCacheNodes: number;
  port: number;
  preferredAvailabilityZone: string;
  preferredMaintenanceWindow: string;
  cacheParameterGroupName: string;
  cacheSubnetGroupName?: string;
  securityGroupIds: string[];
  cacheSecurityGroupNames: string[];
  snapshotRetentionLimit: number;
  snapshotWindow?: string;
  autoMinorVersionUpgrade: boolean;
  transitEncryptionEnabled: boolean;
  atRestEncryptionEnabled: boolean;
  authTokenEnabled: boolean;
  networkType: string;
  ipDiscovery: string;
  notificationTopicArn?: string;
  replicationGroupId?: string;
  /** Injected latency on the node's client connections (ms; the connection-latency fault). */
  connectionLatencyMs?: number;
  createdAt: number;
  nodes: CacheNodeRecord[];
}

/** Cache clusters by id; status and group are columns as well, for SQL filters. */
export class CacheClusterStore extends DocumentStore<CacheClusterRecord> {
  constructor(db: Db) {
    super(db, { table: 'cache_clusters', key: 'id', columns: { status: (r) => r.status, replication_group_id: (r) => r.replicationGroupId ?? null } });
  }
}
