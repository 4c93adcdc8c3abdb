/**
 * Running a plan's runs into a run store and finishing it: rows streamed to the store's partial
 * files as chunks finish, then `results.jsonl` and `results.csv` written by this thread while the
 * workers summarise one design each, then `summary.json` and `summary.md`. A batch runs its plan
 * into its folder; a replay runs the same plan into a private folder and compares the files.
 */
import { compileModel, type Model } from '../model/compile.js';
import { reportedDecisions } from '../report/compare.js';
import type { DesignSummary } from '../report/summary.js';
import { plannedDesign, type BatchPlan } from './plan.js';
import type { BatchManifest } from './manifest.js';
import { runChunks, type WorkerPool } from './pool.js';
import type { RunStore } from './store.js';
import { batchDescription, type BatchSummary, type FinishContext } from './summaryFiles.js';
import type { DesignDistributions } from '../report/distribution.js';
import { batchReportHtml, type BatchReportInput } from '../report/batchReport.js';
import { loadRenderer } from '../report/svg.js';
import { simulate } from '../engine/simulation.js';

/** What the summaries need from the compiled models of the first sweep point. */
export function finishContext(plan: BatchPlan, manifest: BatchManifest, baseline: number): FinishContext {
  const point = plan.points[0]!;
  const scenario = point.scenario.scenario;
  const models: Model[] = plan.designs.map((d) => compileModel(scenario, plannedDesign(d, point.designData, scenario)));
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
    baselineModel: models[baseline]!,
  };
}

/** What {@link executePlan} needs. */
export interface Execution {
  readonly store: RunStore;
  readonly ctx: FinishContext;
  /** A pool whose workers write rows and summarise from `store.dir`. */
  readonly pool: WorkerPool;
  /** The run numbers to do, ascending; the others are stored already. */
  readonly todo: ArrayLike<number>;
  /** Runs stored before this call. */
  readonly stored: number;
  readonly chunkSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /** The runs the store must hold in the end (a shard's range); the whole plan by default. */
  readonly total?: number;
}

/** Runs `todo` into the store (its partial files); all a shard does. */
export async function storeRuns(x: Omit<Execution, 'ctx'>): Promise<void> {
  const { store } = x;
  let done = x.stored;
  await runChunks(
    x.pool,
    x.todo,
    (result) => {
      for (const part of result.parts) store.append(part.design, part.text);
      done += result.count;
      x.onProgress?.(done, x.total ?? store.plan.size);
    },
    { ...(x.chunkSize ? { chunkSize: x.chunkSize } : {}), ...(x.signal ? { signal: x.signal } : {}) },
  );
  store.close();
}

/** Runs `todo` into the store, then writes results and summaries (see the module comment). */
export async function executePlan(x: Execution): Promise<{ summary: BatchSummary; markdown: string }> {
  const { store, ctx, pool } = x;
  const { plan } = store;
  await storeRuns(x);
  const baselineId = plan.designs[ctx.baseline]!.id;
  const byDesign: DesignSummary[][] = [];
  const distributions: DesignDistributions[][] = [];
  // the baseline's summary, without paired differences, is the cheapest: asked for last, so that the workers finish together
  const order = [...plan.designs.filter((d) => d.index !== ctx.baseline), plan.designs[ctx.baseline]!];
  let next = 0;
  const summaries = pool.run(
    () => {
      const d = order[next++];
      return d ? { type: 'summary', design: d.id, baseline: baselineId, decisions: ctx.decisions, rungs: ctx.rungs } : null;
    },
    (result) => {
      if (result.type !== 'summary') return;
      const index = plan.designs.findIndex((d) => d.id === result.design);
      byDesign[index] = [...result.summaries];
      distributions[index] = [...result.distributions];
    },
    x.signal,
  );
  // the report's chart renderer loads on this thread while the workers summarise (a failure to load is the report's to tell)
  loadRenderer().catch(() => undefined);
  try {
    store.writeResults(ctx.columns);
  } finally {
    await summaries.catch(() => undefined);
  }
  await summaries;
  const written = store.writeSummaries(ctx, byDesign);
  store.writeReport(await batchReportHtml(reportInput(plan, ctx, written.summary, distributions)));
  return written;
}

/** What the batch's report.html is made from: the summaries, the distributions, and the baseline's run of the first seed. */
function reportInput(plan: BatchPlan, ctx: FinishContext, summary: BatchSummary, distributions: readonly (readonly DesignDistributions[])[]): BatchReportInput {
  const order = [ctx.baseline, ...plan.designs.map((d) => d.index).filter((i) => i !== ctx.baseline)];
  const seed = plan.seeds[0]!;
  const trace = simulate(ctx.baselineModel, { seed, keepTrace: true }).trace!;
  return {
    title: ctx.title,
    description: batchDescription(summary, ctx).join(' ').replace(/`/g, ''),
    baseline: summary.baseline,
    decisions: ctx.decisions,
    labels: ctx.labels,
    rungs: ctx.rungs,
    objective: ctx.objective,
    points: summary.points.map((p, i) => ({ label: p.point, designs: p.designs, distributions: order.map((d) => distributions[d]![i]!) })),
    timeline: { design: summary.baseline, seed, trace },
  };
}
