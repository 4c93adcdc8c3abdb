/**
 * Running a plan's runs into a run store and finishing it: rows streamed to the store's partial
 * files as chunks finish, then `results.jsonl` and `results.csv` written by this thread while the
 * workers summarise one design each, then `summary.json` and `summary.md`. A batch runs its plan
 * into its folder; a replay runs the same plan into a private folder and compares the files.
 */
import { compileModel, type Model } from '../model/compile.js';
import { reportedDecisions, type DesignSummary } from '../report/summary.js';
import { plannedDesign, type BatchPlan } from './plan.js';
import type { BatchManifest } from './manifest.js';
import type { WorkerPool } from './pool.js';
import { runChunks } from './chunks.js';
import type { WorkerInit, WorkerRequest, WorkerResult } from './batchTask.js';
import type { RunStore } from './store.js';
import type { SeedOutcomes } from '../report/bottomLine.js';
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
  /** The runs the store must hold in the end (a shard's range); the whole plan by default. */
  readonly total?: number;
}

/** Runs `todo` into the store (its partial files); all a shard does. */
export async function storeRuns(x: Omit<Execution, 'ctx'>): Promise<void> {
  const { store } = x;
  let done = x.stored;
  await runChunks(
    x.pool,
    drawOrder(store.plan, x.todo),
    (result) => {
      for (const part of result.parts) store.append(part.design, part.text);
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
  await storeRuns(x);
  const baselineId = plan.designs[ctx.baseline]!.id;
  const indexOf = (design: string) => plan.designs.findIndex((d) => d.id === design);
  // the baseline's summary, without paired differences, is the cheapest: asked for last, so that the workers finish together
  const order = [
    ...plan.designs.filter((d) => d.index !== ctx.baseline),
    plan.designs[ctx.baseline]!,
  ];
  const readBy = new Map<string, number>();
  const toSummarise = [...order];
  const distributions: DesignDistributions[][] = [];
  const byDesign: DesignSummary[][] = [];
  const outcomes: Array<readonly SeedOutcomes[]> = [];
  const figures = new Figures();
  // the baseline's run of the first seed, at the first sweep point
  const timeline = timelineRun(plan.designs[ctx.baseline]!.id, ctx.baselineModel, plan.seeds[0]!);
  let drawing: Promise<void> = Promise.resolve();
  let received = 0;
  const finishing = pool.run(
    (worker) => {
      const read = order[readBy.size];
      if (read) {
        readBy.set(read.id, worker);
        return {
          type: 'distributions',
          design: read.id,
          baseline: baselineId,
          decisions: ctx.decisions,
        };
      }
      const mine = toSummarise.findIndex((d) => readBy.get(d.id) === worker);
      const [d] = toSummarise.splice(mine >= 0 ? mine : 0, 1);
      return d
        ? {
            type: 'summary',
            design: d.id,
            baseline: baselineId,
            decisions: ctx.decisions,
            rungs: ctx.rungs,
          }
        : null;
    },
    (result) => {
      if (result.type === 'summary') {
        byDesign[indexOf(result.design)] = [...result.summaries];
        outcomes[indexOf(result.design)] = result.outcomes;
      }
      if (result.type !== 'distributions') return;
      distributions[indexOf(result.design)] = [...result.distributions];
      if (++received === plan.designs.length)
        drawing = drawChartsWithoutSummaries(
          figures,
          { decisions: ctx.decisions, labels: ctx.labels, rungs: ctx.rungs, timeline },
          reportOrder(plan, ctx).map((d) => distributions[d]![0]!),
        );
    },
    x.signal,
    // a worker's next request waits in its queue while this thread writes files or draws
    2,
  );
  // the report's chart renderer loads on this thread meanwhile (a failure to load is the report's to tell)
  loadRenderer().catch(() => undefined);
  try {
    store.writeResults(ctx.columns);
  } finally {
    await finishing.catch(() => undefined);
  }
  await finishing;
  const written = store.writeSummaries(ctx, byDesign, outcomes);
  await drawing;
  store.writeReport(
    await batchReportHtml(
      reportInput(plan, ctx, written.summary, distributions, timeline),
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
