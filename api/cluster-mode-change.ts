import type { ReplicationGroupRecord } from '../state/replication-groups.ts';
import { shardsOf } from '../state/node-groups.ts';
import { compareVersions, defaultParameterGroupName } from './catalog/engine-versions.ts';
import { parameterValue } from './catalog/parameters.ts';
import { engineVersionOf } from './cluster-settings.ts';
import type { HandlerContext } from './handler-types.ts';
import { parameterGroupFor } from './handlers/parameter-groups.ts';
import { InvalidParameterCombinationException, InvalidParameterValueException, InvalidReplicationGroupStateFault } from './model/generated/faults.ts';
import type { ModifyReplicationGroupMessage } from './model/generated/types.ts';

/**
 * ModifyReplicationGroup ClusterMode, with AWS's rules (User Guide, "Modifying cluster mode"):
 * cluster mode goes from disabled to enabled only through compatible, and never back from
 * enabled; compatible may go back to disabled. Moving to compatible needs Redis OSS 7.0+ or
 * Valkey 7.2+, automatic failover with at least one replica, keys in database 0 only, and a
 * parameter group with cluster-enabled yes (a default group is swapped for its `.cluster.on`
 * twin). A request that changes ClusterMode may change CacheParameterGroupName too, nothing else;
 * while compatible, scaling and engine upgrades are refused.
 */

const MODES = ['enabled', 'disabled', 'compatible'] as const;
type Mode = (typeof MODES)[number];

/** What a ModifyReplicationGroup that sets ClusterMode may carry besides it. */
const ALLOWED_WITH_CLUSTER_MODE = new Set(['ReplicationGroupId', 'ClusterMode', 'CacheParameterGroupName', 'ApplyImmediately']);

/**
 * Checks a ClusterMode change and records it (inside the handler's transaction): the new
 * parameter group now, the mode as pendingClusterMode for the provisioner to apply.
 */
export function requestClusterModeChange(ctx: HandlerContext, rg: ReplicationGroupRecord, input: ModifyReplicationGroupMessage): void {
  const requested = input.ClusterMode!.toLowerCase() as Mode;
  if (!MODES.includes(requested)) {
    throw new InvalidParameterValueException(`Invalid value for parameter ClusterMode: ${input.ClusterMode}. Valid values are enabled, disabled, compatible.`);
  }
  const others = Object.entries(input)
    .filter(([name, value]) => value !== undefined && !ALLOWED_WITH_CLUSTER_MODE.has(name))
    .map(([name]) => name);
  if (others.length > 0) {
    throw new InvalidParameterCombinationException(`Parameters other than CacheParameterGroupName cannot be modified together with ClusterMode: ${others.join(', ')}.`);
  }
  const current: Mode = rg.clusterMode ?? 'disabled';
  if (requested === current) throw new InvalidParameterCombinationException('No modifications were requested.');
  if (current === 'enabled') throw new InvalidParameterCombinationException(`Cluster mode of replication group ${rg.id} is enabled and cannot be changed back.`);
  if (current === 'disabled' && requested === 'enabled') {
    throw new InvalidParameterCombinationException('To modify cluster mode from disabled to enabled, you must first set the cluster mode to compatible.');
  }
  const family = engineVersionOf(rg.engine, rg.engineVersion).family;
  const groupNamed = (name: string, clusterEnabled: boolean): string => {
    const group = parameterGroupFor(ctx, name, family);
    if ((parameterValue(group, 'cluster-enabled') === 'yes') !== clusterEnabled) {
      throw new InvalidParameterCombinationException(
        clusterEnabled ? 'Cluster mode should be enabled in parameter group, but found it is disabled.' : 'Cluster mode should be disabled in parameter group, but found it is enabled.',
      );
    }
    return group.name;
  };
  if (current === 'disabled') {
    checkMigratable(ctx, rg);
    let name = input.CacheParameterGroupName;
    if (name === undefined) {
      if (rg.cacheParameterGroupName !== defaultParameterGroupName(family)) {
        throw new InvalidParameterCombinationException(
          `Replication group ${rg.id} uses the custom parameter group ${rg.cacheParameterGroupName}: specify CacheParameterGroupName, a parameter group with cluster-enabled set to yes, to modify cluster mode.`,
        );
      }
      name = `${defaultParameterGroupName(family)}.cluster.on`;
    }
    rg.disabledParameterGroupName = rg.cacheParameterGroupName;
    rg.cacheParameterGroupName = groupNamed(name, true);
  } else if (requested === 'enabled') {
    if (input.CacheParameterGroupName !== undefined) rg.cacheParameterGroupName = groupNamed(input.CacheParameterGroupName, true);
  } else {
    rg.cacheParameterGroupName = groupNamed(input.CacheParameterGroupName ?? rg.disabledParameterGroupName ?? defaultParameterGroupName(family), false);
  }
  rg.pendingClusterMode = requested;
}

/** What a group must be to leave cluster mode disabled. */
function checkMigratable(ctx: HandlerContext, rg: ReplicationGroupRecord): void {
  const minimum = rg.engine === 'valkey' ? '7.2' : '7.0';
  if (compareVersions(rg.engineVersion, minimum) < 0) {
    throw new InvalidParameterCombinationException(
      `Modifying cluster mode requires Valkey 7.2 or Redis OSS 7.0 and above; replication group ${rg.id} runs ${rg.engine} ${rg.engineVersion}.`,
    );
  }
  if (rg.automaticFailover !== 'enabled' || rg.members.length < 2) {
    throw new InvalidParameterCombinationException(`Auto-failover must be enabled on replication group ${rg.id} with a minimum of 1 replica to modify cluster mode.`);
  }
  const outside = ctx.provisioner.keysOutsideFirstDatabase(rg.account, rg.region, shardsOf(rg)[0].primaryClusterId);
  if (outside > 0) {
    throw new InvalidParameterCombinationException(`Replication group ${rg.id} has ${outside} keys outside database 0: cluster mode allows keys in database 0 only.`);
  }
}

/** In cluster mode compatible a group is neither scaled nor upgraded until it is enabled or back to disabled. */
export function refuseWhileCompatible(rg: ReplicationGroupRecord, what: string): void {
  if (rg.clusterMode === 'compatible') {
    throw new InvalidReplicationGroupStateFault(
      `${what} is not allowed while replication group ${rg.id} is in cluster mode compatible: set ClusterMode to enabled or disabled first.`,
    );
  }
}
