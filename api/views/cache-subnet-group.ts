import type { CacheSubnetGroupRecord } from '../../state/subnet-groups.ts';
import type { CacheSubnetGroup } from '../model/generated/types.ts';

/** The simulated VPC's subnets carry IPv4 only, as a default VPC's do. */
const NETWORK_TYPES = ['ipv4'];

export function cacheSubnetGroupView(g: CacheSubnetGroupRecord): CacheSubnetGroup {
  return {
    CacheSubnetGroupName: g.name,
    CacheSubnetGroupDescription: g.description,
    VpcId: g.vpcId,
    Subnets: g.subnets.map((s) => ({ SubnetIdentifier: s.id, SubnetAvailabilityZone: { Name: s.availabilityZone }, SupportedNetworkTypes: NETWORK_TYPES })),
    ARN: g.arn,
    SupportedNetworkTypes: NETWORK_TYPES,
  };
}
