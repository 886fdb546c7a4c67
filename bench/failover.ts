/**
 * Failover times per timing profile: from the trigger (TestFailover, or a crash of the primary
 * with automatic failover) to the first write a client gets acknowledged by the new primary,
 * through the group's primary endpoint: the endpoint listener by default, the primary's name in
 * DNS mode. The emulator runs as `npm start` does, in its own process. Groups are created under
 * the fast profile and the emulator is restarted on the same data directory under the profile
 * measured (stored groups come back available at once), so `realistic` costs its failovers'
 * durations only, not the minutes of creation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateReplicationGroupCommand, DescribeReplicationGroupsCommand, ElastiCacheClient, TestFailoverCommand, type ReplicationGroup } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import type { TimingProfileName } from '../provisioner/timing.ts';
import { Timing } from '../provisioner/timing.ts';
import { connectorVia, lookupVia } from '../test/helpers/dns.ts';
import { fmt, freePort, median, nodeCommand, ROOT, startProcess, table, waitFor, type BenchContext, type BenchResult, type Benchmark, type Proc } from './harness.ts';

const PROFILES: TimingProfileName[] = ['instant', 'fast', 'realistic'];
type Mode = 'endpoint' | 'dns';
type Scenario = 'TestFailover' | 'crash';

interface Emulator {
  proc: Proc;
  url: string;
  dnsPort: number | null;
  client: ElastiCacheClient;
}

interface Setup {
  mode: Mode;
  dataDir: string;
  nodePorts: string;
  /** DNS mode: the port every node listens on (its own address each), the DNS server's, and the node range. */
  groupPort: number;
  dnsPort: number;
  nodeAddresses: string;
}

function emulatorArgs(setup: Setup, profile: TimingProfileName, apiPort: number): string[] {
  const args = [`${ROOT}bin/start.mjs`, '--port', String(apiPort), '--data-dir', setup.dataDir, '--timing', profile, '--node-ports', setup.nodePorts, '--test-failover-limit', '1000'];
  if (setup.mode === 'dns') args.push('--dns', '--dns-address', `127.0.0.1:${setup.dnsPort}`, '--dns-node-addresses', setup.nodeAddresses, '--dns-ttl', '1');
  return args;
}

async function startEmulator(setup: Setup, profile: TimingProfileName): Promise<Emulator> {
  const apiPort = await freePort();
  const proc = startProcess(process.execPath, emulatorArgs(setup, profile, apiPort));
  const url = `http://127.0.0.1:${apiPort}`;
  await waitFor(
    'the emulator',
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`the emulator exited: ${proc.stderrTail()}`);
      return (await fetch(`${url}/_elasticache/health`).catch(() => null))?.ok || undefined;
    },
    30_000,
    20,
  );
  const client = new ElastiCacheClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  return { proc, url, dnsPort: setup.mode === 'dns' ? setup.dnsPort : null, client };
}

async function stopEmulator(em: Emulator): Promise<void> {
  em.client.destroy();
  await em.proc.stop(30_000);
}

async function describe(em: Emulator, id: string): Promise<ReplicationGroup> {
  return (await em.client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0];
}

/** A client of the group's primary endpoint, as an application would hold one. */
function writer(em: Emulator, g: ReplicationGroup): Redis {
  const endpoint = g.NodeGroups![0].PrimaryEndpoint!;
  const options = { port: endpoint.Port!, maxRetriesPerRequest: null, retryStrategy: () => 5, lazyConnect: true };
  if (em.dnsPort === null) return new Redis({ ...options, host: endpoint.Address! });
  const resolver = new Resolver({ timeout: 1000, tries: 3 });
  resolver.setServers([`127.0.0.1:${em.dnsPort}`]);
  return new Redis({ ...options, host: endpoint.Address!, Connector: connectorVia(lookupVia(resolver)) });
}

/** The run_id of the node behind a member's own endpoint (what the new primary answers with). */
async function runIdOf(em: Emulator, g: ReplicationGroup, memberId: string): Promise<string> {
  const member = g.NodeGroups![0].NodeGroupMembers!.find((m) => m.CacheClusterId === memberId)!;
  let host = member.ReadEndpoint!.Address!;
  if (em.dnsPort !== null) {
    const resolver = new Resolver();
    resolver.setServers([`127.0.0.1:${em.dnsPort}`]);
    host = (await resolver.resolve4(host))[0];
  }
  const io = new Redis({ host, port: member.ReadEndpoint!.Port!, lazyConnect: true, maxRetriesPerRequest: 1 });
  await io.connect();
  const info = await io.info('server');
  io.disconnect();
  return /run_id:(\w+)/.exec(info)![1];
}

/**
 * Triggers the failover and returns the ms from the trigger to the first acknowledged write that
 * the new primary executed (a transaction of SET and INFO server, so the reply names its node).
 */
async function measure(em: Emulator, groupId: string, scenario: Scenario): Promise<number> {
  const g = await describe(em, groupId);
  const members = g.NodeGroups![0].NodeGroupMembers!;
  const oldPrimary = members.find((m) => m.CurrentRole === 'primary')!.CacheClusterId!;
  const successor = members.find((m) => m.CurrentRole === 'replica')!.CacheClusterId!;
  const target = await runIdOf(em, g, successor);
  const io = writer(em, g);
  io.on('error', () => undefined);
  await io.connect();
  let firstWriteAt = 0;
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      try {
        const replies = await io.multi().set('bench:failover', String(i)).info('server').exec();
        const info = replies?.[1]?.[1];
        if (typeof info === 'string' && info.includes(`run_id:${target}`)) {
          firstWriteAt = performance.now();
          return;
        }
      } catch {
        await new Promise((r) => setTimeout(r, 1));
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 50));
  const triggeredAt = performance.now();
  if (scenario === 'TestFailover') await em.client.send(new TestFailoverCommand({ ReplicationGroupId: groupId, NodeGroupId: '0001' }));
  else {
    const res = await fetch(`${em.url}/_elasticache/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'stop-node', cacheClusterId: oldPrimary }) });
    if (!res.ok) throw new Error(`stop-node ${oldPrimary}: HTTP ${res.status} ${await res.text()}`);
  }
  const timeout = setTimeout(() => (running = false), 180_000);
  await loop;
  clearTimeout(timeout);
  io.disconnect();
  if (!firstWriteAt) throw new Error(`${scenario} of ${groupId}: no write reached the new primary within 180 s`);
  return firstWriteAt - triggeredAt;
}

async function measureProfile(ctx: BenchContext, profile: TimingProfileName, mode: Mode): Promise<Record<Scenario, number[]>> {
  const first = 40_000 + Math.floor(Math.random() * 200) * 100;
  const setup: Setup = {
    mode,
    dataDir: mkdtempSync(join(tmpdir(), 'ecl-bench-failover-')),
    nodePorts: `${first}-${first + 99}`,
    groupPort: first + 99,
    dnsPort: await freePort(),
    nodeAddresses: `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`,
  };
  const ids = (s: Scenario) => Array.from({ length: ctx.rounds }, (_, i) => `${s === 'crash' ? 'crash' : 'test'}-${i + 1}`);
  try {
    const creator = await startEmulator(setup, 'fast');
    for (const id of [...ids('TestFailover'), ...ids('crash')]) {
      await creator.client.send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: id,
          ReplicationGroupDescription: 'failover bench',
          NumCacheClusters: 2,
          CacheNodeType: 'cache.t3.micro',
          AutomaticFailoverEnabled: true,
          Port: mode === 'dns' ? setup.groupPort : undefined,
        }),
      );
    }
    await waitFor('groups available', async () => ((await creator.client.send(new DescribeReplicationGroupsCommand({}))).ReplicationGroups!.every((g) => g.Status === 'available') || undefined), 60_000, 50);
    await stopEmulator(creator);

    const em = await startEmulator(setup, profile);
    try {
      const out: Record<Scenario, number[]> = { TestFailover: [], crash: [] };
      for (let round = 0; round < ctx.rounds; round++) {
        for (const scenario of ['TestFailover', 'crash'] as Scenario[]) {
          ctx.log(`failover: ${profile}, ${mode}, ${scenario}, round ${round + 1}/${ctx.rounds}`);
          out[scenario].push(await measure(em, ids(scenario)[round], scenario));
        }
      }
      return out;
    } finally {
      await stopEmulator(em);
    }
  } finally {
    rmSync(setup.dataDir, { recursive: true, force: true });
  }
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const rows: string[][] = [];
  const raw: string[] = [];
  const summary: string[] = [];
  for (const profile of PROFILES) {
    const timing = new Timing(profile);
    for (const mode of ['endpoint', 'dns'] as Mode[]) {
      const r = await measureProfile(ctx, profile, mode);
      for (const scenario of ['TestFailover', 'crash'] as Scenario[]) {
        const configured = scenario === 'TestFailover' ? timing.delay('failover-promotion') : timing.delay('failure-detection');
        const ms = r[scenario];
        rows.push([
          profile,
          scenario === 'TestFailover' ? 'TestFailover' : 'primary crash (stop-node), automatic failover',
          mode === 'dns' ? 'DNS name' : 'endpoint listener',
          `**${fmt(median(ms))} ms**`,
          `${fmt(Math.min(...ms))}–${fmt(Math.max(...ms))} ms`,
          `${fmt(configured)} ms`,
        ]);
        raw.push(`${profile}/${mode}/${scenario}: ${ms.map((x) => fmt(x, 1)).join(', ')}`);
        summary.push(`failover: ${profile}, ${scenario}, ${mode}: median ${fmt(median(ms))} ms`);
      }
    }
  }
  const markdown = [
    `Time from the trigger (the TestFailover call is sent; the stop-node fault is sent) to the first write acknowledged by the new primary, ` +
      `seen by a client of the group's primary endpoint that writes in a loop (MULTI SET + INFO server, so each reply names its node; ioredis reconnecting every 5 ms). ` +
      `Two-node groups with automatic failover; medians of ${ctx.rounds} rounds, each on its own group. "Profile delay" is the profile's promotion delay (TestFailover) or failure-detection delay (crash), which the time includes.`,
    '',
    table(['profile', 'trigger', 'client reaches the primary through', 'to first write on the new primary', 'range', 'profile delay'], rows),
    '',
    `Raw (ms): ${raw.join('; ')}.`,
    '',
  ].join('\n');
  return {
    title: 'Failover: trigger → first write on the new primary',
    commands: [
      `${nodeCommand([`${ROOT}bin/start.mjs`, '--port', 'PORT', '--data-dir', 'DIR', '--timing', 'PROFILE', '--node-ports', 'FIRST-LAST', '--test-failover-limit', '1000'])}   # endpoint listener`,
      `${nodeCommand([`${ROOT}bin/start.mjs`, '--port', 'PORT', '--data-dir', 'DIR', '--timing', 'PROFILE', '--node-ports', 'FIRST-LAST', '--test-failover-limit', '1000', '--dns', '--dns-address', '127.0.0.1:DNSPORT', '--dns-node-addresses', '127.X.Y.0/24', '--dns-ttl', '1'])}   # DNS mode`,
    ],
    markdown,
    summary,
  };
}

export const failover: Benchmark = {
  name: 'failover',
  description: 'TestFailover and a crashed primary → first write on the new primary, per timing profile (endpoint and DNS mode)',
  run,
};
