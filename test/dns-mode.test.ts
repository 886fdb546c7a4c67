import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateCacheClusterCommand,
  CreateReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ModifyReplicationGroupCommand,
  ModifyReplicationGroupShardConfigurationCommand,
  TestFailoverCommand,
  waitUntilCacheClusterAvailable,
  waitUntilReplicationGroupAvailable,
  type ElastiCacheClient,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import * as dnsPacket from 'dns-packet';
import { Cluster, Redis } from 'ioredis';
import { createCluster } from 'redis';
import type { Emulator, EmulatorOptions } from '../bin/emulator.ts';
import { connectorVia, dnsResolver, lookupVia, queryTcp, sendUdp } from './helpers/dns.ts';
import { sdkClient, startTestEmulator, waitFor } from './helpers/emulator.ts';

const prefix = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}`;
// Nodes listen on their own addresses at the group's port; a random one, as 6379 may be taken on this machine.
const nodePort = 30000 + Math.floor(Math.random() * 10000);
const hash = '[a-z0-9]{6}';

async function group(client: ElastiCacheClient, id: string): Promise<ReplicationGroup> {
  return (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0];
}

function members(g: ReplicationGroup) {
  return g.NodeGroups![0].NodeGroupMembers!;
}

/** CLUSTER SLOTS as [first slot, primary "host:port", replicas "host:port"...] rows, asked of the node at address. */
async function clusterSlots(address: string): Promise<Array<{ first: number; primary: string; replicas: string[] }>> {
  const io = new Redis({ host: address, port: nodePort, lazyConnect: true });
  await io.connect();
  const rows = (await io.call('CLUSTER', 'SLOTS')) as Array<[number, number, ...Array<[string, number, string]>]>;
  io.disconnect();
  return rows.map(([first, , primary, ...replicas]) => ({ first, primary: `${primary[0]}:${primary[1]}`, replicas: replicas.map((r) => `${r[0]}:${r[1]}`) }));
}

describe('DNS mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecl-dns-'));
  const options: EmulatorOptions = { inMemory: false, dataDir, dns: { port: 0, ttl: 2, nodeAddresses: `${prefix}.0/24` } };
  let em: Emulator;
  let client: ElastiCacheClient;
  before(async () => {
    em = await startTestEmulator(options);
    client = sdkClient(em);
  });
  after(async () => {
    client.destroy();
    await em.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the API reports AWS-shaped names that resolve, over UDP and TCP, to each node on its own address', async () => {
    await client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'web', ReplicationGroupDescription: 'd', NumCacheClusters: 3, CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true, Port: nodePort }),
    );
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'solo', CacheNodeType: 'cache.t3.micro', Engine: 'redis', Port: nodePort }));
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'web' });
    await waitUntilCacheClusterAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { CacheClusterId: 'solo' });
    const g = await group(client, 'web');
    const primary = g.NodeGroups![0].PrimaryEndpoint!;
    const reader = g.NodeGroups![0].ReaderEndpoint!;
    assert.match(primary.Address!, new RegExp(`^web\\.${hash}\\.ng\\.0001\\.use1\\.cache\\.amazonaws\\.com$`));
    assert.match(reader.Address!, new RegExp(`^web-ro\\.${hash}\\.ng\\.0001\\.use1\\.cache\\.amazonaws\\.com$`));
    assert.equal(primary.Port, nodePort);
    for (const m of members(g)) {
      assert.match(m.ReadEndpoint!.Address!, new RegExp(`^${m.CacheClusterId}\\.${hash}\\.0001\\.use1\\.cache\\.amazonaws\\.com$`));
      assert.equal(m.ReadEndpoint!.Port, nodePort);
    }
    const solo = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'solo', ShowCacheNodeInfo: true }))).CacheClusters![0];
    const soloName = solo.CacheNodes![0].Endpoint!.Address!;
    assert.match(soloName, new RegExp(`^solo\\.${hash}\\.0001\\.use1\\.cache\\.amazonaws\\.com$`));

    const resolver = dnsResolver(em);
    const addressOf = async (name: string) => (await resolver.resolve4(name))[0];
    const nodeAddresses = new Map<string, string>();
    for (const m of members(g)) nodeAddresses.set(m.CacheClusterId!, await addressOf(m.ReadEndpoint!.Address!));
    nodeAddresses.set('solo', await addressOf(soloName));
    assert.equal(new Set(nodeAddresses.values()).size, 4, 'every node has an address of its own');
    for (const a of nodeAddresses.values()) assert.ok(a.startsWith(`${prefix}.`), `${a} is in the configured range`);
    const primaryId = members(g).find((m) => m.CurrentRole === 'primary')!.CacheClusterId!;
    const withTtl = await resolver.resolve4(primary.Address!, { ttl: true });
    assert.deepEqual(withTtl, [{ address: nodeAddresses.get(primaryId), ttl: 2 }]);
    const replicas = members(g).filter((m) => m.CurrentRole === 'replica').map((m) => nodeAddresses.get(m.CacheClusterId!));
    assert.deepEqual((await resolver.resolve4(reader.Address!)).sort(), replicas.sort(), 'the reader name answers every replica');

    const overTcp = await queryTcp(em.dns!.port, primary.Address!);
    assert.equal(overTcp.rcode, 'NOERROR');
    assert.ok(overTcp.flag_aa);
    assert.deepEqual(overTcp.answers!.map((a) => (a as dnsPacket.StringAnswer).data), [nodeAddresses.get(primaryId)]);

    // Each node really is at its own address and the real port.
    const direct = new Redis({ host: nodeAddresses.get(primaryId), port: nodePort, lazyConnect: true });
    await direct.connect();
    assert.match(await direct.info('replication'), /role:master/);
    direct.disconnect();
  });

  test('unknown names are NXDOMAIN, names outside the zone are refused, and garbage never breaks the server', async () => {
    const resolver = dnsResolver(em);
    await assert.rejects(resolver.resolve4('ghost.abcdef.0001.use1.cache.amazonaws.com'), { code: 'ENOTFOUND' });
    await assert.rejects(resolver.resolve4('example.com'), { code: 'EREFUSED' });
    const name = (await group(client, 'web')).NodeGroups![0].PrimaryEndpoint!.Address!;
    await assert.rejects(resolver.resolve6(name), { code: 'ENODATA' }, 'the names hold A records only');
    assert.equal((await queryTcp(em.dns!.port, 'ghost.cache.amazonaws.com')).rcode, 'NXDOMAIN');

    const query = dnsPacket.encode({ type: 'query', id: 9, questions: [{ type: 'A', name }] });
    const garbage = [
      Buffer.from([1]),
      Buffer.alloc(12, 0xff),
      Buffer.concat([query.subarray(0, 12), Buffer.from([0xc0, 0x0c])]), // a name pointing at itself
      Buffer.concat([query.subarray(0, 4), Buffer.from([0xff, 0xff]), query.subarray(6)]), // 65535 questions claimed
      Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff)),
    ];
    for (const bytes of garbage) {
      const reply = await sendUdp(em.dns!.port, bytes, 100);
      if (reply) assert.ok(['FORMERR', 'NOTIMP'].includes((dnsPacket.decode(reply) as { rcode?: string }).rcode!), 'a malformed query gets an error or nothing');
    }
    // TCP: a length prefix announcing more than ever comes, then a message of junk.
    await new Promise<void>((resolve) => {
      const s = connect(em.dns!.port, '127.0.0.1');
      s.on('connect', () => {
        s.write(Buffer.from([0xff, 0xff, 1, 2, 3]));
        s.end();
      });
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    const ok = dnsPacket.decode((await sendUdp(em.dns!.port, query, 2000))!);
    assert.equal(ok.answers!.length, 1, 'still answering');
    assert.equal((await queryTcp(em.dns!.port, name)).answers!.length, 1);
  });

  test('TestFailover flips the primary name; ioredis connected by name keeps writing through it', async () => {
    const g = await group(client, 'web');
    const oldPrimary = members(g).find((m) => m.CurrentRole === 'primary')!;
    const resolver = dnsResolver(em);
    const name = g.NodeGroups![0].PrimaryEndpoint!.Address!;
    const before = (await resolver.resolve4(name))[0];
    const io = new Redis({ host: name, port: nodePort, Connector: connectorVia(lookupVia(resolver)), maxRetriesPerRequest: null, retryStrategy: () => 20 });
    // ioredis re-sends commands cut off by a disconnection on the next connection; a WAIT counts
    // only when it and its SET ran on one connection, so an acknowledgement means "replicated".
    let connections = 0;
    io.on('close', () => connections++);
    io.on('error', () => undefined);
    const acked: number[] = [];
    let running = true;
    const loop = (async () => {
      for (let i = 0; running; i++) {
        const seen = connections;
        try {
          await io.set(`k:${i}`, String(i));
          if (Number(await io.call('WAIT', '1', '200')) >= 1 && connections === seen) acked.push(i);
        } catch {
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    })();
    await waitFor(async () => acked.length > 10, 10000);
    await client.send(new TestFailoverCommand({ ReplicationGroupId: 'web', NodeGroupId: '0001' }));
    const after = await waitFor(async () => {
      const x = await group(client, 'web');
      return members(x).find((m) => m.CurrentRole === 'primary')!.CacheClusterId !== oldPrimary.CacheClusterId ? x : undefined;
    });
    const newPrimary = members(after).find((m) => m.CurrentRole === 'primary')!;
    const now = (await resolver.resolve4(name))[0];
    assert.notEqual(now, before, 'the primary name moved');
    assert.equal(now, (await resolver.resolve4(newPrimary.ReadEndpoint!.Address!))[0]);
    assert.equal(after.NodeGroups![0].PrimaryEndpoint!.Address, name, 'the name itself never changes');
    const readers = await resolver.resolve4(after.NodeGroups![0].ReaderEndpoint!.Address!);
    assert.ok(readers.includes(before) && !readers.includes(now), 'the reader name follows the new replica set');
    const atSwitch = acked.length;
    await waitFor(async () => acked.length > atSwitch + 10, 10000);
    running = false;
    await loop;
    assert.match(await io.info('replication'), /role:master/, 'the client reconnected by name to the new primary');
    assert.deepEqual(await io.mget(acked.map((i) => `k:${i}`)), acked.map(String));
    io.disconnect();
  });

  test('the configuration endpoint of a cluster-mode-enabled group is a clustercfg name answering every node', async () => {
    await client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'shards', ReplicationGroupDescription: 'd', NumNodeGroups: 2, ReplicasPerNodeGroup: 1, CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true, Port: nodePort }),
    );
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'shards' });
    const g = await group(client, 'shards');
    const cfg = g.ConfigurationEndpoint!;
    assert.match(cfg.Address!, new RegExp(`^shards\\.${hash}\\.clustercfg\\.use1\\.cache\\.amazonaws\\.com$`));
    assert.equal(cfg.Port, nodePort);
    const resolver = dnsResolver(em);
    const addresses = (await resolver.resolve4(cfg.Address!)).sort();
    const nodes = (await client.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }))).CacheClusters!.filter((c) => c.ReplicationGroupId === 'shards');
    assert.equal(nodes.length, 4);
    const own = await Promise.all(nodes.map(async (c) => (await resolver.resolve4(c.CacheNodes![0].Endpoint!.Address!))[0]));
    assert.deepEqual(addresses, own.sort());
    await assert.rejects(resolver.resolve4(cfg.Address!.replace('.clustercfg.', '.ng.0001.')), { code: 'ENOTFOUND' }, 'a cluster-mode-enabled group has no primary name');
    // A cluster client that starts from the name finds every shard at the nodes' own addresses.
    const cluster = new Cluster([{ host: addresses[0], port: nodePort }]);
    await cluster.set('{a}x', '1');
    await cluster.set('{b}x', '2');
    assert.deepEqual([await cluster.get('{a}x'), await cluster.get('{b}x')], ['1', '2']);
    assert.ok(cluster.nodes('master').every((n) => own.includes(n.options.host!)));
    await cluster.quit();
  });

  test('cluster mode enabled: CLUSTER SLOTS names the nodes where they listen, across a TestFailover and a resharding; cluster clients start from the clustercfg name', { timeout: 90_000 }, async () => {
    const resolver = dnsResolver(em);
    const cfg = (await group(client, 'shards')).ConfigurationEndpoint!;
    /** Every member's own "address:port", found through its node name. */
    const ownEndpoints = async () => {
      const nodes = (await client.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }))).CacheClusters!.filter((c) => c.ReplicationGroupId === 'shards');
      return new Set(await Promise.all(nodes.map(async (c) => `${(await resolver.resolve4(c.CacheNodes![0].Endpoint!.Address!))[0]}:${c.CacheNodes![0].Endpoint!.Port}`)));
    };
    /** Every node's CLUSTER SLOTS names member endpoints only, and each named primary is one. */
    const checkSlots = async () => {
      const own = await ownEndpoints();
      const anyNode = [...own][0].split(':')[0];
      const rows = await clusterSlots(anyNode);
      for (const r of rows) for (const e of [r.primary, ...r.replicas]) assert.ok(own.has(e), `${e} is a member's own address and port (${[...own].join(', ')})`);
      for (const r of rows) {
        const primary = new Redis({ host: r.primary.split(':')[0], port: nodePort, lazyConnect: true });
        await primary.connect();
        assert.match(await primary.info('replication'), /role:master/, `${r.primary} serving slot ${r.first} is a primary`);
        primary.disconnect();
      }
      return rows;
    };
    const before = await checkSlots();
    assert.equal(before.length, 2);

    // Both clients are given only the name and resolve it through the emulator's DNS server.
    const lookup = lookupVia(resolver);
    const io = new Cluster([{ host: cfg.Address!, port: cfg.Port! }], {
      dnsLookup: (name, callback) => resolver.resolve4(name).then((a) => callback(null, a[0], 4), (e: NodeJS.ErrnoException) => callback(e, '', 4)),
    });
    const nr = createCluster({ rootNodes: [{ socket: { host: cfg.Address!, port: cfg.Port!, lookup } }] });
    nr.on('error', () => undefined);
    await nr.connect();
    const keys = Array.from({ length: 60 }, (_, i) => `dns:${i}`);
    for (const k of keys) await io.set(k, k);
    for (const k of keys) assert.equal(await nr.get(k), k);

    await client.send(new TestFailoverCommand({ ReplicationGroupId: 'shards', NodeGroupId: '0001' }));
    await waitFor(async () => (await clusterSlots([...(await ownEndpoints())][0].split(':')[0]))[0].primary !== before[0].primary, 15_000, 50);
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'shards' });
    const failedOver = await checkSlots();
    assert.deepEqual(failedOver[0].replicas, [before[0].primary], 'the demoted primary is the shard\'s replica, at its own address');

    await client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'shards', NodeGroupCount: 3, ApplyImmediately: true }));
    await waitFor(async () => {
      const g = await group(client, 'shards');
      return g.Status === 'available' && g.NodeGroups!.length === 3;
    }, 60_000, 50);
    const resharded = await checkSlots();
    assert.ok(new Set(resharded.map((r) => r.primary)).size === 3, 'three primaries serve the slots, the new one at its own address');
    assert.deepEqual((await resolver.resolve4(cfg.Address!)).length, (await ownEndpoints()).size, 'the clustercfg name answers the new nodes too');
    for (const k of keys) assert.equal(await io.get(k), k);
    for (const k of keys) assert.equal(await nr.get(k), k);
    await io.quit();
    await nr.close();
  });

  test('cluster mode compatible has the primary and reader names and the clustercfg name at once', async () => {
    await client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'compat', ReplicationGroupDescription: 'd', NumCacheClusters: 2, CacheNodeType: 'cache.t3.micro', AutomaticFailoverEnabled: true, Port: nodePort }),
    );
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'compat' });
    await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'compat', ClusterMode: 'compatible', ApplyImmediately: true }));
    await waitUntilReplicationGroupAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 }, { ReplicationGroupId: 'compat' });
    const g = await group(client, 'compat');
    const resolver = dnsResolver(em);
    const own = new Map(await Promise.all(members(g).map(async (m) => [m.CurrentRole!, (await resolver.resolve4(m.ReadEndpoint!.Address!))[0]] as const)));
    assert.match(g.ConfigurationEndpoint!.Address!, /^compat\.[a-z0-9]{6}\.clustercfg\./);
    assert.deepEqual(await resolver.resolve4(g.NodeGroups![0].PrimaryEndpoint!.Address!), [own.get('primary')]);
    assert.deepEqual(await resolver.resolve4(g.NodeGroups![0].ReaderEndpoint!.Address!), [own.get('replica')]);
    assert.deepEqual((await resolver.resolve4(g.ConfigurationEndpoint!.Address!)).sort(), [...own.values()].sort());
    assert.deepEqual((await clusterSlots(own.get('replica')!)).map((r) => [r.first, r.primary]), [[0, `${own.get('primary')}:${nodePort}`]]);
  });

  test('a restart on the same data directory keeps every name and address', async () => {
    const resolver = dnsResolver(em);
    const g = await group(client, 'web');
    const names = [g.NodeGroups![0].PrimaryEndpoint!.Address!, ...members(g).map((m) => m.ReadEndpoint!.Address!)];
    const before = await Promise.all(names.map(async (n) => (await resolver.resolve4(n))[0]));
    client.destroy();
    await em.stop();
    em = await startTestEmulator(options);
    client = sdkClient(em);
    const again = await group(client, 'web');
    assert.deepEqual([again.NodeGroups![0].PrimaryEndpoint!.Address!, ...members(again).map((m) => m.ReadEndpoint!.Address!)], names);
    const after = dnsResolver(em);
    assert.deepEqual(await Promise.all(names.map(async (n) => (await after.resolve4(n))[0])), before);
    const io = new Redis({ host: before[0], port: nodePort, lazyConnect: true });
    await io.connect();
    assert.equal(await io.get('k:0'), '0', 'the node is back at its address with its data');
    io.disconnect();
  });
});
