import type { Db } from './database.ts';

/** What every stored resource carries besides its attributes. */
export interface ScopedRecord {
  account: string;
  region: string;
  createdAt: number;
}

/** A resource looked up by name (subnet groups, parameter groups). */
export interface NamedRecord extends ScopedRecord {
  name: string;
}

export interface DocumentTable<T> {
  /** One of the migrations' table names, never input. */
  table: string;
  /** The record field (and column) that identifies a resource within its account and region. */
  key: 'id' | 'name';
  /** Columns kept beside the document so SQL can filter on them. */
  columns?: Record<string, (r: T) => string | number | null>;
}

/**
 * Rows keyed by (account, region, key) holding a resource as a JSON document: ElastiCache
 * resources have many optional attributes and the document keeps them together. Callers wrap
 * multi-step changes in State.transaction.
 *
 * list() keeps what it read per account and region until the next write through this store or
 * invalidate(): Describe* calls are the hot path, and a SQLite query plus a JSON.parse per record
 * on every call was a tenth of their time. Nothing is kept from inside a transaction, which may
 * yet roll back.
 */
export class DocumentStore<T extends ScopedRecord> {
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly getStmt;
  private readonly listStmt;
  private readonly allStmt;
  private readonly deleteStmt;
  private readonly countInStmt;
  private readonly countStmt;
  private readonly row: (r: T) => Record<string, unknown>;
  private readonly lists = new Map<string, T[]>();

  constructor(
    private readonly db: Db,
    spec: DocumentTable<T>,
  ) {
    const { table, key } = spec;
    const extra = Object.entries(spec.columns ?? {});
    const names = ['account', 'region', key, 'created_at', 'doc', ...extra.map(([c]) => c)];
    const params = ['@account', '@region', '@key', '@createdAt', '@doc', ...extra.map(([c]) => `@${c}`)];
    const sets = ['doc = @doc', ...extra.map(([c]) => `${c} = @${c}`)];
    this.insertStmt = db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${params.join(', ')})`);
    this.updateStmt = db.prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE account = @account AND region = @region AND ${key} = @key`);
    this.getStmt = db.prepare(`SELECT doc FROM ${table} WHERE account = ? AND region = ? AND ${key} = ?`).pluck();
    this.listStmt = db.prepare(`SELECT doc FROM ${table} WHERE account = ? AND region = ? ORDER BY created_at, ${key}`).pluck();
    this.allStmt = db.prepare(`SELECT doc FROM ${table} ORDER BY created_at, ${key}`).pluck();
    this.deleteStmt = db.prepare(`DELETE FROM ${table} WHERE account = ? AND region = ? AND ${key} = ?`);
    this.countInStmt = db.prepare(`SELECT count(*) FROM ${table} WHERE account = ? AND region = ?`).pluck();
    this.countStmt = db.prepare(`SELECT count(*) FROM ${table}`).pluck();
    this.row = (r) => {
      const out: Record<string, unknown> = {
        account: r.account,
        region: r.region,
        key: (r as unknown as Record<string, string>)[key],
        createdAt: r.createdAt,
        doc: JSON.stringify(r),
      };
      for (const [c, f] of extra) out[c] = f(r);
      return out;
    };
  }

  insert(r: T): void {
    this.lists.clear();
    this.insertStmt.run(this.row(r));
  }

  update(r: T): void {
    this.lists.clear();
    this.updateStmt.run(this.row(r));
  }

  get(account: string, region: string, key: string): T | undefined {
    const doc = this.getStmt.get(account, region, key) as string | undefined;
    return doc === undefined ? undefined : (JSON.parse(doc) as T);
  }

  /**
   * Oldest first. The records are shared between calls and frozen: change a copy (get() returns
   * one) and write it back with update().
   */
  list(account: string, region: string): T[] {
    const scope = `${account}/${region}`;
    let records = this.lists.get(scope);
    if (!records) {
      records = (this.listStmt.all(account, region) as string[]).map((d) => deepFreeze(JSON.parse(d) as T));
      if (!this.db.inTransaction) this.lists.set(scope, records);
    }
    return records.slice();
  }

  /** Every record of every account and region (the provisioner's view at start-up). */
  all(): T[] {
    return (this.allStmt.all() as string[]).map((d) => JSON.parse(d) as T);
  }

  delete(account: string, region: string, key: string): void {
    this.lists.clear();
    this.deleteStmt.run(account, region, key);
  }

  /** Forgets what list() kept, after rows changed behind this store (State.wipe). */
  invalidate(): void {
    this.lists.clear();
  }

  /** How many one account has in one region (the per-region quotas). */
  countIn(account: string, region: string): number {
    return this.countInStmt.get(account, region) as number;
  }

  count(): number {
    return this.countStmt.get() as number;
  }
}

function deepFreeze<V>(value: V): V {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
