/**
 * Morris elementary effects (Morris 1991) with μ* (Campolongo, Cariboni & Saltelli 2007): a
 * screening method costing r (k + 1) model runs for k parameters. Sampling follows SALib's
 * `morris.sample` without optimal trajectories; the analysis follows SALib's `morris.analyze`
 * (unscaled), so results can be compared with SALib's on the same rows and outputs.
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

/** Options of {@link morrisSample}. */
export interface MorrisSampleOptions {
  readonly parameters: readonly Parameter[];
  /** Number of trajectories r (integer >= 2: σ needs two elementary effects per parameter). */
  readonly trajectories: number;
  /** Number of grid levels p (even integer >= 2). Default 4. */
  readonly levels?: number;
  /** Integer seed; the same seed always gives the same sample. */
  readonly seed: number;
}

/** One step of a trajectory: the factor that moved, and whether by +Δ or −Δ. */
interface MorrisStep {
  readonly factor: number;
  readonly direction: 1 | -1;
}

/** A Morris design: r trajectories of k + 1 points each on the p-level grid of [0, 1]^k. */
export interface MorrisSample {
  readonly parameters: readonly Parameter[];
  readonly trajectories: number;
  readonly levels: number;
  /** The step Δ = p / (2 (p − 1)) in the unit hypercube. */
  readonly delta: number;
  readonly seed: number;
  /**
   * The r (k + 1) × k points in the unit hypercube, row-major, trajectory after trajectory: row
   * t (k + 1) + s is point s of trajectory t. Map to parameter values with `toParameterMatrix`.
   */
  readonly unit: Matrix;
  /** r · k steps: `steps[t * k + s]` leads from point s to point s + 1 of trajectory t. */
  readonly steps: readonly MorrisStep[];
}

/** Morris measures of one parameter, in output units per unit of its [0, 1] coordinate. */
export interface MorrisIndex {
  readonly name: string;
  /** Mean of the elementary effects. */
  readonly mu: number;
  /** Mean of their absolute values. */
  readonly muStar: number;
  /**
   * Their sample standard deviation (n − 1); large when the effect depends on where it is measured
   * (interactions, non-linearity).
   */
  readonly sigma: number;
  /** SALib's `mu_star_conf`: the bootstrap half-width z · sd of μ* over resampled trajectories. */
  readonly muStarConf: number;
  /** μ* ± `muStarConf`. */
  readonly muStarInterval: Bounds;
}

/** The result of {@link morrisAnalyze}. */
export interface MorrisResult {
  readonly trajectories: number;
  readonly levels: number;
  readonly delta: number;
  /** One entry per parameter, in parameter order. */
  readonly indices: readonly MorrisIndex[];
  /** The elementary effects, r × k row-major: entry (t, j) is parameter j's effect in trajectory t. */
  readonly effects: Matrix;
}

/**
 * Generates r Morris trajectories (Morris 1991), as SALib's `morris.sample` does without optimal
 * trajectories. Each trajectory draws, per factor, a base level uniformly from the lower half of
 * the grid {0, 1/(p−1), …, 1} and a direction ±1, then a random order of the factors; it starts
 * with each factor at its base level (direction +1) or base + Δ (direction −1) and moves one
 * factor per step by its direction times Δ, so every point stays on the grid. Δ is a whole number
 * p/2 of grid steps, so points are computed from integer levels without drift. A discrete
 * parameter (`levels`, a structural choice) changes level at every step that moves it: Δ > 1/2
 * is wider than any of its cells (1/levels), so its elementary effects always compare two levels.
 * Draw order, from `Mulberry32(seed)`: per trajectory, k base levels, k directions, then a
 * Fisher–Yates shuffle of the factor order.
 * @throws RangeError on invalid parameters, r < 2, p not an even integer >= 2, or a non-integer seed.
 */
export function morrisSample(options: MorrisSampleOptions): MorrisSample {
  const { parameters, trajectories: r, levels: p = 4, seed } = options;
  validateParameters(parameters);
  if (!Number.isInteger(r) || r < 2)
    throw new RangeError(`morrisSample: trajectories must be an integer >= 2, got ${r}`);
  if (!Number.isInteger(p) || p < 2 || p % 2 !== 0)
    throw new RangeError(`morrisSample: levels must be an even integer >= 2, got ${p}`);
  if (!Number.isInteger(seed))
    throw new RangeError(`morrisSample: seed must be an integer, got ${seed}`);
  const k = parameters.length;
  const half = p / 2;
  const rng = new Mulberry32(seed);
  const unit = createMatrix(r * (k + 1), k);
  const steps: MorrisStep[] = [];
  const level = new Int32Array(k);
  const direction = new Int8Array(k);
  const order = new Int32Array(k);
  const writeRow = (row: number): void => {
    for (let j = 0; j < k; j++) unit.data[row * k + j] = level[j]! / (p - 1);
  };
  for (let t = 0; t < r; t++) {
    for (let j = 0; j < k; j++) level[j] = Math.floor(rng.next() * half);
    for (let j = 0; j < k; j++) direction[j] = rng.next() < 0.5 ? -1 : 1;
    for (let j = 0; j < k; j++) order[j] = j;
    for (let j = k - 1; j > 0; j--) {
      const other = Math.floor(rng.next() * (j + 1));
      const swap = order[j]!;
      order[j] = order[other]!;
      order[other] = swap;
    }
    for (let j = 0; j < k; j++) if (direction[j] === -1) level[j]! += half;
    const first = t * (k + 1);
    writeRow(first);
    for (let s = 0; s < k; s++) {
      const factor = order[s]!;
      const d = direction[factor] === 1 ? 1 : -1;
      level[factor]! += d * half;
      writeRow(first + s + 1);
      steps.push({ factor, direction: d });
    }
  }
  return { parameters, trajectories: r, levels: p, delta: half / (p - 1), seed, unit, steps };
}

function checkSample(sample: MorrisSample): void {
  validateParameters(sample.parameters);
  const k = sample.parameters.length;
  const r = sample.trajectories;
  if (
    sample.unit.rows !== r * (k + 1) ||
    sample.unit.columns !== k ||
    sample.steps.length !== r * k
  ) {
    throw new RangeError(
      `morrisAnalyze: the sample is not r (k + 1) × k with r · k steps (r ${r}, k ${k})`,
    );
  }
  const moved = new Int32Array(k);
  for (let t = 0; t < r; t++) {
    for (let s = 0; s < k; s++) {
      const { factor, direction } = sample.steps[t * k + s]!;
      if (
        !Number.isInteger(factor) ||
        factor < 0 ||
        factor >= k ||
        (direction !== 1 && direction !== -1) ||
        moved[factor] === t + 1
      ) {
        throw new RangeError(
          `morrisAnalyze: trajectory ${t} must move each factor exactly once by ±Δ (step ${s})`,
        );
      }
      moved[factor] = t + 1;
    }
  }
}

/**
 * Morris measures per parameter. The elementary effect of a step is
 * (f(upper point) − f(lower point)) / Δ, with Δ the step in the unit hypercube: output units per
 * unit of the parameter's [0, 1] coordinate, i.e. per whole range. This is SALib's convention
 * (`morris.analyze` divides by the unit Δ whatever the bounds), so a linear f = Σ aᵢ xᵢ has
 * μ*ᵢ = |aᵢ| (highᵢ − lowᵢ), and μ* of parameters with different units can be ranked against each
 * other. μ = mean, μ* = mean |·|, σ = sample sd (n − 1) of the r effects per parameter.
 * `muStarConf` is SALib's bootstrap: `resamples` times, r trajectories are drawn with replacement
 * (the same draw for every parameter, from the bootstrap generator of `seed`) and μ* recomputed;
 * the half-width is z · sd of those μ* (n − 1).
 * @param outputs one model output per row of `sample.unit`, in row order.
 * @throws RangeError on a malformed sample, outputs of the wrong length or not finite, or bad options.
 */
export function morrisAnalyze(
  sample: MorrisSample,
  outputs: readonly number[],
  options: AnalyzeOptions = {},
): MorrisResult {
  checkSample(sample);
  const { resamples, confidence, seed } = resolveAnalyzeOptions(
    options,
    sample.seed,
    'morrisAnalyze',
  );
  const k = sample.parameters.length;
  const r = sample.trajectories;
  checkOutputs(outputs, r * (k + 1), 'r (k + 1)', 'morrisAnalyze');

  const effects = createMatrix(r, k);
  for (let t = 0; t < r; t++) {
    for (let s = 0; s < k; s++) {
      const { factor, direction } = sample.steps[t * k + s]!;
      const before = outputs[t * (k + 1) + s]!;
      const after = outputs[t * (k + 1) + s + 1]!;
      effects.data[t * k + factor] = (direction * (after - before)) / sample.delta;
    }
  }

  const replicates = Array.from({ length: k }, () => new Float64Array(resamples));
  const sums = new Float64Array(k);
  const rng = bootstrapGenerator(seed);
  for (let b = 0; b < resamples; b++) {
    sums.fill(0);
    for (let i = 0; i < r; i++) {
      const t = Math.floor(rng.next() * r);
      for (let j = 0; j < k; j++) sums[j]! += Math.abs(effects.data[t * k + j]!);
    }
    for (let j = 0; j < k; j++) replicates[j]![b] = sums[j]! / r;
  }

  const indices = sample.parameters.map((parameter, j): MorrisIndex => {
    let sum = 0;
    let sumAbs = 0;
    for (let t = 0; t < r; t++) {
      const e = effects.data[t * k + j]!;
      sum += e;
      sumAbs += Math.abs(e);
    }
    const mu = sum / r;
    let ss = 0;
    for (let t = 0; t < r; t++) ss += (effects.data[t * k + j]! - mu) ** 2;
    const muStar = sumAbs / r;
    const muStarConf = normalHalfWidth(replicates[j]!, confidence);
    return {
      name: parameter.name,
      mu,
      muStar,
      sigma: Math.sqrt(ss / (r - 1)),
      muStarConf,
      muStarInterval: { lower: muStar - muStarConf, upper: muStar + muStarConf },
    };
  });
  return { trajectories: r, levels: sample.levels, delta: sample.delta, indices, effects };
}
