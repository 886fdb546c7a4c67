/**
 * A lean HTTP/1.1 client for load generation: one request in flight per connection, requests
 * prebuilt as bytes, responses read by Content-Length. On two shared cores node:http's client
 * (agent, header objects, parser, streams) costs about as much CPU as the server it measures, so
 * the figures would mostly measure the client. The same client drives every server compared.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  body: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** The bytes of one POST with a form body. */
export function formPost(path: string, headers: Record<string, string>, body: string): Buffer {
  const lines = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${Buffer.byteLength(body)}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

interface Pending {
  resolve(r: RawResponse): void;
  reject(e: Error): void;
}

/**
 * One keep-alive connection, opened on first use and again whenever the server closes it (moto
 * answers `Connection: close` to every request).
 */
export class RawHttpConnection {
  private socket: Socket | null = null;
  private chunks: Buffer[] = [];
  private received = 0;
  /** Where the body starts, and the response's whole length, once the header is in; -1 before. */
  private bodyStart = -1;
  private expected = -1;
  private status = 0;
  private closeAfter = false;
  private pending: Pending | null = null;

  constructor(
    private readonly port: number,
    private readonly host = '127.0.0.1',
  ) {}

  request(bytes: Buffer): Promise<RawResponse> {
    if (this.pending) return Promise.reject(new Error('RawHttpConnection: one request at a time'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      (this.socket ?? this.open()).write(bytes);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private open(): Socket {
    const socket = connect(this.port, this.host);
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (e) => this.fail(socket, e));
    socket.on('close', () => this.fail(socket, new Error('connection closed before the response was complete')));
    this.socket = socket;
    this.reset();
    return socket;
  }

  private reset(): void {
    this.chunks = [];
    this.received = 0;
    this.bodyStart = -1;
    this.expected = -1;
  }

  private fail(socket: Socket, e: Error): void {
    socket.destroy();
    if (this.socket !== socket) return;
    this.socket = null;
    const p = this.pending;
    this.pending = null;
    p?.reject(e);
  }

  private onData(d: Buffer): void {
    this.chunks.push(d);
    this.received += d.length;
    if (this.expected < 0) {
      const all = this.chunks.length === 1 ? d : Buffer.concat(this.chunks);
      const end = all.indexOf(HEADER_END);
      if (end < 0) return;
      const head = all.toString('latin1', 0, end);
      this.status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!length) {
        this.fail(this.socket!, new Error(`response without Content-Length: ${head.slice(0, 200)}`));
        return;
      }
      this.closeAfter = /\r\nconnection:\s*close/i.test(head);
      this.bodyStart = end + HEADER_END.length;
      this.expected = this.bodyStart + Number(length[1]);
      this.chunks = [all];
    }
    if (this.received < this.expected) return;
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.finish({ status: this.status, body: all.subarray(this.bodyStart, this.expected) });
  }

  private finish(response: RawResponse): void {
    const p = this.pending;
    this.pending = null;
    this.reset();
    if (this.closeAfter) this.close();
    p?.resolve(response);
  }
}
