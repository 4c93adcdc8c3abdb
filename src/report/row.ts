/** One run as a flat row: what results.csv and results.jsonl hold, and what summaries are built from. */
import type { RunResult } from '../engine/simulation.js';

/**
 * A decision's timing in a row, in simulated minutes; null where the run never reached it. The
 * times mean what they mean in a decision's metric (engine/metrics.ts).
 */
export interface RowDecision {
  readonly eventAt: number | null;
  readonly triggeredAt: number | null;
  readonly decidedAt: number | null;
  /** decidedAt − eventAt. */
  readonly latencyFromEvent: number | null;
  /** decidedAt − triggeredAt. */
  readonly latencyFromKnown: number | null;
  /** Times it was closed before it was issued: overtaken by events, or rejected by the Diet beforehand. */
  readonly closed: number;
}

/** A row decision's fields, in CSV column order. */
const DECISION_FIELDS = ['eventAt', 'triggeredAt', 'decidedAt', 'latencyFromEvent', 'latencyFromKnown', 'closed'] as const satisfies readonly (keyof RowDecision)[];

export interface RunRow {
  readonly design: string;
  readonly seed: number;
  /** Parameter overrides of a sweep point, as `path=value` joined by `;` ('' for none). */
  readonly point: string;
  readonly traceHash: string;
  readonly events: number;
  readonly highestRung: string;
  readonly finalRung: string;
  readonly faitAccompli: boolean;
  readonly objectiveReachedAt: number | null;
  readonly responseInPlaceAt: number | null;
  /** Minutes at the objective rung or higher, up to the horizon. */
  readonly timeAtObjectiveOrHigher: number;
  readonly decisions: Readonly<Record<string, RowDecision>>;
}

const round = (x: number | undefined): number | null => (x === undefined ? null : Math.round(x * 60) / 60);

/** Turns a run's result into a row (times rounded to the simulated second). */
export function toRow(result: RunResult, point = ''): RunRow {
  const decisions: Record<string, RowDecision> = {};
  for (const d of result.decisions) {
    decisions[d.id] = {
      eventAt: round(d.eventAt),
      triggeredAt: round(d.triggeredAt),
      decidedAt: round(d.decidedAt),
      latencyFromEvent: round(d.latencyFromEvent),
      latencyFromKnown: round(d.latencyFromKnown),
      closed: d.closed,
    };
  }
  const o = result.outcome;
  return {
    design: result.design,
    seed: result.seed,
    point,
    traceHash: result.traceHash,
    events: result.events,
    highestRung: o.highestRung,
    finalRung: o.finalRung,
    faitAccompli: o.faitAccompli,
    objectiveReachedAt: round(o.objectiveReachedAt),
    responseInPlaceAt: round(o.responseInPlaceAt),
    timeAtObjectiveOrHigher: round(o.timeAtObjectiveOrHigher)!,
    decisions,
  };
}

/** The CSV header for rows over the given decisions (decision columns `<decision>.<field>`, times in minutes, `closed` a count). */
export function csvHeader(decisionIds: readonly string[]): string {
  const fixed = ['design', 'point', 'seed', 'traceHash', 'events', 'highestRung', 'finalRung', 'faitAccompli', 'objectiveReachedAt', 'responseInPlaceAt', 'timeAtObjectiveOrHigher'];
  return [...fixed, ...decisionIds.flatMap((d) => DECISION_FIELDS.map((f) => `${d}.${f}`))].join(',');
}

function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV line of a row. */
export function csvLine(row: RunRow, decisionIds: readonly string[]): string {
  const cells = [row.design, row.point, row.seed, row.traceHash, row.events, row.highestRung, row.finalRung, row.faitAccompli, row.objectiveReachedAt, row.responseInPlaceAt, row.timeAtObjectiveOrHigher];
  for (const id of decisionIds) {
    const d = row.decisions[id];
    for (const f of DECISION_FIELDS) cells.push(d?.[f] ?? null);
  }
  return cells.map(csvCell).join(',');
}
