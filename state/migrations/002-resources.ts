/** Cache subnet groups and cache parameter groups the user creates (defaults are derived, not stored). */
export default `
CREATE TABLE cache_subnet_groups (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (account, region, name)
);

CREATE TABLE cache_parameter_groups (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (account, region, name)
);
`;
