/**
 * One batch in a process of its own, for the benchmark: prints its wall time and the process's
 * peak resident memory as JSON. Usage: batchChild.ts SCENARIO SEEDS WORKERS OUT [DESIGNS]
 */
import { runBatch } from '../src/batch/runBatch.js';
import { parseSeeds } from '../src/batch/seeds.js';

const [scenario, seeds, workers, out, designs = 'all'] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string?,
];
const started = performance.now();
const result = await runBatch({
  scenario,
  designs,
  seeds: parseSeeds(seeds),
  seedsText: seeds,
  out,
  workers: Number(workers),
});
const wallMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ runs: result.runs, wallMs, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
