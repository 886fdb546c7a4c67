import { command, container, type CommandSpec } from '../command-table.ts';
import { toInt64 } from '../args.ts';
import type { Client } from '../client.ts';
import { CommandError, ERR } from '../errors.ts';
import { helpReply } from '../commands/pubsub.ts';
import { keyCommands } from '../commands/keys.ts';
import { CLUSTER_SLOTS, keyHashSlot } from './crc16.ts';
import { migrate, migrateKeys } from './migrate.ts';
import type { ClusterView } from './view.ts';

const DISABLED = 'ERR This instance has cluster support disabled';

/** The view of a node in cluster mode; every CLUSTER subcommand answers DISABLED otherwise. */
function view(c: Client): ClusterView {
  if (!c.node.cluster.enabled) throw new CommandError(DISABLED);
  return c.node.cluster;
}

function slotArg(s: string): number {
  const n = toInt64(s);
  if (n === null) throw new CommandError(ERR.notInteger);
  if (n < 0n || n >= BigInt(CLUSTER_SLOTS)) throw new CommandError('ERR Invalid slot');
  return Number(n);
}

const HELP = [
  'CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'COUNTKEYSINSLOT <slot>',
  '    Return the number of keys in <slot>.',
  'GETKEYSINSLOT <slot> <count>',
  '    Return key names stored by current node in a slot.',
  'INFO',
  '    Return information about the cluster.',
  'KEYSLOT <key>',
  '    Return the hash slot for <key>.',
  'MYID',
  '    Return the node id.',
  'NODES',
  '    Return cluster configuration seen by node. Output format:',
  '    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...',
  'SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)',
  '    Set slot state.',
  'REPLICAS <node-id>',
  '    Return <node-id> replicas.',
  'SLOTS',
  '    Return information about slots range mappings. Each range is made of:',
  '    start, end, master and replicas IP addresses, ports and ids',
  'SHARDS',
  '    Return information about slot range mappings and the nodes associated with them.',
  'HELP',
  '    Prints this help.',
];

function help(c: Client): void {
  view(c);
  helpReply(c, HELP);
}

function myid(c: Client): void {
  c.reply.bulk(view(c).myId);
}

function info(c: Client): void {
  c.reply.verbatim(view(c).infoText());
}

function nodes(c: Client): void {
  c.reply.verbatim(view(c).nodesText());
}

function slots(c: Client): void {
  view(c).writeSlots(c.reply);
}

function shards(c: Client): void {
  view(c).writeShards(c.reply);
}

function keyslot(c: Client, argv: string[]): void {
  view(c);
  c.reply.int(keyHashSlot(argv[2]));
}

function countkeysinslot(c: Client, argv: string[]): void {
  const v = view(c);
  c.reply.int(v.slotIndex!.count(slotArg(argv[2])));
}

function getkeysinslot(c: Client, argv: string[]): void {
  const v = view(c);
  const slot = toInt64(argv[2]);
  if (slot === null) throw new CommandError(ERR.notInteger);
  const max = toInt64(argv[3]);
  if (max === null) throw new CommandError(ERR.notInteger);
  if (slot < 0n || slot >= BigInt(CLUSTER_SLOTS) || max < 0n) throw new CommandError('ERR Invalid slot or number of keys');
  const limit = max > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(max);
  // Redis lists a slot's keys newest first (each key is added at the head of its slot's list).
  c.reply.bulks(v.slotIndex!.keys(Number(slot), Number.MAX_SAFE_INTEGER).reverse().slice(0, limit));
}

function replicas(c: Client, argv: string[]): void {
  const v = view(c);
  const n = v.nodes.get(argv[2]);
  if (!n) throw new CommandError(`ERR Unknown node ${argv[2]}`);
  if (!n.primary) throw new CommandError('ERR The specified node is not a master');
  c.reply.array(n.shard.replicas.length);
  for (const r of n.shard.replicas) c.reply.bulk(v.describe(r, false));
}

/** CLUSTER SETSLOT <slot> IMPORTING|MIGRATING <node-id> | STABLE | NODE <node-id>: this node's view only. */
function setslot(c: Client, argv: string[]): void {
  const v = view(c);
  const me = v.myself();
  if (me && !me.primary) throw new CommandError('ERR Please use SETSLOT only with masters.');
  const n64 = toInt64(argv[2]);
  if (n64 === null || n64 < 0n || n64 >= BigInt(CLUSTER_SLOTS)) throw new CommandError('ERR Invalid or out of range slot');
  const slot = Number(n64);
  const action = argv[3].toLowerCase();
  const owner = v.ownerOf(slot);
  const mine = owner !== null && owner.id === v.myId;
  if (action === 'migrating' && argv.length === 5) {
    if (!mine) throw new CommandError(`ERR I'm not the owner of hash slot ${slot}`);
    const n = v.nodes.get(argv[4]);
    if (!n) throw new CommandError(`ERR I don't know about node ${argv[4]}`);
    if (!n.primary) throw new CommandError('ERR Target node is not a master');
    v.migrating.set(slot, n);
  } else if (action === 'importing' && argv.length === 5) {
    if (mine) throw new CommandError(`ERR I'm already the owner of hash slot ${slot}`);
    const n = v.nodes.get(argv[4]);
    if (!n) throw new CommandError(`ERR I don't know about node ${argv[4]}`);
    if (!n.primary) throw new CommandError('ERR Target node is not a master');
    v.importing.set(slot, n);
  } else if (action === 'stable' && argv.length === 4) {
    v.importing.delete(slot);
    v.migrating.delete(slot);
  } else if (action === 'node' && argv.length === 5) {
    const n = v.nodes.get(argv[4]);
    if (!n) throw new CommandError(`ERR Unknown node ${argv[4]}`);
    if (!n.primary) throw new CommandError('ERR Target node is not a master');
    const count = v.slotIndex!.count(slot);
    if (mine && n.id !== v.myId && count !== 0) {
      throw new CommandError(`ERR Can't assign hashslot ${slot} to a different node while I still hold keys for this hash slot.`);
    }
    if (count === 0) v.migrating.delete(slot);
    v.assign(slot, n);
    // Taking a slot over that was being imported ends the import, with a new config epoch as
    // clusterBumpConfigEpochWithoutConsensus gives it.
    if (n.id === v.myId && v.importing.has(slot)) {
      v.importing.delete(slot);
      if (me) {
        v.currentEpoch++;
        me.shard.epoch = v.currentEpoch;
      }
    }
  } else {
    throw new CommandError('ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP');
  }
  c.reply.ok();
}

function asking(c: Client): void {
  if (!c.node.cluster.enabled) throw new CommandError(DISABLED);
  c.asking = true;
  c.reply.ok();
}

function readonly(c: Client): void {
  if (!c.node.cluster.enabled) throw new CommandError(DISABLED);
  c.clusterReadOnly = true;
  c.reply.ok();
}

function readwrite(c: Client): void {
  if (!c.node.cluster.enabled) throw new CommandError(DISABLED);
  c.clusterReadOnly = false;
  c.reply.ok();
}

const restoreHandler = keyCommands.find((s) => s.name === 'restore')!.handler!;

const INFO_FLAGS = 'stale';
const ADMIN_FLAGS = 'admin stale no_async_loading';

export const clusterCommands: CommandSpec[] = [
  container('cluster', -2, 'slow', [
    command('help', 2, 'loading stale', [0, 0, 0], 'slow', help),
    command('myid', 2, INFO_FLAGS, [0, 0, 0], 'slow', myid),
    command('info', 2, INFO_FLAGS, [0, 0, 0], 'slow', info),
    command('nodes', 2, INFO_FLAGS, [0, 0, 0], 'slow', nodes),
    command('slots', 2, INFO_FLAGS, [0, 0, 0], 'slow', slots),
    command('shards', 2, INFO_FLAGS, [0, 0, 0], 'slow', shards),
    command('keyslot', 3, INFO_FLAGS, [0, 0, 0], 'slow', keyslot),
    command('countkeysinslot', 3, INFO_FLAGS, [0, 0, 0], 'slow', countkeysinslot),
    command('getkeysinslot', 4, INFO_FLAGS, [0, 0, 0], 'slow', getkeysinslot),
    command('replicas', 3, 'admin stale', [0, 0, 0], 'admin slow dangerous', replicas),
    command('slaves', 3, 'admin stale', [0, 0, 0], 'admin slow dangerous', replicas),
    command('setslot', -4, ADMIN_FLAGS, [0, 0, 0], 'admin slow dangerous', setslot),
  ]),
  command('asking', 1, 'fast', [0, 0, 0], 'fast connection', asking),
  command('readonly', 1, 'loading stale fast', [0, 0, 0], 'fast connection', readonly),
  command('readwrite', 1, 'loading stale fast', [0, 0, 0], 'fast connection', readwrite),
  command('migrate', -6, 'write movablekeys', [3, 3, 1], 'keyspace write slow dangerous', migrate, { getKeys: migrateKeys }),
  command('restore-asking', -4, 'write denyoom asking', [1, 1, 1], 'keyspace write slow dangerous', restoreHandler),
];
