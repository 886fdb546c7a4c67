import { totalmem } from 'node:os';
import type { EngineNode } from './engine-node.ts';
import { replicationInfo } from './replication/report.ts';

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
    ['os', `${process.platform === 'linux' ? 'Linux' : process.platform} ${process.arch === 'x64' ? 'x86_64' : process.arch}`],
    ['arch_bits', 64],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', 'epoll'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
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
    ['io_threads_active', 0],
  ];
};

const clients: Section = (node) => {
  let blocked = 0;
  let timeoutTable = 0;
  let maxOut = 0;
  for (const c of node.clients.values()) {
    if (c.blocked) {
      blocked++;
      if (c.blocked.deadline > 0) timeoutTable++;
    } else if (c.postponed) {
      // CLIENT PAUSE holds clients as blocked ones (BLOCKED_POSTPONE).
      blocked++;
    }
    if (c.reply.out.length > maxOut) maxOut = c.reply.out.length;
  }
  return [
    ['connected_clients', node.clients.size - node.replication.primarySide.replicas.size],
    ['cluster_connections', 0],
    ['maxclients', node.config.int('maxclients')],
    ['client_recent_max_input_buffer', 0],
    ['client_recent_max_output_buffer', maxOut],
    ['blocked_clients', blocked],
    ['tracking_clients', node.tracking.clientCount],
    ['clients_in_timeout_table', timeoutTable],
  ];
};

/** bytesToHuman as INFO prints sizes. */
function human(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2)}K`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)}M`;
  if (bytes < 1024 ** 4) return `${(bytes / 1024 ** 3).toFixed(2)}G`;
  return `${(bytes / 1024 ** 4).toFixed(2)}T`;
}

/** Highest used_memory seen per node (INFO used_memory_peak). */
const peaks = new WeakMap<EngineNode, number>();

const memory: Section = (node) => {
  const rss = process.memoryUsage().rss;
  const used = node.usedMemory();
  const peak = Math.max(peaks.get(node) ?? 0, used);
  peaks.set(node, peak);
  const startup = 1024 * 1024;
  let clientsMem = 0;
  for (const c of node.clients.values()) clientsMem += c.reply.out.length;
  const overhead = startup + clientsMem;
  const dataset = Math.max(0, used - overhead);
  const maxmemory = node.config.int('maxmemory');
  const system = totalmem();
  return [
    ['used_memory', used],
    ['used_memory_human', human(used)],
    ['used_memory_rss', rss],
    ['used_memory_rss_human', human(rss)],
    ['used_memory_peak', peak],
    ['used_memory_peak_human', human(peak)],
    ['used_memory_peak_perc', `${((used * 100) / peak).toFixed(2)}%`],
    ['used_memory_overhead', overhead],
    ['used_memory_startup', startup],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', `${used > startup ? ((dataset * 100) / (used - startup)).toFixed(2) : '0.00'}%`],
    ['allocator_allocated', used],
    ['allocator_active', used],
    ['allocator_resident', used],
    ['total_system_memory', system],
    ['total_system_memory_human', human(system)],
    ['used_memory_lua', 32768],
    ['used_memory_vm_eval', 32768],
    ['used_memory_lua_human', '32.00K'],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', 0],
    ['number_of_functions', 0],
    ['number_of_libraries', 0],
    ['used_memory_vm_functions', 32768],
    ['used_memory_vm_total', 65536],
    ['used_memory_vm_total_human', '64.00K'],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', '0B'],
    ['maxmemory', maxmemory],
    ['maxmemory_human', human(maxmemory)],
    ['maxmemory_policy', node.config.get('maxmemory-policy')!],
    ['allocator_frag_ratio', '1.00'],
    ['allocator_frag_bytes', 0],
    ['allocator_rss_ratio', '1.00'],
    ['allocator_rss_bytes', 0],
    ['rss_overhead_ratio', '1.00'],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', '1.00'],
    ['mem_fragmentation_bytes', 0],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', clientsMem],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', 'libc'],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ];
};

const persistence: Section = (node) => [
  ['loading', 0],
  ['async_loading', 0],
  ['current_cow_peak', 0],
  ['current_cow_size', 0],
  ['current_cow_size_age', 0],
  ['current_fork_perc', '0.00'],
  ['current_save_keys_processed', 0],
  ['current_save_keys_total', 0],
  ['rdb_changes_since_last_save', node.dirty - node.dirtyAtSave],
  ['rdb_bgsave_in_progress', 0],
  ['rdb_last_save_time', Math.floor(node.lastSave / 1000)],
  ['rdb_last_bgsave_status', 'ok'],
  ['rdb_last_bgsave_time_sec', -1],
  ['rdb_current_bgsave_time_sec', -1],
  ['rdb_saves', 0],
  ['rdb_last_cow_size', 0],
  ['rdb_last_load_keys_expired', 0],
  ['rdb_last_load_keys_loaded', 0],
  ['aof_enabled', node.config.bool('appendonly') ? 1 : 0],
  ['aof_rewrite_in_progress', 0],
  ['aof_rewrite_scheduled', 0],
  ['aof_last_rewrite_time_sec', -1],
  ['aof_current_rewrite_time_sec', -1],
  ['aof_last_bgrewrite_status', 'ok'],
  ['aof_rewrites', 0],
  ['aof_rewrites_consecutive_failures', 0],
  ['aof_last_write_status', 'ok'],
  ['aof_last_cow_size', 0],
  ['module_fork_in_progress', 0],
  ['module_fork_last_cow_size', 0],
];

const stats: Section = (node) => {
  const s = node.stats;
  const exceeded = node.evictor.exceededTime();
  return [
    ['total_connections_received', s.totalConnections],
    ['total_commands_processed', s.totalCommands],
    ['instantaneous_ops_per_sec', 0],
    ['total_net_input_bytes', s.netInputBytes],
    ['total_net_output_bytes', s.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', '0.00'],
    ['instantaneous_output_kbps', '0.00'],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', s.rejectedConnections],
    ['sync_full', node.replication.stats.syncFull],
    ['sync_partial_ok', node.replication.stats.syncPartialOk],
    ['sync_partial_err', node.replication.stats.syncPartialErr],
    ['expired_keys', s.expiredKeys],
    ['expired_stale_perc', '0.00'],
    ['expired_time_cap_reached_count', 0],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', s.evictedKeys],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', exceeded.total],
    ['current_eviction_exceeded_time', exceeded.current],
    ['keyspace_hits', s.keyspaceHits],
    ['keyspace_misses', s.keyspaceMisses],
    ['pubsub_channels', node.pubsub.channels.size],
    ['pubsub_patterns', node.pubsub.patterns.size],
    ['pubsubshard_channels', node.pubsub.shardChannels.size],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', node.tracking.trackedKeys],
    ['tracking_total_items', node.tracking.trackedKeys],
    ['tracking_total_prefixes', node.tracking.prefixCount],
    ['unexpected_error_replies', s.unexpectedErrors],
    ['total_error_replies', s.totalErrors],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', s.totalCommands],
    ['total_writes_processed', s.totalCommands],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ];
};

const replication: Section = (node) => replicationInfo(node);

const cpu: Section = () => {
  const u = process.cpuUsage();
  return [
    ['used_cpu_sys', (u.system / 1e6).toFixed(6)],
    ['used_cpu_user', (u.user / 1e6).toFixed(6)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', (u.system / 1e6).toFixed(6)],
    ['used_cpu_user_main_thread', (u.user / 1e6).toFixed(6)],
  ];
};

const keyspace: Section = (node) => {
  const now = node.clock.now();
  return node.databases
    .filter((db) => db.size > 0)
    .map((db) => {
      let ttlSum = 0;
      let n = 0;
      for (const when of db.expires.values()) {
        if (when > now) {
          ttlSum += when - now;
          n++;
        }
      }
      return [`db${db.id}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=${n ? Math.floor(ttlSum / n) : 0}`];
    });
};

const commandstats: Section = (node) =>
  [...node.stats.commands]
    .filter(([, st]) => st.calls > 0 || st.rejected > 0 || st.failed > 0)
    .map(([name, st]) => [
      `cmdstat_${name}`,
      `calls=${st.calls},usec=${Math.round(st.usec)},usec_per_call=${(st.calls ? st.usec / st.calls : 0).toFixed(2)},rejected_calls=${st.rejected},failed_calls=${st.failed}`,
    ]);

const errorstats: Section = (node) => [...node.stats.errors].map(([prefix, n]) => [`errorstat_${prefix}`, `count=${n}`]);

const latencystats: Section = (node) =>
  [...node.stats.commands]
    .filter(([, st]) => st.histogram.total > 0)
    .map(([name, st]) => {
      const h = st.histogram;
      return [`latency_percentiles_usec_${name}`, `p50=${h.percentile(50).toFixed(3)},p99=${h.percentile(99).toFixed(3)},p99.9=${h.percentile(99.9).toFixed(3)}`];
    });

export const INFO_SECTIONS: Record<string, Section> = {
  server,
  clients,
  memory,
  persistence,
  stats,
  replication,
  cpu,
  modules: () => [],
  commandstats,
  errorstats,
  latencystats,
  cluster: (node) => [['cluster_enabled', node.config.bool('cluster-enabled') ? 1 : 0]],
  keyspace,
};

const DEFAULT_SECTIONS = new Set(['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace']);

/** Renders INFO [section ...]: default, all, everything, or named sections (case-insensitive). */
export function renderInfo(node: EngineNode, requested: string[]): string {
  const wanted = new Set<string>();
  if (requested.length === 0) for (const s of DEFAULT_SECTIONS) wanted.add(s);
  for (const r of requested) {
    if (r === 'default') for (const s of DEFAULT_SECTIONS) wanted.add(s);
    else if (r === 'all' || r === 'everything') for (const s of Object.keys(INFO_SECTIONS)) wanted.add(s);
    else wanted.add(r);
  }
  const parts: string[] = [];
  for (const name of Object.keys(INFO_SECTIONS)) {
    if (!wanted.has(name)) continue;
    const lines = INFO_SECTIONS[name](node);
    const title = name === 'cpu' ? 'CPU' : `${name[0].toUpperCase()}${name.slice(1)}`;
    parts.push(`# ${title}\r\n` + lines.map(([k, v]) => `${k}:${v}\r\n`).join(''));
  }
  return parts.join('\r\n');
}
