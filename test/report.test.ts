/**
 * The batch report's data and charts: latency distributions reduced for charts give the empirical
 * CDF of the runs, and every chart renders to SVG with its marks, the same bytes every time.
 */
import { describe, expect, it } from 'vitest';
import { columnsOf } from '../src/report/columns.js';
import {
  ecdfSteps,
  latencyDistributions,
  DISTRIBUTION_POINTS,
} from '../src/report/distribution.js';
import { forestChart, outcomeChart } from '../src/report/charts.js';
import { latencyChart } from '../src/report/latencyChart.js';
import { renderSvg } from '../src/report/svg.js';
import type { RunRow } from '../src/report/row.js';

/** Rows whose jp.mso latency from the event is given (null: never decided). */
function rows(latencies: ReadonlyArray<number | null>): RunRow[] {
  return latencies.map((latency, i) => ({
    seed: i + 1,
    faitAccompli: false,
    highestRung: 'R3',
    timeAtObjectiveOrHigher: 0,
    decisions: {
      'jp.mso': {
        latencyFromEvent: latency,
        latencyFromKnown: latency,
        decided: latency !== null,
        closed: 0,
      },
    },
  })) as unknown as RunRow[];
}

describe('latency distributions for charts', () => {
  it('give every run as a step of the empirical CDF over all runs when few', () => {
    const latencies = [30, null, 10, 20, 20, null, 50];
    const d = latencyDistributions(columnsOf('x', rows(latencies), ['jp.mso']), ['jp.mso'], 10000)
      .decisions[0]!;
    expect([d.runs, d.reached]).toEqual([7, 5]);
    const steps = ecdfSteps(d);
    // independently: the share of all 7 runs decided within x, at each reaching run's latency (ties at the last of them)
    const decided = latencies.filter((x): x is number => x !== null);
    for (const [i, s] of steps.entries()) {
      expect(s.minutes).toBe([...decided].sort((a, b) => a - b)[i]);
      const atOrBelow = decided.filter((x) => x <= s.minutes).length;
      expect(s.share).toBeLessThanOrEqual(atOrBelow / 7);
      expect(s.share).toBeGreaterThan((atOrBelow - 2) / 7);
    }
    expect(steps.at(-1)!.share).toBeCloseTo(5 / 7, 12);
  });

  it('reduce many runs to at most the chart points, from the fastest to the slowest run', () => {
    const latencies = Array.from({ length: 5000 }, (_, i) =>
      i % 10 === 0 ? null : (i * 37) % 1000,
    );
    const d = latencyDistributions(columnsOf('x', rows(latencies), ['jp.mso']), ['jp.mso'], 10000)
      .decisions[0]!;
    expect(d.quantiles.length).toBe(DISTRIBUTION_POINTS);
    const decided = latencies.filter((x): x is number => x !== null).sort((a, b) => a - b);
    expect(d.quantiles[0]).toBe(decided[0]);
    expect(d.quantiles.at(-1)).toBe(decided.at(-1));
    const steps = ecdfSteps(d);
    expect(steps[0]!.share).toBeCloseTo(1 / 5000, 12);
    expect(steps.at(-1)!.share).toBeCloseTo(4500 / 5000, 12);
  });
});

describe('charts', () => {
  it('render to SVG with their marks, the same bytes twice, and no reference outside the file', async () => {
    const specs = [
      latencyChart('jp.mso', [
        {
          design: 'a',
          neededShare: 1,
          curve: [
            { minutes: 0, share: 0 },
            { minutes: 60, share: 0.5 },
            { minutes: 120, share: 1 },
          ],
        },
        { design: 'b', neededShare: 0.5, curve: [{ minutes: 90, share: 0.4 }] },
      ]),
      forestChart('a', [
        {
          decision: 'jp.mso',
          design: 'b (n=2, 50% differ)',
          statistic: 'mean',
          minutes: -30,
          lower: -60,
          upper: 0,
        },
        {
          decision: 'jp.mso',
          design: 'b (n=2, 50% differ)',
          statistic: 'median',
          minutes: 0,
          lower: -60,
          upper: 0,
        },
      ]),
      outcomeChart(
        ['a', 'b'],
        [{ outcome: 'fait accompli', design: 'a', rate: 0.1, lower: 0.05, upper: 0.2 }],
      ),
    ];
    for (const spec of specs) {
      const svg = await renderSvg(spec);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toMatch(/class="mark-(line|symbol|rule)/);
      expect(await renderSvg(spec)).toBe(svg);
      // the only URLs are the SVG namespaces
      expect(svg.replace(/xmlns(:xlink)?="[^"]*"/g, '')).not.toMatch(/https?:|url\((?!#)/);
    }
  });
});
