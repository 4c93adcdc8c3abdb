/**
 * The share of the runs that needed a decision which had decided it by each time from the event:
 * 1 − the Kaplan–Meier curve of the censored time to decision (a run still undecided at the
 * horizon is censored there), the curve the report's latency charts draw. Conditional on the
 * decision being needed, so a design that needs it less often does not look slower; its 50%
 * crossing is the Kaplan–Meier median of the summary's tables.
 */
import { kaplanMeier, type Observation } from '../stats/survival.js';

/** One corner of the curve: from `minutes` on, `share` of the runs that needed it had decided it. */
export interface CurvePoint {
  readonly minutes: number;
  readonly share: number;
}

/** How far below a level a step may be and still count as reaching it (as `kmMedian`'s tolerance). */
const TOLERANCE = Math.sqrt(2 ** -52);

/**
 * The decided-share curve of `observations` (the runs that needed the decision), from (0, 0),
 * with at most `levels` + 3 corners: of the Kaplan–Meier steps, the first to reach each share
 * i/levels (i = 1 … levels) is kept, the one after a corner exactly at one half, and the last. A
 * kept corner is exact, so the curve drawn through them (step after) crosses each of those shares,
 * one half among them when `levels` is even, at the same time as the full curve (at one half
 * exactly, over the same span, whose middle is `kmMedian`'s median); between them it may lag by
 * less than 1/levels.
 */
export function decidedCurve(observations: readonly Observation[], levels: number): CurvePoint[] {
  const steps = kaplanMeier(observations).steps;
  const points: CurvePoint[] = [{ minutes: 0, share: 0 }];
  let next = 1;
  steps.forEach((s, i) => {
    const share = 1 - s.survival;
    const last = i === steps.length - 1;
    // a curve exactly at one half has its median in the middle of that level: keep where it ends
    const endsHalf = Math.abs(points.at(-1)!.share - 0.5) < TOLERANCE;
    if (share < next / levels - TOLERANCE && !last && !endsHalf) return;
    points.push({ minutes: s.time, share });
    next = Math.floor((share + TOLERANCE) * levels) + 1;
  });
  return points;
}
