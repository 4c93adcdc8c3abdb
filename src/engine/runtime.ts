/**
 * How the engine steps an actor: a pure transition from a snapshot and an event to the next
 * snapshot, handing back the actions to carry out. The xstate runtime calls the machine's own
 * `transition` with one reusable inert scope per machine, so no actor or system is created per
 * step (xstate's exported `transition()` creates both on every call).
 */
import { createActor, type AnyStateMachine } from 'xstate';
import type { Model } from '../model/compile.js';
import type { ModelEvent } from '../model/types.js';
import type { Side } from '../scenario/schema.js';

/** An action a transition hands back: xstate's built-ins (`xstate.raise`, `xstate.cancel`) or the model's own. */
export interface ExecutableAction {
  readonly type: string;
  readonly params?: any;
}

/** What the engine reads of a snapshot. */
export interface ActorSnapshot {
  readonly value: unknown;
  readonly context: any;
  getMeta(): Record<string, unknown>;
}

export interface ActorRuntime {
  readonly initial: ActorSnapshot;
  /** The next snapshot (the same object when nothing changed); actions are appended to `out`. */
  transition(snapshot: ActorSnapshot, event: ModelEvent, out: ExecutableAction[]): ActorSnapshot;
}

/** The prefix of the actor id of a side's legal posture: `legal:japan`. */
export const LEGAL_PREFIX = 'legal:';
export const SIDES: readonly Side[] = ['japan', 'unitedStates', 'alliance'];

/** Every actor of a model with its runtime: ladder, adversary, decisions by id, `legal:<side>`. */
export type Runtimes = ReadonlyMap<string, ActorRuntime>;

/** Steps an xstate machine with xstate's own pure transition and one reusable scope. */
export function xstateRuntime(machine: AnyStateMachine): ActorRuntime {
  const self = createActor(machine);
  let out: ExecutableAction[] = [];
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
  };
  const initial = machine.getInitialSnapshot(scope as any) as ActorSnapshot;
  return {
    initial,
    transition(snapshot, event, actions) {
      out = actions;
      return machine.transition(snapshot as any, event as any, scope as any) as ActorSnapshot;
    },
  };
}

const cache = new WeakMap<Model, Runtimes>();

/** The model's machines as runtimes, built once per model. */
export function xstateRuntimes(model: Model): Runtimes {
  let runtimes = cache.get(model);
  if (!runtimes) {
    const m = model.machines;
    const entries: Array<[string, AnyStateMachine]> = [
      ['ladder', m.ladder as unknown as AnyStateMachine],
      ['adversary', m.adversary as unknown as AnyStateMachine],
      ...model.decisions.map((d): [string, AnyStateMachine] => [d.id, m.decisions.get(d.id)! as unknown as AnyStateMachine]),
      ...SIDES.map((side): [string, AnyStateMachine] => [LEGAL_PREFIX + side, m.legal[side] as unknown as AnyStateMachine]),
    ];
    runtimes = new Map(entries.map(([id, machine]) => [id, xstateRuntime(machine)]));
    cache.set(model, runtimes);
  }
  return runtimes;
}
