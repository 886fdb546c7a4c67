import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

test('npm start (bin/start.mjs) serves the API with the given options; Ctrl-C stops every node and exits 0', async () => {
  const child = spawn(process.execPath, ['bin/start.mjs', '--port', '0', '--in-memory', '--region', 'eu-west-1', '--node-ports', '34000-34099'], {
    cwd: root,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no start line: ${out}`)), 15000);
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
  });
  const health = await (await fetch(`${url}/_elasticache/health`)).json();
  assert.equal(health.status, 'running');
  const body = 'Action=CreateCacheCluster&Version=2015-02-02&CacheClusterId=launched&CacheNodeType=cache.t3.micro';
  const created = await (await fetch(`${url}/`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).text();
  assert.match(created, /arn:aws:elasticache:eu-west-1:000000000000:cluster:launched/);
  let port = 0;
  for (let i = 0; i < 200 && port === 0; i++) {
    const xml = await (await fetch(`${url}/?Action=DescribeCacheClusters&Version=2015-02-02&ShowCacheNodeInfo=true`)).text();
    const m = /<Port>(\d+)<\/Port>/.exec(xml);
    if (m && xml.includes('<CacheClusterStatus>available</CacheClusterStatus>')) port = Number(m[1]);
    else await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(port >= 34000 && port <= 34099, `node port ${port} in the requested range`);
  assert.equal(await portOpen(port), true);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  assert.equal(await exit, 0, out);
  assert.equal(await portOpen(port), false);
});

test('bad options are refused with a message and exit code 2', async () => {
  const child = spawn(process.execPath, ['bin/start.mjs', '--timing', 'warp'], { cwd: root });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 2);
  assert.match(err, /invalid --timing warp/);
});
