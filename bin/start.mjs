// `npm start`: runs the emulator from esbuild bundles of its TypeScript sources and of the packages
// they use (rebuilt when one of their inputs changed), so start-up pays neither a TypeScript loader
// nor the resolution and loading of hundreds of module files:
// - dist/emulator.cjs: bin/emulator.ts and everything it imports, as one CommonJS file, which
//   bin/code-cache.mjs runs through V8's code cache;
// - dist/elasticache-local.mjs: the command line (bin/elasticache-local.ts), an ES module (it uses
//   top-level await, which a CommonJS bundle cannot hold) that takes bin/emulator.ts's exports from
//   dist/emulator.mjs, a module written here that loads dist/emulator.cjs.
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isCacheFileOf } from './code-cache.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist');
const cliFile = join(outdir, 'elasticache-local.mjs');
const libFile = join(outdir, 'emulator.cjs');
const libModule = join(outdir, 'emulator.mjs');
/** What the bundles were built from, and when the build started: `{ startedAt, inputs }`. */
const inputsFile = join(outdir, 'elasticache-local.inputs.json');

// Left out of the bundles: the native SQLite binding, and what fastify loads only on demand (its
// JSON-schema compilers, inject's request mock, the pino logger): require() finds them at run time.
const EXTERNAL = ['better-sqlite3', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'light-my-request', 'pino'];

/** Stale when any input changed (or vanished) since the build started: a stat call per input. */
function stale() {
  let built;
  try {
    built = JSON.parse(readFileSync(inputsFile, 'utf8'));
    for (const f of [cliFile, libFile, libModule]) statSync(f);
  } catch {
    return true;
  }
  for (const path of built.inputs) {
    const st = statSync(join(root, path), { throwIfNoEntry: false });
    if (!st || st.mtimeMs > built.startedAt) return true;
  }
  return false;
}

/** V8 parses a JSON string far faster than the same data written as an object literal. */
const jsonAsString = {
  name: 'json-as-string',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, (args) => ({ contents: `export default JSON.parse(${JSON.stringify(readFileSync(args.path, 'utf8'))});`, loader: 'js' }));
  },
};

/** In the command line's bundle, bin/emulator.ts is dist/emulator.mjs. */
const emulatorFromLib = {
  name: 'emulator-from-lib',
  setup(b) {
    b.onResolve({ filter: /\/emulator\.ts$/ }, (args) =>
      join(args.resolveDir, args.path) === join(root, 'bin', 'emulator.ts') ? { path: './emulator.mjs', external: true } : undefined,
    );
  },
};

async function rebuild() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', external: EXTERNAL, metafile: true, logLevel: 'warning' };
  const lib = await build({ ...common, entryPoints: ['bin/emulator.ts'], outfile: libFile, format: 'cjs', plugins: [jsonAsString], sourcemap: true, sourcesContent: false });
  // The names bin/emulator.ts exports, for dist/emulator.mjs (a CommonJS bundle's metafile lists none).
  const names = await build({ ...common, entryPoints: ['bin/emulator.ts'], outdir, format: 'esm', packages: 'external', write: false });
  const exported = Object.values(names.metafile.outputs).find((o) => o.entryPoint)?.exports ?? [];
  for (const name of readdirSync(outdir)) if (isCacheFileOf(libFile, name)) rmSync(join(outdir, name));
  writeFileSync(
    libModule,
    `// Written by bin/start.mjs: bin/emulator.ts's exports, from its CommonJS bundle run through V8's code cache.\n` +
      `import { fileURLToPath } from 'node:url';\n` +
      `import { loadWithCodeCache } from '../bin/code-cache.mjs';\n` +
      `const lib = loadWithCodeCache(fileURLToPath(new URL('./emulator.cjs', import.meta.url)), ${startedAt});\n` +
      `export const { ${exported.join(', ')} } = lib;\n`,
  );
  const cli = await build({
    ...common,
    entryPoints: { 'elasticache-local': 'bin/elasticache-local.ts' },
    outdir,
    // What it imports with import() (the fault subcommand and its zod schemas) becomes chunks,
    // loaded only when used.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    // Bundled CommonJS packages call require(); give the ES module bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [jsonAsString, emulatorFromLib],
    sourcemap: true,
    sourcesContent: false,
  });
  // Chunks of earlier builds (their names carry a content hash) go.
  const outputs = new Set(Object.keys(cli.metafile.outputs).map((p) => join(root, p)));
  const chunks = join(outdir, 'chunks');
  if (existsSync(chunks)) for (const name of readdirSync(chunks)) if (!outputs.has(join(chunks, name))) rmSync(join(chunks, name));
  // This file too: it holds the build's settings.
  const inputs = new Set(['package.json', 'tsconfig.json', 'bin/start.mjs']);
  for (const input of [...Object.keys(lib.metafile.inputs), ...Object.keys(cli.metafile.inputs)]) {
    // A package's files change only with its version, i.e. its package.json.
    const pkg = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    inputs.add(pkg ? `${pkg[1]}/package.json` : input);
  }
  writeFileSync(inputsFile, JSON.stringify({ startedAt, inputs: [...inputs] }));
}

if (stale()) await rebuild();
await import(pathToFileURL(cliFile).href);
