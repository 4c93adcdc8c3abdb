/**
 * What each seat of a live game sees. A player seat sees its side's picture, not the truth: the
 * rung its reports have brought it and when, the situation recognised, its legal posture, the
 * decisions it knows to be in force, its own pending points (options, what the law requires
 * before the order can issue, how long each has waited, the staff steps done on it) and a
 * timeline of what it has learned. The adversary sees the ladder (its own moves) and the alliance
 * decisions it reads as posture. The control cell sees everything.
 */
import { NATIONS, SITUATIONS, type Side } from '../scenario/schema.js';
import { CONTROL } from './seats.js';
import type { LiveGame } from './game.js';
import type { PendingPoint } from './answers.js';
import type { Pace } from './gameLog.js';
import { describePace } from './pace.js';
import { adjacentRungs } from './injects.js';
import { mailOf, type MailView } from './mailViews.js';
import { isJoint, jointFor, jointView, type JointView } from './joint.js';
import { clockView, type ClockView } from './clockView.js';
import { scheduleView, type ScheduleView } from './scheduleView.js';
import { describeCondition, describeOptions, type OptionMeaning } from './meaning.js';
import { legalPostureLabel, orgLabel, powerLabel, seatName, situationLabel } from './names.js';
import { ownAnswers, readInOf, type OwnAnswer, type SideBriefing } from './briefing.js';
import { feedOf, thinkingOf, type FeedEntry, type SeatThinking } from './feed.js';

export interface PendingView {
  readonly id: string;
  readonly decision: string;
  readonly label: string;
  readonly kind: PendingPoint['kind'];
  readonly options: readonly string[];
  readonly askedAt: number;
  readonly waitingFor: number;
  /** What must hold before the order can issue, in words ('' when nothing does). */
  readonly requires: string;
  /** Staff steps done on it so far: organisation (id and label) and simulated minutes. */
  readonly staffing: ReadonlyArray<{
    readonly org: string;
    readonly name: string;
    readonly t: number;
  }>;
  readonly askedAtVersion: number;
  /** A joint alliance decision the national seats answer together: where its consultation stands. */
  readonly joint?: JointView;
  /** Each option and what choosing it does, in words from the scenario. */
  readonly choices: readonly OptionMeaning[];
}

/** One thing a side learned, when. */
interface Learned {
  readonly t: number;
  readonly text: string;
}

export interface SideView {
  readonly seat: string;
  /** The seat by name ("Japan"). */
  readonly seatName: string;
  readonly side: Side | 'adversary';
  readonly version: number;
  readonly time: number;
  readonly finished: boolean;
  /** How the clock runs, in words. */
  readonly pace: string;
  /** Progress toward the horizon and the turn (in turn mode). */
  readonly clock: ClockView;
  /** The rung the side believes the crisis is at, and when it learned it; null before any report. */
  readonly rung: { readonly id: string; readonly label: string; readonly learnedAt: number } | null;
  readonly situation: string;
  readonly recognised: string;
  readonly legal: string;
  readonly inForce: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  readonly powers: readonly string[];
  readonly pending: readonly PendingView[];
  readonly timeline: readonly Learned[];
  /** Messages the control cell sent this seat. */
  readonly messages: readonly Learned[];
  /** The control cell handed this seat to the engine's policy. */
  readonly policyPlays: boolean;
  /** Its channels, and the messages it received and sent. */
  readonly mail: MailView;
  /** The answers this seat has given, in order. */
  readonly answers: readonly OwnAnswer[];
  /** The seat's read-in, shown at the top of its board until it first answers; null after. */
  readonly readIn: SideBriefing | null;
}

export interface ControlView {
  readonly seat: typeof CONTROL;
  readonly version: number;
  readonly time: number;
  readonly finished: boolean;
  /** The control cell ended the game before its horizon. */
  readonly ended: boolean;
  readonly pace: Pace;
  readonly paceText: string;
  /** Progress toward the horizon and the turn (in turn mode). */
  readonly clock: ClockView;
  /** The scheduled injects with their status, and what the schedule's forms offer. */
  readonly schedule: ScheduleView;
  readonly trueRung: { readonly id: string; readonly label: string };
  /** The rungs an adversary-move inject can take the crisis to now. */
  readonly moves: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  /** Organisations an inject can change. */
  readonly organisations: readonly string[];
  /** The same organisations with their labels. */
  readonly organisationNames: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  readonly sides: readonly SideView[];
  readonly pending: readonly (PendingView & { readonly seat: string })[];
  /** Every message with its status; the control cell writes to anyone at once. */
  readonly mail: MailView;
  /** Why the last input could not be written to the log (a full disk); absent while writes succeed. */
  readonly diskError?: string;
  /** What happened, newest first, in words (`feed.ts`). */
  readonly feed: readonly FeedEntry[];
  /** How long each seat with points waiting has been thinking. */
  readonly thinking: readonly SeatThinking[];
}

/** What `seat` sees now. */
export function seatView(game: LiveGame, seat: string): SideView | ControlView {
  if (seat === CONTROL) return controlView(game);
  const side = game.sideOf(seat);
  return sideView(
    game,
    seat,
    side,
    game.pending().filter((p) => p.seat === seat || jointFor(game.model, p, seat)),
  );
}

function pendingViews(
  game: LiveGame,
  points: readonly PendingPoint[],
  seat: string = CONTROL,
): PendingView[] {
  const model = game.model;
  const label = (id: string) => model.decisionsById.get(id)?.label ?? id;
  const source = new Map(
    [...model.scenario.decisions, ...model.design.decisions].map((d) => [d.id, d]),
  );
  return points.map((p) => {
    const decision = p.decision.replace(/\.diet$/, '');
    return {
      id: p.id,
      decision: p.decision,
      label:
        p.kind === 'diet'
          ? `Diet vote on: ${label(decision)}`
          : p.kind === 'move'
            ? "The adversary's next move"
            : label(decision),
      kind: p.kind,
      options: p.options,
      askedAt: p.time,
      waitingFor: game.now - p.time,
      requires:
        p.kind === 'approve' ? describeCondition(model, source.get(decision)?.requires ?? {}) : '',
      staffing: game.trace
        .filter((e) => e.kind === 'step' && e.event === decision && e.to === 'done')
        .map((e) => ({ org: e.actor, name: orgLabel(model, e.actor), t: e.t })),
      askedAtVersion: p.askedAtVersion,
      ...(isJoint(p) ? { joint: jointView(game, p, seat) } : {}),
      choices: describeOptions(model, p, model.rungIndex.get(game.trueRung().id) ?? -1),
    };
  });
}

function sideView(
  game: LiveGame,
  seat: string,
  side: Side | 'adversary',
  points: readonly PendingPoint[],
): SideView {
  const model = game.model;
  const rungs = model.scenario.ladder.rungs;
  const label = (id: string) => model.decisionsById.get(id)?.label ?? id;
  const base = {
    seat,
    seatName: seatName(seat),
    side,
    version: game.version,
    time: game.now,
    finished: game.finished,
    pace: describePace(game.pace),
    pending: pendingViews(game, points, seat),
    clock: clockView(game, game.pace),
    messages: game.messagesTo(seat),
    policyPlays: game.policySeats.has(seat),
    mail: mailOf(game, seat),
    answers: ownAnswers(game, seat),
    readIn: readInOf(game, seat),
  };
  if (side === 'adversary') {
    const truth = game.trueRung();
    return {
      ...base,
      rung: { ...truth, learnedAt: game.now },
      situation: '',
      recognised: '',
      legal: '',
      // what the adversary reads: the alliance's decisions in force that carry posture
      inForce: [...model.adversary.posture.keys()]
        .filter((d) => game.simulation.isInForce(d))
        .map((id) => ({ id, label: label(id) })),
      powers: [],
      timeline: [],
    };
  }
  const k = game.simulation.picture(side);
  const learned = game.learned(side);
  let learnedAt = 0;
  for (const l of learned) if (l.rung === k.rung && l.text.startsWith('reported:')) learnedAt = l.t;
  const rung =
    k.rung < 0 ? null : { id: rungs[k.rung]!.id, label: rungs[k.rung]!.label, learnedAt };
  return {
    ...base,
    rung,
    situation: situationLabel(SITUATIONS[k.situation] ?? ''),
    recognised: situationLabel(SITUATIONS[k.recognised] ?? ''),
    legal: legalPostureLabel(game.simulation.snapshot(`legal:${side}`).value),
    inForce: Object.keys(k.decided)
      .sort()
      .map((id) => ({ id, label: label(id) })),
    powers: Object.keys(k.powers).sort().map(powerLabel),
    timeline: learned.map((l) => ({ t: l.t, text: l.text })),
  };
}

function controlView(game: LiveGame): ControlView {
  const pending = game.pending();
  return {
    seat: CONTROL,
    version: game.version,
    time: game.now,
    finished: game.finished,
    ended: game.ended,
    pace: game.pace,
    paceText: describePace(game.pace),
    clock: clockView(game, game.pace),
    schedule: scheduleView(game),
    trueRung: game.trueRung(),
    moves: game.finished
      ? []
      : adjacentRungs(game.model, game.model.rungIndex.get(game.trueRung().id) ?? -1),
    organisations: [...game.model.organisations.keys()].sort(),
    organisationNames: [...game.model.organisations.keys()]
      .sort()
      .map((id) => ({ id, label: orgLabel(game.model, id) })),
    sides: NATIONS.map((side) => sideView(game, side, side, [])),
    pending: pendingViews(game, pending).map((v, i) => ({ ...v, seat: pending[i]!.seat })),
    mail: mailOf(game, CONTROL),
    ...(game.logError !== undefined ? { diskError: game.logError } : {}),
    feed: feedOf(game),
    thinking: thinkingOf(game),
  };
}
