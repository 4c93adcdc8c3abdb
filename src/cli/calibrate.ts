/**
 * `rungs calibrate [FILE ...] [--seeds 1..500] [--json] [--out FILE] [--html FILE]`: every historical incident (by
 * default each scenario in `scenarios/incidents/`) run under the design in force at the time; for
 * each observed interval, the model's 10th, 50th and 90th percentiles, the observation's
 * percentile and whether it lies inside the 10–90% band; for each counterfactual (a file with
 * `counterfactual:` that extends an incident), the reform's expected gain, paired seed by seed.
 * Exits 1 when an observation falls outside.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { calibrateFiles } from '../analysis/calibrate.js';
import { defaultWorkers } from '../batch/pool.js';
import { LIMITS } from '../batch/limits.js';
import { calibrationTable, counterfactualTable } from '../analysis/calibrationTables.js';
import { commandArgs, intOption, stringOption } from './args.js';
import { parseSeeds } from '../batch/seeds.js';
import { emitJson, outputFile, wantsJson } from './output.js';
import { calibrationReportHtml } from '../analysis/calibrationReport.js';
import { summariseCalibration, summaryLines } from '../analysis/calibrationSummary.js';
import { writeFileAtomic } from '../io/atomic.js';
import { runCli, UsageError } from './run.js';

const INCIDENTS = 'scenarios/incidents';

const HELP = `usage: rungs calibrate [FILE ...] [--seeds 1..500] [--json] [--out FILE]
       (npm run calibrate -- … is the same)

Runs each historical incident (by default every scenario in ${INCIDENTS}/) under the design in
force at the time; for each observed interval, the model's 10th, 50th and 90th percentiles, the
observation's percentile and whether it lies inside the 10–90% band (a length: between p10 and
p90, and the median run closes the interval; a window: it overlaps that band; "not within T": at
least 10% of runs had not closed it by T), then one line across all incidents with a histogram of
the observations' percentiles (PIT) and a Kolmogorov–Smirnov test of their uniformity. A counterfactual (a file with
counterfactual: that extends an incident) prints the reform's expected gain, paired seed by seed.

  --seeds SEEDS   e.g. 1..500 (the default) or 1,5,9..12
  --workers N     worker threads (default: the machine's cores; never changes the results)
  --json          print the results as JSON instead of tables
  --out FILE      write that JSON to FILE (atomically) instead of printing it
  --html FILE     also write a self-contained HTML report: each observation against the model's band

exit codes: 0 every observation inside its band, 1 one outside, 2 bad arguments or input`;

/** The incident files: those given, or every YAML file of the bundled incidents folder. */
function incidentFiles(given: readonly string[]): string[] {
  if (given.length > 0) return [...given];
  if (!existsSync(INCIDENTS))
    throw new UsageError(`no incident files given and no ${INCIDENTS}/ folder`);
  const files = readdirSync(INCIDENTS)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(INCIDENTS, f));
  if (files.length === 0) throw new UsageError(`no incident files given and none in ${INCIDENTS}/`);
  return files;
}

runCli(async () => {
  const args = commandArgs(
    process.argv.slice(2),
    { seeds: 'value', workers: 'value', json: 'flag', out: 'value', html: 'value' },
    HELP,
  );
  if (!args) return 0;
  outputFile(args);
  const html = outputFile(args, 'html');
  const seeds = parseSeeds(stringOption(args, 'seeds', '1..500')!);
  const workers = intOption(args, 'workers', defaultWorkers(), { min: 1, max: LIMITS.workers });
  const { incidents, counterfactuals } = await calibrateFiles(
    incidentFiles(args.positional),
    seeds,
    { workers },
  );
  if (html) {
    writeFileAtomic(html, await calibrationReportHtml(incidents, counterfactuals));
    process.stderr.write(`wrote ${html}\n`);
  }
  const summary = incidents.length > 0 ? summariseCalibration(incidents) : undefined;
  const outside = summary?.outside.map((o) => `${o.scenario}: ${o.id}`) ?? [];
  const finite = (_: string, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? null : v;
  const textToo =
    !wantsJson(args) ||
    emitJson(
      args,
      JSON.stringify(
        { seeds: seeds.length, summary, incidents, counterfactuals, outside },
        finite,
        2,
      ),
    );
  if (textToo) {
    for (const line of calibrationTable(incidents)) console.log(line);
    for (const line of counterfactualTable(counterfactuals)) console.log(line);
    if (summary) for (const line of summaryLines(summary)) console.log(line);
  }
  return outside.length === 0 ? 0 : 1;
});
