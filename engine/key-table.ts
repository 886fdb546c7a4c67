import type { StoredValue } from './keyspace.ts';

const EMPTY = 0;
const DELETED = 1;
const MIN_CAPACITY = 16;

/**
 * The keys of one database with each key's value and LRU clock: an open-addressing hash table
 * (linear probing) over parallel arrays.
 *
 * Why not a Map: with random keys over 100,000+ entries, Map lookups were the largest cost of
 * SET/GET under pipelining. V8's ordered hash map chains entries, and comparing a fresh key with
 * each entry of the chain reads that entry's string (a cache miss, and on a VM a TLB miss). Here a
 * probe compares 32-bit hashes held in one Int32Array and reads a stored key only when the hash
 * matches, and the value and LRU clock sit in the table rather than in an object per key (one
 * miss less per access, 40 bytes less per key).
 *
 * Iteration (keys(), entries()) walks the slots: deleting or overwriting during it is safe; adding
 * keys may rehash, after which the walk finishes over the old arrays.
 */
export class KeyTable {
  /** Slot i's hash at 2i and LRU clock at 2i+1: a probe's hit reads one cache line for both. */
  private meta = new Int32Array(2 * MIN_CAPACITY);
  /** Slot i's key at 2i and value at 2i+1, side by side for the same reason. */
  private kv: Array<StoredValue | undefined> = new Array<StoredValue | undefined>(2 * MIN_CAPACITY).fill(undefined);
  private mask = MIN_CAPACITY - 1;
  /** Live keys. */
  private count = 0;
  /** Live keys plus deleted markers: what lengthens probes. */
  private used = 0;

  get size(): number {
    return this.count;
  }

  /** The slot holding a key, or -1. */
  find(key: string): number {
    const h = hashOf(key);
    const meta = this.meta;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = meta[2 * i];
      if (s === h) {
        if (this.kv[2 * i] === key) return i;
      } else if (s === EMPTY) {
        return -1;
      }
    }
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  get(key: string): StoredValue | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : (this.kv[2 * i + 1] as StoredValue);
  }

  /** Value in a slot find returned. */
  value(slot: number): StoredValue {
    return this.kv[2 * slot + 1] as StoredValue;
  }

  /** LRU clock in a slot find returned. */
  lru(slot: number): number {
    return this.meta[2 * slot + 1];
  }

  setLru(slot: number, lru: number): void {
    this.meta[2 * slot + 1] = lru;
  }

  /** Replaces the value in a slot find returned, keeping its LRU clock. */
  setValue(slot: number, value: StoredValue): void {
    this.kv[2 * slot + 1] = value;
  }

  /** Stores a key's value and LRU clock; true when the key is new. */
  set(key: string, value: StoredValue, lru: number): boolean {
    const h = hashOf(key);
    const meta = this.meta;
    const kv = this.kv;
    const mask = this.mask;
    let free = -1;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const s = meta[2 * i];
      if (s === h) {
        if (kv[2 * i] === key) {
          kv[2 * i + 1] = value;
          meta[2 * i + 1] = lru;
          return false;
        }
      } else if (s === EMPTY) {
        break;
      } else if (s === DELETED && free < 0) {
        free = i;
      }
    }
    if (free >= 0) i = free;
    else this.used++;
    meta[2 * i] = h;
    meta[2 * i + 1] = lru;
    kv[2 * i] = key;
    kv[2 * i + 1] = value;
    this.count++;
    // At most three quarters of the slots in use, so probes stay short.
    if (this.used * 4 > (mask + 1) * 3) this.rehash();
    return true;
  }

  delete(key: string): boolean {
    const i = this.find(key);
    if (i < 0) return false;
    const mask = this.mask;
    const meta = this.meta;
    this.kv[2 * i] = undefined;
    this.kv[2 * i + 1] = undefined;
    this.count--;
    if (meta[2 * ((i + 1) & mask)] !== EMPTY) {
      meta[2 * i] = DELETED;
      return true;
    }
    // The end of a probe run: this slot and the deleted markers before it can all be empty again.
    let j = i;
    do {
      meta[2 * j] = EMPTY;
      this.used--;
      j = (j - 1) & mask;
    } while (meta[2 * j] === DELETED);
    return true;
  }

  *keys(): IterableIterator<string> {
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) {
      const k = kv[i];
      if (k !== undefined) yield k as string;
    }
  }

  *entries(): IterableIterator<[string, StoredValue]> {
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) {
      const k = kv[i];
      if (k !== undefined) yield [k as string, kv[i + 1] as StoredValue];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, StoredValue]> {
    return this.entries();
  }

  /** Rebuilds at a size where live keys fill at most half the slots (dropping deleted markers). */
  private rehash(): void {
    let capacity = MIN_CAPACITY;
    while (capacity < this.count * 2) capacity *= 2;
    const oldMeta = this.meta;
    const oldKv = this.kv;
    const meta = new Int32Array(2 * capacity);
    const kv = new Array<StoredValue | undefined>(2 * capacity).fill(undefined);
    const mask = capacity - 1;
    for (let j = 0; j < oldMeta.length; j += 2) {
      const h = oldMeta[j];
      if (h === EMPTY || h === DELETED) continue;
      let i = h & mask;
      while (meta[2 * i] !== EMPTY) i = (i + 1) & mask;
      meta[2 * i] = h;
      meta[2 * i + 1] = oldMeta[j + 1];
      kv[2 * i] = oldKv[j];
      kv[2 * i + 1] = oldKv[j + 1];
    }
    this.meta = meta;
    this.kv = kv;
    this.mask = mask;
    this.used = this.count;
  }
}

/**
 * FNV-1a over the key's chars (one byte each) with a final mix so low bits, which pick the slot,
 * depend on every char; 0 and 1 are the empty and deleted markers, so they move up.
 */
export function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h === EMPTY || h === DELETED ? h + 2 : h;
}
