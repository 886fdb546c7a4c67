import { isKnownNodeType } from '../provisioner/node-types.ts';
import { defaultVersion, resolveVersion, type EngineVersionInfo } from './catalog/engine-versions.ts';
import { defaultMaintenanceWindow, defaultSnapshotWindow, maintenanceWindowMinutes, snapshotWindowMinutes } from './catalog/regions.ts';
import { InvalidParameterCombinationException, InvalidParameterValueException } from './model/generated/faults.ts';

/**
 * Settings shared by CreateCacheCluster, CreateReplicationGroup and their Modify calls, validated
 * once here with AWS's rules.
 */

export function engineOf(requested: string | undefined): 'redis' | 'valkey' {
  const engine = (requested ?? 'redis').toLowerCase();
  if (engine === 'memcached') {
    throw new InvalidParameterValueException('Engine memcached is not supported by elasticache-local: its cache nodes are Redis OSS and Valkey servers.');
  }
  if (engine !== 'redis' && engine !== 'valkey') throw new InvalidParameterValueException(`Invalid value for parameter Engine: ${requested}. Valid values are redis, valkey, memcached.`);
  return engine;
}

export function nodeTypeOf(requested: string | undefined): string {
  if (requested === undefined || requested === '') throw new InvalidParameterValueException('The parameter CacheNodeType must be provided and must not be blank.');
  if (!isKnownNodeType(requested)) throw new InvalidParameterValueException(`Invalid CacheNodeType: ${requested}`);
  return requested;
}

export function engineVersionOf(engine: 'redis' | 'valkey', requested: string | undefined): EngineVersionInfo {
  const version = requested === undefined ? defaultVersion(engine) : resolveVersion(engine, requested);
  if (!version) throw new InvalidParameterCombinationException(`Cannot find version ${requested} for ${engine}`);
  return version;
}

export function maintenanceWindowOf(requested: string | undefined, region: string, id: string): string {
  if (requested === undefined) return defaultMaintenanceWindow(region, id);
  const minutes = maintenanceWindowMinutes(requested);
  if (minutes === null || minutes < 60) {
    throw new InvalidParameterValueException(
      `Invalid value for parameter PreferredMaintenanceWindow: ${requested}. The format is ddd:hh24:mi-ddd:hh24:mi (UTC) and the window must be at least 60 minutes.`,
    );
  }
  return requested.toLowerCase();
}

export function snapshotWindowOf(requested: string | undefined, id: string): string {
  if (requested === undefined) return defaultSnapshotWindow(id);
  const minutes = snapshotWindowMinutes(requested);
  if (minutes === null || minutes < 60) {
    throw new InvalidParameterValueException(
      `Invalid value for parameter SnapshotWindow: ${requested}. The format is hh24:mi-hh24:mi (UTC) and the window must be at least 60 minutes.`,
    );
  }
  return requested;
}

export function retentionOf(requested: number | undefined, nodeType: string): number {
  const retention = requested ?? 0;
  if (retention < 0 || retention > 35) {
    throw new InvalidParameterValueException(`Invalid value for parameter SnapshotRetentionLimit: ${retention}. It must be between 0 and 35.`);
  }
  if (retention > 0 && nodeType === 'cache.t1.micro') {
    throw new InvalidParameterCombinationException('Snapshots are not supported for cache.t1.micro cache nodes.');
  }
  return retention;
}

export function networkOf(networkType: string | undefined, ipDiscovery: string | undefined): { networkType: string; ipDiscovery: string } {
  const nt = networkType ?? 'ipv4';
  if (!['ipv4', 'ipv6', 'dual_stack'].includes(nt)) throw new InvalidParameterValueException(`Invalid value for parameter NetworkType: ${nt}`);
  const ipd = ipDiscovery ?? 'ipv4';
  if (!['ipv4', 'ipv6'].includes(ipd)) throw new InvalidParameterValueException(`Invalid value for parameter IpDiscovery: ${ipd}`);
  return { networkType: nt, ipDiscovery: ipd };
}

export function authTokenOf(token: string | undefined, transitEncryption: boolean | undefined): boolean {
  if (token === undefined) return false;
  if (!transitEncryption) throw new InvalidParameterValueException('The AUTH token is only supported when encryption-in-transit is enabled');
  if (token.length < 16 || token.length > 128 || !/^[\x21-\x7e]+$/.test(token) || /[/"@%]/.test(token)) {
    throw new InvalidParameterValueException('Invalid AuthToken provided.');
  }
  return true;
}
