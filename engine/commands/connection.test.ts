import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startNode, rawExchange, resp } from '../../test/helpers/engine-node.ts';
import { EngineNode } from '../engine-node.ts';

test('protocol errors: texts and connection close', async () => {
  const { port, close } = await startNode();
  try {
    const cases: Array<[string, string]> = [
      ['*x\r\n', '-ERR Protocol error: invalid multibulk length\r\n'],
      ['*1\r\n+PING\r\n', "-ERR Protocol error: expected '$', got '+'\r\n"],
      ['*1\r\n$x\r\n', '-ERR Protocol error: invalid bulk length\r\n'],
      ['*1\r\n$-1\r\n', '-ERR Protocol error: invalid bulk length\r\n'],
      ['*1\r\n$600000000\r\n', '-ERR Protocol error: invalid bulk length\r\n'],
      ['PING "unbalanced\r\n', '-ERR Protocol error: unbalanced quotes in request\r\n'],
      ["SET a 'x'y\r\n", '-ERR Protocol error: unbalanced quotes in request\r\n'],
      ['x'.repeat(70000), '-ERR Protocol error: too big inline request\r\n'],
      ['*' + '1'.repeat(70000), '-ERR Protocol error: too big mbulk count string\r\n'],
      ['*1\r\n$' + '1'.repeat(70000), '-ERR Protocol error: too big bulk count string\r\n'],
      ['PING\r\n*1\r\n$4\r\nPING\r\n*x\r\n', '+PONG\r\n+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n'],
    ];
    for (const [payload, expected] of cases) {
      const r = await rawExchange(port, payload);
      assert.equal(r.data, expected, JSON.stringify(payload.slice(0, 30)));
      assert.equal(r.closed, true);
    }
    const ok = await rawExchange(port, '*2000000000\r\n');
    assert.equal(ok.data, '');
    assert.equal(ok.closed, false);
    const inline = await rawExchange(port, '\r\n*0\r\nPING\nECHO "a\\x41\\n"\r\n*1\r\n$4\r\nPINGxx');
    assert.equal(inline.data, '+PONG\r\n$3\r\naA\n\r\n+PONG\r\n');
  } finally {
    await close();
  }
});

test('unauthenticated protocol limits', async () => {
  const node = new EngineNode({ config: { requirepass: 'pw' } });
  const port = await node.listen(0);
  const close = () => node.close();
  try {
    assert.equal((await rawExchange(port, '*11\r\n')).data, '-ERR Protocol error: unauthenticated multibulk length\r\n');
    assert.equal((await rawExchange(port, '*1\r\n$16385\r\n')).data, '-ERR Protocol error: unauthenticated bulk length\r\n');
    const r = await rawExchange(port, 'GET a\r\nHELLO 3\r\nAUTH pw\r\nGET a\r\nRESET\r\nGET a\r\n');
    assert.equal(
      r.data,
      '-NOAUTH Authentication required.\r\n' +
        '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n' +
        '+OK\r\n$-1\r\n+RESET\r\n-NOAUTH Authentication required.\r\n',
    );
    const h = await rawExchange(port, 'HELLO 2 AUTH default bad\r\nHELLO 2 AUTH default pw SETNAME n\r\nCLIENT GETNAME\r\n');
    assert.match(h.data, /^-WRONGPASS invalid username-password pair or user is disabled\.\r\n\*14\r\n/);
    assert.ok(h.data.endsWith('$1\r\nn\r\n'));
  } finally {
    await close();
  }
});

test('pipelining thousands of commands in one write, and big bulks', async () => {
  const { port, client, close } = await startNode();
  try {
    let payload = '';
    for (let i = 0; i < 5000; i++) payload += resp('SET', `k${i}`, String(i));
    payload += resp('DBSIZE');
    const r = await rawExchange(port, payload, 300);
    assert.equal(r.data, '+OK\r\n'.repeat(5000) + ':5000\r\n');
    const big = 'x'.repeat(3 * 1024 * 1024);
    await client.set('big', big);
    assert.equal((await client.get('big'))!.length, big.length);
  } finally {
    await close();
  }
});

test('hostile byte streams never crash the node', async () => {
  const { port, client, close } = await startNode();
  try {
    const payloads: Buffer[] = [];
    for (let i = 0; i < 60; i++) payloads.push(randomBytes(1 + Math.floor(Math.random() * 2000)));
    payloads.push(Buffer.from('*3\r\n$3\r\nSET\r\n$1\r\na\r\n$999999999\r\n'));
    payloads.push(Buffer.from('*99999999\r\n$1\r\na\r\n'));
    payloads.push(Buffer.from('*1\r\n$4\r\nPI'));
    payloads.push(Buffer.from('"\\x\\'));
    for (const p of payloads) await rawExchange(port, p, 20);
    assert.equal(await client.ping(), 'PONG');
  } finally {
    await close();
  }
});

test('PING, ECHO, SELECT, QUIT, HELLO, RESET', async () => {
  const { client, port, close } = await startNode();
  try {
    assert.equal(await client.call('PING'), 'PONG');
    assert.equal(await client.call('PING', 'x'), 'x');
    await assert.rejects(client.call('PING', 'a', 'b'), /ERR wrong number of arguments for 'ping' command/);
    assert.equal(await client.call('ECHO', 'hi'), 'hi');
    await assert.rejects(client.call('SELECT', '16'), /ERR DB index is out of range/);
    await assert.rejects(client.call('SELECT', 'x'), /ERR value is not an integer or out of range/);
    assert.equal(await client.call('SELECT', '15'), 'OK');
    await assert.rejects(client.call('HELLO', '1'), /NOPROTO unsupported protocol version/);
    await assert.rejects(client.call('HELLO', 'abc'), /ERR Protocol version is not an integer or out of range/);
    await assert.rejects(client.call('HELLO', '3', 'foo'), /ERR Syntax error in HELLO option 'foo'/);
    await assert.rejects(client.call('HELLO', '3', 'SETNAME', 'a b'), /ERR Client names cannot contain spaces/);
    await assert.rejects(client.call('AUTH', 'x'), /ERR AUTH <password> called without any password configured/);
    const q = await rawExchange(port, 'QUIT\r\nPING\r\n');
    assert.deepEqual(q, { data: '+OK\r\n', closed: true });
    const r = await rawExchange(
      port,
      'HELLO 3 SETNAME me\r\nSELECT 2\r\nSUBSCRIBE c\r\nMULTI\r\nRESET\r\nCLIENT GETNAME\r\nCLIENT INFO\r\nPING\r\n',
    );
    assert.ok(r.data.includes('+RESET\r\n$-1\r\n'), r.data);
    assert.match(r.data, /db=0 sub=0 psub=0 ssub=0 multi=-1 .* resp=2\n/);
    assert.ok(r.data.endsWith('+PONG\r\n'));
  } finally {
    await close();
  }
});

test('RESP3: HELLO 3 map, null, push subscribe confirmations', async () => {
  const { port, close } = await startNode();
  try {
    const r = await rawExchange(port, 'HELLO 3\r\nGET nosuch\r\nSUBSCRIBE a\r\nGET x\r\nUNSUBSCRIBE\r\nUNSUBSCRIBE\r\n');
    assert.ok(r.data.startsWith('%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n'));
    assert.ok(r.data.includes('*0\r\n_\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n_\r\n>3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n'), r.data);
  } finally {
    await close();
  }
});

test('ioredis: connection name on connect, pipeline, MULTI, scanStream, COMMAND', async () => {
  const { port, close } = await startNode();
  const { Redis } = await import('ioredis');
  const r = new Redis({ port, host: '127.0.0.1', connectionName: 'svc-a', lazyConnect: true });
  await r.connect();
  try {
    assert.equal(await r.client('GETNAME'), 'svc-a');
    const p = r.pipeline();
    for (let i = 0; i < 300; i++) p.set(`key:${i}`, String(i));
    p.get('key:7');
    const res = await p.exec();
    assert.equal(res!.length, 301);
    assert.deepEqual(res![300], [null, '7']);
    assert.deepEqual(await r.multi().incr('ctr').incr('ctr').exec(), [
      [null, 1],
      [null, 2],
    ]);
    const seen = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const s = r.scanStream({ match: 'key:*', count: 50 });
      s.on('data', (keys: string[]) => keys.forEach((k) => seen.add(k)));
      s.on('end', () => resolve());
      s.on('error', reject);
    });
    assert.equal(seen.size, 300);
    const all = (await r.call('COMMAND')) as unknown[];
    assert.ok(all.length > 100);
  } finally {
    r.disconnect();
    await close();
  }
});
