import type { TypedValue } from '../keyspace.ts';
import { MemberIndex } from './set.ts';
import { takeRandom } from './sample.ts';
import { StringMap } from './string-map.ts';

/** hash-max-listpack-entries / hash-max-listpack-value, read once per command. */
export interface HashLimits {
  entries: number;
  value: number;
}

const DEFAULT_LIMITS: HashLimits = { entries: 512, value: 64 };

export type HashEncoding = 'listpack' | 'hashtable';

/**
 * A Redis hash: field → value, in insertion order, which is a listpack's order (an update keeps
 * the field's place). Redis 7.0 keeps a hash in a listpack until it has more than
 * hash-max-listpack-entries fields or a field or value longer than hash-max-listpack-value bytes,
 * then converts it to a hashtable for good. Here too: while listpack-encoded the fields and values
 * sit in one flat array [f0, v0, f1, v1, ...] searched linearly, as a listpack is (a third of the
 * memory of a Map for small hashes); a hashtable is a StringMap.
 */
export class HashValue implements TypedValue {
  readonly kind = 'hash' as const;
  /** null until settled, for a value filled from entries (RESTORE, COPY, RDB load). */
  private enc: HashEncoding | null;
  /** The fields while listpack-encoded or not yet settled (their order is a listpack's)... */
  private flat: string[] | null = null;
  /** ...or while a hashtable. */
  private map: StringMap | null = null;
  private index: MemberIndex | null = null;
  /** Total length of the fields and values (byteSize without a walk). */
  private bytes = 0;

  constructor(entries?: Iterable<[string, string]>, encoding: HashEncoding | null = null) {
    this.enc = encoding;
    if (encoding === 'hashtable') {
      const map = new StringMap();
      if (entries) {
        for (const [f, v] of entries) {
          const old = map.put(f, v);
          this.bytes += old === undefined ? f.length + v.length : v.length - old.length;
        }
      }
      this.map = map;
      return;
    }
    const flat: string[] = [];
    if (entries) {
      for (const [f, v] of entries) {
        flat.push(f, v);
        this.bytes += f.length + v.length;
      }
    }
    this.flat = flat;
  }

  get size(): number {
    return this.flat !== null ? this.flat.length >> 1 : this.map!.size;
  }

  /** OBJECT ENCODING's name for this hash. */
  encoding(limits: HashLimits = DEFAULT_LIMITS): HashEncoding {
    return this.enc ?? this.settle(limits);
  }

  /**
   * The sticky encoding flag OBJECT ENCODING and DUMP read: undefined until settled (a value
   * filled directly is then judged by the configured thresholds).
   */
  get listpack(): boolean | undefined {
    return this.enc === null ? undefined : this.enc === 'listpack';
  }

  private settle(limits: HashLimits): HashEncoding {
    let enc: HashEncoding = this.size <= limits.entries ? 'listpack' : 'hashtable';
    if (enc === 'listpack') {
      for (const [f, v] of this.entries()) {
        if (f.length > limits.value || v.length > limits.value) {
          enc = 'hashtable';
          break;
        }
      }
    }
    if (enc === 'hashtable') this.toHashtable();
    this.enc = enc;
    return enc;
  }

  /** Converts to a hashtable for good (hashTypeConvert). */
  private toHashtable(): void {
    this.enc = 'hashtable';
    if (this.flat === null) return;
    const flat = this.flat;
    const map = new StringMap();
    for (let i = 0; i < flat.length; i += 2) map.set(flat[i], flat[i + 1]);
    this.map = map;
    this.flat = null;
  }

  /** Position of a field in the flat array, or -1. */
  private find(field: string): number {
    const flat = this.flat!;
    for (let i = 0; i < flat.length; i += 2) if (flat[i] === field) return i;
    return -1;
  }

  get(field: string): string | undefined {
    if (this.flat === null) return this.map!.get(field);
    const i = this.find(field);
    return i < 0 ? undefined : this.flat[i + 1];
  }

  has(field: string): boolean {
    return this.flat === null ? this.map!.has(field) : this.find(field) >= 0;
  }

  /**
   * hashTypeTryConversion: HSET converts before writing when any of argv[from..] is too long for
   * a listpack, even if the write then changes nothing.
   */
  convertForArgs(argv: string[], from: number, limits: HashLimits): void {
    if ((this.enc ?? this.settle(limits)) !== 'listpack') return;
    for (let i = from; i < argv.length; i++) {
      if (argv[i].length > limits.value) {
        this.toHashtable();
        return;
      }
    }
  }

  /** Sets a field; true if it was created. */
  set(field: string, value: string, limits: HashLimits): boolean {
    if ((this.enc ?? this.settle(limits)) === 'listpack' && (field.length > limits.value || value.length > limits.value)) this.toHashtable();
    const flat = this.flat;
    if (flat !== null) {
      const i = this.find(field);
      if (i >= 0) {
        this.bytes += value.length - flat[i + 1].length;
        flat[i + 1] = value;
        return false;
      }
      this.bytes += field.length + value.length;
      // A copy of exactly the new size: push would over-allocate by half, as a listpack does not.
      this.flat = flat.concat(field, value);
      if (flat.length >> 1 >= limits.entries) this.toHashtable();
      return true;
    }
    const old = this.map!.put(field, value);
    if (old !== undefined) {
      this.bytes += value.length - old.length;
      return false;
    }
    this.bytes += field.length + value.length;
    if (this.index !== null) this.index.add(field);
    return true;
  }

  /** Deletes a field; false if it was not there. */
  delete(field: string): boolean {
    const flat = this.flat;
    if (flat !== null) {
      const i = this.find(field);
      if (i < 0) return false;
      this.bytes -= flat[i].length + flat[i + 1].length;
      flat.splice(i, 2);
      return true;
    }
    const old = this.map!.take(field);
    if (old === undefined) return false;
    this.bytes -= field.length + old.length;
    if (this.index !== null) this.index.remove(field);
    return true;
  }

  /** Fields and values in order. */
  *entries(): IterableIterator<[string, string]> {
    const flat = this.flat;
    if (flat === null) {
      yield* this.map!.entries();
      return;
    }
    for (let i = 0; i < flat.length; i += 2) yield [flat[i], flat[i + 1]];
  }

  fields(): string[] {
    const flat = this.flat;
    if (flat === null) return [...this.map!.keys()];
    const out = new Array<string>(flat.length >> 1);
    for (let i = 0; i < flat.length; i += 2) out[i >> 1] = flat[i];
    return out;
  }

  values(): string[] {
    const flat = this.flat;
    if (flat === null) return [...this.map!.values()];
    const out = new Array<string>(flat.length >> 1);
    for (let i = 1; i < flat.length; i += 2) out[i >> 1] = flat[i];
    return out;
  }

  /** A copy with the same contents and encoding (COPY). */
  clone(encoding: HashEncoding): HashValue {
    return new HashValue(this.entries(), encoding);
  }

  private indexed(): MemberIndex {
    return (this.index ??= new MemberIndex(this.map!.keys()));
  }

  /** A random field; the hash must not be empty. */
  randomField(): string {
    const flat = this.flat;
    if (flat !== null) return flat[2 * Math.floor(Math.random() * (flat.length >> 1))];
    return this.indexed().random();
  }

  /** `count` (< size) distinct random fields, in random order. */
  sample(count: number): string[] {
    if (this.flat === null) return this.indexed().sample(count);
    return takeRandom(this.fields(), count);
  }

  /** One HSCAN step over a hashtable-encoded hash: appends fields (see MemberIndex.scan). */
  scan(cursor: number, count: number, out: string[]): number {
    return this.indexed().scan(cursor, count, out);
  }

  byteSize(): number {
    return 32 * this.size + this.bytes;
  }
}
