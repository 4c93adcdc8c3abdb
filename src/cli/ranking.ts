/**
 * `npm run ranking -- [--designs all] [options]`: whether the ranking of the designs holds across
 * the plausible ranges of every registered assumption. Writes report.md, study.json and points.csv
 * into --out; prints the report.
 */
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../batch/manifest.js';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runRanking } from '../analysis/ranking.js';
import { parseAssumptionSet } from '../analysis/assumptionPoint.js';
import { createProgress } from '../batch/pool.js';
import { loadScenario } from '../scenario/load.js';
import { defaultBaseline, resolveDesignFiles } from '../scenario/catalog.js';
import { rankingCsv, rankingJson, rankingMarkdown } from '../report/ranking.js';
import { decisionsOption, intOption, parseArgs, parseSeeds, stringOption, takeRepeated } from './args.js';
import { runCli, UsageError } from './run.js';

const HELP = `usage: npm run ranking -- [options]

  --scenario FILE        the scenario (default scenarios/senkaku-gray-zone.yaml)
  --designs all|A,B,...  the designs ranked (default all; at least two)
  --samples N            points of the assumption space (default 64)
  --seeds 1..30          the seeds every design runs at every point (default 1..30)
  --sample-seed S        seed of the points (default 1)
  --decisions a,b        the decisions ranked (default the scenario's report.keyDecisions)
  --set ID=VALUE         hold an assumption at a value instead of varying it (repeatable)
  --workers N            worker threads (default: the machine's cores)
  --out DIR              where to write (default runs/ranking/<scenario>)
  --json                 print study.json instead of the report`;

runCli(async () => {
  const { values: sets, rest } = takeRepeated(process.argv.slice(2), 'set');
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const args = parseArgs(rest, { scenario: 'value', designs: 'value', samples: 'value', seeds: 'value', 'sample-seed': 'value', decisions: 'value', workers: 'value', out: 'value', json: 'flag' });
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}\n${HELP}`);
  const scenarioFile = stringOption(args, 'scenario', 'scenarios/senkaku-gray-zone.yaml')!;
  const { scenario } = loadScenario(scenarioFile);
  const designs = resolveDesignFiles(scenarioFile, stringOption(args, 'designs', 'all')!).map((f) => f.replace(/^.*\//, '').replace(/\.ya?ml$/, ''));
  if (designs.length < 2) throw new UsageError('expected at least two designs to rank', '--designs');
  const decisions = decisionsOption(args, scenario);
  const fixed = new Map<string, number>();
  for (const set of sets) fixed.set(...parseAssumptionSet(set));
  const out = stringOption(args, 'out', join('runs', 'ranking', scenario.id))!;
  const samples = intOption(args, 'samples', 64, { min: 2, max: 100_000 });
  const progress = createProgress({ total: samples, label: 'points' });
  const study = await runRanking({
    scenarioFile,
    designs,
    baseline: defaultBaseline(scenario, designs)!,
    decisions,
    seeds: parseSeeds(stringOption(args, 'seeds', '1..30')!),
    samples,
    sampleSeed: intOption(args, 'sample-seed', 1, { min: 0 }),
    fixed,
    workers: intOption(args, 'workers', availableParallelism(), { min: 1, max: 64 }),
    onProgress: (done) => progress.update(done),
  });
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
