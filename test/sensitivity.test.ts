import { describe, it, expect } from 'vitest';
import {
  formatNumpy,
  fromUnit,
  matrixRow,
  morrisAnalyze,
  morrisSample,
  numpyMatrixText,
  saltelliAbMatrix,
  saltelliSample,
  salibOutputsText,
  salibProblem,
  salibProblemJson,
  salibSampleText,
  sobolAnalyze,
  toParameterMatrix,
  toUnit,
  validateParameters,
  type Matrix,
  type Parameter,
} from '../src/analysis/sensitivity/index.js';

const PI = Math.PI;

/** Runs `f` at every row of a unit sample mapped to parameter values. */
function evaluate(
  parameters: readonly Parameter[],
  unit: Matrix,
  f: (x: Float64Array) => number,
): number[] {
  const points = toParameterMatrix(parameters, unit);
  return Array.from({ length: points.rows }, (_, i) => f(matrixRow(points, i)));
}

// ---- Ishigami: f = sin x1 + a sin² x2 + b x3⁴ sin x1, x ~ U(−π, π)³ --------------------------

const A = 7;
const B = 0.1;
const ISHIGAMI: Parameter[] = ['x1', 'x2', 'x3'].map((name) => ({ name, low: -PI, high: PI }));
const ishigami = (x: Float64Array): number =>
  Math.sin(x[0]!) + A * Math.sin(x[1]!) ** 2 + B * x[2]! ** 4 * Math.sin(x[0]!);

/**
 * Sobol' indices of Ishigami from its ANOVA decomposition, with the moments of U(−π, π):
 * E x⁴ = π⁴/5, E x⁸ = π⁸/9, E sin² = 1/2, E sin⁴ = 3/8, E sin = 0. Writing
 * f = sin x1 (1 + b x3⁴) + a sin² x2: E[f | x1] varies as sin x1 (1 + b E x3⁴); E[f | x2] as
 * a sin² x2; E[f | x3] is constant (E sin x1 = 0); what is left of the first term is the x1·x3
 * interaction sin x1 · b (x3⁴ − E x3⁴).
 */
function ishigamiIndices(a: number, b: number): { v: number; s1: number[]; st: number[] } {
  const ex4 = PI ** 4 / 5;
  const ex8 = PI ** 8 / 9;
  const esin2 = 1 / 2;
  const esin4 = 3 / 8;
  const v1 = (1 + b * ex4) ** 2 * esin2;
  const v2 = a * a * (esin4 - esin2 ** 2);
  const v3 = 0;
  const v13 = b * b * (ex8 - ex4 ** 2) * esin2;
  const v = v1 + v2 + v3 + v13;
  return { v, s1: [v1 / v, v2 / v, v3 / v], st: [(v1 + v13) / v, v2 / v, (v3 + v13) / v] };
}

describe('Ishigami analytic indices (the reference the estimators are tested against)', () => {
  it('the decomposition adds up to the total variance and agrees with the literature', () => {
    const { v, s1, st } = ishigamiIndices(A, B);
    // Total variance the other way: the two terms of f are independent, and
    // Var(sin x1 (1 + b x3⁴)) = E sin² · E (1 + b x3⁴)², Var(a sin² x2) = a² (E sin⁴ − (E sin²)²).
    const total =
      0.5 * (1 + 2 * B * (PI ** 4 / 5) + B * B * (PI ** 8 / 9)) + A * A * (3 / 8 - 1 / 4);
    expect(v).toBeCloseTo(total, 12);
    // Values published for a = 7, b = 0.1 (e.g. Saltelli et al. 2008, Global Sensitivity Analysis: The Primer).
    [0.3139, 0.4424, 0].forEach((x, i) => expect(s1[i]).toBeCloseTo(x, 4));
    [0.5576, 0.4424, 0.2437].forEach((x, i) => expect(st[i]).toBeCloseTo(x, 4));
  });
});

// ---- parameters ------------------------------------------------------------------------------

describe('parameters', () => {
  const params: Parameter[] = [
    { name: 'delay', low: 10, high: 20 },
    { name: 'rate', low: 1, high: 1000, scale: 'log' },
  ];

  it('maps the unit cube to values and back; log is uniform in log space; endpoints are exact', () => {
    expect(fromUnit(params, [0, 0])).toEqual([10, 1]);
    expect(fromUnit(params, [1, 1])).toEqual([20, 1000]);
    const mid = fromUnit(params, [0.5, 0.5]);
    expect(mid[0]).toBe(15);
    expect(mid[1]).toBeCloseTo(Math.sqrt(1000), 10);
    expect(fromUnit(params, [0, 1 / 3])[1]).toBeCloseTo(10, 10);
    for (const u of [0, 0.1, 0.25, 0.7, 1]) {
      const back = toUnit(params, fromUnit(params, [u, u]));
      expect(back[0]).toBeCloseTo(u, 14);
      expect(back[1]).toBeCloseTo(u, 14);
    }
  });

  it('never rounds outside [low, high]', () => {
    // 1 * (0.3 - 0.1) + 0.1 is 0.30000000000000004 in doubles.
    expect(fromUnit([{ name: 'p', low: 0.1, high: 0.3 }], [1])).toEqual([0.3]);
  });

  it('refuses bad parameters with clear RangeErrors', () => {
    const bad = (p: Parameter[]) => () => validateParameters(p);
    expect(bad([])).toThrow(RangeError);
    expect(bad([{ name: 'x', low: 1, high: 1 }])).toThrow(
      /parameter "x": need low < high, got low 1, high 1/,
    );
    expect(bad([{ name: 'x', low: 2, high: 1 }])).toThrow(/need low < high/);
    expect(bad([{ name: 'x', low: Number.NaN, high: 1 }])).toThrow(/must be finite/);
    expect(bad([{ name: 'x', low: 0, high: Infinity }])).toThrow(/must be finite/);
    expect(bad([{ name: 'x', low: 0, high: 1, scale: 'log' }])).toThrow(
      /log-scale parameter needs low > 0, got low 0/,
    );
    expect(bad([{ name: 'x', low: -1, high: 1, scale: 'log' }])).toThrow(RangeError);
    expect(bad([{ name: '', low: 0, high: 1 }])).toThrow(/name must be a non-empty string/);
    expect(
      bad([
        { name: 'x', low: 0, high: 1 },
        { name: 'x', low: 0, high: 2 },
      ]),
    ).toThrow(/duplicate name/);
    expect(() => fromUnit(params, [0.5])).toThrow(/expected 2 coordinates/);
    expect(() => fromUnit(params, [0.5, 1.5])).toThrow(
      /coordinate 1 \(rate\) must be in \[0, 1\], got 1.5/,
    );
    expect(() => toUnit(params, [9, 10])).toThrow(/value 0 \(delay\) must be in \[10, 20\], got 9/);
    expect(() =>
      morrisSample({ parameters: [{ name: 'x', low: 3, high: 2 }], trajectories: 4, seed: 1 }),
    ).toThrow(RangeError);
    expect(() =>
      saltelliSample({ parameters: [{ name: 'x', low: 0, high: 1, scale: 'log' }], n: 4, seed: 1 }),
    ).toThrow(RangeError);
  });
});

// ---- Morris ----------------------------------------------------------------------------------

describe('morrisSample', () => {
  it('gives r trajectories of k + 1 grid points, one factor moving by ±Δ per step', () => {
    const parameters: Parameter[] = ['a', 'b', 'c', 'd', 'e'].map((name) => ({
      name,
      low: 0,
      high: 1,
    }));
    for (const levels of [2, 4, 6, 8]) {
      const s = morrisSample({ parameters, trajectories: 30, levels, seed: 11 });
      const k = 5;
      expect(s.delta).toBe(levels / (2 * (levels - 1)));
      expect(s.unit.rows).toBe(30 * (k + 1));
      expect(s.unit.columns).toBe(k);
      expect(s.steps).toHaveLength(30 * k);
      for (const u of s.unit.data) {
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThanOrEqual(1);
        expect(Math.abs(u * (levels - 1) - Math.round(u * (levels - 1)))).toBeLessThan(1e-12);
      }
      for (let t = 0; t < 30; t++) {
        const moved = new Set<number>();
        for (let step = 0; step < k; step++) {
          const { factor, direction } = s.steps[t * k + step]!;
          moved.add(factor);
          const before = matrixRow(s.unit, t * (k + 1) + step);
          const after = matrixRow(s.unit, t * (k + 1) + step + 1);
          for (let j = 0; j < k; j++) {
            if (j === factor) expect(after[j]! - before[j]!).toBeCloseTo(direction * s.delta, 12);
            else expect(after[j]).toBe(before[j]);
          }
        }
        expect(moved.size).toBe(k);
      }
    }
  });

  it('draws both directions, every factor order position and every level', () => {
    const parameters: Parameter[] = ['a', 'b', 'c'].map((name) => ({ name, low: 0, high: 1 }));
    const s = morrisSample({ parameters, trajectories: 200, seed: 3 });
    const ups = s.steps.filter((x) => x.direction === 1).length;
    expect(ups).toBeGreaterThan(240);
    expect(ups).toBeLessThan(360);
    expect(new Set(s.steps.filter((_, i) => i % 3 === 0).map((x) => x.factor)).size).toBe(3);
    expect(new Set(s.unit.data).size).toBe(4);
  });

  it('refuses bad designs', () => {
    const parameters: Parameter[] = [{ name: 'x', low: 0, high: 1 }];
    expect(() => morrisSample({ parameters, trajectories: 1, seed: 1 })).toThrow(
      /trajectories must be an integer >= 2, got 1/,
    );
    expect(() => morrisSample({ parameters, trajectories: 4, levels: 3, seed: 1 })).toThrow(
      /levels must be an even integer >= 2, got 3/,
    );
    expect(() => morrisSample({ parameters, trajectories: 4, seed: 0.5 })).toThrow(
      /seed must be an integer/,
    );
  });
});

describe('morrisAnalyze', () => {
  it('on a linear function: μ*ᵢ = |aᵢ| (highᵢ − lowᵢ), μᵢ = aᵢ (highᵢ − lowᵢ), σᵢ = 0', () => {
    // Effects are per unit of the [0, 1] coordinate (SALib), i.e. per whole range. The log-scale
    // parameter enters as c ln x, which is linear in its coordinate: effect c ln(high / low).
    const parameters: Parameter[] = [
      { name: 'a', low: 0, high: 1 },
      { name: 'b', low: -2, high: 2 },
      { name: 'c', low: 10, high: 20 },
      { name: 'd', low: 0, high: 5 },
      { name: 'e', low: 1, high: 1000, scale: 'log' },
    ];
    const coef = [2, -3, 0.5, 0, -1.5];
    const f = (x: Float64Array) =>
      coef[0]! * x[0]! +
      coef[1]! * x[1]! +
      coef[2]! * x[2]! +
      coef[3]! * x[3]! +
      coef[4]! * Math.log(x[4]!);
    const expected = [2 * 1, -3 * 4, 0.5 * 10, 0, -1.5 * Math.log(1000)];
    for (const levels of [4, 6]) {
      const s = morrisSample({ parameters, trajectories: 12, levels, seed: 5 });
      const r = morrisAnalyze(s, evaluate(parameters, s.unit, f));
      r.indices.forEach((ix, i) => {
        expect(ix.name).toBe(parameters[i]!.name);
        expect(ix.mu).toBeCloseTo(expected[i]!, 10);
        expect(ix.muStar).toBeCloseTo(Math.abs(expected[i]!), 10);
        expect(ix.sigma).toBeLessThan(1e-10);
        expect(ix.muStarConf).toBeLessThan(1e-10);
      });
    }
  });

  it('σ > 0 for factors in an interaction and 0 for one that acts alone', () => {
    const parameters: Parameter[] = ['x1', 'x2', 'x3'].map((name) => ({ name, low: 0, high: 1 }));
    const s = morrisSample({ parameters, trajectories: 40, seed: 9 });
    const r = morrisAnalyze(
      s,
      evaluate(parameters, s.unit, (x) => x[0]! * x[1]! + x[2]!),
    );
    // The effect of x1 is x2 (and vice versa), which takes the four grid values across trajectories.
    expect(r.indices[0]!.sigma).toBeGreaterThan(0.2);
    expect(r.indices[1]!.sigma).toBeGreaterThan(0.2);
    expect(r.indices[2]!.sigma).toBeLessThan(1e-12);
    expect(r.indices[2]!.muStar).toBeCloseTo(1, 12);
    for (let t = 0; t < 40; t++) {
      const step = [0, 1, 2].find((j) => s.steps[t * 3 + j]!.factor === 0)!;
      const x2WhenX1Moved = matrixRow(s.unit, t * 4 + step)[1]!;
      expect(r.effects.data[t * 3]).toBeCloseTo(x2WhenX1Moved, 12);
    }
  });

  it('on Ishigami: μ* ranks x1 and x2 above x3, whose effect (S1 = 0) is pure interaction', () => {
    // On the 4-level grid {−π, −π/3, π/3, π} with Δ = 2/3 (two levels), each step of a factor
    // joins −π and π/3 or −π/3 and π, so the effects are known in closed form:
    //   x2: |a Δsin²| / Δ = a (3/4) / Δ in every trajectory;
    //   x1: (√3/2)(1 + b x3⁴) / Δ > 0, x3 uniform on the grid;
    //   x3: ±b sin x1 (π⁴ − (π/3)⁴) / Δ, sin x1 = 0 at ±π (half of the time) and ±√3/2 otherwise.
    const delta = 2 / 3;
    const grid4 = [PI, PI / 3, PI / 3, PI].map((x) => x ** 4);
    const c1 = Math.sqrt(3) / 2 / delta;
    const mu1 = c1 * (1 + B * (grid4.reduce((s, x) => s + x, 0) / 4));
    const sd1 = (c1 * B * (PI ** 4 - (PI / 3) ** 4)) / 2;
    const mu3 = (0.5 * (B * (Math.sqrt(3) / 2) * (PI ** 4 - (PI / 3) ** 4))) / delta;
    const sd3 = mu3; // |EE3| is 0 or 2 mu3 with equal probability
    const r = 2000;
    for (const seed of [1, 2, 3]) {
      const s = morrisSample({ parameters: ISHIGAMI, trajectories: r, seed });
      const res = morrisAnalyze(s, evaluate(ISHIGAMI, s.unit, ishigami), { resamples: 200 });
      const [x1, x2, x3] = res.indices;
      expect(x2!.muStar).toBeCloseTo((A * 0.75) / delta, 10);
      // Within 5 standard errors of the grid expectations.
      expect(Math.abs(x1!.muStar - mu1)).toBeLessThan((5 * sd1) / Math.sqrt(r));
      expect(Math.abs(x3!.muStar - mu3)).toBeLessThan((5 * sd3) / Math.sqrt(r));
      expect(x1!.mu).toBe(x1!.muStar);
      expect(x1!.muStar).toBeGreaterThan(x3!.muStar);
      expect(x2!.muStar).toBeGreaterThan(x3!.muStar);
      // x3 matters (Sobol' S1 = 0, ST ≈ 0.24), its signs cancel in μ, and σ exceeds μ*.
      expect(x3!.muStar).toBeGreaterThan(0.5 * x1!.muStar);
      expect(Math.abs(x3!.mu)).toBeLessThan(0.25 * x3!.muStar);
      expect(x3!.sigma).toBeGreaterThan(x3!.muStar);
      expect(x1!.muStarInterval.lower).toBeLessThan(x1!.muStar);
      expect(x1!.muStarInterval.upper).toBeGreaterThan(x1!.muStar);
      expect(x1!.muStarConf).toBeGreaterThan(0);
    }
  });

  it('refuses outputs of the wrong length or not finite, and bad options', () => {
    const parameters: Parameter[] = ['x1', 'x2', 'x3'].map((name) => ({ name, low: 0, high: 1 }));
    const s = morrisSample({ parameters, trajectories: 2, seed: 1 });
    const y = new Array<number>(8).fill(1);
    expect(() => morrisAnalyze(s, y.slice(1))).toThrow(
      /expected 8 outputs \(r \(k \+ 1\), one per sample row\), got 7/,
    );
    expect(() => morrisAnalyze(s, [...y, 1])).toThrow(RangeError);
    expect(() => morrisAnalyze(s, [...y.slice(1), Number.NaN])).toThrow(
      /outputs\[7\] must be a finite number, got NaN/,
    );
    expect(() => morrisAnalyze(s, y, { confidence: 1 })).toThrow(/confidence must be in \(0, 1\)/);
    expect(() => morrisAnalyze(s, y, { resamples: 1 })).toThrow(
      /resamples must be an integer >= 2/,
    );
    const broken = { ...s, steps: s.steps.map((x) => ({ ...x, factor: 0 })) };
    expect(() => morrisAnalyze(broken, y)).toThrow(/must move each factor exactly once/);
  });
});

// ---- Sobol' ----------------------------------------------------------------------------------

describe('saltelliSample', () => {
  it("lays out A, AB_1 … AB_k, B per base row (SALib's order), AB_i = A with column i from B", () => {
    const parameters: Parameter[] = ['a', 'b', 'c', 'd'].map((name) => ({ name, low: 0, high: 1 }));
    const k = 4;
    const n = 16;
    const s = saltelliSample({ parameters, n, seed: 21 });
    expect(s.unit.rows).toBe(n * (k + 2));
    for (let j = 0; j < n; j++) {
      expect(matrixRow(s.unit, j * (k + 2))).toEqual(matrixRow(s.a, j));
      expect(matrixRow(s.unit, j * (k + 2) + k + 1)).toEqual(matrixRow(s.b, j));
      for (let i = 0; i < k; i++) {
        const ab = matrixRow(saltelliAbMatrix(s, i), j);
        expect(matrixRow(s.unit, j * (k + 2) + 1 + i)).toEqual(ab);
        for (let c = 0; c < k; c++)
          expect(ab[c]).toBe(c === i ? s.b.data[j * k + c] : s.a.data[j * k + c]);
      }
    }
    for (const u of s.unit.data) expect(u >= 0 && u < 1).toBe(true);
  });

  it('a larger N with the same seed extends a smaller one', () => {
    const parameters: Parameter[] = ['a', 'b'].map((name) => ({ name, low: 0, high: 1 }));
    const small = saltelliSample({ parameters, n: 8, seed: 4 });
    const large = saltelliSample({ parameters, n: 32, seed: 4 });
    expect(large.unit.data.subarray(0, small.unit.data.length)).toEqual(small.unit.data);
  });

  it('refuses bad designs', () => {
    const parameters: Parameter[] = [{ name: 'x', low: 0, high: 1 }];
    expect(() => saltelliSample({ parameters, n: 1, seed: 1 })).toThrow(
      /n must be an integer >= 2, got 1/,
    );
    expect(() => saltelliSample({ parameters, n: 8, seed: 1.5 })).toThrow(
      /seed must be an integer/,
    );
  });
});

describe('sobolAnalyze', () => {
  it("matches SALib's estimators on a fixed output vector", () => {
    // Expected values from python3 / numpy 2.4.6 with SALib's analyze.sobol steps:
    // Y = (Y - Y.mean()) / Y.std(); A = Y[0::4]; B = Y[3::4]; AB[:, j] = Y[1+j::4];
    // S1 = mean(B * (AB - A)) / var(r_[A, B]); ST = 0.5 * mean((A - AB)**2) / var(r_[A, B]).
    const parameters: Parameter[] = ['a', 'b'].map((name) => ({ name, low: 0, high: 1 }));
    const s = saltelliSample({ parameters, n: 5, seed: 1 });
    const y = [1, 3, 2, 5, 4, 4, 6, 1, 0, 2, 7, 3, 5, 5, 1, 2, 2, 8, 3, 6];
    const r = sobolAnalyze(s, y, { resamples: 50 });
    expect(r.indices[0]!.s1).toBeCloseTo(0.9214092140921409, 12);
    expect(r.indices[0]!.st).toBeCloseTo(1.1924119241192408, 12);
    expect(r.indices[1]!.s1).toBeCloseTo(0.08130081300813012, 12);
    expect(r.indices[1]!.st).toBeCloseTo(1.9241192411924122, 12);
  });

  it('recovers the Ishigami indices within 0.03 for several seeds, each within twice its 95% half-width', () => {
    // N = 2^16 (327,680 runs): measured over 40 seeds, the largest standard deviation of an
    // estimate is ST1's, about 0.006, so 0.03 is some 5 standard deviations.
    const { s1, st } = ishigamiIndices(A, B);
    for (const seed of [1, 2, 3]) {
      const s = saltelliSample({ parameters: ISHIGAMI, n: 65536, seed });
      const r = sobolAnalyze(s, evaluate(ISHIGAMI, s.unit, ishigami), { resamples: 100 });
      r.indices.forEach((ix, i) => {
        expect(Math.abs(ix.s1 - s1[i]!)).toBeLessThan(0.03);
        expect(Math.abs(ix.st - st[i]!)).toBeLessThan(0.03);
        expect(Math.abs(ix.s1 - s1[i]!)).toBeLessThan(2 * ix.s1Conf);
        expect(Math.abs(ix.st - st[i]!)).toBeLessThan(2 * ix.stConf);
        expect(ix.s1Interval.lower).toBe(ix.s1 - ix.s1Conf);
        expect(ix.stInterval.upper).toBe(ix.st + ix.stConf);
      });
    }
  });

  it('95% bootstrap intervals cover the analytic values about 95% of the time', () => {
    // 60 seeds × 6 indices = 360 intervals at N = 1024. With true coverage 0.95 the count of
    // misses is about Binomial(360, 0.05): 18 ± 4; the bounds below are 6 sd low, and ≤ 1 miss
    // (intervals far too wide), each practically impossible.
    const { s1, st } = ishigamiIndices(A, B);
    let covered = 0;
    let total = 0;
    for (let seed = 100; seed < 160; seed++) {
      const s = saltelliSample({ parameters: ISHIGAMI, n: 1024, seed });
      const r = sobolAnalyze(s, evaluate(ISHIGAMI, s.unit, ishigami), { resamples: 200 });
      r.indices.forEach((ix, i) => {
        for (const [interval, truth] of [
          [ix.s1Interval, s1[i]!],
          [ix.stInterval, st[i]!],
        ] as const) {
          total++;
          if (interval.lower <= truth && truth <= interval.upper) covered++;
        }
      });
    }
    expect(covered / total).toBeGreaterThan(0.88);
    expect(covered / total).toBeLessThan(0.995);
  });

  it('a constant output gives indices 0 and variance 0, as SALib', () => {
    const parameters: Parameter[] = ['a', 'b'].map((name) => ({ name, low: 0, high: 1 }));
    const s = saltelliSample({ parameters, n: 8, seed: 1 });
    const r = sobolAnalyze(s, new Array<number>(32).fill(3));
    expect(r.variance).toBe(0);
    for (const ix of r.indices) expect([ix.s1, ix.st, ix.s1Conf, ix.stConf]).toEqual([0, 0, 0, 0]);
  });

  it('refuses outputs of the wrong length or not finite', () => {
    const parameters: Parameter[] = ['a', 'b', 'c'].map((name) => ({ name, low: 0, high: 1 }));
    const s = saltelliSample({ parameters, n: 4, seed: 1 });
    expect(() => sobolAnalyze(s, new Array<number>(19).fill(0))).toThrow(
      /expected 20 outputs \(N \(k \+ 2\), one per sample row\), got 19/,
    );
    expect(() => sobolAnalyze(s, [...new Array<number>(19).fill(0), Infinity])).toThrow(
      /outputs\[19\] must be a finite number/,
    );
    expect(() => sobolAnalyze(s, new Array<number>(20).fill(0), { seed: 0.5 })).toThrow(
      /seed must be an integer/,
    );
  });
});

// ---- determinism -----------------------------------------------------------------------------

describe('determinism', () => {
  const parameters: Parameter[] = [...ISHIGAMI];

  it('the same seed gives identical samples and results; another seed another sample', () => {
    const m1 = morrisSample({ parameters, trajectories: 10, seed: 42 });
    const m2 = morrisSample({ parameters, trajectories: 10, seed: 42 });
    const m3 = morrisSample({ parameters, trajectories: 10, seed: 43 });
    expect(m2).toEqual(m1);
    expect(m3.unit.data).not.toEqual(m1.unit.data);
    const ym = evaluate(parameters, m1.unit, ishigami);
    expect(morrisAnalyze(m2, ym)).toEqual(morrisAnalyze(m1, ym));

    const s1 = saltelliSample({ parameters, n: 64, seed: 42 });
    const s2 = saltelliSample({ parameters, n: 64, seed: 42 });
    const s3 = saltelliSample({ parameters, n: 64, seed: 43 });
    expect(s2).toEqual(s1);
    expect(s3.unit.data).not.toEqual(s1.unit.data);
    const ys = evaluate(parameters, s1.unit, ishigami);
    expect(sobolAnalyze(s2, ys)).toEqual(sobolAnalyze(s1, ys));
  });

  it('the bootstrap seed moves the intervals, not the estimates', () => {
    const s = saltelliSample({ parameters, n: 256, seed: 7 });
    const y = evaluate(parameters, s.unit, ishigami);
    const a = sobolAnalyze(s, y, { seed: 1 });
    const b = sobolAnalyze(s, y, { seed: 2 });
    expect(b.indices.map((x) => [x.s1, x.st])).toEqual(a.indices.map((x) => [x.s1, x.st]));
    expect(b.indices[0]!.s1Conf).not.toBe(a.indices[0]!.s1Conf);
  });
});

// ---- SALib export ----------------------------------------------------------------------------

describe('SALib export', () => {
  it("formats numbers as numpy.savetxt's default '%.18e'", () => {
    // Expected strings from python3 / numpy 2.4.6 (np.savetxt and '%.18e' % x).
    expect(formatNumpy(1)).toBe('1.000000000000000000e+00');
    expect(formatNumpy(-0.5)).toBe('-5.000000000000000000e-01');
    expect(formatNumpy(0.1)).toBe('1.000000000000000056e-01');
    expect(formatNumpy(1e300)).toBe('1.000000000000000053e+300');
    expect(formatNumpy(5e-324)).toBe('4.940656458412465442e-324');
    expect(formatNumpy(0)).toBe('0.000000000000000000e+00');
    expect(formatNumpy(-0)).toBe('-0.000000000000000000e+00');
    expect(formatNumpy(Number.NaN)).toBe('nan');
    expect(formatNumpy(-Infinity)).toBe('-inf');
    // An exact tie at the 19th digit (…0312|5): Python rounds half to even, toExponential up.
    expect(formatNumpy(100000000000000.03125)).toBe('1.000000000000000312e+14');
    expect(formatNumpy(-100000000000000.03125)).toBe('-1.000000000000000312e+14');
  });

  it('writes a matrix exactly as numpy.savetxt does', () => {
    const m: Matrix = { rows: 2, columns: 2, data: Float64Array.from([1, -0.5, 0.1, 1e300]) };
    expect(numpyMatrixText(m)).toBe(
      '1.000000000000000000e+00 -5.000000000000000000e-01\n1.000000000000000056e-01 1.000000000000000053e+300\n',
    );
    expect(salibOutputsText([1, 2])).toBe('1.000000000000000000e+00\n2.000000000000000000e+00\n');
  });

  it('writes the sample in parameter scale, not the unit cube', () => {
    const parameters: Parameter[] = [
      { name: 'delay', low: 0, high: 10 },
      { name: 'rate', low: 1, high: 100, scale: 'log' },
    ];
    const unit: Matrix = { rows: 3, columns: 2, data: Float64Array.from([0, 0, 1, 1, 0.5, 0]) };
    expect(salibSampleText(parameters, unit)).toBe(
      [
        '0.000000000000000000e+00 1.000000000000000000e+00',
        '1.000000000000000000e+01 1.000000000000000000e+02',
        '5.000000000000000000e+00 1.000000000000000000e+00',
        '',
      ].join('\n'),
    );
    expect(() =>
      salibSampleText(parameters, { rows: 1, columns: 3, data: new Float64Array(3) }),
    ).toThrow(/expected 2 columns/);
  });

  it('writes the problem definition, with dists only when a parameter is log-scale', () => {
    const linear: Parameter[] = [
      { name: 'x1', low: -PI, high: PI },
      { name: 'delay', low: 0, high: 10 },
    ];
    expect(salibProblem(linear)).toEqual({
      num_vars: 2,
      names: ['x1', 'delay'],
      bounds: [
        [-PI, PI],
        [0, 10],
      ],
    });
    expect(salibProblemJson(linear)).toBe(
      '{\n  "num_vars": 2,\n  "names": [\n    "x1",\n    "delay"\n  ],\n  "bounds": [\n    [\n      -3.141592653589793,\n      3.141592653589793\n    ],\n    [\n      0,\n      10\n    ]\n  ]\n}\n',
    );
    const mixed: Parameter[] = [...linear, { name: 'rate', low: 0.5, high: 50, scale: 'log' }];
    expect(JSON.parse(salibProblemJson(mixed))).toEqual({
      num_vars: 3,
      names: ['x1', 'delay', 'rate'],
      bounds: [
        [-PI, PI],
        [0, 10],
        [0.5, 50],
      ],
      dists: ['unif', 'unif', 'logunif'],
    });
    expect(() => salibProblem([])).toThrow(RangeError);
  });
});
