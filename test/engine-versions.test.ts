import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateCacheClusterCommand,
  CreateReplicationGroupCommand,
  DescribeCacheEngineVersionsCommand,
  ListAllowedNodeTypeModificationsCommand,
  type CacheEngineVersion,
  type ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import type { Emulator } from '../bin/emulator.ts';
import { awsCli, awsCliAvailable } from './helpers/aws-cli.ts';
import { startTestEmulator, useEmulator } from './helpers/emulator.ts';
import { fault } from './helpers/faults.ts';

const rows = (list: CacheEngineVersion[] | undefined) => (list ?? []).map((v) => `${v.Engine} ${v.EngineVersion} ${v.CacheParameterGroupFamily}`);

describe('DescribeCacheEngineVersions', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  useEmulator({}, (e, c) => {
    em = e;
    client = c;
  });

  test('lists memcached, redis 4.0.10 to 7.1 and valkey 7.2 to 8.x, ordered as AWS orders them', async () => {
    const all = await client.send(new DescribeCacheEngineVersionsCommand({}));
    assert.equal(all.Marker, undefined);
    assert.deepEqual(rows(all.CacheEngineVersions), [
      'memcached 1.4.14 memcached1.4',
      'memcached 1.4.24 memcached1.4',
      'memcached 1.4.33 memcached1.4',
      'memcached 1.4.34 memcached1.4',
      'memcached 1.4.5 memcached1.4',
      'memcached 1.5.10 memcached1.5',
      'memcached 1.5.16 memcached1.5',
      'memcached 1.6.12 memcached1.6',
      'memcached 1.6.17 memcached1.6',
      'memcached 1.6.6 memcached1.6',
      'redis 4.0.10 redis4.0',
      'redis 5.0.6 redis5.0',
      'redis 6.0 redis6.x',
      'redis 6.2 redis6.x',
      'redis 7.0 redis7',
      'redis 7.1 redis7',
      'valkey 7.2 valkey7',
      'valkey 8.0 valkey8',
      'valkey 8.1 valkey8',
    ]);
    const redis = all.CacheEngineVersions!.find((v) => v.EngineVersion === '5.0.6')!;
    assert.equal(redis.CacheEngineDescription, 'Redis');
    assert.equal(redis.CacheEngineVersionDescription, 'redis version 5.0.6');
    const memcached = all.CacheEngineVersions!.find((v) => v.EngineVersion === '1.4.14')!;
    assert.equal(memcached.CacheEngineDescription, 'memcached');
    assert.equal(memcached.CacheEngineVersionDescription, 'memcached version 1.4.14');
  });

  test('filters: Engine (any case), EngineVersion, family, DefaultOnly', async () => {
    const redis = await client.send(new DescribeCacheEngineVersionsCommand({ Engine: 'Redis' }));
    assert.equal(redis.CacheEngineVersions!.length, 6);
    const defaults = await client.send(new DescribeCacheEngineVersionsCommand({ DefaultOnly: true }));
    assert.deepEqual(rows(defaults.CacheEngineVersions), ['memcached 1.6.17 memcached1.6', 'redis 7.1 redis7', 'valkey 8.1 valkey8']);
    const family = await client.send(new DescribeCacheEngineVersionsCommand({ CacheParameterGroupFamily: 'redis6.x' }));
    assert.deepEqual(rows(family.CacheEngineVersions), ['redis 6.0 redis6.x', 'redis 6.2 redis6.x']);
    const familyDefault = await client.send(new DescribeCacheEngineVersionsCommand({ CacheParameterGroupFamily: 'redis6.x', DefaultOnly: true }));
    assert.deepEqual(rows(familyDefault.CacheEngineVersions), ['redis 6.2 redis6.x']);
    const full = await client.send(new DescribeCacheEngineVersionsCommand({ Engine: 'valkey', EngineVersion: '8.0.1' }));
    assert.deepEqual(rows(full.CacheEngineVersions), ['valkey 8.0 valkey8']);
    const exact = await client.send(new DescribeCacheEngineVersionsCommand({ EngineVersion: '4.0.10' }));
    assert.deepEqual(rows(exact.CacheEngineVersions), ['redis 4.0.10 redis4.0']);
    const none = await client.send(new DescribeCacheEngineVersionsCommand({ Engine: 'mysql' }));
    assert.deepEqual(none.CacheEngineVersions, []);
  });

  test('pages with MaxRecords and Marker; MaxRecords out of range is InvalidParameterValue', async () => {
    const first = await client.send(new DescribeCacheEngineVersionsCommand({ MaxRecords: 20, Engine: 'memcached' }));
    assert.equal(first.Marker, undefined);
    const page1 = await client.send(new DescribeCacheEngineVersionsCommand({ MaxRecords: 20 }));
    assert.equal(page1.CacheEngineVersions!.length, 19);
    const bad = await fault(client.send(new DescribeCacheEngineVersionsCommand({ MaxRecords: 5 })));
    assert.deepEqual([bad.name, bad.status], ['InvalidParameterValueException', 400]);
  });

  test("Terraform's check: the default redis version, and a cluster's full version under it", async () => {
    const def = await client.send(new DescribeCacheEngineVersionsCommand({ Engine: 'redis', DefaultOnly: true }));
    const version = def.CacheEngineVersions![0].EngineVersion!;
    assert.equal(version, '7.1');
    const created = await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'tf-version', CacheNodeType: 'cache.t3.micro', EngineVersion: version }));
    assert.match(created.CacheCluster!.EngineVersion!, new RegExp(`^${version.replace('.', '\\.')}\\.\\d+$`));
    assert.equal(created.CacheCluster!.CacheParameterGroup!.CacheParameterGroupName, 'default.redis7');
  });

  test('memcached is listed but still not creatable', async () => {
    const f = await fault(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'mc', CacheNodeType: 'cache.t3.micro', Engine: 'memcached', EngineVersion: '1.6.17' })));
    assert.deepEqual([f.name, f.status, f.message], [
      'InvalidParameterValueException',
      400,
      'Engine memcached is not supported by elasticache-local: its cache nodes are Redis OSS and Valkey servers.',
    ]);
  });
});

describe('ListAllowedNodeTypeModifications', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  useEmulator({}, (e, c) => {
    em = e;
    client = c;
  });

  test('a cluster scales up to larger and down to smaller types its engine runs on', async () => {
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'r5-node', CacheNodeType: 'cache.r5.xlarge' }));
    const out = await client.send(new ListAllowedNodeTypeModificationsCommand({ CacheClusterId: 'R5-NODE' }));
    const up = out.ScaleUpModifications!;
    const down = out.ScaleDownModifications!;
    assert.deepEqual(up, [...up].sort());
    assert.deepEqual(down, [...down].sort());
    for (const t of ['cache.r5.2xlarge', 'cache.m5.4xlarge', 'cache.r7g.2xlarge', 'cache.m4.2xlarge']) assert.ok(up.includes(t), t);
    for (const t of ['cache.r5.large', 'cache.m5.2xlarge', 'cache.t3.micro', 'cache.r4.xlarge']) assert.ok(down.includes(t), t);
    for (const t of ['cache.r5.xlarge', 'cache.r6gd.2xlarge', 'cache.t1.micro']) assert.ok(!up.includes(t) && !down.includes(t), t);

    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'old-redis', CacheNodeType: 'cache.m5.large', EngineVersion: '4.0.10' }));
    const old = await client.send(new ListAllowedNodeTypeModificationsCommand({ CacheClusterId: 'old-redis' }));
    assert.ok(!old.ScaleUpModifications!.some((t) => /\.(r6g|m6g|r7g|t4g)\./.test(t)), 'Graviton types need Redis OSS 5.0.6');
    assert.ok(old.ScaleUpModifications!.includes('cache.r5.large'));

    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'tiered', CacheNodeType: 'cache.r6gd.xlarge' }));
    const tiered = await client.send(new ListAllowedNodeTypeModificationsCommand({ CacheClusterId: 'tiered' }));
    assert.ok([...tiered.ScaleUpModifications!, ...tiered.ScaleDownModifications!].every((t) => t.startsWith('cache.r6gd.')));
    assert.equal(tiered.ScaleDownModifications!.length, 0);
  });

  test('a replication group answers through its node type', async () => {
    await client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'rg-types', ReplicationGroupDescription: 'd', CacheNodeType: 'cache.t3.medium', NumCacheClusters: 1 }));
    const out = await client.send(new ListAllowedNodeTypeModificationsCommand({ ReplicationGroupId: 'rg-types' }));
    assert.ok(out.ScaleUpModifications!.includes('cache.m5.large'));
    assert.ok(out.ScaleDownModifications!.includes('cache.t3.small'));
  });

  test('faults', async () => {
    const cases: Array<[Record<string, string>, string, number]> = [
      [{ CacheClusterId: 'nope' }, 'CacheClusterNotFoundFault', 404],
      [{ ReplicationGroupId: 'nope' }, 'ReplicationGroupNotFoundFault', 404],
      [{}, 'InvalidParameterCombinationException', 400],
      [{ CacheClusterId: 'a', ReplicationGroupId: 'b' }, 'InvalidParameterCombinationException', 400],
    ];
    for (const [input, name, status] of cases) {
      const f = await fault(client.send(new ListAllowedNodeTypeModificationsCommand(input)));
      assert.deepEqual([f.name, f.status], [name, status], JSON.stringify(input));
    }
  });
});

describe('engine versions and node types through the AWS CLI', async () => {
  const present = await awsCliAvailable();
  let em: Emulator;
  before(async () => {
    if (present) em = await startTestEmulator();
  });
  after(async () => {
    if (present) await em.stop();
  });

  test('describe-cache-engine-versions --default-only, list-allowed-node-type-modifications', { skip: present ? false : 'aws CLI not installed (.ci/run installs it)' }, async () => {
    const out = await awsCli(em, ['describe-cache-engine-versions', '--engine', 'valkey', '--default-only']);
    assert.deepEqual(out.json!.CacheEngineVersions, [
      { Engine: 'valkey', EngineVersion: '8.1', CacheParameterGroupFamily: 'valkey8', CacheEngineDescription: 'Valkey', CacheEngineVersionDescription: 'valkey version 8.1' },
    ]);
    const missing = await awsCli(em, ['list-allowed-node-type-modifications', '--cache-cluster-id', 'nope']);
    assert.match(missing.error!, /\(CacheClusterNotFound\).*CacheCluster not found: nope/);
  });
});
