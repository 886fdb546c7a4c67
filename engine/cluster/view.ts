import { randomBytes } from 'node:crypto';
import type { Client } from '../client.ts';
import type { EngineNode } from '../engine-node.ts';
import type { ReplyWriter } from '../reply-writer.ts';
import { CLUSTER_SLOTS } from './crc16.ts';
import { SlotIndex } from './slot-index.ts';

/** A node as the provisioner describes it: `host` is what clients are told to connect to. */
export interface ClusterNodeSpec {
  /** 40 hex characters. */
  id: string;
  host: string;
  port: number;
  /** Shown as `hostname` in CLUSTER SLOTS/SHARDS and after the address in CLUSTER NODES. */
  hostname?: string;
  /** Marked FAIL (its slots are not served; replicas are left out of CLUSTER SLOTS). */
  failed?: boolean;
}

export interface ClusterShardSpec {
  id: string;
  /** Inclusive slot ranges. */
  slots: Array<[number, number]>;
  primary: ClusterNodeSpec;
  replicas: ClusterNodeSpec[];
  /** Config epoch of the shard (default: its position + 1). */
  epoch?: number;
}

export interface ClusterTopology {
  shards: ClusterShardSpec[];
  /** The id of the node this view belongs to; it must be one of the shards' nodes. */
  myself: string;
  /** Slot → id of the node it is being migrated to (slots this node owns). Omitted: kept as is. */
  migrating?: Record<number, string>;
  /** Slot → id of the node it is being imported from. Omitted: kept as is. */
  importing?: Record<number, string>;
  /** Default: the highest shard epoch. */
  currentEpoch?: number;
}

export interface KnownNode {
  id: string;
  host: string;
  port: number;
  hostname: string;
  failed: boolean;
  shard: Shard;
  primary: boolean;
}

export interface Shard {
  id: string;
  epoch: number;
  primary: KnownNode;
  replicas: KnownNode[];
}

/** Nodes of this process by cluster id, to report their replication offsets to each other. */
const inProcess = new Map<string, WeakRef<EngineNode>>();

/**
 * One node's view of the cluster. There is no cluster bus and no gossip: whoever provisions the
 * nodes pushes the whole topology to every node with setTopology, and resharding moves slots with
 * CLUSTER SETSLOT on each node, as redis-cli --cluster does; each node then answers CLUSTER
 * SLOTS/SHARDS/NODES/INFO and redirects clients from its own view.
 */
export class ClusterView {
  readonly enabled: boolean;
  myId = randomBytes(20).toString('hex');
  shards: Shard[] = [];
  readonly nodes = new Map<string, KnownNode>();
  /** Owner shard of each slot (index into shards), -1 when unassigned. */
  readonly owner = new Int32Array(CLUSTER_SLOTS).fill(-1);
  readonly migrating = new Map<number, KnownNode>();
  readonly importing = new Map<number, KnownNode>();
  currentEpoch = 0;
  private slotsOk = 0;
  private slotsFail = 0;
  readonly slotIndex: SlotIndex | null = null;
  /** Keys ("db\0key") a MIGRATE is moving right now, and clients held until it is done. */
  readonly inFlight = new Set<string>();
  readonly held = new Set<Client>();

  constructor(private readonly node: EngineNode) {
    this.enabled = node.config.bool('cluster-enabled');
    if (this.enabled) {
      const db = node.databases[0];
      this.slotIndex = new SlotIndex(db);
      db.slotIndex = this.slotIndex;
    }
  }

  /** Whether the dispatcher must look at the keys of commands (cluster mode or a MIGRATE running). */
  get routing(): boolean {
    return this.enabled || this.inFlight.size > 0;
  }

  /** Replaces the whole view. Throws on an invalid topology, leaving the view unchanged. */
  setTopology(t: ClusterTopology): void {
    const nodes = new Map<string, KnownNode>();
    const shards: Shard[] = [];
    const owner = new Int32Array(CLUSTER_SLOTS).fill(-1);
    let maxEpoch = 0;
    t.shards.forEach((s, index) => {
      const shard = { id: s.id, epoch: s.epoch ?? index + 1, replicas: [] } as unknown as Shard;
      const make = (n: ClusterNodeSpec, primary: boolean): KnownNode => {
        if (!/^[0-9a-f]{40}$/.test(n.id)) throw new Error(`invalid node id ${n.id}`);
        if (nodes.has(n.id)) throw new Error(`node ${n.id} appears twice`);
        const k: KnownNode = { id: n.id, host: n.host, port: n.port, hostname: n.hostname ?? '', failed: n.failed ?? false, shard, primary };
        nodes.set(n.id, k);
        return k;
      };
      shard.primary = make(s.primary, true);
      shard.replicas = s.replicas.map((r) => make(r, false));
      maxEpoch = Math.max(maxEpoch, shard.epoch);
      for (const [start, end] of s.slots) {
        if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end < CLUSTER_SLOTS)) throw new Error(`invalid slot range ${start}-${end}`);
        for (let i = start; i <= end; i++) {
          if (owner[i] !== -1) throw new Error(`slot ${i} assigned twice`);
          owner[i] = index;
        }
      }
      shards.push(shard);
    });
    if (!nodes.has(t.myself)) throw new Error(`myself ${t.myself} is not in the topology`);
    const resolve = (m: Record<number, string>, what: string): Map<number, KnownNode> => {
      const out = new Map<number, KnownNode>();
      for (const [slot, id] of Object.entries(m)) {
        const n = nodes.get(id);
        if (!n) throw new Error(`${what} slot ${slot}: unknown node ${id}`);
        out.set(Number(slot), n);
      }
      return out;
    };
    const migrating = t.migrating ? resolve(t.migrating, 'migrating') : null;
    const importing = t.importing ? resolve(t.importing, 'importing') : null;
    if (this.myId !== t.myself) {
      if (inProcess.get(this.myId)?.deref() === this.node) inProcess.delete(this.myId);
      this.myId = t.myself;
    }
    inProcess.set(this.myId, new WeakRef(this.node));
    this.shards = shards;
    this.nodes.clear();
    for (const [id, n] of nodes) this.nodes.set(id, n);
    this.owner.set(owner);
    const keep = (target: Map<number, KnownNode>, next: Map<number, KnownNode> | null): void => {
      const previous = [...target].map(([slot, n]) => [slot, nodes.get(n.id)] as const);
      target.clear();
      if (next) for (const [slot, n] of next) target.set(slot, n);
      else for (const [slot, n] of previous) if (n) target.set(slot, n);
    };
    keep(this.migrating, migrating);
    keep(this.importing, importing);
    this.currentEpoch = Math.max(t.currentEpoch ?? 0, maxEpoch);
    this.recount();
  }

  /** The current view in setTopology's shape (slot ranges as SETSLOT left them). */
  topology(): ClusterTopology {
    const spec = (n: KnownNode): ClusterNodeSpec => ({ id: n.id, host: n.host, port: n.port, ...(n.hostname ? { hostname: n.hostname } : {}), ...(n.failed ? { failed: true } : {}) });
    const ranges = this.slotRanges();
    return {
      myself: this.myId,
      currentEpoch: this.currentEpoch,
      shards: this.shards.map((s, i) => ({ id: s.id, epoch: s.epoch, slots: ranges[i], primary: spec(s.primary), replicas: s.replicas.map(spec) })),
      migrating: Object.fromEntries([...this.migrating].map(([slot, n]) => [slot, n.id])),
      importing: Object.fromEntries([...this.importing].map(([slot, n]) => [slot, n.id])),
    };
  }

  myself(): KnownNode | undefined {
    return this.nodes.get(this.myId);
  }

  /** The primary serving a slot, or null when unassigned. */
  ownerOf(slot: number): KnownNode | null {
    const i = this.owner[slot];
    return i < 0 ? null : this.shards[i].primary;
  }

  /** Slot ranges of every shard, by shard index. */
  slotRanges(): Array<Array<[number, number]>> {
    const out: Array<Array<[number, number]>> = this.shards.map(() => []);
    let start = 0;
    for (let i = 1; i <= CLUSTER_SLOTS; i++) {
      if (i < CLUSTER_SLOTS && this.owner[i] === this.owner[start]) continue;
      if (this.owner[start] >= 0) out[this.owner[start]].push([start, i - 1]);
      start = i;
    }
    return out;
  }

  /** CLUSTER SETSLOT NODE: the slot now belongs to the shard of `n` (counts kept per slot: resharding moves thousands). */
  assign(slot: number, n: KnownNode): void {
    const before = this.owner[slot];
    if (before >= 0) {
      if (this.shards[before].primary.failed) this.slotsFail--;
      else this.slotsOk--;
    }
    this.owner[slot] = this.shards.indexOf(n.shard);
    if (n.shard.primary.failed) this.slotsFail++;
    else this.slotsOk++;
  }

  /**
   * What gossip would tell a node after a slot moved: it is now served by the shard of node `id`.
   * For the provisioner, which has no cluster bus; unlike SETSLOT it also updates replicas.
   */
  moveSlot(slot: number, id: string): void {
    const n = this.nodes.get(id);
    if (n) this.assign(slot, n);
  }

  private recount(): void {
    let ok = 0;
    let fail = 0;
    for (let i = 0; i < CLUSTER_SLOTS; i++) {
      const s = this.owner[i];
      if (s < 0) continue;
      if (this.shards[s].primary.failed) fail++;
      else ok++;
    }
    this.slotsOk = ok;
    this.slotsFail = fail;
  }

  /**
   * clusterUpdateState: with cluster-require-full-coverage every slot must be assigned to a
   * primary that is not FAIL; without it the cluster is up if any slot is served.
   */
  state(): { ok: number; fail: number; assigned: number; up: boolean } {
    const ok = this.slotsOk;
    const up = this.node.config.bool('cluster-require-full-coverage') ? ok === CLUSTER_SLOTS : ok > 0;
    return { ok, fail: this.slotsFail, assigned: ok + this.slotsFail, up };
  }

  /** Replication offset of a node, read from the node itself when it runs in this process. */
  private offsetOf(n: KnownNode): number {
    if (n.id === this.myId) return this.node.replication.offset;
    return inProcess.get(n.id)?.deref()?.replication.offset ?? 0;
  }

  /** Lines of CLUSTER NODES / REPLICAS (clusterGenNodeDescription). */
  describe(n: KnownNode, withSlotStates: boolean, ranges?: Array<[number, number]>): string {
    const me = n.id === this.myId;
    let flags = me ? 'myself,' : '';
    flags += n.primary ? 'master' : 'slave';
    if (n.failed) flags += ',fail';
    const now = this.node.clock.now();
    const pong = me ? 0 : n.failed ? 0 : now - (now % 1000);
    let line = `${n.id} ${n.host}:${n.port}@${n.port + 10000}${n.hostname ? ',' + n.hostname : ''} ${flags} ${n.primary ? '-' : n.shard.primary.id} 0 ${pong} ${n.shard.epoch} ${n.failed ? 'disconnected' : 'connected'}`;
    if (n.primary && ranges) for (const [a, b] of ranges) line += a === b ? ` ${a}` : ` ${a}-${b}`;
    if (me && withSlotStates) {
      for (const [slot, to] of [...this.migrating].sort((x, y) => x[0] - y[0])) line += ` [${slot}->-${to.id}]`;
      for (const [slot, from] of [...this.importing].sort((x, y) => x[0] - y[0])) line += ` [${slot}-<-${from.id}]`;
    }
    return line;
  }

  /** CLUSTER NODES: one line per node, newline-terminated; a node never provisioned lists itself. */
  nodesText(): string {
    if (this.nodes.size === 0) return `${this.myId} ${this.node.host}:${this.node.port}@${this.node.port + 10000} myself,master - 0 0 0 connected\n`;
    const ranges = this.slotRanges();
    let out = '';
    this.shards.forEach((s, i) => {
      out += this.describe(s.primary, true, ranges[i]) + '\n';
      for (const r of s.replicas) out += this.describe(r, true) + '\n';
    });
    return out;
  }

  infoText(): string {
    const st = this.state();
    const me = this.myself();
    const size = this.slotRanges().filter((r) => r.length > 0).length;
    const fields: Array<[string, string | number]> = [
      ['cluster_state', st.up ? 'ok' : 'fail'],
      ['cluster_slots_assigned', st.assigned],
      ['cluster_slots_ok', st.ok],
      ['cluster_slots_pfail', 0],
      ['cluster_slots_fail', st.fail],
      ['cluster_known_nodes', Math.max(1, this.nodes.size)],
      ['cluster_size', size],
      ['cluster_current_epoch', this.currentEpoch],
      ['cluster_my_epoch', me ? me.shard.epoch : 0],
      ['cluster_stats_messages_sent', 0],
      ['cluster_stats_messages_received', 0],
      ['total_cluster_links_buffer_limit_exceeded', 0],
    ];
    return fields.map(([k, v]) => `${k}:${v}\r\n`).join('');
  }

  /** addNodeToNodeReply: [endpoint, port, id, {hostname}]. */
  private writeSlotNode(w: ReplyWriter, n: KnownNode): void {
    w.array(4);
    w.bulk(n.host);
    w.int(n.port);
    w.bulk(n.id);
    if (n.hostname) {
      w.map(1);
      w.bulk('hostname');
      w.bulk(n.hostname);
    } else {
      w.map(0);
    }
  }

  /** CLUSTER SLOTS: contiguous runs of slots with one owner, in slot order. */
  writeSlots(w: ReplyWriter): void {
    const runs: Array<[number, number, Shard]> = [];
    let start = 0;
    for (let i = 1; i <= CLUSTER_SLOTS; i++) {
      if (i < CLUSTER_SLOTS && this.owner[i] === this.owner[start]) continue;
      if (this.owner[start] >= 0) runs.push([start, i - 1, this.shards[this.owner[start]]]);
      start = i;
    }
    w.array(runs.length);
    for (const [a, b, shard] of runs) {
      const replicas = shard.replicas.filter((r) => !r.failed);
      w.array(3 + replicas.length);
      w.int(a);
      w.int(b);
      this.writeSlotNode(w, shard.primary);
      for (const r of replicas) this.writeSlotNode(w, r);
    }
  }

  /** CLUSTER SHARDS: per shard its slot ranges and its nodes (primary first). */
  writeShards(w: ReplyWriter): void {
    const ranges = this.slotRanges();
    w.array(this.shards.length);
    this.shards.forEach((s, i) => {
      w.map(2);
      w.bulk('slots');
      w.array(ranges[i].length * 2);
      for (const [a, b] of ranges[i]) {
        w.int(a);
        w.int(b);
      }
      w.bulk('nodes');
      w.array(1 + s.replicas.length);
      for (const n of [s.primary, ...s.replicas]) {
        const offset = this.offsetOf(n);
        w.map(n.hostname ? 8 : 7);
        w.bulk('id');
        w.bulk(n.id);
        w.bulk('port');
        w.int(n.port);
        w.bulk('ip');
        w.bulk(n.host);
        w.bulk('endpoint');
        w.bulk(n.host);
        if (n.hostname) {
          w.bulk('hostname');
          w.bulk(n.hostname);
        }
        w.bulk('role');
        w.bulk(n.primary ? 'master' : 'replica');
        w.bulk('replication-offset');
        w.int(offset);
        w.bulk('health');
        w.bulk(n.failed ? 'failed' : !n.primary && offset === 0 ? 'loading' : 'online');
      }
    });
  }
}
