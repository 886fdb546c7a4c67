/**
 * The transport floor of the engine throughput benchmark: a Node TCP server that frames RESP
 * with the engine's parser and answers every command `+OK`, in one write per read and through the
 * same socket I/O (engine/socket-io.ts) as the engine, without running any command. What it reaches is about the most any Node server can do
 * on the machine through this I/O path: engine ÷ floor is what our commands cost, floor ÷
 * redis-server what Node's event loop, streams and sockets cost. Forked like
 * serve-engine-node.ts and speaks the same IPC messages (no `memory`).
 */
import { createServer } from 'node:net';
import { ProtocolError, RespParser } from '../engine/resp-parser.ts';
import { SocketIO } from '../engine/socket-io.ts';
import type { ServeReply, ServeRequest } from './serve-engine-node.ts';

const server = createServer({ noDelay: true }, (socket) => {
  const parser = new RespParser({ maxBulkLen: 512 * 1024 * 1024, authenticated: () => true });
  const commands: string[][] = [];
  const io = SocketIO.attach(socket, (chunk, transient) => {
    try {
      parser.feed(chunk, commands, transient);
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      socket.destroy();
      return;
    }
    if (commands.length === 0) return;
    let out = '';
    // PING answers PONG so that the harness's readiness check passes.
    for (const argv of commands) out += argv[0].toLowerCase() === 'ping' ? '+PONG\r\n' : '+OK\r\n';
    commands.length = 0;
    io.write(out);
  });
  socket.on('error', () => undefined);
});

const port = await new Promise<number>((resolve) => {
  server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
    const addr = server.address();
    resolve(typeof addr === 'object' && addr ? addr.port : 0);
  });
});

if (process.send) {
  const send = (m: ServeReply) => process.send!(m);
  send({ type: 'listening', port });
  process.on('message', (m: ServeRequest) => {
    if (m.type === 'stop') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
} else {
  process.stdout.write(`transport floor listening on 127.0.0.1:${port}\n`);
}
