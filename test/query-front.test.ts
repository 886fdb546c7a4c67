/**
 * The Query front (api/query-front.ts) over raw sockets: its answers are the fastify route's,
 * byte for byte apart from the request id and date; pipelined, split and slow requests; every
 * request of another shape handed, with what was already read, to node:http and fastify.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import type { Emulator } from '../bin/emulator.ts';
import { startTestEmulator, useEmulator } from './helpers/emulator.ts';

const FORM = 'Action=DescribeCacheClusters&Version=2015-02-02';

function post(body: string, extra: string[] = []): string {
  return ['POST / HTTP/1.1', 'Host: 127.0.0.1', 'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${Buffer.byteLength(body)}`, ...extra, '', body].join('\r\n');
}

interface Response {
  status: number;
  head: string;
  headers: Map<string, string>;
  body: string;
}

/** A socket and everything it has received, parsed into responses on request. */
class RawClient {
  private received = Buffer.alloc(0);
  readonly ended: Promise<void>;
  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => (this.received = Buffer.concat([this.received, d])));
    this.ended = new Promise((resolve) => socket.on('close', () => resolve()));
  }
  static open(em: Emulator): Promise<RawClient> {
    const port = Number(new URL(em.url).port);
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.on('error', reject);
    });
  }
  send(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }
  /** Waits for n complete responses (bodies by Content-Length) and takes them. */
  async responses(n: number, timeoutMs = 5000): Promise<Response[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = this.parse();
      if (parsed.length >= n) {
        return parsed.slice(0, n);
      }
      if (Date.now() > deadline) throw new Error(`expected ${n} responses, got ${parsed.length}: ${this.received.toString('latin1').slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  private parse(): Response[] {
    const out: Response[] = [];
    let at = 0;
    const buf = this.received;
    while (at < buf.length) {
      const headEnd = buf.indexOf('\r\n\r\n', at);
      if (headEnd < 0) break;
      const head = buf.toString('latin1', at, headEnd);
      const headers = new Map<string, string>();
      for (const line of head.split('\r\n').slice(1)) {
        const c = line.indexOf(':');
        headers.set(line.slice(0, c).toLowerCase(), line.slice(c + 1).trim());
      }
      const len = Number(headers.get('content-length') ?? 0);
      if (buf.length < headEnd + 4 + len) break;
      out.push({ status: Number(head.split(' ')[1]), head, headers, body: buf.toString('utf8', headEnd + 4, headEnd + 4 + len) });
      at = headEnd + 4 + len;
    }
    return out;
  }
}

/** A response's head and body with its request id and date taken out. */
function shape(r: Response): string {
  const id = r.headers.get('x-amzn-requestid')!;
  return (r.head + '\r\n\r\n' + r.body).replaceAll(id, 'ID').replace(/\r\nDate: [^\r]*/, '\r\nDate: D');
}

describe('Query front', () => {
  let em: Emulator;
  useEmulator({}, (e) => (em = e));

  it('answers as the fastify route does, byte for byte (success, fault, GET, Connection: close)', async () => {
    const requests = [
      post(FORM),
      post('Action=DescribeCacheClusters&CacheClusterId=nope'),
      post('Action=NoSuchThing'),
      'GET /?Action=DescribeCacheClusters&Version=2015-02-02 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      post(FORM, ['Connection: close']),
    ];
    for (const request of requests) {
      const front = await RawClient.open(em);
      front.send(request);
      const [viaFront] = await front.responses(1);
      // A chunked body is one the front never reads: the same request through node:http and fastify.
      const [head, body] = request.split('\r\n\r\n');
      const chunked = head.replace(/\r\nContent-Length: \d+/, '\r\nTransfer-Encoding: chunked') + '\r\n\r\n' + (body ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n` : '') + '0\r\n\r\n';
      const routed = await RawClient.open(em);
      routed.send(chunked);
      const [viaFastify] = await routed.responses(1);
      assert.equal(shape(viaFront), shape(viaFastify), request.split('\r\n')[0]);
      front.socket.destroy();
      routed.socket.destroy();
    }
  });

  it('keeps the connection alive, answers pipelined requests in order and split or byte-by-byte ones', async () => {
    const c = await RawClient.open(em);
    c.send(post('Action=DescribeCacheClusters') + post('Action=DescribeEvents') + post('Action=NoSuchThing'));
    const three = await c.responses(3);
    assert.deepEqual(
      three.map((r) => [r.status, r.body.match(/^<(\w+)/)?.[1]]),
      [
        [200, 'DescribeCacheClustersResponse'],
        [200, 'DescribeEventsResponse'],
        [400, 'ErrorResponse'],
      ],
    );
    const slow = Buffer.from(post('Action=DescribeCacheSubnetGroups'));
    for (const byte of slow) {
      c.send(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    const all = await c.responses(4);
    assert.match(all[3].body, /^<DescribeCacheSubnetGroupsResponse/);
    assert.equal(all[3].headers.get('connection'), 'keep-alive');
    c.socket.destroy();
  });

  it('reads a large body that arrives in many chunks', async () => {
    const c = await RawClient.open(em);
    const description = 'd'.repeat(200_000);
    const body = `Action=CreateCacheParameterGroup&CacheParameterGroupName=big-one&CacheParameterGroupFamily=redis7&Description=${description}`;
    const bytes = Buffer.from(post(body));
    for (let at = 0; at < bytes.length; at += 1000) c.send(bytes.subarray(at, at + 1000));
    const [r] = await c.responses(1, 15_000);
    assert.equal(r.status, 200, r.body.slice(0, 300));
    assert.ok(r.body.includes(`<Description>${description}</Description>`), 'the whole body was read');
    c.socket.destroy();
  });

  it('hands a connection to fastify mid-way, with the bytes already read (other paths, methods, HTTP/1.0, Expect)', async () => {
    const c = await RawClient.open(em);
    c.send(post(FORM) + 'GET /_elasticache/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' + post(FORM));
    const [first, health, third] = await c.responses(3);
    assert.equal(first.status, 200);
    assert.equal(health.status, 200);
    assert.equal(JSON.parse(health.body).status, 'running');
    assert.match(third.body, /^<DescribeCacheClustersResponse/);
    c.socket.destroy();

    const old = await RawClient.open(em);
    old.send(`POST / HTTP/1.0\r\nContent-Length: ${FORM.length}\r\n\r\n${FORM}`);
    const [r10] = await old.responses(1);
    assert.equal(r10.status, 200);
    assert.match(r10.head, /^HTTP\/1\.1 200 OK/);
    await old.ended;

    const expect = await RawClient.open(em);
    expect.send(post(FORM, ['Expect: 100-continue']).replace(/\r\n\r\n.*$/s, '\r\n\r\n'));
    await new Promise((r) => setTimeout(r, 50));
    expect.send(FORM);
    const answers = await expect.responses(2);
    assert.deepEqual(
      answers.map((a) => a.status),
      [100, 200],
    );
    expect.socket.destroy();
  });

  it('leaves bad HTTP to node:http: garbage, oversized headers, bodies over the limit', async () => {
    const garbage = await RawClient.open(em);
    garbage.send('\x00\x01 not http at all\r\n\r\n');
    const [g] = await garbage.responses(1);
    assert.equal(g.status, 400);
    await garbage.ended;

    const big = await RawClient.open(em);
    big.send(`POST / HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}`);
    const [b] = await big.responses(1);
    assert.equal(b.status, 431);
    await big.ended;

    const huge = await RawClient.open(em);
    huge.send(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${32 * 1024 * 1024}\r\n\r\nAction=`);
    const [h] = await huge.responses(1);
    assert.equal(h.status, 400);
    assert.match(h.body, /<Code>MalformedQueryString<\/Code>/);
    huge.socket.destroy();

    // Still serving.
    const after = await RawClient.open(em);
    after.send(post(FORM));
    assert.equal((await after.responses(1))[0].status, 200);
    after.socket.destroy();
  });
});

describe('Query front: shutting down', () => {
  it('closes idle keep-alive connections at once and a busy one after its answer', async () => {
    const em = await startTestEmulator();
    const idle = await RawClient.open(em);
    idle.send(post(FORM));
    await idle.responses(1);
    const partial = await RawClient.open(em);
    partial.send('POST / HTTP/1.1\r\nHost: x\r\n');
    const started = Date.now();
    await em.stop();
    await Promise.all([idle.ended, partial.ended]);
    assert.ok(Date.now() - started < 5000, `stop took ${Date.now() - started} ms`);
  });
});
