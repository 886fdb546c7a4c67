/**
 * Injected network latency on one connection: each chunk a client sent is handed on `ms` after it
 * arrived, in arrival order (a chunk never overtakes an earlier one, even when the delay shrinks).
 */
export class InputDelay {
  private readonly queue: Array<{ due: number; chunk: Buffer }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deliver: (chunk: Buffer) => void) {}

  get pending(): boolean {
    return this.queue.length > 0;
  }

  push(chunk: Buffer, ms: number): void {
    this.queue.push({ due: performance.now() + ms, chunk });
    if (!this.timer) this.arm();
  }

  /** The connection closed: what had not arrived yet is lost, as on a network. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      // Timers may fire a little early; a millisecond of slack avoids a useless re-arm.
      while (this.queue.length > 0 && this.queue[0].due <= performance.now() + 1) this.deliver(this.queue.shift()!.chunk);
      if (this.queue.length > 0) this.arm();
    }, Math.max(0, this.queue[0].due - performance.now()));
  }
}
