/**
 * Engine throughput: redis-benchmark against one engine node and against redis-server, started
 * fresh for every round. A third server, the transport floor (a Node server that frames RESP and
 * answers +OK without running anything), shows how much of the gap is Node's I/O path rather
 * than our commands. Within a round each test runs against the three servers back to back
 * before the next test, so the engine/redis-server pair of a test is seconds apart rather than a
 * round apart: the shared host's load swings over minutes, and those swings fell unevenly on the
 * two sides of a pair. Where the engine misses its target, one more run under `node --cpu-prof`
 * gives the functions that cost the most.
 */
import { relative } from 'node:path';
import { mainThreadProfile, profileClockUs, profileHeadline, profileMarkdown, summariseProfile } from './cpu-profile.ts';
import {
  fmt,
  fmtRatio,
  median,
  profileDir,
  ratio,
  ROOT,
  runCommand,
  shellQuote,
  table,
  which,
  type BenchContext,
  type BenchResult,
  type Benchmark,
} from './harness.ts';
import { RespConnection } from './resp.ts';
import { engineNodeCommand, nodeFloorCommand, redisServerCommand, startEngineNode, startNodeFloor, startRedisServer, type RedisLikeServer } from './servers.ts';

const TESTS = 'set,get,incr,lpush,lpop,sadd,hset,zadd,lrange_100,mset';
/** In redis-benchmark's order, so each server's state builds up as in one run of them all (LPOP pops what LPUSH pushed). */
const TEST_LIST = TESTS.split(',');

const CONFIGS = [
  { pipeline: 1, requests: 200_000, target: 0.9, profileRequests: 100_000 },
  { pipeline: 16, requests: 1_000_000, target: 0.6, profileRequests: 500_000 },
];

/** One command per redis-benchmark test, to find what the engine does not answer yet. */
const PROBES: Array<[string, string[]]> = [
  ['set', ['SET', 'bench:probe', 'x']],
  ['get', ['GET', 'bench:probe']],
  ['incr', ['INCR', 'bench:counter']],
  ['lpush', ['LPUSH', 'bench:list', 'a']],
  ['lpop', ['LPOP', 'bench:list']],
  ['sadd', ['SADD', 'bench:set', 'a']],
  ['hset', ['HSET', 'bench:hash', 'f', 'v']],
  ['zadd', ['ZADD', 'bench:zset', '1', 'a']],
  ['lrange_100', ['LRANGE', 'bench:list', '0', '99']],
  ['mset', ['MSET', 'bench:a', '1', 'bench:b', '2']],
];

const TOP_FUNCTIONS = 15;

interface Row {
  rps: number;
  p50: number;
  p99: number;
}

function benchmarkArgs(port: number | 'PORT', pipeline: number, requests: number, tests = TESTS): string[] {
  return ['-h', '127.0.0.1', '-p', String(port), '-q', '-c', '50', '-n', String(requests), '-r', '100000', '-P', String(pipeline), '-t', tests, '--csv'];
}

/** redis-benchmark --csv: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms" */
function parseCsv(out: string): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const line of out.split('\n')) {
    const cells = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    if (cells.length < 7 || cells[0] === 'test') continue;
    rows.set(cells[0], { rps: Number(cells[1]), p50: Number(cells[4]), p99: Number(cells[6]) });
  }
  return rows;
}

async function benchmarkRows(port: number, pipeline: number, requests: number, tests: string): Promise<Map<string, Row>> {
  const { stdout } = await runCommand('redis-benchmark', benchmarkArgs(port, pipeline, requests, tests), 30 * 60_000);
  const rows = parseCsv(stdout);
  if (rows.size === 0) throw new Error(`redis-benchmark printed no results:\n${stdout.slice(0, 2000)}`);
  return rows;
}

const SIDES: Array<{ name: string; start: () => Promise<RedisLikeServer> }> = [
  { name: 'engine', start: () => startEngineNode() },
  { name: 'redis-server', start: startRedisServer },
  { name: 'node floor', start: startNodeFloor },
];

/**
 * A/B rounds, test by test: every round starts the three servers afresh, then runs each test
 * against all three before the next test. Which server goes first rotates from test to test and
 * round to round. Returns each side's rows per round, in round order.
 */
async function alternateByTest(ctx: BenchContext, pipeline: number, requests: number): Promise<Map<string, Array<Map<string, Row>>>> {
  const out = new Map(SIDES.map((s) => [s.name, [] as Array<Map<string, Row>>]));
  for (let round = 1; round <= ctx.rounds; round++) {
    ctx.log(`engine-throughput -P ${pipeline}: round ${round}/${ctx.rounds}`);
    const servers: RedisLikeServer[] = [];
    try {
      for (const side of SIDES) servers.push(await side.start());
      const rows = SIDES.map(() => new Map<string, Row>());
      for (let t = 0; t < TEST_LIST.length; t++) {
        for (let k = 0; k < SIDES.length; k++) {
          const i = (round + t + k) % SIDES.length;
          for (const [name, row] of await benchmarkRows(servers[i].port, pipeline, requests, TEST_LIST[t])) rows[i].set(name, row);
        }
      }
      SIDES.forEach((side, i) => out.get(side.name)!.push(rows[i]));
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  }
  return out;
}

async function missingCommands(): Promise<string[]> {
  const node = await startEngineNode();
  const missing: string[] = [];
  try {
    const c = await RespConnection.open(node.port);
    for (const [test, args] of PROBES) {
      try {
        await c.call(args);
      } catch (e) {
        missing.push(`${test} (${args[0]}: ${(e as Error).message})`);
      }
    }
    c.close();
  } finally {
    await node.stop();
  }
  return missing;
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const title = 'Engine throughput (redis-benchmark): engine node vs redis-server';
  const absent = ['redis-server', 'redis-benchmark'].filter((t) => !which(t));
  if (absent.length) {
    const why = `skipped: ${absent.join(' and ')} not found (apt-get install redis-server redis-tools)`;
    return { title, commands: [], markdown: why, summary: [`engine-throughput ${why}`] };
  }
  const missing = await missingCommands();
  if (missing.length) ctx.log(`engine-throughput: the engine does not answer ${missing.join(', ')}; those rows measure error replies`);

  const commands = [
    `${engineNodeCommand()}   # ours, fresh for every round`,
    `${redisServerCommand()}   # reference, fresh for every round`,
    `${nodeFloorCommand()}   # transport floor: RESP framing and +OK replies only, fresh for every round`,
  ];
  const sections: string[] = [];
  const summary: string[] = [];
  if (missing.length) sections.push(`Not answered by the engine at this run (rows below measure error replies): ${missing.join('; ')}.`);

  for (const cfg of CONFIGS) {
    commands.push(
      `${shellQuote(['redis-benchmark', ...benchmarkArgs('PORT', cfg.pipeline, cfg.requests, 'TEST')])}   # TEST: each of ${TESTS} in turn, against each server before the next`,
    );
    const results = await alternateByTest(ctx, cfg.pipeline, cfg.requests);
    const ours = results.get('engine')!;
    const ref = results.get('redis-server')!;
    const floor = results.get('node floor')!;
    const tests = [...ref[0].keys()];
    const med = (runs: Array<Map<string, Row>>, test: string, k: keyof Row) => median(runs.map((r) => r.get(test)?.[k] ?? NaN).filter(Number.isFinite));
    const rows: string[][] = [];
    const short: string[] = [];
    const ratios: number[] = [];
    const floorRatios: number[] = [];
    for (const test of tests) {
      const f = ratio(med(floor, test, 'rps'), med(ref, test, 'rps'));
      floorRatios.push(f);
      const r = ratio(med(ours, test, 'rps'), med(ref, test, 'rps'));
      ratios.push(r);
      if (!(r >= cfg.target)) short.push(`${test} ${fmtRatio(r)}`);
      // Each round's engine/redis-server pair of a test ran back to back: their ratio shows how stable the median ratio is.
      const pairs = ours.map((o, i) => ratio(o.get(test)?.rps ?? NaN, ref[i].get(test)?.rps ?? NaN).toFixed(2)).join(' / ');
      rows.push([
        test,
        fmt(med(ours, test, 'rps')),
        fmt(med(ref, test, 'rps')),
        `**${fmtRatio(r)}**`,
        pairs,
        `${fmt(med(ours, test, 'p50'), 3)} / ${fmt(med(ours, test, 'p99'), 3)}`,
        `${fmt(med(ref, test, 'p50'), 3)} / ${fmt(med(ref, test, 'p99'), 3)}`,
        fmt(med(floor, test, 'rps')),
        fmtRatio(f),
      ]);
    }
    const perRound = (runs: Array<Map<string, Row>>, t: string) => runs.map((r) => fmt(r.get(t)?.rps ?? NaN)).join(', ');
    const raw = tests.map((t) => `${t}: engine ${perRound(ours, t)}; redis-server ${perRound(ref, t)}; node floor ${perRound(floor, t)}`);
    sections.push(
      `#### -P ${cfg.pipeline}, -n ${fmt(cfg.requests)} (target ≥ ${cfg.target}× redis-server)`,
      '',
      `Medians of ${ctx.rounds} rounds (ratio: of the medians; per round: of each pair, run seconds apart); latency in ms. Node floor: the transport floor server (RESP framing, +OK to everything).`,
      '',
      table(['test', 'engine req/s', 'redis-server req/s', 'ratio', 'per round', 'engine p50 / p99', 'redis-server p50 / p99', 'node floor req/s', 'floor ÷ redis-server'], rows),
      '',
      `Raw requests/s per round: ${raw.join('; ')}.`,
      '',
      short.length ? `Below target: ${short.join(', ')}.` : 'Every test meets the target.',
    );
    summary.push(
      `engine-throughput -P ${cfg.pipeline}: median ratio ${fmtRatio(median(ratios))} (node floor ${fmtRatio(median(floorRatios))}), ${short.length ? `below ${cfg.target}×: ${short.join(', ')}` : 'all tests meet the target'}`,
    );

    if (short.length) {
      ctx.log(`engine-throughput -P ${cfg.pipeline}: below target, profiling the engine node`);
      const dir = profileDir(`engine-P${cfg.pipeline}`);
      const profArgs = ['--cpu-prof', '--cpu-prof-dir', dir];
      const node = await startEngineNode(profArgs);
      commands.push(`${engineNodeCommand(profArgs)}   # profiled run`, shellQuote(['redis-benchmark', ...benchmarkArgs('PORT', cfg.pipeline, cfg.profileRequests)]));
      const from = profileClockUs();
      try {
        await benchmarkRows(node.port, cfg.pipeline, cfg.profileRequests, TESTS);
      } finally {
        await node.stop();
      }
      const path = mainThreadProfile(dir);
      const prof = summariseProfile(path, TOP_FUNCTIONS, from);
      sections.push(
        '',
        `CPU profile of the engine node's main thread during \`redis-benchmark -P ${cfg.pipeline} -n ${fmt(cfg.profileRequests)}\` (${relative(ROOT, path)}). ${profileMarkdown(prof)}`,
      );
      summary.push(`  profile -P ${cfg.pipeline} top: ${profileHeadline(prof)}`);
    }
    sections.push('');
  }
  return { title, commands, markdown: sections.join('\n'), summary };
}

export const engineThroughput: Benchmark = {
  name: 'engine-throughput',
  description: `redis-benchmark -t ${TESTS} at -P 1 and -P 16: engine node vs redis-server`,
  run,
};
