/**
 * A seat's read-in and its own record: what the scenario tells its side before play (the
 * situation, its objectives, its organisations, what it knows at the start and the decisions that
 * are its own, by label) and the answers the seat has given so far (asked, answered, answer,
 * rationale). The control cell's read-in holds every side's.
 */
import type { LiveGame } from './game.js';
import type { Side } from '../scenario/schema.js';
import { ALLIANCE, CONTROL } from './seats.js';
import { decisionLabel, orgLabel, pointLabel, rungLabel, seatName } from './names.js';

/** What one side is told before play. */
export interface SideBriefing {
  readonly side: string;
  /** The side by name ("Japan"). */
  readonly name: string;
  readonly objectives: readonly string[];
  /** What the side knows at the start, in words ('' when the scenario has no briefing). */
  readonly knows: string;
  /** Its organisations, by label. */
  readonly organisations: readonly string[];
  /** The decisions the seat answers, by label. */
  readonly decisions: readonly string[];
  /** What the side knows now, in words: the rung as reported to it, the decisions in force. */
  readonly now: readonly string[];
}

/** A seat's read-in. */
export interface BriefingView {
  readonly seat: string;
  readonly seatName: string;
  readonly title: string;
  readonly description: string;
  /** The seat's side (the control cell: every side). */
  readonly sides: readonly SideBriefing[];
}

/** One answer a seat gave. */
export interface OwnAnswer {
  /** The decision answered, by label. */
  readonly label: string;
  /** When it was asked (absent in logs written before games kept it). */
  readonly askedAt: number | undefined;
  readonly answeredAt: number;
  readonly answer: string;
  readonly rationale: string;
}

/** The organisations of a side, by label (the alliance's are the bilateral bodies). */
function organisationsOf(game: LiveGame, side: string): string[] {
  const orgSide = side === 'alliance' ? 'bilateral' : side;
  return [...game.model.organisations.values()]
    .filter((o) => o.side === orgSide)
    .map((o) => o.label);
}

/** The decisions `seat` answers (its owners in the seat plan), by label. */
function decisionsOf(game: LiveGame, seat: string): string[] {
  return [...game.plan.ownerSeat]
    .filter(([, s]) => s === seat)
    .map(([owner]) =>
      game.model.decisionsById.has(owner) || owner === 'adversary.move'
        ? decisionLabel(game.model, owner)
        : `Diet votes (${orgLabel(game.model, owner)})`,
    );
}

/** What `side` knows now, in words (the adversary: the true rung, its own doing). */
function knowsNow(game: LiveGame, side: string): string[] {
  const { model } = game;
  if (side === 'adversary') return [`The crisis is at ${rungLabel(model, game.trueRung().id)}.`];
  const k = game.simulation.picture(side as Side);
  const rung = model.scenario.ladder.rungs[k.rung];
  const inForce = Object.keys(k.decided)
    .sort()
    .map((id) => decisionLabel(model, id));
  return [
    rung ? `The crisis as reported to you: ${rungLabel(model, rung.id)}.` : 'No report yet.',
    inForce.length ? `In force: ${inForce.join('; ')}.` : 'Nothing in force yet.',
  ];
}

function sideBriefing(game: LiveGame, side: string, seat: string): SideBriefing {
  const text = game.model.scenario.briefing?.sides[side as 'japan'];
  return {
    side,
    name: seatName(side),
    objectives: text?.objectives ?? [],
    knows: text?.knows ?? '',
    organisations: side === 'adversary' ? [] : organisationsOf(game, side),
    decisions: decisionsOf(game, seat),
    now: knowsNow(game, side),
  };
}

/** The read-in of `seat`. */
export function briefingView(game: LiveGame, seat: string): BriefingView {
  const scenario = game.model.scenario;
  const sides =
    seat === CONTROL
      ? ['japan', 'unitedStates', 'alliance', 'adversary'].map((side) =>
          sideBriefing(game, side, side),
        )
      : [sideBriefing(game, game.sideOf(seat), seat)];
  return {
    seat,
    seatName: seatName(seat),
    title: scenario.title,
    description: scenario.description ?? '',
    sides,
  };
}

/**
 * The answers `seat` has given, in order: its own answers, its positions on joint alliance
 * decisions, and the answer to each joint point it took a position on, given jointly or by the
 * control cell (so that a national seat sees the consultation it took part in settle).
 */
export function ownAnswers(game: LiveGame, seat: string): OwnAnswer[] {
  const joint = new Set<string>();
  return game.entries.flatMap((e): OwnAnswer[] => {
    if (e.kind === 'position' && e.seat === seat) {
      joint.add(e.point);
      const position = e.position === 'concur' ? 'concurred' : 'objected';
      return [
        {
          label: pointLabel(game.model, e.point),
          askedAt: undefined,
          answeredAt: e.time,
          answer: `${position} (round ${e.round})`,
          rationale: e.rationale ?? '',
        },
      ];
    }
    if (e.kind !== 'answer' || (e.seat !== seat && !joint.has(e.point))) return [];
    const by = e.seat === ALLIANCE ? 'jointly' : 'by the control cell';
    return [
      {
        label: pointLabel(game.model, e.point),
        askedAt: e.askedAt,
        answeredAt: e.time,
        answer: e.seat === seat ? e.answer : `${e.answer} (${by})`,
        rationale: e.rationale ?? '',
      },
    ];
  });
}

/** The read-in a seat's board shows until the seat first answers (null after, and for the control cell). */
export function readInOf(game: LiveGame, seat: string): SideBriefing | null {
  if (seat === CONTROL || game.entries.some((e) => e.kind === 'answer' && e.seat === seat))
    return null;
  return sideBriefing(game, game.sideOf(seat), seat);
}
