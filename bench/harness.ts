/**
 * What every benchmark shares: A/B alternation, medians and ratios, child processes that are
 * always cleaned up, machine information, and the dated blocks appended to bench/RESULTS.md.
 */
import { spawn, execFile, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, appendFileSync, constants, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS_FILE = join(ROOT, 'bench', 'RESULTS.md');
/** Scratch output (CPU profiles); ignored by git. */
const WORK_DIR = join(ROOT, '.bench-work');

export interface BenchContext {
  /** A/B rounds per measurement (at least 3). */
  rounds: number;
  log(message: string): void;
}

/** What a benchmark hands back: markdown for RESULTS.md and one-line figures for the console. */
export interface BenchResult {
  title: string;
  commands: string[];
  markdown: string;
  summary: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

// ---------- statistics ----------

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function ratio(ours: number, reference: number): number {
  return reference === 0 ? NaN : ours / reference;
}

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
}

export function mib(bytes: number): string {
  return `${fmt(bytes / 1024 / 1024, 1)} MiB`;
}

export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Runs each side once per round, in order (A B A B ...), so drift in the machine's state (heat,
 * other load) falls on every side alike. Returns each side's results in round order.
 */
export async function alternate<T>(ctx: BenchContext, label: string, sides: Array<{ name: string; run: (round: number) => Promise<T> }>): Promise<Map<string, T[]>> {
  const out = new Map<string, T[]>(sides.map((s) => [s.name, []]));
  for (let round = 1; round <= ctx.rounds; round++) {
    for (const side of sides) {
      ctx.log(`${label}: round ${round}/${ctx.rounds}, ${side.name}`);
      out.get(side.name)!.push(await side.run(round));
    }
  }
  return out;
}

// ---------- processes ----------

/** Executables on PATH, checked without running them. */
export function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export function shellQuote(args: string[]): string {
  return args.map((a) => (a === '' ? "''" : /[^\w@%+=:,./-]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
}

/** Relative to the repository root, so recorded commands can be pasted as they are. */
export function nodeCommand(args: string[]): string {
  return shellQuote(['node', ...args.map((a) => (a.startsWith(ROOT) ? a.slice(ROOT.length) : a))]);
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export interface Proc {
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process is gone. */
  exited: Promise<number | string>;
  stderrTail(): string;
  /** SIGTERM, then SIGKILL if it lingers. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Starts a long-lived process (a server) that is killed if the harness exits first. */
export function startProcess(command: string, args: string[], options: SpawnOptions = {}): Proc {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], ...options });
  children.add(child);
  let tail = '';
  child.stderr?.on('data', (d: Buffer) => {
    tail = (tail + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    child,
    exited,
    stderrTail: () => tail,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a command to completion and returns its output; rejects on a non-zero exit. */
export function runCommand(command: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { cwd: ROOT, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      children.delete(child);
      if (error) reject(new Error(`${shellQuote([command, ...args])} failed: ${error.message}\n${stderr.slice(-2000)}`));
      else resolve({ stdout, stderr });
    });
    children.add(child);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls fn until it returns a value; throws after timeoutMs. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, intervalMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

// ---------- prerequisites and machine ----------

interface Tool {
  command: string;
  needed: string;
  install: string;
}

const TOOLS: Tool[] = [
  { command: 'redis-server', needed: 'the reference server of engine-throughput, engine-memory and startup', install: 'apt-get install redis-server' },
  { command: 'redis-benchmark', needed: 'the load generator of engine-throughput', install: 'apt-get install redis-tools' },
  { command: 'moto_server', needed: 'the reference API of control-plane and startup (skipped without it)', install: "pip install 'moto[server]'" },
];

/** One line per missing tool: what it is for and how to get it. */
export function missingTools(): string[] {
  return TOOLS.filter((t) => !which(t.command)).map((t) => `${t.command} not found on PATH: needed for ${t.needed}; install with \`${t.install}\``);
}

async function versionOf(command: string, args: string[]): Promise<string | null> {
  try {
    return (await runCommand(command, args, 10_000)).stdout.trim();
  } catch {
    return null;
  }
}

export async function machineInfo(): Promise<string[]> {
  const cpu = cpus();
  const lines = [
    `CPU: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores`,
    `Memory: ${fmt(totalmem() / 1024 ** 3, 1)} GiB`,
    `OS: ${type()} ${release()}`,
    `Node: ${process.version}`,
    // Other work on the machine skews every figure; the A/B alternation only spreads it evenly.
    `Load average at start (1/5/15 min): ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`,
  ];
  const redis = which('redis-server') && (await versionOf('redis-server', ['--version']));
  if (redis) lines.push(`redis-server: ${redis}`);
  // moto_server has no --version; the python3 on PATH is the one its launcher normally uses.
  const moto = which('moto_server') && (await versionOf('python3', ['-c', 'import moto; print(moto.__version__)']));
  if (moto) lines.push(`moto: ${moto}`);
  return lines;
}

export async function gitRevision(): Promise<string> {
  const head = await versionOf('git', ['rev-parse', '--short', 'HEAD']);
  if (!head) return 'unknown';
  const dirty = await versionOf('git', ['status', '--porcelain', '--untracked-files=no']);
  return dirty ? `${head} (with uncommitted changes)` : head;
}

/** Appends one dated block (machine, commands, figures) to bench/RESULTS.md. */
export function appendResults(header: string[], results: BenchResult[]): void {
  if (!existsSync(RESULTS_FILE)) {
    writeFileSync(
      RESULTS_FILE,
      '# Benchmark results\n\nOne block per `npm run bench` run, appended by bench/run.ts; newest last. Ratios are ours ÷ reference, measured in the same run.\n',
    );
  }
  const parts = ['', `## ${new Date().toISOString()}`, '', ...header.map((h) => `- ${h}`)];
  for (const r of results) {
    parts.push('', `### ${r.title}`, '', 'Commands:', '', '```sh', ...r.commands, '```', '', r.markdown);
  }
  appendFileSync(RESULTS_FILE, `${parts.join('\n')}\n`);
}

const RUN_STAMP = new Date().toISOString().replace(/[:.]/g, '-');

/** A directory for one CPU profile of this run: .bench-work/profiles/<run start>/<name>/. */
export function profileDir(name: string): string {
  const dir = join(WORK_DIR, 'profiles', RUN_STAMP, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
