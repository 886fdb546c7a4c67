import type { CacheParameterGroupRecord } from '../../state/parameter-groups.ts';
import { arnOf } from '../arn.ts';
import { defaultParameterGroupName } from '../catalog/engine-versions.ts';
import { FAMILY_CATALOGUES, UNSUPPORTED_FAMILIES, familyCatalogue, valueProblem, type FamilyCatalogue, type ParameterDef } from '../catalog/parameters.ts';
import type { HandlerContext, HandlerTable } from '../handler-types.ts';
import {
  CacheParameterGroupAlreadyExistsFault,
  CacheParameterGroupNotFoundFault,
  CacheParameterGroupQuotaExceededFault,
  InvalidCacheParameterGroupStateFault,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
} from '../model/generated/faults.ts';
import type { ParameterNameValue } from '../model/generated/types.ts';
import { identifier, maxRecords, paginate, tags } from '../validation.ts';
import { cacheParameterGroupView, nodeTypeSpecificView, parameterView } from '../views/cache-parameter-group.ts';

const MAX_NAME = 255;
const MAX_GROUPS = 300;
/** ModifyCacheParameterGroup takes at most 20 parameters a call; Terraform also resets in chunks of 20. */
const MAX_PARAMETERS_PER_CALL = 20;
const SOURCES = ['user', 'system', 'engine-default'];

export function isDefaultParameterGroup(name: string): boolean {
  return name.startsWith('default.');
}

/**
 * The family defaults every account+region has: `default.<family>` and, with cluster mode on,
 * `default.<family>.cluster.on`. They are derived, not stored.
 */
function defaultParameterGroups(ctx: HandlerContext): CacheParameterGroupRecord[] {
  return FAMILY_CATALOGUES.flatMap((c) => {
    const name = defaultParameterGroupName(c.family);
    const group = (groupName: string, description: string, values: Record<string, string>): CacheParameterGroupRecord => ({
      account: ctx.account,
      region: ctx.region,
      name: groupName,
      arn: arnOf(ctx, 'parametergroup', groupName),
      family: c.family,
      description,
      values,
      createdAt: 0,
    });
    return [
      group(name, `Default parameter group for ${c.family}`, {}),
      group(`${name}.cluster.on`, `Customized default parameter group for ${c.family} with cluster mode on`, { 'cluster-enabled': 'yes' }),
    ];
  });
}

export function findParameterGroup(ctx: HandlerContext, rawName: string): CacheParameterGroupRecord {
  const name = rawName.toLowerCase();
  const group = isDefaultParameterGroup(name)
    ? defaultParameterGroups(ctx).find((g) => g.name === name)
    : ctx.state.parameterGroups.get(ctx.account, ctx.region, name);
  if (!group) throw new CacheParameterGroupNotFoundFault(`CacheParameterGroup not found: ${name}`);
  return group;
}

/**
 * The group a cluster or replication group of this family gets: the named one, or the family's
 * default. A group of another family is refused with AWS's message.
 */
export function parameterGroupFor(ctx: HandlerContext, requested: string | undefined, family: string): CacheParameterGroupRecord {
  const group = findParameterGroup(ctx, requested ?? defaultParameterGroupName(family));
  if (group.family !== family) throw new InvalidParameterCombinationException(`Expected a parameter group of family ${family} but found one of family ${group.family}`);
  return group;
}

/** Whether a cache cluster or replication group uses the group. */
export function parameterGroupInUse(ctx: HandlerContext, name: string): boolean {
  const uses = (r: { cacheParameterGroupName: string }) => r.cacheParameterGroupName === name;
  return ctx.state.cacheClusters.list(ctx.account, ctx.region).some(uses) || ctx.state.replicationGroups.list(ctx.account, ctx.region).some(uses);
}

function catalogueOf(rawFamily: string): FamilyCatalogue {
  const family = rawFamily.toLowerCase();
  const catalogue = familyCatalogue(family);
  if (catalogue) return catalogue;
  const supported = FAMILY_CATALOGUES.map((c) => c.family).join(', ');
  if (UNSUPPORTED_FAMILIES.includes(family)) {
    throw new InvalidParameterValueException(`The parameter group family ${family} is not supported by elasticache-local; it supports ${supported}.`);
  }
  throw new InvalidParameterValueException(`Invalid value for parameter CacheParameterGroupFamily: ${rawFamily}. Valid values are ${[...FAMILY_CATALOGUES.map((c) => c.family), ...UNSUPPORTED_FAMILIES].join(', ')}.`);
}

/**
 * A parameter a Modify or Reset call may change: it must exist in the family and be modifiable;
 * the conditionally modifiable ones only while no cluster uses the group.
 */
function changeableParameter(catalogue: FamilyCatalogue, rawName: string | undefined, inUse: boolean): ParameterDef {
  if (rawName === undefined || rawName === '') throw new InvalidParameterValueException('Each ParameterNameValue must have a ParameterName.');
  const def = catalogue.parameters.find((p) => p.name === rawName.toLowerCase());
  if (!def) throw new InvalidParameterValueException(`Parameter ${rawName} doesn't exist`);
  if (def.modifiable === false || (def.modifiable === 'conditional' && inUse)) throw new InvalidParameterValueException(`The parameter ${def.name} cannot be modified.`);
  return def;
}

function parameterList(list: ParameterNameValue[] | undefined): ParameterNameValue[] {
  if (list === undefined || list.length === 0) throw new InvalidParameterValueException('The parameter ParameterNameValues must contain at least one parameter.');
  if (list.length > MAX_PARAMETERS_PER_CALL) {
    throw new InvalidParameterValueException(`At most ${MAX_PARAMETERS_PER_CALL} parameters can be changed in one request; ${list.length} were given.`);
  }
  return list;
}

/** A custom group being changed: defaults refuse every change. */
function changeableGroup(ctx: HandlerContext, rawName: string): CacheParameterGroupRecord {
  const group = findParameterGroup(ctx, rawName);
  if (isDefaultParameterGroup(group.name)) throw new InvalidCacheParameterGroupStateFault(`Default cache parameter group ${group.name} cannot be modified.`);
  return group;
}

export const parameterGroupHandlers = {
  CreateCacheParameterGroup(input, ctx) {
    const name = identifier('CacheParameterGroupName', input.CacheParameterGroupName, MAX_NAME);
    const catalogue = catalogueOf(input.CacheParameterGroupFamily);
    const group: CacheParameterGroupRecord = {
      account: ctx.account,
      region: ctx.region,
      name,
      arn: arnOf(ctx, 'parametergroup', name),
      family: catalogue.family,
      description: input.Description,
      values: {},
      createdAt: ctx.now(),
    };
    const newTags = tags(input.Tags);
    ctx.state.transaction(() => {
      if (ctx.state.parameterGroups.get(ctx.account, ctx.region, name)) throw new CacheParameterGroupAlreadyExistsFault(`Cache parameter group ${name} already exists.`);
      if (ctx.state.parameterGroups.countIn(ctx.account, ctx.region) >= MAX_GROUPS) {
        throw new CacheParameterGroupQuotaExceededFault(`You can have at most ${MAX_GROUPS} cache parameter groups in this region.`);
      }
      ctx.state.parameterGroups.insert(group);
      ctx.state.tags.add(group.arn, newTags);
    });
    return { CacheParameterGroup: cacheParameterGroupView(group) };
  },

  DescribeCacheParameterGroups(input, ctx) {
    const pageSize = maxRecords(input.MaxRecords);
    const list =
      input.CacheParameterGroupName !== undefined
        ? [findParameterGroup(ctx, input.CacheParameterGroupName)]
        : [...defaultParameterGroups(ctx), ...ctx.state.parameterGroups.list(ctx.account, ctx.region)];
    const { page, marker } = paginate(list, input.Marker, pageSize);
    return { CacheParameterGroups: page.map(cacheParameterGroupView), Marker: marker };
  },

  /**
   * A group's parameters. As AWS reports a custom group, every parameter it lets the user change
   * has Source `user` (changed or not) and the others `system`; a default group shows the engine
   * defaults. Node-type-specific parameters come with the first page.
   */
  DescribeCacheParameters(input, ctx) {
    const pageSize = maxRecords(input.MaxRecords);
    if (input.Source !== undefined && !SOURCES.includes(input.Source)) {
      throw new InvalidParameterValueException(`Invalid value for parameter Source: ${input.Source}. Valid values are ${SOURCES.join(', ')}.`);
    }
    const group = findParameterGroup(ctx, input.CacheParameterGroupName);
    const catalogue = familyCatalogue(group.family)!;
    const isDefault = isDefaultParameterGroup(group.name);
    const inUse = !isDefault && parameterGroupInUse(ctx, group.name);
    const all = catalogue.parameters.map((def) => {
      const changeable = def.modifiable === true || (def.modifiable === 'conditional' && !isDefault && !inUse);
      const source = !isDefault && def.modifiable !== false ? 'user' : 'system';
      return parameterView(def, group.values[def.name] ?? def.value, source, changeable);
    });
    const wanted = all.filter((p) => input.Source === undefined || p.Source === input.Source);
    const { page, marker } = paginate(wanted, input.Marker, pageSize);
    const firstPage = input.Marker === undefined || input.Marker === '';
    const nodeTypeSpecific = firstPage && (input.Source === undefined || input.Source === 'system') ? catalogue.nodeTypeSpecific.map(nodeTypeSpecificView) : [];
    return { Parameters: page, CacheNodeTypeSpecificParameters: nodeTypeSpecific, Marker: marker };
  },

  DescribeEngineDefaultParameters(input) {
    const pageSize = maxRecords(input.MaxRecords);
    const catalogue = catalogueOf(input.CacheParameterGroupFamily);
    const { page, marker } = paginate(catalogue.parameters, input.Marker, pageSize);
    const firstPage = input.Marker === undefined || input.Marker === '';
    return {
      EngineDefaults: {
        CacheParameterGroupFamily: catalogue.family,
        Marker: marker,
        Parameters: page.map((def) => parameterView(def, def.value, 'system', def.modifiable === true)),
        CacheNodeTypeSpecificParameters: firstPage ? catalogue.nodeTypeSpecific.map(nodeTypeSpecificView) : [],
      },
    };
  },

  ModifyCacheParameterGroup(input, ctx) {
    const list = parameterList(input.ParameterNameValues);
    const group = ctx.state.transaction(() => {
      const group = changeableGroup(ctx, input.CacheParameterGroupName);
      const catalogue = familyCatalogue(group.family)!;
      const inUse = parameterGroupInUse(ctx, group.name);
      for (const item of list) {
        const def = changeableParameter(catalogue, item.ParameterName, inUse);
        if (item.ParameterValue === undefined) throw new InvalidParameterValueException(`The parameter ${def.name} must be given a ParameterValue.`);
        const problem = valueProblem(def, item.ParameterValue);
        if (problem !== null) throw new InvalidParameterValueException(problem);
        group.values[def.name] = item.ParameterValue;
      }
      ctx.state.parameterGroups.update(group);
      return group;
    });
    ctx.provisioner.parameterGroupChanged(ctx.account, ctx.region, group.name);
    return { CacheParameterGroupName: group.name };
  },

  ResetCacheParameterGroup(input, ctx) {
    const names = input.ParameterNameValues ?? [];
    if (input.ResetAllParameters && names.length > 0) {
      throw new InvalidParameterCombinationException('ResetAllParameters and ParameterNameValues cannot both be specified.');
    }
    if (!input.ResetAllParameters) parameterList(names);
    const group = ctx.state.transaction(() => {
      const group = changeableGroup(ctx, input.CacheParameterGroupName);
      const catalogue = familyCatalogue(group.family)!;
      const inUse = parameterGroupInUse(ctx, group.name);
      if (input.ResetAllParameters) {
        // Resetting everything leaves the conditionally modifiable parameters of a group in use
        // alone: the clusters using it depend on them (databases, cluster-enabled).
        for (const name of Object.keys(group.values)) {
          const def = catalogue.parameters.find((p) => p.name === name);
          if (!(inUse && def?.modifiable === 'conditional')) delete group.values[name];
        }
      } else {
        for (const item of names) delete group.values[changeableParameter(catalogue, item.ParameterName, inUse).name];
      }
      ctx.state.parameterGroups.update(group);
      return group;
    });
    ctx.provisioner.parameterGroupChanged(ctx.account, ctx.region, group.name);
    return { CacheParameterGroupName: group.name };
  },

  DeleteCacheParameterGroup(input, ctx) {
    ctx.state.transaction(() => {
      const group = findParameterGroup(ctx, input.CacheParameterGroupName);
      if (isDefaultParameterGroup(group.name)) throw new InvalidCacheParameterGroupStateFault(`Default cache parameter group ${group.name} cannot be deleted.`);
      if (parameterGroupInUse(ctx, group.name)) {
        throw new InvalidCacheParameterGroupStateFault(`One or more cache clusters are still members of this parameter group ${group.name}, so the group cannot be deleted.`);
      }
      ctx.state.parameterGroups.delete(ctx.account, ctx.region, group.name);
      ctx.state.tags.removeAll(group.arn);
    });
  },
} satisfies HandlerTable;
