import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { EngineNode, type EngineNodeOptions } from '../../engine/engine-node.ts';

/** Starts one engine node on a free port, with an ioredis client; close() stops both. */
export async function startNode(options: EngineNodeOptions = {}): Promise<{
  node: EngineNode;
  port: number;
  client: Redis;
  close: () => Promise<void>;
}> {
  const node = new EngineNode(options);
  const port = await node.listen(0);
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  await client.connect();
  return {
    node,
    port,
    client,
    close: async () => {
      client.disconnect();
      await node.close();
    },
  };
}

/** Sends raw bytes and collects what the server sends back until it goes quiet or closes. */
export function rawExchange(port: number, payload: string | Buffer, quietMs = 100): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    let closed = false;
    let timer: NodeJS.Timeout | null = null;
    const done = () => {
      if (timer) clearTimeout(timer);
      sock.destroy();
      resolve({ data, closed });
    };
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    };
    sock.on('connect', () => {
      sock.write(payload);
      arm();
    });
    sock.on('data', (d) => {
      data += d.toString('latin1');
      arm();
    });
    sock.on('close', () => {
      closed = true;
      done();
    });
    sock.on('error', reject);
  });
}

/** Encodes a command as a RESP multibulk. */
export function resp(...argv: string[]): string {
  return `*${argv.length}\r\n` + argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}
