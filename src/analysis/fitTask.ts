/**
 * The task of a fit's worker threads: set up once with the incidents (each an assumption space of
 * its file and the design in force at the time) and the ids of the numbers being fitted, it takes
 * parameter vectors with a seed each, runs every incident once at each vector and answers the
 * summed distance of the runs from the record (see `fitDistance.ts`).
 */
import { compiledModule } from '../batch/compiled.js';
import type { Task } from '../batch/task.js';
import { compileModel } from '../model/compile.js';
import { filesAt, type AssumptionSpace } from '../assumptions/space.js';
import { intervalSamples } from './calibrationTask.js';
import { observationDistance } from './fitDistance.js';

/** The incidents a fit runs and the register ids of the numbers it fits. */
export interface FitSetup {
  readonly incidents: readonly AssumptionSpace[];
  readonly ids: readonly string[];
}

/** Parameter vectors (values in the order of the setup's ids), and a seed for each. */
export interface FitRequest {
  readonly thetas: ReadonlyArray<readonly number[]>;
  readonly seeds: readonly number[];
}

/** The summed distance of every incident's run at `theta` on `seed` from the record. */
export function distanceAt(setup: FitSetup, theta: readonly number[], seed: number): number {
  const values = new Map(setup.ids.map((id, j) => [id, theta[j]!]));
  let total = 0;
  for (const space of setup.incidents) {
    const { scenario, designs } = filesAt(space, values);
    const samples = intervalSamples(compileModel(scenario, designs[0]!), [seed]);
    scenario.observed!.intervals.forEach((interval, i) => {
      total += observationDistance(interval.observed, samples[i]![0], scenario.horizon);
    });
  }
  return total;
}

/** Sets a worker up with a fit's incidents (see `batch/task.ts`). */
export function createTask(setup: FitSetup): (request: FitRequest) => number[] {
  return (request) => request.thetas.map((theta, i) => distanceAt(setup, theta, request.seeds[i]!));
}

/** The task of a fit's worker threads. */
export const FIT_TASK: Task<FitSetup, FitRequest, number[]> = {
  name: 'fit',
  module: compiledModule('./fitTask.js', import.meta.url),
};
