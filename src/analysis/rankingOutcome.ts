/**
 * What a ranking study measures at one point of the assumption space: for every design, run on
 * the same seeds (common random numbers), the mean time each key decision was put in force after
 * the event that made it necessary, over the seeds in which every design needed it (a decision one
 * design's deterrence made unnecessary is not a slow one; one needed but not in force by the
 * horizon counts at the horizon), and the fait-accompli rate. Lower is better for both.
 */
import type { Model } from '../model/compile.js';
import type { RunResult } from '../engine/simulation.js';
import { seedRuns } from './pairedOutcome.js';

/** The names of a ranking study's outputs: one per key decision, then the fait-accompli rate. */
export function rankingOutputNames(decisions: readonly string[]): string[] {
  return [...decisions.map((d) => `${d} (minutes from the event)`), 'fait accompli rate'];
}

/**
 * Runs every design on every seed; the result is design-major: for design i, output o, the value
 * at `i * outputs + o` (outputs in the order of {@link rankingOutputNames}).
 */
export function rankingOutcome(
  models: readonly Model[],
  decisions: readonly string[],
  seeds: readonly number[],
): number[] {
  return rankingOutputs(seedRuns(models, seeds), models, decisions);
}

/**
 * {@link rankingOutcome} of runs already made: per seed, in seed order, every design's run (in the
 * order of `models`, which give each design's horizon).
 */
export function rankingOutputs(
  seedRunsOf: Iterable<readonly RunResult[]>,
  models: readonly Model[],
  decisions: readonly string[],
): number[] {
  const outputs = decisions.length + 1;
  const values = new Array<number>(models.length * outputs).fill(0);
  // per design, each seed's fait accompli (0 or 1), added up once the number of seeds is known
  const faits = models.map(() => [] as number[]);
  const counts = decisions.map(() => 0);
  let n = 0;
  for (const runs of seedRunsOf) {
    n++;
    runs.forEach((r, i) => faits[i]!.push(Number(r.outcome.faitAccompli)));
    decisions.forEach((id, o) => {
      const metrics = runs.map((r) => r.decisions.find((d) => d.id === id));
      if (metrics.some((m) => m?.eventAt === undefined)) return;
      counts[o]!++;
      metrics.forEach(
        (m, i) => (values[i * outputs + o]! += (m!.decidedAt ?? models[i]!.horizon) - m!.eventAt!),
      );
    });
  }
  models.forEach((_, i) => {
    for (const f of faits[i]!) values[i * outputs + decisions.length]! += f / n;
    decisions.forEach(
      (_, o) =>
        (values[i * outputs + o] = counts[o] === 0 ? NaN : values[i * outputs + o]! / counts[o]!),
    );
  });
  return values;
}
