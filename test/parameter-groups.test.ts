import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateCacheClusterCommand,
  CreateCacheParameterGroupCommand,
  CreateCacheSubnetGroupCommand,
  DeleteCacheClusterCommand,
  DeleteCacheParameterGroupCommand,
  DescribeCacheClustersCommand,
  DescribeCacheParameterGroupsCommand,
  DescribeCacheParametersCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeEngineDefaultParametersCommand,
  ListTagsForResourceCommand,
  ModifyCacheParameterGroupCommand,
  ResetCacheParameterGroupCommand,
  waitUntilCacheClusterAvailable,
  waitUntilCacheClusterDeleted,
  type ElastiCacheClient,
  type Parameter,
} from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { FAMILY_CATALOGUES, engineConfigFor } from '../api/catalog/parameters.ts';
import type { Emulator } from '../bin/emulator.ts';
import { NodeConfig } from '../engine/config.ts';
import { awsCli, awsCliAvailable } from './helpers/aws-cli.ts';
import { sdkClient, startTestEmulator, useEmulator } from './helpers/emulator.ts';
import { fault } from './helpers/faults.ts';

async function engineDefaults(client: ElastiCacheClient, family: string, pageSize?: number) {
  const params: Parameter[] = [];
  let marker: string | undefined;
  let first;
  let pages = 0;
  do {
    const out = await client.send(new DescribeEngineDefaultParametersCommand({ CacheParameterGroupFamily: family, MaxRecords: pageSize, Marker: marker }));
    first ??= out.EngineDefaults!;
    params.push(...out.EngineDefaults!.Parameters!);
    marker = out.EngineDefaults!.Marker;
    pages++;
  } while (marker);
  return { params, first: first!, pages, byName: new Map(params.map((p) => [p.ParameterName!, p])) };
}

async function groupParameters(client: ElastiCacheClient, name: string, source?: string): Promise<Map<string, Parameter>> {
  const out = await client.send(new DescribeCacheParametersCommand({ CacheParameterGroupName: name, Source: source }));
  assert.equal(out.Marker, undefined);
  return new Map(out.Parameters!.map((p) => [p.ParameterName!, p]));
}

describe('cache parameter groups', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  useEmulator({}, (e, c) => {
    em = e;
    client = c;
  });

  test('every family has default groups, with and without cluster mode', async () => {
    const out = await client.send(new DescribeCacheParameterGroupsCommand({}));
    const names = out.CacheParameterGroups!.map((g) => g.CacheParameterGroupName);
    for (const family of ['redis4.0', 'redis5.0', 'redis6.x', 'redis7', 'valkey7', 'valkey8']) {
      assert.ok(names.includes(`default.${family}`), family);
      assert.ok(names.includes(`default.${family}.cluster.on`), family);
    }
    const g = (await client.send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: 'DEFAULT.REDIS7.CLUSTER.ON' }))).CacheParameterGroups![0];
    assert.deepEqual(g, {
      CacheParameterGroupName: 'default.redis7.cluster.on',
      CacheParameterGroupFamily: 'redis7',
      Description: 'Customized default parameter group for redis7 with cluster mode on',
      IsGlobal: false,
      ARN: 'arn:aws:elasticache:us-east-1:000000000000:parametergroup:default.redis7.cluster.on',
    });
    const plain = await groupParameters(client, 'default.redis7');
    const on = await groupParameters(client, 'default.redis7.cluster.on');
    assert.equal(plain.get('cluster-enabled')!.ParameterValue, 'no');
    assert.equal(on.get('cluster-enabled')!.ParameterValue, 'yes');
    assert.equal(on.get('cluster-enabled')!.Source, 'system');
    const missing = await fault(client.send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: 'default.redis7.0' })));
    assert.deepEqual([missing.name, missing.status, missing.message], ['CacheParameterGroupNotFoundFault', 404, 'CacheParameterGroup not found: default.redis7.0']);
  });

  test('engine defaults of redis5.0 are the AWS dump, paged through EngineDefaults.Marker', async () => {
    const { params, first, pages, byName } = await engineDefaults(client, 'redis5.0', 20);
    assert.equal(params.length, 57);
    assert.equal(pages, 3);
    assert.equal(first.CacheParameterGroupFamily, 'redis5.0');
    assert.equal(params[0].ParameterName, 'activedefrag');
    assert.equal(params[1].ParameterName, 'active-defrag-cycle-max');
    assert.deepEqual(byName.get('activerehashing'), {
      ParameterName: 'activerehashing',
      ParameterValue: 'yes',
      Description: 'Apply rehashing or not.',
      Source: 'system',
      DataType: 'string',
      AllowedValues: 'yes,no',
      IsModifiable: false,
      MinimumEngineVersion: '5.0.0',
      ChangeType: 'requires-reboot',
    });
    const nke = byName.get('notify-keyspace-events')!;
    assert.equal(nke.ParameterValue, undefined);
    assert.equal(nke.AllowedValues, undefined);
    assert.equal(byName.get('rename-commands')!.ParameterValue, '');
    assert.equal(byName.get('rename-commands')!.MinimumEngineVersion, '5.0.3');
    assert.equal(byName.get('timeout')!.AllowedValues, '0,20-');
    assert.ok(params.every((p) => p.Source === 'system'));

    const specific = new Map(first.CacheNodeTypeSpecificParameters!.map((p) => [p.ParameterName!, p]));
    assert.deepEqual([...specific.keys()], ['client-output-buffer-limit-replica-hard-limit', 'client-output-buffer-limit-replica-soft-limit', 'maxmemory']);
    const value = (name: string, type: string) => specific.get(name)!.CacheNodeTypeSpecificValues!.find((v) => v.CacheNodeType === type)!.Value;
    assert.equal(value('maxmemory', 'cache.t3.micro'), '536870912');
    assert.equal(value('maxmemory', 'cache.r7g.large'), '14037181030');
    assert.equal(value('client-output-buffer-limit-replica-hard-limit', 'cache.t3.micro'), '53687091');
    assert.equal(specific.get('maxmemory')!.IsModifiable, false);
  });

  test('the redis7, valkey7 and valkey8 catalogues carry their documented deltas', async () => {
    const redis7 = (await engineDefaults(client, 'redis7')).byName;
    for (const gone of ['hash-max-ziplist-entries', 'zset-max-ziplist-value', 'list-max-ziplist-size', 'lua-replicate-commands']) assert.equal(redis7.has(gone), false, gone);
    for (const added of ['hash-max-listpack-entries', 'zset-max-listpack-value', 'cluster-allow-pubsubshard-when-down', 'latency-tracking', 'acl-pubsub-default', 'acllog-max-len']) {
      assert.equal(redis7.get(added)?.MinimumEngineVersion, '7.0.0', added);
    }
    assert.equal(redis7.get('activerehashing')!.IsModifiable, false);
    assert.equal(redis7.get('acl-pubsub-default')!.ParameterValue, 'allchannels');

    const valkey7 = (await engineDefaults(client, 'valkey7')).byName;
    assert.deepEqual([...valkey7.keys()], [...redis7.keys()]);

    const valkey8 = (await engineDefaults(client, 'valkey8')).byName;
    assert.equal(valkey8.get('repl-backlog-size')!.ParameterValue, '10485760');
    assert.equal(valkey8.get('maxmemory-samples')!.AllowedValues, '1-64');
    assert.equal(valkey8.get('extended-redis-compatibility')!.ParameterValue, 'yes');
    assert.equal(valkey8.get('commandlog-large-reply-max-len')!.MinimumEngineVersion, '8.1.0');
    assert.equal(valkey8.get('search-default-timeout-ms')!.MinimumEngineVersion, '8.2.0');
    for (const gone of ['lazyfree-lazy-eviction', 'lazyfree-lazy-user-del', 'replica-lazy-flush']) assert.equal(valkey8.has(gone), false, gone);

    const redis6 = (await engineDefaults(client, 'redis6.x')).byName;
    assert.equal(redis6.has('hash-max-ziplist-entries'), true);
    assert.equal(redis6.has('lua-replicate-commands'), false);
    assert.equal(redis6.get('acl-pubsub-default')!.MinimumEngineVersion, '6.2.0');

    const bad = await fault(client.send(new DescribeEngineDefaultParametersCommand({ CacheParameterGroupFamily: 'redis9' })));
    assert.deepEqual([bad.name, bad.status], ['InvalidParameterValueException', 400]);
    const memcached = await fault(client.send(new DescribeEngineDefaultParametersCommand({ CacheParameterGroupFamily: 'memcached1.6' })));
    assert.match(memcached.message, /memcached1\.6 is not supported by elasticache-local/);
  });

  test('a custom group is a copy of the family default: modifiable parameters are Source user', async () => {
    const created = await client.send(
      new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'My-Params', CacheParameterGroupFamily: 'redis7', Description: 'mine', Tags: [{ Key: 'env', Value: 'test' }] }),
    );
    assert.deepEqual(created.CacheParameterGroup, {
      CacheParameterGroupName: 'my-params',
      CacheParameterGroupFamily: 'redis7',
      Description: 'mine',
      IsGlobal: false,
      ARN: 'arn:aws:elasticache:us-east-1:000000000000:parametergroup:my-params',
    });
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceName: created.CacheParameterGroup!.ARN }));
    assert.deepEqual(tags.TagList, [{ Key: 'env', Value: 'test' }]);

    const all = await groupParameters(client, 'my-params');
    const defaults = (await engineDefaults(client, 'redis7')).byName;
    assert.deepEqual([...all.keys()], [...defaults.keys()]);
    for (const [name, p] of all) {
      assert.equal(p.ParameterValue, defaults.get(name)!.ParameterValue, name);
      assert.equal(p.Source, defaults.get(name)!.IsModifiable || ['databases', 'cluster-enabled'].includes(name) ? 'user' : 'system', name);
    }
    assert.equal(all.get('databases')!.IsModifiable, true, 'conditionally modifiable while no cluster uses the group');
    const user = await groupParameters(client, 'my-params', 'user');
    assert.ok([...user.values()].every((p) => p.Source === 'user'));
    const system = await client.send(new DescribeCacheParametersCommand({ CacheParameterGroupName: 'my-params', Source: 'system' }));
    assert.ok(system.Parameters!.every((p) => p.Source === 'system'));
    assert.equal(system.CacheNodeTypeSpecificParameters!.length, 3);
    assert.deepEqual((await client.send(new DescribeCacheParametersCommand({ CacheParameterGroupName: 'my-params', Source: 'engine-default' }))).Parameters, []);
    const badSource = await fault(client.send(new DescribeCacheParametersCommand({ CacheParameterGroupName: 'my-params', Source: 'mine' })));
    assert.deepEqual([badSource.name, badSource.status], ['InvalidParameterValueException', 400]);

    // Paging: every parameter once; node-type-specific parameters only with the first page.
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await client.send(new DescribeCacheParametersCommand({ CacheParameterGroupName: 'my-params', MaxRecords: 20, Marker: marker }));
      seen.push(...out.Parameters!.map((p) => p.ParameterName!));
      assert.equal(out.CacheNodeTypeSpecificParameters!.length, pages === 0 ? 3 : 0);
      marker = out.Marker;
      pages++;
    } while (marker);
    assert.deepEqual(seen, [...all.keys()]);
  });

  test('modify and reset validate names, modifiability and values', async () => {
    await client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'tuned', CacheParameterGroupFamily: 'valkey8', Description: 'd' }));
    const ok = await client.send(
      new ModifyCacheParameterGroupCommand({
        CacheParameterGroupName: 'Tuned',
        ParameterNameValues: [
          { ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lru' },
          { ParameterName: 'notify-keyspace-events', ParameterValue: 'KEA' },
          { ParameterName: 'timeout', ParameterValue: '300' },
          { ParameterName: 'databases', ParameterValue: '32' },
          { ParameterName: 'slowlog-log-slower-than', ParameterValue: '-1' },
          { ParameterName: 'rename-commands', ParameterValue: 'flushall wipeall keys listkeys' },
        ],
      }),
    );
    assert.deepEqual(ok.CacheParameterGroupName, 'tuned');
    let params = await groupParameters(client, 'tuned');
    assert.equal(params.get('maxmemory-policy')!.ParameterValue, 'allkeys-lru');
    assert.equal(params.get('notify-keyspace-events')!.ParameterValue, 'KEA');
    assert.equal(params.get('timeout')!.ParameterValue, '300');
    assert.equal(params.get('databases')!.ParameterValue, '32');
    assert.equal(params.get('rename-commands')!.ParameterValue, 'flushall wipeall keys listkeys');

    const refused: Array<[string, string, RegExp]> = [
      ['reserved-memory', '100', /^Parameter reserved-memory doesn't exist$/],
      ['appendonly', 'yes', /^The parameter appendonly cannot be modified\.$/],
      ['activerehashing', 'no', /^The parameter activerehashing cannot be modified\.$/],
      ['timeout', '5', /timeout.*Allowed values: 0,20-/],
      ['timeout', 'soon', /must be an integer/],
      ['maxmemory-policy', 'random', /maxmemory-policy.*Allowed values: volatile-lru,/],
      ['maxmemory-samples', '65', /Allowed values: 1-64/],
      ['notify-keyspace-events', 'KEQ', /keyspace event classes/],
      ['rename-commands', 'config cfg', /the command config cannot be renamed/],
      ['rename-commands', 'flushall', /pairs/],
    ];
    for (const [name, value, message] of refused) {
      const f = await fault(client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'tuned', ParameterNameValues: [{ ParameterName: name, ParameterValue: value }] })));
      assert.deepEqual([f.name, f.status], ['InvalidParameterValueException', 400], `${name}=${value}: ${f.message}`);
      assert.match(f.message, message);
    }
    const tooMany = await fault(
      client.send(
        new ModifyCacheParameterGroupCommand({
          CacheParameterGroupName: 'tuned',
          ParameterNameValues: Array.from({ length: 21 }, () => ({ ParameterName: 'timeout', ParameterValue: '0' })),
        }),
      ),
    );
    assert.deepEqual([tooMany.name, tooMany.status], ['InvalidParameterValueException', 400]);
    const noValue = await fault(client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'tuned', ParameterNameValues: [{ ParameterName: 'timeout' }] })));
    assert.deepEqual([noValue.name, noValue.status], ['InvalidParameterValueException', 400]);
    params = await groupParameters(client, 'tuned');
    assert.equal(params.get('timeout')!.ParameterValue, '300', 'a refused call changes nothing');

    await client.send(new ResetCacheParameterGroupCommand({ CacheParameterGroupName: 'tuned', ParameterNameValues: [{ ParameterName: 'timeout' }, { ParameterName: 'notify-keyspace-events' }] }));
    params = await groupParameters(client, 'tuned');
    assert.equal(params.get('timeout')!.ParameterValue, '0');
    assert.equal(params.get('notify-keyspace-events')!.ParameterValue, undefined);
    assert.equal(params.get('maxmemory-policy')!.ParameterValue, 'allkeys-lru');
    await client.send(new ResetCacheParameterGroupCommand({ CacheParameterGroupName: 'tuned', ResetAllParameters: true }));
    params = await groupParameters(client, 'tuned');
    assert.equal(params.get('maxmemory-policy')!.ParameterValue, 'volatile-lru');
    assert.equal(params.get('databases')!.ParameterValue, '16');

    const both = await fault(client.send(new ResetCacheParameterGroupCommand({ CacheParameterGroupName: 'tuned', ResetAllParameters: true, ParameterNameValues: [{ ParameterName: 'timeout' }] })));
    assert.deepEqual([both.name, both.status], ['InvalidParameterCombinationException', 400]);
    const neither = await fault(client.send(new ResetCacheParameterGroupCommand({ CacheParameterGroupName: 'tuned' })));
    assert.deepEqual([neither.name, neither.status], ['InvalidParameterValueException', 400]);
    const unknown = await fault(client.send(new ResetCacheParameterGroupCommand({ CacheParameterGroupName: 'tuned', ParameterNameValues: [{ ParameterName: 'reserved-memory' }] })));
    assert.deepEqual([unknown.name, unknown.status, unknown.message], ['InvalidParameterValueException', 400, "Parameter reserved-memory doesn't exist"]);
  });

  test('faults of create, modify, reset, describe and delete', async () => {
    await client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'exists', CacheParameterGroupFamily: 'redis6.x', Description: 'd' }));
    const cases: Array<[Promise<unknown>, string, number, RegExp]> = [
      [client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'EXISTS', CacheParameterGroupFamily: 'redis7', Description: 'd' })), 'CacheParameterGroupAlreadyExistsFault', 400, /exists already exists/],
      [client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'default.mine', CacheParameterGroupFamily: 'redis7', Description: 'd' })), 'InvalidParameterValueException', 400, /CacheParameterGroupName/],
      [client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'fam', CacheParameterGroupFamily: 'redis7.0', Description: 'd' })), 'InvalidParameterValueException', 400, /CacheParameterGroupFamily: redis7\.0/],
      [client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'mc', CacheParameterGroupFamily: 'memcached1.6', Description: 'd' })), 'InvalidParameterValueException', 400, /not supported/],
      [client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'default.redis7', ParameterNameValues: [{ ParameterName: 'timeout', ParameterValue: '60' }] })), 'InvalidCacheParameterGroupStateFault', 400, /default\.redis7 cannot be modified/],
      [client.send(new ResetCacheParameterGroupCommand({ CacheParameterGroupName: 'default.redis7', ResetAllParameters: true })), 'InvalidCacheParameterGroupStateFault', 400, /cannot be modified/],
      [client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'default.redis7' })), 'InvalidCacheParameterGroupStateFault', 400, /default\.redis7 cannot be deleted/],
      [client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'nope', ParameterNameValues: [{ ParameterName: 'timeout', ParameterValue: '60' }] })), 'CacheParameterGroupNotFoundFault', 404, /^CacheParameterGroup not found: nope$/],
      [client.send(new ResetCacheParameterGroupCommand({ CacheParameterGroupName: 'nope', ResetAllParameters: true })), 'CacheParameterGroupNotFoundFault', 404, /nope/],
      [client.send(new DescribeCacheParametersCommand({ CacheParameterGroupName: 'nope' })), 'CacheParameterGroupNotFoundFault', 404, /nope/],
      [client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'nope' })), 'CacheParameterGroupNotFoundFault', 404, /nope/],
      [client.send(new DescribeCacheParameterGroupsCommand({ MaxRecords: 19 })), 'InvalidParameterValueException', 400, /MaxRecords/],
    ];
    for (const [call, name, status, message] of cases) {
      const f = await fault(call);
      assert.equal(f.name, name, f.message);
      assert.equal(f.status, status, f.message);
      assert.match(f.message, message);
    }
  });

  test('clusters use custom groups of their family; a group in use cannot be deleted or change conditional parameters', async () => {
    await client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'for-cluster', CacheParameterGroupFamily: 'redis7', Description: 'd' }));
    await client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'old-family', CacheParameterGroupFamily: 'redis6.x', Description: 'd' }));
    await client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'clustered', CacheParameterGroupFamily: 'redis7', Description: 'd' }));
    await client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'clustered', ParameterNameValues: [{ ParameterName: 'cluster-enabled', ParameterValue: 'yes' }] }));

    const mismatch = await fault(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'mismatch', CacheNodeType: 'cache.t3.micro', CacheParameterGroupName: 'old-family' })));
    assert.deepEqual([mismatch.name, mismatch.status, mismatch.message], ['InvalidParameterCombinationException', 400, 'Expected a parameter group of family redis7 but found one of family redis6.x']);
    const clusterOn = await fault(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'cluster-on', CacheNodeType: 'cache.t3.micro', CacheParameterGroupName: 'clustered' })));
    assert.deepEqual([clusterOn.name, clusterOn.message], ['InvalidParameterCombinationException', 'Cluster mode should be disabled in parameter group, but found it is enabled.']);

    const older = await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'on-six', CacheNodeType: 'cache.t3.micro', EngineVersion: '6.2', CacheParameterGroupName: 'OLD-FAMILY' }));
    assert.equal(older.CacheCluster!.CacheParameterGroup!.CacheParameterGroupName, 'old-family');
    const created = await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'uses-group', CacheNodeType: 'cache.t3.micro', CacheParameterGroupName: 'for-cluster' }));
    assert.equal(created.CacheCluster!.CacheParameterGroup!.CacheParameterGroupName, 'for-cluster');

    const params = await groupParameters(client, 'for-cluster');
    assert.equal(params.get('databases')!.IsModifiable, false);
    assert.equal(params.get('cluster-enabled')!.IsModifiable, false);
    const conditional = await fault(client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'for-cluster', ParameterNameValues: [{ ParameterName: 'databases', ParameterValue: '4' }] })));
    assert.deepEqual([conditional.name, conditional.message], ['InvalidParameterValueException', 'The parameter databases cannot be modified.']);
    await client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'for-cluster', ParameterNameValues: [{ ParameterName: 'maxmemory-policy', ParameterValue: 'noeviction' }] }));

    const inUse = await fault(client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'for-cluster' })));
    assert.deepEqual(
      [inUse.name, inUse.status, inUse.message],
      ['InvalidCacheParameterGroupStateFault', 400, 'One or more cache clusters are still members of this parameter group for-cluster, so the group cannot be deleted.'],
    );

    for (const id of ['uses-group', 'on-six']) {
      await waitUntilCacheClusterAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: id });
      await client.send(new DeleteCacheClusterCommand({ CacheClusterId: id }));
      await waitUntilCacheClusterDeleted({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: id });
    }
    await client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'For-Cluster' }));
    const gone = await fault(client.send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: 'for-cluster' })));
    assert.equal(gone.name, 'CacheParameterGroupNotFoundFault');
  });

  test("a cluster's nodes run with its parameter group; immediate changes reach them at once, reserved memory lowers maxmemory", async () => {
    await client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'live', CacheParameterGroupFamily: 'redis7', Description: 'd' }));
    await client.send(
      new ModifyCacheParameterGroupCommand({
        CacheParameterGroupName: 'live',
        ParameterNameValues: [
          { ParameterName: 'notify-keyspace-events', ParameterValue: 'Ex' },
          { ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lru' },
        ],
      }),
    );
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'live-one', CacheNodeType: 'cache.t3.micro', CacheParameterGroupName: 'live' }));
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'default-one', CacheNodeType: 'cache.t3.micro' }));
    const connectTo = async (id: string) => {
      await waitUntilCacheClusterAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: id });
      const out = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true }));
      const endpoint = out.CacheClusters![0].CacheNodes![0].Endpoint!;
      const io = new Redis({ host: endpoint.Address, port: endpoint.Port, lazyConnect: true, maxRetriesPerRequest: 0 });
      await io.connect();
      return io;
    };
    const memory = async (io: Redis) => {
      const text = (await io.info('memory')) as string;
      return [/^maxmemory:(\d+)/m.exec(text)![1], /^maxmemory_policy:(\S+)/m.exec(text)![1]];
    };
    const io = await connectTo('live-one');
    const plain = await connectTo('default-one');
    const sub = io.duplicate();
    try {
      // AWS's figure for cache.t3.micro under the default 25 % reserved-memory-percent.
      assert.deepEqual(await memory(io), ['402653184', 'allkeys-lru']);
      assert.deepEqual(await memory(plain), ['402653184', 'volatile-lru'], 'the default group: the family defaults');
      await assert.rejects(io.config('GET', 'maxmemory'), /unknown command/, 'CONFIG stays blocked: the group is how users set parameters');

      // notify-keyspace-events from the group: the expired event of a key reaches a subscriber.
      const expired: string[] = [];
      sub.on('message', (_channel: string, key: string) => expired.push(key));
      await sub.subscribe('__keyevent@0__:expired');
      await io.set('short-lived', 'v', 'PX', 5);
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(await io.get('short-lived'), null);
      await new Promise((r) => setTimeout(r, 30));
      assert.deepEqual(expired, ['short-lived']);

      await client.send(
        new ModifyCacheParameterGroupCommand({
          CacheParameterGroupName: 'live',
          ParameterNameValues: [
            { ParameterName: 'reserved-memory-percent', ParameterValue: '50' },
            { ParameterName: 'maxmemory-policy', ParameterValue: 'noeviction' },
          ],
        }),
      );
      assert.deepEqual(await memory(io), ['268435456', 'noeviction'], 'immediate parameters apply without a reboot');
      assert.deepEqual(await memory(plain), ['402653184', 'volatile-lru'], 'other groups are left alone');
      await client.send(new ResetCacheParameterGroupCommand({ CacheParameterGroupName: 'live', ResetAllParameters: true }));
      assert.deepEqual(await memory(io), ['402653184', 'volatile-lru']);
      await io.set('quiet', 'v', 'PX', 1);
      await new Promise((r) => setTimeout(r, 20));
      await io.get('quiet');
      await new Promise((r) => setTimeout(r, 30));
      assert.deepEqual(expired, ['short-lived'], 'notify-keyspace-events is off again');
    } finally {
      sub.disconnect();
      io.disconnect();
      plain.disconnect();
    }
    for (const id of ['live-one', 'default-one']) {
      await client.send(new DeleteCacheClusterCommand({ CacheClusterId: id }));
      await waitUntilCacheClusterDeleted({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: id });
    }
    await client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'live' }));
  });

  test("Terraform's parameter-group sequence: create, modify and reset in chunks of 20, read Source=user, delete", async () => {
    const configured: Record<string, string> = {
      activedefrag: 'yes',
      'active-defrag-cycle-max': '50',
      'active-defrag-cycle-min': '10',
      'active-defrag-ignore-bytes': '2097152',
      'active-defrag-max-scan-fields': '2000',
      'active-defrag-threshold-lower': '20',
      'active-defrag-threshold-upper': '90',
      'client-output-buffer-limit-normal-hard-limit': '1024',
      'client-output-buffer-limit-normal-soft-limit': '512',
      'client-output-buffer-limit-normal-soft-seconds': '10',
      'client-output-buffer-limit-pubsub-hard-limit': '1048576',
      'client-query-buffer-limit': '2097152',
      'close-on-replica-write': 'no',
      'cluster-require-full-coverage': 'yes',
      'hll-sparse-max-bytes': '4000',
      'lazyfree-lazy-eviction': 'yes',
      'lfu-decay-time': '2',
      'lfu-log-factor': '20',
      'list-compress-depth': '1',
      'maxmemory-policy': 'allkeys-lru',
      'maxmemory-samples': '5',
      'min-replicas-max-lag': '20',
      'notify-keyspace-events': 'Ex',
      'repl-backlog-ttl': '7200',
      'slowlog-max-len': '256',
      'tcp-keepalive': '60',
      timeout: '300',
    };
    const chunks = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / 20) }, (_, i) => list.slice(i * 20, i * 20 + 20));
    const read = async (name: string) => {
      const groups = await client.send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: name }));
      assert.equal(groups.CacheParameterGroups![0].CacheParameterGroupFamily, 'redis7');
      const user = await client.send(new DescribeCacheParametersCommand({ CacheParameterGroupName: name, Source: 'user' }));
      assert.equal(user.Marker, undefined, 'Terraform reads one unpaginated page');
      return new Map(user.Parameters!.filter((p) => p.ParameterValue !== undefined).map((p) => [p.ParameterName!.toLowerCase(), p.ParameterValue!]));
    };

    const created = await client.send(
      new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'tf-params', CacheParameterGroupFamily: 'redis7', Description: 'Managed by Terraform', Tags: [{ Key: 'Name', Value: 'tf' }] }),
    );
    const entries = Object.entries(configured).map(([ParameterName, ParameterValue]) => ({ ParameterName, ParameterValue }));
    for (const chunk of chunks(entries)) await client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'tf-params', ParameterNameValues: chunk }));
    let state = await read('tf-params');
    for (const [name, value] of Object.entries(configured)) assert.equal(state.get(name), value, name);
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceName: created.CacheParameterGroup!.ARN }));
    assert.deepEqual(tags.TagList, [{ Key: 'Name', Value: 'tf' }]);

    // Update: 23 parameters leave the configuration (reset in chunks of 20 + 3), one changes.
    const removed = Object.keys(configured).slice(0, 23);
    for (const chunk of chunks(removed)) {
      await client.send(new ResetCacheParameterGroupCommand({ CacheParameterGroupName: 'tf-params', ParameterNameValues: chunk.map((ParameterName) => ({ ParameterName })) }));
    }
    await client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'tf-params', ParameterNameValues: [{ ParameterName: 'timeout', ParameterValue: '600' }] }));
    state = await read('tf-params');
    assert.equal(state.get('timeout'), '600');
    assert.equal(state.get('tcp-keepalive'), '60');
    assert.equal(state.get('maxmemory-policy'), 'volatile-lru');
    assert.equal(state.get('activedefrag'), 'no');
    assert.equal(state.has('notify-keyspace-events'), false, 'an empty value is skipped (no ParameterValue)');

    await client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'tf-params' }));
    const gone = await fault(client.send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: 'tf-params' })));
    assert.deepEqual([gone.name, gone.status], ['CacheParameterGroupNotFoundFault', 404]);
  });
});

describe('persistence', () => {
  test('parameter groups, subnet groups and their tags survive a restart; reset removes them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ecl-groups-'));
    try {
      const first = await startTestEmulator({ inMemory: false, dataDir });
      const c1 = sdkClient(first);
      await c1.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'kept', CacheParameterGroupFamily: 'redis7', Description: 'd', Tags: [{ Key: 'k', Value: 'v' }] }));
      await c1.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'kept', ParameterNameValues: [{ ParameterName: 'timeout', ParameterValue: '90' }] }));
      await c1.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'kept', CacheSubnetGroupDescription: 'd', SubnetIds: ['subnet-kept'] }));
      const subnetsBefore = await c1.send(new DescribeCacheSubnetGroupsCommand({}));
      c1.destroy();
      await first.stop();

      const second = await startTestEmulator({ inMemory: false, dataDir });
      const c2 = sdkClient(second);
      try {
        assert.equal((await groupParameters(c2, 'kept')).get('timeout')!.ParameterValue, '90');
        const tags = await c2.send(new ListTagsForResourceCommand({ ResourceName: 'arn:aws:elasticache:us-east-1:000000000000:parametergroup:kept' }));
        assert.deepEqual(tags.TagList, [{ Key: 'k', Value: 'v' }]);
        assert.deepEqual((await c2.send(new DescribeCacheSubnetGroupsCommand({}))).CacheSubnetGroups, subnetsBefore.CacheSubnetGroups);

        await fetch(`${second.url}/_elasticache/reset`, { method: 'POST' });
        const left = await c2.send(new DescribeCacheSubnetGroupsCommand({}));
        assert.deepEqual(left.CacheSubnetGroups!.map((g) => g.CacheSubnetGroupName), ['default']);
        assert.equal((await fault(c2.send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: 'kept' })))).name, 'CacheParameterGroupNotFoundFault');
      } finally {
        c2.destroy();
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('engineConfigFor', () => {
  test("every family's values, custom ones included, are settings the engine accepts", () => {
    for (const c of FAMILY_CATALOGUES) {
      const config = engineConfigFor({ family: c.family, values: { 'maxmemory-policy': 'allkeys-lfu', timeout: '120' } }, 'cache.r7g.large');
      const node = new NodeConfig(config);
      assert.equal(node.get('maxmemory-policy'), 'allkeys-lfu', c.family);
      assert.equal(node.get('timeout'), '120', c.family);
      assert.equal(node.get('maxmemory'), '10527885772', `${c.family}: the node type's 14037181030 less 25 % reserved`);
      assert.equal(node.get('databases'), '16', c.family);
    }
    const config = engineConfigFor({ family: 'redis7', values: { 'notify-keyspace-events': 'Ex', 'client-output-buffer-limit-pubsub-hard-limit': '1000' } }, 'cache.t3.micro');
    assert.equal(config['notify-keyspace-events'], 'Ex');
    assert.equal(config['client-output-buffer-limit'], 'normal 0 0 0 pubsub 1000 8388608 60 replica 53687091 53687091 60');
    assert.equal(config['reserved-memory-percent'], undefined, 'ElastiCache-only parameters are not engine settings');
    const older = engineConfigFor({ family: 'redis6.x', values: { 'hash-max-ziplist-entries': '256' } });
    assert.equal(older['hash-max-listpack-entries'], '256');
    assert.equal(older.maxmemory, undefined, 'maxmemory only with a node type');
  });
});

describe('cache parameter groups through the AWS CLI', async () => {
  const present = await awsCliAvailable();
  let em: Emulator;
  before(async () => {
    if (present) em = await startTestEmulator();
  });
  after(async () => {
    if (present) await em.stop();
  });

  test('create, modify, describe with --source user, reset, delete; a fault by code', { skip: present ? false : 'aws CLI not installed (.ci/run installs it)' }, async () => {
    const created = await awsCli(em, ['create-cache-parameter-group', '--cache-parameter-group-name', 'cli-params', '--cache-parameter-group-family', 'valkey8', '--description', 'cli']);
    assert.equal(created.json!.CacheParameterGroup.CacheParameterGroupFamily, 'valkey8');
    const modified = await awsCli(em, ['modify-cache-parameter-group', '--cache-parameter-group-name', 'cli-params', '--parameter-name-values', 'ParameterName=maxmemory-policy,ParameterValue=allkeys-lru']);
    assert.deepEqual(modified.json, { CacheParameterGroupName: 'cli-params' });
    const described = await awsCli(em, ['describe-cache-parameters', '--cache-parameter-group-name', 'cli-params', '--source', 'user']);
    const policy = described.json!.Parameters.find((p: { ParameterName: string }) => p.ParameterName === 'maxmemory-policy');
    assert.equal(policy.ParameterValue, 'allkeys-lru');
    const defaults = await awsCli(em, ['describe-engine-default-parameters', '--cache-parameter-group-family', 'redis5.0']);
    assert.equal(defaults.json!.EngineDefaults.Parameters.length, 57, 'the CLI follows EngineDefaults.Marker');
    const reset = await awsCli(em, ['reset-cache-parameter-group', '--cache-parameter-group-name', 'cli-params', '--reset-all-parameters']);
    assert.deepEqual(reset.json, { CacheParameterGroupName: 'cli-params' });
    const unknown = await awsCli(em, ['modify-cache-parameter-group', '--cache-parameter-group-name', 'cli-params', '--parameter-name-values', 'ParameterName=reserved-memory,ParameterValue=1']);
    assert.match(unknown.error!, /\(InvalidParameterValue\).*Parameter reserved-memory doesn't exist/);
    assert.deepEqual(await awsCli(em, ['delete-cache-parameter-group', '--cache-parameter-group-name', 'cli-params']), { json: {} });
  });
});
