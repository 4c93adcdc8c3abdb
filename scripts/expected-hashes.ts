/**
 * `npm run expected-hashes`: rewrites `test/expected-hashes.json`, the trace hashes of every
 * bundled design on a few seeds that `test/expected.test.ts` compares the engine against. Run it
 * only in a commit that changes the model on purpose, and say in that commit why the runs changed.
 */
import { writeFileSync } from 'node:fs';
import { simulate } from '../src/engine/simulation.js';
import { bundledDesigns, referenceModel, REFERENCE } from '../test/helpers.js';
import { EXPECTED_FILE, EXPECTED_SEEDS } from '../test/expected.js';

const hashes: Record<string, Record<string, string>> = {};
for (const design of bundledDesigns()) {
  const model = referenceModel(design);
  hashes[design] = Object.fromEntries(EXPECTED_SEEDS.map((seed) => [String(seed), simulate(model, { seed }).traceHash]));
}
writeFileSync(EXPECTED_FILE, `${JSON.stringify({ scenario: REFERENCE, seeds: EXPECTED_SEEDS, hashes }, null, 2)}\n`);
console.log(`wrote ${EXPECTED_FILE}: ${Object.keys(hashes).length} designs × ${EXPECTED_SEEDS.length} seeds`);
