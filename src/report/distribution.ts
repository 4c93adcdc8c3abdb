/**
 * The latency distribution of a design's runs, reduced for charts: the type-7 quantiles of the
 * runs that reached each decision at evenly spaced shares, with how many runs there were, so an
 * empirical CDF over all runs (never reaching it counts as never) can be drawn from a few hundred
 * numbers however many runs the batch has; and, for the report's charts, the censoring-aware
 * share decided of the runs that needed each decision (`decidedCurve.ts`).
 */
import type { RunColumns } from './columns.js';
import { quantile } from '../stats/quantile.js';
import { decidedCurve, type CurvePoint } from './decidedCurve.js';
import { decisionObservations } from './timeToDecision.js';

/** At most this many quantiles a decision: finer than any chart shows. */
export const DISTRIBUTION_POINTS = 200;

/** One decision's latency from the event, reduced (see the module comment). */
export interface LatencyDistribution {
  readonly decision: string;
  readonly runs: number;
  readonly reached: number;
  /**
   * Latencies (minutes) at shares 0, 1/(k−1), …, 1 of the reaching runs; k = min(reached, {@link
   * DISTRIBUTION_POINTS}).
   */
  readonly quantiles: readonly number[];
  /** Runs that needed the decision (its event happened); given by {@link latencyDistributions}. */
  readonly needed?: number;
  /**
   * The share of those runs that had decided it by each time from the event, censoring-aware
   * (see `decidedCurve`); given by {@link latencyDistributions}.
   */
  readonly decided?: readonly CurvePoint[];
}

/** One design's distributions at one sweep point. */
export interface DesignDistributions {
  readonly design: string;
  readonly decisions: readonly LatencyDistribution[];
}

/** The distribution of one decision from the ascending latencies of the runs that reached it, out of `runs` runs. */
export function latencyDistribution(
  decision: string,
  sorted: readonly number[],
  runs: number,
): LatencyDistribution {
  const points = Math.min(sorted.length, DISTRIBUTION_POINTS);
  const quantiles =
    points === 1
      ? [sorted[0]!]
      : Array.from({ length: points }, (_, i) => quantile(sorted, i / (points - 1)));
  return { decision, runs, reached: sorted.length, quantiles };
}

/**
 * The distributions of `decisions` in `runs` (a decision the columns do not hold was never
 * reached), with the decided-share curve of the runs that needed each, censored at `horizon`
 * (minutes).
 */
export function latencyDistributions(
  runs: RunColumns,
  decisions: readonly string[],
  horizon: number,
): DesignDistributions {
  return {
    design: runs.design,
    decisions: decisions.map((decision) => {
      const k = runs.decisions.indexOf(decision);
      const sorted =
        k < 0
          ? []
          : Array.from(runs.latencyFromEvent[k]!)
              .filter((x) => !Number.isNaN(x))
              .sort((a, b) => a - b);
      const needed = decisionObservations(runs, decision, horizon).filter((o) => o !== undefined);
      return {
        ...latencyDistribution(decision, sorted, runs.length),
        needed: needed.length,
        decided: decidedCurve(needed, DISTRIBUTION_POINTS),
      };
    }),
  };
}

/**
 * The empirical CDF's steps over all runs: (latency, share of all runs decided by then). Quantile
 * i of k sits at order statistic 1 + (reached − 1)·i/(k − 1) of the reaching runs, so with every
 * run kept (k = reached) the steps are exactly (i + 1)/runs, ties aside.
 */
export function ecdfSteps(
  d: LatencyDistribution,
): Array<{ readonly minutes: number; readonly share: number }> {
  const k = d.quantiles.length;
  return d.quantiles.map((minutes, i) => ({
    minutes,
    share: (k === 1 ? d.reached : 1 + ((d.reached - 1) * i) / (k - 1)) / d.runs,
  }));
}
