/**
 * The ranking study: ranks and Kendall's τ-b as SciPy computes them, and a small study whose
 * values and standings are recomputed here from the models at each point.
 */
import { describe, expect, it } from 'vitest';
import { runRanking } from '../src/analysis/ranking.js';
import { fractionalRanks, kendallTauB } from '../src/stats/ranks.js';
import { assumptionSpace, modelsAt } from '../src/assumptions/space.js';
import { rankingOutcome } from '../src/analysis/rankingOutcome.js';
import { REFERENCE } from './helpers.js';

describe('ranks and rank correlation', () => {
  it('ties share the mean rank (scipy.stats.rankdata)', () => {
    expect(fractionalRanks([3, 1, 3, 2])).toEqual([3.5, 1, 3.5, 2]);
  });

  it("match scipy.stats.kendalltau's τ-b, with and without ties", () => {
    expect(kendallTauB([1, 2, 3, 4, 5], [3, 4, 1, 2, 5])).toBeCloseTo(0.2, 12);
    expect(kendallTauB([1, 1, 2, 3], [1, 2, 2, 3])).toBeCloseTo(0.8, 12);
    expect(kendallTauB([1, 2, 3], [3, 2, 1])).toBe(-1);
  });
});

describe('a ranking study', () => {
  it('ranks designs on the values their models give at each point, and counts standings from them', async () => {
    const designs = ['parallel', 'acm-2015', 'bcm-1997'];
    const decisions = ['alliance.coordinatedResponse', 'us.fdo'];
    const seeds = [1, 2, 3, 4, 5, 6];
    const study = await runRanking({
      scenarioFile: REFERENCE,
      designs,
      baseline: 'parallel',
      decisions,
      seeds,
      samples: 3,
      sampleSeed: 4,
      workers: 1,
      noiseBlocks: 2,
    });
    expect(study.values).toHaveLength(3);
    const space = assumptionSpace(REFERENCE, designs.join(','));
    const k = study.parameters.length;
    study.values.forEach((values, i) => {
      const point = new Map(space.register.map((a) => [a.id, a.value]));
      study.parameters.forEach((p, j) => point.set(p.name, study.sample.data[i * k + j]!));
      const models = modelsAt(space, point);
      const ordered = designs.map((id) => models[space.designs.findIndex((d) => d.id === id)]!);
      expect(values).toEqual(rankingOutcome(ordered, decisions, seeds));
    });
    // the first output, by hand: the share of points at which each design beats parallel
    const first = study.outputs[0]!;
    const width = decisions.length + 1;
    const rows = study.values
      .map((v) => designs.map((_, d) => v[d * width]!))
      .filter((r) => r.every((x) => !Number.isNaN(x)));
    expect(first.points).toBe(rows.length);
    designs.forEach((design, d) => {
      const standing = first.standings.find((s) => s.design === design)!;
      if (design !== 'parallel')
        expect(standing.shareAheadOfBaseline).toBe(
          rows.filter((r) => r[d]! < r[0]!).length / rows.length,
        );
      expect(standing.meanRank).toBeCloseTo(
        rows.reduce((s, r) => s + fractionalRanks(r)[d]!, 0) / rows.length,
        12,
      );
    });
    for (let i = 0; i < designs.length; i++)
      for (let j = 0; j < designs.length; j++)
        expect(first.beats[i]![j]! + first.beats[j]![i]!).toBeLessThanOrEqual(1);
  });
});
