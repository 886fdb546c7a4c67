import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startNode, rawExchange } from '../../test/helpers/engine-node.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('subscribe replies, counts and the RESP2 subscribed context', async () => {
  const { port, close } = await startNode();
  try {
    const r = await rawExchange(
      port,
      'SSUBSCRIBE s\r\nSUBSCRIBE a\r\nPSUBSCRIBE p*\r\nPING\r\nPING x\r\nGET k\r\nCLIENT ID\r\nUNSUBSCRIBE a\r\nPUNSUBSCRIBE\r\nSUNSUBSCRIBE\r\nSUNSUBSCRIBE\r\nPUNSUBSCRIBE q\r\nGET k\r\n',
    );
    assert.equal(
      r.data,
      '*3\r\n$10\r\nssubscribe\r\n$1\r\ns\r\n:1\r\n' +
        '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n' +
        '*3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:2\r\n' +
        '*2\r\n$4\r\npong\r\n$0\r\n\r\n*2\r\n$4\r\npong\r\n$1\r\nx\r\n' +
        "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n" +
        "-ERR Can't execute 'client|id': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n" +
        '*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:1\r\n' +
        '*3\r\n$12\r\npunsubscribe\r\n$2\r\np*\r\n:0\r\n' +
        '*3\r\n$12\r\nsunsubscribe\r\n$1\r\ns\r\n:0\r\n' +
        '*3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n' +
        '*3\r\n$12\r\npunsubscribe\r\n$1\r\nq\r\n:0\r\n' +
        '$-1\r\n',
    );
  } finally {
    await close();
  }
});

test('PUBLISH, SPUBLISH, PUBSUB introspection and RESP3 pushes', async () => {
  const { port, client, close } = await startNode();
  const sub = new Redis({ port, lazyConnect: true });
  await sub.connect();
  try {
    const got: string[] = [];
    sub.on('message', (ch, m) => got.push(`m ${ch} ${m}`));
    sub.on('pmessage', (p, ch, m) => got.push(`p ${p} ${ch} ${m}`));
    await sub.subscribe('news', 'other');
    await sub.psubscribe('n*');
    assert.equal(await client.publish('news', 'hi'), 2);
    assert.equal(await client.publish('nothing', 'x'), 1);
    assert.equal(await client.call('SPUBLISH', 'news', 'x'), 0);
    await sleep(30);
    assert.deepEqual(got, ['m news hi', 'p n* news hi', 'p n* nothing x']);
    assert.deepEqual(((await client.call('PUBSUB', 'CHANNELS')) as string[]).sort(), ['news', 'other']);
    assert.deepEqual(await client.call('PUBSUB', 'CHANNELS', 'n*'), ['news']);
    assert.deepEqual(await client.call('PUBSUB', 'NUMSUB', 'news', 'zzz'), ['news', 1, 'zzz', 0]);
    assert.equal(await client.call('PUBSUB', 'NUMPAT'), 1);
    assert.deepEqual(await client.call('PUBSUB', 'SHARDCHANNELS'), []);
    assert.deepEqual(await client.call('PUBSUB', 'SHARDNUMSUB', 'a'), ['a', 0]);
    await assert.rejects(client.call('PUBSUB', 'FOO'), /ERR unknown subcommand 'FOO'. Try PUBSUB HELP./);
    const r3 = await rawExchange(port, 'HELLO 3\r\nSUBSCRIBE c\r\nPUBLISH c m\r\nSSUBSCRIBE sc\r\nSPUBLISH sc z\r\nGET nokey\r\n');
    assert.ok(
      r3.data.endsWith(
        '>3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n>3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n:1\r\n' +
          '>3\r\n$10\r\nssubscribe\r\n$2\r\nsc\r\n:1\r\n>3\r\n$8\r\nsmessage\r\n$2\r\nsc\r\n$1\r\nz\r\n:1\r\n_\r\n',
      ),
      r3.data,
    );
  } finally {
    sub.disconnect();
    await close();
  }
});

test('keyspace notifications are delivered to subscribers', async () => {
  const { port, client, close } = await startNode();
  const sub = new Redis({ port, lazyConnect: true });
  await sub.connect();
  try {
    await client.config('SET', 'notify-keyspace-events', 'KEA');
    assert.deepEqual(await client.config('GET', 'notify-keyspace-events'), ['notify-keyspace-events', 'AKE']);
    const got: string[] = [];
    sub.on('pmessage', (_p, ch, m) => got.push(`${ch} ${m}`));
    await sub.psubscribe('__key*__:*');
    await client.set('k', 'v');
    await client.del('k');
    await sleep(30);
    assert.deepEqual(got, ['__keyspace@0__:k set', '__keyevent@0__:set k', '__keyspace@0__:k del', '__keyevent@0__:del k']);
  } finally {
    sub.disconnect();
    await close();
  }
});

test('node-redis: connect with a name, pipeline, MULTI, pub/sub over RESP3', async () => {
  const { port, close } = await startNode();
  const c = createClient({ socket: { port, host: '127.0.0.1' }, RESP: 3, name: 'nr' });
  await c.connect();
  const s = c.duplicate();
  await s.connect();
  try {
    assert.equal(await c.sendCommand(['CLIENT', 'GETNAME']), 'nr');
    assert.deepEqual(await c.multi().set('q', '1').incr('q').exec(), ['OK', 2]);
    const msgs: string[] = [];
    await s.subscribe('ch', (m) => msgs.push(m));
    assert.equal(await c.publish('ch', 'hello'), 1);
    await sleep(30);
    assert.deepEqual(msgs, ['hello']);
  } finally {
    await s.quit();
    await c.quit();
    await close();
  }
});

test('confirmations and messages get through CLIENT REPLY OFF; the "new" key event', async () => {
  const { port, client, close } = await startNode();
  try {
    const r = await rawExchange(port, 'HELLO 3\r\nCLIENT REPLY OFF\r\nSUBSCRIBE ch\r\nPING\r\nUNSUBSCRIBE ch\r\n');
    assert.ok(r.data.endsWith('>3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n>3\r\n$11\r\nunsubscribe\r\n$2\r\nch\r\n:0\r\n'), r.data);
    await client.config('SET', 'notify-keyspace-events', 'En');
    const sub = new Redis({ port, lazyConnect: true });
    await sub.connect();
    const got: string[] = [];
    sub.on('pmessage', (_p, ch, m) => got.push(`${ch} ${m}`));
    await sub.psubscribe('*');
    await client.set('foo', 'bar');
    await client.set('foo', 'baz');
    await client.set('bar', 'bar');
    await sleep(30);
    sub.disconnect();
    assert.deepEqual(got, ['__keyevent@0__:new foo', '__keyevent@0__:new bar']);
  } finally {
    await close();
  }
});
