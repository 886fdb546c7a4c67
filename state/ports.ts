import type { Db } from './database.ts';

/**
 * Ports for cache nodes, from a configured range. A node keeps its port for life, so endpoints
 * stay the same across emulator restarts.
 */
export class PortStore {
  private readonly usedStmt;
  private readonly insertStmt;
  private readonly releaseStmt;
  private readonly ownerStmt;

  constructor(
    db: Db,
    private readonly range: { first: number; last: number },
  ) {
    this.usedStmt = db.prepare('SELECT port FROM port_allocations WHERE port BETWEEN ? AND ?').pluck();
    this.insertStmt = db.prepare('INSERT INTO port_allocations (port, account, region, owner) VALUES (?, ?, ?, ?)');
    this.releaseStmt = db.prepare('DELETE FROM port_allocations WHERE account = ? AND region = ? AND owner = ?');
    this.ownerStmt = db.prepare('SELECT port FROM port_allocations WHERE account = ? AND region = ? AND owner = ?').pluck();
  }

  /**
   * Reserves the lowest free port of the range for owner (e.g. "cluster:my-cluster/0001") that
   * `isFree` accepts (the caller checks the OS can bind it). Returns null when none is left.
   */
  allocate(account: string, region: string, owner: string, isFree: (port: number) => boolean): number | null {
    const existing = this.ownerStmt.get(account, region, owner) as number | undefined;
    if (existing !== undefined) return existing;
    const used = new Set(this.usedStmt.all(this.range.first, this.range.last) as number[]);
    for (let p = this.range.first; p <= this.range.last; p++) {
      if (used.has(p) || !isFree(p)) continue;
      this.insertStmt.run(p, account, region, owner);
      return p;
    }
    return null;
  }

  release(account: string, region: string, owner: string): void {
    this.releaseStmt.run(account, region, owner);
  }
}
