/**
 * How far one simulated run of an incident lies from what history recorded, the distance the fit
 * (`fit.ts`) reduces. Each observation compares one run's interval with the record on a signed
 * log scale of hours, so a 20-minute and an 18-hour interval weigh alike in relative terms: a
 * length by the distance between the two, a window by the distance to its nearer end (none
 * inside), a censored observation ("not within T") by how long before T the run closed it (none
 * if it did not), "within T" by how long after T the run closed it (none if by T). A run that
 * never closes the interval counts as closing it at the horizon.
 */
import type { Observation } from './observation.js';

/** Minutes as a signed log of hours: ln(1 + |t|/60), with t's sign. */
function logHours(minutes: number): number {
  return Math.sign(minutes) * Math.log1p(Math.abs(minutes) / 60);
}

/**
 * The distance of one run's interval (`simulated`, minutes; Infinity or undefined when it never
 * closed or never opened) from `observed`, with runs that never close it counted at `horizon`.
 */
export function observationDistance(
  observed: Observation,
  simulated: number | undefined,
  horizon: number,
): number {
  const s = logHours(simulated === undefined || !Number.isFinite(simulated) ? horizon : simulated);
  if (typeof observed === 'number') return Math.abs(s - logHours(observed));
  if ('between' in observed)
    return Math.max(0, logHours(observed.between[0]) - s, s - logHours(observed.between[1]));
  if ('within' in observed) return Math.max(0, s - logHours(observed.within));
  const closedBefore = simulated !== undefined && simulated <= observed.notWithin;
  return closedBefore ? logHours(observed.notWithin) - s : 0;
}
