/**
 * Right-censored time-to-event samples: the Kaplan–Meier curve with Greenwood's variance, its
 * median with the interval R's `survival` package gives by default, the restricted mean survival
 * time (RMST) with R's standard error, and a paired bootstrap of a difference in RMST. An
 * observation is a time and whether the event happened then; otherwise it was censored then (the
 * event had not happened by that time). Pure and deterministic; knows nothing of the domain.
 */
import { normalQuantile } from '../math/normal.js';
import type { BootstrapOptions } from './bootstrap.js';
import { checkConfidence, type Interval } from './intervals.js';
import { quantile } from './quantile.js';
import { mulberry32Advance, mulberry32Output } from './random.js';
import { TimeGroups, type KaplanMeierStep, type Observation } from './timeGroups.js';

export type { Observation } from './timeGroups.js';

/** A Kaplan–Meier curve: one step per distinct event time, ascending. */
export interface KaplanMeierCurve {
  /** Number of observations. */
  readonly n: number;
  readonly steps: readonly KaplanMeierStep[];
}

/** A restricted mean survival time and its standard error. */
export interface RestrictedMean {
  /** The upper limit of the integral. */
  readonly tau: number;
  /** The area under the Kaplan–Meier curve on [0, tau]. */
  readonly estimate: number;
  /** As R's `se(rmean)`: no small-sample correction. */
  readonly standardError: number;
}

/** Result of {@link pairedRmstDifference}. */
export interface RmstDifference extends Interval {
  /** RMST of b's sample − RMST of a's (the percentile-bootstrap bounds in `lower` and `upper`). */
  readonly estimate: number;
  /** The standard deviation of the bootstrap replicates. */
  readonly standardError: number;
  /** Units (seeds) with an observation in a. */
  readonly nA: number;
  /** Units (seeds) with an observation in b. */
  readonly nB: number;
  /** Resamples drawn. */
  readonly resamples: number;
  /** Resamples skipped because a or b had no observation in them (all of them when a or b has none). */
  readonly skipped: number;
}

/** R's `tolerance` in `quantile.survfit`: how close to one half the curve counts as at one half. */
const HALF_TOLERANCE = Math.sqrt(2 ** -52);

/**
 * The Kaplan–Meier estimate of the survival curve S(t), the share of units whose event has not
 * happened by t, with Greenwood's variance, at each distinct event time (as R's
 * `survfit(Surv(time, event) ~ 1)` gives at its rows with events). At a time with both events and
 * censorings, the censored units count as at risk.
 * @throws RangeError on a time that is negative or not finite.
 */
export function kaplanMeier(observations: readonly Observation[]): KaplanMeierCurve {
  const groups = new TimeGroups(observations, 'kaplanMeier');
  return { n: groups.size, steps: groups.curve() };
}

/** R's `findq` (`quantile.survfit`): the time `curve` (1 − a survival curve, NaN where undefined) reaches p. */
function timeReaching(
  times: readonly number[],
  curve: readonly number[],
  p: number,
  lastTime: number,
) {
  // R drops repeated levels (keeping the first) and finds, among the levels that are defined, the
  // lowest at or above p − tolerance and the lowest at or above p + tolerance
  const seen = new Set<number>();
  const kept: number[] = [];
  curve.forEach((y, i) => {
    if (seen.has(y)) return;
    seen.add(y);
    kept.push(i);
  });
  const lowestFrom = (bound: number): number => {
    let best = -1;
    for (const i of kept)
      if (!Number.isNaN(curve[i]!) && curve[i]! >= bound && (best < 0 || curve[i]! < curve[best]!))
        best = i;
    return best;
  };
  if (!kept.some((i) => curve[i]! >= p)) return NaN;
  const first = lowestFrom(p - HALF_TOLERANCE);
  const next = lowestFrom(p + HALF_TOLERANCE);
  const last = curve[kept.at(-1)!]!;
  // at one half on the last level: the middle of that level's span up to the last time
  if (first >= 0 && !Number.isNaN(last) && Math.abs(p - last) < HALF_TOLERANCE)
    return (times[first]! + lastTime) / 2;
  return first < 0 || next < 0 ? NaN : (times[first]! + times[next]!) / 2;
}

/**
 * The Kaplan–Meier median and its confidence interval as R's `survival` gives them by default
 * (`survfit`'s `conf.type = "log"`: the curve's pointwise interval exp(log S ± z √V) with
 * Greenwood's variance V of log S, the upper bound capped at 1; the median and its bounds as
 * `quantile(fit, 0.5)` computes them: the first time the curve, the lower and the upper confidence
 * curve fall to one half). Where a curve is exactly one half over an interval, the middle of that
 * interval, which for the last interval ends at the largest time observed. (`print.survfit` differs
 * only there: it reports the start of a last interval at one half.)
 *
 * A time the data do not give: `estimate` is Infinity when S never falls to one half (the median
 * is not reached); `upper` (and `lower`) Infinity when its confidence curve does not fall to one
 * half while S > 0 (R gives NA). In the one case where the median is reached but the lower curve
 * is not (S falls from above one half straight to 0: every unit still at risk has its event at
 * once), `lower` is NaN, as R's NA. An empty sample gives NaN for all three.
 * @param confidence two-sided level in (0, 1), default 0.95.
 * @throws RangeError on an invalid confidence or time.
 */
export function kmMedian(observations: readonly Observation[], confidence = 0.95): Interval {
  checkConfidence(confidence, 'kmMedian');
  const groups = new TimeGroups(observations, 'kmMedian');
  if (groups.size === 0) return { estimate: NaN, lower: NaN, upper: NaN };
  const steps = groups.curve();
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const times = [0, ...steps.map((s) => s.time)];
  const below = (bound: (s: KaplanMeierStep) => number) => [0, ...steps.map((s) => 1 - bound(s))];
  const limit = (s: KaplanMeierStep, sign: number) =>
    s.survival === 0 ? NaN : Math.exp(Math.log(s.survival) + sign * z * Math.sqrt(s.logVariance));
  const lastTime = groups.times[groups.times.length - 1]!;
  const at = (curve: number[]) => timeReaching(times, curve, 0.5, lastTime);
  const estimate = at(below((s) => s.survival));
  const lower = at(below((s) => limit(s, -1)));
  const upper = at(below((s) => Math.min(1, limit(s, 1))));
  const reachesZero = steps.at(-1)?.survival === 0;
  // R's NA: not reached while the curve is above 0; undefined once it has fallen to 0
  const notGiven = (x: number, reached: boolean) =>
    Number.isNaN(x) ? (reached && reachesZero ? NaN : Infinity) : x;
  return {
    estimate: Number.isNaN(estimate) ? Infinity : estimate,
    lower: notGiven(lower, !Number.isNaN(estimate)),
    upper: Number.isNaN(upper) ? Infinity : upper,
  };
}

function checkTau(tau: number, name: string): void {
  if (!(Number.isFinite(tau) && tau >= 0))
    throw new RangeError(`${name}: tau must be finite and not negative, got ${tau}`);
}

/**
 * The restricted mean survival time: the area under the Kaplan–Meier curve on [0, tau], the curve
 * held at its last value beyond the last time, with its standard error, as R's
 * `print(survfit(…), rmean = tau)` reports them (`rmean`, `se(rmean)`): the variance is
 * Σ d / (n (n − d)) × (area under the curve from the event time to tau)² over the event times up
 * to tau, a time where every unit at risk has the event adding nothing. An empty sample gives NaN.
 * @throws RangeError on a tau or a time that is negative or not finite.
 */
export function restrictedMean(observations: readonly Observation[], tau: number): RestrictedMean {
  checkTau(tau, 'restrictedMean');
  const groups = new TimeGroups(observations, 'restrictedMean');
  if (groups.size === 0) return { tau, estimate: NaN, standardError: NaN };
  const steps = groups.curve().filter((s) => s.time <= tau);
  let variance = 0;
  let areaToTau = 0;
  for (let k = steps.length - 1; k >= 0; k--) {
    const s = steps[k]!;
    areaToTau += s.survival * ((steps[k + 1]?.time ?? tau) - s.time);
    if (s.atRisk > s.events)
      variance += (s.events / (s.atRisk * (s.atRisk - s.events))) * areaToTau ** 2;
  }
  return { tau, estimate: groups.areaUnder(null, tau), standardError: Math.sqrt(variance) };
}

/** The share of observations with an event; NaN for none. */
export function shareDecided(observations: readonly Observation[]): number {
  let events = 0;
  for (const o of observations) if (o.event) events++;
  return observations.length === 0 ? NaN : events / observations.length;
}

/** One sample's restricted mean up to tau and its bootstrap replicates ({@link resampledRmst}). */
export interface RmstReplicates {
  /** The units resampled: the samples' common length. */
  readonly units: number;
  /** Units with an observation. */
  readonly size: number;
  /** The restricted mean of the sample (NaN with no observation). */
  readonly estimate: number;
  /** The restricted mean in each resample, NaN where the resample drew none of its units. */
  readonly replicates: Float64Array;
}

/**
 * The restricted mean survival times up to `tau` of several samples measured on the same units
 * (seeds), resampled together for paired differences ({@link rmstDifferenceOf}): `samples[s][i]`
 * is unit i's observation in sample s, `undefined` where it has none (the unit is then not in that
 * sample). Each bootstrap resample draws as many units as there are, with replacement
 * (`Math.floor(u × n)` from the seeded generator), and takes every sample's RMST over the units
 * drawn (counted as often as drawn). One draw serves every sample, so a sample's replicates are
 * computed once however many of its pairs are compared, and every pair is paired by the same
 * draws; the same samples and seed give the same replicates, alone or with others.
 * @throws RangeError on samples of different lengths or invalid tau, times or options.
 */
export function resampledRmst(
  samples: ReadonlyArray<ReadonlyArray<Observation | undefined>>,
  tau: number,
  options: Omit<BootstrapOptions, 'confidence'>,
  name = 'resampledRmst',
): RmstReplicates[] {
  const { resamples = 1000, seed } = options;
  checkTau(tau, name);
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`${name}: resamples must be an integer >= 1, got ${resamples}`);
  if (!Number.isInteger(seed))
    throw new RangeError(`${name}: seed must be an integer, got ${seed}`);
  const units = samples[0]?.length ?? 0;
  if (samples.some((s) => s.length !== units))
    throw new RangeError(`${name}: the samples need one entry per unit`);
  const groups = samples.map((s) => new TimeGroups(s, name));
  const replicates = resampledAreas(groups, tau, resamples, seed);
  return groups.map((g, k) => ({
    units,
    size: g.size,
    estimate: g.size === 0 ? NaN : g.areaUnder(null, tau),
    replicates: replicates[k]!,
  }));
}

/**
 * RMST(b) − RMST(a) of two samples resampled together ({@link resampledRmst}), with its
 * percentile-bootstrap interval: the replicates' differences, a resample where a or b has no
 * observation skipped and counted; bounds are their type-7 quantiles at (1 ∓ confidence) / 2, the
 * standard error their standard deviation. With no observation in a or in b, every statistic is NaN.
 * @throws RangeError when a and b were not resampled together (different units or resamples).
 */
export function rmstDifferenceOf(
  a: RmstReplicates,
  b: RmstReplicates,
  confidence = 0.95,
): RmstDifference {
  checkConfidence(confidence, 'rmstDifferenceOf');
  const resamples = a.replicates.length;
  if (a.units !== b.units || b.replicates.length !== resamples)
    throw new RangeError('rmstDifferenceOf: a and b were not resampled together');
  const sizes = { nA: a.size, nB: b.size, resamples };
  if (a.size === 0 || b.size === 0)
    return {
      estimate: NaN,
      lower: NaN,
      upper: NaN,
      standardError: NaN,
      ...sizes,
      skipped: resamples,
    };
  const differences: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const difference = b.replicates[r]! - a.replicates[r]!;
    if (!Number.isNaN(difference)) differences.push(difference);
  }
  const sorted = differences.sort((x, y) => x - y);
  const alpha = 1 - confidence;
  const kept = sorted.length;
  return {
    estimate: b.estimate - a.estimate,
    lower: kept === 0 ? NaN : quantile(sorted, alpha / 2),
    upper: kept === 0 ? NaN : quantile(sorted, 1 - alpha / 2),
    standardError: standardDeviation(sorted),
    ...sizes,
    skipped: resamples - kept,
  };
}

/**
 * The difference in restricted mean survival time up to `tau`, RMST(b) − RMST(a), of two samples
 * measured on the same units (seeds): `a[i]` and `b[i]` are unit i's observations, `undefined`
 * where it has none (the unit is then not in that sample). The interval is the percentile
 * bootstrap of resampling the units, the same draw for both samples (which pairs them), as
 * {@link resampledRmst} draws them; a resample where a or b has no observation is skipped and
 * counted. Bounds are the type-7 quantiles of the replicates at (1 ∓ confidence) / 2; the standard
 * error is their standard deviation. With no observation in a or in b, every statistic is NaN. The
 * same a and b give 0 with a zero-width interval.
 * @throws RangeError on samples of different lengths or invalid tau, times or options.
 */
export function pairedRmstDifference(
  a: ReadonlyArray<Observation | undefined>,
  b: ReadonlyArray<Observation | undefined>,
  tau: number,
  options: BootstrapOptions,
): RmstDifference {
  const name = 'pairedRmstDifference';
  checkConfidence(options.confidence ?? 0.95, name);
  if (a.length !== b.length) throw new RangeError(`${name}: a and b need one entry per unit`);
  const [first, second] = resampledRmst([a, b], tau, options, name);
  return rmstDifferenceOf(first!, second!, options.confidence);
}

/** Each sample's RMST in each resample of the units (NaN where it has no unit drawn). */
function resampledAreas(
  samples: readonly TimeGroups[],
  tau: number,
  resamples: number,
  seed: number,
): Float64Array[] {
  const units = samples[0]?.length ?? 0;
  const counts = new Int32Array(units);
  const areas = samples.map(() => new Float64Array(resamples).fill(NaN));
  // samples with no unit have no RMST in any resample: only the others are walked
  const walked = samples.flatMap((groups, k) => (groups.size > 0 ? [k] : []));
  const groupsOf = walked.map((k) => samples[k]!);
  const areasOf = walked.map((k) => areas[k]!);
  const count = walked.length;
  if (count === 0) return areas;
  // the draws of mulberry32(seed), inlined as in jointBootstrapReplicates (bootstrap.ts)
  let state = seed >>> 0;
  const scale = units / 4294967296;
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let j = 0; j < units; j++) {
      state = mulberry32Advance(state);
      counts[(mulberry32Output(state) * scale) | 0]!++;
    }
    for (let k = 0; k < count; k++) areasOf[k]![r] = groupsOf[k]!.areaUnder(counts, tau);
  }
  return areas;
}

/** Sample standard deviation (n − 1); NaN for fewer than two values. */
function standardDeviation(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const mean = values.reduce((sum, x) => sum + x, 0) / n;
  return Math.sqrt(values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1));
}
