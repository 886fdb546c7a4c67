import { command, container, type CommandSpec } from '../command-table.ts';
import { intArg, is, toInt } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import type { Client } from '../client.ts';
import { BAD_CLIENT_NAME, validClientName } from './connection.ts';
import { helpReply } from './pubsub.ts';

type ClientType = 'normal' | 'master' | 'replica' | 'pubsub';

function clientTypeByName(name: string): ClientType | null {
  const n = name.toLowerCase();
  if (n === 'normal' || n === 'master' || n === 'pubsub') return n;
  if (n === 'replica' || n === 'slave') return 'replica';
  return null;
}

/** getClientType: MONITOR clients count as normal ones. */
function clientType(c: Client): ClientType {
  if (c.isPrimaryLink) return 'master';
  if (c.subscriptionCount > 0) return 'pubsub';
  return 'normal';
}

/** addReplySubcommandSyntaxError: names the subcommand as the client typed it. */
function subSyntax(sub: string): CommandError {
  return new CommandError(`ERR unknown subcommand or wrong number of arguments for '${sub}'. Try CLIENT HELP.`);
}

function flagsOf(c: Client): string {
  let f = '';
  if (c.monitor) f += 'O';
  if (c.isPrimaryLink) f += 'M';
  if (c.subscriptionCount > 0) f += 'P';
  if (c.multi) f += 'x';
  if (c.blocked || c.postponed) f += 'b';
  if (c.tracking) f += 't';
  if (c.tracking?.brokenRedirect) f += 'R';
  if (c.tracking?.bcast) f += 'B';
  if (c.watchDirty) f += 'd';
  if (c.closeAfterReply) f += 'c';
  if (c.noEvict) f += 'e';
  return f || 'N';
}

function socketFd(c: Client): number {
  const handle = (c.socket as unknown as { _handle?: { fd?: number } } | null)?._handle;
  return typeof handle?.fd === 'number' ? handle.fd : -1;
}

/** One CLIENT LIST line, in 7.0's field order. */
export function clientInfoLine(c: Client): string {
  const now = c.node.clock.now();
  let argvMem = 0;
  let multiMem = 0;
  let qbuf = 0;
  if (c.multi) for (const argv of c.multi) for (const a of argv) multiMem += a.length + 16;
  // The command being run is still in its client's query buffer (as RESP) while it runs.
  if (c.executing) {
    qbuf = 1 + String(c.argv.length).length + 2;
    for (const a of c.argv) {
      argvMem += a.length;
      qbuf += 1 + String(a.length).length + 2 + a.length + 2;
    }
  }
  const omem = c.reply.out.length;
  const rbs = c.socket ? 16384 : 0;
  const totMem = argvMem + multiMem + omem + rbs + c.qbufSize + 1024;
  return (
    `id=${c.id} addr=${c.address} laddr=${c.localAddress} fd=${socketFd(c)} name=${c.name} ` +
    `age=${Math.floor((now - c.createdAt) / 1000)} idle=${Math.floor((now - c.lastInteraction) / 1000)} flags=${flagsOf(c)} ` +
    `db=${c.db.id} sub=${c.channels.size} psub=${c.patterns.size} ssub=${c.shardChannels.size} multi=${c.multi ? c.multi.length : -1} ` +
    `qbuf=${qbuf} qbuf-free=${Math.max(0, c.qbufSize - qbuf)} argv-mem=${argvMem} multi-mem=${multiMem} rbs=${rbs} rbp=${rbs} obl=${Math.min(omem, 16384)} oll=0 omem=${omem} ` +
    `tot-mem=${totMem} events=r cmd=${c.lastCommand} user=${c.user} redir=${c.tracking ? c.tracking.redirect : -1} resp=${c.reply.protocol}\n`
  );
}

function clientList(c: Client, argv: string[]): void {
  let out = '';
  if (argv.length === 4 && is(argv[2], 'type')) {
    const type = clientTypeByName(argv[3]);
    if (!type) throw new CommandError(`ERR Unknown client type '${argv[3]}'`);
    for (const cl of c.node.clients.values()) if (clientType(cl) === type) out += clientInfoLine(cl);
  } else if (argv.length > 3 && is(argv[2], 'id')) {
    const ids: number[] = [];
    for (let i = 3; i < argv.length; i++) {
      const id = toInt(argv[i]);
      if (id === null) throw new CommandError('ERR Invalid client ID');
      ids.push(id);
    }
    for (const id of ids) {
      const cl = c.node.clients.get(id);
      if (cl) out += clientInfoLine(cl);
    }
  } else if (argv.length !== 2) {
    throw new CommandError(ERR.syntax);
  } else {
    for (const cl of c.node.clients.values()) out += clientInfoLine(cl);
  }
  c.reply.verbatim(out);
}

function clientInfo(c: Client): void {
  c.reply.verbatim(clientInfoLine(c));
}

function clientKill(c: Client, argv: string[]): void {
  let addr: string | null = null;
  let laddr: string | null = null;
  let type: ClientType | null = null;
  let id = 0;
  let user: string | null = null;
  let skipme = true;
  if (argv.length === 3) {
    addr = argv[2];
    skipme = false;
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i];
      const val = argv[i + 1];
      if (val === undefined) throw new CommandError(ERR.syntax);
      if (is(opt, 'id')) {
        const n = toInt(val);
        if (n === null || n < 1) throw new CommandError('ERR client-id should be greater than 0');
        id = n;
      } else if (is(opt, 'type')) {
        type = clientTypeByName(val);
        if (!type) throw new CommandError(`ERR Unknown client type '${val}'`);
      } else if (is(opt, 'addr')) {
        addr = val;
      } else if (is(opt, 'laddr')) {
        laddr = val;
      } else if (is(opt, 'user')) {
        if (val !== 'default') throw new CommandError(`ERR No such user '${val}'`);
        user = val;
      } else if (is(opt, 'skipme')) {
        if (is(val, 'yes')) skipme = true;
        else if (is(val, 'no')) skipme = false;
        else throw new CommandError(ERR.syntax);
      } else {
        throw new CommandError(ERR.syntax);
      }
    }
  }
  let killed = 0;
  for (const cl of [...c.node.clients.values()]) {
    if (addr !== null && cl.address !== addr) continue;
    if (laddr !== null && cl.localAddress !== laddr) continue;
    if (type !== null && clientType(cl) !== type) continue;
    if (id !== 0 && cl.id !== id) continue;
    if (user !== null && cl.user !== user) continue;
    if (cl === c && skipme) continue;
    if (cl === c) c.closeAfterReply = true;
    else c.node.disconnect(cl);
    killed++;
  }
  if (argv.length === 3) {
    if (killed === 0) throw new CommandError('ERR No such client');
    c.reply.ok();
  } else {
    c.reply.int(killed);
  }
}

/** getTimeoutFromObjectOrReply in milliseconds → absolute deadline. */
function pauseDeadline(c: Client, arg: string): number {
  const n = toInt(arg);
  if (n === null) throw new CommandError('ERR timeout is not an integer or out of range');
  if (n < 0) throw new CommandError(ERR.timeoutNegative);
  return c.node.clock.now() + n;
}

function clientPause(c: Client, argv: string[]): void {
  if (argv.length > 4) throw subSyntax(argv[1]);
  let writesOnly = false;
  if (argv.length === 4) {
    if (is(argv[3], 'write')) writesOnly = true;
    else if (!is(argv[3], 'all')) throw new CommandError('ERR CLIENT PAUSE mode must be WRITE or ALL');
  }
  const until = pauseDeadline(c, argv[2]);
  c.node.pause(until, writesOnly);
  c.reply.ok();
}

function clientUnpause(c: Client): void {
  c.node.unpause();
  c.reply.ok();
}

function clientReply(c: Client, argv: string[]): void {
  const mode = argv[2];
  if (is(mode, 'on')) {
    c.replyOff = false;
    c.replySkipNext = false;
    c.reply.muted = false;
    c.reply.ok();
  } else if (is(mode, 'off')) {
    c.replyOff = true;
    c.reply.muted = true;
  } else if (is(mode, 'skip')) {
    if (!c.replyOff) c.replySkipNext = true;
    c.reply.muted = true;
  } else {
    throw new CommandError(ERR.syntax);
  }
}

function clientNoEvict(c: Client, argv: string[]): void {
  if (is(argv[2], 'on')) c.noEvict = true;
  else if (is(argv[2], 'off')) c.noEvict = false;
  else throw new CommandError(ERR.syntax);
  c.reply.ok();
}

function clientSetname(c: Client, argv: string[]): void {
  if (!validClientName(argv[2])) throw new CommandError(BAD_CLIENT_NAME);
  c.name = argv[2];
  c.reply.ok();
}

function clientGetname(c: Client): void {
  if (c.name === '') c.reply.nullBulk();
  else c.reply.bulk(c.name);
}

/** CLIENT SETINFO LIB-NAME|LIB-VER value (7.2; clients send it on connect). */
function clientSetinfo(c: Client, argv: string[]): void {
  const attr = argv[2];
  const lib = is(attr, 'lib-name');
  if (!lib && !is(attr, 'lib-ver')) throw new CommandError(`ERR Unrecognized option '${attr}'`);
  if (!validClientName(argv[3])) throw new CommandError(`ERR ${attr} cannot contain spaces, newlines or special characters.`);
  if (lib) c.libName = argv[3];
  else c.libVersion = argv[3];
  c.reply.ok();
}

function clientTracking(c: Client, argv: string[]): void {
  let redirect = 0;
  let bcast = false;
  let optin = false;
  let optout = false;
  let noloop = false;
  const prefixes: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j];
    if (is(opt, 'redirect') && more) {
      j++;
      if (redirect !== 0) throw new CommandError('ERR A client can only redirect to a single other client');
      redirect = intArg(argv[j]);
      if (!c.node.clients.has(redirect)) throw new CommandError('ERR The client ID you want redirect to does not exist');
    } else if (is(opt, 'bcast')) bcast = true;
    else if (is(opt, 'optin')) optin = true;
    else if (is(opt, 'optout')) optout = true;
    else if (is(opt, 'noloop')) noloop = true;
    else if (is(opt, 'prefix') && more) prefixes.push(argv[++j]);
    else throw new CommandError(ERR.syntax);
  }
  const tracking = c.node.tracking;
  if (is(argv[2], 'on')) {
    const cur = c.tracking;
    if (!bcast && prefixes.length > 0) throw new CommandError('ERR PREFIX option requires BCAST mode to be enabled');
    if (cur && cur.bcast !== bcast) {
      throw new CommandError("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
    }
    if (bcast && (optin || optout)) throw new CommandError('ERR OPTIN and OPTOUT are not compatible with BCAST');
    if (optin && optout) throw new CommandError("ERR You can't specify both OPTIN mode and OPTOUT mode");
    if (cur && ((optin && cur.optout) || (optout && cur.optin))) {
      throw new CommandError("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
    }
    if (bcast) {
      const err = prefixCollision(cur?.prefixes ?? [], prefixes);
      if (err) throw new CommandError(err);
    }
    tracking.enable(c, { bcast, optin, optout, noloop, redirect, prefixes, caching: null, brokenRedirect: false });
  } else if (is(argv[2], 'off')) {
    tracking.disable(c);
  } else {
    throw new CommandError(ERR.syntax);
  }
  c.reply.ok();
}

/** checkPrefixCollisionsOrReply: prefixes of one client may not be prefixes of each other. */
function prefixCollision(existing: string[], prefixes: string[]): string | null {
  const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
  for (let i = 0; i < prefixes.length; i++) {
    for (const e of existing) {
      if (overlaps(e, prefixes[i])) {
        return `ERR Prefix '${prefixes[i]}' overlaps with an existing prefix '${e}'. Prefixes for a single client must not overlap.`;
      }
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      if (overlaps(prefixes[i], prefixes[j])) {
        return `ERR Prefix '${prefixes[i]}' overlaps with another provided prefix '${prefixes[j]}'. Prefixes for a single client must not overlap.`;
      }
    }
  }
  return null;
}

function clientCaching(c: Client, argv: string[]): void {
  const t = c.tracking;
  if (!t) throw new CommandError('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
  if (is(argv[2], 'yes')) {
    if (!t.optin) throw new CommandError('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
    t.caching = true;
  } else if (is(argv[2], 'no')) {
    if (!t.optout) throw new CommandError('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
    t.caching = false;
  } else {
    throw new CommandError(ERR.syntax);
  }
  c.reply.ok();
}

function clientGetredir(c: Client): void {
  c.reply.int(c.tracking ? c.tracking.redirect : -1);
}

function clientTrackinginfo(c: Client): void {
  const t = c.tracking;
  const flags = [t ? 'on' : 'off'];
  if (t) {
    if (t.bcast) flags.push('bcast');
    if (t.optin) {
      flags.push('optin');
      if (t.caching === true) flags.push('caching-yes');
    }
    if (t.optout) {
      flags.push('optout');
      if (t.caching === false) flags.push('caching-no');
    }
    if (t.noloop) flags.push('noloop');
    if (t.brokenRedirect) flags.push('broken_redirect');
  }
  c.reply.map(3);
  c.reply.bulk('flags');
  c.reply.set(flags.length);
  for (const f of flags) c.reply.bulk(f);
  c.reply.bulk('redirect');
  c.reply.int(t ? t.redirect : -1);
  c.reply.bulk('prefixes');
  c.reply.bulks(t?.bcast ? t.prefixes : []);
}

function clientUnblock(c: Client, argv: string[]): void {
  if (argv.length > 4) throw subSyntax(argv[1]);
  let error = false;
  if (argv.length === 4) {
    if (is(argv[3], 'error')) error = true;
    else if (!is(argv[3], 'timeout')) throw new CommandError('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  }
  const id = intArg(argv[2]);
  const target = c.node.clients.get(id);
  const req = target?.blocked;
  if (!target || !req) {
    c.reply.int(0);
    return;
  }
  c.node.blocking.unblock(target);
  const muted = target.reply.muted;
  if (error) target.reply.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
  else req.onTimeout();
  target.reply.muted = muted;
  c.node.markForFlush(target);
  // Run what the unblocked client had pipelined once this command is done.
  setImmediate(() => {
    if (!target.closed && !target.blocked) c.node.resume(target);
  });
  c.reply.int(1);
}

const CLIENT_HELP = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'HELP',
  '    Prints this help.',
];

const CONN = 'noscript loading stale';
const ADMIN = 'admin noscript loading stale';
const ADMIN_CATS = 'admin slow dangerous connection';

export const clientCommands: CommandSpec[] = [
  container('client', -2, 'slow', [
    command('caching', 3, CONN, [0, 0, 0], 'slow connection', clientCaching),
    command('getname', 2, CONN, [0, 0, 0], 'slow connection', clientGetname),
    command('getredir', 2, CONN, [0, 0, 0], 'slow connection', clientGetredir),
    command('help', 2, 'loading stale', [0, 0, 0], 'slow connection', (c) => helpReply(c, CLIENT_HELP)),
    command('id', 2, CONN, [0, 0, 0], 'slow connection', (c) => c.reply.int(c.id)),
    command('info', 2, CONN, [0, 0, 0], 'slow connection', clientInfo),
    command('kill', -3, ADMIN, [0, 0, 0], ADMIN_CATS, clientKill),
    command('list', -2, ADMIN, [0, 0, 0], ADMIN_CATS, clientList),
    command('no-evict', 3, ADMIN, [0, 0, 0], ADMIN_CATS, clientNoEvict),
    command('pause', -3, ADMIN, [0, 0, 0], ADMIN_CATS, clientPause),
    command('reply', 3, CONN, [0, 0, 0], 'slow connection', clientReply),
    command('setinfo', 4, CONN, [0, 0, 0], 'slow connection', clientSetinfo),
    command('setname', 3, CONN, [0, 0, 0], 'slow connection', clientSetname),
    command('tracking', -3, CONN, [0, 0, 0], 'slow connection', clientTracking),
    command('trackinginfo', 2, CONN, [0, 0, 0], 'slow connection', clientTrackinginfo),
    command('unblock', -3, ADMIN, [0, 0, 0], ADMIN_CATS, clientUnblock),
    command('unpause', 2, ADMIN, [0, 0, 0], ADMIN_CATS, clientUnpause),
  ]),
];
