import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startNode, rawExchange } from '../../test/helpers/engine-node.ts';
import { ManualClock } from '../clock.ts';

test('MULTI/EXEC/DISCARD replies and errors', async () => {
  const { port, close } = await startNode();
  try {
    const r = await rawExchange(
      port,
      'MULTI\r\nSET a 1\r\nINCR a\r\nEXEC\r\nMULTI\r\nMULTI\r\nWATCH x\r\nDISCARD\r\nEXEC\r\nDISCARD\r\n' +
        'MULTI\r\nFOO\r\nSET a\r\nEXEC\r\nMULTI\r\nSET s x\r\nINCR s\r\nGET s\r\nEXEC\r\nEXEC x\r\nMULTI\r\nEXEC x\r\nEXEC\r\n',
    );
    assert.equal(
      r.data,
      '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n:2\r\n' +
        '+OK\r\n-ERR MULTI calls can not be nested\r\n-ERR WATCH inside MULTI is not allowed\r\n+OK\r\n-ERR EXEC without MULTI\r\n-ERR DISCARD without MULTI\r\n' +
        "+OK\r\n-ERR unknown command 'FOO', with args beginning with: \r\n-ERR wrong number of arguments for 'set' command\r\n-EXECABORT Transaction discarded because of previous errors.\r\n" +
        '+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n+OK\r\n-ERR value is not an integer or out of range\r\n$1\r\nx\r\n' +
        "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n" +
        "+OK\r\n-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n-ERR EXEC without MULTI\r\n",
    );
    const resp3 = await rawExchange(port, 'HELLO 3\r\nWATCH k\r\nSET k 1\r\nMULTI\r\nPING\r\nEXEC\r\n');
    assert.ok(resp3.data.endsWith('+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n_\r\n'), resp3.data);
  } finally {
    await close();
  }
});

test('WATCH is dirtied by other clients, FLUSHALL, FLUSHDB, SWAPDB and expiry', async () => {
  const clock = new ManualClock(1_000_000);
  const { client, port, close } = await startNode({ clock });
  const other = new Redis({ port, lazyConnect: true });
  await other.connect();
  try {
    const run = async (setup: () => Promise<unknown>) => {
      await client.watch('w');
      await setup();
      return client.multi().ping().exec();
    };
    assert.deepEqual(await run(async () => undefined), [[null, 'PONG']]);
    assert.equal(await run(() => other.set('w', '1')), null);
    assert.equal(await run(() => other.flushall()), null);
    assert.deepEqual(await run(() => other.flushall()), [[null, 'PONG']], 'flushing an empty db touches nothing');
    await client.set('w', 'v');
    assert.equal(await run(() => other.flushdb()), null);
    await client.call('SELECT', '1');
    await client.set('w', 'in1');
    await client.call('SELECT', '0');
    assert.equal(await run(() => other.swapdb(0, 1)), null);
    assert.equal(await client.get('w'), 'in1');
    await client.set('w', 'x', 'PX', 100);
    assert.equal(
      await run(async () => clock.advance(200)),
      null,
      'a watched key that expires fails EXEC even before it is deleted',
    );
    await client.set('e', 'x', 'PX', 100);
    clock.advance(200);
    await client.watch('e');
    assert.equal(await client.exists('e'), 0);
    assert.deepEqual(await client.multi().ping().exec(), [[null, 'PONG']], 'deleting an already expired key is no change');
    await client.watch('u');
    await client.unwatch();
    await other.set('u', '1');
    assert.deepEqual(await client.multi().ping().exec(), [[null, 'PONG']]);
  } finally {
    other.disconnect();
    await close();
  }
});

test('EXEC propagates as MULTI/EXEC when it wrote more than once', async () => {
  const { node, client, close } = await startNode();
  const fed: string[] = [];
  node.replicationFeed = (db, argv) => fed.push(`${db}:${argv.join(' ')}`);
  try {
    await client.multi().set('a', '1').incr('a').get('a').exec();
    await client.multi().set('b', '1').get('b').exec();
    await client.multi().get('b').exec();
    assert.deepEqual(fed, ['0:MULTI', '0:set a 1', '0:incr a', '0:EXEC', '0:set b 1']);
  } finally {
    await close();
  }
});

test('stale (expired, undeleted) watched keys follow Redis across EXISTS, FLUSHDB and SWAPDB', async () => {
  const clock = new ManualClock(1_000_000);
  const { client, close } = await startNode({ clock, config: { 'enable-debug-command': 'yes' } });
  try {
    await client.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    const stale = async (db: number, key: string, value = 'v') => {
      await client.call('SELECT', String(db));
      await client.set(key, value, 'PX', 1);
    };
    const execPing = async () => client.multi().ping().exec();

    await stale(0, 'x');
    clock.advance(2);
    await client.watch('x');
    assert.deepEqual(await execPing(), [[null, 'PONG']], 'WATCH stale keys should not fail EXEC');

    await client.flushall();
    await stale(0, 'x');
    clock.advance(2);
    await client.watch('x');
    await client.call('FLUSHDB');
    assert.deepEqual(await execPing(), [[null, 'PONG']], 'FLUSHDB while watching stale keys');

    await client.flushall();
    await stale(1, 'x');
    clock.advance(2);
    await client.watch('x');
    await client.call('SWAPDB', '0', '1');
    assert.deepEqual(await execPing(), [[null, 'PONG']], 'stale key replaced with nothing');

    await client.flushall();
    await stale(0, 'x');
    clock.advance(2);
    await client.call('SELECT', '1');
    await client.watch('x');
    await client.call('SWAPDB', '0', '1');
    assert.deepEqual(await execPing(), [[null, 'PONG']], 'nothing replaced with a stale key');

    await client.flushall();
    await stale(1, 'x', 'foo');
    await stale(0, 'x', 'bar');
    clock.advance(2);
    await client.call('SELECT', '1');
    await client.watch('x');
    await client.call('SWAPDB', '0', '1');
    assert.deepEqual(await execPing(), [[null, 'PONG']], 'stale key replaced with another stale key');

    await client.flushall();
    await client.call('SELECT', '0');
    await client.set('x', 'live');
    await client.watch('x');
    await client.call('SWAPDB', '0', '1');
    assert.equal(await execPing(), null, 'a live watched key swapped away dirties the transaction');
  } finally {
    await close();
  }
});
