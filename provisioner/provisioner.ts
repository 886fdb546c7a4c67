import { EngineNode } from '../engine/engine-node.ts';
import type { CacheClusterRecord, CacheNodeRecord } from '../state/cache-clusters.ts';
import type { EventSourceType } from '../state/events.ts';
import type { State } from '../state/state.ts';
import { maxmemoryOf } from './node-types.ts';
import { Timing, type Transition } from './timing.ts';

export interface ProvisionerOptions {
  /** Address engine nodes listen on. */
  listenHost: string;
  /** Address reported in endpoints (what clients connect to). */
  advertisedHost: string;
  timing: Timing;
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
export class Provisioner {
  private readonly nodes = new Map<string, EngineNode>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Bumped by reset/stop so that work scheduled before it does nothing. */
  private generation = 0;
  private readonly now: () => number;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly state: State,
    private readonly options: ProvisionerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Brings back every stored resource: running nodes restart on their ports, transitions resume. */
  async start(): Promise<void> {
    for (const rec of this.state.cacheClusters.all()) {
      if (rec.status === 'creating') this.schedule('create-cluster', rec);
      else if (rec.status === 'deleting') this.schedule('delete-cluster', rec);
      else await this.restartNodes(rec);
    }
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
    const nodes = [...this.nodes.values()];
    this.nodes.clear();
    await Promise.all(nodes.map((n) => n.close()));
  }

  /** Stops everything and wipes the state (the reset endpoint). */
  async reset(): Promise<void> {
    await this.stop();
    this.state.wipe();
  }

  private schedule(transition: Transition, rec: CacheClusterRecord): void {
    const gen = this.generation;
    const run = () => {
      if (gen !== this.generation) return;
      const p = this.runTransition(transition, rec.account, rec.region, rec.id, gen).catch((e: unknown) => {
        process.emitWarning(`provisioner: ${transition} of ${rec.id} failed: ${(e as Error).message}`);
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
      }),
    );
  }

  /** Starts an engine node for a cache node on its allocated port, trying others if it is taken. */
  private async startEngine(rec: CacheClusterRecord, node: CacheNodeRecord): Promise<EngineNode> {
    const key = nodeKey(rec.account, rec.region, rec.id, node.id);
    const running = this.nodes.get(key);
    if (running) return running;
    const owner = portOwner(rec.id, node.id);
    const unusable = new Set<number>();
    for (;;) {
      const port = this.state.ports.allocate(rec.account, rec.region, owner, (p) => !unusable.has(p));
      if (port === null) throw new Error('no free port left in the configured node port range');
      const engine = new EngineNode({
        version: rec.engineVersion,
        engine: rec.engine === 'valkey' ? 'valkey' : 'redis',
        config: {
          maxmemory: String(maxmemoryOf(rec.cacheNodeType) ?? 0),
          'maxmemory-policy': 'volatile-lru',
        },
        restrictedCommands: ELASTICACHE_RESTRICTED_COMMANDS,
      });
      try {
        await engine.listen(port, this.options.listenHost);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (e as NodeJS.ErrnoException).code !== 'EACCES') throw e;
        unusable.add(port);
        this.state.ports.release(rec.account, rec.region, owner);
        continue;
      }
      this.nodes.set(key, engine);
      return engine;
    }
  }

  private event(account: string, region: string, sourceIdentifier: string, sourceType: EventSourceType, message: string, date: number): void {
    this.state.events.add(account, region, { sourceIdentifier, sourceType, message, date });
  }
}

function nodeKey(account: string, region: string, clusterId: string, nodeId: string): string {
  return `${account}/${region}/${clusterId}/${nodeId}`;
}

export function portOwner(clusterId: string, nodeId: string): string {
  return `cluster:${clusterId}/${nodeId}`;
}
