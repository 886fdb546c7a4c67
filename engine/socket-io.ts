/**
 * A client connection's reads and writes, below Node's stream API where Node allows it.
 *
 * With one command per read (redis-benchmark -P 1, most applications), Node's Readable and
 * Writable machinery costs more CPU than the command: a Buffer allocated per read, push/addChunk,
 * a nextTick per write and one per read, and the tick queue they run in. Like net.Socket's own
 * `onread` option (which net.Server does not offer for accepted sockets), this reads every
 * connection into one shared buffer through the socket handle's `onread` and writes replies with
 * the handle's write calls, as net.Socket does internally. net.Socket still owns the handle:
 * end of stream, errors, end(), destroy() and 'close' go through it unchanged.
 *
 * It needs Node's `stream_wrap` binding (process.binding, stable since Node 12); where that is
 * missing or unlike what is expected, or with ELASTICACHE_LOCAL_SOCKET_STREAMS=1, connections use
 * the stream API ('data' events, socket.write) with the same behaviour.
 */
import type { Socket } from 'node:net';

/**
 * Bytes read from a connection. `transient`: the buffer is reused by the next read, so whatever
 * must outlive the call has to be copied.
 */
export type DataListener = (chunk: Buffer, transient: boolean) => void;

interface WriteReq {
  handle: StreamHandle;
  oncomplete: (this: WriteReq, status: number) => void;
  socket: Socket;
  /** A Buffer queued by an asynchronous write stays referenced until the write completes. */
  buffer: Buffer | null;
}

interface StreamHandle {
  onread: (this: StreamHandle, arrayBuffer: ArrayBuffer | undefined) => unknown;
  useUserBuffer(buffer: Uint8Array): void;
  writeLatin1String(req: WriteReq, data: string): number;
  writeBuffer(req: WriteReq, data: Uint8Array): number;
}

interface StreamBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kReadBytesOrError: number;
  kLastWriteWasAsync: number;
}

function loadBinding(): StreamBinding | null {
  if (process.env.ELASTICACHE_LOCAL_SOCKET_STREAMS === '1') return null;
  try {
    const b = (process as unknown as { binding(name: string): Partial<StreamBinding> }).binding('stream_wrap');
    const ok =
      typeof b.WriteWrap === 'function' &&
      b.streamBaseState instanceof Int32Array &&
      typeof b.kReadBytesOrError === 'number' &&
      typeof b.kLastWriteWasAsync === 'number';
    return ok ? (b as StreamBinding) : null;
  } catch {
    return null;
  }
}

const binding = loadBinding();

/** The one read buffer: every read is handled synchronously before the next one starts. */
const READ_SIZE = 64 * 1024;
let readBuffer: Buffer | null = null;

function handleOf(socket: Socket): StreamHandle | null {
  const h = (socket as unknown as { _handle?: Partial<StreamHandle> | null })._handle;
  if (!h || typeof h.useUserBuffer !== 'function' || typeof h.writeLatin1String !== 'function' || typeof h.writeBuffer !== 'function') return null;
  if (typeof h.onread !== 'function') return null;
  return h as StreamHandle;
}

function onWriteComplete(this: WriteReq, status: number): void {
  this.buffer = null;
  if (status < 0 && !this.socket.destroyed) this.socket.destroy();
}

export class SocketIO {
  private readonly handle: StreamHandle | null;
  /** The write request of the last write, free again when that write completed at once (the usual case). */
  private spare: WriteReq | null = null;

  private constructor(
    readonly socket: Socket,
    onData: DataListener,
  ) {
    const handle = binding ? handleOf(socket) : null;
    this.handle = handle;
    if (handle === null) {
      socket.on('data', (chunk: Buffer) => onData(chunk, false));
      return;
    }
    const state = binding!.streamBaseState;
    const kRead = binding!.kReadBytesOrError;
    readBuffer ??= Buffer.allocUnsafeSlow(READ_SIZE);
    const buf = readBuffer;
    handle.useUserBuffer(buf);
    const streamRead = handle.onread;
    // The view of the last read's bytes serves again when the next read has the same length, as
    // reads of a client sending commands of one shape do: a Buffer less per read.
    let view = buf.subarray(0, 0);
    handle.onread = function (this: StreamHandle, arrayBuffer: ArrayBuffer | undefined): unknown {
      const nread = state[kRead];
      // End of stream and errors: net.Socket's own handling ('end', destroy, 'close').
      if (nread <= 0 || socket.destroyed) return streamRead.call(this, arrayBuffer);
      if (view.length !== nread) view = buf.subarray(0, nread);
      onData(view, true);
      return undefined;
    };
  }

  /** Whether reads and writes bypass the stream API (false: the fallback). */
  get direct(): boolean {
    return this.handle !== null;
  }

  /** Starts reading a connection accepted by a net.Server, before its first read. */
  static attach(socket: Socket, onData: DataListener): SocketIO {
    return new SocketIO(socket, onData);
  }

  /** Queues bytes for the connection, in order with everything written before. */
  write(data: string | Buffer): void {
    const socket = this.socket;
    const handle = this.handle;
    if (handle === null) {
      if (!socket.destroyed && socket.writable) socket.write(data, 'latin1');
      return;
    }
    // Once ended or destroyed, net.Socket has shut the handle down or dropped it.
    if (socket.destroyed || !socket.writable) return;
    let req = this.spare;
    if (req === null) {
      req = new binding!.WriteWrap();
      req.handle = handle;
      req.oncomplete = onWriteComplete;
      req.socket = socket;
      req.buffer = null;
    }
    const err = typeof data === 'string' ? handle.writeLatin1String(req, data) : handle.writeBuffer(req, data);
    if (err !== 0) {
      this.spare = null;
      socket.destroy();
      return;
    }
    // A write the kernel took whole never reaches native code's request: the object serves the
    // next write. One left pending is the handle's until its oncomplete.
    if (binding!.streamBaseState[binding!.kLastWriteWasAsync]) {
      if (typeof data !== 'string') req.buffer = data;
      this.spare = null;
    } else {
      this.spare = req;
    }
  }
}
