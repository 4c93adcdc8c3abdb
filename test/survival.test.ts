/**
 * The censored-sample statistics against R's survival package (test/fixtures/survival-reference.json,
 * written by scripts/survival-reference.R; R is not needed to run this test) and the paired RMST
 * bootstrap against a naive resampling written out here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quantile } from '../src/stats/quantile.js';
import { mulberry32 } from '../src/stats/random.js';
import {
  kaplanMeier,
  kmMedian,
  pairedRmstDifference,
  resampledRmst,
  restrictedMean,
  rmstDifferenceOf,
  shareDecided,
  type Observation,
} from '../src/stats/survival.js';

/** A number as the R script writes it: null for NA, "Inf" for an infinity. */
type RNumber = number | null | 'Inf';

interface RSample {
  readonly name: string;
  readonly time: number[];
  readonly event: boolean[];
  readonly km: Record<
    'time' | 'atRisk' | 'events' | 'survival' | 'stdErr' | 'lower' | 'upper',
    RNumber[]
  >;
  readonly quantile: Record<'estimate' | 'lower' | 'upper', RNumber>;
  readonly print: Record<'estimate' | 'lower' | 'upper', RNumber>;
  readonly restrictedMean: Array<{ tau: number; estimate: number; standardError: number }>;
}

const reference = JSON.parse(
  readFileSync(new URL('./fixtures/survival-reference.json', import.meta.url), 'utf8'),
) as { survival: string; samples: RSample[] };

const observations = (s: RSample): Observation[] =>
  s.time.map((time, i) => ({ time, event: s.event[i]! }));

const numeric = (x: RNumber): number => (x === 'Inf' ? Infinity : x === null ? NaN : x);

/** Equal to 12 significant digits, infinities and NaN included. */
function expectClose(actual: number, expected: number): void {
  if (!Number.isFinite(expected)) expect(actual).toBe(expected);
  else
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
      1e-12 * Math.max(1, Math.abs(expected)),
    );
}

const sample = (name: string) => reference.samples.find((s) => s.name === name)!;

describe(`Kaplan–Meier against R survival ${reference.survival}`, () => {
  it.each(reference.samples.map((s) => [s.name, s] as const))('%s: the curve', (_, s) => {
    const curve = kaplanMeier(observations(s));
    expect(curve.n).toBe(s.time.length);
    expect(curve.steps.map((step) => step.time)).toEqual(s.km.time);
    expect(curve.steps.map((step) => step.atRisk)).toEqual(s.km.atRisk);
    expect(curve.steps.map((step) => step.events)).toEqual(s.km.events);
    curve.steps.forEach((step, k) => {
      const survival = numeric(s.km.survival[k]!);
      const se = numeric(s.km.stdErr[k]!);
      expectClose(step.survival, survival);
      expectClose(step.logVariance, se * se);
      expectClose(step.variance, survival === 0 ? NaN : survival * survival * se * se);
    });
  });

  it.each(reference.samples.map((s) => [s.name, s] as const))(
    '%s: the median and its 95% interval as quantile(fit, 0.5)',
    (_, s) => {
      const m = kmMedian(observations(s));
      const r = s.quantile;
      // R's NA: Infinity (not reached), but NaN for a lower bound of a median that is reached
      const reachesZero = s.km.survival.at(-1) === 0;
      expectClose(m.estimate, r.estimate === null ? Infinity : numeric(r.estimate));
      expectClose(m.upper, r.upper === null ? Infinity : numeric(r.upper));
      expectClose(
        m.lower,
        r.lower === null ? (r.estimate !== null && reachesZero ? NaN : Infinity) : numeric(r.lower),
      );
    },
  );

  it('averages over an interval where S is exactly one half, up to the last time on the last level', () => {
    // R: S = 0.5 on [5, 8) gives 6.5; on the last level [2, 4] quantile() gives 3, print() gives 2
    expect(kmMedian(observations(sample('exactly one half over an interval'))).estimate).toBe(6.5);
    const last = sample('exactly one half on the last level');
    expect(last.quantile.estimate).toBe(3);
    expect(last.print.estimate).toBe(2);
    expect(kmMedian(observations(last)).estimate).toBe(3);
  });

  it('print(fit) agrees with quantile(fit) on every other sample', () => {
    for (const s of reference.samples.filter(
      (x) => x.name !== 'exactly one half on the last level',
    ))
      expect(s.print).toEqual(s.quantile);
  });

  it.each(
    reference.samples.flatMap((s) => s.restrictedMean.map((r) => [s.name, r.tau, s, r] as const)),
  )('%s: the restricted mean to %d and its standard error', (_, tau, s, r) => {
    const rmst = restrictedMean(observations(s), tau);
    expect(rmst.tau).toBe(tau);
    expectClose(rmst.estimate, r.estimate);
    expectClose(rmst.standardError, r.standardError);
  });

  it('without censoring the restricted mean is the mean of min(T, tau)', () => {
    const times = [0, 2, 3, 3, 7, 11];
    const obs = times.map((time) => ({ time, event: true }));
    expect(restrictedMean(obs, 5).estimate).toBeCloseTo((0 + 2 + 3 + 3 + 5 + 5) / 6, 14);
    expect(kmMedian(obs).estimate).toBe(3);
  });

  it('gives NaN for an empty sample and the share decided', () => {
    expect(kmMedian([])).toEqual({ estimate: NaN, lower: NaN, upper: NaN });
    expect(restrictedMean([], 10)).toEqual({ tau: 10, estimate: NaN, standardError: NaN });
    expect(shareDecided([])).toBeNaN();
    expect(shareDecided(observations(sample('ties and censoring')))).toBe(19 / 25);
  });

  it('rejects negative times and a tau that is not finite', () => {
    expect(() => kaplanMeier([{ time: -1, event: true }])).toThrow(RangeError);
    expect(() => restrictedMean([{ time: 1, event: true }], Infinity)).toThrow(RangeError);
    expect(() => kmMedian([{ time: 1, event: true }], 1)).toThrow(RangeError);
  });
});

/** RMST to tau of a sample, written out directly from the Kaplan–Meier product (no shared code). */
function naiveRmst(obs: readonly Observation[], tau: number): number {
  const eventTimes = [...new Set(obs.filter((o) => o.event).map((o) => o.time))].sort(
    (x, y) => x - y,
  );
  let survival = 1;
  let area = 0;
  let last = 0;
  for (const t of eventTimes) {
    if (t > tau) break;
    area += survival * (t - last);
    const atRisk = obs.filter((o) => o.time >= t).length;
    const died = obs.filter((o) => o.time === t && o.event).length;
    survival *= 1 - died / atRisk;
    last = t;
  }
  return area + survival * (tau - last);
}

/** The paired bootstrap written out: materialise each resample of units, skip it when a side is empty. */
function naivePaired(
  a: ReadonlyArray<Observation | undefined>,
  b: ReadonlyArray<Observation | undefined>,
  tau: number,
  resamples: number,
  seed: number,
): { replicates: number[]; skipped: number } {
  const rng = mulberry32(seed);
  const n = a.length;
  const replicates: number[] = [];
  let skipped = 0;
  for (let r = 0; r < resamples; r++) {
    const drawn = Array.from({ length: n }, () => Math.floor(rng() * n));
    const ofA = drawn.flatMap((i) => (a[i] ? [a[i]] : []));
    const ofB = drawn.flatMap((i) => (b[i] ? [b[i]] : []));
    if (ofA.length === 0 || ofB.length === 0) skipped++;
    else replicates.push(naiveRmst(ofB, tau) - naiveRmst(ofA, tau));
  }
  return { replicates: replicates.sort((x, y) => x - y), skipped };
}

/** Censored observations of `n` seeds, some seeds without one (not needed), from a seeded stream. */
function censoredSeeds(n: number, seed: number, scale: number): Array<Observation | undefined> {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => {
    if (rng() < 0.2) return undefined;
    const horizon = 50 + Math.floor(rng() * 50);
    const time = Math.round(-scale * Math.log(1 - rng()));
    return time < horizon ? { time, event: true } : { time: horizon, event: false };
  });
}

describe('pairedRmstDifference', () => {
  it('without censoring is the difference of the means of min(T, tau), paired by seed', () => {
    const a = [4, 9, undefined, 2, 14].map((t) => (t === undefined ? t : { time: t, event: true }));
    const b = [3, undefined, 6, 2, 20].map((t) => (t === undefined ? t : { time: t, event: true }));
    const d = pairedRmstDifference(a, b, 10, { resamples: 300, seed: 7 });
    // b: min(T, 10) of 3, 6, 2, 20 → 21/4; a: of 4, 9, 2, 14 → 25/4
    expect(d.estimate).toBeCloseTo(21 / 4 - 25 / 4, 14);
    expect(d.nA).toBe(4);
    expect(d.nB).toBe(4);
    // each resample: the means over the seeds drawn, as often as drawn
    const rng = mulberry32(7);
    const capped = (o: Observation | undefined) => (o ? Math.min(o.time, 10) : undefined);
    const replicates: number[] = [];
    for (let r = 0; r < 300; r++) {
      const drawn = Array.from({ length: 5 }, () => Math.floor(rng() * 5));
      const mean = (xs: Array<number | undefined>) => {
        const kept = xs.filter((x): x is number => x !== undefined);
        return kept.reduce((s, x) => s + x, 0) / kept.length;
      };
      const difference =
        mean(drawn.map((i) => capped(b[i]))) - mean(drawn.map((i) => capped(a[i])));
      if (Number.isFinite(difference)) replicates.push(difference);
    }
    replicates.sort((x, y) => x - y);
    expect(d.skipped).toBe(300 - replicates.length);
    expect(d.lower).toBeCloseTo(quantile(replicates, 0.025), 12);
    expect(d.upper).toBeCloseTo(quantile(replicates, 0.975), 12);
  });

  it('matches a naive resampling of censored samples, skipped resamples counted', () => {
    const a = censoredSeeds(60, 1, 40);
    const b = censoredSeeds(60, 2, 30);
    const tau = 80;
    const d = pairedRmstDifference(a, b, tau, { resamples: 200, seed: 11, confidence: 0.9 });
    const defined = (xs: typeof a) => xs.filter((o): o is Observation => o !== undefined);
    expect(d.estimate).toBeCloseTo(naiveRmst(defined(b), tau) - naiveRmst(defined(a), tau), 10);
    expect(d.estimate).toBeCloseTo(
      restrictedMean(defined(b), tau).estimate - restrictedMean(defined(a), tau).estimate,
      10,
    );
    const naive = naivePaired(a, b, tau, 200, 11);
    expect(d.skipped).toBe(naive.skipped);
    expect(d.resamples).toBe(200);
    expect(d.lower).toBeCloseTo(quantile(naive.replicates, 0.05), 10);
    expect(d.upper).toBeCloseTo(quantile(naive.replicates, 0.95), 10);
    const mean = naive.replicates.reduce((s, x) => s + x, 0) / naive.replicates.length;
    const sd = Math.sqrt(
      naive.replicates.reduce((s, x) => s + (x - mean) ** 2, 0) / (naive.replicates.length - 1),
    );
    expect(d.standardError).toBeCloseTo(sd, 10);
    expect(d.lower).toBeLessThan(d.estimate);
    expect(d.upper).toBeGreaterThan(d.estimate);
  });

  it('counts the resamples in which a design has no observation', () => {
    const a = [{ time: 3, event: true }, undefined, undefined, undefined];
    const b = [{ time: 5, event: false }, { time: 1, event: true }, undefined, undefined];
    const d = pairedRmstDifference(a, b, 5, { resamples: 100, seed: 3 });
    expect(d.skipped).toBe(naivePaired(a, b, 5, 100, 3).skipped);
    expect(d.skipped).toBeGreaterThan(0);
  });

  it('gives 0 with a zero-width interval for the same a and b', () => {
    const a = censoredSeeds(80, 5, 35);
    const d = pairedRmstDifference(a, [...a], 80, { resamples: 200, seed: 1 });
    expect(d).toMatchObject({ estimate: 0, lower: 0, upper: 0, standardError: 0, skipped: 0 });
  });

  it('is deterministic in its seed, and NaN without observations on a side', () => {
    const a = censoredSeeds(40, 8, 30);
    const b = censoredSeeds(40, 9, 30);
    const once = pairedRmstDifference(a, b, 60, { resamples: 100, seed: 4 });
    expect(pairedRmstDifference(a, b, 60, { resamples: 100, seed: 4 })).toEqual(once);
    expect(pairedRmstDifference(a, b, 60, { resamples: 100, seed: 5 }).lower).not.toBe(once.lower);
    const none = pairedRmstDifference(
      a,
      a.map(() => undefined),
      60,
      { resamples: 10, seed: 1 },
    );
    expect(none).toMatchObject({ estimate: NaN, lower: NaN, upper: NaN, nB: 0, skipped: 10 });
    expect(() => pairedRmstDifference(a, b.slice(1), 60, { seed: 1 })).toThrow(RangeError);
  });
});

describe('resampledRmst', () => {
  it('resamples several samples with one draw: any pair of them is its paired bootstrap', () => {
    const samples = [
      censoredSeeds(50, 21, 40),
      censoredSeeds(50, 22, 30),
      censoredSeeds(50, 23, 50),
    ];
    const tau = 70;
    const together = resampledRmst(samples, tau, { resamples: 150, seed: 9 });
    // each pair's naive paired resampling with the same seed, as two samples alone
    for (const [x, y] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      const d = rmstDifferenceOf(together[x]!, together[y]!);
      const naive = naivePaired(samples[x]!, samples[y]!, tau, 150, 9);
      expect(d.skipped).toBe(naive.skipped);
      expect(d.lower).toBeCloseTo(quantile(naive.replicates, 0.025), 10);
      expect(d.upper).toBeCloseTo(quantile(naive.replicates, 0.975), 10);
      expect(d).toEqual(
        pairedRmstDifference(samples[x]!, samples[y]!, tau, { resamples: 150, seed: 9 }),
      );
    }
    // a sample's replicates do not depend on the others resampled with it
    expect(resampledRmst([samples[2]!], tau, { resamples: 150, seed: 9 })[0]).toEqual(together[2]);
  });

  it('refuses to pair samples not resampled together', () => {
    const a = resampledRmst([censoredSeeds(30, 1, 40)], 60, { resamples: 50, seed: 1 })[0]!;
    const b = resampledRmst([censoredSeeds(31, 2, 40)], 60, { resamples: 50, seed: 1 })[0]!;
    const c = resampledRmst([censoredSeeds(30, 2, 40)], 60, { resamples: 60, seed: 1 })[0]!;
    expect(() => rmstDifferenceOf(a, b)).toThrow(RangeError);
    expect(() => rmstDifferenceOf(a, c)).toThrow(RangeError);
  });
});
