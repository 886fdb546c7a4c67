import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { CreateReplicationGroupCommand, DescribeReplicationGroupsCommand, waitUntilReplicationGroupAvailable } from '@aws-sdk/client-elasticache';
import { sdkClient, startTestEmulator, waitFor } from './helpers/emulator.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
// The emulator runs in this process: the CLI must run asynchronously or it would wait on us.
const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bin/elasticache-local.ts', 'fault', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test('`elasticache-local fault` injects faults into a running emulator, prints the answer, and fails clearly', async () => {
  const em = await startTestEmulator({ timing: 'instant' });
  const client = sdkClient(em);
  try {
    await client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'cli', ReplicationGroupDescription: 'd', NumCacheClusters: 2, CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true }),
    );
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'cli' });

    const closed = await closedPort();
    const [stopped, lag, missing, unknown, unreachable] = await Promise.all([
      cli(['stop-node', '--endpoint-url', em.url, '--cache-cluster-id', 'cli-001']),
      cli(['replication-lag', '--endpoint-url', em.url, '--replication-group-id', 'cli', '--milliseconds', '20']),
      cli(['connection-latency', '--endpoint-url', em.url, '--cache-cluster-id', 'ghost', '--milliseconds', '5']),
      cli(['melt-down', '--endpoint-url', em.url]),
      cli(['az-up', '--endpoint-url', `http://127.0.0.1:${closed}`, '--availability-zone', 'us-east-1a']),
    ]);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.deepEqual(JSON.parse(stopped.stdout), { action: 'stop-node', cacheClusterId: 'cli-001' });
    assert.deepEqual(JSON.parse(lag.stdout), { action: 'replication-lag', replicationGroupId: 'cli', milliseconds: 20 });
    // The crash was real: the group fails over to its replica.
    await waitFor(async () => {
      const g = (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'cli' }))).ReplicationGroups![0];
      return g.NodeGroups![0].NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!.CacheClusterId === 'cli-002';
    });

    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /^elasticache-local fault: CacheClusterNotFound: CacheCluster ghost not found/);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown action melt-down \(one of .*stop-node/);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /^elasticache-local fault: cannot reach the emulator at http:\/\/127\.0\.0\.1:\d+: /);
  } finally {
    client.destroy();
    await em.stop();
  }
});
