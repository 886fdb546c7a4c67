import assert from "node:assert/strict";
import { test } from "node:test";
import { staleGeneratedFiles } from "./check-fresh.ts";

test("api/model/generated is what `npm run generate` writes from the pinned SDK", async () => {
  assert.deepEqual(await staleGeneratedFiles(), [], "run `npm run generate` and commit the result");
});
