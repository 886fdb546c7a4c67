import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateCacheClusterCommand,
  CreateReplicationGroupCommand,
  DecreaseReplicaCountCommand,
  DeleteCacheClusterCommand,
  DeleteReplicationGroupCommand,
  DescribeCacheClustersCommand,
  RebootCacheClusterCommand,
  DescribeReplicationGroupsCommand,
  IncreaseReplicaCountCommand,
  ListTagsForResourceCommand,
  ModifyReplicationGroupCommand,
  ModifyReplicationGroupShardConfigurationCommand,
  TestFailoverCommand,
  waitUntilReplicationGroupAvailable,
  waitUntilReplicationGroupDeleted,
  type CreateReplicationGroupCommandInput,
  type ElastiCacheClient,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { Cluster, Redis } from 'ioredis';
import { createCluster } from 'redis';
import type { Emulator } from '../bin/emulator.ts';
import { sdkClient, startTestEmulator, waitFor, useEmulator } from './helpers/emulator.ts';
import { fault } from './helpers/faults.ts';

const waiter = (client: ElastiCacheClient) => ({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 60 });

async function group(client: ElastiCacheClient, id: string): Promise<ReplicationGroup> {
  return (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0];
}

async function create(client: ElastiCacheClient, id: string, extra: Partial<CreateReplicationGroupCommandInput> = {}): Promise<ReplicationGroup> {
  await client.send(
    new CreateReplicationGroupCommand({ ReplicationGroupId: id, ReplicationGroupDescription: `group ${id}`, CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true, ...extra }),
  );
  await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: id });
  return group(client, id);
}

/** The nodes CLUSTER SLOTS names, as host:port per slot range, primary first. */
async function slotsOf(r: Redis | Cluster): Promise<string[][]> {
  const slots = (await r.cluster('SLOTS')) as unknown as Array<[number, number, ...Array<[string, number, string]>]>;
  return slots.map(([a, b, ...nodes]) => [`${a}-${b}`, ...nodes.map(([h, p]) => `${h}:${p}`)]);
}

describe('cluster mode enabled', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  useEmulator({ testFailoverLimit: 10 }, (e, c) => {
    em = e;
    client = c;
  });

  test('NumNodeGroups and ReplicasPerNodeGroup: shards with AWS slot split, member ids, a configuration endpoint and no primary endpoint', async () => {
    const created = await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'Sharded',
        ReplicationGroupDescription: 'three shards',
        NumNodeGroups: 3,
        ReplicasPerNodeGroup: 1,
        CacheNodeType: 'cache.r6g.large',
        AutomaticFailoverEnabled: true,
        Tags: [{ Key: 'team', Value: 'cache' }],
      }),
    );
    const rg = created.ReplicationGroup!;
    assert.equal(rg.Status, 'creating');
    assert.equal(rg.AutomaticFailover, 'enabled');
    assert.equal(rg.ClusterEnabled, true);
    assert.equal(rg.ClusterMode, 'enabled');
    assert.deepEqual(rg.MemberClusters, ['sharded-0001-001', 'sharded-0001-002', 'sharded-0002-001', 'sharded-0002-002', 'sharded-0003-001', 'sharded-0003-002']);
    await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: 'sharded' });
    const g = await group(client, 'sharded');
    assert.deepEqual(
      g.NodeGroups!.map((ng) => [ng.NodeGroupId, ng.Status, ng.Slots, ng.NodeGroupMembers!.map((m) => m.CacheClusterId)]),
      [
        ['0001', 'available', '0-5461', ['sharded-0001-001', 'sharded-0001-002']],
        ['0002', 'available', '5462-10922', ['sharded-0002-001', 'sharded-0002-002']],
        ['0003', 'available', '10923-16383', ['sharded-0003-001', 'sharded-0003-002']],
      ],
    );
    for (const ng of g.NodeGroups!) {
      assert.equal(ng.PrimaryEndpoint, undefined);
      assert.equal(ng.ReaderEndpoint, undefined);
      const [primary, replica] = ng.NodeGroupMembers!;
      assert.equal(primary.CurrentRole, undefined);
      assert.equal(primary.ReadEndpoint, undefined);
      assert.notEqual(primary.PreferredAvailabilityZone, replica.PreferredAvailabilityZone);
    }
    assert.ok(g.ConfigurationEndpoint?.Port);
    const members = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'sharded-0002-001', ShowCacheNodeInfo: true }))).CacheClusters!;
    assert.equal(members[0].ReplicationGroupId, 'sharded');
    assert.equal(members[0].CacheParameterGroup!.CacheParameterGroupName, 'default.redis7.cluster.on');
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceName: members[0].ARN }));
    assert.deepEqual(tags.TagList, [{ Key: 'team', Value: 'cache' }]);

    // The configuration endpoint answers discovery; the nodes it names are the member endpoints.
    const cfg = g.ConfigurationEndpoint!;
    const direct = new Redis({ host: cfg.Address, port: cfg.Port, lazyConnect: true });
    await direct.connect();
    const nodes = (await client.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }))).CacheClusters!.filter((c) => c.ReplicationGroupId === 'sharded');
    const endpoint = (id: string) => {
      const e = nodes.find((c) => c.CacheClusterId === id)!.CacheNodes![0].Endpoint!;
      return `${e.Address}:${e.Port}`;
    };
    assert.deepEqual(await slotsOf(direct), [
      ['0-5461', endpoint('sharded-0001-001'), endpoint('sharded-0001-002')],
      ['5462-10922', endpoint('sharded-0002-001'), endpoint('sharded-0002-002')],
      ['10923-16383', endpoint('sharded-0003-001'), endpoint('sharded-0003-002')],
    ]);
    assert.match((await direct.cluster('INFO')) as string, /cluster_state:ok\r\ncluster_slots_assigned:16384\r\n.*cluster_known_nodes:6\r\ncluster_size:3\r\n/s);
    assert.equal(((await direct.cluster('NODES')) as string).trim().split('\n').length, 6);
    assert.equal(((await direct.cluster('SHARDS')) as unknown[]).length, 3);
    await assert.rejects(direct.select(1), /ERR SELECT is not allowed in cluster mode/);
    direct.disconnect();

    // Cluster clients need no options (no natMap): they reach every node at the address it gives.
    const io = new Cluster([{ host: cfg.Address!, port: cfg.Port! }]);
    const nr = createCluster({ rootNodes: [{ url: `redis://${cfg.Address}:${cfg.Port}` }] });
    await nr.connect();
    await Promise.all(Array.from({ length: 500 }, (_, i) => io.set(`user:${i}`, `io${i}`)));
    await Promise.all(Array.from({ length: 500 }, (_, i) => nr.set(`order:${i}`, `nr${i}`)));
    assert.deepEqual(await Promise.all(Array.from({ length: 500 }, (_, i) => nr.get(`user:${i}`))), Array.from({ length: 500 }, (_, i) => `io${i}`));
    assert.deepEqual(await Promise.all(Array.from({ length: 500 }, (_, i) => io.get(`order:${i}`))), Array.from({ length: 500 }, (_, i) => `nr${i}`));
    await assert.rejects(io.mset('a{1}', '1', 'b{2}', '2'), /CROSSSLOT Keys in request don't hash to the same slot/);
    assert.equal(await io.mset('a{1}', '1', 'b{1}', '2'), 'OK');
    // Every shard holds part of the keys.
    for (const ng of g.NodeGroups!) {
      const primary = em.provisioner.engineOf('000000000000', 'us-east-1', ng.NodeGroupMembers![0].CacheClusterId!)!;
      assert.ok(primary.keyCount() > 200, `shard ${ng.NodeGroupId} holds ${primary.keyCount()} keys`);
    }
    io.disconnect();
    await nr.close();
  });

  test('READONLY replicas serve their shard; a node redirects keys of other shards', async () => {
    const g = await group(client, 'sharded');
    const [shard] = g.NodeGroups!;
    const clusters = (await client.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }))).CacheClusters!;
    const port = (id: string) => clusters.find((c) => c.CacheClusterId === id)!.CacheNodes![0].Endpoint!.Port!;
    const primary = new Redis({ port: port(shard.NodeGroupMembers![0].CacheClusterId!) });
    const replica = new Redis({ port: port(shard.NodeGroupMembers![1].CacheClusterId!) });
    const key = Array.from({ length: 100 }, (_, i) => `k${i}`).find((k) => slotOfKey(k) <= 5461)!;
    assert.equal(await primary.set(key, 'here'), 'OK');
    assert.equal(await primary.call('WAIT', '1', '2000'), 1);
    await assert.rejects(replica.get(key), /^ReplyError: MOVED \d+ /);
    assert.equal(await replica.call('READONLY'), 'OK');
    assert.equal(await replica.get(key), 'here');
    const other = Array.from({ length: 100 }, (_, i) => `o${i}`).find((k) => slotOfKey(k) > 5461)!;
    await assert.rejects(primary.get(other), new RegExp(`MOVED ${slotOfKey(other)} `));
    primary.disconnect();
    replica.disconnect();
  });

  test('TestFailover of one shard: its replica becomes primary, every node reports it, clients follow', async () => {
    const before = await group(client, 'sharded');
    const cfg = before.ConfigurationEndpoint!;
    const io = new Cluster([{ host: cfg.Address!, port: cfg.Port! }], { clusterRetryStrategy: () => 50 });
    let writes = 0;
    let failures = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          await io.set(`fo:${writes}`, String(writes));
          writes++;
        } catch {
          failures++;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    })();
    await waitFor(async () => writes > 50);
    const [, shard] = before.NodeGroups!;
    const [oldPrimary, oldReplica] = shard.NodeGroupMembers!.map((m) => m.CacheClusterId!);
    const nodeId = (id: string) => em.provisioner.engineOf('000000000000', 'us-east-1', id)!.cluster.myId;
    const answer = await client.send(new TestFailoverCommand({ ReplicationGroupId: 'sharded', NodeGroupId: '0002' }));
    assert.equal(answer.ReplicationGroup!.Status, 'available');
    await waitFor(async () => {
      const shards = (await io.cluster('SHARDS')) as Array<[string, unknown, string, Array<unknown[]>]>;
      const second = shards.find((s) => (s[1] as number[])[0] === 5462)!;
      const primary = second[3].find((n) => n[n.indexOf('role') + 1] === 'master')!;
      return primary[primary.indexOf('id') + 1] === nodeId(oldReplica);
    }, 10_000);
    // Every node of the group, not only the one asked, has the new primary.
    for (const m of before.MemberClusters!) {
      const view = em.provisioner.engineOf('000000000000', 'us-east-1', m)!.cluster;
      assert.equal(view.ownerOf(6000)!.id, nodeId(oldReplica), `view of ${m}`);
    }
    const writesAtFailover = writes;
    await waitFor(async () => writes > writesAtFailover + 50, 10_000);
    running = false;
    await loop;
    const values = await Promise.all(Array.from({ length: writes }, (_, i) => io.get(`fo:${i}`)));
    assert.ok(values.every((v, i) => v === String(i) || v === null), 'acknowledged writes are readable');
    io.disconnect();
    await fault(client.send(new TestFailoverCommand({ ReplicationGroupId: 'sharded', NodeGroupId: '0009' }))).then((f) => {
      assert.equal(f.name, 'NodeGroupNotFoundFault');
      assert.equal(f.status, 404);
    });
    await waitFor(async () => em.provisioner.engineOf('000000000000', 'us-east-1', oldPrimary)?.isReplica());
  });

  test('a crashed primary fails over automatically within its shard and comes back as a replica', async () => {
    const before = await group(client, 'sharded');
    const [shard] = before.NodeGroups!;
    const [primary, replica] = shard.NodeGroupMembers!.map((m) => m.CacheClusterId!);
    const res = await fetch(`${em.url}/_elasticache/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'stop-node', cacheClusterId: primary }) });
    assert.equal(res.status, 200);
    const replicaEngine = em.provisioner.engineOf('000000000000', 'us-east-1', replica)!;
    await waitFor(async () => replicaEngine.cluster.ownerOf(0)?.id === replicaEngine.cluster.myId, 10_000);
    // The recovered node rejoins as a replica and every node sees it alive again.
    await waitFor(async () => {
      const back = em.provisioner.engineOf('000000000000', 'us-east-1', primary);
      return back?.listening && back.isReplica() && !replicaEngine.cluster.nodes.get(back.cluster.myId)?.failed;
    }, 10_000);
  });

  test('an AZ outage fails over every shard whose primary is there; the nodes come back as replicas with the AZ', async () => {
    await create(client, 'zonal', {
      NodeGroupConfiguration: [
        { NodeGroupId: '0001', ReplicaCount: 1, PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1b'] },
        { NodeGroupId: '0002', ReplicaCount: 1, PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1c'] },
      ],
    });
    const g = await group(client, 'zonal');
    const io = new Cluster([{ host: g.ConfigurationEndpoint!.Address!, port: g.ConfigurationEndpoint!.Port! }]);
    const keys = Array.from({ length: 200 }, (_, i) => `az:${i}`);
    for (const k of keys) await io.set(k, k);
    for (const node of io.nodes('master')) await node.call('WAIT', '1', '2000');
    const res = await fetch(`${em.url}/_elasticache/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'az-down', availabilityZone: 'us-east-1a' }) });
    assert.equal(res.status, 200);
    const survivors = ['zonal-0001-002', 'zonal-0002-002'].map((id) => em.provisioner.engineOf('000000000000', 'us-east-1', id)!);
    await waitFor(async () => survivors.every((e) => !e.isReplica()), 10_000);
    // CLUSTER SLOTS names only the promoted replicas as the shards' primaries.
    const clusters = (await client.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }))).CacheClusters!;
    const endpoint = (id: string) => clusters.find((c) => c.CacheClusterId === id)!.CacheNodes![0].Endpoint!;
    const survivorEndpoints = ['zonal-0001-002', 'zonal-0002-002'].map((id) => `${endpoint(id).Address}:${endpoint(id).Port}`).sort();
    const probe = new Redis({ port: endpoint('zonal-0001-002').Port! });
    await waitFor(async () => JSON.stringify([...new Set((await slotsOf(probe)).map(([, primary]) => primary))].sort()) === JSON.stringify(survivorEndpoints), 10_000);
    probe.disconnect();
    // The cluster client follows the new topology and every key is still there.
    await waitFor(async () => (await Promise.all(keys.map((k) => io.get(k).catch(() => null)))).every((v, i) => v === keys[i]), 10_000, 100);
    const up = await fetch(`${em.url}/_elasticache/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'az-up', availabilityZone: 'us-east-1a' }) });
    assert.equal(up.status, 200);
    await waitFor(async () => ['zonal-0001-001', 'zonal-0002-001'].every((id) => {
      const e = em.provisioner.engineOf('000000000000', 'us-east-1', id);
      return e?.listening && e.isReplica();
    }), 10_000);
    const after = await group(client, 'zonal');
    assert.deepEqual(after.NodeGroups!.map((ng) => ng.NodeGroupMembers!.map((m) => m.PreferredAvailabilityZone)), [['us-east-1a', 'us-east-1b'], ['us-east-1a', 'us-east-1c']]);
    io.disconnect();
    await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'zonal' }));
  });

  test('IncreaseReplicaCount and DecreaseReplicaCount per shard, with full sync of new replicas', async () => {
    const increased = await client.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'sharded', NewReplicaCount: 2, ApplyImmediately: true }));
    assert.equal(increased.ReplicationGroup!.Status, 'modifying');
    await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: 'sharded' });
    let g = await group(client, 'sharded');
    assert.deepEqual(g.NodeGroups!.map((ng) => ng.NodeGroupMembers!.length), [3, 3, 3]);
    assert.ok(g.MemberClusters!.includes('sharded-0003-003'));
    const engine = (id: string) => em.provisioner.engineOf('000000000000', 'us-east-1', id)!;
    await waitFor(async () => engine('sharded-0003-003').keyCount() === engine(g.NodeGroups![2].NodeGroupMembers![0].CacheClusterId!).keyCount() && engine('sharded-0003-003').keyCount() > 0);
    assert.equal(engine('sharded-0003-003').cluster.nodes.size, 9);

    await client.send(
      new DecreaseReplicaCountCommand({ ReplicationGroupId: 'sharded', ApplyImmediately: true, ReplicaConfiguration: [{ NodeGroupId: '0003', NewReplicaCount: 0 }] }),
    );
    await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: 'sharded' });
    g = await group(client, 'sharded');
    assert.deepEqual(g.NodeGroups!.map((ng) => ng.NodeGroupMembers!.length), [3, 3, 1]);
    assert.equal(engine(g.MemberClusters![0]).cluster.nodes.size, 7);

    const tooMany = await fault(client.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'sharded', NewReplicaCount: 6, ApplyImmediately: true })));
    assert.equal(tooMany.name, 'InvalidParameterValueException');
    const member = await fault(client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'sharded-0001-002' })));
    assert.equal(member.name, 'InvalidCacheClusterStateFault');
    const reboot = await fault(client.send(new RebootCacheClusterCommand({ CacheClusterId: 'sharded-0001-002', CacheNodeIdsToReboot: ['0001'] })));
    assert.deepEqual([reboot.name, reboot.status], ['InvalidCacheClusterStateFault', 400], 'nodes of a cluster-mode-enabled group cannot be rebooted');
    const replica = await fault(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'extra', ReplicationGroupId: 'sharded' })));
    assert.equal(replica.name, 'InvalidParameterCombinationException');
    const noFailover = await fault(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'sharded', AutomaticFailoverEnabled: false, ApplyImmediately: true })));
    assert.equal(noFailover.message, 'Turning off automatic failover for replication group with cluster mode enabled is not supported.');
  });

  test('NodeGroupConfiguration: custom slots, replica counts and zones; a .cluster.on group alone makes one shard', async () => {
    const g = await create(client, 'custom', {
      NodeGroupConfiguration: [
        { NodeGroupId: '0001', Slots: '0-8999', ReplicaCount: 1, PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1b'] },
        { NodeGroupId: '0002', Slots: '9000-16383', ReplicaCount: 0, PrimaryAvailabilityZone: 'us-east-1c' },
      ],
    });
    assert.deepEqual(
      g.NodeGroups!.map((ng) => [ng.Slots, ng.NodeGroupMembers!.map((m) => m.PreferredAvailabilityZone)]),
      [
        ['0-8999', ['us-east-1a', 'us-east-1b']],
        ['9000-16383', ['us-east-1c']],
      ],
    );
    const one = await create(client, 'single', { CacheParameterGroupName: 'default.redis7.cluster.on' });
    assert.equal(one.ClusterEnabled, true);
    assert.deepEqual(one.NodeGroups!.map((ng) => ng.Slots), ['0-16383']);
    const plain = await create(client, 'plain', { NumCacheClusters: 2 });
    assert.equal(plain.ClusterEnabled, false);
    assert.equal(plain.ClusterMode, 'disabled');
    for (const id of ['custom', 'single', 'plain']) await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: id }));
    await waitUntilReplicationGroupDeleted(waiter(client), { ReplicationGroupId: 'custom' });
  });

  test("AWS's rules: automatic failover, slot coverage, replica, shard and node limits, parameter group agreement", async () => {
    const base = { ReplicationGroupDescription: 'd', CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true };
    const cases: Array<[Partial<CreateReplicationGroupCommandInput>, string, string | RegExp]> = [
      [{ NumNodeGroups: 2, AutomaticFailoverEnabled: false }, 'InvalidParameterCombinationException', /Automatic failover must be enabled/],
      [{ NodeGroupConfiguration: [{ Slots: '0-8000' }, { Slots: '8000-16383' }] }, 'InvalidParameterValueException', 'Slot 8000 is assigned to more than one node group.'],
      [{ NodeGroupConfiguration: [{ Slots: '0-8000' }, { Slots: '8002-16383' }] }, 'InvalidParameterValueException', /slot 8001 is not assigned/],
      [{ NodeGroupConfiguration: [{ Slots: '0-99999' }, { Slots: '0-1' }] }, 'InvalidParameterValueException', /Invalid value for parameter Slots/],
      [{ NumNodeGroups: 2, ReplicasPerNodeGroup: 6 }, 'InvalidParameterValueException', /between 0 and 5/],
      [{ NumNodeGroups: 46, ReplicasPerNodeGroup: 1 }, 'NodeQuotaForClusterExceededFault', 'Cluster node quota exceeded. Each cluster can have at most 90 nodes in this region.'],
      [{ NumNodeGroups: 501 }, 'NodeGroupsPerReplicationGroupQuotaExceededFault', /cannot exceed 500/],
      [{ NumNodeGroups: 2, CacheParameterGroupName: 'default.redis7' }, 'InvalidParameterCombinationException', 'Cluster mode should be enabled in parameter group, but found it is disabled.'],
      [{ ClusterMode: 'disabled', CacheParameterGroupName: 'default.redis7.cluster.on' }, 'InvalidParameterCombinationException', 'Cluster mode should be disabled in parameter group, but found it is enabled.'],
      [{ ClusterMode: 'disabled', NumNodeGroups: 3 }, 'InvalidParameterCombinationException', /more than one node group/],
    ];
    for (const [input, name, message] of cases) {
      const f = await fault(client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'bad', ...base, ...input })));
      assert.equal(f.name, name, JSON.stringify(input));
      assert.equal(f.status, 400);
      if (typeof message === 'string') assert.equal(f.message, message);
      else assert.match(f.message, message);
    }
    const plain = await fault(client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'sharded', NodeGroupCount: 2, ApplyImmediately: true })));
    assert.equal(plain.name, 'InvalidParameterCombinationException');
    assert.match(plain.message, /NodeGroupsToRemove or NodeGroupsToRetain/);
    const notNow = await fault(client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'sharded', NodeGroupCount: 4, ApplyImmediately: false })));
    assert.equal(notNow.name, 'InvalidParameterValueException');
  });

  test('the node quota is an emulator option', async () => {
    const small = await startTestEmulator({ clusterNodeQuota: 4 });
    const c = sdkClient(small);
    try {
      const f = await fault(
        c.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'q', ReplicationGroupDescription: 'd', CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true, NumNodeGroups: 3, ReplicasPerNodeGroup: 1 })),
      );
      assert.equal(f.message, 'Cluster node quota exceeded. Each cluster can have at most 4 nodes in this region.');
      await create(c, 'q', { NumNodeGroups: 2, ReplicasPerNodeGroup: 1 });
      const more = await fault(c.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'q', NodeGroupCount: 3, ApplyImmediately: true })));
      assert.equal(more.name, 'NodeGroupsPerReplicationGroupQuotaExceededFault');
    } finally {
      c.destroy();
      await small.stop();
    }
  });

  test('Terraform: a 2-shard × 1-replica group scaled to 3 shards and back, as the provider calls it', async () => {
    // Create as aws_elasticache_replication_group with num_node_groups = 2, replicas_per_node_group = 1.
    await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'tf-cluster',
        ReplicationGroupDescription: 'Managed by Terraform',
        CacheNodeType: 'cache.t3.small',
        Engine: 'redis',
        EngineVersion: '7.1',
        CacheParameterGroupName: 'default.redis7.cluster.on',
        AutomaticFailoverEnabled: true,
        TransitEncryptionEnabled: false,
        NumNodeGroups: 2,
        ReplicasPerNodeGroup: 1,
        Port: 6379,
        Tags: [{ Key: 'Name', Value: 'tf-cluster' }],
      }),
    );
    const read = async (): Promise<{ numCacheClusters: number; numNodeGroups: number; replicas: number; endpoint: string; firstMember: string }> => {
      await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: 'tf-cluster' });
      const g = await group(client, 'tf-cluster');
      const firstMember = g.NodeGroups![0].NodeGroupMembers![0].CacheClusterId!;
      const cc = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: firstMember, ShowCacheNodeInfo: true }))).CacheClusters![0];
      assert.match(cc.EngineVersion!, /^7\.1\.\d+$/);
      assert.equal(cc.CacheParameterGroup!.CacheParameterGroupName, 'default.redis7.cluster.on');
      await client.send(new ListTagsForResourceCommand({ ResourceName: g.ARN }));
      return {
        numCacheClusters: g.MemberClusters!.length,
        numNodeGroups: g.NodeGroups!.length,
        replicas: g.NodeGroups![0].NodeGroupMembers!.length - 1,
        endpoint: `${g.ConfigurationEndpoint!.Address}:${g.ConfigurationEndpoint!.Port}`,
        firstMember,
      };
    };
    const first = await read();
    assert.deepEqual({ ...first, endpoint: '' }, { numCacheClusters: 4, numNodeGroups: 2, replicas: 1, endpoint: '', firstMember: 'tf-cluster-0001-001' });
    await client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'tf-cluster', NodeGroupCount: 3, ApplyImmediately: true }));
    const three = await read();
    assert.equal(three.numNodeGroups, 3);
    assert.equal(three.numCacheClusters, 6);
    assert.equal(three.replicas, 1);
    assert.equal(three.endpoint, first.endpoint);
    await client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'tf-cluster', NodeGroupCount: 2, NodeGroupsToRemove: ['0003'], ApplyImmediately: true }));
    const back = await read();
    assert.deepEqual(back, first);
    await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'tf-cluster' }));
    await waitUntilReplicationGroupDeleted(waiter(client), { ReplicationGroupId: 'tf-cluster' });
    const gone = await fault(group(client, 'tf-cluster'));
    assert.equal(gone.name, 'ReplicationGroupNotFoundFault');
  });
});

describe('cluster mode enabled across a restart', () => {
  test('slots, topology and data come back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ec-cluster-restart-'));
    try {
      const first = 20000 + Math.floor(Math.random() * 300) * 100;
      const nodePortRange = { first, last: first + 99 };
      let em = await startTestEmulator({ inMemory: false, dataDir, timing: 'instant', nodePortRange });
      let client = sdkClient(em);
      const g = await create(client, 'persist', { NodeGroupConfiguration: [{ Slots: '0-100,8000-16383' }, { Slots: '101-7999' }] });
      const cfg = g.ConfigurationEndpoint!;
      let io = new Cluster([{ host: cfg.Address!, port: cfg.Port! }]);
      await Promise.all(Array.from({ length: 300 }, (_, i) => io.set(`p:${i}`, String(i))));
      io.disconnect();
      client.destroy();
      await em.stop();

      em = await startTestEmulator({ inMemory: false, dataDir, timing: 'instant', nodePortRange });
      client = sdkClient(em);
      const again = await group(client, 'persist');
      assert.deepEqual(again.NodeGroups!.map((ng) => ng.Slots), ['0-100,8000-16383', '101-7999']);
      io = new Cluster([{ host: again.ConfigurationEndpoint!.Address!, port: again.ConfigurationEndpoint!.Port! }]);
      assert.deepEqual(await Promise.all(Array.from({ length: 300 }, (_, i) => io.get(`p:${i}`))), Array.from({ length: 300 }, (_, i) => String(i)));
      const slots = await slotsOf(io);
      assert.deepEqual(slots.map((s) => s[0]), ['0-100', '101-7999', '8000-16383']);
      io.disconnect();
      client.destroy();
      await em.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** Redis Cluster's key slot (CRC16 XMODEM of the key or its hash tag, modulo 16384). */
function slotOfKey(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) key = key.slice(open + 1, close);
  }
  let crc = 0;
  for (let i = 0; i < key.length; i++) {
    crc ^= key.charCodeAt(i) << 8;
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}
