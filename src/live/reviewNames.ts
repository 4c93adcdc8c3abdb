/**
 * Names instead of ids for the after-action review: seats, decisions, decision points, rungs,
 * organisations, facts and answers in the words a facilitator briefs with.
 */
import type { Model } from '../model/model.js';
import { formatTime } from '../report/timeline.js';

/** What each answer did, as a past-tense verb phrase. */
const ANSWER_WORDS: Readonly<Record<string, string>> = {
  approve: 'approved',
  defer: 'deferred',
  reject: 'rejected',
  advance: 'escalated',
  hold: 'held',
  stepDown: 'stepped down',
  overtaken: 'overtaken by events',
  rejected: 'rejected',
};

/** camelCase as words, for a name no table holds (`submergedSubmarine` → "submerged submarine"). */
const spacedWords = (id: string): string =>
  id.replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`);

export { seatName } from './names.js';

/** What an answer did, in words ("approved", "deferred"). */
export function answerWords(answer: string): string {
  return ANSWER_WORDS[answer] ?? spacedWords(answer);
}

/** Simulated minutes as the review writes them: T+hh:mm, days once past 24 h. */
export const simTime = formatTime;

/** Whole real seconds between two logged wall-clock stamps; undefined when either is missing or they run backwards. */
export function realSeconds(from: string | undefined, to: string): number | undefined {
  const ms = from === undefined ? NaN : Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 1000) : undefined;
}

/** The names of one game's model. */
export interface ReviewNames {
  /** A decision's label (its id when the model has none). */
  decision(id: string): string;
  /** A decision point (`jp.mso#2`, `jp.publicSecurity.diet#1`, `adversary.move#3`) in words. */
  point(pointId: string): string;
  /** A rung's label, by id or by its number on the ladder. */
  rung(idOrIndex: string | number): string;
  /** An organisation's label. */
  organisation(id: string): string;
  /** A fact in words. */
  fact(id: string): string;
}

/** The decision a point is about, its kind and its number (`jp.mso.diet#2` → jp.mso, diet, 2). */
export function parsePoint(pointId: string): {
  readonly decision: string;
  readonly kind: 'approve' | 'diet' | 'move';
} {
  const decision = pointId.replace(/#\d+$/, '');
  if (decision === 'adversary.move') return { decision, kind: 'move' };
  if (decision.endsWith('.diet')) return { decision: decision.slice(0, -5), kind: 'diet' };
  return { decision, kind: 'approve' };
}

/** The names of `model`'s decisions, rungs and organisations. */
export function namesOf(model: Model): ReviewNames {
  const rungs = model.scenario.ladder.rungs;
  const decision = (id: string) => model.decisionsById.get(id)?.label ?? spacedWords(id);
  return {
    decision,
    point: (pointId) => {
      const { decision: id, kind } = parsePoint(pointId);
      if (kind === 'move') return "the adversary's move";
      return kind === 'diet' ? `the Diet's vote on ${decision(id)}` : decision(id);
    },
    rung: (idOrIndex) => {
      const rung =
        typeof idOrIndex === 'number' || /^\d+$/.test(idOrIndex)
          ? rungs[Number(idOrIndex)]
          : rungs.find((r) => r.id === idOrIndex);
      return rung?.label ?? 'before the crisis';
    },
    organisation: (id) => model.organisations.get(id)?.label ?? spacedWords(id),
    fact: spacedWords,
  };
}
