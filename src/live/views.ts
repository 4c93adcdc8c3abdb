/**
 * What each seat of a live game sees. A player seat sees its side's picture, not the truth: the
 * rung its reports have brought it and when, the situation recognised, its legal posture, the
 * decisions it knows to be in force, its own pending points (options, what the law requires
 * before the order can issue, how long each has waited, the staff steps done on it) and a
 * timeline of what it has learned. The adversary sees the ladder (its own moves) and the alliance
 * decisions it reads as posture. The control cell sees everything.
 */
import { NATIONS, SITUATIONS, type Condition, type Side } from '../scenario/schema.js';
import { CONTROL } from './seats.js';
import type { LiveGame } from './game.js';
import type { PendingPoint } from './answers.js';
import type { Pace } from './gameLog.js';
import { describePace } from './pace.js';
import { adjacentRungs } from './injects.js';
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
  /** Staff steps done on it so far: organisation and simulated minutes. */
  readonly staffing: ReadonlyArray<{ readonly org: string; readonly t: number }>;
  readonly askedAtVersion: number;
}

/** One thing a side learned, when. */
interface Learned {
  readonly t: number;
  readonly text: string;
}

export interface SideView {
  readonly seat: string;
  readonly side: Side | 'adversary';
  readonly version: number;
  readonly time: number;
  readonly finished: boolean;
  /** How the clock runs, in words. */
  readonly pace: string;
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
  readonly trueRung: { readonly id: string; readonly label: string };
  /** The rungs an adversary-move inject can take the crisis to now. */
  readonly moves: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  /** Organisations an inject can change. */
  readonly organisations: readonly string[];
  readonly sides: readonly SideView[];
  readonly pending: readonly (PendingView & { readonly seat: string })[];
  /** What happened, newest first, in words (`feed.ts`). */
  readonly feed: readonly FeedEntry[];
  /** How long each seat with points waiting has been thinking. */
  readonly thinking: readonly SeatThinking[];
}

/** A condition in words, for a player who must know what the law requires. */
function describeCondition(c: Condition, label: (decision: string) => string): string {
  const parts: string[] = [];
  const list = (ids: readonly string[]) => ids.map(label).join(', ');
  if (c.rungAtLeast) parts.push(`the crisis at ${c.rungAtLeast} or higher`);
  if (c.situationAtLeast) parts.push(`facts that support ${c.situationAtLeast} or worse`);
  if (c.recognisedAtLeast) parts.push(`the Cabinet has recognised ${c.recognisedAtLeast} or worse`);
  if (c.jcgOverwhelmed) parts.push('the Coast Guard cannot cope');
  if (c.policeOverwhelmed) parts.push('the police cannot keep public order');
  if (c.facts?.length) parts.push(`known: ${c.facts.join(', ')}`);
  if (c.decided?.length) parts.push(`in force: ${list(c.decided)}`);
  if (c.decidedAny?.length) parts.push(`in force, one of: ${list(c.decidedAny)}`);
  if (c.notDecided?.length) parts.push(`not in force: ${list(c.notDecided)}`);
  return parts.join('; ');
}

const flatten = (value: unknown, prefix = ''): string[] =>
  typeof value === 'string'
    ? [`${prefix}${value}`]
    : Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
        flatten(v, `${prefix}${k}.`),
      );

/** What `seat` sees now. */
export function seatView(game: LiveGame, seat: string): SideView | ControlView {
  if (seat === CONTROL) return controlView(game);
  const side = game.sideOf(seat);
  return sideView(
    game,
    seat,
    side,
    game.pending().filter((p) => p.seat === seat),
  );
}

function pendingViews(game: LiveGame, points: readonly PendingPoint[]): PendingView[] {
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
        p.kind === 'approve' ? describeCondition(source.get(decision)?.requires ?? {}, label) : '',
      staffing: game.trace
        .filter((e) => e.kind === 'step' && e.event === decision && e.to === 'done')
        .map((e) => ({ org: e.actor, t: e.t })),
      askedAtVersion: p.askedAtVersion,
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
    side,
    version: game.version,
    time: game.now,
    finished: game.finished,
    pace: describePace(game.pace),
    pending: pendingViews(game, points),
    messages: game.messagesTo(seat),
    policyPlays: game.policySeats.has(seat),
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
    situation: SITUATIONS[k.situation] ?? '',
    recognised: SITUATIONS[k.recognised] ?? '',
    legal: flatten(game.simulation.snapshot(`legal:${side}`).value).join(', '),
    inForce: Object.keys(k.decided)
      .sort()
      .map((id) => ({ id, label: label(id) })),
    powers: Object.keys(k.powers).sort(),
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
    trueRung: game.trueRung(),
    moves: game.finished
      ? []
      : adjacentRungs(game.model, game.model.rungIndex.get(game.trueRung().id) ?? -1),
    organisations: [...game.model.organisations.keys()].sort(),
    sides: NATIONS.map((side) => sideView(game, side, side, [])),
    pending: pendingViews(game, pending).map((v, i) => ({ ...v, seat: pending[i]!.seat })),
    feed: feedOf(game),
    thinking: thinkingOf(game),
  };
}
