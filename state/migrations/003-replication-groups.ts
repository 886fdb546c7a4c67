/** Replication groups (cluster mode disabled); their member clusters live in cache_clusters. */
export default `
CREATE TABLE replication_groups (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  id TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (account, region, id)
);
`;
