import { command, container, type CommandSpec } from '../command-table.ts';
import type { Client } from '../client.ts';

/** channels + patterns: the count in (P)SUBSCRIBE replies (shard channels are counted apart). */
function subCount(c: Client): number {
  return c.channels.size + c.patterns.size;
}

/**
 * Subscription confirmations are push messages in RESP3, arrays in RESP2; like messages they
 * get through CLIENT REPLY OFF/SKIP.
 */
function confirm(c: Client, kind: string, name: string | null, count: number): void {
  const w = c.reply;
  const muted = w.muted;
  w.muted = false;
  w.push(3);
  w.bulk(kind);
  if (name === null) w.nullBulk();
  else w.bulk(name);
  w.int(count);
  w.muted = muted;
}

function subscribe(c: Client, argv: string[]): void {
  for (let i = 1; i < argv.length; i++) {
    c.node.pubsub.subscribe(c, argv[i]);
    confirm(c, 'subscribe', argv[i], subCount(c));
  }
}

function unsubscribe(c: Client, argv: string[]): void {
  const hub = c.node.pubsub;
  if (argv.length === 1) {
    if (c.channels.size === 0) confirm(c, 'unsubscribe', null, subCount(c));
    for (const ch of [...c.channels]) {
      hub.unsubscribe(c, ch);
      confirm(c, 'unsubscribe', ch, subCount(c));
    }
    return;
  }
  for (let i = 1; i < argv.length; i++) {
    hub.unsubscribe(c, argv[i]);
    confirm(c, 'unsubscribe', argv[i], subCount(c));
  }
}

function psubscribe(c: Client, argv: string[]): void {
  for (let i = 1; i < argv.length; i++) {
    c.node.pubsub.psubscribe(c, argv[i]);
    confirm(c, 'psubscribe', argv[i], subCount(c));
  }
}

function punsubscribe(c: Client, argv: string[]): void {
  const hub = c.node.pubsub;
  if (argv.length === 1) {
    if (c.patterns.size === 0) confirm(c, 'punsubscribe', null, subCount(c));
    for (const p of [...c.patterns]) {
      hub.punsubscribe(c, p);
      confirm(c, 'punsubscribe', p, subCount(c));
    }
    return;
  }
  for (let i = 1; i < argv.length; i++) {
    hub.punsubscribe(c, argv[i]);
    confirm(c, 'punsubscribe', argv[i], subCount(c));
  }
}

function ssubscribe(c: Client, argv: string[]): void {
  for (let i = 1; i < argv.length; i++) {
    c.node.pubsub.ssubscribe(c, argv[i]);
    confirm(c, 'ssubscribe', argv[i], c.shardChannels.size);
  }
}

function sunsubscribe(c: Client, argv: string[]): void {
  const hub = c.node.pubsub;
  if (argv.length === 1) {
    if (c.shardChannels.size === 0) confirm(c, 'sunsubscribe', null, 0);
    for (const ch of [...c.shardChannels]) {
      hub.sunsubscribe(c, ch);
      confirm(c, 'sunsubscribe', ch, c.shardChannels.size);
    }
    return;
  }
  for (let i = 1; i < argv.length; i++) {
    hub.sunsubscribe(c, argv[i]);
    confirm(c, 'sunsubscribe', argv[i], c.shardChannels.size);
  }
}

function publish(c: Client, argv: string[]): void {
  const n = c.node.pubsub.publish(argv[1], argv[2]);
  // Replicas get every PUBLISH so their subscribers see it too (forceCommandPropagation).
  c.propagateAs = [argv];
  c.reply.int(n);
}

function spublish(c: Client, argv: string[]): void {
  const n = c.node.pubsub.spublish(argv[1], argv[2]);
  c.propagateAs = [argv];
  c.reply.int(n);
}

function pubsubChannels(c: Client, argv: string[]): void {
  c.reply.bulks(c.node.pubsub.activeChannels(false, argv[2]));
}

function pubsubShardChannels(c: Client, argv: string[]): void {
  c.reply.bulks(c.node.pubsub.activeChannels(true, argv[2]));
}

function numsub(c: Client, argv: string[], shard: boolean): void {
  c.reply.array((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    c.reply.bulk(argv[i]);
    c.reply.int(c.node.pubsub.numSub(shard, argv[i]));
  }
}

function pubsubNumpat(c: Client): void {
  c.reply.int(c.node.pubsub.patterns.size);
}

const PUBSUB_HELP = [
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
  'HELP',
  '    Prints this help.',
];

/** The HELP subcommand's reply: an array of status lines. */
export function helpReply(c: Client, lines: readonly string[]): void {
  c.reply.array(lines.length);
  for (const l of lines) c.reply.simple(l);
}

const SUB_FLAGS = 'pubsub noscript loading stale';

export const pubsubCommands: CommandSpec[] = [
  command('subscribe', -2, SUB_FLAGS, [0, 0, 0], 'pubsub slow', subscribe),
  command('unsubscribe', -1, SUB_FLAGS, [0, 0, 0], 'pubsub slow', unsubscribe),
  command('psubscribe', -2, SUB_FLAGS, [0, 0, 0], 'pubsub slow', psubscribe),
  command('punsubscribe', -1, SUB_FLAGS, [0, 0, 0], 'pubsub slow', punsubscribe),
  command('ssubscribe', -2, SUB_FLAGS, [1, -1, 1], 'pubsub slow', ssubscribe),
  command('sunsubscribe', -1, SUB_FLAGS, [1, -1, 1], 'pubsub slow', sunsubscribe),
  command('publish', 3, 'pubsub loading stale fast may_replicate', [0, 0, 0], 'pubsub fast', publish),
  command('spublish', 3, 'pubsub loading stale fast may_replicate', [1, 1, 1], 'pubsub fast', spublish),
  container('pubsub', -2, 'slow', [
    command('channels', -2, 'pubsub loading stale', [0, 0, 0], 'pubsub slow', pubsubChannels),
    command('numsub', -2, 'pubsub loading stale', [0, 0, 0], 'pubsub slow', (c, argv) => numsub(c, argv, false)),
    command('numpat', 2, 'pubsub loading stale', [0, 0, 0], 'pubsub slow', pubsubNumpat),
    command('shardchannels', -2, 'pubsub loading stale', [0, 0, 0], 'pubsub slow', pubsubShardChannels),
    command('shardnumsub', -2, 'pubsub loading stale', [0, 0, 0], 'pubsub slow', (c, argv) => numsub(c, argv, true)),
    command('help', 2, 'loading stale', [0, 0, 0], 'slow', (c) => helpReply(c, PUBSUB_HELP)),
  ]),
];
