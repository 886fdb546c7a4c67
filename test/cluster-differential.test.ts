import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateReplicationGroupCommand, DescribeCacheClustersCommand, waitUntilReplicationGroupAvailable, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import type { Emulator } from '../bin/emulator.ts';
import { rawExchange, resp } from './helpers/engine-node.ts';
import { sdkClient, startTestEmulator, waitFor } from './helpers/emulator.ts';

const REDIS = '/usr/bin/redis-server';
const SLOTS: Array<[number, number]> = [
  [0, 5461],
  [5462, 10922],
  [10923, 16383],
];

/** Three `redis-server --cluster-enabled yes` on free ports, slots assigned as AWS splits them. */
async function startRealCluster(): Promise<{ ports: number[]; procs: ChildProcess[]; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ec-real-cluster-'));
  // Below the emulators' node ports (20000+), with the bus port (+10000) below them too.
  const base = 10100 + Math.floor(Math.random() * 90) * 10;
  const ports = [base, base + 1, base + 2];
  const procs = ports.map((p) =>
    spawn(REDIS, ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${p}.conf`), '--dir', dir], {
      stdio: 'ignore',
    }),
  );
  // A lazy client's connect() rejects on the first refusal, so wait until each server listens.
  for (const port of ports) {
    await waitFor(() => rawExchange(port, resp('PING'), 20).then((r) => r.data.startsWith('+PONG'), () => false), 10_000, 20);
  }
  const clients = ports.map((port) => new Redis({ port, lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    for (const [i, c] of clients.entries()) {
      await c.call('CLUSTER', 'ADDSLOTSRANGE', String(SLOTS[i][0]), String(SLOTS[i][1]));
      if (i > 0) await c.call('CLUSTER', 'MEET', '127.0.0.1', String(ports[0]));
    }
    await waitFor(async () => {
      const infos = await Promise.all(clients.map((c) => c.call('CLUSTER', 'INFO') as Promise<string>));
      return infos.every((i) => i.includes('cluster_state:ok') && i.includes('cluster_known_nodes:3'));
    }, 20_000, 100);
  } finally {
    for (const c of clients) c.disconnect();
  }
  return { ports, procs, dir };
}

/**
 * The replies cluster clients depend on (MOVED, ASK, TRYAGAIN, CROSSSLOT, CLUSTER subcommands),
 * from a group the emulator provisioned and from a real redis-server 7 cluster with the same
 * slots, compared byte for byte once node addresses and ids are replaced by their shard index.
 */
describe('cluster replies against a real redis-server cluster', { skip: !existsSync(REDIS) && 'redis-server is not installed (apt-get install redis-server)' }, () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  let real: Awaited<ReturnType<typeof startRealCluster>>;
  let ours: number[];
  before(async () => {
    em = await startTestEmulator({ timing: 'instant' });
    client = sdkClient(em);
    await client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'diff', ReplicationGroupDescription: 'd', NumNodeGroups: 3, CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true }),
    );
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'diff' });
    const clusters = (await client.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }))).CacheClusters!;
    ours = ['diff-0001-001', 'diff-0002-001', 'diff-0003-001'].map((id) => clusters.find((c) => c.CacheClusterId === id)!.CacheNodes![0].Endpoint!.Port!);
    real = await startRealCluster();
  });
  after(async () => {
    for (const p of real?.procs ?? []) p.kill('SIGKILL');
    if (real) rmSync(real.dir, { recursive: true, force: true });
    client.destroy();
    await em.stop();
  });

  /** Node ids and addresses → n0, n1, n2 (by shard), so both sides compare. */
  async function normaliser(ports: number[]): Promise<(s: string) => string> {
    const ids: string[] = [];
    for (const p of ports) ids.push((await rawExchange(p, resp('CLUSTER', 'MYID'), 300)).data.split('\r\n')[1]);
    return (s) => {
      let out = s;
      ports.forEach((p, i) => (out = out.replaceAll(`127.0.0.1:${p}`, `n${i}`).replaceAll(`\r\n:${p}\r\n`, `\r\n:port${i}\r\n`)));
      ids.forEach((id, i) => (out = out.replaceAll(id, `id${i}`)));
      return out;
    };
  }

  async function both(node: number, ...cmds: string[][]): Promise<[string, string]> {
    const payload = cmds.map((c) => resp(...c)).join('');
    const [a, b] = await Promise.all([rawExchange(real.ports[node], payload, 400), rawExchange(ours[node], payload, 400)]);
    return [(await normaliser(real.ports))(a.data), (await normaliser(ours))(b.data)];
  }

  test('MOVED, CROSSSLOT, keyless and same-slot commands on every node', async () => {
    const scripts = [
      [['SET', 'foo', '1']],
      [['GET', 'bar'], ['GET', 'somekey'], ['INCR', '{user1000}.following']],
      [['MSET', 'a', '1', 'b', '2']],
      [['MGET', '{t}1', '{t}2'], ['DEL', '{t}1', '{t}2']],
      [['SUNIONSTORE', 'x{1}', 'y{1}', 'z']],
      [['PING'], ['CLUSTER', 'KEYSLOT', 'foo'], ['CLUSTER', 'KEYSLOT', '{user1000}.following']],
      [['MULTI'], ['SET', 'foo', '1'], ['EXEC']],
      [['SELECT', '1'], ['SELECT', '0']],
      [['CLUSTER', 'COUNTKEYSINSLOT', '16384'], ['CLUSTER', 'GETKEYSINSLOT', '1', '-1']],
    ];
    for (const script of scripts) {
      for (const node of [0, 1, 2]) {
        const [expected, actual] = await both(node, ...script);
        assert.equal(actual, expected, `${script.map((c) => c.join(' ')).join('; ')} on node ${node}`);
      }
    }
  });

  /**
   * CLUSTER SETSLOT on one of our nodes as the emulator runs it (ElastiCache withholds it from
   * users): through the node itself, with no connection.
   */
  function setslotAsOperator(port: number, argv: string[]): string {
    const node = ['diff-0001-001', 'diff-0002-001', 'diff-0003-001']
      .map((id) => em.provisioner.engineOf('000000000000', 'us-east-1', id)!)
      .find((e) => e.port === port)!;
    const c = node.createClient(null);
    node.execute(c, argv);
    const reply = c.reply.out;
    node.disconnect(c);
    return reply;
  }

  test('ASK, ASKING and TRYAGAIN while a slot migrates', async () => {
    const slot = 12182; // CLUSTER KEYSLOT foo, owned by the third shard
    const run = async (ports: number[]): Promise<string[]> => {
      const norm = await normaliser(ports);
      const id = async (p: number) => (await rawExchange(p, resp('CLUSTER', 'MYID'), 300)).data.split('\r\n')[1];
      const [src, dst] = [ports[2], ports[0]];
      const out: string[] = [];
      const x = async (p: number, ...cmds: string[][]) => out.push(norm((await rawExchange(p, cmds.map((c) => resp(...c)).join(''), 400)).data));
      const setslot = async (p: number, ...args: string[]) =>
        ports === ours ? out.push(norm(setslotAsOperator(p, ['CLUSTER', 'SETSLOT', ...args]))) : x(p, ['CLUSTER', 'SETSLOT', ...args]);
      await x(src, ['SET', 'foo', 'v'], ['SET', '{foo}2', 'w']);
      await setslot(dst, String(slot), 'IMPORTING', await id(src));
      await setslot(src, String(slot), 'MIGRATING', await id(dst));
      await x(src, ['GET', 'foo'], ['GET', '{foo}missing'], ['MGET', 'foo', '{foo}missing'], ['MGET', 'foo', '{foo}2']);
      await x(dst, ['GET', '{foo}missing'], ['ASKING'], ['SET', '{foo}missing', '1'], ['GET', '{foo}missing']);
      await x(dst, ['ASKING'], ['MGET', '{foo}missing', 'foo']);
      await x(src, ['CLUSTER', 'COUNTKEYSINSLOT', String(slot)], ['CLUSTER', 'GETKEYSINSLOT', String(slot), '10']);
      // Put the slot back as it was.
      await x(dst, ['ASKING'], ['DEL', '{foo}missing']);
      await setslot(dst, String(slot), 'STABLE');
      await setslot(src, String(slot), 'STABLE');
      await x(src, ['DEL', 'foo', '{foo}2'], ['GET', 'foo']);
      return out;
    };
    assert.deepEqual(await run(ours), await run(real.ports));
  });

  test('CLUSTER SLOTS, SHARDS fields and INFO name the same things', async () => {
    const [slotsReal, slotsOurs] = await both(1, ['CLUSTER', 'SLOTS']);
    assert.equal(slotsOurs, slotsReal);
    // Shards in slot order (Redis lists them in its node table's order), nodes as field names and roles.
    const shards = async (port: number) => {
      const r = new Redis({ port });
      const reply = (await r.cluster('SHARDS')) as unknown as Array<[string, number[], string, unknown[][]]>;
      r.disconnect();
      return reply
        .map(([k1, slots, k2, nodes]) => [k1, slots, k2, nodes.map((n) => n.filter((_, i) => i % 2 === 0).join(',') + ` ${n[n.indexOf('role') + 1]} ${n[n.indexOf('health') + 1]}`)])
        .sort((x, y) => (x[1] as number[])[0] - (y[1] as number[])[0]);
    };
    assert.deepEqual(await shards(ours[0]), await shards(real.ports[0]));
    const keys = (text: string) => text.split('\r\n').filter((l) => l.includes(':')).map((l) => l.split(':')[0]);
    const [infoReal, infoOurs] = await both(2, ['CLUSTER', 'INFO']);
    // The state fields; the message counters after them depend on a cluster bus we do not have.
    assert.deepEqual(keys(infoOurs).slice(0, 9), keys(infoReal).slice(0, 9));
  });
});
