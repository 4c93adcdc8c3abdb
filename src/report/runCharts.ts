/**
 * The charts of one run, as Vega-Lite specifications: its timeline (the rung the crisis stood at,
 * and each decision as it came into force), and a live game's latency against a batch of the
 * model's runs.
 */
import type { TopLevelSpec } from 'vega-lite';
import { base, hours, WIDTH } from './chartSpec.js';
import { DESIGN_COLOURS } from './palette.js';

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
          // Okabe–Ito, and a shape per side, so the sides are told apart without colour
          color: { field: 'side', type: 'nominal', scale: { range: [...DESIGN_COLOURS] } },
          shape: { field: 'side', type: 'nominal' },
        },
      },
    ],
  };
}

/**
 * A live game's latency for one decision (a rule) against the empirical CDF of the same decision
 * over a batch of the model's runs.
 */
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
