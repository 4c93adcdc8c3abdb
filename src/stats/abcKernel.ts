/**
 * The numerical pieces of the ABC-SMC fitter (`abcSmc`): the transform of a bounded prior
 * range to an unbounded coordinate and its density there, the random-walk proposal's Cholesky
 * factor, systematic resampling, and the choice of the next tolerance. Pure functions; every random
 * number comes from the {@link Mulberry32} stream passed in.
 */
import { normalQuantile } from '../math/normal.js';
import type { AbcPrior } from './abcOptions.js';
import type { Mulberry32 } from './random.js';

/** Half a step of mulberry32's output grid: moves a draw from [0, 1) into the open (0, 1). */
const HALF_STEP = 2 ** -33;

/** A uniform draw in the open interval (0, 1). */
export function openUniform(rng: Mulberry32): number {
  return rng.next() + HALF_STEP;
}

/** A standard normal draw, by inverse transform of one uniform. */
function standardNormal(rng: Mulberry32): number {
  return normalQuantile(openUniform(rng));
}

/** A 32-bit unsigned integer seed for the caller's simulation. */
export function nextSeed(rng: Mulberry32): number {
  return Math.floor(rng.next() * 4294967296);
}

/** The logistic function, computed without overflow. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log σ(z), computed without overflow or cancellation. */
function logSigmoid(z: number): number {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

/** The transformed coordinate of a prior's position u in (0, 1): logit(u). */
export function logit(u: number): number {
  return Math.log(u) - Math.log1p(-u);
}

/**
 * A parameter's natural value from its transformed coordinate z: u = σ(z) is the position in the
 * prior range, linearly ('linear') or in logarithms ('log'); exactly low or high where σ(z) rounds
 * to 0 or 1, and clamped into [low, high] against rounding.
 */
export function toNatural(prior: AbcPrior, z: number): number {
  const u = sigmoid(z);
  const { low, high } = prior;
  if (u === 0 || u === 1) return u === 0 ? low : high;
  const x =
    prior.scale === 'log'
      ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)))
      : low + u * (high - low);
  return Math.min(high, Math.max(low, x));
}

/**
 * The log density of the prior in transformed coordinates, up to a constant. Each prior is uniform
 * in its position u (log-uniform priors are uniform in log x), so the density of z = logit(u) is
 * the Jacobian du/dz = σ(z)σ(−z): the log density is Σ_j log σ(z_j) + log σ(−z_j).
 */
export function logPriorDensity(z: readonly number[]): number {
  let acc = 0;
  for (const zj of z) acc += logSigmoid(zj) + logSigmoid(-zj);
  return acc;
}

/**
 * The weighted mean and covariance (normalised by the weight sum, no bias correction) of the
 * points with positive weight.
 */
export function weightedCovariance(
  points: readonly (readonly number[])[],
  weights: readonly number[],
  dim: number,
): number[][] {
  const mean = new Array<number>(dim).fill(0);
  let sum = 0;
  points.forEach((point, i) => {
    const w = weights[i]!;
    if (!(w > 0)) return;
    sum += w;
    for (let j = 0; j < dim; j++) mean[j]! += w * point[j]!;
  });
  for (let j = 0; j < dim; j++) mean[j]! /= sum;
  const cov = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
  points.forEach((point, i) => {
    const w = weights[i]!;
    if (!(w > 0)) return;
    for (let a = 0; a < dim; a++) {
      const da = point[a]! - mean[a]!;
      for (let b = 0; b <= a; b++) cov[a]![b]! += (w * da * (point[b]! - mean[b]!)) / sum;
    }
  });
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[b]![a] = cov[a]![b]!;
  return cov;
}

/** The lower-triangular Cholesky factor of a symmetric matrix, or null if not positive definite. */
function cholesky(matrix: readonly (readonly number[])[]): number[][] | null {
  const n = matrix.length;
  const factor = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = matrix[i]![j]!;
      for (let k = 0; k < j; k++) s -= factor[i]![k]! * factor[j]![k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        factor[i]![i] = Math.sqrt(s);
      } else factor[i]![j] = s / factor[j]![j]!;
    }
  }
  return factor;
}

/**
 * The Cholesky factor of the random-walk proposal's covariance, 2 × the weighted covariance
 * (Beaumont et al. 2009). If that is not positive definite (particles collapsed onto a line or a
 * point), a jitter is added to the diagonal: 1e-10 of the mean variance (or of 1 if that is zero),
 * multiplied by 10 until the factor exists.
 */
export function proposalFactor(covariance: readonly (readonly number[])[], scale = 2): number[][] {
  const dim = covariance.length;
  const scaled = covariance.map((row) => row.map((c) => scale * c));
  let trace = 0;
  for (let j = 0; j < dim; j++) trace += scaled[j]![j]!;
  const base = trace > 0 && trace < Infinity ? trace / dim : 1;
  for (let jitter = 0; ; jitter = jitter === 0 ? base * 1e-10 : jitter * 10) {
    const matrix = scaled.map((row, a) => row.map((c, b) => (a === b ? c + jitter : c)));
    const factor = cholesky(matrix);
    if (factor !== null) return factor;
    if (jitter > base * 1e6) throw new RangeError('abcSmc: proposal covariance is not finite');
  }
}

/** z + L·n with n a vector of standard normals drawn from the stream, one per coordinate. */
export function randomWalk(
  z: readonly number[],
  factor: readonly (readonly number[])[],
  rng: Mulberry32,
): number[] {
  const dim = z.length;
  const noise = Array.from({ length: dim }, () => standardNormal(rng));
  return z.map((zj, a) => {
    let step = 0;
    for (let b = 0; b <= a; b++) step += factor[a]![b]! * noise[b]!;
    return zj + step;
  });
}

/**
 * Systematic resampling: N indices drawn in proportion to the weights with one uniform from the
 * stream (u, u + 1/N, …), in increasing order of index.
 */
export function systematicResample(weights: readonly number[], rng: Mulberry32): number[] {
  const n = weights.length;
  let total = 0;
  for (const w of weights) total += w;
  const start = rng.next() / n;
  const indices: number[] = [];
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (weights[i]! > 0) last = i;
    cumulative += weights[i]! / total;
    while (indices.length < n && start + indices.length / n < cumulative) indices.push(i);
  }
  // rounding can leave the cumulative sum just under the last pointer
  while (indices.length < n) indices.push(last);
  return indices;
}

/**
 * The next tolerance (Del Moral et al. 2012, with one simulation per particle): new weights are
 * w_i · 1{d_i ≤ ε}, and ε is the smallest particle distance below `previous` at which their ESS is
 * at least `targetEss`. The ESS only changes at particle distances, so the search runs exactly over
 * the sorted distances rather than bisecting a continuous ε. If only ε = `previous` reaches the
 * target, the largest distance below `previous` is returned (the ESS then falls further than asked);
 * null if no particle of positive weight is below `previous`.
 */
export function nextTolerance(
  distances: readonly number[],
  weights: readonly number[],
  targetEss: number,
  previous: number,
): number | null {
  const alive = distances
    .map((_, i) => i)
    .filter((i) => weights[i]! > 0 && distances[i]! < previous)
    .sort((a, b) => distances[a]! - distances[b]! || a - b);
  if (alive.length === 0) return null;
  let sum = 0;
  let squares = 0;
  for (let k = 0; k < alive.length; k++) {
    const i = alive[k]!;
    sum += weights[i]!;
    squares += weights[i]! * weights[i]!;
    const d = distances[i]!;
    const next = alive[k + 1];
    // only at the last particle of a run of equal distances is the ESS that of the threshold d
    if (next !== undefined && distances[next] === d) continue;
    if ((sum * sum) / squares >= targetEss) return d;
  }
  return distances[alive[alive.length - 1]!]!;
}
