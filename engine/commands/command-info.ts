import { command, container, commandKeys, type CommandSpec } from '../command-table.ts';
import { is } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import { globMatch } from '../glob.ts';
import type { Client } from '../client.ts';
import type { ReplyWriter } from '../reply-writer.ts';
import { commandTable } from './index.ts';
import { SUMMARIES } from './command-docs.ts';
import { COMMAND_META, type KeySpec } from './command-meta.ts';
import { helpReply } from './pubsub.ts';

/** Key specs of a command: Redis's own when known, else derived from first/last/step. */
function keySpecsOf(spec: CommandSpec): KeySpec[] {
  const meta = COMMAND_META[spec.name];
  if (meta) return meta[3];
  if (spec.firstKey <= 0) return [];
  const flags = spec.flags.includes('write') ? 'RW' : 'RO';
  const last = spec.lastKey < 0 ? spec.lastKey : spec.lastKey - spec.firstKey;
  return [[flags, ['i', spec.firstKey], ['r', last, spec.step, 0]]];
}

function writeStatusSet(w: ReplyWriter, items: string[]): void {
  w.set(items.length);
  for (const s of items) w.simple(s);
}

function writeKeySpecs(w: ReplyWriter, specs: KeySpec[]): void {
  w.set(specs.length);
  for (const ks of specs) {
    const notes = ks[3];
    w.map(notes === undefined ? 3 : 4);
    if (notes !== undefined) {
      w.bulk('notes');
      w.bulk(notes);
    }
    w.bulk('flags');
    writeStatusSet(w, ks[0].split(' ').filter(Boolean));
    w.bulk('begin_search');
    const bs = ks[1];
    w.map(2);
    w.bulk('type');
    if (bs[0] === 'i') {
      w.bulk('index');
      w.bulk('spec');
      w.map(1);
      w.bulk('index');
      w.int(bs[1]);
    } else if (bs[0] === 'k') {
      w.bulk('keyword');
      w.bulk('spec');
      w.map(2);
      w.bulk('keyword');
      w.bulk(bs[1]);
      w.bulk('startfrom');
      w.int(bs[2]);
    } else {
      w.bulk('unknown');
      w.bulk('spec');
      w.map(0);
    }
    w.bulk('find_keys');
    const fk = ks[2];
    w.map(2);
    w.bulk('type');
    if (fk[0] === 'r') {
      w.bulk('range');
      w.bulk('spec');
      w.map(3);
      w.bulk('lastkey');
      w.int(fk[1]);
      w.bulk('keystep');
      w.int(fk[2]);
      w.bulk('limit');
      w.int(fk[3]);
    } else if (fk[0] === 'n') {
      w.bulk('keynum');
      w.bulk('spec');
      w.map(3);
      w.bulk('keynumidx');
      w.int(fk[1]);
      w.bulk('firstkey');
      w.int(fk[2]);
      w.bulk('keystep');
      w.int(fk[3]);
    } else {
      w.bulk('unknown');
      w.bulk('spec');
      w.map(0);
    }
  }
}

/** Flags in the order COMMAND prints them; may_replicate, sentinel, only_sentinel and protected stay hidden. */
const FLAG_ORDER = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale', 'skip_monitor',
  'skip_slowlog', 'asking', 'fast', 'no_auth', 'no_mandatory_keys', 'no_async_loading', 'no_multi', 'movablekeys', 'allow_busy',
];

/**
 * One COMMAND INFO entry: name, arity, flags, first, last, step, ACL categories, tips, key specs,
 * subcommands (those the node restricts left out).
 */
function writeInfo(w: ReplyWriter, spec: CommandSpec, restricted: Set<string>): void {
  const meta = COMMAND_META[spec.name];
  w.array(10);
  w.bulk(spec.name);
  w.int(spec.arity);
  writeStatusSet(w, FLAG_ORDER.filter((f) => spec.flags.includes(f as CommandSpec['flags'][number])));
  w.int(spec.firstKey);
  w.int(spec.lastKey);
  w.int(spec.step);
  writeStatusSet(w, spec.categories.map((c) => '@' + c));
  const tips = meta && meta[2] ? meta[2].split(' ') : [];
  w.set(tips.length);
  for (const t of tips) w.bulk(t);
  writeKeySpecs(w, keySpecsOf(spec));
  const subs = (spec.subcommands ?? []).filter((sub) => !restricted.has(sub.name));
  w.set(subs.length);
  for (const sub of subs) writeInfo(w, sub, restricted);
}

/** Looks a command up by name or container|subcommand, honouring the node's restrictions. */
function findCommand(c: Client, name: string): CommandSpec | undefined {
  const lower = name.toLowerCase();
  const bar = lower.indexOf('|');
  const top = bar < 0 ? lower : lower.slice(0, bar);
  if (c.node.restricted.has(top) || c.node.restricted.has(lower)) return undefined;
  if (bar < 0) return commandTable.get(lower);
  return commandTable.sub(top, lower.slice(bar + 1));
}

function visibleCommands(c: Client): CommandSpec[] {
  const out: CommandSpec[] = [];
  for (const spec of commandTable.all()) if (!c.node.restricted.has(spec.name)) out.push(spec);
  return out;
}

function commandAll(c: Client): void {
  const all = visibleCommands(c);
  c.reply.array(all.length);
  for (const spec of all) writeInfo(c.reply, spec, c.node.restricted);
}

function commandCount(c: Client): void {
  c.reply.int(visibleCommands(c).length);
}

function commandInfo(c: Client, argv: string[]): void {
  if (argv.length === 2) return commandAll(c);
  c.reply.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const spec = findCommand(c, argv[i]);
    if (spec) writeInfo(c.reply, spec, c.node.restricted);
    else c.reply.nullBulk();
  }
}

function writeDocs(w: ReplyWriter, spec: CommandSpec): void {
  const meta = COMMAND_META[spec.name];
  const since = spec.since ?? meta?.[0];
  const group = spec.group ?? meta?.[1];
  const summary = spec.summary ?? SUMMARIES.get(spec.name);
  const subs = spec.subcommands ?? [];
  const fields = (summary ? 1 : 0) + (since ? 1 : 0) + (group ? 1 : 0) + (subs.length ? 1 : 0);
  w.map(fields);
  if (summary) {
    w.bulk('summary');
    w.bulk(summary);
  }
  if (since) {
    w.bulk('since');
    w.bulk(since);
  }
  if (group) {
    w.bulk('group');
    w.bulk(group);
  }
  if (subs.length) {
    w.bulk('subcommands');
    w.map(subs.length);
    for (const sub of subs) {
      w.bulk(sub.name);
      writeDocs(w, sub);
    }
  }
}

function commandDocs(c: Client, argv: string[]): void {
  let specs: CommandSpec[];
  if (argv.length === 2) specs = visibleCommands(c);
  else {
    specs = [];
    for (let i = 2; i < argv.length; i++) {
      const spec = findCommand(c, argv[i]);
      if (spec) specs.push(spec);
    }
  }
  c.reply.map(specs.length);
  for (const spec of specs) {
    c.reply.bulk(spec.name);
    writeDocs(c.reply, spec);
  }
}

/** COMMAND LIST [FILTERBY MODULE name | ACLCAT cat | PATTERN glob]: names incl. subcommands. */
function commandList(c: Client, argv: string[]): void {
  let filter: ((spec: CommandSpec) => boolean) | null = null;
  if (argv.length === 5 && is(argv[2], 'filterby')) {
    const value = argv[4];
    if (is(argv[3], 'module')) filter = () => false;
    else if (is(argv[3], 'aclcat')) filter = (s) => s.categories.includes(value.toLowerCase());
    else if (is(argv[3], 'pattern')) filter = (s) => globMatch(value, s.name, true);
    else throw new CommandError(ERR.syntax);
  } else if (argv.length !== 2) {
    throw new CommandError(ERR.syntax);
  }
  const names: string[] = [];
  for (const spec of visibleCommands(c)) {
    if (!filter || filter(spec)) names.push(spec.name);
    for (const sub of spec.subcommands ?? []) if (!filter || filter(sub)) names.push(sub.name);
  }
  c.reply.bulks(names);
}

/** Commands whose key flags depend on their arguments (the variable_flags key specs). */
const VARIABLE_FLAGS: Record<string, (argv: string[]) => string[]> = {
  set: (argv) => (argv.slice(3).some((a) => a.toLowerCase() === 'get') ? ['RW', 'access', 'update'] : ['OW', 'update']),
  bitfield: (argv) => {
    for (let i = 2; i < argv.length; i++) {
      const rem = argv.length - i - 1;
      const a = argv[i].toLowerCase();
      if (a === 'get' && rem >= 2) i += 2;
      else if (a === 'overflow' && rem >= 1) i += 1;
      else return ['RW', 'access', 'update'];
    }
    return ['RO', 'access'];
  },
};

/**
 * Keys of a call with the flags of the key spec each came from (getKeysUsingKeySpecs). When a
 * spec can't be followed (SORT's STORE, MIGRATE's KEYS), the family's own key finder decides
 * the keys: the first gets the first spec's flags, the others the last spec's, as Redis's
 * getkeys procs report them.
 */
function keysWithFlags(spec: CommandSpec, argv: string[]): Array<[string, string[]]> {
  const specs = keySpecsOf(spec).filter((ks) => !ks[0].split(' ').includes('not_key'));
  const out: Array<[string, string[]]> = [];
  const variable = VARIABLE_FLAGS[spec.name];
  if (specs.length === 0 || specs.some((ks) => ks[1][0] === 'u' || ks[2][0] === 'u')) {
    const first = specs[0] ? specs[0][0].split(' ') : [];
    const rest = specs.length ? specs[specs.length - 1][0].split(' ') : [];
    commandKeys(spec, argv).forEach((k, i) => out.push([k, i === 0 ? first : rest]));
    return out;
  }
  const argc = argv.length;
  for (const ks of specs) {
    const bs = ks[1];
    let first: number;
    if (bs[0] === 'i') first = bs[1];
    else {
      const [, keyword, startFrom] = bs as ['k', string, number];
      const fromEnd = startFrom < 0;
      let i = fromEnd ? argc + startFrom : startFrom;
      first = 0;
      for (; fromEnd ? i > 0 : i < argc; fromEnd ? i-- : i++) {
        if (argv[i].toLowerCase() === keyword.toLowerCase()) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue;
    }
    const fk = ks[2];
    let last: number;
    let step: number;
    if (fk[0] === 'r') {
      step = fk[2];
      if (fk[1] >= 0) last = first + fk[1];
      else if (fk[3] <= 1) last = argc + fk[1];
      else last = first + Math.floor((argc - 1 - first) / fk[3]);
    } else {
      const [, numIdx, firstKey, keyStep] = fk as ['n', number, number, number];
      const n = Number(argv[first + numIdx]);
      if (!Number.isInteger(n) || n <= 0 || first + firstKey + (n - 1) * keyStep >= argc) return [];
      step = keyStep;
      first = first + firstKey;
      last = first + (n - 1) * keyStep;
    }
    const flags = variable ? variable(argv) : ks[0].split(' ');
    for (let i = first; i <= last && i < argc; i += step) out.push([argv[i], flags]);
  }
  return out;
}

/** COMMAND GETKEYS checks, in Redis's order. */
function getKeysFor(c: Client, argv: string[]): Array<[string, string[]]> {
  const call = argv.slice(2);
  const spec = c.node.lookup(call);
  if (!spec) throw new CommandError('ERR Invalid command specified');
  const hasKeys = spec.getKeys !== undefined || keySpecsOf(spec).some((ks) => !ks[0].split(' ').includes('not_key'));
  if (!hasKeys) throw new CommandError('ERR The command has no key arguments');
  if ((spec.arity > 0 && call.length !== spec.arity) || call.length < -spec.arity) {
    throw new CommandError('ERR Invalid number of arguments specified for command');
  }
  return keysWithFlags(spec, call);
}

/** An empty key list is an error unless the command's keys are optional (no_mandatory_keys). */
function checkFound(spec: CommandSpec | undefined, keys: unknown[]): void {
  if (keys.length === 0 && !spec?.flags.includes('no_mandatory_keys')) throw new CommandError('ERR Invalid arguments specified for command');
}

function commandGetkeys(c: Client, argv: string[]): void {
  const keys = getKeysFor(c, argv);
  checkFound(c.node.lookup(argv.slice(2)), keys);
  c.reply.array(keys.length);
  for (const [k] of keys) c.reply.bulk(k);
}

function commandGetkeysAndFlags(c: Client, argv: string[]): void {
  const keys = getKeysFor(c, argv);
  checkFound(c.node.lookup(argv.slice(2)), keys);
  c.reply.array(keys.length);
  for (const [k, flags] of keys) {
    c.reply.array(2);
    c.reply.bulk(k);
    writeStatusSet(c.reply, flags);
  }
}

const COMMAND_HELP = [
  'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
  'HELP',
  '    Prints this help.',
];

const FLAGS = 'loading stale';
const CATS = 'slow connection';

/** COMMAND with no argument lists everything; with one it is a container like CLIENT. */
export const commandInfoCommands: CommandSpec[] = [
  container(
    'command',
    -1,
    CATS,
    [
      command('count', 2, FLAGS, [0, 0, 0], CATS, commandCount),
      command('docs', -2, FLAGS, [0, 0, 0], CATS, commandDocs),
      command('getkeys', -4, FLAGS, [0, 0, 0], CATS, commandGetkeys),
      command('getkeysandflags', -4, FLAGS, [0, 0, 0], CATS, commandGetkeysAndFlags),
      command('help', 2, FLAGS, [0, 0, 0], CATS, (c) => helpReply(c, COMMAND_HELP)),
      command('info', -2, FLAGS, [0, 0, 0], CATS, commandInfo),
      command('list', -2, FLAGS, [0, 0, 0], CATS, commandList),
    ],
    { flags: ['loading', 'stale'], handler: commandAll },
  ),
];
