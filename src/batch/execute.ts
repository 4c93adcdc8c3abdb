/**
 * Running a plan's runs into a run store and finishing it: rows streamed to the store's partial
 * files as chunks finish (designs summarised meanwhile as their runs complete, `earlySummaries.ts`),
 * then `results.jsonl` and `results.csv` written by this thread while the workers summarise the
 * designs left, one each, then `summary.json` and `summary.md`. A batch runs its plan
 * into its folder; a replay runs the same plan into a private folder and compares the files.
 */
import { compileModel, type Model } from '../model/compile.js';
import { reportedDecisions } from '../report/summary.js';
import { plannedDesign, type BatchPlan } from './plan.js';
import type { BatchManifest } from './manifest.js';
import type { WorkerPool } from './pool.js';
import { runChunks } from './chunks.js';
import type { WorkerInit, WorkerRequest, WorkerResult } from './batchTask.js';
import type { RunStore } from './store.js';
import {
  batchDescription,
  reportTitle,
  type BatchSummary,
  type FinishContext,
} from './summaryFiles.js';
import type { DesignDistributions } from '../report/distribution.js';
import {
  batchReportHtml,
  drawChartsWithoutSummaries,
  type BatchReportInput,
} from '../report/batchReport.js';
import { Figures, loadRenderer } from '../report/svg.js';
import { simulate } from '../engine/simulation.js';
import { drawOrder, modelOfRun } from './posteriorModels.js';
import {
  baselineFirst,
  linesIn,
  type EarlySummaries,
  type SummaryTerms,
} from './earlySummaries.js';
import { DesignResults, summariseOnPool } from './designSummaries.js';

/**
 * The most (sweep point, design, decision) whose restricted-mean replicates a batch keeps for its
 * bottom line: 8 KB each at 1,000 resamples, 64 MB in all.
 */
const REPLICATES_KEPT = 8_192;

/**
 * What the summaries need from the first sweep point: every design's decisions (a model's are the
 * scenario's and then its design's) and the baseline's compiled model (for the first seed).
 */
export function finishContext(
  plan: BatchPlan,
  manifest: BatchManifest,
  baseline: number,
): FinishContext {
  const point = plan.points[0]!;
  const scenario = point.scenario.scenario;
  const designs = plan.designs.map((d) =>
    plannedDesign(d, point.designData, scenario, plan.outsideRange),
  );
  // the CSV's columns are the scenario's decisions, whichever designs ran: a design's own
  // decisions are in results.jsonl only
  const columns = scenario.decisions.map((d) => d.id);
  const labels = new Map<string, string>();
  for (const design of designs)
    for (const d of [...scenario.decisions, ...design.decisions]) labels.set(d.id, d.label);
  // with a posterior, at the sample the first seed draws: the report draws that run
  const baselineModel = plan.posterior
    ? modelOfRun(plan, baseline, 0, plan.seeds[0]!)
    : compileModel(scenario, designs[baseline]!);
  return {
    manifest,
    title: scenario.title,
    baseline,
    decisions: reportedDecisions(baselineModel),
    columns,
    labels,
    rungs: scenario.ladder.rungs.map((r) => r.id),
    objective: scenario.ladder.objective,
    baselineModel,
  };
}

/**
 * The steps of a batch after its runs, in order: summarising the designs not summarised yet, the
 * bottom line, then the summary files and the report.
 */
export type FinishPhase = 'summaries' | 'bottom line' | 'report';

/** A batch's worker pool. */
export type BatchPool = WorkerPool<WorkerInit, WorkerRequest, WorkerResult>;

/** What {@link executePlan} needs. */
export interface Execution {
  readonly store: RunStore;
  readonly ctx: FinishContext;
  /** A pool whose workers write rows and summarise from `store.dir`. */
  readonly pool: BatchPool;
  /** The run numbers to do, ascending; the others are stored already. */
  readonly todo: ArrayLike<number>;
  /** Runs stored before this call. */
  readonly stored: number;
  readonly chunkSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /** Told as each step after the runs begins (see {@link FinishPhase}). */
  readonly onPhase?: (phase: FinishPhase) => void;
  /** The runs the store must hold in the end (a shard's range); the whole plan by default. */
  readonly total?: number;
  /**
   * A thread that summarises designs while the runs go on (`earlySummaries.ts`): the runs then go
   * the baseline's first, and it is told as each design's runs are stored.
   */
  readonly early?: EarlySummaries;
  /**
   * Called before each chunk's rows are stored; what it throws stops the runs, nothing of that
   * chunk stored (the folder's lock found taken over: its holder must not write once it knows).
   */
  readonly beforeStore?: () => void;
}

/** Runs `todo` into the store (its partial files); all a shard does. */
export async function storeRuns(
  x: Omit<Execution, 'ctx'> & { readonly ctx?: FinishContext },
): Promise<void> {
  const { store } = x;
  let done = x.stored;
  const order = drawOrder(store.plan, x.todo);
  const block = store.plan.points.length * store.plan.seeds.length;
  await runChunks(
    x.pool,
    x.early && x.ctx ? baselineFirst(order, x.ctx.baseline, block) : order,
    (result) => {
      x.beforeStore?.();
      for (const part of result.parts) {
        store.append(part.design, part.text);
        x.early?.stored(part.design, linesIn(part.text));
      }
      done += result.count;
      x.onProgress?.(done, x.total ?? store.plan.size);
    },
    {
      ...(x.chunkSize ? { chunkSize: x.chunkSize } : {}),
      ...(x.signal ? { signal: x.signal } : {}),
    },
  );
  store.close();
}

/**
 * Runs `todo` into the store, then writes results and summaries (see the module comment). Each
 * worker reads designs' rows and reduces their latency distributions, then summarises the designs
 * it read (it kept their rows), then any left; this thread writes the result files meanwhile and,
 * once every design's distributions are in, draws the report's charts that need no summary (the
 * CDFs, the timeline) while the workers summarise.
 */
export async function executePlan(
  x: Execution,
): Promise<{ summary: BatchSummary; markdown: string }> {
  const { store, ctx, pool } = x;
  const { plan } = store;
  const terms: SummaryTerms = {
    designs: plan.designs.map((d) => d.id),
    baseline: ctx.baseline,
    decisions: ctx.decisions,
    rungs: ctx.rungs,
    block: plan.points.length * plan.seeds.length,
    // a sweep of many points keeps none: the bottom line then resamples each point's outcomes
    replicates: plan.points.length * plan.designs.length * ctx.decisions.length <= REPLICATES_KEPT,
  };
  x.early?.watch(terms, x.todo, x.signal);
  // the report's chart renderer loads while this thread waits for the runs (a failure to load is
  // the report's to tell)
  loadRenderer().catch(() => undefined);
  await storeRuns(x);
  x.onPhase?.('summaries');
  const figures = new Figures();
  // the baseline's run of the first seed, at the first sweep point
  const timeline = timelineRun(plan.designs[ctx.baseline]!.id, ctx.baselineModel, plan.seeds[0]!);
  let drawing: Promise<void> = Promise.resolve();
  const results = new DesignResults(plan.designs.length, () => {
    drawing = drawChartsWithoutSummaries(
      figures,
      { decisions: ctx.decisions, labels: ctx.labels, rungs: ctx.rungs, timeline },
      reportOrder(plan, ctx).map((d) => results.distributions[d]![0]!),
    );
  });
  // the charts are drawn once every design's distributions are in, the early thread's as it makes them
  const early = x.early?.stop((d, distributions) => results.take(d, distributions));
  // the baseline's summary, without paired differences, is the cheapest: asked for last, so
  // that the workers finish together
  const order = [...reportOrder(plan, ctx).slice(1), ctx.baseline];
  const fromEarly = (early?.results ?? Promise.resolve(new Map())).then((done) => {
    for (const [d, s] of done) {
      results.take(d, s.distributions);
      results.take(d, s.summary);
    }
  });
  const finishing = summariseOnPool(
    pool,
    terms,
    order.filter((d) => !early?.taken.has(d)),
    results,
    x.signal,
  ).then(() => fromEarly);
  try {
    store.writeResults(ctx.columns);
  } finally {
    await finishing.catch(() => undefined);
  }
  await finishing;
  // designs the early thread took but failed on (it tells no error: the run pool's is told)
  const left = order.filter((d) => !results.has(d));
  if (left.length > 0) await summariseOnPool(pool, terms, left, results, x.signal);
  // the bottom line compares the replicates the summaries made, in summary.json's writing
  x.onPhase?.('bottom line');
  const written = store.writeSummaries(ctx, results.byDesign, results.outcomes, results.replicates);
  x.onPhase?.('report');
  await drawing;
  store.writeReport(
    await batchReportHtml(
      reportInput(plan, ctx, written.summary, results.distributions, timeline),
      figures,
    ),
  );
  return written;
}

/** The designs' indices in the order the report shows them: the baseline first. */
function reportOrder(plan: BatchPlan, ctx: FinishContext): number[] {
  return [ctx.baseline, ...plan.designs.map((d) => d.index).filter((i) => i !== ctx.baseline)];
}

/** The run a report draws as its timeline: design `design`'s run of `seed` (under `model`), with its trace. */
export function timelineRun(
  design: string,
  model: Model,
  seed: number,
): NonNullable<BatchReportInput['timeline']> {
  return { design, seed, trace: simulate(model, { seed, keepTrace: true }).trace! };
}

/** What the batch's report.html is made from: the summaries, the distributions, and the timeline run. */
function reportInput(
  plan: BatchPlan,
  ctx: FinishContext,
  summary: BatchSummary,
  distributions: readonly (readonly DesignDistributions[])[],
  timeline: NonNullable<BatchReportInput['timeline']>,
): BatchReportInput {
  const order = reportOrder(plan, ctx);
  return {
    title: reportTitle(ctx),
    description: batchDescription(summary, ctx).join(' ').replace(/`/g, ''),
    baseline: summary.baseline,
    decisions: ctx.decisions,
    labels: ctx.labels,
    rungs: ctx.rungs,
    objective: ctx.objective,
    points: summary.points.map((p, i) => ({
      label: p.point,
      designs: p.designs,
      distributions: order.map((d) => distributions[d]![i]!),
      ...(p.bottomLine ? { bottomLine: p.bottomLine } : {}),
    })),
    timeline,
  };
}
