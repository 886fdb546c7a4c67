import { maxmemoryOf, NODE_TYPE_MAXMEMORY } from '../../provisioner/node-types.ts';
import { compareVersions } from './engine-versions.ts';

/**
 * The engine parameters of each parameter group family, as DescribeEngineDefaultParameters and
 * DescribeCacheParameters report them (../shared/REFERENCE.md §6).
 *
 * redis5.0 is AWS's own dump (`describe-engine-default-parameters --cache-parameter-group-family
 * redis5.0`, awscli examples): names, defaults, descriptions, types, allowed values, modifiability
 * and change types as printed there. The other families are that list plus and minus the deltas
 * the ElastiCache parameter pages document:
 * - redis4.0: 5.0 without its 5.0 additions (rename-commands, stream-node-*,
 *   active-defrag-max-scan-fields, lua-replicate-commands, replica-ignore-maxmemory) and with the
 *   pre-5.0 `slave` names. Derived, not dumped (UNVERIFIED).
 * - redis6.x: 5.0 minus lua-replicate-commands, plus the 6.0 additions (acllog-max-len,
 *   active-expire-effort, lazyfree-lazy-user-del, tracking-table-max-keys,
 *   cluster-allow-reads-when-down) and acl-pubsub-default (6.2).
 * - redis7: 6.x with the ziplist parameters replaced by listpack ones, plus
 *   cluster-allow-pubsubshard-when-down, cluster-preferred-endpoint-type and latency-tracking;
 *   activerehashing no longer modifiable.
 * - valkey7: the redis7 list ("Valkey 7.2 parameters are the same as Redis OSS 7 parameters").
 * - valkey8: valkey7 with repl-backlog-size 10485760, maxmemory-samples 1-64,
 *   extended-redis-compatibility, without the lazyfree-lazy-* and replica-lazy-flush parameters
 *   (removed in 8.0), plus the 8.1 commandlog-* and 8.2 search-* parameters.
 *
 * Values the sources leave open, and the choice made here:
 * - MinimumEngineVersion: the family's first version (4.0.10, 5.0.0, 6.0.0, 7.0.0, 7.2.0, 8.0.0),
 *   except where a parameter arrived later (rename-commands 5.0.3, acl-pubsub-default 6.2.0,
 *   commandlog-* 8.1.0, search-* 8.2.0). Only the redis5.0 values are confirmed.
 * - AllowedValues of acllog-max-len (1-10000), tracking-table-max-keys (1-100000000), the
 *   commandlog byte thresholds (0-): UNVERIFIED, from a community schema / the engine's ranges.
 * - cluster-preferred-endpoint-type defaults to tls-dynamic (current docs; the 2023 docs said ip).
 * - replica-lazy-flush defaults to no (the real 5.0 dump; the docs say yes).
 * - list-max-listpack-size (redis7+) is present, not modifiable like list-max-ziplist-size before
 *   it, default -2 (its presence is UNVERIFIED).
 * - rename-commands for 6.x and later also allows ACL, BITFIELD_RO and STRALGO (community schema).
 */

export type ChangeType = 'immediate' | 'requires-reboot';

export interface ParameterDef {
  name: string;
  /** Undefined where AWS omits ParameterValue (an empty notify-keyspace-events). */
  value: string | undefined;
  description: string;
  dataType: 'string' | 'integer';
  /** Undefined where AWS omits AllowedValues. */
  allowed: string | undefined;
  /**
   * 'conditional': modifiable only in a custom group no cluster uses (databases, cluster-enabled,
   * and activerehashing before 7); the engine defaults show these as not modifiable.
   */
  modifiable: boolean | 'conditional';
  changeType: ChangeType;
  minimumEngineVersion: string;
}

export interface NodeTypeSpecificParameterDef {
  name: string;
  description: string;
  dataType: 'integer';
  allowed: string;
  changeType: ChangeType;
  minimumEngineVersion: string;
  /** Value per node type, sorted by node type. */
  values: Array<{ nodeType: string; value: string }>;
}

export interface FamilyCatalogue {
  family: string;
  parameters: ParameterDef[];
  nodeTypeSpecific: NodeTypeSpecificParameterDef[];
}

type Row = [name: string, value: string | undefined, dataType: 'string' | 'integer', allowed: string | undefined, modifiable: boolean | 'conditional', changeType: ChangeType, description: string];

const YES_NO = 'yes,no';
const RENAMABLE_5_0 =
  'APPEND,BITCOUNT,BITFIELD,BITOP,BITPOS,BLPOP,BRPOP,BRPOPLPUSH,BZPOPMIN,BZPOPMAX,CLIENT,COMMAND,DBSIZE,DECR,DECRBY,DEL,DISCARD,DUMP,ECHO,EVAL,EVALSHA,EXEC,EXISTS,EXPIRE,EXPIREAT,FLUSHALL,FLUSHDB,GEOADD,GEOHASH,GEOPOS,GEODIST,GEORADIUS,GEORADIUSBYMEMBER,GET,GETBIT,GETRANGE,GETSET,HDEL,HEXISTS,HGET,HGETALL,HINCRBY,HINCRBYFLOAT,HKEYS,HLEN,HMGET,HMSET,HSET,HSETNX,HSTRLEN,HVALS,INCR,INCRBY,INCRBYFLOAT,INFO,KEYS,LASTSAVE,LINDEX,LINSERT,LLEN,LPOP,LPUSH,LPUSHX,LRANGE,LREM,LSET,LTRIM,MEMORY,MGET,MONITOR,MOVE,MSET,MSETNX,MULTI,OBJECT,PERSIST,PEXPIRE,PEXPIREAT,PFADD,PFCOUNT,PFMERGE,PING,PSETEX,PSUBSCRIBE,PUBSUB,PTTL,PUBLISH,PUNSUBSCRIBE,RANDOMKEY,READONLY,READWRITE,RENAME,RENAMENX,RESTORE,ROLE,RPOP,RPOPLPUSH,RPUSH,RPUSHX,SADD,SCARD,SCRIPT,SDIFF,SDIFFSTORE,SELECT,SET,SETBIT,SETEX,SETNX,SETRANGE,SINTER,SINTERSTORE,SISMEMBER,SLOWLOG,SMEMBERS,SMOVE,SORT,SPOP,SRANDMEMBER,SREM,STRLEN,SUBSCRIBE,SUNION,SUNIONSTORE,SWAPDB,TIME,TOUCH,TTL,TYPE,UNSUBSCRIBE,UNLINK,UNWATCH,WAIT,WATCH,ZADD,ZCARD,ZCOUNT,ZINCRBY,ZINTERSTORE,ZLEXCOUNT,ZPOPMAX,ZPOPMIN,ZRANGE,ZRANGEBYLEX,ZREVRANGEBYLEX,ZRANGEBYSCORE,ZRANK,ZREM,ZREMRANGEBYLEX,ZREMRANGEBYRANK,ZREMRANGEBYSCORE,ZREVRANGE,ZREVRANGEBYSCORE,ZREVRANK,ZSCORE,ZUNIONSTORE,SCAN,SSCAN,HSCAN,ZSCAN,XINFO,XADD,XTRIM,XDEL,XRANGE,XREVRANGE,XLEN,XREAD,XGROUP,XREADGROUP,XACK,XCLAIM,XPENDING,GEORADIUS_RO,GEORADIUSBYMEMBER_RO,LOLWUT,XSETID,SUBSTR';
const RENAMABLE_6 = `${RENAMABLE_5_0},BITFIELD_RO,ACL,STRALGO`;

/** describe-engine-default-parameters for redis5.0, row for row. */
const REDIS_5_0: Row[] = [
  ['activedefrag', 'no', 'string', YES_NO, true, 'immediate', 'Enabled active memory defragmentation'],
  ['active-defrag-cycle-max', '75', 'integer', '1-75', true, 'immediate', 'Maximal effort for defrag in CPU percentage'],
  ['active-defrag-cycle-min', '5', 'integer', '1-75', true, 'immediate', 'Minimal effort for defrag in CPU percentage'],
  ['active-defrag-ignore-bytes', '104857600', 'integer', '1048576-', true, 'immediate', 'Minimum amount of fragmentation waste to start active defrag'],
  ['active-defrag-max-scan-fields', '1000', 'integer', '1-1000000', true, 'immediate', 'Maximum number of set/hash/zset/list fields that will be processed from the main dictionary scan'],
  ['active-defrag-threshold-lower', '10', 'integer', '1-100', true, 'immediate', 'Minimum percentage of fragmentation to start active defrag'],
  ['active-defrag-threshold-upper', '100', 'integer', '1-100', true, 'immediate', 'Maximum percentage of fragmentation at which we use maximum effort'],
  ['activerehashing', 'yes', 'string', YES_NO, 'conditional', 'requires-reboot', 'Apply rehashing or not.'],
  ['appendfsync', 'everysec', 'string', 'always,everysec,no', false, 'immediate', 'fsync policy for AOF persistence'],
  ['appendonly', 'no', 'string', YES_NO, false, 'immediate', 'Enable Redis persistence.'],
  ['client-output-buffer-limit-normal-hard-limit', '0', 'integer', '0-', true, 'immediate', 'Normal client output buffer hard limit in bytes.'],
  ['client-output-buffer-limit-normal-soft-limit', '0', 'integer', '0-', true, 'immediate', 'Normal client output buffer soft limit in bytes.'],
  ['client-output-buffer-limit-normal-soft-seconds', '0', 'integer', '0-', true, 'immediate', 'Normal client output buffer soft limit in seconds.'],
  ['client-output-buffer-limit-pubsub-hard-limit', '33554432', 'integer', '0-', true, 'immediate', 'Pubsub client output buffer hard limit in bytes.'],
  ['client-output-buffer-limit-pubsub-soft-limit', '8388608', 'integer', '0-', true, 'immediate', 'Pubsub client output buffer soft limit in bytes.'],
  ['client-output-buffer-limit-pubsub-soft-seconds', '60', 'integer', '0-', true, 'immediate', 'Pubsub client output buffer soft limit in seconds.'],
  ['client-output-buffer-limit-replica-soft-seconds', '60', 'integer', '0-', false, 'immediate', 'Replica client output buffer soft limit in seconds.'],
  ['client-query-buffer-limit', '1073741824', 'integer', '1048576-1073741824', true, 'immediate', 'Max size of a single client query buffer'],
  ['close-on-replica-write', 'yes', 'string', YES_NO, true, 'immediate', 'If enabled, clients who attempt to write to a read-only replica will be disconnected. Applicable to 2.8.23 and higher.'],
  ['cluster-enabled', 'no', 'string', YES_NO, 'conditional', 'requires-reboot', 'Enable cluster mode'],
  ['cluster-require-full-coverage', 'no', 'string', YES_NO, true, 'immediate', 'Whether cluster becomes unavailable if one or more slots are not covered'],
  ['databases', '16', 'integer', '1-1200000', 'conditional', 'requires-reboot', 'Set the number of databases.'],
  ['hash-max-ziplist-entries', '512', 'integer', '0-', true, 'immediate', 'The maximum number of hash entries in order for the dataset to be compressed.'],
  ['hash-max-ziplist-value', '64', 'integer', '0-', true, 'immediate', 'The threshold of biggest hash entries in order for the dataset to be compressed.'],
  ['hll-sparse-max-bytes', '3000', 'integer', '1-16000', true, 'immediate', 'HyperLogLog sparse representation bytes limit'],
  ['lazyfree-lazy-eviction', 'no', 'string', YES_NO, true, 'immediate', 'Perform an asynchronous delete on evictions'],
  ['lazyfree-lazy-expire', 'no', 'string', YES_NO, true, 'immediate', 'Perform an asynchronous delete on expired keys'],
  ['lazyfree-lazy-server-del', 'no', 'string', YES_NO, true, 'immediate', 'Perform an asynchronous delete on key updates'],
  ['lfu-decay-time', '1', 'integer', '0-', true, 'immediate', 'The amount of time in minutes to decrement the key counter for LFU eviction policy'],
  ['lfu-log-factor', '10', 'integer', '1-', true, 'immediate', 'The log factor for incrementing key counter for LFU eviction policy'],
  [
    'list-compress-depth',
    '0',
    'integer',
    '0-',
    true,
    'immediate',
    'Number of quicklist ziplist nodes from each side of the list to exclude from compression. The head and tail of the list are always uncompressed for fast push/pop operations',
  ],
  [
    'list-max-ziplist-size',
    '-2',
    'integer',
    '-5,-4,-3,-2,-1,1-',
    false,
    'immediate',
    'The number of entries allowed per internal list node can be specified as a fixed maximum size or a maximum number of elements',
  ],
  ['lua-replicate-commands', 'yes', 'string', YES_NO, true, 'immediate', 'Always enable Lua effect replication or not'],
  ['lua-time-limit', '5000', 'integer', '5000', false, 'immediate', 'Max execution time of a Lua script in milliseconds. 0 for unlimited execution without warnings.'],
  ['maxclients', '65000', 'integer', '1-65000', false, 'requires-reboot', 'The maximum number of Redis clients.'],
  [
    'maxmemory-policy',
    'volatile-lru',
    'string',
    'volatile-lru,allkeys-lru,volatile-lfu,allkeys-lfu,volatile-random,allkeys-random,volatile-ttl,noeviction',
    true,
    'immediate',
    'Max memory policy.',
  ],
  ['maxmemory-samples', '3', 'integer', '1-', true, 'immediate', 'Max memory samples.'],
  [
    'min-replicas-max-lag',
    '10',
    'integer',
    '0-',
    true,
    'immediate',
    'The maximum amount of replica lag in seconds beyond which the master would stop taking writes. A value of 0 means the master always takes writes.',
  ],
  [
    'min-replicas-to-write',
    '0',
    'integer',
    '0-',
    true,
    'immediate',
    'The minimum number of replicas that must be present with lag no greater than min-replicas-max-lag for master to take writes. Setting this to 0 means the master always takes writes.',
  ],
  [
    'notify-keyspace-events',
    undefined,
    'string',
    undefined,
    true,
    'immediate',
    'The keyspace events for Redis to notify Pub/Sub clients about. By default all notifications are disabled',
  ],
  ['proto-max-bulk-len', '536870912', 'integer', '1048576-536870912', true, 'immediate', 'Max size of a single element request'],
  ['rename-commands', '', 'string', RENAMABLE_5_0, true, 'immediate', 'Redis commands that can be dynamically renamed by the customer'],
  [
    'repl-backlog-size',
    '1048576',
    'integer',
    '16384-',
    true,
    'immediate',
    'The replication backlog size in bytes for PSYNC. This is the size of the buffer which accumulates slave data when slave is disconnected for some time, so that when slave reconnects again, only transfer the portion of data which the slave missed. Minimum value is 16K.',
  ],
  [
    'repl-backlog-ttl',
    '3600',
    'integer',
    '0-',
    true,
    'immediate',
    'The amount of time in seconds after the master no longer have any slaves connected for the master to free the replication backlog. A value of 0 means to never release the backlog.',
  ],
  ['replica-allow-chaining', 'no', 'string', YES_NO, false, 'immediate', 'Configures if chaining of replicas is allowed'],
  ['replica-ignore-maxmemory', 'yes', 'string', YES_NO, false, 'immediate', 'Determines if replica ignores maxmemory setting by not evicting items independent from the master'],
  ['replica-lazy-flush', 'no', 'string', YES_NO, false, 'immediate', 'Perform an asynchronous flushDB during replica sync'],
  [
    'reserved-memory-percent',
    '25',
    'integer',
    '0-100',
    true,
    'immediate',
    'The percent of memory reserved for non-cache memory usage. You may want to increase this parameter for nodes with read replicas, AOF enabled, etc, to reduce swap usage.',
  ],
  ['set-max-intset-entries', '512', 'integer', '0-', true, 'immediate', 'The limit in the size of the set in order for the dataset to be compressed.'],
  [
    'slowlog-log-slower-than',
    '10000',
    'integer',
    '-',
    true,
    'immediate',
    'The execution time, in microseconds, to exceed in order for the command to get logged. Note that a negative number disables the slow log, while a value of zero forces the logging of every command.',
  ],
  [
    'slowlog-max-len',
    '128',
    'integer',
    '0-',
    true,
    'immediate',
    'The length of the slow log. There is no limit to this length. Just be aware that it will consume memory. You can reclaim memory used by the slow log with SLOWLOG RESET.',
  ],
  ['stream-node-max-bytes', '4096', 'integer', '0-', true, 'immediate', 'The maximum size of a single node in a stream in bytes'],
  ['stream-node-max-entries', '100', 'integer', '0-', true, 'immediate', 'The maximum number of items a single node in a stream can contain'],
  ['tcp-keepalive', '300', 'integer', '0-', true, 'immediate', 'If non-zero, send ACKs every given number of seconds.'],
  ['timeout', '0', 'integer', '0,20-', true, 'immediate', 'Close connection if client is idle for a given number of seconds, or never if 0.'],
  ['zset-max-ziplist-entries', '128', 'integer', '0-', true, 'immediate', 'The maximum number of sorted set entries in order for the dataset to be compressed.'],
  ['zset-max-ziplist-value', '64', 'integer', '0-', true, 'immediate', 'The threshold of biggest sorted set entries in order for the dataset to be compressed.'],
];

/** Parameters that arrived after a family's first version. */
const ADDED_IN: Record<string, string> = {
  'rename-commands': '5.0.3',
  'acl-pubsub-default': '6.2.0',
  'commandlog-request-larger-than': '8.1.0',
  'commandlog-large-request-max-len': '8.1.0',
  'commandlog-reply-larger-than': '8.1.0',
  'commandlog-large-reply-max-len': '8.1.0',
  'search-fanout-target-mode': '8.2.0',
  'search-default-timeout-ms': '8.2.0',
  'search-enable-partial-results': '8.2.0',
};

/** Redis 5.0 renamed the replication parameters; 4.0 still has the old names. */
const PRE_5_0_NAMES: Record<string, string> = {
  'client-output-buffer-limit-replica-soft-seconds': 'client-output-buffer-limit-slave-soft-seconds',
  'close-on-replica-write': 'close-on-slave-write',
  'min-replicas-max-lag': 'min-slaves-max-lag',
  'min-replicas-to-write': 'min-slaves-to-write',
  'replica-allow-chaining': 'slave-allow-chaining',
  'replica-lazy-flush': 'slave-lazy-flush',
};

const REDIS_6_ADDITIONS: Row[] = [
  ['acl-pubsub-default', 'allchannels', 'string', 'resetchannels,allchannels', true, 'immediate', 'Default pubsub channel permissions for ACL users deployed to this cluster.'],
  ['acllog-max-len', '128', 'integer', '1-10000', true, 'immediate', 'The maximum number of entries in the ACL log.'],
  ['active-expire-effort', '1', 'integer', '1-10', true, 'immediate', 'The amount of effort spent on actively expiring keys: higher values reclaim expired keys sooner at a higher CPU cost.'],
  ['cluster-allow-reads-when-down', 'no', 'string', YES_NO, true, 'immediate', 'When yes, a cluster marked as down still serves read commands for the slots a node owns.'],
  ['lazyfree-lazy-user-del', 'no', 'string', YES_NO, true, 'immediate', 'Perform an asynchronous delete on DEL commands, as UNLINK does'],
  ['tracking-table-max-keys', '1000000', 'integer', '1-100000000', true, 'immediate', 'The maximum number of keys tracked for client-side caching.'],
];

const REDIS_7_REMOVED = ['hash-max-ziplist-entries', 'hash-max-ziplist-value', 'zset-max-ziplist-entries', 'zset-max-ziplist-value', 'list-max-ziplist-size'];

const REDIS_7_ADDITIONS: Row[] = [
  [
    'cluster-allow-pubsubshard-when-down',
    'yes',
    'string',
    YES_NO,
    true,
    'immediate',
    'When yes, a cluster marked as down still serves sharded pub/sub for the slots a node owns.',
  ],
  [
    'cluster-preferred-endpoint-type',
    'tls-dynamic',
    'string',
    'ip,tls-dynamic',
    true,
    'immediate',
    'The endpoint type cluster topology replies (MOVED, ASK, CLUSTER SLOTS) report: ip, or tls-dynamic for host names when in-transit encryption is enabled and IPs otherwise.',
  ],
  ['hash-max-listpack-entries', '512', 'integer', '0-', true, 'immediate', 'The maximum number of hash entries in order for the dataset to be compressed.'],
  ['hash-max-listpack-value', '64', 'integer', '0-', true, 'immediate', 'The threshold of biggest hash entries in order for the dataset to be compressed.'],
  ['latency-tracking', 'no', 'string', YES_NO, true, 'immediate', 'Enables per-command latency tracking and the latency percentiles reported by INFO latencystats.'],
  [
    'list-max-listpack-size',
    '-2',
    'integer',
    '-5,-4,-3,-2,-1,1-',
    false,
    'immediate',
    'The number of entries allowed per internal list node can be specified as a fixed maximum size or a maximum number of elements',
  ],
  ['zset-max-listpack-entries', '128', 'integer', '0-', true, 'immediate', 'The maximum number of sorted set entries in order for the dataset to be compressed.'],
  ['zset-max-listpack-value', '64', 'integer', '0-', true, 'immediate', 'The threshold of biggest sorted set entries in order for the dataset to be compressed.'],
];

const VALKEY_8_REMOVED = ['lazyfree-lazy-eviction', 'lazyfree-lazy-expire', 'lazyfree-lazy-server-del', 'lazyfree-lazy-user-del', 'replica-lazy-flush'];

const VALKEY_8_ADDITIONS: Row[] = [
  [
    'extended-redis-compatibility',
    'yes',
    'string',
    YES_NO,
    true,
    'immediate',
    'When yes, Valkey reports itself as Redis OSS 7.2.4 (server name and version in HELLO and INFO) for clients that check them.',
  ],
  ['commandlog-request-larger-than', '1048576', 'integer', '0-', true, 'immediate', 'Requests larger than this many bytes are recorded in the large-request command log.'],
  ['commandlog-large-request-max-len', '128', 'integer', '0-1024', true, 'immediate', 'The maximum number of entries in the large-request command log.'],
  ['commandlog-reply-larger-than', '1048576', 'integer', '0-', true, 'immediate', 'Replies larger than this many bytes are recorded in the large-reply command log.'],
  ['commandlog-large-reply-max-len', '128', 'integer', '0-1024', true, 'immediate', 'The maximum number of entries in the large-reply command log.'],
  ['search-fanout-target-mode', 'client', 'string', 'client,throughput', true, 'immediate', 'Which nodes a search query in cluster mode fans out to: client or throughput.'],
  ['search-default-timeout-ms', '50000', 'integer', '1-60000', true, 'immediate', 'The default timeout of a search query, in milliseconds.'],
  ['search-enable-partial-results', 'yes', 'string', YES_NO, true, 'immediate', 'When yes, a search query that times out on some shards returns the results it has.'],
];

function without(rows: Row[], names: string[]): Row[] {
  return rows.filter((r) => !names.includes(r[0]));
}

function replaced(rows: Row[], name: string, patch: (row: Row) => Row): Row[] {
  return rows.map((r) => (r[0] === name ? patch(r) : r));
}

const REDIS_4_0_ROWS: Row[] = without(REDIS_5_0, [
  'rename-commands',
  'stream-node-max-bytes',
  'stream-node-max-entries',
  'active-defrag-max-scan-fields',
  'lua-replicate-commands',
  'replica-ignore-maxmemory',
]).map((r) => (PRE_5_0_NAMES[r[0]] ? [PRE_5_0_NAMES[r[0]], ...r.slice(1)] as Row : r));

const REDIS_6_X_ROWS: Row[] = [
  ...replaced(without(REDIS_5_0, ['lua-replicate-commands']), 'rename-commands', (r) => [r[0], r[1], r[2], RENAMABLE_6, r[4], r[5], r[6]]),
  ...REDIS_6_ADDITIONS,
];

const REDIS_7_ROWS: Row[] = [
  ...replaced(without(REDIS_6_X_ROWS, REDIS_7_REMOVED), 'activerehashing', (r) => [r[0], r[1], r[2], r[3], false, r[5], r[6]]),
  ...REDIS_7_ADDITIONS,
];

const VALKEY_8_ROWS: Row[] = [
  ...replaced(
    replaced(without(REDIS_7_ROWS, VALKEY_8_REMOVED), 'repl-backlog-size', (r) => [r[0], '10485760', r[2], r[3], r[4], r[5], r[6]]),
    'maxmemory-samples',
    (r) => [r[0], r[1], r[2], '1-64', r[4], r[5], r[6]],
  ),
  ...VALKEY_8_ADDITIONS,
];

/** AWS lists parameters by name with hyphens ignored (activedefrag before active-defrag-cycle-max). */
function byName(a: { name: string }, b: { name: string }): number {
  const ka = a.name.replace(/-/g, '');
  const kb = b.name.replace(/-/g, '');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function laterVersion(a: string | undefined, b: string): string {
  return a !== undefined && compareVersions(a, b) > 0 ? a : b;
}

function parameters(rows: Row[], firstVersion: string): ParameterDef[] {
  return rows
    .map(([name, value, dataType, allowed, modifiable, changeType, description]) => ({
      name,
      value,
      description,
      dataType,
      allowed,
      modifiable,
      changeType,
      minimumEngineVersion: laterVersion(ADDED_IN[name], firstVersion),
    }))
    .sort(byName);
}

const NODE_TYPES = Object.keys(NODE_TYPE_MAXMEMORY).sort();

/** maxmemory per node type, and the replica output-buffer limits AWS sets to 10 % of it. */
function nodeTypeSpecific(replicaName: 'replica' | 'slave', firstVersion: string): NodeTypeSpecificParameterDef[] {
  const tenPercent = NODE_TYPES.map((nodeType) => ({ nodeType, value: String(Math.floor(NODE_TYPE_MAXMEMORY[nodeType] / 10)) }));
  const label = replicaName === 'replica' ? 'Replica' : 'Slave';
  const common = { dataType: 'integer' as const, allowed: '0-', changeType: 'immediate' as const, minimumEngineVersion: firstVersion };
  return [
    { ...common, name: `client-output-buffer-limit-${replicaName}-hard-limit`, description: `${label} client output buffer hard limit in bytes.`, values: tenPercent },
    { ...common, name: `client-output-buffer-limit-${replicaName}-soft-limit`, description: `${label} client output buffer soft limit in bytes.`, values: tenPercent },
    {
      ...common,
      name: 'maxmemory',
      description: 'The maximum configurable amount of memory to use to store items, in bytes.',
      values: NODE_TYPES.map((nodeType) => ({ nodeType, value: String(NODE_TYPE_MAXMEMORY[nodeType]) })),
    },
  ];
}

function catalogue(family: string, rows: Row[], firstVersion: string): FamilyCatalogue {
  return {
    family,
    parameters: parameters(rows, firstVersion),
    nodeTypeSpecific: nodeTypeSpecific(family === 'redis4.0' ? 'slave' : 'replica', firstVersion),
  };
}

/** Every family with a parameter catalogue, oldest first. */
export const FAMILY_CATALOGUES: readonly FamilyCatalogue[] = [
  catalogue('redis4.0', REDIS_4_0_ROWS, '4.0.10'),
  catalogue('redis5.0', REDIS_5_0, '5.0.0'),
  catalogue('redis6.x', REDIS_6_X_ROWS, '6.0.0'),
  catalogue('redis7', REDIS_7_ROWS, '7.0.0'),
  catalogue('valkey7', REDIS_7_ROWS, '7.2.0'),
  catalogue('valkey8', VALKEY_8_ROWS, '8.0.0'),
];

/**
 * Families AWS accepts (CreateCacheParameterGroup's documented values) but this emulator has no
 * catalogue for: Memcached, and Redis OSS versions older than any it runs.
 */
export const UNSUPPORTED_FAMILIES: readonly string[] = ['memcached1.4', 'memcached1.5', 'memcached1.6', 'redis2.6', 'redis2.8', 'redis3.2', 'valkey9'];

export function familyCatalogue(family: string): FamilyCatalogue | undefined {
  return FAMILY_CATALOGUES.find((c) => c.family === family);
}

/** Why a value is refused (for InvalidParameterValue), or null when the parameter accepts it. */
export function valueProblem(def: ParameterDef, value: string): string | null {
  const refused = `Invalid value for parameter ${def.name}: ${JSON.stringify(value)}.`;
  if (def.name === 'notify-keyspace-events') {
    return /^[KEg$lshzxetmdnA]*$/.test(value) ? null : `${refused} Use the keyspace event classes K, E, g, $, l, s, h, z, x, e, t, m, d, n or A.`;
  }
  if (def.name === 'rename-commands') return renameCommandsProblem(def, value);
  if (def.dataType === 'integer') {
    if (!/^-?\d+$/.test(value)) return `${refused} It must be an integer.`;
    if (def.allowed !== undefined && !integerAllowed(def.allowed, Number(value))) return `${refused} Allowed values: ${def.allowed}`;
    return null;
  }
  if (def.allowed !== undefined && !def.allowed.split(',').includes(value)) return `${refused} Allowed values: ${def.allowed}`;
  return null;
}

/** AllowedValues of an integer: comma-separated single values and ranges ("0,20-", "-5,-4,1-", "-"). */
function integerAllowed(allowed: string, n: number): boolean {
  return allowed.split(',').some((part) => {
    if (/^-?\d+$/.test(part)) return Number(part) === n;
    const m = /^(-?\d+)?-(-?\d+)?$/.exec(part);
    if (!m) return false;
    return (m[1] === undefined || n >= Number(m[1])) && (m[2] === undefined || n <= Number(m[2]));
  });
}

/** rename-commands is pairs of "<command> <new name>", each command one AWS lets customers rename. */
function renameCommandsProblem(def: ParameterDef, value: string): string | null {
  const words = value.trim() === '' ? [] : value.trim().split(/\s+/);
  if (words.length % 2 !== 0) return `Invalid value for parameter rename-commands: ${JSON.stringify(value)}. It must be pairs of a command and its new name.`;
  const renamable = new Set((def.allowed ?? '').split(','));
  for (let i = 0; i < words.length; i += 2) {
    if (!renamable.has(words[i].toUpperCase())) return `Invalid value for parameter rename-commands: the command ${words[i]} cannot be renamed.`;
  }
  return null;
}

/**
 * ElastiCache parameter → the engine's CONFIG name, for the parameters a node understands
 * (older families use the pre-listpack and pre-5.0 names). ElastiCache-only parameters
 * (reserved-memory-percent, rename-commands, replica-allow-chaining, cluster-preferred-endpoint-type,
 * the Valkey 8 additions) and the split client-output-buffer-limit-* are not in it.
 */
const ENGINE_NAMES: Record<string, string> = Object.fromEntries([
  ...[
    'acl-pubsub-default',
    'acllog-max-len',
    'active-defrag-cycle-max',
    'active-defrag-cycle-min',
    'active-defrag-ignore-bytes',
    'active-defrag-threshold-lower',
    'active-defrag-threshold-upper',
    'active-expire-effort',
    'activedefrag',
    'activerehashing',
    'appendfsync',
    'appendonly',
    'client-query-buffer-limit',
    'close-on-replica-write',
    'cluster-allow-pubsubshard-when-down',
    'cluster-allow-reads-when-down',
    'cluster-enabled',
    'cluster-require-full-coverage',
    'databases',
    'hash-max-listpack-entries',
    'hash-max-listpack-value',
    'hll-sparse-max-bytes',
    'latency-tracking',
    'lazyfree-lazy-eviction',
    'lazyfree-lazy-expire',
    'lazyfree-lazy-server-del',
    'lazyfree-lazy-user-del',
    'lfu-decay-time',
    'lfu-log-factor',
    'list-compress-depth',
    'list-max-listpack-size',
    'lua-time-limit',
    'maxclients',
    'maxmemory-policy',
    'maxmemory-samples',
    'min-replicas-max-lag',
    'min-replicas-to-write',
    'notify-keyspace-events',
    'proto-max-bulk-len',
    'repl-backlog-size',
    'repl-backlog-ttl',
    'replica-ignore-maxmemory',
    'replica-lazy-flush',
    'set-max-intset-entries',
    'slowlog-log-slower-than',
    'slowlog-max-len',
    'stream-node-max-bytes',
    'stream-node-max-entries',
    'tcp-keepalive',
    'timeout',
    'tracking-table-max-keys',
    'zset-max-listpack-entries',
    'zset-max-listpack-value',
  ].map((n) => [n, n]),
  ['hash-max-ziplist-entries', 'hash-max-listpack-entries'],
  ['hash-max-ziplist-value', 'hash-max-listpack-value'],
  ['zset-max-ziplist-entries', 'zset-max-listpack-entries'],
  ['zset-max-ziplist-value', 'zset-max-listpack-value'],
  ['list-max-ziplist-size', 'list-max-listpack-size'],
  ['close-on-slave-write', 'close-on-replica-write'],
  ['min-slaves-max-lag', 'min-replicas-max-lag'],
  ['min-slaves-to-write', 'min-replicas-to-write'],
  ['slave-lazy-flush', 'replica-lazy-flush'],
]);

/** The engine's CONFIG name of an ElastiCache parameter, or undefined for one the engine does not have. */
export function engineNameOf(parameter: string): string | undefined {
  return ENGINE_NAMES[parameter];
}

/** What a parameter group holds: its family and the values set in it (on top of the family's defaults). */
export interface ParameterGroupValues {
  family: string;
  values: Record<string, string>;
}

/** A parameter's value in a group: the group's own, else the family default ('' when AWS shows none). */
export function parameterValue(group: ParameterGroupValues, name: string): string | undefined {
  if (group.values[name] !== undefined) return group.values[name];
  const def = familyCatalogue(group.family)?.parameters.find((p) => p.name === name);
  return def === undefined ? undefined : (def.value ?? '');
}

/**
 * A group's values as engine CONFIG settings: every parameter the engine understands, with the
 * client-output-buffer-limit classes joined into Redis's one setting. With a node type, also
 * maxmemory and the replica output-buffer limits (10 % of the node type's maxmemory) AWS sets per
 * node type; the maxmemory a node enforces and reports is the node type's less
 * reserved-memory-percent of it (AWS's example: cache.t3.micro, 25 %, INFO maxmemory 402653184).
 */
export function engineConfigFor(group: ParameterGroupValues, nodeType?: string): Record<string, string> {
  const catalogue = familyCatalogue(group.family);
  if (!catalogue) throw new Error(`no parameter catalogue for family ${group.family}`);
  const config: Record<string, string> = {};
  const value = (name: string) => parameterValue(group, name) ?? '';
  for (const p of catalogue.parameters) {
    const engineName = ENGINE_NAMES[p.name];
    if (engineName !== undefined) config[engineName] = value(p.name);
  }
  const replica = catalogue.family === 'redis4.0' ? 'slave' : 'replica';
  let buffers =
    `normal ${value('client-output-buffer-limit-normal-hard-limit')} ${value('client-output-buffer-limit-normal-soft-limit')} ${value('client-output-buffer-limit-normal-soft-seconds')}` +
    ` pubsub ${value('client-output-buffer-limit-pubsub-hard-limit')} ${value('client-output-buffer-limit-pubsub-soft-limit')} ${value('client-output-buffer-limit-pubsub-soft-seconds')}`;
  const maxmemory = nodeType === undefined ? undefined : maxmemoryOf(nodeType);
  if (maxmemory !== undefined) {
    const limit = Math.floor(maxmemory / 10);
    buffers += ` replica ${limit} ${limit} ${value(`client-output-buffer-limit-${replica}-soft-seconds`)}`;
    const reserved = Number(value('reserved-memory-percent') || '0');
    config.maxmemory = String(Math.floor((maxmemory * (100 - reserved)) / 100));
  }
  config['client-output-buffer-limit'] = buffers;
  return config;
}
