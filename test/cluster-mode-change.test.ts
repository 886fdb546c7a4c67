import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  CreateReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  IncreaseReplicaCountCommand,
  ModifyReplicationGroupCommand,
  ModifyReplicationGroupShardConfigurationCommand,
  TestFailoverCommand,
  type ElastiCacheClient,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { Cluster, Redis } from 'ioredis';
import type { Emulator } from '../bin/emulator.ts';
import { waitFor, useEmulator } from './helpers/emulator.ts';
import { fault } from './helpers/faults.ts';

const KEYS = 200;

async function group(client: ElastiCacheClient, id: string): Promise<ReplicationGroup> {
  return (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0];
}

async function available(client: ElastiCacheClient, id: string): Promise<ReplicationGroup> {
  return waitFor(async () => {
    const g = await group(client, id);
    return g.Status === 'available' ? g : undefined;
  }, 30_000, 20);
}

async function parameterGroupsOf(client: ElastiCacheClient, id: string): Promise<string[]> {
  const clusters = (await client.send(new DescribeCacheClustersCommand({}))).CacheClusters!.filter((c) => c.ReplicationGroupId === id);
  return [...new Set(clusters.map((c) => c.CacheParameterGroup!.CacheParameterGroupName!))];
}

/** Values of keys one GET each (pipelined): they span every slot. */
async function getAll(io: Redis, names: string[]): Promise<Array<string | null>> {
  const p = io.pipeline();
  for (const k of names) p.get(k);
  return (await p.exec())!.map(([err, v]) => {
    if (err) throw err;
    return v as string | null;
  });
}

function keys(prefix: string): string[] {
  return Array.from({ length: KEYS }, (_, i) => `${prefix}:${i}`);
}

/**
 * ModifyReplicationGroup ClusterMode: a cluster-mode-disabled group goes to compatible (plain
 * clients on the primary endpoint and cluster clients on the configuration endpoint both work,
 * data kept), then to enabled (an ordinary sharded group that reshards), or back to disabled.
 */
describe('ModifyReplicationGroup ClusterMode', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  useEmulator({}, (e, c) => {
    em = e;
    client = c;
  });

  const create = (id: string, extra: Record<string, unknown> = {}) =>
    client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: id, ReplicationGroupDescription: 'd', NumCacheClusters: 2, CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true, ...extra }),
    );

  test('disabled → compatible → enabled keeps the data, serves plain then cluster clients, and the group reshards', { timeout: 120_000 }, async () => {
    await create('mig');
    const start = await available(client, 'mig');
    const primaryPort = start.NodeGroups![0].PrimaryEndpoint!.Port!;
    const plain = new Redis({ port: primaryPort, maxRetriesPerRequest: null, retryStrategy: () => 20 });
    plain.on('error', () => undefined);
    await plain.mset(Object.fromEntries(keys('k').map((k) => [k, k])));

    const refused = async (input: Record<string, unknown>) => fault(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'mig', ApplyImmediately: true, ...input })));
    const direct = await refused({ ClusterMode: 'enabled' });
    assert.deepEqual([direct.name, direct.status], ['InvalidParameterCombinationException', 400]);
    assert.match(direct.message, /must first set the cluster mode to compatible/);
    assert.equal((await refused({ ClusterMode: 'sideways' })).name, 'InvalidParameterValueException');
    const withOthers = await refused({ ClusterMode: 'compatible', CacheNodeType: 'cache.t3.small' });
    assert.equal(withOthers.name, 'InvalidParameterCombinationException');
    assert.match(withOthers.message, /CacheNodeType/);
    const wrongGroup = await refused({ ClusterMode: 'compatible', CacheParameterGroupName: 'default.redis7' });
    assert.equal(wrongGroup.message, 'Cluster mode should be enabled in parameter group, but found it is disabled.');
    // Cluster mode has database 0 only.
    await plain.select(1);
    await plain.set('elsewhere', '1');
    assert.match((await refused({ ClusterMode: 'compatible' })).message, /keys outside database 0/);
    await plain.del('elsewhere');
    await plain.select(0);

    const res = await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'mig', ClusterMode: 'compatible', ApplyImmediately: true }));
    assert.equal(res.ReplicationGroup!.Status, 'modifying');
    assert.equal(res.ReplicationGroup!.PendingModifiedValues!.ClusterMode, 'compatible');
    const compatible = await available(client, 'mig');
    assert.equal(compatible.ClusterMode, 'compatible');
    assert.equal(compatible.ClusterEnabled, true);
    const shard = compatible.NodeGroups![0];
    assert.equal(shard.Slots, '0-16383');
    assert.equal(shard.PrimaryEndpoint!.Port, primaryPort, 'the primary endpoint stays for plain clients');
    assert.ok(shard.ReaderEndpoint && shard.NodeGroupMembers!.some((m) => m.CurrentRole === 'primary'));
    const cfgPort = compatible.ConfigurationEndpoint!.Port!;
    assert.notEqual(cfgPort, primaryPort);
    assert.deepEqual(await parameterGroupsOf(client, 'mig'), ['default.redis7.cluster.on']);

    // A plain client on the primary endpoint: the node runs in cluster mode, owns every slot, never
    // redirects; multi-key commands across slots are refused as in any cluster.
    assert.deepEqual(await getAll(plain, keys('k')), keys('k'));
    await assert.rejects(plain.mget('a', 'b'), /CROSSSLOT/);
    assert.match(await plain.info('cluster'), /cluster_enabled:1/);
    await plain.set('plain', 'p');
    const cluster = new Cluster([{ host: '127.0.0.1', port: cfgPort }]);
    assert.equal(await cluster.get('plain'), 'p');
    for (const k of keys('k').slice(0, 20)) assert.equal(await cluster.get(k), k);
    await cluster.set('{c}1', 'cluster');
    assert.equal(await plain.get('{c}1'), 'cluster');

    // Compatible is a waypoint: no scaling until the mode is settled.
    const scale = await fault(client.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'mig', NewReplicaCount: 2, ApplyImmediately: true })));
    assert.equal(scale.name, 'InvalidReplicationGroupStateFault');
    const reshard = await fault(client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'mig', NodeGroupCount: 2, ApplyImmediately: true })));
    assert.equal(reshard.name, 'InvalidReplicationGroupStateFault');

    await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'mig', ClusterMode: 'enabled', ApplyImmediately: true }));
    const enabled = await available(client, 'mig');
    assert.equal(enabled.ClusterMode, 'enabled');
    assert.equal(enabled.ClusterEnabled, true);
    assert.equal(enabled.NodeGroups![0].PrimaryEndpoint, undefined, 'no primary endpoint once enabled');
    assert.equal(enabled.NodeGroups![0].Slots, '0-16383');
    assert.equal(enabled.ConfigurationEndpoint!.Port, cfgPort);
    assert.equal(await cluster.get('plain'), 'p');
    const back = await fault(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'mig', ClusterMode: 'disabled', ApplyImmediately: true })));
    assert.equal(back.name, 'InvalidParameterCombinationException');

    await client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'mig', NodeGroupCount: 2, ApplyImmediately: true }));
    const resharded = await waitFor(async () => {
      const g = await group(client, 'mig');
      return g.Status === 'available' && g.NodeGroups!.length === 2 ? g : undefined;
    }, 60_000);
    assert.deepEqual(resharded.NodeGroups!.map((ng) => ng.Slots).sort(), ['0-8191', '8192-16383']);
    for (const k of keys('k')) assert.equal(await cluster.get(k), k, `${k} survived the whole migration`);
    assert.equal(await cluster.get('{c}1'), 'cluster');
    await cluster.quit();
    plain.disconnect();
  });

  test('compatible follows a TestFailover on both endpoints; compatible → disabled goes back to the plain group with its parameter group and data', async () => {
    await create('back');
    const start = await available(client, 'back');
    const port = start.NodeGroups![0].PrimaryEndpoint!.Port!;
    const plain = new Redis({ port, maxRetriesPerRequest: null, retryStrategy: () => 20 });
    plain.on('error', () => undefined);
    await plain.set('stay', 'here');
    await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'back', ClusterMode: 'compatible', ApplyImmediately: true }));
    const compatible = await available(client, 'back');
    assert.match(await plain.info('cluster'), /cluster_enabled:1/);
    const primaryOf = (g: ReplicationGroup) => g.NodeGroups![0].NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!.CacheClusterId!;
    const oldPrimary = primaryOf(compatible);
    await client.send(new TestFailoverCommand({ ReplicationGroupId: 'back', NodeGroupId: '0001' }));
    const failedOver = await waitFor(async () => {
      const x = await group(client, 'back');
      return x.Status === 'available' && primaryOf(x) !== oldPrimary ? x : undefined;
    }, 15_000);
    await waitFor(async () => /role:master/.test(await plain.info('replication')), 5000);
    assert.equal(await plain.get('stay'), 'here', 'the primary endpoint leads to the new primary');
    const cluster = new Cluster([{ host: '127.0.0.1', port: failedOver.ConfigurationEndpoint!.Port! }]);
    await cluster.set('after', 'failover');
    assert.equal(await plain.get('after'), 'failover');
    await cluster.quit();
    await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'back', ClusterMode: 'disabled', ApplyImmediately: true }));
    const g = await available(client, 'back');
    assert.equal(g.ClusterMode, 'disabled');
    assert.equal(g.ClusterEnabled, false);
    assert.equal(g.ConfigurationEndpoint, undefined);
    assert.equal(g.NodeGroups![0].Slots, undefined);
    assert.equal(g.NodeGroups![0].PrimaryEndpoint!.Port, port);
    assert.deepEqual(g.MemberClusters, ['back-001', 'back-002']);
    assert.equal(primaryOf(g), primaryOf(failedOver), 'the primary chosen while compatible stays the primary');
    assert.deepEqual(await parameterGroupsOf(client, 'back'), ['default.redis7']);
    assert.equal(await plain.get('stay'), 'here');
    assert.match(await plain.info('cluster'), /cluster_enabled:0/);
    plain.disconnect();
  });

  test('only groups with automatic failover, a replica and Redis OSS 7.0+ may leave cluster mode disabled', async () => {
    await client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'single', ReplicationGroupDescription: 'd', CacheNodeType: 'cache.t3.micro' }));
    await create('old', { EngineVersion: '6.2' });
    await Promise.all([available(client, 'single'), available(client, 'old')]);
    const noReplica = await fault(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'single', ClusterMode: 'compatible', ApplyImmediately: true })));
    assert.equal(noReplica.name, 'InvalidParameterCombinationException');
    assert.match(noReplica.message, /Auto-failover must be enabled/);
    const old = await fault(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'old', ClusterMode: 'compatible', ApplyImmediately: true })));
    assert.match(old.message, /Redis OSS 7\.0 and above/);
  });

  test('a group created in cluster mode compatible has one shard and both kinds of endpoint', async () => {
    const sharded = await fault(create('many', { ClusterMode: 'compatible', NumNodeGroups: 2, NumCacheClusters: undefined }));
    assert.equal(sharded.name, 'InvalidParameterCombinationException');
    await create('born', { ClusterMode: 'compatible', NumCacheClusters: undefined, ReplicasPerNodeGroup: 1 });
    const g = await available(client, 'born');
    assert.deepEqual([g.ClusterMode, g.ClusterEnabled, g.NodeGroups!.length, g.NodeGroups![0].Slots], ['compatible', true, 1, '0-16383']);
    const plain = new Redis({ port: g.NodeGroups![0].PrimaryEndpoint!.Port!, lazyConnect: true });
    await plain.connect();
    await plain.set('born', 'compatible');
    assert.match(await plain.info('replication'), /role:master/);
    const cluster = new Cluster([{ host: '127.0.0.1', port: g.ConfigurationEndpoint!.Port! }]);
    assert.equal(await cluster.get('born'), 'compatible');
    await cluster.quit();
    plain.disconnect();
  });
});
