/**
 * What a robustness study measures at one point of the assumption space: for two designs A and B
 * run on the same seeds (common random numbers), per key decision the mean paired difference
 * B − A of the time it was put in force, and the differences of the fait-accompli rate and of the
 * rate of reaching the top rung and of the time spent at the objective rung or higher (escalation
 * as well as deterrence). Only seeds in which both
 * designs needed the decision count (a decision one design's deterrence made unnecessary is not a
 * slow one; the outcome rates say how often that happens); a decision needed but not in force by
 * the horizon counts as in force at the horizon (a censored time).
 */
import type { Model } from '../model/compile.js';
import { simulate, type RunResult } from '../engine/simulation.js';

/** The outputs of one point, in the order of {@link outputNames}. */
export interface PointOutputs {
  /**
   * Per key decision: mean over the seeds in which both designs needed it of (time in force under B
   * − under A), minutes; 0 when none did.
   */
  readonly decisionDifference: readonly number[];
  /** Fait-accompli rate under B minus under A. */
  readonly faitAccompliDifference: number;
  /** Rate of reaching the ladder's top rung (horizontal escalation in the reference) under B minus under A. */
  readonly topRungDifference: number;
  /** Mean minutes per run at the objective rung or higher under B minus under A. */
  readonly timeAtTopDifference: number;
}

/**
 * The names of a study's outputs: one per key decision, then the fait-accompli rate, the top-rung
 * rate and the time at the top rungs.
 */
export function outputNames(decisions: readonly string[]): string[] {
  return [
    ...decisions.map((d) => `${d} (B − A, minutes)`),
    'fait accompli rate (B − A)',
    'top-rung rate (B − A)',
    'time at the objective rung or higher per run (B − A, minutes)',
  ];
}

/** The outputs as one vector, in the order of {@link outputNames}. */
export function outputVector(o: PointOutputs): number[] {
  return [
    ...o.decisionDifference,
    o.faitAccompliDifference,
    o.topRungDifference,
    o.timeAtTopDifference,
  ];
}

/** Each model's run of each seed in turn, one seed at a time (nothing kept). */
export function* seedRuns(
  models: readonly Model[],
  seeds: readonly number[],
): Generator<RunResult[]> {
  for (const seed of seeds) yield models.map((m) => simulate(m, { seed }));
}

/** Runs designs `a` and `b` on every seed and measures the paired differences. */
export function pairedOutcome(
  a: Model,
  b: Model,
  decisions: readonly string[],
  seeds: readonly number[],
): PointOutputs {
  return pairedOutputs(seedRuns([a, b], seeds), a, decisions);
}

/**
 * The paired differences of runs of A and B, one pair per seed (`[A's run, B's run]`, in seed
 * order); `a` is a model of A, for the ladder's top rung and the horizon.
 */
export function pairedOutputs(
  runs: Iterable<readonly RunResult[]>,
  a: Model,
  decisions: readonly string[],
): PointOutputs {
  const sums = decisions.map(() => 0);
  const counts = decisions.map(() => 0);
  let faitAccompli = 0;
  let topRung = 0;
  let timeAtTop = 0;
  let n = 0;
  const top = a.scenario.ladder.rungs.length - 1;
  const horizon = a.horizon;
  for (const [ra, rb] of runs) {
    n++;
    faitAccompli += Number(rb!.outcome.faitAccompli) - Number(ra!.outcome.faitAccompli);
    topRung +=
      Number(rb!.outcome.highestRungIndex === top) - Number(ra!.outcome.highestRungIndex === top);
    timeAtTop += rb!.outcome.timeAtObjectiveOrHigher - ra!.outcome.timeAtObjectiveOrHigher;
    decisions.forEach((id, i) => {
      const ma = ra!.decisions.find((d) => d.id === id);
      const mb = rb!.decisions.find((d) => d.id === id);
      // only seeds in which both designs needed it: a decision one design's deterrence made unnecessary is not a slow one
      if (ma?.eventAt === undefined || mb?.eventAt === undefined) return;
      const ta = ma?.decidedAt ?? horizon;
      const tb = mb?.decidedAt ?? horizon;
      sums[i]! += tb - ta;
      counts[i]!++;
    });
  }
  return {
    decisionDifference: sums.map((s, i) => (counts[i] === 0 ? 0 : s / counts[i]!)),
    faitAccompliDifference: faitAccompli / n,
    topRungDifference: topRung / n,
    timeAtTopDifference: timeAtTop / n,
  };
}
