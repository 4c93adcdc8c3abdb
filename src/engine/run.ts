/**
 * A run in progress as the library offers it: what a caller drives (run to a time or to the next
 * point a person owns, answer, hand owners back to the policy, inject from outside the model,
 * end, read the result) and reads (time, pending points, what a side knows, actor snapshots),
 * without the hooks the engine's own parts call.
 */
import { createSimulation, type RunResult, type RunStatus } from './simulation.js';
import type { SimulationOptions } from './runOptions.js';
import type { Model } from '../model/model.js';
import type { Knowledge } from '../model/knowledge.js';
import type { Side } from '../scenario/primitives.js';
import type { DecisionPoint } from './deciders.js';
import type { ActorId, ActorSnapshot } from './actor.js';
import type { DecisionMetric, Outcome } from './metrics.js';
import type { OrganisationChange } from './organisations.js';

/** A run in progress (see the module comment). Create with {@link createRun}. */
export interface Run {
  /** The compiled model the run runs. */
  readonly model: Model;
  /** The run's seed. */
  readonly seed: number;
  /** Simulated minutes since scenario start. */
  readonly now: number;
  /** Events processed so far. */
  readonly completed: number;
  /** The decision points waiting for a person, in the order they were asked. */
  readonly waiting: readonly DecisionPoint[];
  /** The first decision point waiting for a person, if any. */
  readonly waitingFor: DecisionPoint | undefined;
  /**
   * Runs until the horizon, or until a person must answer. With `until`: to that time whatever
   * is pending, pausing there; with `stopAfter` too, once that many events are processed; with
   * `stopAtPoints` too, sooner when a person must answer.
   */
  run(options?: {
    readonly until?: number;
    readonly stopAfter?: number;
    readonly stopAtPoints?: boolean;
  }): RunStatus;
  /** Answers a decision point a person owns; the run goes on at the next {@link Run.run}. */
  answer(pointId: string, answer: string): void;
  /** Hands owners back to the scenario's policy: it answers their pending points now and their points from now on. */
  release(owners: ReadonlySet<string>): void;
  /** The result of a finished run. */
  result(): RunResult;
  /** The metrics so far, of a run that may not have finished. */
  metricsSoFar(): { readonly decisions: readonly DecisionMetric[]; readonly outcome: Outcome };
  /** What a side knows now. */
  picture(side: Side): Knowledge;
  /** The current snapshot of an actor (read-only): a decision id, `ladder`, `adversary`, `legal:<side>`. */
  snapshot(actor: ActorId): ActorSnapshot;
  /** Whether a decision is in force now. */
  isInForce(decision: string): boolean;
  /** Moves the crisis to rung index `to` from outside the model (a live game's control cell). */
  moveAdversary(to: number): void;
  /** Changes an organisation's capacity or processing time from now on, from outside the model. */
  adjustOrganisation(org: string, change: OrganisationChange): void;
  /** Ends the run now, short of its horizon; its result covers what happened. */
  end(): void;
}

/**
 * Creates a run of `model` with the given seed, and optionally people who answer decision
 * points, a script, observers.
 *
 * @example
 * ```ts
 * const run = createRun(model, { seed: 7, people: new Set(['jp.mso']) });
 * for (let s = run.run(); s.status === 'waiting'; s = run.run())
 *   for (const point of s.points) run.answer(point.id, point.options[0]!);
 * console.log(run.result().traceHash);
 * ```
 */
export function createRun(model: Model, options: SimulationOptions): Run {
  return createSimulation(model, options);
}
