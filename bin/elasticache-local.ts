import { parseArgs } from 'node:util';
import { DEFAULT_DNS_PORT, DEFAULT_DNS_TTL, startEmulator, VERSION, type DnsModeOptions } from './emulator.ts';
import type { TimingProfileName } from '../provisioner/timing.ts';

if (process.argv[2] === 'fault') {
  // Imported here, so the zod schemas it uses are not loaded when the emulator starts.
  const { runFaultCommand } = await import('./fault-command.ts');
  const status = await runFaultCommand(process.argv.slice(3), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env });
  process.exit(status);
}

const HELP = `elasticache-local ${VERSION}: a local Amazon ElastiCache with real Redis-compatible nodes

Usage: elasticache-local [options]
       elasticache-local fault <action> [options]   inject a fault into a running emulator (fault --help)

  --host <addr>        listen address (env ELASTICACHE_LOCAL_HOST, default 127.0.0.1)
  --port <n>           API port (env ELASTICACHE_LOCAL_PORT, default 4600; 0 = any free port)
  --region <name>      region for unsigned requests (env ELASTICACHE_LOCAL_REGION, default us-east-1)
  --data-dir <dir>     state directory (env ELASTICACHE_LOCAL_DATA_DIR, default ./.elasticache-local)
  --in-memory          keep no state on disk (env ELASTICACHE_LOCAL_IN_MEMORY=1)
  --timing <profile>   instant | fast | realistic (env ELASTICACHE_LOCAL_TIMING, default fast)
  --realistic-scale <x>  multiply realistic durations by x (env ELASTICACHE_LOCAL_REALISTIC_SCALE, default 1)
  --advertised-host <h>  host name put in endpoints (env ELASTICACHE_LOCAL_ADVERTISED_HOST)
  --node-ports <a-b>   port range for cache nodes (env ELASTICACHE_LOCAL_NODE_PORTS, default 6379-7378)
  --test-failover-limit <n>  TestFailover node groups per account per 24 h (env ELASTICACHE_LOCAL_TEST_FAILOVER_LIMIT, default 15)
  --cluster-node-quota <n>   nodes per cluster-mode-enabled group (env ELASTICACHE_LOCAL_CLUSTER_NODE_QUOTA, default 90, at most 500)
  --dns                DNS mode: AWS-shaped endpoint names, each node on its own address (env ELASTICACHE_LOCAL_DNS=1)
  --dns-address <a:p>  DNS server address, UDP and TCP (env ELASTICACHE_LOCAL_DNS_ADDRESS, default 127.0.0.1:${DEFAULT_DNS_PORT})
  --dns-suffix <d>     domain of the names (env ELASTICACHE_LOCAL_DNS_SUFFIX, default cache.amazonaws.com)
  --dns-ttl <s>        TTL of answers in seconds (env ELASTICACHE_LOCAL_DNS_TTL, default ${DEFAULT_DNS_TTL})
  --dns-node-addresses <cidr>  where nodes' own addresses come from (env ELASTICACHE_LOCAL_DNS_NODE_ADDRESSES, default 127.77.0.0/16)
  -h, --help           this text
`;

const env = process.env;
const { values } = parseArgs({
  options: {
    host: { type: 'string', default: env.ELASTICACHE_LOCAL_HOST },
    port: { type: 'string', default: env.ELASTICACHE_LOCAL_PORT },
    region: { type: 'string', default: env.ELASTICACHE_LOCAL_REGION },
    'data-dir': { type: 'string', default: env.ELASTICACHE_LOCAL_DATA_DIR },
    'in-memory': { type: 'boolean', default: ['1', 'true', 'yes'].includes(env.ELASTICACHE_LOCAL_IN_MEMORY ?? '') },
    timing: { type: 'string', default: env.ELASTICACHE_LOCAL_TIMING },
    'realistic-scale': { type: 'string', default: env.ELASTICACHE_LOCAL_REALISTIC_SCALE },
    'advertised-host': { type: 'string', default: env.ELASTICACHE_LOCAL_ADVERTISED_HOST },
    'node-ports': { type: 'string', default: env.ELASTICACHE_LOCAL_NODE_PORTS },
    'test-failover-limit': { type: 'string', default: env.ELASTICACHE_LOCAL_TEST_FAILOVER_LIMIT },
    'cluster-node-quota': { type: 'string', default: env.ELASTICACHE_LOCAL_CLUSTER_NODE_QUOTA },
    dns: { type: 'boolean', default: ['1', 'true', 'yes'].includes(env.ELASTICACHE_LOCAL_DNS ?? '') },
    'dns-address': { type: 'string', default: env.ELASTICACHE_LOCAL_DNS_ADDRESS },
    'dns-suffix': { type: 'string', default: env.ELASTICACHE_LOCAL_DNS_SUFFIX },
    'dns-ttl': { type: 'string', default: env.ELASTICACHE_LOCAL_DNS_TTL },
    'dns-node-addresses': { type: 'string', default: env.ELASTICACHE_LOCAL_DNS_NODE_ADDRESSES },
    help: { type: 'boolean', short: 'h' },
  },
});

function fail(message: string): never {
  process.stderr.write(`elasticache-local: ${message}\n`);
  process.exit(2);
}

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const port = values.port === undefined ? 4600 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port ${values.port}`);
const timing = (values.timing ?? 'fast') as TimingProfileName;
if (!['instant', 'fast', 'realistic'].includes(timing)) fail(`invalid --timing ${values.timing} (instant, fast or realistic)`);
const scale = values['realistic-scale'] === undefined ? 1 : Number(values['realistic-scale']);
if (!(scale > 0)) fail(`invalid --realistic-scale ${values['realistic-scale']}`);
let nodePortRange: { first: number; last: number } | undefined;
if (values['node-ports'] !== undefined) {
  const m = /^(\d+)-(\d+)$/.exec(values['node-ports']);
  if (!m || Number(m[1]) < 1 || Number(m[2]) > 65535 || Number(m[1]) > Number(m[2])) fail(`invalid --node-ports ${values['node-ports']} (e.g. 6379-7378)`);
  nodePortRange = { first: Number(m[1]), last: Number(m[2]) };
}

const testFailoverLimit = values['test-failover-limit'] === undefined ? undefined : Number(values['test-failover-limit']);
if (testFailoverLimit !== undefined && !(Number.isInteger(testFailoverLimit) && testFailoverLimit >= 0)) {
  fail(`invalid --test-failover-limit ${values['test-failover-limit']}`);
}

const clusterNodeQuota = values['cluster-node-quota'] === undefined ? undefined : Number(values['cluster-node-quota']);
if (clusterNodeQuota !== undefined && !(Number.isInteger(clusterNodeQuota) && clusterNodeQuota >= 1 && clusterNodeQuota <= 500)) {
  fail(`invalid --cluster-node-quota ${values['cluster-node-quota']} (1-500)`);
}

let dns: DnsModeOptions | undefined;
if (values.dns) {
  dns = { suffix: values['dns-suffix'], nodeAddresses: values['dns-node-addresses'] };
  if (values['dns-address'] !== undefined) {
    const m = /^(.+):(\d+)$/.exec(values['dns-address']);
    if (!m || Number(m[2]) > 65535) fail(`invalid --dns-address ${values['dns-address']} (host:port, e.g. 127.0.0.1:${DEFAULT_DNS_PORT})`);
    dns.host = m[1].replace(/^\[(.*)\]$/, '$1');
    dns.port = Number(m[2]);
  }
  if (values['dns-ttl'] !== undefined) {
    dns.ttl = Number(values['dns-ttl']);
    if (!Number.isInteger(dns.ttl) || dns.ttl < 0 || dns.ttl > 86400) fail(`invalid --dns-ttl ${values['dns-ttl']} (seconds, 0-86400)`);
  }
}

const emulator = await startEmulator({
  host: values.host,
  port,
  region: values.region,
  dataDir: values['data-dir'],
  inMemory: values['in-memory'],
  timing,
  realisticScale: scale,
  advertisedHost: values['advertised-host'],
  nodePortRange,
  testFailoverLimit,
  clusterNodeQuota,
  dns,
}).catch((e: Error) => fail(e.message));

process.stdout.write(`elasticache-local ${VERSION} listening on ${emulator.url} (${values['in-memory'] ? 'in memory' : `state in ${values['data-dir'] ?? '.elasticache-local'}`}, timing ${timing})\n`);
if (emulator.dns) process.stdout.write(`elasticache-local: DNS mode, names under ${emulator.dns.suffix} served on ${emulator.dns.host}:${emulator.dns.port} (UDP and TCP)\n`);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`elasticache-local: ${signal}, stopping nodes\n`);
  emulator.stop().then(
    () => process.exit(0),
    (e: Error) => {
      process.stderr.write(`elasticache-local: error while stopping: ${e.message}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
