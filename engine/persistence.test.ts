import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset, saveDataset } from './persistence.ts';
import { startNode } from '../test/helpers/engine-node.ts';

test('a dataset saved as RDB loads back into another node: every type, TTLs, several databases', async () => {
  const a = await startNode();
  const b = await startNode();
  try {
    const c = a.client;
    await c.set('s', 'text');
    await c.set('n', '42');
    await c.set('ttl', 'v', 'EX', 1000);
    await c.rpush('l', 'a', 'b', 'c');
    await c.hset('h', 'f1', 'v1', 'f2', 'v2');
    await c.sadd('set', 'x', 'y', '1');
    await c.zadd('z', 1.5, 'm1', 2, 'm2');
    await c.select(3);
    await c.set('in-db-3', 'yes');
    await c.select(0);
    const loaded = loadDataset(b.node, saveDataset(a.node));
    assert.equal(loaded, 8);
    const d = b.client;
    assert.equal(await d.get('s'), 'text');
    assert.equal(await d.get('n'), '42');
    const ttl = await d.ttl('ttl');
    assert.ok(ttl > 990 && ttl <= 1000);
    assert.deepEqual(await d.lrange('l', 0, -1), ['a', 'b', 'c']);
    assert.deepEqual(await d.hgetall('h'), { f1: 'v1', f2: 'v2' });
    assert.deepEqual((await d.smembers('set')).sort(), ['1', 'x', 'y']);
    assert.deepEqual(await d.zrange('z', 0, -1, 'WITHSCORES'), ['m1', '1.5', 'm2', '2']);
    await d.select(3);
    assert.equal(await d.get('in-db-3'), 'yes');
  } finally {
    await a.close();
    await b.close();
  }
});
