/**
 * The adversary: it dwells on each rung for a drawn time (docs/sources.md: [SenkakuPress], [CIGS2020], [Storch2016]), then chooses
 * to advance, hold or step down. The choice is a decision point, answered by the scenario's
 * policy (which reads the alliance posture, so slow decisions cost something), a script, or a
 * red-cell player.
 */
import { assign, setup } from 'xstate';
import { drawnDelay, type DrawnDelay } from './draws.js';
import type { ModelEvent } from './types.js';

export interface AdversaryContext {
  rung: number;
}

/** Parameters of the `move` action: the rung the ladder moves to. */
export interface MoveParams {
  to: number;
}

const toOf = ({ event }: { event: ModelEvent }): MoveParams => ({
  to: (event as { to: number }).to,
});

/**
 * Builds the adversary machine of a ladder of `rungs` rungs; the dwell on rung i is drawn through
 * the model's `adversary.rungs[i].dwell`.
 */
export function createAdversaryMachine(startRung: number, rungs: number) {
  const dwellOn: DrawnDelay[] = Array.from({ length: rungs }, (_, i) => ({
    stream: 'adversary.dwell',
    dwellOn: i,
  }));
  return setup({
    types: { context: {} as AdversaryContext, events: {} as ModelEvent },
    actions: {
      choose: () => {},
      move: (_: unknown, _params: MoveParams) => {},
      keep: assign({ rung: ({ event }) => (event as { to: number }).to }),
    },
    guards: {
      adjacent: ({ context, event }) =>
        event.type === 'CHOSEN' &&
        Math.abs(event.to - context.rung) <= 1 &&
        event.to >= 0 &&
        event.to < rungs,
    },
    delays: {
      dwell: drawnDelay(({ context }: { context: AdversaryContext }) => dwellOn[context.rung]!),
    },
  }).createMachine({
    id: 'adversary',
    context: { rung: startRung },
    initial: 'idle',
    states: {
      idle: { on: { START: 'dwelling' } },
      // a move made before the dwell is over comes from outside the model (a live game's control cell)
      dwelling: {
        after: { dwell: 'choosing' },
        on: {
          CHOSEN: {
            guard: 'adjacent',
            target: 'dwelling',
            reenter: true,
            actions: [{ type: 'move', params: toOf }, 'keep'],
          },
        },
      },
      choosing: {
        entry: 'choose',
        on: {
          CHOSEN: {
            guard: 'adjacent',
            target: 'dwelling',
            reenter: true,
            actions: [{ type: 'move', params: toOf }, 'keep'],
          },
        },
      },
    },
  });
}

/** The adversary's machine, as {@link createAdversaryMachine} makes it. */
export type AdversaryMachine = ReturnType<typeof createAdversaryMachine>;
