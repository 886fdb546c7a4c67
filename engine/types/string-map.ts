import { OpenTable } from '../open-table.ts';

/**
 * Strings to values in an open-addressing table (engine/open-table.ts): what a large hash's fields
 * and values and a sorted set's members live in, where a JS Map's lookups cost a cache miss per
 * chained entry. Iterates in slot order, as Redis iterates a dict in bucket order.
 */
export class StringMap<V = string> extends OpenTable {
  /** metaStride: 32-bit cells per slot, the hash and any a subclass keeps (engine/key-table.ts). */
  constructor(entries?: Iterable<[string, V]>, metaStride = 1) {
    super(metaStride, 2);
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  get(key: string): V | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : (this.slots[2 * i + 1] as V);
  }

  /** Sets a key's value; true when the key is new. */
  set(key: string, value: V): boolean {
    this.store(key, value);
    return this.settle();
  }

  /** Sets a key's value and returns the one it replaced (undefined when the key is new). */
  put(key: string, value: V): V | undefined {
    const i = this.claim(key);
    const old = this.claimedNew ? undefined : (this.slots[2 * i + 1] as V);
    this.slots[2 * i + 1] = value;
    this.settle();
    return old;
  }

  /** Deletes a key and returns its value (undefined when it was not there). */
  take(key: string): V | undefined {
    const i = this.find(key);
    if (i < 0) return undefined;
    const old = this.slots[2 * i + 1] as V;
    this.removeAt(i);
    return old;
  }

  keys(): IterableIterator<string> {
    return this.keyList();
  }

  *values(): IterableIterator<V> {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 2) if (slots[i] !== undefined) yield slots[i + 1] as V;
  }

  *entries(): IterableIterator<[string, V]> {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 2) {
      const k = slots[i];
      if (k !== undefined) yield [k as string, slots[i + 1] as V];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }
}
