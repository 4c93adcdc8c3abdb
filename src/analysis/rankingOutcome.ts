/**
 * What a ranking study measures at one point of the assumption space: for every design, run on
 * the same seeds (common random numbers), the mean time each key decision was put in force after
 * the event that made it necessary, over the seeds in which every design needed it (a decision one
 * design's deterrence made unnecessary is not a slow one; one needed but not in force by the
 * horizon counts at the horizon), and the fait-accompli rate. Lower is better for both.
 */
import type { Model } from '../model/compile.js';
import { simulate, type RunResult } from '../engine/simulation.js';

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
  const outputs = decisions.length + 1;
  const values = new Array<number>(models.length * outputs).fill(0);
  const counts = decisions.map(() => 0);
  for (const seed of seeds) {
    const runs: RunResult[] = models.map((m) => simulate(m, { seed }));
    runs.forEach(
      (r, i) =>
        (values[i * outputs + decisions.length]! += Number(r.outcome.faitAccompli) / seeds.length),
    );
    decisions.forEach((id, o) => {
      const metrics = runs.map((r) => r.decisions.find((d) => d.id === id));
      if (metrics.some((m) => m?.eventAt === undefined)) return;
      counts[o]!++;
      metrics.forEach(
        (m, i) => (values[i * outputs + o]! += (m!.decidedAt ?? models[i]!.horizon) - m!.eventAt!),
      );
    });
  }
  models.forEach((_, i) =>
    decisions.forEach(
      (_, o) =>
        (values[i * outputs + o] = counts[o] === 0 ? NaN : values[i * outputs + o]! / counts[o]!),
    ),
  );
  return values;
}
