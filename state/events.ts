import type { Db } from './database.ts';

export type EventSourceType =
  | 'cache-cluster'
  | 'cache-parameter-group'
  | 'cache-security-group'
  | 'cache-subnet-group'
  | 'replication-group'
  | 'serverless-cache'
  | 'serverless-cache-snapshot'
  | 'user'
  | 'user-group';

export interface EventRecord {
  sourceIdentifier: string;
  sourceType: EventSourceType;
  message: string;
  date: number;
}

export interface EventQuery {
  sourceIdentifier?: string;
  sourceType?: EventSourceType;
  start: number;
  end: number;
}

/** The DescribeEvents log: every visible lifecycle step appends one row. */
export class EventStore {
  private readonly insertStmt;
  private readonly queryStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      'INSERT INTO events (account, region, source_identifier, source_type, message, date) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.queryStmt = db.prepare(
      `SELECT source_identifier AS sourceIdentifier, source_type AS sourceType, message, date FROM events
       WHERE account = @account AND region = @region AND date >= @start AND date <= @end
         AND (@sourceIdentifier IS NULL OR source_identifier = @sourceIdentifier)
         AND (@sourceType IS NULL OR source_type = @sourceType)
       ORDER BY date DESC, seq DESC`,
    );
  }

  add(account: string, region: string, e: EventRecord): void {
    this.insertStmt.run(account, region, e.sourceIdentifier, e.sourceType, e.message, e.date);
  }

  query(account: string, region: string, q: EventQuery): EventRecord[] {
    return this.queryStmt.all({
      account,
      region,
      start: q.start,
      end: q.end,
      sourceIdentifier: q.sourceIdentifier ?? null,
      sourceType: q.sourceType ?? null,
    }) as EventRecord[];
  }
}
