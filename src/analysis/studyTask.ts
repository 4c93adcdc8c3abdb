/**
 * The task of a study's worker threads: set up once with the study's scenario, designs, decisions
 * and kind (building the assumption space), it answers each point of the assumption space
 * (register id → value) with the paired outcome of designs A and B on the given seeds, or, for a
 * ranking study, every design's outcome. Which thread evaluates a point never changes its result.
 */
import { compiledModule } from '../batch/compiled.js';
import type { Task } from '../batch/task.js';
import { assumptionSpace, modelsAt, type AssumptionSpace } from '../assumptions/space.js';
import { outputVector, pairedOutcome } from './pairedOutcome.js';
import { rankingOutcome } from './rankingOutcome.js';

/** What every worker of a study is set up with. */
export interface StudySetup {
  readonly scenarioFile: string;
  /** Paired (the default): design A (the baseline) and design B, by id. Ranking: every design compared, by id. */
  readonly designs: readonly string[];
  /** `paired`: B − A ({@link pairedOutcome}); `ranking`: each design's own outcome ({@link rankingOutcome}). */
  readonly kind?: 'paired' | 'ranking';
  readonly decisions: readonly string[];
}

/** One point to evaluate: the assumptions' values (register id → value) and the seeds to run. */
export interface PointRequest {
  readonly values: ReadonlyArray<readonly [string, number]>;
  readonly seeds: readonly number[];
}

/** The outputs of one point: the vector of {@link outputVector}, or of {@link rankingOutcome}. */
export type PointResult = number[];

/** Evaluates points of a study in this thread (what each worker thread does). */
export function evaluatorFor(
  setup: StudySetup,
  space: AssumptionSpace = assumptionSpace(setup.scenarioFile, setup.designs.join(',')),
): (values: ReadonlyMap<string, number>, seeds: readonly number[]) => PointResult {
  const order = setup.designs.map((id) => space.designs.findIndex((d) => d.id === id));
  return (values, seeds) => {
    const models = modelsAt(space, values);
    if (setup.kind === 'ranking')
      return rankingOutcome(
        order.map((i) => models[i]!),
        setup.decisions,
        seeds,
      );
    return outputVector(
      pairedOutcome(models[order[0]!]!, models[order[1]!]!, setup.decisions, seeds),
    );
  };
}

/** Sets a worker up with a study (see `batch/task.ts`). */
export function createTask(setup: StudySetup): (request: PointRequest) => PointResult {
  const evaluate = evaluatorFor(setup);
  return (request) => evaluate(new Map(request.values), request.seeds);
}

/**
 * A study worker's heap limits. Each point compiles its models afresh, so much of what a worker
 * allocates lives for a whole point and reaches the old generation; V8 sizes its heap by the cap,
 * and under a batch worker's 512 MB cap it collected so often that a 2-design Morris study took
 * ~35% more CPU time than with no cap. With these it takes no more (the live heap is ~20 MB).
 */
const STUDY_HEAP = { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 48 } as const;

/** The task of a study's worker threads. */
export const STUDY_TASK: Task<StudySetup, PointRequest, PointResult> = {
  name: 'study',
  module: compiledModule('./studyTask.js', import.meta.url),
  heap: STUDY_HEAP,
};
