import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EngineNode } from '../engine/engine-node.ts';
import { loadDataset, saveDataset } from '../engine/persistence.ts';
import type { CacheClusterRecord, CacheNodeRecord } from '../state/cache-clusters.ts';
import type { EventSourceType } from '../state/events.ts';
import { hasPlainEndpoints, reshardingPending, shardsOf } from '../state/node-groups.ts';
import type { ReplicationGroupRecord } from '../state/replication-groups.ts';
import type { State } from '../state/state.ts';
import { applyClusterModeChange } from './cluster-mode-change.ts';
import { clusterConfigOf, pushTopology } from './cluster-topology.ts';
import type { DnsNaming } from './dns-names.ts';
import { directHosts, dnsHosts, type EndpointHosts } from './endpoint-hosts.ts';
import { EndpointProxy, type ProxyTarget } from './endpoint-proxy.ts';
import { Failover, rejoinShard, type FailoverHost } from './failover.ts';
import { NodeAddresses, type AddressRange } from './node-addresses.ts';
import { nodeSettingsOf, parameterGroupValues, rebootOnlySettings } from './parameter-settings.ts';
import { finishResharding, reshard, type ReshardingHost } from './resharding.ts';
import { Timing, type Transition } from './timing.ts';

export interface ProvisionerOptions {
  /** Address engine nodes listen on. */
  listenHost: string;
  /** Address reported in endpoints (what clients connect to). */
  advertisedHost: string;
  timing: Timing;
  /** TestFailover calls (node groups) allowed per account in a rolling 24 hours; AWS allows 15. */
  testFailoverLimit?: number;
  /** Where node datasets are kept across restarts (RDB files); null keeps nothing. */
  dataDir?: string | null;
  /** Wall clock for timestamps (CacheClusterCreateTime, events). */
  now?: () => number;
  /** Nodes a cluster-mode-enabled group may have (AWS's default quota is 90; up to 500 on request). */
  clusterNodeQuota?: number;
  /**
   * DNS mode: every node listens on its own address from nodeAddresses and its cluster's port,
   * endpoints are reported as ElastiCache's names, and groups need no endpoint listeners.
   */
  dns?: { naming: DnsNaming; nodeAddresses: AddressRange } | null;
}

/**
 * Commands ElastiCache does not let users run; a node answers them as unknown commands, and the
 * CLUSTER subcommands that administer slots, epochs and membership (the provisioner's own) as
 * unknown subcommands, the error text being undocumented.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/RestrictedCommands.html
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SupportedCommands.html
 */
export const ELASTICACHE_RESTRICTED_COMMANDS = [
  'bgrewriteaof',
  'bgsave',
  'cluster|addslots',
  'cluster|addslotsrange',
  'cluster|bumpepoch',
  'cluster|delslots',
  'cluster|delslotsrange',
  'cluster|failover',
  'cluster|flushslots',
  'cluster|forget',
  'cluster|links',
  'cluster|meet',
  'cluster|setslot',
  'config',
  'debug',
  'migrate',
  'module',
  'psync',
  'replicaof',
  'save',
  'shutdown',
  'slaveof',
  'sync',
];

/**
 * The only part that turns records into running nodes: it starts and stops engine nodes,
 * allocates their ports, and drives status transitions on the timing profile's clock,
 * writing each step (and its events) to state in one transaction.
 */
export class Provisioner implements FailoverHost, ReshardingHost {
  private readonly nodes = new Map<string, EngineNode>();
  /** Failover, crashes and AZ outages (TestFailover and the fault-injection API drive it). */
  readonly failover: Failover;
  /** Primary and reader endpoint listeners of each replication group. */
  private readonly endpoints = new Map<string, { primary: EndpointProxy; reader: EndpointProxy }>();
  /** Configuration endpoint listeners of cluster-mode-enabled groups. */
  private readonly configurationEndpoints = new Map<string, EndpointProxy>();
  /** Round-robin position of each reader and configuration endpoint. */
  private readonly readerTurn = new Map<string, number>();
  /** One convergence at a time per group; a change during one runs another after it. */
  private readonly converging = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Bumped by reset/stop so that work scheduled before it does nothing. */
  private generation = 0;
  private readonly now: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  /** The address each node gets in DNS mode; null otherwise (nodes share the listen host). */
  private readonly nodeAddresses: NodeAddresses | null;
  /** What the API reports as each endpoint's Address. */
  readonly endpointHosts: EndpointHosts;

  constructor(
    readonly state: State,
    private readonly options: ProvisionerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.failover = new Failover(this);
    const dns = options.dns ?? null;
    this.nodeAddresses = dns && new NodeAddresses(dns.nodeAddresses, () => this.storedNodeAddresses());
    this.endpointHosts = dns ? dnsHosts(dns.naming) : directHosts(options.advertisedHost);
  }

  private *storedNodeAddresses(): Iterable<[string, string]> {
    for (const c of this.state.cacheClusters.all()) {
      for (const n of c.nodes) if (n.address !== null) yield [nodeKey(c.account, c.region, c.id, n.id), n.address];
    }
  }

  /** The address a node's record carries: its own in DNS mode, else the advertised host. */
  private addressOf(engine: EngineNode): string {
    return this.nodeAddresses ? engine.host : this.options.advertisedHost;
  }

  engineOf(account: string, region: string, clusterId: string): EngineNode | undefined {
    return this.nodes.get(nodeKey(account, region, clusterId, '0001'));
  }

  async replaceEngine(rec: CacheClusterRecord): Promise<EngineNode> {
    await this.crashEngine(rec);
    return this.startEngine(rec, rec.nodes[0]);
  }

  async crashEngine(rec: CacheClusterRecord): Promise<void> {
    const key = nodeKey(rec.account, rec.region, rec.id, rec.nodes[0].id);
    const engine = this.nodes.get(key);
    this.nodes.delete(key);
    await engine?.close();
  }

  dropEndpointConnections(account: string, region: string, groupId: string): void {
    const proxies = this.endpoints.get(groupKey(account, region, groupId));
    proxies?.primary.dropConnections();
    proxies?.reader.dropConnections();
  }

  later(transition: Transition, id: string, work: () => Promise<void>): void {
    this.scheduleWork(transition, id, () => work());
  }

  clusterTopologyChanged(account: string, region: string, groupId: string): void {
    pushTopology(this, account, region, groupId);
  }

  isCurrent(gen: number): boolean {
    return gen === this.generation;
  }

  /** Brings back every stored resource: running nodes restart on their ports, transitions resume. */
  async start(): Promise<void> {
    for (const rec of this.state.cacheClusters.all()) {
      if (rec.replicationGroupId !== undefined) continue;
      if (rec.status === 'creating') this.schedule('create-cluster', rec);
      else if (rec.status === 'deleting') this.schedule('delete-cluster', rec);
      else if (rec.status === 'rebooting cache cluster nodes') this.schedule('reboot-cluster', rec);
      else if (rec.status === 'modifying') {
        await this.restartNodes(rec);
        this.schedule('modify-cluster', rec);
      }
      else await this.restartNodes(rec);
    }
    for (const rg of this.state.replicationGroups.all()) {
      if (rg.status === 'available') await this.convergeGroup(rg.account, rg.region, rg.id, this.generation);
      else this.replicationGroupChanged(rg);
    }
  }

  get testFailoverLimit(): number {
    return this.options.testFailoverLimit ?? 15;
  }

  get clusterNodeQuota(): number {
    return this.options.clusterNodeQuota ?? 90;
  }

  /** A group was created, modified or marked for deletion: converge it after the profile's delay. */
  replicationGroupChanged(rg: ReplicationGroupRecord): void {
    const transition: Transition =
      rg.status === 'creating' ? 'create-replication-group' : rg.status === 'deleting' ? 'delete-replication-group' : 'modify-replication-group';
    this.scheduleWork(transition, rg.id, (gen) => this.convergeGroup(rg.account, rg.region, rg.id, gen));
  }

  cacheClusterCreated(rec: CacheClusterRecord): void {
    this.schedule('create-cluster', rec);
  }

  cacheClusterDeleting(rec: CacheClusterRecord): void {
    this.schedule('delete-cluster', rec);
  }

  /** ModifyCacheCluster of the node type or engine version: applied after the profile's delay. */
  cacheClusterModifying(rec: CacheClusterRecord): void {
    this.schedule('modify-cluster', rec);
  }

  /** RebootCacheCluster: the nodes marked `rebooting` restart after the profile's delay. */
  cacheClusterRebooting(rec: CacheClusterRecord): void {
    this.schedule('reboot-cluster', rec);
  }

  /** The running engine node behind a cache node, if any. */
  engineNode(account: string, region: string, clusterId: string, nodeId: string): EngineNode | undefined {
    return this.nodes.get(nodeKey(account, region, clusterId, nodeId));
  }

  /** Keys a running node holds outside database 0 (cluster mode serves database 0 only). */
  keysOutsideFirstDatabase(account: string, region: string, clusterId: string): number {
    const engine = this.engineOf(account, region, clusterId);
    return engine ? engine.databases.reduce((n, db) => (db.id === 0 ? n : n + db.size), 0) : 0;
  }

  get runningNodes(): number {
    return this.nodes.size;
  }

  /** Stops every node and forgets scheduled work; the state is left as it is. */
  async stop(): Promise<void> {
    this.generation++;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
    const endpoints = [...this.endpoints.values()];
    this.endpoints.clear();
    await Promise.all(endpoints.flatMap((e) => [e.primary.close(), e.reader.close()]));
    const configurationEndpoints = [...this.configurationEndpoints.values()];
    this.configurationEndpoints.clear();
    await Promise.all(configurationEndpoints.map((e) => e.close()));
    const nodes = [...this.nodes];
    this.nodes.clear();
    this.nodeAddresses?.clear();
    await Promise.all(
      nodes.map(async ([key, n]) => {
        await n.close();
        this.saveNodeData(key, n);
      }),
    );
  }

  /** The file holding a node's dataset between emulator runs. */
  private dataFile(key: string): string | null {
    const dir = this.options.dataDir;
    return dir ? join(dir, 'nodes', `${key.replaceAll('/', '_')}.rdb`) : null;
  }

  private saveNodeData(key: string, engine: EngineNode): void {
    const file = this.dataFile(key);
    if (!file || engine.keyCount() === 0) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, saveDataset(engine));
  }

  /** Loads (and consumes) a dataset saved at the last shutdown; a broken file is reported and skipped. */
  private restoreNodeData(key: string, engine: EngineNode): void {
    const file = this.dataFile(key);
    if (!file) return;
    let rdb: Buffer;
    try {
      rdb = readFileSync(file);
    } catch {
      return;
    }
    try {
      loadDataset(engine, rdb);
    } catch (e) {
      process.emitWarning(`provisioner: could not load ${file}: ${(e as Error).message}`);
    }
    rmSync(file, { force: true });
  }

  private dropNodeData(key: string): void {
    const file = this.dataFile(key);
    if (file) rmSync(file, { force: true });
  }

  /** Stops everything and wipes the state (the reset endpoint). */
  async reset(): Promise<void> {
    await this.stop();
    this.state.wipe();
  }

  private schedule(transition: Transition, rec: CacheClusterRecord): void {
    this.scheduleWork(transition, rec.id, (gen) => this.runTransition(transition, rec.account, rec.region, rec.id, gen));
  }

  private scheduleWork(transition: Transition, id: string, work: (gen: number) => Promise<void>): void {
    const gen = this.generation;
    const run = () => {
      if (gen !== this.generation) return;
      const p = work(gen).catch((e: unknown) => {
        process.emitWarning(`provisioner: ${transition} of ${id} failed: ${(e as Error).stack ?? (e as Error).message}`);
      });
      this.inFlight.add(p);
      void p.finally(() => this.inFlight.delete(p));
    };
    const delay = this.options.timing.delay(transition);
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, delay);
    this.timers.add(t);
  }

  private async runTransition(transition: Transition, account: string, region: string, id: string, gen: number): Promise<void> {
    switch (transition) {
      case 'create-cluster':
        return this.finishCreate(account, region, id, gen);
      case 'delete-cluster':
        return this.finishDelete(account, region, id, gen);
      case 'reboot-cluster':
        return this.finishReboot(account, region, id, gen);
      case 'modify-cluster':
        return this.finishModify(account, region, id);
    }
  }

  /** A scaling or upgrade completes: the node takes its new maxmemory, parameters and version. */
  private async finishModify(account: string, region: string, id: string): Promise<void> {
    this.state.transaction(() => {
      const rec = this.state.cacheClusters.get(account, region, id);
      if (!rec || rec.status !== 'modifying') return;
      this.applySettings(rec);
      rec.status = 'available';
      this.state.cacheClusters.update(rec);
    });
  }

  /**
   * A reboot: each node marked `rebooting` stops, loses its data (as on AWS) and starts again with
   * what its records say now, requires-reboot parameters included; a primary's replicas then
   * resync from it, a replica from its primary. No failover: the customer asked for it.
   */
  private async finishReboot(account: string, region: string, id: string, gen: number): Promise<void> {
    const rec = this.state.cacheClusters.get(account, region, id);
    if (!rec || rec.status !== 'rebooting cache cluster nodes') return;
    const rebooting = rec.nodes.filter((n) => n.status === 'rebooting');
    for (const node of rebooting) {
      this.event(account, region, id, 'cache-cluster', `Cache node ${node.id} shutdown`);
      const key = nodeKey(account, region, id, node.id);
      const old = this.nodes.get(key);
      this.nodes.delete(key);
      await old?.close();
      this.dropNodeData(key);
    }
    if (gen !== this.generation) return;
    const started: Array<[CacheNodeRecord, EngineNode]> = [];
    for (const node of rebooting) started.push([node, await this.startEngine(rec, node)]);
    for (const [, engine] of started) rejoinShard(this, rec, engine);
    const now = this.now();
    this.state.transaction(() => {
      const current = this.state.cacheClusters.get(account, region, id);
      if (!current || current.status !== 'rebooting cache cluster nodes') return;
      for (const [node, engine] of started) {
        const n = current.nodes.find((x) => x.id === node.id)!;
        n.status = 'available';
        n.port = engine.port;
        n.address = this.addressOf(engine);
        this.event(account, region, id, 'cache-cluster', `Cache node ${n.id} restarted`, now);
      }
      current.status = 'available';
      this.state.cacheClusters.update(current);
    });
  }

  private async finishCreate(account: string, region: string, id: string, gen: number): Promise<void> {
    const rec = this.state.cacheClusters.get(account, region, id);
    if (!rec || rec.status !== 'creating') return;
    const started: Array<[CacheNodeRecord, EngineNode]> = [];
    for (const node of rec.nodes) started.push([node, await this.startEngine(rec, node)]);
    if (gen !== this.generation) {
      await Promise.all(started.map(([, e]) => e.close()));
      return;
    }
    const now = this.now();
    this.state.transaction(() => {
      const current = this.state.cacheClusters.get(account, region, id);
      if (!current) return;
      for (const [node, engine] of started) {
        const n = current.nodes.find((x) => x.id === node.id)!;
        n.status = 'available';
        n.port = engine.port;
        n.address = this.addressOf(engine);
        n.createdAt = now;
      }
      current.status = 'available';
      this.state.cacheClusters.update(current);
      for (const n of current.nodes) this.event(account, region, id, 'cache-cluster', `Added cache node ${n.id} in availability zone ${n.availabilityZone}`, now);
      this.event(account, region, id, 'cache-cluster', 'Cache cluster created', now);
    });
  }

  private async finishDelete(account: string, region: string, id: string, gen: number): Promise<void> {
    const rec = this.state.cacheClusters.get(account, region, id);
    if (!rec || rec.status !== 'deleting') return;
    await this.stopNodes(rec);
    if (gen !== this.generation) return;
    this.state.transaction(() => {
      this.state.cacheClusters.delete(account, region, id);
      this.state.tags.removeAll(rec.arn);
      for (const n of rec.nodes) this.state.ports.release(account, region, portOwner(id, n.id));
      this.event(account, region, id, 'cache-cluster', 'Cache cluster deleted', this.now());
    });
  }

  /** Serialises convergence per group: a change that arrives mid-way is handled by a second pass. */
  private convergeGroup(account: string, region: string, id: string, gen: number): Promise<void> {
    const key = `${account}/${region}/${id}`;
    const previous = this.converging.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.convergeGroupOnce(account, region, id, gen));
    this.converging.set(key, next);
    void next.finally(() => {
      if (this.converging.get(key) === next) this.converging.delete(key);
    });
    return next;
  }

  /**
   * Brings a replication group's nodes, replication links and endpoints to what its records say,
   * then records the outcome (statuses, ports, events) in one transaction.
   */
  private async convergeGroupOnce(account: string, region: string, id: string, gen: number): Promise<void> {
    if (gen !== this.generation) return;
    const { rg, changed: modeChanged } = applyClusterModeChange(this.state, account, region, id);
    if (!rg) return;
    if (modeChanged) await this.closeUnwantedEndpoints(rg);
    const members = rg.members
      .map((m) => this.state.cacheClusters.get(account, region, m))
      .filter((m): m is CacheClusterRecord => m !== undefined);
    if (rg.status === 'deleting') {
      await this.closeEndpoints(rg);
      for (const m of members) await this.stopNodes(m);
      if (gen !== this.generation) return;
      const now = this.now();
      this.state.transaction(() => {
        for (const m of members) this.forgetCluster(m, now);
        this.state.replicationGroups.delete(account, region, id);
        this.state.tags.removeAll(rg.arn);
        this.state.ports.release(account, region, endpointOwner(id, 'primary'));
        this.state.ports.release(account, region, endpointOwner(id, 'reader'));
        this.state.ports.release(account, region, endpointOwner(id, 'configuration'));
        this.event(account, region, id, 'replication-group', `Replication group ${id} deleted`, now);
      });
      return;
    }
    // Members on their way out (DecreaseReplicaCount) stop first.
    const leaving = members.filter((m) => m.status === 'deleting');
    for (const m of leaving) await this.stopNodes(m);
    const staying = members.filter((m) => m.status !== 'deleting');
    // A cluster mode change: nodes restart with or without cluster-enabled, keeping their data.
    for (const m of staying) await this.restartIfClusterModeChanged(m);
    const engines = new Map<string, EngineNode>();
    // Nodes down from an injected crash or AZ outage stay down until failover recovers them.
    for (const m of staying) if (!this.failover.isDown(m)) engines.set(m.id, await this.startEngine(m, m.nodes[0]));
    if (gen !== this.generation) return;
    // Every shard (the one of cluster mode disabled, or each node group): a primary and its replicas.
    const [{ primary, replicaEngines }] = shardsOf(rg).map((shard) => {
      const primary = engines.get(shard.primaryClusterId);
      if (!primary) throw new Error(`primary ${shard.primaryClusterId} of ${id} has no running node`);
      const replicaEngines = shard.members.filter((m) => m !== shard.primaryClusterId).flatMap((m) => engines.get(m) ?? []);
      this.wireReplication(primary, replicaEngines);
      primary.setReplicationDelay(0);
      for (const r of replicaEngines) r.setReplicationDelay(rg.replicationLagMs);
      return { primary, replicaEngines };
    });
    // In DNS mode the group's names resolve to its nodes: no listeners of its own.
    const proxies = this.nodeAddresses || !hasPlainEndpoints(rg) ? null : await this.openEndpoints(rg);
    const configuration = this.nodeAddresses || !rg.clusterEnabled ? null : await this.openConfigurationEndpoint(rg);
    const now = this.now();
    const wasCreating = rg.status === 'creating';
    this.state.transaction(() => {
      const current = this.state.replicationGroups.get(account, region, id);
      if (!current || current.status === 'deleting') return;
      for (const m of leaving) {
        this.forgetCluster(m, now);
        current.members = current.members.filter((x) => x !== m.id);
        for (const g of current.nodeGroups ?? []) g.members = g.members.filter((x) => x !== m.id);
      }
      for (const m of staying) {
        const rec = this.state.cacheClusters.get(account, region, m.id);
        const engine = engines.get(m.id);
        if (!rec || !engine) continue;
        this.applySettings(rec);
        const node = rec.nodes[0];
        const created = rec.status === 'creating';
        node.status = 'available';
        node.port = engine.port;
        node.address = this.addressOf(engine);
        node.createdAt ??= now;
        rec.status = 'available';
        this.state.cacheClusters.update(rec);
        if (created) {
          this.event(account, region, rec.id, 'cache-cluster', `Added cache node ${node.id} in availability zone ${node.availabilityZone}`, now);
          this.event(account, region, rec.id, 'cache-cluster', 'Cache cluster created', now);
        }
      }
      if (current.clusterEnabled) current.configurationEndpointPort = configuration ? configuration.port : current.port;
      if (hasPlainEndpoints(current)) {
        current.primaryEndpointPort = proxies ? proxies.primary.port : primary.port;
        current.readerEndpointPort = proxies ? proxies.reader.port : (replicaEngines[0] ?? primary).port;
      }
      if (current.automaticFailover === 'enabling') {
        current.automaticFailover = 'enabled';
        if (!wasCreating) this.event(account, region, id, 'replication-group', `Automatic failover has been turned on for replication group ${id}`, now);
      }
      if (current.automaticFailover === 'disabling') current.automaticFailover = 'disabled';
      if (current.status === 'creating') this.event(account, region, id, 'replication-group', `Replication group ${id} created`, now);
      // Resharding keeps the group modifying until its slots have moved.
      current.status = reshardingPending(current) ? 'modifying' : 'available';
      this.state.replicationGroups.update(current);
    });
    if (!rg.clusterEnabled) return;
    pushTopology(this, account, region, id);
    const current = this.state.replicationGroups.get(account, region, id);
    if (!current || !reshardingPending(current)) return;
    if (!(await reshard(this, account, region, id, gen))) return;
    finishResharding(this.state, account, region, id);
    // A second pass stops the members of the shards that were removed and makes the group available.
    return this.convergeGroupOnce(account, region, id, gen);
  }

  /** Delays what every replica of a group applies by ms (tests of stale reads); 0 restores normal replication. */
  setReplicationLag(account: string, region: string, id: string, ms: number): boolean {
    const rg = this.state.transaction(() => {
      const current = this.state.replicationGroups.get(account, region, id);
      if (!current) return undefined;
      current.replicationLagMs = ms;
      this.state.replicationGroups.update(current);
      return current;
    });
    if (!rg) return false;
    const primaries = new Set(shardsOf(rg).map((s) => s.primaryClusterId));
    for (const m of rg.members) {
      const engine = this.nodes.get(nodeKey(account, region, m, '0001'));
      if (engine) engine.setReplicationDelay(primaries.has(m) ? 0 : ms);
    }
    return true;
  }

  /** Delays what a cluster's node receives from its clients by ms (0 clears); kept across node replacements. */
  setConnectionLatency(account: string, region: string, id: string, ms: number): boolean {
    const rec = this.state.transaction(() => {
      const current = this.state.cacheClusters.get(account, region, id);
      if (!current) return undefined;
      current.connectionLatencyMs = ms;
      this.state.cacheClusters.update(current);
      return current;
    });
    if (!rec) return false;
    for (const n of rec.nodes) this.nodes.get(nodeKey(account, region, id, n.id))?.setClientLatency(ms);
    return true;
  }

  /** Makes `primary` a primary and every other node its replica. */
  private wireReplication(primary: EngineNode, replicas: EngineNode[]): void {
    if (primary.primary !== null) primary.setReplicaOf(null);
    for (const r of replicas) {
      const p = r.primary;
      if (!p || p.port !== primary.port || p.host !== primary.host) r.setReplicaOf({ host: primary.host, port: primary.port });
    }
  }

  private async openEndpoints(rg: ReplicationGroupRecord): Promise<{ primary: EndpointProxy; reader: EndpointProxy }> {
    const key = groupKey(rg.account, rg.region, rg.id);
    const existing = this.endpoints.get(key);
    if (existing) return existing;
    const primary = new EndpointProxy(() => this.primaryTarget(rg.account, rg.region, rg.id));
    const reader = new EndpointProxy(() => this.readerTarget(rg.account, rg.region, rg.id));
    await this.listenOnAllocatedPort(rg.account, rg.region, endpointOwner(rg.id, 'primary'), (p) => primary.listen(p, this.options.listenHost));
    await this.listenOnAllocatedPort(rg.account, rg.region, endpointOwner(rg.id, 'reader'), (p) => reader.listen(p, this.options.listenHost));
    const proxies = { primary, reader };
    this.endpoints.set(key, proxies);
    return proxies;
  }

  private async closeEndpoints(rg: ReplicationGroupRecord): Promise<void> {
    const key = groupKey(rg.account, rg.region, rg.id);
    const proxies = this.endpoints.get(key);
    const configuration = this.configurationEndpoints.get(key);
    this.endpoints.delete(key);
    this.configurationEndpoints.delete(key);
    this.readerTurn.delete(key);
    if (proxies) await Promise.all([proxies.primary.close(), proxies.reader.close()]);
    await configuration?.close();
  }

  /** After a cluster mode change: closes the endpoints the group no longer has and frees their ports. */
  private async closeUnwantedEndpoints(rg: ReplicationGroupRecord): Promise<void> {
    const key = groupKey(rg.account, rg.region, rg.id);
    const owners: string[] = [];
    const proxies = this.endpoints.get(key);
    if (!hasPlainEndpoints(rg)) {
      this.endpoints.delete(key);
      if (proxies) await Promise.all([proxies.primary.close(), proxies.reader.close()]);
      owners.push(endpointOwner(rg.id, 'primary'), endpointOwner(rg.id, 'reader'));
    }
    const configuration = this.configurationEndpoints.get(key);
    if (!rg.clusterEnabled) {
      this.configurationEndpoints.delete(key);
      await configuration?.close();
      owners.push(endpointOwner(rg.id, 'configuration'));
    }
    this.state.transaction(() => {
      for (const owner of owners) this.state.ports.release(rg.account, rg.region, owner);
    });
  }

  /**
   * A running node whose cluster-enabled setting differs from what its group now wants (a
   * ModifyReplicationGroup ClusterMode) restarts on the same address and port with its dataset.
   */
  private async restartIfClusterModeChanged(rec: CacheClusterRecord): Promise<void> {
    const key = nodeKey(rec.account, rec.region, rec.id, rec.nodes[0].id);
    const engine = this.nodes.get(key);
    if (!engine || engine.cluster.enabled === (clusterConfigOf(this.state, rec)['cluster-enabled'] === 'yes')) return;
    const dataset = saveDataset(engine);
    this.nodes.delete(key);
    await engine.close();
    await this.startEngine(rec, rec.nodes[0], dataset);
  }

  /** A cluster-mode-enabled group's configuration endpoint: a listener clients discover the topology through. */
  private async openConfigurationEndpoint(rg: ReplicationGroupRecord): Promise<EndpointProxy> {
    const key = groupKey(rg.account, rg.region, rg.id);
    const existing = this.configurationEndpoints.get(key);
    if (existing) return existing;
    const proxy = new EndpointProxy(() => this.configurationTarget(rg.account, rg.region, rg.id));
    await this.listenOnAllocatedPort(rg.account, rg.region, endpointOwner(rg.id, 'configuration'), (p) => proxy.listen(p, this.options.listenHost));
    this.configurationEndpoints.set(key, proxy);
    return proxy;
  }

  /** Where the configuration endpoint leads: the shards' live primaries in turn (any node answers CLUSTER SLOTS). */
  private configurationTarget(account: string, region: string, id: string): ProxyTarget | null {
    const rg = this.state.replicationGroups.get(account, region, id);
    if (!rg) return null;
    const targets = shardsOf(rg)
      .map((s) => this.engineTarget(account, region, s.primaryClusterId))
      .filter((t): t is ProxyTarget => t !== null);
    if (targets.length === 0) return null;
    const key = groupKey(account, region, id);
    const turn = this.readerTurn.get(key) ?? 0;
    this.readerTurn.set(key, turn + 1);
    return targets[turn % targets.length];
  }

  private engineTarget(account: string, region: string, clusterId: string): ProxyTarget | null {
    const engine = this.nodes.get(nodeKey(account, region, clusterId, '0001'));
    return engine && engine.listening ? { host: engine.host, port: engine.port } : null;
  }

  /** Where the primary endpoint leads now: the current primary of the group's (single) shard. */
  private primaryTarget(account: string, region: string, id: string): ProxyTarget | null {
    const rg = this.state.replicationGroups.get(account, region, id);
    return rg ? this.engineTarget(account, region, shardsOf(rg)[0].primaryClusterId) : null;
  }

  /** Where the reader endpoint leads: the replicas in turn, or the primary when there are none. */
  private readerTarget(account: string, region: string, id: string): ProxyTarget | null {
    const rg = this.state.replicationGroups.get(account, region, id);
    if (!rg) return null;
    const shard = shardsOf(rg)[0];
    const replicas = shard.members
      .filter((m) => m !== shard.primaryClusterId)
      .map((m) => this.engineTarget(account, region, m))
      .filter((t): t is ProxyTarget => t !== null);
    if (replicas.length === 0) return this.engineTarget(account, region, shard.primaryClusterId);
    const key = groupKey(account, region, id);
    const turn = this.readerTurn.get(key) ?? 0;
    this.readerTurn.set(key, turn + 1);
    return replicas[turn % replicas.length];
  }

  /** Removes a cluster's records after its node stopped (inside a transaction). */
  private forgetCluster(m: CacheClusterRecord, now: number): void {
    this.state.cacheClusters.delete(m.account, m.region, m.id);
    this.state.tags.removeAll(m.arn);
    for (const n of m.nodes) this.state.ports.release(m.account, m.region, portOwner(m.id, n.id));
    this.event(m.account, m.region, m.id, 'cache-cluster', 'Cache cluster deleted', now);
  }

  /** Binds a listener on the port allocated to owner, moving to another port if that one is taken. */
  private async listenOnAllocatedPort(account: string, region: string, owner: string, listen: (port: number) => Promise<number>): Promise<number> {
    const unusable = new Set<number>();
    for (;;) {
      const port = this.state.ports.allocate(account, region, owner, (p) => !unusable.has(p));
      if (port === null) throw new Error('no free port left in the configured node port range');
      try {
        return await listen(port);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
        unusable.add(port);
        this.state.ports.release(account, region, owner);
      }
    }
  }

  /** After an emulator restart: nodes come back on the ports they had (moving only on conflict). */
  private async restartNodes(rec: CacheClusterRecord): Promise<void> {
    let moved = false;
    for (const node of rec.nodes) {
      if (node.status === 'deleting') continue;
      const engine = await this.startEngine(rec, node);
      if (engine.port !== node.port || this.addressOf(engine) !== node.address) {
        node.port = engine.port;
        node.address = this.addressOf(engine);
        moved = true;
      }
    }
    if (moved) this.state.cacheClusters.update(rec);
  }

  private async stopNodes(rec: CacheClusterRecord): Promise<void> {
    await Promise.all(
      rec.nodes.map(async (n) => {
        const key = nodeKey(rec.account, rec.region, rec.id, n.id);
        const engine = this.nodes.get(key);
        this.nodes.delete(key);
        await engine?.close();
        this.dropNodeData(key);
        this.nodeAddresses?.release(key);
      }),
    );
  }

  /**
   * Starts an engine node for a cache node on its allocated port, trying others if it is taken,
   * with the given dataset (a restart keeping data) or else the one saved at the last shutdown.
   */
  private async startEngine(rec: CacheClusterRecord, node: CacheNodeRecord, dataset?: Buffer): Promise<EngineNode> {
    const key = nodeKey(rec.account, rec.region, rec.id, node.id);
    const running = this.nodes.get(key);
    if (running) return running;
    const engine = new EngineNode({
      version: rec.engineVersion,
      engine: rec.engine === 'valkey' ? 'valkey' : 'redis',
      config: { ...nodeSettingsOf(this.state, rec), ...clusterConfigOf(this.state, rec) },
      restrictedCommands: ELASTICACHE_RESTRICTED_COMMANDS,
    });
    engine.setClientLatency(rec.connectionLatencyMs ?? 0);
    if (dataset) loadDataset(engine, dataset);
    else this.restoreNodeData(key, engine);
    if (this.nodeAddresses) await this.listenOnOwnAddress(rec, node, engine, this.nodeAddresses.allocate(key, node.address));
    else await this.listenOnAllocatedPort(rec.account, rec.region, portOwner(rec.id, node.id), (p) => engine.listen(p, this.options.listenHost));
    this.nodes.set(key, engine);
    return engine;
  }

  /**
   * DNS mode: the node listens on its own address and its cluster's port, as on AWS. If something
   * holds that port on every address (a wildcard listener), it takes a port of the range instead.
   */
  private async listenOnOwnAddress(rec: CacheClusterRecord, node: CacheNodeRecord, engine: EngineNode, address: string): Promise<void> {
    try {
      await engine.listen(rec.port, address);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
      process.emitWarning(`provisioner: ${address}:${rec.port} is taken (${code}); node ${rec.id}/${node.id} listens on a port of the node port range instead`);
      await this.listenOnAllocatedPort(rec.account, rec.region, portOwner(rec.id, node.id), (p) => engine.listen(p, address));
    }
  }

  /**
   * ModifyCacheParameterGroup, ResetCacheParameterGroup: the running nodes of every cluster using
   * the group take the new values of its immediate parameters at once (a lower maxmemory evicts);
   * requires-reboot parameters wait for a node's next start.
   */
  parameterGroupChanged(account: string, region: string, name: string): void {
    for (const rec of this.state.cacheClusters.list(account, region)) if (rec.cacheParameterGroupName === name) this.applySettings(rec);
  }

  /**
   * The running nodes of a cluster take what its records say now: its parameter group's immediate
   * parameters (another group, after ModifyReplicationGroup) and its node type's maxmemory (after
   * a scaling). Requires-reboot parameters wait for a node's next start.
   */
  applySettings(rec: CacheClusterRecord): void {
    const group = parameterGroupValues(this.state, rec.account, rec.region, rec.cacheParameterGroupName);
    const rebootOnly = group ? rebootOnlySettings(group.family) : new Set<string>();
    const settings = Object.entries(nodeSettingsOf(this.state, rec)).filter(([setting]) => !rebootOnly.has(setting));
    for (const node of rec.nodes) {
      const engine = this.nodes.get(nodeKey(rec.account, rec.region, rec.id, node.id));
      if (!engine) continue;
      for (const [setting, value] of settings) if (engine.config.get(setting) !== value) engine.config.set(setting, value);
      // An upgrade keeps the node and its data; clients see the new version in INFO and HELLO.
      engine.version = rec.engineVersion;
      engine.engine = rec.engine === 'valkey' ? 'valkey' : 'redis';
    }
  }

  event(account: string, region: string, sourceIdentifier: string, sourceType: EventSourceType, message: string, date = this.now()): void {
    this.state.events.add(account, region, { sourceIdentifier, sourceType, message, date });
  }
}

function nodeKey(account: string, region: string, clusterId: string, nodeId: string): string {
  return `${account}/${region}/${clusterId}/${nodeId}`;
}

export function portOwner(clusterId: string, nodeId: string): string {
  return `cluster:${clusterId}/${nodeId}`;
}

function endpointOwner(groupId: string, kind: 'primary' | 'reader' | 'configuration'): string {
  return `replicationgroup:${groupId}/${kind}`;
}

function groupKey(account: string, region: string, id: string): string {
  return `${account}/${region}/${id}`;
}
