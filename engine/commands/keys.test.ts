import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { rawExchange, resp, startNode } from '../../test/helpers/engine-node.ts';
import { ManualClock } from '../clock.ts';
import type { EngineNode } from '../engine-node.ts';
import { commandTable } from './index.ts';
import { HashValue } from '../types/hash.ts';
import { ListValue } from '../types/list.ts';
import { SetValue } from '../types/set.ts';
import { StringSet } from '../types/string-set.ts';
import { ZSetValue } from '../types/zset.ts';

let node: EngineNode;
let port: number;
let client: Redis;
let close: () => Promise<void>;
const clock = new ManualClock(1_700_000_000_000);

async function err(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('expected an error reply');
}

/** Captures what the node propagates to replicas and the keyspace events it fires. */
function capture(): { feed: string[][]; events: string[] } {
  const feed: string[][] = [];
  const events: string[] = [];
  node.replicationFeed = (_db, argv) => feed.push(argv);
  const original = node.notifyKeyspaceEvent.bind(node);
  node.notifyKeyspaceEvent = (type, event, key, dbId) => {
    events.push(`${type}:${event}:${key}@${dbId}`);
    original(type, event, key, dbId);
  };
  return { feed, events };
}

function db(i = 0) {
  return node.databases[i];
}

before(async () => {
  ({ node, port, client, close } = await startNode({ clock }));
});
after(async () => {
  await close();
});
beforeEach(async () => {
  node.replicationFeed = null;
  delete (node as { notifyKeyspaceEvent?: unknown }).notifyKeyspaceEvent;
  node.config.set('maxmemory-policy', 'noeviction');
  await client.call('FLUSHALL');
  await client.call('SELECT', '0');
});

describe('command table', () => {
  test('arity, flags, key specs and categories as COMMAND INFO prints them on 7.0', () => {
    const expect: Array<[string, number, string, [number, number, number], string]> = [
      ['del', -2, 'write', [1, -1, 1], 'keyspace write slow'],
      ['unlink', -2, 'write fast', [1, -1, 1], 'keyspace write fast'],
      ['exists', -2, 'readonly fast', [1, -1, 1], 'keyspace read fast'],
      ['type', 2, 'readonly fast', [1, 1, 1], 'keyspace read fast'],
      ['touch', -2, 'readonly fast', [1, -1, 1], 'keyspace read fast'],
      ['rename', 3, 'write', [1, 2, 1], 'keyspace write slow'],
      ['renamenx', 3, 'write fast', [1, 2, 1], 'keyspace write fast'],
      ['move', 3, 'write fast', [1, 1, 1], 'keyspace write fast'],
      ['copy', -3, 'write denyoom', [1, 2, 1], 'keyspace write slow'],
      ['keys', 2, 'readonly', [0, 0, 0], 'keyspace read slow dangerous'],
      ['scan', -2, 'readonly', [0, 0, 0], 'keyspace read slow'],
      ['randomkey', 1, 'readonly', [0, 0, 0], 'keyspace read slow'],
      ['expire', -3, 'write fast', [1, 1, 1], 'keyspace write fast'],
      ['pexpireat', -3, 'write fast', [1, 1, 1], 'keyspace write fast'],
      ['persist', 2, 'write fast', [1, 1, 1], 'keyspace write fast'],
      ['pttl', 2, 'readonly fast', [1, 1, 1], 'keyspace read fast'],
      ['expiretime', 2, 'readonly fast', [1, 1, 1], 'keyspace read fast'],
      ['dump', 2, 'readonly', [1, 1, 1], 'keyspace read slow'],
      ['restore', -4, 'write denyoom', [1, 1, 1], 'keyspace write slow dangerous'],
    ];
    for (const [name, arity, flags, keys, cats] of expect) {
      const spec = commandTable.get(name)!;
      assert.ok(spec, name);
      assert.equal(spec.arity, arity, name);
      assert.deepEqual(spec.flags, flags.split(' '), name);
      assert.deepEqual([spec.firstKey, spec.lastKey, spec.step], keys, name);
      assert.deepEqual(spec.categories, cats.split(' '), name);
    }
    const object = commandTable.get('object')!;
    assert.equal(object.arity, -2);
    assert.deepEqual(
      object.subcommands!.map((s) => [s.name, s.arity, s.firstKey]),
      [
        ['object|encoding', 3, 2],
        ['object|freq', 3, 2],
        ['object|idletime', 3, 2],
        ['object|refcount', 3, 2],
        ['object|help', 2, 0],
      ],
    );
  });
});

describe('DEL / UNLINK / EXISTS / TYPE / TOUCH', () => {
  test('counts keys, duplicates included for EXISTS', async () => {
    await client.call('MSET', 'a', '1', 'b', '2', 'c', '3');
    assert.equal(await client.call('EXISTS', 'a', 'a', 'nokey', 'b'), 3);
    assert.equal(await client.call('DEL', 'a', 'nokey', 'a'), 1);
    assert.equal(await client.call('UNLINK', 'b', 'c'), 2);
    assert.equal(await client.call('EXISTS', 'a', 'b', 'c'), 0);
    assert.equal(await err(client.call('DEL')), "ERR wrong number of arguments for 'del' command");
  });

  test('TYPE names every type and "none" as a status reply', async () => {
    await client.call('SET', 's', 'v');
    db().set('l', ListValue.from(['a']));
    await client.call('SADD', 'st', 'm');
    await client.call('ZADD', 'z', '1', 'm');
    await client.call('HSET', 'h', 'f', 'v');
    const raw = await rawExchange(port, ['s', 'l', 'st', 'z', 'h', 'nokey'].map((k) => resp('TYPE', k)).join(''));
    assert.equal(raw.data, '+string\r\n+list\r\n+set\r\n+zset\r\n+hash\r\n+none\r\n');
  });

  test('TOUCH counts existing keys and refreshes their idle time', async () => {
    await client.call('SET', 'a', '1');
    clock.advance(5000);
    assert.equal(await client.call('OBJECT', 'IDLETIME', 'a'), 5);
    assert.equal(await client.call('TOUCH', 'a', 'nokey'), 1);
    assert.equal(await client.call('OBJECT', 'IDLETIME', 'a'), 0);
  });

  test('DEL events and propagation', async () => {
    const { events } = capture();
    await client.call('SET', 'a', '1');
    await client.call('DEL', 'a', 'nokey');
    assert.ok(events.includes('g:del:a@0'));
    assert.ok(!events.some((e) => e.includes('nokey')));
  });
});

describe('lazy and active expiry', () => {
  test('an expired key is invisible to EXISTS, KEYS, SCAN, RANDOMKEY, TYPE, TTL; DEL returns 0', async () => {
    await client.call('SET', 'gone', 'v', 'PX', '100');
    await client.call('SET', 'kept', 'v');
    clock.advance(100);
    // Redis expires a key once the clock is past its time.
    assert.equal(await client.call('EXISTS', 'gone'), 1);
    clock.advance(1);
    assert.deepEqual(await client.call('KEYS', '*'), ['kept']);
    assert.equal(await client.call('EXISTS', 'gone'), 0);
    await client.call('SET', 'gone2', 'v', 'PX', '10');
    clock.advance(11);
    assert.deepEqual(await client.call('SCAN', '0', 'COUNT', '100'), ['0', ['kept']]);
    await client.call('SET', 'gone3', 'v', 'PX', '10');
    clock.advance(11);
    for (let i = 0; i < 20; i++) assert.equal(await client.call('RANDOMKEY'), 'kept');
    await client.call('SET', 'gone4', 'v', 'PX', '10');
    clock.advance(11);
    assert.equal(await client.call('TYPE', 'gone4'), 'none');
    await client.call('SET', 'gone5', 'v', 'PX', '10');
    clock.advance(11);
    assert.equal(await client.call('TTL', 'gone5'), -2);
    await client.call('SET', 'gone6', 'v', 'PX', '10');
    clock.advance(11);
    assert.equal(await client.call('DEL', 'gone6'), 0);
    assert.equal(await client.call('DBSIZE'), 1);
  });

  test('active expiry removes keys nobody reads, with "expired" events and DEL propagation', async () => {
    const { feed, events } = capture();
    for (let i = 0; i < 50; i++) await client.call('SET', `k${i}`, 'v', 'PX', '10');
    await client.call('SET', 'persistent', 'v');
    clock.advance(20);
    node.serverCron();
    assert.equal(db().size, 1);
    assert.equal(events.filter((e) => e.startsWith('x:expired:')).length, 50);
    assert.equal(feed.filter((a) => a[0] === 'DEL').length, 50);
  });

  test('KEYS on a replica hides expired keys without deleting them', async () => {
    await client.call('SET', 'gone', 'v', 'PX', '10');
    clock.advance(11);
    node.setReplicaOf({ host: '127.0.0.1', port: 1 });
    try {
      assert.deepEqual(await client.call('KEYS', '*'), []);
      assert.equal(db().data.has('gone'), true);
    } finally {
      node.setReplicaOf(null);
    }
  });
});

describe('RENAME / RENAMENX', () => {
  test('moves the value and the TTL, overwriting the destination', async () => {
    const { events, feed } = capture();
    await client.call('SET', 'src', 'hello', 'EX', '100');
    await client.call('SET', 'dst', 'old');
    assert.equal(await client.call('RENAME', 'src', 'dst'), 'OK');
    assert.equal(await client.call('GET', 'dst'), 'hello');
    assert.equal(await client.call('TTL', 'dst'), 100);
    assert.equal(await client.call('EXISTS', 'src'), 0);
    assert.ok(events.includes('g:rename_from:src@0') && events.includes('g:rename_to:dst@0'));
    assert.deepEqual(feed.at(-1), ['RENAME', 'src', 'dst']);
  });

  test('a TTL-less source clears the destination TTL', async () => {
    await client.call('SET', 'src', 'a');
    await client.call('SET', 'dst', 'b', 'EX', '100');
    await client.call('RENAME', 'src', 'dst');
    assert.equal(await client.call('TTL', 'dst'), -1);
  });

  test('errors and same-key cases', async () => {
    assert.equal(await err(client.call('RENAME', 'nokey', 'x')), 'ERR no such key');
    assert.equal(await err(client.call('RENAME', 'nokey', 'nokey')), 'ERR no such key');
    assert.equal(await err(client.call('RENAMENX', 'nokey', 'x')), 'ERR no such key');
    await client.call('SET', 'a', '1');
    assert.equal(await client.call('RENAME', 'a', 'a'), 'OK');
    assert.equal(await client.call('RENAMENX', 'a', 'a'), 0);
    await client.call('SET', 'b', '2');
    assert.equal(await client.call('RENAMENX', 'a', 'b'), 0);
    assert.equal(await client.call('RENAMENX', 'a', 'c'), 1);
    assert.equal(await client.call('GET', 'c'), '1');
  });

  test('RENAME wakes a client blocked on the destination', async () => {
    let woken = false;
    const blocker = node.createClient();
    node.blocking.block(blocker, {
      db: db(),
      keys: ['target'],
      deadline: 0,
      retry: () => (woken = db().peek('target') !== undefined),
      onTimeout: () => undefined,
    });
    db().set('src', ListValue.from(['x']));
    await client.call('RENAME', 'src', 'target');
    assert.equal(woken, true);
    node.disconnect(blocker);
  });
});

describe('MOVE / COPY', () => {
  test('MOVE to another database keeps the TTL and refuses existing keys', async () => {
    const { events } = capture();
    await client.call('SET', 'k', 'v', 'EX', '50');
    assert.equal(await client.call('MOVE', 'k', '3'), 1);
    assert.equal(await client.call('EXISTS', 'k'), 0);
    assert.equal(db(3).peek('k'), 'v');
    assert.equal(db(3).getExpire('k'), clock.now() + 50_000);
    assert.ok(events.includes('g:move_from:k@0') && events.includes('g:move_to:k@3'));
    await client.call('SET', 'k', 'other');
    assert.equal(await client.call('MOVE', 'k', '3'), 0);
    assert.equal(await client.call('MOVE', 'nokey', '3'), 0);
    assert.equal(await err(client.call('MOVE', 'k', '0')), 'ERR source and destination objects are the same');
    assert.equal(await err(client.call('MOVE', 'k', '16')), 'ERR DB index is out of range');
    assert.equal(await err(client.call('MOVE', 'k', 'x')), 'ERR value is not an integer or out of range');
    assert.equal(await err(client.call('MOVE', 'k', '99999999999')), 'ERR value is out of range, value must between -2147483648 and 2147483647');
  });

  test('COPY makes independent copies of every type, across databases, with REPLACE', async () => {
    db().set('l', ListValue.from(['a', 'b']));
    await client.call('HSET', 'h', 'f', 'v');
    await client.call('SADD', 's', '1', '2');
    await client.call('ZADD', 'z', '1', 'a');
    await client.call('SET', 'str', 'v', 'PX', '5000');
    for (const k of ['l', 'h', 's', 'z', 'str']) assert.equal(await client.call('COPY', k, `${k}2`), 1);
    (db().peek('l2') as ListValue).pushRight('c');
    await client.call('HSET', 'h2', 'g', 'w');
    await client.call('SREM', 's2', '1');
    await client.call('ZADD', 'z2', '2', 'b');
    assert.deepEqual((db().peek('l') as ListValue).toArray(), ['a', 'b']);
    assert.deepEqual(await client.call('HGETALL', 'h'), ['f', 'v']);
    assert.deepEqual(((await client.call('SMEMBERS', 's')) as string[]).sort(), ['1', '2']);
    assert.deepEqual(await client.call('ZRANGE', 'z', '0', '-1'), ['a']);
    assert.equal(await client.call('PTTL', 'str2'), 5000);
    assert.equal(await client.call('COPY', 'str', 'str2'), 0);
    assert.equal(await client.call('COPY', 'h', 'str2', 'REPLACE'), 1);
    assert.equal(await client.call('TYPE', 'str2'), 'hash');
    assert.equal(await client.call('TTL', 'str2'), -1);
    assert.equal(await client.call('COPY', 'str', 'str', 'DB', '2'), 1);
    assert.equal(db(2).peek('str'), 'v');
    assert.equal(await client.call('COPY', 'nokey', 'x'), 0);
    assert.equal(await err(client.call('COPY', 'str', 'str')), 'ERR source and destination objects are the same');
    assert.equal(await err(client.call('COPY', 'str', 'str', 'DB', '0')), 'ERR source and destination objects are the same');
    assert.equal(await err(client.call('COPY', 'str', 'x', 'DB', '16')), 'ERR DB index is out of range');
    assert.equal(await err(client.call('COPY', 'str', 'x', 'DB')), 'ERR syntax error');
    assert.equal(await err(client.call('COPY', 'str', 'x', 'FOO')), 'ERR syntax error');
  });
});

describe('KEYS / SCAN / RANDOMKEY', () => {
  test('KEYS matches glob patterns', async () => {
    await client.call('MSET', 'foo', '1', 'foobar', '2', 'bar', '3', 'hello', '4', 'hallo', '5');
    assert.deepEqual(((await client.call('KEYS', 'foo*')) as string[]).sort(), ['foo', 'foobar']);
    assert.deepEqual(((await client.call('KEYS', 'h[ae]llo')) as string[]).sort(), ['hallo', 'hello']);
    assert.deepEqual(((await client.call('KEYS', '*')) as string[]).length, 5);
    assert.deepEqual(await client.call('KEYS', 'nomatch'), []);
  });

  test('KEYS with many stars fails fast instead of backtracking exponentially', async () => {
    await client.call('SET', 'a'.repeat(40), '1');
    const t0 = Date.now();
    assert.deepEqual(await client.call('KEYS', `${'a*'.repeat(20)}b`), []);
    assert.deepEqual(await client.call('KEYS', `${'a*'.repeat(20)}a`), ['a'.repeat(40)]);
    assert.ok(Date.now() - t0 < 1000);
  });

  async function scanAll(...opts: string[]): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = (await client.call('SCAN', cursor, ...opts)) as [string, string[]];
      out.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    return out;
  }

  test('a full iteration returns every key once; MATCH, COUNT and TYPE filter', async () => {
    const p = client.pipeline();
    for (let i = 0; i < 500; i++) p.set(`k${i}`, 'v');
    for (let i = 0; i < 20; i++) p.hset(`h${i}`, 'f', 'v');
    await p.exec();
    const all = await scanAll();
    assert.equal(all.length, 520);
    assert.equal(new Set(all).size, 520);
    const [cursor, first] = (await client.call('SCAN', '0', 'COUNT', '7')) as [string, string[]];
    assert.notEqual(cursor, '0');
    assert.equal(first.length, 7);
    assert.deepEqual((await scanAll('MATCH', 'k1?', 'COUNT', '50')).sort(), Array.from({ length: 10 }, (_, i) => `k1${i}`).sort());
    assert.equal((await scanAll('TYPE', 'hash')).length, 20);
    assert.equal((await scanAll('TYPE', 'HASH', 'COUNT', '1000')).length, 20);
    assert.equal((await scanAll('TYPE', 'nosuchtype')).length, 0);
  });

  test('keys present for the whole scan are returned even while others come and go', async () => {
    const p = client.pipeline();
    for (let i = 0; i < 1000; i++) p.set(`stable${i}`, 'v');
    for (let i = 0; i < 1000; i++) p.set(`churn${i}`, 'v');
    await p.exec();
    const seen = new Set<string>();
    let cursor = '0';
    let round = 0;
    do {
      const [next, keys] = (await client.call('SCAN', cursor, 'COUNT', '25')) as [string, string[]];
      for (const k of keys) seen.add(k);
      cursor = next;
      // Between calls: delete old keys, add new ones, re-create some deleted ones.
      const q = client.pipeline();
      for (let i = 0; i < 30; i++) q.del(`churn${round * 30 + i}`);
      for (let i = 0; i < 40; i++) q.set(`new${round}_${i}`, 'v');
      for (let i = 0; i < 10; i++) q.set(`churn${round * 3 + i}`, 'again');
      await q.exec();
      round++;
    } while (cursor !== '0');
    for (let i = 0; i < 1000; i++) assert.ok(seen.has(`stable${i}`), `stable${i} missed`);
  });

  test('cursor and option errors', async () => {
    assert.equal(await err(client.call('SCAN', 'abc')), 'ERR invalid cursor');
    assert.equal(await err(client.call('SCAN', ' 0')), 'ERR invalid cursor');
    assert.equal(await err(client.call('SCAN', '18446744073709551616')), 'ERR invalid cursor');
    assert.equal(await err(client.call('SCAN', '0', 'COUNT', '0')), 'ERR syntax error');
    assert.equal(await err(client.call('SCAN', '0', 'COUNT', 'x')), 'ERR value is not an integer or out of range');
    assert.equal(await err(client.call('SCAN', '0', 'MATCH')), 'ERR syntax error');
    assert.equal(await err(client.call('SCAN', '0', 'FOO', 'bar')), 'ERR syntax error');
    assert.deepEqual(await client.call('SCAN', ''), ['0', []]);
    assert.deepEqual(await client.call('SCAN', '-1'), ['0', []]);
  });

  test('SCAN keeps working after FLUSHALL replaced the keyspace', async () => {
    await client.call('MSET', 'a', '1', 'b', '2');
    await scanAll();
    await client.call('FLUSHALL');
    await client.call('MSET', 'c', '1', 'd', '2');
    assert.deepEqual((await scanAll()).sort(), ['c', 'd']);
  });

  test('RANDOMKEY: null when empty, a live key otherwise, quick on big keyspaces with churn', async () => {
    assert.equal(await client.call('RANDOMKEY'), null);
    const p = client.pipeline();
    for (let i = 0; i < 20000; i++) p.set(`k${i}`, 'v');
    await p.exec();
    const q = client.pipeline();
    for (let i = 0; i < 19990; i++) q.del(`k${i}`);
    await q.exec();
    const start = performance.now();
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(db().randomKey()!);
    assert.ok(performance.now() - start < 500);
    for (const k of seen) assert.ok(Number(k.slice(1)) >= 19990);
    assert.ok(seen.size > 5);
    assert.match((await client.call('RANDOMKEY')) as string, /^k199\d\d$/);
  });
});

describe('OBJECT', () => {
  test('ENCODING by type and size', async () => {
    await client.call('MSET', 'i', '12345', 'neg', '-5', 'lead', '0123', 'emb', 'x'.repeat(44), 'raw', 'x'.repeat(45));
    db().set('l', ListValue.from(['a']));
    await client.call('SADD', 'si', '1', '2');
    await client.call('SADD', 'ss', 'a');
    await client.call('HSET', 'h', 'f', 'v');
    await client.call('HSET', 'hbig', 'f', 'x'.repeat(65));
    await client.call('ZADD', 'z', '1', 'a');
    db().set('zbig', ZSetValue.from(Array.from({ length: 200 }, (_, i) => [`m${i}`, i] as [string, number])));
    const expect: Record<string, string> = {
      i: 'int',
      neg: 'int',
      lead: 'embstr',
      emb: 'embstr',
      raw: 'raw',
      l: 'quicklist',
      si: 'intset',
      ss: 'hashtable',
      h: 'listpack',
      hbig: 'hashtable',
      z: 'listpack',
      zbig: 'skiplist',
    };
    for (const [k, enc] of Object.entries(expect)) assert.equal(await client.call('OBJECT', 'ENCODING', k), enc, k);
    assert.equal(await client.call('OBJECT', 'ENCODING', 'nokey'), null);
  });

  test('thresholds come from the configuration', async () => {
    node.config.set('set-max-intset-entries', '2');
    try {
      db().set('s3', new SetValue(new StringSet(['1', '2', '3'])));
      assert.equal(await client.call('OBJECT', 'ENCODING', 's3'), 'hashtable');
    } finally {
      node.config.set('set-max-intset-entries', '512');
    }
    db().set('h', new HashValue(new Map([['f', 'v']])));
    node.config.set('hash-max-listpack-entries', '0');
    try {
      assert.equal(await client.call('OBJECT', 'ENCODING', 'h'), 'hashtable');
    } finally {
      node.config.set('hash-max-listpack-entries', '512');
    }
  });

  test('REFCOUNT: shared integers below 10000', async () => {
    await client.call('MSET', 'small', '100', 'big', '10000', 's', 'abc');
    assert.equal(await client.call('OBJECT', 'REFCOUNT', 'small'), 2147483647);
    assert.equal(await client.call('OBJECT', 'REFCOUNT', 'big'), 1);
    assert.equal(await client.call('OBJECT', 'REFCOUNT', 's'), 1);
    assert.equal(await client.call('OBJECT', 'REFCOUNT', 'nokey'), null);
  });

  test('IDLETIME follows reads and writes; FREQ needs an LFU policy', async () => {
    await client.call('SET', 'k', 'v');
    clock.advance(3000);
    assert.equal(await client.call('OBJECT', 'IDLETIME', 'k'), 3);
    await client.call('GET', 'k');
    assert.equal(await client.call('OBJECT', 'IDLETIME', 'k'), 0);
    clock.advance(2000);
    await client.call('TTL', 'k');
    await client.call('EXISTS', 'k');
    await client.call('TYPE', 'k');
    assert.equal(await client.call('OBJECT', 'IDLETIME', 'k'), 2);
    assert.match(await err(client.call('OBJECT', 'FREQ', 'k')), /^ERR An LFU maxmemory policy is not selected/);
    await client.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    await client.call('SET', 'f', 'v');
    assert.equal(await client.call('OBJECT', 'FREQ', 'f'), 5);
    for (let i = 0; i < 200; i++) await client.call('GET', 'f');
    const freq = (await client.call('OBJECT', 'FREQ', 'f')) as number;
    assert.ok(freq > 5 && freq < 255, String(freq));
    // One decay period per lfu-decay-time minutes.
    clock.advance(3 * 60_000);
    assert.equal(await client.call('OBJECT', 'FREQ', 'f'), freq - 3);
    assert.match(await err(client.call('OBJECT', 'IDLETIME', 'f')), /^ERR An LFU maxmemory policy is selected, idle time not tracked/);
  });

  test('HELP and errors', async () => {
    const help = (await client.call('OBJECT', 'HELP')) as string[];
    assert.equal(help[0], 'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    assert.equal(help.at(-1), '    Prints this help.');
    assert.equal(await err(client.call('OBJECT', 'ENCODING')), "ERR wrong number of arguments for 'object|encoding' command");
    assert.equal(await err(client.call('OBJECT', 'FOO')), "ERR unknown subcommand 'FOO'. Try OBJECT HELP.");
  });
});

describe('EXPIRE family, TTL family, PERSIST', () => {
  test('relative and absolute expiry, TTL rounding', async () => {
    await client.call('SET', 'k', 'v');
    assert.equal(await client.call('EXPIRE', 'k', '100'), 1);
    assert.equal(await client.call('TTL', 'k'), 100);
    assert.equal(await client.call('PTTL', 'k'), 100_000);
    clock.advance(499);
    assert.equal(await client.call('TTL', 'k'), 100);
    clock.advance(2);
    assert.equal(await client.call('TTL', 'k'), 99);
    assert.equal(await client.call('PEXPIRE', 'k', '1500'), 1);
    assert.equal(await client.call('PTTL', 'k'), 1500);
    assert.equal(await client.call('EXPIREAT', 'k', '4102444800'), 1);
    assert.equal(await client.call('EXPIRETIME', 'k'), 4102444800);
    assert.equal(await client.call('PEXPIREAT', 'k', '4102444800499'), 1);
    assert.equal(await client.call('PEXPIRETIME', 'k'), 4102444800499);
    assert.equal(await client.call('EXPIRETIME', 'k'), 4102444800);
    assert.equal(await client.call('EXPIRE', 'nokey', '10'), 0);
    assert.equal(await client.call('TTL', 'nokey'), -2);
    await client.call('SET', 'p', 'v');
    assert.equal(await client.call('TTL', 'p'), -1);
    assert.equal(await client.call('PEXPIRETIME', 'p'), -1);
  });

  test('NX / XX / GT / LT', async () => {
    await client.call('SET', 'k', 'v');
    assert.equal(await client.call('EXPIRE', 'k', '100', 'XX'), 0);
    assert.equal(await client.call('EXPIRE', 'k', '100', 'GT'), 0);
    assert.equal(await client.call('EXPIRE', 'k', '100', 'LT'), 1);
    assert.equal(await client.call('EXPIRE', 'k', '200', 'NX'), 0);
    assert.equal(await client.call('EXPIRE', 'k', '200', 'LT'), 0);
    assert.equal(await client.call('EXPIRE', 'k', '200', 'GT'), 1);
    assert.equal(await client.call('EXPIRE', 'k', '300', 'XX', 'GT'), 1);
    assert.equal(await client.call('TTL', 'k'), 300);
    assert.equal(await err(client.call('EXPIRE', 'k', '1', 'NX', 'XX')), 'ERR NX and XX, GT or LT options at the same time are not compatible');
    assert.equal(await err(client.call('EXPIRE', 'k', '1', 'GT', 'LT')), 'ERR GT and LT options at the same time are not compatible');
    assert.equal(await err(client.call('EXPIRE', 'k', '1', 'FOO')), 'ERR Unsupported option FOO');
    assert.equal(await err(client.call('EXPIRE', 'k', 'abc', 'FOO')), 'ERR Unsupported option FOO');
    assert.equal(await err(client.call('EXPIRE', 'k', 'abc')), 'ERR value is not an integer or out of range');
  });

  test('overflow errors and huge absolute times', async () => {
    await client.call('SET', 'k', 'v');
    assert.equal(await err(client.call('EXPIRE', 'k', '9223372036854775807')), "ERR invalid expire time in 'expire' command");
    assert.equal(await err(client.call('PEXPIRE', 'k', '9223372036854770000')), "ERR invalid expire time in 'pexpire' command");
    assert.equal(await err(client.call('EXPIREAT', 'k', '9223372036854776')), "ERR invalid expire time in 'expireat' command");
    assert.equal(await err(client.call('EXPIRE', 'nokey', '9223372036854775807')), "ERR invalid expire time in 'expire' command");
    assert.equal(await client.call('PEXPIREAT', 'k', '9223372036854775807'), 1);
    const raw = await rawExchange(port, resp('PEXPIRETIME', 'k'));
    assert.equal(raw.data, ':9223372036854775807\r\n');
  });

  test('a time in the past deletes the key; replicas get DEL, others PEXPIREAT', async () => {
    const { feed, events } = capture();
    await client.call('SET', 'k', 'v');
    assert.equal(await client.call('EXPIRE', 'k', '-1'), 1);
    assert.equal(await client.call('EXISTS', 'k'), 0);
    assert.deepEqual(feed.at(-1), ['DEL', 'k']);
    assert.ok(events.includes('g:del:k@0'));
    await client.call('SET', 'k', 'v');
    await client.call('EXPIRE', 'k', '10', 'NX');
    assert.deepEqual(feed.at(-1), ['PEXPIREAT', 'k', String(clock.now() + 10_000), 'NX']);
    assert.ok(events.includes('g:expire:k@0'));
    await client.call('PEXPIREAT', 'k', '4102444800000');
    assert.deepEqual(feed.at(-1), ['PEXPIREAT', 'k', '4102444800000']);
    const before = feed.length;
    await client.call('EXPIRE', 'k', '10', 'NX');
    assert.equal(feed.length, before, 'a no-op is not propagated');
  });

  test('PERSIST', async () => {
    const { events } = capture();
    await client.call('SET', 'k', 'v', 'EX', '10');
    assert.equal(await client.call('PERSIST', 'k'), 1);
    assert.equal(await client.call('TTL', 'k'), -1);
    assert.equal(await client.call('PERSIST', 'k'), 0);
    assert.equal(await client.call('PERSIST', 'nokey'), 0);
    assert.ok(events.includes('g:persist:k@0'));
  });
});

describe('DUMP / RESTORE', () => {
  test('round-trips every type', async () => {
    await client.call('SET', 's', 'x'.repeat(100));
    await client.call('SET', 'i', '-123');
    db().set('l', ListValue.from(['a', '1', 'x'.repeat(300)]));
    await client.call('HSET', 'h', 'f', 'v', 'n', '5');
    await client.call('SADD', 'si', '1', '-70000', '9223372036854775807');
    await client.call('SADD', 'ss', 'a', 'b');
    await client.call('ZADD', 'z', '1.5', 'a', '-inf', 'b');
    for (const k of ['s', 'i', 'l', 'h', 'si', 'ss', 'z']) {
      const payload = (await client.callBuffer('DUMP', k)) as Buffer;
      assert.equal(await client.call('RESTORE', `${k}2`, '0', payload), 'OK');
      assert.deepEqual(await client.callBuffer('DUMP', `${k}2`), payload, k);
    }
    assert.deepEqual((db().peek('l2') as ListValue).toArray(), ['a', '1', 'x'.repeat(300)]);
    assert.deepEqual(await client.call('ZRANGE', 'z2', '0', '-1', 'WITHSCORES'), ['b', '-inf', 'a', '1.5']);
    assert.equal(await client.call('DUMP', 'nokey'), null);
  });

  test('a known payload, and the exact errors', async () => {
    const hello = Buffer.from('\x00\x05hello\n\x00cr\xdfve4 \n', 'latin1');
    assert.deepEqual(await client.callBuffer('RESTORE', 'k', '0', hello), Buffer.from('OK'));
    assert.equal(await client.call('GET', 'k'), 'hello');
    assert.equal(await err(client.call('RESTORE', 'k', '0', hello)), 'BUSYKEY Target key name already exists.');
    assert.equal(await client.call('RESTORE', 'k', '0', hello, 'REPLACE'), 'OK');
    const corrupt = Buffer.from(hello);
    corrupt[3] ^= 1;
    assert.equal(await err(client.call('RESTORE', 'x', '0', corrupt)), 'ERR DUMP payload version or checksum are wrong');
    const newer = Buffer.from('\x00\x05hello\x0b\x00\x0a\xadb\x05\x98\xab\xc9\x83', 'latin1');
    assert.equal(await err(client.call('RESTORE', 'x', '0', newer)), 'ERR DUMP payload version or checksum are wrong');
    assert.equal(await err(client.call('RESTORE', 'x', '0', 'short')), 'ERR DUMP payload version or checksum are wrong');
    assert.equal(await err(client.call('RESTORE', 'x', '-1', hello)), 'ERR Invalid TTL value, must be >= 0');
    assert.equal(await err(client.call('RESTORE', 'x', '0', hello, 'IDLETIME', '-1')), 'ERR Invalid IDLETIME value, must be >= 0');
    assert.equal(await err(client.call('RESTORE', 'x', '0', hello, 'FREQ', '256')), 'ERR Invalid FREQ value, must be >= 0 and <= 255');
    assert.equal(await err(client.call('RESTORE', 'x', '0', hello, 'IDLETIME', '1', 'FREQ', '1')), 'ERR syntax error');
    assert.equal(await err(client.call('RESTORE', 'x', '0', hello, 'FOO')), 'ERR syntax error');
    // Valid checksums over bad data: an empty set, then an unknown type.
    const emptySet = Buffer.from('\x02\x00\x0a\x00:\xce9\x00\x9b\x899\xe8', 'latin1');
    assert.equal(await err(client.call('RESTORE', 'x', '0', emptySet)), 'ERR Bad data format');
    const unknownType = Buffer.from('c\x05hello\x0a\x00\xa3\x9f\xc9\x09\x18 \x06\xb7', 'latin1');
    assert.equal(await err(client.call('RESTORE', 'x', '0', unknownType)), 'ERR Bad data format');
  });

  test('TTL, ABSTTL, IDLETIME, FREQ and propagation with an absolute TTL', async () => {
    const { feed, events } = capture();
    const payload = (await client.callBuffer('DUMP', 'nokey')) as Buffer | null;
    assert.equal(payload, null);
    await client.call('SET', 'src', 'v');
    const p = (await client.callBuffer('DUMP', 'src')) as Buffer;
    await client.call('RESTORE', 'a', '5000', p);
    assert.equal(await client.call('PTTL', 'a'), 5000);
    const last = feed.at(-1)!;
    assert.deepEqual([last[0], last[1], last[2], last.at(-1)], ['RESTORE', 'a', String(clock.now() + 5000), 'ABSTTL']);
    assert.ok(events.includes('g:restore:a@0'));
    await client.call('RESTORE', 'b', String(clock.now() + 7000), p, 'ABSTTL');
    assert.equal(await client.call('PTTL', 'b'), 7000);
    await client.call('RESTORE', 'c', '1', p, 'ABSTTL');
    assert.equal(await client.call('EXISTS', 'c'), 0);
    await client.call('RESTORE', 'a', '1', p, 'ABSTTL', 'REPLACE');
    assert.equal(await client.call('EXISTS', 'a'), 0);
    assert.deepEqual(feed.at(-1), ['DEL', 'a']);
    await client.call('RESTORE', 'd', '0', p, 'IDLETIME', '1000');
    assert.equal(await client.call('OBJECT', 'IDLETIME', 'd'), 1000);
    await client.call('CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu');
    await client.call('RESTORE', 'e', '0', p, 'FREQ', '77');
    assert.equal(await client.call('OBJECT', 'FREQ', 'e'), 77);
  });
});
