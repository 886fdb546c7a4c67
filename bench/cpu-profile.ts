/** Summarises a V8 .cpuprofile (node --cpu-prof) as the functions with the most self time. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, ROOT, table } from './harness.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  /** µs on the system's monotonic clock, the one process.hrtime reads in any process. */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Now on the clock of profile timestamps, to summarise only what follows (not module loading). */
export function profileClockUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export interface ProfileSummary {
  /** Sampled time with the thread not idle, in ms. */
  busyMs: number;
  idleMs: number;
  top: Array<{ fn: string; location: string; selfMs: number; busyShare: number }>;
}

/**
 * The main thread's profile in a --cpu-prof-dir. tsx's loader runs in a worker thread that writes
 * its own profile (so --cpu-prof-name would make them overwrite each other); node names each
 * CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile, thread 0 being the main one.
 */
export function mainThreadProfile(dir: string): string {
  const name = readdirSync(dir).find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  if (!name) throw new Error(`no main-thread CPU profile in ${dir}`);
  return join(dir, name);
}

/** Self time per function over the samples taken from fromUs (profileClockUs()) on. */
export function summariseProfile(path: string, count: number, fromUs: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { fn: string; location: string; us: number }>();
  let idleUs = 0;
  let totalUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    if (at < fromUs) continue;
    // timeDeltas[i + 1] is the time until the next sample, i.e. how long this sample's frame ran.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = byId.get(profile.samples[i])!.callFrame;
    totalUs += us;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    // Code run through tsx has no useful line numbers (they are the transformed output's), so
    // the file is shown and the position only keeps same-named functions apart.
    const location = frame.url.replace(`file://${ROOT}`, '');
    const fn = frame.functionName || '(anonymous)';
    const key = `${fn} ${location}:${frame.lineNumber}:${frame.columnNumber}`;
    const entry = self.get(key) ?? { fn, location, us: 0 };
    entry.us += us;
    self.set(key, entry);
  }
  const busyUs = totalUs - idleUs;
  const top = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map((e) => ({ fn: e.fn, location: e.location, selfMs: e.us / 1000, busyShare: busyUs ? e.us / busyUs : 0 }));
  return { busyMs: busyUs / 1000, idleMs: idleUs / 1000, top };
}

/** The summary as markdown: busy/idle time, then the top functions by self time. */
export function profileMarkdown(p: ProfileSummary): string {
  return [
    `Busy ${fmt(p.busyMs)} ms, idle ${fmt(p.idleMs)} ms. Top functions by self time:`,
    '',
    table(
      ['function', 'where', 'self ms', '% of busy'],
      p.top.map((t) => [`\`${t.fn}\``, t.location, fmt(t.selfMs), `${fmt(t.busyShare * 100, 1)}%`]),
    ),
  ].join('\n');
}

/** The first few functions, for a console line. */
export function profileHeadline(p: ProfileSummary, count = 5): string {
  return p.top
    .slice(0, count)
    .map((t) => `${t.fn} ${fmt(t.busyShare * 100, 1)}%`)
    .join(', ');
}
