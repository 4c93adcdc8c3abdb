/**
 * A run in progress as the library offers it: what a caller drives (run to a time or to the next
 * point a person owns, answer, hand owners back to the policy, inject from outside the model,
 * end, read the result) and reads (time, pending points, what a side knows, actor snapshots),
 * without the hooks the engine's own parts call.
 */
import { createSimulation, type Simulation, type SimulationOptions } from './simulation.js';
import type { Model } from '../model/model.js';

/** A run in progress (see the module comment). Create with {@link createRun}. */
export type Run = Pick<
  Simulation,
  | 'model'
  | 'seed'
  | 'now'
  | 'completed'
  | 'waiting'
  | 'waitingFor'
  | 'run'
  | 'answer'
  | 'release'
  | 'result'
  | 'metricsSoFar'
  | 'picture'
  | 'snapshot'
  | 'isInForce'
  | 'moveAdversary'
  | 'adjustOrganisation'
  | 'end'
>;

/** Creates a run of `model` with the given seed, and optionally people who answer decision points, a script, observers. */
export function createRun(model: Model, options: SimulationOptions): Run {
  return createSimulation(model, options);
}
