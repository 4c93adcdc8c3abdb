/**
 * The task of a comparison's worker threads: set up once with the compared designs (each with its
 * scenario), it runs a design on the seeds each request gives and answers with the runs' rows.
 * Which thread runs a seed never changes its row.
 */
import { compiledModule } from '../batch/compiled.js';
import type { Task } from '../batch/task.js';
import { simulate } from '../engine/simulation.js';
import { compileModel, type Model } from '../model/compile.js';
import { toRow, type RunRow } from '../report/row.js';
import type { Design, Scenario } from '../scenario/schema.js';

/** The compared designs, each with the scenario it runs in. */
export interface CompareSetup {
  readonly models: ReadonlyArray<{ readonly scenario: Scenario; readonly design: Design }>;
}

/** Run design `design` (by index) on `seeds`. */
export interface RunsRequest {
  readonly design: number;
  readonly seeds: readonly number[];
}

/**
 * Compiled models a worker keeps: requests come design by design, so two suffice whatever the
 * number of designs (an evicted model is compiled again if asked for).
 */
const MODEL_CACHE = 2;

/** Sets a worker up with a comparison (see `batch/task.ts`). */
export function createTask(setup: CompareSetup): (request: RunsRequest) => RunRow[] {
  const models = new Map<number, Model>();
  const modelOf = (design: number): Model => {
    let model = models.get(design);
    if (!model) {
      const { scenario, design: d } = setup.models[design]!;
      model = compileModel(scenario, d);
      models.set(design, model);
      if (models.size > MODEL_CACHE) models.delete(models.keys().next().value!);
    }
    return model;
  };
  return (request) => {
    const model = modelOf(request.design);
    return request.seeds.map((seed) => toRow(simulate(model, { seed })));
  };
}

/** The task of a comparison's worker threads. */
export const COMPARE_TASK: Task<CompareSetup, RunsRequest, RunRow[]> = {
  name: 'compare',
  module: compiledModule('./compareTask.js', import.meta.url),
};
