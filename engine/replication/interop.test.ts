// Replication with a real redis-server 7.0: our node as its replica (both RDB transfer forms),
// a real replica of our node (full sync, stream, WAIT, PSYNC continuation), and redis-cli --rdb.
// redis-server and redis-cli run as child processes, always asynchronously: the nodes they talk
// to live in this process.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { EngineNode } from '../engine-node.ts';
import { readRdb } from '../rdb/rdb-file.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'repl-interop-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function unavailable(): Promise<string | null> {
  try {
    const { stdout } = await run('redis-server', ['--version']);
    const v = /v=(\S+)/.exec(stdout)?.[1] ?? '';
    return v.startsWith('7.0.') ? null : `redis-server ${v} found, these tests target 7.0`;
  } catch {
    return 'redis-server not installed: apt-get install redis-server';
  }
}

const procs: ChildProcess[] = [];
const clients: Redis[] = [];
const nodes: EngineNode[] = [];

after(async () => {
  for (const c of clients) c.disconnect();
  for (const p of procs) p.kill('SIGKILL');
  await Promise.all(nodes.map((n) => n.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves once something accepts connections on the port. */
function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Starts a redis-server on `port` (7371-7379 are this suite's) and connects to it. */
async function redisServer(port: number, args: string[] = []): Promise<Redis> {
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', `dump-${port}.rdb`, ...args], {
    stdio: 'ignore',
  });
  procs.push(proc);
  await until(`redis-server on ${port}`, () => accepting(port));
  const client = new Redis({ port, host: '127.0.0.1' });
  clients.push(client);
  return client;
}

async function engine(): Promise<{ node: EngineNode; port: number; client: Redis }> {
  const node = new EngineNode();
  const port = await node.listen(0);
  nodes.push(node);
  const client = new Redis({ port, host: '127.0.0.1' });
  clients.push(client);
  return { node, port, client };
}

async function until(what: string, cond: () => Promise<boolean> | boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(20);
  }
  assert.fail(`timed out waiting for ${what}`);
}

async function fill(c: Redis): Promise<void> {
  await c.set('str', 'value');
  await c.set('ttl', 'x', 'EX', 1000);
  await c.rpush('list', 'a', 'b', 'c');
  await c.hset('hash', 'f', 'v', 'g', 'w');
  await c.sadd('set', 'm1', 'm2');
  await c.zadd('zset', 1.5, 'a', 2, 'b');
  await c.select(4);
  await c.set('db4', 'four');
  await c.select(0);
}

async function checkFilled(c: Redis): Promise<void> {
  assert.equal(await c.get('str'), 'value');
  const ttl = await c.ttl('ttl');
  assert.ok(ttl > 990 && ttl <= 1000, `ttl ${ttl}`);
  assert.deepEqual(await c.lrange('list', 0, -1), ['a', 'b', 'c']);
  assert.deepEqual(await c.hgetall('hash'), { f: 'v', g: 'w' });
  assert.deepEqual((await c.smembers('set')).sort(), ['m1', 'm2']);
  assert.deepEqual(await c.zrange('zset', 0, -1, 'WITHSCORES'), ['a', '1.5', 'b', '2']);
  await c.select(4);
  assert.equal(await c.get('db4'), 'four');
  await c.select(0);
}

const reason = await unavailable();

describe('replication with redis-server 7.0', { skip: reason ?? false }, () => {
  const forms: Array<[string, number, string[]]> = [
    ['diskless ($EOF: marker)', 7371, ['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0']],
    ['from disk ($<length>)', 7372, ['--repl-diskless-sync', 'no']],
  ];
  for (const [form, port, args] of forms) {
    test(`our node replicates a real primary, RDB sent ${form}`, async () => {
      const real = await redisServer(port, args);
      await fill(real);
      const ours = await engine();
      ours.node.setReplicaOf({ host: '127.0.0.1', port });
      await until('data on our replica', async () => (await ours.client.get('str')) === 'value');
      await checkFilled(ours.client);
      await real.select(4);
      await real.multi().incr('n').lpush('l', 'x').exec();
      await real.select(0);
      await real.set('later', 'yes');
      assert.equal(await real.wait(1, 5000), 1);
      await until('stream applied', async () => (await ours.client.get('later')) === 'yes');
      await ours.client.select(4);
      assert.equal(await ours.client.get('n'), '1');
      assert.deepEqual(await ours.client.lrange('l', 0, -1), ['x']);
      await ours.client.select(0);
      const offset = Number(/master_repl_offset:(\d+)/.exec(await real.info('replication'))![1]);
      assert.deepEqual(await ours.client.call('ROLE'), ['slave', '127.0.0.1', port, 'connected', offset]);
      const role = (await real.call('ROLE')) as [string, number, string[][]];
      assert.equal(role[2].length, 1);
      assert.equal(role[2][0][1], String(ours.port));
      await assert.rejects(ours.client.set('x', '1'), /READONLY/);
      ours.node.setReplicaOf(null);
      assert.equal(await ours.client.set('x', '1'), 'OK');
    });
  }

  test('a real redis-server replicates our node: full sync, stream, WAIT, PSYNC continuation', async () => {
    const ours = await engine();
    await fill(ours.client);
    const port = 7373;
    const real = await redisServer(port, ['--replicaof', '127.0.0.1', String(ours.port)]);
    await until('data on the real replica', async () => (await real.get('str')) === 'value');
    await checkFilled(real);
    await ours.client.select(4);
    await ours.client.multi().incr('n').sadd('s2', 'q').exec();
    await ours.client.select(0);
    await ours.client.set('later', 'yes');
    assert.equal(await ours.client.call('WAIT', '1', '5000'), 1);
    assert.equal(await real.get('later'), 'yes');
    await real.select(4);
    assert.equal(await real.get('n'), '1');
    assert.deepEqual(await real.smembers('s2'), ['q']);
    await real.select(0);
    const offset = ours.node.replication.offset;
    assert.deepEqual(await real.call('ROLE'), ['slave', '127.0.0.1', ours.port, 'connected', offset]);
    assert.match(await ours.client.info('replication'), new RegExp(`slave0:ip=127\\.0\\.0\\.1,port=${port},state=online`));

    // Drop the link: the real replica comes back with PSYNC and gets what it missed.
    const [link] = ours.node.replication.primarySide.replicas.keys();
    ours.node.disconnect(link);
    await ours.client.set('missed', 'while-down');
    await until('continued', async () => (await real.get('missed')) === 'while-down');
    const stats = await ours.client.info('stats');
    assert.match(stats, /sync_full:1\r\n/);
    assert.match(stats, /sync_partial_ok:1\r\n/);
  });

  test('redis-cli --rdb and --functions-rdb read snapshots from our node', async () => {
    const ours = await engine();
    await fill(ours.client);
    const file = join(dir, 'cli.rdb');
    await run('redis-cli', ['-p', String(ours.port), '--rdb', file]);
    const rdb = readRdb(readFileSync(file));
    assert.deepEqual(
      rdb.databases.map((d) => [d.id, d.entries.length]),
      [
        [0, 6],
        [4, 1],
      ],
    );
    const functions = join(dir, 'functions.rdb');
    await run('redis-cli', ['-p', String(ours.port), '--functions-rdb', functions]);
    assert.deepEqual(readRdb(readFileSync(functions)).databases, []);
    // Neither stays attached as a replica.
    await until('snapshot clients gone', () => ours.node.replication.primarySide.replicas.size === 0 && ours.node.clients.size === 1);
  });
});
