/**
 * `runBatch`: runs every (design × sweep point × seed) of a plan on worker threads into a batch
 * folder, streaming rows to disk, and finishes with results, summaries and a complete manifest.
 * Bad input (unknown design, no seeds, a folder holding another batch…) is an `InputError`
 * thrown before anything is written. An interrupted batch (abort signal, SIGINT, SIGKILL) is
 * finished later with `resume: true`, ending with exactly the runs an uninterrupted batch has.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../scenario/errors.js';
import { parseDesign } from '../scenario/load.js';
import { compileModel, type Model } from '../model/compile.js';
import { reportedDecisions } from '../report/compare.js';
import type { DesignSummary } from '../report/summary.js';
import { createPlan, type BatchPlan } from './plan.js';
import { checkOutputFolder, createManifest, writeManifest, type BatchManifest } from './manifest.js';
import { RunStore, TRACES_DIR, type BatchSummary, type FinishContext } from './store.js';
import { defaultWorkers, runChunks, WorkerPool } from './pool.js';
import { createWorkerInit } from './worker.js';

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
  /** Worker threads; default: the machine's available parallelism. Never changes results. */
  readonly workers?: number;
  /** The design others are paired against; default `parallel` if present, else the first design. */
  readonly baseline?: string;
  /** Sweep axes, `path=v1,v2,...` (see `parseSetOption`). */
  readonly sets?: readonly string[];
  /** Keep each run's canonical trace, gzip'd, under `traces/`. */
  readonly traces?: boolean;
  /** Finish an unfinished batch of the same identity in `out` (or start one if there is none). */
  readonly resume?: boolean;
  /** A fixed chunk size (runs per message to a worker); by default guided, ~50–200. */
  readonly chunkSize?: number;
  /** Stops the batch; what is stored stays stored, for `resume`. */
  readonly signal?: AbortSignal;
  /** Called once the runs to do are known. */
  readonly onStart?: (info: { readonly total: number; readonly stored: number; readonly workers: number }) => void;
  /** Called as runs finish with the number of runs stored so far. */
  readonly onProgress?: (done: number, total: number) => void;
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
  readonly summary: BatchSummary;
  /** The text of summary.md. */
  readonly markdown: string;
}

/** What the summaries need from the compiled models of the first sweep point. */
function finishContext(plan: BatchPlan, manifest: BatchManifest, baseline: number): FinishContext {
  const scenario = plan.points[0]!.scenario.scenario;
  const models: Model[] = plan.designs.map((d) => compileModel(scenario, parseDesign(d.data, d.file, scenario).design));
  const columns: string[] = [];
  const labels = new Map<string, string>();
  for (const m of models) {
    for (const d of m.decisions) {
      if (!labels.has(d.id)) columns.push(d.id);
      labels.set(d.id, d.label);
    }
  }
  return {
    manifest,
    title: scenario.title,
    baseline,
    decisions: reportedDecisions(models[baseline]!),
    columns,
    labels,
    rungs: scenario.ladder.rungs.map((r) => r.id),
    objective: scenario.ladder.objective,
  };
}

/** Runs a batch into `options.out`; see the module comment. */
export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  const dir = options.out;
  const plan = createPlan({ scenarioFile: options.scenario, designs: options.designs ?? 'all', seeds: options.seeds, ...(options.sets ? { sets: options.sets } : {}) });
  const ids = plan.designs.map((d) => d.id);
  const baselineId = options.baseline ?? (ids.includes('parallel') ? 'parallel' : ids[0]!);
  const baseline = ids.indexOf(baselineId);
  if (baseline < 0) throw new InputError([{ file: '--baseline', path: '', message: `"${baselineId}" is not among the designs of this batch (${ids.join(', ')})` }]);
  const workers = options.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) throw new InputError([{ file: '--workers', path: '', message: `expected a whole number >= 1, got ${workers}` }]);
  if (options.chunkSize !== undefined && (!Number.isInteger(options.chunkSize) || options.chunkSize < 1)) {
    throw new InputError([{ file: '--chunk-size', path: '', message: `expected a whole number >= 1, got ${options.chunkSize}` }]);
  }
  const traces = options.traces ?? false;
  const manifest = createManifest(plan, dir, { baseline: baselineId, traces, ...(options.seedsText ? { seedsGiven: options.seedsText } : {}) });
  const state = checkOutputFolder(dir, manifest, options.resume ?? false);
  if (state.kind === 'complete') {
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as BatchSummary;
    const markdown = readFileSync(join(dir, 'summary.md'), 'utf8');
    return { dir, manifest: state.manifest, runs: plan.size, ran: 0, stored: plan.size, alreadyComplete: true, summary, markdown };
  }

  const ctx = finishContext(plan, manifest, baseline);
  const init = createWorkerInit(plan, { output: 'rows', traces: traces ? join(dir, TRACES_DIR) : null, dir, columns: ctx.columns });
  // Workers load (~0.2 s) while this thread writes the manifest and reads the runs already stored.
  const pool = new WorkerPool(init, Math.min(workers, Math.max(plan.size, plan.designs.length)));
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    writeManifest(dir, manifest);
  } catch (error) {
    await pool.close();
    throw error;
  }
  const store = new RunStore(dir, plan);
  let finished: { summary: BatchSummary; markdown: string };
  let ran = 0;
  let stored = 0;
  try {
    const recovered = store.recover();
    store.prepare(traces);
    const todo = new Uint32Array(plan.size - recovered.count);
    for (let i = 0, k = 0; i < plan.size; i++) if (!recovered.done[i]) todo[k++] = i;
    ran = todo.length;
    stored = recovered.count;
    let done = recovered.count;
    options.onStart?.({ total: plan.size, stored: done, workers: Math.min(pool.size, Math.max(1, todo.length)) });
    await runChunks(
      pool,
      todo,
      (result) => {
        for (const part of result.parts ?? []) store.append(part.design, part.text);
        done += result.count;
        options.onProgress?.(done, plan.size);
      },
      { ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}), ...(options.signal ? { signal: options.signal } : {}) },
    );
    store.close();
    // Summaries on the workers, one design at a time each, while this thread writes the results.
    const byDesign: DesignSummary[][] = [];
    let next = 0;
    const summaries = pool.run(
      () => {
        const d = plan.designs[next++];
        return d ? { type: 'summary', design: d.id, baseline: baselineId, decisions: ctx.decisions, rungs: ctx.rungs } : null;
      },
      (result) => {
        if (result.type === 'summary') byDesign[ids.indexOf(result.design)] = [...result.summaries];
      },
      options.signal,
    );
    try {
      store.writeResults(ctx.columns);
    } finally {
      await summaries.catch(() => undefined);
    }
    await summaries;
    finished = store.writeSummaries(ctx, byDesign);
  } finally {
    store.close();
    await pool.close();
  }
  const { summary, markdown } = finished;
  const complete: BatchManifest = { ...manifest, status: 'complete' };
  writeManifest(dir, complete);
  store.removePartials();
  return { dir, manifest: complete, runs: plan.size, ran, stored, alreadyComplete: false, summary, markdown };
}
