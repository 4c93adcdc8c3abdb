/**
 * The runs of a batch a replay runs again: their names (`design:seed`, with `@point` in a sweep),
 * and where a replayed run's trace first departs from the one the batch
 * kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { simulate } from '../engine/simulation.js';
import { serializeTrace } from '../engine/trace.js';
import { runAt, type BatchPlan } from '../batch/plan.js';
import { modelOfRun } from '../batch/posteriorModels.js';
import { TRACES_DIR, tracePath } from '../batch/store.js';
import type { Divergence } from './report.js';

/** A run's name: `design:seed`, with `@point` in a sweep. */
export function runName(plan: BatchPlan, design: number, point: number, seed: number): string {
  return `${plan.designs[design]!.id}:${seed}${plan.points.length > 1 ? `@${plan.points[point]!.label}` : ''}`;
}

/** The first entry where a stored trace and a replayed run differ, if the batch kept traces. */
export function divergence(
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
  const model = modelOfRun(plan, run.design, run.point, run.seed);
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
