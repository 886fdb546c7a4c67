import type { TypedValue } from '../keyspace.ts';
import { MemberIndex } from './set.ts';

/** hash-max-listpack-entries / hash-max-listpack-value, read once per command. */
export interface HashLimits {
  entries: number;
  value: number;
}

const DEFAULT_LIMITS: HashLimits = { entries: 512, value: 64 };

export type HashEncoding = 'listpack' | 'hashtable';

/**
 * A Redis hash: field → value. `map` is the storage and keeps insertion order, which is a
 * listpack's order (an update keeps the field's place); change it only through set/delete so the
 * encoding and the random-access index stay right. Redis 7.0 keeps a hash in a listpack until it
 * has more than hash-max-listpack-entries fields or a field or value longer than
 * hash-max-listpack-value bytes, then converts it to a hashtable for good.
 */
export class HashValue implements TypedValue {
  readonly kind = 'hash' as const;
  /** null until settled, for a value someone filled through `map` directly (RESTORE, COPY). */
  private enc: HashEncoding | null;
  private index: MemberIndex | null = null;

  constructor(
    readonly map: Map<string, string> = new Map(),
    encoding: HashEncoding | null = null,
  ) {
    this.enc = encoding;
  }

  get size(): number {
    return this.map.size;
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
    let enc: HashEncoding = this.map.size <= limits.entries ? 'listpack' : 'hashtable';
    if (enc === 'listpack') {
      for (const [f, v] of this.map) {
        if (f.length > limits.value || v.length > limits.value) {
          enc = 'hashtable';
          break;
        }
      }
    }
    return (this.enc = enc);
  }

  /**
   * hashTypeTryConversion: HSET converts before writing when any of argv[from..] is too long for
   * a listpack, even if the write then changes nothing.
   */
  convertForArgs(argv: string[], from: number, limits: HashLimits): void {
    if ((this.enc ?? this.settle(limits)) !== 'listpack') return;
    for (let i = from; i < argv.length; i++) {
      if (argv[i].length > limits.value) {
        this.enc = 'hashtable';
        return;
      }
    }
  }

  /** Sets a field; true if it was created. */
  set(field: string, value: string, limits: HashLimits): boolean {
    const m = this.map;
    if ((this.enc ?? this.settle(limits)) === 'listpack' && (field.length > limits.value || value.length > limits.value)) {
      this.enc = 'hashtable';
    }
    const before = m.size;
    m.set(field, value);
    if (m.size === before) return false;
    if (this.enc === 'listpack' && m.size > limits.entries) this.enc = 'hashtable';
    if (this.index !== null) this.index.add(field);
    return true;
  }

  /** Deletes a field; false if it was not there. */
  delete(field: string): boolean {
    if (!this.map.delete(field)) return false;
    if (this.index !== null) this.index.remove(field);
    return true;
  }

  private indexed(): MemberIndex {
    return (this.index ??= new MemberIndex(this.map.keys()));
  }

  /** A random field; the hash must not be empty. */
  randomField(): string {
    return this.indexed().random();
  }

  /** `count` (< size) distinct random fields. */
  sample(count: number): string[] {
    return this.indexed().sample(count);
  }

  /** One HSCAN step over a hashtable-encoded hash: appends fields (see MemberIndex.scan). */
  scan(cursor: number, count: number, out: string[]): number {
    return this.indexed().scan(cursor, count, out);
  }

  byteSize(): number {
    let n = 0;
    for (const [f, v] of this.map) n += 32 + f.length + v.length;
    return n;
  }
}
