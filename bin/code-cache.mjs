// Loads a CommonJS bundle through V8's code cache: the bytecode V8 compiled on an earlier run is
// reused, so a start does not parse and compile the bundle again (a fifth of start-up otherwise).
// Node 20 has no compile cache of its own (module.enableCompileCache() came with Node 22).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { Script } from 'node:vm';

/** When to save the cache: by then the start-up path and the first requests have been compiled. */
const SAVE_AFTER_MS = 2_000;

/**
 * The cache of one build of a bundle. V8 checks a cache against the source's length only, so each
 * build has its own file: an emulator still running an earlier build never writes the current one's.
 */
export function cacheFileOf(file, buildId) {
  return `${file}.${buildId}.v8-cache`;
}

/** Every build's cache of the bundle (bin/start.mjs removes them when it rebuilds). */
export function isCacheFileOf(file, name) {
  return name.startsWith(`${basename(file)}.`) && name.endsWith('.v8-cache');
}

/**
 * module.exports of the CommonJS file, run as require() would run it. With source maps on
 * (--enable-source-maps) it is required instead, as only Node's own loader applies source maps.
 */
export function loadWithCodeCache(file, buildId) {
  if (process.sourceMapsEnabled) return createRequire(file)(file);
  const cacheFile = cacheFileOf(file, buildId);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(wrapper, { filename: file, cachedData });
  const module = { exports: {}, filename: file };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    // Not at exit: a process that ends at once (--help) has compiled too little to be worth caching.
    const save = () => {
      // Written whole and renamed into place, so a concurrent start never reads half a cache.
      const partial = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
      } catch {
        // A read-only install runs without a cache.
        rmSync(partial, { force: true });
      }
    };
    setTimeout(save, SAVE_AFTER_MS).unref();
  }
  return module.exports;
}
