/**
 * `report.html` of a batch: one self-contained page (inline SVG and CSS, no script, no network)
 * an analyst can brief from. Per key decision the share decided of the runs that needed it, per
 * design (Kaplan–Meier, see `latencyChart.ts`); a
 * forest plot of paired differences against the baseline (Δ RMST and the "both decided" mean and
 * median); outcome rates with intervals and the
 * highest rung reached; for sweeps, each metric against each swept parameter; one run's
 * timeline; and the summary's tables. Charts are rendered at write time, so the same batch gives
 * the same bytes.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { TraceEntry } from '../engine/trace.js';
import { Duration } from '../scenario/primitives.js';
import {
  forestChart,
  highestRungChart,
  outcomeChart,
  sweepChart,
  type ForestRow,
  type RateRow,
} from './charts.js';
import { timelineChart } from './runCharts.js';
import type { DesignDistributions } from './distribution.js';
import { latencyChart } from './latencyChart.js';
import { Figures } from './svg.js';
import type { DesignSummary } from './summary.js';
import { latencyTables, outcomeTable } from './tables.js';
import { wilsonInterval } from '../stats/intervals.js';
import { escape, htmlPage, markdownToHtml } from './html.js';
import { pointValues } from './row.js';
import { bottomLineHtml, type BottomLine } from './bottomLine.js';

/** What a batch report is made from. */
export interface BatchReportInput {
  readonly title: string;
  /** One line on what was run (designs × seeds × points, provenance). */
  readonly description: string;
  readonly baseline: string;
  readonly decisions: readonly string[];
  readonly labels: ReadonlyMap<string, string>;
  readonly rungs: readonly string[];
  readonly objective: string;
  /**
   * Per sweep point (in plan order): its label, its summaries (baseline first) and its designs'
   * distributions (same order).
   */
  readonly points: ReadonlyArray<{
    readonly label: string;
    readonly designs: readonly DesignSummary[];
    readonly distributions: readonly DesignDistributions[];
    /** The point's bottom line, shown first. */
    readonly bottomLine?: BottomLine;
  }>;
  /** One run to draw as a timeline: which, and its trace. */
  readonly timeline?: {
    readonly design: string;
    readonly seed: number;
    readonly trace: readonly TraceEntry[];
  };
}

/** The value of a swept parameter at a point (`path=value;…`): a number, or a duration in minutes. */
function sweptValues(label: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const [path, text] of pointValues(label)) {
    const asNumber = Number(text);
    const duration = Duration.safeParse(text);
    values.set(
      path,
      Number.isFinite(asNumber) && text.trim() !== ''
        ? asNumber
        : duration.success
          ? duration.data
          : NaN,
    );
  }
  return values;
}

/**
 * Per decision and design, the paired differences against the baseline: Δ RMST (over each
 * design's runs that needed it) and the "both decided" mean and median.
 */
function forestRows(input: BatchReportInput, designs: readonly DesignSummary[]): ForestRow[] {
  return input.decisions.flatMap((decision) =>
    designs.flatMap((s) => {
      const p = s.paired?.find((x) => x.decision === decision);
      if (!p) return [];
      const d = p.fromEvent;
      const rmst = p.restrictedMean;
      const differ = d.n > 0 ? `, ${Math.round(d.differingShare.estimate * 100)}% differ` : '';
      const design = `${s.design} (${d.n} both decided${differ})`;
      const label = input.labels.get(decision) ?? decision;
      const row = (
        statistic: ForestRow['statistic'],
        minutes: number,
        lower: number,
        upper: number,
      ) => ({ decision: label, design, statistic, minutes, lower, upper }) satisfies ForestRow;
      return [
        ...(Number.isFinite(rmst.lower)
          ? [row('RMST', rmst.estimate, rmst.lower, rmst.upper)]
          : []),
        ...(d.n > 0
          ? [
              row('mean', d.meanDifference, d.meanLower, d.meanUpper),
              row('median', d.medianDifference, d.lower, d.upper),
            ]
          : []),
      ];
    }),
  );
}

function outcomeRows(input: BatchReportInput, designs: readonly DesignSummary[]): RateRow[] {
  const atLeast = input.rungs.slice(input.rungs.indexOf(input.objective));
  return designs.flatMap((s) => {
    const reached = atLeast.reduce((n, r) => n + (s.highestRung[r]?.count ?? 0), 0);
    const w = wilsonInterval(reached, s.runs);
    const top = s.highestRung[input.rungs.at(-1)!]!;
    return [
      {
        outcome: 'fait accompli',
        design: s.design,
        rate: s.faitAccompli.rate,
        lower: s.faitAccompli.lower,
        upper: s.faitAccompli.upper,
      },
      {
        outcome: `reached ${input.objective} or higher`,
        design: s.design,
        rate: w.estimate,
        lower: w.lower,
        upper: w.upper,
      },
      {
        outcome: `escalated to the top rung, ${input.rungs.at(-1)}`,
        design: s.design,
        rate: top.rate,
        lower: top.lower,
        upper: top.upper,
      },
    ];
  });
}

/** The ladder and the decisions coming into force in a run's trace. */
function timelineData(trace: readonly TraceEntry[], labels: ReadonlyMap<string, string>) {
  const ladder: Array<{ minutes: number; rung: string }> = [];
  const decisions: Array<{ minutes: number; side: string; label: string }> = [];
  for (const e of trace) {
    if (e.kind !== 'state') continue;
    if (e.actor === 'ladder' && e.to !== 'idle') ladder.push({ minutes: e.t, rung: e.to });
    const [decision, state] = e.to.split('/');
    if (state?.startsWith('inForce') && !e.from.split('/')[1]?.startsWith('inForce'))
      decisions.push({ minutes: e.t, side: e.actor, label: labels.get(decision!) ?? decision! });
  }
  const last = trace.at(-1);
  if (last && ladder.length > 0) ladder.push({ minutes: last.t, rung: ladder.at(-1)!.rung });
  return { ladder, decisions };
}

/** Per key decision, the share decided of the runs that needed it per design (`distributions` in report order). */
function ecdfCharts(
  input: Pick<BatchReportInput, 'decisions' | 'labels'>,
  distributions: readonly DesignDistributions[],
): Array<[string, TopLevelSpec]> {
  return input.decisions.map((decision) => [
    `ecdf-${decision}`,
    latencyChart(
      input.labels.get(decision) ?? decision,
      distributions.map((d) => {
        const x = d.decisions.find((y) => y.decision === decision)!;
        return {
          design: d.design,
          neededShare: (x.needed ?? NaN) / x.runs,
          curve: x.decided ?? [],
        };
      }),
    ),
  ]);
}

/** The timeline chart of the report's one run. */
function timelineFigure(
  input: Pick<BatchReportInput, 'labels' | 'rungs'>,
  timeline: NonNullable<BatchReportInput['timeline']>,
): [string, TopLevelSpec] {
  const { ladder, decisions } = timelineData(timeline.trace, input.labels);
  return [
    'timeline',
    timelineChart(`${timeline.design}, seed ${timeline.seed}`, input.rungs, ladder, decisions),
  ];
}

/**
 * Draws the charts of a batch's report that need no summary into `figures`: the latency CDFs of
 * its first sweep point (`distributions` of the designs in report order, the baseline first) and
 * the timeline. A batch draws them while its workers summarise, one at a time and letting the event
 * loop turn between them, so that this thread keeps handing the workers their requests. A chart
 * that fails is reported by the report that takes it.
 */
export async function drawChartsWithoutSummaries(
  figures: Figures,
  input: Pick<BatchReportInput, 'decisions' | 'labels' | 'rungs' | 'timeline'>,
  distributions: readonly DesignDistributions[],
): Promise<void> {
  const charts = ecdfCharts(input, distributions);
  if (input.timeline) charts.push(timelineFigure(input, input.timeline));
  for (const [name, spec] of charts) {
    await new Promise((resolve) => setImmediate(resolve));
    await figures.draw(name, spec).catch(() => undefined);
  }
}

/** The charts of one sweep point (or of the whole batch when it has one point), with their names. */
function pointCharts(
  input: BatchReportInput,
  point: BatchReportInput['points'][number],
): Array<[string, TopLevelSpec]> {
  const designs = point.designs.map((d) => d.design);
  const charts = ecdfCharts(input, point.distributions);
  const forest = forestRows(input, point.designs);
  if (forest.length > 0) charts.push(['forest', forestChart(input.baseline, forest)]);
  charts.push(['outcomes', outcomeChart(designs, outcomeRows(input, point.designs))]);
  charts.push([
    'highest-rung',
    highestRungChart(
      designs,
      input.rungs,
      point.designs.flatMap((s) =>
        input.rungs.map((rung) => ({
          design: s.design,
          rung,
          rate: s.highestRung[rung]?.rate ?? 0,
        })),
      ),
    ),
  ]);
  return charts;
}

/**
 * Per swept parameter, each metric against it: each key decision's restricted mean to the horizon
 * (the runs that needed it, undecided ones counted until the horizon) and the fait-accompli rate.
 */
function sweepCharts(input: BatchReportInput): Array<[string, TopLevelSpec]> {
  const designs = input.points[0]!.designs.map((d) => d.design);
  const values = input.points.map((p) => sweptValues(p.label));
  const parameters = [...values[0]!.keys()].filter((name) =>
    values.every((v) => Number.isFinite(v.get(name))),
  );
  const metrics: Array<[string, (s: DesignSummary) => number]> = [
    ...input.decisions.map((decision): [string, (s: DesignSummary) => number] => [
      `restricted mean hours to ${decision}`,
      (s) =>
        s.latencies.find((l) => l.decision === decision)!.timeToDecision.restrictedMean.estimate /
        60,
    ]),
    ['fait-accompli rate', (s) => s.faitAccompli.rate],
  ];
  return parameters.flatMap((parameter) =>
    metrics.map(([metric, of]): [string, TopLevelSpec] => [
      `sweep-${parameter}-${metric}`,
      sweepChart(
        parameter,
        metric,
        designs,
        input.points.flatMap((p, i) =>
          p.designs
            .map((s) => ({ design: s.design, value: values[i]!.get(parameter)!, metric: of(s) }))
            .filter((r) => Number.isFinite(r.metric)),
        ),
      ),
    ]),
  );
}

/**
 * The whole report as one HTML document; charts already drawn into `figures` from the same data are
 * taken from there.
 */
export async function batchReportHtml(
  input: BatchReportInput,
  figures = new Figures(),
): Promise<string> {
  const sections: string[] = [];
  const sweep = input.points.length > 1;
  if (sweep) {
    sections.push('<h2>Across the sweep</h2>');
    for (const [name, spec] of sweepCharts(input)) sections.push(await figures.draw(name, spec));
  }
  const first = input.points[0]!;
  sections.push(
    sweep
      ? `<h2>At the first sweep point: ${escape(first.label)}</h2>`
      : '<h2>Key decision latencies</h2>',
  );
  for (const [name, spec] of pointCharts(input, first))
    sections.push(await figures.draw(name, spec));
  if (input.timeline) {
    const [name, spec] = timelineFigure(input, input.timeline);
    sections.push('<h2>One run</h2>', await figures.draw(name, spec));
  }
  for (const point of input.points) {
    sections.push(`<h2>Tables${sweep ? `: ${escape(point.label)}` : ''}</h2>`);
    sections.push(markdownToHtml(latencyTables(point.designs, input.labels, input.baseline)));
    sections.push(markdownToHtml(outcomeTable(point.designs, input.rungs, input.objective)));
  }
  return htmlPage(input.title, [
    `<h1>${escape(input.title)}</h1>`,
    ...bottomLineHtml(input.points),
    `<p>${escape(input.description)}</p>`,
    ...sections,
  ]);
}
