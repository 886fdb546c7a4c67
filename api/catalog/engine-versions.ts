/** Engine versions clusters can be created with here, and their parameter group families. */
export interface EngineVersionInfo {
  engine: 'redis' | 'valkey';
  version: string;
  family: string;
  isDefault?: boolean;
}

export const ENGINE_VERSIONS: readonly EngineVersionInfo[] = [
  { engine: 'redis', version: '4.0.10', family: 'redis4.0' },
  { engine: 'redis', version: '5.0.6', family: 'redis5.0' },
  { engine: 'redis', version: '6.0.5', family: 'redis6.x' },
  { engine: 'redis', version: '6.2.6', family: 'redis6.x' },
  { engine: 'redis', version: '7.0.7', family: 'redis7' },
  { engine: 'redis', version: '7.1.0', family: 'redis7', isDefault: true },
  { engine: 'valkey', version: '7.2.6', family: 'valkey7' },
  { engine: 'valkey', version: '8.0.1', family: 'valkey8' },
  { engine: 'valkey', version: '8.1.0', family: 'valkey8', isDefault: true },
];

export function defaultVersion(engine: string): EngineVersionInfo | undefined {
  return ENGINE_VERSIONS.find((v) => v.engine === engine && v.isDefault);
}

/**
 * Resolves a requested version as AWS does: an exact version, or for Redis OSS 6+ and Valkey a
 * major.minor ("7.1") or major.x ("6.x") that picks the newest matching patch release.
 */
export function resolveVersion(engine: string, requested: string): EngineVersionInfo | undefined {
  const candidates = ENGINE_VERSIONS.filter((v) => v.engine === engine);
  const exact = candidates.find((v) => v.version === requested);
  if (exact) return exact;
  const m = /^(\d+)\.(\d+|x)$/.exec(requested);
  if (!m || Number(m[1]) < 6) return undefined;
  const prefix = m[2] === 'x' ? `${m[1]}.` : `${m[1]}.${m[2]}.`;
  const matching = candidates.filter((v) => v.version.startsWith(prefix));
  return matching[matching.length - 1];
}

export function defaultParameterGroupName(family: string): string {
  return `default.${family}`;
}

/** A row of DescribeCacheEngineVersions. */
export interface DescribedEngineVersion {
  engine: 'redis' | 'valkey' | 'memcached';
  version: string;
  family: string;
  isDefault: boolean;
  engineDescription: string;
  versionDescription: string;
}

/**
 * Memcached versions AWS lists (REFERENCE §6.3). They are listed, not offered: CreateCacheCluster
 * refuses memcached, since every node here is a Redis OSS or Valkey server.
 */
const MEMCACHED_VERSIONS = ['1.4.5', '1.4.14', '1.4.24', '1.4.33', '1.4.34', '1.5.10', '1.5.16', '1.6.6', '1.6.12', '1.6.17'];

const ENGINE_DESCRIPTIONS = { redis: 'Redis', valkey: 'Valkey', memcached: 'memcached' } as const;

/**
 * The rows DescribeCacheEngineVersions returns, ordered as AWS orders them (engine, then version
 * as text: 2.8.24 before 2.8.6). Redis OSS 6+ and Valkey are listed by major.minor ("7.1"), the
 * form AWS lists and accepts for them, while their clusters report the full version ("7.1.0").
 * The Valkey description texts are not documented (UNVERIFIED): they follow the Redis pattern.
 */
export function describedEngineVersions(): DescribedEngineVersion[] {
  const rows = new Map<string, DescribedEngineVersion>();
  const add = (engine: DescribedEngineVersion['engine'], version: string, family: string, isDefault: boolean) => {
    const key = `${engine}/${version}`;
    const prior = rows.get(key);
    rows.set(key, {
      engine,
      version,
      family,
      isDefault: isDefault || (prior?.isDefault ?? false),
      engineDescription: ENGINE_DESCRIPTIONS[engine],
      versionDescription: `${engine} version ${version}`,
    });
  };
  for (const v of ENGINE_VERSIONS) {
    const [major, minor] = v.version.split('.');
    add(v.engine, v.engine === 'valkey' || Number(major) >= 6 ? `${major}.${minor}` : v.version, v.family, v.isDefault ?? false);
  }
  MEMCACHED_VERSIONS.forEach((version, i) => add('memcached', version, `memcached${version.split('.').slice(0, 2).join('.')}`, i === MEMCACHED_VERSIONS.length - 1));
  return [...rows.values()].sort((a, b) => (a.engine !== b.engine ? (a.engine < b.engine ? -1 : 1) : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}

/** Numeric order of dotted versions; missing parts count as 0 ("7.1" equals "7.1.0"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
