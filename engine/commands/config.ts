import { command, container, type CommandSpec } from '../command-table.ts';
import { is } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import { findParam } from '../config.ts';
import { globMatch } from '../glob.ts';
import type { Client } from '../client.ts';
import { helpReply } from './pubsub.ts';

/** CONFIG GET pattern [pattern ...]: a map, each parameter once; exact names answer as asked. */
function configGet(c: Client, argv: string[]): void {
  const matches = new Map<string, string>();
  const entries = c.node.config.entries();
  for (let i = 2; i < argv.length; i++) {
    const pattern = argv[i];
    if (!/[[*?]/.test(pattern)) {
      if (matches.has(pattern)) continue;
      const value = c.node.config.get(pattern);
      if (value !== undefined) matches.set(pattern, value);
      continue;
    }
    for (const [name, value] of entries) {
      if (!matches.has(name) && globMatch(pattern, name, true)) matches.set(name, value);
    }
  }
  c.reply.map(matches.size);
  for (const [name, value] of matches) {
    c.reply.bulk(name);
    c.reply.bulk(value);
  }
}

/** CONFIG SET name value [name value ...]: all or nothing. */
function configSet(c: Client, argv: string[]): void {
  if (argv.length % 2 !== 0) throw new CommandError(ERR.syntax);
  const config = c.node.config;
  const seen = new Set<string>();
  for (let i = 2; i < argv.length; i += 2) {
    const p = findParam(argv[i]);
    if (!p) throw new CommandError(`ERR Unknown option or number of arguments for CONFIG SET - '${argv[i]}'`);
    if (p.immutable) throw new CommandError(`ERR CONFIG SET failed (possibly related to argument '${argv[i]}') - can't set immutable config`);
    if (seen.has(p.name)) throw new CommandError(`ERR CONFIG SET failed (possibly related to argument '${argv[i]}') - duplicate parameter`);
    seen.add(p.name);
  }
  const previous: Array<[string, string]> = [];
  for (let i = 2; i < argv.length; i += 2) {
    const old = config.get(argv[i])!;
    // The listener belongs to the node's endpoint: setting port/bind to what they are is fine,
    // moving them is refused the way a failed re-listen is.
    if ((is(argv[i], 'port') || is(argv[i], 'bind')) && argv[i + 1] !== old) {
      for (const [name, value] of previous.reverse()) config.set(name, value, true);
      throw new CommandError(`ERR CONFIG SET failed (possibly related to argument '${argv[i]}') - Unable to listen on this port`);
    }
    const err = config.set(argv[i], argv[i + 1]);
    if (err) {
      for (const [name, value] of previous.reverse()) config.set(name, value, true);
      throw new CommandError(`ERR ${err}`);
    }
    previous.push([argv[i], old]);
  }
  c.reply.ok();
}

/** CONFIG RESETSTAT: INFO stats, commandstats and errorstats start again from zero. */
function configResetstat(c: Client): void {
  const s = c.node.stats;
  s.totalConnections = 0;
  s.totalCommands = 0;
  s.expiredKeys = 0;
  s.evictedKeys = 0;
  s.keyspaceHits = 0;
  s.keyspaceMisses = 0;
  s.rejectedConnections = 0;
  s.netInputBytes = 0;
  s.netOutputBytes = 0;
  c.node.resetCommandStats();
  c.node.evictor.resetStats();
  s.errors.clear();
  s.totalErrors = 0;
  s.unexpectedErrors = 0;
  s.resetAt = c.node.clock.now();
  c.reply.ok();
}

function configRewrite(): void {
  throw new CommandError('ERR The server is running without a config file');
}

const CONFIG_HELP = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
  'HELP',
  '    Prints this help.',
];

const ADMIN = 'admin noscript loading stale';
const ADMIN_CATS = 'admin slow dangerous';

export const configCommands: CommandSpec[] = [
  container('config', -2, 'slow', [
    command('get', -3, ADMIN, [0, 0, 0], ADMIN_CATS, configGet),
    command('set', -4, ADMIN, [0, 0, 0], ADMIN_CATS, configSet),
    command('resetstat', 2, ADMIN, [0, 0, 0], ADMIN_CATS, configResetstat),
    command('rewrite', 2, ADMIN, [0, 0, 0], ADMIN_CATS, configRewrite),
    command('help', 2, 'loading stale', [0, 0, 0], 'slow', (c) => helpReply(c, CONFIG_HELP)),
  ]),
];
