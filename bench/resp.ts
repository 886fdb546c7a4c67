/**
 * A minimal RESP2 client for the harness: single commands (PING, INFO, DBSIZE) and pipelined
 * bulk loads that wait for a count of replies instead of a promise per command.
 */
import { connect, type Socket } from 'node:net';

export type Reply = string | number | null | Error | Reply[];

export function encodeCommand(args: Array<string | number>): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) {
    const v = String(a);
    s += `$${Buffer.byteLength(v)}\r\n${v}\r\n`;
  }
  return s;
}

interface Waiter {
  remaining: number;
  last: Reply;
  firstError: Error | null;
  resolve: (w: Waiter) => void;
}

export class RespConnection {
  private buf: Buffer = Buffer.alloc(0);
  private readonly waiters: Waiter[] = [];
  private failure: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (e: Error) => {
      this.failure = e;
      for (const w of this.waiters.splice(0)) {
        w.firstError ??= e;
        w.resolve(w);
      }
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static open(port: number, host = '127.0.0.1'): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, noDelay: true });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RespConnection(socket));
      });
    });
  }

  /** One command; an error reply is thrown. */
  async call(args: Array<string | number>): Promise<Reply> {
    const w = await this.send(encodeCommand(args), 1);
    if (w.firstError) throw w.firstError;
    return w.last;
  }

  /** Writes pre-encoded commands and waits for `count` replies; returns the first error reply, if any. */
  async pipeline(payload: string | Buffer, count: number): Promise<Error | null> {
    return (await this.send(payload, count)).firstError;
  }

  close(): void {
    this.socket.destroy();
  }

  private send(payload: string | Buffer, count: number): Promise<Waiter> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiters.push({ remaining: count, last: null, firstError: null, resolve });
      this.socket.write(payload);
    });
  }

  private onData(chunk: Buffer): void {
    const buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      const parsed = parseReply(buf, pos);
      if (!parsed) break;
      pos = parsed.end;
      const w = this.waiters[0];
      if (!w) continue;
      w.last = parsed.value;
      if (parsed.value instanceof Error) w.firstError ??= parsed.value;
      if (--w.remaining === 0) {
        this.waiters.shift();
        w.resolve(w);
      }
    }
    this.buf = buf.subarray(pos);
  }
}

/** Parses one RESP2 reply at pos; null when it is not complete yet. */
function parseReply(buf: Buffer, pos: number): { value: Reply; end: number } | null {
  // Searching for the LF byte is cheaper than for the CRLF string; the CR sits just before it.
  const lf = buf.indexOf(0x0a, pos);
  if (lf < 0) return null;
  const eol = lf - 1;
  const line = buf.toString('latin1', pos + 1, eol);
  switch (buf[pos]) {
    case 0x2b: // +
      return { value: line, end: eol + 2 };
    case 0x2d: // -
      return { value: new Error(line), end: eol + 2 };
    case 0x3a: // :
      return { value: Number(line), end: eol + 2 };
    case 0x24: {
      // $
      const len = Number(line);
      if (len < 0) return { value: null, end: eol + 2 };
      if (buf.length < eol + 2 + len + 2) return null;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + len), end: eol + 2 + len + 2 };
    }
    case 0x2a: {
      // *
      const count = Number(line);
      if (count < 0) return { value: null, end: eol + 2 };
      const items: Reply[] = [];
      let end = eol + 2;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, end);
        if (!item) return null;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      // Not RESP2: report it as this reply's error rather than throwing inside a socket handler.
      return { value: new Error(`unexpected reply type ${String.fromCharCode(buf[pos])}`), end: eol + 2 };
  }
}

/** INFO output as a field map. */
export function parseInfo(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}
