import type { CacheClusterRecord } from '../../state/cache-clusters.ts';
import type { ReplicationGroupRecord } from '../../state/replication-groups.ts';
import { arnOf } from '../arn.ts';
import { compareVersions, type EngineVersionInfo } from '../catalog/engine-versions.ts';
import { parameterValue } from '../catalog/parameters.ts';
import { availabilityZones } from '../catalog/regions.ts';
import { authTokenOf, engineOf, engineVersionOf, maintenanceWindowOf, networkOf, nodeTypeOf, retentionOf, snapshotWindowOf } from '../cluster-settings.ts';
import type { HandlerContext, HandlerTable } from '../handler-types.ts';
import {
  APICallRateForCustomerExceededFault,
  CacheClusterAlreadyExistsFault,
  CacheClusterNotFoundFault,
  ClusterQuotaForCustomerExceededFault,
  InvalidCacheClusterStateFault,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  InvalidReplicationGroupStateFault,
  NodeGroupNotFoundFault,
  ReplicationGroupAlreadyExistsFault,
  ReplicationGroupNotFoundFault,
  SnapshotNotFoundFault,
} from '../model/generated/faults.ts';
import type { CreateCacheClusterMessage, ReplicationGroup } from '../model/generated/types.ts';
import { identifier, maxRecords, paginate, port, tags } from '../validation.ts';
import { replicationGroupView } from '../views/replication-group.ts';
import { decideClusterMode, planNodeGroups } from '../cluster-mode.ts';
import { refuseWhileCompatible, requestClusterModeChange } from '../cluster-mode-change.ts';
import { shardsOf } from '../../state/node-groups.ts';
import { checkClusterFailover, createNodeGroups, decreaseShardReplicas, increaseShardReplicas } from './node-groups.ts';
import { parameterGroupFor } from './parameter-groups.ts';
import { CACHE_SECURITY_GROUPS_NOT_PERMITTED } from './security-groups.ts';
import { DEFAULT_SUBNET_GROUP, findSubnetGroup, subnetGroupZones } from './subnet-groups.ts';

const MAX_GROUP_ID = 40;
const MAX_MEMBERS = 6;

export function findReplicationGroup(ctx: HandlerContext, rawId: string): ReplicationGroupRecord {
  const rg = ctx.state.replicationGroups.get(ctx.account, ctx.region, rawId.toLowerCase());
  if (!rg) throw new ReplicationGroupNotFoundFault(`ReplicationGroup ${rawId.toLowerCase()} not found`);
  return rg;
}

function membersOf(ctx: HandlerContext, rg: ReplicationGroupRecord): CacheClusterRecord[] {
  return rg.members.map((id) => ctx.state.cacheClusters.get(ctx.account, ctx.region, id)).filter((m): m is CacheClusterRecord => m !== undefined);
}

export function viewOf(ctx: HandlerContext, rg: ReplicationGroupRecord): ReplicationGroup {
  return replicationGroupView(rg, membersOf(ctx, rg), ctx.provisioner.endpointHosts);
}

export function requireAvailable(rg: ReplicationGroupRecord): void {
  if (rg.status !== 'available') throw new InvalidReplicationGroupStateFault(`Replication group ${rg.id} is not in available state.`);
}

function memberId(rg: ReplicationGroupRecord): string {
  return `${rg.id}-${String(rg.nextMember++).padStart(3, '0')}`;
}

/** Where a group's placement starts: a zone picked by its id, so groups spread over the zones. */
export function zoneOffset(id: string, zones: string[]): number {
  return [...id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % zones.length;
}

/** Spreads members over zones: the primary first, each replica in the next zone (AWS keeps them apart where it can). */
export function placement(zones: string[], count: number, offset: number): string[] {
  return Array.from({ length: count }, (_, i) => zones[(offset + i) % zones.length]);
}

/** A member cluster of a group: one node, with the group's settings. */
export function memberRecord(ctx: HandlerContext, rg: ReplicationGroupRecord, id: string, az: string): CacheClusterRecord {
  return {
    account: ctx.account,
    region: ctx.region,
    id,
    arn: arnOf(ctx, 'cluster', id),
    status: 'creating',
    engine: rg.engine,
    engineVersion: rg.engineVersion,
    cacheNodeType: rg.cacheNodeType,
    numCacheNodes: 1,
    port: rg.port,
    preferredAvailabilityZone: az,
    preferredMaintenanceWindow: rg.preferredMaintenanceWindow,
    cacheParameterGroupName: rg.cacheParameterGroupName,
    cacheSubnetGroupName: rg.cacheSubnetGroupName,
    securityGroupIds: rg.securityGroupIds,
    cacheSecurityGroupNames: [],
    snapshotRetentionLimit: rg.snapshotRetentionLimit,
    snapshotWindow: rg.snapshotWindow,
    autoMinorVersionUpgrade: rg.autoMinorVersionUpgrade,
    transitEncryptionEnabled: rg.transitEncryptionEnabled,
    atRestEncryptionEnabled: rg.atRestEncryptionEnabled,
    authTokenEnabled: rg.authTokenEnabled,
    networkType: rg.networkType,
    ipDiscovery: rg.ipDiscovery,
    replicationGroupId: rg.id,
    createdAt: ctx.now(),
    nodes: [{ id: '0001', status: 'creating', port: null, address: null, availabilityZone: az, createdAt: null }],
  };
}

/** A new parameter group for a group: cluster-enabled cannot change with it. */
function parameterGroupOf(ctx: HandlerContext, requested: string | undefined, version: EngineVersionInfo, clusterEnabled: boolean): string {
  const group = parameterGroupFor(ctx, requested, version.family);
  if ((parameterValue(group, 'cluster-enabled') === 'yes') !== clusterEnabled) {
    throw new InvalidParameterCombinationException(
      'The parameter cluster-enabled has a different value in the requested parameter group than the current parameter group. This parameter value cannot be changed for a cache cluster',
    );
  }
  return group.name;
}

/** Tags of a group reach its member clusters, as on AWS. */
export function copyTags(ctx: HandlerContext, rg: ReplicationGroupRecord, memberIds: string[]): void {
  const groupTags = ctx.state.tags.list(rg.arn);
  for (const id of memberIds) ctx.state.tags.add(arnOf(ctx, 'cluster', id), groupTags);
}

export const replicationGroupHandlers = {
  CreateReplicationGroup(input, ctx) {
    const id = identifier('ReplicationGroupId', input.ReplicationGroupId, MAX_GROUP_ID);
    if (input.ReplicationGroupDescription.trim() === '') {
      throw new InvalidParameterValueException('The parameter ReplicationGroupDescription must be provided and must not be blank.');
    }
    if (input.GlobalReplicationGroupId !== undefined) throw new InvalidParameterValueException('Global datastores are not supported by elasticache-local yet.');
    if (input.SnapshotName !== undefined) throw new SnapshotNotFoundFault(`Snapshot ${input.SnapshotName} not found.`);
    if (input.SnapshotArns !== undefined && input.SnapshotArns.length > 0) {
      throw new InvalidParameterValueException('Seeding from S3 RDB files is not supported by elasticache-local yet.');
    }
    if (input.UserGroupIds !== undefined && input.UserGroupIds.length > 0) {
      throw new InvalidParameterValueException('User groups are not supported by elasticache-local yet.');
    }

    // The adopted primary (PrimaryClusterId) fixes engine, version and node type.
    let primary: CacheClusterRecord | undefined;
    if (input.PrimaryClusterId !== undefined) {
      primary = ctx.state.cacheClusters.get(ctx.account, ctx.region, input.PrimaryClusterId.toLowerCase());
      if (!primary) throw new CacheClusterNotFoundFault(`CacheCluster not found: ${input.PrimaryClusterId.toLowerCase()}`);
      if (primary.status !== 'available') throw new InvalidCacheClusterStateFault(`Cache cluster ${primary.id} is not in available state.`);
      if (primary.replicationGroupId !== undefined) {
        throw new InvalidParameterValueException(`Cache cluster ${primary.id} is already a member of replication group ${primary.replicationGroupId}.`);
      }
    }
    const engine = primary ? (primary.engine as 'redis' | 'valkey') : engineOf(input.Engine);
    const nodeType = primary ? primary.cacheNodeType : nodeTypeOf(input.CacheNodeType);
    const version = engineVersionOf(engine, primary ? primary.engineVersion : input.EngineVersion);
    if (primary && ((input.NumNodeGroups ?? 1) > 1 || (input.NodeGroupConfiguration?.length ?? 0) > 1 || (input.ClusterMode ?? 'disabled').toLowerCase() !== 'disabled')) {
      throw new InvalidParameterCombinationException('PrimaryClusterId cannot be used to create a replication group with cluster mode enabled.');
    }
    const cluster = primary ? undefined : decideClusterMode(ctx, input, version.family);
    const groupName = primary ? primary.cacheParameterGroupName : cluster!.parameterGroup.name;
    const shards = cluster?.enabled ? planNodeGroups(input, version.version, ctx.provisioner.clusterNodeQuota) : undefined;

    let count: number;
    if (shards) {
      count = shards.reduce((n, s) => n + 1 + s.replicaCount, 0);
    } else if (input.NumCacheClusters !== undefined) {
      if (input.ReplicasPerNodeGroup !== undefined) {
        throw new InvalidParameterCombinationException('NumCacheClusters and ReplicasPerNodeGroup cannot both be specified.');
      }
      count = input.NumCacheClusters;
    } else if (input.ReplicasPerNodeGroup !== undefined) {
      count = input.ReplicasPerNodeGroup + 1;
    } else {
      count = input.NodeGroupConfiguration?.[0]?.ReplicaCount !== undefined ? input.NodeGroupConfiguration[0].ReplicaCount + 1 : input.AutomaticFailoverEnabled ? 2 : 1;
    }
    if (!shards && (count < 1 || count > MAX_MEMBERS)) {
      throw new InvalidParameterValueException(`Invalid value for NumCacheClusters: ${count}. A replication group has 1 to ${MAX_MEMBERS} cache clusters (a primary and up to 5 replicas).`);
    }
    const automaticFailover = input.AutomaticFailoverEnabled ?? false;
    if (!shards && automaticFailover && count < 2) {
      throw new InvalidParameterCombinationException('When using automatic failover, there must be at least 2 cache clusters in the replication group.');
    }
    if (shards) checkClusterFailover(shards, automaticFailover, input.MultiAZEnabled ?? false);
    if (automaticFailover && nodeType.startsWith('cache.t1.')) {
      throw new InvalidParameterCombinationException('Automatic failover is not supported for T1 cache node types.');
    }
    const multiAZ = input.MultiAZEnabled ?? false;
    if (multiAZ && !automaticFailover) {
      throw new InvalidParameterCombinationException('Multi-AZ requires automatic failover to be enabled (AutomaticFailoverEnabled=true).');
    }
    if ((input.CacheSecurityGroupNames ?? []).length > 0) throw new InvalidParameterValueException(CACHE_SECURITY_GROUPS_NOT_PERMITTED);
    const subnetGroup = findSubnetGroup(ctx, input.CacheSubnetGroupName ?? primary?.cacheSubnetGroupName ?? DEFAULT_SUBNET_GROUP);
    const regionZones = availabilityZones(ctx.region);
    const zones = subnetGroupZones(subnetGroup);
    const requestedAZs = input.PreferredCacheClusterAZs ?? input.NodeGroupConfiguration?.[0]?.ReplicaAvailabilityZones;
    // Cluster mode places each shard's nodes itself (NodeGroupConfiguration); PreferredCacheClusterAZs is not used there.
    let azs: string[] = [];
    if (!shards && input.PreferredCacheClusterAZs !== undefined) {
      if (input.PreferredCacheClusterAZs.length !== count) {
        throw new InvalidParameterValueException(
          `The number of PreferredCacheClusterAZs (${input.PreferredCacheClusterAZs.length}) must equal the number of cache clusters (${count}).`,
        );
      }
      azs = input.PreferredCacheClusterAZs;
    } else if (!shards && input.NodeGroupConfiguration?.[0]?.PrimaryAvailabilityZone !== undefined) {
      azs = [input.NodeGroupConfiguration[0].PrimaryAvailabilityZone, ...(requestedAZs ?? placement(zones, count - 1, zones.indexOf(input.NodeGroupConfiguration[0].PrimaryAvailabilityZone) + 1))];
    } else if (!shards) {
      const offset = zoneOffset(id, zones);
      azs = placement(zones, count, offset);
      if (primary) azs[0] = primary.preferredAvailabilityZone;
    }
    for (const az of azs) {
      if (!regionZones.includes(az)) throw new InvalidParameterValueException(`Invalid availability zone ${az}: valid zones in ${ctx.region} are ${regionZones.join(', ')}.`);
      if (!zones.includes(az)) {
        throw new InvalidParameterCombinationException(`The availability zone ${az} is not in cache subnet group ${subnetGroup.name}, whose subnets are in ${zones.join(', ')}.`);
      }
    }
    const transit = input.TransitEncryptionEnabled ?? false;
    const network = networkOf(input.NetworkType, input.IpDiscovery);
    const rg: ReplicationGroupRecord = {
      account: ctx.account,
      region: ctx.region,
      id,
      arn: arnOf(ctx, 'replicationgroup', id),
      description: input.ReplicationGroupDescription,
      status: 'creating',
      engine,
      engineVersion: version.version,
      cacheNodeType: nodeType,
      port: port(input.Port, 6379),
      cacheParameterGroupName: groupName,
      cacheSubnetGroupName: subnetGroup.name,
      securityGroupIds: input.SecurityGroupIds ?? [],
      automaticFailover: automaticFailover ? (shards ? 'enabled' : 'enabling') : 'disabled',
      multiAZ,
      snapshotRetentionLimit: retentionOf(input.SnapshotRetentionLimit, nodeType),
      snapshotWindow: snapshotWindowOf(input.SnapshotWindow, id),
      preferredMaintenanceWindow: maintenanceWindowOf(input.PreferredMaintenanceWindow, ctx.region, id),
      transitEncryptionEnabled: transit,
      atRestEncryptionEnabled: input.AtRestEncryptionEnabled ?? engine === 'valkey',
      authTokenEnabled: authTokenOf(input.AuthToken, transit),
      autoMinorVersionUpgrade: input.AutoMinorVersionUpgrade ?? true,
      networkType: network.networkType,
      ipDiscovery: network.ipDiscovery,
      members: [],
      primaryClusterId: '',
      nextMember: 1,
      primaryEndpointPort: null,
      readerEndpointPort: null,
      replicationLagMs: 0,
      createdAt: ctx.now(),
      ...(cluster?.enabled ? { clusterEnabled: true, clusterMode: cluster.mode, nodeGroups: [], configurationEndpointPort: null } : {}),
    };
    const memberRecords: CacheClusterRecord[] = shards ? createNodeGroups(ctx, rg, shards, subnetGroup.name, zones) : [];
    if (primary) {
      rg.members.push(primary.id);
      rg.primaryClusterId = primary.id;
    }
    for (let i = primary ? 1 : 0; !shards && i < count; i++) {
      const member = memberRecord(ctx, rg, memberId(rg), azs[i]);
      memberRecords.push(member);
      rg.members.push(member.id);
    }
    if (!shards) rg.primaryClusterId ||= rg.members[0];
    if (rg.snapshotRetentionLimit > 0 && !shards) rg.snapshottingClusterId = rg.members[rg.members.length > 1 ? 1 : 0];
    const groupTags = tags(input.Tags);
    ctx.state.transaction(() => {
      if (ctx.state.replicationGroups.get(ctx.account, ctx.region, id)) throw new ReplicationGroupAlreadyExistsFault('Replication group with specified name already exists.');
      for (const m of memberRecords) {
        if (ctx.state.cacheClusters.get(ctx.account, ctx.region, m.id)) throw new InvalidParameterValueException(`A cache cluster named ${m.id} already exists.`);
      }
      ctx.state.replicationGroups.insert(rg);
      ctx.state.tags.add(rg.arn, groupTags);
      for (const m of memberRecords) ctx.state.cacheClusters.insert(m);
      if (primary) {
        primary.replicationGroupId = rg.id;
        ctx.state.cacheClusters.update(primary);
      }
      copyTags(ctx, rg, rg.members);
    });
    ctx.provisioner.replicationGroupChanged(rg);
    return { ReplicationGroup: viewOf(ctx, rg) };
  },

  DescribeReplicationGroups(input, ctx) {
    const pageSize = maxRecords(input.MaxRecords);
    const list = input.ReplicationGroupId !== undefined ? [findReplicationGroup(ctx, input.ReplicationGroupId)] : ctx.state.replicationGroups.list(ctx.account, ctx.region);
    const { page, marker } = paginate(list, input.Marker, pageSize);
    return { ReplicationGroups: page.map((rg) => viewOf(ctx, rg)), Marker: marker };
  },

  ModifyReplicationGroup(input, ctx) {
    const rg = ctx.state.transaction(() => {
      const rg = findReplicationGroup(ctx, input.ReplicationGroupId);
      requireAvailable(rg);
      const before = JSON.stringify(rg);
      let needsWork = false;
      if (input.ClusterMode !== undefined) {
        requestClusterModeChange(ctx, rg, input);
        needsWork = true;
      } else {
        if (input.CacheNodeType !== undefined && input.CacheNodeType !== rg.cacheNodeType) refuseWhileCompatible(rg, 'Scaling the node type');
        if (input.EngineVersion !== undefined) refuseWhileCompatible(rg, 'Changing the engine version');
      }
      if (input.ReplicationGroupDescription !== undefined) {
        if (input.ReplicationGroupDescription.length > 255) throw new InvalidParameterValueException('ReplicationGroupDescription must be at most 255 characters.');
        rg.description = input.ReplicationGroupDescription;
      }
      if (input.SnapshotRetentionLimit !== undefined) rg.snapshotRetentionLimit = retentionOf(input.SnapshotRetentionLimit, rg.cacheNodeType);
      if (input.SnapshotWindow !== undefined) rg.snapshotWindow = snapshotWindowOf(input.SnapshotWindow, rg.id);
      if (input.SnapshottingClusterId !== undefined) {
        const sid = input.SnapshottingClusterId.toLowerCase();
        if (!rg.members.includes(sid)) throw new InvalidParameterValueException(`Cache cluster ${sid} is not a member of replication group ${rg.id}.`);
        rg.snapshottingClusterId = sid;
      } else if (rg.snapshotRetentionLimit > 0 && rg.snapshottingClusterId === undefined) {
        rg.snapshottingClusterId = rg.members[rg.members.length > 1 ? 1 : 0];
      }
      if (input.PreferredMaintenanceWindow !== undefined) rg.preferredMaintenanceWindow = maintenanceWindowOf(input.PreferredMaintenanceWindow, ctx.region, rg.id);
      if (input.CacheParameterGroupName !== undefined && input.ClusterMode === undefined) rg.cacheParameterGroupName = parameterGroupOf(ctx, input.CacheParameterGroupName, engineVersionOf(rg.engine, rg.engineVersion), rg.clusterEnabled === true);
      if (input.SecurityGroupIds !== undefined) rg.securityGroupIds = input.SecurityGroupIds;
      if (input.AutoMinorVersionUpgrade !== undefined) rg.autoMinorVersionUpgrade = input.AutoMinorVersionUpgrade;
      if (input.CacheNodeType !== undefined && input.CacheNodeType !== rg.cacheNodeType) {
        rg.cacheNodeType = nodeTypeOf(input.CacheNodeType);
        needsWork = true;
      }
      if (input.EngineVersion !== undefined) {
        const v = engineVersionOf(input.Engine ? engineOf(input.Engine) : rg.engine, input.EngineVersion);
        if (compareVersions(v.version, rg.engineVersion) < 0) {
          throw new InvalidParameterValueException(`Cannot downgrade engine version from ${rg.engineVersion} to ${v.version}.`);
        }
        if (v.version !== rg.engineVersion) {
          rg.engineVersion = v.version;
          needsWork = true;
        }
      }
      if (rg.clusterEnabled && input.AutomaticFailoverEnabled === false) {
        throw new InvalidParameterCombinationException('Turning off automatic failover for replication group with cluster mode enabled is not supported.');
      }
      if (rg.clusterEnabled && input.PrimaryClusterId !== undefined) {
        throw new InvalidParameterCombinationException('PrimaryClusterId cannot be set for a replication group with cluster mode enabled: each shard has its own primary.');
      }
      const wantsFailover = input.AutomaticFailoverEnabled ?? (rg.automaticFailover === 'enabled' || rg.automaticFailover === 'enabling');
      const wantsMultiAZ = input.MultiAZEnabled ?? (input.AutomaticFailoverEnabled === false ? false : rg.multiAZ);
      if (wantsMultiAZ && !wantsFailover) {
        throw new InvalidParameterCombinationException('Multi-AZ requires automatic failover to be enabled (AutomaticFailoverEnabled=true).');
      }
      if (wantsFailover && rg.automaticFailover === 'disabled') {
        if (rg.members.length < 2) throw new InvalidParameterCombinationException('When using automatic failover, there must be at least 2 cache clusters in the replication group.');
        if (rg.cacheNodeType.startsWith('cache.t1.')) throw new InvalidParameterCombinationException('Automatic failover is not supported for T1 cache node types.');
        rg.automaticFailover = 'enabling';
        needsWork = true;
      } else if (!wantsFailover && rg.automaticFailover === 'enabled') {
        rg.automaticFailover = 'disabling';
        needsWork = true;
      }
      rg.multiAZ = wantsMultiAZ;
      if (input.PrimaryClusterId !== undefined) {
        const target = input.PrimaryClusterId.toLowerCase();
        if (rg.automaticFailover !== 'disabled') {
          throw new InvalidReplicationGroupStateFault('Cannot manually promote a new master cache cluster while autofailover is enabled');
        }
        if (!rg.members.includes(target)) throw new InvalidParameterValueException(`Cache cluster ${target} is not a member of replication group ${rg.id}.`);
        if (target !== rg.primaryClusterId) {
          rg.primaryClusterId = target;
          needsWork = true;
        }
      }
      if (JSON.stringify(rg) === before) throw new InvalidParameterCombinationException('No modifications were requested.');
      if (needsWork) rg.status = 'modifying';
      ctx.state.replicationGroups.update(rg);
      for (const m of membersOf(ctx, rg)) {
        m.cacheNodeType = rg.cacheNodeType;
        m.engineVersion = rg.engineVersion;
        m.cacheParameterGroupName = rg.cacheParameterGroupName;
        m.preferredMaintenanceWindow = rg.preferredMaintenanceWindow;
        m.snapshotRetentionLimit = rg.snapshotRetentionLimit;
        m.snapshotWindow = rg.snapshotWindow;
        m.securityGroupIds = rg.securityGroupIds;
        if (needsWork) m.status = 'modifying';
        ctx.state.cacheClusters.update(m);
      }
      return rg;
    });
    if (rg.status === 'modifying') ctx.provisioner.replicationGroupChanged(rg);
    // Another parameter group applies at once (AWS applies it without a reboot, immediate parameters first).
    else for (const m of membersOf(ctx, rg)) ctx.provisioner.applySettings(m);
    return { ReplicationGroup: viewOf(ctx, rg) };
  },

  IncreaseReplicaCount(input, ctx) {
    if (!input.ApplyImmediately) throw new InvalidParameterValueException('ApplyImmediately must be true: IncreaseReplicaCount applies immediately.');
    const rg = ctx.state.transaction(() => {
      const rg = findReplicationGroup(ctx, input.ReplicationGroupId);
      requireAvailable(rg);
      refuseWhileCompatible(rg, 'IncreaseReplicaCount');
      if (rg.clusterEnabled) return increaseShardReplicas(ctx, rg, input);
      const shard = input.ReplicaConfiguration?.[0];
      const target = input.NewReplicaCount ?? shard?.NewReplicaCount;
      if (target === undefined) throw new InvalidParameterValueException('Either NewReplicaCount or ReplicaConfiguration must be provided.');
      const replicas = rg.members.length - 1;
      if (target <= replicas) throw new InvalidParameterValueException(`The new replica count (${target}) must be greater than the current replica count (${replicas}).`);
      if (target > MAX_MEMBERS - 1) throw new InvalidParameterValueException(`The new replica count (${target}) exceeds the maximum of ${MAX_MEMBERS - 1} replicas.`);
      const zones = subnetGroupZones(findSubnetGroup(ctx, rg.cacheSubnetGroupName ?? DEFAULT_SUBNET_GROUP));
      const preferred = shard?.PreferredAvailabilityZones;
      const used = membersOf(ctx, rg).map((m) => m.preferredAvailabilityZone);
      const added: CacheClusterRecord[] = [];
      for (let i = 0; i < target - replicas; i++) {
        const az = preferred?.[replicas + 1 + i] ?? preferred?.[i] ?? zones.find((z) => !used.includes(z)) ?? zones[(used.length + i) % zones.length];
        if (!zones.includes(az)) throw new InvalidParameterValueException(`Invalid availability zone ${az}.`);
        used.push(az);
        const m = memberRecord(ctx, rg, memberId(rg), az);
        added.push(m);
        rg.members.push(m.id);
      }
      for (const m of added) {
        if (ctx.state.cacheClusters.get(ctx.account, ctx.region, m.id)) throw new ClusterQuotaForCustomerExceededFault(`A cache cluster named ${m.id} already exists.`);
        ctx.state.cacheClusters.insert(m);
      }
      copyTags(ctx, rg, added.map((m) => m.id));
      rg.status = 'modifying';
      ctx.state.replicationGroups.update(rg);
      return rg;
    });
    ctx.provisioner.replicationGroupChanged(rg);
    return { ReplicationGroup: viewOf(ctx, rg) };
  },

  DecreaseReplicaCount(input, ctx) {
    if (!input.ApplyImmediately) throw new InvalidParameterValueException('ApplyImmediately must be true: DecreaseReplicaCount applies immediately.');
    const rg = ctx.state.transaction(() => {
      const rg = findReplicationGroup(ctx, input.ReplicationGroupId);
      requireAvailable(rg);
      refuseWhileCompatible(rg, 'DecreaseReplicaCount');
      if (rg.clusterEnabled) return decreaseShardReplicas(ctx, rg, input);
      const replicas = rg.members.filter((id) => id !== rg.primaryClusterId);
      let remove: string[];
      if (input.ReplicasToRemove !== undefined && input.ReplicasToRemove.length > 0) {
        remove = input.ReplicasToRemove.map((r) => r.toLowerCase());
        for (const r of remove) {
          if (r === rg.primaryClusterId) throw new InvalidParameterValueException(`Cache cluster ${r} is the primary of replication group ${rg.id} and cannot be removed.`);
          if (!replicas.includes(r)) throw new InvalidParameterValueException(`Cache cluster ${r} is not a replica of replication group ${rg.id}.`);
        }
      } else {
        const target = input.NewReplicaCount ?? input.ReplicaConfiguration?.[0]?.NewReplicaCount;
        if (target === undefined) throw new InvalidParameterValueException('Either NewReplicaCount, ReplicaConfiguration or ReplicasToRemove must be provided.');
        if (target < 0 || target >= replicas.length) {
          throw new InvalidParameterValueException(`The new replica count (${target}) must be less than the current replica count (${replicas.length}).`);
        }
        remove = replicas.slice(target).reverse();
      }
      const remaining = replicas.length - remove.length;
      const minimum = rg.multiAZ ? 1 : 0;
      if (remaining < minimum) throw new InvalidParameterValueException(`A Multi-AZ replication group must keep at least ${minimum} replica.`);
      if (remaining < 1 && rg.automaticFailover !== 'disabled') {
        throw new InvalidParameterCombinationException('When using automatic failover, there must be at least 2 cache clusters in the replication group.');
      }
      return beginReplicaRemoval(ctx, rg, remove);
    });
    ctx.provisioner.replicationGroupChanged(rg);
    return { ReplicationGroup: viewOf(ctx, rg) };
  },

  TestFailover(input, ctx) {
    const rg = findReplicationGroup(ctx, input.ReplicationGroupId);
    const shard = /^\d{1,4}$/.test(input.NodeGroupId) ? shardsOf(rg).find((s) => s.id === input.NodeGroupId || s.id === input.NodeGroupId.padStart(4, '0')) : undefined;
    if (!shard) throw new NodeGroupNotFoundFault(`NodeGroup ${input.NodeGroupId} not found in replication group ${rg.id}`);
    requireAvailable(rg);
    if (rg.automaticFailover !== 'enabled') {
      throw new InvalidReplicationGroupStateFault(`TestFailover requires automatic failover: it is ${rg.automaticFailover} for replication group ${rg.id}.`);
    }
    if (shard.members.length < 2) throw new InvalidReplicationGroupStateFault(`Node group ${shard.id} of replication group ${rg.id} has no replica to fail over to.`);
    const limit = ctx.provisioner.testFailoverLimit;
    if (ctx.provisioner.failover.testFailoverCount(ctx.account, ctx.now()) >= limit) {
      throw new APICallRateForCustomerExceededFault(`You can test failover of at most ${limit} node groups in any rolling 24-hour period.`);
    }
    ctx.provisioner.failover.recordTestFailover(ctx.account, ctx.now());
    ctx.provisioner.failover.testFailover(rg, shard.id);
    return { ReplicationGroup: viewOf(ctx, rg) };
  },

  DeleteReplicationGroup(input, ctx) {
    if (input.FinalSnapshotIdentifier !== undefined) {
      throw new InvalidParameterValueException('FinalSnapshotIdentifier is not supported by elasticache-local yet: snapshots arrive with their own issue.');
    }
    const rg = ctx.state.transaction(() => {
      const rg = findReplicationGroup(ctx, input.ReplicationGroupId);
      for (const m of membersOf(ctx, rg)) {
        if (m.status !== 'available') throw new InvalidReplicationGroupStateFault(`Cache cluster ${m.id} is not in a valid state to be deleted`);
      }
      if (rg.status !== 'available') throw new InvalidReplicationGroupStateFault(`Replication group ${rg.id} is not in available state.`);
      if (input.RetainPrimaryCluster && rg.clusterEnabled) {
        throw new InvalidParameterCombinationException('RetainPrimaryCluster is not supported for a replication group with cluster mode enabled.');
      }
      if (input.RetainPrimaryCluster) {
        const primary = ctx.state.cacheClusters.get(ctx.account, ctx.region, rg.primaryClusterId)!;
        primary.replicationGroupId = undefined;
        ctx.state.cacheClusters.update(primary);
        rg.members = rg.members.filter((id) => id !== primary.id);
      }
      rg.status = 'deleting';
      ctx.state.replicationGroups.update(rg);
      for (const m of membersOf(ctx, rg)) {
        m.status = 'deleting';
        ctx.state.cacheClusters.update(m);
      }
      return rg;
    });
    ctx.provisioner.replicationGroupChanged(rg);
    return { ReplicationGroup: viewOf(ctx, rg) };
  },
} satisfies HandlerTable;


/** CreateCacheCluster with ReplicationGroupId: a new replica that takes the group's settings. */
export function addReplica(ctx: HandlerContext, input: CreateCacheClusterMessage, id: string): CacheClusterRecord {
  findReplicationGroup(ctx, input.ReplicationGroupId!);
  const groupSettings = [
    input.CacheNodeType,
    input.Engine,
    input.EngineVersion,
    input.CacheParameterGroupName,
    input.CacheSubnetGroupName,
    input.NumCacheNodes !== undefined && input.NumCacheNodes !== 1 ? input.NumCacheNodes : undefined,
    input.Port,
    input.SnapshotRetentionLimit,
    input.SnapshotWindow,
    input.AuthToken,
    input.TransitEncryptionEnabled,
  ];
  if (groupSettings.some((v) => v !== undefined)) {
    throw new InvalidParameterCombinationException('Cannot specify additional cache cluster parameters when creating a replica cluster');
  }
  const newTags = tags(input.Tags);
  const { rg, member } = ctx.state.transaction(() => {
    const rg = findReplicationGroup(ctx, input.ReplicationGroupId!);
    if (rg.clusterEnabled) {
      throw new InvalidParameterCombinationException(`Replication group ${rg.id} has cluster mode enabled: add replicas to its shards with IncreaseReplicaCount.`);
    }
    requireAvailable(rg);
    if (rg.members.length >= MAX_MEMBERS) {
      throw new InvalidParameterValueException(`Replication group ${rg.id} already has ${MAX_MEMBERS} cache clusters: a primary and up to 5 replicas.`);
    }
    if (ctx.state.cacheClusters.get(ctx.account, ctx.region, id)) throw new CacheClusterAlreadyExistsFault(`Cache cluster ${id} already exists.`);
    const zones = subnetGroupZones(findSubnetGroup(ctx, rg.cacheSubnetGroupName ?? DEFAULT_SUBNET_GROUP));
    const used = membersOf(ctx, rg).map((m) => m.preferredAvailabilityZone);
    const az = input.PreferredAvailabilityZone ?? zones.find((z) => !used.includes(z)) ?? zones[used.length % zones.length];
    if (!zones.includes(az)) throw new InvalidParameterValueException(`Invalid value for parameter PreferredAvailabilityZone: ${az}.`);
    const member = memberRecord(ctx, rg, id, az);
    ctx.state.cacheClusters.insert(member);
    copyTags(ctx, rg, [id]);
    ctx.state.tags.add(member.arn, newTags);
    rg.members.push(id);
    rg.status = 'modifying';
    ctx.state.replicationGroups.update(rg);
    return { rg, member };
  });
  ctx.provisioner.replicationGroupChanged(rg);
  return member;
}

/**
 * DeleteCacheCluster of a group member: replicas may go (not the last one a failover needs),
 * the primary may not.
 */
export function removeReplica(ctx: HandlerContext, cluster: CacheClusterRecord): CacheClusterRecord {
  const { rg, member } = ctx.state.transaction(() => {
    const rg = findReplicationGroup(ctx, cluster.replicationGroupId!);
    const member = ctx.state.cacheClusters.get(ctx.account, ctx.region, cluster.id)!;
    if (member.status !== 'available' || rg.status !== 'available') {
      throw new InvalidCacheClusterStateFault(`Cache cluster ${member.id} is not in a valid state to be deleted.`);
    }
    if (rg.clusterEnabled) {
      throw new InvalidCacheClusterStateFault(
        `Cannot delete cache cluster ${member.id}: it is a member of replication group ${rg.id}, which has cluster mode enabled; use DecreaseReplicaCount or ModifyReplicationGroupShardConfiguration.`,
      );
    }
    if (rg.primaryClusterId === member.id) {
      throw new InvalidCacheClusterStateFault(`Cannot delete cache cluster ${member.id}: it is serving as primary for replication group ${rg.id}.`);
    }
    if (rg.members.length === 1) {
      throw new InvalidCacheClusterStateFault(`Cannot delete cache cluster ${member.id}: it is the only member of a replication group.`);
    }
    if (rg.automaticFailover !== 'disabled' && rg.members.length <= 2) {
      throw new InvalidCacheClusterStateFault(`Cannot delete cache cluster ${member.id}: it is the last replica of replication group ${rg.id}, which has automatic failover enabled.`);
    }
    member.status = 'deleting';
    ctx.state.cacheClusters.update(member);
    rg.status = 'modifying';
    ctx.state.replicationGroups.update(rg);
    return { rg, member };
  });
  ctx.provisioner.replicationGroupChanged(rg);
  return member;
}

/** Marks the replicas being removed `deleting` and the group `modifying`; the provisioner does the rest. */
export function beginReplicaRemoval(ctx: HandlerContext, rg: ReplicationGroupRecord, ids: Iterable<string>): ReplicationGroupRecord {
  for (const id of ids) {
    const m = ctx.state.cacheClusters.get(ctx.account, ctx.region, id)!;
    m.status = 'deleting';
    ctx.state.cacheClusters.update(m);
  }
  rg.status = 'modifying';
  ctx.state.replicationGroups.update(rg);
  return rg;
}
