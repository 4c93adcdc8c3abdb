/**
 * `rungs batch --scenario FILE --seeds 1..2000 --out DIR [options]`: seeds × designs
 * (× sweep points) on worker threads, into a batch folder. See HELP.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { InterruptedError } from '../batch/pool.js';
import { createProgress, type Progress } from '../batch/progress.js';
import type { BatchOptions, BatchResult } from '../batch/runBatch.js';
import { checkOutFolder } from '../batch/outFolder.js';
import { parseShard } from '../batch/shard.js';
import {
  commandArgs,
  intOption,
  listOption,
  noPositional,
  stringOption,
  type ParsedArgs,
} from './args.js';
import { parseSeeds } from '../batch/seeds.js';
import { designOption, variantOptions, withDesignSuggestions } from './designs.js';
import { runCli, UsageError } from './run.js';
import { arrayOuterLease, leaseClockOf } from './lease.js';

const HELP = `usage: rungs batch --scenario FILE --seeds SEEDS --out DIR [options]
       (npm run batch -- … is the same)

Runs every design on every seed (and every sweep point) on worker threads and writes DIR:
  manifest.json   engine and Node versions, scenario and design hashes, seeds, sweep, options;
                  "status" turns "complete" only when everything below is in place
  results.jsonl   one row per run; results.csv the same as a table (sorted by design, point, seed)
  columns.md      what every column of both means, with its unit
  summary.json    per design: latency quantiles with bootstrap 95% intervals, paired differences
  summary.md      against the baseline, outcome rates with Wilson intervals
  report.html     the same with charts, one self-contained file
  traces/         with --traces: each run's canonical trace, gzip'd

options:
  --scenario FILE       the scenario (designs come from the c2/ folder beside it)
  --design LIST         all (default), or names or files separated by commas (--designs works too)
  --seeds SEEDS         e.g. 1..2000 or 1,5,9..12; order does not matter
  --out DIR             the batch folder
  --baseline NAME       the design the others are paired against (default: the scenario's report.baseline, else the first)
  --set ID=V1,V2,...    sweep a registered assumption (repeatable; points are the cartesian product):
                        ID a register id (rungs assumptions lists them) or the one place a registered
                        number is stated; one value sets it, as in compare, sensitivity and ranking, e.g.
                        --set adversary.deterrence=0.1,0.2  --set jcgCapacity=4,6
                        --set 'organisations[jp.cas].capacity=1,2'  --set 'ladder.rungs[R5].jcgLoad=8,12'
                        a structural choice sweeps its alternatives by name, e.g.
                        --set design.operationalLevel.concur=military,capitals
                        a value outside its registered range is refused unless --outside-range
  --outside-range       take --set values outside their registered ranges; the manifest and
                        summaries record which
  --with OPTION,...     add each design with that option on (<design>+<option>), as compare does
  --posterior FILE      draw the fitted numbers from a posterior (rungs calibrate --fit): each seed
                        draws one sample, the same for every design and sweep point; the manifest and
                        summary record the file's sha256, and replay refuses the batch if it changes
  --shard i/N           run only shard i (0-based) of N: a contiguous range of the batch's runs, kept
                        in DIR for rungs merge; auto/N reads i from JOB_COMPLETION_INDEX,
                        SLURM_ARRAY_TASK_ID or AWS_BATCH_JOB_ARRAY_INDEX
  --queue URL/NAME      run the batch as shard jobs on a BullMQ queue on Redis (redis://host:6379/rungs),
                        taken by rungs worker on any machine that shares DIR's file system; waits, then
                        merges the shards into DIR
  --shards N            with --queue: how many shard jobs (default: one per 2,000 seeds, at most 1,000)
  --redis-timeout S     with --queue: fail (exit 2) once Redis has not answered for S seconds
                        (default 300); the shard folders stay, and the same command resumes them
  --workers N           worker threads, 1 to 64 (default: available parallelism); never changes results
  --traces              keep each run's trace (needed to show where a replay diverges)
  --resume              finish an interrupted batch in DIR (same scenario, designs, seeds, options)
  --chunk-size N        runs per message to a worker, up to 10,000 (default: guided, ~50–200)

DIR must be new or empty. A DIR holding another batch, or this batch already complete, is never
overwritten (exit 2): choose another folder or delete it. While a process writes DIR it holds
DIR/.rungs-lock, a lease it renews every 5 s; another batch on DIR, from any host, is refused
(exit 2) until it is done or its lease runs out (30 s without renewal, plus 10 s for clock skew:
RUNGS_LEASE_SECONDS and RUNGS_CLOCK_SKEW_SECONDS set them, RUNGS_HOST the name a lock gives this
host). A --shard auto/N retry of the same array task takes its lock over at once; a holder whose
lock is taken over stops (exit 2). A DIR holding this batch unfinished (interrupted by Ctrl-C or
a crash) is finished with --resume, which keeps every stored run and does each missing run
exactly once. Check a finished batch with rungs replay DIR.

limits: at most 1,000 sweep points and 10,000,000 runs (designs × points × seeds).

exit codes: 0 done, 2 bad arguments or input, 130 interrupted (resume with --resume)`;

/** Whether the module at `url` is the script node was started with (so start.ts can import helpers from here). */
export function isMainModule(url: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === url;
  } catch {
    return false;
  }
}

/**
 * Stops a batch on SIGINT/SIGTERM once `arm` is called (a second signal exits at once); until
 * then a signal ends the process as usual, which is what Ctrl-C must do while a plan is made
 * (the thread is busy and no handler could run). Returns the signal, `arm` and a cleanup.
 */
export function interruptible(): { signal: AbortSignal; arm: () => void; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  let armed = false;
  return {
    signal: controller.signal,
    arm: () => {
      if (armed) return;
      armed = true;
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    },
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** The closing lines of a batch: where it is and what it took. */
export function describeResult(result: BatchResult, seconds: number, workers: number): string[] {
  const m = result.manifest;
  const shape = `${m.designs.length} design${m.designs.length === 1 ? '' : 's'} × ${m.seeds.count} seeds${m.points.length > 1 ? ` × ${m.points.length} sweep points` : ''}`;
  const part = m.shard
    ? `shard ${m.shard.index}/${m.shard.count}: runs ${m.shard.from}..${m.shard.to - 1} of `
    : '';
  if (result.alreadyComplete)
    return [
      `${result.dir} already holds this ${m.shard ? 'shard' : 'batch'}, complete (${part}${result.runs} runs: ${shape}); nothing to do`,
    ];
  const resumed =
    result.stored > 0 ? `; ${result.stored} were already stored, ${result.ran} run now` : '';
  if (m.shard) {
    return [
      `wrote ${result.dir}/ — ${part}${m.runs} (${shape})${resumed}, ${seconds.toFixed(1)} s on ${workers} worker${workers === 1 ? '' : 's'}`,
      `  once all ${m.shard.count} shards are done: rungs merge <their folders> --out DIR`,
    ];
  }
  return [
    `wrote ${result.dir}/ — ${result.runs} runs (${shape})${resumed}, ${seconds.toFixed(1)} s on ${workers} worker${workers === 1 ? '' : 's'}`,
    batchFilesLine(m.options.traces),
  ];
}

/** The files a finished batch folder holds, as the closing lines list them. */
export function batchFilesLine(traces: boolean): string {
  return `  manifest.json  results.jsonl  results.csv  columns.md  summary.json  summary.md  report.html${traces ? '  traces/' : ''}`;
}

const OPTIONS = {
  scenario: 'value',
  design: 'value',
  seeds: 'value',
  out: 'value',
  baseline: 'value',
  with: 'value',
  set: 'list',
  'outside-range': 'flag',
  workers: 'value',
  traces: 'flag',
  posterior: 'value',
  resume: 'flag',
  'chunk-size': 'value',
  shard: 'value',
  queue: 'value',
  shards: 'value',
  'redis-timeout': 'value',
} as const;

/** What the batch is, whichever way it runs: the options every way shares. */
function batchOfArgs(args: ParsedArgs): BatchOptions & { readonly seedsText: string } {
  const scenario = stringOption(args, 'scenario');
  const seedsText = stringOption(args, 'seeds');
  const out = stringOption(args, 'out');
  for (const [name, value] of [
    ['scenario', scenario],
    ['seeds', seedsText],
    ['out', out],
  ] as const) {
    if (!value) throw new UsageError(`--${name} is required\n\n${HELP}`);
  }
  const workers = args.options.has('workers') ? intOption(args, 'workers', 1) : undefined;
  return {
    scenario: scenario!,
    designs: designOption(args, 'all')!,
    seeds: parseSeeds(seedsText!),
    seedsText: seedsText!,
    out: checkOutFolder(out!, { cwd: process.cwd() }),
    sets: listOption(args, 'set'),
    variants: variantOptions(args),
    traces: args.options.has('traces'),
    ...(args.options.has('outside-range') ? { outsideRange: true } : {}),
    ...(stringOption(args, 'posterior') ? { posterior: stringOption(args, 'posterior')! } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(stringOption(args, 'baseline') ? { baseline: stringOption(args, 'baseline')! } : {}),
  };
}

/** Runs the batch as shard jobs on a queue (`--queue`), then merges them. */
async function runThroughQueue(
  args: ParsedArgs,
  batch: BatchOptions & { readonly seedsText: string },
  queueText: string,
): Promise<number> {
  if (args.options.has('shard') || args.options.has('resume'))
    throw new UsageError(
      'runs every shard through the queue: leave out --shard and --resume (enqueuing again resumes)',
      '--queue',
    );
  // loaded once the arguments are known: --help and a usage error need none of it
  const { parseQueueAddress, runQueuedBatch } = await import('../batch/queue.js');
  const queue = parseQueueAddress(queueText, '--queue');
  const shards = args.options.has('shards')
    ? intOption(args, 'shards', 1, { min: 1, max: 1000 })
    : Math.min(1000, Math.max(1, Math.ceil(batch.seeds.length / 2000)));
  const started = performance.now();
  const progress = createProgress({ total: shards, label: 'shards' });
  const result = await runQueuedBatch({
    ...batch,
    queue,
    shards,
    lease: leaseClockOf(process.env),
    onProgress: (done) => progress.update(done),
    unreachableSeconds: intOption(args, 'redis-timeout', 300, { min: 1, max: 86_400 }),
    onError: (message) => process.stderr.write(`error: ${message}\n`),
    onNotice: (message) => process.stderr.write(`notice: ${message}\n`),
  });
  progress.finish();
  console.log(
    `wrote ${result.dir}/ — ${result.runs} runs as ${shards} shard jobs on queue ${queue.name}, merged; ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(batchFilesLine(result.manifest.options.traces));
  return 0;
}

/** Runs the batch (or its `--shard`) in this process, with progress; Ctrl-C stops it, keeping what is stored. */
async function runHere(
  args: ParsedArgs,
  batch: BatchOptions & { readonly seedsText: string },
): Promise<number> {
  const chunkSize = args.options.has('chunk-size') ? intOption(args, 'chunk-size', 1) : undefined;
  const { signal, arm, dispose } = interruptible();
  let progress: Progress | null = null;
  let stored = 0;
  let total = 0;
  let usedWorkers = 0;
  const started = performance.now();
  const { runBatch } = await import('../batch/runBatch.js');
  const shardText = stringOption(args, 'shard');
  const outerLease = shardText === undefined ? undefined : arrayOuterLease(shardText, process.env);
  try {
    const result = await runBatch({
      ...batch,
      ...(shardText !== undefined ? { shard: parseShard(shardText, process.env) } : {}),
      lease: leaseClockOf(process.env),
      ...(outerLease !== undefined ? { outerLease } : {}),
      resume: args.options.has('resume'),
      signal,
      onPlanned: arm,
      startedAt: new Date().toISOString(),
      onNotice: (message) => process.stderr.write(`notice: ${message}\n`),
      ...(chunkSize !== undefined ? { chunkSize } : {}),
      onStart: (info) => {
        total = info.total;
        stored = info.stored;
        usedWorkers = info.workers;
        if (info.stored > 0)
          process.stderr.write(`resuming: ${info.stored} of ${info.total} runs already stored\n`);
        progress = createProgress({ total: info.total, initial: info.stored, label: 'batch' });
      },
      onProgress: (done) => {
        stored = done;
        progress?.update(done);
      },
    });
    (progress as Progress | null)?.finish();
    for (const line of describeResult(result, (performance.now() - started) / 1000, usedWorkers))
      console.log(line);
    return 0;
  } catch (error) {
    if (!(error instanceof InterruptedError)) throw withDesignSuggestions(error);
    (progress as Progress | null)?.finish();
    process.stderr.write(
      `interrupted: ${stored} of ${total} runs are stored in ${batch.out}; finish with the same command and --resume\n`,
    );
    return 130;
  } finally {
    dispose();
  }
}

if (isMainModule(import.meta.url)) {
  runCli(async () => {
    const args = commandArgs(process.argv.slice(2), OPTIONS, HELP);
    if (!args) return 0;
    noPositional(args);
    const batch = batchOfArgs(args);
    const queueText = stringOption(args, 'queue');
    if (queueText !== undefined) return runThroughQueue(args, batch, queueText);
    for (const option of ['shards', 'redis-timeout'])
      if (args.options.has(option)) throw new UsageError('goes with --queue', `--${option}`);
    return runHere(args, batch);
  });
}
