import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EngineNode } from '../engine/engine-node.ts';
import { loadDataset, saveDataset } from '../engine/persistence.ts';
import type { CacheClusterRecord, CacheNodeRecord } from '../state/cache-clusters.ts';
import type { EventSourceType } from '../state/events.ts';
import type { ReplicationGroupRecord } from '../state/replication-groups.ts';
import type { State } from '../state/state.ts';
import { EndpointProxy, type ProxyTarget } from './endpoint-proxy.ts';
import { Failover, type FailoverHost } from './failover.ts';
import { maxmemoryOf } from './node-types.ts';
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
}

/**
 * Commands ElastiCache does not let users run; a node answers them as unknown commands.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/RestrictedCommands.html
 */
export const ELASTICACHE_RESTRICTED_COMMANDS = [
  'bgrewriteaof',
  'bgsave',
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
export class Provisioner implements FailoverHost {
  private readonly nodes = new Map<string, EngineNode>();
  /** Failover, crashes and AZ outages (TestFailover and the fault-injection API drive it). */
  readonly failover: Failover;
  /** Primary and reader endpoint listeners of each replication group. */
  private readonly endpoints = new Map<string, { primary: EndpointProxy; reader: EndpointProxy }>();
  /** Round-robin position of each reader endpoint. */
  private readonly readerTurn = new Map<string, number>();
  /** One convergence at a time per group; a change during one runs another after it. */
  private readonly converging = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Bumped by reset/stop so that work scheduled before it does nothing. */
  private generation = 0;
  private readonly now: () => number;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    readonly state: State,
    private readonly options: ProvisionerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.failover = new Failover(this);
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

  /** Brings back every stored resource: running nodes restart on their ports, transitions resume. */
  async start(): Promise<void> {
    for (const rec of this.state.cacheClusters.all()) {
      if (rec.replicationGroupId !== undefined) continue;
      if (rec.status === 'creating') this.schedule('create-cluster', rec);
      else if (rec.status === 'deleting') this.schedule('delete-cluster', rec);
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

  get advertisedHost(): string {
    return this.options.advertisedHost;
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

  /** The running engine node behind a cache node, if any. */
  engineNode(account: string, region: string, clusterId: string, nodeId: string): EngineNode | undefined {
    return this.nodes.get(nodeKey(account, region, clusterId, nodeId));
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
    const nodes = [...this.nodes];
    this.nodes.clear();
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
    }
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
        n.address = this.options.advertisedHost;
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
    const rg = this.state.replicationGroups.get(account, region, id);
    if (!rg) return;
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
        this.event(account, region, id, 'replication-group', `Replication group ${id} deleted`, now);
      });
      return;
    }
    // Members on their way out (DecreaseReplicaCount) stop first.
    const leaving = members.filter((m) => m.status === 'deleting');
    for (const m of leaving) await this.stopNodes(m);
    const staying = members.filter((m) => m.status !== 'deleting');
    const engines = new Map<string, EngineNode>();
    // Nodes down from an injected crash or AZ outage stay down until failover recovers them.
    for (const m of staying) if (!this.failover.isDown(m)) engines.set(m.id, await this.startEngine(m, m.nodes[0]));
    if (gen !== this.generation) return;
    const primary = engines.get(rg.primaryClusterId);
    if (!primary) throw new Error(`primary ${rg.primaryClusterId} of ${id} has no running node`);
    const replicaEngines = [...engines].filter(([mid]) => mid !== rg.primaryClusterId).map(([, e]) => e);
    this.wireReplication(primary, replicaEngines);
    primary.setReplicationDelay(0);
    for (const r of replicaEngines) r.setReplicationDelay(rg.replicationLagMs);
    const proxies = await this.openEndpoints(rg);
    const now = this.now();
    const wasCreating = rg.status === 'creating';
    this.state.transaction(() => {
      const current = this.state.replicationGroups.get(account, region, id);
      if (!current || current.status === 'deleting') return;
      for (const m of leaving) {
        this.forgetCluster(m, now);
        current.members = current.members.filter((x) => x !== m.id);
      }
      for (const m of staying) {
        const rec = this.state.cacheClusters.get(account, region, m.id);
        const engine = engines.get(m.id);
        if (!rec || !engine) continue;
        const node = rec.nodes[0];
        const created = rec.status === 'creating';
        node.status = 'available';
        node.port = engine.port;
        node.address = this.options.advertisedHost;
        node.createdAt ??= now;
        rec.status = 'available';
        this.state.cacheClusters.update(rec);
        if (created) {
          this.event(account, region, rec.id, 'cache-cluster', `Added cache node ${node.id} in availability zone ${node.availabilityZone}`, now);
          this.event(account, region, rec.id, 'cache-cluster', 'Cache cluster created', now);
        }
      }
      current.primaryEndpointPort = proxies.primary.port;
      current.readerEndpointPort = proxies.reader.port;
      if (current.automaticFailover === 'enabling') {
        current.automaticFailover = 'enabled';
        if (!wasCreating) this.event(account, region, id, 'replication-group', `Automatic failover has been turned on for replication group ${id}`, now);
      }
      if (current.automaticFailover === 'disabling') current.automaticFailover = 'disabled';
      if (current.status === 'creating') this.event(account, region, id, 'replication-group', `Replication group ${id} created`, now);
      current.status = 'available';
      this.state.replicationGroups.update(current);
    });
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
    for (const m of rg.members) {
      const engine = this.nodes.get(nodeKey(account, region, m, '0001'));
      if (engine) engine.setReplicationDelay(m === rg.primaryClusterId ? 0 : ms);
    }
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
    this.endpoints.delete(key);
    this.readerTurn.delete(key);
    if (proxies) await Promise.all([proxies.primary.close(), proxies.reader.close()]);
  }

  private engineTarget(account: string, region: string, clusterId: string): ProxyTarget | null {
    const engine = this.nodes.get(nodeKey(account, region, clusterId, '0001'));
    return engine && engine.listening ? { host: engine.host, port: engine.port } : null;
  }

  /** Where the primary endpoint leads now: the group's current primary. */
  private primaryTarget(account: string, region: string, id: string): ProxyTarget | null {
    const rg = this.state.replicationGroups.get(account, region, id);
    return rg ? this.engineTarget(account, region, rg.primaryClusterId) : null;
  }

  /** Where the reader endpoint leads: the replicas in turn, or the primary when there are none. */
  private readerTarget(account: string, region: string, id: string): ProxyTarget | null {
    const rg = this.state.replicationGroups.get(account, region, id);
    if (!rg) return null;
    const replicas = rg.members
      .filter((m) => m !== rg.primaryClusterId)
      .map((m) => this.engineTarget(account, region, m))
      .filter((t): t is ProxyTarget => t !== null);
    if (replicas.length === 0) return this.engineTarget(account, region, rg.primaryClusterId);
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
      if (engine.port !== node.port) {
        node.port = engine.port;
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
      }),
    );
  }

  /** Starts an engine node for a cache node on its allocated port, trying others if it is taken. */
  private async startEngine(rec: CacheClusterRecord, node: CacheNodeRecord): Promise<EngineNode> {
    const key = nodeKey(rec.account, rec.region, rec.id, node.id);
    const running = this.nodes.get(key);
    if (running) return running;
    const engine = new EngineNode({
      version: rec.engineVersion,
      engine: rec.engine === 'valkey' ? 'valkey' : 'redis',
      config: {
        maxmemory: String(maxmemoryOf(rec.cacheNodeType) ?? 0),
        'maxmemory-policy': 'volatile-lru',
      },
      restrictedCommands: ELASTICACHE_RESTRICTED_COMMANDS,
    });
    this.restoreNodeData(key, engine);
    await this.listenOnAllocatedPort(rec.account, rec.region, portOwner(rec.id, node.id), (p) => engine.listen(p, this.options.listenHost));
    this.nodes.set(key, engine);
    return engine;
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

function endpointOwner(groupId: string, kind: 'primary' | 'reader'): string {
  return `replicationgroup:${groupId}/${kind}`;
}

function groupKey(account: string, region: string, id: string): string {
  return `${account}/${region}/${id}`;
}
