/**
 * Eventless transitions that read what a side knows, each written once: the machine's `always`
 * transitions and the state's wake predicate are both made from the same list. The engine
 * delivers news (a KNOW event) to an actor at rest only when its state's wake says the news can
 * move it; deriving the wake from the guards themselves means it cannot miss a read.
 */
import type { Knowledge } from './knowledge.js';

/** Given an actor's context and what its side now knows, whether the news can move it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each machine has its own context type
export type Wake = (context: any, k: Knowledge) => boolean;

/** One eventless transition: taken when `when` holds of the context with its knowledge. */
export interface Settle<C> {
  readonly when: (context: C, k: Knowledge) => boolean;
  readonly target: string;
}

/**
 * A state's eventless transitions with the wake they imply: news wakes the state exactly when
 * one of its transitions would be taken with it.
 */
export function settling<C extends { k: Knowledge }>(transitions: readonly Settle<C>[]) {
  const whens = transitions.map((t) => t.when);
  const wake: Wake =
    whens.length === 1
      ? whens[0]!
      : (c: C, k: Knowledge) => {
          for (const when of whens) if (when(c, k)) return true;
          return false;
        };
  return {
    always: transitions.map(({ when, target }) => ({
      guard: ({ context }: { context: C }) => when(context, context.k),
      target,
    })),
    meta: { wake },
  };
}

/** The wake predicates of a snapshot's active states (none: no news can move it now). */
export function wakesOf(meta: Record<string, unknown>): Wake[] {
  const wakes: Wake[] = [];
  for (const key in meta) {
    const wake = (meta[key] as { wake?: Wake } | undefined)?.wake;
    if (wake) wakes.push(wake);
  }
  return wakes;
}
