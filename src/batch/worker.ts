/**
 * A batch worker: receives the plan's data once (scenario data per sweep point, design data,
 * seeds), compiles each (point, design) model the first time a run needs it, and answers chunks
 * of run numbers with JSON rows grouped by design. With traces
 * on, it writes each run's gzip'd canonical trace itself (temporary name, then rename) before
 * reporting the run, so a reported run always has its trace. Once the runs are stored, it also
 * summarises designs from the batch folder's partial files, in parallel with the other workers.
 */
import { isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { compileModel, type Model } from '../model/compile.js';
import { simulate } from '../engine/simulation.js';
import { serializeTrace } from '../engine/trace.js';
import { summarizeDesign, type DesignSummary } from '../report/summary.js';
import { csvLine, toRow } from '../report/row.js';
import { tracePath } from './store.js';
import { StoredColumns } from './summaryFiles.js';
import { latencyDistributions, type DesignDistributions } from '../report/distribution.js';
import { plannedDesign, type BatchPlan, type PlannedDesign } from './plan.js';

/** What a worker is started with (`workerData`). */
export interface WorkerInit {
  readonly scenarioFile: string;
  readonly points: ReadonlyArray<{
    readonly label: string;
    readonly data: unknown;
    readonly designData: Readonly<Record<string, unknown>>;
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
}

/** What every worker of a plan receives once: the plan's data, and what to produce. */
export function createWorkerInit(
  plan: BatchPlan,
  produce: Pick<WorkerInit, 'traces' | 'dir' | 'columns'>,
): WorkerInit {
  return {
    scenarioFile: plan.scenarioFile,
    points: plan.points.map((p) => ({ label: p.label, data: p.data, designData: p.designData })),
    designs: plan.designs.map((d) => ({
      id: d.id,
      file: d.file,
      data: d.data,
      base: d.base,
      options: d.options,
    })),
    seeds: [...plan.seeds],
    sweep: plan.sweep.map((axis) => axis.path),
    ...produce,
  };
}

/** A chunk of runs: flat `[start, end)` pairs of run numbers. */
export interface ChunkRequest {
  readonly type: 'chunk';
  readonly ranges: readonly number[];
}

/** Read one design's stored rows and reduce its latency distributions, per sweep point (the worker keeps the rows for its summary). */
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
}

/** What the pool sends a worker (the pool adds a message id). */
export type WorkerRequest = ChunkRequest | DistributionsRequest | SummaryRequest;

/** Per sweep point, a design's latency distributions for the report's charts. */
export interface DistributionsResult {
  readonly type: 'distributions';
  readonly id: number;
  readonly design: string;
  readonly distributions: readonly DesignDistributions[];
}

/** A design's summaries, one per sweep point. */
export interface SummaryResult {
  readonly type: 'summary';
  readonly id: number;
  readonly design: string;
  readonly summaries: readonly DesignSummary[];
}

/** What a worker answers. */
export type WorkerResult = ChunkResult | DistributionsResult | SummaryResult;

/**
 * A chunk's answer. `parts` holds, per design, one line per run: the row's JSON, a tab, the row's
 * CSV line (JSON never holds a raw tab).
 */
export interface ChunkResult {
  readonly type: 'result';
  readonly id: number;
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
  private stored: StoredColumns | null = null;

  constructor(init: WorkerInit) {
    this.init = init;
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
        scenario = parseScenario(this.init.points[point]!.data, this.init.scenarioFile).scenario;
        this.scenarios.set(point, scenario);
      }
      const d = this.init.designs[design]!;
      m = compileModel(scenario, plannedDesign(d, this.init.points[point]!.designData, scenario));
      this.models.set(key, m);
      if (this.models.size > MODEL_CACHE) this.models.delete(this.models.keys().next().value!);
      if (this.scenarios.size > MODEL_CACHE)
        this.scenarios.delete(this.scenarios.keys().next().value!);
    }
    return m;
  }

  /** Answers one request. */
  handle(request: WorkerRequest & { readonly id: number }): WorkerResult {
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
        id: request.id,
        design: request.design,
        distributions: own.map((columns) => latencyDistributions(columns, request.decisions)),
      };
    const base =
      request.design === request.baseline
        ? null
        : this.stored.of(request.baseline, request.decisions);
    const summaries = own.map((columns, p) =>
      summarizeDesign(columns, base ? base[p]! : null, {
        decisions: request.decisions,
        rungs: request.rungs,
      }),
    );
    this.stored.release(request.design);
    return { type: 'summary', id: request.id, design: request.design, summaries };
  }

  /** Runs every run of the chunk in order. */
  run(request: ChunkRequest & { readonly id: number }): ChunkResult {
    const { points, seeds, traces } = this.init;
    const P = points.length;
    const S = seeds.length;
    const parts: Array<{ design: number; text: string }> = [];
    let current = null as { design: number; lines: string[] } | null;
    const close = () => {
      if (current) parts.push({ design: current.design, text: current.lines.join('') });
    };
    let count = 0;
    for (let r = 0; r < request.ranges.length; r += 2) {
      for (let index = request.ranges[r]!; index < request.ranges[r + 1]!; index++) {
        const s = index % S;
        const rest = (index - s) / S;
        const point = rest % P;
        const design = (rest - point) / P;
        const seed = seeds[s]!;
        const result = simulate(this.model(design, point), { seed, keepTrace: traces !== null });
        if (traces !== null) {
          const file = tracePath(traces, this.init.designs[design]!.id, P > 1 ? point : null, seed);
          const tmp = `${file}.tmp-${process.pid}-${threadId}`;
          const gz = gzipSync(serializeTrace(result.trace!));
          try {
            writeFileSync(tmp, gz);
          } catch {
            mkdirSync(dirname(file), { recursive: true });
            writeFileSync(tmp, gz);
          }
          renameSync(tmp, file);
        }
        count++;
        if (current === null || current.design !== design) {
          close();
          current = { design, lines: [] };
        }
        const row = toRow(result, points[point]!.label);
        const csv = csvLine(row, this.init.columns, this.init.sweep);
        if (csv.includes('\n'))
          throw new Error(`run ${row.design}:${row.seed}: a CSV cell holds a line break`);
        current.lines.push(`${JSON.stringify(row)}\t${csv}\n`);
      }
    }
    close();
    return { type: 'result', id: request.id, count, parts };
  }
}

/** The plan's data, which a pool sends each worker before any request. */
export interface InitMessage {
  readonly type: 'init';
  readonly init: WorkerInit;
}

if (!isMainThread && parentPort && (workerData as { rungsWorker?: boolean } | null)?.rungsWorker) {
  const port = parentPort;
  let runner: ChunkRunner | null = null;
  port.on('message', (message: InitMessage | (WorkerRequest & { readonly id: number })) => {
    if (message.type === 'init') runner = new ChunkRunner(message.init);
    else if (runner === null) throw new Error('a batch worker was sent a request before the plan');
    else port.postMessage(runner.handle(message));
  });
}
