import { createHash } from 'node:crypto';
import { availabilityZones } from './regions.ts';

/**
 * The simulated VPC behind cache subnet groups (docs/ARCHITECTURE.md, "Simulated VPC"). Every
 * account+region has one default VPC; every subnet id a caller names belongs to it and sits in
 * the region's AZ its hash picks, so the same id always lands in the same zone with no set-up.
 */

export interface SubnetPlacement {
  id: string;
  availabilityZone: string;
}

/** What AWS accepts as a subnet id here: `subnet-` and any letters, digits or hyphens after it. */
const SUBNET_ID = /^subnet-[A-Za-z0-9-]+$/;

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** `vpc-` and 17 hex digits, as current VPC ids are, stable per account and region. */
export function defaultVpcId(account: string, region: string): string {
  return `vpc-${hex(`${account}/${region}/vpc`, 17)}`;
}

export function isSubnetId(id: string): boolean {
  return SUBNET_ID.test(id);
}

/** The AZ of the request's region a subnet id is placed in: the id's hash picks the zone. */
export function subnetAvailabilityZone(region: string, subnetId: string): string {
  const zones = availabilityZones(region);
  return zones[createHash('sha256').update(subnetId).digest().readUInt32BE(0) % zones.length];
}

/**
 * The default VPC's subnets, one per AZ. Each id is the first candidate whose hash places it in
 * its zone, so the one placement rule above holds for default subnets too.
 */
export function defaultSubnets(account: string, region: string): SubnetPlacement[] {
  return availabilityZones(region).map((zone) => {
    for (let n = 0; ; n++) {
      const id = `subnet-${hex(`${account}/${region}/${zone}/${n}`, 17)}`;
      if (subnetAvailabilityZone(region, id) === zone) return { id, availabilityZone: zone };
    }
  });
}
