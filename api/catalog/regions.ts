/** Availability zones of a region: us-east-1 has six (a–f), other regions three (a–c). */
export function availabilityZones(region: string): string[] {
  const letters = region === 'us-east-1' ? 'abcdef' : 'abc';
  return [...letters].map((l) => `${region}${l}`);
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The UTC start hour of each region's 8-hour maintenance block (AWS documents these per region). */
const MAINTENANCE_BLOCK_START: Record<string, number> = {
  'us-east-1': 3,
  'us-east-2': 4,
  'us-west-1': 6,
  'us-west-2': 6,
  'eu-west-1': 22,
  'eu-central-1': 23,
  'ap-northeast-1': 13,
  'ap-southeast-1': 14,
  'ap-southeast-2': 12,
  'sa-east-1': 1,
};

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A 60-minute window inside the region's block on a weekday picked from the id (stable per resource). */
export function defaultMaintenanceWindow(region: string, id: string): string {
  const h = hash(id);
  const startHour = ((MAINTENANCE_BLOCK_START[region] ?? 5) + (h % 7)) % 24;
  const day = DAYS[(h >>> 8) % 7];
  const endDay = startHour === 23 ? DAYS[(DAYS.indexOf(day) + 1) % 7] : day;
  return `${day}:${pad(startHour)}:00-${endDay}:${pad((startHour + 1) % 24)}:00`;
}

/** A 60-minute daily snapshot window picked from the id (stable per resource). */
export function defaultSnapshotWindow(id: string): string {
  const start = (hash(id + '/snapshot') % 24 + 24) % 24;
  return `${pad(start)}:00-${pad((start + 1) % 24)}:00`;
}

const WINDOW_RE = /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes a ddd:hh24:mi-ddd:hh24:mi window lasts, or null when it is malformed. */
export function maintenanceWindowMinutes(window: string): number | null {
  const m = WINDOW_RE.exec(window.toLowerCase());
  if (!m) return null;
  const start = DAYS.indexOf(m[1]) * 1440 + Number(m[2]) * 60 + Number(m[3]);
  const end = DAYS.indexOf(m[4]) * 1440 + Number(m[5]) * 60 + Number(m[6]);
  return (end - start + 7 * 1440) % (7 * 1440);
}

const SNAPSHOT_WINDOW_RE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

export function snapshotWindowMinutes(window: string): number | null {
  const m = SNAPSHOT_WINDOW_RE.exec(window);
  if (!m) return null;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return (end - start + 1440) % 1440;
}
