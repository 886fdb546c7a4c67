import { createHash } from 'node:crypto';
import type { CacheClusterRecord, CacheNodeRecord } from '../state/cache-clusters.ts';
import type { ReplicationGroupRecord } from '../state/replication-groups.ts';

/**
 * The single source of ElastiCache's endpoint host names (REFERENCE §2.1, without in-transit
 * encryption), for the DNS server and for what the API reports in DNS mode:
 *
 *   node            <cache-cluster-id>.<hash>.<node-id>.<reg>.<suffix>
 *   primary (CMD)   <rg-id>.<hash>.ng.0001.<reg>.<suffix>
 *   reader (CMD)    <rg-id>-ro.<hash>.ng.0001.<reg>.<suffix>
 *   configuration   <rg-id>.<hash>.clustercfg.<reg>.<suffix>   (cluster mode enabled)
 *
 * `<hash>` is a 6-character token fixed per account and region (AWS's samples reuse one token for
 * every cluster of an account+region), `<reg>` the short region code, and `<suffix>` the
 * configured domain (`cache.amazonaws.com` by default).
 */
export interface DnsNaming {
  /** Domain every name ends in, without dots at either end. */
  suffix: string;
}

export const DEFAULT_DNS_SUFFIX = 'cache.amazonaws.com';

/** Region codes AWS spells differently from the rule in regionCode. */
const REGION_CODE_EXCEPTIONS: Record<string, string> = {
  'ap-northeast-2': 'apn2',
  'ap-northeast-3': 'apn3',
};

const DIRECTIONS: Record<string, string> = {
  east: 'e',
  west: 'w',
  north: 'n',
  south: 's',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/** us-east-1 → use1, eu-central-1 → euc1, ap-southeast-2 → apse2, us-gov-west-1 → usgovw1. */
export function regionCode(region: string): string {
  const exception = REGION_CODE_EXCEPTIONS[region];
  if (exception) return exception;
  const parts = region.toLowerCase().split('-');
  if (parts.length < 3 || !/^\d+$/.test(parts[parts.length - 1])) return region.toLowerCase().replace(/[^a-z0-9]/g, '');
  const number = parts[parts.length - 1];
  const direction = parts[parts.length - 2];
  return `${parts.slice(0, -2).join('')}${DIRECTIONS[direction] ?? direction[0]}${number}`;
}

/** The 6-character token of an account in a region (stable: derived from both). */
export function accountToken(account: string, region: string): string {
  const digest = createHash('sha256').update(`${account}/${region}`).digest();
  let token = '';
  for (let i = 0; i < 6; i++) token += (digest[i] % 36).toString(36);
  return token;
}

function tail(naming: DnsNaming, account: string, region: string): { token: string; rest: string } {
  return { token: accountToken(account, region), rest: `${regionCode(region)}.${naming.suffix}` };
}

export function nodeName(naming: DnsNaming, cluster: CacheClusterRecord, node: CacheNodeRecord): string {
  const { token, rest } = tail(naming, cluster.account, cluster.region);
  return `${cluster.id}.${token}.${node.id}.${rest}`;
}

export function primaryEndpointName(naming: DnsNaming, rg: ReplicationGroupRecord): string {
  const { token, rest } = tail(naming, rg.account, rg.region);
  return `${rg.id}.${token}.ng.0001.${rest}`;
}

export function readerEndpointName(naming: DnsNaming, rg: ReplicationGroupRecord): string {
  const { token, rest } = tail(naming, rg.account, rg.region);
  return `${rg.id}-ro.${token}.ng.0001.${rest}`;
}

/** The ConfigurationEndpoint name of a cluster-mode-enabled group. */
export function configurationEndpointName(naming: DnsNaming, rg: ReplicationGroupRecord): string {
  const { token, rest } = tail(naming, rg.account, rg.region);
  return `${rg.id}.${token}.clustercfg.${rest}`;
}

/** Whether a (lower-case, dot-free at the ends) name lies in the zone the DNS server answers for. */
export function inZone(naming: DnsNaming, name: string): boolean {
  return name === naming.suffix || name.endsWith(`.${naming.suffix}`);
}

/** A suffix as the options give it, normalised; throws on something that is not a domain name. */
export function normaliseSuffix(suffix: string): string {
  const s = suffix.trim().toLowerCase().replace(/^\.+|\.+$/g, '');
  const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
  if (s === '' || s.length > 200 || !s.split('.').every((l) => label.test(l))) throw new Error(`invalid DNS suffix "${suffix}"`);
  return s;
}
