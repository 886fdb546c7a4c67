import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { startNode } from '../../test/helpers/engine-node.ts';
import type { EngineNode } from '../engine-node.ts';
import { commandTable } from './index.ts';
import { ListValue } from '../types/list.ts';

let node: EngineNode;
let client: Redis;
let close: () => Promise<void>;

async function err(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('expected an error reply');
}

/** Lists are created directly so these tests only depend on SORT itself. */
function list(key: string, ...items: string[]): void {
  node.databases[0].set(key, ListValue.from(items));
}

function listAt(key: string): string[] | undefined {
  const v = node.databases[0].peek(key);
  if (v === undefined) return undefined;
  assert.ok(v instanceof ListValue);
  return v.toArray();
}

const sort = (...args: string[]) => client.call('SORT', ...args);

before(async () => {
  ({ node, client, close } = await startNode());
});
after(async () => {
  await close();
});
beforeEach(async () => {
  node.replicationFeed = null;
  await client.call('FLUSHALL');
});

describe('SORT numeric and ALPHA', () => {
  test('numbers, DESC, LIMIT', async () => {
    list('n', '3', '1', '2', '10', '-5', '2.5', '1e2', '0');
    assert.deepEqual(await sort('n'), ['-5', '0', '1', '2', '2.5', '3', '10', '1e2']);
    assert.deepEqual(await sort('n', 'DESC'), ['1e2', '10', '3', '2.5', '2', '1', '0', '-5']);
    assert.deepEqual(await sort('n', 'LIMIT', '2', '3'), ['1', '2', '2.5']);
    assert.deepEqual(await sort('n', 'LIMIT', '6', '100'), ['10', '1e2']);
    assert.deepEqual(await sort('n', 'LIMIT', '100', '5'), []);
    assert.deepEqual(await sort('n', 'LIMIT', '-5', '2'), ['-5', '0']);
    assert.deepEqual(await sort('n', 'LIMIT', '0', '-1'), await sort('n'));
    assert.deepEqual(await sort('n', 'LIMIT', '0', '0'), []);
    assert.deepEqual(await sort('n', 'ALPHA'), ['-5', '0', '1', '10', '1e2', '2', '2.5', '3']);
    assert.deepEqual(await client.call('SORT_RO', 'n', 'DESC', 'LIMIT', '0', '2'), ['1e2', '10']);
  });

  test('equal scores fall back to byte order; strtod rules for scores', async () => {
    list('t', '1.0', '1', '01', '2');
    assert.deepEqual(await sort('t'), ['01', '1', '1.0', '2']);
    list('odd', ' 5', '', '3', '0x10', 'inf', '-inf');
    assert.deepEqual(await sort('odd'), ['-inf', '', '3', ' 5', '0x10', 'inf']);
    for (const bad of ['5 ', 'nan', 'abc', '1e400', '1e-400']) {
      list('bad', '1', bad);
      assert.equal(await err(sort('bad')), "ERR One or more scores can't be converted into double", bad);
    }
    list('words', 'banana', 'apple');
    assert.deepEqual(await sort('words', 'ALPHA', 'DESC'), ['banana', 'apple']);
    // A conversion error stores nothing.
    assert.equal(await err(sort('words', 'STORE', 'dst')), "ERR One or more scores can't be converted into double");
    assert.equal(listAt('dst'), undefined);
  });

  test('sets and sorted sets', async () => {
    await client.call('SADD', 's', '5', '3', '9', '1');
    assert.deepEqual(await sort('s'), ['1', '3', '5', '9']);
    assert.deepEqual(await sort('s', 'BY', 'nosort'), ['1', '3', '5', '9']);
    await client.call('SADD', 'sa', 'b', 'c', 'a');
    assert.deepEqual(await sort('sa', 'ALPHA', 'DESC', 'LIMIT', '0', '2'), ['c', 'b']);
    // BY nosort + STORE on a set must still be deterministic: ALPHA order.
    assert.equal(await sort('sa', 'BY', 'nosort', 'STORE', 'dst'), 3);
    assert.deepEqual(listAt('dst'), ['a', 'b', 'c']);
    await client.call('ZADD', 'z', '3', 'a', '1', 'b', '2', 'c', '10', 'd');
    assert.deepEqual(await sort('z', 'ALPHA'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(await sort('z', 'BY', 'nosort'), ['b', 'c', 'a', 'd']);
    assert.deepEqual(await sort('z', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'), ['a', 'c']);
  });
});

describe('BY and GET patterns', () => {
  test('BY string keys and hash fields, missing keys sort as 0 / first', async () => {
    list('ids', '1', '2', '3', '4');
    await client.call('MSET', 'w_1', '40', 'w_2', '30', 'w_3', '10', 'w_4', '20');
    assert.deepEqual(await sort('ids', 'BY', 'w_*'), ['3', '4', '2', '1']);
    assert.deepEqual(await sort('ids', 'BY', 'w_*', 'DESC', 'LIMIT', '0', '2'), ['1', '2']);
    await client.call('HSET', 'h_1', 'f', '3');
    await client.call('HSET', 'h_2', 'f', '1');
    await client.call('HSET', 'h_3', 'f', '2');
    assert.deepEqual(await sort('ids', 'BY', 'h_*->f'), ['4', '2', '3', '1']);
    assert.deepEqual(await sort('ids', 'BY', 'missing_*'), ['1', '2', '3', '4']);
    await client.call('MSET', 'a_1', 'd', 'a_2', 'b', 'a_3', 'c');
    assert.deepEqual(await sort('ids', 'BY', 'a_*', 'ALPHA'), ['4', '2', '3', '1']);
    // A BY pattern without '*' keeps the list order, and a later BY does not undo that.
    assert.deepEqual(await sort('ids', 'BY', 'nosort', 'DESC'), ['4', '3', '2', '1']);
    assert.deepEqual(await sort('ids', 'BY', 'nosort', 'LIMIT', '1', '2'), ['2', '3']);
    assert.deepEqual(await sort('ids', 'BY', 'nosort', 'BY', 'w_*'), ['1', '2', '3', '4']);
  });

  test('GET # and patterns, missing values are nil', async () => {
    list('ids', '1', '2', '3');
    await client.call('MSET', 'o_1', 'one', 'o_2', 'two');
    await client.call('HSET', 'h_3', 'f', 'x');
    assert.deepEqual(await sort('ids', 'GET', '#', 'GET', 'o_*', 'GET', 'h_*->f'), ['1', 'one', null, '2', 'two', null, '3', null, 'x']);
    assert.deepEqual(await sort('ids', 'GET', 'nostar'), [null, null, null]);
    assert.deepEqual(await sort('ids', 'GET', 'h_*->'), [null, null, null]);
    assert.deepEqual(await sort('ids', 'LIMIT', '1', '1', 'GET', '#', 'GET', '#'), ['2', '2']);
  });
});

describe('STORE', () => {
  test('stores a list (nil GETs become empty strings), replaces any type and TTL', async () => {
    const events: string[] = [];
    node.notifyKeyspaceEvent = (type, event, key) => events.push(`${type}:${event}:${key}`);
    try {
      list('ids', '2', '1', '3');
      await client.call('SET', 'o_1', 'one');
      await client.call('SET', 'dst', 'string', 'EX', '100');
      assert.equal(await sort('ids', 'GET', 'o_*', 'GET', '#', 'STORE', 'dst'), 6);
      assert.deepEqual(listAt('dst'), ['one', '1', '', '2', '', '3']);
      assert.equal(await client.call('TTL', 'dst'), -1);
      assert.ok(events.includes('l:sortstore:dst'));
      assert.equal(await sort('nokey', 'STORE', 'dst'), 0);
      assert.equal(listAt('dst'), undefined);
      assert.ok(events.includes('g:del:dst'));
      assert.equal(await sort('ids', 'STORE', 'a', 'STORE', 'b'), 3);
      assert.equal(listAt('a'), undefined);
      assert.deepEqual(listAt('b'), ['1', '2', '3']);
    } finally {
      delete (node as { notifyKeyspaceEvent?: unknown }).notifyKeyspaceEvent;
    }
  });

  test('STORE is propagated as the SORT itself', async () => {
    const feed: string[][] = [];
    node.replicationFeed = (_db, argv) => feed.push(argv);
    list('ids', '2', '1');
    await sort('ids', 'STORE', 'dst');
    assert.deepEqual(feed.at(-1), ['SORT', 'ids', 'STORE', 'dst']);
  });
});

describe('errors and key specs', () => {
  test('syntax, wrong type, SORT_RO without STORE', async () => {
    await client.call('SET', 'str', 'v');
    assert.equal(await err(sort('str')), 'WRONGTYPE Operation against a key holding the wrong kind of value');
    assert.equal(await err(sort('str', 'FOO')), 'ERR syntax error');
    assert.equal(await err(sort('nokey', 'LIMIT', '0')), 'ERR syntax error');
    assert.equal(await err(sort('nokey', 'LIMIT', 'a', '1')), 'ERR value is not an integer or out of range');
    assert.equal(await err(sort('nokey', 'BY')), 'ERR syntax error');
    assert.equal(await err(client.call('SORT_RO', 'nokey', 'STORE', 'x')), 'ERR syntax error');
    assert.deepEqual(await sort('nokey'), []);
    assert.deepEqual(await client.call('SORT_RO', 'nokey'), []);
  });

  test('movable keys: the sorted key and the last STORE destination', () => {
    assert.deepEqual(node.keysOf(['SORT', 'k', 'LIMIT', '0', '1', 'GET', 'store', 'STORE', 'd1', 'BY', 'x', 'STORE', 'd2']), ['k', 'd2']);
    assert.deepEqual(node.keysOf(['SORT_RO', 'k', 'GET', '#']), ['k']);
    const spec = commandTable.get('sort')!;
    assert.equal(spec.arity, -2);
    assert.deepEqual(spec.flags, ['write', 'denyoom', 'movablekeys']);
    assert.deepEqual(spec.categories, ['write', 'set', 'sortedset', 'list', 'slow', 'dangerous']);
    assert.deepEqual(commandTable.get('sort_ro')!.flags, ['readonly', 'movablekeys']);
  });
});
