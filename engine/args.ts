import { CommandError, ERR } from './errors.ts';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT_RE = /^(0|-?[1-9][0-9]*)$/;

/** Redis's string2ll: exact int64, no spaces, no '+', no leading zeros. */
export function toInt64(s: string): bigint | null {
  if (s.length === 0 || s.length > 20 || !INT_RE.test(s)) return null;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? null : n;
}

/** string2ll for values that fit a JS number exactly; null when not an integer or out of range. */
export function toInt(s: string): number | null {
  if (s.length <= 15) {
    if (!INT_RE.test(s)) return null;
    return Number(s);
  }
  const n = toInt64(s);
  if (n === null) return null;
  return Number(n);
}

/** Parses an integer argument or throws Redis's "not an integer" error. */
export function intArg(s: string, error: string = ERR.notInteger): number {
  const n = toInt(s);
  if (n === null) throw new CommandError(error);
  return n;
}

/** Like strtold as Redis uses it: no spaces, inf allowed, nan rejected. */
export function toDouble(s: string): number | null {
  if (s.length === 0 || s !== s.trim()) return null;
  const l = s.toLowerCase();
  if (l === 'inf' || l === '+inf' || l === 'infinity' || l === '+infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) && !/^[+-]?0x[0-9a-f]+$/i.test(s)) return null;
  const d = Number(s);
  return Number.isNaN(d) ? null : d;
}

export function doubleArg(s: string, error: string = ERR.notFloat): number {
  const d = toDouble(s);
  if (d === null) throw new CommandError(error);
  return d;
}

/** Timeout argument of blocking commands, in seconds (may be fractional) → ms; 0 = forever. */
export function timeoutArg(s: string): number {
  const d = toDouble(s);
  if (d === null) throw new CommandError(ERR.timeoutNotFloat);
  // Redis casts ceil(seconds * 1000) to a long long: -0.5 ms rounds to 0 (forever), while
  // infinities and 2^63 ms or more wrap to a negative number.
  const ms = Math.ceil(d * 1000);
  if (ms < 0 || !(ms < 2 ** 63)) throw new CommandError(ERR.timeoutNegative);
  return ms === 0 ? 0 : ms;
}

/** Case-insensitive option comparison. */
export function is(arg: string | undefined, option: string): boolean {
  return arg !== undefined && arg.length === option.length && arg.toLowerCase() === option;
}
