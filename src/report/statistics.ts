/**
 * Small, pure, deterministic statistics for simulation batch reports: type-7 quantiles, Wilson
 * score and mean intervals, and the seeded generator the bootstrap (`bootstrap.ts`) and the
 * sensitivity samplers draw from. Deterministic: no global randomness, no clock.
 */
import { normalQuantile } from '../math/normal.js';

/** A two-sided interval around a point estimate. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export { normalQuantile };

/** Type-7 interpolation between order statistics; shared so fast and naive paths agree bit for bit. */
export function lerp(a: number, b: number, frac: number): number {
  return frac === 0 ? a : a + frac * (b - a);
}

export function checkP(p: number, name: string): void {
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
export function checkConfidence(confidence: number, name: string): void {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`${name}: confidence must be in (0, 1), got ${confidence}`);
}

/**
 * Wilson score interval for a binomial proportion (no continuity correction), clamped to [0, 1].
 * For `trials === 0` returns `{ estimate: NaN, lower: 0, upper: 1 }`.
 * @throws RangeError unless 0 <= successes <= trials are integers and confidence is in (0, 1).
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  checkConfidence(confidence, 'wilsonInterval');
  if (
    !Number.isInteger(successes) ||
    !Number.isInteger(trials) ||
    successes < 0 ||
    successes > trials
  ) {
    throw new RangeError(
      `wilsonInterval: need integers 0 <= successes <= trials, got ${successes}/${trials}`,
    );
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
    this.a = (this.a + MULBERRY32_STEP) | 0;
    return mulberry32Output(this.a) / 4294967296;
  }
}

/** The step that advances a mulberry32 state. */
export const MULBERRY32_STEP = 0x6d2b79f5;

/** Mulberry32's output (an unsigned 32-bit integer) for the state after a step. */
export function mulberry32Output(a: number): number {
  let t = Math.imul(a ^ (a >>> 15), 1 | a);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (t ^ (t >>> 14)) >>> 0;
}

/** A {@link Mulberry32} stream as a function. */
export function mulberry32(seed: number): () => number {
  const generator = new Mulberry32(seed);
  return () => generator.next();
}
