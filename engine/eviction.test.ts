import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startNode } from '../test/helpers/engine-node.ts';
import { ManualClock } from './clock.ts';
import type { EngineNode } from './engine-node.ts';
import { ENTRY_OVERHEAD, type Database } from './keyspace.ts';
import { HashValue } from './types/hash.ts';
import { ListValue } from './types/list.ts';
import { SetValue } from './types/set.ts';
import { ZSetValue } from './types/zset.ts';

/** The dataset's size walked key by key, with each type's size computed from its elements. */
function recount(db: Database): number {
  let bytes = 0;
  for (const [key, v] of db.data) {
    bytes += ENTRY_OVERHEAD + key.length;
    if (typeof v === 'string') bytes += v.length;
    else if (v instanceof ListValue) for (let i = 0; i < v.length; i++) bytes += 16 + v.at(i).length;
    else if (v instanceof HashValue) for (const [f, x] of v.entries()) bytes += 32 + f.length + x.length;
    else if (v instanceof SetValue) for (const m of v.members()) bytes += 24 + m.length;
    else if (v instanceof ZSetValue) for (const m of v.nodes.keys()) bytes += 96 + m.length;
    else throw new Error(`unexpected value ${v.kind}`);
  }
  return bytes;
}

function assertCounted(node: EngineNode, context: string): void {
  for (const db of node.databases) assert.equal(db.memoryEstimate(), recount(db), `db ${db.id} after ${context}`);
}

const info = async (client: Redis, field: string): Promise<string> => {
  const text = (await client.info()) as string;
  const m = new RegExp(`^${field}:(.*)$`, 'm').exec(text);
  assert.ok(m, `INFO has ${field}`);
  return m[1].trim();
};

test('the dataset size is kept incrementally and matches a walk of every key after every kind of write', async () => {
  const { node, client, close } = await startNode();
  try {
    const rnd = (n: number) => Math.floor(Math.random() * n);
    const word = () => 'x'.repeat(1 + rnd(90));
    const writes: Array<() => Promise<unknown>> = [
      () => client.set(`s${rnd(20)}`, word()),
      () => client.append(`s${rnd(20)}`, word()),
      () => client.setrange(`s${rnd(20)}`, rnd(50), word()),
      () => client.del(`s${rnd(20)}`, `l${rnd(5)}`),
      () => client.lpush(`l${rnd(5)}`, word(), word()),
      () => client.rpush(`l${rnd(5)}`, word()),
      () => client.lpop(`l${rnd(5)}`),
      () => client.rpop(`l${rnd(5)}`, 2),
      () => client.lset(`l${rnd(5)}`, 0, word()),
      () => client.linsert(`l${rnd(5)}`, 'BEFORE', 'x', word()),
      () => client.ltrim(`l${rnd(5)}`, 1, -2),
      () => client.lrem(`l${rnd(5)}`, 0, 'x'),
      () => client.lmove(`l${rnd(5)}`, `l${rnd(5)}`, 'LEFT', 'RIGHT'),
      () => client.hset(`h${rnd(5)}`, `f${rnd(30)}`, word()),
      () => client.hset(`h${rnd(5)}`, `f${rnd(30)}`, 'y'.repeat(100)),
      () => client.hdel(`h${rnd(5)}`, `f${rnd(30)}`),
      () => client.hincrby(`h${rnd(5)}`, `n${rnd(3)}`, 7),
      () => client.sadd(`t${rnd(5)}`, `${rnd(1000)}`, word()),
      () => client.srem(`t${rnd(5)}`, `${rnd(1000)}`),
      () => client.spop(`t${rnd(5)}`),
      () => client.smove(`t${rnd(5)}`, `t${rnd(5)}`, `${rnd(1000)}`),
      () => client.sunionstore(`t${rnd(5)}`, `t${rnd(5)}`, `t${rnd(5)}`),
      () => client.zadd(`z${rnd(5)}`, rnd(100), word()),
      () => client.zincrby(`z${rnd(5)}`, 1, word()),
      () => client.zrem(`z${rnd(5)}`, word()),
      () => client.zpopmin(`z${rnd(5)}`),
      () => client.zunionstore(`z${rnd(5)}`, 2, `z${rnd(5)}`, `z${rnd(5)}`),
      () => client.rename(`s${rnd(20)}`, `h${rnd(5)}`),
      () => client.copy(`l${rnd(5)}`, `c${rnd(5)}`, 'REPLACE'),
      () => client.move(`z${rnd(5)}`, 1),
      () => client.pexpire(`s${rnd(20)}`, 1),
      () => client.getdel(`s${rnd(20)}`),
      () => client.setbit(`b${rnd(3)}`, rnd(4000), 1),
      () => client.pfadd(`p${rnd(3)}`, word()),
      () => client.incrbyfloat(`n${rnd(3)}`, 1.5),
    ];
    for (let round = 0; round < 1500; round++) {
      // Some draws hit a key of another type (WRONGTYPE) or a missing one: replies, not accounting.
      await writes[rnd(writes.length)]().catch((e: Error) => assert.equal(e.name, 'ReplyError'));
      if (round % 50 === 0) assertCounted(node, `round ${round}`);
    }
    // Lazy expiry of the keys given 1 ms above, then the whole-database writes.
    await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 20; i++) await client.get(`s${i}`);
    assertCounted(node, 'expiry');
    const dump = await client.dumpBuffer('l0');
    if (dump) await client.restore('restored', 0, dump, 'REPLACE');
    await client.swapdb(0, 1);
    assertCounted(node, 'SWAPDB');
    await client.flushdb();
    assertCounted(node, 'FLUSHDB');
    assert.equal(node.databases[0].memoryEstimate(), 0);
  } finally {
    await close();
  }
});

test('allkeys-lru evicts the keys idle longest and keeps used memory under maxmemory', async () => {
  const clock = new ManualClock();
  const { node, client, close } = await startNode({ clock });
  try {
    for (let i = 0; i < 500; i++) await client.set(`cold:${i}`, 'v'.repeat(100));
    clock.advance(100_000);
    for (let i = 0; i < 100; i++) await client.set(`hot:${i}`, 'v'.repeat(100));
    const used = Number(await info(client, 'used_memory'));
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await client.config('SET', 'maxmemory-samples', '10');
    await client.config('SET', 'maxmemory', String(used));
    assert.equal(await info(client, 'maxmemory_policy'), 'allkeys-lru');
    // Every new key pushes older ones out, the cold ones first. Eviction runs before a command,
    // so a command may leave the node over maxmemory by what it added, until the next one.
    const entry = 64 + 'new:000'.length + 100;
    for (let i = 0; i < 200; i++) {
      await client.set(`new:${i}`, 'v'.repeat(100));
      assert.ok(node.usedMemory() <= used + entry, 'at most one command over maxmemory');
    }
    const evicted = Number(await info(client, 'evicted_keys'));
    assert.ok(evicted >= 190 && evicted <= 210, `evicted ${evicted}`);
    let hot = 0;
    for (let i = 0; i < 100; i++) hot += await client.exists(`hot:${i}`);
    assert.equal(hot, 100, 'no recently used key went while idle ones remained');
    assertCounted(node, 'evictions');
  } finally {
    await close();
  }
});

test('volatile policies evict only keys with a TTL; past that, denyoom commands get OOM and reads still run', async () => {
  const { node, client, close } = await startNode();
  try {
    for (let i = 0; i < 50; i++) await client.set(`keep:${i}`, 'v'.repeat(100));
    for (let i = 0; i < 20; i++) await client.set(`vol:${i}`, 'v'.repeat(100), 'EX', 1000 + i);
    await client.config('SET', 'maxmemory-policy', 'volatile-ttl');
    await client.config('SET', 'maxmemory', String(node.usedMemory() + 500));
    // Each 1 KB value frees room by evicting the volatile keys nearest their expiry first.
    await client.set('big:0', 'x'.repeat(1000));
    const left = [];
    for (let i = 0; i < 20; i++) if (await client.exists(`vol:${i}`)) left.push(i);
    assert.ok(left.length < 20 && left.length > 0, `some volatile keys left: ${left.length}`);
    assert.deepEqual(left, Array.from({ length: left.length }, (_, k) => 20 - left.length + k), 'the soonest to expire went first');
    for (let i = 1; i < 10; i++) await client.set(`big:${i}`, 'x'.repeat(1000)).catch(() => undefined);
    assert.equal(await client.exists(...Array.from({ length: 20 }, (_, i) => `vol:${i}`)), 0);
    assert.equal(await client.dbsize(), 50 + Number(await client.exists(...Array.from({ length: 10 }, (_, i) => `big:${i}`))));
    await assert.rejects(client.set('more', 'x'), /^ReplyError: OOM command not allowed when used memory > 'maxmemory'\.$/);
    await assert.rejects(client.lpush('list', 'x'), /OOM command not allowed/);
    assert.equal(await client.get('keep:0'), 'v'.repeat(100), 'reads still run');
    assert.equal(await client.del('keep:0'), 1, 'DEL is not denyoom');
    assert.ok(Number(await info(client, 'total_eviction_exceeded_time')) >= 0);
    const errorstats = (await client.info('errorstats')) as string;
    assert.match(errorstats, /errorstat_OOM:count=\d+/);
  } finally {
    await close();
  }
});

test('noeviction: writes that may grow are refused, MULTI stops queuing and EXEC aborts; lifting maxmemory ends it', async () => {
  const { node, client, close } = await startNode();
  try {
    for (let i = 0; i < 20; i++) await client.set(`k:${i}`, 'v'.repeat(100));
    await client.config('SET', 'maxmemory-policy', 'noeviction');
    await client.config('SET', 'maxmemory', String(node.usedMemory() - 1));
    await assert.rejects(client.set('x', '1'), /OOM command not allowed/);
    assert.equal(await client.dbsize(), 20, 'noeviction deletes nothing');
    assert.equal(await client.incr('k:0').catch((e: Error) => e.message), "OOM command not allowed when used memory > 'maxmemory'.");
    const tx = await client.multi().get('k:1').exec().catch((e: Error) => e);
    assert.ok(tx instanceof Error && /EXECABORT/.test(tx.message), 'a command queued while over maxmemory aborts the transaction');
    assert.equal(await client.config('SET', 'maxmemory', '0'), 'OK');
    assert.equal(await client.set('x', '1'), 'OK');
    assert.equal(Number(await info(client, 'evicted_keys')), 0);
  } finally {
    await close();
  }
});

test('an EXEC whose queue holds a denyoom command is refused once over maxmemory', async () => {
  const { node, port, close } = await startNode();
  const a = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
  await a.connect();
  try {
    await a.set('k', 'v'.repeat(200));
    await a.config('SET', 'maxmemory-policy', 'noeviction');
    assert.equal(await a.call('MULTI'), 'OK');
    assert.equal(await a.call('SET', 'k2', 'v'), 'QUEUED');
    assert.equal(await a.call('GET', 'k'), 'QUEUED');
    node.config.set('maxmemory', String(node.usedMemory() - 1));
    await assert.rejects(a.call('EXEC'), /EXECABORT Transaction discarded because of: OOM command not allowed/);
  } finally {
    a.disconnect();
    await close();
  }
});

test('allkeys-random and allkeys-lfu evict across databases; evictions are keyspace events and reach replicas as DEL', async () => {
  for (const policy of ['allkeys-random', 'allkeys-lfu', 'volatile-lru', 'volatile-lfu', 'volatile-random']) {
    const { node, port, client, close } = await startNode();
    const sub = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
    await sub.connect();
    try {
      await client.config('SET', 'maxmemory-policy', policy);
      await client.config('SET', 'notify-keyspace-events', 'Ee');
      const events: string[] = [];
      sub.on('message', (_channel: string, key: string) => events.push(key));
      await sub.subscribe('__keyevent@0__:evicted');
      const fed: string[][] = [];
      node.replicationFeed = (_db, argv) => fed.push(argv);
      for (let i = 0; i < 100; i++) await client.set(`k:${i}`, 'v'.repeat(100), 'EX', 10_000);
      await client.config('SET', 'maxmemory', String(node.usedMemory() - 1000));
      await client.set('trigger', '1');
      const evicted = Number(await info(client, 'evicted_keys'));
      assert.ok(evicted >= 5 && evicted <= 10, `${policy}: evicted ${evicted}`);
      assert.ok(node.usedMemory() <= Number(await client.config('GET', 'maxmemory').then((r) => (r as string[])[1])));
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(events.length, evicted, `${policy}: one evicted event per key`);
      const dels = fed.filter((argv) => argv[0] === 'DEL').map((argv) => argv[1]);
      assert.deepEqual(dels.sort(), [...events].sort(), `${policy}: replicas are sent the DELs`);
      assert.equal(await client.dbsize(), 101 - evicted);
    } finally {
      sub.disconnect();
      await close();
    }
  }
});

test('a lower maxmemory is enforced from the event loop, without waiting for a command', async () => {
  const { node, client, close } = await startNode();
  try {
    for (let i = 0; i < 200; i++) await client.set(`k:${i}`, 'v'.repeat(100));
    node.config.set('maxmemory-policy', 'allkeys-random');
    node.config.set('maxmemory', String(node.usedMemory() - 5000));
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(node.usedMemory() <= node.config.int('maxmemory'));
    assert.ok(node.stats.evictedKeys > 0);
  } finally {
    await close();
  }
});

test('a tracking client hears of a key evicted before the reply of the command that evicted it (RESP3)', async () => {
  const { node, port, close } = await startNode();
  const { connect } = await import('node:net');
  const sock = connect(port, '127.0.0.1');
  let data = '';
  sock.on('data', (d) => (data += d.toString('latin1')));
  const send = async (...argv: string[]) => {
    sock.write(`*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    await new Promise((r) => setTimeout(r, 30));
  };
  try {
    await send('HELLO', '3');
    await send('CLIENT', 'TRACKING', 'on');
    await send('CONFIG', 'SET', 'maxmemory', String(node.usedMemory() + 100 * 1024));
    await send('CONFIG', 'SET', 'maxmemory-policy', 'volatile-random');
    await send('SETEX', 'volatile-key', '10000', 'x');
    await send('GET', 'volatile-key');
    await send('SETBIT', 'big-key', '1600000', '0');
    data = '';
    await send('GETBIT', 'big-key', '0');
    assert.equal(data, '>2\r\n$10\r\ninvalidate\r\n*1\r\n$12\r\nvolatile-key\r\n:0\r\n');
  } finally {
    sock.destroy();
    await close();
  }
});
