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
import type { GameEntry, InjectEntry } from './gameLog.js';
import type { LearnedEntry } from './learned.js';
import { describePace } from './pace.js';
import { deciderWords, type DecidedPoint } from './reviewDeciders.js';
import { answerWords, seatName, simTime, type ReviewNames } from './reviewNames.js';
import { CONTROL } from './seats.js';

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
  readonly clock: GameClock;
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

/** An inject in words, in the column it belongs to (a message is said; the rest happened). */
function injectRow(e: InjectEntry, names: ReviewNames): TimelineRow {
  const i = e.inject;
  const row = (text: string): TimelineRow => ({
    t: e.time,
    column: 'happened',
    who: 'Control cell',
    text,
  });
  switch (i.type) {
    case 'fact':
      return row(
        `made known to ${i.side === 'all' ? 'every side' : seatName(i.side)}: ${names.fact(i.fact)}`,
      );
    case 'message':
      return { ...row(`to ${recipientWords(i.to)}: ${i.text}`), column: 'said' };
    case 'move':
      return row(`moved the adversary to ${names.rung(i.to)}`);
    case 'organisation': {
      const capacity = i.capacity === undefined ? [] : [`capacity ${i.capacity}`];
      const factor = i.delayFactor === undefined ? [] : [`processing time ×${i.delayFactor}`];
      return row(`changed ${names.organisation(i.org)}: ${[...capacity, ...factor].join(', ')}`);
    }
  }
}

/** Where the game's clock stands, for what is still on its way. */
interface GameClock {
  readonly now: number;
  readonly finished: boolean;
}

/** Recipients in words: a list, a comma list, or `all`. */
function recipientWords(to: unknown): string {
  const seats = (Array.isArray(to) ? to : typeof to === 'string' ? to.split(',') : []).filter(
    (s): s is string => typeof s === 'string' && s.trim() !== '',
  );
  return seats.map((s) => (s.trim() === 'all' ? 'every seat' : seatName(s.trim()))).join(', ');
}

/** A channel between seats in words: the control cell's, a side's own lines, or a body by its label. */
function channelWords(id: string, names: ReviewNames): string {
  if (id === CONTROL) return "the control cell's line";
  if (id.startsWith('within:')) return `${seatName(id.slice('within:'.length))}'s own lines`;
  return names.organisation(id);
}

/**
 * A seat's message (`kind: 'message'`: `seat`, `to`, `channel`, `text`, `time`, `deliverAt`), read
 * by its fields so the review needs no more than they say: sent, then received when delivered.
 */
function messageRows(
  f: Readonly<Record<string, unknown>>,
  names: ReviewNames,
  clock: GameClock,
): TimelineRow[] {
  const { text, time, seat, channel, deliverAt } = f;
  if (typeof text !== 'string' || typeof time !== 'number') return [];
  const sender = typeof seat === 'string' ? seatName(seat) : 'unknown';
  const via = typeof channel === 'string' ? ` over ${channelWords(channel, names)}` : '';
  const to = recipientWords(f['to']);
  const arrives = typeof deliverAt === 'number' ? deliverAt : time;
  const pending =
    arrives <= clock.now
      ? ''
      : clock.finished
        ? ' (not delivered before the end)'
        : ` (in transit until ${simTime(arrives)})`;
  const rows: TimelineRow[] = [
    { t: time, column: 'said', who: sender, text: `to ${to}${via}: ${text}${pending}` },
  ];
  if (arrives !== time && arrives <= clock.now)
    rows.push({ t: arrives, column: 'said', who: to, text: `received ${sender}'s message${via}` });
  return rows;
}

/**
 * A seat's position on a joint alliance decision (`kind: 'position'`: `seat`, `point`, `position`
 * concur or object, `round`, `rationale`, `time`), read by its fields.
 */
function positionRows(f: Readonly<Record<string, unknown>>, names: ReviewNames): TimelineRow[] {
  const { seat, point, position, round, rationale, time } = f;
  if (typeof seat !== 'string' || typeof point !== 'string' || typeof time !== 'number') return [];
  const verb = position === 'concur' ? 'concurs on' : 'objects to';
  const inRound = typeof round === 'number' ? ` (round ${round})` : '';
  const why = typeof rationale === 'string' && rationale ? `: “${rationale}”` : '';
  return [
    {
      t: time,
      column: 'happened',
      who: seatName(seat),
      text: `${verb} ${names.point(point)}${inRound}${why}`,
    },
  ];
}

/**
 * The extension point for log entry kinds added beside this module: an entry of a kind the log
 * schema here does not know is read by its fields (`message`), or skipped. The lead wires a new
 * kind here.
 */
export function extensionRows(
  e: { readonly kind: string },
  names: ReviewNames,
  clock: GameClock,
): TimelineRow[] {
  const f = e as Record<string, unknown>;
  if (e.kind === 'message') return messageRows(f, names, clock);
  if (e.kind === 'position') return positionRows(f, names);
  return [];
}

/** A log entry's rows: the control cell's interventions and notes (answers come from the trace). */
function entryRows(e: GameEntry, names: ReviewNames, clock: GameClock): TimelineRow[] {
  const control = (text: string): TimelineRow[] => [
    { t: e.time, column: 'happened', who: 'Control cell', text },
  ];
  switch (e.kind) {
    case 'inject':
      return [injectRow(e, names)];
    case 'handover':
      return control(`handed the ${seatName(e.to)} seat to the engine's policy`);
    case 'pace':
      return control(`clock ${describePace(e.pace)}`);
    case 'end':
      return control('ended the game');
    case 'note':
      return [{ t: e.time, column: 'said', who: seatName(e.seat), text: `note: ${e.text}` }];
    case 'answer':
    case 'clock':
      return [];
    default:
      return extensionRows(e, names, clock);
  }
}

/** The control cell's interventions besides answering and notes (injects, handovers, pace, the end). */
export function interventionRows(
  entries: readonly GameEntry[],
  names: ReviewNames,
  clock: GameClock,
): TimelineRow[] {
  return entries.flatMap((e) =>
    e.kind === 'note' ? [] : entryRows(e, names, clock).filter((r) => r.who === 'Control cell'),
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
  const log = s.entries.flatMap((e) => entryRows(e, s.names, s.clock));
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
