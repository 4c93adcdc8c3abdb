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

/** Runtimes by machines, then by the knowledge store their memos name values with, then by options. */
const caches = new WeakMap<Model['machines'], WeakMap<Model['knowledge'], Map<string, Runtimes>>>();

/** The model's machines, in the order runs start them: ladder, adversary, decisions, legal postures. */
function machinesOf(machines: Model['machines']): Array<[string, AnyStateMachine]> {
  return [
    ['ladder', machines.ladder as unknown as AnyStateMachine],
    ['adversary', machines.adversary as unknown as AnyStateMachine],
    ...[...machines.decisions].map(([id, m]): [string, AnyStateMachine] => [
      id,
      m as unknown as AnyStateMachine,
    ]),
    ...SIDES.map((side): [string, AnyStateMachine] => [
      LEGAL_PREFIX + side,
      machines.legal[side] as unknown as AnyStateMachine,
    ]),
  ];
}

/**
 * The model's machines as runtimes, built once per machines, knowledge store and options: by
 * default each reuses its transitions across runs, within a budget shared by the model's actors
 * (the model's `memoBudget`, else {@link MEMO_BUDGET});
 * `memo: false` computes every transition (to measure or check the memo); `checkEvents` checks
 * every event's fields against `EVENT_FIELDS`, not only those of events the memo has not seen
 * (tests). A transition depends on the machine, the snapshot and the event alone (drawn delays
 * name the model's samplers, `model/draws.ts`), so models that share machines and knowledge store
 * (models of one structure at different numbers, `assumptions/pointModels.ts`) share runtimes.
 */
export function xstateRuntimes(
  model: Model,
  {
    memo = true,
    budget = model.memoBudget ?? MEMO_BUDGET,
    checkEvents = false,
  }: { memo?: boolean; budget?: number; checkEvents?: boolean } = {},
): Runtimes {
  let byKnowledge = caches.get(model.machines);
  if (!byKnowledge) caches.set(model.machines, (byKnowledge = new WeakMap()));
  let byBudget = byKnowledge.get(model.knowledge);
  if (!byBudget) byKnowledge.set(model.knowledge, (byBudget = new Map()));
  const key = `${memo ? budget : -1}${checkEvents ? '!' : ''}`;
  let runtimes = byBudget.get(key);
  if (!runtimes) {
    const shared = { left: budget };
    runtimes = new Map(
      machinesOf(model.machines).map(([id, machine]) => {
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
