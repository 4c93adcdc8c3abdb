/**
 * What a robustness study measures at one point of the assumption space: for two designs A and B
 * run on the same seeds (common random numbers), per key decision the paired difference B − A in
 * restricted mean time to the decision (RMST up to the horizon: the area under the Kaplan–Meier
 * curve of the time from the event that made it necessary, a decision still pending at the horizon
 * censored there), and the differences of the fait-accompli rate, of the rate of reaching the top
 * rung and of the time spent at the objective rung or higher. Each comes with its standard error
 * over seeds (a paired bootstrap for the RMST, the standard deviation of the per-seed differences
 * over √n for the rest), which is what a study compares its effects with.
 */
import type { Model } from '../model/compile.js';
import { simulate, type RunResult } from '../engine/simulation.js';
import { pairedRmstDifference, restrictedMean, type Observation } from '../stats/survival.js';
import type { DecisionMetric } from '../engine/metrics.js';

/** Bootstrap resamples of a point's RMST difference (its standard error). */
const POINT_RESAMPLES = 200;

/** The outputs of one point, in the order of {@link outputNames}, each with its standard error. */
export interface PointOutputs {
  /** Per key decision: RMST under B − under A, minutes (0 when neither design needed it). */
  readonly decisionDifference: readonly number[];
  /** Fait-accompli rate under B minus under A. */
  readonly faitAccompliDifference: number;
  /** Rate of reaching the ladder's top rung (horizontal escalation in the reference) under B minus under A. */
  readonly topRungDifference: number;
  /** Mean minutes per run at the objective rung or higher under B minus under A. */
  readonly timeAtTopDifference: number;
  /** The standard error of each output over seeds, in the order of {@link outputNames}. */
  readonly standardErrors: readonly number[];
  /**
   * Each output again on each half of the seeds (those at even and at odd positions): two
   * replicates of the point with independent seeds, whose difference is what seeds alone do to a
   * comparison of points run on common seeds (see `studyNoise.ts`).
   */
  readonly halves: readonly [readonly number[], readonly number[]];
}

/**
 * The names of a study's outputs: one per key decision, then the fait-accompli rate, the top-rung
 * rate and the time at the top rungs.
 */
export function outputNames(decisions: readonly string[]): string[] {
  return [
    ...decisions.map((d) => `${d} (B − A, restricted mean minutes)`),
    'fait accompli rate (B − A)',
    'top-rung rate (B − A)',
    'time at the objective rung or higher per run (B − A, minutes)',
  ];
}

/**
 * The outputs as one vector: the values in the order of {@link outputNames}, their standard
 * errors, then the values on each half of the seeds.
 */
export function outputVector(o: PointOutputs): number[] {
  return [
    ...o.decisionDifference,
    o.faitAccompliDifference,
    o.topRungDifference,
    o.timeAtTopDifference,
    ...o.standardErrors,
    ...o.halves[0],
    ...o.halves[1],
  ];
}

/** Each model's run of each seed in turn, one seed at a time (nothing kept). */
export function* seedRuns(
  models: readonly Model[],
  seeds: readonly number[],
): Generator<RunResult[]> {
  for (const seed of seeds) yield models.map((m) => simulate(m, { seed, keepAnswers: false }));
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
 * A decision's time to the order in one run, as time-to-event data: from the event that made it
 * necessary to its coming into force, or censored at the horizon; undefined if it was never needed.
 */
export function timeToDecision(
  metrics: DecisionMetric | undefined,
  horizon: number,
): Observation | undefined {
  if (metrics?.eventAt === undefined) return undefined;
  const decided = metrics.decidedAt !== undefined && metrics.decidedAt <= horizon;
  return {
    time: (decided ? metrics.decidedAt! : horizon) - metrics.eventAt,
    event: decided,
  };
}

/** RMST of b's needed runs − a's (0 when either needed it in no run). */
function rmstDifference(
  a: readonly (Observation | undefined)[],
  b: readonly (Observation | undefined)[],
  tau: number,
): number {
  const needed = (xs: readonly (Observation | undefined)[]) =>
    xs.filter((x): x is Observation => x !== undefined);
  const [na, nb] = [needed(a), needed(b)];
  if (na.length === 0 || nb.length === 0) return 0;
  return restrictedMean(nb, tau).estimate - restrictedMean(na, tau).estimate;
}

/** Mean and its standard error (sd / √n, n − 1 in the sd) of per-seed differences. */
function meanWithError(values: readonly number[]): { mean: number; se: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, se: 0 };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { mean, se: 0 };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
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
  const times = decisions.map(() => ({
    a: [] as (Observation | undefined)[],
    b: [] as (Observation | undefined)[],
  }));
  const fait: number[] = [];
  const top: number[] = [];
  const timeAtTop: number[] = [];
  const topIndex = a.scenario.ladder.rungs.length - 1;
  const horizon = a.horizon;
  for (const [ra, rb] of runs) {
    fait.push(Number(rb!.outcome.faitAccompli) - Number(ra!.outcome.faitAccompli));
    top.push(
      Number(rb!.outcome.highestRungIndex === topIndex) -
        Number(ra!.outcome.highestRungIndex === topIndex),
    );
    timeAtTop.push(rb!.outcome.timeAtObjectiveOrHigher - ra!.outcome.timeAtObjectiveOrHigher);
    decisions.forEach((id, i) => {
      times[i]!.a.push(
        timeToDecision(
          ra!.decisions.find((d) => d.id === id),
          horizon,
        ),
      );
      times[i]!.b.push(
        timeToDecision(
          rb!.decisions.find((d) => d.id === id),
          horizon,
        ),
      );
    });
  }
  const rmst = times.map(({ a: ta, b: tb }) => {
    const d = pairedRmstDifference(ta, tb, horizon, { resamples: POINT_RESAMPLES, seed: 1 });
    return Number.isFinite(d.estimate) ? d : { estimate: 0, standardError: 0 };
  });
  const rates = [fait, top, timeAtTop].map(meanWithError);
  const half = (parity: number) => {
    const keep = <T>(xs: readonly T[]) => xs.filter((_, i) => i % 2 === parity);
    return [
      ...times.map(({ a: ta, b: tb }) => rmstDifference(keep(ta), keep(tb), horizon)),
      ...[fait, top, timeAtTop].map((xs) => meanWithError(keep(xs)).mean),
    ];
  };
  return {
    decisionDifference: rmst.map((d) => d.estimate),
    faitAccompliDifference: rates[0]!.mean,
    topRungDifference: rates[1]!.mean,
    timeAtTopDifference: rates[2]!.mean,
    standardErrors: [...rmst.map((d) => d.standardError), ...rates.map((r) => r.se)],
    halves: [half(0), half(1)],
  };
}
