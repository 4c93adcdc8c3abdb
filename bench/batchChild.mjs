/**
 * The benchmark's reference batch in a process of its own, run with the compiled package (as
 * `rungs batch` runs it, and as a batch's worker threads always run), printing as JSON its wall
 * time, the CPU time of all its threads and the process's peak resident memory. Two modes:
 *
 *   batchChild.mjs batch SCENARIO SEEDS WORKERS OUT [DESIGNS]
 *     the batch, written into OUT, with when each of its steps began (the runs, the summaries
 *     left, the bottom line, the report);
 *   batchChild.mjs runs SCENARIO SEEDS [DESIGNS]
 *     the same runs in this one thread: each design's model compiled once, then each seed run as
 *     a batch's worker runs it (no trace kept, no answers), nothing written. This is the engine's
 *     in-process run rate that a batch is measured against.
 *
 * Plain JavaScript, so that nothing but the compiled package is measured (tsx's transform makes
 * the sources' closures dearer than the build's).
 */
import { runBatch } from '../dist/batch/runBatch.js';
import { parseSeeds } from '../dist/batch/seeds.js';
import { loadDesign, loadScenario } from '../dist/scenario/load.js';
import { resolveDesignFiles } from '../dist/scenario/catalog.js';
import { compileModel } from '../dist/model/compile.js';
import { simulate } from '../dist/engine/simulation.js';

/** Runs every seed of every design in this thread; the number of runs. */
function runInProcess(scenarioFile, seeds, designs) {
  const { scenario } = loadScenario(scenarioFile);
  let runs = 0;
  for (const file of resolveDesignFiles(scenarioFile, designs)) {
    const model = compileModel(scenario, loadDesign(file, scenario).design);
    for (const seed of seeds) {
      simulate(model, { seed, keepTrace: false, keepAnswers: false });
      runs++;
    }
  }
  return runs;
}

const [mode, scenario, seedsText, ...rest] = process.argv.slice(2);
const seeds = parseSeeds(seedsText);
const started = performance.now();
let runs;
/** When each step began, in ms from the start: the runs, then the steps after them. */
const phases = {};
if (mode === 'runs') runs = runInProcess(scenario, seeds, rest[0] ?? 'all');
else {
  const [workers, out, designs = 'all'] = rest;
  const result = await runBatch({
    scenario,
    designs,
    seeds,
    seedsText,
    out,
    workers: Number(workers),
    onStart: () => (phases.runs = performance.now() - started),
    onPhase: (phase) => (phases[phase] = performance.now() - started),
  });
  runs = result.runs;
}
const wallMs = performance.now() - started;
const usage = process.resourceUsage();
// user and system time of every thread of the process (the batch's workers too), in ms
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
process.stdout.write(
  `${JSON.stringify({ runs, wallMs, cpuMs, phases, peakRssMB: usage.maxRSS / 1024 })}\n`,
);
