/** Snapshots and xstate's built-in actions, as the plain reducers of plainRuntime.ts hand them back. */
import type { ActorSnapshot, ExecutableAction } from '../src/engine/actor.js';

export type Meta = Record<string, unknown>;
export const NO_META: Meta = {};

/** A snapshot with `value`, `context` and the wake-up meta of its state. */
export function snap(value: unknown, context: unknown, meta: Meta = NO_META): ActorSnapshot {
  return { value, context, getMeta: () => meta };
}

/** xstate's delayed raise of the timer event `id`. */
export const raise = (id: string, delay: number): ExecutableAction => ({
  type: 'xstate.raise',
  params: { event: { type: id }, delay, id },
});

/** xstate's cancel of the timer `id`. */
export const cancel = (id: string): ExecutableAction => ({
  type: 'xstate.cancel',
  params: { sendId: id },
});
