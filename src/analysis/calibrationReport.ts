/**
 * The HTML report of a calibration (`rungs calibrate --html FILE`): per historical incident, each
 * observed interval against the model's 10–90% band and median (a chart), then the tables of the
 * text report, counterfactual gains included. Self-contained; the same results give the same bytes.
 */
import type { TopLevelSpec } from 'vega-lite';
import { base, hours, WIDTH } from '../report/chartSpec.js';
import { escape, htmlPage, markdownToHtml } from '../report/html.js';
import { figure } from '../report/svg.js';
import type { IncidentCalibration } from './calibrate.js';
import { BAND, type Observation } from './observation.js';
import { summariseCalibration, summaryLines } from './calibrationSummary.js';
import { calibrationTable, counterfactualTable } from './calibrationTables.js';
import type { CounterfactualGain } from './counterfactual.js';

/**
 * One observed interval against the model: its band (p10–p90), median and the observation, minutes
 * (Infinity: not closed).
 */
interface CalibrationRow {
  readonly interval: string;
  /** The observation's ends: equal for a length; a window's ends; for a censored one, T and Infinity. */
  readonly observedLow: number;
  readonly observedHigh: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly inBand: boolean;
}

/**
 * Observed intervals (diamonds, red when outside) against the model's 10–90% band (bars) and median
 * (ticks), in hours on a log scale.
 */
function calibrationChart(title: string, rows: readonly CalibrationRow[]): TopLevelSpec {
  const finite = rows
    .flatMap((r) => [r.observedLow, r.observedHigh, r.p10, r.p50, r.p90])
    .filter(Number.isFinite);
  // an interval never closed is drawn at the chart's right edge
  const edge = Math.max(...finite, 60) * 2;
  const at = (m: number) => hours(Number.isFinite(m) ? Math.max(m, 1) : edge);
  const values = rows.map((r) => ({
    interval: r.interval,
    observed: at(r.observedLow),
    observedHigh: at(r.observedHigh),
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
      subtitle:
        'model 10–90% band (bar) and median (tick); the observation (diamond; a window or "not within" as a line)',
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
        mark: { type: 'rule', color: '#222222', strokeWidth: 2 },
        encoding: { y, x: { field: 'observed', ...x }, x2: { field: 'observedHigh' } },
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

function observedEnds(o: Observation): { observedLow: number; observedHigh: number } {
  if (typeof o === 'number') return { observedLow: o, observedHigh: o };
  if ('between' in o) return { observedLow: o.between[0], observedHigh: o.between[1] };
  if ('within' in o) return { observedLow: 0, observedHigh: o.within };
  return { observedLow: o.notWithin, observedHigh: Infinity };
}

/** The report of `incidents` and `counterfactuals` as one HTML page. */
export async function calibrationReportHtml(
  incidents: readonly IncidentCalibration[],
  counterfactuals: readonly CounterfactualGain[],
): Promise<string> {
  const body = [
    '<h1>The model against history</h1>',
    `<p>Each observed interval of a historical incident beside the model's ${BAND.low}th, 50th and ${BAND.high}th percentiles over its seeds, under the design in force at the time. An observation outside the band is a miss. An interval the model does not close within the horizon is drawn at the horizon's edge of the chart. A point observation agrees only if the median run closes the interval; a censored one ("not within T") agrees if at least ${100 - BAND.high}% of runs had not closed it by T.</p>`,
  ];
  if (incidents.length > 0)
    body.push(markdownToHtml(summaryLines(summariseCalibration(incidents))));
  for (const [i, r] of incidents.entries()) {
    body.push(`<h2>${escape(r.scenario)}</h2>`);
    const rows = r.intervals.map((x) => ({
      interval: x.label,
      ...observedEnds(x.observed),
      p10: x.p10,
      p50: x.p50,
      p90: x.p90,
      inBand: x.inBand,
    }));
    body.push(
      await figure(
        `calibration-${i + 1}`,
        calibrationChart(`${r.scenario} (design ${r.design}, ${r.seeds} seeds)`, rows),
      ),
    );
    body.push(markdownToHtml(calibrationTable([r]).slice(2)));
  }
  if (counterfactuals.length > 0)
    body.push(
      '<h2>Counterfactual reforms</h2>',
      markdownToHtml(counterfactualTable(counterfactuals)),
    );
  return htmlPage('The model against history', body);
}
