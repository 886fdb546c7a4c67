import type { CacheClusterRecord } from '../../state/cache-clusters.ts';
import type { CacheParameterGroupRecord } from '../../state/parameter-groups.ts';
import { arnOf } from '../arn.ts';
import { compareVersions } from '../catalog/engine-versions.ts';
import { parameterValue } from '../catalog/parameters.ts';
import { availabilityZones } from '../catalog/regions.ts';
import {
  authTokenOf,
  engineOf,
  engineVersionOf,
  maintenanceWindowOf,
  networkOf,
  nodeTypeOf,
  retentionOf,
  snapshotWindowOf,
} from '../cluster-settings.ts';
import type { HandlerContext, HandlerTable } from '../handler-types.ts';
import {
  CacheClusterAlreadyExistsFault,
  CacheClusterNotFoundFault,
  InvalidCacheClusterStateFault,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  SnapshotNotFoundFault,
} from '../model/generated/faults.ts';
import type { CreateCacheClusterMessage } from '../model/generated/types.ts';
import { identifier, maxRecords, paginate, port, tags } from '../validation.ts';
import { cacheClusterView } from '../views/cache-cluster.ts';
import { parameterGroupFor } from './parameter-groups.ts';
import { addReplica, removeReplica } from './replication-groups.ts';
import { CACHE_SECURITY_GROUPS_NOT_PERMITTED } from './security-groups.ts';
import { DEFAULT_SUBNET_GROUP, findSubnetGroup, subnetGroupZones } from './subnet-groups.ts';

const MAX_CLUSTER_ID = 50;

function findCluster(ctx: HandlerContext, rawId: string): CacheClusterRecord {
  const rec = ctx.state.cacheClusters.get(ctx.account, ctx.region, rawId.toLowerCase());
  if (!rec) throw new CacheClusterNotFoundFault(`CacheCluster not found: ${rawId.toLowerCase()}`);
  return rec;
}

/** Picks the zone for a node: the requested one (which must be in the subnet group) or a stable pick. */
export function zoneFor(ctx: HandlerContext, id: string, requested: string | undefined, subnetZones: string[], subnetGroupName: string): string {
  const zones = availabilityZones(ctx.region);
  if (requested !== undefined && !zones.includes(requested)) {
    throw new InvalidParameterValueException(`Invalid value for parameter PreferredAvailabilityZone: ${requested}. Valid zones in ${ctx.region} are ${zones.join(', ')}.`);
  }
  if (requested !== undefined && !subnetZones.includes(requested)) {
    throw new InvalidParameterCombinationException(
      `The availability zone ${requested} is not in cache subnet group ${subnetGroupName}, whose subnets are in ${subnetZones.join(', ')}.`,
    );
  }
  // "No preference": AWS picks a zone of the subnet group; a stable pick per id keeps repeated runs alike.
  return requested ?? subnetZones[[...id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % subnetZones.length];
}

/** The parameter group of a single-node cluster: of its family (or the family default), cluster mode off. */
function clusterModeDisabledGroup(ctx: HandlerContext, requested: string | undefined, family: string): CacheParameterGroupRecord {
  const group = parameterGroupFor(ctx, requested, family);
  if (parameterValue(group, 'cluster-enabled') === 'yes') {
    throw new InvalidParameterCombinationException('Cluster mode should be disabled in parameter group, but found it is enabled.');
  }
  return group;
}

function validateCreate(input: CreateCacheClusterMessage, ctx: HandlerContext, id: string): CacheClusterRecord {
  const engine = engineOf(input.Engine);
  const numNodes = input.NumCacheNodes ?? 1;
  if (numNodes < 1) throw new InvalidParameterValueException(`Invalid value for parameter NumCacheNodes: ${numNodes}. It must be at least 1.`);
  if (numNodes > 1) throw new InvalidParameterValueException('Cannot create a Redis cluster with a NumCacheNodes parameter greater than 1.');
  const nodeType = nodeTypeOf(input.CacheNodeType);
  const version = engineVersionOf(engine, input.EngineVersion);
  const parameterGroup = clusterModeDisabledGroup(ctx, input.CacheParameterGroupName, version.family);
  const subnetGroup = findSubnetGroup(ctx, input.CacheSubnetGroupName ?? DEFAULT_SUBNET_GROUP);
  if ((input.CacheSecurityGroupNames ?? []).length > 0) throw new InvalidParameterValueException(CACHE_SECURITY_GROUPS_NOT_PERMITTED);
  if (input.SnapshotName !== undefined) throw new SnapshotNotFoundFault(`Snapshot ${input.SnapshotName} not found.`);
  if (input.AZMode !== undefined || input.PreferredAvailabilityZones !== undefined) {
    throw new InvalidParameterCombinationException('AZMode and PreferredAvailabilityZones are only supported for Memcached clusters.');
  }
  const az = zoneFor(ctx, id, input.PreferredAvailabilityZone, subnetGroupZones(subnetGroup), subnetGroup.name);
  const network = networkOf(input.NetworkType, input.IpDiscovery);
  return {
    account: ctx.account,
    region: ctx.region,
    id,
    arn: arnOf(ctx, 'cluster', id),
    status: 'creating',
    engine,
    engineVersion: version.version,
    cacheNodeType: nodeType,
    numCacheNodes: 1,
    port: port(input.Port, 6379),
    preferredAvailabilityZone: az,
    preferredMaintenanceWindow: maintenanceWindowOf(input.PreferredMaintenanceWindow, ctx.region, id),
    cacheParameterGroupName: parameterGroup.name,
    cacheSubnetGroupName: subnetGroup.name,
    securityGroupIds: input.SecurityGroupIds ?? [],
    cacheSecurityGroupNames: [],
    snapshotRetentionLimit: retentionOf(input.SnapshotRetentionLimit, nodeType),
    snapshotWindow: snapshotWindowOf(input.SnapshotWindow, id),
    autoMinorVersionUpgrade: input.AutoMinorVersionUpgrade ?? true,
    transitEncryptionEnabled: input.TransitEncryptionEnabled ?? false,
    atRestEncryptionEnabled: false,
    authTokenEnabled: authTokenOf(input.AuthToken, input.TransitEncryptionEnabled),
    networkType: network.networkType,
    ipDiscovery: network.ipDiscovery,
    notificationTopicArn: input.NotificationTopicArn,
    createdAt: ctx.now(),
    nodes: [{ id: '0001', status: 'creating', port: null, address: null, availabilityZone: az, createdAt: null }],
  };
}

export const cacheClusterHandlers = {
  CreateCacheCluster(input, ctx) {
    const id = identifier('CacheClusterId', input.CacheClusterId, MAX_CLUSTER_ID);
    // With ReplicationGroupId the new cluster is a replica that takes the group's settings.
    if (input.ReplicationGroupId !== undefined) return { CacheCluster: cacheClusterView(addReplica(ctx, input, id), false, ctx.provisioner.endpointHosts) };
    const rec = validateCreate(input, ctx, id);
    const newTags = tags(input.Tags);
    ctx.state.transaction(() => {
      if (ctx.state.cacheClusters.get(ctx.account, ctx.region, rec.id)) throw new CacheClusterAlreadyExistsFault(`Cache cluster ${rec.id} already exists.`);
      ctx.state.cacheClusters.insert(rec);
      ctx.state.tags.add(rec.arn, newTags);
    });
    ctx.provisioner.cacheClusterCreated(rec);
    return { CacheCluster: cacheClusterView(rec, false, ctx.provisioner.endpointHosts) };
  },

  DescribeCacheClusters(input, ctx) {
    const pageSize = maxRecords(input.MaxRecords);
    let list: CacheClusterRecord[];
    if (input.CacheClusterId !== undefined) list = [findCluster(ctx, input.CacheClusterId)];
    else list = ctx.state.cacheClusters.list(ctx.account, ctx.region);
    if (input.ShowCacheClustersNotInReplicationGroups) list = list.filter((r) => r.replicationGroupId === undefined);
    const { page, marker } = paginate(list, input.Marker, pageSize);
    return { CacheClusters: page.map((r) => cacheClusterView(r, input.ShowCacheNodeInfo ?? false, ctx.provisioner.endpointHosts)), Marker: marker };
  },

  ModifyCacheCluster(input, ctx) {
    const rec = ctx.state.transaction(() => {
      const fresh = findCluster(ctx, input.CacheClusterId);
      if (fresh.replicationGroupId !== undefined) {
        throw new InvalidParameterCombinationException(`Cache cluster ${fresh.id} is a member of replication group ${fresh.replicationGroupId}: modify the replication group instead.`);
      }
      if (fresh.status !== 'available') throw new InvalidCacheClusterStateFault(`Cache cluster ${fresh.id} is not in the available state.`);
      if (input.NumCacheNodes !== undefined && input.NumCacheNodes !== 1) {
        throw new InvalidParameterValueException(`Invalid value for parameter NumCacheNodes: ${input.NumCacheNodes}. A Redis cluster has exactly one cache node.`);
      }
      if ((input.CacheNodeIdsToRemove ?? []).length > 0 || input.AZMode !== undefined || input.NewAvailabilityZones !== undefined) {
        throw new InvalidParameterCombinationException('CacheNodeIdsToRemove, AZMode and NewAvailabilityZones are only supported for Memcached clusters.');
      }
      if ((input.CacheSecurityGroupNames ?? []).length > 0) throw new InvalidParameterValueException(CACHE_SECURITY_GROUPS_NOT_PERMITTED);
      const before = JSON.stringify(fresh);
      // Node type and engine version go through modifying (ApplyImmediately or not: there is no maintenance window to wait for here).
      let needsWork = false;
      if (input.CacheNodeType !== undefined) {
        const nodeType = nodeTypeOf(input.CacheNodeType);
        if (nodeType !== fresh.cacheNodeType) {
          fresh.cacheNodeType = nodeType;
          needsWork = true;
        }
      }
      const engine = input.Engine !== undefined ? engineOf(input.Engine) : fresh.engine === 'valkey' ? 'valkey' : 'redis';
      if (input.EngineVersion !== undefined || engine !== fresh.engine) {
        const v = engineVersionOf(engine, input.EngineVersion ?? fresh.engineVersion);
        if (compareVersions(v.version, fresh.engineVersion) < 0) {
          throw new InvalidParameterValueException(`Cannot downgrade engine version from ${fresh.engineVersion} to ${v.version}.`);
        }
        if (v.version !== fresh.engineVersion || engine !== fresh.engine) {
          fresh.engineVersion = v.version;
          fresh.engine = engine;
          needsWork = true;
        }
      }
      if (input.CacheParameterGroupName !== undefined) {
        fresh.cacheParameterGroupName = clusterModeDisabledGroup(ctx, input.CacheParameterGroupName, engineVersionOf(engine, fresh.engineVersion).family).name;
      }
      if (input.SecurityGroupIds !== undefined) fresh.securityGroupIds = input.SecurityGroupIds;
      if (input.PreferredMaintenanceWindow !== undefined) fresh.preferredMaintenanceWindow = maintenanceWindowOf(input.PreferredMaintenanceWindow, ctx.region, fresh.id);
      if (input.SnapshotRetentionLimit !== undefined) fresh.snapshotRetentionLimit = retentionOf(input.SnapshotRetentionLimit, fresh.cacheNodeType);
      if (input.SnapshotWindow !== undefined) fresh.snapshotWindow = snapshotWindowOf(input.SnapshotWindow, fresh.id);
      if (input.AutoMinorVersionUpgrade !== undefined) fresh.autoMinorVersionUpgrade = input.AutoMinorVersionUpgrade;
      if (input.NotificationTopicArn !== undefined) fresh.notificationTopicArn = input.NotificationTopicArn;
      if (JSON.stringify(fresh) === before) throw new InvalidParameterCombinationException('No modifications were requested.');
      if (needsWork) fresh.status = 'modifying';
      ctx.state.cacheClusters.update(fresh);
      return fresh;
    });
    // Metadata and another parameter group apply at once; node type and version when modifying ends.
    if (rec.status === 'modifying') ctx.provisioner.cacheClusterModifying(rec);
    else ctx.provisioner.applySettings(rec);
    return { CacheCluster: cacheClusterView(rec, false, ctx.provisioner.endpointHosts) };
  },

  RebootCacheCluster(input, ctx) {
    const rec = ctx.state.transaction(() => {
      const fresh = findCluster(ctx, input.CacheClusterId);
      const rg = fresh.replicationGroupId === undefined ? undefined : ctx.state.replicationGroups.get(ctx.account, ctx.region, fresh.replicationGroupId);
      if (rg?.clusterEnabled) {
        throw new InvalidCacheClusterStateFault(`Cache cluster ${fresh.id} belongs to a replication group with cluster mode enabled, whose nodes cannot be rebooted.`);
      }
      if (fresh.status !== 'available') throw new InvalidCacheClusterStateFault(`Cache cluster ${fresh.id} is not in the available state.`);
      const ids = input.CacheNodeIdsToReboot;
      if (ids.length === 0) throw new InvalidParameterValueException('CacheNodeIdsToReboot must name at least one cache node.');
      for (const nodeId of ids) {
        const node = fresh.nodes.find((n) => n.id === nodeId);
        if (!node) throw new InvalidParameterValueException(`Cache node ${nodeId} does not exist in cache cluster ${fresh.id}.`);
        node.status = 'rebooting';
      }
      fresh.status = 'rebooting cache cluster nodes';
      ctx.state.cacheClusters.update(fresh);
      return fresh;
    });
    ctx.provisioner.cacheClusterRebooting(rec);
    return { CacheCluster: cacheClusterView(rec, false, ctx.provisioner.endpointHosts) };
  },

  DeleteCacheCluster(input, ctx) {
    if (input.FinalSnapshotIdentifier !== undefined) {
      throw new InvalidParameterValueException('FinalSnapshotIdentifier is not supported by elasticache-local yet: snapshots arrive with their own issue.');
    }
    const current = findCluster(ctx, input.CacheClusterId);
    if (current.replicationGroupId !== undefined) return { CacheCluster: cacheClusterView(removeReplica(ctx, current), false, ctx.provisioner.endpointHosts) };
    const rec = ctx.state.transaction(() => {
      const fresh = findCluster(ctx, input.CacheClusterId);
      if (fresh.status !== 'available') {
        throw new InvalidCacheClusterStateFault(`Cache cluster ${fresh.id} is not in a valid state to be deleted.`);
      }
      fresh.status = 'deleting';
      ctx.state.cacheClusters.update(fresh);
      return fresh;
    });
    ctx.provisioner.cacheClusterDeleting(rec);
    return { CacheCluster: cacheClusterView(rec, false, ctx.provisioner.endpointHosts) };
  },
} satisfies HandlerTable;
