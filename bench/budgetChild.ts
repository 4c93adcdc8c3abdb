/**
 * One run that loops until the default event budget stops it, as a batch's worker makes it (no
 * answers, no trace kept), in a process of its own, for the benchmark: prints the events it
 * processed, the peak heap (sampled every 10,000 trace entries) and the process's peak resident
 * memory as JSON. Usage: budgetChild.ts SCENARIO
 */
import { loadDesign, loadScenario } from '../src/scenario/load.js';
import { compileModel } from '../src/model/compile.js';
import { createSimulation } from '../src/engine/simulation.js';
import { EventBudgetError } from '../src/engine/kernel.js';

const [file] = process.argv.slice(2) as [string];
const loaded = loadScenario(file);
const design = loadDesign('scenarios/c2/parallel.yaml', loaded.scenario).design;
const model = compileModel(loaded.scenario, design);
let entries = 0;
let peakHeap = 0;
const run = createSimulation(model, {
  seed: 1,
  keepAnswers: false,
  observe: () => {
    if (++entries % 10_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  },
});
const started = performance.now();
let stopped = '';
try {
  run.run();
} catch (error) {
  if (!(error instanceof EventBudgetError)) throw error;
  stopped = error.message;
}
const report = {
  events: run.completed,
  budget: model.scenario.limits.eventsPerRun,
  stopped,
  seconds: (performance.now() - started) / 1000,
  peakHeapMB: peakHeap / 2 ** 20,
  peakRssMB: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
