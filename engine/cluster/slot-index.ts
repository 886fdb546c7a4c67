import { keyHashSlot, CLUSTER_SLOTS } from './crc16.ts';
import type { Database } from '../keyspace.ts';
import type { KeyTable } from '../key-table.ts';

/**
 * Keys of a database by hash slot (Redis's slots_to_keys), so that COUNTKEYSINSLOT is O(1) and
 * GETKEYSINSLOT O(count) while slots are resharded. The Database calls add/remove as keys come
 * and go, so each slot keeps its keys in creation order (GETKEYSINSLOT answers newest first, as
 * Redis's per-slot list does). When the data table is replaced wholesale (FLUSHALL, a full
 * resync) the index rebuilds from it on the next call: empty then, so no order is lost.
 */
export class SlotIndex {
  private readonly slots: Array<Set<string> | undefined> = new Array(CLUSTER_SLOTS);
  private ref: KeyTable | null = null;

  constructor(private readonly db: Database) {
    this.sync();
  }

  add(key: string): void {
    if (this.ref !== this.db.data) this.sync();
    const slot = keyHashSlot(key);
    let set = this.slots[slot];
    if (!set) this.slots[slot] = set = new Set();
    set.add(key);
  }

  remove(key: string): void {
    if (this.ref !== this.db.data) this.sync();
    const set = this.slots[keyHashSlot(key)];
    if (set && set.delete(key) && set.size === 0) this.slots[keyHashSlot(key)] = undefined;
  }

  count(slot: number): number {
    this.sync();
    return this.slots[slot]?.size ?? 0;
  }

  /** Up to `max` keys of a slot, in the order they were added. */
  keys(slot: number, max: number): string[] {
    this.sync();
    const out: string[] = [];
    const set = this.slots[slot];
    if (!set || max <= 0) return out;
    for (const key of set) {
      out.push(key);
      if (out.length >= max) break;
    }
    return out;
  }

  private sync(): void {
    if (this.ref === this.db.data) return;
    this.slots.fill(undefined);
    this.ref = this.db.data;
    for (const key of this.db.data.keys()) this.add(key);
  }
}
