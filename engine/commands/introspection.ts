import { createHash } from 'node:crypto';
import { command, container, type CommandSpec } from '../command-table.ts';
import { is, toDouble, toInt } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import type { Client } from '../client.ts';
import type { EngineNode } from '../engine-node.ts';
import type { StoredValue } from '../keyspace.ts';
import { HashValue } from '../types/hash.ts';
import { SetValue } from '../types/set.ts';
import { ZSetValue } from '../types/zset.ts';
import { createDumpPayload, decodeDumpPayload } from '../rdb/value.ts';
import { encodingLimits, objectEncoding } from './keys.ts';
import { commandTable } from './index.ts';
import { helpReply } from './pubsub.ts';

function monitor(c: Client): void {
  if (c.multi) throw new CommandError("ERR MONITOR isn't allowed for DENY BLOCKING client");
  // Already monitoring: Redis ignores the command without replying.
  if (c.monitor) return;
  c.monitor = true;
  c.node.monitors.add(c);
  c.reply.ok();
}

function slowlogGet(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new CommandError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try SLOWLOG HELP.`);
  const entries = c.node.slowlog.entries;
  let count = 10;
  if (argv.length === 3) {
    const n = toInt(argv[2]);
    if (n === null || n < -1) throw new CommandError('ERR count should be greater than or equal to -1');
    count = n === -1 ? entries.length : n;
  }
  const n = Math.min(count, entries.length);
  c.reply.array(n);
  for (let i = 0; i < n; i++) {
    const e = entries[i];
    c.reply.array(6);
    c.reply.int(e.id);
    c.reply.int(e.time);
    c.reply.int(e.usec);
    c.reply.bulks(e.argv);
    c.reply.bulk(e.peer);
    c.reply.bulk(e.name);
  }
}

const SLOWLOG_HELP = [
  'SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
  'HELP',
  '    Prints this help.',
];

function latencyLatest(c: Client): void {
  const events = c.node.latency.events;
  c.reply.array(events.size);
  for (const [name, ev] of events) {
    const last = ev.samples[ev.samples.length - 1];
    c.reply.array(4);
    c.reply.bulk(name);
    c.reply.int(last[0]);
    c.reply.int(last[1]);
    c.reply.int(ev.max);
  }
}

function latencyHistory(c: Client, argv: string[]): void {
  const ev = c.node.latency.events.get(argv[2]);
  const samples = ev ? ev.samples : [];
  c.reply.array(samples.length);
  for (const [t, ms] of samples) {
    c.reply.array(2);
    c.reply.int(t);
    c.reply.int(ms);
  }
}

function latencyReset(c: Client, argv: string[]): void {
  c.reply.int(c.node.latency.reset(argv.slice(2)));
}

function latencyDoctor(c: Client): void {
  const node = c.node;
  const events = node.latency.events;
  let report: string;
  if (events.size === 0) {
    report =
      node.config.int('latency-monitor-threshold') === 0
        ? 'I\'m sorry, Dave, I can\'t do that. Latency monitoring is disabled in this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren\'t in a deep space mission I\'d suggest to take a look at https://redis.io/topics/latency-monitor.\n'
        : 'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sleep better tonight.\n';
  } else {
    report = 'Dave, I have observed latency spikes in this Redis instance. You don\'t mind talking about it, do you Dave?\n\n';
    let i = 1;
    for (const [name, ev] of events) {
      const total = ev.samples.reduce((sum, s) => sum + s[1], 0);
      const avg = Math.floor(total / ev.samples.length);
      const period = ev.samples.length > 1 ? Math.floor((ev.samples[ev.samples.length - 1][0] - ev.samples[0][0]) / (ev.samples.length - 1)) : 0;
      report += `${i++}. ${name}: ${ev.samples.length} latency spikes (average ${avg}ms, mean deviation 0ms, period ${period} sec). Worst all time event ${ev.max}ms.\n`;
    }
    report += '\nI have a few advices for you:\n\n- Check your system for slow commands with SLOWLOG GET, and look at the commands that take longest.\n';
  }
  c.reply.verbatim(report);
}

/** LATENCY HISTOGRAM [command ...]: per-command call counts and cumulative usec buckets. */
function latencyHistogram(c: Client, argv: string[]): void {
  const stats = c.node.stats.commands;
  let names: string[];
  if (argv.length === 2) names = [...stats.keys()];
  else {
    // A container name stands for its subcommands.
    names = [];
    for (const arg of argv.slice(2)) {
      const name = arg.toLowerCase();
      const spec = commandTable.get(name);
      if (spec?.subcommands) for (const sub of spec.subcommands) names.push(sub.name);
      else names.push(name);
    }
  }
  const unique = [...new Set(names)].filter((n) => (stats.get(n)?.calls ?? 0) > 0);
  c.reply.map(unique.length);
  for (const name of unique) {
    const st = stats.get(name)!;
    c.reply.bulk(name);
    c.reply.map(2);
    c.reply.bulk('calls');
    c.reply.int(st.calls);
    c.reply.bulk('histogram_usec');
    const buckets = st.histogram.buckets();
    c.reply.map(buckets.length);
    for (const [bound, count] of buckets) {
      c.reply.int(bound);
      c.reply.int(count);
    }
  }
}

const LATENCY_HELP = [
  'LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
  'HELP',
  '    Prints this help.',
];

/** jemalloc-like size classes, so estimates move in the steps Redis's do. */
function alloc(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const step = 2 ** (Math.floor(Math.log2(n - 1)) - 2);
  return Math.ceil(n / step) * step;
}

/** Bytes Redis would use for a string value of this form (int / embstr / raw). */
function stringSize(s: string): number {
  if (s.length <= 20 && /^(0|-?[1-9][0-9]*)$/.test(s) && Math.abs(Number(s)) <= Number.MAX_SAFE_INTEGER) return 16;
  if (s.length <= 44) return alloc(16 + 3 + s.length + 1);
  return 16 + alloc(s.length + (s.length < 256 ? 3 : s.length < 65536 ? 5 : 9) + 1);
}

/** Bytes of one listpack entry holding s (header + data + back-length). */
function lpEntry(s: string): number {
  if (s.length <= 12 && /^-?[0-9]+$/.test(s)) return Math.abs(Number(s)) < 64 ? 2 : Math.abs(Number(s)) < 4096 ? 3 : Math.abs(Number(s)) < 2 ** 31 ? 6 : 10;
  const head = s.length < 64 ? 1 : s.length < 4096 ? 2 : 5;
  const body = head + s.length;
  return body + (body < 128 ? 1 : body < 16384 ? 2 : 3);
}

/** Size of a listpack with these entries (6-byte header, end byte), as allocated. */
function listpackSize(entries: Iterable<string>): number {
  let n = 7;
  for (const e of entries) n += lpEntry(e);
  return alloc(n);
}

/** Hash table overhead of a dict with n entries: struct (56) plus a power-of-two bucket array. */
function dictSize(n: number): number {
  let buckets = 4;
  while (buckets < n) buckets *= 2;
  return 56 + buckets * 8;
}

/** Average of f over the first `samples` items, times the item count (objectComputeSize sampling). */
function sampled<T>(items: Iterable<T>, count: number, samples: number, f: (item: T) => number): number {
  let sum = 0;
  let n = 0;
  for (const item of items) {
    if (n >= samples) break;
    sum += f(item);
    n++;
  }
  return n === 0 ? 0 : (sum / n) * count;
}

/** MEMORY USAGE: key + value estimate following Redis's encodings; big containers are sampled. */
export function memoryUsage(node: EngineNode, key: string, v: StoredValue, samples: number): number {
  const bytes = 24 + alloc(key.length + 4);
  if (typeof v === 'string') return bytes + stringSize(v);
  const encoding = objectEncoding(node, v);
  const any = v as unknown as { toArray?: () => string[]; length?: number };
  const sds = (s: string) => alloc(s.length + 4);
  let size = 16;
  if (v.kind === 'list' && any.toArray) {
    const items = any.toArray();
    const fill = node.config.int('list-max-listpack-size');
    const maxBytes = fill < 0 ? 4096 * 2 ** (Math.min(5, -fill) - 1) : Infinity;
    const maxCount = fill > 0 ? fill : Infinity;
    const nodes: number[] = [];
    let cur = 7;
    let count = 0;
    for (const item of items) {
      const e = lpEntry(item);
      if (count > 0 && (cur + e > maxBytes || count >= maxCount)) {
        nodes.push(alloc(cur));
        cur = 7;
        count = 0;
      }
      cur += e;
      count++;
    }
    nodes.push(alloc(cur));
    size += 40 + sampled(nodes, nodes.length, samples, (n) => 40 + n);
  } else if (v instanceof HashValue) {
    if (encoding === 'listpack') size += listpackSize([...v.entries()].flat());
    else size += dictSize(v.size) + sampled(v.entries(), v.size, samples, ([f, x]) => 24 + sds(f) + sds(x));
  } else if (v instanceof SetValue) {
    const set = v.set;
    if (encoding === 'intset') {
      let width = 2;
      for (const m of set) width = Math.max(width, Math.abs(Number(m)) < 32768 ? 2 : Math.abs(Number(m)) < 2 ** 31 ? 4 : 8);
      size += alloc(8 + set.size * width);
    } else {
      size += dictSize(set.size) + sampled(set, set.size, samples, (m) => 24 + sds(m));
    }
  } else if (v instanceof ZSetValue) {
    const scores = v.nodes;
    if (encoding === 'listpack') {
      const flat: string[] = [];
      for (const [m, n] of scores.entries()) flat.push(m, String(n.score));
      size += listpackSize(flat);
    } else {
      // zset + skiplist structs, the dict, the 32-level header node, then per member: sds, dict entry, node.
      size += 16 + 32 + dictSize(scores.size) + 640 + sampled(scores.keys(), scores.size, samples, (m) => 24 + 48 + sds(m));
    }
  } else {
    size += 64;
  }
  return bytes + Math.round(size);
}

function memoryUsageCmd(c: Client, argv: string[]): void {
  let samples = 5;
  for (let j = 3; j < argv.length; j++) {
    if (is(argv[j], 'samples') && j + 1 < argv.length) {
      const n = toInt(argv[j + 1]);
      if (n === null) throw new CommandError(ERR.notInteger);
      if (n < 0) throw new CommandError(ERR.syntax);
      samples = n === 0 ? Infinity : n;
      j++;
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  const v = c.db.get(argv[2]);
  if (v === undefined) c.reply.nullBulk();
  else c.reply.int(memoryUsage(c.node, argv[2], v, samples));
}

function memoryDoctor(c: Client): void {
  const used = c.node.usedMemory();
  const text =
    used < 5 * 1024 * 1024
      ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n"
      : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
  c.reply.verbatim(text);
}

function memoryStats(c: Client): void {
  const node = c.node;
  const used = node.usedMemory();
  const startup = 1024 * 1024;
  const keys = node.keyCount();
  let clientsNormal = 0;
  for (const cl of node.clients.values()) clientsNormal += cl.reply.out.length + 16384;
  const overhead = startup + clientsNormal;
  const dataset = Math.max(0, used - startup);
  const fields: Array<[string, number, 'int' | 'double']> = [
    ['peak.allocated', used, 'int'],
    ['total.allocated', used, 'int'],
    ['startup.allocated', startup, 'int'],
    ['replication.backlog', 0, 'int'],
    ['clients.slaves', 0, 'int'],
    ['clients.normal', clientsNormal, 'int'],
    ['cluster.links', 0, 'int'],
    ['aof.buffer', 0, 'int'],
    ['lua.caches', 0, 'int'],
    ['functions.caches', 0, 'int'],
    ['overhead.total', overhead, 'int'],
    ['keys.count', keys, 'int'],
    ['keys.bytes-per-key', keys ? Math.floor(dataset / keys) : 0, 'int'],
    ['dataset.bytes', dataset, 'int'],
    ['dataset.percentage', used > startup ? (dataset * 100) / (used - startup) : 0, 'double'],
    ['peak.percentage', 100, 'double'],
    ['allocator.allocated', used, 'int'],
    ['allocator.active', used, 'int'],
    ['allocator.resident', used, 'int'],
    ['allocator-fragmentation.ratio', 1, 'double'],
    ['allocator-fragmentation.bytes', 0, 'int'],
    ['allocator-rss.ratio', 1, 'double'],
    ['allocator-rss.bytes', 0, 'int'],
    ['rss-overhead.ratio', 1, 'double'],
    ['rss-overhead.bytes', 0, 'int'],
    ['fragmentation', 1, 'double'],
    ['fragmentation.bytes', 0, 'int'],
  ];
  const dbs = node.databases.filter((db) => db.size > 0);
  c.reply.map(fields.length + dbs.length);
  let i = 0;
  for (const [name, value, type] of fields) {
    c.reply.bulk(name);
    if (type === 'double') c.reply.double(value);
    else c.reply.int(value);
    // Per-db overhead entries sit between functions.caches and overhead.total, as in Redis.
    if (++i === 10) {
      for (const db of dbs) {
        c.reply.bulk(`db.${db.id}`);
        c.reply.map(2);
        c.reply.bulk('overhead.hashtable.main');
        c.reply.int(db.size * 24);
        c.reply.bulk('overhead.hashtable.expires');
        c.reply.int(db.expires.size * 32);
      }
    }
  }
}

function memoryMallocStats(c: Client): void {
  c.reply.verbatim('Stats not supported for the current allocator\n');
}

const MEMORY_HELP = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
  'HELP',
  '    Prints this help.',
];

/** A canonical rendering of a value for DEBUG DIGEST (same data → same digest). */
function canonical(v: StoredValue): string {
  if (typeof v === 'string') return 's' + v;
  const any = v as unknown as Record<string, unknown>;
  if (v instanceof HashValue) return 'h' + [...v.entries()].map(([f, x]) => `${f.length}:${f}${x.length}:${x}`).sort().join('');
  if (v instanceof SetValue) return 'S' + [...v.set].map((m) => `${m.length}:${m}`).sort().join('');
  if (v instanceof ZSetValue) return 'z' + [...v.nodes.entries()].map(([m, n]) => `${m.length}:${m}${n.score}`).sort().join('');
  const toArray = any.toArray as (() => string[]) | undefined;
  if (typeof toArray === 'function') return 'l' + toArray.call(v).map((m) => `${m.length}:${m}`).join('');
  return v.kind + JSON.stringify(v);
}

/** DEBUG DIGEST: order-independent XOR of per-key SHA1s; 40 zeros for an empty dataset. */
function datasetDigest(c: Client): string {
  const digest = Buffer.alloc(20);
  const now = c.node.clock.now();
  for (const db of c.node.databases) {
    for (const [key, value] of db.data) {
      const when = db.getExpire(key);
      if (when !== undefined && when <= now) continue;
      const h = createHash('sha1').update(`${db.id}\0${key}\0${canonical(value)}\0${when ?? -1}`, 'latin1').digest();
      for (let i = 0; i < 20; i++) digest[i] ^= h[i];
    }
  }
  return digest.toString('hex');
}

function debugAllowed(c: Client): boolean {
  const mode = c.node.config.get('enable-debug-command');
  if (mode === 'yes') return true;
  if (mode !== 'local') return false;
  const addr = c.socket?.remoteAddress ?? '127.0.0.1';
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

/** DEBUG OBJECT: Redis's one-line description of a value (address and LRU are synthetic). */
function debugObject(c: Client, key: string): void {
  const v = c.db.peek(key);
  if (v === undefined || c.db.expireIfNeeded(key)) throw new CommandError(ERR.noSuchKey);
  const node = c.node;
  const serialized = createDumpPayload(v, encodingLimits(node)).length - 11;
  const lru = c.db.data.lru(c.db.data.find(key));
  let extra = '';
  if (typeof v !== 'string' && v.kind === 'list') {
    const len = (v as unknown as { length: number }).length;
    const fill = node.config.int('list-max-listpack-size');
    const perNode = fill > 0 ? fill : 128;
    const nodes = Math.max(1, Math.ceil(len / perNode));
    extra = ` ql_nodes:${nodes} ql_avg_node:${(len / nodes).toFixed(2)} ql_listpack_max:${fill} ql_compressed:${node.config.int('list-compress-depth') > 0 ? 1 : 0} ql_uncompressed_size:${serialized}`;
  }
  const addr = `0x${(0x7f0000000000 + (hashKey(key) & 0xffffffff) * 16).toString(16)}`;
  // Small integers are shared objects in Redis (OBJ_SHARED_REFCOUNT).
  const shared = typeof v === 'string' && /^(0|[1-9][0-9]{0,3})$/.test(v);
  c.reply.simple(
    `Value at:${addr} refcount:${shared ? 2147483647 : 1} encoding:${objectEncoding(node, v)} serializedlength:${serialized} lru:${lru} lru_seconds_idle:${c.db.idleSeconds(key)}${extra}`,
  );
}

function hashKey(key: string): number {
  let h = 5381;
  for (let i = 0; i < key.length; i++) h = ((h * 33) ^ key.charCodeAt(i)) >>> 0;
  return h;
}

/**
 * DEBUG RELOAD: every value goes through the RDB serialisation and back, as a save and load
 * would do (compact encodings come back where the sizes allow); TTLs stay.
 */
function debugReload(c: Client): void {
  const node = c.node;
  const limits = encodingLimits(node);
  node.tracking.flushed(c);
  for (const db of node.databases) {
    for (const key of [...db.data.keys()]) {
      const slot = db.data.find(key);
      const value = db.data.value(slot);
      if (typeof value !== 'string') db.data.setValue(slot, decodeDumpPayload(createDumpPayload(value, limits)));
      db.modified(key);
    }
  }
  node.lastSave = node.clock.now();
  node.dirtyAtSave = node.dirty;
  c.reply.ok();
}

const DEBUG_HELP = [
  'DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'DIGEST',
  '    Output a hex signature representing the current DB content.',
  'DIGEST-VALUE <key> [<key> ...]',
  '    Output a hex signature of the values of all the specified keys.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'HELP',
  '    Prints this help.',
];

/** DEBUG PROTOCOL <type>: one sample reply of each RESP type (client library tests use it). */
function debugProtocol(c: Client, type: string): void {
  const w = c.reply;
  const resp3 = w.protocol === 3;
  switch (type.toLowerCase()) {
    case 'string':
      return w.bulk('Hello World');
    case 'integer':
      return w.int(12345);
    case 'double':
      return w.double(3.141);
    case 'bignum':
      return resp3 ? w.raw('(1234567999999999999999999999999999999\r\n') : w.bulk('1234567999999999999999999999999999999');
    case 'null':
      return w.nullBulk();
    case 'array':
    case 'set':
      if (type.toLowerCase() === 'set') w.set(3);
      else w.array(3);
      for (let i = 0; i < 3; i++) w.int(i);
      return;
    case 'map':
      w.map(3);
      for (let i = 0; i < 3; i++) {
        w.int(i);
        w.bool(i === 1);
      }
      return;
    case 'attrib':
      if (resp3) {
        w.raw('|1\r\n');
        w.bulk('key-popularity');
        w.array(2);
        w.bulk('key:123');
        w.int(90);
      }
      return w.bulk('Some real reply following the attribute');
    case 'push':
      if (!resp3) throw new CommandError('ERR RESP2 is not supported by this command');
      w.push(2);
      w.bulk('server-cpu-usage');
      w.int(42);
      return w.bulk('Some real reply following the push reply');
    case 'verbatim':
      return w.verbatim('This is a verbatim\nstring');
    case 'true':
      return w.bool(true);
    case 'false':
      return w.bool(false);
    default:
      throw new CommandError('ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false');
  }
}

function debug(c: Client, argv: string[]): void {
  if (!debugAllowed(c)) {
    throw new CommandError(
      'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
    );
  }
  const sub = argv[1].toLowerCase();
  const node = c.node;
  if (sub === 'help' && argv.length === 2) {
    helpReply(c, DEBUG_HELP);
  } else if (sub === 'sleep' && argv.length === 3) {
    const secs = toDouble(argv[2]) ?? 0;
    const ms = Math.max(0, Math.round(secs * 1000));
    if (ms === 0) {
      c.reply.ok();
      return;
    }
    // Only this connection waits: other nodes share the process and must keep running.
    node.sleptUsec = ms * 1000;
    node.blocking.block(c, { db: c.db, keys: [], deadline: node.clock.now() + ms, retry: () => false, onTimeout: () => c.reply.ok() });
  } else if (sub === 'set-active-expire' && argv.length === 3) {
    node.activeExpire = argv[2] !== '0';
    c.reply.ok();
  } else if (sub === 'change-repl-id' && argv.length === 2) {
    node.replication.debugChangeReplid();
    c.reply.ok();
  } else if (sub === 'protocol' && argv.length === 3) {
    debugProtocol(c, argv[2]);
  } else if (sub === 'object' && argv.length === 3) {
    debugObject(c, argv[2]);
  } else if (sub === 'reload') {
    for (let i = 2; i < argv.length; i++) {
      if (!is(argv[i], 'merge') && !is(argv[i], 'noflush') && !is(argv[i], 'nosave')) {
        throw new CommandError('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.');
      }
    }
    debugReload(c);
  } else if (sub === 'digest' && argv.length === 2) {
    c.reply.simple(datasetDigest(c));
  } else if (sub === 'digest-value' && argv.length >= 2) {
    c.reply.array(argv.length - 2);
    for (let i = 2; i < argv.length; i++) {
      const v = c.db.get(argv[i]);
      c.reply.simple(v === undefined ? '0'.repeat(40) : createHash('sha1').update(canonical(v), 'latin1').digest('hex'));
    }
  } else {
    throw new CommandError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try DEBUG HELP.`);
  }
}

const ADMIN = 'admin noscript loading stale';
const ADMIN_CATS = 'admin slow dangerous';

export const introspectionCommands: CommandSpec[] = [
  command('monitor', 1, ADMIN, [0, 0, 0], ADMIN_CATS, monitor),
  command('debug', -2, 'admin noscript loading stale protected', [0, 0, 0], ADMIN_CATS, debug),
  container('slowlog', -2, 'slow', [
    command('get', -2, 'admin loading stale', [0, 0, 0], ADMIN_CATS, slowlogGet),
    command('len', 2, 'admin loading stale', [0, 0, 0], ADMIN_CATS, (c) => c.reply.int(c.node.slowlog.entries.length)),
    command('reset', 2, 'admin loading stale', [0, 0, 0], ADMIN_CATS, (c) => {
      c.node.slowlog.reset();
      c.reply.ok();
    }),
    command('help', 2, 'loading stale', [0, 0, 0], 'slow', (c) => helpReply(c, SLOWLOG_HELP)),
  ]),
  container('latency', -2, 'slow', [
    command('latest', 2, ADMIN, [0, 0, 0], ADMIN_CATS, latencyLatest),
    command('history', 3, ADMIN, [0, 0, 0], ADMIN_CATS, latencyHistory),
    command('reset', -2, ADMIN, [0, 0, 0], ADMIN_CATS, latencyReset),
    command('doctor', 2, ADMIN, [0, 0, 0], ADMIN_CATS, latencyDoctor),
    command('histogram', -2, ADMIN, [0, 0, 0], ADMIN_CATS, latencyHistogram),
    command('help', 2, 'loading stale', [0, 0, 0], 'slow', (c) => helpReply(c, LATENCY_HELP)),
  ]),
  container('memory', -2, 'slow', [
    command('usage', -3, 'readonly', [2, 2, 1], 'read slow', memoryUsageCmd),
    command('doctor', 2, '', [0, 0, 0], 'slow', memoryDoctor),
    command('stats', 2, '', [0, 0, 0], 'slow', memoryStats),
    command('malloc-stats', 2, '', [0, 0, 0], 'slow', memoryMallocStats),
    command('purge', 2, '', [0, 0, 0], 'slow', (c) => c.reply.ok()),
    command('help', 2, 'loading stale', [0, 0, 0], 'slow', (c) => helpReply(c, MEMORY_HELP)),
  ]),
];
