/**
 * The latency chart of one decision: per design, the share of the runs that needed the decision
 * which had decided it by each hour from the event (Kaplan–Meier, censored at the horizon), each
 * curve named with the share of runs that needed it, told apart by colour (Okabe–Ito), dash pattern
 * and a label at its end, so it reads the same without colour.
 */
import type { TopLevelSpec } from 'vega-lite';
import { base, hours, WIDTH } from './chartSpec.js';
import type { CurvePoint } from './decidedCurve.js';
import { designStyles } from './palette.js';

/** One design's curve: its decided-share corners and the share of all its runs that needed the decision. */
export interface LatencySeries {
  readonly design: string;
  /** Runs that needed the decision / all runs (NaN with no run). */
  readonly neededShare: number;
  readonly curve: readonly CurvePoint[];
}

/** A design's name with the share of its runs that needed the decision: what its curve is called. */
export function curveLabel(design: string, neededShare: number): string {
  if (!(neededShare > 0)) return `${design} (never needed)`;
  const percent = Math.round(neededShare * 100);
  // a share that rounds to 0% or 100% without being so says so
  const text = percent === 0 ? '<1' : percent === 100 && neededShare < 1 ? '>99' : String(percent);
  return `${design} (needed in ${text}% of runs)`;
}

/** The least gap between two end labels, as a share of the y axis (11 px text on a 240 px plot). */
const LABEL_GAP = 0.05;

/**
 * Where each curve's name goes: right of the plot's last hour, at the curve's last share, pushed
 * apart where two would overlap (bottom up, then top down so none leaves the axis).
 */
function endLabels(series: readonly LatencySeries[], labels: readonly string[]) {
  const drawn = series.flatMap((s, i) => {
    const last = s.curve.at(-1);
    return last && s.curve.length > 1 ? [{ s, label: labels[i]!, last }] : [];
  });
  const right = Math.max(...drawn.map((d) => d.last.minutes));
  const ends = drawn
    .map((d) => ({
      curve: d.label,
      design: d.s.design,
      hours: hours(right),
      share: d.last.share,
      labelShare: d.last.share,
    }))
    .sort((a, b) => a.share - b.share);
  for (let i = 1; i < ends.length; i++)
    ends[i]!.labelShare = Math.max(ends[i]!.labelShare, ends[i - 1]!.labelShare + LABEL_GAP);
  for (let i = ends.length - 1; i >= 0; i--)
    ends[i]!.labelShare = Math.min(
      ends[i]!.labelShare,
      (ends[i + 1]?.labelShare ?? 1 + LABEL_GAP) - LABEL_GAP,
    );
  return ends;
}

/**
 * The chart (see the module comment) of `series`, in the designs' report order (the baseline
 * first: black, solid), with a dotted rule at one half, where each curve crosses at its median.
 */
export function latencyChart(title: string, series: readonly LatencySeries[]): TopLevelSpec {
  const labels = series.map((s) => curveLabel(s.design, s.neededShare));
  const { colours, dashes } = designStyles(series.map((s) => s.design));
  const values = series.flatMap((s, i) =>
    s.curve.map((p) => ({
      curve: labels[i]!,
      design: s.design,
      hours: hours(p.minutes),
      share: Math.round(p.share * 10000) / 10000,
    })),
  );
  const ends = endLabels(series, labels);
  const x = { field: 'hours', type: 'quantitative' as const, title: 'hours from the event' };
  const y = {
    field: 'share',
    type: 'quantitative' as const,
    title: 'decided, of the runs needing it',
    axis: { format: '%' },
    scale: { domain: [0, 1] },
  };
  const legend = {
    orient: 'bottom' as const,
    direction: 'vertical' as const,
    symbolStrokeWidth: 2,
    labelLimit: 300,
  };
  const byCurve = { field: 'curve', type: 'nominal' as const, title: 'design' };
  return {
    ...base,
    title: {
      text: title,
      subtitle: [
        'of the runs that needed it, the share that had decided it by each hour',
        'from the event that made it necessary (Kaplan–Meier: runs still undecided',
        'at the horizon count until then); a curve crosses 50% at its median',
      ],
    },
    width: WIDTH,
    height: 240,
    layer: [
      {
        data: { values: [{ share: 0.5 }] },
        mark: { type: 'rule', color: '#888', strokeDash: [2, 3] },
        encoding: { y: { field: 'share', type: 'quantitative', title: y.title } },
      },
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
        encoding: {
          x,
          y,
          color: { ...byCurve, scale: { domain: labels, range: colours }, legend },
          strokeDash: { ...byCurve, scale: { domain: labels, range: dashes }, legend },
        },
      },
      {
        data: { values: ends },
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
        encoding: {
          // the same axis titles as the curves', which Vega-Lite would otherwise join to theirs
          x: { field: 'hours', type: 'quantitative', title: x.title },
          y: { field: 'labelShare', type: 'quantitative', title: y.title },
          text: { field: 'design' },
          color: { ...byCurve, scale: { domain: labels, range: colours }, legend: null },
        },
      },
    ],
  };
}
