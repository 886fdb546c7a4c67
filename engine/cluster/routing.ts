import type { Client } from '../client.ts';
import { commandKeys, type CommandSpec } from '../command-table.ts';
import { keyHashSlot } from './crc16.ts';
import type { KeyTable } from '../key-table.ts';
import type { KnownNode } from './view.ts';

/** Returned by route() when the client was held until a MIGRATE of its keys finishes. */
export const HELD = 1;

const PUBSUB_SHARD = new Set(['ssubscribe', 'sunsubscribe', 'spublish']);

/**
 * getNodeByQuery + clusterRedirectClient: null when this node serves the command, HELD when it
 * waits for a MIGRATE in flight, else the error to reply (MOVED, ASK, CROSSSLOT, TRYAGAIN,
 * CLUSTERDOWN). EXEC is checked over the commands it queued, as Redis does.
 */
export function route(c: Client, spec: CommandSpec, argv: string[], name: string): string | null | typeof HELD {
  const node = c.node;
  const view = node.cluster;
  const isExec = name === 'exec';
  if (spec.firstKey <= 0 && !spec.getKeys && !isExec) return null;
  if (isExec && !c.multi) return null;
  const queued = isExec ? c.multi! : [argv];

  if (view.inFlight.size > 0 && (!c.multi || isExec) && touchesInFlight(c, queued, isExec ? null : spec)) {
    hold(c, argv);
    return HELD;
  }
  if (!view.enabled) return null;

  const db = c.db;
  const pubsubShard = PUBSUB_SHARD.has(name);
  let firstKey: string | null = null;
  let slot = 0;
  let n: KnownNode | null = null;
  let migrating = false;
  let importing = false;
  let multipleKeys = false;
  let missing = 0;
  let write = false;
  for (const cmd of queued) {
    const s = isExec ? node.lookup(cmd) : spec;
    if (!s) continue;
    if (s.flags.includes('write')) write = true;
    const keys = s.firstKey <= 0 && !s.getKeys ? EMPTY : commandKeys(s, cmd);
    for (const key of keys) {
      if (firstKey === null) {
        firstKey = key;
        slot = keyHashSlot(key);
        n = view.ownerOf(slot);
        if (n === null) return 'CLUSTERDOWN Hash slot not served';
        if (n.id === view.myId && view.migrating.has(slot)) migrating = true;
        else if (view.importing.has(slot)) importing = true;
      } else if (key !== firstKey) {
        if (keyHashSlot(key) !== slot) return "CROSSSLOT Keys in request don't hash to the same slot";
        multipleKeys = true;
      }
      if ((migrating || importing) && !pubsubShard && !exists(db.data, db.expires, key, node.clock.now())) missing++;
    }
  }
  if (n === null) return null;
  if (!view.state().up) {
    if (pubsubShard) {
      if (!node.config.bool('cluster-allow-pubsubshard-when-down')) return 'CLUSTERDOWN The cluster is down';
    } else if (!node.config.bool('cluster-allow-reads-when-down')) {
      return 'CLUSTERDOWN The cluster is down';
    } else if (spec.flags.includes('write')) {
      return 'CLUSTERDOWN The cluster is down and only accepts read commands';
    }
  }
  if ((migrating || importing) && name === 'migrate') return null;
  if (migrating && missing > 0) {
    if (multipleKeys) return 'TRYAGAIN Multiple keys request during rehashing of slot';
    return redirect('ASK', slot, view.migrating.get(slot)!);
  }
  if (importing && (c.asking || spec.flags.includes('asking'))) {
    if (multipleKeys && missing > 0) return 'TRYAGAIN Multiple keys request during rehashing of slot';
    return null;
  }
  const me = view.myself();
  if ((c.clusterReadOnly || pubsubShard) && !write && me && !me.primary && me.shard.primary === n) return null;
  return n.id === view.myId ? null : redirect('MOVED', slot, n);
}

const EMPTY: string[] = [];

function redirect(kind: string, slot: number, n: KnownNode): string {
  return `${kind} ${slot} ${n.host}:${n.port}`;
}

/** lookupKeyReadWithFlags(NOTOUCH|NOSTATS|NONOTIFY): present and not logically expired. */
function exists(data: KeyTable, expires: Map<string, number>, key: string, now: number): boolean {
  if (!data.has(key)) return false;
  const when = expires.size > 0 ? expires.get(key) : undefined;
  return when === undefined || when >= now;
}

function touchesInFlight(c: Client, queued: string[][], spec: CommandSpec | null): boolean {
  const inFlight = c.node.cluster.inFlight;
  const prefix = c.db.id + '\0';
  for (const cmd of queued) {
    const s = spec ?? c.node.lookup(cmd);
    if (!s) continue;
    for (const key of commandKeys(s, cmd)) if (inFlight.has(prefix + key)) return true;
  }
  return false;
}

/** Holds the client (its command runs again first) until the MIGRATE in flight completes. */
function hold(c: Client, argv: string[]): void {
  c.backlog.unshift(argv);
  c.node.blocking.block(c, { db: c.db, keys: [], deadline: 0, retry: () => false, onTimeout: () => undefined });
  c.node.cluster.held.add(c);
}

/** Lets held clients run their commands again once no MIGRATE holds their keys. */
export function releaseHeld(view: { held: Set<Client> }): void {
  const clients = [...view.held];
  view.held.clear();
  for (const c of clients) {
    if (c.closed || !c.blocked) continue;
    c.node.blocking.unblock(c);
    c.node.resume(c);
  }
}
