// Differential test: every test/differential/scripts/*.txt is run line by line against one of our
// engine nodes and a real redis-server 7.0.15, over raw RESP2 and again over RESP3, and the replies
// must match. Replies are read by our own small RESP reader (not a client library) so that errors,
// the kinds of null, nesting and RESP3 types are compared exactly as they come off the wire.
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { EngineNode } from '../engine/engine-node.ts';

const SCRIPTS = new URL('./differential/scripts/', import.meta.url);
/** How long one reply may take before the command counts as unanswered. */
const REPLY_TIMEOUT_MS = 5000;
/** The most mismatches listed in a failure message (the count is always given). */
const MAX_REPORTED = 15;

// ---------------------------------------------------------------------------------------------
// Scripts

type Directive = 'sorted' | 'type' | 'approx';

interface ScriptLine {
  lineNo: number;
  text: string;
  directives: Directive[];
  argv: Buffer[];
}

/** Splits a line as redis-cli does (sdssplitargs): "..." with \xHH and \n-style escapes, '...' with \'. */
function splitArgs(line: string): Buffer[] {
  const args: Buffer[] = [];
  let i = 0;
  const n = line.length;
  const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
  const isHex = (ch: string | undefined) => ch !== undefined && /^[0-9a-fA-F]$/.test(ch);
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return args;
    const bytes: number[] = [];
    const pushText = (s: string) => bytes.push(...Buffer.from(s, 'utf8'));
    let inDouble = false;
    let inSingle = false;
    for (;;) {
      const ch = line[i];
      if (inDouble) {
        if (ch === undefined) throw new Error('unbalanced quotes');
        if (ch === '\\' && line[i + 1] === 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
          bytes.push(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (ch === '\\' && i + 1 < n) {
          i++;
          const esc: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };
          pushText(esc[line[i]] ?? line[i]);
        } else if (ch === '"') {
          // redis-cli wants a space (or the end) right after the closing quote.
          if (i + 1 < n && !isSpace(line[i + 1])) throw new Error('closing quote must be followed by a space');
          i++;
          break;
        } else pushText(ch);
      } else if (inSingle) {
        if (ch === undefined) throw new Error('unbalanced quotes');
        if (ch === '\\' && line[i + 1] === "'") {
          i++;
          pushText("'");
        } else if (ch === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) throw new Error('closing quote must be followed by a space');
          i++;
          break;
        } else pushText(ch);
      } else {
        if (ch === undefined || isSpace(ch)) break;
        if (ch === '"') inDouble = true;
        else if (ch === "'") inSingle = true;
        else pushText(ch);
      }
      i++;
    }
    args.push(Buffer.from(bytes));
  }
}

function parseScript(text: string): ScriptLine[] {
  const out: ScriptLine[] = [];
  text.split('\n').forEach((raw, idx) => {
    let rest = raw.trim();
    if (rest === '' || rest.startsWith('#')) return;
    const directives: Directive[] = [];
    for (let m = /^@(\w+)\s+/.exec(rest); m; m = /^@(\w+)\s+/.exec(rest)) {
      if (m[1] !== 'sorted' && m[1] !== 'type' && m[1] !== 'approx') throw new Error(`line ${idx + 1}: unknown directive @${m[1]}`);
      directives.push(m[1]);
      rest = rest.slice(m[0].length);
    }
    let argv: Buffer[];
    try {
      argv = splitArgs(rest);
    } catch (e) {
      throw new Error(`line ${idx + 1}: ${(e as Error).message}: ${raw}`);
    }
    if (argv.length > 0) out.push({ lineNo: idx + 1, text: rest, directives, argv });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// RESP2/RESP3 replies

/**
 * One reply. `kind` is its RESP type byte; aggregates keep their elements in `items` (a map's as
 * key, value, key, value...); a null bulk / null array (RESP2) is kind '$' / '*' with null set.
 */
interface Reply {
  kind: string;
  text?: Buffer;
  items?: Reply[];
  null?: boolean;
}

class Incomplete extends Error {}

/** Parses one reply at `pos`; throws Incomplete when the buffer ends first. */
function parseReply(buf: Buffer, pos: number): [Reply, number] {
  const lineEnd = (from: number) => {
    const e = buf.indexOf('\r\n', from);
    if (e < 0) throw new Incomplete();
    return e;
  };
  if (pos >= buf.length) throw new Incomplete();
  const kind = String.fromCharCode(buf[pos]);
  const e = lineEnd(pos + 1);
  const line = buf.subarray(pos + 1, e);
  const next = e + 2;
  switch (kind) {
    case '+':
    case '-':
    case ':':
    case ',':
    case '#':
    case '(':
      return [{ kind, text: Buffer.from(line) }, next];
    case '_':
      return [{ kind }, next];
    case '$':
    case '=': {
      const len = Number(line.toString());
      if (len < 0) return [{ kind, null: true }, next];
      if (buf.length < next + len + 2) throw new Incomplete();
      return [{ kind, text: Buffer.from(buf.subarray(next, next + len)) }, next + len + 2];
    }
    case '*':
    case '~':
    case '>':
    case '%': {
      const count = Number(line.toString());
      if (count < 0) return [{ kind, null: true }, next];
      const items: Reply[] = [];
      let p = next;
      for (let k = 0; k < (kind === '%' ? count * 2 : count); k++) {
        const [item, after] = parseReply(buf, p);
        items.push(item);
        p = after;
      }
      return [{ kind, items }, p];
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(kind)} in ${JSON.stringify(buf.subarray(pos, pos + 40).toString('latin1'))}`);
  }
}

function quote(b: Buffer): string {
  let s = '"';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) s += `\\${String.fromCharCode(c)}`;
    else if (c === 0x0a) s += '\\n';
    else if (c === 0x0d) s += '\\r';
    else if (c === 0x09) s += '\\t';
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `${s}"`;
}

/** A one-line rendering that keeps every distinction the comparison makes. */
function render(r: Reply): string {
  const t = r.text ? r.text.toString('latin1') : '';
  switch (r.kind) {
    case '+':
      return `+${quote(r.text!)}`;
    case '-':
      return `(error) ${t}`;
    case ':':
      return `(integer) ${t}`;
    case ',':
      return `(double) ${t}`;
    case '#':
      return `(boolean) ${t}`;
    case '(':
      return `(big number) ${t}`;
    case '_':
      return '(null)';
    case '$':
      return r.null ? '(nil bulk)' : quote(r.text!);
    case '=':
      return r.null ? '(nil verbatim)' : `(verbatim) ${quote(r.text!)}`;
    case '*':
    case '~':
    case '>': {
      if (r.null) return '(nil array)';
      const open = { '*': '[', '~': '~[', '>': '>[' }[r.kind];
      return `${open}${r.items!.map(render).join(', ')}]`;
    }
    case '%': {
      const pairs: string[] = [];
      for (let k = 0; k < r.items!.length; k += 2) pairs.push(`${render(r.items![k])}: ${render(r.items![k + 1])}`);
      return `{${pairs.join(', ')}}`;
    }
    default:
      return `(${r.kind}) ${t}`;
  }
}

const AGGREGATE = new Set(['*', '~', '>', '%']);

/** @sorted: every aggregate, nested ones too, in a canonical order (a map by its pairs). */
function sortDeep(r: Reply): Reply {
  if (!AGGREGATE.has(r.kind) || r.null) return r;
  const items = r.items!.map(sortDeep);
  if (r.kind === '%') {
    const pairs: Reply[][] = [];
    for (let k = 0; k < items.length; k += 2) pairs.push([items[k], items[k + 1]]);
    pairs.sort((a, b) => cmp(render(a[0]) + render(a[1]), render(b[0]) + render(b[1])));
    return { kind: r.kind, items: pairs.flat() };
  }
  return { kind: r.kind, items: items.map((x) => [render(x), x] as const).sort((a, b) => cmp(a[0], b[0])).map((x) => x[1]) };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** @type: the RESP type, and the element count of aggregates. */
function shape(r: Reply): string {
  if (AGGREGATE.has(r.kind) && !r.null) return `${r.kind}${r.kind === '%' ? r.items!.length / 2 : r.items!.length}`;
  return r.null ? `${r.kind}null` : r.kind;
}

const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** @approx: equal, except that two numbers written differently may differ by 1e-9 relative. */
function approxEqual(a: Reply, b: Reply): boolean {
  if (a.kind !== b.kind || !!a.null !== !!b.null) return false;
  if (a.items || b.items) {
    if (!a.items || !b.items || a.items.length !== b.items.length) return false;
    return a.items.every((x, k) => approxEqual(x, b.items![k]));
  }
  const sa = a.text?.toString('latin1') ?? '';
  const sb = b.text?.toString('latin1') ?? '';
  if (sa === sb) return true;
  if ((a.kind !== '$' && a.kind !== ',') || !FLOAT.test(sa) || !FLOAT.test(sb)) return false;
  const x = Number(sa);
  const y = Number(sb);
  return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
}

// ---------------------------------------------------------------------------------------------
// Connections

function encode(argv: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const a of argv) parts.push(Buffer.from(`$${a.length}\r\n`), a, Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

/** A raw RESP connection: replies are queued as they are parsed; next() takes the oldest. */
class Conn {
  private buf: Buffer = Buffer.alloc(0);
  private readonly replies: Reply[] = [];
  private waiter: (() => void) | null = null;
  private closed = false;
  private failure: Error | null = null;

  private constructor(private readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      try {
        for (;;) {
          const [reply, after] = parseReply(this.buf, 0);
          this.replies.push(reply);
          this.buf = this.buf.subarray(after);
        }
      } catch (e) {
        if (!(e instanceof Incomplete)) this.failure = e as Error;
      }
      this.wake();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake();
    });
    sock.on('error', () => undefined);
  }

  static open(port: number): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const sock = connect(port, '127.0.0.1');
      sock.setNoDelay(true);
      sock.once('connect', () => resolve(new Conn(sock)));
      sock.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  send(argv: Buffer[]): void {
    if (!this.closed) this.sock.write(encode(argv));
  }

  /** The next reply, or a pseudo-reply naming why there is none. */
  async next(): Promise<Reply> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      const r = this.replies.shift();
      if (r) return r;
      if (this.failure) return { kind: '!', text: Buffer.from(`unparsable reply: ${this.failure.message}`) };
      if (this.closed) return { kind: '!', text: Buffer.from('connection closed') };
      const left = deadline - Date.now();
      if (left <= 0) return { kind: '!', text: Buffer.from(`no reply within ${REPLY_TIMEOUT_MS} ms`) };
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  close(): void {
    this.sock.destroy();
  }
}

/** Subscribing commands, and the kind of subscription each one adds to or removes from. */
const SUBSCRIPTION_KIND: Record<string, 'channel' | 'pattern' | 'shard'> = {
  subscribe: 'channel',
  unsubscribe: 'channel',
  psubscribe: 'pattern',
  punsubscribe: 'pattern',
  ssubscribe: 'shard',
  sunsubscribe: 'shard',
};

/** Subscriptions of one connection, as its own confirmations report them. */
class Subscriptions {
  private readonly sets = { channel: new Set<string>(), pattern: new Set<string>(), shard: new Set<string>() };

  /** How many confirmations a (un)subscribing command gets: one per name, or per current one. */
  expected(name: string, argc: number): number {
    const kind = SUBSCRIPTION_KIND[name];
    if (argc > 1) return argc - 1;
    return name.includes('unsubscribe') ? Math.max(1, this.sets[kind].size) : 1;
  }

  note(r: Reply): void {
    const [what, channel] = r.items ?? [];
    const name = what?.text?.toString('latin1') ?? '';
    const kind = SUBSCRIPTION_KIND[name];
    if (!kind || !channel?.text) return;
    const key = channel.text.toString('latin1');
    if (name.includes('unsubscribe')) this.sets[kind].delete(key);
    else this.sets[kind].add(key);
  }
}

/**
 * All replies one command produces: a confirmation per channel for (un)subscriptions (RESP3
 * pushes too), and in RESP3 the pushes (own messages, invalidations) that come before a reply.
 */
async function replies(conn: Conn, subs: Subscriptions, argv: Buffer[]): Promise<Reply[]> {
  conn.send(argv);
  const name = argv[0].toString('latin1').toLowerCase();
  const subscribing = name in SUBSCRIPTION_KIND;
  const expected = subscribing ? subs.expected(name, argv.length) : 1;
  const out: Reply[] = [];
  for (let got = 0; got < expected; ) {
    const r = await conn.next();
    out.push(r);
    if (!subscribing) {
      if (r.kind !== '>') got++;
      continue;
    }
    // An error, or QUEUED inside MULTI, is the only reply: confirmations are aggregates.
    if (!r.items) break;
    subs.note(r);
    got++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Servers

const run = promisify(execFile);

/** Why the differential test can't run here, or null when a redis-server 7.0.x is on the PATH. */
async function unavailable(): Promise<string | null> {
  let version: string;
  try {
    version = (await run('redis-server', ['--version'])).stdout;
  } catch {
    return 'redis-server not installed: apt-get install redis-server';
  }
  const v = /v=(\S+)/.exec(version)?.[1] ?? version.trim();
  return v.startsWith('7.0.') ? null : `redis-server ${v} found, the scripts are written against 7.0.15`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

interface RedisServer {
  port: number;
  stop: () => Promise<void>;
}

async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  // Its own directory, so that SAVE and the like leave nothing in the work tree.
  const dir = mkdtempSync(join(tmpdir(), 'differential-'));
  const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    proc.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  // Its log line rather than a probing connection, which would use up a client id (CLIENT ID).
  let log = '';
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    proc.stdout!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    proc.once('exit', () => resolve(false));
  });
  proc.stdout!.resume();
  if (!ready) {
    await stop();
    throw new Error(`redis-server did not start on port ${port}:\n${log}`);
  }
  return { port, stop };
}

// ---------------------------------------------------------------------------------------------
// The comparison

interface Mismatch {
  line: ScriptLine;
  ours: Reply[];
  theirs: Reply[];
}

function same(line: ScriptLine, ours: Reply[], theirs: Reply[]): boolean {
  if (ours.length !== theirs.length) return false;
  return ours.every((o, k) => {
    let a = o;
    let b = theirs[k];
    if (line.directives.includes('type')) return shape(a) === shape(b);
    if (line.directives.includes('sorted')) {
      a = sortDeep(a);
      b = sortDeep(b);
    }
    if (line.directives.includes('approx')) return approxEqual(a, b);
    return render(a) === render(b);
  });
}

const show = (rs: Reply[]) => rs.map(render).join(' then ');
/** Replies as compared: @sorted ones in their sorted order. */
const shown = (line: ScriptLine, rs: Reply[]) => show(line.directives.includes('sorted') ? rs.map(sortDeep) : rs);

async function runScript(name: string, protocol: 2 | 3): Promise<void> {
  const lines = parseScript(readFileSync(new URL(name, SCRIPTS), 'utf8'));
  const node = new EngineNode();
  const enginePort = await node.listen(0);
  const redis = await startRedis();
  const conns: Conn[] = [];
  try {
    const ours = await Conn.open(enginePort);
    const theirs = await Conn.open(redis.port);
    conns.push(ours, theirs);
    const [ourSubs, theirSubs] = [new Subscriptions(), new Subscriptions()];
    const both = (argv: Buffer[]) => Promise.all([replies(ours, ourSubs, argv), replies(theirs, theirSubs, argv)]);
    const setup = [[Buffer.from('FLUSHALL')], ...(protocol === 3 ? [[Buffer.from('HELLO'), Buffer.from('3')]] : [])];
    for (const argv of setup) {
      // HELLO's reply holds ids and versions that differ: only failures matter here.
      const [a, b] = await both(argv);
      assert.ok(a[0].kind !== '-' && b[0].kind !== '-', `${argv.join(' ')}: ours ${show(a)}, redis ${show(b)}`);
    }
    const mismatches: Mismatch[] = [];
    for (const line of lines) {
      const [a, b] = await both(line.argv);
      if (!same(line, a, b)) mismatches.push({ line, ours: a, theirs: b });
    }
    if (mismatches.length > 0) {
      const listed = mismatches.slice(0, MAX_REPORTED).map(
        (m) => `  ${name}:${m.line.lineNo}: ${m.line.directives.map((d) => `@${d} `).join('')}${m.line.text}\n    ours:  ${shown(m.line, m.ours)}\n    redis: ${shown(m.line, m.theirs)}`,
      );
      const more = mismatches.length > MAX_REPORTED ? `\n  ... and ${mismatches.length - MAX_REPORTED} more` : '';
      assert.fail(`${mismatches.length} of ${lines.length} replies differ from redis-server (RESP${protocol}):\n${listed.join('\n')}${more}`);
    }
  } finally {
    for (const c of conns) c.close();
    await Promise.all([node.close(), redis.stop()]);
  }
}

const reason = await unavailable();
const scripts = readdirSync(SCRIPTS)
  .filter((f) => f.endsWith('.txt'))
  .sort();

if (reason) {
  test('differential scripts against redis-server', { skip: reason }, () => undefined);
} else {
  // Scripts side by side: each waits on round trips far more than it computes.
  describe('differential against redis-server 7.0.15', { concurrency: 4 }, () => {
    for (const file of scripts) {
      test(`${file} (RESP2)`, () => runScript(file, 2));
      test(`${file} (RESP3)`, () => runScript(file, 3));
    }
  });
}
