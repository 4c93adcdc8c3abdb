/** Calibration results as a table a reader can check against history. */
import type { IncidentCalibration } from '../analysis/calibrate.js';
import { BAND } from '../analysis/calibrate.js';
import { formatDuration } from './timeline.js';

const duration = (minutes: number) => (Number.isFinite(minutes) ? formatDuration(minutes) : 'not within horizon');

/** Markdown lines: per incident, each observed interval against the model's 10th, 50th and 90th percentiles. */
export function calibrationTable(results: readonly IncidentCalibration[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`### ${r.scenario} (design ${r.design}, ${r.seeds} seeds)`, '');
    lines.push(`| interval | observed | model p10 | p50 | p90 | observation's percentile | inside ${BAND.low}–${BAND.high}% |`, '|---|---|---|---|---|---|---|');
    for (const i of r.intervals) {
      const unclosed = i.unclosed > 0 ? ` (${i.unclosed} of ${i.runs} runs not closed)` : '';
      lines.push(`| ${i.label} | ${duration(i.observed)} | ${duration(i.p10)} | ${duration(i.p50)} | ${duration(i.p90)}${unclosed} | ${i.percentile.toFixed(1)} | ${i.inBand ? 'yes' : '**no**'} |`);
    }
    lines.push('');
  }
  return lines;
}
