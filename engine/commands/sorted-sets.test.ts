import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { rawExchange, resp, startNode } from '../../test/helpers/engine-node.ts';
import type { EngineNode } from '../engine-node.ts';
import { ZSetValue, type ZEntry } from '../types/zset.ts';
import { parseDouble, parseScanCursor } from './sorted-sets.ts';

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

async function newClient(): Promise<Redis> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  await r.connect();
  extra.push(r);
  return r;
}

function zsetAt(key: string): ZSetValue {
  const v = node.databases[0].peek(key);
  assert.ok(v instanceof ZSetValue);
  return v;
}

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

/** The replies that follow a HELLO 3 in a raw exchange. */
function afterHello(data: string): string {
  const marker = 'modules\r\n*0\r\n';
  return data.slice(data.indexOf(marker) + marker.length);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const longMember = 'x'.repeat(70);

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

describe('ZSetValue skiplist', () => {
  test('keeps order, ranks and ranges in step with a model under random changes', () => {
    const z = new ZSetValue();
    z.listpack = false;
    const model = new Map<string, number>();
    const ordered = () => [...model].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (let it = 0; it < 4000; it++) {
      const m = 'm' + Math.floor(Math.random() * 200);
      const r = Math.random();
      if (r < 0.55) {
        const s = Math.floor(Math.random() * 40);
        z.add(m, s);
        model.set(m, s);
      } else if (r < 0.9) {
        assert.equal(z.remove(m), model.delete(m));
      } else {
        const exp = ordered();
        const a = Math.floor(Math.random() * 10);
        const removed: string[] = [];
        z.removeRankRange(a, Math.min(a + 3, exp.length - 1), (x) => removed.push(x));
        const want = exp.slice(a, a + 4).map((e) => e[0]);
        for (const w of want) model.delete(w);
        assert.deepEqual(removed, want);
      }
      if (it % 200 === 0) {
        const exp = ordered();
        assert.deepEqual(z.entries(), exp);
        exp.forEach(([member], i) => {
          assert.equal(z.rank(member), i);
          assert.equal(z.byRank(i)!.member, member);
        });
        const back: string[] = [];
        z.walk(z.size - 1, true, (e) => void back.push(e.member));
        assert.deepEqual(back.reverse(), exp.map((e) => e[0]));
        const r2 = { min: 10, max: 20, minex: true, maxex: false };
        assert.equal(z.countInScoreRange(r2), exp.filter(([, s]) => s > 10 && s <= 20).length);
      }
    }
  });

  test('stays in step with a model at sizes that split and merge several tree levels', () => {
    const z = new ZSetValue();
    z.listpack = false;
    const model = new Map<string, number>();
    const ordered = () => [...model].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const check = () => {
      const exp = ordered();
      assert.deepEqual(z.entries(), exp);
      assert.equal(z.size, exp.length);
      for (let i = 0; i < exp.length; i += 97) {
        assert.equal(z.rank(exp[i][0]), i);
        assert.equal(z.byRank(i)!.member, exp[i][0]);
      }
      const back: string[] = [];
      z.walk(z.size - 1, true, (e) => void back.push(e.member));
      assert.deepEqual(back.reverse(), exp.map((e) => e[0]));
      const r = { min: 100, max: 300, minex: false, maxex: true };
      const inRange = exp.filter(([, s]) => s >= 100 && s < 300);
      assert.equal(z.countInScoreRange(r), inRange.length);
      if (inRange.length > 0) assert.equal(z.byRank(z.firstInScoreRange(r))!.member, inRange[0][0]);
    };
    // Grow past one level of inner nodes (64 leaves), shrink to a few members, grow again.
    for (const [target, span] of [[12000, 1000], [30, 1000], [9000, 50]] as const) {
      for (let it = 0; model.size !== target; it++) {
        const m = 'm' + Math.floor(Math.random() * 15000);
        if (model.size < target) {
          const s = Math.floor(Math.random() * span);
          z.add(m, s);
          model.set(m, s);
        } else {
          assert.equal(z.remove(m), model.delete(m));
        }
        if (it % 5000 === 0) check();
      }
      check();
      // Score moves at this size, in place and across leaves.
      for (const m of [...model.keys()].slice(0, 2000)) {
        const s = Math.floor(Math.random() * span);
        z.add(m, s);
        model.set(m, s);
      }
      check();
      const removed: string[] = [];
      const exp = ordered();
      z.removeRankRange(5, 200, (x) => removed.push(x));
      assert.deepEqual(removed, exp.slice(5, 201).map((e) => e[0]));
      for (const m of removed) model.delete(m);
      check();
    }
  });

  test('scan returns every member present throughout exactly once despite changes', () => {
    const z = new ZSetValue();
    z.listpack = false;
    for (let i = 0; i < 1000; i++) z.add('k' + i, i % 7);
    const seen = new Map<string, number>();
    let cursor = 0;
    let round = 0;
    do {
      const out: ZEntry[] = [];
      cursor = z.scan(cursor, 25, out);
      for (const n of out) seen.set(n.member, (seen.get(n.member) ?? 0) + 1);
      // Churn between calls: new members, removals of volatile ones, score moves.
      z.add('new' + round, round);
      z.remove('new' + (round - 1));
      z.add('k' + ((round * 37) % 1000), 100 + round);
      round++;
    } while (cursor !== 0);
    for (let i = 0; i < 1000; i++) assert.equal(seen.get('k' + i), 1, 'k' + i);
  });

  test('from() picks the encoding and a listpack turns -0 into 0', () => {
    const small = ZSetValue.from([['a', -0], ['b', 1]]);
    assert.equal(small.listpack, true);
    assert.ok(Object.is(small.score('a'), 0));
    const big = ZSetValue.from([[longMember, 1], ['a', -0]]);
    assert.equal(big.listpack, false);
    assert.ok(Object.is(big.score('a'), -0));
    assert.equal(big.byteSize() > 70, true);
  });
});

describe('argument parsing', () => {
  test('parseDouble follows strtod with Redis checks', () => {
    assert.equal(parseDouble('1.5'), 1.5);
    assert.equal(parseDouble('0x10'), 16);
    assert.equal(parseDouble('-0x1p3'), -8);
    assert.equal(parseDouble('+inf'), Infinity);
    assert.equal(parseDouble('-Infinity'), -Infinity);
    assert.equal(parseDouble('.5'), 0.5);
    assert.equal(parseDouble('5.'), 5);
    assert.equal(parseDouble('1e-310'), 1e-310);
    for (const bad of ['', ' 1', '1 ', 'nan', '1e500', '1e-400', 'abc', '1e', '0x', '--1']) assert.equal(parseDouble(bad), null, bad);
  });

  test('parseScanCursor follows strtoul', () => {
    assert.equal(parseScanCursor('0'), 0);
    assert.equal(parseScanCursor(''), 0);
    assert.equal(parseScanCursor('+7'), 7);
    assert.equal(parseScanCursor('-1'), Number.MAX_SAFE_INTEGER);
    for (const bad of [' 1', '1x', '18446744073709551616', '-']) assert.throws(() => parseScanCursor(bad), /invalid cursor/);
  });
});

describe('ZADD / ZINCRBY / ZSCORE', () => {
  test('adds, updates, counts with CH, and orders equal scores by member bytes', async () => {
    assert.equal(await client.call('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'), 3);
    assert.equal(await client.call('ZADD', 'z', '1', 'a', '5', 'd'), 1);
    assert.equal(await client.call('ZADD', 'z', 'CH', '10', 'a', '5', 'd', '6', 'e'), 2);
    assert.deepEqual(await client.call('ZRANGE', 'z', '0', '-1', 'WITHSCORES'), ['b', '2', 'c', '3', 'd', '5', 'e', '6', 'a', '10']);
    await client.call('ZADD', 'eq', '0', 'b', '0', 'a', '0', 'ab', '0', '', '0', 'B');
    assert.deepEqual(await client.call('ZRANGE', 'eq', '0', '-1'), ['', 'B', 'a', 'ab', 'b']);
  });

  test('NX XX GT LT and the incompatible combinations', async () => {
    await client.call('ZADD', 'z', '5', 'a');
    assert.equal(await client.call('ZADD', 'z', 'NX', '1', 'a', '2', 'b'), 1);
    assert.equal(await client.call('ZSCORE', 'z', 'a'), '5');
    assert.equal(await client.call('ZADD', 'z', 'XX', '1', 'a', '3', 'c'), 0);
    assert.equal(await client.call('ZSCORE', 'z', 'a'), '1');
    assert.equal(await client.call('ZSCORE', 'z', 'c'), null);
    assert.equal(await client.call('ZADD', 'z', 'GT', 'CH', '0', 'a', '9', 'b'), 1);
    assert.equal(await client.call('ZADD', 'z', 'LT', 'CH', '10', 'b', '0', 'a'), 1);
    assert.equal(await client.call('ZADD', 'z', 'GT', 'CH', '3', 'new'), 1);
    assert.equal(await err(client.call('ZADD', 'z', 'NX', 'XX', '1', 'a')), 'ERR XX and NX options at the same time are not compatible');
    assert.equal(await err(client.call('ZADD', 'z', 'GT', 'LT', '1', 'a')), 'ERR GT, LT, and/or NX options at the same time are not compatible');
    assert.equal(await err(client.call('ZADD', 'z', 'NX', 'GT', '1', 'a')), 'ERR GT, LT, and/or NX options at the same time are not compatible');
    assert.equal(await err(client.call('ZADD', 'z', 'INCR', '1', 'a', '2', 'b')), 'ERR INCR option supports a single increment-element pair');
    assert.equal(await err(client.call('ZADD', 'z', '1', 'a', '2')), 'ERR syntax error');
    assert.equal(await err(client.call('ZADD', 'z', 'nx')), "ERR wrong number of arguments for 'zadd' command");
    assert.equal(await err(client.call('ZADD', 'z', 'nx', 'ch')), 'ERR syntax error');
    assert.equal(await err(client.call('ZADD', 'z', '1', 'a', 'x', 'b')), 'ERR value is not a valid float');
    assert.equal(await client.call('ZSCORE', 'z', 'a'), '0', 'nothing applied when a later score is bad');
    assert.equal(await client.call('ZADD', 'none', 'XX', '1', 'a'), 0);
    assert.equal(await client.call('EXISTS', 'none'), 0);
    assert.equal(await client.call('ZADD', 'none', 'XX', 'INCR', '1', 'a'), null);
  });

  test('INCR, ZINCRBY, NaN and score formatting', async () => {
    assert.equal(await client.call('ZADD', 'z', 'INCR', '1.1', 'm'), '1.1000000000000001');
    assert.equal(await client.call('ZINCRBY', 'z', '0.9', 'm'), '2');
    assert.equal(await client.call('ZADD', 'z', 'GT', 'INCR', '-1', 'm'), null);
    assert.equal(await client.call('ZADD', 'z', 'NX', 'INCR', '1', 'm'), null);
    assert.equal(await client.call('ZINCRBY', 'z', 'inf', 'm'), 'inf');
    assert.equal(await err(client.call('ZINCRBY', 'z', '-inf', 'm')), 'ERR resulting score is not a number (NaN)');
    assert.equal(await err(client.call('ZADD', 'z', 'INCR', '-inf', 'm')), 'ERR resulting score is not a number (NaN)');
    assert.equal(await client.call('ZSCORE', 'z', 'm'), 'inf');
    assert.equal(await err(client.call('ZINCRBY', 'z', 'nan', 'm')), 'ERR value is not a valid float');
    assert.equal(await err(client.call('ZINCRBY', 'z', 'nx', 'm')), 'ERR syntax error');
    await client.call('ZADD', 'f', '123456789012345678', 'big', '1e-5', 'small', '0x10', 'hex', '2.5e3', 'exp');
    assert.deepEqual(await client.call('ZMSCORE', 'f', 'big', 'small', 'hex', 'exp', 'nosuch'), ['1.2345678901234568e+17', '1.0000000000000001e-05', '16', '2500', null]);
    assert.deepEqual(await client.call('ZMSCORE', 'nokey', 'a'), [null]);
    for (const bad of ['1e500', '1e-400', ' 1', 'nan', '']) assert.equal(await err(client.call('ZADD', 'f', bad, 'x')), 'ERR value is not a valid float', bad);
  });

  test('-0 survives in a skiplist but not in a listpack', async () => {
    await client.call('ZADD', 'small', '-0', 'a');
    assert.equal(await client.call('ZSCORE', 'small', 'a'), '0');
    assert.equal(await client.call('ZADD', 'small', 'INCR', '-0', 'b'), '-0');
    await client.call('ZADD', 'big', '1', longMember, '-0', 'a');
    assert.equal(zsetAt('big').listpack, false);
    assert.equal(await client.call('ZSCORE', 'big', 'a'), '-0');
    assert.equal(await client.call('ZADD', 'big', 'CH', '0', 'a'), 0, '0 equals -0: no update');
  });

  test('encoding converts to skiplist past zset-max-listpack-entries/value, never back', async () => {
    await client.call('CONFIG', 'SET', 'zset-max-listpack-entries', '4');
    try {
      await client.call('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
      assert.equal(zsetAt('z').listpack, true);
      await client.call('ZADD', 'z', '5', 'e');
      assert.equal(zsetAt('z').listpack, false);
      await client.call('ZREM', 'z', 'a', 'b');
      assert.equal(zsetAt('z').listpack, false);
      await client.call('ZUNIONSTORE', 'u', '1', 'z');
      assert.equal(zsetAt('u').listpack, true, 'store results are converted back when small');
    } finally {
      await client.call('CONFIG', 'SET', 'zset-max-listpack-entries', '128');
    }
  });

  test('WRONGTYPE for every command on a string', async () => {
    await client.call('SET', 's', 'v');
    const cmds: string[][] = [
      ['ZADD', 's', '1', 'a'], ['ZINCRBY', 's', '1', 'a'], ['ZREM', 's', 'a'], ['ZCARD', 's'], ['ZSCORE', 's', 'a'], ['ZMSCORE', 's', 'a'],
      ['ZRANK', 's', 'a'], ['ZREVRANK', 's', 'a'], ['ZCOUNT', 's', '0', '1'], ['ZLEXCOUNT', 's', '-', '+'], ['ZRANGE', 's', '0', '1'],
      ['ZRANGESTORE', 'd', 's', '0', '1'], ['ZREVRANGE', 's', '0', '1'], ['ZRANGEBYSCORE', 's', '0', '1'], ['ZREVRANGEBYSCORE', 's', '1', '0'],
      ['ZRANGEBYLEX', 's', '-', '+'], ['ZREVRANGEBYLEX', 's', '+', '-'], ['ZREMRANGEBYRANK', 's', '0', '1'], ['ZREMRANGEBYSCORE', 's', '0', '1'],
      ['ZREMRANGEBYLEX', 's', '-', '+'], ['ZUNION', '1', 's'], ['ZINTER', '1', 's'], ['ZDIFF', '1', 's'], ['ZUNIONSTORE', 'd', '1', 's'],
      ['ZINTERSTORE', 'd', '1', 's'], ['ZDIFFSTORE', 'd', '1', 's'], ['ZINTERCARD', '1', 's'], ['ZPOPMIN', 's'], ['ZPOPMAX', 's'],
      ['ZMPOP', '1', 's', 'MIN'], ['BZPOPMIN', 's', '0'], ['BZPOPMAX', 's', '0'], ['BZMPOP', '0', '1', 's', 'MIN'], ['ZRANDMEMBER', 's'], ['ZSCAN', 's', '0'],
    ];
    for (const c of cmds) assert.equal(await err(client.call(c[0], ...c.slice(1))), WRONGTYPE, c.join(' '));
  });
});

describe('ZREM / ZCARD / ZRANK / ZCOUNT / ZLEXCOUNT', () => {
  test('removal deletes the emptied key', async () => {
    await client.call('ZADD', 'z', '1', 'a', '2', 'b');
    assert.equal(await client.call('ZREM', 'z', 'a', 'nosuch'), 1);
    assert.equal(await client.call('ZCARD', 'z'), 1);
    assert.equal(await client.call('ZREM', 'z', 'b', 'a'), 1);
    assert.equal(await client.call('EXISTS', 'z'), 0);
    assert.equal(await client.call('ZREM', 'z', 'a'), 0);
    assert.equal(await client.call('ZCARD', 'z'), 0);
  });

  test('ranks, counts and range syntax errors', async () => {
    await client.call('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    assert.equal(await client.call('ZRANK', 'z', 'c'), 2);
    assert.equal(await client.call('ZREVRANK', 'z', 'c'), 1);
    assert.equal(await client.call('ZRANK', 'z', 'x'), null);
    assert.equal(await client.call('ZRANK', 'nokey', 'x'), null);
    assert.equal(await client.call('ZCOUNT', 'z', '(1', '3'), 2);
    assert.equal(await client.call('ZCOUNT', 'z', '-inf', '(4'), 3);
    assert.equal(await client.call('ZCOUNT', 'z', '3', '1'), 0);
    assert.equal(await client.call('ZCOUNT', 'z', '', '1'), 1, 'strtod reads an empty bound as 0');
    assert.equal(await err(client.call('ZCOUNT', 'z', 'x', '1')), 'ERR min or max is not a float');
    assert.equal(await err(client.call('ZCOUNT', 'z', '1', '(nan')), 'ERR min or max is not a float');
    await client.call('ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd');
    assert.equal(await client.call('ZLEXCOUNT', 'l', '[b', '(d'), 2);
    assert.equal(await client.call('ZLEXCOUNT', 'l', '-', '+'), 4);
    assert.equal(await client.call('ZLEXCOUNT', 'l', '+', '-'), 0);
    assert.equal(await client.call('ZLEXCOUNT', 'l', '-', '-'), 0);
    assert.equal(await err(client.call('ZLEXCOUNT', 'l', 'a', '+')), 'ERR min or max not valid string range item');
    assert.equal(await err(client.call('ZLEXCOUNT', 'l', '-a', '+')), 'ERR min or max not valid string range item');
  });
});

describe('ZRANGE family', () => {
  beforeEach(async () => {
    await client.call('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e');
    await client.call('ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e');
  });

  test('by rank with negative indexes and REV', async () => {
    assert.deepEqual(await client.call('ZRANGE', 'z', '-2', '-1'), ['d', 'e']);
    assert.deepEqual(await client.call('ZRANGE', 'z', '-100', '1'), ['a', 'b']);
    assert.deepEqual(await client.call('ZRANGE', 'z', '3', '1'), []);
    assert.deepEqual(await client.call('ZRANGE', 'z', '0', '1', 'REV', 'WITHSCORES'), ['e', '5', 'd', '4']);
    assert.deepEqual(await client.call('ZREVRANGE', 'z', '0', '1'), ['e', 'd']);
    assert.deepEqual(await client.call('ZRANGE', 'nokey', '0', '-1'), []);
    assert.equal(await err(client.call('ZRANGE', 'z', 'a', '1')), 'ERR value is not an integer or out of range');
    assert.equal(await err(client.call('ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1')), 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
    assert.equal(await err(client.call('ZRANGE', 'z', '0', '1', 'REV', 'REV')), 'ERR syntax error');
    assert.equal(await err(client.call('ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYLEX')), 'ERR syntax error');
    assert.equal(await err(client.call('ZREVRANGE', 'z', '0', '1', 'REV')), 'ERR syntax error');
  });

  test('by score with exclusive bounds, LIMIT and REV', async () => {
    assert.deepEqual(await client.call('ZRANGE', 'z', '(1', '3', 'BYSCORE'), ['b', 'c']);
    assert.deepEqual(await client.call('ZRANGE', 'z', '4', '(1', 'BYSCORE', 'REV', 'WITHSCORES'), ['d', '4', 'c', '3', 'b', '2']);
    assert.deepEqual(await client.call('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '2'), ['b', 'c']);
    assert.deepEqual(await client.call('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '3', '-1'), ['d', 'e']);
    assert.deepEqual(await client.call('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '-1', '2'), []);
    assert.deepEqual(await client.call('ZRANGEBYSCORE', 'z', '2', '4', 'WITHSCORES', 'LIMIT', '1', '5'), ['c', '3', 'd', '4']);
    assert.deepEqual(await client.call('ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'LIMIT', '1', '2'), ['d', 'c']);
    assert.equal(await err(client.call('ZRANGEBYSCORE', 'z', '0', '1', 'REV')), 'ERR syntax error');
    assert.equal(await err(client.call('ZRANGEBYSCORE', 'z', 'a', '1')), 'ERR min or max is not a float');
    assert.equal(await err(client.call('ZRANGEBYSCORE', 'z', '0', '1', 'LIMIT', '0')), 'ERR syntax error');
  });

  test('by lex', async () => {
    assert.deepEqual(await client.call('ZRANGE', 'l', '[b', '(e', 'BYLEX'), ['b', 'c', 'd']);
    assert.deepEqual(await client.call('ZRANGE', 'l', '+', '-', 'BYLEX', 'REV', 'LIMIT', '1', '2'), ['d', 'c']);
    assert.deepEqual(await client.call('ZRANGEBYLEX', 'l', '(a', '[c'), ['b', 'c']);
    assert.deepEqual(await client.call('ZREVRANGEBYLEX', 'l', '[c', '-'), ['c', 'b', 'a']);
    assert.equal(await err(client.call('ZRANGE', 'l', '-', '+', 'BYLEX', 'WITHSCORES')), 'ERR syntax error, WITHSCORES not supported in combination with BYLEX');
    assert.equal(await err(client.call('ZRANGEBYLEX', 'l', 'a', '+')), 'ERR min or max not valid string range item');
  });

  test('ZRANGESTORE stores, deletes the destination on empty results, refuses WITHSCORES', async () => {
    assert.equal(await client.call('ZRANGESTORE', 'd', 'z', '1', '2'), 2);
    assert.deepEqual(await client.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES'), ['b', '2', 'c', '3']);
    assert.equal(await client.call('ZRANGESTORE', 'd', 'z', '4', '(1', 'BYSCORE', 'REV', 'LIMIT', '0', '1'), 1);
    assert.deepEqual(await client.call('ZRANGE', 'd', '0', '-1'), ['d']);
    await client.call('EXPIRE', 'd', '100');
    assert.equal(await client.call('ZRANGESTORE', 'd', 'l', '[a', '[b', 'BYLEX'), 2);
    assert.equal(await client.call('TTL', 'd'), -1, 'storing replaces the TTL');
    assert.equal(await client.call('ZRANGESTORE', 'd', 'z', '10', '20'), 0);
    assert.equal(await client.call('EXISTS', 'd'), 0);
    assert.equal(await client.call('ZRANGESTORE', 'd', 'nokey', '0', '-1'), 0);
    assert.equal(await err(client.call('ZRANGESTORE', 'd', 'z', '0', '-1', 'WITHSCORES')), 'ERR syntax error');
  });

  test('RESP3 replies doubles and nests WITHSCORES pairs', async () => {
    const { data } = await rawExchange(port, resp('HELLO', '3') + resp('ZADD', 'r3', '1.5', 'a', '2', 'b') + resp('ZSCORE', 'r3', 'a') + resp('ZRANGE', 'r3', '0', '-1', 'WITHSCORES') + resp('ZMSCORE', 'r3', 'a', 'x') + resp('ZSCORE', 'r3', 'x') + resp('ZRANK', 'r3', 'x'));
    assert.equal(afterHello(data), ':2\r\n,1.5\r\n*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n,1.5\r\n_\r\n_\r\n_\r\n');
  });
});

describe('ZREMRANGEBY*', () => {
  test('rank, score and lex ranges; the emptied key goes', async () => {
    await client.call('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f');
    assert.equal(await client.call('ZREMRANGEBYRANK', 'z', '-1', '-1'), 1);
    assert.equal(await client.call('ZREMRANGEBYRANK', 'z', '3', '1'), 0);
    assert.equal(await client.call('ZREMRANGEBYSCORE', 'z', '(1', '3'), 2);
    assert.deepEqual(await client.call('ZRANGE', 'z', '0', '-1'), ['a', 'd', 'e']);
    assert.equal(await err(client.call('ZREMRANGEBYSCORE', 'z', 'x', '1')), 'ERR min or max is not a float');
    assert.equal(await client.call('ZREMRANGEBYRANK', 'z', '0', '-1'), 3);
    assert.equal(await client.call('EXISTS', 'z'), 0);
    await client.call('ZADD', 'l', '0', 'a', '0', 'b', '0', 'c');
    assert.equal(await client.call('ZREMRANGEBYLEX', 'l', '[a', '(c'), 2);
    assert.equal(await err(client.call('ZREMRANGEBYLEX', 'l', 'a', 'c')), 'ERR min or max not valid string range item');
    assert.equal(await client.call('ZREMRANGEBYLEX', 'l', '-', '+'), 1);
    assert.equal(await client.call('EXISTS', 'l'), 0);
    assert.equal(await client.call('ZREMRANGEBYRANK', 'nokey', '0', '-1'), 0);
  });

  test('big ranges are removed from a skiplist set', async () => {
    const args: string[] = [];
    for (let i = 0; i < 1000; i++) args.push(String(i), 'm' + i);
    await client.call('ZADD', 'big', ...args);
    assert.equal(await client.call('ZREMRANGEBYSCORE', 'big', '100', '(900'), 800);
    assert.equal(await client.call('ZREMRANGEBYRANK', 'big', '0', '49'), 50);
    assert.equal(await client.call('ZCARD', 'big'), 150);
    assert.deepEqual(await client.call('ZRANGE', 'big', '49', '50'), ['m99', 'm900']);
    assert.equal(await client.call('ZRANK', 'big', 'm999'), 149);
  });
});

describe('ZUNION / ZINTER / ZDIFF / ZINTERCARD', () => {
  beforeEach(async () => {
    await client.call('ZADD', 'a', '1', 'x', '2', 'y', '3', 'z');
    await client.call('ZADD', 'b', '10', 'y', '20', 'z', '30', 'w');
    await client.call('SADD', 's', 'x', 'w', 'q');
  });

  test('weights, aggregates and plain sets scoring 1', async () => {
    assert.deepEqual(await client.call('ZUNION', '2', 'a', 'b', 'WITHSCORES'), ['x', '1', 'y', '12', 'z', '23', 'w', '30']);
    assert.deepEqual(await client.call('ZUNION', '2', 'a', 'b', 'WEIGHTS', '2', '-1', 'AGGREGATE', 'MAX', 'WITHSCORES'), ['w', '-30', 'x', '2', 'y', '4', 'z', '6']);
    assert.deepEqual(await client.call('ZUNION', '2', 'a', 's', 'WITHSCORES'), ['q', '1', 'w', '1', 'x', '2', 'y', '2', 'z', '3']);
    assert.deepEqual(await client.call('ZINTER', '2', 'a', 'b', 'AGGREGATE', 'MIN', 'WITHSCORES'), ['y', '2', 'z', '3']);
    assert.deepEqual(await client.call('ZINTER', '2', 'a', 's', 'WITHSCORES'), ['x', '2']);
    assert.deepEqual(await client.call('ZDIFF', '2', 'b', 'a', 'WITHSCORES'), ['w', '30']);
    assert.deepEqual(await client.call('ZDIFF', '3', 'b', 'a', 's'), []);
    assert.deepEqual(await client.call('ZUNION', '2', 'a', 'b', 'WEIGHTS', 'inf', '0', 'WITHSCORES'), ['w', '0', 'x', 'inf', 'y', 'inf', 'z', 'inf']);
    assert.deepEqual(await client.call('ZUNION', '2', 'a', 'b', 'WEIGHTS', 'inf', '-inf', 'WITHSCORES'), ['w', '-inf', 'y', '0', 'z', '0', 'x', 'inf']);
  });

  test('errors in Redis order', async () => {
    assert.equal(await err(client.call('ZUNION', '0', 'a')), "ERR at least 1 input key is needed for 'zunion' command");
    assert.equal(await err(client.call('ZUNIONSTORE', 'd', '0', 'a')), "ERR at least 1 input key is needed for 'zunionstore' command");
    assert.equal(await err(client.call('ZUNION', '3', 'a', 'b')), 'ERR syntax error');
    assert.equal(await err(client.call('ZUNION', 'x', 'a')), 'ERR value is not an integer or out of range');
    assert.equal(await err(client.call('ZUNION', '2', 'a', 'b', 'WEIGHTS', '1', 'x')), 'ERR weight value is not a float');
    assert.equal(await err(client.call('ZUNION', '2', 'a', 'b', 'WEIGHTS', '1')), 'ERR syntax error');
    assert.equal(await err(client.call('ZUNION', '2', 'a', 'b', 'AGGREGATE', 'avg')), 'ERR syntax error');
    assert.equal(await err(client.call('ZDIFF', '2', 'a', 'b', 'WEIGHTS', '1', '1')), 'ERR syntax error');
    assert.equal(await err(client.call('ZUNIONSTORE', 'd', '2', 'a', 'b', 'WITHSCORES')), 'ERR syntax error');
    await client.call('SET', 'str', 'v');
    assert.equal(await err(client.call('ZUNION', '2', 'str', 'a', 'WEIGHTS', 'x')), WRONGTYPE, 'types are checked before options');
  });

  test('STORE variants replace or delete the destination', async () => {
    assert.equal(await client.call('ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'), 4);
    assert.deepEqual(await client.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES'), ['x', '1', 'y', '22', 'z', '43', 'w', '60']);
    assert.equal(await client.call('ZINTERSTORE', 'd', '2', 'a', 'b'), 2);
    assert.equal(await client.call('ZDIFFSTORE', 'd', '2', 'a', 'b'), 1);
    assert.deepEqual(await client.call('ZRANGE', 'd', '0', '-1'), ['x']);
    assert.equal(await client.call('ZINTERSTORE', 'd', '2', 'a', 'nokey'), 0);
    assert.equal(await client.call('EXISTS', 'd'), 0);
    assert.equal(await client.call('ZUNIONSTORE', 'a', '2', 'a', 'b'), 4, 'the destination may be a source');
    assert.equal(await client.call('ZSCORE', 'a', 'y'), '12');
  });

  test('ZINTERCARD with LIMIT', async () => {
    assert.equal(await client.call('ZINTERCARD', '2', 'a', 'b'), 2);
    assert.equal(await client.call('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1'), 1);
    assert.equal(await client.call('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '0'), 2);
    assert.equal(await client.call('ZINTERCARD', '2', 'a', 's'), 1);
    assert.equal(await err(client.call('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '-1')), "ERR LIMIT can't be negative");
    assert.equal(await err(client.call('ZINTERCARD', '2', 'a', 'b', 'WITHSCORES')), 'ERR syntax error');
    assert.equal(await err(client.call('ZINTERCARD', '0', 'a')), "ERR at least 1 input key is needed for 'zintercard' command");
  });
});

describe('pops', () => {
  test('ZPOPMIN/ZPOPMAX with and without count', async () => {
    await client.call('ZADD', 'p', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    assert.deepEqual(await client.call('ZPOPMIN', 'p'), ['a', '1']);
    assert.deepEqual(await client.call('ZPOPMAX', 'p', '2'), ['d', '4', 'c', '3']);
    assert.deepEqual(await client.call('ZPOPMIN', 'p', '0'), []);
    assert.equal(await err(client.call('ZPOPMIN', 'p', '-1')), 'ERR value is out of range, must be positive');
    assert.equal(await err(client.call('ZPOPMIN', 'p', '1', '2')), 'ERR syntax error');
    assert.deepEqual(await client.call('ZPOPMIN', 'p', '10'), ['b', '2']);
    assert.equal(await client.call('EXISTS', 'p'), 0);
    assert.deepEqual(await client.call('ZPOPMIN', 'p'), []);
  });

  test('RESP3 shapes: flat single pop, nested pairs with COUNT', async () => {
    const { data } = await rawExchange(port, resp('HELLO', '3') + resp('ZADD', 'p3', '1', 'a', '2', 'b', '3', 'c') + resp('ZPOPMIN', 'p3') + resp('ZPOPMAX', 'p3', '1') + resp('ZMPOP', '1', 'p3', 'MIN'));
    assert.equal(afterHello(data), ':3\r\n*2\r\n$1\r\na\r\n,1\r\n*1\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n$2\r\np3\r\n*1\r\n*2\r\n$1\r\nb\r\n,2\r\n');
  });

  test('ZMPOP picks the first non-empty key and is propagated as ZPOPMIN/ZPOPMAX key count', async () => {
    await client.call('ZADD', 'm1', '1', 'a', '2', 'b');
    await capturing(async (feed, events) => {
      assert.deepEqual(await client.call('ZMPOP', '2', 'nokey', 'm1', 'MAX', 'COUNT', '5'), ['m1', [['b', '2'], ['a', '1']]]);
      assert.deepEqual(feed, [['ZPOPMAX', 'm1', '5']]);
      assert.deepEqual(events, ['z:zpopmax:m1', 'g:del:m1']);
    });
    assert.equal(await client.call('ZMPOP', '1', 'm1', 'MIN'), null);
    assert.equal(await err(client.call('ZMPOP', '0', 'm1', 'MIN')), 'ERR numkeys should be greater than 0');
    assert.equal(await err(client.call('ZMPOP', '1', 'm1', 'MIN', 'COUNT', '0')), 'ERR count should be greater than 0');
    assert.equal(await err(client.call('ZMPOP', '1', 'm1', 'LEFT')), 'ERR syntax error');
    assert.equal(await err(client.call('ZMPOP', '5', 'm1', 'MIN')), 'ERR syntax error');
  });

  test('BZPOPMIN serves at once when a key has members, propagated as ZPOPMIN', async () => {
    await client.call('ZADD', 'b', '1', 'a', '2', 'b');
    await capturing(async (feed) => {
      assert.deepEqual(await client.call('BZPOPMIN', 'nokey', 'b', '0'), ['b', 'a', '1']);
      assert.deepEqual(await client.call('BZMPOP', '0', '1', 'b', 'MAX', 'COUNT', '3'), ['b', [['b', '2']]]);
      assert.deepEqual(feed, [['ZPOPMIN', 'b'], ['ZPOPMAX', 'b', '3']]);
    });
    assert.equal(await err(client.call('BZPOPMIN', 'b', 'x')), 'ERR timeout is not a float or out of range');
    assert.equal(await err(client.call('BZPOPMIN', 'b', '-1')), 'ERR timeout is negative');
    assert.equal(await err(client.call('BZMPOP', 'x', '0', 'b', 'MIN')), 'ERR numkeys should be greater than 0', 'BZMPOP parses options before the timeout');
  });

  test('blocked clients are served in FIFO order by a later ZADD, from the key that became ready', async () => {
    const [c1, c2, c3] = [await newClient(), await newClient(), await newClient()];
    const p1 = c1.call('BZPOPMIN', 'k1', 'k2', '0');
    await sleep(20);
    const p2 = c2.call('BZPOPMAX', 'k2', '0');
    await sleep(20);
    const p3 = c3.call('BZMPOP', '0', '2', 'k1', 'k2', 'MIN', 'COUNT', '2');
    await sleep(20);
    await capturing(async (feed) => {
      await client.call('ZADD', 'k2', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
      assert.deepEqual(await p1, ['k2', 'a', '1']);
      assert.deepEqual(await p2, ['k2', 'd', '4']);
      assert.deepEqual(await p3, ['k2', [['b', '2'], ['c', '3']]]);
      assert.deepEqual(feed, [['ZADD', 'k2', '1', 'a', '2', 'b', '3', 'c', '4', 'd'], ['ZPOPMIN', 'k2'], ['ZPOPMAX', 'k2'], ['ZPOPMIN', 'k2', '2']]);
    });
    assert.equal(await client.call('EXISTS', 'k2'), 0);
  });

  test('a blocked client ignores a key that becomes another type, and times out with a null array', async () => {
    const c1 = await newClient();
    const start = Date.now();
    const p = c1.call('BZPOPMIN', 'k', '0.2');
    await sleep(30);
    await client.call('SET', 'k', 'v');
    assert.equal(await p, null);
    assert.ok(Date.now() - start >= 150);
    const { data } = await rawExchange(port, resp('HELLO', '3') + resp('BZMPOP', '0.01', '1', 'nokey', 'MIN'), 200);
    assert.ok(data.endsWith('_\r\n'));
  });

  test('inside MULTI the blocking pops do not block', async () => {
    await client.call('MULTI');
    await client.call('BZPOPMIN', 'nokey', '0');
    await client.call('BZMPOP', '0', '1', 'nokey', 'MIN');
    assert.deepEqual(await client.call('EXEC'), [null, null]);
  });
});

describe('ZRANDMEMBER', () => {
  test('counts: positive distinct, negative with repeats, whole set from the tail', async () => {
    const args: string[] = [];
    for (let i = 0; i < 50; i++) args.push(String(i), 'm' + i);
    await client.call('ZADD', 'r', ...args);
    const one = (await client.call('ZRANDMEMBER', 'r')) as string;
    assert.match(one, /^m\d+$/);
    const distinct = (await client.call('ZRANDMEMBER', 'r', '20')) as string[];
    assert.equal(new Set(distinct).size, 20);
    const few = (await client.call('ZRANDMEMBER', 'r', '5')) as string[];
    assert.equal(new Set(few).size, 5);
    const repeats = (await client.call('ZRANDMEMBER', 'r', '-200')) as string[];
    assert.equal(repeats.length, 200);
    assert.ok(new Set(repeats).size < 200);
    const withScores = (await client.call('ZRANDMEMBER', 'r', '-3', 'WITHSCORES')) as string[];
    assert.equal(withScores.length, 6);
    assert.equal(withScores[1], withScores[0].slice(1));
    const all = (await client.call('ZRANDMEMBER', 'r', '100')) as string[];
    assert.deepEqual(all, Array.from({ length: 50 }, (_, i) => 'm' + (49 - i)));
    assert.deepEqual(await client.call('ZRANDMEMBER', 'r', '0'), []);
    assert.equal(await client.call('ZRANDMEMBER', 'nokey'), null);
    assert.deepEqual(await client.call('ZRANDMEMBER', 'nokey', '3'), []);
    assert.equal(await err(client.call('ZRANDMEMBER', 'r', '1', 'WITHSCORE')), 'ERR syntax error');
    assert.equal(await err(client.call('ZRANDMEMBER', 'r', '-9223372036854775808')), 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
    assert.equal(await err(client.call('ZRANDMEMBER', 'r', '4611686018427387904', 'WITHSCORES')), 'ERR value is out of range');
  });

  test('RESP3 nests [member, score] pairs', async () => {
    const { data } = await rawExchange(port, resp('HELLO', '3') + resp('ZADD', 'r3', '1', 'a') + resp('ZRANDMEMBER', 'r3', '-2', 'WITHSCORES'));
    assert.ok(data.endsWith(':1\r\n*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\na\r\n,1\r\n'));
  });
});

describe('ZSCAN', () => {
  test('a small set comes back whole with cursor 0, scores as text', async () => {
    await client.call('ZADD', 'sc', '1', 'a', '2.5', 'b', '1.1', 'c');
    assert.deepEqual(await client.call('ZSCAN', 'sc', '0'), ['0', ['a', '1', 'c', '1.1000000000000001', 'b', '2.5']]);
    assert.deepEqual(await client.call('ZSCAN', 'sc', '0', 'MATCH', '[ab]', 'COUNT', '1'), ['0', ['a', '1', 'b', '2.5']]);
    assert.deepEqual(await client.call('ZSCAN', 'nokey', '0', 'BAD'), ['0', []]);
    assert.equal(await err(client.call('ZSCAN', 'sc', 'x')), 'ERR invalid cursor');
    assert.equal(await err(client.call('ZSCAN', 'sc', '0', 'COUNT', '0')), 'ERR syntax error');
    assert.equal(await err(client.call('ZSCAN', 'sc', '0', 'FOO', 'bar')), 'ERR syntax error');
    const { data } = await rawExchange(port, resp('HELLO', '3') + resp('ZSCAN', 'sc', '0', 'MATCH', 'a'));
    assert.ok(data.endsWith('*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'), 'bulk scores in RESP3 too');
  });

  test('a big set is walked by cursor, every member once despite writes in between', async () => {
    const args: string[] = [];
    for (let i = 0; i < 500; i++) args.push(String(i % 13), 'm' + i);
    await client.call('ZADD', 'big', ...args);
    const seen = new Map<string, string>();
    let cursor = '0';
    let round = 0;
    do {
      const [next, items] = (await client.call('ZSCAN', 'big', cursor, 'COUNT', '40')) as [string, string[]];
      for (let i = 0; i < items.length; i += 2) {
        assert.equal(seen.has(items[i]), false, items[i]);
        seen.set(items[i], items[i + 1]);
      }
      await client.call('ZADD', 'big', '7', 'extra' + round++, '99', 'm' + round);
      cursor = next;
    } while (cursor !== '0');
    for (let i = 0; i < 500; i++) assert.ok(seen.has('m' + i), 'm' + i);
    const [, matched] = (await client.call('ZSCAN', 'big', '0', 'MATCH', 'm1*', 'COUNT', '1000')) as [string, string[]];
    assert.ok(matched.length > 0 && matched.every((x, i) => i % 2 === 1 || x.startsWith('m1')));
  });
});

describe('notifications and propagation', () => {
  test('keyspace events of the write commands', async () => {
    await capturing(async (_feed, events) => {
      await client.call('ZADD', 'z', '1', 'a', '2', 'b');
      await client.call('ZADD', 'z', '1', 'a');
      await client.call('ZINCRBY', 'z', '1', 'a');
      await client.call('ZREM', 'z', 'nosuch');
      await client.call('ZREM', 'z', 'a');
      await client.call('ZREMRANGEBYSCORE', 'z', '-inf', '+inf');
      await client.call('ZADD', 'y', '1', 'a');
      await client.call('ZUNIONSTORE', 'u', '1', 'y');
      await client.call('ZINTERSTORE', 'u', '1', 'nokey');
      await client.call('ZRANGESTORE', 'r', 'y', '0', '-1');
      await client.call('ZPOPMIN', 'y');
      assert.deepEqual(events, [
        'z:zadd:z', 'z:zincr:z', 'z:zrem:z', 'z:zremrangebyscore:z', 'g:del:z', 'z:zadd:y', 'z:zunionstore:u', 'g:del:u',
        'z:zrangestore:r', 'z:zpopmin:y', 'g:del:y',
      ]);
    });
  });

  test('writes that change nothing are not propagated', async () => {
    await client.call('ZADD', 'z', '1', 'a');
    await capturing(async (feed) => {
      await client.call('ZADD', 'z', '1', 'a');
      await client.call('ZADD', 'z', 'NX', '5', 'a');
      await client.call('ZREM', 'z', 'nosuch');
      await client.call('ZPOPMIN', 'nokey');
      await client.call('ZADD', 'z', 'XX', '2', 'a');
      assert.deepEqual(feed, [['ZADD', 'z', 'XX', '2', 'a']]);
    });
  });

  test('arity and flags as COMMAND INFO reports them', async () => {
    const info = (await client.call('COMMAND', 'INFO', 'zadd', 'bzpopmin', 'zunionstore', 'zrangestore')) as unknown[][];
    assert.deepEqual(info.map((i) => i.slice(0, 7)), [
      ['zadd', -4, ['write', 'denyoom', 'fast'], 1, 1, 1, ['@write', '@sortedset', '@fast']],
      ['bzpopmin', -3, ['write', 'noscript', 'blocking', 'fast'], 1, -2, 1, ['@write', '@sortedset', '@fast', '@blocking']],
      ['zunionstore', -4, ['write', 'denyoom', 'movablekeys'], 1, 1, 1, ['@write', '@sortedset', '@slow']],
      ['zrangestore', -5, ['write', 'denyoom'], 1, 2, 1, ['@write', '@sortedset', '@slow']],
    ]);
    assert.deepEqual(await client.call('COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'), ['d', 'a', 'b']);
    assert.deepEqual(await client.call('COMMAND', 'GETKEYS', 'BZMPOP', '0', '2', 'a', 'b', 'MIN'), ['a', 'b']);
  });
});
