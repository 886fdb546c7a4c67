import { command, type CommandSpec } from '../command-table.ts';
import { CommandError, ERR } from '../errors.ts';
import type { Client } from '../client.ts';
import type { StoredValue } from '../keyspace.ts';
import {
  HLL_DENSE,
  HLL_INVALID,
  HLL_REGISTERS,
  HLL_WRONGTYPE,
  HllWork,
  addElement,
  cachedCard,
  count,
  countRaw,
  denseAdd,
  emptyHll,
  isHll,
  mergeInto,
  toBytes,
  withCachedCard,
} from '../hll.ts';
import { lookupRead } from './strings.ts';

/** isHLLObjectOrReply: the value as an HLL string, or the error Redis replies. */
function asHll(v: StoredValue): string {
  if (typeof v !== 'string') throw new CommandError(ERR.wrongType);
  if (!isHll(v)) throw new CommandError(HLL_WRONGTYPE);
  return v;
}

function sparseMaxBytes(c: Client): number {
  return c.node.config.int('hll-sparse-max-bytes');
}

/** PFADD key [element ...] */
function pfadd(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const cur = db.get(key);
  let updated = 0;
  let next: string | null = null;
  if (cur !== undefined && asHll(cur).charCodeAt(4) === HLL_DENSE) {
    const out = [0];
    next = denseAdd(cur as string, argv, 2, out);
    updated = out[0];
  } else {
    let w: HllWork;
    if (cur === undefined) {
      // Creating the key counts as an update even with no elements.
      const e = emptyHll();
      w = new HllWork(e, e.length);
      updated++;
    } else {
      const b = toBytes(cur as string);
      w = new HllWork(b, b.length);
    }
    const sparseMax = sparseMaxBytes(c);
    for (let j = 2; j < argv.length; j++) {
      const r = addElement(w, argv[j], sparseMax);
      if (r === 1) updated++;
      else if (r === -1) {
        // Redis edits in place: what was changed before the corruption was found stays.
        if (updated > 0) db.set(key, w.toString(), true);
        throw new CommandError(HLL_INVALID);
      }
    }
    if (updated > 0) {
      w.buf[15] |= 0x80;
      next = w.toString();
    }
  }
  if (updated > 0 && next !== null) {
    db.set(key, next, true);
    c.node.notifyKeyspaceEvent('$', 'pfadd', key, db.id);
  }
  c.reply.int(updated > 0 ? 1 : 0);
}

/** PFCOUNT key [key ...] */
function pfcount(c: Client, argv: string[]): void {
  if (argv.length > 2) {
    // Several keys: the cardinality of their union, without touching any of them.
    const max = new Uint8Array(HLL_REGISTERS);
    for (let j = 1; j < argv.length; j++) {
      const v = lookupRead(c, argv[j]);
      if (v === undefined) continue;
      if (!mergeInto(max, asHll(v))) throw new CommandError(HLL_INVALID);
    }
    return c.reply.int(countRaw(max));
  }
  const key = argv[1];
  const v = lookupRead(c, key);
  if (v === undefined) return c.reply.int(0);
  const s = asHll(v);
  const cached = cachedCard(s);
  if (cached >= 0) return c.reply.int(cached);
  const card = count(s);
  if (card < 0) throw new CommandError(HLL_INVALID);
  // The computed value is cached in the string itself: a change replicas must see too, which
  // the dispatcher would not send for a read-only command.
  c.db.set(key, withCachedCard(s, card), true);
  if (!c.node.isReplica() || c.isPrimaryLink) c.node.propagate(c.db.id, argv);
  c.reply.int(card);
}

/** PFMERGE destkey [sourcekey ...] */
function pfmerge(c: Client, argv: string[]): void {
  const max = new Uint8Array(HLL_REGISTERS);
  let useDense = false;
  // The destination takes part in the union, as Redis reads it with the sources.
  for (let j = 1; j < argv.length; j++) {
    const v = lookupRead(c, argv[j]);
    if (v === undefined) continue;
    const s = asHll(v);
    if (s.charCodeAt(4) === HLL_DENSE) useDense = true;
    if (!mergeInto(max, s)) throw new CommandError(HLL_INVALID);
  }
  const key = argv[1];
  const db = c.db;
  const cur = db.get(key);
  const b = cur === undefined || typeof cur !== 'string' ? emptyHll() : toBytes(cur);
  const w = new HllWork(b, b.length);
  if (useDense && !w.toDense()) throw new CommandError(HLL_INVALID);
  const sparseMax = sparseMaxBytes(c);
  for (let j = 0; j < HLL_REGISTERS; j++) {
    if (max[j] !== 0) w.set(j, max[j], sparseMax);
  }
  w.buf[15] |= 0x80;
  db.set(key, w.toString(), true);
  // Redis reports a merge as "pfadd": semantically it is a mass add.
  c.node.notifyKeyspaceEvent('$', 'pfadd', key, db.id);
  c.reply.ok();
}

export const hyperloglogCommands: CommandSpec[] = [
  command('pfadd', -2, 'write denyoom fast', [1, 1, 1], 'write hyperloglog fast', pfadd),
  command('pfcount', -2, 'readonly may_replicate', [1, -1, 1], 'read hyperloglog slow', pfcount),
  command('pfmerge', -2, 'write denyoom', [1, -1, 1], 'write hyperloglog slow', pfmerge),
];
