/**
 * What a ranking study measures at one point of the assumption space: for every design, run on
 * the same seeds (common random numbers), each key decision's restricted mean time to the order
 * (RMST up to the horizon: the area under the Kaplan–Meier curve of the time from the event that
 * made it necessary, one still pending at the horizon censored there, over the seeds in which that
 * design needed it), and the fait-accompli rate. Lower is better for both. At the files' values a
 * study also asks for every pair of designs' paired differences with their 95% intervals, which
 * say which designs cannot be told apart.
 */
import type { Model } from '../model/compile.js';
import type { RunResult } from '../engine/simulation.js';
import { seedRuns, timeToDecision } from './pairedOutcome.js';
import { pairsOf } from './rankingGroups.js';
import { meanInterval } from '../stats/intervals.js';
import { pairedRmstDifference, restrictedMean, type Observation } from '../stats/survival.js';

/** The names of a ranking study's outputs: one per key decision, then the fait-accompli rate. */
export function rankingOutputNames(decisions: readonly string[]): string[] {
  return [
    ...decisions.map((d) => `${d} (restricted mean minutes from the event)`),
    'fait accompli rate',
  ];
}

/** Per design (in the order of `models`), per output, every seed's observation or outcome. */
interface Collected {
  /** `times[o][i][s]`: decision o's time in design i's run of seed s (undefined: not needed). */
  readonly times: (Observation | undefined)[][][];
  /** `faits[i][s]`: 1 if design i's run of seed s ended in a fait accompli. */
  readonly faits: number[][];
}

function collect(
  seedRunsOf: Iterable<readonly RunResult[]>,
  models: readonly Model[],
  decisions: readonly string[],
): Collected {
  const times = decisions.map(() => models.map(() => [] as (Observation | undefined)[]));
  const faits = models.map(() => [] as number[]);
  for (const runs of seedRunsOf)
    runs.forEach((r, i) => {
      faits[i]!.push(Number(r.outcome.faitAccompli));
      decisions.forEach((id, o) =>
        times[o]![i]!.push(
          timeToDecision(
            r.decisions.find((d) => d.id === id),
            models[i]!.horizon,
          ),
        ),
      );
    });
  return { times, faits };
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
 * order of `models`, which give each design's horizon). A decision a design never needed is NaN.
 */
export function rankingOutputs(
  seedRunsOf: Iterable<readonly RunResult[]>,
  models: readonly Model[],
  decisions: readonly string[],
): number[] {
  const { times, faits } = collect(seedRunsOf, models, decisions);
  return models.flatMap((m, i) => [
    ...decisions.map((_, o) => {
      const needed = times[o]![i]!.filter((x): x is Observation => x !== undefined);
      return needed.length === 0 ? NaN : restrictedMean(needed, m.horizon).estimate;
    }),
    faits[i]!.reduce((s, f) => s + f, 0) / Math.max(1, faits[i]!.length),
  ]);
}

/**
 * Every pair of designs' paired differences (j − i for i < j, in the order of `models`) per output:
 * for output o, pair p (pairs in the order (0,1), (0,2), …, (1,2), …), `[estimate, lower, upper]` at
 * `(o * pairs + p) * 3`. RMST differences have a bootstrap interval over seeds; the fait-accompli
 * rate's the normal interval of the per-seed differences.
 */
export function rankingPairs(
  seedRunsOf: Iterable<readonly RunResult[]>,
  models: readonly Model[],
  decisions: readonly string[],
): number[] {
  const { times, faits } = collect(seedRunsOf, models, decisions);
  const pairs = pairsOf(models.map((_, i) => i));
  const horizon = models[0]!.horizon;
  const out: number[] = [];
  for (let o = 0; o < decisions.length; o++)
    for (const [i, j] of pairs) {
      const d = pairedRmstDifference(times[o]![i]!, times[o]![j]!, horizon, {
        resamples: 1000,
        seed: 1,
      });
      out.push(d.estimate, d.lower, d.upper);
    }
  for (const [i, j] of pairs) {
    const d = meanInterval(faits[j]!.map((f, s) => f - faits[i]![s]!));
    out.push(d.estimate, d.lower, d.upper);
  }
  return out;
}
