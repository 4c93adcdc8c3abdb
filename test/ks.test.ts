/** The Kolmogorov–Smirnov test of uniformity that judges a calibration's PIT histogram. */
import { describe, expect, it } from 'vitest';
import { kolmogorovCdf, ksUniform } from '../src/stats/ks.js';
import { placeObservation } from '../src/analysis/observation.js';

describe('the Kolmogorov–Smirnov test of uniformity', () => {
  it.each([
    // two-sided 5% critical values of the one-sample statistic (Miller 1956, Table 1), rounded to 3 digits
    [5, 0.563],
    [10, 0.409],
    [20, 0.294],
    [30, 0.242],
  ])('n = %i: P(D ≥ %f) is 5% (the published critical value)', (n, d) => {
    expect(1 - kolmogorovCdf(n, d)).toBeGreaterThan(0.045);
    expect(1 - kolmogorovCdf(n, d)).toBeLessThan(0.055);
  });

  it('n = 1: P(D ≥ d) = 2(1 − d) exactly', () => {
    for (const d of [0.55, 0.7, 0.9]) expect(1 - kolmogorovCdf(1, d)).toBeCloseTo(2 * (1 - d), 10);
  });

  it('rejects PITs piled in the middle (an over-wide model) and not evenly spread ones', () => {
    const even = Array.from({ length: 20 }, (_, i) => (i + 0.5) / 20);
    const middle = Array.from({ length: 20 }, (_, i) => 0.45 + i * 0.005);
    expect(ksUniform(even).p).toBeGreaterThan(0.99);
    expect(ksUniform(even).d).toBeCloseTo(0.025, 12);
    expect(ksUniform(middle).p).toBeLessThan(0.001);
  });

  it('refuses an empty sample and values outside [0, 1]', () => {
    expect(() => ksUniform([])).toThrow(RangeError);
    expect(() => ksUniform([0.5, 1.2])).toThrow(RangeError);
  });
});

describe('the verdict on one observation', () => {
  const interval = (observed: unknown) =>
    ({
      id: 'x',
      label: 'x',
      source: '[WP2000]',
      from: { at: 0 },
      to: { at: 1 },
      observed,
    }) as never;
  const runs = [...Array.from({ length: 45 }, (_, i) => 10 * (i + 1)), ...Array(55).fill(Infinity)];

  it('a length inside p10–p90 still fails when the median run never closes the interval', () => {
    const check = placeObservation(interval(300), runs, 'k');
    expect(check.p50).toBe(Infinity);
    expect(check.verdict).toBe('model rarely closes');
    expect(check.unclosed).toBe(55);
  });

  it('a censored observation agrees when enough runs had not closed it by then', () => {
    expect(placeObservation(interval({ notWithin: 200 }), runs, 'k').verdict).toBe('inside');
    const closing = Array.from({ length: 100 }, (_, i) => i);
    const check = placeObservation(interval({ notWithin: 95 }), closing, 'k');
    expect(check.percentileLow).toBe(96);
    expect(check.verdict).toBe('model closes too often');
  });

  it('a window agrees when it overlaps the band, and its PIT lies between its two ends', () => {
    const closing = Array.from({ length: 100 }, (_, i) => i);
    const check = placeObservation(interval({ between: [2, 12] }), closing, 'k');
    expect(check.inBand).toBe(true);
    expect(check.pit).toBeGreaterThanOrEqual(0.025);
    expect(check.pit).toBeLessThanOrEqual(0.125);
    expect(placeObservation(interval({ between: [0, 5] }), closing, 'k').verdict).toBe(
      'model slower',
    );
  });
});
