import type { Db } from './database.ts';

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

export class ReplicationGroupStore {
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly getStmt;
  private readonly listStmt;
  private readonly deleteStmt;
  private readonly allStmt;
  private readonly countStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      'INSERT INTO replication_groups (account, region, id, status, created_at, doc) VALUES (@account, @region, @id, @status, @createdAt, @doc)',
    );
    this.updateStmt = db.prepare('UPDATE replication_groups SET status = @status, doc = @doc WHERE account = @account AND region = @region AND id = @id');
    this.getStmt = db.prepare('SELECT doc FROM replication_groups WHERE account = ? AND region = ? AND id = ?').pluck();
    this.listStmt = db.prepare('SELECT doc FROM replication_groups WHERE account = ? AND region = ? ORDER BY created_at, id').pluck();
    this.deleteStmt = db.prepare('DELETE FROM replication_groups WHERE account = ? AND region = ? AND id = ?');
    this.allStmt = db.prepare('SELECT doc FROM replication_groups ORDER BY created_at, id').pluck();
    this.countStmt = db.prepare('SELECT count(*) FROM replication_groups').pluck();
  }

  insert(r: ReplicationGroupRecord): void {
    this.insertStmt.run(row(r));
  }

  update(r: ReplicationGroupRecord): void {
    this.updateStmt.run(row(r));
  }

  get(account: string, region: string, id: string): ReplicationGroupRecord | undefined {
    const doc = this.getStmt.get(account, region, id) as string | undefined;
    return doc === undefined ? undefined : (JSON.parse(doc) as ReplicationGroupRecord);
  }

  list(account: string, region: string): ReplicationGroupRecord[] {
    return (this.listStmt.all(account, region) as string[]).map((d) => JSON.parse(d) as ReplicationGroupRecord);
  }

  all(): ReplicationGroupRecord[] {
    return (this.allStmt.all() as string[]).map((d) => JSON.parse(d) as ReplicationGroupRecord);
  }

  delete(account: string, region: string, id: string): void {
    this.deleteStmt.run(account, region, id);
  }

  count(): number {
    return this.countStmt.get() as number;
  }
}

function row(r: ReplicationGroupRecord) {
  return { account: r.account, region: r.region, id: r.id, status: r.status, createdAt: r.createdAt, doc: JSON.stringify(r) };
}
