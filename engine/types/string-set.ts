import { OpenTable } from '../open-table.ts';

/**
 * A set of strings in an open-addressing table (engine/open-table.ts): what a large set's
 * members live in, where a JS Set's lookups cost a cache miss per chained entry. Iterates in slot
 * order, as Redis iterates a hashtable-encoded set in bucket order.
 */
export class StringSet extends OpenTable implements Iterable<string> {
  constructor(members?: Iterable<string>) {
    super(1, 1);
    if (members) for (const m of members) this.add(m);
  }

  /** Adds a member; false if it was there. */
  add(m: string): boolean {
    this.claim(m);
    return this.settle();
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.keyList();
  }
}
