/**
 * RESP2/RESP3 reply encoder. Replies accumulate as one latin1 string per connection and are
 * written once per batch of pipelined commands, which is what keeps pipelining cheap.
 * Values are latin1 strings (one char per byte), so a bulk's length is its string length.
 */

export type Protocol = 2 | 3;

export class ReplyWriter {
  out = '';
  /** CLIENT REPLY OFF/SKIP: replies are computed but dropped. */
  muted = false;
  protocol: Protocol = 2;
  /**
   * Where the last error reply starts in `out` (-1: none since the dispatcher reset it) and its
   * text without the '-': how the dispatcher counts failed calls without reading `out` back.
   */
  errorAt = -1;
  lastError = '';

  private put(s: string): void {
    if (!this.muted) this.out += s;
  }

  ok(): void {
    this.put('+OK\r\n');
  }
  simple(s: string): void {
    this.put('+' + s + '\r\n');
  }
  error(s: string): void {
    if (this.muted) return;
    const text = s.replace(/[\r\n]/g, ' ');
    this.errorAt = this.out.length;
    this.lastError = text;
    this.out += '-' + text + '\r\n';
  }
  int(n: number | bigint): void {
    this.put(':' + n + '\r\n');
  }
  bulk(s: string): void {
    this.put('$' + s.length + '\r\n' + s + '\r\n');
  }
  /** A UTF-8 JS string (e.g. INFO text, error-free human output) as a bulk of its bytes. */
  bulkUtf8(s: string): void {
    this.bulk(Buffer.from(s, 'utf8').toString('latin1'));
  }
  bulkOrNull(s: string | undefined | null): void {
    if (s === undefined || s === null) this.nullBulk();
    else this.bulk(s);
  }
  nullBulk(): void {
    this.put(this.protocol === 3 ? '_\r\n' : '$-1\r\n');
  }
  nullArray(): void {
    this.put(this.protocol === 3 ? '_\r\n' : '*-1\r\n');
  }
  array(n: number): void {
    this.put('*' + n + '\r\n');
  }
  /** A map of n pairs: flat array in RESP2. */
  map(n: number): void {
    this.put(this.protocol === 3 ? '%' + n + '\r\n' : '*' + n * 2 + '\r\n');
  }
  set(n: number): void {
    this.put(this.protocol === 3 ? '~' + n + '\r\n' : '*' + n + '\r\n');
  }
  push(n: number): void {
    this.put(this.protocol === 3 ? '>' + n + '\r\n' : '*' + n + '\r\n');
  }
  /** Redis's addReplyDouble: a bulk string in RESP2, a ',' double in RESP3. */
  double(d: number): void {
    const s = formatDouble(d);
    if (this.protocol === 3) this.put(',' + s + '\r\n');
    else this.bulk(s);
  }
  bool(b: boolean): void {
    if (this.protocol === 3) this.put(b ? '#t\r\n' : '#f\r\n');
    else this.int(b ? 1 : 0);
  }
  verbatim(s: string, format = 'txt'): void {
    if (this.protocol === 3) this.put('=' + (s.length + 4) + '\r\n' + format + ':' + s + '\r\n');
    else this.bulk(s);
  }
  bulks(items: string[]): void {
    this.array(items.length);
    for (const s of items) this.bulk(s);
  }
  /** Raw, already-encoded RESP (used by EXEC to splice queued replies). */
  raw(s: string): void {
    this.put(s);
  }
  take(): string {
    const s = this.out;
    this.out = '';
    return s;
  }
}

/** Redis 7.0 formats doubles with %.17g; inf as "inf"/"-inf". */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  // Integers below 2^53 print exactly with at most 16 digits, as %.17g prints them.
  if (Number.isInteger(d) && Math.abs(d) < 9007199254740992) return Object.is(d, -0) ? '-0' : String(d);
  return formatG17(d);
}

/**
 * C's %.17g: 17 significant digits of the exact value rounded half-to-even (toExponential
 * rounds exact ties up, so those are corrected), fixed notation for exponents -4..16.
 */
export function formatG17(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const neg = d < 0;
  const e16 = (neg ? -d : d).toExponential(16);
  const ePos = e16.indexOf('e');
  let digits = e16[0] + e16.slice(2, ePos);
  const exp = Number(e16.slice(ePos + 1));
  const last = digits.charCodeAt(16) - 48;
  if (last % 2 === 1 && isExactTie(neg ? -d : d, exp)) digits = digits.slice(0, 16) + String(last - 1);
  let out: string;
  if (exp < -4 || exp >= 17) {
    const frac = digits.slice(1).replace(/0+$/, '');
    const e = exp < 0 ? -exp : exp;
    out = digits[0] + (frac ? '.' + frac : '') + (exp < 0 ? 'e-' : 'e+') + (e < 10 ? '0' + e : String(e));
  } else if (exp >= 0) {
    const frac = digits.slice(exp + 1).replace(/0+$/, '');
    out = digits.slice(0, exp + 1) + (frac ? '.' + frac : '');
  } else {
    out = '0.' + '0'.repeat(-exp - 1) + digits.replace(/0+$/, '');
  }
  return neg ? '-' + out : out;
}

/** Whether the exact decimal expansion of d (> 0, decimal exponent exp) is "5000..." after its 17th significant digit. */
function isExactTie(d: number, exp: number): boolean {
  // A tie ends exactly at decimal place 17 - exp, and a binary fraction with f fractional bits
  // has exactly f decimal places: a cheap test rules nearly every value out.
  const p = 17 - exp;
  if (p > 0 && p < 1000 && !(Number.isInteger(d * 2 ** p) && !Number.isInteger(d * 2 ** (p - 1)))) return false;
  const s = d.toExponential(99);
  if (s[18] !== '5') return false;
  const ePos = s.indexOf('e');
  for (let i = 19; i < ePos; i++) if (s[i] !== '0') return false;
  return true;
}
