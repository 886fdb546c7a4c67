import initial from './001-initial.ts';

/**
 * The schema's history, oldest first: each migration runs once, in order, in its own
 * transaction, and is recorded in schema_migrations. Never edit one that has shipped: add the next.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [{ version: 1, name: '001-initial', sql: initial }];
