/**
 * How the engine steps an actor: a pure transition from a snapshot and an event to the next
 * snapshot, handing back the actions to carry out. The xstate runtime calls the machine's own
 * `transition` with one reusable inert scope per machine, so no actor or system is created per
 * step (xstate's exported `transition()` creates both on every call), and reuses transitions
 * across runs (`memo.ts`).
 */
import { createActor, type AnyStateMachine } from 'xstate';
import type { Model } from '../model/model.js';
import { SIDES } from '../scenario/primitives.js';
import { collectDrawnDelays, isDrawnPlaceholder, type DrawnDelay } from '../model/draws.js';
import { MEMO_BUDGET, memoize } from './memo.js';
import {
  LEGAL_PREFIX,
  type ActorRuntime,
  type ActorSnapshot,
  type ExecutableAction,
  type Runtimes,
} from './actor.js';

/** A delayed raise whose delay the engine draws. */
export function drawnRaise(
  params: { event: unknown; id: string },
  drawn: DrawnDelay,
): ExecutableAction {
  return { type: 'xstate.raise', params: { ...params, delay: undefined, drawn } };
}

type Transition = AnyStateMachine['transition'];

/** Steps an xstate machine with xstate's own pure transition and one reusable scope. */
export function xstateRuntime(machine: AnyStateMachine): ActorRuntime {
  const self = createActor(machine);
  let out: ExecutableAction[] = [];
  // xstate's inert scope, copied (test/runtime.test.ts pins it against xstate's own transition())
  const scope = {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: (action: ExecutableAction) => void out.push(action),
  } as unknown as Parameters<Transition>[2];
  const { result: initial, drawn: initialDraws } = collectDrawnDelays(
    () => machine.getInitialSnapshot(scope) as ActorSnapshot,
  );
  if (initialDraws.length > 0)
    throw new Error(`machine ${machine.id} draws a delay as it starts; start it with an event`);
  return {
    initial,
    transition(snapshot, event, actions) {
      out = actions;
      const start = actions.length;
      const { result: next, drawn } = collectDrawnDelays(
        () =>
          machine.transition(snapshot as Parameters<Transition>[0], event, scope) as ActorSnapshot,
      );
      if (drawn.length > 0) {
        for (let i = start; i < actions.length; i++) {
          const action = actions[i]!;
          if (action.type === 'xstate.raise' && isDrawnPlaceholder(action.params.delay))
            actions[i] = drawnRaise(action.params, drawn[-action.params.delay - 1]!);
        }
      }
      return next;
    },
  };
}

const caches = new WeakMap<Model, Map<string, Runtimes>>();

/**
 * The model's machines as runtimes, built once per model and options: by default each reuses
 * its transitions across runs, within a budget shared by the model's actors; `memo: false`
 * computes every transition (to measure or check the memo); `checkEvents` checks every event's
 * fields against `EVENT_FIELDS`, not only those of events the memo has not seen (tests).
 */
export function xstateRuntimes(
  model: Model,
  {
    memo = true,
    budget = MEMO_BUDGET,
    checkEvents = false,
  }: { memo?: boolean; budget?: number; checkEvents?: boolean } = {},
): Runtimes {
  let byBudget = caches.get(model);
  if (!byBudget) caches.set(model, (byBudget = new Map()));
  const key = `${memo ? budget : -1}${checkEvents ? '!' : ''}`;
  let runtimes = byBudget.get(key);
  if (!runtimes) {
    const m = model.machines;
    const entries: Array<[string, AnyStateMachine]> = [
      ['ladder', m.ladder as unknown as AnyStateMachine],
      ['adversary', m.adversary as unknown as AnyStateMachine],
      ...model.decisions.map((d): [string, AnyStateMachine] => [
        d.id,
        m.decisions.get(d.id)! as unknown as AnyStateMachine,
      ]),
      ...SIDES.map((side): [string, AnyStateMachine] => [
        LEGAL_PREFIX + side,
        m.legal[side] as unknown as AnyStateMachine,
      ]),
    ];
    const shared = { left: budget };
    runtimes = new Map(
      entries.map(([id, machine]) => {
        const runtime = xstateRuntime(machine);
        return [
          id,
          memo ? memoize(runtime, model.knowledge.idOf, shared, { checkEvents }) : runtime,
        ];
      }),
    );
    byBudget.set(key, runtimes);
  }
  return runtimes;
}
