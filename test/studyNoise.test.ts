/**
 * What a study claims against its own noise: findings only above the noise floor (an output of pure
 * noise has none, one driven by a parameter names it), flips only where both sides are resolved,
 * the seeds a pilot asks for, and groups of designs that cannot be told apart. Expected values are
 * worked out by hand in each test.
 */
import { describe, expect, it } from 'vitest';
import {
  morrisAnalyze,
  morrisSample,
  toParameterMatrix,
} from '../src/analysis/sensitivity/index.js';
import {
  isFinding,
  morrisFloors,
  tQuantile,
  noiseFloors,
  noiseSamplePoints,
} from '../src/analysis/studyNoise.js';
import { flipValues, flipVerdict, type FlipLevel } from '../src/analysis/studyFlip.js';
import { chooseSeeds } from '../src/analysis/studySeeds.js';
import { indistinguishableGroups } from '../src/analysis/rankingGroups.js';
import { mulberry32 } from '../src/stats/random.js';

/** Standard normal draws from a seeded generator (Box–Muller). */
function normals(seed: number): () => number {
  const u = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

const parameters = Array.from({ length: 12 }, (_, j) => ({ name: `x${j}`, low: 0, high: 10 }));

describe('findings against the noise floor', () => {
  const sample = morrisSample({ parameters, trajectories: 20, seed: 3 });
  const values = toParameterMatrix(parameters, sample.unit);
  const rows = Array.from({ length: values.rows }, (_, i) =>
    Array.from(values.data.subarray(i * 12, (i + 1) * 12)),
  );

  /**
   * The findings of an output `f` measured on two halves of the seeds, each with noise of sd 5:
   * `common` noise is the same at every point of a half (common seeds whose runs the point does not
   * change), otherwise each point draws its own.
   */
  function findings(f: (row: number[]) => number, seed: number, common = false): string[] {
    const noise = normals(seed);
    const half = () => {
      const shared = 5 * noise();
      return rows.map((row) => f(row) + (common ? shared : 5 * noise()));
    };
    const [a, b] = [half(), half()];
    const floors = morrisFloors(sample, a, b);
    const outputs = a.map((x, i) => (x + b[i]!) / 2);
    return morrisAnalyze(sample, outputs, { seed: 1 })
      .indices.filter((x, j) => isFinding({ id: x.name, morris: x, floor: floors[j]! }))
      .map((x) => x.name);
  }

  it('an output of pure noise has no finding, on any of 20 noise draws', () => {
    for (let seed = 1; seed <= 20; seed++) expect(findings(() => 0, seed)).toEqual([]);
  });

  it('an output moved by one parameter (3 sd per unit of its range) names that one alone', () => {
    // x4 moves the output by 15 (3 sd) per unit, 150 over its range: far above the noise
    for (let seed = 1; seed <= 5; seed++) expect(findings((x) => 15 * x[4]!, seed)).toEqual(['x4']);
  });

  it('under common seeds a small effect is a finding, and a parameter that changes nothing is not', () => {
    // 0.5 per unit is a tenth of the noise's sd, but the noise cancels in every step
    for (let seed = 1; seed <= 5; seed++)
      expect(findings((x) => 0.5 * x[7]!, seed, true)).toEqual(['x7']);
  });

  it("a factor's floor is s / Δ times Student's t at 5% shared by the factors; t agrees with the tables", () => {
    // half A flat, half B alternating 0, 2: every step differs by ±2 between halves, whose square
    // over 4 is 1, so the noise of a step on all seeds has sd 1, from 20 steps per factor
    const a = rows.map(() => 0);
    const b = rows.map((_, i) => (i % 2) * 2);
    for (const floor of morrisFloors(sample, a, b))
      expect(floor).toBeCloseTo(tQuantile(0.05 / 12, 20) / sample.delta, 12);
    // tables: t(0.975; 10) = 2.228, t(0.995; 20) = 2.845, t(0.9995; 8) = 5.041
    expect(tQuantile(0.05, 10)).toBeCloseTo(2.228, 2);
    expect(tQuantile(0.01, 20)).toBeCloseTo(2.845, 2);
    expect(tQuantile(0.001, 8) / 5.041).toBeCloseTo(1, 1);
  });

  it('pools the variance of several points; a point where nothing varies does not make the floor 0', () => {
    const floors = noiseFloors(
      [
        [[0], [0], [0]],
        [[1], [3], [2]],
      ],
      1,
    );
    // variances 0 and 1: pooled sd √(1/2)
    expect(floors[0]!.sd).toBeCloseTo(Math.SQRT1_2, 12);
    expect(floors[0]!.byPoint).toEqual([0, 1]);
    expect(noiseSamplePoints(100, 5)).toEqual([12, 37, 62, 87]);
  });
});

const level = (value: number, output: number, se: number, within = true): FlipLevel => ({
  value,
  output,
  se,
  within,
});
const p = { name: 'x', low: 10, high: 20, scale: 'log' as const };

describe('how far to flip', () => {
  it('a flip resolved on both sides beyond the range is stated as a multiple of the bound', () => {
    const levels = [
      level(10, -50, 5),
      level(15, -40, 5),
      level(20, -30, 5),
      level(40, -10, 2, false),
      level(80, 30, 5, false),
    ];
    const flip = flipVerdict('x', p, levels, 15);
    expect(flip.verdict).toBe('flips');
    // linear between (40, −10) and (80, 30): zero at 50, 2.5× the upper bound 20
    expect(flip.at).toBeCloseTo(50, 12);
    expect(flip.beyond).toBe('high');
    expect(flip.multiple).toBeCloseTo(2.5, 12);
    expect([flip.from, flip.to]).toEqual([40, 80]);
  });

  it('a change of sign within the noise is not a flip', () => {
    const levels = [level(10, -50, 5), level(15, -40, 5), level(20, 3, 5), level(40, 4, 5, false)];
    expect(flipVerdict('x', p, levels, 15).verdict).toBe('unresolved');
  });

  it('no search when the designs cannot be told apart at the files’ values; a sign kept is said to hold', () => {
    expect(flipVerdict('x', p, [level(10, 2, 5), level(15, 1, 5)], 15).verdict).toBe(
      'reference-unresolved',
    );
    const holds = flipVerdict('x', p, [level(10, 20, 5), level(15, 30, 5), level(20, 40, 5)], 15);
    expect(holds.verdict).toBe('holds');
  });

  it('stops at a value the files refuse', () => {
    const levels: FlipLevel[] = [
      { value: 1, within: false, invalid: 'refused' },
      level(10, -50, 5),
      level(15, -40, 5),
    ];
    expect(flipVerdict('x', p, levels, 15).verdict).toBe('holds');
  });

  it('tries five levels inside a log range, and 2, 4, 8× beyond each bound', () => {
    expect(flipValues(p, undefined, 15).map((v) => Math.round(v * 1000) / 1000)).toEqual([
      1.25, 2.5, 5, 10, 11.892, 14.142, 15, 16.818, 20, 40, 80, 160,
    ]);
    expect(flipValues({ name: 'c', low: 0, high: 2, levels: 3 }, undefined, 1)).toEqual([0, 1, 2]);
  });
});

describe('the seeds a pilot asks for', () => {
  it('enough for a standard error within the precision of the largest resolved need, capped', () => {
    // 30 seeds give se 10 on an effect of 50; 10% of 50 is 5: (10 / 5)² × 30 = 120 seeds
    const choice = chooseSeeds(
      { precision: 0.1, maxSeeds: 200, pilotSeeds: Array.from({ length: 30 }, (_, i) => i + 1) },
      ['a', 'b'],
      [50, 1],
      [10, 10],
    );
    expect(choice.pilot.map((x) => x.needs)).toEqual([120, 0]);
    expect(choice.seeds).toBe(120);
    expect(choice.capped).toBe(false);
    const capped = chooseSeeds(
      { precision: 0.05, maxSeeds: 200, pilotSeeds: Array.from({ length: 30 }, (_, i) => i + 1) },
      ['a'],
      [50],
      [10],
    );
    // (10 / 2.5)² × 30 = 480 > 200
    expect([capped.seeds, capped.capped]).toEqual([200, true]);
  });

  it('designs identical by construction (no noise at all) need no more than the pilot', () => {
    const choice = chooseSeeds(
      { precision: 0.1, maxSeeds: 200, pilotSeeds: [1, 2, 3, 4, 5] },
      ['a'],
      [0],
      [0],
    );
    expect(choice.seeds).toBe(5);
  });
});

describe('designs that cannot be told apart', () => {
  const pair = (a: string, b: string, lower: number, upper: number) => ({
    a,
    b,
    estimate: (lower + upper) / 2,
    lower,
    upper,
  });
  it('groups each design with the leader it cannot be told apart from', () => {
    const pairs = [
      pair('a', 'b', -1, 5), // b − a includes 0
      pair('a', 'c', 2, 9), // c slower than a
      pair('b', 'c', -1, 6), // b, c include 0
      pair('c', 'd', -3, 3),
      pair('a', 'd', 4, 9),
      pair('b', 'd', 1, 8),
    ];
    expect(indistinguishableGroups(['a', 'b', 'c', 'd'], pairs)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
  it('a pair identical by construction (a zero-width interval at 0) is one group', () => {
    expect(indistinguishableGroups(['x', 'y'], [pair('x', 'y', 0, 0)])).toEqual([['x', 'y']]);
  });
});
