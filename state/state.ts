import { CacheClusterStore } from './cache-clusters.ts';
import { openDatabase, type Db } from './database.ts';
import { DocumentStore } from './document-store.ts';
import { EventStore } from './events.ts';
import type { CacheParameterGroupRecord } from './parameter-groups.ts';
import { PortStore } from './ports.ts';
import { ReplicationGroupStore } from './replication-groups.ts';
import type { CacheSubnetGroupRecord } from './subnet-groups.ts';
import { TagStore } from './tags.ts';

export interface StateOptions {
  /** Directory holding state.sqlite; null keeps everything in memory. */
  dataDir: string | null;
  portRange: { first: number; last: number };
}

/** The emulator's persistent state: one SQLite database and a store per resource family. */
export class State {
  readonly db: Db;
  readonly cacheClusters: CacheClusterStore;
  readonly events: EventStore;
  readonly tags: TagStore;
  readonly ports: PortStore;
  readonly replicationGroups: ReplicationGroupStore;
  readonly subnetGroups: DocumentStore<CacheSubnetGroupRecord>;
  readonly parameterGroups: DocumentStore<CacheParameterGroupRecord>;

  constructor(options: StateOptions) {
    this.db = openDatabase(options.dataDir);
    this.cacheClusters = new CacheClusterStore(this.db);
    this.events = new EventStore(this.db);
    this.tags = new TagStore(this.db);
    this.ports = new PortStore(this.db, options.portRange);
    this.replicationGroups = new ReplicationGroupStore(this.db);
    this.subnetGroups = new DocumentStore(this.db, { table: 'cache_subnet_groups', key: 'name' });
    this.parameterGroups = new DocumentStore(this.db, { table: 'cache_parameter_groups', key: 'name' });
  }

  /** Runs fn in one SQLite transaction: every state change is all-or-nothing. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Removes every resource (the reset endpoint); the schema stays. */
  wipe(): void {
    this.transaction(() => {
      for (const table of ['cache_clusters', 'replication_groups', 'cache_subnet_groups', 'cache_parameter_groups', 'port_allocations', 'tags', 'events']) this.db.exec(`DELETE FROM ${table}`);
    });
    for (const store of [this.cacheClusters, this.replicationGroups, this.subnetGroups, this.parameterGroups]) store.invalidate();
  }

  counts(): Record<string, number> {
    return {
      cacheClusters: this.cacheClusters.count(),
      replicationGroups: this.replicationGroups.count(),
      cacheSubnetGroups: this.subnetGroups.count(),
      cacheParameterGroups: this.parameterGroups.count(),
    };
  }

  close(): void {
    this.db.close();
  }
}
