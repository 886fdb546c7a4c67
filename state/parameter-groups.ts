import type { NamedRecord } from './document-store.ts';

/** A cache parameter group the user created (the `default.*` groups are derived, never stored). */
export interface CacheParameterGroupRecord extends NamedRecord {
  arn: string;
  family: string;
  description: string;
  /** Parameters set by ModifyCacheParameterGroup; every other parameter has the family default. */
  values: Record<string, string>;
}
