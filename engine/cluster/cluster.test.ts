import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { createCluster } from 'redis';
import { EngineNode } from '../engine-node.ts';
import { rawExchange, resp, startNode } from '../../test/helpers/engine-node.ts';
import { crc16, keyHashSlot } from './crc16.ts';
import type { ClusterTopology } from './view.ts';

const IDS = ['a', 'b', 'c', 'd'].map((ch) => ch.repeat(40));
const RANGES: Array<[number, number]> = [
  [0, 5460],
  [5461, 10922],
  [10923, 16383],
];
let nodes: EngineNode[] = [];
let topology: ClusterTopology;

/** Three primaries (even split as redis-cli --cluster create makes it) plus a replica of the first. */
before(async () => {
  for (let i = 0; i < 4; i++) {
    const n = new EngineNode({ config: { 'cluster-enabled': 'yes' } });
    await n.listen(0);
    nodes.push(n);
  }
  topology = {
    myself: '',
    shards: RANGES.map((r, i) => ({
      id: `000${i + 1}`,
      slots: [r],
      primary: { id: IDS[i], host: '127.0.0.1', port: nodes[i].port },
      replicas: i === 0 ? [{ id: IDS[3], host: '127.0.0.1', port: nodes[3].port }] : [],
    })),
  };
  nodes.forEach((n, i) => n.cluster.setTopology({ ...topology, myself: IDS[i] }));
});

after(async () => {
  for (const n of nodes) await n.close();
  nodes = [];
});

const raw = async (port: number, ...cmds: string[][]): Promise<string> => (await rawExchange(port, cmds.map((c) => resp(...c)).join(''), 60)).data;
const ownerIndex = (key: string): number => RANGES.findIndex(([a, b]) => keyHashSlot(key) >= a && keyHashSlot(key) <= b);

test('CRC16 (XMODEM) and hash tags give Redis slots', () => {
  assert.equal(crc16('123456789'), 0x31c3);
  assert.equal(keyHashSlot('foo'), 12182);
  assert.equal(keyHashSlot('{user1000}.following'), keyHashSlot('user1000'));
  assert.equal(keyHashSlot('foo{}{bar}'), crc16('foo{}{bar}') & 0x3fff);
  assert.equal(keyHashSlot('foo{{bar}}zap'), crc16('{bar') & 0x3fff);
  assert.equal(keyHashSlot('foo{bar}{zap}'), keyHashSlot('bar'));
  assert.equal(keyHashSlot('{'), crc16('{') & 0x3fff);
});

test('without cluster-enabled CLUSTER, ASKING, READONLY answer as Redis does', async () => {
  const { client, close } = await startNode();
  try {
    for (const cmd of [['CLUSTER', 'INFO'], ['CLUSTER', 'KEYSLOT', 'x'], ['ASKING'], ['READONLY'], ['READWRITE']]) {
      await assert.rejects(client.call(cmd[0], ...cmd.slice(1)), /^ReplyError: ERR This instance has cluster support disabled$/);
    }
    await assert.rejects(client.call('CLUSTER', 'FOO'), /unknown subcommand 'FOO'. Try CLUSTER HELP./);
    assert.equal(await client.call('MIGRATE', '127.0.0.1', '1', 'nokey', '0', '100'), 'NOKEY');
  } finally {
    await close();
  }
});

test('CLUSTER MYID, INFO, SLOTS, SHARDS, NODES, KEYSLOT, REPLICAS', async () => {
  const r = new Redis({ port: nodes[0].port });
  try {
    assert.equal(await r.call('CLUSTER', 'MYID'), IDS[0]);
    const info = (await r.call('CLUSTER', 'INFO')) as string;
    assert.match(info, /^cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:4\r\ncluster_size:3\r\ncluster_current_epoch:3\r\ncluster_my_epoch:1\r\n/);
    const slots = (await r.call('CLUSTER', 'SLOTS')) as unknown[][];
    assert.deepEqual(slots, [
      [0, 5460, ['127.0.0.1', nodes[0].port, IDS[0], []], ['127.0.0.1', nodes[3].port, IDS[3], []]],
      [5461, 10922, ['127.0.0.1', nodes[1].port, IDS[1], []]],
      [10923, 16383, ['127.0.0.1', nodes[2].port, IDS[2], []]],
    ]);
    const shards = (await r.call('CLUSTER', 'SHARDS')) as unknown[][];
    assert.equal(shards.length, 3);
    assert.deepEqual(shards[0].slice(0, 3), ['slots', [0, 5460], 'nodes']);
    assert.deepEqual((shards[0][3] as unknown[][])[0].slice(0, 10), ['id', IDS[0], 'port', nodes[0].port, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master']);
    assert.deepEqual((shards[0][3] as unknown[][])[1].slice(8, 10), ['role', 'replica']);
    const lines = ((await r.call('CLUSTER', 'NODES')) as string).trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0], new RegExp(`^${IDS[0]} 127\\.0\\.0\\.1:${nodes[0].port}@${nodes[0].port + 10000} myself,master - 0 \\d+ 1 connected 0-5460$`));
    assert.match(lines[1], new RegExp(`^${IDS[3]} 127\\.0\\.0\\.1:${nodes[3].port}@\\d+ slave ${IDS[0]} 0 \\d+ 1 connected$`));
    assert.equal(await r.call('CLUSTER', 'KEYSLOT', 'somekey'), 11058);
    assert.deepEqual(await r.call('CLUSTER', 'REPLICAS', IDS[0]), [lines[1]]);
    await assert.rejects(r.call('CLUSTER', 'REPLICAS', IDS[3]), /ERR The specified node is not a master/);
    await assert.rejects(r.call('CLUSTER', 'REPLICAS', 'x'), /ERR Unknown node x/);
    await assert.rejects(r.call('CLUSTER', 'KEYSLOT'), /wrong number of arguments for 'cluster\|keyslot' command/);
    await assert.rejects(r.call('SELECT', '1'), /ERR SELECT is not allowed in cluster mode/);
    assert.equal(await r.call('SELECT', '0'), 'OK');
  } finally {
    r.disconnect();
  }
});

test('MOVED, CROSSSLOT, keyless commands, MULTI and EXEC redirections (raw)', async () => {
  const p = nodes[0].port;
  const fooOwner = nodes[ownerIndex('foo')].port;
  assert.equal(await raw(p, ['SET', 'foo', 'bar']), `-MOVED 12182 127.0.0.1:${fooOwner}\r\n`);
  assert.equal(await raw(p, ['MSET', 'a{x}', '1', 'b{y}', '2']), "-CROSSSLOT Keys in request don't hash to the same slot\r\n");
  assert.equal(await raw(p, ['PING'], ['DBSIZE']), '+PONG\r\n:0\r\n');
  // Inside MULTI the redirection is queued as an error and EXEC aborts.
  assert.equal(
    await raw(p, ['MULTI'], ['SET', 'foo', '1'], ['EXEC']),
    `+OK\r\n-MOVED 12182 127.0.0.1:${fooOwner}\r\n-EXECABORT Transaction discarded because of previous errors.\r\n`,
  );
  // Same-slot keys in one transaction work; the commands are checked together at EXEC.
  const k = 'k0';
  const own = nodes[ownerIndex(k)].port;
  assert.equal(await raw(own, ['MULTI'], ['SET', k, '1'], ['GET', k], ['EXEC']), '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n$1\r\n1\r\n');
  assert.equal(await raw(own, ['DEL', k]), ':1\r\n');
});

test('READONLY lets a replica serve reads of its shard; writes and other slots are MOVED', async () => {
  const replica = nodes[3].port;
  const key = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'].find((x) => ownerIndex(x) === 0)!;
  const other = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'].find((x) => ownerIndex(x) !== 0)!;
  const slot = keyHashSlot(key);
  const out = await raw(replica, ['GET', key], ['READONLY'], ['GET', key], ['SET', key, '1'], ['GET', other], ['READWRITE'], ['GET', key]);
  const moved = `-MOVED ${slot} 127.0.0.1:${nodes[0].port}\r\n`;
  assert.equal(out, `${moved}+OK\r\n$-1\r\n${moved}-MOVED ${keyHashSlot(other)} 127.0.0.1:${nodes[ownerIndex(other)].port}\r\n+OK\r\n${moved}`);
});

test('ASK during a migration, ASKING on the importing node, TRYAGAIN, SETSLOT errors', async () => {
  const slot = keyHashSlot('{t}');
  const src = ownerIndex('{t}');
  const dst = (src + 1) % 3;
  const s = nodes[src].port;
  const d = nodes[dst].port;
  assert.equal(await raw(s, ['SET', '{t}a', '1']), '+OK\r\n');
  assert.equal(await raw(d, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', IDS[src]]), '+OK\r\n');
  assert.equal(await raw(s, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', IDS[dst]]), '+OK\r\n');
  assert.match(nodes[src].cluster.nodesText().split('\n').find((l) => l.includes('myself'))!, new RegExp(`\\[${slot}->-${IDS[dst]}\\]$`));
  assert.match(nodes[dst].cluster.nodesText().split('\n').find((l) => l.includes('myself'))!, new RegExp(`\\[${slot}-<-${IDS[src]}\\]$`));
  const ask = `-ASK ${slot} 127.0.0.1:${d}\r\n`;
  assert.equal(await raw(s, ['GET', '{t}a'], ['GET', '{t}b'], ['MGET', '{t}a', '{t}b']), `$1\r\n1\r\n${ask}-TRYAGAIN Multiple keys request during rehashing of slot\r\n`);
  const moved = `-MOVED ${slot} 127.0.0.1:${s}\r\n`;
  assert.equal(await raw(d, ['SET', '{t}b', '2'], ['ASKING'], ['SET', '{t}b', '2'], ['GET', '{t}b']), `${moved}+OK\r\n+OK\r\n${moved}`);
  assert.equal(await raw(d, ['CLUSTER', 'COUNTKEYSINSLOT', String(slot)], ['CLUSTER', 'GETKEYSINSLOT', String(slot), '10']), ':1\r\n*1\r\n$4\r\n{t}b\r\n');
  assert.equal(
    await raw(s, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', IDS[dst]]),
    `-ERR Can't assign hashslot ${slot} to a different node while I still hold keys for this hash slot.\r\n`,
  );
  assert.equal(await raw(s, ['MIGRATE', '127.0.0.1', String(d), '{t}a', '0', '1000']), '+OK\r\n');
  assert.equal(await raw(s, ['GET', '{t}a']), ask);
  for (const i of [dst, src, 3 - src - dst]) assert.equal(await raw(nodes[i].port, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', IDS[dst]]), '+OK\r\n');
  assert.equal(await raw(s, ['GET', '{t}a']), `-MOVED ${slot} 127.0.0.1:${d}\r\n`);
  assert.equal(await raw(d, ['MGET', '{t}a', '{t}b'], ['DEL', '{t}a', '{t}b']), '*2\r\n$1\r\n1\r\n$1\r\n2\r\n:2\r\n');
  assert.equal(nodes[dst].cluster.currentEpoch, 4);
  // Put the slot back where it was for the other tests.
  for (const i of [0, 1, 2, 3]) nodes[i].cluster.setTopology({ ...topology, myself: IDS[i], migrating: {}, importing: {} });
  const errs = await raw(
    s,
    ['CLUSTER', 'SETSLOT', 'x', 'STABLE'],
    ['CLUSTER', 'SETSLOT', '1', 'FOO'],
    ['CLUSTER', 'SETSLOT', '1', 'NODE', 'abc'],
    ['CLUSTER', 'COUNTKEYSINSLOT', '16384'],
    ['CLUSTER', 'GETKEYSINSLOT', '1', '-1'],
    ['CLUSTER', 'GETKEYSINSLOT', 'x', '1'],
  );
  assert.equal(
    errs,
    '-ERR Invalid or out of range slot\r\n-ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP\r\n-ERR Unknown node abc\r\n-ERR Invalid slot\r\n-ERR Invalid slot or number of keys\r\n-ERR value is not an integer or out of range\r\n',
  );
});

test('ioredis Cluster and node-redis createCluster write and read 5,000 keys each', async () => {
  const io = new Cluster([{ host: '127.0.0.1', port: nodes[0].port }]);
  for (const n of nodes) n.flushAll();
  const nr = createCluster({ rootNodes: [{ url: `redis://127.0.0.1:${nodes[1].port}` }] });
  await nr.connect();
  try {
    const ioWrites = [];
    for (let i = 0; i < 5000; i++) ioWrites.push(io.set(`io:${i}`, `v${i}`));
    await Promise.all(ioWrites);
    const nrWrites = [];
    for (let i = 0; i < 5000; i++) nrWrites.push(nr.set(`nr:${i}`, `w${i}`));
    await Promise.all(nrWrites);
    const a = await Promise.all(Array.from({ length: 5000 }, (_, i) => nr.get(`io:${i}`)));
    const b = await Promise.all(Array.from({ length: 5000 }, (_, i) => io.get(`nr:${i}`)));
    assert.ok(a.every((v, i) => v === `v${i}`));
    assert.ok(b.every((v, i) => v === `w${i}`));
    const counts = nodes.slice(0, 3).map((n) => n.keyCount());
    assert.equal(counts.reduce((x, y) => x + y, 0), 10000);
    assert.ok(counts.every((c) => c > 2500));
    let slotKeys = 0;
    for (const n of nodes.slice(0, 3)) {
      const r = new Redis({ port: n.port });
      for (let slot = 0; slot < 16384; slot += 97) slotKeys += (await r.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot))) as number;
      r.disconnect();
    }
    assert.ok(slotKeys > 0);
  } finally {
    io.disconnect();
    await nr.close();
    for (const n of nodes) n.flushAll();
  }
});

test('live slot migration while a client writes: no key lost, TTLs kept', async () => {
  const slot = keyHashSlot('mig');
  const src = ownerIndex('{mig}');
  const dst = (src + 2) % 3;
  const io = new Cluster([{ host: '127.0.0.1', port: nodes[0].port }]);
  try {
    for (let i = 0; i < 400; i++) await io.set(`{mig}:${i}`, `v${i}`, 'PX', 600000);
    for (let i = 0; i < 100; i++) await io.rpush(`{mig}:list${i}`, 'a', 'b', String(i));
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await io.set(`{mig}:w${written}`, String(written));
        await io.incr('{mig}:ctr');
        written++;
      }
    })();
    const admin = nodes.map((n) => new Redis({ port: n.port }));
    await admin[dst].call('CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', IDS[src]);
    await admin[src].call('CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', IDS[dst]);
    let moved = 0;
    for (;;) {
      const keys = (await admin[src].call('CLUSTER', 'GETKEYSINSLOT', String(slot), '25')) as string[];
      if (keys.length === 0) break;
      assert.equal(await admin[src].call('MIGRATE', '127.0.0.1', String(nodes[dst].port), '', '0', '5000', 'KEYS', ...keys), 'OK');
      moved += keys.length;
      await new Promise((r) => setImmediate(r));
    }
    for (const i of [dst, src, 3 - src - dst]) await admin[i].call('CLUSTER', 'SETSLOT', String(slot), 'NODE', IDS[dst]);
    await admin[3].call('CLUSTER', 'SETSLOT', String(slot), 'NODE', IDS[dst]).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    writing = false;
    await writer;
    for (const a of admin) a.disconnect();
    assert.ok(moved >= 500);
    assert.ok(written > 0);
    assert.equal(await io.get('{mig}:ctr'), String(written));
    for (let i = 0; i < written; i++) assert.equal(await io.get(`{mig}:w${i}`), String(i));
    for (let i = 0; i < 400; i++) {
      assert.equal(await io.get(`{mig}:${i}`), `v${i}`);
      const ttl = await io.pttl(`{mig}:${i}`);
      assert.ok(ttl > 590000 && ttl <= 600000, `ttl ${ttl}`);
    }
    for (let i = 0; i < 100; i++) assert.deepEqual(await io.lrange(`{mig}:list${i}`, 0, -1), ['a', 'b', String(i)]);
    assert.equal(nodes[src].cluster.slotIndex!.count(slot), 0);
    assert.equal(nodes[dst].cluster.slotIndex!.count(slot), 500 + written + 1);
  } finally {
    io.disconnect();
    for (const [i, n] of nodes.entries()) n.cluster.setTopology({ ...topology, myself: IDS[i], migrating: {}, importing: {} });
  }
});

test('MIGRATE options and errors', async () => {
  const a = nodes[0];
  const { node: plain, port, close } = await startNode();
  try {
    const r = new Redis({ port: a.port });
    const key = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'].find((x) => ownerIndex(x) === 0)!;
    await r.set(key, 'x', 'EX', 100);
    await assert.rejects(r.call('MIGRATE', '127.0.0.1', String(port), key, '0', '1000', 'KEYS', key), /must be set to the empty string/);
    await assert.rejects(r.call('MIGRATE', '127.0.0.1', String(port), key, '0', '1000', 'AUTH'), /ERR syntax error/);
    await assert.rejects(r.call('MIGRATE', '127.0.0.1', String(port), key, 'x', '1000'), /ERR value is not an integer/);
    await assert.rejects(r.call('MIGRATE', '127.0.0.1', '1', key, '0', '1000'), /IOERR error or timeout writing to target instance/);
    // In cluster mode the target gets RESTORE-ASKING (any node accepts it); COPY keeps the key here.
    assert.equal(await r.call('MIGRATE', '127.0.0.1', String(port), key, '0', '1000', 'COPY'), 'OK');
    assert.equal(await r.get(key), 'x');
    assert.equal(plain.keyCount(), 1);
    assert.equal(
      await raw(a.port, ['MULTI'], ['MIGRATE', '127.0.0.1', String(port), key, '0', '1000', 'REPLACE'], ['EXEC']),
      '+OK\r\n+QUEUED\r\n*1\r\n-ERR MIGRATE is not supported inside MULTI/EXEC by this engine\r\n',
    );
    await r.del(key);
    r.disconnect();
  } finally {
    await close();
  }
});

test('MIGRATE between standalone nodes: COPY, REPLACE, AUTH, KEYS, TTL', async () => {
  const src = await startNode();
  const dst = new EngineNode({ config: { requirepass: 'pw' } });
  await dst.listen(0);
  try {
    await src.client.set('s', 'v', 'PX', 50000);
    await src.client.rpush('l', '1', '2');
    const dport = String(dst.port);
    await assert.rejects(src.client.call('MIGRATE', '127.0.0.1', dport, 's', '0', '1000'), /ERR Target instance replied with error: NOAUTH Authentication required./);
    assert.equal(await src.client.call('MIGRATE', '127.0.0.1', dport, 's', '0', '1000', 'COPY', 'AUTH', 'pw'), 'OK');
    assert.equal(await src.client.get('s'), 'v');
    await assert.rejects(src.client.call('MIGRATE', '127.0.0.1', dport, 's', '0', '1000', 'AUTH', 'pw'), /ERR Target instance replied with error: BUSYKEY Target key name already exists./);
    assert.equal(await src.client.call('MIGRATE', '127.0.0.1', dport, '', '3', '1000', 'REPLACE', 'AUTH2', 'default', 'pw', 'KEYS', 's', 'l', 'nope'), 'OK');
    assert.equal(await src.client.exists('s', 'l'), 0);
    const d = new Redis({ port: dst.port, password: 'pw', db: 3 });
    assert.equal(await d.get('s'), 'v');
    const ttl = await d.pttl('s');
    assert.ok(ttl > 40000 && ttl <= 50000);
    assert.deepEqual(await d.lrange('l', 0, -1), ['1', '2']);
    d.disconnect();
    assert.equal(await src.client.call('MIGRATE', '127.0.0.1', dport, '', '0', '1000', 'KEYS', 'nope'), 'NOKEY');
  } finally {
    await src.close();
    await dst.close();
  }
});

/** A real 3-node redis-server cluster, started without blocking the event loop. */
async function startRedisCluster(ports: number[]): Promise<{ procs: ChildProcess[]; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ec-cluster-'));
  const procs = ports.map((p) =>
    spawn('redis-server', ['--port', String(p), '--save', '', '--appendonly', 'no', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${p}.conf`), '--dir', dir], { stdio: 'ignore' }),
  );
  const run = promisify(execFile);
  for (let i = 0; i < 50; i++) {
    try {
      await Promise.all(ports.map((p) => run('redis-cli', ['-p', String(p), 'ping'])));
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-yes']);
  for (let i = 0; i < 100; i++) {
    const { stdout } = await run('redis-cli', ['-p', String(ports[0]), 'cluster', 'info']);
    if (stdout.includes('cluster_state:ok')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { procs, dir };
}

test('KEYSLOT, COUNTKEYSINSLOT and MOVED/CROSSSLOT texts match a real redis-server cluster', { skip: !existsSync('/usr/bin/redis-server') }, async () => {
  const ports = [7394, 7395, 7396];
  const { procs, dir } = await startRedisCluster(ports);
  try {
    const real = ports.map((p) => new Redis({ port: p }));
    const ours = nodes.slice(0, 3).map((n) => new Redis({ port: n.port }));
    const keys = ['foo', 'bar', '{user1000}.following', 'a{}b', '{{x}}', 'x{y}z', '\u00ff\u00fe', '', '123456789', 'somekey'];
    for (const k of keys) assert.equal(await ours[1].call('CLUSTER', 'KEYSLOT', k), await real[1].call('CLUSTER', 'KEYSLOT', k), k);
    const norm = (s: string, ps: number[]) => s.replace(/127\.0\.0\.1:(\d+)/, (_, p) => `node${ps.indexOf(Number(p))}`);
    const ourPorts = nodes.map((n) => n.port);
    for (const cmd of [['SET', 'foo', '1'], ['GET', 'bar'], ['MSET', 'a', '1', 'b', '2'], ['SUNIONSTORE', 'x{1}', 'y{1}', 'z'], ['DEL', 'a', 'b']]) {
      for (let i = 0; i < 3; i++) {
        const a = await raw(ports[i], cmd);
        const b = await raw(ourPorts[i], cmd);
        assert.equal(norm(b, ourPorts), norm(a, ports), `${cmd.join(' ')} on node ${i}`);
      }
    }
    const slot = keyHashSlot('{s}');
    const owner = ownerIndex('{s}');
    for (let i = 0; i < 20; i++) {
      await real[owner].set(`{s}${i}`, '1');
      await ours[owner].set(`{s}${i}`, '1');
    }
    for (const args of [[String(slot)], ['16384'], ['-1'], ['x']]) {
      const a = await raw(ports[owner], ['CLUSTER', 'COUNTKEYSINSLOT', ...args]);
      assert.equal(await raw(ourPorts[owner], ['CLUSTER', 'COUNTKEYSINSLOT', ...args]), a);
    }
    await ours[owner].del(...Array.from({ length: 20 }, (_, i) => `{s}${i}`));
    for (const r of [...real, ...ours]) r.disconnect();
  } finally {
    for (const p of procs) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
