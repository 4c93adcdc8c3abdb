/**
 * The report's charts as Vega-Lite specifications, one builder per kind: the empirical CDF of a
 * decision's latency per design, a forest plot of paired differences against the baseline,
 * outcome rates with their intervals, the highest rung reached, a metric across a sweep
 * parameter, and one run's timeline. Builders are pure: data in, specification out; rendering is
 * `svg.ts`.
 */
import type { TopLevelSpec } from 'vega-lite';

/** Hours with the precision a chart can show (a second is 0.0003 h). */
const hours = (minutes: number) => Math.round((minutes / 60) * 1000) / 1000;

const WIDTH = 560;
const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: 'white',
  config: { font: 'sans-serif', view: { stroke: '#ddd' }, axis: { labelLimit: 320 } },
} as const;

/** The designs in the order the report lists them: the colour domain, so every chart colours a design alike. */
const colour = (designs: readonly string[]) => ({
  field: 'design',
  type: 'nominal' as const,
  scale: { domain: [...designs] },
  title: 'design',
});

/** Empirical CDF of one decision's latency per design: the share of all runs decided by each time. */
export function ecdfChart(
  title: string,
  designs: readonly string[],
  series: ReadonlyArray<{
    design: string;
    steps: ReadonlyArray<{ minutes: number; share: number }>;
  }>,
): TopLevelSpec {
  const values = series.flatMap((s) =>
    s.steps.map((p) => ({
      design: s.design,
      hours: hours(p.minutes),
      share: Math.round(p.share * 10000) / 10000,
    })),
  );
  return {
    ...base,
    title: {
      text: title,
      subtitle:
        'share of all runs in which it was decided, by hours from the event that made it necessary',
    },
    width: WIDTH,
    height: 220,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'hours', type: 'quantitative', title: 'hours from the event' },
      y: {
        field: 'share',
        type: 'quantitative',
        title: 'share of runs decided',
        axis: { format: '%' },
        scale: { domain: [0, 1] },
      },
      color: colour(designs),
    },
  };
}

/** One row of a forest plot: a design's paired difference of one decision, one statistic. */
export interface ForestRow {
  readonly decision: string;
  /** The design, with its pair count and share of pairs that differ. */
  readonly design: string;
  readonly statistic: 'mean' | 'median';
  readonly minutes: number;
  readonly lower: number;
  readonly upper: number;
}

/** Paired differences against the baseline (design − baseline, hours) with 95% intervals: mean and median per design, a panel per decision. */
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
      subtitle:
        'design − baseline on the same seed, over the seeds where both decided it; 95% bootstrap intervals; negative is faster',
    },
    data: { values },
    facet: {
      row: {
        field: 'decision',
        type: 'nominal',
        title: null,
        header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' },
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
              scale: { domain: ['mean', 'median'], range: ['#222222', '#d95f02'] },
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
    resolve: { scale: { x: 'independent', y: 'independent' } },
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

/** Outcome rates per design with 95% Wilson intervals, a panel per outcome. */
export function outcomeChart(designs: readonly string[], rows: readonly RateRow[]): TopLevelSpec {
  return {
    ...base,
    title: { text: 'Outcomes', subtitle: 'share of runs, with 95% Wilson intervals' },
    data: { values: rows.map((r) => ({ ...r })) },
    facet: {
      row: {
        field: 'outcome',
        type: 'nominal',
        title: null,
        header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' },
      },
    },
    spec: {
      width: WIDTH,
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            y: { field: 'design', type: 'nominal', title: null, sort: [...designs] },
            x: {
              field: 'lower',
              type: 'quantitative',
              title: 'share of runs',
              axis: { format: '%' },
              scale: { domain: [0, 1] },
            },
            x2: { field: 'upper' },
            color: colour(designs),
          },
        },
        {
          mark: { type: 'point', filled: true, size: 50 },
          encoding: {
            y: { field: 'design', type: 'nominal', sort: [...designs] },
            x: { field: 'rate', type: 'quantitative' },
            color: colour(designs),
          },
        },
      ],
    },
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

/** A metric at every sweep point against one swept parameter, per design, with the mean over the other parameters as a line. */
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
        },
      },
    ],
  };
}

/** One run's timeline: the rung the crisis stood at, and each decision as it came into force, by side. */
export function timelineChart(
  title: string,
  rungs: readonly string[],
  ladder: ReadonlyArray<{ minutes: number; rung: string }>,
  decisions: ReadonlyArray<{ minutes: number; side: string; label: string }>,
): TopLevelSpec {
  return {
    ...base,
    title: {
      text: title,
      subtitle:
        'the rung the crisis stood at (line) and each decision as it came into force (points, by side)',
    },
    resolve: { scale: { x: 'shared' } },
    vconcat: [
      {
        width: WIDTH,
        height: 180,
        data: {
          values: ladder.map((s) => ({
            days: Math.round((s.minutes / 1440) * 10000) / 10000,
            level: rungs.indexOf(s.rung),
          })),
        },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'days', type: 'quantitative', title: 'days from the start' },
          y: {
            field: 'level',
            type: 'quantitative',
            title: 'rung',
            scale: { domain: [0, rungs.length - 1] },
            axis: {
              values: rungs.map((_, i) => i),
              labelExpr: `${JSON.stringify(rungs)}[datum.value]`,
            },
          },
          order: { field: 'days', type: 'quantitative' },
        },
      },
      {
        width: WIDTH,
        data: {
          values: decisions.map((d) => ({
            days: Math.round((d.minutes / 1440) * 10000) / 10000,
            side: d.side,
            decision: d.label,
          })),
        },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x: { field: 'days', type: 'quantitative', title: 'days from the start' },
          y: { field: 'decision', type: 'nominal', title: null, sort: { field: 'days' } },
          color: { field: 'side', type: 'nominal' },
        },
      },
    ],
  };
}

/** One assumption's influence on an output: a statistic with its 95% interval. */
export interface InfluenceRow {
  readonly assumption: string;
  readonly statistic: string;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/** A tornado of the most influential assumptions on one output: each statistic (μ*, or S1 and ST) with its interval, largest first. */
export function influenceChart(
  title: string,
  unit: string,
  rows: readonly InfluenceRow[],
): TopLevelSpec {
  const order = [...new Set(rows.map((r) => r.assumption))];
  const y = { field: 'assumption', type: 'nominal' as const, title: null, sort: order };
  return {
    ...base,
    title: {
      text: title,
      subtitle: 'the most influential assumptions, with 95% bootstrap intervals',
    },
    width: WIDTH,
    data: { values: rows.map((r) => ({ ...r })) },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.7 },
        encoding: {
          y,
          yOffset: { field: 'statistic', type: 'nominal' },
          x: { field: 'value', type: 'quantitative', title: unit },
          color: { field: 'statistic', type: 'nominal', title: null },
        },
      },
      {
        mark: { type: 'rule', color: '#222' },
        encoding: {
          y,
          yOffset: { field: 'statistic', type: 'nominal' },
          x: { field: 'lower', type: 'quantitative' },
          x2: { field: 'upper' },
        },
      },
    ],
  };
}

/** One observed interval against the model: its band (p10–p90), median and the observation, minutes (Infinity: not closed). */
export interface CalibrationRow {
  readonly interval: string;
  readonly observed: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly inBand: boolean;
}

/** Observed intervals (diamonds, red when outside) against the model's 10–90% band (bars) and median (ticks), in hours on a log scale. */
export function calibrationChart(title: string, rows: readonly CalibrationRow[]): TopLevelSpec {
  const finite = rows.flatMap((r) => [r.observed, r.p10, r.p50, r.p90]).filter(Number.isFinite);
  // an interval never closed is drawn at the chart's right edge
  const edge = Math.max(...finite, 60) * 2;
  const at = (m: number) => hours(Number.isFinite(m) ? Math.max(m, 1) : edge);
  const values = rows.map((r) => ({
    interval: r.interval,
    observed: at(r.observed),
    p10: at(r.p10),
    p50: at(r.p50),
    p90: at(r.p90),
    fit: r.inBand ? 'inside the band' : 'outside the band',
  }));
  const y = {
    field: 'interval',
    type: 'nominal' as const,
    title: null,
    sort: rows.map((r) => r.interval),
  };
  const x = {
    type: 'quantitative' as const,
    scale: { type: 'log' as const },
    title: 'hours (log scale)',
  };
  return {
    ...base,
    title: {
      text: title,
      subtitle: 'model 10–90% band (bar) and median (tick); the observation (diamond)',
    },
    width: WIDTH,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', color: '#c6dbef', height: 14 },
        encoding: { y, x: { field: 'p10', ...x }, x2: { field: 'p90' } },
      },
      {
        mark: { type: 'tick', color: '#08519c', thickness: 2 },
        encoding: { y, x: { field: 'p50', ...x } },
      },
      {
        mark: { type: 'point', shape: 'diamond', filled: true, size: 90 },
        encoding: {
          y,
          x: { field: 'observed', ...x },
          color: {
            field: 'fit',
            type: 'nominal',
            title: null,
            scale: {
              domain: ['inside the band', 'outside the band'],
              range: ['#222222', '#d62728'],
            },
          },
        },
      },
    ],
  };
}

/** A live game's latency for one decision (a rule) against the empirical CDF of the same decision over a batch of the model's runs. */
export function gameAgainstBatchChart(
  title: string,
  steps: ReadonlyArray<{ minutes: number; share: number }>,
  game: number | undefined,
): TopLevelSpec {
  const line = {
    data: {
      values: steps.map((p) => ({
        hours: hours(p.minutes),
        share: Math.round(p.share * 10000) / 10000,
      })),
    },
    mark: { type: 'line' as const, interpolate: 'step-after' as const, color: '#4c78a8' },
    encoding: {
      x: { field: 'hours', type: 'quantitative' as const, title: 'hours from the event' },
      y: {
        field: 'share',
        type: 'quantitative' as const,
        title: 'share of batch runs decided',
        axis: { format: '%' },
        scale: { domain: [0, 1] },
      },
    },
  };
  const marker =
    game === undefined
      ? []
      : [
          {
            data: { values: [{ hours: hours(game), label: 'this game' }] },
            layer: [
              {
                mark: { type: 'rule' as const, color: '#d62728', strokeWidth: 2 },
                encoding: { x: { field: 'hours', type: 'quantitative' as const } },
              },
              {
                mark: {
                  type: 'text' as const,
                  color: '#d62728',
                  align: 'left' as const,
                  dx: 4,
                  dy: -60,
                },
                encoding: {
                  x: { field: 'hours', type: 'quantitative' as const },
                  text: { field: 'label' },
                },
              },
            ],
          },
        ];
  return {
    ...base,
    title: {
      text: title,
      subtitle:
        game === undefined
          ? "the model's runs (this game has not decided it)"
          : "the model's runs (line) and this game (red)",
    },
    width: 420,
    height: 160,
    layer: [line, ...marker],
  };
}
