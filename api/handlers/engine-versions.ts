import { compareVersions, describedEngineVersions, type DescribedEngineVersion } from '../catalog/engine-versions.ts';
import type { HandlerTable } from '../handler-types.ts';
import { maxRecords, paginate } from '../validation.ts';

/** A filter on EngineVersion matches the listed form, and a full version its major.minor row ("7.1.0" → "7.1"). */
function versionMatches(row: DescribedEngineVersion, requested: string): boolean {
  return row.version === requested || (row.version.split('.').length === 2 && requested.startsWith(`${row.version}.`));
}

/**
 * DefaultOnly keeps one row per engine: the engine's default when the other filters kept it,
 * else the newest of what they kept (the default of that family or version line).
 */
function defaultsOnly(rows: DescribedEngineVersion[]): DescribedEngineVersion[] {
  const byEngine = new Map<string, DescribedEngineVersion[]>();
  for (const r of rows) byEngine.set(r.engine, [...(byEngine.get(r.engine) ?? []), r]);
  return [...byEngine.values()].map((list) => list.find((r) => r.isDefault) ?? list.reduce((a, b) => (compareVersions(a.version, b.version) >= 0 ? a : b)));
}

export const engineVersionHandlers = {
  /** Filters are exact, except that the engine and family are compared case-insensitively; unknown values match nothing. */
  DescribeCacheEngineVersions(input) {
    const pageSize = maxRecords(input.MaxRecords);
    let rows = describedEngineVersions();
    if (input.Engine !== undefined) rows = rows.filter((r) => r.engine === input.Engine!.toLowerCase());
    if (input.EngineVersion !== undefined) rows = rows.filter((r) => versionMatches(r, input.EngineVersion!));
    if (input.CacheParameterGroupFamily !== undefined) rows = rows.filter((r) => r.family === input.CacheParameterGroupFamily!.toLowerCase());
    if (input.DefaultOnly) rows = defaultsOnly(rows);
    const { page, marker } = paginate(rows, input.Marker, pageSize);
    return {
      CacheEngineVersions: page.map((r) => ({
        Engine: r.engine,
        EngineVersion: r.version,
        CacheParameterGroupFamily: r.family,
        CacheEngineDescription: r.engineDescription,
        CacheEngineVersionDescription: r.versionDescription,
      })),
      Marker: marker,
    };
  },
} satisfies HandlerTable;
