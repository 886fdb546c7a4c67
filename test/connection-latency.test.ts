import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateReplicationGroupCommand, DescribeReplicationGroupsCommand, waitUntilReplicationGroupAvailable } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import type { Emulator } from '../bin/emulator.ts';
import { sdkClient, startTestEmulator } from './helpers/emulator.ts';

async function injectFault(em: Emulator, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${em.url}/_elasticache/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** PING round trips (ms) over one connection. */
async function pingTimes(port: number, count = 5): Promise<number[]> {
  const io = new Redis({ port, lazyConnect: true });
  await io.connect();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    assert.equal(await io.ping(), 'PONG');
    times.push(performance.now() - t);
  }
  io.disconnect();
  return times.sort((a, b) => a - b);
}

const LATENCY = 250;

test('connection-latency delays every round trip to the node, directly and through the primary endpoint; 0 clears it', async () => {
  const em = await startTestEmulator({ timing: 'instant' });
  const client = sdkClient(em);
  try {
    await client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'slow', ReplicationGroupDescription: 'd', NumCacheClusters: 2, CacheNodeType: 'cache.t3.micro' }));
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'slow' });
    const g = (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'slow' }))).ReplicationGroups![0];
    const endpoint = g.NodeGroups![0].PrimaryEndpoint!.Port!;
    const node = (id: string) => g.NodeGroups![0].NodeGroupMembers!.find((m) => m.CacheClusterId === id)!.ReadEndpoint!.Port!;
    const baseline = await pingTimes(node('slow-001'));

    const set = await injectFault(em, { action: 'connection-latency', cacheClusterId: 'slow-001', milliseconds: LATENCY });
    assert.deepEqual(set, { status: 200, json: { action: 'connection-latency', cacheClusterId: 'slow-001', milliseconds: LATENCY } });
    const direct = await pingTimes(node('slow-001'));
    const viaEndpoint = await pingTimes(endpoint);
    // The delay is a floor: no round trip can be faster than it.
    assert.ok(direct[0] >= LATENCY - 1, `direct PINGs ${direct.map(Math.round)} ms`);
    assert.ok(viaEndpoint[0] >= LATENCY - 1, `endpoint PINGs ${viaEndpoint.map(Math.round)} ms`);
    assert.ok((await pingTimes(node('slow-002'), 3))[1] < LATENCY, 'the other node is not slowed');

    assert.equal((await injectFault(em, { action: 'connection-latency', cacheClusterId: 'slow-001', milliseconds: 0 })).status, 200);
    const cleared = await pingTimes(node('slow-001'));
    assert.ok(cleared[2] < LATENCY, `cleared: ${cleared.map(Math.round)} ms (baseline ${baseline.map(Math.round)} ms)`);
    process.stdout.write(`# PING median: baseline ${baseline[2].toFixed(1)} ms, with ${LATENCY} ms latency ${direct[2].toFixed(1)} ms direct, ${viaEndpoint[2].toFixed(1)} ms via the endpoint\n`);

    const bad = await injectFault(em, { action: 'connection-latency', cacheClusterId: 'slow-001', milliseconds: -5 });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error, 'InvalidFaultRequest');
    assert.match(String(bad.json.message), /milliseconds/);
    const missing = await injectFault(em, { action: 'connection-latency', cacheClusterId: 'ghost', milliseconds: 10 });
    assert.deepEqual([missing.status, missing.json.error], [404, 'CacheClusterNotFound']);
  } finally {
    client.destroy();
    await em.stop();
  }
});
