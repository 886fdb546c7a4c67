import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startNode, rawExchange, resp } from '../../test/helpers/engine-node.ts';
import { EngineNode } from '../engine-node.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE, SAVE, BGSAVE, ROLE', async () => {
  const { client, close } = await startNode();
  try {
    await client.set('a', '1');
    await client.call('SELECT', '1');
    await client.set('b', '1');
    await client.set('c', '1');
    assert.equal(await client.dbsize(), 2);
    await assert.rejects(client.call('FLUSHDB', 'x'), /ERR syntax error/);
    await assert.rejects(client.call('FLUSHALL', 'ASYNC', 'x'), /ERR syntax error/);
    await assert.rejects(client.call('SWAPDB', 'x', '1'), /ERR invalid first DB index/);
    await assert.rejects(client.call('SWAPDB', '1', 'x'), /ERR invalid second DB index/);
    await assert.rejects(client.call('SWAPDB', '0', '16'), /ERR DB index is out of range/);
    assert.equal(await client.call('SWAPDB', '0', '1'), 'OK');
    assert.equal(await client.dbsize(), 1, 'db 1 now holds what db 0 had');
    assert.equal(await client.get('a'), '1');
    assert.equal(await client.call('FLUSHDB', 'SYNC'), 'OK');
    await client.call('SELECT', '0');
    assert.equal(await client.dbsize(), 2);
    assert.equal(await client.call('FLUSHALL', 'ASYNC'), 'OK');
    assert.equal(await client.dbsize(), 0);
    const [sec, usec] = (await client.call('TIME')) as string[];
    assert.ok(Math.abs(Number(sec) - Date.now() / 1000) < 5);
    assert.ok(Number(usec) >= 0 && Number(usec) < 1_000_000);
    assert.equal(typeof (await client.call('LASTSAVE')), 'number');
    assert.equal(await client.call('SAVE'), 'OK');
    assert.equal(await client.call('BGSAVE'), 'Background saving started');
    await assert.rejects(client.call('BGSAVE', 'x'), /ERR syntax error/);
    assert.deepEqual(await client.call('ROLE'), ['master', 0, []]);
  } finally {
    await close();
  }
});

test('SWAPDB wakes WATCH and keeps clients on their db number', async () => {
  const { port, client, close } = await startNode();
  const other = new Redis({ port, lazyConnect: true });
  await other.connect();
  try {
    await other.call('SELECT', '1');
    await other.set('k', 'one');
    await client.watch('k');
    await other.call('SWAPDB', '0', '1');
    assert.equal(await client.multi().get('k').exec(), null);
    assert.equal(await client.get('k'), 'one');
    assert.equal(await other.get('k'), null);
  } finally {
    other.disconnect();
    await close();
  }
});

test('INFO sections and field names', async () => {
  const { client, close } = await startNode();
  try {
    const def = await client.info();
    for (const h of ['# Server', '# Clients', '# Memory', '# Persistence', '# Stats', '# Replication', '# CPU', '# Modules', '# Errorstats', '# Cluster', '# Keyspace']) {
      assert.ok(def.includes(h + '\r\n'), h);
    }
    assert.ok(!def.includes('# Commandstats'));
    const all = await client.info('everything');
    assert.match(all, /# Commandstats\r\n(cmdstat_[^\r]+\r\n)*cmdstat_info:calls=\d+,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=0\r\n/);
    assert.match(all, /# Latencystats\r\n(latency_[^\r]+\r\n)*latency_percentiles_usec_info:p50=[\d.]+,p99=[\d.]+,p99\.9=[\d.]+\r\n/);
    const two = await client.call('INFO', 'SERVER', 'clients');
    assert.match(two as string, /^# Server\r\nredis_version:7\.0\.15\r\n[\s\S]*\r\n\r\n# Clients\r\nconnected_clients:1\r\n[\s\S]*clients_in_timeout_table:0\r\n$/);
    assert.equal(await client.call('INFO', 'nosuch'), '');
    await client.set('k', 'v', 'EX', 100);
    assert.match(await client.info('keyspace'), /^# Keyspace\r\ndb0:keys=1,expires=1,avg_ttl=\d+\r\n$/);
    assert.match(await client.info('replication'), /role:master\r\nconnected_slaves:0\r\nmaster_failover_state:no-failover\r\nmaster_replid:[0-9a-f]{40}\r\n/);
    await client.call('GET').catch(() => undefined);
    assert.match(await client.info('errorstats'), /errorstat_ERR:count=1\r\n/);
    assert.match(await client.info('commandstats'), /cmdstat_get:calls=0,usec=0,usec_per_call=0\.00,rejected_calls=1,failed_calls=0/);
    assert.match(await client.info('stats'), /total_error_replies:1\r\n/);
  } finally {
    await close();
  }
});

test('CONFIG GET/SET/RESETSTAT/REWRITE/HELP and restricted commands', async () => {
  const { client, port, close } = await startNode();
  try {
    assert.deepEqual(await client.config('GET', 'maxmemory'), ['maxmemory', '0']);
    assert.deepEqual(await client.call('CONFIG', 'GET', 'MAXMEMORY'), ['MAXMEMORY', '0']);
    assert.deepEqual(await client.call('CONFIG', 'GET', 'slave-read-only', 'hz', 'hz'), ['slave-read-only', 'yes', 'hz', '10']);
    const many = (await client.call('CONFIG', 'GET', 'maxmemory*')) as string[];
    assert.ok(many.includes('maxmemory-policy') && many.length % 2 === 0);
    assert.deepEqual(await client.call('CONFIG', 'GET', 'nosuch'), []);
    assert.equal(await client.call('CONFIG', 'SET', 'hz', '20', 'maxmemory', '1mb'), 'OK');
    assert.deepEqual(await client.call('CONFIG', 'GET', 'hz', 'maxmemory'), ['hz', '20', 'maxmemory', '1048576']);
    await assert.rejects(client.call('CONFIG', 'SET', 'hz', '10', 'maxmemory'), /ERR syntax error/);
    await assert.rejects(client.call('CONFIG', 'SET', 'hz', '11', 'hz', '12'), /ERR CONFIG SET failed \(possibly related to argument 'hz'\) - duplicate parameter/);
    await assert.rejects(client.call('CONFIG', 'SET', 'nosuch', '1'), /ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'/);
    await assert.rejects(client.call('CONFIG', 'SET', 'databases', '3'), /can't set immutable config/);
    await assert.rejects(
      client.call('CONFIG', 'SET', 'hz', '30', 'maxmemory', '-1'),
      /ERR CONFIG SET failed \(possibly related to argument 'maxmemory'\) - argument must be a memory value/,
    );
    assert.deepEqual(await client.call('CONFIG', 'GET', 'hz'), ['hz', '20'], 'a failed CONFIG SET changes nothing');
    assert.equal(await client.call('CONFIG', 'SET', 'hz', '1000'), 'OK');
    assert.deepEqual(await client.call('CONFIG', 'GET', 'hz'), ['hz', '500']);
    await assert.rejects(client.call('CONFIG', 'SET', 'appendonly', 'maybe'), /argument must be 'yes' or 'no'/);
    await assert.rejects(client.call('CONFIG', 'SET', 'hz', '010'), /argument couldn't be parsed into an integer/);
    await assert.rejects(client.call('CONFIG', 'SET', 'save', 'foo'), /Invalid save parameters/);
    await assert.rejects(client.call('CONFIG', 'REWRITE'), /ERR The server is running without a config file/);
    assert.equal(await client.call('CONFIG', 'RESETSTAT'), 'OK');
    assert.match(await client.info('stats'), /total_commands_processed:1\r\n/, 'RESETSTAT itself is counted, as in Redis');
    assert.equal(((await client.call('CONFIG', 'HELP')) as string[])[0], 'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    assert.deepEqual(await client.call('CONFIG', 'GET', 'key-load-delay'), ['key-load-delay', '0']);
    assert.ok(!((await client.call('CONFIG', 'GET', '*')) as string[]).includes('key-load-delay'), 'hidden from patterns');
    await assert.rejects(
      client.call('CONFIG', 'SET', 'maxmemory', '10000001', 'maxmemory-clients', '200%'),
      /ERR CONFIG SET failed \(possibly related to argument 'maxmemory-clients'\) - percentage argument must be less or equal to 100/,
    );
    assert.deepEqual(await client.call('CONFIG', 'GET', 'maxmemory'), ['maxmemory', '1048576']);
    assert.equal(await client.call('CONFIG', 'SET', 'maxmemory-clients', '10%'), 'OK');
    assert.deepEqual(await client.call('CONFIG', 'GET', 'maxmemory-clients'), ['maxmemory-clients', '10%']);
    assert.deepEqual(await client.call('CONFIG', 'GET', 'port', 'slaveof'), ['port', String(port), 'slaveof', '']);
    assert.equal(await client.call('CONFIG', 'SET', 'port', String(port)), 'OK');
    await assert.rejects(client.call('CONFIG', 'SET', 'port', '1'), /Unable to listen on this port/);
  } finally {
    await close();
  }
  const { client: restricted, close: close2 } = await startNode({ restrictedCommands: ['config'] });
  try {
    await assert.rejects(restricted.call('CONFIG', 'GET', 'hz'), /ERR unknown command 'CONFIG', with args beginning with: 'GET' 'hz'/);
    assert.deepEqual(await restricted.call('COMMAND', 'INFO', 'config'), [null]);
  } finally {
    await close2();
  }
});

test('COMMAND, COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS', async () => {
  const { client, close } = await startNode();
  try {
    const all = (await client.call('COMMAND')) as unknown[][];
    assert.equal(all.length, await client.call('COMMAND', 'COUNT'));
    const [get] = (await client.call('COMMAND', 'INFO', 'get')) as unknown[][];
    assert.deepEqual(get.slice(0, 8), ['get', 2, ['readonly', 'fast'], 1, 1, 1, ['@read', '@string', '@fast'], []]);
    assert.deepEqual(get[8], [['flags', ['RO', 'access'], 'begin_search', ['type', 'index', 'spec', ['index', 1]], 'find_keys', ['type', 'range', 'spec', ['lastkey', 0, 'keystep', 1, 'limit', 0]]]]);
    const [client_] = (await client.call('COMMAND', 'INFO', 'client')) as unknown[][];
    assert.ok((client_[9] as unknown[][]).some((s) => s[0] === 'client|kill'));
    assert.deepEqual(await client.call('COMMAND', 'INFO', 'nosuch'), [null]);
    const [kill] = (await client.call('COMMAND', 'INFO', 'client|kill')) as unknown[][];
    assert.deepEqual(kill.slice(0, 7), ['client|kill', -3, ['admin', 'noscript', 'loading', 'stale'], 0, 0, 0, ['@admin', '@slow', '@dangerous', '@connection']]);
    const docs = (await client.call('COMMAND', 'DOCS', 'get')) as unknown[];
    assert.equal(docs[0], 'get');
    assert.deepEqual((docs[1] as string[]).slice(2), ['since', '1.0.0', 'group', 'string']);
    assert.equal((docs[1] as string[])[0], 'summary');
    const clientDocs = (await client.call('COMMAND', 'DOCS', 'client')) as unknown[][];
    assert.ok((clientDocs[1] as unknown[]).includes('subcommands'));
    const list = (await client.call('COMMAND', 'LIST')) as string[];
    assert.ok(list.includes('get') && list.includes('client|list'));
    assert.deepEqual(await client.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'echo'), ['echo']);
    assert.ok(((await client.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'pubsub')) as string[]).includes('publish'));
    assert.deepEqual(await client.call('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x'), []);
    await assert.rejects(client.call('COMMAND', 'LIST', 'FILTERBY', 'foo', 'x'), /ERR syntax error/);
    assert.deepEqual(await client.call('COMMAND', 'GETKEYS', 'set', 'a', 'b'), ['a']);
    assert.deepEqual(await client.call('COMMAND', 'GETKEYSANDFLAGS', 'set', 'a', 'b'), [['a', ['OW', 'update']]]);
    assert.deepEqual(await client.call('COMMAND', 'GETKEYSANDFLAGS', 'set', 'a', 'b', 'GET'), [['a', ['RW', 'access', 'update']]]);
    await assert.rejects(client.call('COMMAND', 'GETKEYS', 'foo', 'a'), /ERR Invalid command specified/);
    await assert.rejects(client.call('COMMAND', 'GETKEYS', 'get', 'a', 'b'), /ERR Invalid number of arguments specified for command/);
    await assert.rejects(client.call('COMMAND', 'GETKEYS', 'ping', 'a'), /ERR The command has no key arguments/);
    await assert.rejects(client.call('COMMAND', 'GETKEYS', 'get'), /ERR wrong number of arguments for 'command\|getkeys' command/);
  } finally {
    await close();
  }
});

test('SLOWLOG, LATENCY, MEMORY, MONITOR', async () => {
  const { port, client, close } = await startNode();
  try {
    await client.config('SET', 'slowlog-log-slower-than', '0');
    await client.call('SLOWLOG', 'RESET');
    await client.set('k', 'x'.repeat(200));
    await client.call('CLIENT', 'SETNAME', 'slowpoke');
    const entries = (await client.call('SLOWLOG', 'GET', '2')) as unknown[][];
    assert.equal(entries.length, 2);
    const setEntry = entries[1];
    assert.deepEqual(setEntry[3], ['set', 'k', 'x'.repeat(128) + '... (72 more bytes)']);
    assert.match(setEntry[4] as string, /^127\.0\.0\.1:\d+$/);
    assert.equal(await client.call('SLOWLOG', 'LEN'), 4);
    await assert.rejects(client.call('SLOWLOG', 'GET', '-2'), /ERR count should be greater than or equal to -1/);
    await assert.rejects(client.call('SLOWLOG', 'GET', '1', '2'), /ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP./);
    await client.call('SLOWLOG', 'RESET');
    assert.equal(await client.call('SLOWLOG', 'LEN'), 1, 'RESET itself is logged after the reset');
    const long = Array.from({ length: 40 }, (_, i) => String(i));
    await client.call('ECHO', 'x').catch(() => undefined);
    await client.call('DEL', ...long);
    const [[, , , args]] = (await client.call('SLOWLOG', 'GET', '1')) as unknown[][];
    assert.equal((args as string[]).length, 32);
    assert.equal((args as string[])[31], '... (10 more arguments)');

    assert.deepEqual(await client.call('LATENCY', 'LATEST'), []);
    assert.deepEqual(await client.call('LATENCY', 'HISTORY', 'command'), []);
    assert.equal(await client.call('LATENCY', 'RESET'), 0);
    assert.match((await client.call('LATENCY', 'DOCTOR')) as string, /Latency monitoring is disabled/);
    const hist = (await client.call('LATENCY', 'HISTOGRAM', 'set')) as unknown[];
    assert.equal(hist[0], 'set');
    assert.deepEqual((hist[1] as unknown[]).slice(0, 2), ['calls', 1]);
    await client.call('CONFIG', 'RESETSTAT');
    await client.call('CLIENT', 'ID');
    await client.call('CLIENT', 'GETNAME');
    const sub = (await client.call('LATENCY', 'HISTOGRAM', 'client', 'nosuch')) as unknown[];
    assert.deepEqual(sub.filter((_, i) => i % 2 === 0).sort(), ['client|getname', 'client|id']);
    node_latency: {
      const n = new EngineNode();
      n.latency.add('command', 12, 5_000_000);
      n.latency.add('command', 30, 5_000_000);
      n.latency.add('command', 7, 6_000_000);
      assert.deepEqual(n.latency.events.get('command'), { samples: [[5000, 30], [6000, 7]], max: 30 });
      break node_latency;
    }

    assert.equal(await client.call('MEMORY', 'USAGE', 'nosuch'), null);
    assert.equal(typeof (await client.call('MEMORY', 'USAGE', 'k', 'SAMPLES', '0')), 'number');
    await assert.rejects(client.call('MEMORY', 'USAGE', 'k', 'SAMPLES'), /ERR syntax error/);
    await assert.rejects(client.call('MEMORY', 'USAGE', 'k', 'SAMPLES', '-1'), /ERR syntax error/);
    assert.equal(await client.call('MEMORY', 'PURGE'), 'OK');
    const stats = (await client.call('MEMORY', 'STATS')) as unknown[];
    assert.equal(stats[0], 'peak.allocated');
    assert.match((await client.call('MEMORY', 'DOCTOR')) as string, /^Hi Sam/);

    const mon = new Redis({ port, lazyConnect: true });
    await mon.connect();
    const lines: string[] = [];
    const m = await mon.monitor();
    m.on('monitor', (_t: string, args: string[], source: string, db: string) => lines.push(`${db} ${source.startsWith('127.0.0.1:') ? 'addr' : source} ${args.join(' ')}`));
    await client.call('SELECT', '3');
    await client.set('q', 'a"b\n');
    await client.call('CONFIG', 'GET', 'hz');
    await sleep(30);
    m.disconnect();
    mon.disconnect();
    assert.deepEqual(lines, ['3 addr SELECT 3', '3 addr set q a"b\\n']);
    const raw = await rawExchange(port, 'MONITOR\r\nMONITOR\r\nSET x "a\\x01"\r\n', 50);
    assert.match(raw.data, /^\+OK\r\n\+OK\r\n\+\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "SET" "x" "a\\x01"\r\n$/);
  } finally {
    await close();
  }
});

test('DEBUG is refused by default and works when enabled', async () => {
  const { client, close } = await startNode();
  try {
    await assert.rejects(client.call('DEBUG', 'HELP'), /ERR DEBUG command not allowed. If the enable-debug-command option is set to "local"/);
  } finally {
    await close();
  }
  const { client: dbg, close: close2 } = await startNode({ config: { 'enable-debug-command': 'yes' } });
  try {
    assert.equal(await dbg.call('DEBUG', 'DIGEST'), '0'.repeat(40));
    await dbg.set('a', '1');
    const d1 = await dbg.call('DEBUG', 'DIGEST');
    assert.match(d1 as string, /^[0-9a-f]{40}$/);
    assert.notEqual(d1, '0'.repeat(40));
    assert.equal(await dbg.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0'), 'OK');
    const t0 = Date.now();
    assert.equal(await dbg.call('DEBUG', 'SLEEP', '0.05'), 'OK');
    assert.ok(Date.now() - t0 >= 45);
    assert.equal(await dbg.call('DEBUG', 'CHANGE-REPL-ID'), 'OK');
    await dbg.config('SET', 'latency-monitor-threshold', '10');
    await dbg.config('SET', 'slowlog-log-slower-than', '20000');
    await dbg.call('SLOWLOG', 'RESET');
    await dbg.call('DEBUG', 'SLEEP', '0.03');
    const [[, ms]] = (await dbg.call('LATENCY', 'HISTORY', 'command')) as number[][];
    assert.ok(ms >= 30, 'the sleep counts as the command taking that long');
    assert.deepEqual(((await dbg.call('SLOWLOG', 'GET')) as unknown[][])[0][3], ['DEBUG', 'SLEEP', '0.03']);
    await assert.rejects(dbg.call('DEBUG', 'FOO'), /ERR unknown subcommand or wrong number of arguments for 'FOO'. Try DEBUG HELP./);
    assert.match((await dbg.call('DEBUG', 'OBJECT', 'a')) as string, /^Value at:0x[0-9a-f]+ refcount:2147483647 encoding:int serializedlength:2 lru:\d+ lru_seconds_idle:\d+$/);
    await assert.rejects(dbg.call('DEBUG', 'OBJECT', 'nosuch'), /ERR no such key/);
    await dbg.set('t', 'v', 'EX', 100);
    assert.equal(await dbg.call('DEBUG', 'RELOAD'), 'OK');
    assert.equal(await dbg.call('DEBUG', 'DIGEST'), await dbg.call('DEBUG', 'DIGEST'));
    assert.ok(((await dbg.ttl('t')) as number) > 90);
    await assert.rejects(dbg.call('DEBUG', 'RELOAD', 'foo'), /ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options./);
    assert.deepEqual(await dbg.call('DEBUG', 'PROTOCOL', 'map'), [0, 0, 1, 1, 2, 0]);
    await assert.rejects(dbg.call('DEBUG', 'PROTOCOL', 'push'), /ERR RESP2 is not supported by this command/);
  } finally {
    await close2();
  }
});

test('SHUTDOWN: syntax, ABORT with nothing in progress, refused inside MULTI; then the node stops and closes its connections', async () => {
  const { node, client, port, close } = await startNode();
  try {
    await assert.rejects(client.call('SHUTDOWN', 'FOO'), /^ReplyError: ERR syntax error$/);
    await assert.rejects(client.call('SHUTDOWN', 'SAVE', 'NOSAVE'), /^ReplyError: ERR syntax error$/);
    await assert.rejects(client.call('SHUTDOWN', 'ABORT', 'NOW'), /^ReplyError: ERR syntax error$/);
    await assert.rejects(client.call('SHUTDOWN', 'ABORT'), /^ReplyError: ERR No shutdown in progress\.$/);
    const tx = await rawExchange(port, resp('MULTI') + resp('SET', 'foo', 'bar') + resp('SHUTDOWN') + resp('EXEC') + resp('GET', 'foo'));
    assert.equal(
      tx.data,
      '+OK\r\n+QUEUED\r\n-ERR Command not allowed inside a transaction\r\n-EXECABORT Transaction discarded because of previous errors.\r\n$-1\r\n',
    );
    const down = await rawExchange(port, resp('SHUTDOWN', 'NOSAVE', 'NOW'), 300);
    assert.deepEqual(down, { data: '', closed: true });
    assert.equal(node.listening, false);
  } finally {
    await close();
  }
});
