/**
 * Small, pure, deterministic statistics for simulation batch reports: type-7 quantiles, Wilson
 * score intervals and seeded percentile-bootstrap intervals. Deterministic: its own seeded
 * generator, no global randomness, no clock.
 */
import { normalQuantile } from '../math/normal.js';

/** A two-sided interval around a point estimate. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** Options shared by the bootstrap functions. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples (integer >= 1). Default 1000. */
  resamples?: number;
  /** Two-sided confidence level in (0, 1). Default 0.95. */
  confidence?: number;
  /** Integer seed for the internal PRNG; the same seed always gives the same result. */
  seed: number;
}

/** Result of {@link pairedDifferenceInterval}. */
export interface PairedDifferenceSummary {
  n: number;
  meanDifference: number;
  /** Percentile-bootstrap bounds for the mean difference. */
  meanLower: number;
  meanUpper: number;
  medianDifference: number;
  /** Percentile-bootstrap bounds for the median difference. */
  lower: number;
  upper: number;
  /** Pairs whose difference is not zero, and their share with its Wilson interval. */
  differing: number;
  differingShare: Interval;
}

export { normalQuantile };

/** Type-7 interpolation between order statistics; shared so fast and naive paths agree bit for bit. */
function lerp(a: number, b: number, frac: number): number {
  return frac === 0 ? a : a + frac * (b - a);
}

function checkP(p: number, name: string): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name}: p must be in [0, 1], got ${p}`);
}

/**
 * Sample quantile, Hyndman & Fan type 7 (default of R's `quantile()` and numpy's `percentile`):
 * with h = (n - 1)p, returns x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)]).
 * @param sortedValues values sorted ascending (not re-checked).
 * @param p probability in [0, 1].
 * @throws RangeError on empty input or p outside [0, 1].
 */
export function quantile(sortedValues: readonly number[], p: number): number {
  checkP(p, 'quantile');
  const n = sortedValues.length;
  if (n === 0) throw new RangeError('quantile: empty input');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const frac = h - lo;
  const a = sortedValues[lo]!;
  return frac === 0 ? a : lerp(a, sortedValues[lo + 1]!, frac);
}

/** Type-7 median of ascending-sorted values; throws RangeError on empty input. */
export function median(sortedValues: readonly number[]): number {
  return quantile(sortedValues, 0.5);
}

// Wichura (1988), Algorithm AS241 PPND16; coefficients listed highest degree first.
function checkConfidence(confidence: number, name: string): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`${name}: confidence must be in (0, 1), got ${confidence}`);
}

/**
 * Wilson score interval for a binomial proportion (no continuity correction), clamped to [0, 1].
 * For `trials === 0` returns `{ estimate: NaN, lower: 0, upper: 1 }`.
 * @throws RangeError unless 0 <= successes <= trials are integers and confidence is in (0, 1).
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  checkConfidence(confidence, 'wilsonInterval');
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new RangeError(`wilsonInterval: need integers 0 <= successes <= trials, got ${successes}/${trials}`);
  }
  if (trials === 0) return { estimate: NaN, lower: 0, upper: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2n = (z * z) / trials;
  const phat = successes / trials;
  const denom = 1 + z2n;
  const centre = (phat + z2n / 2) / denom;
  const half = (z / denom) * Math.sqrt((phat * (1 - phat)) / trials + z2n / (4 * trials));
  return { estimate: phat, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Mean with its normal-approximation (central limit) interval, x̄ ± z·s/√n with the sample
 * standard deviation s; for n < 2 the bounds are those of the one value, or NaN.
 */
export function meanInterval(values: ArrayLike<number>, confidence = 0.95): Interval {
  checkConfidence(confidence, 'meanInterval');
  const n = values.length;
  if (n === 0) return { estimate: NaN, lower: NaN, upper: NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  if (n === 1) return { estimate: mean, lower: mean, upper: mean };
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  const half = normalQuantile(1 - (1 - confidence) / 2) * Math.sqrt(squares / (n - 1) / n);
  return { estimate: mean, lower: mean - half, upper: mean + half };
}

/**
 * The mulberry32 PRNG: uniform floats in [0, 1) from a 32-bit seed. Pure integer arithmetic, so
 * the stream is identical across processes and platforms. A class rather than a closure so that
 * hot loops inline `next()` and box no numbers.
 */
export class Mulberry32 {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  next(): number {
    const a = (this.a = (this.a + 0x6d2b79f5) | 0);
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** A {@link Mulberry32} stream as a function. */
export function mulberry32(seed: number): () => number {
  const generator = new Mulberry32(seed);
  return () => generator.next();
}

function resolveOptions(options: BootstrapOptions, name: string): { resamples: number; confidence: number; seed: number } {
  const { resamples = 1000, confidence = 0.95, seed } = options;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`${name}: resamples must be an integer >= 1, got ${resamples}`);
  checkConfidence(confidence, name);
  if (!Number.isInteger(seed)) throw new RangeError(`${name}: seed must be an integer, got ${seed}`);
  return { resamples, confidence, seed };
}

/**
 * Statistics of each of `resamples` bootstrap resamples, in draw order, all from one set of
 * draws: the type-7 quantile at each of `ps` and, with `withMean`, the resample's mean. Resample r
 * draws n indices `Math.floor(rng() * n)` from `mulberry32(seed)` (resamples consume the stream in
 * sequence); instead of sorting, it counts draws per sorted index and walks the cumulative counts
 * to the needed order statistics, which is O(n) per resample. Intervals asked of one sample share
 * its draws, so asking for several costs about what one costs.
 * @param sortedValues non-empty values sorted ascending.
 */
export function bootstrapReplicates(sortedValues: readonly number[], ps: readonly number[], resamples: number, seed: number, withMean = false): { readonly quantiles: Float64Array[]; readonly mean: Float64Array | null } {
  for (const p of ps) checkP(p, 'bootstrapReplicates');
  const n = sortedValues.length;
  if (n === 0) throw new RangeError('bootstrapReplicates: empty input');
  const rng = new Mulberry32(seed);
  const wanted = ps.map((p) => {
    const h = (n - 1) * p;
    const k = Math.floor(h);
    return { k, frac: h - k };
  });
  // the order statistics every quantile needs, ascending, walked once per resample
  const positions = [...new Set(wanted.flatMap(({ k, frac }) => (frac === 0 ? [k] : [k, k + 1])))].sort((a, b) => a - b);
  const at = new Float64Array(positions.length);
  const slot = new Map(positions.map((pos, j) => [pos, j]));
  const counts = new Int32Array(n);
  const quantiles = ps.map(() => new Float64Array(resamples));
  const mean = withMean ? new Float64Array(resamples) : null;
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let j = 0; j < n; j++) counts[Math.floor(rng.next() * n)]!++;
    let i = 0;
    let cum = counts[0]!;
    for (let j = 0; j < positions.length; j++) {
      while (cum <= positions[j]!) cum += counts[++i]!;
      at[j] = sortedValues[i]!;
    }
    wanted.forEach(({ k, frac }, q) => {
      const a = at[slot.get(k)!]!;
      quantiles[q]![r] = frac === 0 ? a : lerp(a, at[slot.get(k + 1)!]!, frac);
    });
    if (mean) {
      let sum = 0;
      for (let v = 0; v < n; v++) if (counts[v] !== 0) sum += counts[v]! * sortedValues[v]!;
      mean[r] = sum / n;
    }
  }
  return { quantiles, mean };
}

/** Type-7 p-quantile of each bootstrap resample, in draw order (see {@link bootstrapReplicates}). */
export function bootstrapQuantileReplicates(sortedValues: readonly number[], p: number, resamples: number, seed: number): Float64Array {
  return bootstrapReplicates(sortedValues, [p], resamples, seed).quantiles[0]!;
}

/** The percentile interval of replicates around `estimate`: their type-7 quantiles at (1 -/+ confidence) / 2. */
function percentileInterval(estimate: number, replicates: Float64Array, confidence: number): Interval {
  const sorted = Array.from(replicates).sort((x, y) => x - y);
  const alpha = 1 - confidence;
  return { estimate, lower: quantile(sorted, alpha / 2), upper: quantile(sorted, 1 - alpha / 2) };
}

/**
 * Percentile-bootstrap confidence intervals for the type-7 quantiles at `ps` of one sample, from
 * one set of draws (so the interval of `ps[0]` is the one {@link bootstrapQuantileInterval} gives
 * for it with the same seed). Empty input gives NaN for every field.
 */
export function bootstrapQuantileIntervals(sortedValues: readonly number[], ps: readonly number[], options: BootstrapOptions): Interval[] {
  for (const p of ps) checkP(p, 'bootstrapQuantileIntervals');
  const { resamples, confidence, seed } = resolveOptions(options, 'bootstrapQuantileIntervals');
  if (sortedValues.length === 0) return ps.map(() => ({ estimate: NaN, lower: NaN, upper: NaN }));
  const { quantiles } = bootstrapReplicates(sortedValues, ps, resamples, seed);
  return ps.map((p, q) => percentileInterval(quantile(sortedValues, p), quantiles[q]!, confidence));
}

/**
 * Percentile-bootstrap confidence interval for the type-7 p-quantile. `estimate` is the sample
 * quantile; bounds are type-7 quantiles at (1 -/+ confidence) / 2 of the sorted replicates from
 * {@link bootstrapQuantileReplicates}. Empty input gives NaN for all three fields.
 * @throws RangeError on p outside [0, 1], non-integer seed, bad resamples or confidence.
 */
export function bootstrapQuantileInterval(sortedValues: readonly number[], p: number, options: BootstrapOptions): Interval {
  return bootstrapQuantileIntervals(sortedValues, [p], options)[0]!;
}

/**
 * Summary of paired differences (design minus baseline for the same seed), in any order: n; the
 * mean and the type-7 median, each with a percentile-bootstrap CI from the same resamples of the
 * differences sorted ascending (the median's as {@link bootstrapQuantileInterval} with p = 0.5);
 * and how many pairs differ at all, with the Wilson interval of their share. Ties matter: when
 * most pairs are equal the median difference is 0 while the mean and the share of differing pairs
 * say how much and how often they differ. n = 0 gives NaN for every statistic.
 * @throws RangeError on non-finite differences or invalid options.
 */
export function pairedDifferenceInterval(differences: readonly number[], options: BootstrapOptions): PairedDifferenceSummary {
  const { resamples, confidence, seed } = resolveOptions(options, 'pairedDifferenceInterval');
  const n = differences.length;
  if (n === 0) return { n: 0, meanDifference: NaN, meanLower: NaN, meanUpper: NaN, medianDifference: NaN, lower: NaN, upper: NaN, differing: 0, differingShare: { estimate: NaN, lower: NaN, upper: NaN } };
  if (!differences.every(Number.isFinite)) throw new RangeError('pairedDifferenceInterval: differences must be finite');
  const sorted = [...differences].sort((x, y) => x - y);
  const replicates = bootstrapReplicates(sorted, [0.5], resamples, seed, true);
  const mean = percentileInterval(sorted.reduce((sum, d) => sum + d, 0) / n, replicates.mean!, confidence);
  const median = percentileInterval(quantile(sorted, 0.5), replicates.quantiles[0]!, confidence);
  const differing = sorted.filter((d) => d !== 0).length;
  return { n, meanDifference: mean.estimate, meanLower: mean.lower, meanUpper: mean.upper, medianDifference: median.estimate, lower: median.lower, upper: median.upper, differing, differingShare: wilsonInterval(differing, n, confidence) };
}
