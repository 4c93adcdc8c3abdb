/**
 * Replaying a whole batch: every run of the plan again, on worker threads, into a private
 * temporary folder, then every result and summary file of the batch compared with the replay's,
 * the first mismatching runs explained by their first divergent trace entry where traces were kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAt, type BatchPlan } from '../batch/plan.js';
import type { BatchManifest } from '../batch/manifest.js';
import { RESULT_FILES, RunStore } from '../batch/store.js';
import { defaultWorkers, WorkerPool } from '../batch/pool.js';
import { BATCH_TASK, createWorkerInit } from '../batch/batchTask.js';
import { executePlan, finishContext } from '../batch/execute.js';
import { LIMITS } from '../batch/limits.js';
import { asOutputError } from '../batch/outputErrors.js';
import { compareSummary, RowComparer } from './verify.js';
import { divergence, runName } from './runs.js';
import type { Divergence, ReplayOptions, ReplayReport, RunMismatch } from './report.js';

/** Mismatching runs a report lists. */
const SHOWN = 20;

/** What a whole-batch replay adds to the report. */
type Compared = Pick<
  ReplayReport,
  | 'problems'
  | 'checked'
  | 'matched'
  | 'mismatchCount'
  | 'mismatches'
  | 'divergences'
  | 'files'
  | 'ok'
>;

/** Runs every run of the plan on worker threads, writing the batch's files into `scratch`. */
async function runAll(
  scratch: string,
  plan: BatchPlan,
  ctx: ReturnType<typeof finishContext>,
  options: ReplayOptions,
): Promise<void> {
  const init = createWorkerInit(plan, { traces: null, dir: scratch, columns: ctx.columns });
  const pool = new WorkerPool(
    BATCH_TASK,
    Math.max(1, Math.min(options.workers ?? Math.min(defaultWorkers(), LIMITS.workers), plan.size)),
    { init },
  );
  const store = new RunStore(scratch, plan);
  try {
    store.prepare(false);
    options.onStart?.({ total: plan.size, workers: pool.size });
    const todo = new Uint32Array(plan.size);
    for (let i = 0; i < plan.size; i++) todo[i] = i;
    await executePlan({
      store,
      ctx,
      pool,
      todo,
      stored: 0,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    store.close();
    await pool.close();
  }
}

/**
 * Replays every run of the batch in `dir` (its design `baseline` the one compared against) and
 * compares every file; `problems` found so far are kept in the report.
 */
export async function replayAll(
  dir: string,
  plan: BatchPlan,
  manifest: BatchManifest,
  baseline: number,
  problems: string[],
  options: ReplayOptions,
): Promise<Compared> {
  options.onPlanned?.();
  const ctx = finishContext(plan, manifest, baseline);
  const scratch = mkdtempSync(join(tmpdir(), 'rungs-replay-'));
  try {
    await runAll(scratch, plan, ctx, options);
    return compareFiles(
      dir,
      scratch,
      plan,
      problems,
      options.explain ?? 3,
      manifest.options.traces,
    );
  } catch (error) {
    throw asOutputError(error, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Compares every result and summary file of the batch with the replay's, and explains trace mismatches. */
function compareFiles(
  dir: string,
  scratch: string,
  plan: BatchPlan,
  problems: string[],
  explain: number,
  tracesKept: boolean,
): Compared {
  const comparer = new RowComparer(plan);
  const mismatches: RunMismatch[] = [];
  const divergences: Divergence[] = [];
  let mismatchCount = 0;
  const files = RESULT_FILES.map((name) => {
    const recorded = join(dir, name);
    const replayed = join(scratch, name);
    if (!name.startsWith('results')) return compareSummary(name, recorded, replayed);
    return comparer.compare(name, recorded, replayed, (x) => {
      if (name !== 'results.jsonl') return;
      mismatchCount++;
      if (mismatches.length >= SHOWN) return;
      const r = runAt(plan, x.index);
      const run = runName(plan, r.design, r.point, r.seed);
      mismatches.push({ run, recorded: x.recorded, replayed: x.replayed });
      if (tracesKept && divergences.length < explain) {
        const d = divergence(dir, plan, x.index, run);
        if (typeof d === 'string') problems.push(d);
        else divergences.push(d);
      }
    });
  });
  const jsonl = files[0]!;
  return {
    problems,
    checked: plan.size,
    matched: plan.size - mismatchCount - jsonl.missing,
    mismatchCount,
    mismatches,
    divergences,
    files,
    ok: problems.length === 0 && files.every((f) => f.ok),
  };
}
