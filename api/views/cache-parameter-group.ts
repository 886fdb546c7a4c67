import type { CacheParameterGroupRecord } from '../../state/parameter-groups.ts';
import type { NodeTypeSpecificParameterDef, ParameterDef } from '../catalog/parameters.ts';
import type { CacheNodeTypeSpecificParameter, CacheParameterGroup, Parameter } from '../model/generated/types.ts';

export function cacheParameterGroupView(g: CacheParameterGroupRecord): CacheParameterGroup {
  return { CacheParameterGroupName: g.name, CacheParameterGroupFamily: g.family, Description: g.description, IsGlobal: false, ARN: g.arn };
}

/** A parameter as Describe* report it; an empty notify-keyspace-events has no ParameterValue element, as on AWS. */
export function parameterView(def: ParameterDef, value: string | undefined, source: string, isModifiable: boolean): Parameter {
  return {
    ParameterName: def.name,
    ParameterValue: def.value === undefined && value === '' ? undefined : value,
    Description: def.description,
    Source: source,
    DataType: def.dataType,
    AllowedValues: def.allowed,
    IsModifiable: isModifiable,
    MinimumEngineVersion: def.minimumEngineVersion,
    ChangeType: def.changeType,
  };
}

export function nodeTypeSpecificView(def: NodeTypeSpecificParameterDef): CacheNodeTypeSpecificParameter {
  return {
    ParameterName: def.name,
    Description: def.description,
    Source: 'system',
    DataType: def.dataType,
    AllowedValues: def.allowed,
    IsModifiable: false,
    MinimumEngineVersion: def.minimumEngineVersion,
    CacheNodeTypeSpecificValues: def.values.map((v) => ({ CacheNodeType: v.nodeType, Value: v.value })),
    ChangeType: def.changeType,
  };
}
