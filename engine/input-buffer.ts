/**
 * Bytes received and not yet parsed, for the RESP parsers of clients and of replication links.
 * While a large argument is still arriving, chunks are only collected, and joined once enough
 * bytes are there, instead of copying the whole buffer on every read.
 */
const EMPTY = Buffer.alloc(0);

export class InputBuffer {
  protected buf: Buffer = EMPTY;
  protected pos = 0;
  /** Bytes from pos the parser needs before it can go on; 0 when any new byte may do. */
  protected needBytes = 0;
  private pending: Buffer[] = [];
  private pendingLen = 0;

  /** Takes a chunk; false while it is still collecting towards needBytes. A `transient` chunk is copied if collected. */
  protected append(chunk: Buffer, transient = false): boolean {
    if (this.pendingLen > 0 || (this.needBytes > 0 && this.buf.length - this.pos + chunk.length < this.needBytes)) {
      if (this.pendingLen === 0) {
        this.pending.push(this.buf.subarray(this.pos));
        this.pendingLen = this.buf.length - this.pos;
      }
      this.pending.push(transient ? Buffer.from(chunk) : chunk);
      this.pendingLen += chunk.length;
      if (this.pendingLen < this.needBytes) return false;
      this.buf = Buffer.concat(this.pending, this.pendingLen);
      this.pending = [];
      this.pendingLen = 0;
    } else if (this.pos < this.buf.length) {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    } else {
      this.buf = chunk;
    }
    this.pos = 0;
    this.needBytes = 0;
    return true;
  }

  /** The caller is about to reuse `chunk`: the bytes still to parse are copied out of it. */
  protected release(chunk: Buffer): void {
    if (this.buf !== chunk) return;
    this.buf = this.pos < chunk.length ? Buffer.from(chunk.subarray(this.pos)) : EMPTY;
    this.pos = 0;
  }

  /** Joins whatever was collected, for a reader that takes bytes as they come. */
  protected joinPending(): void {
    if (this.pendingLen === 0) return;
    this.buf = Buffer.concat(this.pending, this.pendingLen);
    this.pos = 0;
    this.pending = [];
    this.pendingLen = 0;
    this.needBytes = 0;
  }
}
