import { command, type CommandSpec } from '../command-table.ts';
import { CommandError, ERR } from '../errors.ts';
import type { Client } from '../client.ts';

/** Leaves MULTI state and forgets watched keys (discardTransaction). */
export function discardTransaction(c: Client): void {
  c.multi = null;
  c.multiError = false;
  c.multiFlags = 0;
  c.node.unwatchAll(c);
}

function multi(c: Client): void {
  if (c.multi) throw new CommandError(ERR.multiNested);
  c.multi = [];
  c.multiError = false;
  c.multiFlags = 0;
  c.reply.ok();
}

/** A watched key that was live when watched but has logically expired since (isWatchedKeyExpired). */
function watchedKeyExpired(c: Client): boolean {
  const now = c.node.clock.now();
  for (const w of c.watching) {
    if (w.expired) continue;
    const when = w.db.getExpire(w.key);
    if (when !== undefined && when <= now && w.db.data.has(w.key)) return true;
  }
  return false;
}

function exec(c: Client): void {
  const queue = c.multi;
  if (!queue) throw new CommandError(ERR.execWithoutMulti);
  if (c.multiError) {
    discardTransaction(c);
    throw new CommandError(ERR.execAbort);
  }
  if (c.watchDirty || watchedKeyExpired(c)) {
    discardTransaction(c);
    c.reply.nullArray();
    return;
  }
  // Unwatch first (nothing can dirty the transaction now); c.multi stays set while the queued
  // commands run so that blocking commands inside behave as non-blocking, as in Redis.
  c.node.unwatchAll(c);
  const node = c.node;
  c.reply.array(queue.length);
  for (const argv of queue) {
    const spec = node.lookup(argv)!;
    if (node.isReplica() && !c.isPrimaryLink && spec.flags.includes('write') && node.config.bool('replica-read-only')) {
      c.reply.error(ERR.readonly);
      node.countError(ERR.readonly);
      continue;
    }
    node.call(c, spec, argv);
  }
  c.multi = null;
  c.multiError = false;
  c.multiFlags = 0;
}

function discard(c: Client): void {
  if (!c.multi) throw new CommandError(ERR.discardWithoutMulti);
  discardTransaction(c);
  c.reply.ok();
}

function watch(c: Client, argv: string[]): void {
  if (c.multi) throw new CommandError(ERR.watchInMulti);
  const db = c.db;
  const now = c.node.clock.now();
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i];
    if (c.watching.some((w) => w.db === db && w.key === key)) continue;
    const when = db.getExpire(key);
    c.watching.push({ db, key, expired: when !== undefined && when <= now && db.data.has(key) });
    let set = db.watchers.get(key);
    if (!set) db.watchers.set(key, (set = new Set()));
    set.add(c);
  }
  c.reply.ok();
}

function unwatch(c: Client): void {
  c.node.unwatchAll(c);
  c.reply.ok();
}

export const transactionCommands: CommandSpec[] = [
  command('multi', 1, 'noscript loading stale fast allow_busy', [0, 0, 0], 'fast transaction', multi),
  command('exec', 1, 'noscript loading stale skip_slowlog', [0, 0, 0], 'slow transaction', exec),
  command('discard', 1, 'noscript loading stale fast allow_busy', [0, 0, 0], 'fast transaction', discard),
  command('watch', -2, 'noscript loading stale fast allow_busy', [1, -1, 1], 'fast transaction', watch),
  command('unwatch', 1, 'noscript loading stale fast allow_busy', [0, 0, 0], 'fast transaction', unwatch),
];
