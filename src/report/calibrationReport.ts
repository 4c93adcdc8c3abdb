/**
 * The HTML report of a calibration (`rungs calibrate --html FILE`): per historical incident, each
 * observed interval against the model's 10–90% band and median (a chart), then the tables of the
 * text report, counterfactual gains included. Self-contained; the same results give the same bytes.
 */
import type { IncidentCalibration } from '../analysis/calibrate.js';
import { BAND } from '../analysis/calibrate.js';
import type { CounterfactualGain } from '../analysis/counterfactual.js';
import { calibrationChart } from './charts.js';
import { calibrationTable, counterfactualTable } from './calibration.js';
import { escape, htmlPage, markdownToHtml } from './html.js';
import { figure } from './svg.js';

/** The report of `incidents` and `counterfactuals` as one HTML page. */
export async function calibrationReportHtml(
  incidents: readonly IncidentCalibration[],
  counterfactuals: readonly CounterfactualGain[],
): Promise<string> {
  const body = [
    '<h1>The model against history</h1>',
    `<p>Each observed interval of a historical incident beside the model's ${BAND.low}th, 50th and ${BAND.high}th percentiles over its seeds, under the design in force at the time. An observation outside the band is a miss. An interval the model does not close within the horizon is drawn at the horizon's edge of the chart.</p>`,
  ];
  for (const [i, r] of incidents.entries()) {
    body.push(`<h2>${escape(r.scenario)}</h2>`);
    const rows = r.intervals.map((x) => ({
      interval: x.label,
      observed: x.observed,
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
