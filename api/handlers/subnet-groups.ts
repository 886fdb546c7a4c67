import type { CacheSubnetGroupRecord } from '../../state/subnet-groups.ts';
import { arnOf } from '../arn.ts';
import { defaultSubnets, defaultVpcId, isSubnetId, subnetAvailabilityZone } from '../catalog/vpc.ts';
import type { HandlerContext, HandlerTable } from '../handler-types.ts';
import {
  CacheSubnetGroupAlreadyExistsFault,
  CacheSubnetGroupInUse,
  CacheSubnetGroupNotFoundFault,
  CacheSubnetGroupQuotaExceededFault,
  CacheSubnetQuotaExceededFault,
  InvalidParameterValueException,
  SubnetInUse,
} from '../model/generated/faults.ts';
import { identifier, maxRecords, paginate, tags } from '../validation.ts';
import { cacheSubnetGroupView } from '../views/cache-subnet-group.ts';

export const DEFAULT_SUBNET_GROUP = 'default';
const MAX_NAME = 255;
const MAX_SUBNETS = 20;
const MAX_GROUPS = 300;

/** Every account+region has a `default` group over its default VPC's subnets, one per AZ. */
function defaultSubnetGroup(ctx: HandlerContext): CacheSubnetGroupRecord {
  return {
    account: ctx.account,
    region: ctx.region,
    name: DEFAULT_SUBNET_GROUP,
    arn: arnOf(ctx, 'subnetgroup', DEFAULT_SUBNET_GROUP),
    description: 'Default CacheSubnetGroup',
    vpcId: defaultVpcId(ctx.account, ctx.region),
    subnets: defaultSubnets(ctx.account, ctx.region),
    createdAt: 0,
  };
}

export function findSubnetGroup(ctx: HandlerContext, rawName: string): CacheSubnetGroupRecord {
  const name = rawName.toLowerCase();
  const group = name === DEFAULT_SUBNET_GROUP ? defaultSubnetGroup(ctx) : ctx.state.subnetGroups.get(ctx.account, ctx.region, name);
  if (!group) throw new CacheSubnetGroupNotFoundFault(`Cache subnet group ${name} not found.`);
  return group;
}

/** The AZs a group's subnets cover, in zone order. */
export function subnetGroupZones(group: CacheSubnetGroupRecord): string[] {
  return [...new Set(group.subnets.map((s) => s.availabilityZone))].sort();
}

/**
 * Whether a cache cluster or replication group uses the group. Resources that name none are in
 * `default`, as in a VPC account.
 */
export function subnetGroupInUse(ctx: HandlerContext, name: string): boolean {
  const uses = (r: { cacheSubnetGroupName?: string }) => (r.cacheSubnetGroupName ?? DEFAULT_SUBNET_GROUP) === name;
  return ctx.state.cacheClusters.list(ctx.account, ctx.region).some(uses) || ctx.state.replicationGroups.list(ctx.account, ctx.region).some(uses);
}

/** The subnets of a request, each placed in its AZ; duplicates are dropped. */
function subnetsOf(ctx: HandlerContext, ids: string[]): CacheSubnetGroupRecord['subnets'] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new InvalidParameterValueException('The parameter SubnetIds must contain at least one subnet.');
  if (unique.some((id) => !isSubnetId(id))) throw new InvalidParameterValueException(`Some input subnets in :[${unique.join(', ')}] are invalid.`);
  if (unique.length > MAX_SUBNETS) throw new CacheSubnetQuotaExceededFault();
  return unique.map((id) => ({ id, availabilityZone: subnetAvailabilityZone(ctx.region, id) }));
}

/**
 * A subnet whose AZ holds a node of a cluster in the group cannot leave it unless another of the
 * group's subnets covers that AZ.
 */
function checkSubnetsInUse(ctx: HandlerContext, group: CacheSubnetGroupRecord, next: CacheSubnetGroupRecord['subnets']): void {
  const kept = new Set(next.map((s) => s.availabilityZone));
  const removed = group.subnets.filter((s) => !next.some((n) => n.id === s.id) && !kept.has(s.availabilityZone));
  if (removed.length === 0) return;
  for (const cluster of ctx.state.cacheClusters.list(ctx.account, ctx.region)) {
    if ((cluster.cacheSubnetGroupName ?? DEFAULT_SUBNET_GROUP) !== group.name) continue;
    for (const node of cluster.nodes) {
      const subnet = removed.find((s) => s.availabilityZone === node.availabilityZone);
      if (subnet) {
        throw new SubnetInUse(`Subnet ${subnet.id} is in use by cache cluster ${cluster.id} in ${subnet.availabilityZone}, and no other subnet of the group is in that availability zone.`);
      }
    }
  }
}

export const subnetGroupHandlers = {
  CreateCacheSubnetGroup(input, ctx) {
    const name = identifier('CacheSubnetGroupName', input.CacheSubnetGroupName, MAX_NAME);
    const group: CacheSubnetGroupRecord = {
      account: ctx.account,
      region: ctx.region,
      name,
      arn: arnOf(ctx, 'subnetgroup', name),
      description: input.CacheSubnetGroupDescription,
      vpcId: defaultVpcId(ctx.account, ctx.region),
      subnets: subnetsOf(ctx, input.SubnetIds),
      createdAt: ctx.now(),
    };
    const newTags = tags(input.Tags);
    ctx.state.transaction(() => {
      if (name === DEFAULT_SUBNET_GROUP || ctx.state.subnetGroups.get(ctx.account, ctx.region, name)) {
        throw new CacheSubnetGroupAlreadyExistsFault(`Cache subnet group ${name} already exists.`);
      }
      if (ctx.state.subnetGroups.countIn(ctx.account, ctx.region) >= MAX_GROUPS) {
        throw new CacheSubnetGroupQuotaExceededFault(`You can have at most ${MAX_GROUPS} cache subnet groups in this region.`);
      }
      ctx.state.subnetGroups.insert(group);
      ctx.state.tags.add(group.arn, newTags);
    });
    return { CacheSubnetGroup: cacheSubnetGroupView(group) };
  },

  DescribeCacheSubnetGroups(input, ctx) {
    const pageSize = maxRecords(input.MaxRecords);
    const list =
      input.CacheSubnetGroupName !== undefined
        ? [findSubnetGroup(ctx, input.CacheSubnetGroupName)]
        : [defaultSubnetGroup(ctx), ...ctx.state.subnetGroups.list(ctx.account, ctx.region)];
    const { page, marker } = paginate(list, input.Marker, pageSize);
    return { CacheSubnetGroups: page.map(cacheSubnetGroupView), Marker: marker };
  },

  ModifyCacheSubnetGroup(input, ctx) {
    const group = ctx.state.transaction(() => {
      const group = findSubnetGroup(ctx, input.CacheSubnetGroupName);
      if (group.name === DEFAULT_SUBNET_GROUP) throw new InvalidParameterValueException('The default cache subnet group cannot be modified.');
      if (input.CacheSubnetGroupDescription !== undefined) group.description = input.CacheSubnetGroupDescription;
      if (input.SubnetIds !== undefined) {
        const next = subnetsOf(ctx, input.SubnetIds);
        checkSubnetsInUse(ctx, group, next);
        group.subnets = next;
      }
      ctx.state.subnetGroups.update(group);
      return group;
    });
    return { CacheSubnetGroup: cacheSubnetGroupView(group) };
  },

  DeleteCacheSubnetGroup(input, ctx) {
    ctx.state.transaction(() => {
      const group = findSubnetGroup(ctx, input.CacheSubnetGroupName);
      if (group.name === DEFAULT_SUBNET_GROUP) throw new CacheSubnetGroupInUse('The default cache subnet group cannot be deleted.');
      if (subnetGroupInUse(ctx, group.name)) throw new CacheSubnetGroupInUse(`Cache subnet group ${group.name} is currently in use by a cache cluster.`);
      ctx.state.subnetGroups.delete(ctx.account, ctx.region, group.name);
      ctx.state.tags.removeAll(group.arn);
    });
  },
} satisfies HandlerTable;
