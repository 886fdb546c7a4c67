/**
 * The replication backlog: the last repl-backlog-size bytes of the replication stream, kept in
 * a circular buffer so that a replica that lost its link for a moment can continue (PSYNC) from
 * the offset it had reached instead of loading the whole dataset again.
 *
 * Offsets are Redis's: the stream's first byte is offset 1, and `firstByteOffset` is the offset
 * of the oldest byte still held (repl_backlog_first_byte_offset).
 */

/** Redis never keeps a backlog smaller than this (CONFIG_REPL_BACKLOG_MIN_SIZE). */
export const MIN_BACKLOG_SIZE = 16 * 1024;

export class ReplBacklog {
  private buf: Buffer;
  /** Where the next byte goes. */
  private idx = 0;
  /** Bytes held (repl_backlog_histlen). */
  histlen = 0;
  /** Offset of the oldest byte held; the next byte appended gets firstByteOffset + histlen. */
  firstByteOffset: number;

  /** `startOffset` is the offset the next appended byte will have (master_repl_offset + 1). */
  constructor(size: number, startOffset: number) {
    this.buf = Buffer.allocUnsafe(Math.max(MIN_BACKLOG_SIZE, size));
    this.firstByteOffset = startOffset;
  }

  get size(): number {
    return this.buf.length;
  }

  /** Appends stream bytes (a latin1 string: one char per byte). */
  append(data: string): void {
    const size = this.buf.length;
    let len = data.length;
    let from = 0;
    if (len > size) {
      // Only the tail can fit: the skipped head counts as already dropped.
      from = len - size;
      this.firstByteOffset += this.histlen + from;
      this.histlen = 0;
      len = size;
    }
    const first = Math.min(len, size - this.idx);
    this.buf.write(from === 0 && first === data.length ? data : data.slice(from, from + first), this.idx, first, 'latin1');
    if (first < len) this.buf.write(data.slice(from + first), 0, len - first, 'latin1');
    this.idx = (this.idx + len) % size;
    this.histlen += len;
    if (this.histlen > size) {
      this.firstByteOffset += this.histlen - size;
      this.histlen = size;
    }
  }

  /** Whether a replica can continue from `offset` (the first byte it is missing). */
  covers(offset: number): boolean {
    return offset >= this.firstByteOffset && offset <= this.firstByteOffset + this.histlen;
  }

  /** The bytes from `offset` to the end (call covers() first). */
  readFrom(offset: number): Buffer {
    const skip = offset - this.firstByteOffset;
    const len = this.histlen - skip;
    const out = Buffer.allocUnsafe(len);
    if (len === 0) return out;
    const size = this.buf.length;
    // The oldest byte sits at idx - histlen (mod size).
    const start = (this.idx - this.histlen + skip + size * 2) % size;
    const first = Math.min(len, size - start);
    this.buf.copy(out, 0, start, start + first);
    if (first < len) this.buf.copy(out, first, 0, len - first);
    return out;
  }

  /** repl-backlog-size changed: keeps the newest bytes that fit. */
  resize(size: number): void {
    size = Math.max(MIN_BACKLOG_SIZE, size);
    if (size === this.buf.length) return;
    const keep = Math.min(this.histlen, size);
    const tail = this.readFrom(this.firstByteOffset + this.histlen - keep);
    this.buf = Buffer.allocUnsafe(size);
    tail.copy(this.buf, 0);
    this.firstByteOffset += this.histlen - keep;
    this.histlen = keep;
    this.idx = keep % size;
  }
}
