/** Engine versions the emulator offers (DescribeCacheEngineVersions) and their parameter group families. */
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
