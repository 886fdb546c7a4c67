import { after, before } from 'node:test';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../bin/emulator.ts';

/** Starts an emulator on a free port with in-memory state and a private node port range. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const first = 20000 + Math.floor(Math.random() * 300) * 100;
  return startEmulator({ port: 0, inMemory: true, nodePortRange: { first, last: first + 99 }, ...options });
}

/** An SDK client for the emulator; accessKeyId picks the account (12 digits) and region the region. */
export function sdkClient(em: Emulator, opts: { accessKeyId?: string; region?: string } = {}): ElastiCacheClient {
  return new ElastiCacheClient({
    endpoint: em.url,
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: opts.accessKeyId ?? 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/**
 * Registers before/after hooks of the enclosing suite: an emulator started with options and an SDK
 * client for it, handed to bind; both are stopped after the suite.
 */
export function useEmulator(options: EmulatorOptions, bind: (em: Emulator, client: ElastiCacheClient) => void): void {
  let em: Emulator | undefined;
  let client: ElastiCacheClient | undefined;
  before(async () => {
    em = await startTestEmulator(options);
    client = sdkClient(em);
    bind(em, client);
  });
  after(async () => {
    client?.destroy();
    await em?.stop();
  });
}

/** Polls until fn returns a truthy value (or throws after timeoutMs). */
export async function waitFor<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 5000, intervalMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
