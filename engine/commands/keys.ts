import { command, type CommandSpec } from '../command-table.ts';
import { intArg } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import type { Client } from '../client.ts';

function del(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    if (c.db.delete(argv[i])) {
      n++;
      c.node.notifyKeyspaceEvent('g', 'del', argv[i], c.db.id);
    }
  }
  c.reply.int(n);
}

function exists(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.has(argv[i])) n++;
  c.reply.int(n);
}

/** EXPIRE key seconds [NX|XX|GT|LT] */
function expire(c: Client, argv: string[]): void {
  const key = argv[1];
  const secs = intArg(argv[2]);
  let flag = '';
  for (let i = 3; i < argv.length; i++) {
    const f = argv[i].toLowerCase();
    if (f !== 'nx' && f !== 'xx' && f !== 'gt' && f !== 'lt') throw new CommandError(`ERR Unsupported option ${argv[i]}`);
    if (flag && flag !== f) {
      throw new CommandError(
        (flag === 'nx' || f === 'nx') ? 'ERR NX and XX, GT or LT options at the same time are not compatible' : 'ERR GT and LT options at the same time are not compatible',
      );
    }
    flag = f;
  }
  const db = c.db;
  if (!db.has(key)) return c.reply.int(0);
  const now = c.node.clock.now();
  if (Math.abs(secs) > Number.MAX_SAFE_INTEGER / 1000 - now / 1000) throw new CommandError(ERR.invalidExpire('expire'));
  const when = now + secs * 1000;
  const cur = db.getExpire(key);
  if (flag === 'nx' && cur !== undefined) return c.reply.int(0);
  if (flag === 'xx' && cur === undefined) return c.reply.int(0);
  if (flag === 'gt' && (cur === undefined || when <= cur)) return c.reply.int(0);
  if (flag === 'lt' && cur !== undefined && when >= cur) return c.reply.int(0);
  if (when <= now && !c.node.isReplica()) {
    db.delete(key);
    c.propagateAs = [['DEL', key]];
    c.node.notifyKeyspaceEvent('g', 'del', key, db.id);
  } else {
    db.setExpire(key, when);
    c.propagateAs = [['PEXPIREAT', key, String(when)]];
    c.node.notifyKeyspaceEvent('g', 'expire', key, db.id);
  }
  c.reply.int(1);
}

function ttl(c: Client, argv: string[]): void {
  const db = c.db;
  if (!db.has(argv[1])) return c.reply.int(-2);
  const when = db.getExpire(argv[1]);
  if (when === undefined) return c.reply.int(-1);
  c.reply.int(Math.max(0, Math.round((when - c.node.clock.now()) / 1000)));
}

export const keyCommands: CommandSpec[] = [
  command('del', -2, 'write', [1, -1, 1], 'keyspace write slow', del),
  command('exists', -2, 'readonly fast', [1, -1, 1], 'keyspace read fast', exists),
  command('expire', -3, 'write fast', [1, 1, 1], 'keyspace write fast', expire),
  command('ttl', 2, 'readonly fast', [1, 1, 1], 'keyspace read fast', ttl),
];
