/**
 * What the Morris and Sobol analyses share: their options, outputs checking, and SALib's
 * normal-approximation bootstrap interval, estimate ± z · sd(replicates) (sd with n − 1), where z
 * is the standard normal quantile at (1 + confidence) / 2.
 */
import { normalQuantile } from '../../math/normal.js';
import { Mulberry32 } from '../../stats/random.js';

/** Options of `morrisAnalyze` and `sobolAnalyze`. */
export interface AnalyzeOptions {
  /** Bootstrap resamples (integer >= 2). Default 1000. */
  readonly resamples?: number;
  /** Two-sided confidence level in (0, 1). Default 0.95. */
  readonly confidence?: number;
  /** Integer seed of the bootstrap. Default: the sample's seed. */
  readonly seed?: number;
}

/** A two-sided interval. */
export interface Bounds {
  readonly lower: number;
  readonly upper: number;
}

/** {@link AnalyzeOptions} with defaults filled in and checked. */
export interface ResolvedAnalyzeOptions {
  readonly resamples: number;
  readonly confidence: number;
  readonly seed: number;
}

/**
 * Fills in defaults (1000 resamples, 0.95, the sample's seed) and checks them.
 * @throws RangeError on a non-integer or < 2 resample count, a confidence outside (0, 1) or a non-integer seed.
 */
export function resolveAnalyzeOptions(
  options: AnalyzeOptions,
  sampleSeed: number,
  name: string,
): ResolvedAnalyzeOptions {
  const { resamples = 1000, confidence = 0.95, seed = sampleSeed } = options;
  if (!Number.isInteger(resamples) || resamples < 2)
    throw new RangeError(`${name}: resamples must be an integer >= 2, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`${name}: confidence must be in (0, 1), got ${confidence}`);
  if (!Number.isInteger(seed))
    throw new RangeError(`${name}: seed must be an integer, got ${seed}`);
  return { resamples, confidence, seed };
}

// The samplers draw from Mulberry32(seed); the bootstrap starts elsewhere in the stream so that,
// with the default (the sample's own seed), its resample indices are not the sample's coordinates.
const BOOTSTRAP_STREAM = 0x2545f491;

/** The bootstrap's generator for a seed. */
export function bootstrapGenerator(seed: number): Mulberry32 {
  return new Mulberry32((seed ^ BOOTSTRAP_STREAM) >>> 0);
}

/**
 * Checks that there is one finite output per sample row.
 * @throws RangeError naming the expected count or the first non-finite output.
 */
export function checkOutputs(
  outputs: readonly number[],
  rows: number,
  layout: string,
  name: string,
): void {
  if (outputs.length !== rows)
    throw new RangeError(
      `${name}: expected ${rows} outputs (${layout}, one per sample row), got ${outputs.length}`,
    );
  for (let i = 0; i < rows; i++) {
    if (!Number.isFinite(outputs[i]))
      throw new RangeError(`${name}: outputs[${i}] must be a finite number, got ${outputs[i]}`);
  }
}

/** SALib's bootstrap half-width: z · sd(replicates), sd with n − 1 in the denominator. */
export function normalHalfWidth(replicates: Float64Array, confidence: number): number {
  const n = replicates.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += replicates[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (replicates[i]! - mean) ** 2;
  return normalQuantile(0.5 + confidence / 2) * Math.sqrt(ss / (n - 1));
}
