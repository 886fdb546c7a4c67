import { isIPv4 } from 'node:net';
import type { CacheClusterRecord } from '../state/cache-clusters.ts';
import { hasPlainEndpoints, shardsOf } from '../state/node-groups.ts';
import type { ReplicationGroupRecord } from '../state/replication-groups.ts';
import type { State } from '../state/state.ts';
import { configurationEndpointName, inZone, nodeName, primaryEndpointName, readerEndpointName, type DnsNaming } from './dns-names.ts';

export type ZoneAnswer = { kind: 'found'; addresses: string[] } | { kind: 'nxdomain' } | { kind: 'refused' };

/**
 * What each endpoint name resolves to, read from the records at the moment of the question, so a
 * failover (a new primaryClusterId) changes the answer at once:
 * a node name → its node's address; the primary name → the current primary's; the reader name →
 * every replica's (the primary's when there is none); the configuration name → every node's.
 */
export class DnsZone {
  constructor(
    private readonly state: State,
    readonly naming: DnsNaming,
  ) {}

  lookup(rawName: string): ZoneAnswer {
    const name = rawName.toLowerCase().replace(/\.$/, '');
    if (!inZone(this.naming, name)) return { kind: 'refused' };
    const addresses = this.records().get(name);
    return addresses && addresses.length > 0 ? { kind: 'found', addresses } : { kind: 'nxdomain' };
  }

  /** Every name of the zone with its addresses (names without a provisioned node have none). */
  records(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const clusters = new Map<string, CacheClusterRecord>();
    for (const c of this.state.cacheClusters.all()) {
      clusters.set(`${c.account}/${c.region}/${c.id}`, c);
      for (const n of c.nodes) out.set(nodeName(this.naming, c, n), n.address !== null && isIPv4(n.address) ? [n.address] : []);
    }
    const addressOf = (rg: ReplicationGroupRecord, id: string): string[] => {
      const address = clusters.get(`${rg.account}/${rg.region}/${id}`)?.nodes[0]?.address;
      return address && isIPv4(address) ? [address] : [];
    };
    for (const rg of this.state.replicationGroups.all()) {
      const all = rg.members.flatMap((m) => addressOf(rg, m));
      // Cluster-mode-enabled groups have a configuration endpoint; only cluster mode compatible keeps the other two beside it.
      if (rg.clusterEnabled === true) out.set(configurationEndpointName(this.naming, rg), all);
      if (!hasPlainEndpoints(rg)) continue;
      const shard = shardsOf(rg)[0];
      const primary = addressOf(rg, shard.primaryClusterId);
      const replicas = shard.members.filter((m) => m !== shard.primaryClusterId).flatMap((m) => addressOf(rg, m));
      out.set(primaryEndpointName(this.naming, rg), primary);
      out.set(readerEndpointName(this.naming, rg), replicas.length > 0 ? replicas : primary);
    }
    return out;
  }
}
