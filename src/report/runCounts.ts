/**
 * How a design's runs ended: per decision, how many decided it, closed it before issue, never
 * needed it or still had it pending at the horizon; and the rates of fait accompli and of each rung
 * being the highest reached, with Wilson 95% intervals. Part of a design's summary (`summary.ts`).
 */
import type { RunColumns } from './columns.js';
import { wilsonInterval } from '../stats/intervals.js';

/**
 * How a decision's runs ended, one count per run (as a row's decision status says it):
 * `decided + notTriggered + closedUndecided + undecidedAtHorizon = runs`. Latency quantiles are
 * measured over the decided runs only.
 */
export interface DecisionCounts {
  /** Runs that put the decision in force. */
  readonly decided: number;
  /**
   * Runs that never needed it: the event that calls for it never happened (or it is not a decision
   * of the run's design).
   */
  readonly notTriggered: number;
  /**
   * Runs that needed it and closed it before issue at least once (overtaken by events, or rejected
   * by the Diet beforehand) and never put it in force.
   */
  readonly closedUndecided: number;
  /** Runs that needed it, neither put it in force nor closed it: still pending at the horizon. */
  readonly undecidedAtHorizon: number;
  /**
   * Runs that neither put it in force nor closed it: `notTriggered + undecidedAtHorizon` (kept for
   * readers of older summaries; it mixes never needed with still pending).
   */
  readonly undecided: number;
}

/** A share of runs with its Wilson 95% interval. */
export interface RateSummary {
  readonly count: number;
  readonly rate: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * How a decision's runs ended, in the order a row's status is read (decided, closed before issue,
 * never needed, still pending): a decision the columns do not hold was never needed.
 */
export function decisionCounts(c: RunColumns, decision: string): DecisionCounts {
  const k = c.decisions.indexOf(decision);
  if (k < 0)
    return {
      decided: 0,
      notTriggered: c.length,
      closedUndecided: 0,
      undecidedAtHorizon: 0,
      undecided: c.length,
    };
  const decided = c.decided[k]!;
  const closed = c.closed[k]!;
  const eventAt = c.eventAt[k]!;
  let nDecided = 0;
  let closedUndecided = 0;
  let notTriggered = 0;
  for (let i = 0; i < c.length; i++) {
    if (decided[i]) nDecided++;
    else if (closed[i]) closedUndecided++;
    else if (Number.isNaN(eventAt[i]!)) notTriggered++;
  }
  const undecided = c.length - nDecided - closedUndecided;
  return {
    decided: nDecided,
    notTriggered,
    closedUndecided,
    undecidedAtHorizon: undecided - notTriggered,
    undecided,
  };
}

function rate(count: number, runs: number): RateSummary {
  const w = wilsonInterval(count, runs);
  return { count, rate: w.estimate, lower: w.lower, upper: w.upper };
}

/** The rate of fait accompli and of each rung being the highest reached. */
export function outcomeRates(
  runs: RunColumns,
  rungs: readonly string[],
): { faitAccompli: RateSummary; highestRung: Record<string, RateSummary> } {
  let faitAccompli = 0;
  const highest = new Float64Array(runs.rungs.length);
  for (let i = 0; i < runs.length; i++) {
    faitAccompli += runs.faitAccompli[i]!;
    highest[runs.highestRung[i]!]!++;
  }
  const highestRung: Record<string, RateSummary> = {};
  for (const rung of rungs) {
    const k = runs.rungs.indexOf(rung);
    highestRung[rung] = rate(k < 0 ? 0 : highest[k]!, runs.length);
  }
  return { faitAccompli: rate(faitAccompli, runs.length), highestRung };
}
