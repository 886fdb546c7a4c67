/**
 * A node's configuration: the parameters CONFIG GET/SET know and the provisioner sets from
 * parameter groups. Values are kept as Redis prints them; typed getters parse on read.
 */

export type ParamType = 'bool' | 'int' | 'memory' | 'string' | 'enum' | 'special';

export interface ParamDef {
  name: string;
  type: ParamType;
  default: string;
  values?: string[];
  min?: number;
  max?: number;
  /** Set only at start-up (CONFIG SET refuses it). */
  immutable?: boolean;
  /** Only CONFIG GET of its exact name shows it (Redis's HIDDEN_CONFIG: test hooks). */
  hidden?: boolean;
  aliases?: string[];
}

const GB = 1024 * 1024 * 1024;

export const PARAMS: ParamDef[] = [
  { name: 'databases', type: 'int', default: '16', min: 1, max: 1200000, immutable: true },
  { name: 'maxmemory', type: 'memory', default: '0', min: 0 },
  {
    name: 'maxmemory-policy',
    type: 'enum',
    default: 'noeviction',
    values: ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'],
  },
  { name: 'maxmemory-samples', type: 'int', default: '5', min: 1, max: 64 },
  { name: 'maxclients', type: 'int', default: '10000', min: 1, max: 4294967295 },
  { name: 'timeout', type: 'int', default: '0', min: 0, max: 2147483647 },
  { name: 'tcp-keepalive', type: 'int', default: '300', min: 0, max: 2147483647 },
  { name: 'notify-keyspace-events', type: 'special', default: '' },
  { name: 'proto-max-bulk-len', type: 'memory', default: String(512 * 1024 * 1024), min: 1024 * 1024 },
  { name: 'client-query-buffer-limit', type: 'memory', default: String(GB), min: 1024 * 1024 },
  { name: 'requirepass', type: 'string', default: '' },
  { name: 'hz', type: 'int', default: '10' },
  { name: 'appendonly', type: 'bool', default: 'no' },
  { name: 'save', type: 'special', default: '' },
  { name: 'slowlog-log-slower-than', type: 'int', default: '10000', min: -1 },
  { name: 'slowlog-max-len', type: 'int', default: '128', min: 0 },
  { name: 'latency-monitor-threshold', type: 'int', default: '0', min: 0 },
  { name: 'lfu-log-factor', type: 'int', default: '10', min: 0 },
  { name: 'lfu-decay-time', type: 'int', default: '1', min: 0 },
  { name: 'lazyfree-lazy-eviction', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-expire', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-server-del', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-user-del', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-user-flush', type: 'bool', default: 'no' },
  { name: 'replica-read-only', type: 'bool', default: 'yes', aliases: ['slave-read-only'] },
  { name: 'repl-backlog-size', type: 'memory', default: String(1024 * 1024), min: 1 },
  { name: 'min-replicas-to-write', type: 'int', default: '0', min: 0, aliases: ['min-slaves-to-write'] },
  { name: 'min-replicas-max-lag', type: 'int', default: '10', min: 0, aliases: ['min-slaves-max-lag'] },
  { name: 'cluster-enabled', type: 'bool', default: 'no', immutable: true },
  { name: 'hash-max-listpack-entries', type: 'int', default: '512', min: 0, aliases: ['hash-max-ziplist-entries'] },
  { name: 'hash-max-listpack-value', type: 'int', default: '64', min: 0, aliases: ['hash-max-ziplist-value'] },
  { name: 'set-max-intset-entries', type: 'int', default: '512', min: 0 },
  { name: 'set-max-listpack-entries', type: 'int', default: '128', min: 0 },
  { name: 'set-max-listpack-value', type: 'int', default: '64', min: 0 },
  { name: 'zset-max-listpack-entries', type: 'int', default: '128', min: 0, aliases: ['zset-max-ziplist-entries'] },
  { name: 'zset-max-listpack-value', type: 'int', default: '64', min: 0, aliases: ['zset-max-ziplist-value'] },
  { name: 'list-max-listpack-size', type: 'int', default: '-2', min: -5, aliases: ['list-max-ziplist-size'] },
  { name: 'list-compress-depth', type: 'int', default: '0', min: 0 },
  { name: 'hll-sparse-max-bytes', type: 'memory', default: '3000', min: 0 },
  { name: 'stream-node-max-bytes', type: 'memory', default: '4096', min: 0 },
  { name: 'stream-node-max-entries', type: 'int', default: '100', min: 0 },
  { name: 'activerehashing', type: 'bool', default: 'yes' },
  { name: 'activedefrag', type: 'bool', default: 'no' },
  { name: 'active-expire-effort', type: 'int', default: '1', min: 1, max: 10 },
  { name: 'lua-time-limit', type: 'int', default: '5000', min: 0, aliases: ['busy-reply-threshold'] },
  { name: 'acllog-max-len', type: 'int', default: '128', min: 0 },
  { name: 'acl-pubsub-default', type: 'enum', default: 'resetchannels', values: ['allchannels', 'resetchannels'] },
  { name: 'tracking-table-max-keys', type: 'int', default: '1000000', min: 0 },
  { name: 'close-on-replica-write', type: 'bool', default: 'yes' },
  { name: 'latency-tracking', type: 'bool', default: 'yes' },
  { name: 'port', type: 'int', default: '6379', min: 0, max: 65535 },
  { name: 'bind', type: 'string', default: '127.0.0.1' },
  { name: 'dir', type: 'string', default: '/data', immutable: true },
  { name: 'dbfilename', type: 'string', default: 'dump.rdb' },
  { name: 'appendfsync', type: 'enum', default: 'everysec', values: ['always', 'everysec', 'no'] },
  { name: 'loglevel', type: 'enum', default: 'notice', values: ['debug', 'verbose', 'notice', 'warning'] },
  { name: 'client-output-buffer-limit', type: 'string', default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60' },
  { name: 'cluster-require-full-coverage', type: 'bool', default: 'yes' },
  { name: 'cluster-allow-reads-when-down', type: 'bool', default: 'no' },
  { name: 'replica-serve-stale-data', type: 'bool', default: 'yes', aliases: ['slave-serve-stale-data'] },
  { name: 'replica-lazy-flush', type: 'bool', default: 'no', aliases: ['slave-lazy-flush'] },
  { name: 'replica-ignore-maxmemory', type: 'bool', default: 'yes', aliases: ['slave-ignore-maxmemory'] },
  { name: 'enable-debug-command', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], immutable: true },
  { name: 'enable-protected-configs', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], immutable: true },
  { name: 'enable-module-command', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], immutable: true },
  { name: 'maxmemory-clients', type: 'special', default: '0' },
  { name: 'replicaof', type: 'string', default: '', immutable: true, aliases: ['slaveof'] },
  { name: 'key-load-delay', type: 'int', default: '0', hidden: true },
  { name: 'rdb-key-save-delay', type: 'int', default: '0', hidden: true },
  { name: 'maxmemory-eviction-tenacity', type: 'int', default: '10', min: 0, max: 100 },
  { name: 'latency-tracking-info-percentiles', type: 'string', default: '50 99 99.9' },
  { name: 'protected-mode', type: 'bool', default: 'yes' },
  { name: 'tcp-backlog', type: 'int', default: '511', immutable: true },
  { name: 'io-threads', type: 'int', default: '1', immutable: true },
  { name: 'io-threads-do-reads', type: 'bool', default: 'no', immutable: true },
  { name: 'daemonize', type: 'bool', default: 'no', immutable: true },
  { name: 'supervised', type: 'enum', default: 'no', values: ['upstart', 'systemd', 'auto', 'no'], immutable: true },
  { name: 'pidfile', type: 'string', default: '', immutable: true },
  { name: 'logfile', type: 'string', default: '', immutable: true },
  { name: 'unixsocket', type: 'string', default: '', immutable: true },
  { name: 'unixsocketperm', type: 'int', default: '0', immutable: true },
  { name: 'tls-port', type: 'int', default: '0', min: 0, max: 65535 },
  { name: 'stop-writes-on-bgsave-error', type: 'bool', default: 'yes' },
  { name: 'rdbcompression', type: 'bool', default: 'yes' },
  { name: 'rdbchecksum', type: 'bool', default: 'yes' },
  { name: 'rdb-del-sync-files', type: 'bool', default: 'no' },
  { name: 'sanitize-dump-payload', type: 'enum', default: 'no', values: ['no', 'yes', 'clients'] },
  { name: 'appendfilename', type: 'string', default: 'appendonly.aof', immutable: true },
  { name: 'appenddirname', type: 'string', default: 'appendonlydir', immutable: true },
  { name: 'no-appendfsync-on-rewrite', type: 'bool', default: 'no' },
  { name: 'auto-aof-rewrite-percentage', type: 'int', default: '100', min: 0 },
  { name: 'auto-aof-rewrite-min-size', type: 'memory', default: '67108864', min: 0 },
  { name: 'aof-use-rdb-preamble', type: 'bool', default: 'yes' },
  { name: 'aof-timestamp-enabled', type: 'bool', default: 'no' },
  { name: 'repl-backlog-ttl', type: 'int', default: '3600', min: 0 },
  { name: 'repl-timeout', type: 'int', default: '60', min: 1 },
  { name: 'repl-ping-replica-period', type: 'int', default: '10', min: 1, aliases: ['repl-ping-slave-period'] },
  { name: 'repl-diskless-sync', type: 'bool', default: 'yes' },
  { name: 'repl-diskless-sync-delay', type: 'int', default: '5', min: 0 },
  { name: 'repl-diskless-load', type: 'enum', default: 'disabled', values: ['disabled', 'on-empty-db', 'swapdb'] },
  { name: 'repl-disable-tcp-nodelay', type: 'bool', default: 'no' },
  { name: 'replica-priority', type: 'int', default: '100', min: 0, aliases: ['slave-priority'] },
  { name: 'replica-announced', type: 'bool', default: 'yes' },
  { name: 'masterauth', type: 'string', default: '' },
  { name: 'masteruser', type: 'string', default: '' },
  { name: 'cluster-node-timeout', type: 'int', default: '15000', min: 0 },
  { name: 'cluster-allow-pubsubshard-when-down', type: 'bool', default: 'yes' },
  { name: 'active-defrag-ignore-bytes', type: 'memory', default: '104857600', min: 1 },
  { name: 'active-defrag-threshold-lower', type: 'int', default: '10', min: 0, max: 1000 },
  { name: 'active-defrag-threshold-upper', type: 'int', default: '100', min: 0, max: 1000 },
  { name: 'active-defrag-cycle-min', type: 'int', default: '1', min: 1, max: 99 },
  { name: 'active-defrag-cycle-max', type: 'int', default: '25', min: 1, max: 99 },
  { name: 'dynamic-hz', type: 'bool', default: 'yes' },
  { name: 'oom-score-adj', type: 'enum', default: 'no', values: ['no', 'yes', 'relative', 'absolute'] },
  { name: 'shutdown-timeout', type: 'int', default: '10', min: 0 },
  { name: 'propagation-error-behavior', type: 'enum', default: 'ignore', values: ['ignore', 'panic', 'panic-on-replicas'] },
];

const BY_NAME = new Map<string, ParamDef>();
for (const p of PARAMS) {
  BY_NAME.set(p.name, p);
  for (const a of p.aliases ?? []) BY_NAME.set(a, p);
}

export function findParam(name: string): ParamDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Parses Redis memory units (1k, 1kb, 1m, 1mb, 1g, 1gb). */
export function parseMemory(s: string): number | null {
  const m = /^(-?\d+)(k|kb|m|mb|g|gb|b)?$/i.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const mult: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 * 1024, g: 1e9, gb: GB };
  return n * mult[unit];
}

export class NodeConfig {
  private readonly values = new Map<string, string>();
  /** Listeners told when a parameter changes (e.g. the node re-arms its cron on hz). */
  private readonly listeners: Array<(name: string, value: string) => void> = [];

  constructor(initial: Record<string, string> = {}) {
    for (const p of PARAMS) this.values.set(p.name, p.default);
    for (const [k, v] of Object.entries(initial)) {
      const err = this.set(k, v, true);
      if (err) throw new Error(err);
    }
  }

  onChange(fn: (name: string, value: string) => void): void {
    this.listeners.push(fn);
  }

  get(name: string): string | undefined {
    const p = findParam(name);
    return p ? this.values.get(p.name) : undefined;
  }

  int(name: string): number {
    const v = this.get(name) ?? '0';
    const p = findParam(name);
    return p?.type === 'memory' ? (parseMemory(v) ?? 0) : Number(v);
  }

  bool(name: string): boolean {
    return this.get(name) === 'yes';
  }

  /** Validates and sets; returns an error message (without "ERR ") or null. */
  set(name: string, value: string, atStartup = false): string | null {
    const p = findParam(name);
    if (!p) return `Unknown option or number of arguments for CONFIG SET - '${name}'`;
    if (p.immutable && !atStartup) return `CONFIG SET failed (possibly related to argument '${name}') - can't set immutable config`;
    let v = value;
    switch (p.type) {
      case 'bool': {
        const l = v.toLowerCase();
        if (l !== 'yes' && l !== 'no') return `CONFIG SET failed (possibly related to argument '${name}') - argument must be 'yes' or 'no'`;
        v = l;
        break;
      }
      case 'int':
      case 'memory': {
        const n = p.type === 'memory' ? parseMemory(v) : /^(0|-?[1-9]\d*)$/.test(v) ? Number(v) : null;
        if (p.type === 'memory' && (n === null || n < 0)) return `CONFIG SET failed (possibly related to argument '${name}') - argument must be a memory value`;
        if (n === null || !Number.isFinite(n)) return `CONFIG SET failed (possibly related to argument '${name}') - argument couldn't be parsed into an integer`;
        if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) {
          return `CONFIG SET failed (possibly related to argument '${name}') - argument must be between ${p.min ?? '-inf'} and ${p.max ?? 'inf'} inclusive`;
        }
        // hz is clamped rather than refused, as Redis does.
        v = String(p.name === 'hz' ? Math.min(500, Math.max(1, n)) : n);
        break;
      }
      case 'enum': {
        const l = v.toLowerCase();
        if (!p.values!.includes(l)) return `CONFIG SET failed (possibly related to argument '${name}') - argument(s) must be one of the following: ${p.values!.join(', ')}`;
        v = l;
        break;
      }
      case 'special':
        if (p.name === 'notify-keyspace-events') {
          const flags = parseKeyspaceEventFlags(v);
          if (flags === null) return `CONFIG SET failed (possibly related to argument '${name}') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.`;
          v = keyspaceEventFlagsToString(flags);
        } else if (p.name === 'maxmemory-clients') {
          // A memory size, or a percentage of maxmemory.
          const pct = /^(\d+)%$/.exec(v);
          if (pct) {
            if (Number(pct[1]) > 100) return `CONFIG SET failed (possibly related to argument '${name}') - percentage argument must be less or equal to 100`;
            v = `${Number(pct[1])}%`;
          } else {
            const n = parseMemory(v);
            if (n === null || n < 0) return `CONFIG SET failed (possibly related to argument '${name}') - argument must be a memory or percent value`;
            v = String(n);
          }
        } else if (p.name === 'save') {
          const parts = v.split(' ').filter(Boolean);
          if (parts.length % 2 !== 0 || parts.some((x) => !/^\d+$/.test(x))) {
            return `CONFIG SET failed (possibly related to argument '${name}') - Invalid save parameters`;
          }
          v = parts.join(' ');
        }
        break;
      default:
        break;
    }
    this.values.set(p.name, v);
    for (const fn of this.listeners) fn(p.name, v);
    return null;
  }

  /** CONFIG GET pattern matching over canonical names (and aliases, as Redis 7 does). */
  entries(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const p of PARAMS) {
      if (p.hidden) continue;
      out.push([p.name, this.values.get(p.name)!]);
      for (const a of p.aliases ?? []) out.push([a, this.values.get(p.name)!]);
    }
    return out;
  }
}

/** Keyspace event flags as in keyspaceEventsStringToFlags; null on a bad character. */
export const NOTIFY = {
  K: 1 << 0,
  E: 1 << 1,
  g: 1 << 2,
  $: 1 << 3,
  l: 1 << 4,
  s: 1 << 5,
  h: 1 << 6,
  z: 1 << 7,
  x: 1 << 8,
  e: 1 << 9,
  t: 1 << 10,
  m: 1 << 11,
  d: 1 << 12,
  n: 1 << 13,
} as const;
const NOTIFY_ALL = NOTIFY.g | NOTIFY.$ | NOTIFY.l | NOTIFY.s | NOTIFY.h | NOTIFY.z | NOTIFY.x | NOTIFY.e | NOTIFY.t | NOTIFY.d;

/** keyspaceEventsFlagsToString: the canonical form CONFIG GET prints. */
export function keyspaceEventFlagsToString(flags: number): string {
  let s = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) s = 'A';
  else for (const ch of 'g$lshzxetdn') if (flags & NOTIFY[ch as keyof typeof NOTIFY]) s += ch;
  if (flags & NOTIFY.K) s += 'K';
  if (flags & NOTIFY.E) s += 'E';
  if (flags & NOTIFY.m) s += 'm';
  return s;
}

export function parseKeyspaceEventFlags(s: string): number | null {
  let flags = 0;
  for (const ch of s) {
    if (ch === 'A') flags |= NOTIFY_ALL;
    else if (ch in NOTIFY) flags |= NOTIFY[ch as keyof typeof NOTIFY];
    else return null;
  }
  return flags;
}
