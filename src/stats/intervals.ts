/**
 * Intervals around a point estimate: Wilson score intervals of proportions and normal-approximation
 * intervals of means. Pure and deterministic.
 */
import { normalQuantile } from '../math/normal.js';

/** A two-sided interval around a point estimate. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** Checks a two-sided confidence level: in (0, 1). */
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
