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
    this.put('-' + s.replace(/[\r\n]/g, ' ') + '\r\n');
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
  if (Number.isInteger(d) && Math.abs(d) < 1e17) return String(d);
  return formatG17(d);
}

/** C's %.17g. */
export function formatG17(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(d)));
  let s: string;
  if (exp < -4 || exp >= 17) {
    s = d.toExponential(16);
    let [mant, e] = s.split('e');
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const sign = e[0] === '-' ? '-' : '+';
    const digits = e.replace(/^[+-]/, '');
    return mant + 'e' + sign + (digits.length < 2 ? '0' + digits : digits);
  }
  s = d.toPrecision(17);
  if (s.includes('e')) return formatG17Exp(s);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

function formatG17Exp(s: string): string {
  let [mant, e] = s.split('e');
  if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
  const sign = e[0] === '-' ? '-' : '+';
  const digits = e.replace(/^[+-]/, '');
  return mant + 'e' + sign + (digits.length < 2 ? '0' + digits : digits);
}
