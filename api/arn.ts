import { partitionOf } from './catalog/regions.ts';

/** arn:<partition>:elasticache:<region>:<account>:<kind>:<id> (kind: cluster, replicationgroup, ...). */
export function arnOf(ctx: { account: string; region: string }, kind: string, id: string): string {
  return `arn:${partitionOf(ctx.region)}:elasticache:${ctx.region}:${ctx.account}:${kind}:${id}`;
}
