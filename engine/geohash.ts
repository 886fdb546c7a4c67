/**
 * Redis's geohash arithmetic, reproduced operation for operation so scores, decoded coordinates
 * and distances come out bit-identical: 26-step (52-bit) interleaved hashes over the Web Mercator
 * latitude range, the 9-box neighbourhood search and the haversine distance on a sphere.
 * Latitude bits sit at even positions, longitude bits at odd ones.
 */

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

const D_R = Math.PI / 180.0;
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const TWO32 = 4294967296;

function degRad(ang: number): number {
  return ang * D_R;
}
function radDeg(ang: number): number {
  return ang / D_R;
}

/** A hash cell: the latitude and longitude cell indexes at a step (bits per coordinate). */
export interface Cell {
  lat: number;
  lon: number;
  step: number;
}

/** Spreads the low 16 bits of x to the even bit positions of a 32-bit value. */
function spread16(x: number): number {
  x &= 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/** Gathers the even bits of a 32-bit value into 16 bits. */
function squash16(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** interleave64(lat, lon) for 32-bit inputs, as a number (exact while below 2^53). */
export function interleave(lat: number, lon: number): number {
  const lo = (spread16(lat) | (spread16(lon) << 1)) >>> 0;
  const hi = (spread16(lat >>> 16) | (spread16(lon >>> 16) << 1)) >>> 0;
  return hi * TWO32 + lo;
}

/** The hash bits of a cell aligned to 52 bits: the sorted-set score of its south-west corner. */
export function cellScore(cell: Cell, plusOne = false): number {
  const bits = interleave(cell.lat, cell.lon) + (plusOne ? 1 : 0);
  return bits * 2 ** (52 - cell.step * 2);
}

/** geohashEncode over a latitude range; null outside the valid coordinates. */
export function encode(lon: number, lat: number, step: number, latMin = GEO_LAT_MIN, latMax = GEO_LAT_MAX, lonMin = GEO_LONG_MIN, lonMax = GEO_LONG_MAX): Cell | null {
  if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN) return null;
  if (lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) return null;
  let latOffset = (lat - latMin) / (latMax - latMin);
  let lonOffset = (lon - lonMin) / (lonMax - lonMin);
  latOffset *= 2 ** step;
  lonOffset *= 2 ** step;
  // The C code converts to uint32_t: truncation toward zero.
  return { lat: Math.trunc(latOffset) >>> 0, lon: Math.trunc(lonOffset) >>> 0, step };
}

/** The 52-bit score Redis stores for a coordinate pair (GEOADD), or null if out of range. */
export function encodeScore(lon: number, lat: number): number | null {
  const cell = encode(lon, lat, GEO_STEP_MAX);
  return cell ? cellScore(cell) : null;
}

export interface Area {
  latMin: number;
  latMax: number;
  lonMin: number;
  lonMax: number;
}

/** geohashDecode: the cell's bounds. */
export function decodeArea(cell: Cell, latMin = GEO_LAT_MIN, latMax = GEO_LAT_MAX, lonMin = GEO_LONG_MIN, lonMax = GEO_LONG_MAX): Area {
  const latScale = latMax - latMin;
  const lonScale = lonMax - lonMin;
  const div = 2 ** cell.step;
  // (ilato + 1) is uint32 arithmetic in C.
  return {
    latMin: latMin + (cell.lat * 1.0 / div) * latScale,
    latMax: latMin + (((cell.lat + 1) >>> 0) * 1.0 / div) * latScale,
    lonMin: lonMin + (cell.lon * 1.0 / div) * lonScale,
    lonMax: lonMin + (((cell.lon + 1) >>> 0) * 1.0 / div) * lonScale,
  };
}

/** (uint64_t)score as x86-64 computes it, split into 32-bit halves. */
function scoreBits(score: number): [number, number] {
  let big: bigint;
  if (score >= 0 && score < 9007199254740992) {
    const t = Math.trunc(score);
    const hi = Math.floor(t / TWO32);
    return [hi, t - hi * TWO32];
  }
  if (score >= 18446744073709551616 || score < -9223372036854775808) big = score < 0 ? 1n << 63n : 0n;
  else big = BigInt.asUintN(64, BigInt(Math.trunc(score)));
  return [Number(big >> 32n), Number(big & 0xffffffffn)];
}

/** decodeGeohash: the [longitude, latitude] Redis reports for a member's score. */
export function decodeScore(score: number): [number, number] {
  const [hi, lo] = scoreBits(score);
  const cell: Cell = {
    lat: (squash16(lo) | (squash16(hi) << 16)) >>> 0,
    lon: (squash16(lo >>> 1) | (squash16(hi >>> 1) << 16)) >>> 0,
    step: GEO_STEP_MAX,
  };
  const a = decodeArea(cell);
  let lon = (a.lonMin + a.lonMax) / 2;
  if (lon > GEO_LONG_MAX) lon = GEO_LONG_MAX;
  if (lon < GEO_LONG_MIN) lon = GEO_LONG_MIN;
  let lat = (a.latMin + a.latMax) / 2;
  if (lat > GEO_LAT_MAX) lat = GEO_LAT_MAX;
  if (lat < GEO_LAT_MIN) lat = GEO_LAT_MIN;
  return [lon, lat];
}

/** Haversine great-circle distance in meters (geohashGetDistance). */
export function distance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lat1r = degRad(lat1d);
  const lon1r = degRad(lon1d);
  const lat2r = degRad(lat2d);
  const lon2r = degRad(lon2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const v = Math.sin((lon2r - lon1r) / 2);
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v));
}

/** A search shape: a circle (radius) or a box (width × height), in `conversion` units. */
export interface Shape {
  lon: number;
  lat: number;
  conversion: number;
  circle: boolean;
  radius: number;
  width: number;
  height: number;
}

/** Whether a point is inside the shape; returns its distance from the centre, or -1. */
export function distanceInShape(shape: Shape, lon: number, lat: number): number {
  if (shape.circle) {
    const d = distance(shape.lon, shape.lat, lon, lat);
    return d > shape.radius * shape.conversion ? -1 : d;
  }
  const widthM = shape.width * shape.conversion;
  const heightM = shape.height * shape.conversion;
  const lonDistance = distance(lon, lat, shape.lon, lat);
  const latDistance = distance(lon, lat, lon, shape.lat);
  if (lonDistance > widthM / 2 || latDistance > heightM / 2) return -1;
  return distance(shape.lon, shape.lat, lon, lat);
}

/** geohashEstimateStepsByRadius. */
function estimateSteps(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** geohashBoundingBox: [minLon, minLat, maxLon, maxLat] of the shape. */
function boundingBox(shape: Shape): [number, number, number, number] {
  const { lon, lat } = shape;
  const height = shape.conversion * (shape.circle ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.circle ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const lonDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(lat + latDelta)));
  const lonDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(lat - latDelta)));
  const south = lat < 0;
  return [
    south ? lon - lonDeltaBottom : lon - lonDeltaTop,
    lat - latDelta,
    south ? lon + lonDeltaBottom : lon + lonDeltaTop,
    lat + latDelta,
  ];
}

/**
 * geohash_move_x/y: a moved coordinate wraps within `step` bits; an unmoved one is left as is,
 * even when it overflowed (longitude 180 or latitude at the limit encode to 2^step).
 */
function moved(cell: Cell, dLon: number, dLat: number): Cell {
  const mod = 2 ** cell.step;
  return {
    lat: dLat === 0 ? cell.lat : (cell.lat + dLat + mod) % mod,
    lon: dLon === 0 ? cell.lon : (cell.lon + dLon + mod) % mod,
    step: cell.step,
  };
}

/**
 * geohashCalculateAreasByShapeWGS84: the centre cell and its 8 neighbours, in Redis's search
 * order (centre, N, S, E, W, NE, NW, SE, SW), with useless neighbours as null.
 */
export function searchCells(shape: Shape): Array<Cell | null> {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape);
  const radiusMeters = (shape.circle
    ? shape.radius
    : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))) * shape.conversion;
  let steps = estimateSteps(radiusMeters, shape.lat);
  let hash = encode(shape.lon, shape.lat, steps)!;
  let n = neighbours(hash);
  let area = decodeArea(hash);
  const north = decodeArea(n[0]);
  const south = decodeArea(n[1]);
  const east = decodeArea(n[2]);
  const west = decodeArea(n[3]);
  const decrease = north.latMax < maxLat || south.latMin > minLat || east.lonMax < maxLon || west.lonMin > minLon;
  if (steps > 1 && decrease) {
    steps--;
    hash = encode(shape.lon, shape.lat, steps)!;
    n = neighbours(hash);
    area = decodeArea(hash);
  }
  const cells: Array<Cell | null> = [hash, ...n];
  if (steps >= 2) {
    // Indexes into cells: 1 N, 2 S, 3 E, 4 W, 5 NE, 6 NW, 7 SE, 8 SW.
    if (area.latMin < minLat) cells[2] = cells[8] = cells[7] = null;
    if (area.latMax > maxLat) cells[1] = cells[5] = cells[6] = null;
    if (area.lonMin < minLon) cells[4] = cells[8] = cells[6] = null;
    if (area.lonMax > maxLon) cells[3] = cells[7] = cells[5] = null;
  }
  return cells;
}

/** N, S, E, W, NE, NW, SE, SW; indexes wrap around like geohash_move_x/y. */
function neighbours(c: Cell): Cell[] {
  return [moved(c, 0, 1), moved(c, 0, -1), moved(c, 1, 0), moved(c, -1, 0), moved(c, 1, 1), moved(c, -1, 1), moved(c, 1, -1), moved(c, -1, -1)];
}

const GEOALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/** The standard 11-character geohash of a member's score (re-encoded over lat -90..90). */
export function standardGeohash(score: number): string {
  const [lon, lat] = decodeScore(score);
  const cell = encode(lon, lat, GEO_STEP_MAX, -90, 90, -180, 180);
  const bits = cell ? interleave(cell.lat, cell.lon) : 0;
  let out = '';
  for (let i = 0; i < 11; i++) {
    const idx = i === 10 ? 0 : Math.floor(bits / 2 ** (52 - (i + 1) * 5)) & 0x1f;
    out += GEOALPHABET[idx];
  }
  return out;
}
