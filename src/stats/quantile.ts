/**
 * Sample quantiles, Hyndman & Fan type 7 (the default of R's `quantile()` and numpy's
 * `percentile`), shared by summaries, charts, calibration and the bootstrap so that every path
 * agrees bit for bit.
 */
/** Type-7 interpolation between order statistics; shared so fast and naive paths agree bit for bit. */
export function lerp(a: number, b: number, frac: number): number {
  return frac === 0 ? a : a + frac * (b - a);
}

/** Checks a probability: in [0, 1]; a RangeError naming `name` otherwise. */
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
