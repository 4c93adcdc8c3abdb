/**
 * The task of a comparison's worker threads: set up once with the compared designs (each with its
 * scenario), it runs a design on the seeds each request gives and answers with the runs' rows.
 * With a posterior, each seed's run is compiled at the sample the seed draws (the same for every
 * design), from the assumption space the designs were made from. Which thread runs a seed never
 * changes its row.
 */
import { compiledModule } from '../batch/compiled.js';
import type { Task } from '../batch/task.js';
import { simulate } from '../engine/simulation.js';
import { compileModel, type Model } from '../model/compile.js';
import { toRow, type RunRow } from '../report/row.js';
import type { Design, Scenario } from '../scenario/schema.js';
import { withOptions, type DesignOption } from '../scenario/variants.js';
import { bySample, Recent, SeedDraws, type PosteriorDraw } from '../assumptions/draws.js';
import { designAt, scenarioAt, type AssumptionSpace } from '../assumptions/space.js';

/** What a comparison's workers need to compile a design at the sample a seed draws. */
export interface ComparePosterior {
  readonly draw: PosteriorDraw;
  /** The space the compared designs were made from. */
  readonly space: AssumptionSpace;
  /** Values `--set` holds (register id → value); the drawn values go on top. */
  readonly held: ReadonlyArray<readonly [string, number]>;
  /** Per compared model: its design's id in the space, and the options switched on. */
  readonly designs: ReadonlyArray<{
    readonly id: string;
    readonly options: readonly DesignOption[];
  }>;
}

/** The compared designs, each with the scenario it runs in. */
export interface CompareSetup {
  readonly models: ReadonlyArray<{ readonly scenario: Scenario; readonly design: Design }>;
  /** A posterior each seed draws the fitted numbers from, the same for every design. */
  readonly posterior?: ComparePosterior;
}

/** Run design `design` (by index) on `seeds`. */
export interface RunsRequest {
  readonly design: number;
  readonly seeds: readonly number[];
}

/**
 * Compiled models a worker keeps: requests come design by design, so two suffice whatever the
 * number of designs (an evicted model is compiled again if asked for); with a posterior, requests
 * come design by design and sample by sample, so two suffice too.
 */
const MODEL_CACHE = 2;

/**
 * Scenarios a worker keeps, validated at a sample (far smaller than a compiled model): every design
 * meets every sample drawn, and parsing the scenario again for each is most of compiling one.
 */
const SCENARIO_CACHE = 64;

/** The models of a comparison with a posterior: design `design` at the sample `seed` draws. */
export class DrawnModels {
  private readonly draws: SeedDraws;
  private readonly held: ReadonlyMap<string, number>;
  private readonly scenarios = new Recent<Scenario>(SCENARIO_CACHE);
  private readonly models = new Recent<Model>(MODEL_CACHE);

  constructor(private readonly posterior: ComparePosterior) {
    this.draws = new SeedDraws(posterior.draw);
    this.held = new Map(posterior.held);
  }

  /** The sample `seed` draws. */
  sampleOf(seed: number): number {
    return this.draws.sampleOf(seed);
  }

  /** Compared model `design` (by index) at sample `sample`. */
  model(design: number, sample: number): Model {
    return this.models.get(`${design}/${sample}`, () => {
      const { space, designs } = this.posterior;
      const values = this.draws.valuesOf(sample, this.held);
      const scenario = this.scenarios.get(String(sample), () => scenarioAt(space, values));
      const { id, options } = designs[design]!;
      const at = designAt(space, scenario, values, id);
      return compileModel(scenario, options.length > 0 ? withOptions(at, options) : at);
    });
  }
}

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
  const drawn = setup.posterior && new DrawnModels(setup.posterior);
  return (request) => {
    if (!drawn) {
      const model = modelOf(request.design);
      return request.seeds.map((seed) => toRow(simulate(model, { seed, keepAnswers: false })));
    }
    const rows = new Array<RunRow>(request.seeds.length);
    for (const { sample, positions } of bySample(request.seeds, drawn)) {
      const model = drawn.model(request.design, sample);
      for (const i of positions)
        rows[i] = toRow(simulate(model, { seed: request.seeds[i]!, keepAnswers: false }));
    }
    return rows;
  };
}

/** The task of a comparison's worker threads. */
export const COMPARE_TASK: Task<CompareSetup, RunsRequest, RunRow[]> = {
  name: 'compare',
  module: compiledModule('./compareTask.js', import.meta.url),
};
