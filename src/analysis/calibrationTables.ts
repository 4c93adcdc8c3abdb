/** Calibration results as a table a reader can check against history. */
import { formatDuration } from '../report/timeline.js';
import type { IncidentCalibration } from './calibrate.js';
import type { Observation, ObservationCheck } from './observation.js';
import type { CounterfactualGain } from './counterfactual.js';

/** A length of the model's distribution; a negative one (the end came first) as "−1h05m". */
const duration = (minutes: number) =>
  !Number.isFinite(minutes)
    ? 'not within horizon'
    : minutes < 0
      ? `−${formatDuration(-minutes)}`
      : formatDuration(minutes);

/** An observation as the record gives it: a length, a window, or "not within T". */
function observationText(observed: Observation): string {
  if (typeof observed === 'number') return formatDuration(observed);
  if ('between' in observed)
    return `${formatDuration(observed.between[0])}–${formatDuration(observed.between[1])}`;
  if ('within' in observed) return `within ${formatDuration(observed.within)}`;
  return `not within ${formatDuration(observed.notWithin)}`;
}

const percentileText = (c: ObservationCheck) =>
  c.percentileLow === c.percentileHigh
    ? c.percentileLow.toFixed(1)
    : `${c.percentileLow.toFixed(1)}–${c.percentileHigh.toFixed(1)}`;

/** Markdown lines: per incident, each observation against the model's 10th, 50th and 90th percentiles. */
export function calibrationTable(results: readonly IncidentCalibration[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`### ${r.scenario} (design ${r.design}, ${r.seeds} seeds)`, '');
    lines.push(
      `| interval | observed | model p10 | p50 | p90 | runs not closed | observation's percentile | verdict |`,
      '|---|---|---|---|---|---|---|---|',
    );
    for (const c of r.intervals) {
      const verdict = c.inBand ? 'inside' : `**outside: ${c.verdict}**`;
      lines.push(
        `| ${c.label} | ${observationText(c.observed)} | ${duration(c.p10)} | ${duration(c.p50)} | ${duration(c.p90)} | ` +
          `${c.unclosed} of ${c.runs} | ${percentileText(c)} | ${verdict} |`,
      );
    }
    lines.push('');
  }
  return lines;
}

const signed = (minutes: number) =>
  Number.isNaN(minutes)
    ? 'n/a'
    : minutes < 0
      ? `−${formatDuration(-minutes)}`
      : `+${formatDuration(minutes)}`;
const percent = (share: number) => (Number.isNaN(share) ? 'n/a' : `${Math.round(share * 100)}%`);

/** Markdown lines: per counterfactual, each observed interval with and without the reform, paired by seed. */
export function counterfactualTable(results: readonly CounterfactualGain[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      `### ${r.scenario}: ${r.reform} (against ${r.historical}, design ${r.design}, ${r.seeds} seeds)`,
      '',
    );
    lines.push(
      '| interval | without, p50 | with, p50 | mean change [95% interval] | median change | faster / same / slower | pairs |',
      '|---|---|---|---|---|---|---|',
    );
    for (const i of r.intervals) {
      const unclosed =
        i.closedOnlyHistorical + i.closedOnlyCounterfactual > 0
          ? ` (closed within the horizon only with the reform: ${i.closedOnlyCounterfactual}; only without: ${i.closedOnlyHistorical})`
          : '';
      lines.push(
        `| ${i.label} | ${duration(i.historicalMedian)} | ${duration(i.counterfactualMedian)} | ${signed(i.meanDifference)} [${signed(i.meanLower)}, ${signed(i.meanUpper)}] | ${signed(i.medianDifference)} | ` +
          `${percent(i.faster)} / ${percent(i.same)} / ${percent(i.slower)} | ${i.closed} of ${i.pairs}${unclosed} |`,
      );
    }
    lines.push('');
  }
  return lines;
}
