import type { Db } from './database.ts';

export interface TagRecord {
  key: string;
  value: string;
}

/** Tags by resource ARN, in the order they were added. */
export class TagStore {
  private readonly listStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly deleteAllStmt;
  private readonly maxPosStmt;

  constructor(private readonly db: Db) {
    this.listStmt = db.prepare('SELECT key, value FROM tags WHERE arn = ? ORDER BY position');
    this.upsertStmt = db.prepare(
      'INSERT INTO tags (arn, key, value, position) VALUES (?, ?, ?, ?) ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value',
    );
    this.deleteStmt = db.prepare('DELETE FROM tags WHERE arn = ? AND key = ?');
    this.deleteAllStmt = db.prepare('DELETE FROM tags WHERE arn = ?');
    this.maxPosStmt = db.prepare('SELECT coalesce(max(position), 0) FROM tags WHERE arn = ?').pluck();
  }

  list(arn: string): TagRecord[] {
    return this.listStmt.all(arn) as TagRecord[];
  }

  add(arn: string, tags: TagRecord[]): void {
    let pos = this.maxPosStmt.get(arn) as number;
    for (const t of tags) this.upsertStmt.run(arn, t.key, t.value, ++pos);
  }

  remove(arn: string, keys: string[]): void {
    for (const k of keys) this.deleteStmt.run(arn, k);
  }

  removeAll(arn: string): void {
    this.deleteAllStmt.run(arn);
  }
}
