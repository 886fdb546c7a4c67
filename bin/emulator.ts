import packageJson from '../package.json' with { type: 'json' };
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../api/server.ts';
import { Provisioner } from '../provisioner/provisioner.ts';
import { Timing, type TimingProfileName } from '../provisioner/timing.ts';
import { State } from '../state/state.ts';

export interface EmulatorOptions {
  host?: string;
  /** API port; 0 picks a free one. */
  port?: number;
  region?: string;
  /** State directory; null (or inMemory) keeps nothing. */
  dataDir?: string | null;
  inMemory?: boolean;
  timing?: TimingProfileName;
  realisticScale?: number;
  /** Address put in endpoints; defaults to the listen host (127.0.0.1 when listening on 0.0.0.0). */
  advertisedHost?: string;
  nodePortRange?: { first: number; last: number };
  /** TestFailover calls allowed per account in a rolling 24 hours (AWS: 15). */
  testFailoverLimit?: number;
}

export interface Emulator {
  url: string;
  port: number;
  state: State;
  provisioner: Provisioner;
  api: FastifyInstance;
  stop(): Promise<void>;
}

export const VERSION: string = packageJson.version;

/** Starts the whole emulator: state, provisioner (restarting stored nodes), and the API. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const startedAt = Date.now();
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.inMemory ? null : options.dataDir === undefined ? '.elasticache-local' : options.dataDir;
  const state = new State({ dataDir, portRange: options.nodePortRange ?? { first: 6379, last: 7378 } });
  const advertisedHost = options.advertisedHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  const provisioner = new Provisioner(state, {
    listenHost: host,
    advertisedHost,
    timing: new Timing(options.timing ?? 'fast', options.realisticScale ?? 1),
    dataDir,
    testFailoverLimit: options.testFailoverLimit,
  });
  const region = options.region ?? 'us-east-1';
  const api = buildApi({ state, provisioner, region, version: VERSION, startedAt });
  await api.listen({ port: options.port ?? 4600, host });
  const address = api.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 4600);
  await provisioner.start();
  let stopped = false;
  return {
    url: `http://${advertisedHost}:${port}`,
    port,
    state,
    provisioner,
    api,
    async stop() {
      if (stopped) return;
      stopped = true;
      await api.close();
      await provisioner.stop();
      state.close();
    },
  };
}
