/**
 * `npm run bench-report -- DIR`: what writing `report.html` adds to a finished batch (by default
 * the reference batch, every design × seeds 1..2000, run first into a temporary folder). Times, as
 * the median of 5 in one process: reducing every design's latency distributions (done by the
 * summary workers in a batch, so an upper bound), simulating the timeline's run, rendering every
 * chart and the page, and writing it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../src/batch/runBatch.js';
import type { BatchSummary } from '../src/batch/summaryFiles.js';
import { batchReportHtml } from '../src/report/batchReport.js';
import { columnsOf } from '../src/report/columns.js';
import { latencyDistributions } from '../src/report/distribution.js';
import type { RunRow } from '../src/report/row.js';
import { simulate } from '../src/engine/simulation.js';
import { compileModel } from '../src/model/compile.js';
import { loadDesign, loadScenario } from '../src/scenario/load.js';
import { resolveDesignFiles } from '../src/scenario/catalog.js';
import { commandArgs } from '../src/cli/args.js';
import { runCli, UsageError } from '../src/cli/run.js';
import { readManifest } from '../src/batch/manifest.js';

const SCENARIO = 'scenarios/senkaku-gray-zone.yaml';

const HELP = `usage: rungs bench-report [DIR]   (npm run bench-report -- [DIR])

What writing report.html adds to the finished batch in DIR (by default the reference batch,
every design × seeds 1..2000, run first into a temporary folder): the median of 5 in one process.`;

runCli(async () => {
  const args = commandArgs(process.argv.slice(2), {}, HELP);
  if (!args) return 0;
  if (args.positional.length > 1)
    throw new UsageError(`expected at most one batch folder, got ${args.positional.length}`);
  let dir = args.positional[0];
  if (dir) readManifest(dir);
  else {
    dir = join(mkdtempSync(join(tmpdir(), 'rungs-bench-report-')), 'ref');
    const started = performance.now();
    await runBatch({
      scenario: SCENARIO,
      designs: 'all',
      seeds: Array.from({ length: 2000 }, (_, i) => i + 1),
      out: dir,
      workers: 2,
    });
    console.log(
      `reference batch: ${((performance.now() - started) / 1000).toFixed(1)} s with report.html`,
    );
  }
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as BatchSummary;
  const rows = readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RunRow & { design: string; point: string });
  const scenario = loadScenario(SCENARIO);
  const labels = new Map<string, string>();
  const baselineModel = compileModel(
    scenario.scenario,
    loadDesign(resolveDesignFiles(SCENARIO, summary.baseline)[0]!, scenario.scenario).design,
  );
  for (const d of baselineModel.decisions) labels.set(d.id, d.label);

  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const points = summary.points.map((p) => ({
      label: p.point,
      designs: p.designs,
      distributions: p.designs.map((d) =>
        latencyDistributions(
          columnsOf(
            d.design,
            rows.filter((r) => r.design === d.design && r.point === p.point),
            summary.decisions,
          ),
          summary.decisions,
          baselineModel.horizon,
        ),
      ),
    }));
    const trace = simulate(baselineModel, { seed: 1, keepTrace: true }).trace!;
    const html = await batchReportHtml({
      title: scenario.scenario.title,
      description: `${summary.runs} runs`,
      baseline: summary.baseline,
      decisions: summary.decisions,
      labels,
      rungs: summary.rungs,
      objective: scenario.scenario.ladder.objective,
      points,
      timeline: { design: summary.baseline, seed: 1, trace },
    });
    writeFileSync(join(tmpdir(), 'rungs-bench-report.html'), html);
    bytes = html.length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${summary.runs} runs: report.html (${(bytes / 1024).toFixed(0)} KiB) adds ${(times[2]! / 1000).toFixed(2)} s (median of 5; min ${(times[0]! / 1000).toFixed(2)} s, max ${(times[4]! / 1000).toFixed(2)} s)`,
  );
  return 0;
});
