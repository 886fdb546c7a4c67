import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect } from 'node:net';
import {
  CreateCacheClusterCommand,
  CreateCacheParameterGroupCommand,
  DeleteCacheClusterCommand,
  DescribeCacheClustersCommand,
  DescribeEventsCommand,
  ModifyCacheClusterCommand,
  ModifyCacheParameterGroupCommand,
  RebootCacheClusterCommand,
  waitUntilCacheClusterAvailable,
  waitUntilCacheClusterDeleted,
  type ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { Emulator } from '../bin/emulator.ts';
import { sdkClient, startTestEmulator, waitFor, useEmulator } from './helpers/emulator.ts';
import { fault } from './helpers/faults.ts';

async function createAvailable(client: ElastiCacheClient, id: string) {
  await client.send(new CreateCacheClusterCommand({ CacheClusterId: id, Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 1 }));
  return waitFor(async () => {
    const out = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true }));
    const c = out.CacheClusters![0];
    return c.CacheClusterStatus === 'available' ? c : undefined;
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

describe('single-node cache clusters through the SDK', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  useEmulator({}, (e, c) => {
    em = e;
    client = c;
  });

  test('create answers creating, then the node becomes available and serves real clients', async () => {
    const created = await client.send(
      new CreateCacheClusterCommand({
        CacheClusterId: 'Orders-Cache',
        Engine: 'redis',
        CacheNodeType: 'cache.t3.micro',
        NumCacheNodes: 1,
        EngineVersion: '7.1',
        Port: 6379,
        PreferredAvailabilityZone: 'us-east-1b',
        Tags: [{ Key: 'team', Value: 'orders' }],
      }),
    );
    const c = created.CacheCluster!;
    assert.equal(c.CacheClusterId, 'orders-cache');
    assert.equal(c.CacheClusterStatus, 'creating');
    assert.equal(c.CacheNodes, undefined);
    assert.equal(c.EngineVersion, '7.1.0');
    assert.equal(c.PreferredAvailabilityZone, 'us-east-1b');
    assert.equal(c.ARN, 'arn:aws:elasticache:us-east-1:000000000000:cluster:orders-cache');
    assert.equal(c.CacheParameterGroup?.CacheParameterGroupName, 'default.redis7');
    assert.match(c.PreferredMaintenanceWindow!, /^(sun|mon|tue|wed|thu|fri|sat):\d\d:\d\d-(sun|mon|tue|wed|thu|fri|sat):\d\d:\d\d$/);

    await waitUntilCacheClusterAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: 'ORDERS-CACHE' });
    const described = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'Orders-Cache', ShowCacheNodeInfo: true }));
    const cluster = described.CacheClusters![0];
    assert.equal(cluster.CacheClusterStatus, 'available');
    assert.ok(cluster.CacheClusterCreateTime instanceof Date);
    const node = cluster.CacheNodes![0];
    assert.equal(node.CacheNodeId, '0001');
    assert.equal(node.CacheNodeStatus, 'available');
    assert.equal(node.CustomerAvailabilityZone, 'us-east-1b');
    assert.equal(node.Endpoint?.Address, '127.0.0.1');
    const port = node.Endpoint!.Port!;

    const io = new Redis({ host: node.Endpoint!.Address, port, lazyConnect: true });
    await io.connect();
    assert.equal(await io.set('greeting', 'hello'), 'OK');
    assert.equal(await io.get('greeting'), 'hello');
    assert.equal(await io.incr('visits'), 1);
    io.disconnect();

    const nr = createClient({ socket: { host: '127.0.0.1', port } });
    await nr.connect();
    assert.equal(await nr.get('greeting'), 'hello');
    await nr.set('k', 'v', { EX: 100 });
    assert.ok((await nr.ttl('k')) > 90);
    await nr.quit();

    // The node runs in this process: redis-cli must run asynchronously or it would wait on us.
    const cli = await promisify(execFile)('redis-cli', ['-p', String(port), 'GET', 'greeting']).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (cli === null) process.stdout.write('# redis-cli not installed: its check is skipped\n');
    else assert.equal(cli.stdout.trim(), 'hello');

    const plain = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'orders-cache' }));
    assert.equal(plain.CacheClusters![0].CacheNodes, undefined, 'CacheNodes only with ShowCacheNodeInfo');
  });

  test('delete answers deleting, stops the node and frees its port; then CacheClusterNotFound', async () => {
    const c = await createAvailable(client, 'to-delete');
    const port = c.CacheNodes![0].Endpoint!.Port!;
    assert.equal(await portOpen(port), true);
    const del = await client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'TO-DELETE' }));
    assert.equal(del.CacheCluster!.CacheClusterStatus, 'deleting');
    await waitUntilCacheClusterDeleted({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: 'to-delete' });
    const f = await fault(client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'to-delete' })));
    assert.equal(f.name, 'CacheClusterNotFoundFault');
    assert.equal(f.status, 404);
    assert.equal(f.message, 'CacheCluster not found: to-delete');
    assert.equal(await portOpen(port), false);
    // The freed port goes to the next cluster.
    const next = await createAvailable(client, 'reuses-port');
    assert.equal(next.CacheNodes![0].Endpoint!.Port, port);
  });

  test('pagination with MaxRecords and Marker returns every cluster once', async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `page-${String(i).padStart(2, '0')}`);
    for (const id of ids) await client.send(new CreateCacheClusterCommand({ CacheClusterId: id, CacheNodeType: 'cache.t3.micro', Engine: 'redis' }));
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await client.send(new DescribeCacheClustersCommand({ MaxRecords: 20, Marker: marker }));
      seen.push(...out.CacheClusters!.map((c) => c.CacheClusterId!));
      marker = out.Marker;
      pages++;
    } while (marker);
    assert.ok(pages >= 2);
    for (const id of ids) assert.equal(seen.filter((s) => s === id).length, 1, id);
    const bad = await fault(client.send(new DescribeCacheClustersCommand({ MaxRecords: 5 })));
    assert.equal(bad.name, 'InvalidParameterValueException');
  });

  test('faults carry the model code and HTTP status', async () => {
    await createAvailable(client, 'dup');
    const dup = await fault(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'DUP', CacheNodeType: 'cache.t3.micro' })));
    assert.deepEqual([dup.name, dup.status], ['CacheClusterAlreadyExistsFault', 400]);

    const missing = await fault(client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'nope' })));
    assert.deepEqual([missing.name, missing.status], ['CacheClusterNotFoundFault', 404]);

    const cases: Array<[Record<string, unknown>, string, number, RegExp]> = [
      [{ CacheClusterId: '1abc' }, 'InvalidParameterValueException', 400, /CacheClusterId/],
      [{ CacheClusterId: 'a--b' }, 'InvalidParameterValueException', 400, /consecutive hyphens/],
      [{ CacheClusterId: 'ends-' }, 'InvalidParameterValueException', 400, /end with a hyphen/],
      [{ CacheClusterId: 'x'.repeat(51) }, 'InvalidParameterValueException', 400, /50/],
      [{ CacheClusterId: 'two-nodes', NumCacheNodes: 2 }, 'InvalidParameterValueException', 400, /NumCacheNodes/],
      [{ CacheClusterId: 'no-type', CacheNodeType: undefined }, 'InvalidParameterValueException', 400, /CacheNodeType/],
      [{ CacheClusterId: 'bad-type', CacheNodeType: 'cache.x9.huge' }, 'InvalidParameterValueException', 400, /cache\.x9\.huge/],
      [{ CacheClusterId: 'bad-version', EngineVersion: '9.9' }, 'InvalidParameterCombinationException', 400, /Cannot find version 9\.9 for redis/],
      [{ CacheClusterId: 'bad-pg', CacheParameterGroupName: 'nope' }, 'CacheParameterGroupNotFoundFault', 404, /nope/],
      [{ CacheClusterId: 'cluster-on', CacheParameterGroupName: 'default.redis7.cluster.on' }, 'InvalidParameterCombinationException', 400, /Cluster mode should be disabled/],
      [{ CacheClusterId: 'bad-port', Port: 70000 }, 'InvalidParameterValueException', 400, /Port/],
      [{ CacheClusterId: 'bad-az', PreferredAvailabilityZone: 'eu-west-1a' }, 'InvalidParameterValueException', 400, /PreferredAvailabilityZone/],
      [{ CacheClusterId: 'bad-window', PreferredMaintenanceWindow: 'sun:01:00-sun:01:30' }, 'InvalidParameterValueException', 400, /PreferredMaintenanceWindow/],
      [{ CacheClusterId: 'in-group', ReplicationGroupId: 'rg' }, 'ReplicationGroupNotFoundFault', 404, /rg/],
      [{ CacheClusterId: 'memcached', Engine: 'memcached' }, 'InvalidParameterValueException', 400, /memcached/],
      [{ CacheClusterId: 'many-tags', Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }, 'TagQuotaPerResourceExceeded', 400, /50/],
    ];
    for (const [input, name, status, message] of cases) {
      const f = await fault(client.send(new CreateCacheClusterCommand({ CacheNodeType: 'cache.t3.micro', ...input } as never)));
      assert.equal(f.name, name, JSON.stringify(input));
      assert.equal(f.status, status, JSON.stringify(input));
      assert.match(f.message, message, JSON.stringify(input));
    }
  });

  test('resources are isolated per account and region; ARNs carry both', async () => {
    const other = sdkClient(em, { accessKeyId: '123456789012', region: 'eu-west-1' });
    const created = await other.send(new CreateCacheClusterCommand({ CacheClusterId: 'isolated', CacheNodeType: 'cache.t3.micro' }));
    assert.equal(created.CacheCluster!.ARN, 'arn:aws:elasticache:eu-west-1:123456789012:cluster:isolated');
    assert.match(created.CacheCluster!.PreferredAvailabilityZone!, /^eu-west-1[abc]$/);
    const f = await fault(client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'isolated' })));
    assert.equal(f.name, 'CacheClusterNotFoundFault');
    const sameAccountOtherRegion = sdkClient(em, { accessKeyId: '123456789012', region: 'us-west-2' });
    const f2 = await fault(sameAccountOtherRegion.send(new DescribeCacheClustersCommand({ CacheClusterId: 'isolated' })));
    assert.equal(f2.name, 'CacheClusterNotFoundFault');
    const mine = await other.send(new DescribeCacheClustersCommand({}));
    assert.deepEqual(mine.CacheClusters!.map((c) => c.CacheClusterId), ['isolated']);
    other.destroy();
    sameAccountOtherRegion.destroy();
  });
});

describe('lifecycle states under the realistic profile', () => {
  test('a creating cluster cannot be deleted (InvalidCacheClusterState)', async () => {
    const em = await startTestEmulator({ timing: 'realistic', realisticScale: 0.002 });
    const client = sdkClient(em);
    try {
      await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'slow', CacheNodeType: 'cache.t3.micro' }));
      const f = await fault(client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'slow' })));
      assert.deepEqual([f.name, f.status], ['InvalidCacheClusterStateFault', 400]);
      const out = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'slow' }));
      assert.equal(out.CacheClusters![0].CacheClusterStatus, 'creating');
      await waitFor(async () => (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'slow' }))).CacheClusters![0].CacheClusterStatus === 'available');
    } finally {
      client.destroy();
      await em.stop();
    }
  });
});

describe('ModifyCacheCluster', () => {
  test('metadata and another parameter group apply at once; node type and engine version go through modifying and keep the data', async () => {
    const em = await startTestEmulator({ timing: 'realistic', realisticScale: 0.002 });
    const client = sdkClient(em);
    const modify = (input: Record<string, unknown>) => client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'mc', ApplyImmediately: true, ...input }));
    try {
      await client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'six-lru', CacheParameterGroupFamily: 'redis6.x', Description: 'd' }));
      await client.send(
        new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'six-lru', ParameterNameValues: [{ ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lru' }] }),
      );
      await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'mc', CacheNodeType: 'cache.t3.micro', EngineVersion: '6.2' }));
      const creating = await fault(modify({ SnapshotRetentionLimit: 1 }));
      assert.deepEqual([creating.name, creating.message], ['InvalidCacheClusterStateFault', 'Cache cluster mc is not in the available state.']);
      await waitUntilCacheClusterAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: 'mc' });
      const port = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'mc', ShowCacheNodeInfo: true }))).CacheClusters![0].CacheNodes![0].Endpoint!.Port!;
      const io = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
      await io.connect();
      const server = async () => {
        const text = ((await io.info('server')) as string) + ((await io.info('memory')) as string);
        return ['redis_version', 'maxmemory', 'maxmemory_policy'].map((f) => new RegExp(`^${f}:(\\S+)`, 'm').exec(text)![1]);
      };
      try {
        await io.set('kept', 'through the upgrade');
        assert.deepEqual(await server(), ['6.2.6', '402653184', 'volatile-lru']);

        const faults = await Promise.all([
          fault(modify({ NumCacheNodes: 2 })),
          fault(modify({ CacheNodeIdsToRemove: ['0001'] })),
          fault(modify({ EngineVersion: '5.0.6' })),
          fault(modify({ PreferredMaintenanceWindow: 'sun:05:00-sun:06:00', SnapshotRetentionLimit: 0 }).then(() => modify({ SnapshotRetentionLimit: 0 }))),
          fault(modify({ CacheParameterGroupName: 'default.redis7' })),
          fault(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'nope', SnapshotRetentionLimit: 1 }))),
        ]);
        assert.deepEqual(
          faults.map((f) => f.name),
          [
            'InvalidParameterValueException',
            'InvalidParameterCombinationException',
            'InvalidParameterValueException',
            'InvalidParameterCombinationException',
            'InvalidParameterCombinationException',
            'CacheClusterNotFoundFault',
          ],
        );
        assert.equal(faults[2].message, 'Cannot downgrade engine version from 6.2.6 to 5.0.6.');
        assert.equal(faults[3].message, 'No modifications were requested.');

        const meta = await modify({ SnapshotRetentionLimit: 3, CacheParameterGroupName: 'six-lru' });
        assert.equal(meta.CacheCluster!.CacheClusterStatus, 'available');
        assert.equal(meta.CacheCluster!.SnapshotRetentionLimit, 3);
        assert.equal(meta.CacheCluster!.CacheParameterGroup!.CacheParameterGroupName, 'six-lru');
        assert.deepEqual(await server(), ['6.2.6', '402653184', 'allkeys-lru'], 'the group reaches the node at once');

        const scaled = await modify({ CacheNodeType: 'cache.t3.small', EngineVersion: '7.1', CacheParameterGroupName: 'default.redis7' });
        assert.equal(scaled.CacheCluster!.CacheClusterStatus, 'modifying');
        await waitUntilCacheClusterAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: 'mc' });
        const after = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'mc' }))).CacheClusters![0];
        assert.deepEqual([after.CacheNodeType, after.EngineVersion, after.CacheParameterGroup!.CacheParameterGroupName], ['cache.t3.small', '7.1.0', 'default.redis7']);
        assert.deepEqual(await server(), ['7.1.0', '1103269724', 'volatile-lru']);
        assert.equal(await io.get('kept'), 'through the upgrade');
      } finally {
        io.disconnect();
      }
    } finally {
      client.destroy();
      await em.stop();
    }
  });
});

describe('RebootCacheCluster', () => {
  test('the node goes through rebooting, comes back on its port empty, with events; faults for state and node ids', async () => {
    const em = await startTestEmulator({ timing: 'realistic', realisticScale: 0.002 });
    const client = sdkClient(em);
    try {
      const missing = await fault(client.send(new RebootCacheClusterCommand({ CacheClusterId: 'nope', CacheNodeIdsToReboot: ['0001'] })));
      assert.deepEqual([missing.name, missing.status], ['CacheClusterNotFoundFault', 404]);
      await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'rb', CacheNodeType: 'cache.t3.micro' }));
      const creating = await fault(client.send(new RebootCacheClusterCommand({ CacheClusterId: 'rb', CacheNodeIdsToReboot: ['0001'] })));
      assert.deepEqual([creating.name, creating.status, creating.message], ['InvalidCacheClusterStateFault', 400, 'Cache cluster rb is not in the available state.']);
      await waitUntilCacheClusterAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: 'rb' });
      const before = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'rb', ShowCacheNodeInfo: true }))).CacheClusters![0];
      const port = before.CacheNodes![0].Endpoint!.Port!;
      const io = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      await io.connect();
      await io.set('before-reboot', '1');
      io.disconnect();

      const badNode = await fault(client.send(new RebootCacheClusterCommand({ CacheClusterId: 'rb', CacheNodeIdsToReboot: ['0002'] })));
      assert.deepEqual([badNode.name, badNode.message], ['InvalidParameterValueException', 'Cache node 0002 does not exist in cache cluster rb.']);
      const out = await client.send(new RebootCacheClusterCommand({ CacheClusterId: 'RB', CacheNodeIdsToReboot: ['0001'] }));
      assert.equal(out.CacheCluster!.CacheClusterStatus, 'rebooting cache cluster nodes');
      const during = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'rb', ShowCacheNodeInfo: true }))).CacheClusters![0];
      assert.equal(during.CacheClusterStatus, 'rebooting cache cluster nodes');
      assert.equal(during.CacheNodes![0].CacheNodeStatus, 'rebooting');
      const again = await fault(client.send(new RebootCacheClusterCommand({ CacheClusterId: 'rb', CacheNodeIdsToReboot: ['0001'] })));
      assert.equal(again.name, 'InvalidCacheClusterStateFault');

      await waitUntilCacheClusterAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: 'rb' });
      const after = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'rb', ShowCacheNodeInfo: true }))).CacheClusters![0];
      assert.equal(after.CacheNodes![0].CacheNodeStatus, 'available');
      assert.equal(after.CacheNodes![0].Endpoint!.Port, port, 'the node keeps its endpoint');
      const back = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
      await back.connect();
      assert.equal(await back.dbsize(), 0, 'a reboot clears the data');
      assert.equal(await back.set('after-reboot', '1'), 'OK');
      back.disconnect();
      const events = (await client.send(new DescribeEventsCommand({ SourceType: 'cache-cluster', SourceIdentifier: 'rb' }))).Events!.map((e) => e.Message);
      assert.deepEqual(events.slice(0, 2), ['Cache node 0001 restarted', 'Cache node 0001 shutdown']);
    } finally {
      client.destroy();
      await em.stop();
    }
  });
});

describe('events', () => {
  test('creating and deleting a cluster leaves events in DescribeEvents, newest first', async () => {
    const em = await startTestEmulator();
    const client = sdkClient(em);
    try {
      const c = await createAvailable(client, 'evented');
      await client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'evented' }));
      await waitUntilCacheClusterDeleted({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: 'evented' });
      const out = await client.send(new DescribeEventsCommand({ SourceType: 'cache-cluster', SourceIdentifier: 'evented' }));
      const messages = out.Events!.map((e) => e.Message);
      assert.deepEqual(messages, ['Cache cluster deleted', 'Cache cluster created', `Added cache node 0001 in availability zone ${c.PreferredAvailabilityZone}`]);
      for (const e of out.Events!) {
        assert.equal(e.SourceType, 'cache-cluster');
        assert.ok(e.Date instanceof Date);
      }
      const none = await client.send(new DescribeEventsCommand({ StartTime: new Date(Date.now() - 7200_000), EndTime: new Date(Date.now() - 3600_000) }));
      assert.deepEqual(none.Events, []);
      const bad = await fault(client.send(new DescribeEventsCommand({ SourceType: 'galaxy' as never })));
      assert.equal(bad.name, 'InvalidParameterValueException');
    } finally {
      client.destroy();
      await em.stop();
    }
  });
});
