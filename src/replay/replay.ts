/**
 * Replay: re-runs a finished batch from its manifest with the files and engine as they are now,
 * and checks every run's trace hash against `results.jsonl`. It names what changed since the
 * batch (scenario file, design files, engine version, Node version) and, where the batch kept
 * its traces, the first entry at which a mismatching run's trace diverges. One run can also be
 * replayed on its own, with its timeline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError, formatIssue } from '../scenario/errors.js';
import { compileModel } from '../model/compile.js';
import { parseDesign } from '../scenario/load.js';
import { simulate, type RunResult } from '../engine/simulation.js';
import { serializeTrace } from '../engine/trace.js';
import { formatDecisions, formatOutcome, formatTime, formatTimeline } from '../report/timeline.js';
import type { RunRow } from '../report/row.js';
import { createPlan, expandSeedRanges, runAt, runIndex, seedIndex, type BatchPlan } from '../batch/plan.js';
import { engineVersion, manifestPath, readManifest, type BatchManifest } from '../batch/manifest.js';
import { TRACES_DIR, tracePath } from '../batch/store.js';
import { scanLines } from '../batch/lines.js';
import { defaultWorkers, runChunks, WorkerPool } from '../batch/pool.js';
import { createWorkerInit } from '../batch/worker.js';

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
}

/** What a replay found. */
export interface ReplayReport {
  readonly dir: string;
  readonly manifest: BatchManifest;
  /** What differs from the manifest: files, engine, Node. */
  readonly changes: readonly string[];
  /** Problems that stopped the replay or made it fail (unreadable files, missing results). */
  readonly problems: readonly string[];
  /** Runs replayed and compared. */
  readonly checked: number;
  readonly matched: number;
  readonly mismatchCount: number;
  /** The first mismatches, in canonical order (at most 20). */
  readonly mismatches: readonly RunMismatch[];
  readonly divergences: readonly Divergence[];
  /** Whether the batch kept traces (needed for divergences). */
  readonly tracesKept: boolean;
  readonly single: SingleRun | null;
  /** True when every replayed run matched and nothing stopped the replay. */
  readonly ok: boolean;
}

const SHOWN = 20;

function runName(plan: BatchPlan, design: number, point: number, seed: number): string {
  return `${plan.designs[design]!.id}:${seed}${plan.points.length > 1 ? `@${plan.points[point]!.label}` : ''}`;
}

/** The plan of the batch from the files as they are now, and what changed against the manifest. */
function currentPlan(dir: string, m: BatchManifest): { plan: BatchPlan | null; changes: string[]; problems: string[] } {
  const changes: string[] = [];
  const problems: string[] = [];
  const engine = engineVersion();
  if (engine.version !== m.engine.version) changes.push(`engine version changed (${m.engine.version} → ${engine.version})`);
  if (process.version !== m.node) changes.push(`Node version changed (${m.node} → ${process.version})`);
  const scenarioFile = manifestPath(dir, m.scenario.file);
  const designFiles = m.designs.map((d) => manifestPath(dir, d.file));
  let plan: BatchPlan;
  try {
    plan = createPlan({
      scenarioFile,
      designs: designFiles.join(','),
      seeds: expandSeedRanges(m.seeds.ranges),
      sets: m.sweep.map((a) => `${a.path}=${a.values.join(',')}`),
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const files = new Set(error.issues.map((i) => i.file));
    for (const file of files) {
      const what = file === scenarioFile ? 'scenario file' : designFiles.includes(file) ? 'design file' : 'file';
      changes.push(`${what} ${file} changed: it no longer loads`);
    }
    for (const issue of error.issues) problems.push(formatIssue(issue));
    return { plan: null, changes, problems };
  }
  const base = plan.scenario.hash;
  if (base !== m.scenario.hash) changes.push(`scenario file ${scenarioFile} changed (content hash ${m.scenario.hash.slice(0, 12)} → ${base.slice(0, 12)})`);
  else if (plan.points.some((p, i) => p.scenario.hash !== m.points[i]?.scenarioHash)) changes.push(`the sweep points of scenario file ${scenarioFile} changed`);
  const recorded = m.designs.map((d) => d.id).join(',');
  const now = plan.designs.map((d) => d.id).join(',');
  if (recorded !== now) {
    changes.push(`design ids changed (${recorded} → ${now})`);
    problems.push('the design files declare other ids than the batch recorded; runs cannot be matched');
    return { plan: null, changes, problems };
  }
  for (let i = 0; i < plan.designs.length; i++) {
    const was = m.designs[i]!;
    const d = plan.designs[i]!;
    if (was.hash !== d.hash) changes.push(`design file ${d.file} changed (design ${d.id}, content hash ${was.hash.slice(0, 12)} → ${d.hash.slice(0, 12)})`);
  }
  return { plan, changes, problems };
}

/** Recorded trace hashes by run number (32 bytes each) and which runs results.jsonl holds. */
function recordedHashes(dir: string, plan: BatchPlan): { hashes: Buffer; present: Uint8Array; count: number } {
  const hashes = Buffer.alloc(plan.size * 32);
  const present = new Uint8Array(plan.size);
  const designIndex = new Map(plan.designs.map((d) => [d.id, d.index]));
  const pointIndex = new Map(plan.points.map((p) => [p.label, p.index]));
  let count = 0;
  const file = join(dir, 'results.jsonl');
  if (!existsSync(file)) return { hashes, present, count };
  scanLines(file, (text) => {
    let row: RunRow;
    try {
      row = JSON.parse(text) as RunRow;
    } catch {
      return;
    }
    const i = runIndex(plan, designIndex.get(row.design) ?? -1, pointIndex.get(row.point) ?? -1, row.seed);
    if (i < 0 || present[i] || typeof row.traceHash !== 'string' || !/^[0-9a-f]{64}$/.test(row.traceHash)) return;
    hashes.write(row.traceHash, i * 32, 'hex');
    present[i] = 1;
    count++;
  });
  return { hashes, present, count };
}

/** The first entry where a stored trace and a replayed run differ, if the batch kept traces. */
function divergence(dir: string, plan: BatchPlan, index: number, name: string): Divergence | string {
  const run = runAt(plan, index);
  const design = plan.designs[run.design]!;
  const file = tracePath(join(dir, TRACES_DIR), design.id, plan.points.length > 1 ? run.point : null, run.seed);
  if (!existsSync(file)) return `${name}: its trace file ${file} is missing`;
  const recorded = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
  const scenario = plan.points[run.point]!.scenario.scenario;
  const model = compileModel(scenario, parseDesign(design.data, design.file, scenario).design);
  const replayed = serializeTrace(simulate(model, { seed: run.seed, keepTrace: true }).trace!).split('\n').filter(Boolean);
  return firstDivergence(name, recorded, replayed);
}

/** Compares two canonical traces line by line. */
export function firstDivergence(run: string, recorded: readonly string[], replayed: readonly string[]): Divergence {
  let i = 0;
  while (i < recorded.length && i < replayed.length && recorded[i] === replayed[i]) i++;
  const a = recorded[i] ?? null;
  const b = replayed[i] ?? null;
  const seconds = (line: string | null) => (line === null ? null : (JSON.parse(line) as [number])[0]);
  const times = [seconds(a), seconds(b)].filter((t): t is number => t !== null);
  return { run, index: i, time: times.length > 0 ? Math.min(...times) / 60 : null, recorded: a, replayed: b };
}

/** Parses `design:seed` or `design:seed@point`. */
function parseRunSpec(spec: string, plan: BatchPlan): { design: number; point: number; seed: number } {
  const m = /^([^:@]+):(\d+)(?:@(.*))?$/.exec(spec.trim());
  const bad = (message: string) => new InputError([{ file: '--run', path: spec, message }]);
  if (!m) throw bad('expected design:seed, or design:seed@point for a sweep (e.g. acm-2015:17)');
  const design = plan.designs.findIndex((d) => d.id === m[1]);
  if (design < 0) throw bad(`no design "${m[1]}" in this batch (designs: ${plan.designs.map((d) => d.id).join(', ')})`);
  const seed = Number(m[2]);
  if (seedIndex(plan.seeds, seed) < 0) throw bad(`seed ${seed} is not among the batch's seeds`);
  let point = 0;
  if (m[3] !== undefined) {
    point = /^\d+$/.test(m[3]) ? Number(m[3]) : plan.points.findIndex((p) => p.label === m[3]);
    if (point < 0 || point >= plan.points.length) throw bad(`no sweep point "${m[3]}" (points: ${plan.points.map((p, i) => `${i}: ${p.label || '(none)'}`).join('; ')})`);
  } else if (plan.points.length > 1) {
    throw bad(`this batch has ${plan.points.length} sweep points: add @point (a label or a number from 0)`);
  }
  return { design, point, seed };
}

/** The recorded hash of one run, read from results.jsonl. */
function recordedHash(dir: string, plan: BatchPlan, run: { design: number; point: number; seed: number }): string | null {
  const file = join(dir, 'results.jsonl');
  if (!existsSync(file)) return null;
  const id = plan.designs[run.design]!.id;
  const label = plan.points[run.point]!.label;
  let found: string | null = null;
  scanLines(file, (text) => {
    if (found !== null) return;
    try {
      const row = JSON.parse(text) as RunRow;
      if (row.design === id && row.seed === run.seed && row.point === label) found = row.traceHash;
    } catch {
      // a line that is not a row is not this run
    }
  });
  return found;
}

/**
 * Replays a batch folder (see the module comment). A folder that is not a complete batch, or a
 * bad `run`, is an {@link InputError}; mismatches are reported, not thrown.
 */
export async function replay(options: ReplayOptions): Promise<ReplayReport> {
  const { dir } = options;
  const manifest = readManifest(dir);
  if (manifest.status !== 'complete') {
    throw new InputError([{ file: dir, path: '', message: 'holds an unfinished batch (status "running"); finish it with npm run batch and --resume before replaying it' }]);
  }
  const { plan, changes, problems } = currentPlan(dir, manifest);
  const tracesKept = manifest.options.traces;
  const empty = { dir, manifest, changes, tracesKept, checked: 0, matched: 0, mismatchCount: 0, mismatches: [], divergences: [], single: null };
  if (!plan) {
    if (options.run !== undefined && !/^([^:@]+):(\d+)(?:@(.*))?$/.test(options.run.trim())) throw new InputError([{ file: '--run', path: options.run, message: 'expected design:seed, or design:seed@point' }]);
    return { ...empty, problems, ok: false };
  }

  if (options.run !== undefined) {
    const run = parseRunSpec(options.run, plan);
    const name = runName(plan, run.design, run.point, run.seed);
    const design = plan.designs[run.design]!;
    const scenario = plan.points[run.point]!.scenario.scenario;
    const model = compileModel(scenario, parseDesign(design.data, design.file, scenario).design);
    const result = simulate(model, { seed: run.seed, keepTrace: true });
    const recorded = recordedHash(dir, plan, run);
    const matched = recorded === result.traceHash;
    const divergences: Divergence[] = [];
    const notes = [...problems];
    if (recorded === null) notes.push(`results.jsonl holds no run ${name}`);
    else if (!matched && tracesKept) {
      const d = divergence(dir, plan, runIndex(plan, run.design, run.point, run.seed), name);
      if (typeof d === 'string') notes.push(d);
      else divergences.push(d);
    }
    return {
      ...empty,
      problems: notes,
      checked: 1,
      matched: matched ? 1 : 0,
      mismatchCount: matched ? 0 : 1,
      mismatches: matched || recorded === null ? [] : [{ run: name, recorded, replayed: result.traceHash }],
      divergences,
      single: { run: name, design: design.id, seed: run.seed, point: plan.points[run.point]!.label, result, recorded },
      ok: matched,
    };
  }

  const { hashes, present, count } = recordedHashes(dir, plan);
  if (count < plan.size) problems.push(`results.jsonl holds ${count} of the batch's ${plan.size} runs`);
  const init = createWorkerInit(plan, { output: 'hashes', traces: null, dir: null, columns: [] });
  const todo = new Uint32Array(count);
  for (let i = 0, k = 0; i < plan.size; i++) if (present[i]) todo[k++] = i;
  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkers(), todo.length));
  const bad: Array<{ index: number; replayed: string }> = [];
  const trim = () => bad.sort((a, b) => a.index - b.index).splice(SHOWN);
  let mismatchCount = 0;
  let checked = 0;
  if (todo.length > 0) {
    const pool = new WorkerPool(init, workers);
    options.onStart?.({ total: todo.length, workers: pool.size });
    try {
      await runChunks(
        pool,
        todo,
        (result) => {
          const replayed = result.hashes ?? [];
          const ranges = result.ranges ?? [];
          let k = 0;
          for (let r = 0; r < ranges.length; r += 2) {
            for (let i = ranges[r]!; i < ranges[r + 1]!; i++, k++) {
              if (hashes.toString('hex', i * 32, i * 32 + 32) === replayed[k]) continue;
              mismatchCount++;
              bad.push({ index: i, replayed: replayed[k] ?? '' });
              if (bad.length > SHOWN * 4) trim();
            }
          }
          checked += replayed.length;
          options.onProgress?.(checked, todo.length);
        },
        options.signal ? { signal: options.signal } : {},
      );
    } finally {
      await pool.close();
    }
  }
  trim();
  const mismatches: RunMismatch[] = [];
  const divergences: Divergence[] = [];
  const explain = options.explain ?? 3;
  for (const { index: i, replayed } of bad) {
    const r = runAt(plan, i);
    const name = runName(plan, r.design, r.point, r.seed);
    mismatches.push({ run: name, recorded: hashes.toString('hex', i * 32, i * 32 + 32), replayed });
    if (tracesKept && divergences.length < explain) {
      const d = divergence(dir, plan, i, name);
      if (typeof d === 'string') problems.push(d);
      else divergences.push(d);
    }
  }
  return {
    ...empty,
    problems,
    checked,
    matched: checked - mismatchCount,
    mismatchCount,
    mismatches,
    divergences,
    ok: mismatchCount === 0 && count === plan.size,
  };
}

/** A replay report as text lines: what changed, mismatches, divergences, and the run's timeline. */
export function formatReplayReport(report: ReplayReport): string[] {
  const lines: string[] = [];
  const m = report.manifest;
  if (report.single) {
    const s = report.single;
    lines.push(`replay of ${s.run} from ${report.dir} (${m.scenario.id}; design ${s.design}; seed ${s.seed}${s.point ? `; ${s.point}` : ''})`, '');
    for (const line of formatTimeline(s.result.trace ?? [])) lines.push(line);
    lines.push('', ...formatDecisions(s.result.decisions), '', formatOutcome(s.result.outcome), '');
    lines.push(`trace ${s.result.traceHash} (${s.result.events} entries)`);
  } else {
    lines.push(`replay of ${report.dir}: ${m.runs} runs (${m.designs.length} designs × ${m.seeds.count} seeds${m.points.length > 1 ? ` × ${m.points.length} sweep points` : ''}), recorded with ${m.engine.name} ${m.engine.version} on Node ${m.node}`);
  }
  for (const c of report.changes) lines.push(`changed: ${c}`);
  for (const p of report.problems) lines.push(`problem: ${p}`);
  if (report.single) {
    const s = report.single;
    if (s.recorded !== null) lines.push(s.recorded === s.result.traceHash ? 'matches the recorded trace hash' : `MISMATCH: recorded ${s.recorded}, replayed ${s.result.traceHash}`);
  } else if (report.checked > 0 || report.mismatchCount > 0) {
    lines.push(report.mismatchCount === 0 ? `all ${report.checked} runs match their recorded trace hashes` : `MISMATCH: ${report.mismatchCount} of ${report.checked} runs differ from their recorded trace hashes`);
    for (const x of report.mismatches) lines.push(`  ${x.run}: recorded ${x.recorded.slice(0, 16)}…, replayed ${x.replayed.slice(0, 16)}…`);
    if (report.mismatchCount > report.mismatches.length) lines.push(`  … and ${report.mismatchCount - report.mismatches.length} more`);
  }
  for (const d of report.divergences) {
    lines.push(`first divergence of ${d.run}: entry ${d.index}${d.time === null ? '' : ` at ${formatTime(d.time)}`} (entries: [seconds, kind, actor, event, from, to, cause])`);
    lines.push(`  recorded: ${d.recorded ?? '(trace ended)'}`);
    lines.push(`  replayed: ${d.replayed ?? '(trace ended)'}`);
  }
  if (!report.ok && report.mismatchCount > 0 && !report.tracesKept) lines.push('the batch kept no traces (run it with --traces to see where runs diverge)');
  if (!report.ok && report.mismatchCount > 0 && report.changes.length === 0) {
    lines.push('the scenario, designs and engine version are unchanged: the engine code changed without a version bump, or the platform computes differently');
  }
  return lines;
}
