/** The first schema. */
export default `
-- Resources are rows keyed by (account, region, id) with their attributes as a JSON document:
-- ElastiCache resources have many optional attributes and the document keeps them together.
CREATE TABLE cache_clusters (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  id TEXT NOT NULL,
  status TEXT NOT NULL,
  replication_group_id TEXT,
  created_at INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (account, region, id)
);

-- Ports handed to cache nodes; kept so a node comes back on the same port after a restart.
CREATE TABLE port_allocations (
  port INTEGER PRIMARY KEY,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  owner TEXT NOT NULL
);

CREATE TABLE tags (
  arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (arn, key)
);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  source_identifier TEXT NOT NULL,
  source_type TEXT NOT NULL,
  message TEXT NOT NULL,
  date INTEGER NOT NULL
);
CREATE INDEX events_by_scope ON events (account, region, date);
`;
