/**
 * `runBatch`: runs every (design × sweep point × seed) of a plan on worker threads into a batch
 * folder, streaming rows to disk, and finishes with results, summaries and a complete manifest.
 * Bad input (unknown design, no seeds, a folder holding another batch…) is an `InputError`
 * thrown before anything is written. An interrupted batch (abort signal, SIGINT, SIGKILL) is
 * finished later with `resume: true`, ending with exactly the runs an uninterrupted batch has.
 */
import type { DesignOption } from '../scenario/variants.js';
import { readFileSync, rmdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../scenario/errors.js';
import { defaultBaseline } from '../scenario/catalog.js';
import { createPlan, type BatchPlan } from './plan.js';
import {
  checkOutputFolder,
  createManifest,
  writeManifest,
  type BatchManifest,
} from './manifest.js';
import { removeLeftoverPartials, RunStore, TRACES_DIR } from './store.js';
import type { BatchSummary } from './summaryFiles.js';
import { defaultWorkers, InterruptedError, WorkerPool } from './pool.js';
import { BATCH_TASK, createWorkerInit } from './batchTask.js';
import {
  executePlan,
  finishContext,
  storeRuns,
  type BatchPool,
  type FinishPhase,
} from './execute.js';
import type { Shard } from './shard.js';
import { BatchLock, type LeaseClock } from './lock.js';
import { asOutputError, makeFolder } from './outputErrors.js';
import { checkCount, LIMITS } from './limits.js';
import { EarlySummaries } from './earlySummaries.js';
import { loadPosterior } from '../assumptions/posterior.js';
import { reopenChangedShard, rowsDigest } from './shardDigest.js';

/** Options of {@link runBatch}. */
export interface BatchOptions {
  /** The scenario file. */
  readonly scenario: string;
  /** `all` (default), or comma-separated design names or files. */
  readonly designs?: string;
  /** Seeds, in any order; a run's seed is the seed itself, the same for every design. */
  readonly seeds: readonly number[];
  /** The seeds as the user wrote them, for the manifest. */
  readonly seedsText?: string;
  /** The batch folder. */
  readonly out: string;
  /** Worker threads (1 to 64); default: the machine's available parallelism. Never changes results. */
  readonly workers?: number;
  /**
   * The design others are paired against; default: the scenario's `report.baseline` if it is among
   * the designs, else the first design.
   */
  readonly baseline?: string;
  /** Sweep axes, `path=v1,v2,...` (see `parseSetOption`). */
  readonly sets?: readonly string[];
  /**
   * Design options to add a variant of every design for, one option each (`<design>+<option>`, as
   * compare's `--with`).
   */
  readonly variants?: readonly DesignOption[];
  /** Keep each run's canonical trace, gzip'd, under `traces/`. */
  readonly traces?: boolean;
  /**
   * A posterior file (`rungs calibrate --fit`): each seed draws one sample of the fitted numbers,
   * the same for every design and sweep point; the manifest and summary record its SHA-256.
   */
  readonly posterior?: string;
  /** Take swept values outside their registered ranges (`--outside-range`); the manifest records it. */
  readonly outsideRange?: boolean;
  /** Finish an unfinished batch of the same identity in `out` (or start one if there is none). */
  readonly resume?: boolean;
  /** A fixed chunk size (runs per message to a worker); by default guided, ~50–200. */
  readonly chunkSize?: number;
  /** Stops the batch; what is stored stays stored, for `resume`. */
  readonly signal?: AbortSignal;
  /**
   * Called once the plan is made and checked, before anything is written. Planning blocks the
   * thread, so the CLI starts catching Ctrl-C here: before it, Ctrl-C ends the process at once.
   */
  readonly onPlanned?: () => void;
  /** Told about something done on the way (a stale lock taken over). */
  readonly onNotice?: (message: string) => void;
  /**
   * When this process started writing (ISO time), recorded in the folder's lock for another writer
   * to read; the command line gives it.
   */
  readonly startedAt?: string;
  /**
   * The clock and host that make the folder's lock a lease (`lock.ts`): renewed while the batch
   * runs, taken over by any host once it runs out; without it, only a dead pid on this host loses it.
   */
  readonly lease?: LeaseClock;
  /**
   * An exclusive outer lease this caller holds for the folder (`BullMQ job 12`, an array task's
   * index): a lock whose holder held the same outer lease is taken over at once, with a notice.
   */
  readonly outerLease?: string;
  /** Called once the runs to do are known. */
  readonly onStart?: (info: {
    readonly total: number;
    readonly stored: number;
    readonly workers: number;
  }) => void;
  /** Called as runs finish with the number of runs stored so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Told as each step after the runs begins: where a batch's time goes (`rungs bench`). */
  readonly onPhase?: (phase: FinishPhase) => void;
  /**
   * Run one shard of the batch: its contiguous range of the canonically numbered runs, into its
   * own folder, kept as stored rows for `mergeShards` (no results, summaries or report).
   */
  readonly shard?: Shard;
}

/** What {@link runBatch} did. */
export interface BatchResult {
  readonly dir: string;
  readonly manifest: BatchManifest;
  /** Runs in the batch. */
  readonly runs: number;
  /** Runs done by this call. */
  readonly ran: number;
  /** Runs found already stored (a resumed batch). */
  readonly stored: number;
  /** The folder already held this batch, complete; nothing was run. */
  readonly alreadyComplete: boolean;
  /** The summary, and the text of summary.md; null for a shard, which has none. */
  readonly summary: BatchSummary | null;
  readonly markdown: string | null;
}

/** Removes the folders {@link makeFolder} created for a batch that then wrote nothing. */
function removeIfEmpty(dir: string, created: string | null): void {
  if (created === null) return;
  for (let d = resolve(dir); ; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    if (d === resolve(created)) return;
  }
}

/** The plan of the batch `options` describe: its designs, sweep points and seeds. */
export function planOf(
  options: Pick<
    BatchOptions,
    'scenario' | 'designs' | 'seeds' | 'sets' | 'variants' | 'posterior' | 'outsideRange'
  >,
): BatchPlan {
  return createPlan({
    scenarioFile: options.scenario,
    designs: options.designs ?? 'all',
    seeds: options.seeds,
    ...(options.sets ? { sets: options.sets } : {}),
    ...(options.variants ? { variants: options.variants } : {}),
    ...(options.posterior ? { posterior: loadPosterior(options.posterior) } : {}),
    ...(options.outsideRange ? { outsideRange: true } : {}),
  });
}

/**
 * Runs a batch into `options.out`; see the module comment. The folder is locked while this
 * process writes it: another process writing it makes this an {@link InputError}, as does a file
 * system failure (a full disk, a folder that cannot be made), named by its path.
 *
 * @example
 * ```ts
 * const result = await runBatch({
 *   scenario: 'scenarios/senkaku-gray-zone.yaml',
 *   designs: 'all',
 *   seeds: parseSeeds('1..100'),
 *   out: 'runs/example',
 * });
 * console.log(`${result.runs} runs in ${result.dir}`);
 * ```
 */
export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  if (options.workers !== undefined) checkCount('--workers', options.workers, LIMITS.workers);
  if (options.chunkSize !== undefined)
    checkCount('--chunk-size', options.chunkSize, LIMITS.chunkSize);
  const pool = startPool(options.workers);
  try {
    const plan = planOf(options);
    return await runPlannedBatch(plan, { ...options, pool });
  } finally {
    await pool.close();
  }
}

/**
 * The worker pool of a batch, started before its plan is made: the workers load while this
 * thread plans. `runPlannedBatch` gives them the plan and keeps as many as it needs.
 */
export function startPool(workers?: number): BatchPool {
  return new WorkerPool(BATCH_TASK, workers ?? Math.min(defaultWorkers(), LIMITS.workers));
}

/** What {@link runPlannedBatch} takes besides a batch's options. */
export interface PlannedBatchOptions extends BatchOptions {
  /**
   * Gathers the rows of complete shards into the folder (merge), under the folder's lock once its
   * manifest is written, also when the folder holds the batch unfinished: they are read, not recovered.
   */
  readonly fromShards?: () => void;
  /** A pool from {@link startPool} (the caller closes it); by default one is started here. */
  readonly pool?: BatchPool;
}

/** {@link runBatch} of a plan already made (merge makes it to check the shards against it). */
export async function runPlannedBatch(
  plan: BatchPlan,
  options: PlannedBatchOptions,
): Promise<BatchResult> {
  const dir = options.out;
  const ids = plan.designs.map((d) => d.id);
  const baselineId = options.baseline ?? defaultBaseline(plan.scenario.scenario, ids)!;
  const baseline = ids.indexOf(baselineId);
  if (baseline < 0)
    throw new InputError([
      {
        file: '--baseline',
        path: '',
        message: `"${baselineId}" is not among the designs of this batch (${ids.join(', ')})`,
      },
    ]);
  const traces = options.traces ?? false;
  const manifest = createManifest(plan, dir, {
    baseline: baselineId,
    traces,
    ...(options.seedsText ? { seedsGiven: options.seedsText } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
  });
  options.onPlanned?.();
  if (options.signal?.aborted) throw new InterruptedError('interrupted');

  let created: string | null = null;
  let lock: BatchLock;
  // a holder whose lock is taken over stops writing: its lease's renewal aborts the runs
  const fence = new AbortController();
  try {
    created = makeFolder(dir);
    lock = BatchLock.acquire(dir, {
      ...(options.onNotice ? { notice: options.onNotice } : {}),
      ...(options.startedAt !== undefined ? { started: options.startedAt } : {}),
      ...(options.lease ? { lease: options.lease } : {}),
      ...(options.outerLease !== undefined ? { outerLease: options.outerLease } : {}),
      onLost: (lost) => fence.abort(lost),
    });
  } catch (error) {
    removeIfEmpty(dir, created);
    throw asOutputError(error, dir);
  }
  const signal = options.signal ? AbortSignal.any([options.signal, fence.signal]) : fence.signal;
  try {
    return await runLocked({ ...options, signal }, plan, manifest, baseline, lock);
  } catch (error) {
    removeIfEmpty(dir, created);
    throw asOutputError(lock.lost ?? error, dir);
  } finally {
    lock.release();
  }
}

/** What {@link runBatch} gives for a folder that already holds the batch, complete: nothing is run. */
function alreadyComplete(dir: string, manifest: BatchManifest, runs: number): BatchResult {
  const done = { dir, manifest, runs, ran: 0, stored: runs, alreadyComplete: true };
  // a shard has no summaries: its stored rows are its result
  if (manifest.shard) return { ...done, summary: null, markdown: null };
  return {
    ...done,
    summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as BatchSummary,
    markdown: readFileSync(join(dir, 'summary.md'), 'utf8'),
  };
}

/** The run numbers of `range` not yet stored, ascending (none when `done` is null: merged rows). */
function runsToDo(done: Uint8Array | null, range: { from: number; to: number }): Uint32Array {
  const missing: number[] = [];
  for (let i = range.from; done && i < range.to; i++) if (!done[i]) missing.push(i);
  return Uint32Array.from(missing);
}

/** The part of {@link runBatch} that runs with the folder locked. */
async function runLocked(
  options: PlannedBatchOptions,
  plan: BatchPlan,
  manifest: BatchManifest,
  baseline: number,
  lock: BatchLock,
): Promise<BatchResult> {
  const dir = options.out;
  const traces = manifest.options.traces;
  removeLeftoverPartials(dir);
  const state = checkOutputFolder(dir, manifest, options.resume ?? false);
  const range = manifest.shard ?? { from: 0, to: plan.size };
  const total = range.to - range.from;
  // a complete shard whose changed rows were removed makes their runs again
  if (state.kind === 'complete' && !reopenChangedShard(dir, state.manifest, options.onNotice))
    return alreadyComplete(dir, state.manifest, total);

  const ctx = finishContext(plan, manifest, baseline);
  const init = createWorkerInit(plan, {
    traces: traces ? join(dir, TRACES_DIR) : null,
    dir,
    columns: ctx.columns,
  });
  // Workers load (~0.2 s) while this thread writes the manifest and reads the runs already stored.
  const pool = options.pool ?? startPool(options.workers);
  pool.initialise(init, Math.max(plan.size, plan.designs.length));
  // a shard has no summaries; a batch with a core its runs leave free summarises as designs complete
  const early =
    manifest.shard || pool.size >= defaultWorkers() ? undefined : new EarlySummaries(init);
  const store = new RunStore(dir, plan);
  let finished: { summary: BatchSummary; markdown: string } | null = null;
  let ran: number;
  try {
    writeManifest(dir, manifest);
    // rows copied from complete shards are all there (writing the results finds every run, or says which file lacks some)
    options.fromShards?.();
    const done = options.fromShards ? null : store.recover(ctx.columns).done;
    store.prepare(traces);
    const todo = runsToDo(done, range);
    ran = todo.length;
    options.onStart?.({
      total,
      stored: total - ran,
      workers: Math.min(pool.size, Math.max(1, todo.length)),
    });
    const execution = {
      store,
      ctx,
      pool,
      todo,
      stored: total - ran,
      total,
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onPhase ? { onPhase: options.onPhase } : {}),
      ...(early ? { early } : {}),
      // a holder paused past its lease (a frozen VM, SIGSTOP) learns at its next chunk, not its
      // next renewal, that another took the folder over
      beforeStore: () => lock.confirm(),
    };
    if (manifest.shard) await storeRuns(execution);
    else finished = await executePlan(execution);
  } finally {
    store.close();
    await pool.close();
    await early?.close();
  }
  // The manifest turns complete only once every result and summary file is in place; the partial
  // files go last, and a kill before they are gone leaves a complete batch whose partial/ the
  // next look at the folder removes.
  const complete: BatchManifest = {
    ...manifest,
    status: 'complete',
    // what merge checks a shard's rows against
    ...(manifest.shard ? { digest: rowsDigest(dir, manifest) } : {}),
  };
  lock.confirm();
  writeManifest(dir, complete);
  // a shard keeps its stored rows: they are what merge reads
  if (!manifest.shard) store.removePartials();
  return {
    dir,
    manifest: complete,
    runs: total,
    ran,
    stored: total - ran,
    alreadyComplete: false,
    summary: finished?.summary ?? null,
    markdown: finished?.markdown ?? null,
  };
}
