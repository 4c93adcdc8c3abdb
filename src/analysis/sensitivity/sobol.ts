/**
 * Variance-based (Sobol') sensitivity indices from a Saltelli design: first-order S1 by the
 * Saltelli et al. (2010) estimator and total-order ST by Jansen's (1999), at a cost of N (k + 2)
 * model runs for k parameters. Row order and estimators follow SALib (`sample.sobol` /
 * `saltelli.sample` with `calc_second_order=False`, and `analyze.sobol`), so results can be
 * compared with SALib's on the same outputs.
 */
import { Mulberry32 } from '../../stats/random.js';
import { createMatrix, type Matrix } from './matrix.js';
import { validateParameters, type Parameter } from './parameters.js';
import {
  bootstrapGenerator,
  checkOutputs,
  normalHalfWidth,
  resolveAnalyzeOptions,
  type AnalyzeOptions,
  type Bounds,
} from './bootstrap.js';

/** Options of {@link saltelliSample}. */
export interface SaltelliSampleOptions {
  readonly parameters: readonly Parameter[];
  /** Number of base rows N (integer >= 2). */
  readonly n: number;
  /** Integer seed; the same seed always gives the same sample. */
  readonly seed: number;
}

/** A Saltelli design in the unit hypercube. */
export interface SaltelliSample {
  readonly parameters: readonly Parameter[];
  readonly n: number;
  readonly seed: number;
  /** The N × k matrix A. */
  readonly a: Matrix;
  /** The N × k matrix B. */
  readonly b: Matrix;
  /**
   * All N (k + 2) × k rows at which to run the model, in SALib's order: for each base row j,
   * A_j, then AB_1,j … AB_k,j (A_j with column i taken from B_j), then B_j. Row j (k + 2) + 1 + i
   * is AB_i's row j (i from 0). Map to parameter values with `toParameterMatrix`.
   */
  readonly unit: Matrix;
}

/** Sobol' indices of one parameter. */
export interface SobolIndex {
  readonly name: string;
  /** First-order index: the share of output variance due to this parameter alone. */
  readonly s1: number;
  /** SALib's `S1_conf`: bootstrap half-width z · sd over resampled base rows. */
  readonly s1Conf: number;
  /** s1 ± s1Conf. */
  readonly s1Interval: Bounds;
  /** Total-order index: the share due to this parameter including all its interactions. */
  readonly st: number;
  /** SALib's `ST_conf`. */
  readonly stConf: number;
  /** st ± stConf. */
  readonly stInterval: Bounds;
}

/** The result of {@link sobolAnalyze}. */
export interface SobolResult {
  readonly n: number;
  /**
   * V: the variance (population, n in the denominator) of the 2N outputs at A and B; 0 means the
   * output did not vary.
   */
  readonly variance: number;
  /** One entry per parameter, in parameter order. */
  readonly indices: readonly SobolIndex[];
}

/**
 * Draws a Saltelli design for first- and total-order indices. A and B are independent uniform
 * samples of [0, 1]^k by plain seeded Monte Carlo, not a Sobol' low-discrepancy sequence (SALib's
 * default): no maintained npm package offers one for the ~300 dimensions needed, so estimates
 * converge as 1/√N rather than nearly 1/N, and N need not be a power of two. Draw order, from
 * `Mulberry32(seed)`: per base row, the k coordinates of A then the k of B (SALib's 2k-column
 * base sequence), so a larger N with the same seed extends a smaller one.
 * @throws RangeError on invalid parameters, N < 2 or a non-integer seed.
 */
export function saltelliSample(options: SaltelliSampleOptions): SaltelliSample {
  const { parameters, n, seed } = options;
  validateParameters(parameters);
  if (!Number.isInteger(n) || n < 2)
    throw new RangeError(`saltelliSample: n must be an integer >= 2, got ${n}`);
  if (!Number.isInteger(seed))
    throw new RangeError(`saltelliSample: seed must be an integer, got ${seed}`);
  const k = parameters.length;
  const rng = new Mulberry32(seed);
  const a = createMatrix(n, k);
  const b = createMatrix(n, k);
  const unit = createMatrix(n * (k + 2), k);
  for (let j = 0; j < n; j++) {
    for (let c = 0; c < k; c++) a.data[j * k + c] = rng.next();
    for (let c = 0; c < k; c++) b.data[j * k + c] = rng.next();
    const rowA = a.data.subarray(j * k, (j + 1) * k);
    const rowB = b.data.subarray(j * k, (j + 1) * k);
    const first = j * (k + 2);
    unit.data.set(rowA, first * k);
    for (let i = 0; i < k; i++) {
      const row = (first + 1 + i) * k;
      unit.data.set(rowA, row);
      unit.data[row + i] = rowB[i]!;
    }
    unit.data.set(rowB, (first + k + 1) * k);
  }
  return { parameters, n, seed, a, b, unit };
}

/** The N × k matrix AB_i (A with column i from B), copied out of `sample.unit`; i from 0. */
export function saltelliAbMatrix(sample: SaltelliSample, i: number): Matrix {
  const k = sample.parameters.length;
  if (!Number.isInteger(i) || i < 0 || i >= k)
    throw new RangeError(`saltelliAbMatrix: i must be in 0..${k - 1}, got ${i}`);
  const out = createMatrix(sample.n, k);
  for (let j = 0; j < sample.n; j++) {
    const row = j * (k + 2) + 1 + i;
    out.data.set(sample.unit.data.subarray(row * k, (row + 1) * k), j * k);
  }
  return out;
}

/** Outputs split by matrix and centred on the mean of all outputs. */
interface Split {
  readonly fA: Float64Array;
  readonly fB: Float64Array;
  /** N × k: fAB[j * k + i] = f(AB_i row j). */
  readonly fAB: Float64Array;
}

function split(outputs: readonly number[], n: number, k: number): Split {
  // SALib standardises all outputs first; the ratios do not see the scale, but S1's numerator
  // does see the shift in a finite sample, so centre on the same mean to match its numbers.
  let mean = 0;
  for (const y of outputs) mean += y;
  mean /= outputs.length;
  const fA = new Float64Array(n);
  const fB = new Float64Array(n);
  const fAB = new Float64Array(n * k);
  for (let j = 0; j < n; j++) {
    const first = j * (k + 2);
    fA[j] = outputs[first]! - mean;
    for (let i = 0; i < k; i++) fAB[j * k + i] = outputs[first + 1 + i]! - mean;
    fB[j] = outputs[first + k + 1]! - mean;
  }
  return { fA, fB, fAB };
}

/**
 * S1 and ST of every parameter over base rows `rows` (all N when null), written to s1 and st;
 * returns V. As SALib: 0 for both when every f_A and f_B value is the same.
 */
function estimate(
  data: Split,
  k: number,
  rows: Int32Array | null,
  s1: Float64Array,
  st: Float64Array,
): number {
  const { fA, fB, fAB } = data;
  const n = rows ? rows.length : fA.length;
  let mean = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let m = 0; m < n; m++) {
    const j = rows ? rows[m]! : m;
    mean += fA[j]! + fB[j]!;
    min = Math.min(min, fA[j]!, fB[j]!);
    max = Math.max(max, fA[j]!, fB[j]!);
  }
  mean /= 2 * n;
  s1.fill(0);
  st.fill(0);
  if (min === max) return 0;
  let ss = 0;
  for (let m = 0; m < n; m++) {
    const j = rows ? rows[m]! : m;
    const a = fA[j]!;
    const b = fB[j]!;
    ss += (a - mean) ** 2 + (b - mean) ** 2;
    for (let i = 0; i < k; i++) {
      const ab = fAB[j * k + i]!;
      s1[i]! += b * (ab - a);
      st[i]! += (a - ab) ** 2;
    }
  }
  const variance = ss / (2 * n);
  for (let i = 0; i < k; i++) {
    s1[i] = s1[i]! / n / variance;
    st[i] = st[i]! / (2 * n) / variance;
  }
  return variance;
}

/**
 * First- and total-order Sobol' indices from the outputs at a Saltelli design, with V the
 * variance of all f_A and f_B values (n in the denominator, as numpy's default):
 * S1ᵢ = mean(f_B (f_ABᵢ − f_A)) / V (Saltelli et al. 2010) and ST_i = mean((f_A − f_ABᵢ)²) / 2 / V
 * (Jansen 1999). Outputs are first centred on their overall mean, as SALib does. Intervals are
 * SALib's: `resamples` times, N base rows are drawn with replacement (one draw for all
 * parameters, from the bootstrap generator of `seed`), the indices recomputed, and the half-width
 * is z · sd of the replicates (n − 1). Estimates are not clipped, so with small N an S1 near 0 can
 * come out slightly negative.
 * @param outputs one model output per row of `sample.unit`, in row order.
 * @throws RangeError on a malformed sample, outputs of the wrong length or not finite, or bad options.
 */
export function sobolAnalyze(
  sample: SaltelliSample,
  outputs: readonly number[],
  options: AnalyzeOptions = {},
): SobolResult {
  validateParameters(sample.parameters);
  const k = sample.parameters.length;
  const n = sample.n;
  if (sample.unit.rows !== n * (k + 2) || sample.unit.columns !== k) {
    throw new RangeError(`sobolAnalyze: the sample is not N (k + 2) × k (N ${n}, k ${k})`);
  }
  const { resamples, confidence, seed } = resolveAnalyzeOptions(
    options,
    sample.seed,
    'sobolAnalyze',
  );
  checkOutputs(outputs, n * (k + 2), 'N (k + 2)', 'sobolAnalyze');
  const data = split(outputs, n, k);

  const s1 = new Float64Array(k);
  const st = new Float64Array(k);
  const variance = estimate(data, k, null, s1, st);

  const s1Reps = Array.from({ length: k }, () => new Float64Array(resamples));
  const stReps = Array.from({ length: k }, () => new Float64Array(resamples));
  const rows = new Int32Array(n);
  const s1b = new Float64Array(k);
  const stb = new Float64Array(k);
  const rng = bootstrapGenerator(seed);
  for (let r = 0; r < resamples; r++) {
    for (let m = 0; m < n; m++) rows[m] = Math.floor(rng.next() * n);
    estimate(data, k, rows, s1b, stb);
    for (let i = 0; i < k; i++) {
      s1Reps[i]![r] = s1b[i]!;
      stReps[i]![r] = stb[i]!;
    }
  }

  const indices = sample.parameters.map((parameter, i): SobolIndex => {
    const s1Conf = normalHalfWidth(s1Reps[i]!, confidence);
    const stConf = normalHalfWidth(stReps[i]!, confidence);
    return {
      name: parameter.name,
      s1: s1[i]!,
      s1Conf,
      s1Interval: { lower: s1[i]! - s1Conf, upper: s1[i]! + s1Conf },
      st: st[i]!,
      stConf,
      stInterval: { lower: st[i]! - stConf, upper: st[i]! + stConf },
    };
  });
  return { n, variance, indices };
}
