import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { ListValue } from '../types/list.ts';
import type { EngineNode } from '../engine-node.ts';
import { rawExchange, resp, startNode } from '../../test/helpers/engine-node.ts';

let node: EngineNode;
let client: Redis;
let port: number;
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

/** Stores raw bytes under a key without going through a command. */
function store(key: string, bytes: number[]): void {
  node.databases[0].set(key, String.fromCharCode(...bytes));
}

function bytesOf(key: string): number[] {
  const v = node.databases[0].get(key);
  assert.equal(typeof v, 'string');
  return [...(v as string)].map((ch) => ch.charCodeAt(0));
}

before(async () => {
  ({ node, client, port, close } = await startNode());
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

describe('SETBIT / GETBIT', () => {
  test('sets bits most significant first and grows the string', async () => {
    assert.equal(await client.call('SETBIT', 'b', '7', '1'), 0);
    assert.deepEqual(bytesOf('b'), [1]);
    assert.equal(await client.call('SETBIT', 'b', '7', '1'), 1);
    assert.equal(await client.call('SETBIT', 'b', '0', '1'), 0);
    assert.deepEqual(bytesOf('b'), [0x81]);
    assert.equal(await client.call('SETBIT', 'b', '23', '0'), 0);
    assert.deepEqual(bytesOf('b'), [0x81, 0, 0]);
    assert.equal(await client.call('GETBIT', 'b', '0'), 1);
    assert.equal(await client.call('GETBIT', 'b', '1'), 0);
    assert.equal(await client.call('GETBIT', 'b', '1000'), 0);
    assert.equal(await client.call('GETBIT', 'nokey', '5'), 0);
  });

  test('an unchanged bit is not a write', async () => {
    await client.call('SETBIT', 'b', '3', '1');
    await client.call('SETBIT', 'b', '3', '1');
    await client.call('SETBIT', 'b', '2', '0');
    assert.deepEqual(propagated, [['SETBIT', 'b', '3', '1']]);
    assert.deepEqual(events, ['$:setbit:b']);
  });

  test('argument errors, checked before the key type', async () => {
    node.databases[0].set('l', ListValue.from(['x']));
    assert.equal(await error(client.call('SETBIT', 'l', '4294967296', '1')), 'ERR bit offset is not an integer or out of range');
    assert.equal(await error(client.call('SETBIT', 'l', '-1', '1')), 'ERR bit offset is not an integer or out of range');
    assert.equal(await error(client.call('SETBIT', 'l', '1', '2')), 'ERR bit is not an integer or out of range');
    assert.match(await error(client.call('SETBIT', 'l', '1', '1')), /^WRONGTYPE/);
    assert.equal(await error(client.call('GETBIT', 'l', 'x')), 'ERR bit offset is not an integer or out of range');
    assert.match(await error(client.call('GETBIT', 'l', '1')), /^WRONGTYPE/);
  });
});

describe('BITCOUNT', () => {
  test('byte and bit ranges', async () => {
    await client.call('SET', 'k', 'foobar');
    assert.equal(await client.call('BITCOUNT', 'k'), 26);
    assert.equal(await client.call('BITCOUNT', 'k', '0', '0'), 4);
    assert.equal(await client.call('BITCOUNT', 'k', '1', '1'), 6);
    assert.equal(await client.call('BITCOUNT', 'k', '1', '1', 'BYTE'), 6);
    assert.equal(await client.call('BITCOUNT', 'k', '5', '30', 'BIT'), 17);
    assert.equal(await client.call('BITCOUNT', 'k', '-1', '-2'), 0);
    assert.equal(await client.call('BITCOUNT', 'k', '-1', '-2', 'junk'), 0);
    assert.equal(await error(client.call('BITCOUNT', 'k', '0')), 'ERR syntax error');
    assert.equal(await error(client.call('BITCOUNT', 'k', '0', '1', 'junk')), 'ERR syntax error');
    assert.equal(await error(client.call('BITCOUNT', 'k', 'a', '1')), 'ERR value is not an integer or out of range');
    // Redis 7.0 looks the key up first: a missing key answers 0 whatever the arguments.
    assert.equal(await client.call('BITCOUNT', 'nokey', 'a', 'b'), 0);
  });
});

describe('BITPOS', () => {
  test('first set or clear bit, with BYTE and BIT ranges', async () => {
    store('k', [0xff, 0xf0, 0x00]);
    assert.equal(await client.call('BITPOS', 'k', '0'), 12);
    assert.equal(await client.call('BITPOS', 'k', '1', '2'), -1);
    assert.equal(await client.call('BITPOS', 'k', '0', '2', '-1'), 16);
    assert.equal(await client.call('BITPOS', 'k', '1', '7', '15', 'BIT'), 7);
    assert.equal(await client.call('BITPOS', 'k', '0', '0', '11', 'BIT'), -1);
    store('ones', [0xff, 0xff]);
    assert.equal(await client.call('BITPOS', 'ones', '0'), 16);
    assert.equal(await client.call('BITPOS', 'ones', '0', '0', '-1'), -1);
    assert.equal(await client.call('BITPOS', 'nokey', '0'), 0);
    assert.equal(await client.call('BITPOS', 'nokey', '1'), -1);
    assert.equal(await error(client.call('BITPOS', 'k', '2')), 'ERR The bit argument must be 1 or 0.');
    assert.equal(await error(client.call('BITPOS', 'k', '0', '0', '1', 'foo')), 'ERR syntax error');
    assert.equal(await error(client.call('BITPOS', 'k', '0', 'a')), 'ERR value is not an integer or out of range');
  });
});

describe('BITOP', () => {
  test('AND OR XOR NOT with zero padding', async () => {
    store('a', [0xf0, 0x0f, 0xff]);
    store('b', [0xff, 0x00]);
    assert.equal(await client.call('BITOP', 'AND', 'd', 'a', 'b'), 3);
    assert.deepEqual(bytesOf('d'), [0xf0, 0x00, 0x00]);
    assert.equal(await client.call('BITOP', 'or', 'd', 'a', 'b'), 3);
    assert.deepEqual(bytesOf('d'), [0xff, 0x0f, 0xff]);
    assert.equal(await client.call('BITOP', 'XOR', 'd', 'a', 'b', 'nokey'), 3);
    assert.deepEqual(bytesOf('d'), [0x0f, 0x0f, 0xff]);
    assert.equal(await client.call('BITOP', 'NOT', 'd', 'b'), 2);
    assert.deepEqual(bytesOf('d'), [0x00, 0xff]);
    assert.equal(await client.call('BITOP', 'AND', 'd', 'nokey'), 0);
    assert.equal(await client.call('EXISTS', 'd'), 0);
    assert.equal(await error(client.call('BITOP', 'NOT', 'd', 'a', 'b')), 'ERR BITOP NOT must be called with a single source key.');
    assert.equal(await error(client.call('BITOP', 'NAND', 'd', 'a')), 'ERR syntax error');
    node.databases[0].set('l', ListValue.from(['x']));
    assert.match(await error(client.call('BITOP', 'AND', 'd', 'a', 'l')), /^WRONGTYPE/);
    assert.deepEqual(events.filter((e) => e.endsWith(':d') && !e.startsWith('m:')), ['$:set:d', '$:set:d', '$:set:d', '$:set:d', 'g:del:d']);
  });
});

describe('BITFIELD / BITFIELD_RO', () => {
  test('GET SET INCRBY with overflow control', async () => {
    assert.deepEqual(await client.call('BITFIELD', 'k', 'SET', 'i8', '0', '100', 'GET', 'i8', '0'), [0, 100]);
    assert.deepEqual(await client.call('BITFIELD', 'k', 'INCRBY', 'i8', '0', '100'), [-56]);
    assert.deepEqual(await client.call('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '0', '-200'), [-128]);
    assert.deepEqual(await client.call('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'i8', '0', '-1', 'GET', 'u8', '0'), [null, 128]);
    assert.deepEqual(await client.call('BITFIELD', 'k', 'SET', 'u4', '#1', '15', 'GET', 'u4', '#1', 'GET', 'u8', '0'), [0, 15, 0x8f]);
    const { data } = await rawExchange(port, resp('BITFIELD', 'k', 'SET', 'i64', '0', '-1', 'GET', 'u63', '0', 'INCRBY', 'i64', '0', '-9223372036854775807'));
    assert.equal(data, '*3\r\n:-8142508126285856768\r\n:9223372036854775807\r\n:-9223372036854775808\r\n');
    assert.equal(await error(client.call('BITFIELD', 'k', 'GET', 'u64', '0')), 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.');
    assert.equal(await error(client.call('BITFIELD', 'k', 'OVERFLOW', 'X')), 'ERR Invalid OVERFLOW type specified');
    assert.equal(await error(client.call('BITFIELD', 'k', 'GET', 'u8')), 'ERR syntax error');
    assert.equal(await error(client.call('BITFIELD', 'k', 'SET', 'u8', '0', 'x')), 'ERR value is not an integer or out of range');
    assert.equal(await error(client.call('BITFIELD', 'k', 'GET', 'u8', '#-1')), 'ERR bit offset is not an integer or out of range');
  });

  test('reads do not create the key; writes grow it and notify once', async () => {
    assert.deepEqual(await client.call('BITFIELD', 'k', 'GET', 'u8', '100'), [0]);
    assert.equal(await client.call('EXISTS', 'k'), 0);
    assert.deepEqual(await client.call('BITFIELD', 'k', 'SET', 'u8', '#2', '255', 'SET', 'u1', '0', '1'), [0, 0]);
    assert.deepEqual(bytesOf('k'), [0x80, 0, 0xff]);
    assert.deepEqual(events.filter((e) => !e.startsWith('m:')), ['$:setbit:k']);
  });

  test('only a created, grown or changed value counts in dirty, once per changing write', async () => {
    const dirty = async (cmd: string[]) => {
      const before = node.dirty;
      await client.call(cmd[0], ...cmd.slice(1));
      return node.dirty - before;
    };
    assert.equal(await dirty(['BITFIELD', 'f', 'SET', 'i5', '0', '0']), 1, 'created');
    assert.equal(await dirty(['BITFIELD', 'f', 'SET', 'i5', '0', '0']), 0, 'unchanged');
    assert.deepEqual(propagated, [['BITFIELD', 'f', 'SET', 'i5', '0', '0']], 'an unchanged value is not propagated');
    assert.equal(await dirty(['BITFIELD', 'f', 'SET', 'i5', '0', '1']), 1);
    assert.equal(await dirty(['BITFIELD', 'f', 'SET', 'u8', '0', '1', 'SET', 'u8', '0', '2', 'SET', 'u8', '0', '2']), 2);
    assert.equal(await dirty(['BITFIELD', 'f', 'SET', 'i5', '90', '0']), 1, 'grown');
    assert.equal(await dirty(['BITFIELD', 'f', 'SET', 'u8', '0', '2', 'SET', 'u8', '200', '0']), 2, 'every write of a grown value counts');
    assert.equal(await dirty(['BITFIELD', 'f', 'INCRBY', 'i5', '0', '1']), 1);
    assert.equal(await dirty(['BITFIELD', 'f', 'INCRBY', 'i5', '0', '0']), 0);
    // OVERFLOW FAIL writes nothing: the key is created zeroed, silently, as Redis's lookup does.
    events = [];
    propagated = [];
    assert.equal(await dirty(['BITFIELD', 'g', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '10']), 0);
    assert.deepEqual(bytesOf('g'), [0]);
    assert.deepEqual(events.filter((e) => !e.startsWith('n:')), [], 'no setbit event');
    assert.deepEqual(propagated, []);
  });

  test('BITFIELD_RO only reads', async () => {
    store('k', [0x12, 0x34]);
    assert.deepEqual(await client.call('BITFIELD_RO', 'k', 'GET', 'u16', '0', 'GET', 'u4', '#1'), [0x1234, 2]);
    assert.equal(await error(client.call('BITFIELD_RO', 'k', 'SET', 'u8', '0', '1')), 'ERR BITFIELD_RO only supports the GET subcommand');
    assert.equal(await error(client.call('BITFIELD_RO', 'k', 'INCRBY', 'u8', '0', '1')), 'ERR BITFIELD_RO only supports the GET subcommand');
  });
});

describe('big values (kept as chunk trees)', () => {
  test('SETBIT / SETRANGE / BITFIELD / APPEND on a 200 KB value match a byte model', async () => {
    const model = Buffer.alloc(200_000);
    await client.call('SETBIT', 'big', String(200_000 * 8 - 1), '0');
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      const off = rand(200_000 - 16);
      const kind = rand(3);
      if (kind === 0) {
        const bit = rand(8);
        const on = rand(2);
        const old = (model[off] >> (7 - bit)) & 1;
        assert.equal(await client.call('SETBIT', 'big', String(off * 8 + bit), String(on)), old);
        if (on) model[off] |= 1 << (7 - bit);
        else model[off] &= ~(1 << (7 - bit));
      } else if (kind === 1) {
        const bytes = Buffer.from([rand(256), rand(256), rand(256)]);
        await client.call('SETRANGE', 'big', String(off), bytes);
        bytes.copy(model, off);
      } else {
        const v = rand(65536);
        await client.call('BITFIELD', 'big', 'SET', 'u16', String(off * 8), String(v));
        model.writeUInt16BE(v, off);
      }
      if (i % 50 === 0) {
        assert.equal(await client.call('GETBIT', 'big', String(off * 8)), model[off] >> 7);
        assert.equal(await client.call('BITFIELD_RO', 'big', 'GET', 'u16', String(off * 8)).then((r) => (r as number[])[0]), model.readUInt16BE(off));
      }
    }
    const popcount = [...model].reduce((n, b) => n + b.toString(2).replace(/0/g, '').length, 0);
    assert.equal(await client.call('BITCOUNT', 'big'), popcount);
    assert.equal(await client.call('BITCOUNT', 'big', '1000', '150000'), [...model.subarray(1000, 150001)].reduce((n, b) => n + b.toString(2).replace(/0/g, '').length, 0));
    assert.equal(await client.call('APPEND', 'big', 'tail'), 200_004);
    const stored = node.databases[0].get('big') as string;
    assert.equal(stored, model.toString('latin1') + 'tail');
    assert.equal(await client.call('GETRANGE', 'big', '4090', '4100'), model.subarray(4090, 4101).toString('latin1'));
    assert.equal(await client.call('STRLEN', 'big'), 200_004);
  });

  test('a far SETRANGE on a new key does not build the zeros byte by byte', async () => {
    assert.equal(await client.call('SETRANGE', 'far', '100000000', 'x'), 100_000_001);
    assert.equal(await client.call('GETBIT', 'far', String(100_000_000 * 8 + 1)), 1);
    assert.equal(await client.call('GETRANGE', 'far', '99999999', '-1'), '\0x');
  });
});
