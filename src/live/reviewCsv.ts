/**
 * The review's tables as CSV for a spreadsheet: every answered point, and the merged timeline.
 * RFC 4180 (a header row, CRLF line ends, fields quoted when they hold a comma, a quote or a line
 * break), with stable columns, and a guard against formula injection: a cell that starts with
 * `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet shows it as text instead of running it.
 */
import type { ReviewRecord } from './reviewData.js';
import { realSeconds, simTime } from './reviewNames.js';
import { TIMELINE_COLUMNS } from './reviewTimeline.js';

/** The tables a review exports. */
export const REVIEW_TABLES = ['answers', 'timeline'] as const;
export type ReviewTable = (typeof REVIEW_TABLES)[number];

/** The columns of the answers table, in order. */
export const ANSWER_COLUMNS = [
  'simulated_time',
  'simulated_minutes',
  'decision_point',
  'decision',
  'answer',
  'decided_by',
  'seat',
  'via_api',
  'waited_simulated_minutes',
  'took_real_seconds',
  'policy_approve_probability',
  'against_policy',
  'rationale',
] as const;

/** The columns of the timeline table, in order. */
export const TIMELINE_CSV_COLUMNS = [
  'simulated_time',
  'simulated_minutes',
  'column',
  'who',
  'what',
] as const;

/** One cell: guarded against formulas, quoted when it must be. */
export function csvCell(value: string | number | boolean | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text: a header row, then one line each, every line ended by CRLF. */
function csvText(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | undefined>>,
): string {
  return [header, ...rows].map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}

/** Minutes to two decimals: the same text on every machine. */
const minutes = (m: number) => m.toFixed(2);

/** Every answered point, by anyone, in order. */
export function answersCsv(review: ReviewRecord): string {
  return csvText(
    ANSWER_COLUMNS,
    review.answered.map((a) => {
      const e = a.entry;
      return [
        simTime(a.t),
        minutes(a.t),
        a.point,
        a.label,
        a.answer,
        a.decidedBy,
        a.seat,
        a.viaApi ? 'yes' : 'no',
        e?.askedAt === undefined ? '' : minutes(e.time - e.askedAt),
        e ? realSeconds(e.shownWall, e.wall) : undefined,
        e?.policyApprove,
        a.againstPolicy ? 'yes' : 'no',
        e?.rationale,
      ];
    }),
  );
}

/** The merged timeline, one row a line, its column by heading. */
export function timelineCsv(review: ReviewRecord): string {
  const heading = new Map(TIMELINE_COLUMNS.map((c) => [c.column, c.heading]));
  return csvText(
    TIMELINE_CSV_COLUMNS,
    review.timeline.map((r) => [simTime(r.t), minutes(r.t), heading.get(r.column), r.who, r.text]),
  );
}
