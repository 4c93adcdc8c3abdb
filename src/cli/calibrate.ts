/**
 * `rungs calibrate [FILE ...]`: every historical incident (by default each scenario in
 * `scenarios/incidents/`) run under the design in force at the time, each observation placed in the
 * model's distribution, one line across all incidents (PIT histogram, Kolmogorov–Smirnov), and each
 * counterfactual's expected gain. `--fit` fits the calibratable numbers to the record first and
 * calibrates under that posterior; `--posterior FILE` calibrates under a posterior already fitted;
 * `--cross-validate` predicts each incident from a fit to the others. Exits 1 when an observation
 * falls outside.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { calibrateFiles } from '../analysis/calibrate.js';
import { crossValidate } from '../analysis/crossValidate.js';
import { fitIncidents, type FitOptions } from '../analysis/fit.js';
import { heldOutTable, posteriorTable } from '../analysis/fitTables.js';
import { loadPosterior, type Posterior } from '../assumptions/posterior.js';
import { defaultWorkers } from '../batch/pool.js';
import { LIMITS } from '../batch/limits.js';
import { calibrationTable, counterfactualTable } from '../analysis/calibrationTables.js';
import { commandArgs, intOption, stringOption, type ParsedArgs } from './args.js';
import { parseSeeds } from '../batch/seeds.js';
import { emitJson, outputFile, wantsJson } from './output.js';
import { calibrationReportHtml } from '../analysis/calibrationReport.js';
import { summariseCalibration, summaryLines } from '../analysis/calibrationSummary.js';
import { loadScenario } from '../scenario/load.js';
import { writeFileAtomic } from '../io/atomic.js';
import { runCli, UsageError } from './run.js';
import { checkOutFolder } from '../batch/outFolder.js';

/** The files `--fit --out DIR` writes into its folder. */
const FIT_FILES = ['posterior.json', 'calibration.json', 'calibration.md'];

const INCIDENTS = 'scenarios/incidents';

const HELP = `usage: rungs calibrate [FILE ...] [--seeds 1..500] [--fit --out DIR | --posterior FILE | --cross-validate]
       (npm run calibrate -- … is the same)

Runs each historical incident (by default every scenario in ${INCIDENTS}/) under the design in
force at the time and places every observation of its record in the model's distribution: inside
the 10–90% band when a length lies between p10 and p90 and the median run closes the interval, a
window overlaps that band, for "not within T" at least 10% of runs had not closed it by T, and for
"within T" at least 10% had. One line across all incidents gives a histogram of the observations'
percentiles (PIT) and a Kolmogorov–Smirnov test of their uniformity. A counterfactual (a file
with counterfactual: that extends an incident) prints the reform's expected gain, paired seed by
seed.

  --seeds SEEDS        e.g. 1..500 (the default) or 1,5,9..12
  --workers N          worker threads (default: the machine's cores; never changes the results)
  --fit                fit the numbers the register marks calibrate: true to every observation of the
                       historical incidents (ABC-SMC), then calibrate under that posterior
  --out DIR            with --fit: the folder for posterior.json, calibration.json and calibration.md
  --particles N        with --fit or --cross-validate: the sampler's particles (default 300)
  --fit-seed N         with --fit or --cross-validate: the fit's seed (default 1)
  --posterior FILE     calibrate under a posterior written by --fit (each seed draws its numbers)
  --cross-validate     leave-one-incident-out: each incident predicted from a fit to the others
  --json               print the results as JSON instead of tables
  --out FILE           (without --fit) write that JSON to FILE (atomically) instead of printing it
  --html FILE          also write a self-contained HTML report: each observation against the model's band

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

/** JSON without infinities (an interval never closed is null). */
const json = (value: unknown) =>
  JSON.stringify(
    value,
    (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );

function fitOptions(args: ParsedArgs, workers: number): FitOptions {
  return {
    particles: intOption(args, 'particles', 300, { min: 20, max: 100_000 }),
    seed: intOption(args, 'fit-seed', 1, { min: 0, max: 2 ** 31 - 1 }),
    workers,
    onGeneration: (g) => process.stderr.write(`fit: generation ${g}\r`),
  };
}

/** `--cross-validate`: each historical incident predicted from a fit to the others. */
async function crossValidateCommand(
  args: ParsedArgs,
  files: readonly string[],
  seeds: readonly number[],
  workers: number,
): Promise<number> {
  const held = await crossValidate(files, seeds, {
    fit: fitOptions(args, workers),
    calibration: { workers },
  });
  const summary = summariseCalibration(held.map((h) => h.calibration));
  if (!wantsJson(args) || emitJson(args, json({ seeds: seeds.length, summary, heldOut: held }))) {
    for (const line of heldOutTable(held)) console.log(line);
    console.log('Leave-one-incident-out:');
    for (const line of summaryLines(summary)) console.log(line);
  }
  return summary.outside.length === 0 ? 0 : 1;
}

/** `--fit`: the posterior, written to the folder `--out` names (made if missing). */
async function fitCommand(
  args: ParsedArgs,
  files: readonly string[],
  workers: number,
): Promise<{ posterior: Posterior; hash: string; file: string; folder: string | undefined }> {
  const given = stringOption(args, 'out');
  if (given !== undefined && existsSync(given) && !statSync(given).isDirectory())
    throw new UsageError(`${given} is a file; with --fit, --out names a folder`, '--out');
  const folder =
    given === undefined ? undefined : checkOutFolder(given, { cwd: process.cwd(), own: FIT_FILES });
  const posterior = await fitIncidents(files, fitOptions(args, workers));
  const text = `${json(posterior)}\n`;
  const hash = createHash('sha256').update(text).digest('hex');
  if (folder === undefined) return { posterior, hash, file: '(not written)', folder };
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'posterior.json');
  writeFileAtomic(file, text);
  process.stderr.write(`wrote ${file}\n`);
  return { posterior, hash, file, folder };
}

runCli(async () => {
  const args = commandArgs(
    process.argv.slice(2),
    {
      seeds: 'value',
      workers: 'value',
      json: 'flag',
      out: 'value',
      html: 'value',
      fit: 'flag',
      posterior: 'value',
      'cross-validate': 'flag',
      particles: 'value',
      'fit-seed': 'value',
    },
    HELP,
  );
  if (!args) return 0;
  const fit = args.options.has('fit');
  if (
    [fit, args.options.has('posterior'), args.options.has('cross-validate')].filter(Boolean)
      .length > 1
  )
    throw new UsageError('give one of --fit, --posterior and --cross-validate');
  if (!fit) outputFile(args);
  const html = outputFile(args, 'html');
  const seeds = parseSeeds(stringOption(args, 'seeds', '1..500')!);
  const workers = intOption(args, 'workers', defaultWorkers(), { min: 1, max: LIMITS.workers });
  const files = incidentFiles(args.positional);
  const historical = files.filter((f) => loadScenario(f).scenario.counterfactual === undefined);
  if (args.options.has('cross-validate'))
    return crossValidateCommand(args, historical, seeds, workers);
  const posteriorFile = stringOption(args, 'posterior');
  const fitted = fit
    ? await fitCommand(args, historical, workers)
    : posteriorFile === undefined
      ? undefined
      : { ...loadPosterior(posteriorFile), folder: undefined };
  const { incidents, counterfactuals } = await calibrateFiles(files, seeds, {
    workers,
    ...(fitted && { posterior: fitted.posterior }),
  });
  if (html) {
    writeFileAtomic(html, await calibrationReportHtml(incidents, counterfactuals));
    process.stderr.write(`wrote ${html}\n`);
  }
  const summary = incidents.length > 0 ? summariseCalibration(incidents) : undefined;
  const outside = summary?.outside.map((o) => `${o.scenario}: ${o.id}`) ?? [];
  const posterior = fitted && { file: fitted.file, sha256: fitted.hash };
  const result = json({
    seeds: seeds.length,
    posterior,
    summary,
    incidents,
    counterfactuals,
    outside,
  });
  const lines = [
    ...(fitted ? posteriorTable(fitted.posterior) : []),
    ...calibrationTable(incidents),
    ...counterfactualTable(counterfactuals),
    ...(summary ? summaryLines(summary) : []),
  ];
  if (fitted?.folder !== undefined) {
    writeFileAtomic(join(fitted.folder, 'calibration.json'), `${result}\n`);
    writeFileAtomic(join(fitted.folder, 'calibration.md'), `${lines.join('\n')}\n`);
    process.stderr.write(`wrote ${join(fitted.folder, 'calibration.json')} and calibration.md\n`);
  }
  const textToo = fit || !wantsJson(args) || emitJson(args, result);
  if (textToo) for (const line of lines) console.log(line);
  return outside.length === 0 ? 0 : 1;
});
