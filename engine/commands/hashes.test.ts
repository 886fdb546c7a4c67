import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { rawExchange, resp, startNode } from '../../test/helpers/engine-node.ts';
import type { EngineNode } from '../engine-node.ts';
import { HashValue } from '../types/hash.ts';

let node: EngineNode;
let port: number;
let client: Redis;
let close: () => Promise<void>;

const WRONGTYPE = /^WRONGTYPE Operation against a key holding the wrong kind of value$/;

async function err(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('expected an error reply');
}

function hashAt(key: string): HashValue {
  const v = node.databases[0].peek(key);
  assert.ok(v instanceof HashValue);
  return v;
}

/** Captures what the node propagates to replicas and the keyspace events it fires. */
function capture(): { feed: string[][]; events: string[] } {
  const feed: string[][] = [];
  const events: string[] = [];
  node.replicationFeed = (_db, argv) => feed.push(argv);
  const original = node.notifyKeyspaceEvent.bind(node);
  node.notifyKeyspaceEvent = (type, event, key, dbId) => {
    events.push(`${type}:${event}:${key}`);
    original(type, event, key, dbId);
  };
  return { feed, events };
}

before(async () => {
  ({ node, port, client, close } = await startNode());
});
after(async () => {
  await close();
});
beforeEach(async () => {
  await client.call('FLUSHALL');
});

describe('HSET / HMSET / HSETNX / HGET / HMGET', () => {
  test('set, update and read fields', async () => {
    assert.equal(await client.call('HSET', 'h', 'a', '1', 'b', '2'), 2);
    assert.equal(await client.call('HSET', 'h', 'b', '20', 'c', '3'), 1);
    assert.equal(await client.call('HGET', 'h', 'b'), '20');
    assert.equal(await client.call('HGET', 'h', 'zz'), null);
    assert.equal(await client.call('HGET', 'nokey', 'a'), null);
    assert.equal(await client.call('HMSET', 'h', 'd', '4'), 'OK');
    assert.deepEqual(await client.call('HMGET', 'h', 'a', 'zz', 'd'), ['1', null, '4']);
    assert.deepEqual(await client.call('HMGET', 'nokey', 'a', 'b'), [null, null]);
    assert.equal(await client.call('HSETNX', 'h', 'a', 'x'), 0);
    assert.equal(await client.call('HSETNX', 'h', 'e', '5'), 1);
    assert.equal(await client.call('HSETNX', 'h2', 'f', 'v'), 1);
    assert.deepEqual(await client.call('HGETALL', 'h'), ['a', '1', 'b', '20', 'c', '3', 'd', '4', 'e', '5']);
  });

  test('binary-safe fields and values', async () => {
    const f = '\x00\xff\r\n';
    await client.call('HSET', 'h', f, '\x00');
    const got = (await client.callBuffer('HGET', 'h', f)) as Buffer;
    assert.deepEqual([...got], [0]);
    assert.equal(await client.call('HSTRLEN', 'h', f), 1);
  });

  test('argument errors', async () => {
    assert.equal(await err(client.call('HSET', 'h', 'a', '1', 'b')), "ERR wrong number of arguments for 'hset' command");
    assert.equal(await err(client.call('HMSET', 'h', 'a')), "ERR wrong number of arguments for 'hmset' command");
    assert.equal(await err(client.call('HSET', 'h', 'a')), "ERR wrong number of arguments for 'hset' command");
    assert.equal(await err(client.call('HSETNX', 'h', 'a')), "ERR wrong number of arguments for 'hsetnx' command");
    assert.equal(await err(client.call('HMGET', 'h')), "ERR wrong number of arguments for 'hmget' command");
  });

  test('WRONGTYPE on a string key for every hash command', async () => {
    await client.call('SET', 's', 'v');
    const cmds: string[][] = [
      ['HSET', 's', 'a', '1'], ['HMSET', 's', 'a', '1'], ['HSETNX', 's', 'a', '1'], ['HGET', 's', 'a'], ['HMGET', 's', 'a'],
      ['HDEL', 's', 'a'], ['HLEN', 's'], ['HSTRLEN', 's', 'a'], ['HEXISTS', 's', 'a'], ['HKEYS', 's'], ['HVALS', 's'],
      ['HGETALL', 's'], ['HINCRBY', 's', 'a', '1'], ['HINCRBYFLOAT', 's', 'a', '1'], ['HRANDFIELD', 's'],
      ['HRANDFIELD', 's', '2'], ['HSCAN', 's', '0'],
    ];
    for (const [cmd, ...args] of cmds) assert.match(await err(client.call(cmd, ...args)), WRONGTYPE, cmd);
  });
});

describe('HDEL / HLEN / HSTRLEN / HEXISTS / HKEYS / HVALS / HGETALL', () => {
  test('deleting the last field deletes the key', async () => {
    await client.call('HSET', 'h', 'a', '1', 'b', '22');
    assert.equal(await client.call('HLEN', 'h'), 2);
    assert.equal(await client.call('HSTRLEN', 'h', 'b'), 2);
    assert.equal(await client.call('HSTRLEN', 'h', 'zz'), 0);
    assert.equal(await client.call('HEXISTS', 'h', 'a'), 1);
    assert.equal(await client.call('HEXISTS', 'h', 'zz'), 0);
    assert.equal(await client.call('HDEL', 'h', 'a', 'zz', 'a'), 1);
    assert.equal(await client.call('HDEL', 'h', 'b', 'b'), 1);
    assert.equal(await client.call('EXISTS', 'h'), 0);
    assert.equal(await client.call('HDEL', 'h', 'a'), 0);
    assert.equal(await client.call('HLEN', 'h'), 0);
    assert.deepEqual(await client.call('HKEYS', 'h'), []);
    assert.deepEqual(await client.call('HVALS', 'h'), []);
    assert.deepEqual(await client.call('HGETALL', 'h'), []);
  });

  test('small hashes keep insertion order; a re-added field goes last', async () => {
    await client.call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    await client.call('HDEL', 'h', 'a');
    await client.call('HSET', 'h', 'a', '9', 'b', '7');
    assert.deepEqual(await client.call('HKEYS', 'h'), ['b', 'c', 'a']);
    assert.deepEqual(await client.call('HVALS', 'h'), ['7', '3', '9']);
  });

  test('RESP3: HGETALL is a map, missing hashes are empty maps, HGET null is _', async () => {
    const { data } = await rawExchange(
      port,
      resp('HELLO', '3') + resp('HSET', 'r3', 'a', '1', 'b', '2') + resp('HGETALL', 'r3') + resp('HGETALL', 'nokey') + resp('HGET', 'r3', 'zz') + resp('HMGET', 'r3', 'a', 'zz'),
    );
    assert.ok(data.endsWith(':2\r\n%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n%0\r\n_\r\n*2\r\n$1\r\n1\r\n_\r\n'), JSON.stringify(data));
  });
});

describe('HINCRBY / HINCRBYFLOAT', () => {
  test('HINCRBY arithmetic and overflow', async () => {
    assert.equal(await client.call('HINCRBY', 'h', 'n', '5'), 5);
    assert.equal(await client.call('HINCRBY', 'h', 'n', '-7'), -2);
    await client.call('HINCRBY', 'h', 'big', '9223372036854775807');
    assert.equal(await client.call('HGET', 'h', 'big'), '9223372036854775807');
    assert.equal(await err(client.call('HINCRBY', 'h', 'big', '1')), 'ERR increment or decrement would overflow');
    await client.call('HINCRBY', 'h', 'min', '-9223372036854775808');
    assert.equal(await client.call('HGET', 'h', 'min'), '-9223372036854775808');
    assert.equal(await err(client.call('HINCRBY', 'h', 'min', '-1')), 'ERR increment or decrement would overflow');
    assert.equal(await client.call('HINCRBY', 'h', 'big', '-9223372036854775807'), 0);
    await client.call('HINCRBY', 'h', 'x', '123456789012345678');
    assert.equal(await client.call('HINCRBY', 'h', 'x', '-123456789012345677'), 1);
    assert.equal(await err(client.call('HINCRBY', 'h', 'n', '1.5')), 'ERR value is not an integer or out of range');
    assert.equal(await err(client.call('HINCRBY', 'h', 'n', '99999999999999999999')), 'ERR value is not an integer or out of range');
    await client.call('HSET', 'h', 's', 'abc', 'z', '007', 'm', '-0');
    for (const f of ['s', 'z', 'm']) assert.equal(await err(client.call('HINCRBY', 'h', f, '1')), 'ERR hash value is not an integer');
    // An invalid increment is rejected before the key is created.
    assert.equal(await err(client.call('HINCRBY', 'new', 'f', 'x')), 'ERR value is not an integer or out of range');
    assert.equal(await client.call('EXISTS', 'new'), 0);
  });

  test('HINCRBYFLOAT formats like Redis (long double, %.17Lf trimmed)', async () => {
    assert.equal(await client.call('HINCRBYFLOAT', 'h', 'a', '10.5'), '10.5');
    assert.equal(await client.call('HINCRBYFLOAT', 'h', 'a', '0.1'), '10.6');
    assert.equal(await client.call('HINCRBYFLOAT', 'h', 'b', '0.1'), '0.1');
    assert.equal(await client.call('HINCRBYFLOAT', 'h', 'b', '0.2'), '0.3');
    assert.equal(await client.call('HINCRBYFLOAT', 'h', 'c', '-0'), '0');
    assert.equal(await client.call('HINCRBYFLOAT', 'h', 'd', '0x10'), '16');
    assert.equal(await client.call('HINCRBYFLOAT', 'h', 'e', '123456789.123456789123'), '123456789.12345678912242875');
    assert.equal(await client.call('HINCRBYFLOAT', 'h', 'f', '9223372036854775807'), '9223372036854775807');
    assert.equal(await client.call('HINCRBYFLOAT', 'h', 'f', '1'), '9223372036854775808');
    assert.equal(await err(client.call('HINCRBYFLOAT', 'h', 'a', 'inf')), 'ERR value is NaN or Infinity');
    assert.equal(await err(client.call('HINCRBYFLOAT', 'h', 'a', 'nan')), 'ERR value is not a valid float');
    assert.equal(await err(client.call('HINCRBYFLOAT', 'h', 'a', '1e5000')), 'ERR value is not a valid float');
    await client.call('HSET', 'h', 's', 'abc', 'i', 'inf', 'sp', ' 1');
    assert.equal(await err(client.call('HINCRBYFLOAT', 'h', 's', '1')), 'ERR hash value is not a float');
    assert.equal(await err(client.call('HINCRBYFLOAT', 'h', 'sp', '1')), 'ERR hash value is not a float');
    assert.equal(await err(client.call('HINCRBYFLOAT', 'h', 'i', '1')), 'ERR increment would produce NaN or Infinity');
    assert.equal(await client.call('HINCRBYFLOAT', 'h', 'g', '1e4932'), (await client.call('HGET', 'h', 'g')) as string);
    assert.equal(await err(client.call('HINCRBYFLOAT', 'h', 'g', '1e4932')), 'ERR increment would produce NaN or Infinity');
  });

  test('replicas get HSET with the result of HINCRBYFLOAT; events fire', async () => {
    const { feed, events } = capture();
    try {
      await client.call('HINCRBYFLOAT', 'h', 'f', '1.5');
      await client.call('HINCRBYFLOAT', 'h', 'f', '0.25');
      await client.call('HINCRBY', 'h', 'n', '2');
      await err(client.call('HINCRBYFLOAT', 'h', 'f', 'x'));
      assert.deepEqual(feed, [['HSET', 'h', 'f', '1.5'], ['HSET', 'h', 'f', '1.75'], ['HINCRBY', 'h', 'n', '2']]);
      assert.deepEqual(events, ['h:hincrbyfloat:h', 'h:hincrbyfloat:h', 'h:hincrby:h']);
    } finally {
      node.replicationFeed = null;
      delete (node as Partial<EngineNode>).notifyKeyspaceEvent;
    }
  });
});

describe('keyspace events', () => {
  test('hset, hdel, del as Redis fires them', async () => {
    const { events } = capture();
    try {
      await client.call('HSET', 'h', 'a', '1');
      await client.call('HSET', 'h', 'a', '1');
      await client.call('HSETNX', 'h', 'a', '2');
      await client.call('HSETNX', 'h', 'b', '2');
      await client.call('HDEL', 'h', 'zz');
      await client.call('HDEL', 'h', 'a', 'b');
      assert.deepEqual(events, ['h:hset:h', 'h:hset:h', 'h:hset:h', 'h:hdel:h', 'g:del:h']);
    } finally {
      delete (node as Partial<EngineNode>).notifyKeyspaceEvent;
    }
  });
});

describe('encoding', () => {
  test('listpack until hash-max-listpack-entries/value are exceeded, then hashtable for good', async () => {
    await client.call('HSET', 'h', 'a', '1');
    assert.equal(hashAt('h').encoding(), 'listpack');
    await client.call('HSET', 'h', 'b', 'x'.repeat(65));
    assert.equal(hashAt('h').encoding(), 'hashtable');
    await client.call('HDEL', 'h', 'b');
    assert.equal(hashAt('h').encoding(), 'hashtable');

    const args: string[] = [];
    for (let i = 0; i < 512; i++) args.push(`f${i}`, 'v');
    await client.call('HSET', 'big', ...args);
    assert.equal(hashAt('big').encoding(), 'listpack');
    await client.call('HSET', 'big', 'one-more', 'v');
    assert.equal(hashAt('big').encoding(), 'hashtable');

    // HSET converts on a long argument even when nothing changes; HSETNX only when it writes.
    await client.call('HSET', 'nx', 'a', '1');
    assert.equal(await client.call('HSETNX', 'nx', 'a', 'y'.repeat(100)), 0);
    assert.equal(hashAt('nx').encoding(), 'listpack');
    await client.call('HSET', 'same', 'a', '1');
    await client.call('HSET', 'same', 'a', '1', 'z'.repeat(65), '1');
    await client.call('HDEL', 'same', 'z'.repeat(65));
    assert.equal(hashAt('same').encoding(), 'hashtable');

    // HINCRBYFLOAT with a long result converts too.
    await client.call('HINCRBYFLOAT', 'fl', 'f', '1.5e300');
    assert.equal(hashAt('fl').encoding(), 'hashtable');
  });

  test('thresholds follow CONFIG SET', async () => {
    node.config.set('hash-max-listpack-entries', '2');
    try {
      await client.call('HSET', 'h', 'a', '1', 'b', '2');
      assert.equal(hashAt('h').encoding(), 'listpack');
      await client.call('HSET', 'h', 'c', '3');
      assert.equal(hashAt('h').encoding(), 'hashtable');
    } finally {
      node.config.set('hash-max-listpack-entries', '512');
    }
  });

  test('a HashValue filled directly settles its encoding from its contents', () => {
    const h = new HashValue(new Map([['a', '1']]));
    assert.equal(h.encoding(), 'listpack');
    const big = new HashValue(new Map([['a', 'x'.repeat(100)]]));
    assert.equal(big.encoding(), 'hashtable');
  });
});

describe('HRANDFIELD', () => {
  test('without count, with positive/negative/zero count, WITHVALUES', async () => {
    await client.call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    assert.ok(['a', 'b', 'c'].includes((await client.call('HRANDFIELD', 'h')) as string));
    assert.equal(await client.call('HRANDFIELD', 'nokey'), null);
    assert.deepEqual(await client.call('HRANDFIELD', 'nokey', '3'), []);
    assert.deepEqual(await client.call('HRANDFIELD', 'h', '0'), []);
    assert.deepEqual(await client.call('HRANDFIELD', 'h', '3'), ['a', 'b', 'c']);
    assert.deepEqual(await client.call('HRANDFIELD', 'h', '5', 'WITHVALUES'), ['a', '1', 'b', '2', 'c', '3']);
    const two = (await client.call('HRANDFIELD', 'h', '2')) as string[];
    assert.equal(new Set(two).size, 2);
    const rep = (await client.call('HRANDFIELD', 'h', '-20', 'WITHVALUES')) as string[];
    assert.equal(rep.length, 40);
    for (let i = 0; i < rep.length; i += 2) assert.equal(rep[i + 1], { a: '1', b: '2', c: '3' }[rep[i]]);
  });

  test('errors', async () => {
    await client.call('HSET', 'h', 'a', '1');
    assert.equal(await err(client.call('HRANDFIELD', 'h', 'x')), 'ERR value is not an integer or out of range');
    assert.equal(
      await err(client.call('HRANDFIELD', 'h', '-9223372036854775808')),
      'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
    );
    assert.equal(await err(client.call('HRANDFIELD', 'h', '1', 'WITHVALUE')), 'ERR syntax error');
    assert.equal(await err(client.call('HRANDFIELD', 'h', '1', 'WITHVALUES', 'x')), 'ERR syntax error');
    assert.equal(await err(client.call('HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES')), 'ERR value is out of range');
    assert.equal(await err(client.call('HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES')), 'ERR value is out of range');
  });

  test('RESP3 nests field/value pairs', async () => {
    const { data } = await rawExchange(port, resp('HELLO', '3') + resp('HSET', 'r', 'a', '1') + resp('HRANDFIELD', 'r', '-2', 'WITHVALUES') + resp('HRANDFIELD', 'r', '1'));
    assert.ok(data.endsWith(':1\r\n*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*1\r\n$1\r\na\r\n'), JSON.stringify(data.slice(-80)));
  });

  test('random picks cover a big hash evenly enough', async () => {
    const args: string[] = [];
    for (let i = 0; i < 500; i++) args.push(`f${i}`, `v${i}`);
    await client.call('HSET', 'big', ...args);
    const picks = (await client.call('HRANDFIELD', 'big', '-20000')) as string[];
    const counts = new Map<string, number>();
    for (const f of picks) counts.set(f, (counts.get(f) ?? 0) + 1);
    assert.equal(counts.size, 500);
    const distinct = (await client.call('HRANDFIELD', 'big', '400')) as string[];
    assert.equal(new Set(distinct).size, 400);
    const few = (await client.call('HRANDFIELD', 'big', '10', 'WITHVALUES')) as string[];
    assert.equal(few.length, 20);
    for (let i = 0; i < few.length; i += 2) assert.equal(few[i + 1], 'v' + few[i].slice(1));
    // Picks stay right after fields are removed and added.
    await client.call('HDEL', 'big', ...args.filter((_, i) => i % 2 === 0).slice(0, 450));
    await client.call('HSET', 'big', 'new', 'x');
    const after = new Set((await client.call('HRANDFIELD', 'big', '-5000')) as string[]);
    assert.equal(after.size, 51);
    assert.ok(after.has('new') && !after.has('f0'));
  });
});

describe('HSCAN', () => {
  test('a listpack hash comes back whole with cursor 0, filtered by MATCH', async () => {
    await client.call('HSET', 'h', 'f1', '1', 'f2', '2', 'g1', '3');
    assert.deepEqual(await client.call('HSCAN', 'h', '0', 'COUNT', '1'), ['0', ['f1', '1', 'f2', '2', 'g1', '3']]);
    assert.deepEqual(await client.call('HSCAN', 'h', '123', 'MATCH', 'f*'), ['0', ['f1', '1', 'f2', '2']]);
    assert.deepEqual(await client.call('HSCAN', 'nokey', '0', 'bogus'), ['0', []]);
  });

  test('errors', async () => {
    await client.call('HSET', 'h', 'a', '1');
    assert.equal(await err(client.call('HSCAN', 'h', 'x')), 'ERR invalid cursor');
    assert.equal(await err(client.call('HSCAN', 'h', ' 1')), 'ERR invalid cursor');
    assert.equal(await err(client.call('HSCAN', 'h', '18446744073709551616')), 'ERR invalid cursor');
    assert.deepEqual(await client.call('HSCAN', 'h', '-1'), ['0', ['a', '1']]);
    assert.deepEqual(await client.call('HSCAN', 'h', ''), ['0', ['a', '1']]);
    assert.equal(await err(client.call('HSCAN', 'h', '0', 'COUNT', '0')), 'ERR syntax error');
    assert.equal(await err(client.call('HSCAN', 'h', '0', 'COUNT', 'x')), 'ERR value is not an integer or out of range');
    assert.equal(await err(client.call('HSCAN', 'h', '0', 'MATCH')), 'ERR syntax error');
    assert.equal(await err(client.call('HSCAN', 'h', '0', 'TYPE', 'hash')), 'ERR syntax error');
  });

  test('a big hash is scanned in steps; fields present throughout come back exactly once', async () => {
    const args: string[] = [];
    for (let i = 0; i < 1000; i++) args.push(`f${i}`, `v${i}`);
    await client.call('HSET', 'big', ...args);
    const seen = new Map<string, number>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, items] = (await client.call('HSCAN', 'big', cursor, 'COUNT', '25')) as [string, string[]];
      assert.ok(items.length <= 50);
      for (let i = 0; i < items.length; i += 2) {
        seen.set(items[i], (seen.get(items[i]) ?? 0) + 1);
        if (items[i].startsWith('f')) assert.equal(items[i + 1], 'v' + items[i].slice(1));
      }
      cursor = next;
      calls++;
      // Churn between calls: delete some fields (forcing compactions) and add new ones.
      if (calls % 3 === 0) {
        const del: string[] = [];
        for (let i = 0; i < 40; i++) del.push(`f${(calls * 37 + i * 13) % 1000}`);
        await client.call('HDEL', 'big', ...del);
        await client.call('HSET', 'big', `new${calls}`, 'x');
      }
    } while (cursor !== '0');
    assert.ok(calls > 10);
    const remaining = new Set((await client.call('HKEYS', 'big')) as string[]);
    for (let i = 0; i < 1000; i++) {
      const f = `f${i}`;
      if (remaining.has(f)) assert.equal(seen.get(f), 1, f);
    }
    const matched = (await client.call('HSCAN', 'big', '0', 'MATCH', 'f99*', 'COUNT', '100000')) as [string, string[]];
    assert.equal(matched[0], '0');
    for (let i = 0; i < matched[1].length; i += 2) assert.ok(matched[1][i].startsWith('f99'));
  });
});
