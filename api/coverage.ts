import { handlers } from './handlers/index.ts';
import { loadModel } from './protocol/model.ts';

/** Prints which of the model's operations have a handler (npm run coverage:api). */
const model = loadModel();
const all = Object.keys(model.json.operations).sort();
const implemented = all.filter((name) => name in handlers);
const missing = all.filter((name) => !(name in handlers));
process.stdout.write(
  `ElastiCache API ${model.apiVersion}: ${implemented.length} of ${all.length} operations implemented\n\n` +
    `Implemented:\n${implemented.map((n) => `  ${n}`).join('\n')}\n\n` +
    `Not implemented yet (answer a 400 InvalidAction that says so):\n${missing.map((n) => `  ${n}`).join('\n')}\n`,
);
process.stdout.on('error', () => undefined);
