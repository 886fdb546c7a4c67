// Replication between in-process nodes over real TCP: full sync, the command stream, READONLY,
// INFO/ROLE, WAIT, injected lag, promotion and re-pointing, PSYNC continuation, primary restart.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { EngineNode, type EngineNodeOptions } from '../engine-node.ts';
import { rawExchange, resp } from '../../test/helpers/engine-node.ts';
import { ReplBacklog } from './backlog.ts';
import { encodeCommand, LinkReader, type StreamCommand } from './stream-parser.ts';

interface TestNode {
  node: EngineNode;
  port: number;
  client: Redis;
}

const opened: TestNode[] = [];

async function start(options: EngineNodeOptions = {}, port = 0): Promise<TestNode> {
  const node = new EngineNode({ ...options, config: { 'enable-debug-command': 'yes', ...options.config } });
  const bound = await node.listen(port);
  const password = options.config?.requirepass;
  const client = new Redis({ port: bound, host: '127.0.0.1', password, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  await client.connect();
  const t = { node, port: bound, client };
  opened.push(t);
  return t;
}

async function stop(t: TestNode): Promise<void> {
  t.client.disconnect();
  await t.node.close();
}

after(async () => {
  for (const t of opened) await stop(t);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(10);
  }
  assert.fail(`timed out waiting for ${what}`);
}

function follow(replica: TestNode, primary: TestNode): void {
  replica.node.setReplicaOf({ host: '127.0.0.1', port: primary.port });
}

const linkUp = (t: TestNode) => t.node.replication.linkUp;

/** Waits until the replica has applied everything the primary produced so far. */
async function inSync(replica: TestNode, primary: TestNode): Promise<void> {
  await until('replica in sync', () => linkUp(replica) && replica.node.replication.offset === primary.node.replication.offset);
}

async function digest(t: TestNode): Promise<string> {
  return (await t.client.call('DEBUG', 'DIGEST')) as string;
}

function info(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

describe('backlog and stream parsing', () => {
  test('the backlog keeps the newest bytes across wrap-around and resizes', () => {
    const b = new ReplBacklog(16384, 1);
    const chunk = 'x'.repeat(10000);
    b.append(chunk);
    b.append('y'.repeat(10000));
    assert.equal(b.histlen, 16384);
    assert.equal(b.firstByteOffset, 20001 - 16384);
    assert.equal(b.covers(20001 - 16384), true);
    assert.equal(b.covers(20001 - 16385), false);
    assert.equal(b.covers(20001), true);
    assert.equal(b.covers(20002), false);
    assert.equal(b.readFrom(19999).toString('latin1'), 'yy');
    assert.equal(b.readFrom(20001).length, 0);
    const all = b.readFrom(b.firstByteOffset).toString('latin1');
    assert.equal(all, 'x'.repeat(6384) + 'y'.repeat(10000));
    b.append('z'.repeat(40000));
    assert.equal(b.readFrom(60001 - 3).toString('latin1'), 'zzz');
    assert.equal(b.firstByteOffset, 60001 - 16384);
    b.resize(20000);
    assert.equal(b.size, 20000);
    assert.equal(b.histlen, 16384);
    b.append('abc');
    assert.equal(b.readFrom(60000).toString('latin1'), 'zabc');
    b.resize(1);
    assert.equal(b.size, 16384);
    assert.equal(b.readFrom(60004 - 16384).length, 16384);
  });

  test('the link reader gives each command with its raw bytes, across chunk boundaries', () => {
    const r = new LinkReader();
    const big = 'v'.repeat(100000);
    const stream = encodeCommand(['SET', 'k', big]) + encodeCommand(['PING']) + '\n' + encodeCommand(['SELECT', '1']);
    const bytes = Buffer.from(stream, 'latin1');
    const out: StreamCommand[] = [];
    for (let i = 0; i < bytes.length; i += 7000) {
      r.push(bytes.subarray(i, i + 7000));
      r.commands(out);
    }
    assert.deepEqual(
      out.map((c) => c.argv),
      [['SET', 'k', big], ['PING'], [], ['SELECT', '1']],
    );
    assert.equal(out.map((c) => c.raw).join(''), stream);
  });
});

describe('two nodes', () => {
  test('full sync of every type, TTLs and several databases, then the command stream', async () => {
    const p = await start();
    const r = await start();
    const c = p.client;
    await c.set('str', 'hello');
    await c.set('ttl', 'soon', 'PX', 100000);
    await c.set('int', '12345');
    await c.rpush('list', 'a', 'b', 'c');
    await c.hset('hash', 'f1', 'v1', 'f2', 'v2');
    await c.sadd('set', 'x', 'y', 'z');
    await c.sadd('intset', '1', '2', '3');
    await c.zadd('zset', 1, 'one', 2.5, 'two');
    await c.set('bin', Buffer.from([0, 255, 13, 10]));
    await c.call('SELECT', '7');
    await c.set('in7', 'seven');
    follow(r, p);
    await inSync(r, p);
    assert.equal(await digest(r), await digest(p));
    const rc = r.client;
    assert.equal(await rc.get('str'), 'hello');
    const pttl = await rc.pttl('ttl');
    assert.ok(pttl > 90000 && pttl <= 100000, `pttl ${pttl}`);
    assert.deepEqual(await rc.lrange('list', 0, -1), ['a', 'b', 'c']);
    assert.deepEqual(await rc.hgetall('hash'), { f1: 'v1', f2: 'v2' });
    assert.deepEqual((await rc.smembers('set')).sort(), ['x', 'y', 'z']);
    assert.deepEqual(await rc.zrange('zset', 0, -1, 'WITHSCORES'), ['one', '1', 'two', '2.5']);
    assert.deepEqual(await rc.getBuffer('bin'), Buffer.from([0, 255, 13, 10]));
    await rc.call('SELECT', '7');
    assert.equal(await rc.get('in7'), 'seven');

    // The stream: writes in db 7, SELECT switches, a transaction, FLUSHALL.
    await c.set('after', '1');
    await c.call('SELECT', '2');
    await c.lpush('l2', 'q');
    await c.multi().incr('counter').incr('counter').hset('h2', 'a', 'b').exec();
    await inSync(r, p);
    assert.equal(await rc.get('after'), '1');
    await rc.call('SELECT', '2');
    assert.equal(await rc.get('counter'), '2');
    assert.deepEqual(await rc.hgetall('h2'), { a: 'b' });
    assert.deepEqual(await rc.lrange('l2', 0, -1), ['q']);
    assert.equal(await digest(r), await digest(p));
    await c.flushall();
    await inSync(r, p);
    assert.equal(r.node.keyCount(), 0);
    await stop(p);
    await stop(r);
  });

  test('the replica refuses writes, applies expiry as DEL from the primary and blocking pops served there', async () => {
    const p = await start();
    const r = await start();
    follow(r, p);
    await until('link up', () => linkUp(r));
    await assert.rejects(r.client.set('x', '1'), /^ReplyError: READONLY You can't write against a read only replica\.$/);

    // Expiry: the replica only hides the key; the primary's DEL removes it.
    p.node.activeExpire = false;
    await p.client.set('short', 'v', 'PX', 30);
    await inSync(r, p);
    await sleep(40);
    assert.equal(await r.client.get('short'), null);
    assert.equal(await r.client.exists('short'), 0);
    assert.equal(r.node.databases[0].data.has('short'), true);
    p.node.activeExpire = true;
    p.node.serverCron();
    await inSync(r, p);
    assert.equal(r.node.databases[0].data.has('short'), false);

    // A BLPOP served on the primary reaches the replica as a pop.
    const blocked = new Redis({ port: p.port, host: '127.0.0.1' });
    const popped = blocked.blpop('queue', 5);
    await until('client blocked', () => p.node.blocking.blocked.size === 1);
    await p.client.rpush('queue', 'job1', 'job2');
    assert.deepEqual(await popped, ['queue', 'job1']);
    await inSync(r, p);
    assert.deepEqual(await r.client.lrange('queue', 0, -1), ['job2']);
    blocked.disconnect();
    await stop(p);
    await stop(r);
  });

  test('INFO replication and ROLE on both sides', async () => {
    const p = await start();
    const r = await start();
    assert.deepEqual(await p.client.call('ROLE'), ['master', 0, []]);
    const before = info(await p.client.info('replication'));
    assert.equal(before.role, 'master');
    assert.equal(before.connected_slaves, '0');
    assert.equal(before.repl_backlog_active, '0');
    assert.equal(before.master_replid2, '0'.repeat(40));
    assert.equal(before.second_repl_offset, '-1');

    follow(r, p);
    await p.client.set('k', 'v');
    await inSync(r, p);
    // An ACK after the write: once a second, or at once for WAIT.
    assert.equal(await p.client.call('WAIT', '1', '2000'), 1);
    const offset = p.node.replication.offset;
    const pi = info(await p.client.info('replication'));
    assert.equal(pi.role, 'master');
    assert.equal(pi.connected_slaves, '1');
    assert.match(pi.slave0, new RegExp(`^ip=127\\.0\\.0\\.1,port=${r.port},state=online,offset=\\d+,lag=0$`));
    assert.equal(pi.master_repl_offset, String(offset));
    assert.equal(pi.repl_backlog_active, '1');
    assert.equal(pi.repl_backlog_first_byte_offset, '1');
    assert.equal(pi.repl_backlog_histlen, String(offset));
    assert.equal(pi.master_failover_state, 'no-failover');
    const ri = info(await r.client.info('replication'));
    assert.equal(ri.role, 'slave');
    assert.equal(ri.master_host, '127.0.0.1');
    assert.equal(ri.master_port, String(p.port));
    assert.equal(ri.master_link_status, 'up');
    assert.equal(ri.master_last_io_seconds_ago, '0');
    assert.equal(ri.master_sync_in_progress, '0');
    assert.equal(ri.slave_repl_offset, String(offset));
    assert.equal(ri.slave_read_repl_offset, String(offset));
    assert.equal(ri.master_replid, pi.master_replid);
    assert.equal(ri.slave_priority, '100');
    assert.equal(ri.slave_read_only, '1');
    assert.equal(ri.replica_announced, '1');
    assert.equal(ri.connected_slaves, '0');
    assert.deepEqual(await r.client.call('ROLE'), ['slave', '127.0.0.1', p.port, 'connected', offset]);
    const role = (await p.client.call('ROLE')) as [string, number, string[][]];
    assert.equal(role[0], 'master');
    assert.equal(role[1], offset);
    assert.deepEqual(role[2].map((x) => x.slice(0, 2)), [['127.0.0.1', String(r.port)]]);
    assert.ok(Number(role[2][0][2]) >= offset - 37);
    const stats = info(await p.client.info('stats'));
    assert.equal(stats.sync_full, '1');
    assert.equal(info(await p.client.info('clients')).connected_clients, '1');

    // A replica whose primary is gone reports the link down.
    await stop(p);
    await until('link down', () => !linkUp(r));
    const down = info(await r.client.info('replication'));
    assert.equal(down.master_link_status, 'down');
    assert.equal(down.master_last_io_seconds_ago, '-1');
    assert.equal(down.master_link_down_since_seconds, '0');
    const role2 = (await r.client.call('ROLE')) as unknown[];
    assert.deepEqual(role2.slice(0, 3), ['slave', '127.0.0.1', p.port]);
    assert.ok(['connect', 'connecting'].includes(role2[3] as string));
    assert.equal(role2[4], -1);
    await stop(r);
  });

  test('injected replication delay shows a stale read, then the new value', async () => {
    const p = await start();
    const r = await start();
    follow(r, p);
    await p.client.set('k', 'old');
    await inSync(r, p);
    r.node.setReplicationDelay(300);
    const t0 = Date.now();
    await p.client.set('k', 'new');
    await p.client.set('k2', 'second');
    assert.equal(await r.client.get('k'), 'old');
    await sleep(100);
    assert.equal(await r.client.get('k'), 'old');
    const ri = info(await r.client.info('replication'));
    assert.ok(Number(ri.slave_read_repl_offset) > Number(ri.slave_repl_offset), 'read ahead of applied');
    // WAIT sees the lag: the replica's ACK comes only once the writes are applied.
    assert.equal(await p.client.call('WAIT', '1', '50'), 0);
    await until('new value', async () => (await r.client.get('k')) === 'new');
    assert.ok(Date.now() - t0 >= 290, 'applied after the delay');
    assert.equal(await r.client.get('k2'), 'second');
    r.node.setReplicationDelay(0);
    await p.client.set('k', 'now');
    await inSync(r, p);
    assert.equal(await r.client.get('k'), 'now');
    await stop(p);
    await stop(r);
  });

  test('a replica continues (PSYNC) after a short disconnection, from the backlog', async () => {
    const p = await start();
    const r = await start();
    follow(r, p);
    await p.client.set('a', '1');
    await inSync(r, p);
    const [replicaClient] = p.node.replication.primarySide.replicas.keys();
    p.node.disconnect(replicaClient);
    // Written while the replica is away: it gets them from the backlog when it comes back.
    await p.client.set('b', '2');
    await p.client.multi().set('c', '3').set('d', '4').exec();
    await inSync(r, p);
    assert.deepEqual(await r.client.mget('a', 'b', 'c', 'd'), ['1', '2', '3', '4']);
    const stats = info(await p.client.info('stats'));
    assert.equal(stats.sync_full, '1');
    assert.equal(stats.sync_partial_ok, '1');
    await stop(p);
    await stop(r);
  });

  test('a replica re-syncs in full after its primary restarts with other data', async () => {
    const p = await start();
    const r = await start();
    follow(r, p);
    await p.client.set('before', 'restart');
    await inSync(r, p);
    const port = p.port;
    await stop(p);
    await until('link down', () => !linkUp(r));
    const p2 = await start({}, port);
    await p2.client.set('after', 'restart');
    await until('resynced', async () => linkUp(r) && (await r.client.get('after')) === 'restart');
    assert.equal(await r.client.get('before'), null);
    assert.equal(r.node.replication.replid, p2.node.replication.replid);
    assert.equal(info(await p2.client.info('stats')).sync_partial_err, '1');
    await stop(p2);
    await stop(r);
  });

  test('WAIT and replication commands: errors and edge cases', async () => {
    const p = await start();
    const r = await start();
    assert.equal(await p.client.call('WAIT', '0', '0'), 0);
    const t0 = Date.now();
    assert.equal(await p.client.call('WAIT', '1', '60'), 0);
    assert.ok(Date.now() - t0 >= 55);
    await assert.rejects(p.client.call('WAIT', 'x', '0'), /^ReplyError: ERR value is not an integer or out of range$/);
    await assert.rejects(p.client.call('WAIT', '1', '1.5'), /^ReplyError: ERR timeout is not an integer or out of range$/);
    await assert.rejects(p.client.call('WAIT', '1', '-1'), /^ReplyError: ERR timeout is negative$/);
    await assert.rejects(p.client.call('REPLICAOF', '127.0.0.1', '70000'), /^ReplyError: ERR Invalid master port$/);
    await assert.rejects(p.client.call('REPLICAOF', 'no', 'two'), /^ReplyError: ERR Invalid master port$/);
    await assert.rejects(p.client.call('SLAVEOF', 'a'), /^ReplyError: ERR wrong number of arguments for 'slaveof' command$/);
    assert.equal(await p.client.call('REPLICAOF', 'NO', 'ONE'), 'OK');
    await assert.rejects(p.client.call('REPLCONF', 'listening-port'), /^ReplyError: ERR syntax error$/);
    await assert.rejects(p.client.call('REPLCONF', 'foo', 'bar'), /^ReplyError: ERR Unrecognized REPLCONF option: foo$/);
    await assert.rejects(p.client.call('REPLCONF', 'rdb-only', '2'), /^ReplyError: ERR value is out of range, value must between 0 and 1$/);
    await assert.rejects(p.client.call('REPLCONF', 'rdb-filter-only', 'keys'), /^ReplyError: ERR Unsupported rdb-filter-only option: keys$/);
    assert.equal(await p.client.call('REPLCONF', 'listening-port', '1', 'capa', 'eof', 'capa', 'psync2', 'ip-address', '10.0.0.1'), 'OK');
    assert.equal(await p.client.call('REPLCONF'), 'OK');
    await assert.rejects(p.client.call('PSYNC', '?', 'x'), /^ReplyError: ERR value is not an integer or out of range$/);
    // REPLCONF ACK from a client that is not a replica gets no reply at all.
    assert.deepEqual(await rawExchange(p.port, resp('REPLCONF', 'ACK', '10') + resp('PING')), { data: '+PONG\r\n', closed: false });

    await r.client.call('REPLICAOF', '127.0.0.1', String(p.port));
    assert.equal(await r.client.call('REPLICAOF', '127.0.0.1', String(p.port)), 'OK Already connected to specified master');
    await assert.rejects(
      r.client.call('WAIT', '1', '0'),
      /^ReplyError: ERR WAIT cannot be used with replica instances\. Please also note that since Redis 4\.0 if a replica is configured to be writable \(which is not the default\) writes to replicas are just local and are not propagated\.$/,
    );
    await until('link up', () => linkUp(r));
    // WAIT inside MULTI answers at once.
    assert.deepEqual(await p.client.multi().set('m', '1').call('WAIT', '5', '0').exec(), [
      [null, 'OK'],
      [null, 1],
    ]);
    // A blocked client is told when its node becomes a replica, and closed.
    const blocked = new Redis({ port: p.port, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
    const pop = blocked.blpop('nothing', 0).catch((e: Error) => e.message);
    await until('client blocked', () => p.node.blocking.blocked.size === 1);
    const other = await start();
    p.node.setReplicaOf({ host: '127.0.0.1', port: other.port });
    assert.equal(await pop, 'UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)');
    blocked.disconnect();
    await stop(other);
    await stop(p);
    await stop(r);
  });

  test('a primary whose SYNC and PSYNC are restricted still serves replicas of this process', async () => {
    const restrictedCommands = ['psync', 'sync', 'replicaof', 'slaveof'];
    const p = await start({ restrictedCommands });
    const r = await start({ restrictedCommands });
    await p.client.set('k', 'v');
    follow(r, p);
    await inSync(r, p);
    assert.equal(await r.client.get('k'), 'v');
    const outsider = await rawExchange(p.port, resp('PSYNC', '?', '-1'));
    assert.equal(outsider.data, "-ERR unknown command 'PSYNC', with args beginning with: '?' '-1' \r\n");
    await stop(p);
    await stop(r);
  });
});

describe('authentication', () => {
  test('a replica authenticates with masterauth; without it the link stays down', async () => {
    const p = await start({ config: { requirepass: 'secret' } });
    await p.client.set('k', 'v');
    const wrong = await start();
    follow(wrong, p);
    await sleep(150);
    assert.equal(linkUp(wrong), false);
    assert.equal(info(await wrong.client.info('replication')).master_link_status, 'down');
    const r = await start({ config: { masterauth: 'secret' } });
    follow(r, p);
    await inSync(r, p);
    assert.equal(await r.client.get('k'), 'v');
    await stop(wrong);
    await stop(r);
    await stop(p);
  });
});

describe('three nodes', () => {
  test('WAIT counts acknowledging replicas and times out with fewer', async () => {
    const p = await start();
    const r1 = await start();
    const r2 = await start();
    follow(r1, p);
    follow(r2, p);
    await until('both up', () => linkUp(r1) && linkUp(r2) && p.node.replication.primarySide.replicas.size === 2);
    await p.client.set('k', 'v');
    assert.equal(await p.client.call('WAIT', '2', '2000'), 2);
    let t0 = Date.now();
    assert.equal(await p.client.call('WAIT', '3', '100'), 2);
    assert.ok(Date.now() - t0 >= 95);
    r2.node.setReplicationDelay(400);
    await p.client.set('k', 'v2');
    t0 = Date.now();
    assert.equal(await p.client.call('WAIT', '2', '100'), 1);
    assert.equal(await p.client.call('WAIT', '2', '2000'), 2);
    assert.ok(Date.now() - t0 >= 300);
    await stop(p);
    await stop(r1);
    await stop(r2);
  });

  test('chained replication: a replica of a replica gets the same stream', async () => {
    const p = await start();
    const r1 = await start();
    const r2 = await start();
    await p.client.set('one', '1');
    follow(r1, p);
    await inSync(r1, p);
    follow(r2, r1);
    await inSync(r2, p);
    await p.client.hset('h', 'f', 'v');
    await inSync(r2, p);
    assert.deepEqual(await r2.client.hgetall('h'), { f: 'v' });
    assert.equal(await r2.client.get('one'), '1');
    assert.equal(r2.node.replication.replid, p.node.replication.replid);
    await stop(p);
    await stop(r1);
    await stop(r2);
  });

  test('promotion: the former replica takes writes, the others follow it with PSYNC', async () => {
    const a = await start();
    const b = await start();
    const c = await start();
    follow(b, a);
    follow(c, a);
    await a.client.set('k', 'from-a');
    await inSync(b, a);
    await inSync(c, a);
    const oldReplid = a.node.replication.replid;

    b.node.setReplicaOf(null);
    assert.equal(await b.client.call('ROLE').then((x) => (x as unknown[])[0]), 'master');
    const bi = info(await b.client.info('replication'));
    assert.equal(bi.master_replid2, oldReplid);
    assert.equal(bi.second_repl_offset, String(a.node.replication.offset + 1));
    assert.notEqual(bi.master_replid, oldReplid);
    assert.equal(await b.client.set('k', 'from-b'), 'OK');

    follow(c, b);
    a.node.setReplicaOf({ host: '127.0.0.1', port: b.port });
    await inSync(c, b);
    await inSync(a, b);
    assert.equal(await c.client.get('k'), 'from-b');
    assert.equal(await a.client.get('k'), 'from-b');
    const stats = info(await b.client.info('stats'));
    assert.equal(stats.sync_partial_ok, '2');
    assert.equal(stats.sync_full, '0');
    assert.equal(c.node.replication.replid, b.node.replication.replid);
    assert.equal(c.node.replication.replid2, oldReplid);
    await assert.rejects(a.client.set('x', '1'), /READONLY/);
    await b.client.rpush('list', 'x');
    await inSync(a, b);
    await inSync(c, b);
    assert.equal(await digest(a), await digest(b));
    assert.equal(await digest(c), await digest(b));
    assert.equal(info(await b.client.info('replication')).connected_slaves, '2');
    await stop(a);
    await stop(b);
    await stop(c);
  });

  test('demotion of a primary that wrote on its own does a full resync', async () => {
    const a = await start();
    const b = await start();
    await a.client.set('a-only', '1');
    await b.client.set('b-only', '2');
    follow(a, b);
    await inSync(a, b);
    assert.equal(await a.client.get('a-only'), null);
    assert.equal(await a.client.get('b-only'), '2');
    assert.equal(info(await b.client.info('stats')).sync_full, '1');
    await stop(a);
    await stop(b);
  });
});
