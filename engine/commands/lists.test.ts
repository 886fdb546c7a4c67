import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { rawExchange, resp, startNode } from '../../test/helpers/engine-node.ts';
import type { EngineNode } from '../engine-node.ts';
import { ListValue } from '../types/list.ts';

let node: EngineNode;
let port: number;
let client: Redis;
let close: () => Promise<void>;
const extra: Redis[] = [];

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

async function err(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('expected an error reply');
}

/** Another ioredis connection (closed after the suite). */
async function connection(): Promise<Redis> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  await r.connect();
  extra.push(r);
  return r;
}

/** Waits until the node has n clients blocked. */
async function blockedCount(n: number): Promise<void> {
  for (let i = 0; i < 200 && node.blocking.blocked.size !== n; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(node.blocking.blocked.size, n);
}

/** Captures what the node propagates to replicas and the keyspace events it fires. */
function capture(): { feed: string[][]; events: string[]; stop: () => void } {
  const feed: string[][] = [];
  const events: string[] = [];
  node.replicationFeed = (_db, argv) => feed.push(argv);
  const original = node.notifyKeyspaceEvent;
  node.notifyKeyspaceEvent = (type, event, key, dbId) => {
    events.push(`${type}:${event}:${key}`);
    original.call(node, type, event, key, dbId);
  };
  return {
    feed,
    events,
    stop: () => {
      node.replicationFeed = null;
      node.notifyKeyspaceEvent = original;
    },
  };
}

before(async () => {
  ({ node, port, client, close } = await startNode());
});
after(async () => {
  for (const r of extra) r.disconnect();
  await close();
});
beforeEach(async () => {
  await client.call('FLUSHALL');
});

describe('ListValue deque', () => {
  test('matches an array model under random operations', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const l = new ListValue();
    let model: string[] = [];
    for (let step = 0; step < 20000; step++) {
      const op = rnd(9);
      const v = String(rnd(5));
      if (op === 0 || (op === 1 && model.length < 50)) {
        l.pushLeft(v);
        model.unshift(v);
      } else if (op === 1 || op === 2) {
        l.pushRight(v);
        model.push(v);
      } else if (op === 3) {
        assert.equal(l.popLeft(), model.shift());
      } else if (op === 4) {
        assert.equal(l.popRight(), model.pop());
      } else if (op === 5) {
        const i = rnd(model.length + 1);
        l.insertAt(i, v);
        model.splice(i, 0, v);
      } else if (op === 6) {
        const count = rnd(5) - 2;
        let expected = 0;
        if (count >= 0) {
          const keep: string[] = [];
          for (const e of model) {
            if (e === v && (count === 0 || expected < count)) expected++;
            else keep.push(e);
          }
          model = keep;
        } else {
          const keep: string[] = [];
          for (let i = model.length - 1; i >= 0; i--) {
            if (model[i] === v && expected < -count) expected++;
            else keep.unshift(model[i]);
          }
          model = keep;
        }
        assert.equal(l.removeMatching(v, count), expected);
      } else if (op === 7 && model.length > 0) {
        const left = rnd(Math.min(3, model.length + 1));
        const right = rnd(Math.min(3, model.length - left + 1));
        l.trim(left, right);
        model = model.slice(left, model.length - right);
      } else if (op === 8 && model.length > 0) {
        const i = rnd(model.length);
        l.setAt(i, v + 'x');
        model[i] = v + 'x';
        assert.equal(l.at(i), model[i]);
        assert.equal(l.indexOf(v + 'x'), model.indexOf(v + 'x'));
      }
      assert.equal(l.length, model.length);
    }
    assert.deepEqual(l.toArray(), model);
    assert.deepEqual(ListValue.from(model).toArray(), model);
  });

  test('gives memory back after shrinking', () => {
    const l = new ListValue();
    for (let i = 0; i < 10000; i++) l.pushRight(String(i));
    l.trim(9990, 0);
    assert.deepEqual(l.toArray(), ['9990', '9991', '9992', '9993', '9994', '9995', '9996', '9997', '9998', '9999']);
    for (let i = 0; i < 9; i++) l.popLeft();
    assert.deepEqual(l.toArray(), ['9999']);
  });
});

describe('push and pop', () => {
  test('LPUSH/RPUSH/LPUSHX/RPUSHX and LRANGE', async () => {
    assert.equal(await client.call('LPUSH', 'l', 'a', 'b'), 2);
    assert.equal(await client.call('RPUSH', 'l', 'x', 'y'), 4);
    assert.equal(await client.call('LPUSHX', 'l', 'p1', 'p2'), 6);
    assert.equal(await client.call('RPUSHX', 'l', 'q'), 7);
    assert.deepEqual(await client.call('LRANGE', 'l', '0', '-1'), ['p2', 'p1', 'b', 'a', 'x', 'y', 'q']);
    assert.equal(await client.call('LPUSHX', 'none', 'a'), 0);
    assert.equal(await client.call('RPUSHX', 'none', 'a'), 0);
    assert.equal(await client.call('EXISTS', 'none'), 0);
    assert.equal(await client.call('TYPE', 'l'), 'list');
    assert.equal(await err(client.call('LPUSH', 'l')), "ERR wrong number of arguments for 'lpush' command");
    await client.call('SET', 's', 'v');
    for (const cmd of ['LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX']) assert.equal(await err(client.call(cmd, 's', 'a')), WRONGTYPE);
  });

  test('binary-safe elements', async () => {
    await client.call('RPUSH', 'b', Buffer.from([0, 255, 13, 10]), '');
    assert.equal(await client.call('LPOS', 'b', Buffer.from([0, 255, 13, 10])), 0);
    const got = (await client.callBuffer('LRANGE', 'b', '0', '-1')) as Buffer[];
    assert.deepEqual(got.map((b) => [...b]), [[0, 255, 13, 10], []]);
  });

  test('LPOP/RPOP with and without count; the emptied list goes away', async () => {
    await client.call('RPUSH', 'p', '1', '2', '3', '4', '5', '6');
    assert.equal(await client.call('LPOP', 'p'), '1');
    assert.equal(await client.call('RPOP', 'p'), '6');
    assert.deepEqual(await client.call('LPOP', 'p', '2'), ['2', '3']);
    assert.deepEqual(await client.call('RPOP', 'p', '0'), []);
    assert.deepEqual(await client.call('RPOP', 'p', '10'), ['5', '4']);
    assert.equal(await client.call('EXISTS', 'p'), 0);
    assert.equal(await client.call('LPOP', 'p'), null);
    assert.equal(await client.call('LPOP', 'p', '0'), null);
    assert.equal(await client.call('RPOP', 'p', '3'), null);
    assert.equal(await err(client.call('LPOP', 'p', '-1')), 'ERR value is out of range, must be positive');
    assert.equal(await err(client.call('LPOP', 'p', 'x')), 'ERR value is out of range, must be positive');
    assert.equal(await err(client.call('LPOP', 'p', '1', '2')), "ERR wrong number of arguments for 'lpop' command");
    await client.call('SET', 's', 'v');
    assert.equal(await err(client.call('RPOP', 's')), WRONGTYPE);
    assert.equal(await err(client.call('RPOP', 's', '-1')), 'ERR value is out of range, must be positive');
  });

  test('RESP3 and RESP2 nulls', async () => {
    const r3 = await rawExchange(
      port,
      resp('HELLO', '3') + resp('LPOP', 'none') + resp('LPOP', 'none', '2') + resp('LPOS', 'none', 'a') + resp('BLPOP', 'none', '0.01') + resp('BLMOVE', 'none', 'd', 'LEFT', 'LEFT', '0.01'),
    );
    assert.ok(r3.data.endsWith('_\r\n_\r\n_\r\n_\r\n_\r\n'), JSON.stringify(r3.data));
    const r2 = await rawExchange(
      port,
      resp('LPOP', 'none') + resp('LPOP', 'none', '2') + resp('LPOS', 'none', 'a') + resp('BLPOP', 'none', '0.01') + resp('BRPOPLPUSH', 'none', 'd', '0.01') + resp('LMPOP', '1', 'none', 'LEFT'),
    );
    assert.equal(r2.data, '$-1\r\n*-1\r\n$-1\r\n*-1\r\n*-1\r\n*-1\r\n');
  });
});

describe('reading and editing in place', () => {
  test('LLEN, LINDEX, LSET', async () => {
    await client.call('RPUSH', 'l', 'a', 'b', 'c');
    assert.equal(await client.call('LLEN', 'l'), 3);
    assert.equal(await client.call('LLEN', 'none'), 0);
    assert.equal(await client.call('LINDEX', 'l', '0'), 'a');
    assert.equal(await client.call('LINDEX', 'l', '-1'), 'c');
    assert.equal(await client.call('LINDEX', 'l', '3'), null);
    assert.equal(await client.call('LINDEX', 'l', '-4'), null);
    assert.equal(await client.call('LINDEX', 'none', 'abc'), null);
    assert.equal(await err(client.call('LINDEX', 'l', 'abc')), 'ERR value is not an integer or out of range');
    assert.equal(await client.call('LSET', 'l', '-1', 'C'), 'OK');
    assert.equal(await client.call('LSET', 'l', '0', 'A'), 'OK');
    assert.deepEqual(await client.call('LRANGE', 'l', '0', '-1'), ['A', 'b', 'C']);
    assert.equal(await err(client.call('LSET', 'l', '3', 'x')), 'ERR index out of range');
    assert.equal(await err(client.call('LSET', 'none', '0', 'x')), 'ERR no such key');
    assert.equal(await err(client.call('LSET', 'l', 'x', 'x')), 'ERR value is not an integer or out of range');
    await client.call('SET', 's', 'v');
    assert.equal(await err(client.call('LLEN', 's')), WRONGTYPE);
    assert.equal(await err(client.call('LINDEX', 's', 'abc')), WRONGTYPE);
    assert.equal(await err(client.call('LSET', 's', 'abc', 'x')), WRONGTYPE);
  });

  test('LRANGE and LTRIM index arithmetic', async () => {
    await client.call('RPUSH', 'r', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
    assert.deepEqual(await client.call('LRANGE', 'r', '-3', '-1'), ['7', '8', '9']);
    assert.deepEqual(await client.call('LRANGE', 'r', '-100', '1'), ['0', '1']);
    assert.deepEqual(await client.call('LRANGE', 'r', '5', '2'), []);
    assert.deepEqual(await client.call('LRANGE', 'r', '8', '100'), ['8', '9']);
    assert.deepEqual(await client.call('LRANGE', 'none', '0', '-1'), []);
    assert.equal(await err(client.call('LRANGE', 'none', 'a', '1')), 'ERR value is not an integer or out of range');
    assert.equal(await client.call('LTRIM', 'r', '1', '-2'), 'OK');
    assert.deepEqual(await client.call('LRANGE', 'r', '0', '-1'), ['1', '2', '3', '4', '5', '6', '7', '8']);
    assert.equal(await client.call('LTRIM', 'r', '-2', '100'), 'OK');
    assert.deepEqual(await client.call('LRANGE', 'r', '0', '-1'), ['7', '8']);
    assert.equal(await client.call('LTRIM', 'r', '1', '0'), 'OK');
    assert.equal(await client.call('EXISTS', 'r'), 0);
    assert.equal(await client.call('LTRIM', 'none', '0', '1'), 'OK');
    await client.call('SET', 's', 'v');
    assert.equal(await err(client.call('LTRIM', 's', '0', '1')), WRONGTYPE);
    assert.equal(await err(client.call('LTRIM', 's', 'a', '1')), 'ERR value is not an integer or out of range');
  });

  test('LREM from the head, from the tail, all', async () => {
    await client.call('RPUSH', 'rm', 'a', 'b', 'a', 'c', 'a', 'b', 'a');
    assert.equal(await client.call('LREM', 'rm', '2', 'a'), 2);
    assert.deepEqual(await client.call('LRANGE', 'rm', '0', '-1'), ['b', 'c', 'a', 'b', 'a']);
    assert.equal(await client.call('LREM', 'rm', '-1', 'b'), 1);
    assert.deepEqual(await client.call('LRANGE', 'rm', '0', '-1'), ['b', 'c', 'a', 'a']);
    assert.equal(await client.call('LREM', 'rm', '0', 'a'), 2);
    assert.equal(await client.call('LREM', 'rm', '0', 'zz'), 0);
    assert.equal(await client.call('LREM', 'rm', '0', 'b'), 1);
    assert.equal(await client.call('LREM', 'rm', '0', 'c'), 1);
    assert.equal(await client.call('EXISTS', 'rm'), 0);
    assert.equal(await client.call('LREM', 'rm', '0', 'c'), 0);
    assert.equal(await err(client.call('LREM', 'rm', 'x', 'c')), 'ERR value is not an integer or out of range');
  });

  test('LINSERT', async () => {
    await client.call('RPUSH', 'i', 'a', 'b', 'c');
    assert.equal(await client.call('LINSERT', 'i', 'BEFORE', 'b', 'X'), 4);
    assert.equal(await client.call('LINSERT', 'i', 'after', 'c', 'Z'), 5);
    assert.equal(await client.call('LINSERT', 'i', 'before', 'a', 'first'), 6);
    assert.deepEqual(await client.call('LRANGE', 'i', '0', '-1'), ['first', 'a', 'X', 'b', 'c', 'Z']);
    assert.equal(await client.call('LINSERT', 'i', 'BEFORE', 'missing', 'y'), -1);
    assert.equal(await client.call('LINSERT', 'none', 'BEFORE', 'a', 'y'), 0);
    assert.equal(await err(client.call('LINSERT', 'none', 'MIDDLE', 'a', 'y')), 'ERR syntax error');
  });

  test('LPOS with RANK, COUNT and MAXLEN', async () => {
    await client.call('RPUSH', 'p', 'a', 'b', 'c', '1', '2', '3', 'c', 'c');
    assert.equal(await client.call('LPOS', 'p', 'c'), 2);
    assert.equal(await client.call('LPOS', 'p', 'c', 'RANK', '2'), 6);
    assert.equal(await client.call('LPOS', 'p', 'c', 'RANK', '-1'), 7);
    assert.equal(await client.call('LPOS', 'p', 'c', 'RANK', '4'), null);
    assert.deepEqual(await client.call('LPOS', 'p', 'c', 'COUNT', '0'), [2, 6, 7]);
    assert.deepEqual(await client.call('LPOS', 'p', 'c', 'RANK', '-1', 'COUNT', '2'), [7, 6]);
    assert.deepEqual(await client.call('LPOS', 'p', 'c', 'COUNT', '0', 'MAXLEN', '7'), [2, 6]);
    assert.equal(await client.call('LPOS', 'p', 'c', 'MAXLEN', '2'), null);
    assert.deepEqual(await client.call('LPOS', 'p', 'zz', 'COUNT', '0'), []);
    assert.deepEqual(await client.call('LPOS', 'none', 'zz', 'COUNT', '0'), []);
    assert.equal(await client.call('LPOS', 'p', 'c', 'RANK', '-9223372036854775808'), 7);
    assert.deepEqual(await client.call('LPOS', 'p', 'c', 'RANK', '-9223372036854775808', 'COUNT', '1'), [7, 6, 2]);
    assert.equal(await client.call('LPOS', 'p', 'c', 'RANK', '-9223372036854775807'), null);
    assert.equal(
      await err(client.call('LPOS', 'p', 'c', 'RANK', '0')),
      "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
    );
    assert.equal(await err(client.call('LPOS', 'p', 'c', 'COUNT', '-1')), "ERR COUNT can't be negative");
    assert.equal(await err(client.call('LPOS', 'p', 'c', 'MAXLEN', 'x')), "ERR MAXLEN can't be negative");
    assert.equal(await err(client.call('LPOS', 'p', 'c', 'RANK', 'x')), 'ERR value is not an integer or out of range');
    assert.equal(await err(client.call('LPOS', 'p', 'c', 'COUNT')), 'ERR syntax error');
  });

  test('LINSERT, LPOS and LREM stay linear on big lists', async () => {
    const n = 200000;
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(String(i % 1000));
    node.databases[0].set('big', ListValue.from(items));
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) await client.call('LINSERT', 'big', 'BEFORE', '999', 'x');
    // The first '999' sits at index 999: the 20 inserts shift every later element by 20.
    const expected: number[] = [];
    for (let k = 199; k >= 0; k--) expected.push(500 + 1000 * k + (k > 0 ? 20 : 0));
    assert.deepEqual(await client.call('LPOS', 'big', '500', 'COUNT', '0', 'RANK', '-1'), expected);
    assert.deepEqual(await client.call('LRANGE', 'big', '999', '1000'), ['x', 'x']);
    assert.equal(await client.call('LINDEX', 'big', '1019'), '999');
    assert.equal(await client.call('LREM', 'big', '0', '7'), 200);
    assert.equal(await client.call('LINDEX', 'big', '1018'), '999');
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  });
});

describe('moving between lists', () => {
  test('LMOVE and RPOPLPUSH, rotation on one key, source deleted when emptied', async () => {
    await client.call('RPUSH', 'src', '1', '2', '3');
    assert.equal(await client.call('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'), '1');
    assert.equal(await client.call('LMOVE', 'src', 'dst', 'right', 'left'), '3');
    assert.equal(await client.call('RPOPLPUSH', 'src', 'dst'), '2');
    assert.equal(await client.call('EXISTS', 'src'), 0);
    assert.deepEqual(await client.call('LRANGE', 'dst', '0', '-1'), ['2', '3', '1']);
    assert.equal(await client.call('LMOVE', 'dst', 'dst', 'LEFT', 'RIGHT'), '2');
    assert.deepEqual(await client.call('LRANGE', 'dst', '0', '-1'), ['3', '1', '2']);
    assert.equal(await client.call('RPOPLPUSH', 'dst', 'dst'), '2');
    assert.deepEqual(await client.call('LRANGE', 'dst', '0', '-1'), ['2', '3', '1']);
    assert.equal(await client.call('LMOVE', 'none', 'dst', 'LEFT', 'LEFT'), null);
    assert.equal(await client.call('RPOPLPUSH', 'none', 'dst'), null);
    assert.equal(await err(client.call('LMOVE', 'dst', 'x', 'UP', 'LEFT')), 'ERR syntax error');
    await client.call('SET', 's', 'v');
    assert.equal(await err(client.call('LMOVE', 'dst', 's', 'LEFT', 'LEFT')), WRONGTYPE);
    assert.equal(await err(client.call('RPOPLPUSH', 's', 'dst')), WRONGTYPE);
    assert.equal(await client.call('RPOPLPUSH', 'none', 's'), null);
    assert.deepEqual(await client.call('LRANGE', 'dst', '0', '-1'), ['2', '3', '1']);
  });

  test('LMPOP', async () => {
    await client.call('RPUSH', 'm1', 'a', 'b', 'c', 'd');
    await client.call('RPUSH', 'm2', 'x');
    assert.deepEqual(await client.call('LMPOP', '2', 'none', 'm1', 'LEFT'), ['m1', ['a']]);
    assert.deepEqual(await client.call('LMPOP', '2', 'm1', 'm2', 'RIGHT', 'COUNT', '2'), ['m1', ['d', 'c']]);
    assert.deepEqual(await client.call('LMPOP', '1', 'm1', 'LEFT', 'COUNT', '10'), ['m1', ['b']]);
    assert.deepEqual(await client.call('LMPOP', '2', 'm1', 'm2', 'LEFT'), ['m2', ['x']]);
    assert.equal(await client.call('LMPOP', '2', 'm1', 'm2', 'LEFT'), null);
    assert.equal(await err(client.call('LMPOP', '0', 'm1', 'LEFT')), 'ERR numkeys should be greater than 0');
    assert.equal(await err(client.call('LMPOP', '2', 'm1', 'LEFT')), 'ERR syntax error');
    assert.equal(await err(client.call('LMPOP', '1', 'm1', 'LEFT', 'COUNT', '0')), 'ERR count should be greater than 0');
    assert.equal(await err(client.call('LMPOP', '1', 'm1', 'LEFT', 'COUNT', '1', 'COUNT', '1')), 'ERR syntax error');
    assert.equal(await err(client.call('LMPOP', '9223372036854775807', 'm1', 'LEFT')), 'ERR syntax error');
    await client.call('SET', 's', 'v');
    assert.equal(await err(client.call('LMPOP', '2', 's', 'm1', 'LEFT')), WRONGTYPE);
    assert.deepEqual(node.keysOf(['LMPOP', '2', 'a', 'b', 'LEFT']), ['a', 'b']);
    assert.deepEqual(node.keysOf(['BLMPOP', '0', '2', 'a', 'b', 'LEFT', 'COUNT', '2']), ['a', 'b']);
    assert.deepEqual(node.keysOf(['BLPOP', 'a', 'b', '0']), ['a', 'b']);
    assert.deepEqual(node.keysOf(['BLMOVE', 'a', 'b', 'LEFT', 'LEFT', '0']), ['a', 'b']);
  });
});

describe('keyspace events and replication', () => {
  test('events and propagation of the plain commands', async () => {
    const cap = capture();
    try {
      await client.call('RPUSH', 'k', 'a', 'b', 'c');
      await client.call('LPUSHX', 'k', 'z');
      await client.call('LSET', 'k', '0', 'y');
      await client.call('LINSERT', 'k', 'AFTER', 'y', 'w');
      await client.call('LREM', 'k', '0', 'w');
      await client.call('LTRIM', 'k', '0', '-1');
      await client.call('LTRIM', 'k', '1', '-1');
      await client.call('LMOVE', 'k', 'd', 'LEFT', 'RIGHT');
      await client.call('LMPOP', '1', 'k', 'RIGHT', 'COUNT', '9');
      await client.call('LPOP', 'd', '0');
      await client.call('RPOP', 'd');
      assert.deepEqual(cap.events, [
        'l:rpush:k',
        'l:lpush:k',
        'l:lset:k',
        'l:linsert:k',
        'l:lrem:k',
        'l:ltrim:k',
        'l:ltrim:k',
        'l:rpush:d',
        'l:lpop:k',
        'l:rpop:k',
        'g:del:k',
        'l:rpop:d',
        'g:del:d',
      ]);
      // A no-op LTRIM and LPOP 0 change nothing; LMPOP replicates as the pop it did.
      assert.deepEqual(cap.feed, [
        ['RPUSH', 'k', 'a', 'b', 'c'],
        ['LPUSHX', 'k', 'z'],
        ['LSET', 'k', '0', 'y'],
        ['LINSERT', 'k', 'AFTER', 'y', 'w'],
        ['LREM', 'k', '0', 'w'],
        ['LTRIM', 'k', '1', '-1'],
        ['LMOVE', 'k', 'd', 'LEFT', 'RIGHT'],
        ['RPOP', 'k', '2'],
        ['RPOP', 'd'],
      ]);
    } finally {
      cap.stop();
    }
  });

  test('blocking forms replicate as the non-blocking pop, served at once or woken', async () => {
    const other = await connection();
    const cap = capture();
    try {
      await client.call('RPUSH', 'a', '1', '2', '3', '4', '5');
      await client.call('BLPOP', 'none', 'a', '0');
      await client.call('BRPOPLPUSH', 'a', 'b', '0');
      await client.call('BLMOVE', 'a', 'b', 'left', 'Right', '0');
      await client.call('BLMPOP', '0', '1', 'a', 'RIGHT', 'COUNT', '5');
      const woken = [
        other.call('BLPOP', 'w1', '0'),
        (await connection()).call('BRPOPLPUSH', 'w2', 'dst', '0'),
        (await connection()).call('BLMOVE', 'w3', 'dst', 'RIGHT', 'left', '0'),
        (await connection()).call('BLMPOP', '0', '1', 'w4', 'LEFT', 'COUNT', '9'),
      ];
      await blockedCount(4);
      await client.call('RPUSH', 'w1', 'a', 'b');
      await client.call('RPUSH', 'w2', 'a', 'b');
      await client.call('RPUSH', 'w3', 'a', 'b');
      await client.call('RPUSH', 'w4', 'a', 'b', 'c');
      assert.deepEqual(await Promise.all(woken), [['w1', 'a'], 'b', 'b', ['w4', ['a', 'b', 'c']]]);
      assert.deepEqual(cap.feed, [
        ['RPUSH', 'a', '1', '2', '3', '4', '5'],
        ['LPOP', 'a'],
        ['RPOPLPUSH', 'a', 'b'],
        ['LMOVE', 'a', 'b', 'left', 'Right'],
        ['RPOP', 'a', '2'],
        ['RPUSH', 'w1', 'a', 'b'],
        ['LPOP', 'w1'],
        ['RPUSH', 'w2', 'a', 'b'],
        ['RPOPLPUSH', 'w2', 'dst'],
        ['RPUSH', 'w3', 'a', 'b'],
        ['LMOVE', 'w3', 'dst', 'right', 'left'],
        ['RPUSH', 'w4', 'a', 'b', 'c'],
        ['LPOP', 'w4', '3'],
      ]);
      assert.ok(cap.events.includes('l:lpop:w1') && cap.events.includes('g:del:w4'));
    } finally {
      cap.stop();
    }
  });
});

describe('blocking operations', () => {
  test('timeouts: doubles in seconds, errors for negative and invalid', async () => {
    const t0 = Date.now();
    assert.equal(await client.call('BLPOP', 'none', '0.05'), null);
    assert.ok(Date.now() - t0 >= 45);
    assert.equal(await client.call('BRPOP', 'none', 'none2', '0.01'), null);
    assert.equal(await client.call('BLMOVE', 'none', 'd', 'LEFT', 'LEFT', '0.01'), null);
    assert.equal(await client.call('BRPOPLPUSH', 'none', 'd', '0.01'), null);
    assert.equal(await client.call('BLMPOP', '0.01', '1', 'none', 'LEFT'), null);
    for (const bad of ['abc', 'nan', ' 1', '']) assert.equal(await err(client.call('BLPOP', 'none', bad)), 'ERR timeout is not a float or out of range');
    for (const neg of ['-1', '-0.5', 'inf', '-inf', '1e300', '9223372036854776']) assert.equal(await err(client.call('BLPOP', 'none', neg)), 'ERR timeout is negative');
    assert.equal(await err(client.call('BLMOVE', 'none', 'd', 'UP', 'LEFT', 'abc')), 'ERR syntax error');
    assert.equal(await err(client.call('BLMPOP', 'abc', '0', 'none', 'LEFT')), 'ERR numkeys should be greater than 0');
    assert.equal(await err(client.call('BLMPOP', 'abc', '1', 'none', 'LEFT')), 'ERR timeout is not a float or out of range');
    await client.call('SET', 's', 'v');
    assert.equal(await err(client.call('BLPOP', 'none', 's', '0')), WRONGTYPE);
    assert.equal(await err(client.call('BLPOP', 's', 'abc')), 'ERR timeout is not a float or out of range');
    assert.equal(await err(client.call('BRPOPLPUSH', 's', 'd', '0')), WRONGTYPE);
  });

  test('-0.0009 s rounds to 0 (forever) and a huge timeout does not fire early', async () => {
    const other = await connection();
    const forever = other.call('BLPOP', 'f', '-0.0009');
    const huge = (await connection()).call('BLPOP', 'f', '100000000');
    await blockedCount(2);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(node.blocking.blocked.size, 2);
    await client.call('RPUSH', 'f', 'a', 'b');
    assert.deepEqual(await forever, ['f', 'a']);
    assert.deepEqual(await huge, ['f', 'b']);
  });

  test('three blocked clients are served in the order they blocked (ioredis)', async () => {
    const [c1, c2, c3] = [await connection(), await connection(), await connection()];
    const p1 = c1.blpop('q', 0);
    await blockedCount(1);
    const p2 = c2.brpop('q', 0);
    await blockedCount(2);
    const p3 = c3.call('BLMPOP', '0', '1', 'q', 'LEFT', 'COUNT', '2');
    await blockedCount(3);
    assert.equal(await client.rpush('q', '1'), 1);
    assert.deepEqual(await p1, ['q', '1']);
    assert.equal(await client.rpush('q', '2', '3', '4'), 3);
    assert.deepEqual(await p2, ['q', '4']);
    assert.deepEqual(await p3, ['q', ['2', '3']]);
    assert.equal(await client.exists('q'), 0);
    assert.equal(node.blocking.blocked.size, 0);
  });

  test('node-redis: blocking pops, timeouts and wake-up order', async () => {
    const base = createClient({ socket: { port, host: '127.0.0.1' } });
    await base.connect();
    const clients = [base.duplicate(), base.duplicate(), base.duplicate()];
    for (const cl of clients) await cl.connect();
    try {
      assert.equal(await clients[0].blPop('none', 0.02), null);
      assert.equal(await clients[0].blMove('none', 'd', 'LEFT', 'RIGHT', 0.02), null);
      const p1 = clients[0].blPop('nq', 0);
      await blockedCount(1);
      const p2 = clients[1].blPop(['other', 'nq'], 0);
      await blockedCount(2);
      const p3 = clients[2].blMove('nq', 'moved', 'RIGHT', 'LEFT', 0);
      await blockedCount(3);
      assert.equal(await base.rPush('nq', ['a', 'b', 'c', 'd']), 4);
      assert.deepEqual(await p1, { key: 'nq', element: 'a' });
      assert.deepEqual(await p2, { key: 'nq', element: 'b' });
      assert.equal(await p3, 'd');
      assert.deepEqual(await base.lRange('nq', 0, -1), ['c']);
      assert.deepEqual(await base.lRange('moved', 0, -1), ['d']);
      const p4 = clients[0].blmPop(0, ['x1', 'x2'], 'RIGHT', { COUNT: 2 });
      await blockedCount(1);
      await base.rPush('x2', ['1', '2', '3']);
      assert.deepEqual(await p4, ['x2', ['3', '2']]);
    } finally {
      for (const cl of clients) cl.destroy();
      base.destroy();
    }
  });

  test('a client blocked on several keys is served from the key made ready first', async () => {
    const other = await connection();
    const p = other.blpop('k1', 'k2', 0);
    await blockedCount(1);
    const m = client.multi();
    m.rpush('k2', 'a');
    m.rpush('k1', 'b');
    assert.deepEqual(await m.exec(), [
      [null, 1],
      [null, 1],
    ]);
    assert.deepEqual(await p, ['k2', 'a']);
    assert.deepEqual(await client.lrange('k1', 0, -1), ['b']);
  });

  test('waiting clients are served right after the pushing command, before the next one', async () => {
    const other = await connection();
    const p = other.blpop('pq', 0);
    await blockedCount(1);
    const pipe = client.pipeline();
    pipe.rpush('pq', 'v');
    pipe.llen('pq');
    assert.deepEqual(await pipe.exec(), [
      [null, 1],
      [null, 0],
    ]);
    assert.deepEqual(await p, ['pq', 'v']);
  });

  test('commands pipelined behind a blocked command run once it is served', async () => {
    const other = await connection();
    const pipe = other.pipeline();
    pipe.blpop('k9', 0);
    pipe.llen('k9');
    pipe.ping();
    const done = pipe.exec();
    await blockedCount(1);
    await client.rpush('k9', 'a', 'b');
    assert.deepEqual(await done, [
      [null, ['k9', 'a']],
      [null, 1],
      [null, 'PONG'],
    ]);
  });

  test('inside MULTI the blocking forms do not block', async () => {
    const m = client.multi();
    m.call('BLPOP', 'none', '0');
    m.call('BLMOVE', 'none', 'd', 'LEFT', 'LEFT', '0');
    m.call('BRPOPLPUSH', 'none', 'd', '0');
    m.call('BLMPOP', '0', '1', 'none', 'LEFT');
    m.rpush('mq', 'x');
    m.call('BRPOP', 'mq', '0');
    assert.deepEqual(await m.exec(), [
      [null, null],
      [null, null],
      [null, null],
      [null, null],
      [null, 1],
      [null, ['mq', 'x']],
    ]);
    assert.equal(node.blocking.blocked.size, 0);
    const raw = await rawExchange(port, resp('MULTI') + resp('BLPOP', 'none', '0') + resp('BLMOVE', 'none', 'd', 'LEFT', 'LEFT', '0') + resp('EXEC'));
    assert.equal(raw.data, '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n*-1\r\n$-1\r\n');
  });

  test('BLMOVE chains: the moved element wakes a client blocked on the destination', async () => {
    const [a, b] = [await connection(), await connection()];
    const pa = a.blmove('c1', 'c2', 'LEFT', 'LEFT', 0);
    await blockedCount(1);
    const pb = b.blpop('c2', 0);
    await blockedCount(2);
    await client.rpush('c1', 'v');
    assert.equal(await pa, 'v');
    assert.deepEqual(await pb, ['c2', 'v']);
    assert.equal(await client.exists('c1', 'c2'), 0);
  });

  test('a woken BLMOVE whose destination is no longer a list gets WRONGTYPE, nothing moves', async () => {
    const other = await connection();
    const p = err(other.call('BLMOVE', 's4', 'd4', 'LEFT', 'RIGHT', '0'));
    await blockedCount(1);
    await client.set('d4', 'str');
    await client.rpush('s4', 'e1');
    assert.equal(await p, WRONGTYPE);
    assert.deepEqual(await client.lrange('s4', 0, -1), ['e1']);
  });

  test('a key turned into a string keeps clients waiting until it is a list again', async () => {
    const other = await connection();
    const p = other.blpop('k5', 0);
    await blockedCount(1);
    await client.set('k5', 'x');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(node.blocking.blocked.size, 1);
    await client.del('k5');
    await client.rpush('k5', 'y');
    assert.deepEqual(await p, ['k5', 'y']);
  });

  test('a push into another database does not wake the client', async () => {
    const other = await connection();
    const p = other.blpop('k11', 0.1);
    await blockedCount(1);
    await client.select(1);
    await client.rpush('k11', 'z');
    await client.select(0);
    assert.equal(await p, null);
    await client.call('FLUSHALL');
  });

  test('a client that disconnects while blocked takes nothing', async () => {
    const other = await connection();
    other.blpop('gone', 0).catch(() => undefined);
    await blockedCount(1);
    other.disconnect();
    await blockedCount(0);
    await client.rpush('gone', 'a');
    assert.deepEqual(await client.lrange('gone', 0, -1), ['a']);
  });
});
