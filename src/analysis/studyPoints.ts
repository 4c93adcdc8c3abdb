/**
 * Evaluating points of the assumption space on a study's worker pool (see `studyTask.ts`): one
 * pool for the whole study, its sample, its noise floor and its break-even searches alike.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { WorkerPool } from '../batch/pool.js';
import { STUDY_TASK, type PointRequest, type PointResult, type StudySetup } from './studyTask.js';

/** Points to evaluate, made on demand: `at(i)` for i below `length`. */
export interface Points {
  readonly length: number;
  at(index: number): ReadonlyMap<string, number>;
}

/** Points from a list. */
export function listOf(points: ReadonlyArray<ReadonlyMap<string, number>>): Points {
  return { length: points.length, at: (i) => points[i]! };
}

/** How a study's pool is started. */
export interface StudyThreads {
  /** Worker threads at most. */
  readonly workers: number;
  /** Each worker's heap limits (default: the study task's); a point that needs more fails the study. */
  readonly heap?: ResourceLimits;
}

/** A study's worker pool. */
export class StudyPool {
  private readonly pool: WorkerPool<StudySetup, PointRequest, PointResult>;

  /** Starts up to `threads.workers` workers (never more than `points`, the most a stage evaluates at once). */
  constructor(setup: StudySetup, threads: StudyThreads, points: number) {
    this.pool = new WorkerPool(STUDY_TASK, Math.min(threads.workers, Math.max(1, points)), {
      init: setup,
      ...(threads.heap ? { heap: threads.heap } : {}),
    });
  }

  /**
   * Evaluates every point on `seeds`, in any order; the results come back in the order of the
   * points. `onDone` is told after each point (progress). With `beyondRanges`, values outside
   * their registered ranges are taken as they are, and a point the files refuse gives `[]`.
   */
  evaluate(
    points: Points,
    seeds: readonly number[],
    onDone?: (done: number) => void,
    options: { readonly beyondRanges?: boolean } = {},
  ): Promise<PointResult[]> {
    const beyond = options.beyondRanges ? { beyondRanges: true } : {};
    return this.pool.map(points.length, (i) => ({ values: [...points.at(i)], seeds, ...beyond }), {
      ...(onDone ? { onDone } : {}),
    });
  }

  /**
   * Evaluates one point on each of several blocks of seeds (the noise floor: what seeds alone do
   * to the outputs); the results come back in the order of the blocks.
   */
  evaluateBlocks(
    point: ReadonlyMap<string, number>,
    blocks: ReadonlyArray<readonly number[]>,
  ): Promise<PointResult[]> {
    const values = [...point];
    return this.pool.map(blocks.length, (i) => ({ values, seeds: blocks[i]! }));
  }

  /** A ranking study's paired differences of every pair of designs at one point (see `rankingPairs`). */
  async evaluatePairs(
    point: ReadonlyMap<string, number>,
    seeds: readonly number[],
  ): Promise<PointResult> {
    const values = [...point];
    const [result] = await this.pool.map(1, () => ({ values, seeds, pairs: true }));
    return result!;
  }

  /** Ends the workers. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Runs `body` with a study pool, which it closes however `body` ends. */
export async function withStudyPool<T>(
  setup: StudySetup,
  threads: StudyThreads,
  points: number,
  body: (pool: StudyPool) => Promise<T>,
): Promise<T> {
  const pool = new StudyPool(setup, threads, points);
  try {
    return await body(pool);
  } finally {
    await pool.close();
  }
}
