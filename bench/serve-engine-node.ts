/**
 * One engine node alone in its own process, so neither redis-benchmark nor the harness shares
 * its event loop. Forked by the harness: reports its port, answers `memory` with
 * process.memoryUsage() after a full GC (when run with --expose-gc), exits on `stop`. Run by hand
 * (`node --import tsx bench/serve-engine-node.ts [port]`) it prints the port and serves until killed.
 */
import { EngineNode } from '../engine/engine-node.ts';

export type ServeRequest = { type: 'memory' } | { type: 'stop' };
export type ServeReply = { type: 'listening'; port: number } | { type: 'memory'; usage: NodeJS.MemoryUsage };

const node = new EngineNode();
const port = await node.listen(Number(process.argv[2] ?? 0));

if (process.send) {
  const send = (m: ServeReply) => process.send!(m);
  send({ type: 'listening', port });
  process.on('message', (m: ServeRequest) => {
    if (m.type === 'memory') {
      (globalThis as { gc?: () => void }).gc?.();
      send({ type: 'memory', usage: process.memoryUsage() });
    } else if (m.type === 'stop') {
      // A normal exit (not a signal) is what makes --cpu-prof write its profile.
      void node.close().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
} else {
  process.stdout.write(`engine node listening on 127.0.0.1:${port}\n`);
}
