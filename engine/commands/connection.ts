import { command, type CommandSpec } from '../command-table.ts';
import { intArg, is, toInt } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import type { Client } from '../client.ts';
import { discardTransaction } from './transactions.ts';

function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) throw new CommandError(ERR.wrongArgs('ping'));
  if (c.subscriptionCount > 0 && c.reply.protocol === 2) {
    c.reply.array(2);
    c.reply.bulk('pong');
    c.reply.bulk(argv[1] ?? '');
    return;
  }
  if (argv.length === 2) c.reply.bulk(argv[1]);
  else c.reply.simple('PONG');
}

function echo(c: Client, argv: string[]): void {
  c.reply.bulk(argv[1]);
}

function select(c: Client, argv: string[]): void {
  const n = intArg(argv[1], ERR.notInteger);
  if (c.node.config.bool('cluster-enabled') && n !== 0) throw new CommandError(ERR.selectNotAllowedInCluster);
  if (n < 0 || n >= c.node.databases.length) throw new CommandError(ERR.invalidDb);
  c.db = c.node.databases[n];
  c.reply.ok();
}

function quit(c: Client): void {
  c.reply.ok();
  c.closeAfterReply = true;
}

/** Checks a password against the default user (ACL users come with the RBAC issue). */
function authenticate(c: Client, user: string, password: string): boolean {
  const required = c.node.config.get('requirepass') ?? '';
  if (user !== 'default') return false;
  if (required === '' || password === required) {
    c.authenticated = true;
    c.user = user;
    return true;
  }
  return false;
}

function auth(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new CommandError(ERR.syntax);
  if (argv.length === 2 && !c.node.requiresAuth()) throw new CommandError(ERR.authNotConfigured);
  const [user, pass] = argv.length === 3 ? [argv[1], argv[2]] : ['default', argv[1]];
  if (!authenticate(c, user, pass)) throw new CommandError(ERR.wrongPass);
  c.reply.ok();
}

/** HELLO [protover [AUTH user pass] [SETNAME name]] */
function hello(c: Client, argv: string[]): void {
  let proto = 0;
  let i = 1;
  if (argv.length > 1) {
    const n = toInt(argv[1]);
    if (n === null) throw new CommandError('ERR Protocol version is not an integer or out of range');
    if (n < 2 || n > 3) throw new CommandError(ERR.protocolVersion);
    proto = n;
    i = 2;
  }
  let setName: string | undefined;
  let authArgs: [string, string] | undefined;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (is(argv[i], 'auth') && more >= 2) {
      authArgs = [argv[i + 1], argv[i + 2]];
      i += 2;
    } else if (is(argv[i], 'setname') && more >= 1) {
      setName = argv[++i];
    } else {
      throw new CommandError(`ERR Syntax error in HELLO option '${argv[i]}'`);
    }
  }
  if (authArgs && !authenticate(c, authArgs[0], authArgs[1])) throw new CommandError(ERR.wrongPass);
  if (!c.authenticated) {
    throw new CommandError(
      'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    );
  }
  if (setName !== undefined) {
    if (!validClientName(setName)) throw new CommandError(BAD_CLIENT_NAME);
    c.name = setName;
  }
  if (proto) c.reply.protocol = proto as 2 | 3;
  const node = c.node;
  c.reply.map(7);
  c.reply.bulk('server');
  c.reply.bulk(node.engine);
  c.reply.bulk('version');
  c.reply.bulk(node.version);
  c.reply.bulk('proto');
  c.reply.int(c.reply.protocol);
  c.reply.bulk('id');
  c.reply.int(c.id);
  c.reply.bulk('mode');
  c.reply.bulk(node.config.bool('cluster-enabled') ? 'cluster' : 'standalone');
  c.reply.bulk('role');
  c.reply.bulk(node.isReplica() ? 'replica' : 'master');
  c.reply.bulk('modules');
  c.reply.array(0);
}

/** RESET: back to a fresh connection's state (clearClientConnectionState). */
function reset(c: Client): void {
  const node = c.node;
  if (c.monitor) {
    c.monitor = false;
    node.monitors.delete(c);
  }
  node.tracking.disable(c);
  c.db = node.databases[0];
  c.reply.protocol = 2;
  c.user = 'default';
  c.authenticated = !node.requiresAuth();
  discardTransaction(c);
  node.pubsub.removeClient(c);
  c.name = '';
  c.replyOff = false;
  c.replySkipNext = false;
  c.reply.muted = false;
  c.reply.simple('RESET');
}

export const BAD_CLIENT_NAME = 'ERR Client names cannot contain spaces, newlines or special characters.';

/** Names are printable ASCII without spaces (clientSetName). */
export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 33 || code > 126) return false;
  }
  return true;
}

const CONN_FLAGS = 'noscript loading stale fast no_auth allow_busy';

export const connectionCommands: CommandSpec[] = [
  command('ping', -1, 'fast', [0, 0, 0], 'fast connection', ping),
  command('echo', 2, 'loading stale fast', [0, 0, 0], 'fast connection', echo),
  command('select', 2, 'loading stale fast', [0, 0, 0], 'fast connection', select),
  command('quit', -1, 'allow_busy noscript loading stale fast no_auth', [0, 0, 0], 'fast connection', quit),
  command('auth', -2, CONN_FLAGS, [0, 0, 0], 'fast connection', auth),
  command('hello', -1, CONN_FLAGS, [0, 0, 0], 'fast connection', hello),
  command('reset', 1, CONN_FLAGS, [0, 0, 0], 'fast connection', reset),
];
