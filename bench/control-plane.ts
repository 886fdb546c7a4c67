/**
 * Control plane: concurrent DescribeCacheClusters, and CreateCacheCluster → available →
 * DeleteCacheCluster cycles, against the emulator and moto_server, each started fresh per round.
 */
import { relative } from 'node:path';
import { apiServerCommand, ensureBundle, createCluster, deleteCluster, drive, QueryClient, queryRequest, startApiServer, waitAvailable, type ApiServerKind, type DriveResult } from './api.ts';
import { mainThreadProfile, profileClockUs, profileHeadline, profileMarkdown, summariseProfile } from './cpu-profile.ts';
import { alternate, fmt, fmtRatio, median, profileDir, ratio, ROOT, table, which, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';

const DESCRIBE = { concurrency: 32, warmupMs: 1_000, durationMs: 5_000 };
const CYCLE = { concurrency: 8, warmupMs: 1_000, durationMs: 5_000, pollMs: 10 };
const DESCRIBE_TARGET = 100;
const TOP_FUNCTIONS = 15;

interface Measured {
  describe: DriveResult;
  cycle: DriveResult;
}

async function describeLoad(client: QueryClient): Promise<DriveResult> {
  const request = queryRequest({ Action: 'DescribeCacheClusters' });
  return drive({
    ...DESCRIBE,
    task: async () => {
      const status = await client.status(request);
      if (status !== 200) throw new Error(`DescribeCacheClusters: HTTP ${status}`);
    },
  });
}

/** One more emulator under the DescribeCacheClusters load, with --cpu-prof. */
async function profileDescribe(): Promise<{ args: string[]; markdown: string; headline: string }> {
  const dir = profileDir('api-describe');
  const args = ['--cpu-prof', '--cpu-prof-dir', dir];
  const server = await startApiServer('emulator', args);
  let from = Infinity;
  const client = new QueryClient(server.port);
  try {
    await createCluster(client, 'bench-describe');
    await waitAvailable(client, 'bench-describe', CYCLE.pollMs);
    from = profileClockUs();
    await describeLoad(client);
  } finally {
    client.close();
    await server.stop();
  }
  const path = mainThreadProfile(dir);
  const prof = summariseProfile(path, TOP_FUNCTIONS, from);
  return {
    args,
    markdown: `CPU profile of the emulator's main thread during the DescribeCacheClusters load (${relative(ROOT, path)}). ${profileMarkdown(prof)}`,
    headline: profileHeadline(prof),
  };
}

async function measure(kind: ApiServerKind, round: number): Promise<Measured> {
  const server = await startApiServer(kind);
  const client = new QueryClient(server.port);
  try {
    await createCluster(client, 'bench-describe');
    await waitAvailable(client, 'bench-describe', CYCLE.pollMs);
    const describe = await describeLoad(client);
    const cycle = await drive({
      ...CYCLE,
      task: async (w, i) => {
        const id = `bench-r${round}-w${w}-${i}`;
        await createCluster(client, id);
        await waitAvailable(client, id, CYCLE.pollMs);
        await deleteCluster(client, id);
      },
    });
    return { describe, cycle };
  } finally {
    client.close();
    await server.stop();
  }
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  await ensureBundle();
  const title = 'Control plane: emulator vs moto_server';
  const hasMoto = which('moto_server') !== null;
  if (!hasMoto) ctx.log("control-plane: moto_server not found (pip install 'moto[server]'): measuring the emulator alone, no ratios");
  const kinds: ApiServerKind[] = hasMoto ? ['emulator', 'moto'] : ['emulator'];
  const results = await alternate(
    ctx,
    'control-plane',
    kinds.map((kind) => ({ name: kind, run: (round: number) => measure(kind, round) })),
  );
  const ours = results.get('emulator')!;
  const moto = results.get('moto') ?? [];
  const med = (xs: Measured[], part: keyof Measured, k: 'perSecond' | 'p50' | 'p99') => median(xs.map((x) => x[part][k]));
  const errors = [...results.entries()].flatMap(([kind, xs]) =>
    xs.flatMap((x) => (['describe', 'cycle'] as const).filter((p) => x[p].errors > 0).map((p) => `${kind} ${p}: ${x[p].errors} failed (${x[p].firstError})`)),
  );
  const rows = (['describe', 'cycle'] as const).map((part) => {
    const name = part === 'describe' ? `DescribeCacheClusters, ${DESCRIBE.concurrency} concurrent` : `create → available → delete, ${CYCLE.concurrency} concurrent`;
    const cells = (xs: Measured[]) => (xs.length ? [fmt(med(xs, part, 'perSecond'), 1), `${fmt(med(xs, part, 'p50'), 1)} / ${fmt(med(xs, part, 'p99'), 1)}`] : ['n/a', 'n/a']);
    const pairs = moto.map((m, i) => ratio(ours[i][part].perSecond, m[part].perSecond).toFixed(1)).join(' / ');
    return [name, ...cells(ours), ...cells(moto), moto.length ? `**${fmtRatio(ratio(med(ours, part, 'perSecond'), med(moto, part, 'perSecond')))}**` : 'n/a', pairs || 'n/a'];
  });
  const describeRatio = ratio(med(ours, 'describe', 'perSecond'), med(moto, 'describe', 'perSecond'));
  const raw = [...results.entries()]
    .map(([kind, xs]) => `${kind} DescribeCacheClusters/s ${xs.map((x) => fmt(x.describe.perSecond, 1)).join(', ')}; cycles/s ${xs.map((x) => fmt(x.cycle.perSecond, 1)).join(', ')}`)
    .join('; ');
  let profile: Awaited<ReturnType<typeof profileDescribe>> | null = null;
  if (describeRatio < DESCRIBE_TARGET) {
    ctx.log('control-plane: DescribeCacheClusters below target, profiling the emulator');
    profile = await profileDescribe();
  }
  const markdown = [
    `Prebuilt Query form POSTs over lean keep-alive sockets (bench/raw-http.ts) from the harness process, the same client for both servers; ${fmt(DESCRIBE.warmupMs)} ms warm-up, then ${fmt(DESCRIBE.durationMs)} ms measured. ` +
      `A cycle polls DescribeCacheClusters every ${CYCLE.pollMs} ms until available and ends at DeleteCacheCluster's answer (moto never finishes a delete, so "deleted" cannot be the end). ` +
      `One cluster exists during DescribeCacheClusters. Medians of ${ctx.rounds} rounds (ratio: of the medians; per round: of each back-to-back pair); the emulator runs with --timing fast.`,
    '',
    ...(hasMoto ? [] : ["moto_server was not found (pip install 'moto[server]'): no reference, no ratios.", '']),
    table(['operation', 'emulator /s', 'emulator p50 / p99 ms', 'moto /s', 'moto p50 / p99 ms', 'ratio /s', 'per round'], rows),
    '',
    `Target: DescribeCacheClusters ≥ ${DESCRIBE_TARGET}× moto_server's requests/s.${errors.length ? ` Failures: ${errors.join('; ')}.` : ''}`,
    '',
    `Raw per round: ${raw}.`,
    '',
    ...(profile ? [profile.markdown, ''] : []),
  ].join('\n');
  const summary = [
    `control-plane: DescribeCacheClusters ${fmt(med(ours, 'describe', 'perSecond'))}/s (p50 ${fmt(med(ours, 'describe', 'p50'), 1)} ms)` +
      (moto.length ? ` vs moto ${fmt(med(moto, 'describe', 'perSecond'))}/s: ${fmtRatio(describeRatio)} (target ≥ ${DESCRIBE_TARGET}×)` : ' (moto absent)'),
    `control-plane: create→available→delete ${fmt(med(ours, 'cycle', 'perSecond'), 1)}/s, p50 ${fmt(med(ours, 'cycle', 'p50'), 1)} ms` +
      (moto.length ? ` vs moto ${fmt(med(moto, 'cycle', 'perSecond'), 1)}/s: ${fmtRatio(ratio(med(ours, 'cycle', 'perSecond'), med(moto, 'cycle', 'perSecond')))}` : ''),
  ];
  if (errors.length) summary.push(`control-plane failures: ${errors.join('; ')}`);
  if (profile) summary.push(`  profile DescribeCacheClusters top: ${profile.headline}`);
  return {
    title,
    commands: [
      `${apiServerCommand('emulator')}   # ours, fresh per round`,
      ...(hasMoto ? [`${apiServerCommand('moto')}   # reference, fresh per round`] : []),
      ...(profile ? [`${apiServerCommand('emulator', profile.args)}   # profiled run, DescribeCacheClusters load only`] : []),
      '# driven by bench/control-plane.ts: POST / Action=CreateCacheCluster (bench-describe), then DescribeCacheClusters and create/describe/delete cycles',
    ],
    markdown,
    summary,
  };
}

export const controlPlane: Benchmark = {
  name: 'control-plane',
  description: 'DescribeCacheClusters and create→available→delete cycles: emulator vs moto_server',
  run,
};
