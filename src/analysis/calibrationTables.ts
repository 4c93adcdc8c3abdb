/** Calibration results as a table a reader can check against history. */
import { formatDuration } from '../report/timeline.js';
import { BAND, type IncidentCalibration } from './calibrate.js';
import type { CounterfactualGain } from './counterfactual.js';

const duration = (minutes: number) =>
  Number.isFinite(minutes) ? formatDuration(minutes) : 'not within horizon';

/** Markdown lines: per incident, each observed interval against the model's 10th, 50th and 90th percentiles. */
export function calibrationTable(results: readonly IncidentCalibration[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`### ${r.scenario} (design ${r.design}, ${r.seeds} seeds)`, '');
    lines.push(
      `| interval | observed | model p10 | p50 | p90 | observation's percentile | inside ${BAND.low}–${BAND.high}% |`,
      '|---|---|---|---|---|---|---|',
    );
    for (const i of r.intervals) {
      const unclosed = i.unclosed > 0 ? ` (${i.unclosed} of ${i.runs} runs not closed)` : '';
      lines.push(
        `| ${i.label} | ${duration(i.observed)} | ${duration(i.p10)} | ${duration(i.p50)} | ${duration(i.p90)}${unclosed} | ${i.percentile.toFixed(1)} | ${i.inBand ? 'yes' : '**no**'} |`,
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
