/**
 * The control-plane side of the harness: a raw AWS Query client (form POSTs over keep-alive
 * node:http, lighter than an SDK so the client is not what we measure), a concurrent driver that
 * reports requests/s and latency percentiles, and the two API servers it compares.
 */
import { spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { freePort, nodeCommand, percentile, ROOT, shellQuote, startProcess, waitFor } from './harness.ts';

/** moto routes a request to a service by its credential scope; neither server checks the signature. */
const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=test/20150202/us-east-1/elasticache/aws4_request, SignedHeaders=host, Signature=0';

interface QueryResponse {
  status: number;
  body: string;
}

export function query(port: number, params: Record<string, string>, agent: Agent | false): Promise<QueryResponse> {
  const body = new URLSearchParams({ Version: '2015-02-02', ...params }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), authorization: AUTHORIZATION },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function createCluster(port: number, id: string, agent: Agent | false): Promise<void> {
  const r = await query(port, { Action: 'CreateCacheCluster', CacheClusterId: id, Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheNodes: '1' }, agent);
  if (r.status !== 200) throw new Error(`CreateCacheCluster ${id}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
}

export async function deleteCluster(port: number, id: string, agent: Agent | false): Promise<void> {
  const r = await query(port, { Action: 'DeleteCacheCluster', CacheClusterId: id }, agent);
  if (r.status !== 200) throw new Error(`DeleteCacheCluster ${id}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
}

/** Polls DescribeCacheClusters until the cluster is available; returns that answer's XML. */
export function waitAvailable(port: number, id: string, agent: Agent | false, intervalMs: number): Promise<string> {
  return waitFor(
    `${id} available`,
    async () => {
      const r = await query(port, { Action: 'DescribeCacheClusters', CacheClusterId: id, ShowCacheNodeInfo: 'true' }, agent);
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

/** The emulator as `npm start` runs it: the esbuild bundle (built once beforehand by ensureBundle). */
function emulatorArgs(port: number | 'PORT', nodePorts: string, nodeArgs: string[]): string[] {
  return [...nodeArgs, `${ROOT}bin/start.mjs`, '--port', String(port), '--in-memory', '--timing', 'fast', '--node-ports', nodePorts];
}

/** Builds the bundle if sources changed, so no measured start pays for the build. */
export function ensureBundle(): void {
  const r = spawnSync(process.execPath, [`${ROOT}bin/start.mjs`, '--help'], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error('could not build the emulator bundle (node bin/start.mjs --help failed)');
}

/** nodeArgs (e.g. --cpu-prof) apply to the emulator only. */
export function apiServerCommand(kind: ApiServerKind, nodeArgs: string[] = []): string {
  return kind === 'emulator' ? nodeCommand(emulatorArgs('PORT', 'FIRST-LAST', nodeArgs)) : shellQuote(['moto_server', '-p', 'PORT']);
}

/**
 * Starts the emulator (the CLI, in-memory, fast timing) or moto_server on a free port and waits
 * for its first successful DescribeCacheClusters. `startedAt` is taken just before the spawn.
 */
export async function startApiServer(kind: ApiServerKind, nodeArgs: string[] = []): Promise<ApiServer & { startedAt: number; firstAnswerAt: number }> {
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
        try {
          return (await query(port, { Action: 'DescribeCacheClusters' }, false)).status === 200 ? true : undefined;
        } catch {
          return undefined;
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
  return { port, startedAt, firstAnswerAt: performance.now(), stop: () => proc.stop(60_000) };
}
