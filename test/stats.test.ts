import { describe, it, expect } from 'vitest';
import { normalQuantile } from '../src/math/normal.js';
import { meanInterval, wilsonInterval } from '../src/stats/intervals.js';
import { median, quantile } from '../src/stats/quantile.js';
import { mulberry32 } from '../src/stats/random.js';
import {
  bootstrapQuantileInterval,
  bootstrapQuantileIntervals,
  bootstrapQuantileReplicates,
  bootstrapReplicates,
  jointBootstrapReplicates,
  jointPairedDifferenceIntervals,
  jointQuantileIntervals,
  pairedDifferenceInterval,
} from '../src/stats/bootstrap.js';

const ONE_TO_TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Sorted sample of Exp(1) via inverse transform; true median is ln 2. */
function exponentialSample(n: number, seed: number): number[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => -Math.log(1 - rng())).sort((a, b) => a - b);
}

/** Naive reference: materialise and sort every resample (same draw order as the module documents). */
function naiveReplicates(
  sorted: readonly number[],
  p: number,
  resamples: number,
  seed: number,
): number[] {
  const rng = mulberry32(seed);
  const n = sorted.length;
  const out: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const resample = Array.from({ length: n }, () => sorted[Math.floor(rng() * n)]!).sort(
      (a, b) => a - b,
    );
    out.push(quantile(resample, p));
  }
  return out;
}

describe('quantile (Hyndman & Fan type 7)', () => {
  it('matches numpy.percentile (default linear method) on 1..10', () => {
    // Values from python3: numpy.percentile(numpy.arange(1, 11), 100 * p), numpy 2.4.6.
    // By hand: h = 9p, e.g. p = 0.9 -> h = 8.1 -> x[8] + 0.1 * (x[9] - x[8]) = 9 + 0.1 = 9.1.
    const expected: Array<[number, number]> = [
      [0, 1],
      [0.1, 1.9],
      [0.25, 3.25],
      [0.5, 5.5],
      [0.9, 9.1],
      [0.975, 9.775],
      [1, 10],
    ];
    for (const [p, q] of expected) expect(quantile(ONE_TO_TEN, p)).toBeCloseTo(q, 12);
    expect(quantile(ONE_TO_TEN, 0)).toBe(1);
    expect(quantile(ONE_TO_TEN, 1)).toBe(10);
    expect(median(ONE_TO_TEN)).toBe(5.5);
  });

  it('matches numpy.percentile on an uneven sample', () => {
    // python3: numpy.percentile([2.5, 3.1, 4.7, 9.0, 10.2], [10, 33, 50, 80]) -> 2.74, 3.612, 4.7, 9.24
    const y = [2.5, 3.1, 4.7, 9.0, 10.2];
    expect(quantile(y, 0.1)).toBeCloseTo(2.74, 12);
    expect(quantile(y, 0.33)).toBeCloseTo(3.612, 12);
    expect(quantile(y, 0.5)).toBe(4.7);
    expect(quantile(y, 0.8)).toBeCloseTo(9.24, 12);
  });

  it('returns the single element for n = 1 at any p', () => {
    // python3: numpy.percentile([42.0], 37) -> 42.0
    for (const p of [0, 0.37, 0.5, 1]) expect(quantile([42], p)).toBe(42);
  });

  it('throws RangeError on empty input or p outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(() => median([])).toThrow(RangeError);
    expect(() => quantile(ONE_TO_TEN, -0.01)).toThrow(RangeError);
    expect(() => quantile(ONE_TO_TEN, 1.01)).toThrow(RangeError);
    expect(() => quantile(ONE_TO_TEN, NaN)).toThrow(RangeError);
  });
});

describe('normalQuantile', () => {
  it('matches known standard normal quantiles to 1e-9', () => {
    // Reference values: scipy.stats.norm.ppf / python3 statistics.NormalDist().inv_cdf
    // (1.9599639845400536, 0.0, -1.6448536269514726, 2.5758293035489, 1.2815515655446008, -6.361340902404056).
    const cases: Array<[number, number]> = [
      [0.975, 1.959963984540054],
      [0.5, 0],
      [0.05, -1.6448536269514729],
      [0.995, 2.5758293035489],
      [0.9, 1.2815515655446008],
      [1e-10, -6.361340902404056],
    ];
    for (const [p, z] of cases) expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-9);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('is antisymmetric and handles the endpoints', () => {
    for (const p of [0.001, 0.02, 0.3, 0.45])
      expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 12);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(NaN)).toThrow(RangeError);
  });
});

describe('meanInterval', () => {
  it('is the mean ± z·s/√n: 1, 2, 3, 4 at 95% -> 2.5 ± 1.959964 × 1.290994 / 2', () => {
    const { estimate, lower, upper } = meanInterval([1, 2, 3, 4]);
    expect(estimate).toBe(2.5);
    expect(upper - 2.5).toBeCloseTo((1.959964 * 1.290994) / 2, 5);
    expect(2.5 - lower).toBeCloseTo((1.959964 * 1.290994) / 2, 5);
  });

  it('has no width for one value and no value for none', () => {
    expect(meanInterval([7])).toEqual({ estimate: 7, lower: 7, upper: 7 });
    expect(Number.isNaN(meanInterval([]).estimate)).toBe(true);
  });
});

describe('wilsonInterval', () => {
  // Reference bounds computed with python3 from the Wilson formula,
  //   z = NormalDist().inv_cdf(1 - (1 - c) / 2), d = 1 + z^2/n,
  //   centre = (phat + z^2/(2n)) / d, half = z/d * sqrt(phat(1-phat)/n + z^2/(4n^2)).
  it('8 of 10 at 95% -> [0.4901625, 0.9433178]', () => {
    const w = wilsonInterval(8, 10);
    expect(w.estimate).toBe(0.8);
    expect(w.lower).toBeCloseTo(0.49016247153664183, 10);
    expect(w.upper).toBeCloseTo(0.9433178485456247, 10);
  });

  it('0 of 20 and 20 of 20 touch the boundary', () => {
    const none = wilsonInterval(0, 20);
    expect(none.estimate).toBe(0);
    expect(none.lower).toBe(0);
    expect(none.upper).toBeCloseTo(0.1611251580528193, 10);
    const all = wilsonInterval(20, 20);
    expect(all.estimate).toBe(1);
    expect(all.lower).toBeCloseTo(0.8388748419471808, 10);
    expect(all.upper).toBe(1);
  });

  it('honours the confidence level', () => {
    const w90 = wilsonInterval(8, 10, 0.9);
    expect(w90.lower).toBeCloseTo(0.5407928056874881, 10);
    expect(w90.upper).toBeCloseTo(0.9314420122624679, 10);
    const w99 = wilsonInterval(37, 120, 0.99);
    expect(w99.lower).toBeCloseTo(0.21219370709039864, 10);
    expect(w99.upper).toBeCloseTo(0.42455728939891313, 10);
  });

  it('returns NaN estimate and [0, 1] for zero trials; rejects bad input', () => {
    const w = wilsonInterval(0, 0);
    expect(w.estimate).toBeNaN();
    expect(w.lower).toBe(0);
    expect(w.upper).toBe(1);
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(5, 10, 1)).toThrow(RangeError);
  });
});

describe('bootstrapQuantileInterval', () => {
  const sample = exponentialSample(301, 7);

  it('is deterministic for a given seed and varies with the seed', () => {
    const a = bootstrapQuantileInterval(sample, 0.5, { seed: 123 });
    const b = bootstrapQuantileInterval(sample, 0.5, { seed: 123 });
    const c = bootstrapQuantileInterval(sample, 0.5, { seed: 124 });
    expect(b).toEqual(a);
    expect(c.estimate).toBe(a.estimate);
    expect([c.lower, c.upper]).not.toEqual([a.lower, a.upper]);
    expect(Math.abs(c.lower - a.lower)).toBeLessThan(0.1);
    expect(Math.abs(c.upper - a.upper)).toBeLessThan(0.1);
  });

  it('is reproducible against pinned replicate values (same across processes)', () => {
    // The mulberry32 stream is pure 32-bit integer arithmetic; its first outputs for seed 1
    // (computed independently in python3 with the same integer operations, masked to 32 bits).
    const rng = mulberry32(1);
    expect([rng(), rng(), rng()]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
  });

  it('contains the point estimate', () => {
    for (const p of [0.1, 0.5, 0.9]) {
      const ci = bootstrapQuantileInterval(sample, p, { seed: 99 });
      expect(ci.estimate).toBe(quantile(sample, p));
      expect(ci.lower).toBeLessThanOrEqual(ci.estimate);
      expect(ci.upper).toBeGreaterThanOrEqual(ci.estimate);
      expect(ci.lower).toBeLessThan(ci.upper);
    }
  });

  it('covers the true median of a large Exp(1) sample', () => {
    // A single 95% interval misses ~5% of samples (sample seed 2024, for instance, is one of those
    // misses: [0.6096, 0.6914]); over 400 samples of this size coverage measured 0.945.
    const big = exponentialSample(2000, 1);
    const ci = bootstrapQuantileInterval(big, 0.5, { seed: 5 });
    expect(ci.lower).toBeLessThan(Math.LN2);
    expect(ci.upper).toBeGreaterThan(Math.LN2);
    expect(ci.upper - ci.lower).toBeLessThan(0.15);
  });

  it('has roughly nominal coverage over many independent samples', () => {
    let covered = 0;
    const trials = 40;
    for (let t = 0; t < trials; t++) {
      const ci = bootstrapQuantileInterval(exponentialSample(401, 1000 + t), 0.5, {
        seed: t,
        resamples: 500,
      });
      if (ci.lower <= Math.LN2 && Math.LN2 <= ci.upper) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.85);
  });

  it('fast counting path equals a naive sort-every-resample implementation', () => {
    const withTies = Array.from({ length: 200 }, (_, i) => Math.floor((i * 37) % 23)).sort(
      (a, b) => a - b,
    );
    const inputs = [[3.5], [1, 2], [0.5, 1, 1, 2, 3, 8, 13], withTies, sample];
    for (const values of inputs) {
      for (const p of [0, 0.1, 0.25, 0.5, 0.9, 0.975, 1]) {
        const fast = Array.from(bootstrapQuantileReplicates(values, p, 200, 17));
        expect(fast).toEqual(naiveReplicates(values, p, 200, 17));
      }
    }
  });

  it('gives several quantiles and the mean of each resample from one set of draws, each as a naive resampling of those draws does', () => {
    const withTies = Array.from({ length: 120 }, (_, i) => Math.floor((i * 37) % 23)).sort(
      (a, b) => a - b,
    );
    for (const values of [[3.5], [0.5, 1, 1, 2, 3, 8, 13], withTies, sample]) {
      const ps = [0.9, 0.5, 0.1, 0.5];
      const { quantiles, mean } = bootstrapReplicates(values, ps, 150, 23, true);
      ps.forEach((p, q) =>
        expect(Array.from(quantiles[q]!), `p ${p}`).toEqual(naiveReplicates(values, p, 150, 23)),
      );
      // the same draws, summed in draw order
      const rng = mulberry32(23);
      const naiveMeans = Array.from(
        { length: 150 },
        () =>
          values.map(() => values[Math.floor(rng() * values.length)]!).reduce((a, b) => a + b, 0) /
          values.length,
      );
      Array.from(mean!).forEach((m, r) => expect(m).toBeCloseTo(naiveMeans[r]!, 9));
    }
  });

  it('resamples several measures of the same units together: each as a naive resampling of the drawn units gives, the first as if alone', () => {
    // two measures of 90 units, in unit order, with ties in both; units numbered by the first measure's order, ties by unit index
    const first = Array.from({ length: 90 }, (_, i) => Math.floor((i * 37) % 23) + 0.5);
    const second = first.map((x, i) => x + ((i * 11) % 7) - 3);
    const order = first.map((_, i) => i).sort((i, j) => first[i]! - first[j]! || i - j);
    const ps = [0.5, 0.9];
    const [a, b] = jointBootstrapReplicates([first, second], ps, 120, 31, true);
    const alone = bootstrapReplicates(
      [...first].sort((x, y) => x - y),
      ps,
      120,
      31,
      true,
    );
    expect(a!.quantiles.map((q) => Array.from(q))).toEqual(
      alone.quantiles.map((q) => Array.from(q)),
    );
    expect(Array.from(a!.mean!)).toEqual(Array.from(alone.mean!));
    const rng = mulberry32(31);
    for (let r = 0; r < 120; r++) {
      const units = first.map(() => order[Math.floor(rng() * first.length)]!);
      for (const [measure, replicates] of [
        [first, a!],
        [second, b!],
      ] as const) {
        const resample = units.map((u) => measure[u]!).sort((x, y) => x - y);
        ps.forEach((p, q) => expect(replicates.quantiles[q]![r]).toBe(quantile(resample, p)));
        expect(replicates.mean![r]).toBeCloseTo(
          resample.reduce((s, x) => s + x, 0) / resample.length,
          9,
        );
      }
    }
  });

  it("joint intervals: the first measure's are those it gets alone; every measure needs one value per unit", () => {
    const first = Array.from({ length: 60 }, (_, i) => (i * 13) % 17);
    const second = first.map((x, i) => x * 2 + (i % 3));
    const alone = bootstrapQuantileIntervals(
      [...first].sort((x, y) => x - y),
      [0.5, 0.9],
      { seed: 7, resamples: 300 },
    );
    expect(
      jointQuantileIntervals([first, second], [0.5, 0.9], { seed: 7, resamples: 300 })[0],
    ).toEqual(alone);
    const differences = first.map((x, i) => (i % 4 === 0 ? 0 : x - 8));
    expect(
      jointPairedDifferenceIntervals([differences, second], { seed: 9, resamples: 300 })[0],
    ).toEqual(pairedDifferenceInterval(differences, { seed: 9, resamples: 300 }));
    expect(() => jointBootstrapReplicates([first, second.slice(1)], [0.5], 10, 1)).toThrow(
      RangeError,
    );
    expect(jointQuantileIntervals([[], []], [0.5], { seed: 1 })[1]![0]!.estimate).toBeNaN();
  });

  it('returns NaNs for empty input and validates options', () => {
    const ci = bootstrapQuantileInterval([], 0.5, { seed: 1 });
    expect(ci.estimate).toBeNaN();
    expect(ci.lower).toBeNaN();
    expect(ci.upper).toBeNaN();
    expect(() => bootstrapQuantileInterval(sample, 1.2, { seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapQuantileInterval(sample, 0.5, { seed: 1.5 })).toThrow(RangeError);
    expect(() => bootstrapQuantileInterval(sample, 0.5, { seed: 1, resamples: 0 })).toThrow(
      RangeError,
    );
    expect(() => bootstrapQuantileInterval(sample, 0.5, { seed: 1, confidence: 0 })).toThrow(
      RangeError,
    );
  });
});

describe('pairedDifferenceInterval', () => {
  const baseline = exponentialSample(150, 3).map((x) => 10 * x);

  it('identical arrays give all-zero differences', () => {
    const diffs = baseline.map((b, i) => b - baseline[i]!);
    expect(pairedDifferenceInterval(diffs, { seed: 1 })).toMatchObject({
      n: 150,
      meanDifference: 0,
      meanLower: 0,
      meanUpper: 0,
      medianDifference: 0,
      lower: 0,
      upper: 0,
      differing: 0,
    });
  });

  it('a constant shift of +5 gives median 5 and interval [5, 5]', () => {
    const design = baseline.map((b) => b + 5);
    const diffs = design.map((d, i) => d - baseline[i]!);
    const r = pairedDifferenceInterval(diffs, { seed: 8 });
    expect(r.n).toBe(150);
    expect(r.meanDifference).toBeCloseTo(5, 12);
    expect(r.medianDifference).toBeCloseTo(5, 12);
    expect(r.lower).toBeCloseTo(5, 12);
    expect(r.upper).toBeCloseTo(5, 12);
  });

  it('agrees with bootstrapQuantileInterval on the sorted differences, unsorted input accepted', () => {
    // mean of [3, -1, 2, 0, 6] = 10 / 5 = 2; sorted [-1, 0, 2, 3, 6] -> type-7 median 2.
    const diffs = [3, -1, 2, 0, 6];
    const r = pairedDifferenceInterval(diffs, { seed: 4, resamples: 300 });
    const ci = bootstrapQuantileInterval([-1, 0, 2, 3, 6], 0.5, { seed: 4, resamples: 300 });
    expect(r).toMatchObject({
      n: 5,
      meanDifference: 2,
      medianDifference: 2,
      lower: ci.lower,
      upper: ci.upper,
      differing: 4,
    });
  });

  it('with mostly tied pairs: median 0 [0, 0], yet the mean, its interval and the share that differ match numpy and scipy', () => {
    // 67 pairs, 62 of them equal (the case of jp.defenseOperation in the reference comparison).
    // python3 (numpy 2.4.6, scipy 1.17.1), mulberry32 ported to Python, the same index draws:
    //   each resample r of the sorted differences: the indices int(rng() * 67) of seed 11's stream;
    //   mean: numpy.mean of each resample, numpy.percentile(means, [2.5, 97.5]) -> -15.0, [-39.850746268656714, 0.44776119402985076]
    //   median: numpy.percentile(resample, 50) of each, then [2.5, 97.5] -> 0.0, [0.0, 0.0]
    //   scipy.stats.binomtest(5, 67).proportion_ci(0.95, method='wilson') -> 0.03229604916632266, 0.16309036792776987
    const diffs = [...Array(62).fill(0), -300, -120, 45, -600, -30];
    const r = pairedDifferenceInterval(diffs, { seed: 11, resamples: 1000 });
    expect(r.n).toBe(67);
    expect(r.meanDifference).toBeCloseTo(-15, 12);
    expect(r.meanLower).toBeCloseTo(-39.850746268656714, 9);
    expect(r.meanUpper).toBeCloseTo(0.44776119402985076, 9);
    expect([r.medianDifference, r.lower, r.upper]).toEqual([0, 0, 0]);
    expect(r.differing).toBe(5);
    expect(r.differingShare.estimate).toBeCloseTo(5 / 67, 15);
    expect(r.differingShare.lower).toBeCloseTo(0.03229604916632266, 9);
    expect(r.differingShare.upper).toBeCloseTo(0.16309036792776987, 9);
  });

  it('n = 0 gives NaNs; non-finite differences are rejected', () => {
    const r = pairedDifferenceInterval([], { seed: 1 });
    expect(r.n).toBe(0);
    for (const v of [
      r.meanDifference,
      r.meanLower,
      r.meanUpper,
      r.medianDifference,
      r.lower,
      r.upper,
      r.differingShare.estimate,
    ])
      expect(v).toBeNaN();
    expect(() => pairedDifferenceInterval([1, NaN], { seed: 1 })).toThrow(RangeError);
  });
});
