import type { TypedValue } from '../keyspace.ts';

/** A Redis set of members. */
export class SetValue implements TypedValue {
  readonly kind = 'set' as const;
  constructor(readonly set: Set<string> = new Set()) {}

  byteSize(): number {
    let n = 0;
    for (const m of this.set) n += 24 + m.length;
    return n;
  }
}
