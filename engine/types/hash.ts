import type { TypedValue } from '../keyspace.ts';

/** A Redis hash: field → value, insertion-ordered like a listpack-encoded hash. */
export class HashValue implements TypedValue {
  readonly kind = 'hash' as const;
  constructor(readonly map: Map<string, string> = new Map()) {}

  byteSize(): number {
    let n = 0;
    for (const [f, v] of this.map) n += 32 + f.length + v.length;
    return n;
  }
}
