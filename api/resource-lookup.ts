import { findParameterGroup } from './handlers/parameter-groups.ts';
import { findReplicationGroup } from './handlers/replication-groups.ts';
import { findSubnetGroup } from './handlers/subnet-groups.ts';
import type { HandlerContext } from './handler-types.ts';
import type { AwsFault } from './protocol/aws-fault.ts';
import {
  CacheClusterNotFoundFault,
  CacheParameterGroupNotFoundFault,
  CacheSecurityGroupNotFoundFault,
  CacheSubnetGroupNotFoundFault,
  InvalidARNFault,
  InvalidReplicationGroupStateFault,
  ReplicationGroupNotFoundFault,
  ReservedCacheNodeNotFoundFault,
  ServerlessCacheNotFoundFault,
  ServerlessCacheSnapshotNotFoundFault,
  SnapshotNotFoundFault,
  UserGroupNotFoundFault,
  UserNotFoundFault,
} from './model/generated/faults.ts';

/** A resource named by an ARN, as the tagging operations address it. */
export interface TaggableResource {
  /** The resource's own ARN (its id as stored, lower-case). */
  arn: string;
  /** ARNs that follow its tags: a replication group's tags reach its member clusters. */
  members: string[];
}

const ARN = /^arn:(aws|aws-cn|aws-us-gov):elasticache:([a-z0-9-]*):(\d{12})?:([a-z-]+):(.+)$/;

/** The NotFound fault of each taggable kind. */
function notFound(kind: string, id: string): AwsFault {
  switch (kind) {
    case 'cluster':
      return new CacheClusterNotFoundFault(`CacheCluster not found: ${id}`);
    case 'replicationgroup':
      return new ReplicationGroupNotFoundFault(`ReplicationGroup ${id} not found`);
    case 'parametergroup':
      return new CacheParameterGroupNotFoundFault(`CacheParameterGroup not found: ${id}`);
    case 'subnetgroup':
      return new CacheSubnetGroupNotFoundFault(`Cache subnet group ${id} not found.`);
    case 'securitygroup':
      return new CacheSecurityGroupNotFoundFault(`CacheSecurityGroup not found: ${id}`);
    case 'snapshot':
      return new SnapshotNotFoundFault(`Snapshot ${id} not found.`);
    case 'user':
      return new UserNotFoundFault(`User ${id} not found.`);
    case 'usergroup':
      return new UserGroupNotFoundFault(`User group ${id} not found.`);
    case 'reserved-instance':
      return new ReservedCacheNodeNotFoundFault(`Reserved cache node ${id} not found.`);
    case 'serverlesscache':
      return new ServerlessCacheNotFoundFault(`Serverless cache ${id} not found.`);
    case 'serverlesscachesnapshot':
      return new ServerlessCacheSnapshotNotFoundFault(`Serverless cache snapshot ${id} not found.`);
    default:
      return new InvalidARNFault(`The ARN does not name a taggable ElastiCache resource: unknown resource type ${kind}.`);
  }
}

/**
 * The resource an ElastiCache ARN names, in the caller's account and region; one of another
 * account or region is not found, as on AWS. A malformed ARN, or a kind that cannot be tagged,
 * is InvalidARN; an unknown resource is its kind's NotFound fault.
 */
export function taggableResource(ctx: HandlerContext, arn: string): TaggableResource {
  const m = ARN.exec(arn);
  if (!m) throw new InvalidARNFault(`The ARN ${arn} is not a valid ElastiCache resource ARN.`);
  const [, , region, account, kind, rawId] = m;
  if (kind === 'globalreplicationgroup') throw new InvalidARNFault(`Global datastores cannot be tagged: ${arn}`);
  const id = rawId.toLowerCase();
  if (region !== ctx.region || account !== ctx.account) throw notFound(kind, id);
  switch (kind) {
    case 'cluster': {
      const cluster = ctx.state.cacheClusters.get(ctx.account, ctx.region, id);
      if (!cluster) throw notFound(kind, id);
      return { arn: cluster.arn, members: [] };
    }
    case 'replicationgroup': {
      const rg = findReplicationGroup(ctx, id);
      if (rg.status !== 'available') throw new InvalidReplicationGroupStateFault('Cluster not in available state to perform tagging operations.');
      const members = rg.members.map((member) => ctx.state.cacheClusters.get(ctx.account, ctx.region, member)?.arn);
      return { arn: rg.arn, members: members.filter((a): a is string => a !== undefined) };
    }
    case 'parametergroup':
      return { arn: findParameterGroup(ctx, id).arn, members: [] };
    case 'subnetgroup':
      return { arn: findSubnetGroup(ctx, id).arn, members: [] };
    default:
      // Kinds with no resources here yet (snapshots, users, ...): every id is unknown.
      throw notFound(kind, id);
  }
}
