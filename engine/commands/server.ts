import { command, type CommandSpec } from '../command-table.ts';
import { is, toInt } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import { renderInfo } from '../info.ts';
import type { Client } from '../client.ts';
import type { Database } from '../keyspace.ts';
import type { EngineNode } from '../engine-node.ts';

function dbsize(c: Client): void {
  c.reply.int(c.db.size);
}

/** FLUSHALL/FLUSHDB [ASYNC|SYNC]: both are immediate here (nothing to free in the background). */
function checkFlushArgs(argv: string[]): void {
  if (argv.length > 2 || (argv.length === 2 && !is(argv[1], 'async') && !is(argv[1], 'sync'))) throw new CommandError(ERR.syntax);
}

function flushall(c: Client, argv: string[]): void {
  checkFlushArgs(argv);
  const node = c.node;
  node.tracking.flushed(c);
  node.flushAll();
  // Always propagated, even when nothing was there (server.dirty++ in Redis).
  node.dirty++;
  c.reply.ok();
}

function flushdb(c: Client, argv: string[]): void {
  checkFlushArgs(argv);
  const node = c.node;
  node.tracking.flushed(c);
  node.tracking.suspended = true;
  c.db.flush();
  node.tracking.suspended = false;
  node.dirty++;
  c.reply.ok();
}

/** Fields that stay with the database number (clients watching or blocked there stay put). */
const DB_FIXED_FIELDS = new Set(['id', 'node', 'watchers', 'blockedKeys']);

/**
 * SWAPDB: exchanges the contents (and any per-dataset index) of two databases; clients keep
 * their selected number, so they see the other dataset. Watchers of keys present in either
 * side are dirtied and clients blocked on keys that now exist are served.
 */
function swapdb(c: Client, argv: string[]): void {
  if (c.node.config.bool('cluster-enabled')) throw new CommandError('ERR SWAPDB is not allowed in cluster mode');
  const a = toInt(argv[1]);
  if (a === null || a < -2147483648 || a > 2147483647) throw new CommandError('ERR invalid first DB index');
  const b = toInt(argv[2]);
  if (b === null || b < -2147483648 || b > 2147483647) throw new CommandError('ERR invalid second DB index');
  const dbs = c.node.databases;
  if (a < 0 || a >= dbs.length || b < 0 || b >= dbs.length) throw new CommandError(ERR.invalidDb);
  if (a !== b) {
    const x = dbs[a];
    const y = dbs[b];
    const xs = x as unknown as Record<string, unknown>;
    const ys = y as unknown as Record<string, unknown>;
    for (const field of Object.keys(xs)) {
      if (DB_FIXED_FIELDS.has(field)) continue;
      const t = xs[field];
      xs[field] = ys[field];
      ys[field] = t;
    }
    touchAfterSwap(c.node, x, y);
    touchAfterSwap(c.node, y, x);
  }
  c.node.dirty++;
  c.reply.ok();
}

/**
 * touchAllWatchedKeysInDb + scanDatabaseForReadyKeys for one side of a SWAPDB: `db` now holds
 * the swapped-in data, `other` the data this db number had. Stale (expired, not yet deleted)
 * keys follow Redis: replacing one stale key by nothing or by another stale key is no change.
 */
function touchAfterSwap(node: EngineNode, db: Database, other: Database): void {
  const now = node.clock.now();
  const isExpired = (key: string) => {
    const when = db.getExpire(key);
    return when !== undefined && when <= now;
  };
  for (const [key, clients] of db.watchers) {
    const inEmptied = other.data.has(key);
    const inReplaced = db.data.has(key);
    if (!inEmptied && !inReplaced) continue;
    for (const cl of clients) {
      const w = cl.watching.find((x) => x.db === db && x.key === key);
      if (!w) continue;
      if (w.expired) {
        if (!inReplaced) {
          w.expired = false;
          continue;
        }
        if (isExpired(key)) continue;
      } else if (!inEmptied && isExpired(key)) {
        w.expired = true;
        continue;
      }
      cl.watchDirty = true;
    }
  }
  for (const key of db.blockedKeys.keys()) if (db.data.has(key)) node.blocking.keyReady(db, key);
}

function info(c: Client, argv: string[]): void {
  c.reply.verbatim(renderInfo(c.node, argv.slice(1).map((s) => s.toLowerCase())));
}

function time(c: Client): void {
  const ms = c.node.clock.now();
  const micros = Number((process.hrtime.bigint() / 1000n) % 1000n);
  c.reply.array(2);
  c.reply.bulk(String(Math.floor(ms / 1000)));
  c.reply.bulk(String((ms % 1000) * 1000 + micros));
}

function lastsave(c: Client): void {
  c.reply.int(Math.floor(c.node.lastSave / 1000));
}

/** The dataset lives in memory only until snapshots exist; a save just records the moment. */
function markSaved(c: Client): void {
  c.node.lastSave = c.node.clock.now();
  c.node.dirtyAtSave = c.node.dirty;
}

function save(c: Client): void {
  markSaved(c);
  c.reply.ok();
}

function bgsave(c: Client, argv: string[]): void {
  if (argv.length > 2 || (argv.length === 2 && !is(argv[1], 'schedule'))) throw new CommandError(ERR.syntax);
  markSaved(c);
  c.reply.simple('Background saving started');
}

function bgrewriteaof(c: Client): void {
  c.reply.simple('Background append only file rewriting started');
}

/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: the node stops at once, with no reply (its
 * connections close, as when redis-server exits). It keeps no dump file to save and does not wait
 * for replicas to catch up, so there is never a shutdown in progress to abort. ElastiCache keeps
 * the command from users (the provisioner's restricted commands).
 */
function shutdown(c: Client, argv: string[]): void {
  let save = false;
  let nosave = false;
  let abort = false;
  let other = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'nosave') nosave = true;
    else if (a === 'save') save = true;
    else if (a === 'now' || a === 'force') other = true;
    else if (a === 'abort') abort = true;
    else throw new CommandError(ERR.syntax);
  }
  if ((abort && (save || nosave || other)) || (save && nosave)) throw new CommandError(ERR.syntax);
  if (abort) throw new CommandError('ERR No shutdown in progress.');
  void c.node.close();
}

const ADMIN_CATS = 'admin slow dangerous';

export const serverCommands: CommandSpec[] = [
  command('dbsize', 1, 'readonly fast', [0, 0, 0], 'keyspace read fast', dbsize),
  command('flushall', -1, 'write', [0, 0, 0], 'keyspace write slow dangerous', flushall),
  command('flushdb', -1, 'write', [0, 0, 0], 'keyspace write slow dangerous', flushdb),
  command('swapdb', 3, 'write fast', [0, 0, 0], 'keyspace write fast dangerous', swapdb),
  command('info', -1, 'loading stale', [0, 0, 0], 'slow dangerous', info),
  command('time', 1, 'loading stale fast', [0, 0, 0], 'fast', time),
  command('lastsave', 1, 'loading stale fast', [0, 0, 0], 'admin fast dangerous', lastsave),
  command('save', 1, 'admin noscript no_async_loading no_multi', [0, 0, 0], ADMIN_CATS, save),
  command('bgsave', -1, 'admin noscript no_async_loading', [0, 0, 0], ADMIN_CATS, bgsave),
  command('bgrewriteaof', 1, 'admin noscript no_async_loading', [0, 0, 0], ADMIN_CATS, bgrewriteaof),
  command('shutdown', -1, 'admin noscript loading stale no_multi sentinel allow_busy', [0, 0, 0], ADMIN_CATS, shutdown),
];
