import { InvalidParameterValueException, TagQuotaPerResourceExceeded } from './model/generated/faults.ts';
import type { Tag } from './model/generated/types.ts';

/**
 * ElastiCache identifier rules (cluster, replication group, parameter group ...): starts with a
 * letter; letters, digits and hyphens; no trailing hyphen; no two consecutive hyphens.
 * Returns the id lower-cased, as AWS stores it.
 */
export function identifier(parameter: string, value: string, maxLength: number): string {
  if (value.trim() === '') throw new InvalidParameterValueException(`The parameter ${parameter} must be provided and must not be blank.`);
  if (value.length > maxLength) {
    throw new InvalidParameterValueException(`The parameter ${parameter} is not a valid identifier. Identifiers must be at most ${maxLength} characters long.`);
  }
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(value) || value.endsWith('-') || value.includes('--')) {
    throw new InvalidParameterValueException(
      `The parameter ${parameter} is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.`,
    );
  }
  return value.toLowerCase();
}

/** MaxRecords of Describe* calls: default and bounds per operation (20–100 for most). */
export function maxRecords(value: number | undefined, min = 20, max = 100, fallback = 100): number {
  if (value === undefined) return fallback;
  if (value < min || value > max) {
    throw new InvalidParameterValueException(`Invalid value for parameter MaxRecords: ${value}. It must be between ${min} and ${max}.`);
  }
  return value;
}

/**
 * One page of items by the opaque Marker: the marker is the index of the first item of the next
 * page, encoded so clients treat it as opaque.
 */
export function paginate<T>(items: T[], marker: string | undefined, pageSize: number): { page: T[]; marker?: string } {
  let start = 0;
  if (marker !== undefined && marker !== '') {
    const decoded = /^[A-Za-z0-9+/=]+$/.test(marker) ? Number(Buffer.from(marker, 'base64').toString('utf8')) : NaN;
    if (!Number.isInteger(decoded) || decoded < 0) throw new InvalidParameterValueException(`Invalid value for parameter Marker: ${marker}`);
    start = decoded;
  }
  const page = items.slice(start, start + pageSize);
  const next = start + pageSize < items.length ? Buffer.from(String(start + pageSize)).toString('base64') : undefined;
  return { page, marker: next };
}

export function port(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new InvalidParameterValueException(`Invalid value for parameter Port: ${value}. It must be an integer between 1 and 65535.`);
  }
  return value;
}

/** Tag rules: at most 50 per resource, keys 1–128 and values up to 256 characters, no aws: prefix. */
export function tags(list: Tag[] | undefined, existing = 0): Array<{ key: string; value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  for (const t of list ?? []) {
    const key = t.Key ?? '';
    const value = t.Value ?? '';
    if (key.length < 1 || key.length > 128) throw new InvalidParameterValueException('Tag keys must be between 1 and 128 characters long.');
    if (value.length > 256) throw new InvalidParameterValueException('Tag values must be at most 256 characters long.');
    if (key.toLowerCase().startsWith('aws:')) throw new InvalidParameterValueException(`Tag keys starting with 'aws:' are reserved: ${key}`);
    const prior = out.findIndex((x) => x.key === key);
    if (prior >= 0) out.splice(prior, 1);
    out.push({ key, value });
  }
  if (existing + out.length > 50) {
    throw new TagQuotaPerResourceExceeded('The request cannot be processed because it would cause the resource to have more than the allowed number of tags. The maximum number of tags permitted on a resource is 50.');
  }
  return out;
}
