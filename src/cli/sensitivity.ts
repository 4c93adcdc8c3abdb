/**
 * `rungs sensitivity --design A,B [options]`: which registered assumptions drive the paired
 * difference B − A of each key decision, and whether the ranking holds across their plausible
 * ranges. Writes report.md, report.html (with charts), study.json and SALib files (salib/) into --out; prints the report.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runStudy, type Study, type StudyOptions } from '../analysis/robustness.js';
import { runStudyShard, STUDY_SHARD_FILE } from '../analysis/studyShards.js';
import { checkOutFolder } from '../batch/outFolder.js';
import { parseShard } from '../batch/shard.js';
import { heldValues, overrideRecords, type SetOverride } from '../assumptions/setOption.js';
import { seedRanges } from '../batch/seeds.js';
import { studySetOverrides, STUDY_SET_HELP } from './setOption.js';
import { createProgress, type Progress } from '../batch/progress.js';
import { loadScenario } from '../scenario/load.js';
import { sensitivityJson } from '../analysis/studyReport.js';
import { STUDY_FILES, writeStudyFiles } from '../analysis/studyFiles.js';
import {
  commandArgs,
  decisionsOption,
  intOption,
  noPositional,
  optionLabel,
  stringOption,
  type ParsedArgs,
} from './args.js';
import { parseSeeds } from '../batch/seeds.js';
import { designOption, resolveDesigns } from './designs.js';
import { runCli, UsageError } from './run.js';
import { posteriorOption } from './posterior.js';
import { pilotStudy, planOf, type UnseededOptions } from '../analysis/studyPilot.js';
import { DEFAULT_SEED_TARGET, type SeedTarget } from '../analysis/studySeeds.js';
import { confirmPlan, planText } from './studyCost.js';

const HELP = `usage: rungs sensitivity --design A,B [options]
       (npm run sensitivity -- … is the same)

  --scenario FILE        the scenario (default scenarios/senkaku-gray-zone.yaml)
  --design A,B           the baseline A and the design B compared with it (both required; --designs works too)
  --method morris|sobol  Morris elementary effects (default) or Sobol' indices
  --trajectories R       Morris trajectories (default 20)
  --samples N            Sobol' base samples (default 256; N × (k + 2) points)
  --seeds 1..50          the seeds every point runs for both designs (default: chosen by a pilot, below)
  --precision F          without --seeds: run enough seeds per point that each output's standard error
                         is at most F × its effect at the files' values, as a pilot measures it (default 0.1)
  --max-seeds N          without --seeds: the most seeds a point runs (default 200)
  --pilot-seeds 1..30    the pilot's seeds (default 1..30); the pilot also times the runs for the estimate
  --yes                  start without asking (on a terminal the study prints its runs and estimated
                         time and asks first; without a terminal it prints them and starts)
  --sample-seed S        seed of the parameter sample (default 1)
  --decisions a,b        the decisions measured (default the scenario's report.keyDecisions)
${STUDY_SET_HELP}
  --posterior FILE       draw the fitted numbers from a posterior (rungs calibrate --fit) instead of
                         varying them: each seed draws one sample, the same for every design and point;
                         the outputs record the file's sha256
  --workers N            worker threads (default: the machine's cores)
  --out DIR              where to write (default runs/sensitivity/<scenario>-<A>-<B>-<method>)
  --json                 print study.json instead of the report (it is written into --out either way)
  --shard i/N            evaluate only shard i (0-based) of N of the sample into --out/shard.json, for
                         rungs merge (auto/N reads i from the array engine, as batch --shard does)`;

const OPTIONS = {
  scenario: 'value',
  design: 'value',
  method: 'value',
  trajectories: 'value',
  samples: 'value',
  seeds: 'value',
  'sample-seed': 'value',
  decisions: 'value',
  set: 'list',
  'outside-range': 'flag',
  posterior: 'value',
  workers: 'value',
  out: 'value',
  json: 'flag',
  shard: 'value',
  precision: 'value',
  'max-seeds': 'value',
  'pilot-seeds': 'value',
  yes: 'flag',
} as const;

/** The two designs compared, the baseline first: a {@link UsageError} unless two different ones. */
function designPair(args: ParsedArgs): [string, string] {
  const designs = (designOption(args) ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  if (designs.length !== 2 || designs[0] === designs[1])
    throw new UsageError(
      `expected two different designs, the baseline first: ${optionLabel(args, 'design')} A,B`,
      optionLabel(args, 'design'),
    );
  return [designs[0]!, designs[1]!];
}

/** `--method` with its size: Morris trajectories or Sobol' base samples. */
function methodOf(args: ParsedArgs): StudyOptions['method'] {
  const kind = stringOption(args, 'method', 'morris');
  if (kind !== 'morris' && kind !== 'sobol')
    throw new UsageError(`expected morris or sobol, got "${kind}"`, '--method');
  return kind === 'morris'
    ? { kind, trajectories: intOption(args, 'trajectories', 20, { min: 2, max: 10_000 }) }
    : { kind, samples: intOption(args, 'samples', 256, { min: 2, max: 100_000 }) };
}

/** A progress display per stage of a study (its sample, then its break-even points). */
function stagedProgress(): { onProgress: StudyOptions['onProgress']; finish: () => void } {
  let progress: Progress | undefined;
  let stage = '';
  return {
    onProgress: (done, total, name) => {
      if (name !== stage) {
        progress?.finish();
        stage = name;
        progress = createProgress({
          total,
          label: name === 'sample' ? 'points' : 'flip-search points',
        });
      }
      progress!.update(done);
    },
    finish: () => progress?.finish(),
  };
}

/** `--precision`: a fraction in (0, 1]. */
function precisionOf(args: ParsedArgs): number {
  const text = stringOption(args, 'precision', '0.1')!;
  const value = Number(text);
  if (!(/^\d*\.?\d+$/.test(text) && value > 0 && value <= 1))
    throw new UsageError(`expected a fraction above 0 and at most 1, got "${text}"`, '--precision');
  return value;
}

/** The study's options from the command line, before its seeds are chosen. */
function unseededOptions(args: ParsedArgs, onProgress: StudyOptions['onProgress']) {
  noPositional(args);
  const scenarioFile = stringOption(args, 'scenario', 'scenarios/senkaku-gray-zone.yaml')!;
  const designs = designPair(args);
  const method = methodOf(args);
  const { scenario } = loadScenario(scenarioFile);
  resolveDesigns(scenarioFile, designs.join(','));
  const overrides = studySetOverrides(args, scenarioFile, designs.join(','));
  const fixed = heldValues(overrides);
  const options: UnseededOptions = {
    scenarioFile,
    designs,
    decisions: decisionsOption(args, scenario),
    method,
    sampleSeed: intOption(args, 'sample-seed', 1, { min: 0 }),
    fixed,
    ...posteriorOption(args),
    workers: intOption(args, 'workers', availableParallelism(), { min: 1, max: 64 }),
    onProgress,
  };
  const out = checkOutFolder(
    stringOption(
      args,
      'out',
      join('runs', 'sensitivity', `${scenario.id}-${designs[0]}-${designs[1]}-${method.kind}`),
    )!,
    { cwd: process.cwd(), own: [...STUDY_FILES, STUDY_SHARD_FILE] },
  );
  return { options, out, overrides };
}

/**
 * The seeds per point (given, or chosen by the pilot), then the plan and its estimated time; the
 * options to run, or undefined if the user declined.
 */
async function seededOptions(
  args: ParsedArgs,
  unseeded: UnseededOptions,
): Promise<StudyOptions | undefined> {
  const given = args.options.has('seeds') ? parseSeeds(stringOption(args, 'seeds')!) : undefined;
  const target: SeedTarget = {
    precision: precisionOf(args),
    maxSeeds: intOption(args, 'max-seeds', DEFAULT_SEED_TARGET.maxSeeds, { min: 2, max: 100_000 }),
    pilotSeeds: args.options.has('pilot-seeds')
      ? parseSeeds(stringOption(args, 'pilot-seeds')!)
      : DEFAULT_SEED_TARGET.pilotSeeds,
  };
  if (target.pilotSeeds.length < 5)
    throw new UsageError(
      `expected at least 5 pilot seeds (a standard error needs a few), got ${target.pilotSeeds.length}`,
      '--pilot-seeds',
    );
  const warm = { start: 0, end: 0 };
  const choice = await pilotStudy(unseeded, target, (moment) => (warm[moment] = performance.now()));
  const runsPerSecond = (2 * target.pilotSeeds.length) / ((warm.end - warm.start) / 1000);
  const seeds = given ?? Array.from({ length: choice.seeds }, (_, i) => i + 1);
  const options: StudyOptions = { ...unseeded, seeds, ...(given ? {} : { seedChoice: choice }) };
  if (!given)
    process.stderr.write(
      `The pilot (${choice.pilotSeeds} seeds at the files' values) asks for ${choice.seeds} seeds per point${choice.capped ? ` (capped by --max-seeds ${choice.maxSeeds})` : ''} for a standard error within ${choice.precision * 100}% of each effect it resolves.\n`,
    );
  const text = planText(planOf(options), runsPerSecond, unseeded.workers);
  return (await confirmPlan(text, args.options.has('yes'))) ? options : undefined;
}

/** The study with what it ran with: every `--set`, the posterior and the seeds per point. */
function withProvenance<S extends { readonly posterior?: Study['posterior'] }>(
  study: S,
  options: Pick<StudyOptions, 'seeds'>,
  overrides: readonly SetOverride[],
): S {
  return {
    ...study,
    provenance: {
      overrides: overrideRecords(overrides),
      variants: [],
      ...(study.posterior ? { posterior: study.posterior } : {}),
      seeds: seedRanges(options.seeds),
    },
  };
}

runCli(async () => {
  const args = commandArgs(process.argv.slice(2), OPTIONS, HELP);
  if (!args) return 0;
  const progress = stagedProgress();
  const { options: unseeded, out, overrides } = unseededOptions(args, progress.onProgress);
  const options = await seededOptions(args, unseeded);
  if (!options) {
    process.stderr.write('not started\n');
    return 0;
  }
  if (args.options.has('shard')) {
    const shard = await runStudyShard(
      options,
      parseShard(stringOption(args, 'shard')!, process.env),
      out,
    );
    progress.finish();
    console.log(
      `wrote ${out}/shard.json — shard ${shard.shard.index}/${shard.shard.count}: sample points ${shard.shard.from}..${shard.shard.to - 1}; once every shard is done: rungs merge <their folders> --out DIR`,
    );
    return 0;
  }
  const study = withProvenance(await runStudy(options), options, overrides);
  progress.finish();
  const report = await writeStudyFiles(out, study);
  console.log(args.options.has('json') ? sensitivityJson(study) : report);
  process.stderr.write(`wrote ${out}/report.md, report.html, study.json and salib/\n`);
  return 0;
});
