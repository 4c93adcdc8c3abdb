/**
 * The task of a batch's worker threads: receives the plan's data once (scenario data per sweep
 * point, design data, seeds), compiles each (point, design) model the first time a run needs it,
 * and answers chunks of run numbers with JSON rows grouped by design. With traces on, it writes
 * each run's gzip'd canonical trace itself (atomically) and reports a chunk once its traces are
 * on the device, so a reported run always has its trace. With a posterior, each run's model is
 * compiled at the sample its seed draws, and a chunk's runs go grouped by the model they need. Once
 * the runs are stored, it also summarises designs from the batch folder's partial files, in
 * parallel with the other workers.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFileAtomicAsync } from '../io/atomic.js';
import { parseScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { compileModel, type Model } from '../model/compile.js';
import { simulate } from '../engine/simulation.js';
import { serializeTrace } from '../engine/trace.js';
import {
  restrictedMeanReplicates,
  summarizeDesign,
  summarizeDesignWithReplicates,
  type DecisionReplicates,
  type DesignSummary,
} from '../report/summary.js';
import { rowLine } from '../report/rowLine.js';
import { tracePath } from './store.js';
import { StoredColumns } from './summaryFiles.js';
import { seedOutcomesOf, type SeedOutcomes } from '../report/bottomLine.js';
import { latencyDistributions, type DesignDistributions } from '../report/distribution.js';
import { plannedDesign, type BatchPlan, type PlannedDesign } from './plan.js';
import { compiledModule } from './compiled.js';
import { runPlace } from './runNumbers.js';
import type { Task } from './task.js';
import type { PosteriorInit } from './posteriorPlan.js';
import { PosteriorModels } from './posteriorModels.js';

/** What a worker is started with (`workerData`). */
export interface WorkerInit {
  readonly scenarioFile: string;
  readonly points: ReadonlyArray<{
    readonly label: string;
    readonly data: unknown;
    readonly designData: Readonly<Record<string, unknown>>;
    /** The point's horizon in minutes: summaries censor a decision not taken by then. */
    readonly horizon: number;
  }>;
  readonly designs: ReadonlyArray<Pick<PlannedDesign, 'id' | 'file' | 'data' | 'base' | 'options'>>;
  /** Ascending. */
  readonly seeds: readonly number[];
  /** Where to write traces, or null. */
  readonly traces: string | null;
  /** The batch folder (to read partial files when summarising), or null. */
  readonly dir: string | null;
  /** The decisions that are CSV columns, in order (rows carry their CSV line too). */
  readonly columns: readonly string[];
  /** The swept parameters' paths, in order: a CSV column each. */
  readonly sweep: readonly string[];
  /** The posterior each seed draws the fitted numbers from, or null. */
  readonly posterior: PosteriorInit | null;
  /** Whether swept values may lie outside their registered ranges (`--outside-range`). */
  readonly outsideRange?: boolean;
}

/** What every worker of a plan receives once: the plan's data, and what to produce. */
export function createWorkerInit(
  plan: BatchPlan,
  produce: Pick<WorkerInit, 'traces' | 'dir' | 'columns'>,
): WorkerInit {
  return {
    scenarioFile: plan.scenarioFile,
    points: plan.points.map((p) => ({
      label: p.label,
      data: p.data,
      designData: p.designData,
      horizon: p.scenario.scenario.horizon,
    })),
    designs: plan.designs.map((d) => ({
      id: d.id,
      file: d.file,
      data: d.data,
      base: d.base,
      options: d.options,
    })),
    seeds: [...plan.seeds],
    sweep: plan.sweep.map((axis) => axis.path),
    ...(plan.outsideRange ? { outsideRange: true } : {}),
    posterior: plan.posterior && {
      draw: plan.posterior.draw,
      register: plan.posterior.register,
      scenarioData: plan.posterior.scenarioData,
    },
    ...produce,
  };
}

/** A chunk of runs: flat `[start, end)` pairs of run numbers. */
export interface ChunkRequest {
  readonly type: 'chunk';
  readonly ranges: readonly number[];
}

/**
 * Read one design's stored rows and reduce its latency distributions, per sweep point (the worker
 * keeps the rows for its summary).
 */
export interface DistributionsRequest {
  readonly type: 'distributions';
  readonly design: string;
  readonly baseline: string;
  readonly decisions: readonly string[];
}

/** Summarise one design's stored rows, per sweep point, against the baseline's. */
export interface SummaryRequest {
  readonly type: 'summary';
  readonly design: string;
  readonly baseline: string;
  readonly decisions: readonly string[];
  readonly rungs: readonly string[];
  /** Whether to send back the design's restricted-mean replicates, for the bottom line. */
  readonly replicates: boolean;
}

/** What a batch's pool asks a worker. */
export type WorkerRequest = ChunkRequest | DistributionsRequest | SummaryRequest;

/** Per sweep point, a design's latency distributions for the report's charts. */
export interface DistributionsResult {
  readonly type: 'distributions';
  readonly design: string;
  readonly distributions: readonly DesignDistributions[];
}

/** A design's summaries, one per sweep point. */
export interface SummaryResult {
  readonly type: 'summary';
  readonly design: string;
  readonly summaries: readonly DesignSummary[];
  /** Per sweep point, what the bottom line reads of the design's runs. */
  readonly outcomes: readonly SeedOutcomes[];
  /**
   * Per sweep point, the design's restricted-mean replicates that the bottom line compares (none
   * when not asked for).
   */
  readonly replicates: readonly DecisionReplicates[];
}

/** What a worker answers. */
export type WorkerResult = ChunkResult | DistributionsResult | SummaryResult;

/**
 * A chunk's answer. `parts` holds, per design, one line per run: the row's JSON, a tab, the row's
 * CSV line (JSON never holds a raw tab).
 */
export interface ChunkResult {
  readonly type: 'result';
  readonly count: number;
  readonly parts: ReadonlyArray<{ readonly design: number; readonly text: string }>;
}

/**
 * Compiled models a worker keeps, each with its transition memo. A worker meets the designs of its
 * share one after another (and of others' shares, from the back), so two suffice, and the memory
 * of a worker does not depend on how many designs a batch has. An evicted model is compiled again
 * if ever needed.
 */
const MODEL_CACHE = 2;

/** Runs chunks of a plan, compiling each model once. */
export class ChunkRunner {
  private readonly init: WorkerInit;
  private readonly scenarios = new Map<number, Scenario>();
  private readonly models = new Map<number, Model>();
  private readonly drawn: PosteriorModels | null;
  private stored: StoredColumns | null = null;
  /** The baseline's restricted-mean replicates by baseline and sweep point, once resampled. */
  private readonly baseReplicates = new Map<string, DecisionReplicates>();

  constructor(init: WorkerInit) {
    this.init = init;
    this.drawn = init.posterior && new PosteriorModels({ ...init, posterior: init.posterior });
  }

  /** The model of a run: of its design at its point, at the sample its seed draws with a posterior. */
  private modelOf(design: number, point: number, seed: number): Model {
    if (this.drawn) return this.drawn.model(design, point, this.drawn.sampleOf(seed));
    return this.model(design, point);
  }

  private model(design: number, point: number): Model {
    const key = design * this.init.points.length + point;
    let m = this.models.get(key);
    if (m) {
      this.models.delete(key);
      this.models.set(key, m);
    } else {
      let scenario = this.scenarios.get(point);
      if (!scenario) {
        const beyond = this.init.outsideRange ? { beyondRanges: true } : {};
        scenario = parseScenario(
          this.init.points[point]!.data,
          this.init.scenarioFile,
          beyond,
        ).scenario;
        this.scenarios.set(point, scenario);
      }
      const d = this.init.designs[design]!;
      const points = this.init.points[point]!.designData;
      m = compileModel(
        scenario,
        plannedDesign(d, points, scenario, this.init.outsideRange ?? false),
      );
      this.models.set(key, m);
      if (this.models.size > MODEL_CACHE) this.models.delete(this.models.keys().next().value!);
      if (this.scenarios.size > MODEL_CACHE)
        this.scenarios.delete(this.scenarios.keys().next().value!);
    }
    return m;
  }

  /** Answers one request. */
  handle(request: WorkerRequest): WorkerResult | Promise<WorkerResult> {
    if (request.type === 'chunk') return this.run(request);
    const { dir, points, seeds } = this.init;
    if (dir === null) throw new Error('this worker has no batch folder to summarise');
    // the rows are complete once summaries are asked: a design's are read once, for its distributions and its summary
    this.stored ??= new StoredColumns(
      dir,
      { points: points.map((p) => p.label), seeds },
      request.baseline,
    );
    const own = this.stored.of(request.design, request.decisions);
    if (request.type === 'distributions')
      return {
        type: 'distributions',
        design: request.design,
        distributions: own.map((columns, p) =>
          latencyDistributions(columns, request.decisions, points[p]!.horizon),
        ),
      };
    const base =
      request.design === request.baseline
        ? null
        : this.stored.of(request.baseline, request.decisions);
    const summarised = own.map((columns, p) => {
      const options = {
        decisions: request.decisions,
        rungs: request.rungs,
        horizon: points[p]!.horizon,
      };
      const paired = base ? base[p]! : null;
      if (!request.replicates)
        return { summary: summarizeDesign(columns, paired, options), replicates: {} };
      // the baseline's replicates, resampled once in this thread for every design paired with it
      const key = `${request.baseline}\n${p}`;
      if (!paired) {
        const own = summarizeDesignWithReplicates(columns, null, options);
        this.baseReplicates.set(key, own.replicates);
        return own;
      }
      let known = this.baseReplicates.get(key);
      if (!known) this.baseReplicates.set(key, (known = restrictedMeanReplicates(paired, options)));
      return summarizeDesignWithReplicates(columns, paired, options, known);
    });
    const replicates = request.replicates ? summarised.map((s) => s.replicates) : [];
    this.stored.release(request.design);
    return {
      type: 'summary',
      design: request.design,
      summaries: summarised.map((s) => s.summary),
      outcomes: own.map(seedOutcomesOf),
      replicates,
    };
  }

  /**
   * The chunk's run numbers in the order to run them: as given, or with a posterior grouped by
   * the model they need (design, point and the sample the seed draws), so each is compiled once.
   */
  private runOrder(ranges: readonly number[]): number[] {
    const indices: number[] = [];
    for (let r = 0; r < ranges.length; r += 2)
      for (let index = ranges[r]!; index < ranges[r + 1]!; index++) indices.push(index);
    const drawn = this.drawn;
    if (!drawn) return indices;
    const { points, seeds } = this.init;
    const shape = { points: points.length, seeds: seeds.length };
    const groups = new Map<string, number[]>();
    for (const index of indices) {
      const { design, point, seedIndex } = runPlace(shape, index);
      const key = `${design}/${point}/${drawn.sampleOf(seeds[seedIndex]!)}`;
      const group = groups.get(key);
      if (group) group.push(index);
      else groups.set(key, [index]);
    }
    return [...groups.values()].flat();
  }

  /** Runs every run of the chunk; answers its rows in run order, once its traces are written. */
  async run(request: ChunkRequest): Promise<ChunkResult> {
    const { points, seeds, traces } = this.init;
    const shape = { points: points.length, seeds: seeds.length };
    const lines = new Map<number, { design: number; line: string }>();
    const writes: Array<Promise<void>> = [];
    for (const index of this.runOrder(request.ranges)) {
      const { design, point, seedIndex } = runPlace(shape, index);
      const seed = seeds[seedIndex]!;
      const result = simulate(this.modelOf(design, point, seed), {
        seed,
        keepTrace: traces !== null,
        keepAnswers: false,
      });
      if (traces !== null) {
        const file = tracePath(
          traces,
          this.init.designs[design]!.id,
          shape.points > 1 ? point : null,
          seed,
        );
        writes.push(writeTrace(file, gzipSync(serializeTrace(result.trace!))));
      }
      const line = rowLine(result, points[point]!.label, this.init.columns, this.init.sweep);
      // the JSON half escapes its line breaks: one before the line's own is in a CSV cell
      if (line.indexOf('\n') < line.length - 1)
        throw new Error(`run ${result.design}:${result.seed}: a CSV cell holds a line break`);
      lines.set(index, { design, line });
    }
    const failed = (await Promise.allSettled(writes)).find((w) => w.status === 'rejected');
    if (failed) throw failed.reason;
    return { type: 'result', count: lines.size, parts: partsOf(request.ranges, lines) };
  }
}

/** A chunk's lines in run order, one part per run of consecutive runs of one design. */
function partsOf(
  ranges: readonly number[],
  lines: ReadonlyMap<number, { design: number; line: string }>,
): ChunkResult['parts'] {
  const parts: Array<{ design: number; text: string }> = [];
  let current = null as { design: number; lines: string[] } | null;
  for (let r = 0; r < ranges.length; r += 2) {
    for (let index = ranges[r]!; index < ranges[r + 1]!; index++) {
      const { design, line } = lines.get(index)!;
      if (current === null || current.design !== design) {
        if (current) parts.push({ design: current.design, text: current.lines.join('') });
        current = { design, lines: [] };
      }
      current.lines.push(line);
    }
  }
  if (current) parts.push({ design: current.design, text: current.lines.join('') });
  return parts;
}

/** Writes a trace atomically, making its folder if it is missing. */
async function writeTrace(file: string, gz: Uint8Array): Promise<void> {
  try {
    await writeFileAtomicAsync(file, gz);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(file), { recursive: true });
    await writeFileAtomicAsync(file, gz);
  }
}

/** Sets a worker up with a batch's plan data (see {@link Task}). */
export function createTask(
  init: WorkerInit,
): (request: WorkerRequest) => WorkerResult | Promise<WorkerResult> {
  const runner = new ChunkRunner(init);
  return (request) => runner.handle(request);
}

/** The task of a batch's worker threads. */
export const BATCH_TASK: Task<WorkerInit, WorkerRequest, WorkerResult> = {
  name: 'batch',
  module: compiledModule('./batchTask.js', import.meta.url),
};
