/** Replication commands: REPLICAOF/SLAVEOF, ROLE, WAIT, and SYNC/PSYNC/REPLCONF that replicas send. */
import { command, type CommandSpec } from '../command-table.ts';
import { is, toInt, toInt64 } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import type { Client } from '../client.ts';
import { roleReply } from './report.ts';

/** REPLICAOF host port | NO ONE (replicaofCommand). */
function replicaof(c: Client, argv: string[]): void {
  const node = c.node;
  if (node.config.bool('cluster-enabled')) throw new CommandError('ERR REPLICAOF not allowed in cluster mode.');
  if (is(argv[1], 'no') && is(argv[2], 'one')) {
    if (node.isReplica()) node.setReplicaOf(null);
    c.reply.ok();
    return;
  }
  // A replica can't make its primary follow someone else: that would flush the replica itself.
  if (node.replication.primarySide.isReplica(c)) throw new CommandError('ERR Command is not valid when client is a replica.');
  const port = toInt(argv[2]);
  if (port === null || port < 0 || port > 65535) throw new CommandError('ERR Invalid master port');
  const current = node.primary;
  if (current && current.host.toLowerCase() === argv[1].toLowerCase() && current.port === port) {
    c.reply.simple('OK Already connected to specified master');
    return;
  }
  node.setReplicaOf({ host: argv[1], port });
  c.reply.ok();
}

/** WAIT numreplicas timeout (ms, 0 = forever). */
function wait(c: Client, argv: string[]): void {
  const node = c.node;
  if (node.isReplica()) {
    throw new CommandError(
      'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.',
    );
  }
  const numreplicas = toInt64(argv[1]);
  if (numreplicas === null) throw new CommandError(ERR.notInteger);
  const timeout = toInt64(argv[2]);
  if (timeout === null) throw new CommandError('ERR timeout is not an integer or out of range');
  if (timeout < 0n) throw new CommandError(ERR.timeoutNegative);
  node.replication.primarySide.wait(c, Number(numreplicas), Number(timeout));
}

function sync(c: Client, argv: string[]): void {
  c.node.replication.primarySide.sync(c, argv);
}

function replconf(c: Client, argv: string[]): void {
  c.node.replication.primarySide.replconf(c, argv);
}

const ADMIN = 'admin slow dangerous';

export const replicationCommands: CommandSpec[] = [
  command('replicaof', 3, 'admin noscript stale no_async_loading', [0, 0, 0], ADMIN, replicaof),
  command('slaveof', 3, 'admin noscript stale no_async_loading', [0, 0, 0], ADMIN, replicaof),
  command('role', 1, 'noscript loading stale fast', [0, 0, 0], 'admin fast dangerous', roleReply),
  command('wait', 3, 'noscript', [0, 0, 0], 'slow connection', wait),
  command('sync', 1, 'admin noscript no_async_loading no_multi', [0, 0, 0], ADMIN, sync),
  command('psync', -3, 'admin noscript no_async_loading no_multi', [0, 0, 0], ADMIN, sync),
  command('replconf', -1, 'admin noscript loading stale allow_busy', [0, 0, 0], ADMIN, replconf),
];
