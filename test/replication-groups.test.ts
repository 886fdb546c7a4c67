import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateCacheClusterCommand,
  CreateCacheParameterGroupCommand,
  CreateReplicationGroupCommand,
  DecreaseReplicaCountCommand,
  DeleteCacheClusterCommand,
  DeleteReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeEventsCommand,
  DescribeReplicationGroupsCommand,
  IncreaseReplicaCountCommand,
  ModifyCacheParameterGroupCommand,
  ModifyReplicationGroupCommand,
  RebootCacheClusterCommand,
  waitUntilCacheClusterAvailable,
  waitUntilReplicationGroupAvailable,
  waitUntilReplicationGroupDeleted,
  type ElastiCacheClient,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import type { Emulator } from '../bin/emulator.ts';
import { waitFor, useEmulator } from './helpers/emulator.ts';
import { fault } from './helpers/faults.ts';

const waiter = (client: ElastiCacheClient) => ({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 });

async function describeGroup(client: ElastiCacheClient, id: string): Promise<ReplicationGroup> {
  return (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0];
}

async function createGroup(client: ElastiCacheClient, id: string, extra: Record<string, unknown> = {}): Promise<ReplicationGroup> {
  await client.send(
    new CreateReplicationGroupCommand({ ReplicationGroupId: id, ReplicationGroupDescription: `group ${id}`, CacheNodeType: 'cache.t3.micro', Engine: 'redis', ...extra }),
  );
  await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: id });
  return describeGroup(client, id);
}

describe('replication groups (cluster mode disabled)', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  // Transitions of a few hundred milliseconds, so a Describe right after a change still sees it
  // in progress on a busy machine (fast's 30 ms can be over before the next request lands).
  useEmulator({ timing: 'realistic', realisticScale: 0.002 }, (e, c) => {
    em = e;
    client = c;
  });

  test('create shows creating, then a node group with endpoints, roles and members placed in different AZs', async () => {
    const created = await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'Web-Sessions',
        ReplicationGroupDescription: 'sessions',
        NumCacheClusters: 3,
        CacheNodeType: 'cache.r6g.large',
        AutomaticFailoverEnabled: true,
        MultiAZEnabled: true,
        Tags: [{ Key: 'app', Value: 'web' }],
      }),
    );
    const rg = created.ReplicationGroup!;
    assert.equal(rg.ReplicationGroupId, 'web-sessions');
    assert.equal(rg.Status, 'creating');
    assert.equal(rg.AutomaticFailover, 'enabling');
    assert.deepEqual(rg.MemberClusters, ['web-sessions-001', 'web-sessions-002', 'web-sessions-003']);
    assert.equal(rg.ClusterEnabled, false);
    assert.equal(rg.ConfigurationEndpoint, undefined);
    assert.equal(rg.ARN, 'arn:aws:elasticache:us-east-1:000000000000:replicationgroup:web-sessions');

    await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: 'web-sessions' });
    const g = await describeGroup(client, 'WEB-SESSIONS');
    assert.equal(g.Status, 'available');
    assert.equal(g.AutomaticFailover, 'enabled');
    assert.equal(g.MultiAZ, 'enabled');
    const ng = g.NodeGroups![0];
    assert.equal(ng.NodeGroupId, '0001');
    assert.equal(ng.Status, 'available');
    assert.ok(ng.PrimaryEndpoint?.Port && ng.ReaderEndpoint?.Port);
    assert.deepEqual(ng.NodeGroupMembers!.map((m) => m.CurrentRole), ['primary', 'replica', 'replica']);
    const zones = ng.NodeGroupMembers!.map((m) => m.PreferredAvailabilityZone);
    assert.equal(new Set(zones).size, 3, `members spread over zones: ${zones}`);

    // Member clusters are cache clusters that name their group.
    const members = (await client.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }))).CacheClusters!.filter((c) => c.ReplicationGroupId === 'web-sessions');
    assert.equal(members.length, 3);
    for (const m of members) {
      assert.equal(m.CacheClusterStatus, 'available');
      assert.equal(m.CacheNodeType, 'cache.r6g.large');
      assert.equal(m.CacheNodes![0].Endpoint!.Port, ng.NodeGroupMembers!.find((x) => x.CacheClusterId === m.CacheClusterId)!.ReadEndpoint!.Port);
    }

    // The primary endpoint takes writes; replicas and the reader endpoint refuse them.
    const writer = new Redis({ port: ng.PrimaryEndpoint!.Port!, lazyConnect: true });
    await writer.connect();
    assert.equal(await writer.set('session:1', 'alice'), 'OK');
    assert.match((await writer.info('replication')), /role:master/);
    writer.disconnect();
    const reader = new Redis({ port: ng.ReaderEndpoint!.Port!, lazyConnect: true });
    await reader.connect();
    await assert.rejects(reader.set('x', 'y'), /READONLY You can't write against a read only replica\./);
    reader.disconnect();

    const events = (await client.send(new DescribeEventsCommand({ SourceType: 'replication-group', SourceIdentifier: 'web-sessions' }))).Events!;
    assert.deepEqual(events.map((e) => e.Message), ['Replication group web-sessions created']);
  });

  test('replication is real: writes through the primary endpoint reach every replica and the reader endpoint', async () => {
    const g = await createGroup(client, 'replicated', { NumCacheClusters: 3 });
    const ng = g.NodeGroups![0];
    const writer = new Redis({ port: ng.PrimaryEndpoint!.Port!, lazyConnect: true });
    await writer.connect();
    await writer.set('before-and-after', 'v1');
    await writer.hset('profile:1', 'name', 'ada', 'lang', 'en');
    await writer.rpush('queue', 'a', 'b', 'c');
    await writer.set('ephemeral', 'x', 'EX', 500);
    assert.equal(await writer.call('WAIT', '2', '2000'), 2, 'both replicas acknowledge');
    for (const member of ng.NodeGroupMembers!.filter((m) => m.CurrentRole === 'replica')) {
      const r = new Redis({ port: member.ReadEndpoint!.Port!, lazyConnect: true });
      await r.connect();
      assert.equal(await r.get('before-and-after'), 'v1');
      assert.deepEqual(await r.hgetall('profile:1'), { name: 'ada', lang: 'en' });
      assert.deepEqual(await r.lrange('queue', 0, -1), ['a', 'b', 'c']);
      assert.ok((await r.ttl('ephemeral')) > 400);
      assert.match(await r.info('replication'), /role:slave[\s\S]*master_link_status:up/);
      r.disconnect();
    }
    assert.match(await writer.info('replication'), /connected_slaves:2/);
    for (let i = 0; i < 4; i++) {
      const reader = new Redis({ port: ng.ReaderEndpoint!.Port!, lazyConnect: true });
      await reader.connect();
      assert.equal(await reader.get('before-and-after'), 'v1');
      assert.match(await reader.info('replication'), /role:slave/, 'the reader endpoint reaches replicas');
      reader.disconnect();
    }

    // Injected lag: a replica serves the old value until the write arrives.
    const lag = await fetch(`${em.url}/_elasticache/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'replication-lag', replicationGroupId: 'replicated', milliseconds: 400 }),
    });
    assert.equal(lag.status, 200);
    const replica = new Redis({ port: ng.NodeGroupMembers![1].ReadEndpoint!.Port!, lazyConnect: true });
    await replica.connect();
    await writer.set('before-and-after', 'v2');
    assert.equal(await replica.get('before-and-after'), 'v1', 'a stale read within the lag');
    await waitFor(async () => (await replica.get('before-and-after')) === 'v2', 5000);
    replica.disconnect();
    writer.disconnect();
    const bad = await fetch(`${em.url}/_elasticache/faults`, { method: 'POST', body: JSON.stringify({ action: 'replication-lag', replicationGroupId: 'nope', milliseconds: 1 }) });
    assert.equal(bad.status, 404);
    const malformed = await fetch(`${em.url}/_elasticache/faults`, { method: 'POST', body: '{"action":"melt"}' });
    assert.equal(malformed.status, 400);
  });

  test('refusals follow AWS rules', async () => {
    const cases: Array<[Record<string, unknown>, string, number, RegExp]> = [
      [{ ReplicationGroupId: 'af-one', AutomaticFailoverEnabled: true, NumCacheClusters: 1 }, 'InvalidParameterCombinationException', 400, /at least 2 cache clusters/],
      [{ ReplicationGroupId: 'maz-no-af', MultiAZEnabled: true, NumCacheClusters: 2 }, 'InvalidParameterCombinationException', 400, /automatic failover/],
      [{ ReplicationGroupId: 't1-af', CacheNodeType: 'cache.t1.micro', AutomaticFailoverEnabled: true, NumCacheClusters: 2 }, 'InvalidParameterCombinationException', 400, /T1/],
      [{ ReplicationGroupId: 'seven', NumCacheClusters: 7 }, 'InvalidParameterValueException', 400, /NumCacheClusters/],
      [{ ReplicationGroupId: 'az-count', NumCacheClusters: 2, PreferredCacheClusterAZs: ['us-east-1a'] }, 'InvalidParameterValueException', 400, /PreferredCacheClusterAZs/],
      [{ ReplicationGroupId: 'bad--id' }, 'InvalidParameterValueException', 400, /ReplicationGroupId/],
      [{ ReplicationGroupId: 'x'.repeat(41) }, 'InvalidParameterValueException', 400, /40/],
      [{ ReplicationGroupId: 'no-primary', PrimaryClusterId: 'ghost' }, 'CacheClusterNotFoundFault', 404, /ghost/],
    ];
    for (const [input, name, status, message] of cases) {
      const f = await fault(
        client.send(new CreateReplicationGroupCommand({ ReplicationGroupDescription: 'd', CacheNodeType: 'cache.t3.micro', ...input } as never)),
      );
      assert.deepEqual([f.name, f.status], [name, status], JSON.stringify(input));
      assert.match(f.message, message, JSON.stringify(input));
    }
    await createGroup(client, 'taken');
    const dup = await fault(client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'TAKEN', ReplicationGroupDescription: 'd', CacheNodeType: 'cache.t3.micro' })));
    assert.deepEqual([dup.name, dup.status, dup.message], ['ReplicationGroupAlreadyExistsFault', 400, 'Replication group with specified name already exists.']);
    const missing = await fault(client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'nothing-here' })));
    assert.deepEqual([missing.name, missing.status, missing.message], ['ReplicationGroupNotFoundFault', 404, 'ReplicationGroup nothing-here not found']);
    const noop = await fault(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'taken', ReplicationGroupDescription: 'group taken' })));
    assert.deepEqual([noop.name, noop.message], ['InvalidParameterCombinationException', 'No modifications were requested.']);
  });

  test('modify: metadata stays available, failover changes go through modifying; manual promotion only without failover', async () => {
    await createGroup(client, 'mod', { NumCacheClusters: 2 });
    const meta = await client.send(
      new ModifyReplicationGroupCommand({ ReplicationGroupId: 'mod', ReplicationGroupDescription: 'new text', SnapshotRetentionLimit: 2, PreferredMaintenanceWindow: 'Tue:01:00-Tue:02:00', ApplyImmediately: true }),
    );
    assert.equal(meta.ReplicationGroup!.Status, 'available');
    assert.equal(meta.ReplicationGroup!.Description, 'new text');
    assert.equal(meta.ReplicationGroup!.SnapshotRetentionLimit, 2);
    assert.equal(meta.ReplicationGroup!.SnapshottingClusterId, 'mod-002');
    const member = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'mod-001' }))).CacheClusters![0];
    assert.equal(member.PreferredMaintenanceWindow, 'tue:01:00-tue:02:00');

    const promote = await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'mod', PrimaryClusterId: 'mod-002', ApplyImmediately: true }));
    assert.equal(promote.ReplicationGroup!.Status, 'modifying');
    await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: 'mod' });
    let g = await describeGroup(client, 'mod');
    assert.deepEqual(
      g.NodeGroups![0].NodeGroupMembers!.map((m) => [m.CacheClusterId, m.CurrentRole]),
      [
        ['mod-001', 'replica'],
        ['mod-002', 'primary'],
      ],
    );
    const onNewPrimary = new Redis({ port: g.NodeGroups![0].PrimaryEndpoint!.Port!, lazyConnect: true });
    await onNewPrimary.connect();
    assert.equal(await onNewPrimary.set('after-promotion', '1'), 'OK');
    onNewPrimary.disconnect();
    const oldPrimary = new Redis({ port: g.NodeGroups![0].NodeGroupMembers![0].ReadEndpoint!.Port!, lazyConnect: true });
    await oldPrimary.connect();
    await assert.rejects(oldPrimary.set('x', '1'), /READONLY/);
    oldPrimary.disconnect();

    const on = await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'mod', AutomaticFailoverEnabled: true, ApplyImmediately: true }));
    assert.equal(on.ReplicationGroup!.Status, 'modifying');
    assert.equal(on.ReplicationGroup!.AutomaticFailover, 'enabling');
    await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: 'mod' });
    g = await describeGroup(client, 'mod');
    assert.equal(g.AutomaticFailover, 'enabled');
    const refused = await fault(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'mod', PrimaryClusterId: 'mod-001', ApplyImmediately: true })));
    assert.deepEqual([refused.name, refused.message], ['InvalidReplicationGroupStateFault', 'Cannot manually promote a new master cache cluster while autofailover is enabled']);
    const events = (await client.send(new DescribeEventsCommand({ SourceType: 'replication-group', SourceIdentifier: 'mod' }))).Events!.map((e) => e.Message);
    assert.ok(events.includes('Automatic failover has been turned on for replication group mod'));
  });

  test("every member's node follows the group's parameter group and node type: another group at once, a new maxmemory after scaling", async () => {
    await client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'rg-params', CacheParameterGroupFamily: 'redis7', Description: 'd' }));
    await client.send(
      new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'rg-params', ParameterNameValues: [{ ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lfu' }] }),
    );
    const g = await createGroup(client, 'params', { NumCacheClusters: 2 });
    const nodes = await Promise.all(
      g.NodeGroups![0].NodeGroupMembers!.map(async (m) => {
        const io = new Redis({ port: m.ReadEndpoint!.Port!, lazyConnect: true, maxRetriesPerRequest: 0 });
        await io.connect();
        return io;
      }),
    );
    const memory = async () =>
      Promise.all(
        nodes.map(async (io) => {
          const text = (await io.info('memory')) as string;
          return `${/^maxmemory:(\d+)/m.exec(text)![1]} ${/^maxmemory_policy:(\S+)/m.exec(text)![1]}`;
        }),
      );
    try {
      assert.deepEqual(await memory(), ['402653184 volatile-lru', '402653184 volatile-lru']);
      const switched = await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'params', CacheParameterGroupName: 'rg-params', ApplyImmediately: true }));
      assert.equal(switched.ReplicationGroup!.Status, 'available');
      assert.deepEqual(await memory(), ['402653184 allkeys-lfu', '402653184 allkeys-lfu']);
      await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'params', CacheNodeType: 'cache.t3.small', ApplyImmediately: true }));
      await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: 'params' });
      // cache.t3.small: 1471026299 bytes, less 25 % reserved.
      assert.deepEqual(await memory(), ['1103269724 allkeys-lfu', '1103269724 allkeys-lfu']);
    } finally {
      for (const io of nodes) io.disconnect();
    }
    await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'params' }));
    await waitUntilReplicationGroupDeleted(waiter(client), { ReplicationGroupId: 'params' });
  });

  test('rebooting the primary member empties it and, through a resync, its replica; no failover, replication goes on', async () => {
    const g = await createGroup(client, 'reboot', { NumCacheClusters: 2 });
    const [primaryPort, replicaPort] = g.NodeGroups![0].NodeGroupMembers!.map((m) => m.ReadEndpoint!.Port!);
    const connectTo = async (port: number) => {
      const io = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      await io.connect();
      return io;
    };
    const before = await connectTo(primaryPort);
    await before.set('k', 'v');
    await before.call('WAIT', '1', '1000');
    before.disconnect();
    const replicaBefore = await connectTo(replicaPort);
    assert.equal(await replicaBefore.get('k'), 'v');
    replicaBefore.disconnect();

    await client.send(new RebootCacheClusterCommand({ CacheClusterId: 'reboot-001', CacheNodeIdsToReboot: ['0001'] }));
    await waitUntilCacheClusterAvailable(waiter(client), { CacheClusterId: 'reboot-001' });
    const after = await describeGroup(client, 'reboot');
    assert.equal(after.NodeGroups![0].PrimaryEndpoint!.Port, g.NodeGroups![0].PrimaryEndpoint!.Port);
    assert.deepEqual(
      after.NodeGroups![0].NodeGroupMembers!.map((m) => [m.CacheClusterId, m.CurrentRole]),
      [
        ['reboot-001', 'primary'],
        ['reboot-002', 'replica'],
      ],
      'a reboot is no failover',
    );
    const primary = await connectTo(primaryPort);
    const replica = await connectTo(replicaPort);
    try {
      assert.equal(await primary.dbsize(), 0);
      await waitFor(async () => (await replica.dbsize()) === 0 && /master_link_status:up/.test((await replica.info('replication')) as string));
      await primary.set('after', '1');
      await primary.call('WAIT', '1', '1000');
      assert.equal(await replica.get('after'), '1');
    } finally {
      primary.disconnect();
      replica.disconnect();
    }
    await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'reboot' }));
    await waitUntilReplicationGroupDeleted(waiter(client), { ReplicationGroupId: 'reboot' });
  });

  test('the Terraform sequence: create 2, read, grow to 4, change node type, shrink to 2, delete', async () => {
    await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'tf-rg',
        ReplicationGroupDescription: 'Managed by Terraform',
        NumCacheClusters: 2,
        CacheNodeType: 'cache.t3.small',
        Engine: 'redis',
        EngineVersion: '7.1',
        AutomaticFailoverEnabled: true,
        Port: 6379,
        Tags: [{ Key: 'Name', Value: 'tf' }],
      }),
    );
    // The provider's waiter: pending creating|modifying|snapshotting, target available.
    const pending = new Set(['creating', 'modifying', 'snapshotting']);
    const waitAvailable = () =>
      waitFor(async () => {
        const s = (await describeGroup(client, 'tf-rg')).Status!;
        if (s === 'available') return true;
        assert.ok(pending.has(s), `unexpected status ${s}`);
        return false;
      }, 20000);
    await waitAvailable();
    const g = await describeGroup(client, 'tf-rg');
    const first = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: g.NodeGroups![0].NodeGroupMembers![0].CacheClusterId, ShowCacheNodeInfo: true }))).CacheClusters![0];
    assert.match(first.EngineVersion!, /^7\.1\.\d+$/);
    assert.equal(first.CacheParameterGroup!.CacheParameterGroupName, 'default.redis7');
    assert.equal(first.AutoMinorVersionUpgrade, true);

    await client.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'tf-rg', NewReplicaCount: 3, ApplyImmediately: true }));
    await waitAvailable();
    assert.equal((await describeGroup(client, 'tf-rg')).MemberClusters!.length, 4);
    for (const id of ['tf-rg-003', 'tf-rg-004']) {
      await waitUntilCacheClusterAvailable(waiter(client), { CacheClusterId: id });
      const m = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id }))).CacheClusters![0];
      assert.equal(m.ReplicationGroupId, 'tf-rg');
    }

    const resized = await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tf-rg', CacheNodeType: 'cache.t3.medium', ApplyImmediately: true }));
    assert.equal(resized.ReplicationGroup!.Status, 'modifying');
    await waitAvailable();
    assert.equal((await describeGroup(client, 'tf-rg')).CacheNodeType, 'cache.t3.medium');

    await client.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'tf-rg', NewReplicaCount: 1, ApplyImmediately: true }));
    await waitAvailable();
    assert.deepEqual((await describeGroup(client, 'tf-rg')).MemberClusters, ['tf-rg-001', 'tf-rg-002']);
    const gone = await fault(client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tf-rg-004' })));
    assert.equal(gone.name, 'CacheClusterNotFoundFault');

    const del = await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'tf-rg' }));
    assert.equal(del.ReplicationGroup!.Status, 'deleting');
    await waitUntilReplicationGroupDeleted(waiter(client), { ReplicationGroupId: 'tf-rg' });
    const after = await fault(client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tf-rg-001' })));
    assert.equal(after.name, 'CacheClusterNotFoundFault');
  });

  test('CreateCacheCluster with ReplicationGroupId adds a replica; DeleteCacheCluster removes one but never the primary', async () => {
    await createGroup(client, 'grow', { NumCacheClusters: 2, AutomaticFailoverEnabled: true });
    const added = await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'Grow-Extra', ReplicationGroupId: 'grow', PreferredAvailabilityZone: 'us-east-1f' }));
    assert.equal(added.CacheCluster!.CacheClusterStatus, 'creating');
    assert.equal(added.CacheCluster!.ReplicationGroupId, 'grow');
    assert.equal((await describeGroup(client, 'grow')).Status, 'modifying');
    await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: 'grow' });
    let g = await describeGroup(client, 'grow');
    assert.deepEqual(g.MemberClusters, ['grow-001', 'grow-002', 'grow-extra']);
    const extra = g.NodeGroups![0].NodeGroupMembers!.find((m) => m.CacheClusterId === 'grow-extra')!;
    assert.deepEqual([extra.CurrentRole, extra.PreferredAvailabilityZone], ['replica', 'us-east-1f']);
    const io = new Redis({ port: extra.ReadEndpoint!.Port!, lazyConnect: true });
    await io.connect();
    await assert.rejects(io.set('x', '1'), /READONLY/);
    io.disconnect();

    const extraSettings = await fault(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'grow-typed', ReplicationGroupId: 'grow', CacheNodeType: 'cache.t3.micro' })));
    assert.deepEqual([extraSettings.name, extraSettings.message], ['InvalidParameterCombinationException', 'Cannot specify additional cache cluster parameters when creating a replica cluster']);
    const noGroup = await fault(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'orphan', ReplicationGroupId: 'no-such-group' })));
    assert.deepEqual([noGroup.name, noGroup.status], ['ReplicationGroupNotFoundFault', 404]);

    const primary = await fault(client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'grow-001' })));
    assert.equal(primary.name, 'InvalidCacheClusterStateFault');
    assert.match(primary.message, /serving as primary/);
    const removed = await client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'grow-extra' }));
    assert.equal(removed.CacheCluster!.CacheClusterStatus, 'deleting');
    await waitUntilReplicationGroupAvailable(waiter(client), { ReplicationGroupId: 'grow' });
    g = await describeGroup(client, 'grow');
    assert.deepEqual(g.MemberClusters, ['grow-001', 'grow-002']);
    const lastReplica = await fault(client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'grow-002' })));
    assert.equal(lastReplica.name, 'InvalidCacheClusterStateFault');
  });

  test('a group can adopt an existing cluster as its primary, and RetainPrimaryCluster keeps it', async () => {
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'solo', CacheNodeType: 'cache.t3.micro' }));
    await waitUntilCacheClusterAvailable(waiter(client), { CacheClusterId: 'solo' });
    const g = await createGroup(client, 'adopter', { PrimaryClusterId: 'solo', NumCacheClusters: 2, CacheNodeType: undefined, Engine: undefined });
    assert.deepEqual(g.MemberClusters, ['solo', 'adopter-001']);
    assert.equal(g.NodeGroups![0].NodeGroupMembers![0].CurrentRole, 'primary');
    await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'adopter', RetainPrimaryCluster: true }));
    await waitUntilReplicationGroupDeleted(waiter(client), { ReplicationGroupId: 'adopter' });
    const solo = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'solo' }))).CacheClusters![0];
    assert.equal(solo.ReplicationGroupId, undefined);
    assert.equal(solo.CacheClusterStatus, 'available');
  });
});
