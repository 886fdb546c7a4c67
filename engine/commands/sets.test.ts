import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { rawExchange, resp, startNode } from '../../test/helpers/engine-node.ts';
import type { EngineNode } from '../engine-node.ts';
import { isIntString, MemberIndex, SetValue } from '../types/set.ts';

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

function setAt(key: string): SetValue {
  const v = node.databases[0].peek(key);
  assert.ok(v instanceof SetValue);
  return v;
}

const sorted = (xs: unknown): string[] => [...(xs as string[])].sort();
const range = (n: number, prefix = ''): string[] => Array.from({ length: n }, (_, i) => prefix + i);

/** Captures what the node propagates to replicas and the keyspace events it fires. */
async function capturing(fn: (feed: string[][], events: string[]) => Promise<void>): Promise<void> {
  const feed: string[][] = [];
  const events: string[] = [];
  node.replicationFeed = (_db, argv) => feed.push(argv);
  const original = node.notifyKeyspaceEvent.bind(node);
  node.notifyKeyspaceEvent = (type, event, key, dbId) => {
    events.push(`${type}:${event}:${key}`);
    original(type, event, key, dbId);
  };
  try {
    await fn(feed, events);
  } finally {
    node.replicationFeed = null;
    delete (node as Partial<EngineNode>).notifyKeyspaceEvent;
  }
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

describe('SADD / SREM / SCARD / SISMEMBER / SMISMEMBER / SMEMBERS', () => {
  test('basics; integer sets iterate in numeric order', async () => {
    assert.equal(await client.call('SADD', 's', '10', '-3', '2', '2'), 3);
    assert.equal(await client.call('SADD', 's', '2', '9223372036854775807', '-9223372036854775808'), 2);
    assert.deepEqual(await client.call('SMEMBERS', 's'), ['-9223372036854775808', '-3', '2', '10', '9223372036854775807']);
    assert.equal(await client.call('SCARD', 's'), 5);
    assert.equal(await client.call('SISMEMBER', 's', '2'), 1);
    assert.equal(await client.call('SISMEMBER', 's', '02'), 0);
    assert.deepEqual(await client.call('SMISMEMBER', 's', '2', 'x', '10'), [1, 0, 1]);
    assert.deepEqual(await client.call('SMISMEMBER', 'nokey', 'a', 'b'), [0, 0]);
    assert.equal(await client.call('SCARD', 'nokey'), 0);
    assert.deepEqual(await client.call('SMEMBERS', 'nokey'), []);
    assert.equal(await client.call('SREM', 's', '2', 'x', '2'), 1);
    assert.equal(await client.call('SREM', 's', '10', '-3', '9223372036854775807', '-9223372036854775808', 'more'), 4);
    assert.equal(await client.call('EXISTS', 's'), 0);
    assert.equal(await client.call('SREM', 's', 'a'), 0);
  });

  test('errors', async () => {
    assert.equal(await err(client.call('SADD', 's')), "ERR wrong number of arguments for 'sadd' command");
    assert.equal(await err(client.call('SMISMEMBER', 's')), "ERR wrong number of arguments for 'smismember' command");
    await client.call('SET', 'str', 'v');
    const cmds: string[][] = [
      ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SCARD', 'str'], ['SISMEMBER', 'str', 'a'], ['SMISMEMBER', 'str', 'a'],
      ['SMEMBERS', 'str'], ['SRANDMEMBER', 'str'], ['SRANDMEMBER', 'str', '2'], ['SPOP', 'str'], ['SPOP', 'str', '2'],
      ['SMOVE', 'str', 'x', 'a'], ['SINTER', 'nokey', 'str'], ['SINTERCARD', '2', 'nokey', 'str'], ['SINTERSTORE', 'd', 'str'],
      ['SUNION', 'str'], ['SUNIONSTORE', 'd', 'str'], ['SDIFF', 'nokey', 'str'], ['SDIFFSTORE', 'd', 'str'], ['SSCAN', 'str', '0'],
    ];
    for (const [cmd, ...args] of cmds) assert.match(await err(client.call(cmd, ...args)), WRONGTYPE, cmd);
  });

  test('RESP3 reply types', async () => {
    const { data } = await rawExchange(
      port,
      resp('HELLO', '3') +
        resp('SADD', 's', '2', '1') +
        resp('SMEMBERS', 's') +
        resp('SMEMBERS', 'nokey') +
        resp('SMISMEMBER', 's', '1', 'x') +
        resp('SRANDMEMBER', 's', '5') +
        resp('SINTER', 's', 's') +
        resp('SUNION', 'nokey') +
        resp('SPOP', 'nokey', '2') +
        resp('SPOP', 'nokey') +
        resp('SPOP', 's', '5'),
    );
    assert.ok(
      data.endsWith(
        ':2\r\n~2\r\n$1\r\n1\r\n$1\r\n2\r\n~0\r\n*2\r\n:1\r\n:0\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n~2\r\n$1\r\n1\r\n$1\r\n2\r\n~0\r\n~0\r\n_\r\n~2\r\n$1\r\n1\r\n$1\r\n2\r\n',
      ),
      JSON.stringify(data),
    );
  });
});

describe('encoding', () => {
  test('intset while all members are integers and at most set-max-intset-entries', async () => {
    await client.call('SADD', 's', '1', '2');
    assert.equal(setAt('s').encoding(), 'intset');
    await client.call('SADD', 's', 'x');
    assert.equal(setAt('s').encoding(), 'hashtable');
    await client.call('SREM', 's', 'x');
    assert.equal(setAt('s').encoding(), 'hashtable');
    await client.call('SADD', 'first-string', 'a');
    assert.equal(setAt('first-string').encoding(), 'hashtable');
    await client.call('SADD', 'big', ...range(512));
    assert.equal(setAt('big').encoding(), 'intset');
    await client.call('SADD', 'big', '512');
    assert.equal(setAt('big').encoding(), 'hashtable');
    for (const m of ['007', '-0', '+1', '9223372036854775808', ' 1', '']) assert.equal(isIntString(m), false, m);
    for (const m of ['0', '-1', '9223372036854775807', '-9223372036854775808']) assert.equal(isIntString(m), true, m);
  });

  test('set-max-intset-entries follows CONFIG SET', async () => {
    node.config.set('set-max-intset-entries', '2');
    try {
      await client.call('SADD', 's', '3', '1');
      assert.equal(setAt('s').encoding(), 'intset');
      await client.call('SADD', 's', '2');
      assert.equal(setAt('s').encoding(), 'hashtable');
    } finally {
      node.config.set('set-max-intset-entries', '512');
    }
  });

  test('store results start as intsets, like Redis builds them', async () => {
    await client.call('SADD', 'a', 'x', '3', '1');
    await client.call('SADD', 'b', 'x', '2');
    await client.call('SDIFFSTORE', 'd', 'a', 'b');
    assert.equal(setAt('d').encoding(), 'intset');
    assert.deepEqual(await client.call('SMEMBERS', 'd'), ['1', '3']);
    assert.deepEqual(await client.call('SUNION', 'a', 'b').then(sorted), ['1', '2', '3', 'x']);
  });
});

describe('SMOVE', () => {
  test('moves, creates and deletes keys, fires srem/sadd', async () => {
    await client.call('SADD', 'src', '1', '2');
    await client.call('SADD', 'dst', 'x');
    await capturing(async (_feed, events) => {
      assert.equal(await client.call('SMOVE', 'src', 'dst', '1'), 1);
      assert.equal(await client.call('SMOVE', 'src', 'dst', '1'), 0);
      assert.equal(await client.call('SMOVE', 'nokey', 'dst', '1'), 0);
      assert.equal(await client.call('SMOVE', 'src', 'src', '2'), 1);
      assert.equal(await client.call('SMOVE', 'src', 'src', '9'), 0);
      assert.equal(await client.call('SMOVE', 'src', 'fresh', '2'), 1);
      assert.deepEqual(events, ['s:srem:src', 's:sadd:dst', 's:srem:src', 'g:del:src', 's:sadd:fresh']);
    });
    assert.equal(await client.call('EXISTS', 'src'), 0);
    assert.deepEqual(await client.call('SMEMBERS', 'fresh'), ['2']);
    assert.deepEqual(sorted(await client.call('SMEMBERS', 'dst')), ['1', 'x']);
    // A missing source wins over a wrong-typed destination; an existing one does not.
    await client.call('SET', 'str', 'v');
    assert.equal(await client.call('SMOVE', 'nokey', 'str', 'a'), 0);
    assert.match(await err(client.call('SMOVE', 'dst', 'str', 'x')), WRONGTYPE);
    // Moving to a set that already has the member still removes it from the source.
    await client.call('SADD', 'p', 'a', 'b');
    await client.call('SADD', 'q', 'a');
    assert.equal(await client.call('SMOVE', 'p', 'q', 'a'), 1);
    assert.deepEqual(await client.call('SMEMBERS', 'p'), ['b']);
  });
});

describe('SPOP / SRANDMEMBER', () => {
  test('SPOP without count: replicas get SREM; the emptied set is deleted', async () => {
    await client.call('SADD', 's', 'a', 'b');
    await capturing(async (feed, events) => {
      const first = (await client.call('SPOP', 's')) as string;
      const second = (await client.call('SPOP', 's')) as string;
      assert.deepEqual(sorted([first, second]), ['a', 'b']);
      assert.equal(await client.call('SPOP', 's'), null);
      assert.deepEqual(feed, [['SREM', 's', first], ['SREM', 's', second]]);
      assert.deepEqual(events, ['s:spop:s', 's:spop:s', 'g:del:s']);
    });
    assert.equal(await client.call('EXISTS', 's'), 0);
  });

  test('SPOP with count: one SREM per member, or DEL when it takes everything', async () => {
    await client.call('SADD', 's', ...range(10, 'm'));
    await capturing(async (feed, events) => {
      const popped = (await client.call('SPOP', 's', '3')) as string[];
      assert.equal(new Set(popped).size, 3);
      // The dispatcher wraps several propagated commands in MULTI/EXEC, as Redis 7.0 does.
      assert.deepEqual(feed, [['MULTI'], ...popped.map((m) => ['SREM', 's', m]), ['EXEC']]);
      assert.equal(await client.call('SCARD', 's'), 7);
      assert.deepEqual(await client.call('SPOP', 's', '0'), []);
      const rest = (await client.call('SPOP', 's', '100')) as string[];
      assert.equal(rest.length, 7);
      assert.deepEqual(sorted([...popped, ...rest]), range(10, 'm').sort());
      assert.deepEqual(feed.at(-1), ['DEL', 's']);
      assert.deepEqual(events, ['s:spop:s', 's:spop:s', 'g:del:s']);
    });
    assert.equal(await client.call('EXISTS', 's'), 0);
    await client.call('SADD', 'ints', '3', '1', '2');
    assert.deepEqual(await client.call('SPOP', 'ints', '9223372036854775807'), ['1', '2', '3']);
    assert.deepEqual(await client.call('SPOP', 'nokey', '2'), []);
  });

  test('SPOP errors', async () => {
    await client.call('SADD', 's', 'a');
    for (const bad of ['-1', 'x', '1.5', '99999999999999999999']) {
      assert.equal(await err(client.call('SPOP', 's', bad)), 'ERR value is out of range, must be positive', bad);
    }
    assert.equal(await err(client.call('SPOP', 's', '1', '2')), 'ERR syntax error');
  });

  test('SRANDMEMBER counts', async () => {
    await client.call('SADD', 's', '5', '3', '1');
    assert.ok(['1', '3', '5'].includes((await client.call('SRANDMEMBER', 's')) as string));
    assert.equal(await client.call('SRANDMEMBER', 'nokey'), null);
    assert.deepEqual(await client.call('SRANDMEMBER', 'nokey', '3'), []);
    assert.deepEqual(await client.call('SRANDMEMBER', 's', '0'), []);
    assert.deepEqual(await client.call('SRANDMEMBER', 's', '3'), ['1', '3', '5']);
    assert.deepEqual(await client.call('SRANDMEMBER', 's', '10'), ['1', '3', '5']);
    assert.equal(new Set((await client.call('SRANDMEMBER', 's', '2')) as string[]).size, 2);
    const rep = (await client.call('SRANDMEMBER', 's', '-50')) as string[];
    assert.equal(rep.length, 50);
    assert.deepEqual([...new Set(rep)].sort(), ['1', '3', '5']);
    assert.equal(await err(client.call('SRANDMEMBER', 's', 'x')), 'ERR value is not an integer or out of range');
    assert.equal(
      await err(client.call('SRANDMEMBER', 's', '-9223372036854775808')),
      'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
    );
    assert.equal(await err(client.call('SRANDMEMBER', 's', '1', '2')), 'ERR syntax error');
  });

  test('random picks are O(1): big sets, many calls', async () => {
    const members = range(50000, 'member:');
    for (let i = 0; i < members.length; i += 10000) await client.call('SADD', 'big', ...members.slice(i, i + 10000));
    const start = Date.now();
    const pipe = client.pipeline();
    for (let i = 0; i < 5000; i++) pipe.call('SRANDMEMBER', 'big');
    for (let i = 0; i < 5000; i++) pipe.call('SPOP', 'big');
    const results = (await pipe.exec())!;
    assert.ok(Date.now() - start < 3000, `took ${Date.now() - start}ms`);
    const popped = new Set(results.slice(5000).map(([, v]: [Error | null, unknown]) => v as string));
    assert.equal(popped.size, 5000);
    assert.equal(await client.call('SCARD', 'big'), 45000);
    const sample = (await client.call('SRANDMEMBER', 'big', '-30000')) as string[];
    for (const m of sample.slice(0, 1000)) assert.ok(!popped.has(m));
    assert.ok(new Set(sample).size > 20000);
    const distinct = (await client.call('SRANDMEMBER', 'big', '40000')) as string[];
    assert.equal(new Set(distinct).size, 40000);
  });
});

describe('SINTER / SINTERCARD / SINTERSTORE / SUNION / SDIFF (+STORE)', () => {
  test('intersections', async () => {
    await client.call('SADD', 'a', '1', '2', '3', '4');
    await client.call('SADD', 'b', '4', '3', '9');
    await client.call('SADD', 'c', 'x', '3', '4', '7');
    assert.deepEqual(await client.call('SINTER', 'a', 'b', 'c'), ['3', '4']);
    assert.deepEqual(await client.call('SINTER', 'a', 'nokey'), []);
    assert.deepEqual(await client.call('SINTER', 'a', 'a'), ['1', '2', '3', '4']);
    assert.equal(await client.call('SINTERCARD', '2', 'a', 'b'), 2);
    assert.equal(await client.call('SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'), 1);
    assert.equal(await client.call('SINTERCARD', '2', 'a', 'b', 'LIMIT', '0'), 2);
    assert.equal(await client.call('SINTERCARD', '2', 'a', 'nokey'), 0);
    assert.equal(await client.call('SINTERSTORE', 'd', 'a', 'b'), 2);
    assert.deepEqual(await client.call('SMEMBERS', 'd'), ['3', '4']);
    assert.equal(await client.call('SINTERSTORE', 'd', 'a', 'nokey'), 0);
    assert.equal(await client.call('EXISTS', 'd'), 0);
  });

  test('SINTERCARD errors', async () => {
    assert.equal(await err(client.call('SINTERCARD', '0', 'a')), 'ERR numkeys should be greater than 0');
    assert.equal(await err(client.call('SINTERCARD', 'x', 'a')), 'ERR numkeys should be greater than 0');
    assert.equal(await err(client.call('SINTERCARD', '3', 'a', 'b')), "ERR Number of keys can't be greater than number of args");
    assert.equal(await err(client.call('SINTERCARD', '1', 'a', 'LIMIT', '-1')), "ERR LIMIT can't be negative");
    assert.equal(await err(client.call('SINTERCARD', '1', 'a', 'LIMIT')), 'ERR syntax error');
    assert.equal(await err(client.call('SINTERCARD', '1', 'a', 'b')), 'ERR syntax error');
    assert.deepEqual(node.keysOf(['SINTERCARD', '2', 'k1', 'k2', 'LIMIT', '5']), ['k1', 'k2']);
  });

  test('unions and differences; stores replace the destination and its TTL', async () => {
    await client.call('SADD', 'a', '5', '1', '3');
    await client.call('SADD', 'b', '2', '1');
    await client.call('SADD', 'c', 'x');
    assert.deepEqual(await client.call('SUNION', 'a', 'b', 'nokey'), ['1', '2', '3', '5']);
    assert.deepEqual(sorted(await client.call('SUNION', 'a', 'c')), ['1', '3', '5', 'x']);
    assert.deepEqual(await client.call('SDIFF', 'a', 'b', 'c'), ['3', '5']);
    assert.deepEqual(await client.call('SDIFF', 'a', 'a'), []);
    assert.deepEqual(await client.call('SDIFF', 'nokey', 'a'), []);
    await client.call('SET', 'd', 'old', 'EX', '100');
    assert.equal(await client.call('SUNIONSTORE', 'd', 'a', 'b'), 4);
    assert.equal(await client.call('TTL', 'd'), -1);
    assert.equal(await client.call('SDIFFSTORE', 'd', 'a', 'b'), 2);
    assert.deepEqual(await client.call('SMEMBERS', 'd'), ['3', '5']);
    assert.equal(await client.call('SDIFFSTORE', 'd', 'b', 'a'), 1);
    assert.equal(await client.call('SDIFFSTORE', 'd', 'a', 'a'), 0);
    assert.equal(await client.call('EXISTS', 'd'), 0);
    assert.equal(await client.call('SUNIONSTORE', 'a', 'a', 'c'), 4);
  });

  test('store events', async () => {
    await client.call('SADD', 'a', '1', '2');
    await client.call('SADD', 'b', '2');
    await capturing(async (feed, events) => {
      await client.call('SINTERSTORE', 'd', 'a', 'b');
      await client.call('SUNIONSTORE', 'd', 'a', 'b');
      await client.call('SDIFFSTORE', 'd', 'a', 'b');
      await client.call('SDIFFSTORE', 'd', 'b', 'a');
      await client.call('SDIFFSTORE', 'd', 'b', 'a');
      assert.deepEqual(events, ['s:sinterstore:d', 's:sunionstore:d', 's:sdiffstore:d', 'g:del:d']);
      assert.equal(feed.length, 4);
    });
  });
});

describe('SSCAN', () => {
  test('an intset comes back whole with cursor 0; errors', async () => {
    await client.call('SADD', 's', '30', '1', '11', '2');
    assert.deepEqual(await client.call('SSCAN', 's', '0', 'COUNT', '1'), ['0', ['1', '2', '11', '30']]);
    assert.deepEqual(await client.call('SSCAN', 's', '0', 'MATCH', '1*'), ['0', ['1', '11']]);
    assert.deepEqual(await client.call('SSCAN', 'nokey', '0'), ['0', []]);
    assert.equal(await err(client.call('SSCAN', 's', 'x')), 'ERR invalid cursor');
    assert.equal(await err(client.call('SSCAN', 's', '0', 'COUNT', '0')), 'ERR syntax error');
    assert.equal(await err(client.call('SSCAN', 's', '0', 'MATCH')), 'ERR syntax error');
  });

  test('a hashtable set is scanned in steps; members present throughout come back exactly once', async () => {
    await client.call('SADD', 'big', ...range(2000, 'm'));
    const seen = new Map<string, number>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, items] = (await client.call('SSCAN', 'big', cursor, 'COUNT', '50')) as [string, string[]];
      for (const m of items) seen.set(m, (seen.get(m) ?? 0) + 1);
      cursor = next;
      calls++;
      if (calls % 2 === 0) {
        await client.call('SREM', 'big', ...Array.from({ length: 60 }, (_, i) => `m${(calls * 61 + i * 7) % 2000}`));
        await client.call('SADD', 'big', `added${calls}`);
      }
    } while (cursor !== '0');
    assert.ok(calls > 20);
    for (const m of (await client.call('SMEMBERS', 'big')) as string[]) {
      if (m.startsWith('m')) assert.equal(seen.get(m), 1, m);
    }
  });
});

describe('MemberIndex', () => {
  test('random picks and scans survive removals and compaction', () => {
    const idx = new MemberIndex(range(100, 'k'));
    const out: string[] = [];
    let cursor = idx.scan(0, 30, out);
    assert.deepEqual(out, range(30, 'k'));
    for (let i = 0; i < 90; i++) idx.remove(`k${i}`);
    assert.equal(idx.size, 10);
    idx.add('late');
    out.length = 0;
    cursor = idx.scan(cursor, 1000, out);
    assert.equal(cursor, 0);
    assert.deepEqual(out, [...range(10).map((i) => `k${90 + Number(i)}`), 'late']);
    const picks = new Set<string>();
    for (let i = 0; i < 1000; i++) picks.add(idx.random());
    assert.equal(picks.size, 11);
    assert.deepEqual([...new Set(idx.sample(11))].length, 11);
    assert.equal(new Set(idx.sample(3)).size, 3);
  });
});
