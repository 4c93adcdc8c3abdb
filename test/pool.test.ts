/**
 * The worker pool every job of many runs uses: results in the order asked whichever thread
 * answered, and every way a worker thread can fail ends the job with an error that names it, at
 * once, never a wait on a thread that is gone.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BATCH_NODE_FLAGS,
  InterruptedError,
  runTasks,
  WORKER_HEAP,
  WorkerPool,
} from '../src/batch/pool.js';
import type { Task } from '../src/batch/task.js';
import { InputError } from '../src/scenario/errors.js';
import { runStudy } from '../src/analysis/robustness.js';
import { REFERENCE } from './helpers.js';

const DOUBLING: Task<{ failToSetUp?: boolean }, number | string, number> = {
  name: 'fixture',
  module: pathToFileURL(join(import.meta.dirname, 'fixtures', 'doublingTask.mjs')),
};

/** How long a failing job took to fail, and its error. */
async function failure(job: Promise<unknown>): Promise<{ error: unknown; seconds: number }> {
  const started = performance.now();
  try {
    await job;
  } catch (error) {
    return { error, seconds: (performance.now() - started) / 1000 };
  }
  throw new Error('the job did not fail');
}

const ask = (requests: ReadonlyArray<number | string>, init = {}) =>
  runTasks(DOUBLING, init, requests.length, (i) => requests[i]!, { workers: 2 });

describe('the worker pool', () => {
  it('answers every request, in the order asked, on any number of workers', async () => {
    const numbers = Array.from({ length: 40 }, (_, i) => i);
    const doubled = numbers.map((n) => 2 * n);
    expect(await ask(numbers)).toEqual(doubled);
    expect(
      await runTasks(DOUBLING, {}, numbers.length, (i) => numbers[i]!, { workers: 1 }),
    ).toEqual(doubled);
  });

  it('fails the job, naming the worker, when a worker exits', async () => {
    const { error, seconds } = await failure(ask([1, 2, 'exit', 4, 5]));
    expect((error as Error).message).toMatch(
      /^fixture worker [12] of 2 stopped unexpectedly \(exit code 3\)$/,
    );
    expect(seconds).toBeLessThan(10);
  });

  it('fails the job, naming the worker, when an error is thrown outside any request', async () => {
    const { error } = await failure(ask([1, 'later', 3]));
    expect((error as Error).message).toMatch(
      /^fixture worker [12] of 2 crashed: thrown from a timer$/,
    );
  });

  it('fails the job when the task module is missing or cannot be loaded', async () => {
    const missing = { ...DOUBLING, module: new URL('./no-such-task.mjs', DOUBLING.module) };
    const { error } = await failure(runTasks(missing, {}, 2, (i) => i, { workers: 2 }));
    expect((error as Error).message).toMatch(
      /no-such-task\.mjs is missing: worker threads start from the compiled package \(npm run build\)$/,
    );
    const broken = { ...DOUBLING, module: new URL('./brokenTask.mjs', DOUBLING.module) };
    const { error: loading } = await failure(runTasks(broken, {}, 2, (i) => i, { workers: 2 }));
    expect((loading as Error).message).toMatch(
      /^fixture worker [12] of 2 crashed: Cannot find module .*no-such-dependency\.mjs/,
    );
  });

  it('gives back an input error thrown in a worker as the input error it is', async () => {
    const { error } = await failure(ask([1, 'input']));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([
      { file: 'fixture.yaml', path: 'a.b', message: 'bad value' },
    ]);
  });

  it('fails the job with the error of a task that cannot be set up', async () => {
    const { error } = await failure(ask([1, 2], { failToSetUp: true }));
    expect((error as Error).message).toBe('cannot set up');
  });

  it('stops at the abort signal while an answer is awaited, and stays failed', async () => {
    const pool = new WorkerPool(DOUBLING, 2, { init: {} });
    const controller = new AbortController();
    const job = pool.map(3, (i) => (i === 1 ? 'never' : i), { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const { error } = await failure(job);
    expect(error).toBeInstanceOf(InterruptedError);
    await expect(pool.map(1, () => 1)).rejects.toBe(error);
    await pool.close();
  });
});

describe('a batch worker started as the npm scripts start batches', () => {
  it('gets the young generation the pool asks for (no Node flag caps it)', () => {
    const child = spawnSync(
      process.execPath,
      [...BATCH_NODE_FLAGS, join(import.meta.dirname, 'fixtures', 'youngGeneration.mjs')],
      { encoding: 'utf8' },
    );
    expect(child.stderr).toBe('');
    // V8's new space is two of the young generation's three semi-spaces
    const newSpace = Number(child.stdout.trim());
    expect(newSpace).toBeGreaterThan(WORKER_HEAP.maxYoungGenerationSizeMb / 2);
    expect(newSpace).toBeLessThanOrEqual(WORKER_HEAP.maxYoungGenerationSizeMb);
  });
});

describe('a study on the pool', () => {
  it('whose worker crashes (out of memory) fails at once with an error naming the worker', async () => {
    const { error, seconds } = await failure(
      runStudy({
        scenarioFile: REFERENCE,
        designs: ['acm-2015', 'parallel'],
        decisions: ['us.fdo'],
        seeds: [1, 2],
        method: { kind: 'morris', trajectories: 2 },
        sampleSeed: 1,
        workers: 2,
        workerHeap: { maxOldGenerationSizeMb: 4 },
      }),
    );
    expect((error as Error).message).toMatch(/^study worker [12] of 2 crashed \(out of memory\): /);
    expect(seconds).toBeLessThan(10);
  });
});
