/**
 * Where one observation of history falls in the model's distribution of the same interval, and
 * whether the model agrees with it. An observation is a length, a window (a time known only
 * roughly) or censored (the interval had not closed by then). The verdict counts every run in
 * which the interval opened: a run that never closes it is longer than any that does, and a point
 * observation agrees only when the median run closes it, so a model that mostly never acts cannot
 * pass on its long tail.
 */
import seedrandom from 'seedrandom';
import { quantile } from '../stats/quantile.js';
import { midRankPercentile } from '../stats/ranks.js';
import type { Scenario } from '../scenario/schema.js';

/** What history recorded of an interval, minutes (see the scenario schema's `observed`). */
export type Observation = NonNullable<Scenario['observed']>['intervals'][number]['observed'];

/** The band an observation must fall in, as percentiles. */
export const BAND = { low: 10, high: 90 } as const;

/** Why an observation is outside the band, or `inside`. */
export type Verdict =
  | 'inside'
  /** History was faster than 90% of the runs (or than the window's every run up to p10). */
  | 'model slower'
  /** History was slower than 90% of the runs. */
  | 'model faster'
  /** The median run never closes the interval within the horizon; history did. */
  | 'model rarely closes'
  /** History did not close the interval within the time stated; more than 90% of runs do. */
  | 'model closes too often'
  /** History closed the interval within the time stated; fewer than 10% of runs do. */
  | 'model closes too rarely';

/** One observation against the model. */
export interface ObservationCheck {
  readonly id: string;
  readonly label: string;
  readonly source: string;
  readonly observed: Observation;
  /** Runs in which the interval opened (its `from` happened). */
  readonly runs: number;
  /** Of those, runs in which it never closed within the horizon. */
  readonly unclosed: number;
  /** The model's 10th, 50th and 90th percentiles over the runs, minutes (Infinity: not closed). */
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  /**
   * Where the observation falls, as percentiles of the runs: a length's mid-rank (low = high), a
   * window's mid-ranks at its two ends, "not within T" the share of runs closed by T to 100, "within
   * T" 0 to the share closed by T.
   */
  readonly percentileLow: number;
  readonly percentileHigh: number;
  /**
   * The probability integral transform of the observation (0–1): the percentile for a length, a
   * draw uniform between the two for a window or a censored observation (the randomised PIT of
   * Czado, Gneiting & Held 2009), seeded by the incident and interval, so it is reproducible.
   */
  readonly pit: number;
  readonly inBand: boolean;
  readonly verdict: Verdict;
}

/** Type-7 quantile of ascending values that may end in Infinity: Infinity when it would interpolate towards one. */
function quantileWithInfinity(sorted: readonly number[], p: number): number {
  return Number.isFinite(sorted[Math.ceil((sorted.length - 1) * p)]!)
    ? quantile(sorted, p)
    : Infinity;
}

/** The share of `sorted` at or below `x`, as a percentile. */
function atOrBelow(sorted: readonly number[], x: number): number {
  let n = 0;
  while (n < sorted.length && sorted[n]! <= x) n++;
  return (100 * n) / sorted.length;
}

function verdictOf(
  observed: Observation,
  band: { p10: number; p50: number; p90: number },
  closedBy: number,
): Verdict {
  if (typeof observed === 'object' && 'notWithin' in observed)
    return closedBy > BAND.high ? 'model closes too often' : 'inside';
  if (typeof observed === 'object' && 'within' in observed)
    return closedBy < BAND.low ? 'model closes too rarely' : 'inside';
  const [low, high] = typeof observed === 'number' ? [observed, observed] : observed.between;
  if (!Number.isFinite(band.p50)) return 'model rarely closes';
  if (high < band.p10) return 'model slower';
  if (low > band.p90) return 'model faster';
  return 'inside';
}

/**
 * Places `interval`'s observation among `values`, the interval's length in each run in which it
 * opened (Infinity: never closed). `key` seeds the randomised PIT (the incident and interval ids).
 */
export function placeObservation(
  interval: NonNullable<Scenario['observed']>['intervals'][number],
  values: readonly number[],
  key: string,
): ObservationCheck {
  const sorted = [...values].sort((a, b) => a - b);
  const band = {
    p10: quantileWithInfinity(sorted, 0.1),
    p50: quantileWithInfinity(sorted, 0.5),
    p90: quantileWithInfinity(sorted, 0.9),
  };
  const observed = interval.observed;
  let low: number;
  let high: number;
  if (typeof observed === 'number') low = high = midRankPercentile(sorted, observed);
  else if ('between' in observed) {
    low = midRankPercentile(sorted, observed.between[0]);
    high = midRankPercentile(sorted, observed.between[1]);
  } else if ('notWithin' in observed) [low, high] = [atOrBelow(sorted, observed.notWithin), 100];
  else [low, high] = [0, atOrBelow(sorted, observed.within)];
  const pit = (low + (high - low) * seedrandom.alea(`pit/${key}`)()) / 100;
  const closedBy = typeof observed === 'object' && 'within' in observed ? high : low;
  const verdict = verdictOf(observed, band, closedBy);
  return {
    id: interval.id,
    label: interval.label,
    source: interval.source,
    observed,
    runs: sorted.length,
    unclosed: sorted.filter((v) => v === Infinity).length,
    ...band,
    percentileLow: low,
    percentileHigh: high,
    pit,
    inBand: verdict === 'inside',
    verdict,
  };
}
