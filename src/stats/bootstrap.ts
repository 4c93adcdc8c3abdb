/**
 * Seeded percentile-bootstrap intervals: of quantiles of a sample, and of paired differences (the
 * mean and the median). Several measures of the same units (a decision's latency from the event
 * and from when its capital knew, over the same runs) are resampled together: one draw of units
 * per resample, every measure's statistics over the same drawn units, as a bootstrap of several
 * statistics of one sample is done. Deterministic: the draws come from `mulberry32(seed)`.
 */
import { checkConfidence, wilsonInterval, type Interval } from './intervals.js';
import { checkP, lerp, quantile } from './quantile.js';
import { mulberry32Advance, mulberry32Output } from './random.js';

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

/** The statistics of each resample of one measure: a type-7 quantile per p, and the mean if asked. */
export interface Replicates {
  readonly quantiles: Float64Array[];
  readonly mean: Float64Array | null;
}

function resolveOptions(
  options: BootstrapOptions,
  name: string,
): { resamples: number; confidence: number; seed: number } {
  const { resamples = 1000, confidence = 0.95, seed } = options;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`${name}: resamples must be an integer >= 1, got ${resamples}`);
  checkConfidence(confidence, name);
  if (!Number.isInteger(seed))
    throw new RangeError(`${name}: seed must be an integer, got ${seed}`);
  return { resamples, confidence, seed };
}

/**
 * One measure's statistics of each resample, from the count of draws of each unit: instead of
 * sorting a resample, it walks the counts in the order of its sorted values (`units[v]`: the unit
 * whose value is v-th) to the order statistics the quantiles need, which is O(n) per resample.
 */
class MeasureReplicates implements Replicates {
  readonly quantiles: Float64Array[];
  readonly mean: Float64Array | null;
  private readonly units: Int32Array;
  private readonly values: Float64Array;
  private readonly fracs: Float64Array;
  /** The order statistics every quantile needs, ascending; those from `split` on are in the upper half. */
  private readonly positions: Int32Array;
  private readonly split: number;
  private readonly lower: Int32Array;
  private readonly upper: Int32Array;
  private readonly at: Float64Array;

  constructor(
    units: Int32Array,
    sortedValues: Float64Array,
    ps: readonly number[],
    resamples: number,
    withMean: boolean,
  ) {
    const n = sortedValues.length;
    this.units = units;
    this.values = sortedValues;
    const wanted = ps.map((p) => {
      const h = (n - 1) * p;
      const k = Math.floor(h);
      return { k, frac: h - k };
    });
    this.fracs = Float64Array.from(wanted, ({ frac }) => frac);
    this.positions = Int32Array.from(
      new Set(wanted.flatMap(({ k, frac }) => (frac === 0 ? [k] : [k, k + 1]))),
      (pos) => pos,
    ).sort();
    this.split = this.positions.findIndex((pos) => pos >= n / 2);
    if (this.split < 0) this.split = this.positions.length;
    this.lower = Int32Array.from(wanted, ({ k }) => this.positions.indexOf(k));
    this.upper = Int32Array.from(wanted, ({ k, frac }) =>
      frac === 0 ? -1 : this.positions.indexOf(k + 1),
    );
    this.at = new Float64Array(this.positions.length);
    this.quantiles = ps.map(() => new Float64Array(resamples));
    this.mean = withMean ? new Float64Array(resamples) : null;
  }

  /** Records resample `r`, given as the number of draws of each unit. */
  take(counts: Int32Array, r: number): void {
    const { units, values, positions, at } = this;
    const n = values.length;
    // the order statistic at pos is the value of the first position whose cumulative count exceeds pos:
    // found walking up from the smallest value for the lower half, down from the largest for the upper
    let i = 0;
    let cum = counts[units[0]!]!;
    for (let j = 0; j < this.split; j++) {
      while (cum <= positions[j]!) cum += counts[units[++i]!]!;
      at[j] = values[i]!;
    }
    let k = n - 1;
    let tail = counts[units[k]!]!;
    for (let j = positions.length - 1; j >= this.split; j--) {
      // the count below k exceeds pos while the count from k up is at most n - pos - 1
      while (tail <= n - positions[j]! - 1) tail += counts[units[--k]!]!;
      at[j] = values[k]!;
    }
    for (let q = 0; q < this.quantiles.length; q++) {
      const a = at[this.lower[q]!]!;
      this.quantiles[q]![r] = this.upper[q]! < 0 ? a : lerp(a, at[this.upper[q]!]!, this.fracs[q]!);
    }
    if (this.mean) {
      let sum = 0;
      for (let v = 0; v < values.length; v++) sum += counts[units[v]!]! * values[v]!;
      this.mean[r] = sum / values.length;
    }
  }
}

/** Unit numbers 0..n-1 ordered by `values` ascending, ties by unit number. */
function ascendingOrder(values: readonly number[]): Int32Array {
  return Int32Array.from(values.keys()).sort((i, j) => values[i]! - values[j]! || i - j);
}

/**
 * Statistics of each of `resamples` bootstrap resamples of n units measured in several ways
 * (`measures[m][i]`: unit i's value in measure m), in draw order: per measure, the type-7 quantile
 * at each of `ps` and, with `withMean`, the resample's mean. The units are numbered by the first
 * measure's ascending order (ties by their index); resample r draws n of them,
 * `Math.floor(rng() * n)`, from `mulberry32(seed)` (resamples consume the stream in sequence), and
 * every measure is taken over the same drawn units. So the first measure's replicates are those of
 * a bootstrap of its values alone with that seed, and a further measure costs no draws.
 * @param measures non-empty, each of the same length; finite when `withMean`.
 */
export function jointBootstrapReplicates(
  measures: ReadonlyArray<readonly number[]>,
  ps: readonly number[],
  resamples: number,
  seed: number,
  withMean = false,
): Replicates[] {
  for (const p of ps) checkP(p, 'jointBootstrapReplicates');
  const n = measures[0]?.length ?? 0;
  if (n === 0) throw new RangeError('jointBootstrapReplicates: empty input');
  if (measures.some((m) => m.length !== n))
    throw new RangeError('jointBootstrapReplicates: every measure needs one value per unit');
  const order = ascendingOrder(measures[0]!);
  // units are numbered by the first measure's order: unit k is order[k]
  const number = new Int32Array(n);
  order.forEach((unit, k) => (number[unit] = k));
  const replicates = measures.map((values) => {
    const own = ascendingOrder(values);
    return new MeasureReplicates(
      Int32Array.from(own, (unit) => number[unit]!),
      Float64Array.from(own, (unit) => values[unit]!),
      ps,
      resamples,
      withMean,
    );
  });
  const counts = new Int32Array(n);
  // the draws of mulberry32(seed), as that many calls of Mulberry32.next() give them
  let state = seed >>> 0;
  // Math.floor(u * (n / 2^32)) is Math.floor((u / 2^32) * n): dividing by a power of two is exact;
  // and for a value in [0, 2^31), `| 0` is Math.floor, about 40% faster here
  const scale = n / 4294967296;
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let j = 0; j < n; j++) {
      state = mulberry32Advance(state);
      counts[(mulberry32Output(state) * scale) | 0]!++;
    }
    for (const measure of replicates) measure.take(counts, r);
  }
  return replicates;
}

/**
 * {@link jointBootstrapReplicates} of one sample: the statistics of each resample, in draw order,
 * all from one set of draws, so asking for several costs about what one costs.
 * @param sortedValues non-empty values sorted ascending; finite when `withMean`.
 */
export function bootstrapReplicates(
  sortedValues: readonly number[],
  ps: readonly number[],
  resamples: number,
  seed: number,
  withMean = false,
): Replicates {
  return jointBootstrapReplicates([sortedValues], ps, resamples, seed, withMean)[0]!;
}

/** Type-7 p-quantile of each bootstrap resample, in draw order (see {@link bootstrapReplicates}). */
export function bootstrapQuantileReplicates(
  sortedValues: readonly number[],
  p: number,
  resamples: number,
  seed: number,
): Float64Array {
  return bootstrapReplicates(sortedValues, [p], resamples, seed).quantiles[0]!;
}

/** The percentile interval of replicates around `estimate`: their type-7 quantiles at (1 -/+ confidence) / 2. */
function percentileInterval(
  estimate: number,
  replicates: Float64Array,
  confidence: number,
): Interval {
  const sorted = Array.from(replicates).sort((x, y) => x - y);
  const alpha = 1 - confidence;
  return { estimate, lower: quantile(sorted, alpha / 2), upper: quantile(sorted, 1 - alpha / 2) };
}

const NO_INTERVAL: Interval = { estimate: NaN, lower: NaN, upper: NaN };

/**
 * Percentile-bootstrap confidence intervals for the type-7 quantiles at `ps` of several measures
 * of the same units (`measures[m][i]`, in any order), resampled together (see
 * {@link jointBootstrapReplicates}): per measure, an interval per p. The first measure's are the
 * ones {@link bootstrapQuantileIntervals} gives for it alone with the same seed. No units gives NaN
 * for every field.
 */
export function jointQuantileIntervals(
  measures: ReadonlyArray<readonly number[]>,
  ps: readonly number[],
  options: BootstrapOptions,
): Interval[][] {
  for (const p of ps) checkP(p, 'jointQuantileIntervals');
  const { resamples, confidence, seed } = resolveOptions(options, 'jointQuantileIntervals');
  if ((measures[0]?.length ?? 0) === 0)
    return measures.map(() => ps.map(() => ({ ...NO_INTERVAL })));
  const replicates = jointBootstrapReplicates(measures, ps, resamples, seed);
  return measures.map((values, m) => {
    const sorted = [...values].sort((x, y) => x - y);
    return ps.map((p, q) =>
      percentileInterval(quantile(sorted, p), replicates[m]!.quantiles[q]!, confidence),
    );
  });
}

/**
 * Percentile-bootstrap confidence intervals for the type-7 quantiles at `ps` of one sample, from
 * one set of draws (so the interval of `ps[0]` is the one {@link bootstrapQuantileInterval} gives
 * for it with the same seed). Empty input gives NaN for every field.
 */
export function bootstrapQuantileIntervals(
  sortedValues: readonly number[],
  ps: readonly number[],
  options: BootstrapOptions,
): Interval[] {
  return jointQuantileIntervals([sortedValues], ps, options)[0]!;
}

/**
 * Percentile-bootstrap confidence interval for the type-7 p-quantile. `estimate` is the sample
 * quantile; bounds are type-7 quantiles at (1 -/+ confidence) / 2 of the sorted replicates from
 * {@link bootstrapQuantileReplicates}. Empty input gives NaN for all three fields.
 * @throws RangeError on p outside [0, 1], non-integer seed, bad resamples or confidence.
 */
export function bootstrapQuantileInterval(
  sortedValues: readonly number[],
  p: number,
  options: BootstrapOptions,
): Interval {
  return bootstrapQuantileIntervals(sortedValues, [p], options)[0]!;
}

/**
 * {@link pairedDifferenceInterval} of several measures of the same pairs (`measures[m][i]`: pair
 * i's difference in measure m), the pairs resampled together (see
 * {@link jointBootstrapReplicates}); the first measure's summary is the one
 * {@link pairedDifferenceInterval} gives for it alone with the same seed.
 * @throws RangeError on non-finite differences, measures of different lengths or invalid options.
 */
export function jointPairedDifferenceIntervals(
  measures: ReadonlyArray<readonly number[]>,
  options: BootstrapOptions,
): PairedDifferenceSummary[] {
  const { resamples, confidence, seed } = resolveOptions(options, 'pairedDifferenceInterval');
  const n = measures[0]?.length ?? 0;
  if (n === 0)
    return measures.map(() => ({
      n: 0,
      meanDifference: NaN,
      meanLower: NaN,
      meanUpper: NaN,
      medianDifference: NaN,
      lower: NaN,
      upper: NaN,
      differing: 0,
      differingShare: { ...NO_INTERVAL },
    }));
  if (!measures.every((m) => m.every(Number.isFinite)))
    throw new RangeError('pairedDifferenceInterval: differences must be finite');
  const replicates = jointBootstrapReplicates(measures, [0.5], resamples, seed, true);
  return measures.map((differences, m) => {
    const sorted = [...differences].sort((x, y) => x - y);
    const mean = percentileInterval(
      sorted.reduce((sum, d) => sum + d, 0) / n,
      replicates[m]!.mean!,
      confidence,
    );
    const median = percentileInterval(
      quantile(sorted, 0.5),
      replicates[m]!.quantiles[0]!,
      confidence,
    );
    const differing = sorted.filter((d) => d !== 0).length;
    return {
      n,
      meanDifference: mean.estimate,
      meanLower: mean.lower,
      meanUpper: mean.upper,
      medianDifference: median.estimate,
      lower: median.lower,
      upper: median.upper,
      differing,
      differingShare: wilsonInterval(differing, n, confidence),
    };
  });
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
export function pairedDifferenceInterval(
  differences: readonly number[],
  options: BootstrapOptions,
): PairedDifferenceSummary {
  return jointPairedDifferenceIntervals([differences], options)[0]!;
}
