/**
 * `rungs ranking [--design all] [options]`: whether the ranking of the designs holds across
 * the plausible ranges of every registered assumption. Writes report.md, study.json and points.csv
 * into --out; prints the report.
 */
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic.js';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runRanking, type RankingOptions } from '../analysis/ranking.js';
import { rankingPilot, rankingPlan } from '../analysis/rankingPlan.js';
import { confirmPlan, planText } from './studyCost.js';
import { heldValues, overrideRecords } from '../assumptions/setOption.js';
import { seedRanges } from '../batch/seeds.js';
import { studySetOverrides, STUDY_SET_HELP } from './setOption.js';
import { createProgress } from '../batch/progress.js';
import { loadScenario } from '../scenario/load.js';
import { defaultBaseline } from '../scenario/catalog.js';
import { rankingCsv, rankingJson, rankingMarkdown } from '../analysis/rankingReport.js';
import {
  commandArgs,
  decisionsOption,
  intOption,
  noPositional,
  optionLabel,
  stringOption,
} from './args.js';
import { parseSeeds } from '../batch/seeds.js';
import { checkOutFolder } from '../batch/outFolder.js';

/** The files a ranking study writes into its folder. */
const RANKING_FILES = ['report.md', 'study.json', 'points.csv'];
import { designOption, resolveDesigns } from './designs.js';
import { runCli, UsageError } from './run.js';
import { posteriorOption } from './posterior.js';

const HELP = `usage: rungs ranking [options]
       (npm run ranking -- … is the same)

  --scenario FILE        the scenario (default scenarios/senkaku-gray-zone.yaml)
  --design all|A,B,...   the designs ranked (default all; at least two; --designs works too)
  --samples N            points of the assumption space (default 64)
  --seeds 1..30          the seeds every design runs at every point (default 1..30)
  --sample-seed S        seed of the points (default 1)
  --decisions a,b        the decisions ranked (default the scenario's report.keyDecisions)
${STUDY_SET_HELP}
  --posterior FILE       draw the fitted numbers from a posterior (rungs calibrate --fit) instead of
                         varying them: each seed draws one sample, the same for every design and point;
                         the outputs record the file's sha256
  --workers N            worker threads (default: the machine's cores)
  --out DIR              where to write (default runs/ranking/<scenario>)
  --json                 print study.json instead of the report (it is written into --out either way)
  --yes                  start without asking (on a terminal the study prints its runs and estimated
                         time and asks first; without a terminal it prints them and starts)`;

const OPTIONS = {
  scenario: 'value',
  design: 'value',
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
  yes: 'flag',
} as const;

/** Times a pilot point, prints the plan and its estimated time, and asks to go on (see `studyCost.ts`). */
async function confirmRanking(options: RankingOptions, yes: boolean): Promise<boolean> {
  const pilotSeeds = options.seeds.slice(0, 10);
  const warm = { start: 0, end: 0 };
  await rankingPilot(options, pilotSeeds, (moment) => (warm[moment] = performance.now()));
  const seconds = (warm.end - warm.start) / 1000;
  const rate = (pilotSeeds.length * options.designs.length) / seconds;
  return confirmPlan(planText(rankingPlan(options), rate, options.workers), yes);
}

runCli(async () => {
  const args = commandArgs(process.argv.slice(2), OPTIONS, HELP);
  if (!args) return 0;
  noPositional(args);
  const scenarioFile = stringOption(args, 'scenario', 'scenarios/senkaku-gray-zone.yaml')!;
  const { scenario } = loadScenario(scenarioFile);
  const designs = resolveDesigns(scenarioFile, designOption(args, 'all')!).map((f) =>
    f.replace(/^.*\//, '').replace(/\.ya?ml$/, ''),
  );
  if (designs.length < 2)
    throw new UsageError('expected at least two designs to rank', optionLabel(args, 'design'));
  const decisions = decisionsOption(args, scenario);
  const overrides = studySetOverrides(args, scenarioFile, designs.join(','));
  const fixed = heldValues(overrides);
  const out = checkOutFolder(stringOption(args, 'out', join('runs', 'ranking', scenario.id))!, {
    cwd: process.cwd(),
    own: RANKING_FILES,
  });
  const samples = intOption(args, 'samples', 64, { min: 2, max: 100_000 });
  const options: RankingOptions = {
    scenarioFile,
    designs,
    baseline: defaultBaseline(scenario, designs)!,
    decisions,
    seeds: parseSeeds(stringOption(args, 'seeds', '1..30')!),
    samples,
    sampleSeed: intOption(args, 'sample-seed', 1, { min: 0 }),
    fixed,
    ...posteriorOption(args),
    workers: intOption(args, 'workers', availableParallelism(), { min: 1, max: 64 }),
  };
  if (!(await confirmRanking(options, args.options.has('yes')))) {
    process.stderr.write('not started\n');
    return 0;
  }
  const progress = createProgress({ total: samples, label: 'points' });
  const ran = await runRanking({ ...options, onProgress: (done) => progress.update(done) });
  const study = {
    ...ran,
    provenance: {
      overrides: overrideRecords(overrides),
      variants: [],
      ...(ran.posterior ? { posterior: ran.posterior } : {}),
      seeds: seedRanges(options.seeds),
    },
  };
  progress.finish();
  mkdirSync(out, { recursive: true });
  const report = rankingMarkdown(study).join('\n');
  writeFileAtomic(join(out, 'report.md'), report);
  writeFileAtomic(join(out, 'study.json'), rankingJson(study));
  writeFileAtomic(join(out, 'points.csv'), rankingCsv(study));
  console.log(args.options.has('json') ? rankingJson(study) : report);
  process.stderr.write(`wrote ${out}/report.md, study.json and points.csv\n`);
  return 0;
});
