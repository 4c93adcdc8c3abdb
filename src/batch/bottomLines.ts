/**
 * A batch's bottom lines computed a decision at a time on several threads: each (sweep point,
 * key decision) is one piece of work (`decisionBottomLineOf`), done by the run pool's workers and
 * by this thread at once, where the main thread alone used to compute them all after the
 * summaries. `summary.json` is written from the pieces (`bottomLineOf` with them), so its bytes do
 * not change: the same outcomes, in the same order, with the same bootstrap seeds.
 */
import type { DesignSummary } from '../report/summary.js';
import {
  decisionBottomLineOf,
  type DecisionBottomLine,
  type SeedOutcomes,
} from '../report/bottomLine.js';
import type { Interval } from '../stats/intervals.js';
import type { BatchPlan } from './plan.js';

/** Ask a worker for one decision's bottom line at one sweep point. */
export interface BottomLineRequest {
  readonly type: 'bottomLine';
  readonly point: number;
  readonly decision: string;
  /** The point's outcomes of every design, the baseline's first. */
  readonly outcomes: readonly SeedOutcomes[];
  readonly baseline: string;
  readonly horizon: number;
  /** Each design's paired difference of restricted means against the baseline, from its summary. */
  readonly againstBaseline: Readonly<Record<string, Interval>>;
}

/** A worker's answer to a {@link BottomLineRequest}. */
export interface BottomLineResult {
  readonly type: 'bottomLine';
  readonly line: DecisionBottomLine;
}

/** Computes one decision's bottom line (in whichever thread). */
export function answerBottomLine(request: BottomLineRequest): BottomLineResult {
  const { outcomes, decision, baseline, horizon, againstBaseline } = request;
  return {
    type: 'bottomLine',
    line: decisionBottomLineOf(outcomes, decision, {
      baseline,
      horizon,
      againstBaseline: (design) => againstBaseline[design],
    }),
  };
}

/**
 * Every (sweep point, decision) of a batch's bottom lines as a request, in the order of the
 * points and decisions; the outcomes in the order `store.ts`'s `writeSummaries` gives them (the
 * baseline first, then the others by id).
 */
export function bottomLineRequests(
  plan: BatchPlan,
  baseline: number,
  decisions: readonly string[],
  byDesign: readonly (readonly DesignSummary[])[],
  outcomes: readonly (readonly SeedOutcomes[])[],
): BottomLineRequest[] {
  const order = [baseline, ...plan.designs.map((d) => d.index).filter((d) => d !== baseline)];
  return plan.points.flatMap((p) =>
    decisions.map((decision) => {
      const againstBaseline: Record<string, Interval> = {};
      for (const d of order.slice(1)) {
        const paired = byDesign[d]![p.index]!.paired?.find((x) => x.decision === decision);
        if (paired) againstBaseline[plan.designs[d]!.id] = paired.restrictedMean;
      }
      return {
        type: 'bottomLine' as const,
        point: p.index,
        decision,
        outcomes: order.map((d) => outcomes[d]![p.index]!),
        baseline: plan.designs[baseline]!.id,
        horizon: p.scenario.scenario.horizon,
        againstBaseline,
      };
    }),
  );
}

/** The pieces by point: each point's decisions' bottom lines, by decision. */
export type DecidedBottomLines = ReadonlyArray<ReadonlyMap<string, DecisionBottomLine>>;
