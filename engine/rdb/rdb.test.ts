import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startNode } from '../../test/helpers/engine-node.ts';
import type { EngineNode } from '../engine-node.ts';
import type { StoredValue } from '../keyspace.ts';
import { HashValue } from '../types/hash.ts';
import { ListValue } from '../types/list.ts';
import { SetValue } from '../types/set.ts';
import { StringSet } from '../types/string-set.ts';
import { ZSetValue } from '../types/zset.ts';
import { crc64, crc64Bytes } from './crc64.ts';
import { RdbError, RdbReader, RdbWriter } from './io.ts';
import { lzfCompress, lzfDecompress } from './lzf.ts';
import { ListpackBuilder, decodeIntset, decodeListpack, decodeZiplist, decodeZipmap, encodeIntset } from './packed.ts';
import { readRdb, snapshotDatabase, writeRdb, type RdbDatabase } from './rdb-file.ts';
import { RDB_TYPE, createDumpPayload, decodeDumpPayload, decodeValue, encodeValue, verifyDumpPayload } from './value.ts';

/** A comparable form of a value: type plus plain contents (sets sorted, zsets in order). */
function plain(v: StoredValue | undefined): unknown {
  if (v === undefined) return null;
  if (typeof v === 'string') return ['string', v];
  if (v instanceof ListValue) return ['list', v.toArray()];
  if (v instanceof HashValue) return ['hash', [...v.entries()].sort()];
  if (v instanceof SetValue) return ['set', [...v.set].sort()];
  if (v instanceof ZSetValue) return ['zset', v.entries()];
  return ['?', v.kind];
}

function roundTrip(v: StoredValue): StoredValue {
  const enc = encodeValue(v);
  const r = new RdbReader(enc, 1);
  const out = decodeValue(enc[0], r);
  assert.equal(r.pos, enc.length, 'payload fully consumed');
  return out;
}

/** A payload with the DUMP footer around a hand-made type byte + body. */
function payload(body: Buffer, version = 10): Buffer {
  const v = Buffer.alloc(2);
  v.writeUInt16LE(version);
  const b = Buffer.concat([body, v]);
  return Buffer.concat([b, crc64Bytes(b)]);
}

/** A ziplist as Redis < 7 wrote them (for the legacy encodings only Redis 6 produces). */
function ziplist(entries: Array<string | number | bigint>): Buffer {
  const parts: Buffer[] = [];
  let prevlen = 0;
  for (const e of entries) {
    const body: number[] = [];
    if (typeof e === 'string') {
      const s = Buffer.from(e, 'latin1');
      if (s.length < 64) body.push(s.length);
      else if (s.length < 16384) body.push(0x40 | (s.length >> 8), s.length & 0xff);
      else body.push(0x80, (s.length >>> 24) & 0xff, (s.length >> 16) & 0xff, (s.length >> 8) & 0xff, s.length & 0xff);
      body.push(...s);
    } else {
      const n = BigInt(e);
      const le = (v: bigint, bytes: number) => {
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(v);
        return [...b.subarray(0, bytes)];
      };
      if (n >= 0n && n <= 12n) body.push(0xf1 + Number(n));
      else if (n >= -128n && n <= 127n) body.push(0xfe, ...le(n, 1));
      else if (n >= -32768n && n <= 32767n) body.push(0xc0, ...le(n, 2));
      else if (n >= -8388608n && n <= 8388607n) body.push(0xf0, ...le(n, 3));
      else if (n >= -2147483648n && n <= 2147483647n) body.push(0xd0, ...le(n, 4));
      else body.push(0xe0, ...le(n, 8));
    }
    const prev = prevlen < 254 ? [prevlen] : [254, prevlen & 0xff, (prevlen >> 8) & 0xff, (prevlen >> 16) & 0xff, prevlen >>> 24];
    const entry = Buffer.from([...prev, ...body]);
    parts.push(entry);
    prevlen = entry.length;
  }
  const content = Buffer.concat(parts);
  const out = Buffer.alloc(10 + content.length + 1);
  out.writeUInt32LE(out.length, 0);
  out.writeUInt32LE(10 + content.length - prevlen, 4);
  out.writeUInt16LE(entries.length, 8);
  content.copy(out, 10);
  out[out.length - 1] = 0xff;
  return out;
}

function zipmap(pairs: Array<[string, string]>): Buffer {
  const bytes: number[] = [pairs.length];
  for (const [k, v] of pairs) {
    bytes.push(k.length, ...Buffer.from(k, 'latin1'), v.length, 1, ...Buffer.from(v, 'latin1'), 0);
  }
  bytes.push(0xff);
  return Buffer.from(bytes);
}

function blobOf(type: number, write: (w: RdbWriter) => void): Buffer {
  const w = new RdbWriter();
  w.byte(type);
  write(w);
  return Buffer.from(w.result());
}

describe('building blocks', () => {
  test('CRC-64 (Jones) check value', () => {
    assert.equal(crc64(Buffer.from('123456789')), 0xe9c6d914c4b8d9can);
  });

  test('LZF round-trips and rejects corrupt input', () => {
    const inputs = [Buffer.alloc(1000, 'a'), Buffer.from('abcabcabcabcabcabcabcabcabcabcabc'.repeat(40)), randomBytes(3000), Buffer.from('x'.repeat(70000))];
    for (const input of inputs) {
      const c = lzfCompress(input, input.length + Math.ceil(input.length / 32) + 16);
      assert.ok(c);
      assert.deepEqual(lzfDecompress(c, input.length), input);
    }
    assert.equal(lzfCompress(randomBytes(100), 96), null, 'incompressible data does not fit');
    assert.throws(() => lzfDecompress(Buffer.from([0x20, 0x05]), 10));
    assert.throws(() => lzfDecompress(Buffer.from([0x05, 0x61]), 6));
  });

  test('listpack entries of every width', () => {
    const items = ['0', '127', '128', '-1', '4095', '-4096', '4096', '32767', '-32768', '8388607', '-8388608', '2147483647', '-2147483648', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '01', '+1', '-0', '', 'x'.repeat(63), 'y'.repeat(64), 'z'.repeat(4095), 'w'.repeat(4096), 'v'.repeat(20000)];
    const lp = new ListpackBuilder();
    for (const i of items) lp.append(i);
    const blob = lp.finish();
    assert.equal(blob.readUInt32LE(0), blob.length);
    assert.equal(blob.readUInt16LE(4), items.length);
    assert.deepEqual(decodeListpack(blob), items);
    assert.throws(() => decodeListpack(blob.subarray(0, blob.length - 1)), RdbError);
  });

  test('ziplist, intset and zipmap decoding', () => {
    const entries = ['a', 0, 12, 13, -1, 300, -70000, 5_000_000, 3_000_000_000, 'x'.repeat(100), 'y'.repeat(20000)];
    assert.deepEqual(decodeZiplist(ziplist(entries)), entries.map(String));
    const members = ['3', '-2', '70000', '1'];
    assert.deepEqual(decodeIntset(encodeIntset(members)), ['-2', '1', '3', '70000']);
    assert.equal(encodeIntset(['1', '2']).readUInt32LE(0), 2);
    assert.equal(encodeIntset(['1', '9223372036854775807']).readUInt32LE(0), 8);
    assert.deepEqual(decodeZipmap(zipmap([['f', 'v'], ['g', 'ww']])), ['f', 'v', 'g', 'ww']);
  });

  test('string encodings: small ints, LZF over 20 bytes, raw', () => {
    const cases: Array<[string, string]> = [
      ['12', 'c00c'],
      ['-129', 'c17fff'],
      ['70000', 'c270110100'],
      ['2147483648', '0a32313437343833363438'],
      ['007', '03303037'],
    ];
    for (const [s, hex] of cases) assert.equal(encodeValue(s).subarray(1).toString('hex'), hex, s);
    const long = encodeValue('a'.repeat(100));
    assert.equal(long[1], 0xc3);
    assert.equal(roundTrip('a'.repeat(100)), 'a'.repeat(100));
  });

  test('every type round-trips through encodeValue/decodeValue', () => {
    const big = Array.from({ length: 3000 }, (_, i) => `e${i}`);
    const values: StoredValue[] = [
      '',
      'x'.repeat(5000),
      '\x00\xff binary',
      ListValue.from(['a', '1', '-5', 'x'.repeat(300)]),
      ListValue.from(big),
      new HashValue(new Map([['f', 'v'], ['n', '12']])),
      new HashValue(new Map(big.map((e) => [e, e]))),
      new SetValue(new StringSet(['1', '2', '-3'])),
      new SetValue(new StringSet(['a', 'b'])),
      new SetValue(new StringSet(big)),
      ZSetValue.from([['a', 1.5], ['b', -Infinity], ['c', 0.1], ['d', 1e300]]),
      ZSetValue.from(big.map((e, i) => [e, i / 7] as [string, number])),
    ];
    for (const v of values) assert.deepEqual(plain(roundTrip(v)), plain(v));
  });

  test('legacy encodings from older Redis versions', () => {
    const cases: Array<[Buffer, unknown]> = [
      [blobOf(RDB_TYPE.LIST, (w) => (w.length(2), w.string('a'), w.string('7'))), ['list', ['a', '7']]],
      [blobOf(RDB_TYPE.LIST_ZIPLIST, (w) => w.blob(ziplist(['a', 5, 'b']))), ['list', ['a', '5', 'b']]],
      [blobOf(RDB_TYPE.LIST_QUICKLIST, (w) => (w.length(2), w.blob(ziplist(['a', 1])), w.blob(ziplist([-2, 'b'])))), ['list', ['a', '1', '-2', 'b']]],
      [blobOf(RDB_TYPE.LIST_QUICKLIST_2, (w) => (w.length(2), w.length(1), w.string('plain node'), w.length(2), w.blob(lpOf(['x'])))), ['list', ['plain node', 'x']]],
      [blobOf(RDB_TYPE.SET, (w) => (w.length(2), w.string('m'), w.string('n'))), ['set', ['m', 'n']]],
      [blobOf(RDB_TYPE.SET_LISTPACK, (w) => w.blob(lpOf(['p', 'q']))), ['set', ['p', 'q']]],
      [
        blobOf(RDB_TYPE.ZSET, (w) => {
          w.length(3);
          w.string('a');
          w.byte(3);
          w.latin1('1.5');
          w.string('b');
          w.byte(254);
          w.string('c');
          w.byte(255);
        }),
        ['zset', [['c', -Infinity], ['a', 1.5], ['b', Infinity]]],
      ],
      [blobOf(RDB_TYPE.ZSET_ZIPLIST, (w) => w.blob(ziplist(['a', 2, 'b', '1.5']))), ['zset', [['b', 1.5], ['a', 2]]]],
      [blobOf(RDB_TYPE.HASH, (w) => (w.length(1), w.string('f'), w.string('v'))), ['hash', [['f', 'v']]]],
      [blobOf(RDB_TYPE.HASH_ZIPMAP, (w) => w.blob(zipmap([['f', 'v'], ['g', 'w']]))), ['hash', [['f', 'v'], ['g', 'w']]]],
      [blobOf(RDB_TYPE.HASH_ZIPLIST, (w) => w.blob(ziplist(['f', 1, 'g', 'w']))), ['hash', [['f', '1'], ['g', 'w']]]],
    ];
    for (const [body, expected] of cases) {
      const p = payload(body);
      assert.ok(verifyDumpPayload(p));
      assert.deepEqual(plain(decodeDumpPayload(p)), expected);
    }
    for (const empty of [blobOf(RDB_TYPE.SET, (w) => w.length(0)), blobOf(RDB_TYPE.HASH_LISTPACK, (w) => w.blob(lpOf([])))]) {
      assert.throws(() => decodeDumpPayload(payload(empty)), RdbError);
    }
    assert.ok(verifyDumpPayload(payload(Buffer.from([0, 1, 0x61]), 9)), 'older RDB versions are accepted');
    assert.ok(!verifyDumpPayload(payload(Buffer.from([0, 1, 0x61]), 11)), 'newer ones are not');
  });

  test('writeRdb / readRdb round trip with expiry, IDLE and FREQ', () => {
    const dbs: RdbDatabase[] = [
      { id: 0, entries: [{ key: 'a', value: 'v', expireAt: 4102444800000 }, { key: 'l', value: ListValue.from(['x']), idleSeconds: 30 }] },
      { id: 5, entries: [{ key: 'z', value: ZSetValue.from([['m', 1]]), freq: 9 }] },
    ];
    const file = writeRdb(dbs, { now: 1_700_000_000_000 });
    assert.equal(file.toString('latin1', 0, 9), 'REDIS0010');
    const back = readRdb(file);
    assert.equal(back.version, 10);
    assert.equal(back.aux.get('redis-ver'), '7.0.15');
    assert.equal(back.aux.get('ctime'), '1700000000');
    assert.deepEqual(
      back.databases.map((d) => [d.id, d.entries.map((e) => [e.key, plain(e.value), e.expireAt, e.idleSeconds, e.freq])]),
      [
        [0, [['a', ['string', 'v'], 4102444800000, undefined, undefined], ['l', ['list', ['x']], undefined, 30, undefined]]],
        [5, [['z', ['zset', [['m', 1]]], undefined, undefined, 9]]],
      ],
    );
    const corrupt = Buffer.from(file);
    corrupt[20] ^= 0xff;
    assert.throws(() => readRdb(corrupt), RdbError);
  });
});

describe('snapshotDatabase', () => {
  test('live keys with TTLs, and IDLE or FREQ data by policy', async () => {
    const { node, close } = await startNode();
    try {
      const db = node.databases[0];
      const now = Date.now();
      db.set('a', 'v');
      db.set('b', ListValue.from(['x']));
      db.setExpire('b', now + 60_000);
      db.set('gone', 'v');
      db.setExpire('gone', now - 1);
      db.setIdleSeconds('a', 42, now);
      const plainSnap = snapshotDatabase(db, now);
      assert.deepEqual(
        plainSnap.entries.map((e) => [e.key, e.expireAt, e.idleSeconds, e.freq]),
        [
          ['a', undefined, undefined, undefined],
          ['b', now + 60_000, undefined, undefined],
        ],
      );
      assert.equal(snapshotDatabase(db, now, 'allkeys-lru').entries[0].idleSeconds, 42);
      assert.equal(snapshotDatabase(db, now, 'allkeys-lfu').entries[0].freq, 0);
      const back = readRdb(writeRdb([plainSnap]));
      assert.deepEqual(plain(back.databases[0].entries[1].value), ['list', ['x']]);
    } finally {
      await close();
    }
  });
});

function lpOf(items: string[]): Buffer {
  const lp = new ListpackBuilder();
  for (const i of items) lp.append(i);
  return lp.finish();
}

const REDIS_SERVER = '/usr/bin/redis-server';
const haveRedis = spawnSync(REDIS_SERVER, ['--version']).status === 0;

async function startRedis(port: number, args: string[]): Promise<{ proc: ChildProcess; client: Redis }> {
  const proc = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const client = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return { proc, client };
    } catch {
      client.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  proc.kill();
  throw new Error(`redis-server did not start on ${port}`);
}

/** The same comparable form as `plain`, read from a server with ordinary commands. */
async function plainFromServer(r: Redis, key: string): Promise<unknown> {
  const type = await r.type(key);
  switch (type) {
    case 'string':
      return ['string', (await r.getBuffer(key))!.toString('latin1')];
    case 'list':
      return ['list', (await r.lrangeBuffer(key, 0, -1)).map((b) => b.toString('latin1'))];
    case 'hash': {
      const flat = (await r.callBuffer('HGETALL', key)) as Buffer[];
      const pairs: Array<[string, string]> = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i].toString('latin1'), flat[i + 1].toString('latin1')]);
      return ['hash', pairs.sort()];
    }
    case 'set':
      return ['set', ((await r.callBuffer('SMEMBERS', key)) as Buffer[]).map((b) => b.toString('latin1')).sort()];
    case 'zset': {
      const flat = (await r.callBuffer('ZRANGE', key, '0', '-1', 'WITHSCORES')) as Buffer[];
      const pairs: Array<[string, number]> = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i].toString('latin1'), Number(flat[i + 1].toString().replace(/^(-?)inf$/, '$1Infinity'))]);
      return ['zset', pairs];
    }
    default:
      return null;
  }
}

describe('against a real redis-server 7.0', { skip: haveRedis ? false : 'redis-server is not installed' }, () => {
  let real: Redis;
  let proc: ChildProcess;
  let node: EngineNode;
  let ours: Redis;
  let closeNode: () => Promise<void>;
  let dir: string;
  const keys: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rdb-test-'));
    ({ proc, client: real } = await startRedis(7321, ['--dir', dir]));
    ({ node, client: ours, close: closeNode } = await startNode());
    await real.flushall();
    const big = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? String(i * 7919) : `item:${i}`));
    const p = real.pipeline();
    const add = (key: string, ...cmd: Array<string | Buffer>) => {
      keys.push(key);
      p.call(String(cmd[0]), key, ...cmd.slice(1));
    };
    add('s:int', 'SET', '12345');
    add('s:neg', 'SET', '-2147483648');
    add('s:bigint', 'SET', '123456789012345678');
    add('s:short', 'SET', 'hello');
    add('s:empty', 'SET', '');
    add('s:long', 'SET', 'abc'.repeat(2000));
    add('s:random', 'SET', randomBytes(700));
    add('l:small', 'RPUSH', 'a', '1', '-7', '70000', '9223372036854775807', 'x'.repeat(100));
    add('l:big', 'RPUSH', ...big);
    add('l:huge-item', 'RPUSH', 'a', 'y'.repeat(20000), 'b');
    add('l:pushed-left', 'LPUSH', ...big.slice(0, 3000));
    add('h:small', 'HSET', 'f1', 'v1', 'n', '42', 'empty', '');
    add('h:bigvalue', 'HSET', 'f', 'z'.repeat(65));
    add('h:big', 'HSET', ...big.slice(0, 1200).flatMap((e, i) => [e, String(i)]));
    add('set:int', 'SADD', '1', '-5', '300', '70000', '-9223372036854775808');
    add('set:bigint', 'SADD', ...Array.from({ length: 600 }, (_, i) => String(i * 3)));
    add('set:str', 'SADD', 'a', 'b', 'c');
    add('z:small', 'ZADD', '1', 'a', '2.5', 'b', '-3', 'c', '0.1', 'd', '1e20', 'e', '+inf', 'f', '-inf', 'g');
    add('z:big', 'ZADD', ...big.slice(0, 300).flatMap((e, i) => [String(i / 3), e]));
    add('z:longmember', 'ZADD', '1', 'm'.repeat(65));
    await p.exec();
    await real.pexpire('s:short', 100000);
  });

  after(async () => {
    real?.disconnect();
    proc?.kill();
    await closeNode?.();
    rmSync(dir, { recursive: true, force: true });
  });

  test('DUMP from redis-server → RESTORE here: same contents, and our DUMP is byte-identical', async () => {
    for (const key of keys) {
      const dumped = (await real.dumpBuffer(key))!;
      assert.equal(await ours.call('RESTORE', key, '0', dumped), 'OK', key);
      const expected = await plainFromServer(real, key);
      assert.deepEqual(plain(node.databases[0].peek(key)), expected, key);
      // Hash-table encodings come out in hash order, which differs from run to run, and list
      // node boundaries depend on which end the list grew from.
      const enc = await real.object('ENCODING', key);
      if (enc !== 'hashtable' && enc !== 'skiplist' && key !== 'l:pushed-left') {
        assert.deepEqual(await ours.callBuffer('DUMP', key), dumped, `DUMP ${key} (${enc})`);
      }
    }
  });

  test('DUMP here → RESTORE into redis-server: same contents', async () => {
    for (const key of keys) {
      const ourDump = (await ours.callBuffer('DUMP', key)) as Buffer;
      assert.equal(await real.call('RESTORE', `copy:${key}`, '0', ourDump), 'OK', key);
      assert.deepEqual(await plainFromServer(real, `copy:${key}`), await plainFromServer(real, key), key);
      assert.equal(await real.object('ENCODING', `copy:${key}`), await real.object('ENCODING', key), key);
    }
  });

  test('an RDB file saved by redis-server reads back', async () => {
    await real.save();
    const file = readRdb(readFileSync(join(dir, 'dump.rdb')));
    assert.equal(file.aux.get('redis-ver'), '7.0.15');
    const db0 = file.databases.find((d) => d.id === 0)!;
    const byKey = new Map(db0.entries.map((e) => [e.key, e]));
    for (const key of keys) assert.deepEqual(plain(byKey.get(key)!.value), await plainFromServer(real, key), key);
    const ttl = byKey.get('s:short')!.expireAt!;
    assert.ok(Math.abs(ttl - Date.now() - 100000) < 5000);
  });

  test('writeRdb output loads into redis-server with keys, databases, TTLs and idle times', async () => {
    const loadDir = mkdtempSync(join(tmpdir(), 'rdb-load-'));
    const now = Date.now();
    const big = Array.from({ length: 2000 }, (_, i) => `m${i}`);
    const dbs: RdbDatabase[] = [
      {
        id: 0,
        entries: [
          { key: 'str', value: 'plain' },
          { key: 'num', value: '-42' },
          { key: 'long', value: 'q'.repeat(10000), expireAt: now + 3_600_000 },
          { key: 'gone', value: 'expired already', expireAt: now - 1000 },
          { key: 'list', value: ListValue.from(big), idleSeconds: 500 },
          { key: 'hash', value: new HashValue(new Map([['f', 'v']])) },
          { key: 'bighash', value: new HashValue(new Map(big.map((m) => [m, m]))) },
          { key: 'intset', value: new SetValue(new StringSet(['3', '1', '2'])) },
          { key: 'set', value: new SetValue(new StringSet(big)) },
          { key: 'zset', value: ZSetValue.from([['a', 1], ['b', 0.5]]) },
          { key: 'bigzset', value: ZSetValue.from(big.map((m, i) => [m, i] as [string, number])) },
        ],
      },
      { id: 3, entries: [{ key: 'other', value: 'db3', expireAt: now + 60_000 }] },
    ];
    writeFileSync(join(loadDir, 'snap.rdb'), writeRdb(dbs, { now }));
    const { proc: loader, client } = await startRedis(7322, ['--dir', loadDir, '--dbfilename', 'snap.rdb', '--maxmemory-policy', 'allkeys-lru']);
    try {
      assert.equal(await client.dbsize(), 10, 'the expired key is dropped on load');
      // Before anything reads the key, which would reset its idle time.
      const idle = (await client.object('IDLETIME', 'list')) as number;
      assert.ok(idle >= 500, `idle ${idle}`);
      for (const e of dbs[0].entries) {
        if (e.key === 'gone') continue;
        assert.deepEqual(await plainFromServer(client, e.key), plain(e.value), e.key);
      }
      const pttl = await client.pttl('long');
      assert.ok(pttl > 3_500_000 && pttl <= 3_600_000, String(pttl));
      assert.equal(await client.object('ENCODING', 'intset'), 'intset');
      assert.equal(await client.object('ENCODING', 'bigzset'), 'skiplist');
      await client.select(3);
      assert.equal(await client.get('other'), 'db3');
      const ttl = await client.ttl('other');
      assert.ok(ttl > 50, `ttl ${ttl}`);
    } finally {
      client.disconnect();
      loader.kill();
      rmSync(loadDir, { recursive: true, force: true });
    }
  });
});
