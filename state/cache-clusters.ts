import type { Db } from './database.ts';

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
  createdAt: number;
  nodes: CacheNodeRecord[];
}

/** CRUD for cache clusters; callers wrap multi-step changes in State.transaction. */
export class CacheClusterStore {
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly getStmt;
  private readonly listStmt;
  private readonly deleteStmt;
  private readonly allStmt;
  private readonly countStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      'INSERT INTO cache_clusters (account, region, id, status, replication_group_id, created_at, doc) VALUES (@account, @region, @id, @status, @replicationGroupId, @createdAt, @doc)',
    );
    this.updateStmt = db.prepare(
      'UPDATE cache_clusters SET status = @status, replication_group_id = @replicationGroupId, doc = @doc WHERE account = @account AND region = @region AND id = @id',
    );
    this.getStmt = db.prepare('SELECT doc FROM cache_clusters WHERE account = ? AND region = ? AND id = ?').pluck();
    this.listStmt = db.prepare('SELECT doc FROM cache_clusters WHERE account = ? AND region = ? ORDER BY created_at, id').pluck();
    this.deleteStmt = db.prepare('DELETE FROM cache_clusters WHERE account = ? AND region = ? AND id = ?');
    this.allStmt = db.prepare('SELECT doc FROM cache_clusters ORDER BY created_at, id').pluck();
    this.countStmt = db.prepare('SELECT count(*) FROM cache_clusters').pluck();
  }

  insert(r: CacheClusterRecord): void {
    this.insertStmt.run(row(r));
  }

  update(r: CacheClusterRecord): void {
    this.updateStmt.run(row(r));
  }

  get(account: string, region: string, id: string): CacheClusterRecord | undefined {
    const doc = this.getStmt.get(account, region, id) as string | undefined;
    return doc === undefined ? undefined : (JSON.parse(doc) as CacheClusterRecord);
  }

  list(account: string, region: string): CacheClusterRecord[] {
    return (this.listStmt.all(account, region) as string[]).map((d) => JSON.parse(d) as CacheClusterRecord);
  }

  /** Every cluster of every account and region (the provisioner's view at start-up). */
  all(): CacheClusterRecord[] {
    return (this.allStmt.all() as string[]).map((d) => JSON.parse(d) as CacheClusterRecord);
  }

  delete(account: string, region: string, id: string): void {
    this.deleteStmt.run(account, region, id);
  }

  count(): number {
    return this.countStmt.get() as number;
  }
}

function row(r: CacheClusterRecord) {
  return {
    account: r.account,
    region: r.region,
    id: r.id,
    status: r.status,
    replicationGroupId: r.replicationGroupId ?? null,
    createdAt: r.createdAt,
    doc: JSON.stringify(r),
  };
}
