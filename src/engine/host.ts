/**
 * What the parts of a run (organisations, staffing, the model's actions) need of the run they
 * serve. The run (`simulation.ts`) implements it; the parts see only this, so none of them
 * depends on the run itself.
 */
import type { Model } from '../model/model.js';
import type { CompiledDecision } from '../model/compiled.js';
import type { Knowledge } from '../model/knowledge.js';
import type { ModelEvent } from '../model/types.js';
import type { Sampler } from '../math/distributions.js';
import type { Side } from '../scenario/primitives.js';
import type { ActorId } from './actor.js';
import type { DecisionPoint } from './deciders.js';
import type { TraceKind } from './trace.js';

/** A question a part of the run asks: a decision point without its id and time, which the deciders give it. */
export type Question = Omit<DecisionPoint, 'id' | 'time'>;

/** The run as its parts see it. */
export interface RunHost {
  readonly model: Model;
  /** Simulated minutes since scenario start. */
  readonly now: number;
  /** Schedules `fn` after `delay` minutes. */
  at(delay: number, fn: () => void): number;
  /** A draw from the named stream through a sampler, rounded to the whole simulated second. */
  draw(stream: string, sampler: Sampler): number;
  /** A uniform draw from the named stream. */
  uniform(stream: string): number;
  /** `${prefix}${suffix}`, the same string object every time (stream names, causes). */
  joined(prefix: string, suffix: string | number): string;
  record(
    kind: TraceKind,
    actor: string,
    event: string,
    from: string,
    to: string,
    cause: string,
  ): void;
  /** What a side knows now. */
  picture(side: Side): Knowledge;
  /** Updates what a side knows and shares it with the side's actors it can move. */
  learn(side: Side, k: Knowledge, cause: string): void;
  /** Delivers an event that carries the side's current picture to a decision. */
  tell(
    decision: CompiledDecision,
    event: { type: 'ISSUE' } | { type: 'APPROVAL'; org: string },
    cause: string,
  ): void;
  /** Delivers an event to an actor now. */
  deliver(actor: ActorId, event: ModelEvent, cause: string): void;
  /** Whether a decision is in force now. */
  isInForce(decision: string): boolean;
  /** Asks a decision point: a script answers first, then a person who owns it, then `policy`. */
  ask(question: Question, policy: () => string, then: (answer: string) => void): void;
}
