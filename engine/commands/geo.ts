import { command, type CommandSpec } from '../command-table.ts';
import { toInt64 } from '../args.ts';
import { CommandError, ERR } from '../errors.ts';
import {
  GEO_LAT_MAX,
  GEO_LAT_MIN,
  GEO_LONG_MAX,
  GEO_LONG_MIN,
  cellScore,
  decodeScore,
  distance,
  distanceInShape,
  encodeScore,
  searchCells,
  standardGeohash,
  type Shape,
} from '../geohash.ts';
import { ZSetValue, type ScoreRange } from '../types/zset.ts';
import { doubleOrError, parseDouble, readZset, settleEncoding, storeResult, zaddCommand } from './sorted-sets.ts';
import type { Client } from '../client.ts';

/**
 * C's printf("%.<digits>f"): the exact value rounded half to even. toFixed rounds exact ties up,
 * so those are corrected.
 */
function fixed(d: number, digits: number): string {
  const s = d.toFixed(digits);
  const last = s.charCodeAt(s.length - 1) - 48;
  if (last % 2 === 0) return s;
  // A tie has exactly digits + 1 decimal places, i.e. as many fractional bits.
  if (!(Number.isInteger(d * 2 ** (digits + 1)) && !Number.isInteger(d * 2 ** digits))) return s;
  const wide = d.toFixed(Math.min(100, digits + 40));
  if (wide[s.length] !== '5') return s;
  for (let i = s.length + 1; i < wide.length; i++) if (wide[i] !== '0') return s;
  return s.slice(0, -1) + String(last - 1);
}

/** addReplyHumanLongDouble's text: %.17Lf without trailing zeros ("-0" becomes "0"). */
function humanDouble(d: number): string {
  let s = fixed(d, 17);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

function replyHuman(c: Client, d: number): void {
  const s = humanDouble(d);
  if (c.reply.protocol === 3) c.reply.raw(',' + s + '\r\n');
  else c.reply.bulk(s);
}

/** addReplyDoubleDistance: four decimals, always a bulk string. */
function replyDistance(c: Client, d: number): void {
  c.reply.bulk(fixed(d, 4));
}

/** extractLongLatOrReply: two floats, then the valid-range check. */
function lonLatArgs(argv: string[], i: number): [number, number] {
  const lon = doubleOrError(argv[i]);
  const lat = doubleOrError(argv[i + 1]);
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
    throw new CommandError(`ERR invalid longitude,latitude pair ${fixed(lon, 6)},${fixed(lat, 6)}`);
  }
  return [lon, lat];
}

/** extractUnitOrReply: meters per unit. */
function unitArg(s: string): number {
  switch (s.toLowerCase()) {
    case 'm':
      return 1;
    case 'km':
      return 1000;
    case 'ft':
      return 0.3048;
    case 'mi':
      return 1609.34;
    default:
      throw new CommandError('ERR unsupported unit provided. please use M, KM, FT, MI');
  }
}

/** extractDistanceOrReply: [radius, meters per unit]. */
function radiusArgs(argv: string[], i: number): [number, number] {
  const r = parseDouble(argv[i]);
  if (r === null) throw new CommandError('ERR need numeric radius');
  if (r < 0) throw new CommandError('ERR radius cannot be negative');
  return [r, unitArg(argv[i + 1])];
}

/** GEOADD key [NX|XX] [CH] lon lat member ...: runs as the ZADD it turns into. */
function geoadd(c: Client, argv: string[]): void {
  let nx = false;
  let xx = false;
  let longIdx = 2;
  for (; longIdx < argv.length; longIdx++) {
    const o = argv[longIdx].toLowerCase();
    if (o === 'nx') nx = true;
    else if (o === 'xx') xx = true;
    else if (o !== 'ch') break;
  }
  if ((argv.length - longIdx) % 3 !== 0 || (xx && nx)) throw new CommandError(ERR.syntax);
  const elements = (argv.length - longIdx) / 3;
  const zargv = new Array<string>(longIdx + elements * 2);
  zargv[0] = 'zadd';
  for (let i = 1; i < longIdx; i++) zargv[i] = argv[i];
  for (let i = 0; i < elements; i++) {
    const [lon, lat] = lonLatArgs(argv, longIdx + i * 3);
    zargv[longIdx + i * 2] = String(encodeScore(lon, lat));
    zargv[longIdx + i * 2 + 1] = argv[longIdx + i * 3 + 2];
  }
  const dirty = c.node.dirty;
  zaddCommand(c, zargv);
  if (c.node.dirty !== dirty) c.propagateAs = [zargv];
}

function geodist(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) toMeter = unitArg(argv[4]);
  else if (argv.length > 5) throw new CommandError(ERR.syntax);
  const z = readZset(c, argv[1]);
  if (!z) return c.reply.nullBulk();
  const s1 = z.score(argv[2]);
  const s2 = z.score(argv[3]);
  if (s1 === undefined || s2 === undefined) return c.reply.nullBulk();
  const [lon1, lat1] = decodeScore(s1);
  const [lon2, lat2] = decodeScore(s2);
  replyDistance(c, distance(lon1, lat1, lon2, lat2) / toMeter);
}

function geohash(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]);
  c.reply.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z?.score(argv[j]);
    if (s === undefined) c.reply.nullBulk();
    else c.reply.bulk(standardGeohash(s));
  }
}

function geopos(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]);
  c.reply.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z?.score(argv[j]);
    if (s === undefined) {
      c.reply.nullArray();
      continue;
    }
    const [lon, lat] = decodeScore(s);
    c.reply.array(2);
    replyHuman(c, lon);
    replyHuman(c, lat);
  }
}

// ---------------------------------------------------------------------------------------------
// GEORADIUS / GEORADIUSBYMEMBER / GEOSEARCH / GEOSEARCHSTORE (georadiusGeneric).

const COORDS = 1;
const MEMBER = 2;
const NOSTORE = 4;
const SEARCH = 8;
const SEARCHSTORE = 16;

interface GeoPoint {
  lon: number;
  lat: number;
  dist: number;
  score: number;
  member: string;
}

/** longLatFromMember. */
function memberLonLat(z: ZSetValue, member: string): [number, number] {
  const s = z.score(member);
  if (s === undefined) throw new CommandError('ERR could not decode requested zset member');
  return decodeScore(s);
}

/** membersOfAllNeighbors: the points of the 9 cells that fall inside the shape. */
function pointsInShape(z: ZSetValue, shape: Shape, limit: number): GeoPoint[] {
  const cells = searchCells(shape);
  const out: GeoPoint[] = [];
  let lastProcessed = 0;
  let lastScore = -1;
  let lastStep = -1;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === null) continue;
    const min = cellScore(cell);
    // Huge radii can make neighbours coincide: skip a cell equal to the one processed before
    // (Redis's check never fires right after the centre cell, index 0).
    if (lastProcessed !== 0 && min === lastScore && cell.step === lastStep) continue;
    if (out.length > 0 && limit > 0 && out.length >= limit) break;
    const range: ScoreRange = { min, max: cellScore(cell, true), minex: false, maxex: true };
    z.walk(z.firstInScoreRange(range), false, (n) => {
      if (!(n.score < range.max)) return false;
      const [lon, lat] = decodeScore(n.score);
      const d = distanceInShape(shape, lon, lat);
      if (d >= 0) out.push({ lon, lat, dist: d, score: n.score, member: n.member });
      return !(out.length > 0 && limit > 0 && out.length >= limit);
    });
    lastProcessed = i;
    lastScore = min;
    lastStep = cell.step;
  }
  return out;
}

function georadiusGeneric(c: Client, argv: string[], srcIdx: number, flags: number): void {
  const z = readZset(c, argv[srcIdx]) ?? null;
  const shape: Shape = { lon: 0, lat: 0, conversion: 1, circle: true, radius: 0, width: 0, height: 0 };
  let baseArgs: number;
  let storeKey: string | null = null;
  let storeDist = false;
  if (flags & COORDS) {
    baseArgs = 6;
    [shape.lon, shape.lat] = lonLatArgs(argv, 2);
    [shape.radius, shape.conversion] = radiusArgs(argv, 4);
  } else if (flags & MEMBER) {
    baseArgs = 5;
    // Without a source key the arguments are still parsed, to pick the empty reply's form.
    if (z) {
      [shape.lon, shape.lat] = memberLonLat(z, argv[2]);
      [shape.radius, shape.conversion] = radiusArgs(argv, 3);
    }
  } else {
    baseArgs = 2;
    if (flags & SEARCHSTORE) {
      baseArgs = 3;
      storeKey = argv[1];
    }
  }
  let withDist = false;
  let withHash = false;
  let withCoord = false;
  let fromMember = false;
  let fromLoc = false;
  let byRadius = false;
  let byBox = false;
  let sort = 0;
  let any = false;
  let count = 0;
  const remaining = argv.length - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const arg = argv[baseArgs + i].toLowerCase();
    if (arg === 'withdist') withDist = true;
    else if (arg === 'withhash') withHash = true;
    else if (arg === 'withcoord') withCoord = true;
    else if (arg === 'any') any = true;
    else if (arg === 'asc') sort = 1;
    else if (arg === 'desc') sort = 2;
    else if (arg === 'count' && i + 1 < remaining) {
      const n = toInt64(argv[baseArgs + i + 1]);
      if (n === null) throw new CommandError(ERR.notInteger);
      if (n <= 0n) throw new CommandError('ERR COUNT must be > 0');
      count = n > 2n ** 53n ? Number.MAX_SAFE_INTEGER : Number(n);
      i++;
    } else if ((arg === 'store' || arg === 'storedist') && i + 1 < remaining && !(flags & NOSTORE) && !(flags & SEARCH)) {
      storeKey = argv[baseArgs + i + 1];
      storeDist = arg === 'storedist';
      i++;
    } else if (arg === 'storedist' && flags & SEARCH && flags & SEARCHSTORE) {
      storeDist = true;
    } else if (arg === 'frommember' && i + 1 < remaining && flags & SEARCH && !fromLoc) {
      if (z) [shape.lon, shape.lat] = memberLonLat(z, argv[baseArgs + i + 1]);
      fromMember = true;
      i++;
    } else if (arg === 'fromlonlat' && i + 2 < remaining && flags & SEARCH && !fromMember) {
      [shape.lon, shape.lat] = lonLatArgs(argv, baseArgs + i + 1);
      fromLoc = true;
      i += 2;
    } else if (arg === 'byradius' && i + 2 < remaining && flags & SEARCH && !byBox) {
      const r = parseDouble(argv[baseArgs + i + 1]);
      if (r === null) throw new CommandError('ERR need numeric radius');
      if (r < 0) throw new CommandError('ERR radius cannot be negative');
      shape.radius = r;
      shape.conversion = unitArg(argv[baseArgs + i + 2]);
      shape.circle = true;
      byRadius = true;
      i += 2;
    } else if (arg === 'bybox' && i + 3 < remaining && flags & SEARCH && !byRadius) {
      const w = parseDouble(argv[baseArgs + i + 1]);
      if (w === null) throw new CommandError('ERR need numeric width');
      const h = parseDouble(argv[baseArgs + i + 2]);
      if (h === null) throw new CommandError('ERR need numeric height');
      if (h < 0 || w < 0) throw new CommandError('ERR height or width cannot be negative');
      shape.width = w;
      shape.height = h;
      shape.conversion = unitArg(argv[baseArgs + i + 3]);
      shape.circle = false;
      byBox = true;
      i += 3;
    } else {
      throw new CommandError(ERR.syntax);
    }
  }
  if (storeKey !== null && (withDist || withHash || withCoord)) {
    throw new CommandError(`ERR ${flags & SEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
  }
  if (flags & SEARCH && !(fromMember || fromLoc)) throw new CommandError(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]}`);
  if (flags & SEARCH && !(byRadius || byBox)) throw new CommandError(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]}`);
  if (any && !count) throw new CommandError('ERR the ANY argument requires COUNT argument');

  if (!z) {
    if (storeKey !== null) {
      if (c.db.delete(storeKey)) c.node.notifyKeyspaceEvent('g', 'del', storeKey, c.db.id);
      c.reply.int(0);
    } else {
      c.reply.array(0);
    }
    return;
  }
  if (count !== 0 && sort === 0 && !any) sort = 1;

  const points = pointsInShape(z, shape, any ? count : 0);
  if (points.length === 0 && storeKey === null) return c.reply.array(0);
  const returned = count === 0 || points.length < count ? points.length : count;
  if (sort === 1) points.sort((a, b) => a.dist - b.dist);
  else if (sort === 2) points.sort((a, b) => b.dist - a.dist);

  if (storeKey === null) {
    const options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
    c.reply.array(returned);
    for (let i = 0; i < returned; i++) {
      const p = points[i];
      if (options) c.reply.array(options + 1);
      c.reply.bulk(p.member);
      if (withDist) replyDistance(c, p.dist / shape.conversion);
      if (withHash) c.reply.int(Math.trunc(p.score));
      if (withCoord) {
        c.reply.array(2);
        replyHuman(c, p.lon);
        replyHuman(c, p.lat);
      }
    }
    return;
  }
  const result = new ZSetValue();
  result.listpack = false;
  let maxLen = 0;
  for (let i = 0; i < returned; i++) {
    const p = points[i];
    result.add(p.member, storeDist ? p.dist / shape.conversion : p.score);
    if (p.member.length > maxLen) maxLen = p.member.length;
  }
  if (returned > 0) settleEncoding(result, c.node, maxLen);
  storeResult(c, storeKey, result, flags & SEARCH ? 'geosearchstore' : 'georadiusstore');
}

/**
 * Keys of GEORADIUS/GEORADIUSBYMEMBER as their key specs find them: the source, then the key
 * after the first STORE and after the first STOREDIST, searched from the first option.
 */
function georadiusKeys(argv: string[], startFrom: number): string[] {
  const keys = [argv[1]];
  for (const keyword of ['store', 'storedist']) {
    for (let i = startFrom; i < argv.length - 1; i++) {
      if (argv[i].toLowerCase() === keyword) {
        keys.push(argv[i + 1]);
        break;
      }
    }
  }
  return keys;
}

const G = { group: 'geo' };

export const geoCommands: CommandSpec[] = [
  command('geoadd', -5, 'write denyoom', [1, 1, 1], 'write geo slow', geoadd, { ...G, since: '3.2.0', summary: 'Add one or more geospatial items in the geospatial index represented using a sorted set' }),
  command('geodist', -4, 'readonly', [1, 1, 1], 'read geo slow', geodist, { ...G, since: '3.2.0', summary: 'Returns the distance between two members of a geospatial index' }),
  command('geohash', -2, 'readonly', [1, 1, 1], 'read geo slow', geohash, { ...G, since: '3.2.0', summary: 'Returns members of a geospatial index as standard geohash strings' }),
  command('geopos', -2, 'readonly', [1, 1, 1], 'read geo slow', geopos, { ...G, since: '3.2.0', summary: 'Returns longitude and latitude of members of a geospatial index' }),
  command('geosearch', -7, 'readonly', [1, 1, 1], 'read geo slow', (c, a) => georadiusGeneric(c, a, 1, SEARCH), {
    ...G,
    since: '6.2.0',
    summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.',
  }),
  command('geosearchstore', -8, 'write denyoom', [1, 2, 1], 'write geo slow', (c, a) => georadiusGeneric(c, a, 2, SEARCH | SEARCHSTORE), {
    ...G,
    since: '6.2.0',
    summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.',
  }),
  command('georadius', -6, 'write denyoom movablekeys', [1, 1, 1], 'write geo slow', (c, a) => georadiusGeneric(c, a, 1, COORDS), {
    ...G,
    since: '3.2.0',
    summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point',
    getKeys: (a) => georadiusKeys(a, 6),
  }),
  command('georadiusbymember', -5, 'write denyoom movablekeys', [1, 1, 1], 'write geo slow', (c, a) => georadiusGeneric(c, a, 1, MEMBER), {
    ...G,
    since: '3.2.0',
    summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member',
    getKeys: (a) => georadiusKeys(a, 5),
  }),
  command('georadius_ro', -6, 'readonly', [1, 1, 1], 'read geo slow', (c, a) => georadiusGeneric(c, a, 1, COORDS | NOSTORE), {
    ...G,
    since: '3.2.10',
    summary: 'A read-only variant for GEORADIUS',
  }),
  command('georadiusbymember_ro', -5, 'readonly', [1, 1, 1], 'read geo slow', (c, a) => georadiusGeneric(c, a, 1, MEMBER | NOSTORE), {
    ...G,
    since: '3.2.10',
    summary: 'A read-only variant for GEORADIUSBYMEMBER',
  }),
];
