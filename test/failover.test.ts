import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateReplicationGroupCommand,
  DescribeEventsCommand,
  DescribeReplicationGroupsCommand,
  TestFailoverCommand,
  waitUntilReplicationGroupAvailable,
  type ElastiCacheClient,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { Emulator } from '../bin/emulator.ts';
import { waitFor, useEmulator } from './helpers/emulator.ts';
import { fault } from './helpers/faults.ts';

async function group(client: ElastiCacheClient, id: string): Promise<ReplicationGroup> {
  return (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0];
}

function primaryOf(g: ReplicationGroup): string {
  return g.NodeGroups![0].NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!.CacheClusterId!;
}

async function injectFault(em: Emulator, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${em.url}/_elasticache/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/**
 * Writes a counter in a loop through the primary endpoint, remembering which writes were
 * acknowledged and replicated (WAIT). ioredis re-sends commands a disconnection cut off on its
 * next connection, where a WAIT acknowledges only that connection's writes: a write counts only
 * when its SET and WAIT ran on one connection, with no reconnection in between.
 */
function writeLoop(port: number) {
  const client = new Redis({ port, maxRetriesPerRequest: null, retryStrategy: () => 20, reconnectOnError: () => true });
  let connections = 0;
  client.on('close', () => connections++);
  client.on('error', () => undefined);
  const safe: number[] = [];
  let failures = 0;
  let running = true;
  let firstFailureAt = 0;
  let recoveredAt = 0;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const seen = connections;
      try {
        await client.set(`w:${i}`, String(i));
        const acked = Number(await client.call('WAIT', '1', '200'));
        if (acked >= 1 && connections === seen) safe.push(i);
        if (firstFailureAt && !recoveredAt) recoveredAt = Date.now();
      } catch {
        failures++;
        if (!firstFailureAt) firstFailureAt = Date.now();
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  })();
  return {
    safe,
    stop: async () => {
      running = false;
      await done;
      client.disconnect();
      return { failures, interruptionMs: recoveredAt && firstFailureAt ? recoveredAt - firstFailureAt : 0 };
    },
  };
}

describe('failover', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  useEmulator({ testFailoverLimit: 4 }, (e, c) => {
    em = e;
    client = c;
  });

  test('TestFailover promotes the most up-to-date replica, moves the primary endpoint and keeps replicated writes', async () => {
    await client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'fo', ReplicationGroupDescription: 'd', NumCacheClusters: 3, CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true }),
    );
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'fo' });
    const before = await group(client, 'fo');
    const oldPrimary = primaryOf(before);
    const endpoint = before.NodeGroups![0].PrimaryEndpoint!.Port!;
    const loop = writeLoop(endpoint);
    await waitFor(async () => loop.safe.length > 20);
    const started = Date.now();
    const res = await client.send(new TestFailoverCommand({ ReplicationGroupId: 'fo', NodeGroupId: '0001' }));
    assert.equal(res.ReplicationGroup!.Status, 'available');
    const after = await waitFor(async () => {
      const g = await group(client, 'fo');
      return primaryOf(g) !== oldPrimary ? g : undefined;
    });
    const newPrimary = primaryOf(after);
    const countAtSwitch = loop.safe.length;
    await waitFor(async () => loop.safe.length > countAtSwitch + 20, 10000);
    const { interruptionMs } = await loop.stop();
    process.stdout.write(`# TestFailover: promotion seen ${Date.now() - started} ms after the call; writes interrupted for ${interruptionMs} ms\n`);

    // Every write acknowledged and replicated before, during and after is on the new primary.
    const reader = new Redis({ port: endpoint, lazyConnect: true });
    await reader.connect();
    assert.match(await reader.info('replication'), /role:master/);
    const values = await reader.mget(loop.safe.map((i) => `w:${i}`));
    assert.deepEqual(values, loop.safe.map(String));
    reader.disconnect();

    // The old primary is now a replica of the new one, in sync.
    const oldNode = after.NodeGroups![0].NodeGroupMembers!.find((m) => m.CacheClusterId === oldPrimary)!;
    assert.equal(oldNode.CurrentRole, 'replica');
    const demoted = new Redis({ port: oldNode.ReadEndpoint!.Port!, lazyConnect: true });
    await demoted.connect();
    await waitFor(async () => (await demoted.get(`w:${loop.safe[loop.safe.length - 1]}`)) !== null, 5000);
    await assert.rejects(demoted.set('x', 'y'), /READONLY/);
    demoted.disconnect();

    await waitFor(async () => {
      const events = (await client.send(new DescribeEventsCommand({}))).Events!.map((e) => `${e.SourceType}|${e.SourceIdentifier}|${e.Message}`).reverse();
      return events.some((e) => e.startsWith('cache-cluster') && e.includes('Finished recovery for cache nodes 0001'));
    });
    const events = (await client.send(new DescribeEventsCommand({}))).Events!.map((e) => `${e.SourceType}|${e.SourceIdentifier}|${e.Message}`).reverse();
    const sequence = [
      `replication-group|fo|Test Failover API called for node group 0001`,
      `cache-cluster|${newPrimary}|Failover from primary node ${oldPrimary} to replica node ${newPrimary} completed`,
      `replication-group|fo|Failover from primary node ${oldPrimary} to replica node ${newPrimary} completed`,
      `cache-cluster|${oldPrimary}|Recovering cache nodes 0001`,
      `cache-cluster|${oldPrimary}|Finished recovery for cache nodes 0001`,
    ];
    let at = 0;
    for (const e of sequence) {
      at = events.indexOf(e, at);
      assert.ok(at >= 0, `event in order: ${e}\n${events.join('\n')}`);
    }
  });

  test('node-redis keeps writing through the primary endpoint across a TestFailover', async () => {
    const before = await group(client, 'fo');
    const oldPrimary = primaryOf(before);
    const nr = createClient({ socket: { host: '127.0.0.1', port: before.NodeGroups![0].PrimaryEndpoint!.Port!, reconnectStrategy: () => 20 } });
    nr.on('error', () => undefined);
    // A WAIT queued across a reconnection runs on the new connection, which has written nothing:
    // as in writeLoop, a write counts only without a reconnection between its SET and WAIT.
    let reconnections = 0;
    nr.on('reconnecting', () => reconnections++);
    await nr.connect();
    const written: number[] = [];
    let running = true;
    const loop = (async () => {
      for (let i = 0; running; i++) {
        const seen = reconnections;
        try {
          await nr.set(`nr:${i}`, String(i));
          if (Number(await nr.sendCommand(['WAIT', '1', '200'])) >= 1 && reconnections === seen) written.push(i);
        } catch {
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    })();
    await waitFor(async () => written.length > 10);
    await client.send(new TestFailoverCommand({ ReplicationGroupId: 'fo', NodeGroupId: '0001' }));
    await waitFor(async () => primaryOf(await group(client, 'fo')) !== oldPrimary);
    const atSwitch = written.length;
    await waitFor(async () => written.length > atSwitch + 10, 10000);
    running = false;
    await loop;
    assert.deepEqual(await nr.mGet(written.map((i) => `nr:${i}`)), written.map(String));
    assert.match(await nr.info('replication'), /role:master/);
    await nr.quit();
  });

  test('TestFailover refusals: unknown group or node group, no automatic failover, the rolling 24-hour limit', async () => {
    const missing = await fault(client.send(new TestFailoverCommand({ ReplicationGroupId: 'ghost', NodeGroupId: '0001' })));
    assert.deepEqual([missing.name, missing.status], ['ReplicationGroupNotFoundFault', 404]);
    const noGroup = await fault(client.send(new TestFailoverCommand({ ReplicationGroupId: 'fo', NodeGroupId: '0002' })));
    assert.deepEqual([noGroup.name, noGroup.status], ['NodeGroupNotFoundFault', 404]);
    await client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'no-af', ReplicationGroupDescription: 'd', NumCacheClusters: 2, CacheNodeType: 'cache.t3.micro' }));
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'no-af' });
    const noAf = await fault(client.send(new TestFailoverCommand({ ReplicationGroupId: 'no-af', NodeGroupId: '0001' })));
    assert.equal(noAf.name, 'InvalidReplicationGroupStateFault');
    // The limit is 4 in this emulator (configurable); the first two tests used two.
    await client.send(new TestFailoverCommand({ ReplicationGroupId: 'fo', NodeGroupId: '1' }));
    await client.send(new TestFailoverCommand({ ReplicationGroupId: 'fo', NodeGroupId: '0001' }));
    const limited = await fault(client.send(new TestFailoverCommand({ ReplicationGroupId: 'fo', NodeGroupId: '0001' })));
    assert.deepEqual([limited.name, limited.status], ['APICallRateForCustomerExceededFault', 400]);
  });

  test('a crashed primary with automatic failover is detected and replaced by a replica; the node recovers as a replica', async () => {
    await client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'crashy', ReplicationGroupDescription: 'd', NumCacheClusters: 2, CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true }),
    );
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'crashy' });
    const g = await group(client, 'crashy');
    const oldPrimary = primaryOf(g);
    const w = new Redis({ port: g.NodeGroups![0].PrimaryEndpoint!.Port!, maxRetriesPerRequest: null, retryStrategy: () => 20 });
    // The crash cuts its connection: expected, not worth a log line.
    w.on('error', () => undefined);
    await w.set('precious', 'kept');
    assert.equal(await w.call('WAIT', '1', '1000'), 1);
    const crashed = await injectFault(em, { action: 'stop-node', cacheClusterId: oldPrimary });
    assert.equal(crashed.status, 200);
    const after = await waitFor(async () => {
      const x = await group(client, 'crashy');
      return primaryOf(x) !== oldPrimary ? x : undefined;
    });
    assert.equal(await w.get('precious'), 'kept', 'the replicated write survives, through the same endpoint');
    assert.equal(await w.set('after', 'crash'), 'OK');
    w.disconnect();
    const recovered = after.NodeGroups![0].NodeGroupMembers!.find((m) => m.CacheClusterId === oldPrimary)!;
    // Reconnection left to ioredis: a connect() of ours racing its retries could leave a second connection retrying after disconnect().
    const r = new Redis({ port: recovered.ReadEndpoint!.Port!, maxRetriesPerRequest: null, retryStrategy: () => 20 });
    r.on('error', () => undefined);
    await waitFor(async () => (await r.get('after')) === 'crash', 10000);
    assert.match(await r.info('replication'), /role:slave/);
    r.disconnect();
  });

  test('without automatic failover a crashed primary is replaced in place, empty, and the group recovers', async () => {
    const g = await group(client, 'no-af');
    const primary = primaryOf(g);
    const w = new Redis({ port: g.NodeGroups![0].PrimaryEndpoint!.Port!, maxRetriesPerRequest: null, retryStrategy: () => 20 });
    // The crash cuts its connection: expected, not worth a log line.
    w.on('error', () => undefined);
    await w.set('lost', 'soon');
    await injectFault(em, { action: 'stop-node', cacheClusterId: primary });
    await waitFor(async () => {
      try {
        return (await w.dbsize()) === 0;
      } catch {
        return false;
      }
    }, 10000);
    assert.equal(primaryOf(await group(client, 'no-af')), primary, 'the same node is primary again');
    assert.equal(await w.set('fresh', 'start'), 'OK');
    w.disconnect();
  });

  test('an AZ outage fails over primaries there and keeps those nodes down until the AZ returns', async () => {
    await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'zonal',
        ReplicationGroupDescription: 'd',
        NumCacheClusters: 2,
        CacheNodeType: 'cache.t3.micro',
        AutomaticFailoverEnabled: true,
        PreferredCacheClusterAZs: ['us-east-1a', 'us-east-1b'],
      }),
    );
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'zonal' });
    const g = await group(client, 'zonal');
    assert.equal(primaryOf(g), 'zonal-001');
    const down = await (await injectFault(em, { action: 'az-down', availabilityZone: 'us-east-1a' })).json();
    assert.ok(down.cacheClusters.includes('zonal-001'));
    await waitFor(async () => primaryOf(await group(client, 'zonal')) === 'zonal-002');
    const port = g.NodeGroups![0].NodeGroupMembers![0].ReadEndpoint!.Port!;
    await new Promise((r) => setTimeout(r, 300));
    const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => undefined);
    await assert.rejects(probe.connect(), 'the node in the failed AZ stays down');
    const up = await (await injectFault(em, { action: 'az-up', availabilityZone: 'us-east-1a' })).json();
    assert.ok(up.cacheClusters.includes('zonal-001'));
    const back = new Redis({ port, lazyConnect: true });
    await back.connect();
    await waitFor(async () => /role:slave[\s\S]*master_link_status:up/.test(await back.info('replication')), 5000);
    back.disconnect();
  });
});
