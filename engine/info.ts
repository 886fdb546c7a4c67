import type { EngineNode } from './engine-node.ts';

/** The sections of INFO, each a list of "field:value" lines, in Redis's order. */
type Section = (node: EngineNode) => Array<[string, string | number]>;

const server: Section = (node) => {
  const uptimeMs = node.clock.now() - node.startedAt;
  return [
    ['redis_version', node.version],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', node.config.bool('cluster-enabled') ? 'cluster' : 'standalone'],
    ['os', `${process.platform} ${process.arch}`],
    ['arch_bits', 64],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', 'epoll'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', node.runId],
    ['tcp_port', node.port],
    ['server_time_usec', node.clock.now() * 1000],
    ['uptime_in_seconds', Math.floor(uptimeMs / 1000)],
    ['uptime_in_days', Math.floor(uptimeMs / 86400000)],
    ['hz', node.config.int('hz')],
    ['configured_hz', node.config.int('hz')],
    ['lru_clock', Math.floor(node.clock.now() / 1000) & 0xffffff],
    ['executable', '/usr/local/bin/elasticache-local'],
    ['config_file', ''],
  ];
};

const clients: Section = (node) => {
  let blocked = 0;
  let pubsub = 0;
  for (const c of node.clients.values()) {
    if (c.blocked) blocked++;
    if (c.subscriptionCount > 0) pubsub++;
  }
  return [
    ['connected_clients', node.clients.size],
    ['cluster_connections', 0],
    ['maxclients', node.config.int('maxclients')],
    ['client_recent_max_input_buffer', 0],
    ['client_recent_max_output_buffer', 0],
    ['blocked_clients', blocked],
    ['tracking_clients', 0],
    ['pubsub_clients', pubsub],
    ['clients_in_timeout_table', blocked],
  ];
};

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2)}K`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)}M`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)}G`;
}

const memory: Section = (node) => {
  const mem = process.memoryUsage();
  const used = node.usedMemory();
  const maxmemory = node.config.int('maxmemory');
  return [
    ['used_memory', used],
    ['used_memory_human', human(used)],
    ['used_memory_rss', mem.rss],
    ['used_memory_rss_human', human(mem.rss)],
    ['used_memory_peak', used],
    ['used_memory_peak_human', human(used)],
    ['used_memory_dataset', used],
    ['total_system_memory', 0],
    ['maxmemory', maxmemory],
    ['maxmemory_human', human(maxmemory)],
    ['maxmemory_policy', node.config.get('maxmemory-policy')!],
    ['mem_fragmentation_ratio', '1.00'],
    ['mem_allocator', 'v8'],
    ['lazyfree_pending_objects', 0],
  ];
};

const persistence: Section = (node) => [
  ['loading', 0],
  ['async_loading', 0],
  ['rdb_changes_since_last_save', node.dirty],
  ['rdb_bgsave_in_progress', 0],
  ['rdb_last_save_time', Math.floor(node.lastSave / 1000)],
  ['rdb_last_bgsave_status', 'ok'],
  ['aof_enabled', 0],
  ['aof_rewrite_in_progress', 0],
  ['aof_last_bgrewrite_status', 'ok'],
  ['aof_last_write_status', 'ok'],
];

const stats: Section = (node) => {
  const s = node.stats;
  let errors = 0;
  for (const n of s.errors.values()) errors += n;
  return [
    ['total_connections_received', s.totalConnections],
    ['total_commands_processed', s.totalCommands],
    ['instantaneous_ops_per_sec', 0],
    ['total_net_input_bytes', s.netInputBytes],
    ['total_net_output_bytes', s.netOutputBytes],
    ['rejected_connections', s.rejectedConnections],
    ['expired_keys', s.expiredKeys],
    ['evicted_keys', s.evictedKeys],
    ['keyspace_hits', s.keyspaceHits],
    ['keyspace_misses', s.keyspaceMisses],
    ['pubsub_channels', node.pubsub.channels.size],
    ['pubsub_patterns', node.pubsub.patterns.size],
    ['total_error_replies', errors],
  ];
};

const replication: Section = (node) => {
  const primary = node.primary;
  if (primary) {
    return [
      ['role', 'slave'],
      ['master_host', primary.host],
      ['master_port', primary.port],
      ['master_link_status', 'up'],
      ['slave_read_only', node.config.bool('replica-read-only') ? 1 : 0],
      ['connected_slaves', 0],
    ];
  }
  return [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_replid', node.runId],
    ['master_repl_offset', 0],
  ];
};

const cpu: Section = () => {
  const u = process.cpuUsage();
  return [
    ['used_cpu_sys', (u.system / 1e6).toFixed(6)],
    ['used_cpu_user', (u.user / 1e6).toFixed(6)],
  ];
};

const keyspace: Section = (node) =>
  node.databases
    .filter((db) => db.size > 0)
    .map((db) => [`db${db.id}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=0`]);

const commandstats: Section = (node) =>
  [...node.stats.commands].map(([name, st]) => [
    `cmdstat_${name}`,
    `calls=${st.calls},usec=${Math.round(st.usec)},usec_per_call=${(st.calls ? st.usec / st.calls : 0).toFixed(2)},rejected_calls=${st.rejected},failed_calls=${st.failed}`,
  ]);

const errorstats: Section = (node) => [...node.stats.errors].map(([prefix, n]) => [`errorstat_${prefix}`, `count=${n}`]);

export const INFO_SECTIONS: Record<string, Section> = {
  server,
  clients,
  memory,
  persistence,
  stats,
  replication,
  cpu,
  modules: () => [],
  errorstats,
  cluster: (node) => [['cluster_enabled', node.config.bool('cluster-enabled') ? 1 : 0]],
  keyspace,
  commandstats,
};

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'];

/** Renders INFO [section ...]: default, all, everything, or named sections. */
export function renderInfo(node: EngineNode, requested: string[]): string {
  let names: string[];
  if (requested.length === 0 || requested.includes('default')) names = DEFAULT_SECTIONS;
  else if (requested.includes('all') || requested.includes('everything')) names = Object.keys(INFO_SECTIONS);
  else names = Object.keys(INFO_SECTIONS).filter((n) => requested.includes(n));
  const parts: string[] = [];
  for (const name of names) {
    const lines = INFO_SECTIONS[name](node);
    parts.push(`# ${name[0].toUpperCase()}${name.slice(1)}\r\n` + lines.map(([k, v]) => `${k}:${v}\r\n`).join(''));
  }
  return parts.join('\r\n');
}
