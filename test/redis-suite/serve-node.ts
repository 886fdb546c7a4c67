// One engine node for the Redis test suite, in its own process so that a unit which hangs or
// crashes it can be killed without touching the runner. Prints the bound port on stdout.
import { command, container } from '../../engine/command-table.ts';
import { commandTable } from '../../engine/commands/index.ts';
import { EngineNode } from '../../engine/engine-node.ts';

// The suite sends FUNCTION FLUSH before every server block in external mode; an engine without
// functions has none to flush, so until it implements FUNCTION that one subcommand answers OK
// here (and only here) instead of every unit dying before its first test.
if (!commandTable.get('function')) {
  commandTable.register([
    container('function', -2, 'slow', [command('flush', -2, 'write noscript', [0, 0, 0], 'write slow scripting', (c) => c.reply.ok())]),
  ]);
}

const node = new EngineNode();
const port = await node.listen(Number(process.argv[2] ?? 0), '127.0.0.1');
process.stdout.write(`${port}\n`);

const stop = () => void node.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
