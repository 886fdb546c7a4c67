/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name> ...` runs the ones named.
 * Each compares us with its reference in the same run (A B A B) and the whole run appends one
 * dated block to bench/RESULTS.md.
 */
import { parseArgs } from 'node:util';
import { clusterScale } from './cluster-scale.ts';
import { controlPlane } from './control-plane.ts';
import { engineMemory } from './engine-memory.ts';
import { engineThroughput } from './engine-throughput.ts';
import { failover } from './failover.ts';
import { appendResults, gitRevision, machineInfo, missingTools, RESULTS_FILE, type BenchResult, type Benchmark } from './harness.ts';
import { startup } from './startup.ts';

const BENCHMARKS: Benchmark[] = [engineThroughput, engineMemory, controlPlane, startup, clusterScale, failover];

const usage = `Usage: npm run bench [-- [--rounds N] [benchmark ...]]

Benchmarks (all when none is named):
${BENCHMARKS.map((b) => `  ${b.name.padEnd(18)} ${b.description}`).join('\n')}

  --rounds N   A/B rounds per measurement (default 3, at least 3)
`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}
const rounds = Number(values.rounds);
const unknown = positionals.filter((n) => !BENCHMARKS.some((b) => b.name === n));
if (!Number.isInteger(rounds) || rounds < 3 || unknown.length) {
  process.stderr.write(`${unknown.length ? `unknown benchmark: ${unknown.join(', ')}\n` : `--rounds must be an integer ≥ 3\n`}\n${usage}`);
  process.exit(2);
}
const selected = positionals.length ? BENCHMARKS.filter((b) => positionals.includes(b.name)) : BENCHMARKS;

const log = (m: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
for (const line of missingTools()) log(line);
// Ctrl-C or kill: exit normally so the harness's exit hook kills the servers it started.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const header = [...(await machineInfo()), `Commit: ${await gitRevision()}`, `Run: \`npm run bench -- --rounds ${rounds} ${selected.map((b) => b.name).join(' ')}\``];
for (const h of header) log(h);
const results: BenchResult[] = [];
let failed = false;
for (const b of selected) {
  log(`${b.name}: starting`);
  const started = Date.now();
  try {
    const r = await b.run({ rounds, log });
    results.push(r);
    for (const s of r.summary) log(s);
  } catch (e) {
    failed = true;
    const message = (e as Error).stack ?? String(e);
    log(`${b.name} failed: ${message}`);
    results.push({ title: `${b.name}: failed`, commands: [], markdown: `The benchmark failed:\n\n\`\`\`\n${message}\n\`\`\`\n`, summary: [] });
  }
  log(`${b.name}: done in ${Math.round((Date.now() - started) / 1000)} s`);
}
appendResults(header, results);
log(`results appended to ${RESULTS_FILE}`);
process.exit(failed ? 1 : 0);
