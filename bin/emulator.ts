import packageJson from '../package.json' with { type: 'json' };
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../api/server.ts';
import { DEFAULT_DNS_SUFFIX, normaliseSuffix } from '../provisioner/dns-names.ts';
import type { DnsServer } from '../provisioner/dns-server.ts';
import { DEFAULT_NODE_ADDRESS_RANGE, parseAddressRange } from '../provisioner/node-addresses.ts';
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
  /** Nodes a cluster-mode-enabled group may have (AWS's default quota: 90; up to 500). */
  clusterNodeQuota?: number;
  /** DNS mode (off unless given): ElastiCache's host names, served by an embedded DNS server. */
  dns?: DnsModeOptions;
}

export interface DnsModeOptions {
  /** Where the DNS server listens, UDP and TCP (default 127.0.0.1:8053; port 0 picks a free one). */
  host?: string;
  port?: number;
  /** Domain every name ends in (default cache.amazonaws.com). */
  suffix?: string;
  /** Seconds an answer may be cached (default 5): short, so a failover is seen soon. */
  ttl?: number;
  /** IPv4 CIDR the nodes' own addresses come from (default 127.77.0.0/16, loopback on Linux). */
  nodeAddresses?: string;
}

export const DEFAULT_DNS_PORT = 8053;
export const DEFAULT_DNS_TTL = 5;

export interface Emulator {
  url: string;
  port: number;
  state: State;
  provisioner: Provisioner;
  api: FastifyInstance;
  /** The DNS server's address in DNS mode, else null. */
  dns: { host: string; port: number; suffix: string } | null;
  stop(): Promise<void>;
}

export const VERSION: string = packageJson.version;

/** Starts the whole emulator: state, provisioner (restarting stored nodes), and the API. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const startedAt = Date.now();
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.inMemory ? null : options.dataDir === undefined ? '.elasticache-local' : options.dataDir;
  const dnsOptions = options.dns;
  // Checked before anything opens: a bad suffix or range is the caller's error.
  const naming = dnsOptions ? { suffix: normaliseSuffix(dnsOptions.suffix ?? DEFAULT_DNS_SUFFIX) } : null;
  const nodeAddresses = dnsOptions ? parseAddressRange(dnsOptions.nodeAddresses ?? DEFAULT_NODE_ADDRESS_RANGE) : null;
  const state = new State({ dataDir, portRange: options.nodePortRange ?? { first: 6379, last: 7378 } });
  const advertisedHost = options.advertisedHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  const provisioner = new Provisioner(state, {
    listenHost: host,
    advertisedHost,
    timing: new Timing(options.timing ?? 'fast', options.realisticScale ?? 1),
    dataDir,
    testFailoverLimit: options.testFailoverLimit,
    clusterNodeQuota: options.clusterNodeQuota,
    dns: naming && nodeAddresses && { naming, nodeAddresses },
  });
  const region = options.region ?? 'us-east-1';
  const api = buildApi({ state, provisioner, region, version: VERSION, startedAt });
  await api.listen({ port: options.port ?? 4600, host });
  const address = api.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 4600);
  let dnsServer: DnsServer | null = null;
  if (naming) {
    // Loaded only in DNS mode, so a default start does not pay for the DNS packages.
    const [{ DnsServer }, { DnsZone }] = await Promise.all([import('../provisioner/dns-server.ts'), import('../provisioner/dns-zone.ts')]);
    const zone = new DnsZone(state, naming);
    dnsServer = new DnsServer(zone, { host: dnsOptions?.host ?? '127.0.0.1', port: dnsOptions?.port ?? DEFAULT_DNS_PORT, ttl: dnsOptions?.ttl ?? DEFAULT_DNS_TTL });
    try {
      await dnsServer.listen();
    } catch (e) {
      await api.close();
      state.close();
      throw new Error(`DNS server: cannot listen on ${dnsOptions?.host ?? '127.0.0.1'}:${dnsOptions?.port ?? DEFAULT_DNS_PORT}: ${(e as Error).message}`);
    }
  }
  await provisioner.start();
  let stopped = false;
  return {
    url: `http://${advertisedHost}:${port}`,
    port,
    state,
    provisioner,
    api,
    dns: dnsServer && naming && { host: dnsServer.host, port: dnsServer.port, suffix: naming.suffix },
    async stop() {
      if (stopped) return;
      stopped = true;
      await api.close();
      await dnsServer?.close();
      await provisioner.stop();
      state.close();
    },
  };
}
