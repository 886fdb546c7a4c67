import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startNode, rawExchange } from '../../test/helpers/engine-node.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('CLIENT ID/SETNAME/GETNAME/INFO/LIST layout and filters', async () => {
  const { client, close } = await startNode();
  try {
    const id = (await client.call('CLIENT', 'ID')) as number;
    assert.equal(await client.call('CLIENT', 'GETNAME'), null);
    assert.equal(await client.call('CLIENT', 'SETNAME', 'me'), 'OK');
    await assert.rejects(client.call('CLIENT', 'SETNAME', 'a b'), /ERR Client names cannot contain spaces, newlines or special characters./);
    await assert.rejects(client.call('CLIENT', 'SETNAME', 'a', 'b'), /ERR wrong number of arguments for 'client\|setname' command/);
    await assert.rejects(client.call('CLIENT', 'FOO'), /ERR unknown subcommand 'FOO'. Try CLIENT HELP./);
    await assert.rejects(client.call('CLIENT'), /ERR wrong number of arguments for 'client' command/);
    const info = (await client.call('CLIENT', 'INFO')) as string;
    assert.match(
      info,
      new RegExp(
        `^id=${id} addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:\\d+ fd=-?\\d+ name=me age=\\d+ idle=\\d+ flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=\\d+ qbuf-free=\\d+ argv-mem=\\d+ multi-mem=\\d+ rbs=\\d+ rbp=\\d+ obl=\\d+ oll=\\d+ omem=\\d+ tot-mem=\\d+ events=r cmd=client\\|info user=default redir=-1 resp=2\\n$`,
      ),
    );
    const list = (await client.call('CLIENT', 'LIST', 'ID', String(id), '999')) as string;
    assert.equal(list.split('\n').length, 2);
    assert.match((await client.call('CLIENT', 'LIST', 'TYPE', 'normal')) as string, /cmd=client\|list/);
    assert.equal(await client.call('CLIENT', 'LIST', 'TYPE', 'pubsub'), '');
    await assert.rejects(client.call('CLIENT', 'LIST', 'TYPE', 'foo'), /ERR Unknown client type 'foo'/);
    await assert.rejects(client.call('CLIENT', 'LIST', 'ID', 'x'), /ERR Invalid client ID/);
    await assert.rejects(client.call('CLIENT', 'LIST', 'foo'), /ERR syntax error/);
    assert.equal(await client.call('CLIENT', 'SETINFO', 'lib-name', 'mylib'), 'OK');
    await assert.rejects(client.call('CLIENT', 'SETINFO', 'foo', 'x'), /ERR Unrecognized option 'foo'/);
    assert.equal(await client.call('CLIENT', 'NO-EVICT', 'on'), 'OK');
    assert.match((await client.call('CLIENT', 'INFO')) as string, / flags=e /);
    await assert.rejects(client.call('CLIENT', 'NO-EVICT', 'maybe'), /ERR syntax error/);
  } finally {
    await close();
  }
});

test('CLIENT KILL old and new forms', async () => {
  const { port, client, close } = await startNode();
  const victim = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
  await victim.connect();
  try {
    const vid = (await victim.call('CLIENT', 'ID')) as number;
    const vinfo = (await victim.call('CLIENT', 'INFO')) as string;
    const addr = /addr=(\S+)/.exec(vinfo)![1];
    await assert.rejects(client.call('CLIENT', 'KILL', '1.2.3.4:5'), /ERR No such client/);
    await assert.rejects(client.call('CLIENT', 'KILL', 'ID', '0'), /ERR client-id should be greater than 0/);
    await assert.rejects(client.call('CLIENT', 'KILL', 'TYPE', 'foo'), /ERR Unknown client type 'foo'/);
    await assert.rejects(client.call('CLIENT', 'KILL', 'USER', 'nobody'), /ERR No such user 'nobody'/);
    await assert.rejects(client.call('CLIENT', 'KILL', 'SKIPME', 'maybe'), /ERR syntax error/);
    assert.equal(await client.call('CLIENT', 'KILL', 'ID', '99999'), 0);
    assert.equal(await client.call('CLIENT', 'KILL', 'TYPE', 'normal'), 1, 'skips itself');
    await sleep(20);
    assert.equal(victim.status, 'end');
    const v2 = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
    await v2.connect();
    const addr2 = /addr=(\S+)/.exec((await v2.call('CLIENT', 'INFO')) as string)![1];
    assert.equal(await client.call('CLIENT', 'KILL', addr2), 'OK');
    assert.ok(vid > 0 && addr.length > 0);
    const self = await rawExchange(port, 'CLIENT KILL SKIPME no ID 99999\r\nCLIENT KILL TYPE normal SKIPME no\r\nPING\r\n');
    assert.equal(self.data, ':0\r\n:2\r\n');
    assert.equal(self.closed, true);
  } finally {
    victim.disconnect();
    await close();
  }
});

test('CLIENT REPLY ON/OFF/SKIP', async () => {
  const { port, close } = await startNode();
  try {
    const r = await rawExchange(port, 'CLIENT REPLY OFF\r\nPING\r\nCLIENT REPLY ON\r\nPING a\r\nCLIENT REPLY SKIP\r\nPING b\r\nPING c\r\nCLIENT REPLY foo\r\n');
    assert.equal(r.data, '+OK\r\n$1\r\na\r\n$1\r\nc\r\n-ERR syntax error\r\n');
  } finally {
    await close();
  }
});

test('CLIENT PAUSE delays writes (or everything) and UNPAUSE releases them', async () => {
  const { port, client, close } = await startNode();
  const other = new Redis({ port, lazyConnect: true });
  await other.connect();
  try {
    await assert.rejects(client.call('CLIENT', 'PAUSE', 'x'), /ERR timeout is not an integer or out of range/);
    await assert.rejects(client.call('CLIENT', 'PAUSE', '-1'), /ERR timeout is negative/);
    await assert.rejects(client.call('CLIENT', 'PAUSE', '10', 'foo'), /ERR CLIENT PAUSE mode must be WRITE or ALL/);
    await assert.rejects(client.call('CLIENT', 'PAUSE', '10', 'write', 'x'), /ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP./);
    await client.set('k', 'v');
    const otherId = String(await other.call('CLIENT', 'ID'));
    assert.equal(await client.call('CLIENT', 'PAUSE', '100000', 'WRITE'), 'OK');
    let done = false;
    const pending = other.set('k', 'new').then(() => (done = true));
    assert.equal(await client.get('k'), 'v', 'reads are not paused');
    await sleep(50);
    assert.equal(done, false);
    assert.match((await client.call('CLIENT', 'LIST', 'ID', otherId)) as string, /flags=b/);
    assert.equal(await client.call('CLIENT', 'UNPAUSE'), 'OK');
    await pending;
    assert.equal(await client.get('k'), 'new');
    await client.call('CLIENT', 'PAUSE', '60', 'ALL');
    const t0 = Date.now();
    await other.get('k');
    assert.ok(Date.now() - t0 >= 50, 'reads wait under PAUSE ALL');
  } finally {
    other.disconnect();
    await close();
  }
});

test('CLIENT TRACKING: RESP3 invalidations, BCAST prefixes, NOLOOP, OPTIN, redirect, flush', async () => {
  const { port, client, close } = await startNode();
  try {
    await assert.rejects(client.call('CLIENT', 'TRACKING', 'on', 'PREFIX', 'a'), /ERR PREFIX option requires BCAST mode to be enabled/);
    await assert.rejects(client.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'OPTIN'), /ERR OPTIN and OPTOUT are not compatible with BCAST/);
    await assert.rejects(client.call('CLIENT', 'TRACKING', 'on', 'OPTIN', 'OPTOUT'), /ERR You can't specify both OPTIN mode and OPTOUT mode/);
    await assert.rejects(client.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', '99999'), /ERR The client ID you want redirect to does not exist/);
    await assert.rejects(
      client.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'a', 'PREFIX', 'ab'),
      /ERR Prefix 'a' overlaps with another provided prefix 'ab'. Prefixes for a single client must not overlap./,
    );
    await assert.rejects(client.call('CLIENT', 'CACHING', 'yes'), /ERR CLIENT CACHING can be called only when the client is in tracking mode/);
    assert.deepEqual(await client.call('CLIENT', 'TRACKINGINFO'), ['flags', ['off'], 'redirect', -1, 'prefixes', []]);
    assert.equal(await client.call('CLIENT', 'GETREDIR'), -1);

    const r = await rawExchange(
      port,
      'HELLO 3\r\nCLIENT TRACKING on\r\nGET a\r\nSET a 1\r\nGET a\r\nFLUSHDB\r\nCLIENT TRACKING on NOLOOP\r\nGET b\r\nSET b 2\r\nCLIENT TRACKINGINFO\r\n',
    );
    const tail = r.data.slice(r.data.indexOf('*0\r\n') + 4);
    assert.equal(
      tail,
      '+OK\r\n_\r\n+OK\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\na\r\n$1\r\n1\r\n+OK\r\n>2\r\n$10\r\ninvalidate\r\n_\r\n' +
        '+OK\r\n_\r\n+OK\r\n%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$6\r\nnoloop\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n',
    );

    const watcher = new Redis({ port, lazyConnect: true });
    await watcher.connect();
    const bcast = await rawExchange(port, 'HELLO 3\r\nCLIENT TRACKING on BCAST PREFIX user:\r\nCLIENT TRACKINGINFO\r\n', 50);
    assert.ok(bcast.data.includes('~2\r\n$2\r\non\r\n$5\r\nbcast\r\n'));
    const optin = await rawExchange(port, 'HELLO 3\r\nCLIENT TRACKING on OPTIN\r\nGET x\r\nCLIENT CACHING yes\r\nGET y\r\nCLIENT CACHING no\r\n');
    assert.ok(optin.data.endsWith('_\r\n+OK\r\n_\r\n-ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.\r\n'));
    watcher.disconnect();
  } finally {
    await close();
  }
});

test('CLIENT UNBLOCK and HELP', async () => {
  const { node, client, close } = await startNode();
  try {
    assert.equal(await client.call('CLIENT', 'UNBLOCK', '99999'), 0);
    await assert.rejects(client.call('CLIENT', 'UNBLOCK', '1', 'foo'), /ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR/);
    await assert.rejects(client.call('CLIENT', 'UNBLOCK', 'x'), /ERR value is not an integer or out of range/);
    const blocked = node.createClient();
    let timedOut = false;
    node.blocking.block(blocked, { db: blocked.db, keys: ['k'], deadline: 0, retry: () => false, onTimeout: () => (timedOut = true) });
    assert.equal(await client.call('CLIENT', 'UNBLOCK', String(blocked.id)), 1);
    assert.equal(timedOut, true);
    const help = (await client.call('CLIENT', 'HELP')) as string[];
    assert.equal(help[0], 'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
  } finally {
    await close();
  }
});

test('query buffer accounting in CLIENT LIST (qbuf of the running command, resize when idle)', async () => {
  const { node, client, close } = await startNode();
  try {
    const line = (await client.call('CLIENT', 'LIST')) as string;
    assert.match(line, / qbuf=26 qbuf-free=20448 argv-mem=10 /);
    const me = [...node.clients.values()][0];
    me.lastInteraction -= 5000;
    node.serverCron();
    assert.equal(me.qbufSize, 0);
    await client.set('big', 'A'.repeat(200000));
    assert.ok(me.qbufSize > 32768);
    node.serverCron();
    await client.set('x', 'small');
    node.serverCron();
    assert.ok(me.qbufSize > 0 && me.qbufSize < 32768);
  } finally {
    await close();
  }
});

test('tracking-table-max-keys evicts keys with an invalidation', async () => {
  const { port, close } = await startNode();
  try {
    const r = await rawExchange(port, 'HELLO 3\r\nCLIENT TRACKING on\r\nMSET k1 1 k2 2\r\nMGET k1 k2\r\nCONFIG SET tracking-table-max-keys 1\r\nPING\r\n');
    assert.ok(r.data.endsWith('+OK\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk1\r\n+PONG\r\n'), r.data);
  } finally {
    await close();
  }
});

test('a served blocked command gets its own invalidation after its reply', async () => {
  const { port, client, close } = await startNode();
  const { connect } = await import('node:net');
  const sock = connect(port, '127.0.0.1');
  let out = '';
  sock.on('data', (d) => (out += d.toString('latin1')));
  try {
    await client.rpush('list2', 'a');
    sock.write('HELLO 3\r\nCLIENT TRACKING on\r\nLRANGE list2 0 -1\r\nBLMOVE list1 list2 left left 0\r\n');
    await sleep(60);
    out = '';
    await client.rpush('list1', 'foo');
    await sleep(40);
    assert.equal(out, '$3\r\nfoo\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$5\r\nlist2\r\n');
  } finally {
    sock.destroy();
    await close();
  }
});
