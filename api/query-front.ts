/**
 * The Query protocol's requests, read straight off fastify's own sockets. A Query call is one
 * small form POST to / (or a GET /?Action=…) and its answer one XML body; node:http's and
 * fastify's per-request objects, hooks and stream plumbing cost several times what answering
 * DescribeCacheClusters does. So each new connection starts here: plain requests of that shape are
 * parsed and answered by the same code the fastify routes run, byte for byte the same response;
 * the first request of any other shape (another path or method, chunked or Expect bodies,
 * HTTP/1.0, odd or oversized headers, a body over the limit) hands the connection, with the bytes
 * read so far, to node:http and fastify for the rest of its life. fastify still owns the server:
 * it listens, routes everything else, and closes.
 */
import { maxHeaderSize, STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface QueryAnswer {
  status: number;
  requestId: string;
  xml: string;
}

/** Answers one Query request (never rejects: faults are answers too). */
export type QueryResponder = (body: string, query: string, authorization: string | undefined) => QueryAnswer | Promise<QueryAnswer>;

export interface QueryFront {
  /** Before fastify closes the server: idle connections close now, busy ones after their answer. */
  close(): void;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Control characters other than tab: node:http rejects them in header values. */
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
const DIGITS = /^\d{1,15}$/;

/** What a request head says, or null when node:http should read it. */
interface Head {
  get: boolean;
  query: string;
  contentLength: number;
  authorization: string | undefined;
  close: boolean;
}

function parseHead(head: string, bodyLimit: number): Head | null {
  const lineEnd = head.indexOf('\r\n');
  const requestLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
  const sp1 = requestLine.indexOf(' ');
  const sp2 = requestLine.indexOf(' ', sp1 + 1);
  if (sp1 < 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0) return null;
  const method = requestLine.slice(0, sp1);
  const target = requestLine.slice(sp1 + 1, sp2);
  if ((method !== 'POST' && method !== 'GET') || requestLine.slice(sp2 + 1) !== 'HTTP/1.1') return null;
  if (target !== '/' && !target.startsWith('/?')) return null;
  let contentLength = -1;
  let authorization: string | undefined;
  let close = false;
  let host = false;
  let at = lineEnd < 0 ? head.length : lineEnd + 2;
  while (at < head.length) {
    let end = head.indexOf('\r\n', at);
    if (end < 0) end = head.length;
    const line = head.slice(at, end);
    at = end + 2;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (!TOKEN.test(name) || BAD_VALUE.test(value)) return null;
    switch (name.toLowerCase()) {
      case 'content-length':
        if (contentLength >= 0 || !DIGITS.test(value)) return null;
        contentLength = Number(value);
        if (contentLength > bodyLimit) return null;
        break;
      case 'authorization':
        authorization ??= value;
        break;
      case 'host':
        if (host) return null;
        host = true;
        break;
      case 'connection': {
        const options = value.toLowerCase().split(',').map((o) => o.trim());
        if (options.includes('upgrade')) return null;
        if (options.includes('close')) close = true;
        break;
      }
      case 'transfer-encoding':
      case 'expect':
      case 'upgrade':
        return null;
    }
  }
  if (!host) return null;
  return { get: method === 'GET', query: target.length > 2 ? target.slice(2) : '', contentLength: Math.max(0, contentLength), authorization, close };
}

/** node:http's Date header, rebuilt once a second as node:http does. */
let dateHeader = '';
let dateSecond = -1;
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateHeader = new Date(now).toUTCString();
  }
  return dateHeader;
}

/**
 * Puts the Query front on fastify's server: it takes node:http's connection listener and calls it
 * only for connections it hands over.
 */
export function frontQueryRequests(server: Server, respond: QueryResponder, bodyLimit: number): QueryFront {
  const httpListeners = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  const sockets = new Map<Socket, { busy: boolean }>();
  let closing = false;
  // node:http's keep-alive idle limit (fastify sets it), for the connections served here too.
  const keepAliveMs = () => server.keepAliveTimeout || 5000;

  const handOver = (socket: Socket, buffered: Buffer | null) => {
    sockets.delete(socket);
    socket.removeAllListeners('data');
    socket.removeAllListeners('timeout');
    socket.removeAllListeners('error');
    socket.removeAllListeners('close');
    socket.setTimeout(0);
    for (const listener of httpListeners) listener.call(server, socket);
    // node:http now reads the socket itself; what was read before it took over goes to its parser first.
    if (buffered !== null && buffered.length > 0) socket.emit('data', buffered);
  };

  server.on('connection', (socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    const conn = { busy: false };
    sockets.set(socket, conn);
    let pending: Buffer | null = null;
    // While a body is on its way: the chunks since `pending` and the bytes the request needs in all.
    let later: Buffer[] = [];
    let laterBytes = 0;
    let need = 0;
    socket.setNoDelay(true);
    socket.setTimeout(keepAliveMs());
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));

    const next = (): void => {
      while (pending !== null && !conn.busy && !socket.destroyed) {
        const headerEnd = pending.indexOf(HEADER_END);
        if (headerEnd < 0) {
          if (pending.length > maxHeaderSize) handOver(socket, pending);
          return;
        }
        const head = headerEnd > maxHeaderSize ? null : parseHead(pending.toString('latin1', 0, headerEnd), bodyLimit);
        if (head === null) {
          handOver(socket, pending);
          return;
        }
        const bodyStart = headerEnd + 4;
        const bodyEnd = bodyStart + head.contentLength;
        if (pending.length < bodyEnd) {
          need = bodyEnd;
          return;
        }
        need = 0;
        const body = head.get ? '' : pending.toString('utf8', bodyStart, bodyEnd);
        pending = pending.length > bodyEnd ? pending.subarray(bodyEnd) : null;
        conn.busy = true;
        socket.setTimeout(0);
        const answer = respond(body, head.query, head.authorization);
        if (answer instanceof Promise) {
          void answer.then((a) => finish(a, head.close));
          return;
        }
        finish(answer, head.close);
      }
    };

    const finish = (answer: QueryAnswer, close: boolean): void => {
      conn.busy = false;
      if (socket.destroyed) return;
      const last = close || closing;
      socket.write(
        `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\ncontent-type: text/xml\r\nx-amzn-requestid: ${answer.requestId}\r\n` +
          `content-length: ${Buffer.byteLength(answer.xml)}\r\nDate: ${httpDate()}\r\n` +
          (last ? 'Connection: close\r\n\r\n' : `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(keepAliveMs() / 1000)}\r\n\r\n`) +
          answer.xml,
      );
      if (last) {
        sockets.delete(socket);
        socket.end();
        return;
      }
      socket.setTimeout(keepAliveMs());
      next();
    };

    socket.on('data', (chunk: Buffer) => {
      if (pending === null) {
        pending = chunk;
      } else {
        // A large body arrives in many chunks: joined once, when complete.
        later.push(chunk);
        laterBytes += chunk.length;
        if (pending.length + laterBytes < need) return;
        pending = Buffer.concat([pending, ...later]);
        later = [];
        laterBytes = 0;
      }
      next();
    });
  });

  return {
    close() {
      closing = true;
      for (const [socket, conn] of sockets) if (!conn.busy) socket.destroy();
    },
  };
}
