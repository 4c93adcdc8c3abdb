/**
 * The charts that compare designs, as Vega-Lite specifications, one builder per kind (a
 * decision's latency per design is `latencyChart.ts`): a forest plot of paired differences against
 * the baseline, outcome rates with their intervals, the highest rung reached, and a metric across
 * a sweep parameter.
 */
import type { TopLevelSpec } from 'vega-lite';
import { base, colour, hours, WIDTH } from './chartSpec.js';
import { designStyles } from './palette.js';

/** One row of a forest plot: a design's paired difference of one decision, one statistic. */
export interface ForestRow {
  readonly decision: string;
  /** The design, with its pair count and share of pairs that differ. */
  readonly design: string;
  /** Δ RMST over each design's runs that needed it, or the mean or median over the seeds both decided. */
  readonly statistic: 'RMST' | 'mean' | 'median';
  readonly minutes: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Paired differences against the baseline (design − baseline, hours) with 95% intervals: Δ RMST,
 * and the "both decided" mean and median, per design, a panel per decision, every panel on one
 * shared hours scale.
 */
export function forestChart(baseline: string, rows: readonly ForestRow[]): TopLevelSpec {
  const values = rows.map((r) => ({
    decision: r.decision,
    design: r.design,
    statistic: r.statistic,
    hours: hours(r.minutes),
    lower: hours(r.lower),
    upper: hours(r.upper),
  }));
  return {
    ...base,
    title: {
      text: `Paired differences against ${baseline}`,
      subtitle: [
        'design − baseline on the same seeds, 95% bootstrap intervals, negative is faster;',
        'RMST: restricted mean to the horizon over the runs that needed it',
        '(undecided ones count until the horizon); mean, median: over the seeds where both decided it',
      ],
    },
    data: { values },
    facet: {
      row: {
        field: 'decision',
        type: 'nominal',
        title: null,
        header: {
          labelAngle: 0,
          labelAlign: 'left',
          labelAnchor: 'start',
          labelOrient: 'top',
          // a long decision label is cut at the plot's width rather than widening the chart
          labelLimit: WIDTH,
        },
      },
    },
    spec: {
      width: WIDTH,
      layer: [
        { mark: { type: 'rule', color: '#999' }, encoding: { x: { datum: 0 } } },
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            y: { field: 'design', type: 'nominal', title: null },
            yOffset: { field: 'statistic', type: 'nominal' },
            x: { field: 'lower', type: 'quantitative', title: 'hours (design − baseline)' },
            x2: { field: 'upper' },
            color: {
              field: 'statistic',
              type: 'nominal',
              title: 'statistic',
              scale: {
                domain: ['RMST', 'mean', 'median'],
                range: ['#0072B2', '#000000', '#D55E00'],
              },
            },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 50 },
          encoding: {
            y: { field: 'design', type: 'nominal' },
            yOffset: { field: 'statistic', type: 'nominal' },
            x: { field: 'hours', type: 'quantitative' },
            color: { field: 'statistic', type: 'nominal' },
            shape: { field: 'statistic', type: 'nominal' },
          },
        },
      ],
    },
    // one x scale for every panel, so a difference looks as large as it is beside the others
    resolve: { scale: { x: 'shared', y: 'independent' } },
  };
}

/** An outcome's rate for one design with its Wilson interval. */
export interface RateRow {
  readonly outcome: string;
  readonly design: string;
  readonly rate: number;
  readonly lower: number;
  readonly upper: number;
}

/** Below this share, a panel of rates gets a scale of its own (0 to its largest bound), not 0–100%. */
const FREE_SCALE_BELOW = 0.2;

/**
 * Outcome rates per design with 95% Wilson intervals, a panel per outcome: on 0–100%, or when
 * every rate of the panel is under {@link FREE_SCALE_BELOW}, on a scale of its own, which the
 * panel's title states.
 */
export function outcomeChart(designs: readonly string[], rows: readonly RateRow[]): TopLevelSpec {
  const outcomes = [...new Set(rows.map((r) => r.outcome))];
  return {
    ...base,
    title: { text: 'Outcomes', subtitle: 'share of runs, with 95% Wilson intervals' },
    vconcat: outcomes.map((outcome) => {
      const own = rows.filter((r) => r.outcome === outcome);
      const free = own.every((r) => r.rate < FREE_SCALE_BELOW);
      const top = Math.max(...own.map((r) => r.upper));
      const x = {
        field: 'lower',
        type: 'quantitative' as const,
        title: free ? 'share of runs (scale to the largest bound, not 0–100%)' : 'share of runs',
        axis: { format: free && top < 0.02 ? '.1%' : '%' },
        scale: free ? { domain: [0, top > 0 ? top : 0.01], nice: true } : { domain: [0, 1] },
      };
      const y = { field: 'design', type: 'nominal' as const, title: null, sort: [...designs] };
      return {
        title: {
          text: free ? `${outcome} (all under ${FREE_SCALE_BELOW * 100}%)` : outcome,
          anchor: 'start' as const,
          fontSize: 13,
        },
        width: WIDTH,
        data: { values: own.map((r) => ({ ...r })) },
        layer: [
          {
            mark: { type: 'rule' as const, strokeWidth: 2 },
            encoding: { y, x, x2: { field: 'upper' }, color: colour(designs) },
          },
          {
            mark: { type: 'point' as const, filled: true, size: 50 },
            encoding: {
              y,
              x: { field: 'rate', type: 'quantitative' as const },
              color: colour(designs),
            },
          },
        ],
      };
    }),
  };
}

/** The share of runs whose highest rung was each rung, per design (stacked to 100%). */
export function highestRungChart(
  designs: readonly string[],
  rungs: readonly string[],
  rows: ReadonlyArray<{ design: string; rung: string; rate: number }>,
): TopLevelSpec {
  return {
    ...base,
    title: { text: 'Highest rung reached', subtitle: 'share of runs whose crisis went no higher' },
    width: WIDTH,
    data: { values: rows.map((r) => ({ ...r, order: rungs.indexOf(r.rung) })) },
    mark: 'bar',
    encoding: {
      y: { field: 'design', type: 'nominal', title: null, sort: [...designs] },
      x: {
        field: 'rate',
        type: 'quantitative',
        stack: 'zero',
        title: 'share of runs',
        axis: { format: '%' },
      },
      color: {
        field: 'rung',
        type: 'ordinal',
        scale: { domain: [...rungs], scheme: 'oranges' },
        title: 'highest rung',
      },
      order: { field: 'order', type: 'quantitative' },
    },
  };
}

/**
 * A metric at every sweep point against one swept parameter, per design, with the mean over the
 * other parameters as a line.
 */
export function sweepChart(
  parameter: string,
  metric: string,
  designs: readonly string[],
  rows: ReadonlyArray<{ design: string; value: number; metric: number }>,
): TopLevelSpec {
  return {
    ...base,
    title: {
      text: `${metric} against ${parameter}`,
      subtitle: 'each point a sweep point; the line the mean over the other swept parameters',
    },
    width: WIDTH,
    height: 200,
    data: { values: rows.map((r) => ({ ...r })) },
    layer: [
      {
        mark: { type: 'point', opacity: 0.6 },
        encoding: {
          x: { field: 'value', type: 'quantitative', title: parameter },
          y: { field: 'metric', type: 'quantitative', title: metric },
          color: colour(designs),
        },
      },
      {
        mark: 'line',
        encoding: {
          x: { field: 'value', type: 'quantitative' },
          y: { aggregate: 'mean', field: 'metric', type: 'quantitative' },
          color: colour(designs),
          strokeDash: {
            field: 'design',
            type: 'nominal',
            scale: { domain: [...designs], range: designStyles(designs).dashes },
            title: 'design',
          },
        },
      },
    ],
  };
}
