/**
 * The models of a posterior batch's runs: a run of design d at sweep point p on seed s runs at the
 * sample s draws (`posteriorPlan.ts`), its numbers set in the point's scenario and design data.
 * Compiled models are large, so a worker keeps the few it used last; the runs are handed out in
 * the order of the model they need (design, point, sample), and a chunk's runs run grouped by it.
 */
import { compileModel, type Model } from '../model/compile.js';
import type { Scenario } from '../scenario/schema.js';
import { withOptions } from '../scenario/variants.js';
import { Recent, SeedDraws } from '../assumptions/draws.js';
import { designAt, scenarioAt, type AssumptionSpace } from '../assumptions/space.js';
import { plannedDesign, type BatchPlan, type PlannedDesign } from './plan.js';
import type { PosteriorInit } from './posteriorPlan.js';

/** What compiling a run's model at a sample needs: a batch's worker data. */
export interface PosteriorSource {
  readonly scenarioFile: string;
  readonly points: ReadonlyArray<{ readonly designData: Readonly<Record<string, unknown>> }>;
  readonly designs: ReadonlyArray<Pick<PlannedDesign, 'file' | 'data' | 'base' | 'options'>>;
  readonly posterior: PosteriorInit;
}

/** Models kept: a chunk's runs come grouped by model, so a few suffice. */
const KEPT = 4;

/**
 * Scenarios kept (validated, not compiled: far smaller than a model): every design of a point
 * meets every sample drawn, and parsing the scenario again for each is most of compiling one.
 */
const SCENARIOS_KEPT = 64;

/** The models of a posterior batch's runs, the few most recent kept. */
export class PosteriorModels {
  private readonly draws: SeedDraws;
  private readonly scenarios = new Recent<Scenario>(SCENARIOS_KEPT);
  private readonly models = new Recent<Model>(KEPT);

  constructor(private readonly source: PosteriorSource) {
    this.draws = new SeedDraws(source.posterior.draw);
  }

  /** The sample `seed` draws. */
  sampleOf(seed: number): number {
    return this.draws.sampleOf(seed);
  }

  /** The model of design `design` at sweep point `point` with sample `sample`'s numbers. */
  model(design: number, point: number, sample: number): Model {
    return this.models.get(`${design}/${point}/${sample}`, () => {
      const { scenarioFile, posterior, points } = this.source;
      const d = this.source.designs[design]!;
      const space: AssumptionSpace = {
        scenarioFile,
        scenarioData: posterior.scenarioData[point],
        designs: [{ id: d.base, file: d.file, data: points[point]!.designData[d.base] ?? d.data }],
        register: posterior.register,
      };
      const values = this.draws.valuesOf(sample);
      const scenario = this.scenarios.get(`${point}/${sample}`, () => scenarioAt(space, values));
      const at = designAt(space, scenario, values, d.base);
      return compileModel(scenario, d.options.length > 0 ? withOptions(at, d.options) : at);
    });
  }
}

/**
 * The model a run of the plan runs on: its sweep point's scenario and its design there, with the
 * numbers its seed draws when the batch has a posterior.
 */
export function modelOfRun(plan: BatchPlan, design: number, point: number, seed: number): Model {
  if (plan.posterior) {
    const models = new PosteriorModels({ ...plan, posterior: plan.posterior });
    return models.model(design, point, models.sampleOf(seed));
  }
  const p = plan.points[point]!;
  return compileModel(
    p.scenario.scenario,
    plannedDesign(plan.designs[design]!, p.designData, p.scenario.scenario, plan.outsideRange),
  );
}

/**
 * The runs `todo` (ascending run numbers) in the order to hand them out: as they are, or for a
 * posterior batch by design and point, then by the sample the seed draws, then by seed; so a
 * chunk of runs needs few models, and each model is compiled about once per worker. Which run goes
 * to which worker never changes its row, and the result files are in canonical order whatever
 * order the runs were stored in.
 */
export function drawOrder(plan: BatchPlan, todo: ArrayLike<number>): ArrayLike<number> {
  if (!plan.posterior) return todo;
  const draws = new SeedDraws(plan.posterior.draw);
  const n = plan.seeds.length;
  const samples = plan.seeds.map((seed) => draws.sampleOf(seed));
  // the seeds' indices by (sample, seed), and each index's place in that order
  const bySample = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => samples[a]! - samples[b]! || a - b,
  );
  const place = new Uint32Array(n);
  bySample.forEach((seedIndex, k) => (place[seedIndex] = k));
  // a run's number is (design and point) × seeds + seed index: its key puts the seed at its place
  const keys = Uint32Array.from(todo, (index) => index - (index % n) + place[index % n]!).sort();
  return Uint32Array.from(keys, (key) => key - (key % n) + bySample[key % n]!);
}
