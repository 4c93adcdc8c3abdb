/**
 * `rungs bench [--seeds 1..2000] [--repeat 3] [--cost-seeds 1..250] [--only study|runs|batch]`: what a run
 * costs, what a study's point costs beyond its runs, and how batches scale.
 *  1. In one process, per run: the engine with its xstate machines (reusing transitions across
 *     runs, and computing every one afresh) against the same engine with the model as plain
 *     TypeScript reducers (identical traces, checked), as medians of rounds on new seeds; runs and
 *     events per second (`cost.ts`, compiled by tsc and run in a fresh process, `costChild.ts`).
 *  2. A study's speed against the engine's (`study.ts`): runs per second evaluating points of a
 *     Morris sample, as a share of the engine's on fixed models.
 *  3. The reference batch (every design × the seeds) in a fresh process with 1 and with 2
 *     workers: wall time, runs per second, peak memory, speed-up, and the shares of issue 25's
 *     targets: 1 worker against the in-process run rate (the same runs in one thread of a fresh
 *     process), 2 workers against the two-core bound (2 × the in-process rate / the slowdown of
 *     two busy cores, section 4). All three run the compiled package, as `rungs batch` does
 *     (`batchChild.mjs`). `--only batch` measures these alone.
 *  4. What the machine allows: half the designs each in two independent one-worker processes,
 *     alone and at once; how much longer they take together bounds any speed-up from a second
 *     worker.
 *  5. Limits (`budget.ts`): the peak heap of a run that loops in zero simulated time until the
 *     default event budget stops it.
 */
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDesign, loadScenario } from '../src/scenario/load.js';
import { resolveDesignFiles } from '../src/scenario/catalog.js';
import { quantile } from '../src/stats/quantile.js';
import { commandArgs, intOption, noPositional, stringOption } from '../src/cli/args.js';
import { parseSeeds } from '../src/batch/seeds.js';
import { runCli, UsageError } from '../src/cli/run.js';
import { quietProgress } from '../src/cli/progress.js';
import type { Progress } from '../src/batch/progress.js';
import { BATCH_NODE_FLAGS } from '../src/batch/pool.js';
import { SEEDS_PER_POINT, STUDY_ROUNDS, studySection } from './study.js';
import { budgetSection } from './budget.js';
import { COST_ROUNDS, SCENARIO } from './cost.js';

const run = promisify(execFile);
/** The TypeScript compiler's command-line script (the benchmark runs from the repository's root). */
const TSC = 'node_modules/typescript/bin/tsc';

const HELP = `usage: rungs bench [--seeds 1..2000] [--repeat 3] [--cost-seeds 1..250] [--only study|runs|batch]
       (npm run bench -- … is the same)

Measures, on ${SCENARIO} with every bundled design: the cost of a run in one process (the engine
against the same model as plain TypeScript reducers, traces checked identical, compiled by tsc); a study's speed in
one process (points of a Morris sample, ${SEEDS_PER_POINT.join(' and ')} seeds per point) as a share of the engine's
run rate on fixed models; the reference batch in a fresh process with 1 and 2 workers (wall time,
runs per second, peak memory) against the targets (one worker at 85% of the in-process run rate or
more, two workers at 95% or more of the two-core bound); and how much two busy cores slow each
other on this machine. Takes minutes; progress goes to stderr.

  --seeds SEEDS        the reference batch's seeds (default 1..2000)
  --repeat N           batches per measurement, the median reported (default 3)
  --cost-seeds SEEDS   new seeds per round for the cost of a run (default 1..250)
  --only study         measure only a study's speed
  --only runs          measure only the cost of a run (about a minute)
  --only batch         measure only the reference batch against its targets (with the in-process
                       run rate and the two-busy-cores slowdown they need; ~2 min with --repeat 1)`;

/** Milliseconds as seconds to two decimals: `1.23 s`. */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

const percent = (x: number) => `${(100 * x).toFixed(0)}%`;

function median(values: number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** The reference batch's wall times (median of the repeats) and peak memory, by worker count. */
interface BatchTimes {
  readonly runs: number;
  readonly wallMs: Record<number, number>;
  readonly peakMB: Record<number, number>;
  /** Per worker count, the median ms of each of the batch's {@link STEPS}. */
  readonly stepMs: Record<number, number[]>;
  /** Per worker count, the median CPU time of all the batch's threads, in ms. */
  readonly cpuMs: Record<number, number>;
  /**
   * Per worker count, each repeat's in-process wall time over the batch's of the same repeat: the
   * batch's run rate as a share of the in-process rate, paired.
   */
  readonly inProcessOver: Record<number, number[]>;
  /** The same runs in one thread of one process (median wall time): the engine's in-process rate. */
  readonly inProcessMs: number;
  /** Their median CPU time, in ms. */
  readonly inProcessCpuMs: number;
}

/**
 * The reference batch's runs in one thread, then the batch with 1 and 2 workers, each in a fresh
 * process running the compiled package; the three in turn in every repeat, so that a drift in the
 * machine's speed moves them together (each repeat's ratios are paired, see {@link BatchTimes}).
 */
async function measureBatches(
  seedsText: string,
  repeat: number,
  stepDone: () => void,
): Promise<BatchTimes> {
  const inProcess: ChildReport[] = [];
  const batches: Record<number, ChildReport[]> = { 1: [], 2: [] };
  for (let r = 0; r < repeat; r++) {
    inProcess.push(await inChild(['runs', SCENARIO, seedsText]));
    stepDone();
    for (const workers of [1, 2]) {
      batches[workers]!.push(await batchInChild(seedsText, workers));
      stepDone();
    }
  }
  const times: BatchTimes = {
    runs: batches[1]![0]!.runs,
    wallMs: {},
    peakMB: {},
    stepMs: {},
    cpuMs: {},
    inProcessOver: {},
    inProcessMs: median(inProcess.map((x) => x.wallMs)),
    inProcessCpuMs: median(inProcess.map((x) => x.cpuMs)),
  };
  for (const workers of [1, 2]) {
    const runs = batches[workers]!;
    times.wallMs[workers] = median(runs.map((x) => x.wallMs));
    times.cpuMs[workers] = median(runs.map((x) => x.cpuMs));
    times.peakMB[workers] = Math.max(...runs.map((x) => x.peakRssMB));
    const steps = runs.map(stepTimes);
    times.stepMs[workers] = STEPS.map((_, i) => median(steps.map((x) => x[i]!)));
    times.inProcessOver[workers] = runs.map((x, r) => inProcess[r]!.wallMs / x.wallMs);
  }
  return times;
}

/**
 * The reference batch's table, and how it stands against issue 25's targets: one worker at 85% of
 * the engine's in-process run rate (the same runs in one thread) or more; two workers at 95% or
 * more of the two-core bound, twice the in-process rate divided by how much longer two busy cores
 * take (all measured in this run, with the compiled package).
 */
function batchSection(
  designs: number,
  seeds: number,
  repeat: number,
  times: BatchTimes,
  slowdown: number,
  say: (line: string) => void,
): void {
  say(
    `## The reference batch: ${designs} designs × ${seeds} seeds, fresh process each, median of ${repeat}\n`,
  );
  say('| workers | wall time | runs/s | peak memory |');
  say('|---|---|---|---|');
  const rate = (workers: number) => (times.runs * 1000) / times.wallMs[workers]!;
  for (const workers of [1, 2])
    say(
      `| ${workers} | ${seconds(times.wallMs[workers]!)} | ${rate(workers).toFixed(0)} | ${times.peakMB[workers]!.toFixed(0)} MB |`,
    );
  say(`\nspeed-up from 1 to 2 workers: ${(times.wallMs[1]! / times.wallMs[2]!).toFixed(2)}×\n`);
  const inProcess = (times.runs * 1000) / times.inProcessMs;
  say(
    `The same runs in one thread (each design compiled once, no rows, nothing written): ${seconds(times.inProcessMs)}, ${inProcess.toFixed(0)} runs/s.\n`,
  );
  stepTable(times, say);
  const twoCores = (2 * inProcess) / slowdown;
  // each repeat's batch against the same repeat's runs in one thread, as a median with its range
  const share = (workers: number, scale: number) => {
    const shares = times.inProcessOver[workers]!.map((x) => x * scale);
    const range =
      shares.length < 2
        ? ''
        : `, repeats ${percent(Math.min(...shares))} to ${percent(Math.max(...shares))}`;
    return `${percent(median(shares))}${range}`;
  };
  say(
    `- 1 worker: ${share(1, 1)} of the in-process rate ${inProcess.toFixed(0)} runs/s (target ≥ 85%)`,
  );
  say(
    `- 2 workers: ${share(2, slowdown / 2)} of the two-core bound ${twoCores.toFixed(0)} runs/s (2 × the in-process rate / ${slowdown.toFixed(2)}, the two-busy-cores slowdown; target ≥ 95%)`,
  );
  say(
    'Each share is the median over the repeats of the batch against the runs in one thread of the same repeat (they run in turn).\n',
  );
  cpuTable(times, say);
}

/**
 * The CPU the batches used against the same runs in one thread: where a batch keeps its cores
 * busy, what it lacks against its target is work it does besides the runs, not waiting.
 */
function cpuTable(times: BatchTimes, say: (line: string) => void): void {
  say('| workers | CPU, all threads | × the runs in one thread | cores busy (CPU / wall / 2) |');
  say('|---|---|---|---|');
  for (const workers of [1, 2])
    say(
      `| ${workers} | ${seconds(times.cpuMs[workers]!)} | ${(times.cpuMs[workers]! / times.inProcessCpuMs).toFixed(2)}× | ${((100 * times.cpuMs[workers]!) / times.wallMs[workers]! / 2).toFixed(0)}% |`,
    );
  say(`| in one thread | ${seconds(times.inProcessCpuMs)} | 1.00× | |\n`);
}

/** Where a batch's time goes: its steps' medians, and a run's cost in the batch and in one thread. */
function stepTable(times: BatchTimes, say: (line: string) => void): void {
  say(`| workers | ${STEPS.join(' | ')} | ms a run (runs step × workers / runs) |`);
  say(`|---|${STEPS.map(() => '---|').join('')}---|`);
  for (const workers of [1, 2]) {
    const steps = times.stepMs[workers]!;
    say(
      `| ${workers} | ${steps.map(seconds).join(' | ')} | ${((steps[1]! * workers) / times.runs).toFixed(3)} |`,
    );
  }
  say(
    `| in one thread | | ${seconds(times.inProcessMs)} | | | | ${(times.inProcessMs / times.runs).toFixed(3)} |\n`,
  );
}

/**
 * What the machine allows: the same work as two independent processes, alone and at once; gives
 * how much longer they take at once.
 */
async function machineSection(
  names: readonly string[],
  seedsText: string,
  repeat: number,
  stepDone: () => void,
  say: (line: string) => void,
): Promise<number> {
  const halves = [
    names.slice(0, names.length / 2).join(','),
    names.slice(names.length / 2).join(','),
  ];
  const alone: number[] = [];
  const together: number[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const half of halves) {
      alone.push((await batchInChild(seedsText, 1, half)).wallMs);
      stepDone();
    }
    for (const child of await Promise.all(halves.map((half) => batchInChild(seedsText, 1, half))))
      together.push(child.wallMs);
    stepDone();
  }
  const slowdown = median(together) / median(alone);
  say('## Two busy cores on this machine\n');
  say(
    `Half the designs each, one worker, in two independent processes: ${seconds(median(alone))} alone, ${seconds(median(together))} when both run at once (${slowdown.toFixed(2)}× as long).`,
  );
  say(
    `No pool can beat ${(2 / slowdown).toFixed(2)}× from 1 to 2 workers here; the batch's own serial parts (start-up, writing results) come on top.\n`,
  );
  return slowdown;
}

/** The sections `--only` may pick; without it, every section runs. */
const ONLY = ['study', 'runs', 'batch'] as const;

runCli(async () => {
  const args = commandArgs(
    process.argv.slice(2),
    { seeds: 'value', repeat: 'value', 'cost-seeds': 'value', only: 'value' },
    HELP,
  );
  if (!args) return 0;
  noPositional(args);
  const only = stringOption(args, 'only') as (typeof ONLY)[number] | undefined;
  if (only !== undefined && !ONLY.includes(only))
    throw new UsageError(`--only takes ${ONLY.join(' or ')}, got "${only}"`);
  const seedsText = stringOption(args, 'seeds', '1..2000')!;
  const seeds = parseSeeds(seedsText);
  const repeat = intOption(args, 'repeat', 3, { min: 1, max: 100 });
  const costSeedsText = stringOption(args, 'cost-seeds', '1..250')!;
  parseSeeds(costSeedsText, '--cost-seeds');
  const { scenario } = loadScenario(SCENARIO);
  const designs = resolveDesignFiles(SCENARIO, 'all').map((f) => loadDesign(f, scenario).design.id);
  const studySteps = SEEDS_PER_POINT.length * (STUDY_ROUNDS + 1);
  // steps: the trace check, the cost rounds (and warm-up), the study rounds, the 1- and 2-worker batches, the halves alone and together
  const costSteps = 1 + (COST_ROUNDS + 1);
  const batchSteps = repeat + 2 * repeat + 3 * repeat;
  const progress: Progress = quietProgress(
    only === 'study'
      ? studySteps
      : only === 'runs'
        ? costSteps
        : only === 'batch'
          ? batchSteps
          : costSteps + studySteps + batchSteps + 1,
    'bench',
  );
  let step = 0;
  const stepDone = () => progress.update(++step);
  // the report is printed once the progress display is done with the terminal
  const report: string[] = [];
  const say = (line: string) => report.push(line);
  say(`# rungs benchmark (Node ${process.version}, ${availableParallelism()} cores)\n`);
  if (only === undefined || only === 'runs') await compiledCost(costSeedsText, stepDone, say);
  if (only === undefined || only === 'study') studySection(SCENARIO, stepDone, say);
  if (only === undefined || only === 'batch') {
    const times = await measureBatches(seedsText, repeat, stepDone);
    const machine: string[] = [];
    const slowdown = await machineSection(designs, seedsText, repeat, stepDone, (line) =>
      machine.push(line),
    );
    batchSection(designs.length, seeds.length, repeat, times, slowdown, say);
    report.push(...machine);
    if (only === undefined) await budgetSection(stepDone, say);
  }
  progress.finish();
  for (const line of report) console.log(line);
  return 0;
});

interface ChildReport {
  readonly runs: number;
  readonly wallMs: number;
  /** CPU time of all the process's threads. */
  readonly cpuMs: number;
  /** A batch's: when each step began, in ms from the start (`batchChild.mjs`). */
  readonly phases?: Readonly<Record<string, number>>;
  readonly peakRssMB: number;
}

/** A batch's steps, in order, each from when it began to when the next did (or the batch ended). */
const STEPS = ['start-up', 'runs', 'summaries', 'bottom line', 'report'] as const;

/** How long each of a batch's {@link STEPS} took, in ms. */
function stepTimes(child: ChildReport): number[] {
  const begins = [0, ...STEPS.slice(1).map((step) => child.phases?.[step] ?? NaN), child.wallMs];
  return STEPS.map((_, i) => begins[i + 1]! - begins[i]!);
}

/**
 * The cost of a run (`cost.ts`), compiled by tsc (`tsconfig.bench.json`, into `.bench-build/`)
 * and run in a fresh process (`costChild.ts`); its steps advance the progress.
 */
async function compiledCost(
  costSeedsText: string,
  stepDone: () => void,
  say: (line: string) => void,
): Promise<void> {
  await run(process.execPath, [TSC, '-p', 'tsconfig.bench.json']);
  const child = spawn(process.execPath, ['.bench-build/bench/costChild.js', costSeedsText], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let last = '';
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === 'step') stepDone();
    else last = line;
  }
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the cost of a run failed in its process (exit ${code})`);
  for (const line of JSON.parse(last) as string[]) say(line);
}

/** `bench/batchChild.mjs` with `args` in a fresh process with the batch Node flags; its report. */
async function inChild(args: readonly string[]): Promise<ChildReport> {
  const { stdout } = await run(
    process.execPath,
    [...BATCH_NODE_FLAGS, 'bench/batchChild.mjs', ...args],
    { encoding: 'utf8' },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildReport;
}

/** One batch in a fresh process, in a temporary folder. */
async function batchInChild(
  seedsText: string,
  workers: number,
  designs = 'all',
): Promise<ChildReport> {
  const out = mkdtempSync(join(tmpdir(), 'rungs-bench-'));
  try {
    return await inChild([
      'batch',
      SCENARIO,
      seedsText,
      String(workers),
      join(out, 'batch'),
      designs,
    ]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
