/**
 * The one-sample Kolmogorov–Smirnov test of uniformity on [0, 1], with the exact distribution of
 * the statistic for the sample size (Marsaglia, Tsang & Wang 2003), not the asymptotic one, since
 * a calibration has tens of observations, not thousands.
 */

/** The result of {@link ksUniform}. */
export interface KsTest {
  /** Sample size. */
  readonly n: number;
  /** The statistic: the largest distance between the empirical and the uniform distribution function. */
  readonly d: number;
  /** P(D ≥ d) under uniformity. */
  readonly p: number;
}

/** The product of two m×m matrices stored row by row. */
function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += a[i * m + k]! * b[k * m + j]!;
      c[i * m + j] = s;
    }
  return c;
}

/** `h` to the power `n`, with a decimal exponent kept apart so that large powers do not overflow. */
function power(h: Float64Array, m: number, n: number): { v: Float64Array; e: number } {
  if (n === 1) return { v: h, e: 0 };
  const half = power(h, m, Math.floor(n / 2));
  let v = multiply(half.v, half.v, m);
  let e = 2 * half.e;
  if (n % 2 === 1) v = multiply(h, v, m);
  if (v[Math.floor(m / 2) * m + Math.floor(m / 2)]! > 1e140) {
    v = v.map((x) => x * 1e-140);
    e += 140;
  }
  return { v, e };
}

/**
 * P(D_n < d), the distribution function of the two-sided Kolmogorov statistic for a sample of
 * `n`, by Marsaglia, Tsang & Wang (2003), "Evaluating Kolmogorov's distribution", Journal of
 * Statistical Software 8(18), section 2 (the matrix method, exact to about 13 digits).
 */
export function kolmogorovCdf(n: number, d: number): number {
  if (d <= 0) return 0;
  if (d >= 1) return 1;
  const k = Math.floor(n * d) + 1;
  const m = 2 * k - 1;
  const h = k - n * d;
  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 < 0 ? 0 : 1;
  for (let i = 0; i < m; i++) {
    H[i * m] = H[i * m]! - h ** (i + 1);
    H[(m - 1) * m + i] = H[(m - 1) * m + i]! - h ** (m - i);
  }
  H[(m - 1) * m] = H[(m - 1) * m]! + (2 * h - 1 > 0 ? (2 * h - 1) ** m : 0);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++)
      for (let g = 1; g <= i - j + 1; g++) H[i * m + j] = H[i * m + j]! / g;
  const { v, e } = power(H, m, n);
  let s = v[(k - 1) * m + k - 1]!;
  let exponent = e;
  for (let i = 1; i <= n; i++) {
    s = (s * i) / n;
    if (s < 1e-140) {
      s *= 1e140;
      exponent -= 140;
    }
  }
  return Math.min(1, Math.max(0, s * 10 ** exponent));
}

/**
 * The Kolmogorov–Smirnov test that `values` (each in [0, 1]) are a sample of the uniform
 * distribution: the statistic and its exact p-value. Throws a RangeError on an empty sample or a
 * value outside [0, 1].
 */
export function ksUniform(values: readonly number[]): KsTest {
  const n = values.length;
  if (n === 0) throw new RangeError('ksUniform: empty sample');
  if (values.some((v) => !(v >= 0 && v <= 1)))
    throw new RangeError('ksUniform: every value must be in [0, 1]');
  const sorted = [...values].sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((v, i) => {
    d = Math.max(d, (i + 1) / n - v, v - i / n);
  });
  return { n, d, p: 1 - kolmogorovCdf(n, d) };
}
