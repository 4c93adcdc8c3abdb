/**
 * The cost of a run (`cost.ts`) in a process of its own, run from JavaScript that `tsc` compiled
 * (`tsconfig.bench.json`), as the package and its worker threads run: through tsx the sources run
 * slower, the plain reducers' many closures most. Prints `step` as each round ends, then the
 * section's lines as one JSON array. Usage: costChild.js COST_SEEDS
 */
import { parseSeeds } from '../src/batch/seeds.js';
import { costSection, referenceModels } from './cost.js';

const lines: string[] = [];
costSection(
  referenceModels(),
  parseSeeds(process.argv[2] ?? '1..250', '--cost-seeds'),
  () => process.stdout.write('step\n'),
  (line) => lines.push(line),
);
process.stdout.write(`${JSON.stringify(lines)}\n`);
