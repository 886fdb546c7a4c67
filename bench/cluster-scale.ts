/**
 * Cluster mode at scale: how long CreateReplicationGroup takes to reach `available` for a
 * cluster-mode-enabled group of 90 nodes (AWS's default quota) and of 500 (the raised quota), and
 * how much memory the emulator then holds. Each round starts a fresh emulator (the CLI, in
 * memory, fast timing) with --cluster-node-quota 500 and a node port range wide enough.
 */
import { ensureBundle, QueryClient } from './api.ts';
import { alternate, fmt, freePort, median, mib, nodeCommand, ROOT, startProcess, table, waitFor, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';
import { rssOf } from './servers.ts';

interface Size {
  name: string;
  shards: number;
  replicas: number;
}

const SIZES: Size[] = [
  { name: '90 nodes (45 shards × 1 replica)', shards: 45, replicas: 1 },
  { name: '500 nodes (250 shards × 1 replica)', shards: 250, replicas: 1 },
];

interface Measured {
  createMs: number;
  idleRss: number;
  rss: number;
}

function emulatorArgs(port: number | 'PORT', nodePorts: string): string[] {
  return [`${ROOT}bin/start.mjs`, '--port', String(port), '--in-memory', '--timing', 'fast', '--node-ports', nodePorts, '--cluster-node-quota', '500'];
}

async function measure(size: Size): Promise<Measured> {
  const port = await freePort();
  const first = 20_000 + Math.floor(Math.random() * 30) * 1000;
  const proc = startProcess(process.execPath, emulatorArgs(port, `${first}-${first + 999}`));
  const client = new QueryClient(port);
  try {
    await waitFor(
      'the emulator answering',
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`emulator exited: ${proc.stderrTail()}`);
        return (await client.query({ Action: 'DescribeReplicationGroups' }).catch(() => null))?.status === 200 ? true : undefined;
      },
      60_000,
      5,
    );
    const idleRss = rssOf(proc.child.pid!);
    const started = performance.now();
    const created = await client.query({
      Action: 'CreateReplicationGroup',
      ReplicationGroupId: 'scale',
      ReplicationGroupDescription: 'cluster-scale benchmark',
      CacheNodeType: 'cache.r6g.large',
      AutomaticFailoverEnabled: 'true',
      NumNodeGroups: String(size.shards),
      ReplicasPerNodeGroup: String(size.replicas),
    });
    if (created.status !== 200) throw new Error(`CreateReplicationGroup: HTTP ${created.status}: ${created.body}`);
    await waitFor(
      'the group to be available',
      async () => {
        const r = await client.query({ Action: 'DescribeReplicationGroups', ReplicationGroupId: 'scale' });
        return /<ReplicationGroup>\s*<ReplicationGroupId>scale<\/ReplicationGroupId>[\s\S]*?<Status>available<\/Status>/.test(r.body) ? true : undefined;
      },
      600_000,
      20,
    );
    const createMs = performance.now() - started;
    return { createMs, idleRss, rss: rssOf(proc.child.pid!) };
  } finally {
    client.close();
    await proc.stop(60_000);
  }
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  await ensureBundle();
  const results = await alternate(
    ctx,
    'cluster-scale',
    SIZES.map((s) => ({ name: s.name, run: () => measure(s) })),
  );
  const rows = SIZES.map((s) => {
    const r = results.get(s.name)!;
    const nodes = s.shards * (1 + s.replicas);
    const createMs = median(r.map((m) => m.createMs));
    const rss = median(r.map((m) => m.rss));
    const grown = median(r.map((m) => m.rss - m.idleRss));
    return {
      s,
      cells: [s.name, `${fmt(createMs)} ms`, r.map((m) => fmt(m.createMs)).join(' / '), mib(rss), mib(grown), `${fmt(grown / nodes / 1024, 0)} KiB`],
      summary: `${s.name}: available after ${fmt(createMs)} ms (median), emulator RSS ${mib(rss)} (+${mib(grown)} for the group)`,
    };
  });
  const markdown = [
    `Medians of ${ctx.rounds} rounds, each on a fresh emulator (\`--timing fast\`, in memory). "Create" runs from sending CreateReplicationGroup (cluster mode enabled, automatic failover) to the first DescribeReplicationGroups that shows \`available\`, polled every 20 ms; every node is a running engine node by then, wired to its shard's primary and told the topology. RSS is the emulator process's after creation; "for the group" is its growth since before the call.`,
    '',
    table(['group', 'create → available', 'per round (ms)', 'emulator RSS', 'for the group', 'per node'], rows.map((r) => r.cells)),
  ].join('\n');
  return {
    title: 'cluster-scale: creating cluster-mode-enabled groups of 90 and 500 nodes',
    commands: [`${nodeCommand(emulatorArgs('PORT', 'FIRST-LAST'))}   # one per round`, 'CreateReplicationGroup NumNodeGroups=45|250 ReplicasPerNodeGroup=1 AutomaticFailoverEnabled=true, then DescribeReplicationGroups every 20 ms'],
    markdown,
    summary: rows.map((r) => r.summary),
  };
}

export const clusterScale: Benchmark = {
  name: 'cluster-scale',
  description: 'create → available time and emulator memory for 90- and 500-node cluster-mode groups',
  run,
};
