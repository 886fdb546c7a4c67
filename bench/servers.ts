/**
 * The two Redis-protocol servers the engine benchmarks compare, each started fresh in its own
 * process with the same settings (no RDB snapshots, no AOF; our node's defaults are the same).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, nodeCommand, ROOT, shellQuote, startProcess, waitFor, type Proc } from './harness.ts';
import { RespConnection } from './resp.ts';
import type { ServeReply, ServeRequest } from './serve-engine-node.ts';

export interface RedisLikeServer {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export interface EngineServer extends RedisLikeServer {
  memory(): Promise<NodeJS.MemoryUsage>;
}

const SERVE_SCRIPT = join(ROOT, 'bench', 'serve-engine-node.ts');
/** A Node server that only frames RESP and answers +OK (bench/serve-node-floor.ts). */
const FLOOR_SCRIPT = join(ROOT, 'bench', 'serve-node-floor.ts');

function engineNodeArgs(extraArgs: string[], script = SERVE_SCRIPT): string[] {
  return ['--import', 'tsx', '--expose-gc', ...extraArgs, script];
}

export function engineNodeCommand(extraArgs: string[] = []): string {
  return nodeCommand(engineNodeArgs(extraArgs));
}

export function nodeFloorCommand(): string {
  return nodeCommand(engineNodeArgs([], FLOOR_SCRIPT));
}

/** The transport floor, started and stopped like an engine node (it has no `memory`). */
export function startNodeFloor(): Promise<RedisLikeServer> {
  return startEngineNode([], FLOOR_SCRIPT);
}

function redisServerArgs(port: number | 'PORT'): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
}

export function redisServerCommand(): string {
  return shellQuote(['redis-server', ...redisServerArgs('PORT')]);
}

/** Our engine node in a child process; extraArgs go to node (e.g. --cpu-prof). */
export async function startEngineNode(extraArgs: string[] = [], script = SERVE_SCRIPT): Promise<EngineServer> {
  const args = engineNodeArgs(extraArgs, script);
  const proc = startProcess(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const next = (type: ServeReply['type']) =>
    new Promise<ServeReply>((resolve, reject) => {
      const onMessage = (m: ServeReply) => {
        if (m.type !== type) return;
        cleanup();
        resolve(m);
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`engine node exited: ${proc.stderrTail()}`));
      };
      const cleanup = () => {
        proc.child.off('message', onMessage);
        proc.child.off('exit', onExit);
      };
      proc.child.on('message', onMessage);
      proc.child.once('exit', onExit);
    });
  const send = (m: ServeRequest) => proc.child.send(m);
  const listening = (await next('listening')) as Extract<ServeReply, { type: 'listening' }>;
  return {
    port: listening.port,
    pid: proc.child.pid!,
    async memory() {
      const reply = next('memory');
      send({ type: 'memory' });
      return ((await reply) as Extract<ServeReply, { type: 'memory' }>).usage;
    },
    async stop() {
      if (!proc.child.connected) return proc.stop();
      // Let it exit on its own (writing a CPU profile can take seconds); signal only if it hangs.
      send({ type: 'stop' });
      const timer = setTimeout(() => void proc.stop(), 60_000);
      await proc.exited;
      clearTimeout(timer);
    },
  };
}

export async function startRedisServer(): Promise<RedisLikeServer> {
  const port = await freePort();
  const proc = startProcess('redis-server', redisServerArgs(port));
  await waitForPing(port, proc);
  return {
    port,
    pid: proc.child.pid!,
    stop: () => proc.stop(),
  };
}

export async function waitForPing(port: number, proc: Proc | null, timeoutMs = 10_000, intervalMs = 5): Promise<void> {
  await waitFor(
    `PING on port ${port}`,
    async () => {
      if (proc && proc.child.exitCode !== null) throw new Error(`server exited: ${proc.stderrTail()}`);
      try {
        const c = await RespConnection.open(port);
        try {
          return (await c.call(['PING'])) === 'PONG' ? true : undefined;
        } finally {
          c.close();
        }
      } catch {
        return undefined;
      }
    },
    timeoutMs,
    intervalMs,
  );
}

/** Resident set size of a process, from /proc (Linux). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}
