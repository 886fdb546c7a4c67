import type { CacheClusterRecord } from '../../state/cache-clusters.ts';
import { isKnownNodeType } from '../../provisioner/node-types.ts';
import { arnOf } from '../arn.ts';
import { defaultVersion, resolveVersion } from '../catalog/engine-versions.ts';
import { parameterValue } from '../catalog/parameters.ts';
import { availabilityZones, defaultMaintenanceWindow, defaultSnapshotWindow, maintenanceWindowMinutes, snapshotWindowMinutes } from '../catalog/regions.ts';
import type { HandlerContext, HandlerTable } from '../handler-types.ts';
import {
  CacheClusterAlreadyExistsFault,
  CacheClusterNotFoundFault,
  InvalidCacheClusterStateFault,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  ReplicationGroupNotFoundFault,
  SnapshotNotFoundFault,
} from '../model/generated/faults.ts';
import type { CreateCacheClusterMessage } from '../model/generated/types.ts';
import { identifier, maxRecords, paginate, port, tags } from '../validation.ts';
import { cacheClusterView } from '../views/cache-cluster.ts';
import { parameterGroupFor } from './parameter-groups.ts';
import { CACHE_SECURITY_GROUPS_NOT_PERMITTED } from './security-groups.ts';
import { DEFAULT_SUBNET_GROUP, findSubnetGroup, subnetGroupZones } from './subnet-groups.ts';

const MAX_CLUSTER_ID = 50;

function findCluster(ctx: HandlerContext, rawId: string): CacheClusterRecord {
  const rec = ctx.state.cacheClusters.get(ctx.account, ctx.region, rawId.toLowerCase());
  if (!rec) throw new CacheClusterNotFoundFault(`CacheCluster not found: ${rawId.toLowerCase()}`);
  return rec;
}

function engineOf(input: CreateCacheClusterMessage): 'redis' | 'valkey' {
  const engine = (input.Engine ?? 'redis').toLowerCase();
  if (engine === 'memcached') {
    throw new InvalidParameterValueException('Engine memcached is not supported by elasticache-local: its cache nodes are Redis OSS and Valkey servers.');
  }
  if (engine !== 'redis' && engine !== 'valkey') throw new InvalidParameterValueException(`Invalid value for parameter Engine: ${input.Engine}. Valid values are redis, valkey, memcached.`);
  return engine;
}

function validateCreate(input: CreateCacheClusterMessage, ctx: HandlerContext): CacheClusterRecord {
  const id = identifier('CacheClusterId', input.CacheClusterId, MAX_CLUSTER_ID);
  if (input.ReplicationGroupId !== undefined) {
    // Replication groups arrive with their own issue; until then none exists to join.
    throw new ReplicationGroupNotFoundFault(`ReplicationGroup ${input.ReplicationGroupId.toLowerCase()} not found`);
  }
  const engine = engineOf(input);
  const numNodes = input.NumCacheNodes ?? 1;
  if (numNodes < 1) throw new InvalidParameterValueException(`Invalid value for parameter NumCacheNodes: ${numNodes}. It must be at least 1.`);
  if (numNodes > 1) throw new InvalidParameterValueException('Cannot create a Redis cluster with a NumCacheNodes parameter greater than 1.');
  if (input.CacheNodeType === undefined || input.CacheNodeType === '') {
    throw new InvalidParameterValueException('The parameter CacheNodeType must be provided and must not be blank.');
  }
  if (!isKnownNodeType(input.CacheNodeType)) throw new InvalidParameterValueException(`Invalid CacheNodeType: ${input.CacheNodeType}`);
  const version = input.EngineVersion === undefined ? defaultVersion(engine)! : resolveVersion(engine, input.EngineVersion);
  if (!version) throw new InvalidParameterCombinationException(`Cannot find version ${input.EngineVersion} for ${engine}`);

  const parameterGroup = parameterGroupFor(ctx, input.CacheParameterGroupName, version.family);
  if (parameterValue(parameterGroup, 'cluster-enabled') === 'yes') {
    throw new InvalidParameterCombinationException('Cluster mode should be disabled in parameter group, but found it is enabled.');
  }
  const subnetGroup = findSubnetGroup(ctx, input.CacheSubnetGroupName ?? DEFAULT_SUBNET_GROUP);
  if ((input.CacheSecurityGroupNames ?? []).length > 0) throw new InvalidParameterValueException(CACHE_SECURITY_GROUPS_NOT_PERMITTED);
  if (input.SnapshotName !== undefined) throw new SnapshotNotFoundFault(`Snapshot ${input.SnapshotName} not found.`);
  if (input.AuthToken !== undefined && !input.TransitEncryptionEnabled) {
    throw new InvalidParameterValueException('The AUTH token is only supported when encryption-in-transit is enabled');
  }
  if (input.AZMode !== undefined || input.PreferredAvailabilityZones !== undefined) {
    throw new InvalidParameterCombinationException('AZMode and PreferredAvailabilityZones are only supported for Memcached clusters.');
  }

  const zones = availabilityZones(ctx.region);
  let az = input.PreferredAvailabilityZone;
  if (az !== undefined && !zones.includes(az)) {
    throw new InvalidParameterValueException(`Invalid value for parameter PreferredAvailabilityZone: ${az}. Valid zones in ${ctx.region} are ${zones.join(', ')}.`);
  }
  const subnetZones = subnetGroupZones(subnetGroup);
  if (az !== undefined && !subnetZones.includes(az)) {
    throw new InvalidParameterCombinationException(
      `The availability zone ${az} is not in cache subnet group ${subnetGroup.name}, whose subnets are in ${subnetZones.join(', ')}.`,
    );
  }
  // "No preference": AWS picks a zone of the subnet group; a stable pick per id keeps repeated runs alike.
  az ??= subnetZones[[...id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % subnetZones.length];

  let maintenance = defaultMaintenanceWindow(ctx.region, id);
  if (input.PreferredMaintenanceWindow !== undefined) {
    const minutes = maintenanceWindowMinutes(input.PreferredMaintenanceWindow);
    if (minutes === null || minutes < 60) {
      throw new InvalidParameterValueException(
        `Invalid value for parameter PreferredMaintenanceWindow: ${input.PreferredMaintenanceWindow}. The format is ddd:hh24:mi-ddd:hh24:mi (UTC) and the window must be at least 60 minutes.`,
      );
    }
    maintenance = input.PreferredMaintenanceWindow.toLowerCase();
  }
  let snapshotWindow = defaultSnapshotWindow(id);
  if (input.SnapshotWindow !== undefined) {
    const minutes = snapshotWindowMinutes(input.SnapshotWindow);
    if (minutes === null || minutes < 60) {
      throw new InvalidParameterValueException(
        `Invalid value for parameter SnapshotWindow: ${input.SnapshotWindow}. The format is hh24:mi-hh24:mi (UTC) and the window must be at least 60 minutes.`,
      );
    }
    snapshotWindow = input.SnapshotWindow;
  }
  const retention = input.SnapshotRetentionLimit ?? 0;
  if (retention < 0 || retention > 35) {
    throw new InvalidParameterValueException(`Invalid value for parameter SnapshotRetentionLimit: ${retention}. It must be between 0 and 35.`);
  }
  if (retention > 0 && input.CacheNodeType === 'cache.t1.micro') {
    throw new InvalidParameterCombinationException('Snapshots are not supported for cache.t1.micro cache nodes.');
  }
  const networkType = input.NetworkType ?? 'ipv4';
  if (!['ipv4', 'ipv6', 'dual_stack'].includes(networkType)) throw new InvalidParameterValueException(`Invalid value for parameter NetworkType: ${networkType}`);
  const ipDiscovery = input.IpDiscovery ?? 'ipv4';
  if (!['ipv4', 'ipv6'].includes(ipDiscovery)) throw new InvalidParameterValueException(`Invalid value for parameter IpDiscovery: ${ipDiscovery}`);

  return {
    account: ctx.account,
    region: ctx.region,
    id,
    arn: arnOf(ctx, 'cluster', id),
    status: 'creating',
    engine,
    engineVersion: version.version,
    cacheNodeType: input.CacheNodeType,
    numCacheNodes: 1,
    port: port(input.Port, 6379),
    preferredAvailabilityZone: az,
    preferredMaintenanceWindow: maintenance,
    cacheParameterGroupName: parameterGroup.name,
    cacheSubnetGroupName: subnetGroup.name,
    securityGroupIds: input.SecurityGroupIds ?? [],
    cacheSecurityGroupNames: (input.CacheSecurityGroupNames ?? []).map((n) => n.toLowerCase()),
    snapshotRetentionLimit: retention,
    snapshotWindow,
    autoMinorVersionUpgrade: input.AutoMinorVersionUpgrade ?? true,
    transitEncryptionEnabled: input.TransitEncryptionEnabled ?? false,
    atRestEncryptionEnabled: false,
    authTokenEnabled: input.AuthToken !== undefined,
    networkType,
    ipDiscovery,
    notificationTopicArn: input.NotificationTopicArn,
    createdAt: ctx.now(),
    nodes: [{ id: '0001', status: 'creating', port: null, address: null, availabilityZone: az, createdAt: null }],
  };
}

export const cacheClusterHandlers = {
  CreateCacheCluster(input, ctx) {
    const rec = validateCreate(input, ctx);
    const newTags = tags(input.Tags);
    ctx.state.transaction(() => {
      if (ctx.state.cacheClusters.get(ctx.account, ctx.region, rec.id)) throw new CacheClusterAlreadyExistsFault(`Cache cluster ${rec.id} already exists.`);
      ctx.state.cacheClusters.insert(rec);
      ctx.state.tags.add(rec.arn, newTags);
    });
    ctx.provisioner.cacheClusterCreated(rec);
    return { CacheCluster: cacheClusterView(rec, false) };
  },

  DescribeCacheClusters(input, ctx) {
    const pageSize = maxRecords(input.MaxRecords);
    let list: CacheClusterRecord[];
    if (input.CacheClusterId !== undefined) list = [findCluster(ctx, input.CacheClusterId)];
    else list = ctx.state.cacheClusters.list(ctx.account, ctx.region);
    if (input.ShowCacheClustersNotInReplicationGroups) list = list.filter((r) => r.replicationGroupId === undefined);
    const { page, marker } = paginate(list, input.Marker, pageSize);
    return { CacheClusters: page.map((r) => cacheClusterView(r, input.ShowCacheNodeInfo ?? false)), Marker: marker };
  },

  DeleteCacheCluster(input, ctx) {
    const rec = ctx.state.transaction(() => {
      const current = findCluster(ctx, input.CacheClusterId);
      if (current.status !== 'available') {
        throw new InvalidCacheClusterStateFault(`Cache cluster ${current.id} is not in a valid state to be deleted.`);
      }
      if (input.FinalSnapshotIdentifier !== undefined) {
        throw new InvalidParameterValueException('FinalSnapshotIdentifier is not supported by elasticache-local yet: snapshots arrive with their own issue.');
      }
      current.status = 'deleting';
      ctx.state.cacheClusters.update(current);
      return current;
    });
    ctx.provisioner.cacheClusterDeleting(rec);
    return { CacheCluster: cacheClusterView(rec, false) };
  },
} satisfies HandlerTable;
