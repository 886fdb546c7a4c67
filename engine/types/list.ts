import type { TypedValue } from '../keyspace.ts';

const MIN_CAPACITY = 8;

/**
 * A Redis list: a ring-buffer deque, O(1) at both ends and O(1) by index. The capacity is a
 * power of two so that a slot is found with a mask instead of a division.
 */
export class ListValue implements TypedValue {
  readonly kind = 'list' as const;
  private buf: string[];
  private mask: number;
  private head = 0;
  private len = 0;
  /** Total length of the elements (byteSize without a walk). */
  private bytes = 0;

  constructor(capacity = MIN_CAPACITY) {
    let cap = MIN_CAPACITY;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<string>(cap);
    this.mask = cap - 1;
  }

  static from(items: readonly string[]): ListValue {
    const l = new ListValue(items.length);
    for (let i = 0; i < items.length; i++) {
      l.buf[i] = items[i];
      l.bytes += items[i].length;
    }
    l.len = items.length;
    return l;
  }

  get length(): number {
    return this.len;
  }

  /** Moves the elements into a buffer of the given capacity (a power of two ≥ len). */
  private resize(cap: number): void {
    const next = new Array<string>(cap);
    for (let i = 0; i < this.len; i++) next[i] = this.buf[(this.head + i) & this.mask];
    this.buf = next;
    this.mask = cap - 1;
    this.head = 0;
  }

  /** Gives memory back once a list has shrunk to a quarter of its buffer. */
  private maybeShrink(): void {
    let cap = this.buf.length;
    if (cap <= 64 || this.len * 4 > cap) return;
    while (cap > 64 && this.len * 4 <= cap) cap /= 2;
    this.resize(cap);
  }

  pushRight(v: string): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.buf[(this.head + this.len) & this.mask] = v;
    this.len++;
    this.bytes += v.length;
  }

  pushLeft(v: string): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = v;
    this.len++;
    this.bytes += v.length;
  }

  popLeft(): string | undefined {
    if (this.len === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined as unknown as string;
    this.head = (this.head + 1) & this.mask;
    this.len--;
    this.bytes -= v.length;
    this.maybeShrink();
    return v;
  }

  popRight(): string | undefined {
    if (this.len === 0) return undefined;
    const idx = (this.head + this.len - 1) & this.mask;
    const v = this.buf[idx];
    this.buf[idx] = undefined as unknown as string;
    this.len--;
    this.bytes -= v.length;
    this.maybeShrink();
    return v;
  }

  /** Element at a 0-based index (no negative indexes here; callers normalise). */
  at(i: number): string {
    return this.buf[(this.head + i) & this.mask];
  }

  setAt(i: number, v: string): void {
    const j = (this.head + i) & this.mask;
    this.bytes += v.length - this.buf[j].length;
    this.buf[j] = v;
  }

  toArray(): string[] {
    return this.slice(0, this.len);
  }

  /** Elements [start, end) as an array. */
  slice(start: number, end: number): string[] {
    const out = new Array<string>(end - start);
    for (let i = start; i < end; i++) out[i - start] = this.buf[(this.head + i) & this.mask];
    return out;
  }

  /** Index of the first element equal to v, or -1. */
  indexOf(v: string): number {
    for (let i = 0; i < this.len; i++) if (this.buf[(this.head + i) & this.mask] === v) return i;
    return -1;
  }

  /** Inserts v so that it ends up at index i (0 ≤ i ≤ length), shifting the shorter side. */
  insertAt(i: number, v: string): void {
    if (i === 0) return this.pushLeft(v);
    if (i === this.len) return this.pushRight(v);
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    const buf = this.buf;
    const mask = this.mask;
    if (i < this.len / 2) {
      this.head = (this.head - 1) & mask;
      for (let k = 0; k < i; k++) buf[(this.head + k) & mask] = buf[(this.head + k + 1) & mask];
    } else {
      for (let k = this.len; k > i; k--) buf[(this.head + k) & mask] = buf[(this.head + k - 1) & mask];
    }
    buf[(this.head + i) & mask] = v;
    this.len++;
    this.bytes += v.length;
  }

  /** Drops `left` elements from the head and `right` from the tail. */
  trim(left: number, right: number): void {
    const buf = this.buf;
    const mask = this.mask;
    for (let k = 0; k < left; k++) {
      this.bytes -= buf[(this.head + k) & mask].length;
      buf[(this.head + k) & mask] = undefined as unknown as string;
    }
    for (let k = this.len - right; k < this.len; k++) {
      this.bytes -= buf[(this.head + k) & mask].length;
      buf[(this.head + k) & mask] = undefined as unknown as string;
    }
    this.head = (this.head + left) & mask;
    this.len -= left + right;
    this.maybeShrink();
  }

  /**
   * Removes elements equal to v, LREM style: the first `count` from the head when count > 0,
   * the last -count from the tail when count < 0, all when 0. One compaction pass: O(n).
   */
  removeMatching(v: string, count: number): number {
    const buf = this.buf;
    const mask = this.mask;
    const len = this.len;
    const limit = count === 0 ? Infinity : Math.abs(count);
    let removed = 0;
    if (count >= 0) {
      let w = 0;
      for (let r = 0; r < len; r++) {
        const e = buf[(this.head + r) & mask];
        if (removed < limit && e === v) removed++;
        else {
          if (w !== r) buf[(this.head + w) & mask] = e;
          w++;
        }
      }
      for (let k = w; k < len; k++) buf[(this.head + k) & mask] = undefined as unknown as string;
    } else {
      let w = len - 1;
      for (let r = len - 1; r >= 0; r--) {
        const e = buf[(this.head + r) & mask];
        if (removed < limit && e === v) removed++;
        else {
          if (w !== r) buf[(this.head + w) & mask] = e;
          w--;
        }
      }
      for (let k = 0; k <= w; k++) buf[(this.head + k) & mask] = undefined as unknown as string;
      this.head = (this.head + w + 1) & mask;
    }
    this.len = len - removed;
    this.bytes -= removed * v.length;
    if (removed > 0) this.maybeShrink();
    return removed;
  }

  byteSize(): number {
    return 16 * this.len + this.bytes;
  }
}
