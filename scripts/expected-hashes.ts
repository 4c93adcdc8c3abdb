/**
 * `rungs expected-hashes`: rewrites `test/expected-hashes.json`, the trace hashes of every
 * bundled design on a few seeds that `test/expected.test.ts` compares the engine against. Run it
 * only in a commit that changes the model on purpose, and say in that commit why the runs changed.
 */
import { writeFileSync } from 'node:fs';
import { simulate } from '../src/engine/simulation.js';
import { commandArgs, noPositional } from '../src/cli/args.js';
import { runCli } from '../src/cli/run.js';
import { bundledDesigns, referenceModel, REFERENCE } from '../test/helpers.js';
import { EXPECTED_FILE, EXPECTED_SEEDS } from '../test/expected.js';

const HELP = `usage: rungs expected-hashes
       (npm run expected-hashes is the same)

Rewrites ${EXPECTED_FILE}: the trace hashes of every bundled design on seeds ${EXPECTED_SEEDS.join(', ')} of
${REFERENCE}, which the tests pin the model to. Run it only in a commit that changes the model
on purpose, and say in that commit why the runs changed. Takes no options.`;

runCli(() => {
  const args = commandArgs(process.argv.slice(2), {}, HELP);
  if (!args) return 0;
  noPositional(args);
  const hashes: Record<string, Record<string, string>> = {};
  for (const design of bundledDesigns()) {
    const model = referenceModel(design);
    hashes[design] = Object.fromEntries(
      EXPECTED_SEEDS.map((seed) => [String(seed), simulate(model, { seed }).traceHash]),
    );
  }
  writeFileSync(
    EXPECTED_FILE,
    `${JSON.stringify({ scenario: REFERENCE, seeds: EXPECTED_SEEDS, hashes }, null, 2)}\n`,
  );
  console.log(
    `wrote ${EXPECTED_FILE}: ${Object.keys(hashes).length} designs × ${EXPECTED_SEEDS.length} seeds`,
  );
  return 0;
});
