/**
 * A run's line of `results.jsonl`: its row with every time rounded as the CSV writes it (four
 * decimals of a minute: the trace's whole seconds without float noise such as 336.43333333333334),
 * the run's status, and each decision's status. Read back, the times return to the simulated
 * second exactly, so summaries built from the lines equal those built from the rows.
 */
import {
  DECISION_TIMES,
  decisionStatus,
  type DecisionStatus,
  type RowDecision,
  type RunRow,
} from './row.js';

/**
 * How a run ended. A batch's run always runs to the horizon (a run that fails fails the batch and
 * writes no row), so this is the one status a row has; the field is there so that a reader need
 * not know that.
 */
export const RUN_STATUSES = ['finished_at_horizon'] as const;
type RowStatus = (typeof RUN_STATUSES)[number];

/** Minutes to four decimals, as the CSV writes them. */
const minutes = (x: number | null): number | null => (x === null ? null : Number(x.toFixed(4)));

/** Minutes written to four decimals back on the trace's grid of whole simulated seconds. */
const onSecondGrid = (x: number | null): number | null =>
  x === null ? null : Math.round(x * 60) / 60;

/** A decision as `results.jsonl` holds it. */
function jsonDecision(d: RowDecision): RowDecision & { readonly status: DecisionStatus } {
  return {
    status: decisionStatus(d),
    eventAt: minutes(d.eventAt),
    triggeredAt: minutes(d.triggeredAt),
    decidedAt: minutes(d.decidedAt),
    latencyFromEvent: minutes(d.latencyFromEvent),
    latencyFromKnown: minutes(d.latencyFromKnown),
    closed: d.closed,
  };
}

/**
 * A run's line of `results.jsonl` (without its newline): `design`, `seed` and `point` first (what
 * a partial line's key is read from), then `status` and the rest of the row, times rounded.
 */
export function rowJson(row: RunRow): string {
  const decisions: Record<string, RowDecision> = {};
  for (const [id, d] of Object.entries(row.decisions)) decisions[id] = jsonDecision(d);
  const status: RowStatus = 'finished_at_horizon';
  return JSON.stringify({
    design: row.design,
    seed: row.seed,
    point: row.point,
    status,
    traceHash: row.traceHash,
    events: row.events,
    highestRung: row.highestRung,
    finalRung: row.finalRung,
    faitAccompli: row.faitAccompli,
    objectiveReachedAt: minutes(row.objectiveReachedAt),
    responseInPlaceAt: minutes(row.responseInPlaceAt),
    timeAtObjectiveOrHigher: minutes(row.timeAtObjectiveOrHigher),
    decisions,
  });
}

/**
 * A row read from its line of `results.jsonl` (or a partial file), its times back on the grid of
 * whole simulated seconds that `toRow` rounds to: the row {@link rowJson} was given. The row is
 * `parsed` itself, its times rounded in place.
 */
export function rowFromJson(parsed: RunRow): RunRow {
  // rounded where they stand, every field keeps its place, as in a copy spread field by field
  const row = parsed as Writable<RunRow>;
  row.objectiveReachedAt = onSecondGrid(row.objectiveReachedAt ?? null);
  row.responseInPlaceAt = onSecondGrid(row.responseInPlaceAt ?? null);
  row.timeAtObjectiveOrHigher = onSecondGrid(row.timeAtObjectiveOrHigher)!;
  const decisions = (row.decisions ??= {}) as Record<string, Writable<RowDecision>>;
  for (const id in decisions) {
    const d = decisions[id]!;
    for (const f of DECISION_TIMES) d[f] = onSecondGrid(d[f] ?? null);
  }
  return row;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };
