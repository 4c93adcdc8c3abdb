/**
 * The cost of a run (`cost.ts`) in a process of its own, run from JavaScript that `tsc` compiled
 * (`tsconfig.bench.json`), as the package and its worker threads run: through tsx the sources run
 * slower, the plain reducers' many closures most. Prints `step` as each round ends, then the
 * section's lines as one JSON array. Usage: costChild.js COST_SEEDS
 */
import { loadDesign, loadScenario } from '../src/scenario/load.js';
import { resolveDesignFiles } from '../src/scenario/catalog.js';
import { compileModel } from '../src/model/compile.js';
import { parseSeeds } from '../src/batch/seeds.js';
import { costSection } from './cost.js';

const SCENARIO = 'scenarios/senkaku-gray-zone.yaml';
const loaded = loadScenario(SCENARIO);
const models = resolveDesignFiles(SCENARIO, 'all').map((f) =>
  compileModel(loaded.scenario, loadDesign(f, loaded.scenario).design),
);
const lines: string[] = [];
costSection(
  models,
  parseSeeds(process.argv[2] ?? '1..250', '--cost-seeds'),
  () => process.stdout.write('step\n'),
  (line) => lines.push(line),
);
process.stdout.write(`${JSON.stringify(lines)}\n`);
