import type { CacheClusterRecord, CacheNodeRecord } from '../state/cache-clusters.ts';
import type { ReplicationGroupRecord } from '../state/replication-groups.ts';
import { configurationEndpointName, nodeName, primaryEndpointName, readerEndpointName, type DnsNaming } from './dns-names.ts';

/**
 * The `Address` the API reports for each endpoint. By default every endpoint is the advertised
 * host (group endpoints are listeners of their own there, nodes have their own ports); in DNS mode
 * they are ElastiCache's host names, which the embedded DNS server resolves.
 */
export interface EndpointHosts {
  primary(rg: ReplicationGroupRecord): string;
  reader(rg: ReplicationGroupRecord): string;
  configuration(rg: ReplicationGroupRecord): string;
  node(cluster: CacheClusterRecord, node: CacheNodeRecord): string;
}

export function directHosts(advertisedHost: string): EndpointHosts {
  return {
    primary: () => advertisedHost,
    reader: () => advertisedHost,
    configuration: () => advertisedHost,
    node: (_cluster, node) => node.address ?? advertisedHost,
  };
}

export function dnsHosts(naming: DnsNaming): EndpointHosts {
  return {
    primary: (rg) => primaryEndpointName(naming, rg),
    reader: (rg) => readerEndpointName(naming, rg),
    configuration: (rg) => configurationEndpointName(naming, rg),
    node: (cluster, node) => nodeName(naming, cluster, node),
  };
}
