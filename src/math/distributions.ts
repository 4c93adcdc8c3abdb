/**
 * Distributions of durations as scenario authors state them, compiled to inverse-CDF samplers:
 * one uniform number in, one value out. A leaf module: the model compiles with it and the engine
 * draws through it, and neither owns it.
 */
import { normalQuantile } from './normal.js';

/**
 * A distribution as a scenario author states it. Durations are minutes (the loader turns
 * "90m", "3h", "2d" into minutes).
 */
export type Distribution =
  | { fixed: number }
  | { lognormal: { median: number; p90: number } }
  | { triangular: { min: number; mode: number; max: number } }
  | { exponential: { mean: number } }
  | { uniform: { min: number; max: number } };

/** A distribution ready to sample by inverse transform: one uniform in, one value out. */
export type Sampler = (u: number) => number;

const Z90 = normalQuantile(0.9);

/** Compiles a distribution into an inverse-CDF sampler. */
export function toSampler(d: Distribution): Sampler {
  if ('fixed' in d) {
    const v = d.fixed;
    return () => v;
  }
  if ('lognormal' in d) {
    const mu = Math.log(d.lognormal.median);
    const sigma = (Math.log(d.lognormal.p90) - mu) / Z90;
    return (u) => Math.exp(mu + sigma * normalQuantile(clampOpen(u)));
  }
  if ('triangular' in d) {
    const { min: a, mode: c, max: b } = d.triangular;
    if (b === a) return () => a;
    const fc = (c - a) / (b - a);
    return (u) =>
      u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
  }
  if ('exponential' in d) {
    const mean = d.exponential.mean;
    return (u) => -mean * Math.log(1 - u);
  }
  const { min, max } = d.uniform;
  return (u) => min + u * (max - min);
}

function clampOpen(u: number): number {
  return u <= 0 ? Number.MIN_VALUE : u;
}
