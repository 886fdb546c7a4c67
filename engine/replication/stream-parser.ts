/**
 * Reads what a primary sends its replica: reply lines during the handshake, then the command
 * stream. Each command comes back with its raw bytes, because a replica counts its replication
 * offset in bytes of the stream and proxies the very same bytes to its own backlog and replicas.
 */
import { InputBuffer } from '../input-buffer.ts';
import { parseLength } from '../resp-parser.ts';

export interface StreamCommand {
  argv: string[];
  /** The command's bytes as received (latin1). */
  raw: string;
}

const EMPTY = Buffer.alloc(0);
const CR = 13;
const LF = 10;

export class StreamProtocolError extends Error {}

export class LinkReader extends InputBuffer {
  push(chunk: Buffer): void {
    this.append(chunk);
  }

  /** One line without its CRLF, or null while incomplete. */
  readLine(): string | null {
    this.joinPending();
    const nl = this.buf.indexOf(LF, this.pos);
    if (nl < 0) return null;
    const end = nl > this.pos && this.buf[nl - 1] === CR ? nl - 1 : nl;
    const line = this.buf.latin1Slice(this.pos, end);
    this.pos = nl + 1;
    return line;
  }

  /** Skips the bare newlines a primary sends as keepalives before the RDB payload. */
  skipNewlines(): void {
    this.joinPending();
    while (this.pos < this.buf.length && this.buf[this.pos] === LF) this.pos++;
  }

  /** Hands over everything buffered (the start of an RDB payload). */
  takeAll(): Buffer {
    this.joinPending();
    const rest = this.buf.subarray(this.pos);
    this.buf = EMPTY;
    this.pos = 0;
    return rest;
  }

  /** Parses every complete command buffered; a partial one waits for more bytes. */
  commands(out: StreamCommand[]): void {
    const buf = this.buf;
    const len = buf.length;
    while (this.pos < len) {
      const start = this.pos;
      if (buf[start] !== 42 /* '*' */) {
        // Inline form (never sent by Redis after the handshake, but legal on any connection).
        const nl = buf.indexOf(LF, start);
        if (nl < 0) return;
        const end = nl > start && buf[nl - 1] === CR ? nl - 1 : nl;
        const argv = buf.latin1Slice(start, end).split(' ').filter((a) => a.length > 0);
        this.pos = nl + 1;
        // Empty commands still count: the offset is measured in bytes of the stream.
        out.push({ argv, raw: buf.latin1Slice(start, nl + 1) });
        continue;
      }
      let p = start;
      let nl = buf.indexOf(CR, p);
      if (nl < 0 || nl + 1 >= len) return;
      const argc = parseLength(buf, p + 1, nl);
      if (argc === null) throw new StreamProtocolError('invalid multibulk length');
      p = nl + 2;
      const argv: string[] = new Array(Math.max(0, argc));
      for (let i = 0; i < argc; i++) {
        if (p >= len) return;
        if (buf[p] !== 36 /* '$' */) throw new StreamProtocolError(`expected '$', got '${String.fromCharCode(buf[p])}'`);
        nl = buf.indexOf(CR, p);
        if (nl < 0 || nl + 1 >= len) return;
        const blen = parseLength(buf, p + 1, nl);
        if (blen === null || blen < 0) throw new StreamProtocolError('invalid bulk length');
        const body = nl + 2;
        if (body + blen + 2 > len) {
          // Wait for the whole argument before looking again (no rescans per chunk).
          this.needBytes = body + blen + 2 - start;
          return;
        }
        argv[i] = buf.latin1Slice(body, body + blen);
        p = body + blen + 2;
      }
      this.pos = p;
      out.push({ argv, raw: buf.latin1Slice(start, p) });
    }
  }
}

/** RESP multibulk encoding of a command, as a primary streams it. */
export function encodeCommand(argv: string[]): string {
  let s = '*' + argv.length + '\r\n';
  for (let i = 0; i < argv.length; i++) s += '$' + argv[i].length + '\r\n' + argv[i] + '\r\n';
  return s;
}
