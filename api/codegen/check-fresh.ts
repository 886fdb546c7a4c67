/**
 * Fails when api/model/generated/ is not what `npm run generate` would
 * write today (edited by hand, or the SDK was bumped without regenerating).
 * CLI: `node --import tsx api/codegen/check-fresh.ts`.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { GENERATED_DIR, renderGeneratedFiles } from "./generate.ts";

/** Paths (relative to the repository root) of generated files that are missing, differ, or should not exist. */
export async function staleGeneratedFiles(): Promise<string[]> {
  const expected = renderGeneratedFiles();
  const present = await readdir(GENERATED_DIR).catch(() => [] as string[]);
  const stale: string[] = [];
  for (const name of new Set([...expected.keys(), ...present])) {
    const committed = await readFile(join(GENERATED_DIR, name), "utf8").catch(() => undefined);
    if (committed !== expected.get(name)) stale.push(`api/model/generated/${name}`);
  }
  return stale.sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const stale = await staleGeneratedFiles();
  if (stale.length > 0) {
    console.error(`Generated files are stale: ${stale.join(", ")}\nRun \`npm run generate\` and commit the result.`);
    process.exit(1);
  }
  console.log("api/model/generated is up to date");
}
