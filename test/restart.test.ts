import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateCacheClusterCommand, CreateReplicationGroupCommand, DescribeCacheClustersCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { sdkClient, startTestEmulator, waitFor } from './helpers/emulator.ts';

test('a restart on the same data directory brings back every cluster, its node on the same port with its data', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecl-restart-'));
  const portRange = { first: 31000 + Math.floor(Math.random() * 100) * 20, last: 0 };
  portRange.last = portRange.first + 19;
  try {
    const first = await startTestEmulator({ inMemory: false, dataDir, nodePortRange: portRange });
    const c1 = sdkClient(first);
    await c1.send(new CreateCacheClusterCommand({ CacheClusterId: 'durable', CacheNodeType: 'cache.t3.micro', Tags: [{ Key: 'k', Value: 'v' }] }));
    const before = await waitFor(async () => {
      const c = (await c1.send(new DescribeCacheClustersCommand({ CacheClusterId: 'durable', ShowCacheNodeInfo: true }))).CacheClusters![0];
      return c.CacheClusterStatus === 'available' ? c : undefined;
    });
    const writer = new Redis({ port: before.CacheNodes![0].Endpoint!.Port!, lazyConnect: true });
    await writer.connect();
    await writer.set('survives', 'the restart');
    await writer.rpush('list', 'a', 'b');
    writer.disconnect();
    c1.destroy();
    await first.stop();

    const second = await startTestEmulator({ inMemory: false, dataDir, nodePortRange: portRange });
    const c2 = sdkClient(second);
    try {
      const after = (await c2.send(new DescribeCacheClustersCommand({ CacheClusterId: 'durable', ShowCacheNodeInfo: true }))).CacheClusters![0];
      assert.equal(after.CacheClusterStatus, 'available');
      assert.equal(after.ARN, before.ARN);
      assert.equal(after.CacheClusterCreateTime?.getTime(), before.CacheClusterCreateTime?.getTime());
      assert.equal(after.CacheNodes![0].Endpoint!.Port, before.CacheNodes![0].Endpoint!.Port);
      const io = new Redis({ port: after.CacheNodes![0].Endpoint!.Port!, lazyConnect: true });
      await io.connect();
      assert.equal(await io.get('survives'), 'the restart', 'the dataset comes back with the node');
      assert.deepEqual(await io.lrange('list', 0, -1), ['a', 'b']);
      io.disconnect();
    } finally {
      c2.destroy();
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('--in-memory keeps nothing between runs', async () => {
  const first = await startTestEmulator({ inMemory: true });
  const c1 = sdkClient(first);
  await c1.send(new CreateCacheClusterCommand({ CacheClusterId: 'ephemeral', CacheNodeType: 'cache.t3.micro' }));
  c1.destroy();
  await first.stop();
  const second = await startTestEmulator({ inMemory: true });
  const c2 = sdkClient(second);
  assert.deepEqual((await c2.send(new DescribeCacheClustersCommand({}))).CacheClusters, []);
  c2.destroy();
  await second.stop();
});

test('a replication group survives a restart: same endpoints, data back on the primary and replicated again', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecl-restart-rg-'));
  const first = 32000 + Math.floor(Math.random() * 100) * 20;
  const portRange = { first, last: first + 19 };
  try {
    const one = await startTestEmulator({ inMemory: false, dataDir, nodePortRange: portRange });
    const c1 = sdkClient(one);
    await c1.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'durable-rg', ReplicationGroupDescription: 'd', NumCacheClusters: 2, CacheNodeType: 'cache.t3.micro' }));
    const before = await waitFor(async () => {
      const g = (await c1.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'durable-rg' }))).ReplicationGroups![0];
      return g.Status === 'available' ? g : undefined;
    });
    const w = new Redis({ port: before.NodeGroups![0].PrimaryEndpoint!.Port!, lazyConnect: true });
    await w.connect();
    await w.set('kept', 'yes');
    w.disconnect();
    c1.destroy();
    await one.stop();

    const two = await startTestEmulator({ inMemory: false, dataDir, nodePortRange: portRange });
    const c2 = sdkClient(two);
    try {
      const after = (await c2.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'durable-rg' }))).ReplicationGroups![0];
      assert.equal(after.Status, 'available');
      assert.deepEqual(after.NodeGroups![0].PrimaryEndpoint, before.NodeGroups![0].PrimaryEndpoint);
      assert.deepEqual(after.NodeGroups![0].ReaderEndpoint, before.NodeGroups![0].ReaderEndpoint);
      const p = new Redis({ port: after.NodeGroups![0].PrimaryEndpoint!.Port!, lazyConnect: true });
      await p.connect();
      assert.equal(await p.get('kept'), 'yes');
      p.disconnect();
      const r = new Redis({ port: after.NodeGroups![0].NodeGroupMembers![1].ReadEndpoint!.Port!, lazyConnect: true });
      await r.connect();
      await waitFor(async () => (await r.get('kept')) === 'yes', 5000);
      r.disconnect();
    } finally {
      c2.destroy();
      await two.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
