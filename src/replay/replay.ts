/**
 * Replay: re-runs a finished batch from its manifest with the files and engine as they are now,
 * into a private folder, and compares everything the batch folder holds with what the replay
 * wrote: every row of `results.jsonl` and `results.csv` (every field), `summary.json` and
 * `summary.md` byte for byte, and the manifest's plan against the rows present. It names what
 * changed since the batch (scenario file, design files, engine version, Node version), the first
 * difference of each file and, where the batch kept its traces, the first entry at which a
 * mismatching run's trace diverges. One run can also be replayed on its own, with its timeline.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError, formatIssue } from '../scenario/errors.js';
import { compileModel } from '../model/compile.js';
import { simulate, type RunResult } from '../engine/simulation.js';
import { serializeTrace } from '../engine/trace.js';
import { toRow, type RunRow } from '../report/row.js';
import { timelineOptionsOf, type TimelineOptions } from '../report/timeline.js';
import { createPlan, plannedDesign, runAt, runIndex, type BatchPlan } from '../batch/plan.js';
import { parseSeeds, seedIndex } from '../batch/seeds.js';
import {
  engineVersion,
  MANIFEST_FILE,
  manifestIdentity,
  manifestPath,
  readManifest,
  type BatchManifest,
} from '../batch/manifest.js';
import {
  removeLeftoverPartials,
  RESULT_FILES,
  RunStore,
  TRACES_DIR,
  tracePath,
} from '../batch/store.js';
import { PARTIAL_DIR } from '../batch/partials.js';
import { scanLines } from '../batch/lines.js';
import { defaultWorkers, WorkerPool } from '../batch/pool.js';
import { BATCH_TASK, createWorkerInit } from '../batch/batchTask.js';
import { executePlan, finishContext } from '../batch/execute.js';
import { BatchLock } from '../batch/lock.js';
import { checkCount, LIMITS } from '../batch/limits.js';
import { asOutputError } from '../batch/outputErrors.js';
import { compareSummary, jsonlRowDifference, RowComparer, type FileCheck } from './verify.js';

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** The batch folder. */
  readonly dir: string;
  /** Worker threads for a whole-batch replay (default: available parallelism). */
  readonly workers?: number;
  /** Replay one run only: `design:seed`, or `design:seed@point` (a sweep point's label or number). */
  readonly run?: string;
  /** Mismatching runs to explain with their first divergent trace entry (default 3). */
  readonly explain?: number;
  readonly signal?: AbortSignal;
  /** Called once the plan is made, before any run (see `BatchOptions.onPlanned`). */
  readonly onPlanned?: () => void;
  readonly onStart?: (info: { readonly total: number; readonly workers: number }) => void;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A run whose trace hash differs from the recorded one. */
export interface RunMismatch {
  /** `design:seed`, with `@point` in a sweep. */
  readonly run: string;
  readonly recorded: string;
  readonly replayed: string;
}

/** Where a replayed trace first differs from the recorded one. */
export interface Divergence {
  readonly run: string;
  /** Entry number (from 0). */
  readonly index: number;
  /** Simulated minutes of the first differing entry, or null if both traces end there. */
  readonly time: number | null;
  /** The recorded and replayed canonical entries; null where that trace has ended. */
  readonly recorded: string | null;
  readonly replayed: string | null;
}

/** One run replayed on its own. */
export interface SingleRun {
  readonly run: string;
  readonly design: string;
  readonly seed: number;
  readonly point: string;
  readonly result: RunResult;
  /** The recorded trace hash, or null when results.jsonl does not hold the run. */
  readonly recorded: string | null;
  /** How the recorded row differs from the replayed one (null when equal or not recorded). */
  readonly rowDifference: string | null;
  /** The run's rungs and horizon, for its timeline. */
  readonly timeline: TimelineOptions;
}

/** What a replay found. */
export interface ReplayReport {
  readonly dir: string;
  readonly manifest: BatchManifest;
  /** What differs from the manifest: files, engine, Node. */
  readonly changes: readonly string[];
  /** Problems that stopped the replay or made it fail (files that no longer load, an edited manifest). */
  readonly problems: readonly string[];
  /** Runs replayed and compared. */
  readonly checked: number;
  /** Runs whose recorded trace hash equals the replayed one. */
  readonly matched: number;
  /** Runs whose recorded trace hash differs from the replayed one. */
  readonly mismatchCount: number;
  /** Each result and summary file compared with the replay's (empty for a single run). */
  readonly files: readonly FileCheck[];
  /** The first mismatches, in canonical order (at most 20). */
  readonly mismatches: readonly RunMismatch[];
  readonly divergences: readonly Divergence[];
  /** Whether the batch kept traces (needed for divergences). */
  readonly tracesKept: boolean;
  readonly single: SingleRun | null;
  /** True when every file matched what the replay wrote and nothing stopped the replay. */
  readonly ok: boolean;
}

const SHOWN = 20;

function runName(plan: BatchPlan, design: number, point: number, seed: number): string {
  return `${plan.designs[design]!.id}:${seed}${plan.points.length > 1 ? `@${plan.points[point]!.label}` : ''}`;
}

/** The plan of the batch from the files as they are now, and what changed against the manifest. */
function currentPlan(
  dir: string,
  m: BatchManifest,
): { plan: BatchPlan | null; changes: string[]; problems: string[] } {
  const changes: string[] = [];
  const problems: string[] = [];
  const engine = engineVersion();
  if (engine.version !== m.engine.version)
    changes.push(`engine version changed (${m.engine.version} → ${engine.version})`);
  if (process.version !== m.node)
    changes.push(`Node version changed (${m.node} → ${process.version})`);
  const scenarioFile = manifestPath(dir, m.scenario.file);
  // a variant runs its file's design: each file once, its variants from the manifest
  const designFiles = [...new Set(m.designs.map((d) => manifestPath(dir, d.file)))];
  const seeds = parseSeeds(m.seeds.ranges, {
    file: join(dir, MANIFEST_FILE),
    path: 'seeds.ranges',
  });
  let plan: BatchPlan;
  try {
    plan = createPlan({
      scenarioFile,
      designs: designFiles.join(','),
      seeds,
      sets: m.sweep.map((a) => `${a.path}=${a.values.join(',')}`),
      variants: m.variants ?? [],
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const files = new Set(error.issues.map((i) => i.file));
    for (const file of files) {
      const what =
        file === scenarioFile
          ? 'scenario file'
          : designFiles.includes(file)
            ? 'design file'
            : 'file';
      changes.push(`${what} ${file} changed: it no longer loads`);
    }
    for (const issue of error.issues) problems.push(formatIssue(issue));
    return { plan: null, changes, problems };
  }
  const base = plan.scenario.hash;
  if (base !== m.scenario.hash)
    changes.push(
      `scenario file ${scenarioFile} changed (content hash ${m.scenario.hash.slice(0, 12)} → ${base.slice(0, 12)})`,
    );
  else if (plan.points.some((p, i) => p.scenario.hash !== m.points[i]?.scenarioHash))
    changes.push(`the sweep points of scenario file ${scenarioFile} changed`);
  const recorded = m.designs.map((d) => d.id).join(',');
  const now = plan.designs.map((d) => d.id).join(',');
  if (recorded !== now) {
    changes.push(`design ids changed (${recorded} → ${now})`);
    problems.push(
      'the design files declare other ids than the batch recorded; runs cannot be matched',
    );
    return { plan: null, changes, problems };
  }
  for (let i = 0; i < plan.designs.length; i++) {
    const was = m.designs[i]!;
    const d = plan.designs[i]!;
    if (was.hash !== d.hash)
      changes.push(
        `design file ${d.file} changed (design ${d.id}, content hash ${was.hash.slice(0, 12)} → ${d.hash.slice(0, 12)})`,
      );
  }
  return { plan, changes, problems };
}

/** What is wrong with the manifest's own facts: an identity that is not theirs, counts that do not add up. */
function manifestProblems(dir: string, m: BatchManifest, plan: BatchPlan): string[] {
  const file = join(dir, MANIFEST_FILE);
  const out: string[] = [];
  if (manifestIdentity(m) !== m.identity)
    out.push(
      `${file}: identity: does not match the manifest's content (the manifest was edited after the batch)`,
    );
  if (m.seeds.count !== plan.seeds.length)
    out.push(
      `${file}: seeds.count: ${m.seeds.count}, but seeds.ranges lists ${plan.seeds.length} seeds`,
    );
  if (m.runs !== plan.size)
    out.push(`${file}: runs: ${m.runs}, but the plan has ${plan.size} runs`);
  return out;
}

/** The first entry where a stored trace and a replayed run differ, if the batch kept traces. */
function divergence(
  dir: string,
  plan: BatchPlan,
  index: number,
  name: string,
): Divergence | string {
  const run = runAt(plan, index);
  const design = plan.designs[run.design]!;
  const file = tracePath(
    join(dir, TRACES_DIR),
    design.id,
    plan.points.length > 1 ? run.point : null,
    run.seed,
  );
  if (!existsSync(file)) return `${name}: its trace file ${file} is missing`;
  const recorded = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
  const point = plan.points[run.point]!;
  const model = compileModel(
    point.scenario.scenario,
    plannedDesign(design, point.designData, point.scenario.scenario),
  );
  const replayed = serializeTrace(simulate(model, { seed: run.seed, keepTrace: true }).trace!)
    .split('\n')
    .filter(Boolean);
  return firstDivergence(name, recorded, replayed);
}

/** Compares two canonical traces line by line. */
export function firstDivergence(
  run: string,
  recorded: readonly string[],
  replayed: readonly string[],
): Divergence {
  let i = 0;
  while (i < recorded.length && i < replayed.length && recorded[i] === replayed[i]) i++;
  const a = recorded[i] ?? null;
  const b = replayed[i] ?? null;
  const seconds = (line: string | null) =>
    line === null ? null : (JSON.parse(line) as [number])[0];
  const times = [seconds(a), seconds(b)].filter((t): t is number => t !== null);
  return {
    run,
    index: i,
    time: times.length > 0 ? Math.min(...times) / 60 : null,
    recorded: a,
    replayed: b,
  };
}

/** Parses `design:seed` or `design:seed@point`. */
function parseRunSpec(
  spec: string,
  plan: BatchPlan,
): { design: number; point: number; seed: number } {
  const m = /^([^:@]+):(\d+)(?:@(.*))?$/.exec(spec.trim());
  const bad = (message: string) => new InputError([{ file: '--run', path: spec, message }]);
  if (!m) throw bad('expected design:seed, or design:seed@point for a sweep (e.g. acm-2015:17)');
  const design = plan.designs.findIndex((d) => d.id === m[1]);
  if (design < 0)
    throw bad(
      `no design "${m[1]}" in this batch (designs: ${plan.designs.map((d) => d.id).join(', ')})`,
    );
  const seed = Number(m[2]);
  if (seedIndex(plan.seeds, seed) < 0) throw bad(`seed ${seed} is not among the batch's seeds`);
  let point = 0;
  if (m[3] !== undefined) {
    point = /^\d+$/.test(m[3]) ? Number(m[3]) : plan.points.findIndex((p) => p.label === m[3]);
    if (point < 0 || point >= plan.points.length)
      throw bad(
        `no sweep point "${m[3]}" (points: ${plan.points.map((p, i) => `${i}: ${p.label || '(none)'}`).join('; ')})`,
      );
  } else if (plan.points.length > 1) {
    throw bad(
      `this batch has ${plan.points.length} sweep points: add @point (a label or a number from 0)`,
    );
  }
  return { design, point, seed };
}

/** The recorded row of one run, as its line of results.jsonl, or null. */
function recordedLine(
  dir: string,
  plan: BatchPlan,
  run: { design: number; point: number; seed: number },
): string | null {
  const file = join(dir, 'results.jsonl');
  if (!existsSync(file)) return null;
  const id = plan.designs[run.design]!.id;
  const label = plan.points[run.point]!.label;
  let found: string | null = null;
  scanLines(file, (text) => {
    if (found !== null) return;
    try {
      const row = JSON.parse(text) as RunRow;
      if (row.design === id && row.seed === run.seed && row.point === label) found = text;
    } catch {
      // a line that is not a row is not this run
    }
  });
  return found;
}

/** Replays one run (`--run`); its recorded row is compared field by field. */
function replayOne(
  dir: string,
  plan: BatchPlan,
  spec: string,
  problems: string[],
  tracesKept: boolean,
): Omit<ReplayReport, 'dir' | 'manifest' | 'changes' | 'tracesKept' | 'files'> {
  const run = parseRunSpec(spec, plan);
  const name = runName(plan, run.design, run.point, run.seed);
  const design = plan.designs[run.design]!;
  const point = plan.points[run.point]!;
  const model = compileModel(
    point.scenario.scenario,
    plannedDesign(design, point.designData, point.scenario.scenario),
  );
  const result = simulate(model, { seed: run.seed, keepTrace: true });
  const line = recordedLine(dir, plan, run);
  let recorded: string | null = null;
  let rowDifference: string | null = null;
  if (line !== null) {
    const replayedLine = JSON.stringify(toRow(result, plan.points[run.point]!.label));
    recorded = (JSON.parse(line) as RunRow).traceHash;
    rowDifference = line === replayedLine ? null : jsonlRowDifference(line, replayedLine);
  }
  const matched = recorded === result.traceHash;
  const divergences: Divergence[] = [];
  const notes = [...problems];
  if (line === null) notes.push(`results.jsonl holds no run ${name}`);
  else if (!matched && tracesKept) {
    const d = divergence(dir, plan, runIndex(plan, run.design, run.point, run.seed), name);
    if (typeof d === 'string') notes.push(d);
    else divergences.push(d);
  }
  return {
    problems: notes,
    checked: 1,
    matched: matched ? 1 : 0,
    mismatchCount: matched ? 0 : 1,
    mismatches:
      matched || recorded === null ? [] : [{ run: name, recorded, replayed: result.traceHash }],
    divergences,
    single: {
      run: name,
      design: design.id,
      seed: run.seed,
      point: plan.points[run.point]!.label,
      result,
      recorded,
      rowDifference,
      timeline: timelineOptionsOf(model),
    },
    ok: matched && rowDifference === null && notes.length === 0,
  };
}

/** Removes a leftover partial/ of a complete batch, unless another process is writing the folder. */
function tidy(dir: string): void {
  if (!existsSync(join(dir, PARTIAL_DIR))) return;
  let lock: BatchLock;
  try {
    lock = BatchLock.acquire(dir);
  } catch {
    return;
  }
  try {
    removeLeftoverPartials(dir);
  } finally {
    lock.release();
  }
}

/**
 * Replays a batch folder (see the module comment). A folder that is not a complete batch, or a
 * bad `run`, is an {@link InputError}; differences are reported, not thrown.
 */
export async function replay(options: ReplayOptions): Promise<ReplayReport> {
  const { dir } = options;
  if (options.workers !== undefined) checkCount('--workers', options.workers, LIMITS.workers);
  const manifest = readManifest(dir);
  if (manifest.status !== 'complete') {
    throw new InputError([
      {
        file: dir,
        path: '',
        message:
          'holds an unfinished batch (status "running"); finish it with npm run batch and --resume before replaying it',
      },
    ]);
  }
  tidy(dir);
  const { plan, changes, problems } = currentPlan(dir, manifest);
  const tracesKept = manifest.options.traces;
  const empty = {
    dir,
    manifest,
    changes,
    tracesKept,
    checked: 0,
    matched: 0,
    mismatchCount: 0,
    mismatches: [],
    divergences: [],
    files: [],
    single: null,
  };
  if (!plan) {
    if (options.run !== undefined && !/^([^:@]+):(\d+)(?:@(.*))?$/.test(options.run.trim()))
      throw new InputError([
        { file: '--run', path: options.run, message: 'expected design:seed, or design:seed@point' },
      ]);
    return { ...empty, problems, ok: false };
  }
  problems.push(...manifestProblems(dir, manifest, plan));
  if (options.run !== undefined)
    return { ...empty, ...replayOne(dir, plan, options.run, problems, tracesKept) };

  const baseline = plan.designs.findIndex((d) => d.id === manifest.baseline);
  if (baseline < 0)
    return {
      ...empty,
      problems: [
        ...problems,
        `${join(dir, MANIFEST_FILE)}: baseline: "${manifest.baseline}" is not among the batch's designs`,
      ],
      ok: false,
    };
  options.onPlanned?.();
  const ctx = finishContext(plan, manifest, baseline);
  const scratch = mkdtempSync(join(tmpdir(), 'rungs-replay-'));
  try {
    const init = createWorkerInit(plan, { traces: null, dir: scratch, columns: ctx.columns });
    const pool = new WorkerPool(
      BATCH_TASK,
      Math.max(
        1,
        Math.min(options.workers ?? Math.min(defaultWorkers(), LIMITS.workers), plan.size),
      ),
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
    return {
      ...empty,
      ...compareFiles(dir, scratch, plan, problems, options.explain ?? 3, tracesKept),
    };
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
) {
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
