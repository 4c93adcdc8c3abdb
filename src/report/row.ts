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

/** A row decision's times, in CSV column order (each column `<decision>.<field>_min`). */
export const DECISION_TIMES = [
  'eventAt',
  'triggeredAt',
  'decidedAt',
  'latencyFromEvent',
  'latencyFromKnown',
] as const satisfies readonly (keyof RowDecision)[];

/**
 * How a run ended for a decision: put in force; closed before issue (overtaken by events, or
 * rejected by the Diet beforehand) and never put in force; needed but not decided by the horizon;
 * never needed (the event that calls for it never happened); or not a decision of the run's design.
 */
export const DECISION_STATUSES = [
  'decided',
  'closed_before_issue',
  'undecided_at_horizon',
  'not_triggered',
  'not_in_design',
] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** A decision's status in a row (see {@link DECISION_STATUSES}). */
export function decisionStatus(d: RowDecision | undefined): DecisionStatus {
  if (!d) return 'not_in_design';
  if (d.decidedAt !== null) return 'decided';
  if (d.closed > 0) return 'closed_before_issue';
  return d.eventAt === null ? 'not_triggered' : 'undecided_at_horizon';
}

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

const round = (x: number | undefined): number | null =>
  x === undefined ? null : Math.round(x * 60) / 60;

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

/** The CSV's leading columns, before one column per swept parameter and the decisions'. */
const LEADING = ['design', 'point'] as const;
const RUN_COLUMNS = [
  'seed',
  'traceHash',
  'events',
  'highestRung',
  'finalRung',
  'faitAccompli',
  'objectiveReachedAt_min',
  'responseInPlaceAt_min',
  'timeAtObjectiveOrHigher_min',
] as const;

/** The column of a swept parameter: `param.<path>`. */
export const paramColumn = (path: string) => `param.${path}`;

/**
 * The CSV header: the run's columns, one `param.<path>` column per swept parameter (`sweep`, in
 * order), then per decision its status, its times in minutes (`_min`) and how often it was closed.
 */
export function csvHeader(decisionIds: readonly string[], sweep: readonly string[] = []): string {
  return [
    ...LEADING,
    ...sweep.map(paramColumn),
    ...RUN_COLUMNS,
    ...decisionIds.flatMap((d) => [
      `${d}.status`,
      ...DECISION_TIMES.map((f) => `${d}.${f}_min`),
      `${d}.closedCount`,
    ]),
  ].join(',');
}

/** One CSV cell: quoted (quotes doubled) when it holds a quote, a comma or a line break; '' for null. */
export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Minutes at the trace's resolution (whole seconds) without float noise: 336.43333… → 336.4333. */
function csvMinutes(minutes: number | null): number | null {
  return minutes === null ? null : Number(minutes.toFixed(4));
}

const pointValuesByLabel = new Map<string, ReadonlyMap<string, string>>();

/** The swept parameters' values at a sweep point, as written, from its label (`path=value;…`; '' for none). */
export function pointValues(point: string): ReadonlyMap<string, string> {
  let values = pointValuesByLabel.get(point);
  if (!values) {
    values = new Map(
      point
        .split(';')
        .filter(Boolean)
        .map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]),
    );
    // a batch has at most a thousand points: every row of one point shares its parse
    if (pointValuesByLabel.size < 10_000) pointValuesByLabel.set(point, values);
  }
  return values;
}

/** The value of each swept parameter at a point, in the order of `sweep`: a number when it reads as one. */
export function sweptValues(point: string, sweep: readonly string[]): Array<string | number> {
  const values = pointValues(point);
  return sweep.map((path) => {
    const text = values.get(path) ?? '';
    return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  });
}

/** One CSV line of a row (see {@link csvHeader}). */
export function csvLine(
  row: RunRow,
  decisionIds: readonly string[],
  sweep: readonly string[] = [],
): string {
  const cells: Array<string | number | boolean | null> = [
    row.design,
    row.point,
    ...sweptValues(row.point, sweep),
  ];
  cells.push(
    row.seed,
    row.traceHash,
    row.events,
    row.highestRung,
    row.finalRung,
    row.faitAccompli,
    csvMinutes(row.objectiveReachedAt),
    csvMinutes(row.responseInPlaceAt),
    csvMinutes(row.timeAtObjectiveOrHigher),
  );
  for (const id of decisionIds) {
    const d = row.decisions[id];
    cells.push(
      decisionStatus(d),
      ...DECISION_TIMES.map((f) => csvMinutes(d?.[f] ?? null)),
      d?.closed ?? null,
    );
  }
  return cells.map(csvCell).join(',');
}
