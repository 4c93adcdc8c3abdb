/**
 * What seeds alone do to a study's outputs, and which of its indices stand above that. The noise
 * floor is measured at several points spread over the sample (the files' values and `points − 1`
 * sample points), each on independent blocks of as many seeds as the study runs: the standard
 * deviation of an output across blocks is what a change of seeds alone does to one point, pooled
 * over the points (a floor measured at one point can be 0 where nothing happens there, as the
 * top-rung rate at the files' values).
 *
 * An index is a finding only when its lower confidence bound (corrected for the number of indices
 * tested, see {@link isFinding}) clears what noise alone would give:
 * for Morris, an elementary effect of pure noise is a difference of two noisy outputs divided by
 * Δ, whose mean absolute value is 2σ/(Δ√π) for a noise standard deviation σ; for Sobol', noise adds
 * σ² to every total-order numerator, so a total-order index below σ²/Var(Y) is noise. Both treat
 * the noise at two points as independent, which the common seeds make conservative.
 */
import type { Influence } from './studyOptions.js';
import { normalQuantile } from '../math/normal.js';
import { Z95 } from './studyFlip.js';

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

/** What pure noise of standard deviation `sd` gives a Morris μ* with grid step Δ: 2σ/(Δ√π). */
export function morrisNoiseFloor(delta: number, sd: number): number {
  return (2 * sd) / (delta * Math.sqrt(Math.PI));
}

/** What pure noise of standard deviation `sd` gives a Sobol' total-order index of an output of variance `v`. */
export function sobolNoiseFloor(sd: number, v: number): number {
  return v > 0 ? (sd * sd) / v : Infinity;
}

/**
 * Whether an index clears its floor: its lower confidence bound above it, the bound widened for
 * the `indices` tested together (Bonferroni: a one-sided 2.5% / k), so that an output of pure
 * noise has about a 2.5% chance of any finding however many assumptions the register holds. The
 * index's bootstrap half-width at 95% gives its standard error.
 */
export function isFinding(influence: Influence, floor: number, indices: number): boolean {
  const z = normalQuantile(1 - 0.025 / Math.max(1, indices)) / Z95;
  if (influence.morris) return influence.morris.muStar - z * influence.morris.muStarConf > floor;
  if (influence.sobol) return influence.sobol.st - z * influence.sobol.stConf > floor;
  return false;
}
