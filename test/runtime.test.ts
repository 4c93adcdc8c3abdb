/**
 * The engine steps machines with its own copy of xstate's inert actor scope (one per machine,
 * reused), not with xstate's exported `transition()`, which builds a scope on every call. This
 * pins the copy: on every bundled machine, for the steps real runs take, both give the same next
 * state, context and actions. A new xstate that changes what a scope must hold fails here.
 */
import { describe, expect, it } from 'vitest';
import { transition, type AnyStateMachine } from 'xstate';
import { simulate } from '../src/engine/simulation.js';
import { xstateRuntimes } from '../src/engine/runtime.js';
import type {
  ActorRuntime,
  ActorSnapshot,
  ExecutableAction,
  Runtimes,
} from '../src/engine/actor.js';
import { collectDrawnDelays } from '../src/model/draws.js';
import type { Model } from '../src/model/compile.js';
import type { ModelEvent } from '../src/model/types.js';
import { bundledDesigns, referenceModel, seeds } from './helpers.js';

function machinesOf(model: Model): Map<string, AnyStateMachine> {
  const m = model.machines;
  return new Map<string, AnyStateMachine>([
    ['ladder', m.ladder as unknown as AnyStateMachine],
    ['adversary', m.adversary as unknown as AnyStateMachine],
    ...[...m.decisions].map(([id, machine]): [string, AnyStateMachine] => [
      id,
      machine as unknown as AnyStateMachine,
    ]),
    ...Object.entries(m.legal).map(([side, machine]): [string, AnyStateMachine] => [
      `legal:${side}`,
      machine as unknown as AnyStateMachine,
    ]),
  ]);
}

/** An action as both sides hand it back: its type and parameters (a drawn delay by its stream). */
function comparable(action: ExecutableAction): unknown {
  const params = action.params as Record<string, unknown> | undefined;
  if (action.type !== 'xstate.raise' || !params) return { type: action.type, params };
  const drawn = params.drawn as { stream: string } | undefined;
  return {
    type: action.type,
    id: params.id,
    event: params.event,
    delay: drawn ? `drawn from ${drawn.stream}` : params.delay,
  };
}

describe("the engine's reusable scope", () => {
  it.each(bundledDesigns())(
    '%s: every step taken in 20 runs equals xstate’s exported transition()',
    (design) => {
      const model = referenceModel(design);
      const machines = machinesOf(model);
      const steps: Array<{
        actor: string;
        snapshot: ActorSnapshot;
        event: ModelEvent;
        next: ActorSnapshot;
        actions: ExecutableAction[];
      }> = [];
      const recording = (m: Model): Runtimes =>
        new Map(
          [...xstateRuntimes(m, { memo: false })].map(
            ([actor, runtime]): [string, ActorRuntime] => [
              actor,
              {
                initial: runtime.initial,
                transition(snapshot, event, out) {
                  const start = out.length;
                  const next = runtime.transition(snapshot, event, out);
                  steps.push({ actor, snapshot, event, next, actions: out.slice(start) });
                  return next;
                },
              },
            ],
          ),
        );
      for (const seed of seeds(20)) simulate(model, { seed, runtimes: recording });
      expect(steps.length).toBeGreaterThan(1000);
      for (const step of steps) {
        const { result, drawn } = collectDrawnDelays(() =>
          transition(machines.get(step.actor)!, step.snapshot as never, step.event as never),
        );
        const [next, actions] = result;
        const theirs = (actions as unknown as ExecutableAction[]).map((a) => {
          const params = a.params as { delay?: number } | undefined;
          return a.type === 'xstate.raise' && typeof params?.delay === 'number' && params.delay < 0
            ? { ...a, params: { ...params, drawn: drawn[-params.delay - 1] } }
            : a;
        });
        expect(next.value, `${step.actor} on ${step.event.type}`).toEqual(step.next.value);
        expect(next.context).toEqual(step.next.context);
        expect(theirs.map(comparable)).toEqual(step.actions.map(comparable));
      }
    },
  );
});
