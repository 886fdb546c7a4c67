import type { NamedRecord } from './document-store.ts';

/** A cache subnet group the user created (the `default` group is derived, never stored). */
export interface CacheSubnetGroupRecord extends NamedRecord {
  arn: string;
  description: string;
  vpcId: string;
  /** In the order the user gave them. */
  subnets: Array<{ id: string; availabilityZone: string }>;
}
