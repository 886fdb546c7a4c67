import type { TypedValue } from '../keyspace.ts';

/**
 * A Redis list: a ring-buffer deque, O(1) at both ends and O(1) by index.
 * (The lists family adds the rest of its operations here.)
 */
export class ListValue implements TypedValue {
  readonly kind = 'list' as const;
  private buf: string[];
  private head = 0;
  private len = 0;

  constructor(capacity = 8) {
    this.buf = new Array<string>(capacity);
  }

  static from(items: readonly string[]): ListValue {
    const l = new ListValue(Math.max(8, items.length));
    for (const item of items) l.pushRight(item);
    return l;
  }

  get length(): number {
    return this.len;
  }

  private grow(): void {
    const next = new Array<string>(this.buf.length * 2);
    for (let i = 0; i < this.len; i++) next[i] = this.buf[(this.head + i) % this.buf.length];
    this.buf = next;
    this.head = 0;
  }

  pushRight(v: string): void {
    if (this.len === this.buf.length) this.grow();
    this.buf[(this.head + this.len) % this.buf.length] = v;
    this.len++;
  }

  pushLeft(v: string): void {
    if (this.len === this.buf.length) this.grow();
    this.head = (this.head - 1 + this.buf.length) % this.buf.length;
    this.buf[this.head] = v;
    this.len++;
  }

  popLeft(): string | undefined {
    if (this.len === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined as unknown as string;
    this.head = (this.head + 1) % this.buf.length;
    this.len--;
    return v;
  }

  popRight(): string | undefined {
    if (this.len === 0) return undefined;
    const idx = (this.head + this.len - 1) % this.buf.length;
    const v = this.buf[idx];
    this.buf[idx] = undefined as unknown as string;
    this.len--;
    return v;
  }

  /** Element at a 0-based index (no negative indexes here; callers normalise). */
  at(i: number): string {
    return this.buf[(this.head + i) % this.buf.length];
  }

  setAt(i: number, v: string): void {
    this.buf[(this.head + i) % this.buf.length] = v;
  }

  toArray(): string[] {
    const out = new Array<string>(this.len);
    for (let i = 0; i < this.len; i++) out[i] = this.buf[(this.head + i) % this.buf.length];
    return out;
  }

  byteSize(): number {
    let n = 16 * this.len;
    for (let i = 0; i < this.len; i++) n += this.at(i).length;
    return n;
  }
}
