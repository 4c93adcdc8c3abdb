/**
 * What the engine knows of an actor: the snapshot it reads, the actions a transition hands back,
 * and the runtime that steps it. The xstate runtime (`runtime.ts`), the memo (`memo.ts`) and the
 * kernel all speak these types.
 */
import type { ModelEvent } from '../model/types.js';

/** An actor of a run: `ladder`, `adversary`, a decision id, or `legal:<side>`. */
export type ActorId = string;

/** The prefix of the actor id of a side's legal posture: `legal:japan`. */
export const LEGAL_PREFIX = 'legal:';

/**
 * An action a transition hands back: xstate's built-ins (`xstate.raise`, `xstate.cancel`) or the
 * model's own. A delayed `xstate.raise` has either a `delay` in minutes or a `drawn` delay for
 * the engine to draw.
 */
export interface ExecutableAction {
  readonly type: string;
  // each action type has its own params, read by the handler of that type
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly params?: any;
}

/** What the engine reads of a snapshot. */
export interface ActorSnapshot {
  readonly value: unknown;
  // each machine has its own context; the engine hands it back to the machine unread
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly context: any;
  getMeta(): Record<string, unknown>;
}

/** How one actor is stepped: its initial snapshot and its pure transition. */
export interface ActorRuntime {
  readonly initial: ActorSnapshot;
  /** The next snapshot (the same object when nothing changed); actions are appended to `out`. */
  transition(snapshot: ActorSnapshot, event: ModelEvent, out: ExecutableAction[]): ActorSnapshot;
}

/** Every actor of a model with its runtime: ladder, adversary, decisions by id, `legal:<side>`. */
export type Runtimes = ReadonlyMap<string, ActorRuntime>;
