import type { TypedValue } from '../keyspace.ts';

/**
 * A Redis sorted set: member → score, ordered by (score, member) as Redis orders them
 * (members compared as bytes). The sorted-sets family owns the ordered index.
 */
export class ZSetValue implements TypedValue {
  readonly kind = 'zset' as const;
  readonly scores = new Map<string, number>();

  static from(pairs: Iterable<[string, number]>): ZSetValue {
    const z = new ZSetValue();
    for (const [m, s] of pairs) z.add(m, s);
    return z;
  }

  get size(): number {
    return this.scores.size;
  }

  add(member: string, score: number): void {
    this.scores.set(member, score);
  }

  remove(member: string): boolean {
    return this.scores.delete(member);
  }

  /** All (member, score) pairs in order. */
  entries(): Array<[string, number]> {
    return [...this.scores].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  byteSize(): number {
    let n = 0;
    for (const m of this.scores.keys()) n += 48 + m.length;
    return n;
  }
}
