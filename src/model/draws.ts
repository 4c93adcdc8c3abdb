/**
 * Random delays. A machine names the stream and the distribution of each random delay, and the
 * engine draws it when it schedules the timer. A transition is then a pure function of its
 * snapshot and event, which is what lets the engine reuse transitions across runs
 * (`engine/memo.ts`).
 *
 * While xstate resolves a transition, a drawn delay stands as a negative placeholder: -1 for the
 * first drawn delay of the transition, -2 for the second. The runtime swaps each placeholder for
 * the draw it stands for (`takeDrawnDelays`). To run a machine as a live actor instead, provide
 * real delays with `machine.provide({ delays })`.
 */
import type { Sampler } from '../engine/random.js';

/** A delay the engine draws: which stream, through which sampler (minutes). */
export interface DrawnDelay {
  readonly stream: string;
  readonly sampler: Sampler;
}

const resolving: DrawnDelay[] = [];

/** An xstate delay implementation whose value the engine draws. */
export function drawnDelay<A>(of: (args: A) => DrawnDelay): (args: A) => number {
  return (args) => -resolving.push(of(args));
}

/** Whether a resolved delay is a placeholder of a drawn delay. */
export function isDrawnPlaceholder(delay: unknown): delay is number {
  return typeof delay === 'number' && delay < 0;
}

/** The drawn delays of the transition just resolved, in placeholder order; the list starts afresh. */
export function takeDrawnDelays(): DrawnDelay[] {
  return resolving.splice(0);
}
