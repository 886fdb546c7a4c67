import { connect, type Socket } from 'node:net';
import { is, toInt64 } from '../args.ts';
import type { Client } from '../client.ts';
import type { BlockRequest } from '../blocking.ts';
import type { EngineNode } from '../engine-node.ts';
import { CommandError, ERR } from '../errors.ts';
import { RdbError } from '../rdb/io.ts';
import { createDumpPayload } from '../rdb/value.ts';
import { encodingLimits } from '../commands/keys.ts';
import { releaseHeld } from './routing.ts';

/** Cached connections to MIGRATE targets close after this long unused, as in Redis. */
const IDLE_CLOSE_MS = 10_000;

/** One cached connection to a target; replies are single lines, matched to requests in order. */
class TargetLink {
  private buf = '';
  private readonly waiting: Array<{ need: number; lines: string[]; done: (lines: string[] | null) => void }> = [];
  /** Database selected on the target (-1 after an error, so the next MIGRATE selects again). */
  lastDb = -1;
  broken = false;
  private idle: NodeJS.Timeout | null = null;

  constructor(
    readonly socket: Socket,
    private readonly forget: () => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d.toString('latin1')));
    socket.on('error', () => this.fail());
    socket.on('close', () => this.fail());
  }

  /** Sends a pipeline and resolves with its `need` reply lines, or null on an I/O error. */
  exchange(payload: string, need: number): Promise<string[] | null> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    return new Promise((resolve) => {
      this.waiting.push({ need, lines: [], done: resolve });
      this.socket.write(payload, 'latin1');
    });
  }

  private onData(s: string): void {
    this.buf += s;
    let eol: number;
    while (this.waiting.length > 0 && (eol = this.buf.indexOf('\r\n')) >= 0) {
      const head = this.waiting[0];
      head.lines.push(this.buf.slice(0, eol));
      this.buf = this.buf.slice(eol + 2);
      if (head.lines.length === head.need) {
        this.waiting.shift();
        head.done(head.lines);
      }
    }
    if (this.waiting.length === 0) this.armIdle();
  }

  private armIdle(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.close(), IDLE_CLOSE_MS);
    this.idle.unref();
  }

  close(): void {
    this.fail();
    this.socket.destroy();
  }

  private fail(): void {
    if (this.broken) return;
    this.broken = true;
    if (this.idle) clearTimeout(this.idle);
    this.forget();
    for (const w of this.waiting.splice(0)) w.done(null);
  }
}

const links = new WeakMap<EngineNode, Map<string, TargetLink>>();

/** A cached link to host:port, or a new one once connected (null when it can't connect in time). */
function getLink(node: EngineNode, host: string, port: number, timeout: number): Promise<{ link: TargetLink; cached: boolean } | 'error' | 'timeout'> {
  let map = links.get(node);
  if (!map) links.set(node, (map = new Map()));
  const name = `${host}:${port}`;
  const cached = map.get(name);
  if (cached && !cached.broken) return Promise.resolve({ link: cached, cached: true });
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.unref();
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('timeout');
    }, timeout);
    socket.once('error', () => {
      clearTimeout(timer);
      resolve('error');
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      const link = new TargetLink(socket, () => {
        if (map!.get(name) === link) map!.delete(name);
      });
      map!.set(name, link);
      resolve({ link, cached: false });
    });
  });
}

function encode(argv: string[]): string {
  let s = '*' + argv.length + '\r\n';
  for (const a of argv) s += '$' + a.length + '\r\n' + a + '\r\n';
  return s;
}

/**
 * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password]
 * [AUTH2 username password] [KEYS key ...]: sends DUMP payloads as RESTORE (RESTORE-ASKING in
 * cluster mode) and deletes the local keys the target accepted. Redis blocks its whole server
 * meanwhile; here only the calling client waits, and commands of other clients on the keys being
 * moved are held until the move is done, so nobody sees a key on both sides or loses a write.
 */
export function migrate(c: Client, argv: string[]): void {
  let copy = false;
  let replace = false;
  let username: string | null = null;
  let password: string | null = null;
  let firstKey = 3;
  let numKeys = 1;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (is(argv[j], 'copy')) copy = true;
    else if (is(argv[j], 'replace')) replace = true;
    else if (is(argv[j], 'auth')) {
      if (more < 1) throw new CommandError(ERR.syntax);
      password = argv[++j];
    } else if (is(argv[j], 'auth2')) {
      if (more < 2) throw new CommandError(ERR.syntax);
      username = argv[++j];
      password = argv[++j];
    } else if (is(argv[j], 'keys')) {
      if (argv[3].length !== 0) throw new CommandError('ERR When using MIGRATE KEYS option, the key argument must be set to the empty string');
      firstKey = j + 1;
      numKeys = argv.length - j - 1;
      break;
    } else throw new CommandError(ERR.syntax);
  }
  const timeoutArg = toInt64(argv[5]);
  const dbArg = toInt64(argv[4]);
  if (timeoutArg === null || dbArg === null) throw new CommandError(ERR.notInteger);
  const timeout = timeoutArg <= 0n ? 1000 : Number(timeoutArg);
  const dbid = Number(dbArg);
  const node = c.node;
  const db = c.db;
  const now = node.clock.now();
  const limits = encodingLimits(node);
  const keys: string[] = [];
  const commands: string[] = [];
  const restore = node.cluster.enabled ? 'RESTORE-ASKING' : 'RESTORE';
  for (let j = 0; j < numKeys; j++) {
    const key = argv[firstKey + j];
    const v = db.get(key);
    if (v === undefined) continue;
    const expireAt = db.getExpire(key);
    let ttl = 0;
    if (expireAt !== undefined) ttl = Math.max(1, expireAt - now);
    let payload: Buffer;
    try {
      payload = createDumpPayload(v, limits);
    } catch (e) {
      if (e instanceof RdbError) throw new CommandError(`ERR ${e.message}`);
      throw e;
    }
    keys.push(key);
    const cmd = [restore, key, String(ttl), payload.toString('latin1')];
    if (replace) cmd.push('REPLACE');
    commands.push(encode(cmd));
  }
  if (keys.length === 0) {
    c.reply.simple('NOKEY');
    return;
  }
  // The transfer is asynchronous: a client can't wait for it inside EXEC or a script.
  if (c.multi) throw new CommandError('ERR MIGRATE is not supported inside MULTI/EXEC by this engine');

  const view = node.cluster;
  const prefix = db.id + '\0';
  for (const key of keys) view.inFlight.add(prefix + key);
  let answered = false;
  const req: BlockRequest = {
    db,
    keys: [],
    deadline: 0,
    retry: () => false,
    // CLIENT UNBLOCK: the client gets an answer now; the transfer still completes.
    onTimeout: () => {
      answered = true;
      c.reply.error('IOERR error or timeout reading to target instance');
    },
  };
  node.blocking.block(c, req);

  /** Ends the transfer with its reply: null for +OK, else the error. */
  const finish = (error: string | null, deleted: string[]): void => {
    for (const key of keys) view.inFlight.delete(prefix + key);
    if (deleted.length > 0) node.propagate(db.id, ['DEL', ...deleted]);
    if (!answered && !c.closed && c.blocked === req) {
      node.blocking.unblock(c);
      const muted = c.reply.muted;
      c.reply.muted = c.replyOff;
      if (error === null) c.reply.ok();
      else c.reply.error(error);
      c.reply.muted = muted;
      node.resume(c);
    }
    releaseHeld(view);
    node.serveUnblocked();
    node.flushPending();
    settled.get(c)?.(error);
  };
  const ioError = (what: string) => `IOERR error or timeout ${what}`;

  const attempt = async (mayRetry: boolean): Promise<void> => {
    const got = await getLink(node, argv[1], Number(argv[2]), timeout);
    if (got === 'timeout') return finish(ioError('connecting to the client'), []);
    if (got === 'error') return finish(ioError('writing to target instance'), []);
    const { link, cached } = got;
    let out = '';
    let need = 0;
    if (password !== null) {
      out += encode(username !== null ? ['AUTH', username, password] : ['AUTH', password]);
      need++;
    }
    const select = link.lastDb !== dbid;
    if (select) {
      out += encode(['SELECT', String(dbid)]);
      link.lastDb = dbid;
      need++;
    }
    for (const cmd of commands) out += cmd;
    need += commands.length;
    const timer = setTimeout(() => link.close(), timeout);
    const lines = await link.exchange(out, need);
    clearTimeout(timer);
    if (lines === null) {
      if (cached && mayRetry) return attempt(false);
      return finish(ioError('reading to target instance'), []);
    }
    let i = 0;
    const authLine = password !== null ? lines[i++] : '+OK';
    const selectLine = select ? lines[i++] : '+OK';
    let error: string | null = null;
    const deleted: string[] = [];
    for (const key of keys) {
      const line = lines[i++];
      if (authLine[0] === '-' || selectLine[0] === '-' || line[0] === '-') {
        if (error === null) {
          link.lastDb = -1;
          error = authLine[0] === '-' ? authLine : selectLine[0] === '-' ? selectLine : line;
        }
      } else if (!copy && db.delete(key)) {
        node.notifyKeyspaceEvent('g', 'del', key, db.id);
        deleted.push(key);
      }
    }
    finish(error === null ? null : `ERR Target instance replied with error: ${error.slice(1)}`, deleted);
  };
  attempt(true).catch((e: Error) => finish(`ERR internal error: ${e.message}`, []));
}

/** Internal clients waiting for the end of their MIGRATE (migrateAsNode), with what to call then. */
const settled = new WeakMap<Client, (error: string | null) => void>();

/**
 * MIGRATE run by the node itself rather than by a user (ElastiCache's resharding: users may not
 * run MIGRATE there). argv is a whole MIGRATE command; resolves with null once the keys moved (or
 * none existed), else with the error MIGRATE would reply.
 */
export function migrateAsNode(node: EngineNode, argv: string[]): Promise<string | null> {
  const c = node.createClient(null);
  return new Promise((resolve) => {
    const done = (error: string | null): void => {
      settled.delete(c);
      node.disconnect(c);
      resolve(error);
    };
    settled.set(c, done);
    try {
      migrate(c, argv);
    } catch (e) {
      done(e instanceof CommandError ? e.reply : `ERR internal error: ${(e as Error).message}`);
      return;
    }
    // NOKEY is answered at once; a transfer blocks the client until finish() settles it.
    if (!c.blocked) done(null);
  });
}

/** Keys of MIGRATE: argv[3], or everything after KEYS when that option is given. */
export function migrateKeys(argv: string[]): string[] {
  for (let i = 6; i < argv.length; i++) {
    if (is(argv[i], 'keys')) return argv[3].length > 0 ? [] : argv.slice(i + 1);
  }
  return [argv[3]];
}
