import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/** Starts `node bin/start.mjs` in memory on a free port; resolves with its API URL. */
function start(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/start.mjs', '--port', '0', '--in-memory', '--node-ports', '34100-34199'], { cwd: root });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line: ${out}`)), 30_000);
    const read = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exit = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exit;
}

const cacheFiles = () => (existsSync(dist) ? readdirSync(dist).filter((f) => /^emulator\.cjs\.\d+\.v8-cache$/.test(f)) : []);

test('bin/start.mjs saves a V8 code cache of its bundle; a start with the cache serves the API', async () => {
  // Without a cache, the first start writes one.
  for (const f of cacheFiles()) rmSync(join(dist, f), { force: true });
  let { child, url } = await start();
  try {
    // Saved two seconds after start (bin/code-cache.mjs); a busy machine may take longer.
    for (let i = 0; i < 100 && cacheFiles().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(cacheFiles().length >= 1, `a cache file in dist/: ${readdirSync(dist).join(', ')}`);
  } finally {
    await stop(child);
  }
  ({ child, url } = await start());
  try {
    const xml = await (await fetch(`${url}/?Action=DescribeCacheClusters&Version=2015-02-02`)).text();
    assert.match(xml, /<DescribeCacheClustersResponse xmlns="http:\/\/elasticache\.amazonaws\.com\/doc\/2015-02-02\/"><DescribeCacheClustersResult><CacheClusters\/>/);
  } finally {
    await stop(child);
  }
});
