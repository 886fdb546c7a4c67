import type { StoredValue } from './keyspace.ts';
import { OpenTable } from './open-table.ts';

/**
 * The keys of one database with each key's value and LRU clock (Redis's robj lru field): an
 * open-addressing table (engine/open-table.ts) whose slots hold [hash, lru] and [key, value], so
 * the value and clock sit in the table rather than in an object per key (one cache miss less per
 * access, 40 bytes less per key).
 */
export class KeyTable extends OpenTable {
  constructor() {
    super(2, 2);
  }

  get(key: string): StoredValue | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : (this.slots[2 * i + 1] as StoredValue);
  }

  /** Value in a slot find returned. */
  value(slot: number): StoredValue {
    return this.slots[2 * slot + 1] as StoredValue;
  }

  /** Replaces the value in a slot find returned, keeping its LRU clock. */
  setValue(slot: number, value: StoredValue): void {
    this.slots[2 * slot + 1] = value;
  }

  /** LRU clock in a slot find returned. */
  lru(slot: number): number {
    return this.meta[2 * slot + 1];
  }

  setLru(slot: number, lru: number): void {
    this.meta[2 * slot + 1] = lru;
  }

  /** Stores a key's value and LRU clock; true when the key is new. */
  set(key: string, value: StoredValue, lru: number): boolean {
    const i = this.claim(key);
    this.slots[2 * i + 1] = value;
    this.meta[2 * i + 1] = lru;
    if (!this.claimedNew) return false;
    this.settle();
    return true;
  }

  keys(): IterableIterator<string> {
    return this.keyList();
  }

  *entries(): IterableIterator<[string, StoredValue]> {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 2) {
      const k = slots[i];
      if (k !== undefined) yield [k as string, slots[i + 1] as StoredValue];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, StoredValue]> {
    return this.entries();
  }
}
