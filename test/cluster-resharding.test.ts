import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  CreateReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ModifyReplicationGroupShardConfigurationCommand,
  type ElastiCacheClient,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import type { Emulator } from '../bin/emulator.ts';
import { waitFor, useEmulator } from './helpers/emulator.ts';

const KEYS = 50_000;
const TTL_MS = 3_600_000;

async function group(client: ElastiCacheClient, id: string): Promise<ReplicationGroup> {
  return (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0];
}

/** Slots of every node group, expanded: together they must be 0-16383, each once. */
function assertFullCoverage(g: ReplicationGroup): void {
  const seen = new Uint8Array(16384);
  for (const ng of g.NodeGroups!) {
    for (const part of ng.Slots!.split(',')) {
      const [a, b = a] = part.split('-').map(Number);
      for (let s = a; s <= b; s++) {
        assert.equal(seen[s], 0, `slot ${s} twice`);
        seen[s] = 1;
      }
    }
  }
  assert.equal(seen.indexOf(0), -1, 'every slot is served');
}

/**
 * Resharding moves slots and their keys while clients keep reading and writing: ioredis Cluster
 * loads 50,000 keys with TTLs through the configuration endpoint, node-redis's cluster client reads
 * and writes all along, the group goes 3 → 5 → 2 shards, and every key comes back with its value
 * and TTL.
 */
describe('online resharding (cluster mode enabled)', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  useEmulator({ timing: 'instant' }, (e, c) => {
    em = e;
    client = c;
  });

  test('3 → 5 → 2 shards with 50,000 keys, clients reading and writing throughout', { timeout: 180_000 }, async () => {
    await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'reshard',
        ReplicationGroupDescription: 'resharding under load',
        NumNodeGroups: 3,
        ReplicasPerNodeGroup: 1,
        CacheNodeType: 'cache.r6g.large',
        CacheParameterGroupName: 'default.redis7.cluster.on',
        AutomaticFailoverEnabled: true,
      }),
    );
    const created = await waitFor(async () => {
      const g = await group(client, 'reshard');
      return g.Status === 'available' && g;
    }, 30_000);
    assert.deepEqual(created.NodeGroups!.map((ng) => ng.Slots), ['0-5461', '5462-10922', '10923-16383']);
    const cfg = created.ConfigurationEndpoint!;

    const io = new Cluster([{ host: cfg.Address!, port: cfg.Port! }], { enableAutoPipelining: true });
    const loadedAt = Date.now();
    for (let start = 0; start < KEYS; start += 5000) {
      await Promise.all(Array.from({ length: 5000 }, (_, j) => io.set(`key:${start + j}`, `value-${start + j}`, 'PX', TTL_MS)));
    }

    // node-redis keeps writing its own keys and reading loaded ones while slots move.
    const nr = createCluster({ rootNodes: [{ url: `redis://${cfg.Address}:${cfg.Port}` }] });
    await nr.connect();
    let running = true;
    let written = 0;
    let readsChecked = 0;
    let trafficError: unknown = null;
    const traffic = (async () => {
      while (running) {
        await nr.set(`live:${written}`, String(written));
        await nr.incr('live:counter');
        written++;
        const k = (written * 7919) % KEYS;
        assert.equal(await nr.get(`key:${k}`), `value-${k}`);
        readsChecked++;
      }
    })().catch((e: unknown) => {
      trafficError = e;
      running = false;
    });

    const reshard = async (input: { NodeGroupCount: number; NodeGroupsToRemove?: string[] }): Promise<ReplicationGroup> => {
      const answer = await client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'reshard', ApplyImmediately: true, ...input }));
      assert.equal(answer.ReplicationGroup!.Status, 'modifying');
      assert.equal(answer.ReplicationGroup!.PendingModifiedValues!.Resharding!.SlotMigration!.ProgressPercentage, 0);
      const progress = new Set<number>();
      const done = await waitFor(
        async () => {
          if (trafficError) throw trafficError;
          const g = await group(client, 'reshard');
          const p = g.PendingModifiedValues?.Resharding?.SlotMigration?.ProgressPercentage;
          if (p !== undefined) {
            assert.equal(g.Status, 'modifying');
            progress.add(p);
          }
          return g.Status === 'available' && g;
        },
        120_000,
        25,
      );
      assert.ok([...progress].some((p) => p > 0 && p < 100), `progress seen while slots moved: ${[...progress].join(', ')}`);
      assert.deepEqual(done.PendingModifiedValues, {});
      assertFullCoverage(done);
      return done;
    };

    const five = await reshard({ NodeGroupCount: 5 });
    assert.deepEqual(five.NodeGroups!.map((ng) => ng.NodeGroupId), ['0001', '0002', '0003', '0004', '0005']);
    assert.equal(five.MemberClusters!.length, 10);
    // Slots of the original shards become range lists as AWS shows them after resharding.
    assert.ok(five.NodeGroups!.every((ng) => /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(ng.Slots!)));
    const counts = five.NodeGroups!.map((ng) => ng.Slots!.split(',').reduce((n, r) => { const [a, b = a] = r.split('-').map(Number); return n + b - a + 1; }, 0));
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `even split: ${counts}`);

    const two = await reshard({ NodeGroupCount: 2, NodeGroupsToRemove: ['0003', '0004', '0005'] });
    assert.deepEqual(two.NodeGroups!.map((ng) => ng.NodeGroupId), ['0001', '0002']);
    assert.deepEqual(two.NodeGroups!.map((ng) => ng.Slots!.split(',').reduce((n, r) => { const [a, b = a] = r.split('-').map(Number); return n + b - a + 1; }, 0)), [8192, 8192]);
    assert.deepEqual(two.MemberClusters, ['reshard-0001-001', 'reshard-0001-002', 'reshard-0002-001', 'reshard-0002-002']);
    const clusters = (await client.send(new DescribeCacheClustersCommand({}))).CacheClusters!.map((c) => c.CacheClusterId);
    assert.ok(!clusters.some((c) => /reshard-000[345]/.test(c!)), 'removed shards are gone');
    assert.equal(em.provisioner.runningNodes, 4);

    running = false;
    await traffic;
    assert.equal(trafficError, null);
    assert.ok(written > 0 && readsChecked > 0);
    // Clients that cached a slot of a removed shard and never used it since would wait for that node
    // (as against any Redis Cluster whose nodes went away): the checks use clients started now.
    nr.destroy();
    io.disconnect();

    const check = new Cluster([{ host: cfg.Address!, port: cfg.Port! }]);
    assert.equal(await check.get('live:counter'), String(written));
    const live = await Promise.all(Array.from({ length: written }, (_, i) => check.get(`live:${i}`)));
    assert.ok(live.every((v, i) => v === String(i)));
    // Every loaded key with its value and its TTL (minus the time since it was set).
    const elapsed = Date.now() - loadedAt;
    for (let start = 0; start < KEYS; start += 5000) {
      const idx = Array.from({ length: 5000 }, (_, j) => start + j);
      const values = await Promise.all(idx.map((i) => check.get(`key:${i}`)));
      const ttls = await Promise.all(idx.map((i) => check.pttl(`key:${i}`)));
      idx.forEach((i, j) => {
        assert.equal(values[j], `value-${i}`);
        assert.ok(ttls[j] > TTL_MS - elapsed - 5000 && ttls[j] <= TTL_MS, `ttl of key:${i}: ${ttls[j]}`);
      });
    }
    const shards = (await check.cluster('SHARDS')) as unknown[][];
    assert.equal(shards.length, 2);
    check.disconnect();
  });
});
