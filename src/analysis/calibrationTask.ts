/**
 * The task of a calibration's worker threads: set up once with the models of the incidents (each
 * a scenario under the design in force at the time), it runs a model on the seeds each request
 * gives and measures every observed interval in every run.
 */
import { compiledModule } from '../batch/compiled.js';
import type { Task } from '../batch/task.js';
import { createSimulation } from '../engine/simulation.js';
import { compileModel, type Model } from '../model/compile.js';
import type { Design, Scenario } from '../scenario/schema.js';
import { IDENTIFICATION_ACTOR } from '../engine/names.js';
import { filesAt, type AssumptionSpace } from '../assumptions/space.js';
import { Recent, SeedDraws, type PosteriorDraw } from '../assumptions/draws.js';

type IntervalEnd = NonNullable<Scenario['observed']>['intervals'][number]['from'];

/** Per observed interval, per seed: its length in minutes, Infinity if never closed, undefined if never opened. */
export type IntervalSamples = (number | undefined)[][];

/**
 * When an end of an interval happened in a run: a documented time as it stands; a decision's first
 * entry into force (before `after` too: a model that orders before the event the record starts
 * from gives a negative interval); a rung's entry or a contact's identification, the first at or
 * after `after`. Undefined if it never happened.
 */
function timeOf(
  entries: ReadonlyMap<string, readonly number[]>,
  end: IntervalEnd,
  after: number,
): number | undefined {
  if ('at' in end) return end.at;
  if ('decision' in end) return entries.get(`decision:${end.decision}`)?.[0];
  const key = 'rung' in end ? `rung:${end.rung}` : `identified:${end.identified}`;
  return entries.get(key)?.find((t) => t >= after);
}

/** The models a calibration runs, each a scenario with an `observed:` block under a design. */
export interface CalibrationSetup {
  readonly models: ReadonlyArray<{
    readonly scenario: Scenario;
    readonly design: Design;
    /** The model's assumption space, when a posterior sets its numbers seed by seed. */
    readonly space?: AssumptionSpace;
  }>;
  /** A fitted posterior: each seed's run draws its numbers from it (see `posterior.ts`). */
  readonly posterior?: PosteriorDraw;
}

/** Run model `model` (by index) on `seeds`. */
export interface SamplesRequest {
  readonly model: number;
  readonly seeds: readonly number[];
}

/**
 * Each observed interval of an incident measured in each seeded run of `model`: per interval, per
 * seed (in the order given), its length in minutes, Infinity if it opened and never closed within
 * the horizon, undefined if it never opened.
 */
export function intervalSamples(model: Model, seeds: readonly number[]): IntervalSamples {
  const observed = model.scenario.observed;
  if (!observed) throw new Error(`scenario ${model.scenario.id} has no observed block`);
  const samples = observed.intervals.map(() => [] as (number | undefined)[]);
  for (const seed of seeds) {
    const entries = new Map<string, number[]>();
    const enter = (key: string, t: number) => {
      let times = entries.get(key);
      if (!times) entries.set(key, (times = []));
      times.push(t);
    };
    const sim = createSimulation(model, {
      seed,
      keepAnswers: false,
      observe: (e) => {
        if (e.kind !== 'state') return;
        if (e.actor === 'ladder') return enter(`rung:${e.to}`, e.t);
        if (e.actor === IDENTIFICATION_ACTOR) return enter(`identified:${e.to}`, e.t);
        const slash = e.to.indexOf('/');
        const decision = e.to.slice(0, slash);
        if (
          slash > 0 &&
          e.to.startsWith('/inForce', slash) &&
          !e.from.startsWith(`${decision}/inForce`)
        )
          enter(`decision:${decision}`, e.t);
      },
    });
    const status = sim.run();
    if (status.status !== 'done')
      throw new Error(
        `run ${seed} of ${model.scenario.id} stopped at ${status.status === 'waiting' ? status.point.id : 'a pause'}`,
      );
    observed.intervals.forEach((interval, i) => {
      const from = timeOf(entries, interval.from, 0);
      const to = from === undefined ? undefined : timeOf(entries, interval.to, from);
      samples[i]!.push(from === undefined ? undefined : to === undefined ? Infinity : to - from);
    });
  }
  return samples;
}

/** Compiled models a worker keeps at once when a posterior sets their numbers seed by seed. */
const MODELS_KEPT = 8;

/**
 * Sets a worker up with a calibration's models (see `batch/task.ts`); each is compiled when first
 * asked for, and with a posterior once per model and sample drawn (the few most recent kept).
 */
export function createTask(setup: CalibrationSetup): (request: SamplesRequest) => IntervalSamples {
  const models = new Map<number, Model>();
  const plain = (index: number): Model => {
    let model = models.get(index);
    if (!model) {
      const { scenario, design } = setup.models[index]!;
      models.set(index, (model = compileModel(scenario, design)));
    }
    return model;
  };
  if (!setup.posterior) return (request) => intervalSamples(plain(request.model), request.seeds);
  const draws = new SeedDraws(setup.posterior);
  const drawn = new Recent<Model>(MODELS_KEPT);
  const at = (index: number, sample: number): Model =>
    drawn.get(`${index}/${sample}`, () => {
      const files = filesAt(setup.models[index]!.space!, draws.valuesOf(sample));
      return compileModel(files.scenario, files.designs[0]!);
    });
  return (request) => {
    const perSeed = request.seeds.map((seed) =>
      intervalSamples(at(request.model, draws.sampleOf(seed)), [seed]),
    );
    return perSeed[0]!.map((_, interval) => perSeed.map((samples) => samples[interval]![0]));
  };
}

/** The task of a calibration's worker threads. */
export const CALIBRATION_TASK: Task<CalibrationSetup, SamplesRequest, IntervalSamples> = {
  name: 'calibration',
  module: compiledModule('./calibrationTask.js', import.meta.url),
};
