import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { ListValue } from '../types/list.ts';
import { ManualClock } from '../clock.ts';
import type { EngineNode } from '../engine-node.ts';
import { rawExchange, resp, startNode } from '../../test/helpers/engine-node.ts';
import { addLongDouble, formatLongDoubleHuman, parseLongDouble, stringEncoding } from './strings.ts';

const clock = new ManualClock(1_700_000_000_000);
let node: EngineNode;
let client: Redis;
let port: number;
let close: () => Promise<void>;
let propagated: string[][];
let events: string[];

/** The error message a command replies, or fails the test if it succeeds. */
async function error(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('expected an error reply');
}

before(async () => {
  ({ node, client, port, close } = await startNode({ clock }));
  node.replicationFeed = (_db, argv) => propagated.push(argv);
  node.notifyKeyspaceEvent = (type, event, key) => {
    events.push(`${type}:${event}:${key}`);
  };
});

after(async () => {
  await close();
});

beforeEach(() => {
  node.flushAll();
  propagated = [];
  events = [];
});

function storeList(key: string): void {
  node.databases[0].set(key, ListValue.from(['x']));
}

describe('GET / SET', () => {
  test('basic set and get, binary safe', async () => {
    assert.equal(await client.call('GET', 'k'), null);
    assert.equal(await client.call('SET', 'k', 'v'), 'OK');
    assert.equal(await client.call('GET', 'k'), 'v');
    const { data } = await rawExchange(port, resp('SET', 'b', 'a\x00b') + resp('GET', 'b'));
    assert.equal(data, '+OK\r\n$3\r\na\x00b\r\n');
  });

  test('NX / XX / GET', async () => {
    assert.equal(await client.call('SET', 'k', 'v1', 'NX'), 'OK');
    assert.equal(await client.call('SET', 'k', 'v2', 'NX'), null);
    assert.equal(await client.call('SET', 'k', 'v3', 'XX'), 'OK');
    assert.equal(await client.call('SET', 'nokey', 'v', 'XX'), null);
    assert.equal(await client.call('SET', 'k', 'v4', 'GET'), 'v3');
    assert.equal(await client.call('SET', 'k', 'v5', 'NX', 'GET'), 'v4');
    assert.equal(await client.call('GET', 'k'), 'v4');
    assert.equal(await client.call('SET', 'fresh', 'x', 'NX', 'GET'), null);
    assert.equal(await client.call('GET', 'fresh'), 'x');
    assert.equal(await error(client.call('SET', 'k', 'v', 'NX', 'XX')), 'ERR syntax error');
    storeList('l');
    assert.match(await error(client.call('SET', 'l', 'v', 'GET')), /^WRONGTYPE/);
    assert.equal(await client.call('SET', 'l', 'v'), 'OK');
  });

  test('expire options and their errors', async () => {
    await client.call('SET', 'k', 'v', 'EX', '100');
    assert.equal(node.databases[0].getExpire('k'), clock.now() + 100_000);
    await client.call('SET', 'k', 'v', 'PX', '1500');
    assert.equal(node.databases[0].getExpire('k'), clock.now() + 1500);
    await client.call('SET', 'k', 'v', 'EXAT', '4102444800');
    assert.equal(node.databases[0].getExpire('k'), 4102444800000);
    await client.call('SET', 'k', 'v2', 'KEEPTTL');
    assert.equal(node.databases[0].getExpire('k'), 4102444800000);
    await client.call('SET', 'k', 'v3');
    assert.equal(node.databases[0].getExpire('k'), undefined);
    await client.call('SET', 'k', 'v', 'EX', '10', 'EX', '20');
    assert.equal(node.databases[0].getExpire('k'), clock.now() + 20_000);
    assert.equal(await error(client.call('SET', 'k', 'v', 'EX', '10', 'PX', '10')), 'ERR syntax error');
    assert.equal(await error(client.call('SET', 'k', 'v', 'KEEPTTL', 'EX', '10')), 'ERR syntax error');
    assert.equal(await error(client.call('SET', 'k', 'v', 'EX')), 'ERR syntax error');
    assert.equal(await error(client.call('SET', 'k', 'v', 'PERSIST')), 'ERR syntax error');
    assert.equal(await error(client.call('SET', 'k', 'v', 'EX', 'x')), 'ERR value is not an integer or out of range');
    assert.equal(await error(client.call('SET', 'k', 'v', 'EX', '0')), "ERR invalid expire time in 'set' command");
    assert.equal(await error(client.call('SET', 'k', 'v', 'PX', '-1')), "ERR invalid expire time in 'set' command");
    assert.equal(await error(client.call('SET', 'k', 'v', 'EX', '9223372036854775')), "ERR invalid expire time in 'set' command");
    assert.equal(await error(client.call('SET', 'k', 'v', 'PX', '9223372036854775807')), "ERR invalid expire time in 'set' command");
    assert.equal(await error(client.call('SET', 'k', 'v', 'EXAT', '9223372036854775807')), "ERR invalid expire time in 'set' command");
    // A timestamp in the past is accepted and the key is gone at once.
    assert.equal(await client.call('SET', 'k', 'v', 'PXAT', '1'), 'OK');
    assert.equal(await client.call('GET', 'k'), null);
  });

  test('keys expire with the node clock', async () => {
    await client.call('SET', 'k', 'v', 'PX', '1000');
    clock.advance(1000);
    assert.equal(await client.call('GET', 'k'), 'v');
    clock.advance(1);
    assert.equal(await client.call('GET', 'k'), null);
  });

  test('propagation: relative expiry as PXAT, GET dropped', async () => {
    await client.call('SET', 'k', 'v', 'EX', '10', 'NX');
    await client.call('SET', 'k', 'w', 'GET', 'XX');
    await client.call('SET', 'k', 'x', 'PXAT', '4102444800000', 'GET');
    await client.call('SET', 'k', 'y', 'NX');
    assert.deepEqual(propagated, [
      ['SET', 'k', 'v', 'PXAT', String(clock.now() + 10_000)],
      ['SET', 'k', 'w', 'XX'],
      ['SET', 'k', 'x', 'PXAT', '4102444800000', 'GET'],
    ]);
  });

  test('notifications and keyspace stats', async () => {
    const hits = node.stats.keyspaceHits;
    const misses = node.stats.keyspaceMisses;
    await client.call('SET', 'k', 'v', 'EX', '10');
    await client.call('GET', 'k');
    await client.call('GET', 'missing');
    assert.deepEqual(events, ['$:set:k', 'g:expire:k', 'm:keymiss:missing']);
    assert.equal(node.stats.keyspaceHits - hits, 1);
    assert.equal(node.stats.keyspaceMisses - misses, 1);
  });

  test('arity', async () => {
    assert.equal(await error(client.call('SET', 'k')), "ERR wrong number of arguments for 'set' command");
    assert.equal(await error(client.call('GET')), "ERR wrong number of arguments for 'get' command");
  });
});

describe('SETNX / SETEX / PSETEX / GETSET / GETDEL / GETEX', () => {
  test('SETNX', async () => {
    assert.equal(await client.call('SETNX', 'k', 'a'), 1);
    assert.equal(await client.call('SETNX', 'k', 'b'), 0);
    assert.equal(await client.call('GET', 'k'), 'a');
  });

  test('SETEX / PSETEX', async () => {
    assert.equal(await client.call('SETEX', 'k', '100', 'v'), 'OK');
    assert.equal(node.databases[0].getExpire('k'), clock.now() + 100_000);
    assert.equal(await client.call('PSETEX', 'p', '1500', 'v'), 'OK');
    assert.equal(node.databases[0].getExpire('p'), clock.now() + 1500);
    assert.equal(await error(client.call('SETEX', 'k', '0', 'v')), "ERR invalid expire time in 'setex' command");
    assert.equal(await error(client.call('PSETEX', 'k', '-5', 'v')), "ERR invalid expire time in 'psetex' command");
    assert.equal(await error(client.call('SETEX', 'k', 'abc', 'v')), 'ERR value is not an integer or out of range');
    assert.deepEqual(propagated, [
      ['SET', 'k', 'v', 'PXAT', String(clock.now() + 100_000)],
      ['SET', 'p', 'v', 'PXAT', String(clock.now() + 1500)],
    ]);
  });

  test('GETSET drops the TTL and propagates as SET', async () => {
    assert.equal(await client.call('GETSET', 'k', 'a'), null);
    await client.call('SETEX', 'k', '100', 'b');
    assert.equal(await client.call('GETSET', 'k', 'c'), 'b');
    assert.equal(node.databases[0].getExpire('k'), undefined);
    assert.deepEqual(propagated.at(-1), ['SET', 'k', 'c']);
    storeList('l');
    assert.match(await error(client.call('GETSET', 'l', 'x')), /^WRONGTYPE/);
  });

  test('GETDEL', async () => {
    await client.call('SET', 'k', 'v');
    assert.equal(await client.call('GETDEL', 'k'), 'v');
    assert.equal(await client.call('GETDEL', 'k'), null);
    assert.deepEqual(propagated, [['SET', 'k', 'v'], ['DEL', 'k']]);
    assert.deepEqual(events, ['$:set:k', 'g:del:k', 'm:keymiss:k']);
    storeList('l');
    assert.match(await error(client.call('GETDEL', 'l')), /^WRONGTYPE/);
  });

  test('GETEX', async () => {
    await client.call('SET', 'k', 'v');
    assert.equal(await client.call('GETEX', 'k', 'EX', '100'), 'v');
    assert.equal(node.databases[0].getExpire('k'), clock.now() + 100_000);
    assert.equal(await client.call('GETEX', 'k', 'PERSIST'), 'v');
    assert.equal(node.databases[0].getExpire('k'), undefined);
    assert.equal(await client.call('GETEX', 'k', 'PERSIST'), 'v');
    assert.equal(await client.call('GETEX', 'k', 'PXAT', String(clock.now() + 5)), 'v');
    assert.equal(await client.call('GETEX', 'k', 'EXAT', '1'), 'v');
    assert.equal(await client.call('EXISTS', 'k'), 0);
    assert.deepEqual(propagated, [
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', String(clock.now() + 100_000)],
      ['PERSIST', 'k'],
      ['GETEX', 'k', 'PXAT', String(clock.now() + 5)],
      ['DEL', 'k'],
    ]);
    assert.equal(await client.call('GETEX', 'nokey', 'EX', 'abc'), null);
    await client.call('SET', 'k', 'v');
    assert.equal(await error(client.call('GETEX', 'k', 'EX', 'abc')), 'ERR value is not an integer or out of range');
    assert.equal(await error(client.call('GETEX', 'k', 'EX', '0')), "ERR invalid expire time in 'getex' command");
    assert.equal(await error(client.call('GETEX', 'k', 'NX')), 'ERR syntax error');
    assert.equal(await error(client.call('GETEX', 'k', 'EX', '1', 'PERSIST')), 'ERR syntax error');
  });
});

describe('MGET / MSET / MSETNX', () => {
  test('multi-key reads and writes', async () => {
    assert.equal(await client.call('MSET', 'a', '1', 'b', '2'), 'OK');
    storeList('l');
    assert.deepEqual(await client.call('MGET', 'a', 'b', 'c', 'l'), ['1', '2', null, null]);
    assert.equal(await client.call('MSETNX', 'c', '3', 'a', '9'), 0);
    assert.equal(await client.call('MSETNX', 'c', '3', 'd', '4'), 1);
    assert.deepEqual(await client.call('MGET', 'a', 'c', 'd'), ['1', '3', '4']);
    assert.equal(await error(client.call('MSET', 'a', '1', 'b')), "ERR wrong number of arguments for 'mset' command");
    assert.equal(await error(client.call('MSETNX', 'a', '1', 'b')), "ERR wrong number of arguments for 'msetnx' command");
  });
});

describe('APPEND / STRLEN / SETRANGE / GETRANGE', () => {
  test('APPEND keeps the TTL', async () => {
    assert.equal(await client.call('APPEND', 'k', 'Hello'), 5);
    node.databases[0].setExpire('k', clock.now() + 5000);
    assert.equal(await client.call('APPEND', 'k', ' World'), 11);
    assert.equal(await client.call('GET', 'k'), 'Hello World');
    assert.equal(node.databases[0].getExpire('k'), clock.now() + 5000);
    assert.equal(await client.call('STRLEN', 'k'), 11);
    assert.equal(await client.call('STRLEN', 'nokey'), 0);
    assert.equal(await client.call('APPEND', 'e', ''), 0);
    assert.equal(await client.call('EXISTS', 'e'), 1);
  });

  test('SETRANGE pads with zero bytes and respects proto-max-bulk-len', async () => {
    assert.equal(await client.call('SETRANGE', 'k', '3', 'ab'), 5);
    const { data } = await rawExchange(port, resp('GET', 'k'));
    assert.equal(data, '$5\r\n\x00\x00\x00ab\r\n');
    assert.equal(await client.call('SETRANGE', 'k', '1', 'XYZW'), 5);
    assert.equal(await client.call('SETRANGE', 'k', '0', ''), 5);
    assert.equal(await client.call('SETRANGE', 'none', '10', ''), 0);
    assert.equal(await client.call('EXISTS', 'none'), 0);
    assert.equal(await error(client.call('SETRANGE', 'k', '-1', 'x')), 'ERR offset is out of range');
    assert.equal(await error(client.call('SETRANGE', 'k', '536870912', 'x')), 'ERR string exceeds maximum allowed size (proto-max-bulk-len)');
    assert.equal(await error(client.call('SETRANGE', 'k', 'x', 'x')), 'ERR value is not an integer or out of range');
  });

  test('GETRANGE / SUBSTR index rules', async () => {
    await client.call('SET', 'k', 'This is a string');
    assert.equal(await client.call('GETRANGE', 'k', '0', '3'), 'This');
    assert.equal(await client.call('GETRANGE', 'k', '-3', '-1'), 'ing');
    assert.equal(await client.call('GETRANGE', 'k', '0', '-1'), 'This is a string');
    assert.equal(await client.call('GETRANGE', 'k', '10', '100'), 'string');
    assert.equal(await client.call('GETRANGE', 'k', '-1', '-5'), '');
    assert.equal(await client.call('GETRANGE', 'k', '-100', '2'), 'Thi');
    assert.equal(await client.call('SUBSTR', 'k', '5', '6'), 'is');
    assert.equal(await client.call('GETRANGE', 'nokey', '0', '-1'), '');
    assert.equal(await error(client.call('GETRANGE', 'k', 'a', '1')), 'ERR value is not an integer or out of range');
  });
});

describe('INCR family', () => {
  test('integer arithmetic and errors', async () => {
    assert.equal(await client.call('INCR', 'c'), 1);
    assert.equal(await client.call('INCRBY', 'c', '41'), 42);
    assert.equal(await client.call('DECR', 'c'), 41);
    assert.equal(await client.call('DECRBY', 'c', '50'), -9);
    await client.call('SET', 'big', '9223372036854775806');
    assert.equal((await rawExchange(port, resp('INCR', 'big'))).data, ':9223372036854775807\r\n');
    assert.equal(await client.call('GET', 'big'), '9223372036854775807');
    assert.equal(await error(client.call('INCR', 'big')), 'ERR increment or decrement would overflow');
    await client.call('SET', 'big', '9007199254740993');
    await client.call('INCR', 'big');
    assert.equal(await client.call('GET', 'big'), '9007199254740994');
    await client.call('SET', 's', '-9223372036854775807');
    await client.call('DECR', 's');
    assert.equal(await client.call('GET', 's'), '-9223372036854775808');
    assert.equal(await error(client.call('DECRBY', 's', '1')), 'ERR increment or decrement would overflow');
    assert.equal(await error(client.call('DECRBY', 'c', '-9223372036854775808')), 'ERR decrement would overflow');
    await client.call('SET', 'f', '1.5');
    assert.equal(await error(client.call('INCR', 'f')), 'ERR value is not an integer or out of range');
    assert.equal(await error(client.call('INCRBY', 'c', '+1')), 'ERR value is not an integer or out of range');
    storeList('l');
    assert.match(await error(client.call('INCR', 'l')), /^WRONGTYPE/);
  });

  test('the TTL survives INCR', async () => {
    await client.call('SETEX', 'c', '100', '5');
    await client.call('INCRBY', 'c', '5');
    assert.equal(node.databases[0].getExpire('c'), clock.now() + 100_000);
    assert.equal(events.at(-1), '$:incrby:c');
  });

  test('INCRBYFLOAT uses long double precision and replicates as SET KEEPTTL', async () => {
    assert.equal(await client.call('INCRBYFLOAT', 'f', '10.5'), '10.5');
    assert.equal(await client.call('INCRBYFLOAT', 'f', '0.1'), '10.6');
    assert.equal(await client.call('INCRBYFLOAT', 'f', '-5'), '5.6');
    // 5.6 in long double is not exact: redis-server prints the same digits.
    assert.equal(await client.call('INCRBYFLOAT', 'f', '1e3'), '1005.59999999999999998');
    assert.equal(await client.call('INCRBYFLOAT', 'g', '1e20'), '100000000000000000000');
    assert.equal(await client.call('INCRBYFLOAT', 'h', '0x10'), '16');
    assert.equal(await client.call('INCRBYFLOAT', 'i', '-1e-20'), '0');
    assert.equal(await error(client.call('INCRBYFLOAT', 'f', 'abc')), 'ERR value is not a valid float');
    assert.equal(await error(client.call('INCRBYFLOAT', 'f', ' 1')), 'ERR value is not a valid float');
    assert.equal(await error(client.call('INCRBYFLOAT', 'f', '1e5000')), 'ERR value is not a valid float');
    assert.equal(await error(client.call('INCRBYFLOAT', 'f', 'inf')), 'ERR increment would produce NaN or Infinity');
    assert.deepEqual(propagated[1], ['SET', 'f', '10.6', 'KEEPTTL']);
    assert.equal(events[0], '$:incrbyfloat:f');
  });

  test('long double helpers', () => {
    const add = (a: string, b: string) => formatLongDoubleHuman(addLongDouble(parseLongDouble(a)!, parseLongDouble(b)!)!);
    assert.equal(add('0.1', '0.2'), '0.3');
    assert.equal(add('3', '0.5'), '3.5');
    assert.equal(add('1e300', '0').slice(0, 30), '100000000000000000000899732407');
    assert.equal(add('0.000003814697265625', '0'), '0.00000381469726562');
    assert.equal(parseLongDouble('nan'), null);
    assert.equal(parseLongDouble(''), null);
    assert.equal(parseLongDouble('1e-5000'), null);
    assert.notEqual(parseLongDouble('0e-5000'), null);
  });
});

describe('LCS', () => {
  test('string, LEN, IDX with match lengths', async () => {
    await client.call('MSET', 'a', 'ohmytext', 'b', 'mynewtext');
    assert.equal(await client.call('LCS', 'a', 'b'), 'mytext');
    assert.equal(await client.call('LCS', 'a', 'b', 'LEN'), 6);
    assert.deepEqual(await client.call('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'), ['matches', [[[4, 7], [5, 8], 4]], 'len', 6]);
    assert.deepEqual(await client.call('LCS', 'a', 'b', 'IDX'), ['matches', [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], 'len', 6]);
    assert.equal(await client.call('LCS', 'a', 'nokey'), '');
    assert.equal(await error(client.call('LCS', 'a', 'b', 'IDX', 'LEN')), 'ERR If you want both the length and indexes, please just use IDX.');
    assert.equal(await error(client.call('LCS', 'a', 'b', 'MINMATCHLEN')), 'ERR syntax error');
    storeList('l');
    assert.equal(await error(client.call('LCS', 'a', 'l')), 'ERR The specified keys must contain string values');
  });

  test('IDX is a map in RESP3', async () => {
    await client.call('MSET', 'a', 'abc', 'b', 'abc');
    const { data } = await rawExchange(port, resp('HELLO', '3') + resp('LCS', 'a', 'b', 'IDX'));
    assert.ok(data.endsWith('%2\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:0\r\n:2\r\n*2\r\n:0\r\n:2\r\n$3\r\nlen\r\n:3\r\n'));
  });
});

describe('stringEncoding', () => {
  test('int, embstr, raw', () => {
    assert.equal(stringEncoding('12345'), 'int');
    assert.equal(stringEncoding('-9223372036854775808'), 'int');
    assert.equal(stringEncoding('9223372036854775808'), 'embstr');
    assert.equal(stringEncoding('012'), 'embstr');
    assert.equal(stringEncoding('x'.repeat(44)), 'embstr');
    assert.equal(stringEncoding('x'.repeat(45)), 'raw');
  });
});

describe('WATCH sees string writes', () => {
  test('a write marks watchers dirty', async () => {
    const before = node.dirty;
    await client.call('SET', 'k', 'v');
    await client.call('APPEND', 'k', 'w');
    await client.call('SETNX', 'k', 'x');
    assert.equal(node.dirty - before, 2);
  });
});
