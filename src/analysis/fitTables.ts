/** A fitted posterior and a leave-one-out validation as tables a reader can check. */
import { formatDuration } from '../report/timeline.js';
import { calibrationTable } from './calibrationTables.js';
import type { HeldOut } from './crossValidate.js';
import type { Posterior } from '../assumptions/posterior.js';

const valueText = (unit: string, v: number) =>
  unit === 'minutes' ? formatDuration(Math.round(v)) : v.toFixed(3).replace(/\.?0+$/, '');

/**
 * Markdown lines: each fitted number's prior range against its posterior median and 90% interval,
 * then how the fit went.
 */
export function posteriorTable(posterior: Posterior): string[] {
  const lines = [
    '| fitted number | prior (registered range) | posterior median | posterior 90% interval | interval / range |',
    '|---|---|---|---|---|',
  ];
  posterior.parameters.forEach((p, j) => {
    const i = posterior.intervals[j]!;
    const span = (a: number, b: number) => (p.scale === 'log' ? Math.log(b / a) : b - a);
    const prior = `${valueText(p.unit, p.low)} – ${valueText(p.unit, p.high)} (${p.scale})`;
    const interval = `${valueText(p.unit, i.low)} – ${valueText(p.unit, i.high)}`;
    const share = Math.round((100 * span(i.low, i.high)) / span(p.low, p.high));
    lines.push(
      `| \`${p.id}\` | ${prior} | ${valueText(p.unit, i.median)} | ${interval} | ${share}% |`,
    );
  });
  const last = posterior.schedule.at(-1) as { epsilon?: number } | undefined;
  const tolerance = last?.epsilon?.toFixed(2) ?? 'n/a';
  const fittedTo = posterior.data
    .map((d) => `${d.scenario} (${d.observations.length} observations)`)
    .join(', ');
  lines.push(
    '',
    `${posterior.samples.length} weighted samples, effective sample size ${posterior.ess.toFixed(0)}; ` +
      `${posterior.schedule.length - 1} generations, ${posterior.simulations} simulations, ` +
      `final tolerance ${tolerance}; stopped on ${posterior.stopped}. Fitted to ${fittedTo}.`,
    'An interval near 100% of its range means the record does not inform that number: it stays an assumption.',
    '',
  );
  return lines;
}

/** Markdown lines: each held-out incident's observations under the fit to the other incidents. */
export function heldOutTable(results: readonly HeldOut[]): string[] {
  return results.flatMap((r) => [
    `Held out: ${r.calibration.scenario}, predicted from a fit to ${r.fittedTo.join(', ')} ` +
      `(effective sample size ${r.posterior.ess.toFixed(0)})`,
    '',
    ...calibrationTable([r.calibration]),
  ]);
}
