/**
 * `npm run generate`: regenerates api/model/generated/ from the pinned
 * @aws-sdk/client-elasticache. Run it deliberately after bumping the SDK;
 * check-fresh.ts fails when the committed files no longer match.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { renderFaults, renderModelJson, renderTypes } from "./render.ts";
import { buildModelJson } from "./sdk-model.ts";

export const GENERATED_DIR = fileURLToPath(new URL("../model/generated/", import.meta.url));

/** File name (relative to GENERATED_DIR) → content. */
export function renderGeneratedFiles(): Map<string, string> {
  const model = buildModelJson();
  return new Map([
    ["model.json", renderModelJson(model)],
    ["types.ts", renderTypes(model)],
    ["faults.ts", renderFaults(model)],
  ]);
}

async function main(): Promise<void> {
  await mkdir(GENERATED_DIR, { recursive: true });
  for (const [name, content] of renderGeneratedFiles()) {
    await writeFile(join(GENERATED_DIR, name), content);
    console.log(`wrote api/model/generated/${name}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
