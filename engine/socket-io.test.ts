import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { EngineNode } from './engine-node.ts';

/** A command as RESP, its arguments taken as latin1 (one byte per char, binary values kept). */
function resp(...argv: string[]): string {
  return `*${argv.length}\r\n` + argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('');
}

const streamsForced = process.env.ELASTICACHE_LOCAL_SOCKET_STREAMS === '1';

/** Collects everything a raw connection receives until `done` says it is all there. */
function reader(socket: Socket): (done: (length: number, data: () => Buffer) => boolean) => Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const data = () => {
    if (chunks.length > 1) chunks.splice(0, chunks.length, Buffer.concat(chunks));
    return chunks[0] ?? Buffer.alloc(0);
  };
  let check: (() => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
    check?.();
  });
  return (done) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out with ${length} bytes: ${data().subarray(0, 80).toString('latin1')}`)), 10_000);
      check = () => {
        if (!done(length, data)) return;
        clearTimeout(timer);
        check = null;
        resolve(data());
      };
      check();
    });
}

async function withNode(run: (node: EngineNode, port: number) => Promise<void>): Promise<void> {
  const node = new EngineNode();
  const port = await node.listen(0);
  try {
    await run(node, port);
  } finally {
    await node.close();
  }
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

test('connections are read and written through the socket handle (unless streams are forced)', async () => {
  await withNode(async (node, port) => {
    const r = new Redis({ port, lazyConnect: true });
    await r.connect();
    try {
      assert.equal(await r.ping(), 'PONG');
      const clients = [...node.clients.values()].filter((c) => c.socket !== null);
      assert.equal(clients.length, 1);
      assert.equal(clients[0].io?.direct, !streamsForced);
    } finally {
      r.disconnect();
    }
  });
});

test('commands split at every byte and bulks far larger than one read arrive intact', async () => {
  await withNode(async (_node, port) => {
    const socket = await open(port);
    const read = reader(socket);
    try {
      // One byte per write: every read ends inside a command, whose start must outlive the read buffer.
      const small = resp('SET', 'k', 'v\r\nw') + resp('GET', 'k');
      for (const byte of Buffer.from(small, 'latin1')) {
        socket.write(Buffer.from([byte]));
        await new Promise((r) => setImmediate(r));
      }
      await read((n, d) => n >= 15 && d().toString('latin1') === '+OK\r\n$4\r\nv\r\nw\r\n');
      // 3 MB values in chunks of odd sizes, interleaved with pipelined commands.
      const big = randomBytes(3 * 1024 * 1024).toString('latin1');
      const payload = Buffer.from(resp('SET', 'big', big) + resp('STRLEN', 'big') + resp('GET', 'big') + resp('PING'), 'latin1');
      for (let i = 0; i < payload.length; i += 40_001) socket.write(payload.subarray(i, i + 40_001));
      const want = `+OK\r\n$4\r\nv\r\nw\r\n+OK\r\n:${big.length}\r\n$${big.length}\r\n${big}\r\n+PONG\r\n`;
      const got = await read((n) => n >= want.length);
      assert.equal(got.length, want.length);
      assert.ok(got.toString('latin1') === want, 'replies differ from the expected bytes');
    } finally {
      socket.destroy();
    }
  });
});

test('many clients pipelining at once get their own replies, in order', async () => {
  await withNode(async (_node, port) => {
    const clients = await Promise.all(Array.from({ length: 40 }, () => new Redis({ port })));
    try {
      await Promise.all(
        clients.map(async (r, i) => {
          const p = r.pipeline();
          for (let j = 0; j < 500; j++) p.set(`c${i}:${j}`, `${i}-${j}-${'x'.repeat(j % 97)}`).get(`c${i}:${j}`);
          const out = await p.exec();
          for (let j = 0; j < 500; j++) assert.equal(out![2 * j + 1][1], `${i}-${j}-${'x'.repeat(j % 97)}`);
        }),
      );
    } finally {
      for (const r of clients) r.disconnect();
    }
  });
});

test('a client that stops reading gets every byte once it reads again', async () => {
  await withNode(async (node, port) => {
    const value = randomBytes(1024 * 1024).toString('latin1');
    const w = new Redis({ port });
    await w.set(Buffer.from('v'), Buffer.from(value, 'latin1'));
    w.disconnect();
    const socket = await open(port);
    socket.pause();
    // 64 replies of 1 MiB: far more than the socket buffers hold, so writes queue behind the kernel.
    socket.write(Array.from({ length: 64 }, () => resp('GET', 'v')).join(''));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(node.clients.size, 1);
    const read = reader(socket);
    socket.resume();
    const one = `$${value.length}\r\n${value}\r\n`;
    const got = await read((n) => n >= one.length * 64);
    assert.equal(got.length, one.length * 64);
    assert.ok(got.subarray(got.length - one.length).toString('latin1') === one);
    socket.destroy();
  });
});

test('QUIT answers then closes; a client hanging up leaves the client list', async () => {
  await withNode(async (node, port) => {
    const socket = await open(port);
    const read = reader(socket);
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.write(resp('PING') + resp('QUIT') + resp('PING'));
    assert.equal((await read((n) => n >= 12)).toString(), '+PONG\r\n+OK\r\n');
    await closed;
    const other = await open(port);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(node.clients.size, 1);
    other.end();
    for (let i = 0; i < 100 && node.clients.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(node.clients.size, 0);
  });
});

test('injected client latency holds bytes that outlive the read buffer', async () => {
  await withNode(async (node, port) => {
    node.setClientLatency(30);
    const socket = await open(port);
    const read = reader(socket);
    socket.write(resp('SET', 'a', '1') + '*2\r\n$3\r\nGET\r\n');
    await new Promise((r) => setTimeout(r, 5));
    // Sent while the first bytes are still held back: the held copy must not be overwritten by this read.
    socket.write('$1\r\na\r\n' + resp('PING'));
    const got = await read((_n, d) => d().toString().endsWith('+PONG\r\n'));
    assert.equal(got.toString(), '+OK\r\n$1\r\n1\r\n+PONG\r\n');
    socket.destroy();
  });
});

if (!streamsForced) {
  test('the same tests over the stream API (ELASTICACHE_LOCAL_SOCKET_STREAMS=1)', () => {
    const file = fileURLToPath(import.meta.url);
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', file], {
      // Without NODE_TEST_CONTEXT, so the child runs as a test runner of its own and exits with its result.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, ELASTICACHE_LOCAL_SOCKET_STREAMS: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}
