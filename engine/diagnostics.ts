import type { Client } from './client.ts';

/** One SLOWLOG entry, with arguments already trimmed as Redis stores them. */
export interface SlowlogEntry {
  id: number;
  /** Unix time in seconds. */
  time: number;
  usec: number;
  argv: string[];
  peer: string;
  name: string;
}

const SLOWLOG_MAX_ARGC = 32;
const SLOWLOG_MAX_STRING = 128;

/** The slow log: newest first, capped at slowlog-max-len. */
export class Slowlog {
  entries: SlowlogEntry[] = [];
  private nextId = 0;

  push(c: Client, argv: string[], usec: number, nowMs: number, maxLen: number): void {
    const argc = Math.min(argv.length, SLOWLOG_MAX_ARGC);
    const args = new Array<string>(argc);
    for (let i = 0; i < argc; i++) {
      if (argc !== argv.length && i === argc - 1) {
        args[i] = `... (${argv.length - argc + 1} more arguments)`;
      } else {
        const a = argv[i];
        args[i] = a.length > SLOWLOG_MAX_STRING ? `${a.slice(0, SLOWLOG_MAX_STRING)}... (${a.length - SLOWLOG_MAX_STRING} more bytes)` : a;
      }
    }
    this.entries.unshift({ id: this.nextId++, time: Math.floor(nowMs / 1000), usec: Math.floor(usec), argv: args, peer: c.address, name: c.name });
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  reset(): void {
    this.entries = [];
  }
}

const LATENCY_HISTORY_LEN = 160;

/** Samples of one latency event class, as the latency monitor keeps them. */
export interface LatencyEvent {
  /** [unix seconds, ms], oldest first; one sample per second (the max of that second). */
  samples: Array<[number, number]>;
  max: number;
}

/** The latency monitor (LATENCY LATEST/HISTORY/RESET/DOCTOR), fed when latency-monitor-threshold is set. */
export class LatencyMonitor {
  readonly events = new Map<string, LatencyEvent>();

  add(event: string, ms: number, nowMs: number): void {
    const now = Math.floor(nowMs / 1000);
    let ev = this.events.get(event);
    if (!ev) this.events.set(event, (ev = { samples: [], max: 0 }));
    if (ms > ev.max) ev.max = ms;
    const last = ev.samples[ev.samples.length - 1];
    if (last && last[0] === now) {
      if (ms > last[1]) last[1] = ms;
      return;
    }
    ev.samples.push([now, ms]);
    if (ev.samples.length > LATENCY_HISTORY_LEN) ev.samples.shift();
  }

  /** Resets the named events (all when none given); returns how many were reset. */
  reset(names: string[]): number {
    if (names.length === 0) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    for (const name of names) if (this.events.delete(name)) n++;
    return n;
  }
}

/**
 * Per-command latency histogram for INFO latencystats and LATENCY HISTOGRAM: power-of-two
 * microsecond buckets (what LATENCY HISTOGRAM reports) plus exact-enough percentiles from
 * sub-buckets (16 per power of two, under 7% error, like hdr_histogram with low precision).
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(64 * 16);
  total = 0;

  record(usec: number): void {
    const v = Math.max(1, Math.floor(usec));
    const exp = 31 - Math.clz32(v);
    const sub = exp < 4 ? v & 15 : (v >>> (exp - 4)) & 15;
    this.counts[exp * 16 + sub]++;
    this.total++;
  }

  /** Value at percentile p (0..100), in microseconds, as the bucket's upper bound. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const target = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= target) {
        const exp = i >> 4;
        const sub = i & 15;
        if (exp < 4) return sub;
        return (17 + sub) * 2 ** (exp - 4);
      }
    }
    return 0;
  }

  /** Cumulative counts per power-of-two bucket: [[upperBoundUsec, cumulativeCount], ...]. */
  buckets(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let cum = 0;
    for (let exp = 0; exp < 64; exp++) {
      let n = 0;
      for (let sub = 0; sub < 16; sub++) n += this.counts[exp * 16 + sub];
      if (n === 0) continue;
      cum += n;
      out.push([2 ** (exp + 1), cum]);
    }
    return out;
  }
}
