import initial from './001-initial.ts';
import resources from './002-resources.ts';
import replicationGroups from './003-replication-groups.ts';

/**
 * The schema's history, oldest first: each migration runs once, in order, in its own
 * transaction, and is recorded in schema_migrations. Never edit one that has shipped: add the next.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: '001-initial', sql: initial },
  { version: 2, name: '002-resources', sql: resources },
  { version: 3, name: '003-replication-groups', sql: replicationGroups },
];
