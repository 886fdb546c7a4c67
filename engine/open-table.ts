const EMPTY = 0;
const DELETED = 1;
const MIN_CAPACITY = 16;

/**
 * An open-addressing hash table over string keys (linear probing), for the keyspace and the large
 * encodings of sets and hashes. Each slot has `metaStride` 32-bit cells in one Int32Array (the
 * key's hash first, then what the subclass keeps there) and `slotStride` cells in one array (the
 * key first, then the subclass's values), so a probe's hit finds a slot's data side by side.
 *
 * Why not a Map or Set: with fresh key strings over 100,000+ entries, V8's ordered hash tables
 * chain entries, and comparing the key with each entry of a chain reads that entry's string (a
 * cache miss, and on a VM a TLB miss); they were the largest cost of SET, GET, SADD and HSET under
 * pipelining. Here a probe compares 32-bit hashes and reads a stored key only when its hash matches.
 *
 * Iteration (keyList(), subclasses' iterators) walks the slots: deleting or overwriting during it
 * is safe; adding keys may rehash, after which the walk finishes over the old arrays.
 */
export class OpenTable {
  protected meta: Int32Array;
  protected slots: unknown[];
  protected mask = MIN_CAPACITY - 1;
  /** Whether the last claim() took a new slot. */
  protected claimedNew = false;
  /** Live keys. */
  private count = 0;
  /** Live keys plus deleted markers: what lengthens probes. */
  private used = 0;
  /** Sum of the live keys' lengths (memory accounting reads it instead of walking the keys). */
  private bytes = 0;

  constructor(
    private readonly metaStride: number,
    protected readonly slotStride: number,
  ) {
    this.meta = new Int32Array(metaStride * MIN_CAPACITY);
    this.slots = new Array<unknown>(slotStride * MIN_CAPACITY).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  /** Total length of the live keys. */
  get keyBytes(): number {
    return this.bytes;
  }

  /** The slot holding a key, or -1. */
  find(key: string): number {
    const h = hashOf(key);
    const meta = this.meta;
    const ms = this.metaStride;
    const ss = this.slotStride;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = meta[i * ms];
      if (s === h) {
        if (this.slots[i * ss] === key) return i;
      } else if (s === EMPTY) {
        return -1;
      }
    }
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  delete(key: string): boolean {
    const i = this.find(key);
    if (i < 0) return false;
    this.removeAt(i);
    return true;
  }

  /** Empties a live slot. */
  protected removeAt(i: number): void {
    const ss = this.slotStride;
    this.bytes -= (this.slots[i * ss] as string).length;
    for (let k = 0; k < ss; k++) this.slots[i * ss + k] = undefined;
    this.count--;
    const meta = this.meta;
    const ms = this.metaStride;
    const mask = this.mask;
    if (meta[((i + 1) & mask) * ms] !== EMPTY) {
      meta[i * ms] = DELETED;
      return;
    }
    // The end of a probe run: this slot and the deleted markers before it can all be empty again.
    let j = i;
    do {
      meta[j * ms] = EMPTY;
      this.used--;
      j = (j - 1) & mask;
    } while (meta[j * ms] === DELETED);
  }

  /** The live keys, in slot order. */
  *keyList(): IterableIterator<string> {
    const slots = this.slots;
    const ss = this.slotStride;
    for (let i = 0; i < slots.length; i += ss) {
      const k = slots[i];
      if (k !== undefined) yield k as string;
    }
  }

  /**
   * The slot for a key: its own, or (claimedNew set) a new one holding the key and its hash, which
   * the caller fills and then ends with settle() before anything else touches the table.
   */
  protected claim(key: string): number {
    const h = hashOf(key);
    const meta = this.meta;
    const ms = this.metaStride;
    const ss = this.slotStride;
    const mask = this.mask;
    let free = -1;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const s = meta[i * ms];
      if (s === h) {
        if (this.slots[i * ss] === key) {
          this.claimedNew = false;
          return i;
        }
      } else if (s === EMPTY) {
        break;
      } else if (s === DELETED && free < 0) {
        free = i;
      }
    }
    if (free >= 0) i = free;
    else this.used++;
    meta[i * ms] = h;
    this.slots[i * ss] = key;
    this.count++;
    this.bytes += key.length;
    this.claimedNew = true;
    return i;
  }

  /** claim() with the first value after the key stored: the slot, for the caller's other cells. */
  protected store(key: string, value: unknown): number {
    const i = this.claim(key);
    this.slots[i * this.slotStride + 1] = value;
    return i;
  }

  /**
   * Ends a claim once the slot is filled: whether it was new. Keeps at most three quarters of the
   * slots in use, so probes stay short.
   */
  protected settle(): boolean {
    if (!this.claimedNew) return false;
    if (this.used * 4 > (this.mask + 1) * 3) this.rehash();
    return true;
  }

  /** Rebuilds at a size where live keys fill at most half the slots (dropping deleted markers). */
  private rehash(): void {
    let capacity = MIN_CAPACITY;
    while (capacity < this.count * 2) capacity *= 2;
    const ms = this.metaStride;
    const ss = this.slotStride;
    const oldMeta = this.meta;
    const oldSlots = this.slots;
    const meta = new Int32Array(ms * capacity);
    const slots = new Array<unknown>(ss * capacity).fill(undefined);
    const mask = capacity - 1;
    for (let j = 0; j * ms < oldMeta.length; j++) {
      const h = oldMeta[j * ms];
      if (h === EMPTY || h === DELETED) continue;
      let i = h & mask;
      while (meta[i * ms] !== EMPTY) i = (i + 1) & mask;
      for (let k = 0; k < ms; k++) meta[i * ms + k] = oldMeta[j * ms + k];
      for (let k = 0; k < ss; k++) slots[i * ss + k] = oldSlots[j * ss + k];
    }
    this.meta = meta;
    this.slots = slots;
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
