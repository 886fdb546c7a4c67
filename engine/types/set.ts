import type { TypedValue } from '../keyspace.ts';
import { takeRandom } from './sample.ts';
import { StringSet } from './string-set.ts';

/** Redis's default set-max-intset-entries, for values whose encoding is settled without a config. */
const DEFAULT_MAX_INTSET_ENTRIES = 512;

/**
 * Random access and a stable scan order over the members of a Map or Set, which JS gives
 * neither. Members sit in insertion-ordered slots, each with a sequence number that never
 * changes: a pick is a random slot (holes are retried; compaction keeps them under half), and a
 * SCAN cursor is the sequence number to resume from, so every member present for a whole scan is
 * returned exactly once however the collection changes between calls. Values build one lazily,
 * on their first random pick or scan, and keep it in step from then on.
 */
export class MemberIndex {
  private slots: Array<string | undefined> = [];
  private seqs: number[] = [];
  private readonly pos = new Map<string, number>();
  private nextSeq = 1;

  constructor(members: Iterable<string>) {
    for (const m of members) this.add(m);
  }

  get size(): number {
    return this.pos.size;
  }

  add(m: string): void {
    this.pos.set(m, this.slots.length);
    this.slots.push(m);
    this.seqs.push(this.nextSeq++);
  }

  remove(m: string): void {
    const i = this.pos.get(m);
    if (i === undefined) return;
    this.pos.delete(m);
    this.slots[i] = undefined;
    if (this.pos.size * 2 < this.slots.length) this.compact();
  }

  private compact(): void {
    const { slots, seqs, pos } = this;
    let w = 0;
    for (let r = 0; r < slots.length; r++) {
      const m = slots[r];
      if (m === undefined) continue;
      if (w !== r) {
        slots[w] = m;
        seqs[w] = seqs[r];
        pos.set(m, w);
      }
      w++;
    }
    slots.length = w;
    seqs.length = w;
  }

  /** A uniformly random member; the collection must not be empty. */
  random(): string {
    const slots = this.slots;
    for (;;) {
      const m = slots[Math.floor(Math.random() * slots.length)];
      if (m !== undefined) return m;
    }
  }

  /**
   * `count` distinct random members (count < size), in random order: a partial shuffle of all
   * members when many are wanted, rejection sampling when few are.
   */
  sample(count: number): string[] {
    if (count * 3 > this.pos.size) {
      const all: string[] = [];
      for (const m of this.slots) if (m !== undefined) all.push(m);
      return takeRandom(all, count);
    }
    const picked = new Set<string>();
    while (picked.size < count) picked.add(this.random());
    return [...picked];
  }

  /**
   * Appends up to `count` members to `out`, starting at cursor `cursor` (0 = the beginning);
   * returns the cursor to continue from, 0 once the end is reached.
   */
  scan(cursor: number, count: number, out: string[]): number {
    const { slots, seqs } = this;
    let lo = 0;
    let hi = seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (seqs[mid] < cursor) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    for (let n = 0; i < slots.length && n < count; i++) {
      const m = slots[i];
      if (m !== undefined) {
        out.push(m);
        n++;
      }
    }
    while (i < slots.length && slots[i] === undefined) i++;
    return i < slots.length ? seqs[i] : 0;
  }
}

/** Redis's string2ll acceptance (what an intset can hold): canonical base-10 int64. */
export function isIntString(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return n === 1;
  if (first < 49 || first > 57) return false;
  for (let j = i + 1; j < n; j++) {
    const ch = s.charCodeAt(j);
    if (ch < 48 || ch > 57) return false;
  }
  const digits = n - i;
  if (digits < 19) return true;
  if (digits > 19) return false;
  return i === 1 ? s <= '-9223372036854775808' : s <= '9223372036854775807';
}

/** Numeric order of two isIntString members (an intset's iteration order). */
function compareInts(a: string, b: string): number {
  const an = a.charCodeAt(0) === 45;
  const bn = b.charCodeAt(0) === 45;
  if (an !== bn) return an ? -1 : 1;
  const r = a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  return an ? -r : r;
}

export type SetEncoding = 'intset' | 'hashtable';

/**
 * A Redis set of members. `set` is the storage; change it only through add/delete so the
 * encoding, the intset order and the random-access index stay right. Redis 7.0 encodes a set as
 * an intset while every member is an integer and there are at most set-max-intset-entries of
 * them (and iterates it in numeric order), as a hashtable otherwise, and never converts back.
 */
export class SetValue implements TypedValue {
  readonly kind = 'set' as const;
  /** null until settled, for a value someone filled through `set` directly (RESTORE, COPY). */
  private enc: SetEncoding | null;
  /** Members in numeric order while an intset, built when first iterated. */
  private sorted: string[] | null = null;
  private index: MemberIndex | null = null;

  constructor(
    readonly set: StringSet = new StringSet(),
    encoding: SetEncoding | null = null,
  ) {
    this.enc = encoding;
  }

  /** An empty set encoded for its first member, as setTypeCreate does. */
  static forMember(first: string): SetValue {
    return new SetValue(new StringSet(), isIntString(first) ? 'intset' : 'hashtable');
  }

  get size(): number {
    return this.set.size;
  }

  /** OBJECT ENCODING's name for this set. */
  encoding(maxIntsetEntries = DEFAULT_MAX_INTSET_ENTRIES): SetEncoding {
    return this.enc ?? this.settle(maxIntsetEntries);
  }

  /**
   * The sticky encoding flag OBJECT ENCODING and DUMP read: undefined until settled (a value
   * filled directly is then judged by the configured threshold).
   */
  get intset(): boolean | undefined {
    return this.enc === null ? undefined : this.enc === 'intset';
  }

  private settle(maxIntsetEntries: number): SetEncoding {
    let enc: SetEncoding = this.set.size <= maxIntsetEntries ? 'intset' : 'hashtable';
    if (enc === 'intset') {
      for (const m of this.set) {
        if (!isIntString(m)) {
          enc = 'hashtable';
          break;
        }
      }
    }
    return (this.enc = enc);
  }

  has(m: string): boolean {
    return this.set.has(m);
  }

  /** Adds a member; false if it was there. */
  add(m: string, maxIntsetEntries: number): boolean {
    if (this.enc === null) this.settle(maxIntsetEntries);
    const s = this.set;
    if (!s.add(m)) return false;
    if (this.enc === 'intset') {
      this.sorted = null;
      if (s.size > maxIntsetEntries || !isIntString(m)) this.enc = 'hashtable';
    }
    if (this.index !== null) this.index.add(m);
    return true;
  }

  /** Removes a member; false if it was not there. */
  delete(m: string): boolean {
    if (!this.set.delete(m)) return false;
    this.sorted = null;
    if (this.index !== null) this.index.remove(m);
    return true;
  }

  /** Members in Redis's iteration order for the encoding (numeric for an intset). */
  members(): Iterable<string> {
    if (this.encoding() !== 'intset') return this.set;
    return (this.sorted ??= [...this.set].sort(compareInts));
  }

  private indexed(): MemberIndex {
    return (this.index ??= new MemberIndex(this.set));
  }

  /** A random member; the set must not be empty. */
  random(): string {
    return this.indexed().random();
  }

  /** `count` (< size) distinct random members. */
  sample(count: number): string[] {
    return this.indexed().sample(count);
  }

  /** One SSCAN step over a hashtable-encoded set (see MemberIndex.scan). */
  scan(cursor: number, count: number, out: string[]): number {
    return this.indexed().scan(cursor, count, out);
  }

  byteSize(): number {
    return 24 * this.set.size + this.set.keyBytes;
  }
}
