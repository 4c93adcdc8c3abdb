/**
 * What seeds alone do to a study's outputs, and which of its indices stand above that. The noise
 * floor is measured at several points spread over the sample (the files' values and `points − 1`
 * sample points), each on independent blocks of as many seeds as the study runs: the standard
 * deviation of an output across blocks is what a change of seeds alone does to one point, pooled
 * over the points (a floor measured at one point can be 0 where nothing happens there, as the
 * top-rung rate at the files' values).
 *
 * An index is a finding only when it clears what seeds alone can give that index. Points run on
 * common seeds, so the noise in a comparison of two points is not that of each point: a factor
 * that changes nothing changes no run, and its index is exactly 0. What seeds alone can give each
 * index is measured from the study's own points, each also run on the two halves of its seeds
 * ({@link morrisFloors}, {@link sobolFloors}).
 */
import type { Influence } from './studyOptions.js';
import type { MorrisSample } from './sensitivity/morris.js';
import type { SaltelliSample } from './sensitivity/sobol.js';
import { normalQuantile } from '../math/normal.js';

/** The indices of the sample points at which the noise floor is measured besides the files' values. */
export function noiseSamplePoints(rows: number, points: number): number[] {
  const extra = Math.max(0, Math.min(points - 1, rows));
  return Array.from({ length: extra }, (_, j) => Math.floor(((j + 0.5) * rows) / extra));
}

/** Seed blocks for the noise floor: `blocks` blocks of as many seeds as `seeds`, none shared with it. */
export function seedBlocks(seeds: readonly number[], blocks: number): number[][] {
  const span = Math.max(...seeds) + 1;
  return Array.from({ length: blocks }, (_, b) => seeds.map((s) => s + (b + 1) * span));
}

/** The noise floor of one output. */
export interface NoiseFloor {
  /** Pooled standard deviation across seed blocks (root mean of each point's variance). */
  readonly sd: number;
  /** Each point's standard deviation across its blocks, the files' values first. */
  readonly byPoint: readonly number[];
  /** Seed blocks per point. */
  readonly blocks: number;
}

/** Sample variance (n − 1) of a list. */
function variance(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
}

/**
 * Each output's noise floor from the outputs of every noise point on each of its blocks
 * (`results[point][block][output]`).
 */
export function noiseFloors(
  results: readonly (readonly (readonly number[])[])[],
  outputs: number,
): NoiseFloor[] {
  return Array.from({ length: outputs }, (_, o) => {
    const variances = results.map((blocks) => variance(blocks.map((r) => r[o]!)));
    return {
      sd: Math.sqrt(variances.reduce((s, v) => s + v, 0) / variances.length),
      byPoint: variances.map(Math.sqrt),
      blocks: results[0]?.length ?? 0,
    };
  });
}

/**
 * The two-sided quantile of Student's t with `df` degrees of freedom at 1 − `alpha` / 2, by the
 * Cornish–Fisher expansion about the normal quantile (Abramowitz & Stegun 26.7.5; within 1% of the
 * tables from 4 degrees of freedom at the levels used here).
 */
export function tQuantile(alpha: number, df: number): number {
  const z = normalQuantile(1 - alpha / 2);
  const [z3, z5, z7] = [z ** 3, z ** 5, z ** 7];
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

/**
 * What seeds alone can give each factor's Morris μ*, from the study's own steps. Every point is
 * also measured on each half of its seeds; a step's change of output on one half minus its change
 * on the other is pure seed noise of that step (the designs and the points are the same, only the
 * seeds differ), with four times the variance of the step on all seeds. A factor's noise sd s is
 * the root mean of those over its r steps. Its steps share the study's seeds, so their noise may
 * be one draw repeated: under that worst case μ* of a factor without effect is |t| s / Δ with r
 * degrees of freedom, and the floor is the t quantile at a two-sided 5% shared by the k factors
 * (Bonferroni), times s / Δ. A factor that changes no run has s = 0.
 */
export function morrisFloors(
  sample: MorrisSample,
  halfA: readonly number[],
  halfB: readonly number[],
): number[] {
  const k = sample.parameters.length;
  const sums = new Array<number>(k).fill(0);
  const counts = new Array<number>(k).fill(0);
  sample.steps.forEach((step, i) => {
    const t = Math.floor(i / k);
    const from = t * (k + 1) + (i % k);
    const d = halfA[from + 1]! - halfA[from]! - (halfB[from + 1]! - halfB[from]!);
    sums[step.factor]! += (d * d) / 4;
    counts[step.factor]!++;
  });
  return sums.map((sum, j) => {
    const r = counts[j]!;
    return r === 0 ? Infinity : (tQuantile(0.05 / k, r) * Math.sqrt(sum / r)) / sample.delta;
  });
}

/**
 * What seeds alone can give each factor's Sobol' total-order index, from the study's own rows: the
 * Jansen numerator of factor i averages (f(A) − f(ABᵢ))² over N rows, and seed noise in that
 * difference, measured (as for Morris) by the difference of the two halves' differences over 4,
 * adds up to t² s² in the same worst case; divided by 2V as the index is.
 */
export function sobolFloors(
  sample: SaltelliSample,
  outputs: readonly number[],
  halfA: readonly number[],
  halfB: readonly number[],
): number[] {
  const k = sample.parameters.length;
  const n = outputs.length / (k + 2);
  const mean = outputs.reduce((x, y) => x + y, 0) / outputs.length;
  const v = outputs.reduce((x, y) => x + (y - mean) ** 2, 0) / Math.max(1, outputs.length - 1);
  return Array.from({ length: k }, (_, i) => {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const a = j * (k + 2);
      const ab = a + 1 + i;
      const d = halfA[a]! - halfA[ab]! - (halfB[a]! - halfB[ab]!);
      sum += (d * d) / 4;
    }
    return v > 0 ? (tQuantile(0.05 / k, n) ** 2 * (sum / n)) / (2 * v) : Infinity;
  });
}

/** Whether an index clears what seeds alone can give it (its `floor`, see above). */
export function isFinding(influence: Influence): boolean {
  const floor = influence.floor ?? Infinity;
  if (influence.morris) return influence.morris.muStar > floor;
  if (influence.sobol) return influence.sobol.st > floor;
  return false;
}
