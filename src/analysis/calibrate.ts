/**
 * Calibration against history: a historical incident is a scenario with an `observed:` block.
 * Each observed interval (between documented times, rung entries, identifications and decisions'
 * first entries into force; see `calibrationTask.ts`) is measured in every seeded run of the
 * incident under the design in force at the time, or with a posterior under the numbers each
 * seed draws; each observation is then placed in the model's distribution (see `observation.ts`).
 * An interval that never closes within the horizon counts as longer than any that does.
 */
import { compileModel, type Model } from '../model/compile.js';
import { loadDesign, loadScenario, type LoadedScenario } from '../scenario/load.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { InputError } from '../scenario/errors.js';
import { defaultWorkers, runTasks } from '../batch/pool.js';
import { CALIBRATION_TASK, type IntervalSamples } from './calibrationTask.js';
import { gainOf, type CounterfactualGain } from './counterfactual.js';
import { placeObservation, type ObservationCheck } from './observation.js';
import { assumptionSpace, type AssumptionSpace } from '../assumptions/space.js';
import type { PosteriorDraw } from '../assumptions/draws.js';

/** The calibration of one incident. */
export interface IncidentCalibration {
  readonly scenario: string;
  readonly design: string;
  readonly seeds: number;
  readonly intervals: readonly ObservationCheck[];
}

/** How a calibration's runs are done. */
export interface CalibrationOptions {
  /** Worker threads (default: the machine's available parallelism); never changes the results. */
  readonly workers?: number;
  /** Told the number of runs done as runs finish. */
  readonly onRun?: (done: number) => void;
  /** A fitted posterior: each seed's run draws the fitted numbers from it, the same for every model. */
  readonly posterior?: PosteriorDraw;
}

/** Seeds per request to the pool. */
const SEEDS_PER_REQUEST = 50;

/**
 * Each model's observed intervals measured in each of its runs on `seeds` (see
 * {@link intervalSamples}), the runs done on a worker pool.
 */
async function sampleIntervals(
  models: ReadonlyArray<Pick<Model, 'scenario' | 'design'> & { space?: AssumptionSpace }>,
  seeds: readonly number[],
  options: CalibrationOptions = {},
): Promise<IntervalSamples[]> {
  const perModel = Math.ceil(seeds.length / SEEDS_PER_REQUEST);
  const requests = models.flatMap((_, model) =>
    Array.from({ length: perModel }, (__, k) => ({
      model,
      seeds: seeds.slice(k * SEEDS_PER_REQUEST, (k + 1) * SEEDS_PER_REQUEST),
    })),
  );
  let done = 0;
  const answers = await runTasks(
    CALIBRATION_TASK,
    {
      models: models.map((m) => ({
        scenario: m.scenario,
        design: m.design,
        ...(options.posterior && { space: m.space }),
      })),
      ...(options.posterior && { posterior: options.posterior }),
    },
    requests.length,
    (i) => requests[i]!,
    {
      workers: options.workers ?? defaultWorkers(),
      onDone: (_, index) => options.onRun?.((done += requests[index]!.seeds.length)),
    },
  );
  return models.map((_, m) => {
    const chunks = answers.slice(m * perModel, (m + 1) * perModel);
    return chunks[0]!.map((__, interval) => chunks.flatMap((chunk) => chunk[interval]!));
  });
}

/** Where each observed interval of an incident (a model) falls in the distribution of its samples on `seeds` seeds. */
function placeObservations(
  model: Pick<Model, 'scenario' | 'design'>,
  seeds: number,
  samples: IntervalSamples,
): IncidentCalibration {
  const observed = model.scenario.observed!;
  return {
    scenario: model.scenario.id,
    design: model.design.id,
    seeds,
    intervals: observed.intervals.map((interval, i) => {
      const values = samples[i]!.filter((v): v is number => v !== undefined);
      if (values.length === 0)
        throw new Error(
          `interval ${interval.id} of ${model.scenario.id} never opened in ${seeds} runs`,
        );
      return placeObservation(interval, values, `${model.scenario.id}/${interval.id}`);
    }),
  };
}

/**
 * Runs `model` (an incident under its design) on `seeds` and places each observed interval in
 * the model's distribution.
 */
export async function calibrateIncident(
  model: Model & { space?: AssumptionSpace },
  seeds: readonly number[],
  options: CalibrationOptions = {},
): Promise<IncidentCalibration> {
  const [samples] = await sampleIntervals([model], seeds, options);
  return placeObservations(model, seeds.length, samples!);
}

/**
 * Runs an incident and its counterfactual on the same `seeds` and measures the reform's effect on
 * each observed interval (see `counterfactual.ts`).
 */
export async function counterfactualGain(
  historical: Model,
  counterfactual: Model,
  reform: string,
  seeds: readonly number[],
  options: CalibrationOptions = {},
): Promise<CounterfactualGain> {
  const [before, after] = await sampleIntervals([historical, counterfactual], seeds, options);
  return gainOf(historical, counterfactual, reform, seeds.length, before!, after!);
}

/** The calibration of incident files: each incident placed, each counterfactual's gain. */
export interface Calibration {
  readonly incidents: readonly IncidentCalibration[];
  readonly counterfactuals: readonly CounterfactualGain[];
}

/**
 * Calibrates incident files on one worker pool: a historical incident is placed in its model's
 * distribution; a counterfactual (a file with `counterfactual:`) is measured against the incident
 * it extends. A counterfactual that extends nothing is an {@link InputError} naming it.
 *
 * @example
 * ```ts
 * const calibration = await calibrateFiles(['scenarios/incidents/noto-1999.yaml'], parseSeeds('1..500'));
 * console.log(calibrationTable(calibration.incidents).join('\n'));
 * ```
 */
export async function calibrateFiles(
  files: readonly string[],
  seeds: readonly number[],
  options: CalibrationOptions = {},
): Promise<Calibration> {
  const jobs = files.map((file) => {
    const { loaded, model } = loadIncident(file, options.posterior !== undefined);
    const reform = loaded.scenario.counterfactual?.reform;
    if (reform === undefined) return { models: [model] };
    const historicalFile = loaded.files[1];
    if (historicalFile === undefined)
      throw new InputError([
        {
          file,
          path: 'counterfactual',
          message:
            'a counterfactual extends the historical incident it varies: add extends: <the incident file>',
        },
      ]);
    return {
      models: [loadIncident(historicalFile, options.posterior !== undefined).model, model],
      reform,
    };
  });
  const samples = await sampleIntervals(
    jobs.flatMap((j) => j.models),
    seeds,
    options,
  );
  const incidents: IncidentCalibration[] = [];
  const counterfactuals: CounterfactualGain[] = [];
  let k = 0;
  for (const job of jobs) {
    if (job.reform === undefined)
      incidents.push(placeObservations(job.models[0]!, seeds.length, samples[k++]!));
    else {
      const [historical, counterfactual] = job.models;
      counterfactuals.push(
        gainOf(
          historical!,
          counterfactual!,
          job.reform,
          seeds.length,
          samples[k++]!,
          samples[k++]!,
        ),
      );
    }
  }
  return { incidents, counterfactuals };
}

/**
 * Loads a historical incident (or a counterfactual of one) and compiles it under the design in
 * force at the time (`observed.design`); with `withSpace`, the model carries its assumption space
 * too, for runs whose numbers a posterior sets.
 */
export function loadIncident(
  file: string,
  withSpace = false,
): { loaded: LoadedScenario; model: Model & { space?: AssumptionSpace } } {
  const loaded = loadScenario(file);
  const observed = loaded.scenario.observed;
  if (!observed)
    throw new InputError([
      {
        file,
        path: 'observed',
        message:
          'missing: a historical incident lists what was observed (design, events, intervals)',
      },
    ]);
  const design = loadDesign(resolveDesignFiles(file, observed.design)[0]!, loaded.scenario).design;
  const model = compileModel(loaded.scenario, design);
  return {
    loaded,
    model: withSpace ? { ...model, space: assumptionSpace(file, observed.design) } : model,
  };
}

/** The assumption space of a historical incident under the design in force at the time. */
export function incidentSpace(file: string): AssumptionSpace {
  return loadIncident(file, true).model.space!;
}
