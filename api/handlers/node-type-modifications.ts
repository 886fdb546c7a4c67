import { NODE_TYPE_MAXMEMORY, maxmemoryOf } from '../../provisioner/node-types.ts';
import { compareVersions } from '../catalog/engine-versions.ts';
import type { HandlerContext, HandlerTable } from '../handler-types.ts';
import { CacheClusterNotFoundFault, InvalidParameterCombinationException } from '../model/generated/faults.ts';
import { findReplicationGroup } from './replication-groups.ts';

/** Graviton node types need Redis OSS 5.0.6 or later (Valkey always qualifies). */
const GRAVITON = /^cache\.(m6g|m7g|m8g|r6g|r6gd|r7g|r8g|t4g|c7gn|c8gn)\./;
const DATA_TIERING = /^cache\.r6gd\./;

/**
 * The node types a node can be scaled to: every current type (no T1) with more memory is a scale
 * up, with less a scale down, among the types its engine version runs on. Data-tiering (r6gd)
 * nodes only move between r6gd sizes, and no other type moves to r6gd.
 */
export function allowedNodeTypeModifications(nodeType: string, engine: string, engineVersion: string): { up: string[]; down: string[] } {
  const memory = maxmemoryOf(nodeType) ?? 0;
  const graviton = engine === 'valkey' || compareVersions(engineVersion, '5.0.6') >= 0;
  const candidates = Object.keys(NODE_TYPE_MAXMEMORY)
    .filter((t) => t !== 'cache.t1.micro' && t !== nodeType)
    .filter((t) => graviton || !GRAVITON.test(t))
    .filter((t) => DATA_TIERING.test(t) === DATA_TIERING.test(nodeType))
    .sort();
  return { up: candidates.filter((t) => NODE_TYPE_MAXMEMORY[t] > memory), down: candidates.filter((t) => NODE_TYPE_MAXMEMORY[t] < memory) };
}

function nodeOf(ctx: HandlerContext, clusterId: string | undefined, groupId: string | undefined): { nodeType: string; engine: string; version: string } {
  if ((clusterId === undefined) === (groupId === undefined)) {
    throw new InvalidParameterCombinationException('Exactly one of CacheClusterId and ReplicationGroupId must be specified.');
  }
  if (groupId !== undefined) {
    const rg = findReplicationGroup(ctx, groupId);
    return { nodeType: rg.cacheNodeType, engine: rg.engine, version: rg.engineVersion };
  }
  const cluster = ctx.state.cacheClusters.get(ctx.account, ctx.region, clusterId!.toLowerCase());
  if (!cluster) throw new CacheClusterNotFoundFault(`CacheCluster not found: ${clusterId!.toLowerCase()}`);
  return { nodeType: cluster.cacheNodeType, engine: cluster.engine, version: cluster.engineVersion };
}

export const nodeTypeModificationHandlers = {
  ListAllowedNodeTypeModifications(input, ctx) {
    const node = nodeOf(ctx, input.CacheClusterId, input.ReplicationGroupId);
    const { up, down } = allowedNodeTypeModifications(node.nodeType, node.engine, node.version);
    return { ScaleUpModifications: up, ScaleDownModifications: down };
  },
} satisfies HandlerTable;
