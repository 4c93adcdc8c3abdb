/**
 * The task of a study's worker threads: set up once with the study's scenario, designs, decisions
 * and kind (building the assumption space), it answers each point of the assumption space
 * (register id → value) with the paired outcome of designs A and B on the given seeds, or, for a
 * ranking study, every design's outcome. With a posterior, each seed's runs draw the fitted numbers
 * (the same for every design). Which thread evaluates a point never changes its result.
 */
import { compiledModule } from '../batch/compiled.js';
import { InputError } from '../scenario/errors.js';
import type { Task } from '../batch/task.js';
import { assumptionSpace, type AssumptionSpace } from '../assumptions/space.js';
import { PointModels } from '../assumptions/pointModels.js';
import { outputVector, pairedOutputs, seedRuns } from './pairedOutcome.js';
import { rankingOutputs, rankingPairs } from './rankingOutcome.js';
import { simulate, type RunResult } from '../engine/simulation.js';
import type { Model } from '../model/compile.js';
import { bySample, SeedDraws, type PosteriorDraw } from '../assumptions/draws.js';

/** What every worker of a study is set up with. */
export interface StudySetup {
  readonly scenarioFile: string;
  /** Paired (the default): design A (the baseline) and design B, by id. Ranking: every design compared, by id. */
  readonly designs: readonly string[];
  /** `paired`: B − A ({@link pairedOutputs}); `ranking`: each design's own outcome ({@link rankingOutputs}). */
  readonly kind?: 'paired' | 'ranking';
  readonly decisions: readonly string[];
  /** A posterior each seed draws the fitted numbers from, the same for every design; the study varies the others. */
  readonly posterior?: PosteriorDraw;
}

/** One point to evaluate: the assumptions' values (register id → value) and the seeds to run. */
export interface PointRequest {
  readonly values: ReadonlyArray<readonly [string, number]>;
  readonly seeds: readonly number[];
  /** Take values outside their registered ranges as they are; a point the files refuse gives `[]`. */
  readonly beyondRanges?: boolean;
  /** A ranking study's every pair of designs' paired differences with intervals ({@link rankingPairs}) instead of each design's outcome. */
  readonly pairs?: boolean;
}

/** The outputs of one point: the vector of {@link outputVector}, or of {@link rankingOutputs}; `[]` for a point the files refuse. */
export type PointResult = number[];

/**
 * Every design's run of every seed at a point, per seed in seed order, and the designs' models (at
 * the point, or at the first sample drawn). With a posterior, the seeds go grouped by the sample
 * they draw, its numbers on top of the point's, one sample's models compiled at a time.
 */
function runsAt(
  modelsOf: (values: ReadonlyMap<string, number>) => Model[],
  values: ReadonlyMap<string, number>,
  seeds: readonly number[],
  draws: SeedDraws | undefined,
): { models: Model[]; runs: Iterable<readonly RunResult[]> } {
  if (!draws) {
    const models = modelsOf(values);
    return { models, runs: seedRuns(models, seeds) };
  }
  const runs = new Array<RunResult[]>(seeds.length);
  let first: Model[] | undefined;
  for (const { sample, positions } of bySample(seeds, draws)) {
    const models = modelsOf(draws.valuesOf(sample, values));
    first ??= models;
    for (const i of positions)
      runs[i] = models.map((m) => simulate(m, { seed: seeds[i]!, keepAnswers: false }));
  }
  return { models: first ?? modelsOf(values), runs };
}

/** Evaluates points of a study in this thread (what each worker thread does). */
export function evaluatorFor(
  setup: StudySetup,
  space: AssumptionSpace = assumptionSpace(setup.scenarioFile, setup.designs.join(',')),
): (
  values: ReadonlyMap<string, number>,
  seeds: readonly number[],
  options?: Pick<PointRequest, 'beyondRanges' | 'pairs'>,
) => PointResult {
  const order = setup.designs.map((id) => space.designs.findIndex((d) => d.id === id));
  const draws = setup.posterior && new SeedDraws(setup.posterior);
  // models of points of one structure share machines and transition memos (see pointModels.ts)
  const points = new PointModels(space);
  return (values, seeds, { beyondRanges = false, pairs = false } = {}) => {
    // the designs in the setup's order (A then B for a paired study)
    const modelsOf = (at: ReadonlyMap<string, number>) => {
      const models = points.at(at, { beyondRanges });
      return order.map((i) => models[i]!);
    };
    let made: ReturnType<typeof runsAt>;
    try {
      made = runsAt(modelsOf, values, seeds, draws);
    } catch (error) {
      if (beyondRanges && error instanceof InputError) return [];
      throw error;
    }
    const { models, runs } = made;
    if (setup.kind === 'ranking')
      return (pairs ? rankingPairs : rankingOutputs)(runs, models, setup.decisions);
    return outputVector(pairedOutputs(runs, models[0]!, setup.decisions));
  };
}

/** Sets a worker up with a study (see `batch/task.ts`). */
export function createTask(setup: StudySetup): (request: PointRequest) => PointResult {
  const evaluate = evaluatorFor(setup);
  return (request) => evaluate(new Map(request.values), request.seeds, request);
}

/**
 * A study worker's heap limits. Measured when each point compiled its models afresh (points of one
 * structure now share theirs, `assumptions/pointModels.ts`): much of what a worker allocated lived
 * for a whole point and reached the old generation; V8 sizes its heap by the cap, and under a batch
 * worker's former 512 MB cap it collected so often that a 2-design Morris study took ~35% more CPU
 * time than with no cap. With these it took no more (the live heap was ~20 MB).
 */
const STUDY_HEAP = { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 48 } as const;

/** The task of a study's worker threads. */
export const STUDY_TASK: Task<StudySetup, PointRequest, PointResult> = {
  name: 'study',
  module: compiledModule('./studyTask.js', import.meta.url),
  heap: STUDY_HEAP,
};
