import type { Db } from './database.ts';

/** What every named resource row carries besides its attributes. */
export interface NamedRecord {
  account: string;
  region: string;
  name: string;
  createdAt: number;
}

/**
 * Rows keyed by (account, region, name) holding a resource as a JSON document, for resources
 * looked up by name only (subnet groups, parameter groups). Callers wrap multi-step changes in
 * State.transaction.
 */
export class DocumentStore<T extends NamedRecord> {
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly getStmt;
  private readonly listStmt;
  private readonly deleteStmt;
  private readonly countInStmt;
  private readonly countStmt;

  /** table is one of this module's own table names, never input. */
  constructor(db: Db, table: string) {
    this.insertStmt = db.prepare(`INSERT INTO ${table} (account, region, name, created_at, doc) VALUES (@account, @region, @name, @createdAt, @doc)`);
    this.updateStmt = db.prepare(`UPDATE ${table} SET doc = @doc WHERE account = @account AND region = @region AND name = @name`);
    this.getStmt = db.prepare(`SELECT doc FROM ${table} WHERE account = ? AND region = ? AND name = ?`).pluck();
    this.listStmt = db.prepare(`SELECT doc FROM ${table} WHERE account = ? AND region = ? ORDER BY created_at, name`).pluck();
    this.deleteStmt = db.prepare(`DELETE FROM ${table} WHERE account = ? AND region = ? AND name = ?`);
    this.countInStmt = db.prepare(`SELECT count(*) FROM ${table} WHERE account = ? AND region = ?`).pluck();
    this.countStmt = db.prepare(`SELECT count(*) FROM ${table}`).pluck();
  }

  insert(r: T): void {
    this.insertStmt.run(row(r));
  }

  update(r: T): void {
    this.updateStmt.run(row(r));
  }

  get(account: string, region: string, name: string): T | undefined {
    const doc = this.getStmt.get(account, region, name) as string | undefined;
    return doc === undefined ? undefined : (JSON.parse(doc) as T);
  }

  /** Oldest first. */
  list(account: string, region: string): T[] {
    return (this.listStmt.all(account, region) as string[]).map((d) => JSON.parse(d) as T);
  }

  delete(account: string, region: string, name: string): void {
    this.deleteStmt.run(account, region, name);
  }

  /** How many one account has in one region (the per-region quotas). */
  countIn(account: string, region: string): number {
    return this.countInStmt.get(account, region) as number;
  }

  count(): number {
    return this.countStmt.get() as number;
  }
}

function row(r: NamedRecord) {
  return { account: r.account, region: r.region, name: r.name, createdAt: r.createdAt, doc: JSON.stringify(r) };
}
