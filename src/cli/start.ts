/**
 * `rungs start [--workers N --seeds 1..2000 --out DIR --traces]`: the default comparison. Every
 * bundled design on the reference scenario, seeds 1..2000 (enough for stable medians), paired
 * against the scenario's baseline design, written to `runs/default-<UTC timestamp>/`; prints a
 * headline: the folder, the bottom line (one sentence per key decision and the fait-accompli
 * comparison) and the report's path (the full tables are in summary.md).
 */
import { existsSync } from 'node:fs';
import { InterruptedError } from '../batch/pool.js';
import { createProgress, type Progress } from '../batch/progress.js';
import { checkOutFolder } from '../batch/outFolder.js';
import { parseSeeds } from '../batch/seeds.js';
import { commandArgs, intOption, noPositional, stringOption } from './args.js';
import { describeResult, interruptible } from './batch.js';
import { runCli } from './run.js';
import { bottomLineHeadline } from '../report/bottomLine.js';
import { leaseClockOf } from './lease.js';

const SCENARIO = 'scenarios/senkaku-gray-zone.yaml';
const SEEDS = '1..2000';

const HELP = `usage: rungs start [--workers N] [--seeds ${SEEDS}] [--out DIR] [--traces]
       (npm start -- … is the same)

Runs every bundled design on ${SCENARIO} with seeds ${SEEDS}, paired against the
scenario's baseline design (report.baseline), into runs/default-<UTC timestamp>/ (see rungs batch --help for the files),
and prints the bottom line and where the report is (the full tables are in summary.md).`;

/** A new folder under runs/ named for the current UTC time (with a suffix if it exists). */
function defaultFolder(): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let dir = `runs/default-${stamp}`;
  for (let n = 2; existsSync(dir); n++) dir = `runs/default-${stamp}-${n}`;
  return dir;
}

runCli(async () => {
  const args = commandArgs(
    process.argv.slice(2),
    { workers: 'value', seeds: 'value', out: 'value', traces: 'flag' },
    HELP,
  );
  if (!args) return 0;
  noPositional(args);
  const workers = args.options.has('workers') ? intOption(args, 'workers', 1) : undefined;
  const seedsText = stringOption(args, 'seeds', SEEDS)!;
  const seeds = parseSeeds(seedsText);
  const out = checkOutFolder(stringOption(args, 'out') ?? defaultFolder(), { cwd: process.cwd() });
  // loaded once the arguments are known: --help and a usage error need none of it
  const { runBatch } = await import('../batch/runBatch.js');
  const { signal, arm, dispose } = interruptible();
  let progress: Progress | null = null;
  let usedWorkers = 0;
  const started = performance.now();
  process.stderr.write(
    `default comparison: every bundled design on ${SCENARIO}, seeds ${seedsText}, into ${out}/\n`,
  );
  try {
    const result = await runBatch({
      scenario: SCENARIO,
      designs: 'all',
      seeds,
      seedsText,
      out,
      traces: args.options.has('traces'),
      signal,
      onPlanned: arm,
      startedAt: new Date().toISOString(),
      lease: leaseClockOf(process.env),
      onNotice: (message) => process.stderr.write(`notice: ${message}\n`),
      ...(workers !== undefined ? { workers } : {}),
      onStart: (info) => {
        usedWorkers = info.workers;
        progress = createProgress({ total: info.total, initial: info.stored, label: 'batch' });
      },
      onProgress: (done) => (progress as Progress | null)?.update(done),
    });
    (progress as Progress | null)?.finish();
    const [wrote] = describeResult(result, (performance.now() - started) / 1000, usedWorkers);
    for (const line of bottomLineHeadline(wrote!, result.summary?.points ?? [], result.dir))
      console.log(line);
    return 0;
  } catch (error) {
    if (!(error instanceof InterruptedError)) throw error;
    (progress as Progress | null)?.finish();
    process.stderr.write(
      `interrupted; finish with: rungs batch --scenario ${SCENARIO} --design all --seeds ${seedsText}${args.options.has('traces') ? ' --traces' : ''} --out ${out} --resume\n`,
    );
    return 130;
  } finally {
    dispose();
  }
});
