// `npm start`: runs the emulator from a bundle of its TypeScript sources (rebuilt with esbuild when
// a source is newer), so start-up pays neither a TypeScript loader nor hundreds of module loads.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = join(root, 'dist', 'elasticache-local.mjs');

function newestSource(dir, newest = 0) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name.endsWith('.test.ts')) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) newest = newestSource(path, newest);
    else if (/\.(ts|json)$/.test(name)) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(outfile).mtimeMs;
  } catch {
    return 0;
  }
}

const sources = Math.max(...['api', 'bin', 'engine', 'provisioner', 'state'].map((d) => newestSource(join(root, d))), statSync(join(root, 'package.json')).mtimeMs);
if (builtAt() < sources) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'bin', 'elasticache-local.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}
await import(pathToFileURL(outfile).href);
