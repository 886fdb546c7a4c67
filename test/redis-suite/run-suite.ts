// Runs units of the Redis 7.0.15 test suite (tests/ of a redis checkout, run by its own ./runtest
// in external-server mode) against our engine, or against a real redis-server for reference, and
// summarises them. It fetches nothing: pass the path of a checkout of the 7.0.15 tag.
//
//   node --import tsx test/redis-suite/run-suite.ts <checkout> [units...] [options]
//     units            e.g. type/list keyspace (default: every type/* unit and the list below)
//     --against T      engine (default) or redis-server
//     --timeout S      per-unit limit in seconds (default 180)
//     --jobs N         units run side by side (default 1: many tests measure time, and units
//                      sharing two cores make them flaky)
//     --write-doc      also put the table into docs/COMPATIBILITY.md, between this target's markers,
//                      and the skip list (test/redis-suite/skip-tests.txt) between its own
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOC = join(ROOT, 'docs', 'COMPATIBILITY.md');
const SKIP_FILE = join(ROOT, 'test', 'redis-suite', 'skip-tests.txt');

/** Units reported besides every unit/type/* one (type/incr is the "incr" unit). */
const UNITS = [
  'keyspace', 'expire', 'scan', 'sort', 'multi', 'pubsub', 'protocol', 'info-command', 'introspection', 'introspection-2',
  'bitops', 'bitfield', 'geo', 'hyperloglog', 'dump', 'tracking', 'pause', 'quit', 'querybuf', 'lazyfree', 'latency-monitor',
];

/**
 * Tags of tests that need what an ElastiCache-like server does not offer to clients (replication
 * SYNC, DEBUG, SAVE, memory/stat/reset controls, PFDEBUG): the suite's README names these for
 * external servers. `external:skip` tests are left out by ./runtest itself in this mode.
 */
const EXCLUDED_TAGS = [
  'needs:repl', 'needs:debug', 'needs:save', 'needs:config-maxmemory', 'needs:config-resetstat', 'needs:reset', 'needs:pfdebug',
];

type Target = 'engine' | 'redis-server';

/** A test left out by name, because it needs a feature the engine lacks on purpose. */
interface SkippedTest {
  name: string;
  reason: string;
  /** From the last "# unit <name>" line above it. */
  unit: string;
}

/**
 * Reads skip-tests.txt: "<exact test name>  # <reason>" per line, "#" lines are comments and
 * "# unit <name>" starts the tests of a unit. runtest
 * compares each line of its --skipfile with the whole test name (a leading "/" would make it a
 * regexp), so the names go to runtest without their reasons.
 */
function readSkipList(): SkippedTest[] {
  const list: SkippedTest[] = [];
  let unit = '';
  for (const raw of readFileSync(SKIP_FILE, 'utf8').split('\n')) {
    const line = raw.trim();
    const section = /^#\s*unit\s+(\S+)/.exec(line);
    if (section) unit = section[1];
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' # ');
    if (at < 0) throw new Error(`${SKIP_FILE}: no "# reason" on: ${line}`);
    const name = line.slice(0, at).trim();
    if (name.startsWith('/')) throw new Error(`${SKIP_FILE}: exact names only, no patterns: ${line}`);
    list.push({ name, reason: line.slice(at + 3).trim(), unit });
  }
  return list;
}

interface Failure {
  name: string;
  /** First line of the assertion or error message. */
  error: string;
}

interface UnitResult {
  unit: string;
  passed: number;
  failed: Failure[];
  /** [exception] lines: the test script died there and the rest of the unit did not run. */
  exceptions: string[];
  /** [skip] lines: tests of the skip list. */
  skippedByList: number;
  /** [ignore] lines (and any [skip] not on the list): single tests, or whole tagged blocks. */
  skipped: number;
  allPassed: boolean;
  /** The last test that finished, to place a timeout or an exception. */
  lastTest: string;
  /** Timeouts, crashes of the server under test, runtest failing to start. */
  notes: string[];
  seconds: number;
}

interface Options {
  checkout: string;
  units: string[];
  against: Target;
  timeout: number;
  jobs: number;
  writeDoc: boolean;
  /** The file given to runtest's --skipfile: the skip list's names, one a line. */
  skipFile: string;
  skipNames: Set<string>;
}

function parseArgs(argv: string[]): Options {
  const positional: string[] = [];
  const opts = { against: 'engine' as Target, timeout: 180, jobs: 1, writeDoc: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--against') {
      const v = argv[++i];
      if (v !== 'engine' && v !== 'redis-server') throw new Error('--against takes engine or redis-server');
      opts.against = v;
    } else if (a === '--timeout') opts.timeout = Number(argv[++i]);
    else if (a === '--jobs') opts.jobs = Math.max(1, Number(argv[++i]));
    else if (a === '--write-doc') opts.writeDoc = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else positional.push(a);
  }
  const [checkout, ...units] = positional;
  if (!checkout) {
    throw new Error('usage: run-suite.ts <redis-7.0.15 checkout> [units...] [--against engine|redis-server] [--timeout S] [--jobs N] [--write-doc]');
  }
  const dir = resolve(checkout);
  if (!existsSync(join(dir, 'runtest')) || !existsSync(join(dir, 'tests', 'test_helper.tcl'))) {
    throw new Error(`${dir} is not a redis checkout (no runtest / tests/test_helper.tcl)`);
  }
  return { checkout: dir, units: units.map((u) => u.replace(/^unit\//, '').replace(/\.tcl$/, '')), ...opts, skipFile: '', skipNames: new Set() };
}

/** type/* units in the order test_helper.tcl lists them (list-common.tcl is a helper, not a unit). */
function defaultUnits(checkout: string): string[] {
  const helper = readFileSync(join(checkout, 'tests', 'test_helper.tcl'), 'utf8');
  const types = [...helper.matchAll(/^\s*unit\/(type\/\S+)\s*$/gm)].map((m) => m[1]);
  return [...types, ...UNITS];
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        res(true);
      });
      s.once('error', () => res(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on port ${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Server {
  port: number;
  proc: ChildProcess;
  /** Why the process ended before we stopped it, if it did. */
  died: () => string | null;
  stop: () => Promise<void>;
}

/** A fresh server for one unit: an engine node in its own process, or a real redis-server. */
async function startServer(target: Target, workDir: string): Promise<Server> {
  let proc: ChildProcess;
  let port: number;
  let stderr = '';
  if (target === 'engine') {
    proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'redis-suite', 'serve-node.ts'), '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    port = await new Promise<number>((res, rej) => {
      let out = '';
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n');
        if (line.length > 1) res(Number(line[0]));
      });
      proc.once('exit', (code) => rej(new Error(`serve-node exited (${code}) before listening: ${stderr.trim()}`)));
    });
  } else {
    port = await freePort();
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      cwd: workDir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.once('error', () => undefined);
    await waitForPort(port, 10_000);
  }
  proc.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  let exit: string | null = null;
  let stopping = false;
  const exited = new Promise<void>((res) => {
    proc.once('exit', (code, signal) => {
      if (!stopping) exit = `${target} exited during the unit (${signal ?? `code ${code}`})${stderr ? `: ${lastLine(stderr)}` : ''}`;
      res();
    });
  });
  return {
    port,
    proc,
    died: () => exit,
    stop: async () => {
      stopping = true;
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

/** Runs ./runtest for one unit and returns its whole output (stdout and stderr interleaved). */
function runtest(opts: Options, unit: string, port: number, testServerPort: number): Promise<{ output: string; timedOut: boolean }> {
  const { checkout, timeout: timeoutS } = opts;
  const args = [
    '--host', '127.0.0.1',
    '--port', String(port),
    '--single', `unit/${unit}`,
    '--tags', EXCLUDED_TAGS.map((t) => `-${t}`).join(' '),
    '--ignore-encoding',
    '--ignore-digest',
    '--clients', '1',
    '--skipfile', opts.skipFile,
    // runtest's own test server takes the first free port from baseport-32: start it at one we
    // found free, so that runs side by side don't race for its fixed default.
    '--baseport', String(testServerPort + 32),
  ];
  return new Promise((res) => {
    // Its own process group, so a timeout kills the tclsh test client that runtest spawns as well.
    const child = spawn('./runtest', args, { cwd: checkout, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutS * 1000);
    child.once('close', () => {
      clearTimeout(timer);
      // runtest kills its client on the way out, but not when it was killed itself.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group is empty
      }
      res({ output, timedOut });
    });
  });
}

const STATUS = /^\[(ok|err|exception|skip|ignore)\]: (.*)$/;
const ANY_STATUS = /^\[[^\]]*\]:? /;

/** Reads runtest's per-test lines: "[ok]: name (N ms)", "[err]: name in file" + message lines, ... */
function where(lastTest: string): string {
  return lastTest ? `(after "${lastTest}")` : '(before the first test)';
}

function parseOutput(unit: string, output: string, skipNames: Set<string>): Omit<UnitResult, 'notes' | 'seconds'> {
  // eslint-disable-next-line no-control-regex
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const r: Omit<UnitResult, 'notes' | 'seconds'> = { unit, passed: 0, failed: [], exceptions: [], skippedByList: 0, skipped: 0, allPassed: false, lastTest: '' };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.includes('All tests passed without errors')) r.allPassed = true;
    const m = STATUS.exec(line);
    if (!m) continue;
    const [, status, text] = m;
    if (status === 'ok') {
      r.passed++;
      r.lastTest = text.replace(/ \(\d+ ms\)$/, '');
    }
    else if (status === 'skip' && skipNames.has(text)) r.skippedByList++;
    else if (status === 'skip' || status === 'ignore') r.skipped++;
    else if (status === 'exception') {
      // runtest does not print which test was running: name the last one that finished.
      r.exceptions.push(`${text.replace(/^Executing test client: /, '').trim()} ${where(r.lastTest)}`);
    } else {
      const name = text.replace(/ in tests\/\S+\.tcl$/, '');
      let error = '';
      for (let j = i + 1; j < lines.length && !ANY_STATUS.test(lines[j]); j++) {
        if (lines[j].trim()) {
          error = lines[j].trim();
          break;
        }
      }
      r.failed.push({ name, error });
      r.lastTest = name;
    }
  }
  return r;
}

async function runUnit(opts: Options, unit: string, logDir: string): Promise<UnitResult> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'redis-suite-'));
  const notes: string[] = [];
  let server: Server | null = null;
  let output = '';
  let timedOut = false;
  try {
    server = await startServer(opts.against, work);
    const run = await runtest(opts, unit, server.port, await freePort());
    output = run.output;
    timedOut = run.timedOut;
    const died = server.died();
    if (died) notes.push(died);
  } catch (e) {
    notes.push((e as Error).message);
  } finally {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
  writeFileSync(join(logDir, `${unit.replace(/\//g, '_')}.log`), output);
  const parsed = parseOutput(unit, output, opts.skipNames);
  if (timedOut) notes.unshift(`timed out after ${opts.timeout} s ${where(parsed.lastTest)}`);
  if (!parsed.allPassed && parsed.failed.length === 0 && parsed.exceptions.length === 0 && notes.length === 0) {
    notes.push(`runtest ended without a verdict: ${lastLine(output)}`);
  }
  return { ...parsed, notes, seconds: Math.round((Date.now() - started) / 1000) };
}

/** Assertion messages can quote whole replies: keep the report readable. */
function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The markdown table, then each failure's first error line grouped by unit. */
function renderReport(results: UnitResult[], target: Target): string {
  const rows = [
    '| Unit | Passed | Failed | Errors | Skipped (list) | Skipped (tags) | Failed tests / notes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const total = { passed: 0, failed: 0, errors: 0, skippedByList: 0, skipped: 0 };
  for (const r of results) {
    total.passed += r.passed;
    total.failed += r.failed.length;
    total.errors += r.exceptions.length;
    total.skippedByList += r.skippedByList;
    total.skipped += r.skipped;
    const notes = [
      ...r.failed.map((f) => f.name),
      ...r.exceptions.map((e) => `**aborted by an exception** (later tests of the unit did not run): ${clip(e, 160)}`),
      ...r.notes.map((n) => `**${n}**`),
    ];
    rows.push(`| ${r.unit} | ${r.passed} | ${r.failed.length} | ${r.exceptions.length} | ${r.skippedByList} | ${r.skipped} | ${cell(notes.join('; '))} |`);
  }
  rows.push(`| **total** | **${total.passed}** | **${total.failed}** | **${total.errors}** | **${total.skippedByList}** | **${total.skipped}** | |`);
  const out = [`Against ${target === 'engine' ? 'our engine' : 'redis-server 7.0.15'}, ${new Date().toISOString().slice(0, 10)}:`, '', ...rows];
  const failing = results.filter((r) => r.failed.length > 0 || r.exceptions.length > 0);
  if (failing.length > 0) {
    out.push('', 'First error line of each failure:', '');
    for (const r of failing) {
      out.push(`- **${r.unit}**`);
      for (const f of r.failed) out.push(`  - ${f.name}: \`${clip(f.error).replace(/`/g, "'")}\``);
      for (const e of r.exceptions) out.push(`  - exception: \`${clip(e).replace(/`/g, "'")}\``);
    }
  }
  return out.join('\n');
}

/** The skip list for the doc: a count per reason, then each unit's tests with their reasons. */
function renderSkipList(list: SkippedTest[]): string {
  const reasons = new Map<string, number>();
  const byUnit = new Map<string, SkippedTest[]>();
  for (const t of list) {
    reasons.set(t.reason, (reasons.get(t.reason) ?? 0) + 1);
    let tests = byUnit.get(t.unit);
    if (!tests) byUnit.set(t.unit, (tests = []));
    tests.push(t);
  }
  const counts = [...reasons].map(([reason, n]) => `${n} ${reason}`).join(', ');
  const out = [`${list.length} tests (${counts}):`];
  for (const [unit, tests] of byUnit) {
    out.push('', `- **${unit || '(no unit given)'}** (${tests.length}):`);
    for (const t of tests) out.push(`  - \`${t.name.replace(/`/g, "'")}\`: ${t.reason}`);
  }
  return out.join('\n');
}

/** Replaces the text between a section's markers, keeping everything else of the doc. */
function writeDoc(text: string, section: string): void {
  const begin = `<!-- suite:${section}:begin -->`;
  const end = `<!-- suite:${section}:end -->`;
  const doc = readFileSync(DOC, 'utf8');
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${DOC} has no ${begin} ... ${end} markers`);
  writeFileSync(DOC, `${doc.slice(0, a + begin.length)}\n${text}\n${doc.slice(b)}`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const units = opts.units.length > 0 ? opts.units : defaultUnits(opts.checkout);
  const logDir = join(tmpdir(), `redis-suite-logs-${opts.against}-${Date.now()}`);
  mkdirSync(logDir, { recursive: true });
  const skipList = readSkipList();
  opts.skipNames = new Set(skipList.map((t) => t.name));
  opts.skipFile = join(logDir, 'skipfile.txt');
  writeFileSync(opts.skipFile, `${[...opts.skipNames].join('\n')}\n`);
  process.stderr.write(`${units.length} units against ${opts.against}; runtest output in ${logDir}\n`);

  const results: UnitResult[] = new Array(units.length);
  let next = 0;
  const worker = async () => {
    while (next < units.length) {
      const i = next++;
      results[i] = await runUnit(opts, units[i], logDir);
      const r = results[i];
      const verdict = r.allPassed ? 'all passed' : `${r.failed.length} failed, ${r.exceptions.length} exceptions${r.notes.length ? `, ${r.notes.join('; ')}` : ''}`;
      process.stderr.write(`  ${r.unit}: ${r.passed} passed, ${verdict} (${r.seconds} s)\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, units.length) }, () => worker()));

  const report = renderReport(results, opts.against);
  process.stdout.write(`${report}\n`);
  if (opts.writeDoc) {
    writeDoc(report, opts.against);
    writeDoc(renderSkipList(skipList), 'skip-list');
  }
}

await main();
