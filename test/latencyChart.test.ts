/**
 * The report's latency curves are conditional on the decision being needed and censoring-aware:
 * checked against Kaplan–Meier computed by hand, against `kmMedian` of the same runs (the table's
 * median) at the 50% crossing, and for the share needed that each curve's label states. Also the
 * outcome panels' free scales under 20% and the forest plot's one shared scale.
 */
import { describe, expect, it } from 'vitest';
import { columnsOf } from '../src/report/columns.js';
import { decidedCurve } from '../src/report/decidedCurve.js';
import { latencyDistributions } from '../src/report/distribution.js';
import { curveLabel, latencyChart } from '../src/report/latencyChart.js';
import { forestChart, outcomeChart } from '../src/report/charts.js';
import { kmMedian, type Observation } from '../src/stats/survival.js';
import type { RunRow } from '../src/report/row.js';

const HORIZON = 10_000;

/** Rows of one decision: [eventAt, latency] (null eventAt: never needed; null latency: undecided). */
function rows(runs: ReadonlyArray<readonly [number | null, number | null]>): RunRow[] {
  return runs.map(([eventAt, latency], i) => ({
    seed: i + 1,
    faitAccompli: false,
    highestRung: 'R3',
    timeAtObjectiveOrHigher: 0,
    decisions: {
      'jp.mso': {
        eventAt,
        latencyFromEvent: latency,
        latencyFromKnown: latency,
        decidedAt: latency === null || eventAt === null ? null : eventAt + latency,
        closed: 0,
      },
    },
  })) as unknown as RunRow[];
}

/** The chart's data values of one layer that holds a `curve` field, grouped by design. */
function curvesOf(spec: ReturnType<typeof latencyChart>) {
  const layers = (spec as { layer: Array<{ data: { values: Array<Record<string, unknown>> } }> })
    .layer;
  const line = layers[1]!.data.values as Array<{
    design: string;
    curve: string;
    hours: number;
    share: number;
  }>;
  return line;
}

describe('the decided-share curve', () => {
  it('is 1 − Kaplan–Meier, a censored run leaving the risk set (worked by hand)', () => {
    // decided at 10, 20 and 30; censored at 15. S: 3/4 at 10, 3/4 × 1/2 at 20 (2 at risk), 0 at 30
    const obs: Observation[] = [
      { time: 10, event: true },
      { time: 15, event: false },
      { time: 20, event: true },
      { time: 30, event: true },
    ];
    const curve = decidedCurve(obs, 200);
    expect(curve.map((p) => p.minutes)).toEqual([0, 10, 20, 30]);
    expect(curve.map((p) => p.share)).toEqual([0, 0.25, 0.625, 1]);
  });

  it('keeps at most levels + 3 corners and crosses one half where the full curve does', () => {
    const obs: Observation[] = Array.from({ length: 3001 }, (_, i) => ({
      time: (i * 7919) % 5003,
      event: i % 4 !== 0,
    }));
    const curve = decidedCurve(obs, 200);
    expect(curve.length).toBeLessThanOrEqual(203);
    const full = decidedCurve(obs, 1e9);
    expect(full.length).toBeGreaterThan(1000);
    const crossing = (c: typeof curve) => c.find((p) => p.share >= 0.5)!.minutes;
    expect(crossing(curve)).toBe(crossing(full));
    expect(crossing(curve)).toBe(kmMedian(obs).estimate);
  });
});

describe('the latency chart of a batch', () => {
  // deterministic runs of two designs: a needs the decision in 3 runs of 4, b in 1 of 4; some undecided
  const design = (name: string, neededEvery: number, slow: number) =>
    columnsOf(
      name,
      rows(
        Array.from({ length: 2000 }, (_, i): [number | null, number | null] => {
          if (i % neededEvery !== 0 && !(neededEvery === 4 / 3 && i % 4 !== 3)) return [null, null];
          const eventAt = (i * 131) % 4000;
          const latency = ((i * 7919) % 3001) * slow;
          return [eventAt, eventAt + latency > HORIZON || i % 9 === 0 ? null : latency];
        }),
      ),
      ['jp.mso'],
    );

  it('crosses 50% at the Kaplan–Meier median of the runs that needed it, and says how many did', () => {
    const columns = [design('a', 1, 1.5), design('b', 4, 1)];
    const spec = latencyChart(
      'Maritime security operation order',
      columns.map((c) => {
        const d = latencyDistributions(c, ['jp.mso'], HORIZON).decisions[0]!;
        return { design: c.design, neededShare: d.needed! / d.runs, curve: d.decided! };
      }),
    );
    const values = curvesOf(spec);
    for (const c of columns) {
      // independently: the observations of the runs that needed it, censored at the horizon
      const obs: Observation[] = [];
      let needed = 0;
      for (let i = 0; i < c.length; i++) {
        const eventAt = c.eventAt[0]![i]!;
        if (Number.isNaN(eventAt)) continue;
        needed++;
        const latency = c.latencyFromEvent[0]![i]!;
        obs.push(
          Number.isNaN(latency)
            ? { time: HORIZON - eventAt, event: false }
            : { time: latency, event: true },
        );
      }
      const mine = values.filter((v) => v.design === c.design);
      expect(mine[0]!.curve).toBe(
        `${c.design} (needed in ${Math.round((needed / c.length) * 100)}% of runs)`,
      );
      // where the curve sits exactly at one half, the median is the middle of that level (as R's)
      const at = mine.findIndex((v) => v.share >= 0.5);
      const crossing =
        mine[at]!.share === 0.5 ? (mine[at]!.hours + mine[at + 1]!.hours) / 2 : mine[at]!.hours;
      expect(crossing).toBeCloseTo(kmMedian(obs).estimate / 60, 3);
    }
    expect(values.find((v) => v.design === 'b')!.curve).toBe('b (needed in 25% of runs)');
  });

  it('names a curve with the share needed, saying <1% and >99% rather than rounding to 0 or 100', () => {
    expect(curveLabel('parallel', 0.632)).toBe('parallel (needed in 63% of runs)');
    expect(curveLabel('x', 0.004)).toBe('x (needed in <1% of runs)');
    expect(curveLabel('x', 0.996)).toBe('x (needed in >99% of runs)');
    expect(curveLabel('x', 1)).toBe('x (needed in 100% of runs)');
    expect(curveLabel('x', 0)).toBe('x (never needed)');
  });
});

describe('outcome and forest scales', () => {
  it('gives a panel of rates all under 20% a scale of its own, others 0–100%', () => {
    const spec = outcomeChart(
      ['a', 'b'],
      [
        { outcome: 'fait accompli', design: 'a', rate: 0.05, lower: 0.03, upper: 0.08 },
        { outcome: 'fait accompli', design: 'b', rate: 0.12, lower: 0.1, upper: 0.15 },
        { outcome: 'top rung', design: 'a', rate: 0.05, lower: 0.03, upper: 0.08 },
        { outcome: 'top rung', design: 'b', rate: 0.3, lower: 0.25, upper: 0.35 },
      ],
    ) as unknown as {
      vconcat: Array<{ layer: Array<{ encoding: { x: { scale?: { domain: number[] } } } }> }>;
    };
    const domains = spec.vconcat.map((p) => p.layer[0]!.encoding.x.scale!.domain);
    expect(domains).toEqual([
      [0, 0.15],
      [0, 1],
    ]);
  });

  it('draws every forest panel on one shared x scale', () => {
    const spec = forestChart('a', [
      { decision: 'd1', design: 'b', statistic: 'mean', minutes: -30, lower: -60, upper: 0 },
      { decision: 'd2', design: 'b', statistic: 'mean', minutes: 600, lower: 300, upper: 900 },
    ]) as unknown as { resolve: { scale: { x: string } } };
    expect(spec.resolve.scale.x).toBe('shared');
  });
});
