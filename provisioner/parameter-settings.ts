import { defaultParameterGroupName } from '../api/catalog/engine-versions.ts';
import { engineConfigFor, engineNameOf, familyCatalogue, FAMILY_CATALOGUES, type ParameterGroupValues } from '../api/catalog/parameters.ts';
import { NodeConfig } from '../engine/config.ts';
import type { CacheClusterRecord } from '../state/cache-clusters.ts';
import type { State } from '../state/state.ts';
import { maxmemoryOf } from './node-types.ts';

/**
 * A parameter group's family and values: a stored group, or one of the `default.<family>` groups
 * every account and region has (derived, not stored; `.cluster.on` sets cluster-enabled).
 */
export function parameterGroupValues(state: State, account: string, region: string, name: string): ParameterGroupValues | undefined {
  const stored = state.parameterGroups.get(account, region, name);
  if (stored) return { family: stored.family, values: stored.values };
  for (const c of FAMILY_CATALOGUES) {
    const base = defaultParameterGroupName(c.family);
    if (name === base) return { family: c.family, values: {} };
    if (name === `${base}.cluster.on`) return { family: c.family, values: { 'cluster-enabled': 'yes' } };
  }
  return undefined;
}

/**
 * The settings a cache cluster's nodes start with: its parameter group's values as engine CONFIG
 * settings, maxmemory by node type less reserved-memory-percent. cluster-enabled is left to the
 * provisioner, since cluster mode follows the replication group (cluster-topology.ts). A value the
 * engine would refuse is left out with a warning rather than keeping the node from starting.
 */
export function nodeSettingsOf(state: State, rec: CacheClusterRecord): Record<string, string> {
  const group = parameterGroupValues(state, rec.account, rec.region, rec.cacheParameterGroupName);
  const wanted = group ? engineConfigFor(group, rec.cacheNodeType) : { maxmemory: String(maxmemoryOf(rec.cacheNodeType) ?? 0) };
  const probe = new NodeConfig();
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(wanted)) {
    if (name === 'cluster-enabled') continue;
    const problem = probe.set(name, value, true);
    if (problem === null) settings[name] = value;
    else process.emitWarning(`provisioner: ${rec.id}: parameter group ${rec.cacheParameterGroupName}: ${name} ${value} left out (${problem})`);
  }
  return settings;
}

/**
 * Engine settings of a family's parameters whose ChangeType is requires-reboot: a running node
 * keeps its value until it restarts.
 */
export function rebootOnlySettings(family: string): Set<string> {
  const names = new Set<string>();
  for (const p of familyCatalogue(family)?.parameters ?? []) {
    const engineName = engineNameOf(p.name);
    if (p.changeType !== 'immediate' && engineName !== undefined) names.add(engineName);
  }
  return names;
}
