/**
 * Start-up in the fast timing profile: process start → first successful API answer, and → a
 * freshly created single-node cluster answering PING. References: moto_server to its first
 * answer, redis-server to its first PING.
 */
import { apiServerCommand, ensureBundle, createCluster, QueryClient, startApiServer, waitAvailable, type ApiServerKind } from './api.ts';
import { alternate, fmt, fmtRatio, median, table, which, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';
import { redisServerCommand, startRedisServer, waitForPing } from './servers.ts';

const TARGET_API_MS = 300;
const TARGET_PING_MS = 500;
const POLL_MS = 2;

interface Timing {
  apiMs: number;
  /** Main-thread CPU time to the first answer (see mainThreadCpuMs in bench/api.ts). */
  apiCpuMs: number;
  pingMs: number;
}

async function measureApi(kind: ApiServerKind): Promise<Timing> {
  const server = await startApiServer(kind);
  const client = new QueryClient(server.port);
  try {
    const apiMs = server.firstAnswerAt - server.startedAt;
    const apiCpuMs = server.firstAnswerCpuMs;
    if (kind === 'moto') return { apiMs, apiCpuMs, pingMs: NaN };
    await createCluster(client, 'startup');
    const xml = await waitAvailable(client, 'startup', POLL_MS);
    const port = Number(/<Endpoint><Address>[^<]*<\/Address><Port>(\d+)<\/Port>/.exec(xml)?.[1]);
    if (!port) throw new Error(`no endpoint in DescribeCacheClusters: ${xml.slice(0, 500)}`);
    await waitForPing(port, null, 10_000, POLL_MS);
    return { apiMs, apiCpuMs, pingMs: performance.now() - server.startedAt };
  } finally {
    client.close();
    await server.stop();
  }
}

async function measureRedis(): Promise<Timing> {
  const startedAt = performance.now();
  const server = await startRedisServer();
  const pingMs = performance.now() - startedAt;
  await server.stop();
  return { apiMs: NaN, apiCpuMs: NaN, pingMs };
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  await ensureBundle();
  const title = 'Start-up (fast timing profile)';
  const sides = [{ name: 'emulator', run: () => measureApi('emulator') }];
  const absent: string[] = [];
  if (which('moto_server')) sides.push({ name: 'moto', run: () => measureApi('moto') });
  else absent.push("moto_server (pip install 'moto[server]')");
  if (which('redis-server')) sides.push({ name: 'redis-server', run: measureRedis });
  else absent.push('redis-server (apt-get install redis-server)');
  if (absent.length) ctx.log(`startup: not found, skipped as references: ${absent.join(', ')}`);

  const results = await alternate(ctx, 'startup', sides);
  const ours = results.get('emulator')!;
  const moto = results.get('moto');
  const redis = results.get('redis-server');
  const api = median(ours.map((t) => t.apiMs));
  const ping = median(ours.map((t) => t.pingMs));
  const motoApi = moto ? median(moto.map((t) => t.apiMs)) : NaN;
  const apiCpu = median(ours.map((t) => t.apiCpuMs));
  const motoApiCpu = moto ? median(moto.map((t) => t.apiCpuMs)) : NaN;
  const redisPing = redis ? median(redis.map((t) => t.pingMs)) : NaN;
  const rows = [
    ['process start → first DescribeCacheClusters answer', `**${fmt(api)} ms**`, `< ${TARGET_API_MS} ms`, moto ? `moto_server: ${fmt(motoApi)} ms` : 'moto_server absent', moto ? fmtRatio(api / motoApi) : 'n/a'],
    [
      '… main-thread CPU time up to that answer',
      `${fmt(apiCpu)} ms`,
      '',
      moto ? `moto_server: ${fmt(motoApiCpu)} ms` : 'moto_server absent',
      moto ? fmtRatio(apiCpu / motoApiCpu) : 'n/a',
    ],
    ['process start → created cluster answers PING', `**${fmt(ping)} ms**`, `< ${TARGET_PING_MS} ms`, redis ? `redis-server start → PING: ${fmt(redisPing)} ms` : 'redis-server absent', redis ? fmtRatio(ping / redisPing) : 'n/a'],
  ];
  const raw = [...results.entries()].map(([name, ts]) => `${name} ${ts.map((t) => `${fmt(t.apiMs)}/${fmt(t.apiCpuMs)}/${fmt(t.pingMs)}`).join(', ')}`).join('; ');
  const markdown = [
    `Wall time from spawn() to the answer, polling every ${POLL_MS} ms; the emulator is started as \`npm start\` does (bin/start.mjs: its bundles, built beforehand, and their V8 code cache, written by a run beforehand), in memory, --timing fast. ` +
      `CPU time is the server's main thread's (Linux /proc/<pid>/schedstat) up to the first answer: it hardly grows when other processes crowd the cores, where wall time does. Medians of ${ctx.rounds} rounds.`,
    '',
    table(['measure', 'emulator', 'target', 'reference', 'ratio'], rows),
    '',
    `Raw per round (API ms / its main-thread CPU ms / PING ms): ${raw}.${absent.length ? ` Not found, skipped: ${absent.join(', ')}.` : ''}`,
    '',
  ].join('\n');
  return {
    title,
    commands: [
      `${apiServerCommand('emulator')}   # then CreateCacheCluster startup, DescribeCacheClusters until available, PING its endpoint`,
      ...(moto ? [`${apiServerCommand('moto')}   # until its first DescribeCacheClusters answer`] : []),
      ...(redis ? [`${redisServerCommand()}   # until its first PING`] : []),
    ],
    markdown,
    summary: [
      `startup: first API answer ${fmt(api)} ms (target < ${TARGET_API_MS}${moto ? `; moto ${fmt(motoApi)} ms` : ''}; main-thread CPU ${fmt(apiCpu)} ms), cluster answering PING ${fmt(ping)} ms (target < ${TARGET_PING_MS})`,
    ],
  };
}

export const startup: Benchmark = {
  name: 'startup',
  description: 'process start → first API answer, and → a created cluster answering PING (fast profile)',
  run,
};
