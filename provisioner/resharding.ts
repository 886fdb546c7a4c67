import { migrateAsNode } from '../engine/cluster/migrate.ts';
import type { EngineNode } from '../engine/engine-node.ts';
import { SLOT_COUNT, slotOwners, withSlot, withoutSlot, type NodeGroupRecord } from '../state/node-groups.ts';
import type { State } from '../state/state.ts';
import { clusterNodeId, groupTopology, type ClusterHost } from './cluster-topology.ts';

/** Keys per MIGRATE, and how long one may take. */
const BATCH = 100;
const MIGRATE_TIMEOUT_MS = 10_000;

export interface ReshardingHost extends ClusterHost {
  /** False once a reset or shutdown made this work stale. */
  isCurrent(gen: number): boolean;
}

/**
 * Online resharding (ModifyReplicationGroupShardConfiguration): moves every slot whose target
 * shard is not the one serving it, one slot at a time as `redis-cli --cluster reshard` does. The
 * target imports the slot, the source marks it migrating, MIGRATE moves its keys in batches (with
 * their TTLs) while clients keep going (a key already moved answers ASK, a key in flight waits),
 * then every node learns the new owner. Each moved slot is saved with ProgressPercentage, so the
 * topology pushed on a failover meanwhile is right and a restart resumes where it stopped.
 * Returns whether every slot arrived (false: a reset or shutdown stopped it).
 */
export async function reshard(host: ReshardingHost, account: string, region: string, id: string, gen: number): Promise<boolean> {
  const rg = host.state.replicationGroups.get(account, region, id);
  if (!rg?.nodeGroups) return true;
  const groups = rg.nodeGroups;
  const owner = slotOwners(groups);
  const target = slotOwners(groups.map((g) => ({ slots: g.targetSlots ?? (g.removing ? [] : g.slots) })));
  const moves: number[] = [];
  for (let s = 0; s < SLOT_COUNT; s++) if (target[s] >= 0 && owner[s] !== target[s]) moves.push(s);
  const engines = groupTopology(host, rg).engines.map(([, e]) => e);
  for (let k = 0; k < moves.length; k++) {
    if (!host.isCurrent(gen)) return false;
    const slot = moves[k];
    const from = groups[owner[slot]];
    const to = groups[target[slot]];
    await moveSlot(host, account, region, from, to, slot, engines);
    owner[slot] = target[slot];
    const progress = Math.floor(((k + 1) * 1000) / moves.length) / 10;
    host.state.transaction(() => {
      const current = host.state.replicationGroups.get(account, region, id);
      if (!current?.nodeGroups) return;
      for (const g of current.nodeGroups) {
        if (g.id === from.id) g.slots = withoutSlot(g.slots, slot);
        if (g.id === to.id) g.slots = withSlot(g.slots, slot);
      }
      current.reshardingProgress = progress;
      host.state.replicationGroups.update(current);
    });
    // Let clients' commands run between slots, also when slots hold no keys.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return host.isCurrent(gen);
}

/** One slot from the primary of `from` to the primary of `to`, keys included. */
async function moveSlot(
  host: ReshardingHost,
  account: string,
  region: string,
  from: NodeGroupRecord,
  to: NodeGroupRecord,
  slot: number,
  engines: EngineNode[],
): Promise<void> {
  const src = host.engineOf(account, region, from.primaryClusterId);
  const dst = host.engineOf(account, region, to.primaryClusterId);
  if (!src?.listening || !dst?.listening) throw new Error(`cannot move slot ${slot}: the primary of node group ${!src?.listening ? from.id : to.id} is not running`);
  const srcId = clusterNodeId(account, region, from.primaryClusterId);
  const dstId = clusterNodeId(account, region, to.primaryClusterId);
  const s = String(slot);
  admin(dst, ['CLUSTER', 'SETSLOT', s, 'IMPORTING', srcId]);
  admin(src, ['CLUSTER', 'SETSLOT', s, 'MIGRATING', dstId]);
  for (;;) {
    const keys = src.cluster.slotIndex!.keys(slot, BATCH);
    if (keys.length === 0) break;
    const error = await migrateAsNode(src, ['MIGRATE', dst.host, String(dst.port), '', '0', String(MIGRATE_TIMEOUT_MS), 'KEYS', ...keys]);
    if (error !== null) throw new Error(`MIGRATE of slot ${slot} to ${dst.host}:${dst.port} failed: ${error}`);
  }
  // The new owner first, then the old one (no window where neither serves it), then the rest.
  admin(dst, ['CLUSTER', 'SETSLOT', s, 'NODE', dstId]);
  admin(src, ['CLUSTER', 'SETSLOT', s, 'NODE', dstId]);
  for (const engine of engines) if (engine !== src && engine !== dst && engine.listening) engine.cluster.moveSlot(slot, dstId);
}

/** A cluster command run by the node on itself (CLUSTER SETSLOT), as its own administrator. */
function admin(engine: EngineNode, argv: string[]): void {
  const c = engine.createClient(null);
  engine.execute(c, argv);
  const reply = c.reply.out;
  engine.disconnect(c);
  if (reply.startsWith('-')) throw new Error(`${argv.join(' ')} on ${engine.host}:${engine.port}: ${reply.slice(1).trim()}`);
}

/**
 * After every slot moved: the shards keep their new slots, and those removed leave the group
 * (their members marked deleting, for the next convergence pass to stop and forget).
 */
export function finishResharding(state: State, account: string, region: string, id: string): void {
  state.transaction(() => {
    const rg = state.replicationGroups.get(account, region, id);
    if (!rg?.nodeGroups) return;
    for (const g of rg.nodeGroups) {
      if (g.removing) {
        for (const memberId of g.members) {
          const m = state.cacheClusters.get(account, region, memberId);
          if (!m) continue;
          m.status = 'deleting';
          state.cacheClusters.update(m);
        }
      }
      g.slots = g.targetSlots ?? g.slots;
      delete g.targetSlots;
    }
    rg.nodeGroups = rg.nodeGroups.filter((g) => !g.removing);
    delete rg.reshardingProgress;
    state.replicationGroups.update(rg);
  });
}
