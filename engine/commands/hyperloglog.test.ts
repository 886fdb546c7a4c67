import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { ListValue } from '../types/list.ts';
import type { EngineNode } from '../engine-node.ts';
import { startNode } from '../../test/helpers/engine-node.ts';
import { HLL_DENSE_SIZE } from '../hll.ts';

let node: EngineNode;
let client: Redis;
let close: () => Promise<void>;
let propagated: string[][];
let events: string[];

async function error(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('expected an error reply');
}

function raw(key: string): string {
  const v = node.databases[0].get(key);
  assert.equal(typeof v, 'string');
  return v as string;
}

/** Hex of a stored value, to compare with bytes taken from redis-server 7.0.15. */
function hex(key: string): string {
  return Buffer.from(raw(key), 'latin1').toString('hex');
}

before(async () => {
  ({ node, client, close } = await startNode());
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

describe('encoding, byte for byte', () => {
  test('an empty HLL is one XZERO opcode; creating it invalidates the cache', async () => {
    assert.equal(await client.call('PFADD', 'h'), 1);
    assert.equal(hex('h'), '48594c4c0100000000000000000000807fff');
    assert.equal(await client.call('PFADD', 'h'), 0);
    assert.equal(await client.call('PFCOUNT', 'h'), 0);
    assert.equal(hex('h'), '48594c4c0100000000000000000000007fff');
  });

  test('sparse value matches redis-server', async () => {
    // GET after "PFADD h a b c" on redis-server 7.0.15.
    assert.equal(await client.call('PFADD', 'h', 'a', 'b', 'c'), 1);
    assert.equal(hex('h'), '48594c4c01000000000000000000008060f38050b1844bfb80425a');
    assert.equal(await client.call('PFCOUNT', 'h'), 3);
    assert.equal(hex('h'), '48594c4c01000000030000000000000060f38050b1844bfb80425a');
  });

  test('grows from sparse to dense past hll-sparse-max-bytes', async () => {
    for (let i = 0; i < 3000; i += 100) {
      await client.call('PFADD', 'h', ...Array.from({ length: 100 }, (_, j) => `e${i + j}`));
    }
    assert.equal(raw('h').length, HLL_DENSE_SIZE);
    assert.equal(raw('h').charCodeAt(4), 0);
    // Value from redis-server 7.0.15 for the same elements.
    assert.equal(await client.call('PFCOUNT', 'h'), 2979);
  });

  test('a lower hll-sparse-max-bytes promotes sooner', async () => {
    node.config.set('hll-sparse-max-bytes', '0');
    await client.call('PFADD', 'h', 'a');
    assert.equal(raw('h').length, HLL_DENSE_SIZE);
    node.config.set('hll-sparse-max-bytes', '3000');
  });
});

describe('PFADD / PFCOUNT / PFMERGE', () => {
  test('counts, unions and merges', async () => {
    assert.equal(await client.call('PFADD', 'a', 'x', 'y', 'z'), 1);
    assert.equal(await client.call('PFADD', 'a', 'x'), 0);
    assert.equal(await client.call('PFADD', 'b', 'z', 'w'), 1);
    assert.equal(await client.call('PFCOUNT', 'a'), 3);
    assert.equal(await client.call('PFCOUNT', 'a', 'b', 'nokey'), 4);
    assert.equal(await client.call('PFCOUNT', 'nokey'), 0);
    assert.equal(await client.call('PFMERGE', 'c', 'a', 'b'), 'OK');
    assert.equal(await client.call('PFCOUNT', 'c'), 4);
    assert.equal(await client.call('PFMERGE', 'empty'), 'OK');
    assert.equal(await client.call('PFCOUNT', 'empty'), 0);
    assert.deepEqual(events.filter((e) => !e.startsWith('m:')), ['$:pfadd:a', '$:pfadd:b', '$:pfadd:c', '$:pfadd:empty']);
  });

  test('large cardinality stays within the standard error', async () => {
    for (let i = 0; i < 20000; i += 1000) {
      await client.call('PFADD', 'h', ...Array.from({ length: 1000 }, (_, j) => `m${i + j}`));
    }
    // redis-server 7.0.15 answers exactly this for the same elements.
    assert.equal(await client.call('PFCOUNT', 'h'), 20160);
  });

  test('PFCOUNT caches the cardinality and propagates the change', async () => {
    await client.call('PFADD', 'h', 'a');
    propagated = [];
    await client.call('PFCOUNT', 'h');
    await client.call('PFCOUNT', 'h');
    assert.deepEqual(propagated, [['PFCOUNT', 'h']]);
  });

  test('the TTL is kept', async () => {
    await client.call('PFADD', 'h', 'a');
    node.databases[0].setExpire('h', Date.now() + 100_000);
    await client.call('PFADD', 'h', 'b');
    await client.call('PFCOUNT', 'h');
    await client.call('PFMERGE', 'h', 'h');
    assert.ok(node.databases[0].getExpire('h') !== undefined);
  });

  test('CLIENT PAUSE WRITE holds PFCOUNT, which may write and propagate', async () => {
    await client.call('PFADD', 'h', 'a');
    node.pause(node.clock.now() + 100_000, true);
    let reply: unknown = null;
    const pending = client.call('PFCOUNT', 'h').then((r) => (reply = r));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(reply, null);
    node.unpause();
    await pending;
    assert.equal(reply, 1);
  });

  test('errors', async () => {
    node.databases[0].set('l', ListValue.from(['x']));
    await client.call('SET', 's', 'not an hll');
    await client.call('PFADD', 'h', 'a');
    assert.match(await error(client.call('PFADD', 'l', 'a')), /^WRONGTYPE Operation/);
    assert.equal(await error(client.call('PFADD', 's', 'a')), 'WRONGTYPE Key is not a valid HyperLogLog string value.');
    assert.equal(await error(client.call('PFCOUNT', 's')), 'WRONGTYPE Key is not a valid HyperLogLog string value.');
    assert.equal(await error(client.call('PFCOUNT', 'h', 's')), 'WRONGTYPE Key is not a valid HyperLogLog string value.');
    assert.equal(await error(client.call('PFMERGE', 'h', 's')), 'WRONGTYPE Key is not a valid HyperLogLog string value.');
    // Sparse opcodes covering more than 16384 registers.
    node.databases[0].set('bad', 'HYLL\x01\0\0\0\0\0\0\0\0\0\0\x80\x7f\xff\x80');
    assert.equal(await error(client.call('PFCOUNT', 'bad')), 'INVALIDOBJ Corrupted HLL object detected');
    assert.equal(await error(client.call('PFCOUNT', 'bad', 'h')), 'INVALIDOBJ Corrupted HLL object detected');
    assert.equal(await error(client.call('PFMERGE', 'd', 'bad')), 'INVALIDOBJ Corrupted HLL object detected');
    assert.equal(await error(client.call('PFADD')), "ERR wrong number of arguments for 'pfadd' command");
  });
});
