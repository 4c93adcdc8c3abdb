/**
 * What encoding a run's stored line costs a batch worker: the row's own encoders
 * (`rowJson(toRow(r))` and `csvLine(toRow(r), …)`) against `rowLine`, over the runs of every
 * bundled design of the reference scenario. Prints µs per run, each the median of repeated
 * rounds in one process, the two alternating, each line joined into its chunk's text as a
 * worker joins it. `--dist` times the compiled package (build it
 * first: `npm run -s build`), which is what a batch runs.
 *
 *   node --expose-gc --import tsx bench/rowLine.ts [--dist] [--seeds N] [--rounds N]
 *
 * Under tsx's loader both encoders measured about 4 to 5 µs a run more than the same code
 * imported from dist/ by a plain `node` script (2-core machine, Node 20): compare the two
 * numbers of one run, not a number with one measured elsewhere.
 */
import { parseArgs } from 'node:util';
import type { RunResult } from '../src/engine/simulation.js';

const REFERENCE_SCENARIO_FILE = 'scenarios/senkaku-gray-zone.yaml';

type Modules = {
  readonly row: typeof import('../src/report/row.js');
  readonly json: typeof import('../src/report/jsonRow.js');
  readonly line: typeof import('../src/report/rowLine.js');
  readonly sim: typeof import('../src/engine/simulation.js');
  readonly compile: typeof import('../src/model/compile.js');
  readonly load: typeof import('../src/scenario/load.js');
  readonly catalog: typeof import('../src/scenario/catalog.js');
};

async function modules(root: string): Promise<Modules> {
  const at = <T>(path: string) => import(`${root}/${path}`) as Promise<T>;
  return {
    row: await at('report/row.js'),
    json: await at('report/jsonRow.js'),
    line: await at('report/rowLine.js'),
    sim: await at('engine/simulation.js'),
    compile: await at('model/compile.js'),
    load: await at('scenario/load.js'),
    catalog: await at('scenario/catalog.js'),
  };
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs per chunk text in the timing: a worker joins a chunk's lines into one text per design. */
const CHUNK = 64;

/**
 * µs per run of `encode` over every result, once, each chunk's lines then joined as a worker
 * joins them: the join is where the pieces of a line made by concatenation are copied together.
 */
function timed(results: readonly RunResult[], encode: (r: RunResult) => string): number {
  // the other encoder's garbage is not this one's to collect (with --expose-gc)
  (globalThis as { gc?: () => void }).gc?.();
  let bytes = 0;
  const started = performance.now();
  for (let from = 0; from < results.length; from += CHUNK) {
    const lines: string[] = [];
    for (let i = from; i < Math.min(from + CHUNK, results.length); i++)
      lines.push(encode(results[i]!));
    bytes += lines.join('').length;
  }
  const us = ((performance.now() - started) * 1000) / results.length;
  if (bytes === 0) throw new Error('no bytes');
  return us;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dist: { type: 'boolean', default: false },
      seeds: { type: 'string', default: '250' },
      rounds: { type: 'string', default: '21' },
    },
  });
  const m = await modules(values.dist ? '../dist' : '../src');
  const { scenario } = m.load.loadScenario(REFERENCE_SCENARIO_FILE);
  const results: RunResult[] = [];
  const runStarted = performance.now();
  for (const file of m.catalog.listDesignFiles(
    m.catalog.designDirectory(REFERENCE_SCENARIO_FILE),
  )) {
    const model = m.compile.compileModel(scenario, m.load.loadDesign(file, scenario).design);
    for (let seed = 1; seed <= Number(values.seeds); seed++)
      results.push(m.sim.simulate(model, { seed, keepAnswers: false }));
  }
  const runUs = ((performance.now() - runStarted) * 1000) / results.length;
  const columns = scenario.decisions.map((d) => d.id);
  const sweep: string[] = [];
  const old = (r: RunResult) => {
    const row = m.row.toRow(r, '');
    return `${m.json.rowJson(row)}\t${m.row.csvLine(row, columns, sweep)}\n`;
  };
  const fast = (r: RunResult) => m.line.rowLine(r, '', columns, sweep);
  for (const r of results)
    if (old(r) !== fast(r)) throw new Error(`lines differ for ${r.design}:${r.seed}`);
  const times = { old: [] as number[], fast: [] as number[] };
  for (let round = 0; round < Number(values.rounds); round++) {
    times.old.push(timed(results, old));
    times.fast.push(timed(results, fast));
  }
  const bytes = results.reduce((n, r) => n + old(r).length, 0) / results.length;
  console.log(
    `${results.length} runs of ${REFERENCE_SCENARIO_FILE} (${values.dist ? 'dist' : 'src via tsx'}), ` +
      `${bytes.toFixed(0)} bytes a line, a run ${runUs.toFixed(0)} µs (first, unwarmed)`,
  );
  console.log(`rowJson(toRow) + csvLine(toRow): ${median(times.old).toFixed(1)} µs per run`);
  console.log(`rowLine:                         ${median(times.fast).toFixed(1)} µs per run`);
  console.log(`(medians of ${values.rounds} rounds, alternating, in one process)`);
}

await main();
