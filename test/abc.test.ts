import { beforeAll, describe, expect, it } from 'vitest';
import {
  abcSmc,
  effectiveSampleSize,
  posteriorIntervals,
  weightedMean,
  weightedQuantile,
  type AbcContext,
  type AbcDistance,
  type AbcGeneration,
  type AbcParticle,
  type AbcPrior,
  type AbcResult,
  type AbcStop,
  type PosteriorInterval,
} from '../src/stats/abc.js';
import {
  logPriorDensity,
  logit,
  nextTolerance,
  proposalFactor,
  systematicResample,
  toNatural,
} from '../src/stats/abcKernel.js';
import { quantile } from '../src/stats/quantile.js';
import { Mulberry32, mulberry32 } from '../src/stats/random.js';

/** n standard normal draws by Box–Muller from mulberry32(seed), independent of the fitter's code. */
function normals(n: number, seed: number): number[] {
  const rng = mulberry32(seed);
  const out: number[] = [];
  while (out.length < n) {
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const angle = 2 * Math.PI * rng();
    out.push(r * Math.cos(angle));
    if (out.length < n) out.push(r * Math.sin(angle));
  }
  return out;
}

/** Sorted logarithms of n lognormal draws with median m and log-sd s. */
function logLognormalSample(m: number, s: number, n: number, seed: number): number[] {
  return normals(n, seed)
    .map((z) => Math.log(m) + s * z)
    .sort((a, b) => a - b);
}

const QUANTILE_PS = [0.1, 0.5, 0.9];
const TRUE_M = 100;
const TRUE_S = 0.6;
const OBSERVED_LOG_Q = ((): number[] => {
  const sample = logLognormalSample(TRUE_M, TRUE_S, 200, 2024);
  return QUANTILE_PS.map((p) => quantile(sample, p));
})();

/** Σ over the 10/50/90% quantiles of |log(simulated q) − log(observed q)|; theta[2] is unused. */
const lognormalDistance: AbcDistance = async (thetas, { seeds }) =>
  thetas.map((theta, i) => {
    const sample = logLognormalSample(theta[0]!, theta[1]!, 200, seeds[i]!);
    return QUANTILE_PS.reduce(
      (acc, p, k) => acc + Math.abs(quantile(sample, p) - OBSERVED_LOG_Q[k]!),
      0,
    );
  });

const LOGNORMAL_PRIORS: AbcPrior[] = [
  { id: 'm', low: 10, high: 1000, scale: 'log' },
  { id: 's', low: 0.1, high: 1.5, scale: 'linear' },
  { id: 'irrelevant', low: 1, high: 1000, scale: 'log' },
];

/** A position in a prior's range, in [0, 1] (in logarithms for a log prior). */
function position(prior: AbcPrior, x: number): number {
  return prior.scale === 'log'
    ? Math.log(x / prior.low) / Math.log(prior.high / prior.low)
    : (x - prior.low) / (prior.high - prior.low);
}

describe('abcSmc on a lognormal with known parameters (N = 500, default alpha 0.9)', () => {
  let result: AbcResult;
  beforeAll(async () => {
    result = await abcSmc(LOGNORMAL_PRIORS, lognormalDistance, {
      seed: 7,
      particles: 500,
      maxGenerations: 200,
    });
  });

  it('runs an adaptive schedule with decreasing tolerance and consistent counts', () => {
    const eps = result.schedule.map((entry) => entry.epsilon);
    for (let g = 1; g < eps.length; g++) expect(eps[g]).toBeLessThan(eps[g - 1]!);
    expect(result.epsilon).toBe(eps.at(-1));
    expect(result.stopped).toBe('acceptance');
    const last: AbcGeneration = result.schedule.at(-1)!;
    expect(last.acceptance).toBeLessThan(0.015);
    const total = result.schedule.reduce((acc, entry) => acc + entry.simulations, 0);
    expect(result.simulations).toBe(total);
    expect(result.params).toEqual(['m', 's', 'irrelevant']);
    expect(result.particles.reduce((acc, p) => acc + p.weight, 0)).toBeCloseTo(1, 12);
    for (const particle of result.particles)
      expect(particle.distance).toBeLessThanOrEqual(result.epsilon);
  });

  it('puts each true value inside a 90% interval far narrower than the prior', () => {
    const [m, s]: PosteriorInterval[] = posteriorIntervals(result, 0.9);
    expect(m!.low).toBeLessThan(TRUE_M);
    expect(m!.high).toBeGreaterThan(TRUE_M);
    expect(s!.low).toBeLessThan(TRUE_S);
    expect(s!.high).toBeGreaterThan(TRUE_S);
    // the prior's own 90% interval spans 0.9 of the range in position units
    for (const [k, interval] of [m!, s!].entries()) {
      const prior = LOGNORMAL_PRIORS[k]!;
      const width = position(prior, interval.high) - position(prior, interval.low);
      expect(width).toBeLessThan(0.2);
    }
  });

  it('leaves a parameter the simulator ignores close to its log-uniform prior', () => {
    const irrelevant = posteriorIntervals(result, 0.9)[2]!;
    const prior = LOGNORMAL_PRIORS[2]!;
    const low = position(prior, irrelevant.low);
    const high = position(prior, irrelevant.high);
    // the prior's 5% and 95% points are at positions 0.05 and 0.95
    expect(low).toBeLessThan(0.15);
    expect(high).toBeGreaterThan(0.85);
    expect(high - low).toBeGreaterThan(0.75 * 0.9);
    expect(position(prior, irrelevant.median)).toBeGreaterThan(0.3);
    expect(position(prior, irrelevant.median)).toBeLessThan(0.7);
  });
});

describe('abcSmc against an exact posterior (normal mean, known sd)', () => {
  it('matches the mean and sd of the exact ABC posterior at the final tolerance', async () => {
    // 25 draws of N(mu, 1); flat prior on [-10, 10]; the distance |mean_sim - mean_obs| uses a
    // sufficient statistic, so the ABC posterior at tolerance eps is N(ybar, 1/25) convolved with
    // U(-eps, eps): mean ybar, variance 1/25 + eps^2/3 (prior truncation is ~50 sd away).
    const n = 25;
    const sampleMean = (mu: number, seed: number): number =>
      normals(n, seed).reduce((acc, z) => acc + mu + z, 0) / n;
    const ybar = sampleMean(1.3, 99);
    const result = await abcSmc(
      [{ id: 'mu', low: -10, high: 10, scale: 'linear' }],
      async (thetas, { seeds }) =>
        thetas.map((t, i) => Math.abs(sampleMean(t[0]!, seeds[i]!) - ybar)),
      { seed: 11, particles: 1000, targetTolerance: 0.04, maxGenerations: 200 },
    );
    expect(result.stopped).toBe('tolerance');
    expect(result.epsilon).toBe(0.04);
    const values = result.particles.map((p) => p.theta[0]!);
    const weights = result.particles.map((p) => p.weight);
    const mean = weightedMean(values, weights);
    const sd = Math.sqrt(
      weightedMean(
        values.map((v) => (v - mean) ** 2),
        weights,
      ),
    );
    const exactSd = Math.sqrt(1 / n + 0.04 ** 2 / 3);
    expect(Math.abs(mean - ybar)).toBeLessThan(0.2 * exactSd);
    expect(Math.abs(sd / exactSd - 1)).toBeLessThan(0.12);
  });
});

/** A cheap two-parameter fit for the determinism tests. */
function quickFit(seed: number, distance: AbcDistance = lognormalDistance): Promise<AbcResult> {
  return abcSmc(LOGNORMAL_PRIORS.slice(0, 2), distance, {
    seed,
    particles: 100,
    maxGenerations: 6,
    mcmcSteps: 2,
  });
}

describe('abcSmc determinism', () => {
  it('gives byte-identical results for the same seed, different ones for another', async () => {
    const a = JSON.stringify(await quickFit(3));
    const b = JSON.stringify(await quickFit(3));
    const c = JSON.stringify(await quickFit(4));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(JSON.parse(c).particles[0].theta).not.toEqual(JSON.parse(a).particles[0].theta);
  });

  it('does not depend on the order in which the caller finishes the simulations', async () => {
    // each simulation finishes after a delay that scrambles the completion order
    const scrambled: AbcDistance = (thetas, context) =>
      Promise.all(
        thetas.map(
          (theta, i) =>
            new Promise<number>((resolve) => {
              setTimeout(
                () => {
                  const one = { generation: context.generation, seeds: [context.seeds[i]!] };
                  void lognormalDistance([theta], one).then((d) => resolve(d[0]!));
                },
                (i * 7) % 5,
              );
            }),
        ),
      );
    expect(JSON.stringify(await quickFit(3, scrambled))).toBe(JSON.stringify(await quickFit(3)));
  });

  it('hands the simulator in-range natural parameters and 32-bit integer seeds', async () => {
    const generations: number[] = [];
    await quickFit(5, async (thetas, context: AbcContext) => {
      expect(context.seeds).toHaveLength(thetas.length);
      for (const seed of context.seeds) {
        expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
      }
      for (const theta of thetas) {
        expect(theta[0]).toBeGreaterThanOrEqual(10);
        expect(theta[0]).toBeLessThanOrEqual(1000);
        expect(theta[1]).toBeGreaterThanOrEqual(0.1);
        expect(theta[1]).toBeLessThanOrEqual(1.5);
      }
      generations.push(context.generation);
      return lognormalDistance(thetas, context);
    });
    expect(generations[0]).toBe(0);
    for (let k = 1; k < generations.length; k++)
      expect(generations[k]! - generations[k - 1]!).toBeGreaterThanOrEqual(0);
  });
});

describe('abcSmc stopping rules', () => {
  const prior: AbcPrior[] = [{ id: 'x', low: 0, high: 1, scale: 'linear' }];

  it('stops at generation 0 when the prior sample already meets the tolerance', async () => {
    const result = await abcSmc(prior, async (t) => t.map(() => 0), { seed: 1, particles: 10 });
    expect(result.stopped).toBe('tolerance');
    expect(result.schedule).toHaveLength(1);
  });

  it('reports a stall when no distance is below the tolerance', async () => {
    const result = await abcSmc(prior, async (t) => t.map(() => 1), { seed: 1, particles: 10 });
    expect(result.stopped).toBe('stalled');
    expect(result.particles).toHaveLength(10);
  });

  it('stops after maxGenerations and discards infinite distances', async () => {
    const distance: AbcDistance = async (thetas) =>
      thetas.map((t) => (t[0]! > 0.5 ? Infinity : 0.5 - t[0]!));
    const result = await abcSmc(prior, distance, { seed: 2, particles: 50, maxGenerations: 3 });
    expect(result.stopped).toBe('generations');
    expect(result.schedule).toHaveLength(4);
    for (const particle of result.particles) expect(particle.theta[0]).toBeLessThanOrEqual(0.5);
  });
});

describe('abcSmc option validation', () => {
  const priors: AbcPrior[] = [{ id: 'x', low: 0, high: 1, scale: 'linear' }];
  const distance: AbcDistance = async (t) => t.map(() => 0.5);
  const cases: [string, Parameters<typeof abcSmc>[0], Record<string, unknown>, RegExp][] = [
    ['particles 0', priors, { particles: 0 }, /particles must be an integer >= 1/],
    ['particles 1.5', priors, { particles: 1.5 }, /particles must be an integer >= 1/],
    ['mcmcSteps 0', priors, { mcmcSteps: 0 }, /mcmcSteps must be an integer >= 1/],
    ['maxGenerations 0', priors, { maxGenerations: 0 }, /maxGenerations must be/],
    ['alpha 1', priors, { alpha: 1 }, /alpha must be in \(0, 1\)/],
    ['alpha 0', priors, { alpha: 0 }, /alpha must be in \(0, 1\)/],
    ['resampleThreshold 2', priors, { resampleThreshold: 2 }, /resampleThreshold must be in/],
    ['minAcceptance -1', priors, { minAcceptance: -1 }, /minAcceptance must be in/],
    ['targetTolerance NaN', priors, { targetTolerance: NaN }, /targetTolerance must be >= 0/],
    ['seed 0.5', priors, { seed: 0.5 }, /seed must be an integer/],
    ['no priors', [], {}, /at least one prior/],
    ['low = high', [{ id: 'x', low: 1, high: 1, scale: 'linear' }], {}, /finite low < high/],
    ['log low 0', [{ id: 'x', low: 0, high: 1, scale: 'log' }], {}, /log scale needs low > 0/],
    ['duplicate id', [...priors, ...priors], {}, /distinct non-empty/],
    ['bad scale', [{ id: 'x', low: 0, high: 1, scale: 'ln' as any }], {}, /scale must be/],
  ];
  it.each(cases)('rejects %s', async (_, p, options, message) => {
    await expect(abcSmc(p, distance, { seed: 1, ...options })).rejects.toThrow(RangeError);
    await expect(abcSmc(p, distance, { seed: 1, ...options })).rejects.toThrow(message);
  });

  it('rejects a distance function returning the wrong count, NaN or a negative', async () => {
    const short: AbcDistance = async (t) => t.slice(1).map(() => 0.5);
    await expect(abcSmc(priors, short, { seed: 1 })).rejects.toThrow(/returned 999 values/);
    const nan: AbcDistance = async (t) => t.map(() => NaN);
    await expect(abcSmc(priors, nan, { seed: 1 })).rejects.toThrow(RangeError);
    const negative: AbcDistance = async (t) => t.map(() => -1);
    await expect(abcSmc(priors, negative, { seed: 1 })).rejects.toThrow(/not >= 0/);
  });
});

describe('weighted summaries', () => {
  it('effectiveSampleSize matches hand-computed values', () => {
    expect(effectiveSampleSize([1, 1, 1, 1])).toBeCloseTo(4, 12);
    expect(effectiveSampleSize([2, 0, 0])).toBeCloseTo(1, 12);
    // (0.5 + 0.25 + 0.25)^2 / (0.25 + 0.0625 + 0.0625) = 1 / 0.375
    expect(effectiveSampleSize([0.5, 0.25, 0.25])).toBeCloseTo(8 / 3, 12);
    expect(() => effectiveSampleSize([])).toThrow(RangeError);
    expect(() => effectiveSampleSize([1, -1])).toThrow(RangeError);
  });

  it('weightedQuantile with equal weights is the type-7 quantile', () => {
    const values = [3.5, -1, 8, 2, 2, 10, 4.25];
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [0, 0.05, 0.1, 0.37, 0.5, 0.9, 0.95, 1]) {
      expect(
        weightedQuantile(
          values,
          values.map(() => 0.3),
          p,
        ),
      ).toBeCloseTo(quantile(sorted, p), 10);
    }
  });

  it('weightedQuantile matches hand-computed values with unequal and zero weights', () => {
    // w = (1/4, 1/2, 1/4): n* = 8/3; p = 0.25 gives h = 17/12 and the window [5/32, 17/32]:
    // (10 * 3/32 + 20 * 9/32) / (12/32) = 17.5
    expect(weightedQuantile([30, 10, 20], [1, 1, 2], 0.25)).toBeCloseTo(17.5, 12);
    expect(weightedQuantile([30, 10, 20], [1, 1, 2], 0.5)).toBeCloseTo(20, 12);
    // p = 0: window [0, 3/8]: (10 * 1/4 + 20 * 1/8) / (3/8)
    expect(weightedQuantile([30, 10, 20], [1, 1, 2], 0)).toBeCloseTo(40 / 3, 12);
    // a value of zero weight plays no part
    expect(weightedQuantile([1, 100, 2], [1, 0, 1], 0.3)).toBeCloseTo(1.3, 12);
    expect(() => weightedQuantile([1], [1, 2], 0.5)).toThrow(RangeError);
    expect(() => weightedQuantile([1, 2], [0, 0], 0.5)).toThrow(RangeError);
    expect(() => weightedQuantile([1, 2], [1, 1], 1.5)).toThrow(RangeError);
  });

  it('posteriorIntervals summarises each parameter of a result', () => {
    const result: AbcResult = {
      params: ['a', 'b'],
      particles: [1, 2, 3, 4, 5].map((v): AbcParticle => ({
        theta: [v, 10 * v],
        weight: 0.2,
        distance: 0,
      })),
      ess: 5,
      epsilon: 0,
      schedule: [],
      simulations: 0,
      stopped: 'tolerance' satisfies AbcStop,
    };
    const [a, b] = posteriorIntervals(result);
    // type 7 on 1..5 at p = 0.05: 1 + 4 * 0.05 = 1.2
    expect(a!.id).toBe('a');
    expect(a!.low).toBeCloseTo(1.2, 12);
    expect(a!.median).toBeCloseTo(3, 12);
    expect(a!.high).toBeCloseTo(4.8, 12);
    expect(a!.mean).toBeCloseTo(3, 12);
    expect(b!.high).toBeCloseTo(48, 10);
    expect(() => posteriorIntervals(result, 1)).toThrow(RangeError);
  });
});

describe('abc kernel', () => {
  it('maps transformed coordinates into the prior range, the density being the Jacobian', () => {
    const prior: AbcPrior = { id: 'x', low: 2, high: 50, scale: 'log' };
    expect(toNatural(prior, logit(0.5))).toBeCloseTo(10, 12);
    expect(toNatural(prior, 800)).toBe(50);
    expect(toNatural(prior, -800)).toBe(2);
    // du/dz numerically, u = position in the range
    for (const z of [-3, -0.4, 0, 1.7]) {
      const h = 1e-5;
      const du =
        (position(prior, toNatural(prior, z + h)) - position(prior, toNatural(prior, z - h))) /
        (2 * h);
      expect(Math.exp(logPriorDensity([z]))).toBeCloseTo(du, 8);
    }
  });

  it('chooses the smallest distance whose ESS reaches the target', () => {
    const w = [1, 1, 1, 1];
    expect(nextTolerance([4, 1, 3, 2], w, 2.5, 4)).toBe(3);
    expect(nextTolerance([1, 1, 1, 5], w, 2, 5)).toBe(1);
    // the target needs the particle at the previous tolerance: the next lower distance is taken
    expect(nextTolerance([1, 1, 1, 5], w, 3.5, 5)).toBe(1);
    expect(nextTolerance([5, 5], [1, 1], 1, 5)).toBeNull();
  });

  it('resamples systematically in proportion to the weights', () => {
    expect(systematicResample([0, 1, 0, 3], new Mulberry32(9))).toEqual([1, 3, 3, 3]);
  });

  it('jitters a singular proposal covariance until it factors', () => {
    const factor = proposalFactor([
      [1, 1],
      [1, 1],
    ]);
    expect(factor[0]![0]).toBeCloseTo(Math.SQRT2, 6);
    expect(factor[1]![1]).toBeGreaterThan(0);
  });
});
