/**
 * Evaluating points of the assumption space, in this thread or on worker threads: each point
 * (register id → value) gives the paired outcome of designs A and B on the study's seeds, or, for
 * a ranking study, every design's outcome. Which thread evaluates a point never changes its result.
 */
import { Worker } from 'node:worker_threads';
import { compiledModule } from '../batch/compiled.js';
import { assumptionSpace, modelsAt, type AssumptionSpace } from './assumptionPoint.js';
import { outputVector, pairedOutcome } from './pairedOutcome.js';
import { rankingOutcome } from './rankingOutcome.js';

/** What every evaluator of a study is set up with. */
export interface StudySetup {
  readonly scenarioFile: string;
  /** Paired (the default): design A (the baseline) and design B, by id. Ranking: every design compared, by id. */
  readonly designs: readonly string[];
  /** `paired`: B − A ({@link pairedOutcome}); `ranking`: each design's own outcome ({@link rankingOutcome}). */
  readonly kind?: 'paired' | 'ranking';
  readonly decisions: readonly string[];
  readonly seeds: readonly number[];
}

/** The outputs of one point: the vector of {@link outputVector}, or of {@link rankingOutcome}. */
export type PointResult = number[];

/** An evaluator in this thread. */
export function evaluatorFor(
  setup: StudySetup,
  space: AssumptionSpace = assumptionSpace(setup.scenarioFile, setup.designs.join(',')),
): (values: ReadonlyMap<string, number>) => PointResult {
  const order = setup.designs.map((id) => space.designs.findIndex((d) => d.id === id));
  return (values) => {
    const models = modelsAt(space, values);
    if (setup.kind === 'ranking')
      return rankingOutcome(
        order.map((i) => models[i]!),
        setup.decisions,
        setup.seeds,
      );
    const outcome = pairedOutcome(
      models[order[0]!]!,
      models[order[1]!]!,
      setup.decisions,
      setup.seeds,
    );
    return outputVector(outcome);
  };
}

/** Points to evaluate, made on demand: `at(i)` for i below `length`. */
export interface Points {
  readonly length: number;
  at(index: number): ReadonlyMap<string, number>;
}

/** Points from a list. */
export function listOf(points: ReadonlyArray<ReadonlyMap<string, number>>): Points {
  return { length: points.length, at: (i) => points[i]! };
}

/**
 * Evaluates every point, on `workers` threads (1: in this thread), in any order; the results come
 * back in the order of the points. `onDone` is told after each point (progress).
 */
export async function evaluatePoints(
  setup: StudySetup,
  points: Points,
  workers: number,
  onDone?: (done: number) => void,
): Promise<PointResult[]> {
  const results: PointResult[] = new Array(points.length);
  if (workers <= 1) {
    const evaluate = evaluatorFor(setup);
    for (let i = 0; i < points.length; i++) {
      results[i] = evaluate(points.at(i));
      onDone?.(i + 1);
    }
    return results;
  }
  let next = 0;
  let done = 0;
  const entry = compiledModule('./studyWorker.js', import.meta.url);
  const threads = Array.from(
    { length: Math.min(workers, points.length) },
    () => new Worker(entry, { workerData: setup }),
  );
  try {
    await Promise.all(
      threads.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= points.length) return resolve();
              const index = next++;
              worker.postMessage({ index, values: [...points.at(index)] });
            };
            worker.on('message', (m: { index: number; outputs?: PointResult; error?: string }) => {
              if (m.error !== undefined) return reject(new Error(`point ${m.index}: ${m.error}`));
              results[m.index] = m.outputs!;
              onDone?.(++done);
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return results;
}
