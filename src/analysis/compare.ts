/**
 * Comparing C2 designs on one scenario: every design meets the same seeds, so the same adversary
 * draws (common random numbers), and each design is summarised against the baseline design. With
 * a posterior, each seed draws the fitted numbers too, the same for every design. The runs go to a
 * worker pool (`compareTask.ts`); batches use the same summaries over rows streamed from disk.
 */
import { defaultWorkers, WorkerPool } from '../batch/pool.js';
import type { Model } from '../model/compile.js';
import { columnsOf, type RunColumns } from '../report/columns.js';
import type { RunRow } from '../report/row.js';
import { latencyDistributions, type DesignDistributions } from '../report/distribution.js';
import type { BatchReportInput } from '../report/batchReport.js';
import type { Comparison } from '../report/compareReport.js';
import { reportedDecisions, summarizeDesign, type DesignSummary } from '../report/summary.js';
import { bottomLineOf, seedOutcomesOf, type BottomLine } from '../report/bottomLine.js';
import { timelineRun } from '../batch/execute.js';
import {
  COMPARE_TASK,
  DrawnModels,
  type ComparePosterior,
  type CompareSetup,
  type RunsRequest,
} from './compareTask.js';
import { DESIGN_OPTIONS, type DesignOption } from '../scenario/variants.js';
import type { AssumptionSpace } from '../assumptions/space.js';
import type { LoadedPosterior } from '../assumptions/posterior.js';
import {
  bySample,
  checkNotHeld,
  checkPosteriorIds,
  drawOf,
  posteriorRecord,
  SeedDraws,
} from '../assumptions/draws.js';

/** A comparison's result (its type lives with its rendering, `report/compareReport.ts`). */
export type { Comparison };

/** What a comparison may also do as it goes. */
export interface CompareOptions {
  /** Worker threads (default: the machine's available parallelism); never changes the comparison. */
  readonly workers?: number;
  /** Told the number of runs done as runs finish. */
  readonly onRun?: (done: number) => void;
  /** Receives each design's latency distributions (for a report's charts), in the order of `designs`. */
  readonly distributions?: (distributions: readonly DesignDistributions[]) => void;
  /**
   * A posterior (`loadPosterior`) each seed draws the fitted numbers from, the same for every
   * design: each run is compiled anew from `space` (the scenario and design files the models were
   * made from) with `held` (the values `--set` holds) and the drawn values in place. A drawn id
   * not in the space's register, or also held, is an `InputError`.
   */
  readonly posterior?: {
    readonly loaded: LoadedPosterior;
    readonly space: AssumptionSpace;
    readonly held?: ReadonlyMap<string, number>;
  };
}

/** The design of the space a compared model runs (its id, or its id and `+option`s), and its options. */
function spaceDesignOf(
  space: AssumptionSpace,
  model: Model,
): { id: string; options: DesignOption[] } {
  const id = model.design.id;
  const base = space.designs.find((d) => id === d.id || id.startsWith(`${d.id}+`));
  const options = base
    ? id
        .slice(base.id.length + 1)
        .split('+')
        .filter(Boolean)
    : [];
  if (!base || options.some((o) => !(DESIGN_OPTIONS as readonly string[]).includes(o)))
    throw new Error(`design ${id} is not a design of the assumption space, nor a variant of one`);
  return { id: base.id, options: options as DesignOption[] };
}

/**
 * What a comparison's workers draw from, checked (see {@link CompareOptions.posterior}); undefined
 * without a posterior.
 */
function comparePosterior(
  models: readonly Model[],
  options: CompareOptions,
): ComparePosterior | undefined {
  const given = options.posterior;
  if (!given) return undefined;
  const { loaded, space } = given;
  checkPosteriorIds(loaded, space.register, space.scenarioFile);
  checkNotHeld(loaded, given.held?.keys() ?? []);
  return {
    draw: drawOf(loaded),
    space,
    held: [...(given.held ?? [])],
    designs: models.map((m) => spaceDesignOf(space, m)),
  };
}

/** Seeds per request: small enough that the workers finish together and progress moves often. */
const SEEDS_PER_REQUEST = 25;

/** Every model's runs on every seed, as columns by design id. */
async function runColumns(
  models: readonly Model[],
  seeds: readonly number[],
  decisions: readonly string[],
  options: CompareOptions,
): Promise<Map<string, RunColumns>> {
  const posterior = comparePosterior(models, options);
  const requests = seedRequests(models.length, seeds, posterior);
  const init: CompareSetup = {
    models: models.map((m) => ({ scenario: m.scenario, design: m.design })),
    ...(posterior ? { posterior } : {}),
  };
  const pool = new WorkerPool(
    COMPARE_TASK,
    Math.min(options.workers ?? defaultWorkers(), Math.max(1, requests.length)),
    { init },
  );
  let done = 0;
  let answers: RunRow[][];
  try {
    answers = await pool.map(requests.length, (i) => requests[i]!.request, {
      onDone: (_, index) => options.onRun?.((done += requests[index]!.request.seeds.length)),
    });
  } finally {
    await pool.close();
  }
  // each design's rows in seed order
  const rows = models.map(() => new Array<RunRow>(seeds.length));
  requests.forEach(({ request, positions }, r) =>
    positions.forEach((i, k) => (rows[request.design]![i] = answers[r]![k]!)),
  );
  return new Map(models.map((m, d) => [m.design.id, columnsOf(m.design.id, rows[d]!, decisions)]));
}

/**
 * The requests of a comparison, each with the positions of its seeds among `seeds`: per design,
 * the seeds in order, {@link SEEDS_PER_REQUEST} at a time; with a posterior, grouped by the sample
 * they draw first, so that a worker compiles each design at each sample about once.
 */
function seedRequests(
  designs: number,
  seeds: readonly number[],
  posterior: ComparePosterior | undefined,
): Array<{ request: RunsRequest; positions: number[] }> {
  const groups = posterior
    ? bySample(seeds, new SeedDraws(posterior.draw)).map((g) => g.positions)
    : [seeds.map((_, i) => i)];
  return Array.from({ length: designs }, (_, design) =>
    groups.flatMap((group) =>
      Array.from({ length: Math.ceil(group.length / SEEDS_PER_REQUEST) }, (__, k) => {
        const positions = group.slice(k * SEEDS_PER_REQUEST, (k + 1) * SEEDS_PER_REQUEST);
        return { request: { design, seeds: positions.map((i) => seeds[i]!) }, positions };
      }),
    ),
  ).flat();
}

/** The bottom line of a comparison: its designs' runs (`ordered`, baseline first) and summaries. */
function comparisonBottomLine(
  ordered: readonly Model[],
  designs: readonly DesignSummary[],
  columns: ReadonlyMap<string, RunColumns>,
): BottomLine {
  return bottomLineOf(
    ordered.map((m) => seedOutcomesOf(columns.get(m.design.id)!)),
    {
      decisions: designs[0]!.latencies.map((l) => l.decision),
      labels: new Map(ordered.flatMap((m) => m.decisions.map((d) => [d.id, d.label] as const))),
      horizon: ordered[0]!.horizon,
    },
  );
}

/**
 * Runs every model on every seed (on worker threads) and summarises each design against the baseline.
 *
 * @example
 * ```ts
 * const models = ['acm-2015', 'parallel'].map((id) =>
 *   compileModel(loaded.scenario, loadDesign(`scenarios/c2/${id}.yaml`, loaded.scenario).design),
 * );
 * const comparison = await compareDesigns(models, parseSeeds('1..200'), 'acm-2015');
 * ```
 */
export async function compareDesigns(
  models: readonly Model[],
  seeds: readonly number[],
  baseline: string,
  options: CompareOptions = {},
): Promise<Comparison> {
  const first = models[0]!;
  const decisions = reportedDecisions(first);
  const rungs = first.scenario.ladder.rungs.map((r) => r.id);
  const columns = await runColumns(models, seeds, decisions, options);
  const base = columns.get(baseline) ?? null;
  // the baseline first, the others in the order given
  const ordered = [...models].sort(
    (a, b) => Number(b.design.id === baseline) - Number(a.design.id === baseline),
  );
  options.distributions?.(
    ordered.map((m) => latencyDistributions(columns.get(m.design.id)!, decisions, m.horizon)),
  );
  const designs = ordered.map((m) =>
    summarizeDesign(columns.get(m.design.id)!, m.design.id === baseline ? null : base, {
      decisions,
      rungs,
      horizon: m.horizon,
    }),
  );
  return {
    scenario: first.scenario.id,
    baseline,
    ...(options.posterior ? { posterior: posteriorRecord(options.posterior.loaded) } : {}),
    seeds,
    decisions,
    designs,
    bottomLine: comparisonBottomLine(ordered, designs, columns),
  };
}

/**
 * The run a comparison's report draws as its timeline: the baseline's run of the first seed (with
 * a posterior, at the sample that seed draws: give the comparison's `posterior` option).
 */
export function comparisonTimeline(
  models: readonly Model[],
  comparison: Comparison,
  options: Pick<CompareOptions, 'posterior'> = {},
): NonNullable<BatchReportInput['timeline']> {
  const index = models.findIndex((m) => m.design.id === comparison.baseline);
  const seed = comparison.seeds[0]!;
  const posterior = comparePosterior(models, options);
  if (!posterior) return timelineRun(comparison.baseline, models[index]!, seed);
  const drawn = new DrawnModels(posterior);
  return timelineRun(comparison.baseline, drawn.model(index, drawn.sampleOf(seed)), seed);
}
