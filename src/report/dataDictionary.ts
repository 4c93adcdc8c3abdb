/**
 * `columns.md`: the data dictionary of a batch's `results.csv` and `results.jsonl`, written beside
 * them: every column, its unit and what an empty cell means, the decisions with their labels and
 * the swept parameters, so the files can be read in pandas, R or Excel without this repository.
 */
import { DECISION_STATUSES, paramColumn } from './row.js';
import { RUN_STATUSES } from './jsonRow.js';

/** What the dictionary lists. */
export interface DictionaryInput {
  /** Every decision that is a column (the scenario's), in column order, with its label. */
  readonly decisions: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  /** The swept parameters' paths, in column order. */
  readonly sweep: readonly string[];
  readonly rungs: readonly string[];
  readonly horizonMinutes: number;
}

const STATUS_MEANINGS: Readonly<Record<(typeof DECISION_STATUSES)[number], string>> = {
  decided: 'it came into force',
  closed_before_issue:
    'closed before it was issued (overtaken by events, or rejected by the Diet beforehand) and never put in force',
  undecided_at_horizon:
    'the event that called for it happened, but it was not decided by the horizon',
  not_triggered: 'the event that calls for it never happened in this run',
  not_in_design: "it is not a decision of this run's design",
};

/** A column's name, unit and meaning. */
type Column = [string, string, string];

/** The columns of a run as a whole, its sweep point's parameters among them. */
function runColumns(input: DictionaryInput): Column[] {
  return [
    ['design', '', 'the C2 design of the run'],
    [
      'point',
      '',
      'the sweep point: `path=value` per swept parameter, joined by `;` (empty without a sweep)',
    ],
    ...input.sweep.map((path): Column => [
      paramColumn(path),
      'as written',
      `the value of \`${path}\` at this point (a number, or the text given, such as a duration \`45m\`)`,
    ]),
    [
      'seed',
      '',
      'the seed; every design meets the same seeds, so rows of one seed pair across designs',
    ],
    [
      'traceHash',
      '',
      'SHA-256 of the run’s canonical trace: two runs with the same hash did the same thing',
    ],
    ['events', 'count', 'events the engine processed'],
    ['highestRung', `one of ${input.rungs.join(', ')}`, 'the highest rung the crisis reached'],
    ['finalRung', 'rung', 'the rung at the horizon'],
    [
      'faitAccompli',
      'true/false',
      'the adversary reached its objective before the alliance’s response was in place',
    ],
    [
      'objectiveReachedAt_min',
      'minutes',
      'when the crisis first reached the objective rung; empty: never',
    ],
    ['responseInPlaceAt_min', 'minutes', 'when the alliance’s response was in place; empty: never'],
    [
      'timeAtObjectiveOrHigher_min',
      'minutes',
      'time spent at the objective rung or higher, up to the horizon',
    ],
  ];
}

/** The columns of each decision, `<decision>` standing for its id. */
const DECISION_COLUMNS: readonly Column[] = [
  [
    '<decision>.status',
    'text',
    `how the run ended for the decision: ${DECISION_STATUSES.map((s) => `\`${s}\` (${STATUS_MEANINGS[s]})`).join('; ')}`,
  ],
  [
    '<decision>.eventAt_min',
    'minutes',
    'when the event that made it necessary happened (its rung entered, a decision in force); empty: never',
  ],
  [
    '<decision>.triggeredAt_min',
    'minutes',
    'when its side’s capital learned of that event; empty: never',
  ],
  [
    '<decision>.decidedAt_min',
    'minutes',
    'when it came into force; empty: not decided (see status)',
  ],
  ['<decision>.latencyFromEvent_min', 'minutes', 'decidedAt − eventAt; empty unless decided'],
  ['<decision>.latencyFromKnown_min', 'minutes', 'decidedAt − triggeredAt; empty unless decided'],
  [
    '<decision>.closedCount',
    'count',
    'times it was closed before issue (empty: not a decision of this design)',
  ],
];

/** The dictionary as Markdown. */
export function dataDictionary(input: DictionaryInput): string {
  const rows = [...runColumns(input), ...DECISION_COLUMNS];
  const lines = [
    '# Columns of results.csv',
    '',
    `One row per run. Times are simulated minutes from the start of the scenario, at the trace's resolution (whole seconds, so at most four decimals). Each run lasts ${input.horizonMinutes} minutes (the horizon). An empty cell is a time that never came; a decision's \`status\` says why.`,
    "The columns are the same whichever designs ran: one set per decision of the scenario. A decision that only some designs have (such as a design's own activation or transfer) is in `results.jsonl` only.",
    `\`results.jsonl\` holds the same runs as JSON objects: the same fields without the \`_min\` suffix and rounded the same way (minutes to four decimals), \`closed\` for \`closedCount\`, without \`param.*\`, and every decision of the run's design under \`decisions\`, by id, each with its \`status\` (times are \`null\` where the CSV is empty). Each line also has the run's \`status\`: ${RUN_STATUSES.map((s) => `\`${s}\``).join(', ')} (a batch's run always runs to the horizon; a run that fails stops the batch and writes no line).`,
    '',
    '| column | unit | meaning |',
    '|---|---|---|',
    ...rows.map(([column, unit, meaning]) => `| \`${column}\` | ${unit} | ${meaning} |`),
    '',
    '## Decisions',
    '',
    '| id | decision |',
    '|---|---|',
    ...input.decisions.map((d) => `| \`${d.id}\` | ${d.label} |`),
    '',
  ];
  return lines.join('\n');
}
