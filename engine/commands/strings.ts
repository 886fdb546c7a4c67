import { command, type CommandSpec } from '../command-table.ts';
import { intArg, toInt64 } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import type { Client } from '../client.ts';
import type { Database } from '../keyspace.ts';

/** Reads a string key: undefined if absent, WRONGTYPE if it holds something else. */
export function getString(db: Database, key: string): string | undefined {
  const v = db.get(key);
  if (v === undefined || typeof v === 'string') return v;
  throw new CommandError(ERR.wrongType);
}

function get(c: Client, argv: string[]): void {
  const v = getString(c.db, argv[1]);
  if (v === undefined) {
    c.node.stats.keyspaceMisses++;
    c.reply.nullBulk();
  } else {
    c.node.stats.keyspaceHits++;
    c.reply.bulk(v);
  }
}

/** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ts|KEEPTTL] */
function set(c: Client, argv: string[]): void {
  const key = argv[1];
  const value = argv[2];
  let nx = false;
  let xx = false;
  let getOld = false;
  let keepTtl = false;
  let expireAt: number | undefined;
  let expireSeen = false;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    const next = argv[i + 1];
    if (opt === 'nx' && !xx) nx = true;
    else if (opt === 'xx' && !nx) xx = true;
    else if (opt === 'get') getOld = true;
    else if (opt === 'keepttl' && !expireSeen) keepTtl = expireSeen = true;
    else if ((opt === 'ex' || opt === 'px' || opt === 'exat' || opt === 'pxat') && !expireSeen && next !== undefined) {
      const n = intArg(next);
      if (n <= 0) throw new CommandError(ERR.invalidExpire('set'));
      const now = c.node.clock.now();
      const ms = opt === 'ex' ? n * 1000 + now : opt === 'px' ? n + now : opt === 'exat' ? n * 1000 : n;
      if (!Number.isSafeInteger(ms) || (opt === 'ex' && n > Number.MAX_SAFE_INTEGER / 1000)) throw new CommandError(ERR.invalidExpire('set'));
      expireAt = ms;
      expireSeen = true;
      i++;
    } else throw new CommandError(ERR.syntax);
  }
  const db = c.db;
  let old: string | undefined;
  if (getOld) old = getString(db, key);
  const exists = getOld ? old !== undefined || db.has(key) : nx || xx ? db.has(key) : false;
  if ((nx && exists) || (xx && !exists)) {
    if (getOld) c.reply.bulkOrNull(old);
    else c.reply.nullBulk();
    return;
  }
  db.set(key, value, keepTtl);
  if (expireAt !== undefined) {
    db.setExpire(key, expireAt);
    // Replicas get an absolute expiry so they agree with the primary whatever the link delay.
    c.propagateAs = [['SET', key, value, 'PXAT', String(expireAt)]];
  }
  c.node.notifyKeyspaceEvent('$', 'set', key, db.id);
  if (expireAt !== undefined) c.node.notifyKeyspaceEvent('g', 'expire', key, db.id);
  if (getOld) c.reply.bulkOrNull(old);
  else c.reply.ok();
}

/** Shared by INCR/DECR/INCRBY/DECRBY: exact int64 arithmetic with Redis's overflow error. */
export function incrBy(c: Client, key: string, delta: bigint): void {
  const db = c.db;
  const cur = getString(db, key);
  let n = 0n;
  if (cur !== undefined) {
    const parsed = toInt64(cur);
    if (parsed === null) throw new CommandError(ERR.notInteger);
    n = parsed;
  }
  const next = n + delta;
  if (next > 9223372036854775807n || next < -9223372036854775808n) throw new CommandError(ERR.overflow);
  db.set(key, next.toString(), true);
  c.node.notifyKeyspaceEvent('$', 'incrby', key, db.id);
  c.reply.int(next);
}

function incr(c: Client, argv: string[]): void {
  incrBy(c, argv[1], 1n);
}

export const stringCommands: CommandSpec[] = [
  command('get', 2, 'readonly fast', [1, 1, 1], 'read string fast', get),
  command('set', -3, 'write denyoom', [1, 1, 1], 'write string slow', set),
  command('incr', 2, 'write denyoom fast', [1, 1, 1], 'write string fast', incr),
];
