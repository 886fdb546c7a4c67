import { command, type CommandSpec } from '../command-table.ts';
import { is } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import { renderInfo } from '../info.ts';
import type { Client } from '../client.ts';

function dbsize(c: Client): void {
  c.reply.int(c.db.size);
}

/** FLUSHALL [ASYNC|SYNC]: both are immediate here (nothing to free in the background). */
function flushall(c: Client, argv: string[]): void {
  if (argv.length > 2 || (argv.length === 2 && !is(argv[1], 'async') && !is(argv[1], 'sync'))) throw new CommandError(ERR.syntax);
  c.node.flushAll();
  c.reply.ok();
}

function info(c: Client, argv: string[]): void {
  c.reply.verbatim(renderInfo(c.node, argv.slice(1).map((s) => s.toLowerCase())));
}

export const serverCommands: CommandSpec[] = [
  command('dbsize', 1, 'readonly fast', [0, 0, 0], 'keyspace read fast', dbsize),
  command('flushall', -1, 'write', [0, 0, 0], 'keyspace write slow dangerous', flushall),
  command('info', -1, 'loading stale', [0, 0, 0], 'slow dangerous', info),
];
