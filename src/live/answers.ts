/**
 * A seat's answer to a decision point, checked before the game takes it: the point is still
 * pending, it is the seat's (the control cell may answer any), the seat's page was not showing an
 * older state than the point, and the answer is one of its options. With it the log keeps what the
 * engine's policy would have done at that point.
 */
import type { DecisionPoint } from '../engine/simulation.js';
import type { Knowledge } from '../model/knowledge.js';
import type { Model } from '../model/model.js';
import type { Side } from '../scenario/primitives.js';
import { GameInputError } from './errors.js';
import { CONTROL } from './seats.js';

/** A decision point as the game shows it: with the seat that answers it and the state version it was asked at. */
export interface PendingPoint extends DecisionPoint {
  readonly seat: string;
  readonly askedAtVersion: number;
  /** Wall-clock time the game first showed it (after a resume, when the resumed game did). */
  readonly shownWall: string;
}

/** An answer as a seat sends it. */
export interface AnswerInput {
  readonly seat: string;
  readonly point: string;
  readonly answer: string;
  /** The game version the seat's page was showing. */
  readonly version: number;
  readonly rationale?: string;
  /** Given through the JSON API (a bot or a script) rather than a page. */
  readonly via?: 'api';
}

/** The pending point an answer is for; a {@link GameInputError} saying why the game cannot take it. */
export function checkAnswer(pending: readonly PendingPoint[], input: AnswerInput): PendingPoint {
  const point = pending.find((p) => p.id === input.point);
  if (!point)
    throw new GameInputError(
      `no decision point ${input.point} is waiting (it was answered, or overtaken by events)`,
      'notNow',
    );
  if (input.seat !== point.seat && input.seat !== CONTROL)
    throw new GameInputError(
      `${input.point} belongs to the seat "${point.seat}", not "${input.seat}"`,
      'notYours',
    );
  if (input.version < point.askedAtVersion)
    throw new GameInputError(
      `the page shows version ${input.version}, older than ${input.point} (asked at version ${point.askedAtVersion}): reload`,
      'notNow',
    );
  if (!point.options.includes(input.answer))
    throw new GameInputError(
      `"${input.answer}" is not an option of ${input.point} (options: ${point.options.join(', ')})`,
      'invalid',
    );
  return point;
}

/** What the engine's policy would have done at this point: its probability of approving. */
export function policyOf(
  model: Model,
  picture: (side: Side) => Knowledge,
  point: PendingPoint,
): { policyApprove?: number } {
  const decision = model.decisionsById.get(point.decision.replace(/\.diet$/, ''));
  if (!decision) return {};
  if (point.kind === 'diet')
    return decision.diet ? { policyApprove: decision.diet.approveProbability } : {};
  return point.kind === 'approve'
    ? { policyApprove: decision.approveProbability(picture(decision.side)) }
    : {};
}
