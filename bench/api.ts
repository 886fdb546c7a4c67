/**
 * The control-plane side of the harness: a raw AWS Query client (prebuilt form POSTs over lean
 * keep-alive sockets, bench/raw-http.ts, so the client is not what we measure), a concurrent
 * driver that reports requests/s and latency percentiles, and the two API servers it compares.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort, nodeCommand, percentile, ROOT, shellQuote, startProcess, waitFor } from './harness.ts';
import { formPost, RawHttpConnection } from './raw-http.ts';

/** moto routes a request to a service by its credential scope; neither server checks the signature. */
const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=test/20150202/us-east-1/elasticache/aws4_request, SignedHeaders=host, Signature=0';

interface QueryResponse {
  status: number;
  body: string;
}

/** The bytes of one Query request, built once and sent as often as wanted. */
export function queryRequest(params: Record<string, string>): Buffer {
  return formPost('/', { Authorization: AUTHORIZATION }, new URLSearchParams({ Version: '2015-02-02', ...params }).toString());
}

/** Keep-alive connections to one server, as many as requests in flight. */
export class QueryClient {
  private readonly idle: RawHttpConnection[] = [];
  private readonly opened: RawHttpConnection[] = [];

  constructor(readonly port: number) {}

  /** Status only: the load loops do not decode bodies. */
  async status(request: Buffer): Promise<number> {
    const conn = this.idle.pop() ?? this.open();
    try {
      return (await conn.request(request)).status;
    } finally {
      this.idle.push(conn);
    }
  }

  async query(params: Record<string, string>): Promise<QueryResponse> {
    const conn = this.idle.pop() ?? this.open();
    try {
      const r = await conn.request(queryRequest(params));
      return { status: r.status, body: r.body.toString('utf8') };
    } finally {
      this.idle.push(conn);
    }
  }

  close(): void {
    for (const c of this.opened) c.close();
  }

  private open(): RawHttpConnection {
    const conn = new RawHttpConnection(this.port);
    this.opened.push(conn);
    return conn;
  }
}

export async function createCluster(client: QueryClient, id: string): Promise<void> {
  const r = await client.query({ Action: 'CreateCacheCluster', CacheClusterId: id, Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheNodes: '1' });
  if (r.status !== 200) throw new Error(`CreateCacheCluster ${id}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
}

export async function deleteCluster(client: QueryClient, id: string): Promise<void> {
  const r = await client.query({ Action: 'DeleteCacheCluster', CacheClusterId: id });
  if (r.status !== 200) throw new Error(`DeleteCacheCluster ${id}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
}

/** Polls DescribeCacheClusters until the cluster is available; returns that answer's XML. */
export function waitAvailable(client: QueryClient, id: string, intervalMs: number): Promise<string> {
  return waitFor(
    `${id} available`,
    async () => {
      const r = await client.query({ Action: 'DescribeCacheClusters', CacheClusterId: id, ShowCacheNodeInfo: 'true' });
      if (r.status !== 200) throw new Error(`DescribeCacheClusters ${id}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
      return /<CacheClusterStatus>available</.test(r.body) ? r.body : undefined;
    },
    30_000,
    intervalMs,
  );
}

export interface DriveResult {
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  firstError: string | null;
}

/**
 * Runs `task` in `concurrency` loops: a warm-up whose results are dropped, then a measured window.
 * Latency is recorded for tasks started in the window; throughput counts tasks finished in it.
 */
export async function drive(opts: { concurrency: number; warmupMs: number; durationMs: number; task: (worker: number, iteration: number) => Promise<void> }): Promise<DriveResult> {
  const begin = performance.now();
  const windowStart = begin + opts.warmupMs;
  const windowEnd = windowStart + opts.durationMs;
  const latencies: number[] = [];
  let count = 0;
  let errors = 0;
  let firstError: string | null = null;
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < windowEnd; i++) {
      const t0 = performance.now();
      try {
        await opts.task(w, i);
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
        continue;
      }
      const t1 = performance.now();
      if (t0 >= windowStart) latencies.push(t1 - t0);
      if (t1 >= windowStart && t1 <= windowEnd) count++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  latencies.sort((a, b) => a - b);
  return { count, perSecond: count / (opts.durationMs / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, firstError };
}

interface ApiServer {
  port: number;
  stop(): Promise<void>;
}

export type ApiServerKind = 'emulator' | 'moto';

/** bin/code-cache.mjs saves the cache 2 s after start; a margin for a busy machine. */
const CODE_CACHE_SAVED_MS = 3_000;

/** The emulator as `npm start` runs it: the esbuild bundle (built once beforehand by ensureBundle). */
function emulatorArgs(port: number | 'PORT', nodePorts: string, nodeArgs: string[]): string[] {
  return [...nodeArgs, `${ROOT}bin/start.mjs`, '--port', String(port), '--in-memory', '--timing', 'fast', '--node-ports', nodePorts];
}

/**
 * Builds the bundles if sources changed, and runs the emulator once for longer than it takes to
 * write its V8 code cache (bin/code-cache.mjs), so no measured start pays for the build or a
 * missing cache.
 */
export async function ensureBundle(): Promise<void> {
  const r = spawnSync(process.execPath, [`${ROOT}bin/start.mjs`, '--help'], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error('could not build the emulator bundle (node bin/start.mjs --help failed)');
  const server = await startApiServer('emulator');
  await new Promise((resolve) => setTimeout(resolve, CODE_CACHE_SAVED_MS));
  await server.stop();
}

/** nodeArgs (e.g. --cpu-prof) apply to the emulator only. */
export function apiServerCommand(kind: ApiServerKind, nodeArgs: string[] = []): string {
  return kind === 'emulator' ? nodeCommand(emulatorArgs('PORT', 'FIRST-LAST', nodeArgs)) : shellQuote(['moto_server', '-p', 'PORT']);
}

/**
 * Starts the emulator (the CLI, in-memory, fast timing) or moto_server on a free port and waits
 * for its first successful DescribeCacheClusters. `startedAt` is taken just before the spawn.
 */
export async function startApiServer(
  kind: ApiServerKind,
  nodeArgs: string[] = [],
): Promise<ApiServer & { startedAt: number; firstAnswerAt: number; firstAnswerCpuMs: number }> {
  const port = await freePort();
  // Node ports from a random block, so back-to-back emulators rarely meet a port still in TIME_WAIT.
  const first = 30_000 + Math.floor(Math.random() * 250) * 100;
  const startedAt = performance.now();
  const proc =
    kind === 'emulator' ? startProcess(process.execPath, emulatorArgs(port, `${first}-${first + 99}`, nodeArgs)) : startProcess('moto_server', ['-p', String(port)]);
  try {
    await waitFor(
      `${kind} answering on port ${port}`,
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`${kind} exited: ${proc.stderrTail()}`);
        const client = new QueryClient(port);
        try {
          return (await client.query({ Action: 'DescribeCacheClusters' })).status === 200 ? true : undefined;
        } catch {
          return undefined;
        } finally {
          client.close();
        }
      },
      60_000,
      2,
    );
  } catch (e) {
    await proc.stop();
    throw e;
  }
  // Generous: with --cpu-prof the emulator writes its profile on the way out.
  const firstAnswerAt = performance.now();
  return { port, startedAt, firstAnswerAt, firstAnswerCpuMs: mainThreadCpuMs(proc.child.pid), stop: () => proc.stop(60_000) };
}

/**
 * CPU time a process's main thread has used so far (Linux: /proc/<pid>/schedstat, ns on CPU),
 * NaN elsewhere. Unlike wall time it hardly grows when other processes crowd the cores.
 */
function mainThreadCpuMs(pid: number | undefined): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}
