/**
 * Random delays. A machine names the stream of each random delay and which of the model's
 * distributions it follows, and the engine draws it through the run's model when it schedules the
 * timer. A transition is then a pure function of its snapshot and event, which is what lets the
 * engine reuse transitions across runs (`engine/memo.ts`); and since the machine holds no numbers
 * of its own, models that differ only in their numbers can share machines and transitions
 * (`assumptions/pointModels.ts`).
 *
 * While xstate resolves a transition, a drawn delay stands as a negative placeholder: -1 for the
 * first drawn delay of the transition, -2 for the second. The runtime swaps each placeholder for
 * the draw it stands for (`collectDrawnDelays`). Outside the engine a drawn delay throws: to run a
 * machine as a live actor, provide real delays with `machine.provide({ delays })`.
 */
/**
 * A delay the engine draws (minutes): from which stream, through which of the model's samplers (the
 * adversary's dwell on a rung, by index; a decision's review, by decision id; see `model.ts`).
 */
export type DrawnDelay =
  | { readonly stream: string; readonly dwellOn: number }
  | { readonly stream: string; readonly reviewOf: string };

let resolving: DrawnDelay[] | null = null;

/** An xstate delay implementation whose value the engine draws. */
export function drawnDelay<A>(of: (args: A) => DrawnDelay): (args: A) => number {
  return (args) => {
    if (resolving === null) {
      const { stream } = of(args);
      throw new Error(
        `the delay drawn from stream "${stream}" is drawn by the engine; to run this machine as a live actor, provide its delays with machine.provide({ delays })`,
      );
    }
    return -resolving.push(of(args));
  };
}

/** Whether a resolved delay is a placeholder of a drawn delay. */
export function isDrawnPlaceholder(delay: unknown): delay is number {
  return typeof delay === 'number' && delay < 0;
}

/** Runs `resolve` (a transition) and returns its result with the drawn delays it asked for, in placeholder order. */
export function collectDrawnDelays<T>(resolve: () => T): { result: T; drawn: DrawnDelay[] } {
  const outer = resolving;
  const drawn: DrawnDelay[] = [];
  resolving = drawn;
  try {
    return { result: resolve(), drawn };
  } finally {
    resolving = outer;
  }
}
