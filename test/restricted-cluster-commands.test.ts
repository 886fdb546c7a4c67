import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ModifyReplicationGroupShardConfigurationCommand,
  waitUntilReplicationGroupAvailable,
  type ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { Cluster, Redis } from 'ioredis';
import type { Emulator } from '../bin/emulator.ts';
import { waitFor, useEmulator } from './helpers/emulator.ts';

/** Each restricted CLUSTER subcommand with arguments a real cluster would accept. */
const RESTRICTED: string[][] = [
  ['ADDSLOTS', '1'],
  ['ADDSLOTSRANGE', '1', '2'],
  ['BUMPEPOCH'],
  ['DELSLOTS', '1'],
  ['DELSLOTSRANGE', '1', '2'],
  ['FAILOVER'],
  ['FLUSHSLOTS'],
  ['FORGET', 'f'.repeat(40)],
  ['LINKS'],
  ['MEET', '127.0.0.1', '7000'],
  ['SETSLOT', '1', 'STABLE'],
];

/**
 * ElastiCache keeps cluster administration to itself: its nodes answer CLUSTER ADDSLOTS, SETSLOT,
 * MEET ... as unknown subcommands, while the emulator's own resharding (SETSLOT run by the node
 * itself) keeps working.
 */
describe('restricted CLUSTER subcommands', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  useEmulator({ timing: 'instant' }, (e, c) => {
    em = e;
    client = c;
  });

  test('users get unknown-subcommand errors; resharding still moves slots', { timeout: 60_000 }, async () => {
    await client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'locked', ReplicationGroupDescription: 'd', NumNodeGroups: 2, CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true }),
    );
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'locked' });
    const node = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'locked-0001-001', ShowCacheNodeInfo: true }))).CacheClusters![0].CacheNodes![0].Endpoint!;
    const io = new Redis({ host: node.Address, port: node.Port, lazyConnect: true });
    await io.connect();
    for (const [sub, ...args] of RESTRICTED) {
      await assert.rejects(io.call('CLUSTER', sub, ...args), { message: `ERR unknown subcommand '${sub}'. Try CLUSTER HELP.` }, `CLUSTER ${sub}`);
    }
    // Unknown before arity and MULTI checks, as a subcommand Redis lacks: refused, not queued.
    await assert.rejects(io.call('CLUSTER', 'SETSLOT'), { message: "ERR unknown subcommand 'SETSLOT'. Try CLUSTER HELP." });
    const tx = await io.multi().call('CLUSTER', 'SETSLOT', '1', 'STABLE').exec().catch((e: Error) => e);
    assert.match(String(tx), /EXECABORT/);
    assert.deepEqual(await io.call('COMMAND', 'INFO', 'cluster|setslot', 'cluster|myid').then((r) => (r as unknown[]).map((x) => (x === null ? null : (x as unknown[])[0]))), [null, 'cluster|myid']);
    const info = (await io.call('COMMAND', 'INFO', 'cluster')) as Array<[string, ...unknown[]]>;
    const subs = (info[0][9] as Array<[string]>).map((x) => x[0]);
    assert.ok(subs.includes('cluster|slots') && !subs.includes('cluster|setslot') && !subs.includes('cluster|meet'));
    await assert.rejects(io.call('CONFIG', 'GET', 'maxmemory'), /ERR unknown command 'CONFIG'/);
    assert.match(String(await io.call('CLUSTER', 'INFO')), /cluster_state:ok/);
    assert.equal(String(await io.call('CLUSTER', 'MYID')).length, 40);

    const cfg = (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'locked' }))).ReplicationGroups![0].ConfigurationEndpoint!;
    const cluster = new Cluster([{ host: cfg.Address!, port: cfg.Port! }]);
    const keys = Array.from({ length: 300 }, (_, i) => `r:${i}`);
    for (const k of keys) await cluster.set(k, k);
    await client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'locked', NodeGroupCount: 3, ApplyImmediately: true }));
    const g = await waitFor(async () => {
      const x = (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'locked' }))).ReplicationGroups![0];
      return x.Status === 'available' && x.NodeGroups!.length === 3 ? x : undefined;
    }, 45_000);
    assert.ok(g.NodeGroups!.every((ng) => ng.Slots !== '' && ng.Slots !== undefined));
    for (const k of keys) assert.equal(await cluster.get(k), k);
    await cluster.quit();
    io.disconnect();
  });
});
