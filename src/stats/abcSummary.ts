/**
 * Summaries of a weighted sample, as an ABC-SMC fit leaves one: Kish's effective sample size, a
 * weighted type-7 quantile, and per-parameter posterior intervals of a fit's particles.
 */
import type { AbcResult } from './abcOptions.js';
import { checkP } from './quantile.js';

/** One parameter's posterior summary from {@link posteriorIntervals}. */
export interface PosteriorInterval {
  id: string;
  /** Weighted quantile at (1 - level) / 2. */
  low: number;
  /** Weighted median. */
  median: number;
  /** Weighted quantile at (1 + level) / 2. */
  high: number;
  /** Weighted mean. */
  mean: number;
}

/** Checks weights: finite, non-negative, with a positive sum; returns the sum. */
function checkWeights(weights: readonly number[], name: string): number {
  let sum = 0;
  for (const w of weights) {
    if (!(w >= 0 && w < Infinity))
      throw new RangeError(`${name}: weights must be finite and >= 0, got ${w}`);
    sum += w;
  }
  if (!(sum > 0)) throw new RangeError(`${name}: weights must have a positive sum`);
  return sum;
}

/**
 * Kish's effective sample size of a set of weights, (Σw)² / Σw². The weights need not be
 * normalised; equal weights give their count, a single positive weight gives 1.
 * @throws RangeError on an empty list, a negative or non-finite weight, or a zero sum.
 */
export function effectiveSampleSize(weights: readonly number[]): number {
  const sum = checkWeights(weights, 'effectiveSampleSize');
  let squares = 0;
  for (const w of weights) squares += (w / sum) * (w / sum);
  return 1 / squares;
}

/**
 * Weighted quantile: the weighted generalisation of the type-7 quantile of Akinshin (2023),
 * "Weighted quantile estimators" (arXiv:2304.07265). With the weights normalised, the values sorted
 * and t_i the cumulative weight up to the i-th value, n* = Kish's effective sample size and
 * h = (n* − 1)p + 1, the estimate averages the empirical quantile function over the window
 * [(h − 1)/n*, h/n*]: Σ x_i · |[t_{i−1}, t_i] ∩ window| · n*. With equal weights this is exactly the
 * type-7 `quantile` of quantile.ts (up to rounding of the cumulative sums); values of zero weight
 * play no part. With unequal weights p = 0 and p = 1 need not give the extreme values.
 * @param values the sample, in any order.
 * @param weights one non-negative weight per value, not necessarily normalised.
 * @param p probability in [0, 1].
 * @throws RangeError on mismatched or empty input, bad weights, or p outside [0, 1].
 */
export function weightedQuantile(
  values: readonly number[],
  weights: readonly number[],
  p: number,
): number {
  checkP(p, 'weightedQuantile');
  if (values.length !== weights.length)
    throw new RangeError(`weightedQuantile: ${values.length} values but ${weights.length} weights`);
  const sum = checkWeights(weights, 'weightedQuantile');
  const order = values
    .map((_, i) => i)
    .filter((i) => weights[i]! > 0)
    .sort((a, b) => values[a]! - values[b]! || a - b);
  const nStar = effectiveSampleSize(weights);
  const h = (nStar - 1) * p + 1;
  const from = (h - 1) / nStar;
  const to = h / nStar;
  let acc = 0;
  let cumulative = 0;
  for (const i of order) {
    const start = cumulative;
    cumulative += weights[i]! / sum;
    const overlap = Math.min(cumulative, to) - Math.max(start, from);
    if (overlap > 0) acc += values[i]! * overlap;
  }
  // the window has width 1/n*; dividing by the covered width absorbs rounding of the cumulative sums
  const covered = Math.min(cumulative, to) - from;
  return acc / covered;
}

/** The weighted mean of values; weights as {@link weightedQuantile} takes them. */
export function weightedMean(values: readonly number[], weights: readonly number[]): number {
  if (values.length !== weights.length)
    throw new RangeError(`weightedMean: ${values.length} values but ${weights.length} weights`);
  const sum = checkWeights(weights, 'weightedMean');
  let acc = 0;
  for (let i = 0; i < values.length; i++) acc += values[i]! * (weights[i]! / sum);
  return acc;
}

/**
 * Per-parameter posterior summaries of an ABC fit: the central `level` interval and the median by
 * {@link weightedQuantile}, and the mean, each from the weighted particles, in natural units.
 * @param level two-sided level in (0, 1); default 0.9 (the 5% and 95% quantiles).
 * @throws RangeError if level is outside (0, 1).
 */
export function posteriorIntervals(result: AbcResult, level = 0.9): PosteriorInterval[] {
  if (!(level > 0 && level < 1))
    throw new RangeError(`posteriorIntervals: level must be in (0, 1), got ${level}`);
  const weights = result.particles.map((particle) => particle.weight);
  return result.params.map((id, j) => {
    const values = result.particles.map((particle) => particle.theta[j]!);
    return {
      id,
      low: weightedQuantile(values, weights, (1 - level) / 2),
      median: weightedQuantile(values, weights, 0.5),
      high: weightedQuantile(values, weights, (1 + level) / 2),
      mean: weightedMean(values, weights),
    };
  });
}
