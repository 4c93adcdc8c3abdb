/**
 * The review's merged timeline: what happened (rung changes, decisions answered and entering or
 * leaving force, legal postures, the control cell's interventions) against what each side
 * believed and when (its learned timeline), with what was said (notes, messages, rationales) in
 * line, in simulated time order. Log entries of kinds it does not know are skipped.
 */
import type { TraceEntry } from '../engine/trace.js';
import type { Model } from '../model/model.js';
import { legalStateWords } from '../report/timeline.js';
import { NATIONS, type Nation } from '../scenario/primitives.js';
import type { GameEntry, InjectEntry, PositionEntry } from './gameLog.js';
import type { MessageView } from './mailViews.js';
import type { LearnedEntry } from './learned.js';
import { describePace } from './pace.js';
import { deciderWords, type DecidedPoint } from './reviewDeciders.js';
import { answerWords, seatName, simTime, type ReviewNames } from './reviewNames.js';

/** Where a row stands: what truly happened, what a side learned, or what was said. */
export type TimelineColumn = 'happened' | Nation | 'said';

/** The columns in order, with their headings. */
export const TIMELINE_COLUMNS: ReadonlyArray<{
  readonly column: TimelineColumn;
  readonly heading: string;
}> = [
  { column: 'happened', heading: 'What happened' },
  { column: 'japan', heading: 'What Japan learned' },
  { column: 'unitedStates', heading: 'What the United States learned' },
  { column: 'said', heading: 'What was said' },
];

/** One line of the timeline: when, in which column, who, what. */
export interface TimelineRow {
  readonly t: number;
  readonly column: TimelineColumn;
  readonly who: string;
  readonly text: string;
}

/** What the merged timeline is made from. */
interface TimelineSources {
  readonly model: Model;
  readonly names: ReviewNames;
  readonly trace: readonly TraceEntry[];
  readonly entries: readonly GameEntry[];
  readonly learned: (side: Nation) => readonly LearnedEntry[];
  readonly points: readonly DecidedPoint[];
  /** Every message, with its channel in words and its delivery as the game now stands. */
  readonly messages: readonly MessageView[];
}

/** A state change of the trace in words; undefined for what the timeline leaves out. */
function stateRow(e: TraceEntry, model: Model, names: ReviewNames): TimelineRow | undefined {
  if (e.kind !== 'state' || e.actor === 'adversary') return undefined;
  if (e.actor === 'ladder') {
    const from = model.rungIndex.get(e.from) ?? -1;
    const to = model.rungIndex.get(e.to) ?? -1;
    const verb = from < 0 ? 'begins' : to > from ? 'escalates' : 'steps down';
    return { t: e.t, column: 'happened', who: 'Crisis', text: `${verb}: ${names.rung(e.to)}` };
  }
  const [region, to = ''] = e.to.split('/');
  const from = e.from.split('/')[1] ?? '';
  const who = seatName(e.actor);
  if (e.from === '' && !to.startsWith('inForce')) return undefined;
  const legal = legalStateWords(region!, to);
  if (legal) {
    if (e.from === '') return undefined;
    const before = legalStateWords(region!, from)?.state ?? 'start';
    return {
      t: e.t,
      column: 'happened',
      who,
      text: `legal posture, ${legal.region}: ${before} → ${legal.state}`,
    };
  }
  if (to.startsWith('inForce') && !from.startsWith('inForce'))
    return { t: e.t, column: 'happened', who, text: `in force: ${names.decision(region!)}` };
  if (from.startsWith('inForce') && !to.startsWith('inForce'))
    return {
      t: e.t,
      column: 'happened',
      who,
      text: `no longer in force (${answerWords(to)}): ${names.decision(region!)}`,
    };
  return undefined;
}

/** An answered point in words, with its rationale; the policy's adversary moves show as rung changes. */
function answerRow(p: DecidedPoint, names: ReviewNames): TimelineRow | undefined {
  if (p.kind === 'move' && p.decider.kind === 'policy') return undefined;
  const rationale = p.entry?.rationale ? ` (rationale: “${p.entry.rationale}”)` : '';
  return {
    t: p.t,
    column: 'happened',
    who: deciderWords(p.decider),
    text: `${answerWords(p.answer)}: ${names.point(p.point)}${rationale}`,
  };
}

/** An inject in words; undefined for a message, which shows with the game's other messages. */
function injectRow(e: InjectEntry, names: ReviewNames): TimelineRow | undefined {
  const i = e.inject;
  // an inject the injects list scheduled names its item (`msel`, a field of that part of the game)
  const msel = (e as Record<string, unknown>)['msel'];
  const scheduled = typeof msel === 'string' ? ` (scheduled inject ${msel})` : '';
  const row = (text: string): TimelineRow => ({
    t: e.time,
    column: 'happened',
    who: 'Control cell',
    text: `${text}${scheduled}`,
  });
  switch (i.type) {
    case 'fact':
      return row(
        `made known to ${i.side === 'all' ? 'every side' : seatName(i.side)}: ${names.fact(i.fact)}`,
      );
    case 'message':
      // shown with every other message, from the game's messages (delivered at once)
      return undefined;
    case 'move':
      return row(`moved the adversary to ${names.rung(i.to)}`);
    case 'organisation': {
      const capacity = i.capacity === undefined ? [] : [`capacity ${i.capacity}`];
      const factor = i.delayFactor === undefined ? [] : [`processing time ×${i.delayFactor}`];
      return row(`changed ${names.organisation(i.org)}: ${[...capacity, ...factor].join(', ')}`);
    }
  }
}

/** A message sent, then received when delivered (or in transit, or never delivered, said so). */
function messageRows(m: MessageView): TimelineRow[] {
  const pending =
    m.status === 'in transit'
      ? ` (in transit until ${simTime(m.deliverAt)})`
      : m.status === 'not delivered'
        ? ' (not delivered before the end)'
        : '';
  const rows: TimelineRow[] = [
    {
      t: m.sentAt,
      column: 'said',
      who: m.fromLabel,
      text: `to ${m.toLabel} over ${m.channelLabel}: ${m.text}${pending}`,
    },
  ];
  if (m.status === 'delivered' && m.deliverAt !== m.sentAt)
    rows.push({
      t: m.deliverAt,
      column: 'said',
      who: m.toLabel,
      text: `received ${m.fromLabel}'s message over ${m.channelLabel}`,
    });
  return rows;
}

/** A national seat's position on a joint alliance decision, in its round, with its rationale. */
function positionRow(e: PositionEntry, names: ReviewNames): TimelineRow {
  const verb = e.position === 'concur' ? 'concurs on' : 'objects to';
  const why = e.rationale ? `: “${e.rationale}”` : '';
  return {
    t: e.time,
    column: 'happened',
    who: seatName(e.seat),
    text: `${verb} ${names.point(e.point)} (round ${e.round})${why}`,
  };
}

const SCHEDULE_WORDS: Readonly<Record<string, string>> = {
  add: 'scheduled',
  edit: 'rescheduled',
  cancel: 'cancelled',
};

/**
 * The extension point for log entry kinds added beside this module, read by their fields so they
 * show before their types reach it: the control cell's changes to the injects list (`schedule`:
 * `action`, `item` with `id` and `at`, `reason`). Any other kind shows nowhere until given rows here.
 */
function laterKindRows(e: { readonly kind: string }): TimelineRow[] {
  const f = e as Record<string, unknown>;
  const item = (f['item'] ?? {}) as Record<string, unknown>;
  const { action, time, reason } = f;
  if (e.kind !== 'schedule' || typeof time !== 'number' || typeof item['id'] !== 'string')
    return [];
  const when = typeof item['at'] === 'number' ? ` (at ${simTime(item['at'])})` : '';
  const why = typeof reason === 'string' ? `: ${reason}` : '';
  const verb = SCHEDULE_WORDS[String(action)] ?? 'changed';
  return [
    {
      t: time,
      column: 'happened',
      who: 'Control cell',
      text: `${verb} the scheduled inject ${item['id']}${when}${why}`,
    },
  ];
}

/** A log entry's rows: the control cell's interventions and notes (answers come from the trace). */
function entryRows(e: GameEntry, names: ReviewNames): TimelineRow[] {
  const control = (text: string): TimelineRow[] => [
    { t: e.time, column: 'happened', who: 'Control cell', text },
  ];
  switch (e.kind) {
    case 'inject': {
      const row = injectRow(e, names);
      return row ? [row] : [];
    }
    case 'handover':
      return control(`handed the ${seatName(e.to)} seat to the engine's policy`);
    case 'pace':
      return control(`clock ${describePace(e.pace)}`);
    case 'end':
      return control('ended the game');
    case 'note':
      return [{ t: e.time, column: 'said', who: seatName(e.seat), text: `note: ${e.text}` }];
    case 'position':
      return [positionRow(e, names)];
    // answers come from the trace, messages from their views (with their channels and delivery)
    case 'answer':
    case 'message':
    case 'clock':
      return [];
    default:
      return laterKindRows(e);
  }
}

/** The control cell's interventions besides answering and notes (injects, handovers, pace, the end). */
export function interventionRows(entries: readonly GameEntry[], names: ReviewNames): TimelineRow[] {
  return entries.flatMap((e) =>
    e.kind === 'note' ? [] : entryRows(e, names).filter((r) => r.who === 'Control cell'),
  );
}

/** A learned line with rung ids and fact ids put in words. */
function learnedText(text: string, model: Model, names: ReviewNames): string {
  return text
    .replace(/^reported: ([^,]+), /, (whole, id: string) =>
      model.rungIndex.has(id) ? 'reported: ' : whole,
    )
    .replace(/^learned: (.+)$/, (_, fact: string) => `learned: ${names.fact(fact)}`);
}

const RANK: Readonly<Record<TimelineColumn, number>> = {
  happened: 0,
  japan: 1,
  unitedStates: 2,
  said: 3,
};

/** The merged timeline, in simulated time order (at one time: happened, then each side, then said). */
export function mergedTimeline(s: TimelineSources): TimelineRow[] {
  const truth = s.trace.flatMap((e) => stateRow(e, s.model, s.names) ?? []);
  const answers = s.points.flatMap((p) => answerRow(p, s.names) ?? []);
  const log = [
    ...s.entries.flatMap((e) => entryRows(e, s.names)),
    ...s.messages.flatMap(messageRows),
  ];
  const beliefs = NATIONS.flatMap((side) =>
    s.learned(side).map((l): TimelineRow => ({
      t: l.t,
      column: side,
      who: seatName(side),
      text: learnedText(l.text, s.model, s.names),
    })),
  );
  // at one time, the input first, then the answers, then what they changed
  return [...log, ...answers, ...truth, ...beliefs]
    .map((row, i) => ({ row, i }))
    .sort((a, b) => a.row.t - b.row.t || RANK[a.row.column] - RANK[b.row.column] || a.i - b.i)
    .map(({ row }) => row);
}
