/**
 * The worker pool every job of many runs uses (batches, studies, comparisons, calibrations):
 * worker threads that each import the job's task module (`task.ts`), receive the job's data once,
 * then answer requests handed out one at a time to idle workers until none are left. Which worker
 * answers which request never changes a result: a task's answer depends only on its data and the
 * request. A worker's crash or unexpected exit, an error a task throws, or the abort signal fails
 * the job with an error that says which; the job never waits on a thread that is gone.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { compiledModule } from './compiled.js';
import { receivedError, type FromThread, type Task } from './task.js';

/** Thrown when a pool is stopped through its abort signal. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

/** The default number of workers: the machine's available parallelism. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Heap limits of a worker. A run allocates ~0.5 MB and keeps little; the old generation holds the
 * compiled models and their transition memos (~25–50 MB live). V8 sizes a heap by its caps, so the
 * caps are set for speed, not as a tight net (the event budget and the trace caps bound a run's
 * memory, `engine/retention.ts`): with a 12 MB young generation a worker scavenged so often that
 * the reference batch's runs took ~1.45 ms each against ~1.2 ms, and with a 512 MB old generation
 * it collected ~8% more than with none (1 worker, 16,000 runs, medians of 3); 2048 MB costs
 * nothing measurable. Near a 128 MB cap V8 switches to collecting for memory, with a full
 * collection every ~150 ms.
 */
export const WORKER_HEAP = { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 48 } as const;

/**
 * Node flags the npm scripts start batches with (`npm start`, `batch`, `replay`; the benchmark's
 * children too). `--single-threaded-gc`: each thread collects its own garbage, so the collector's
 * helper threads do not compete with the workers for the cores (the reference batch on 2
 * workers: ~8.4 s instead of ~9.2 s). No `--max-semi-space-size`: V8 applies it to every
 * isolate, whatever a worker's `resourceLimits` ask, so it would shrink the workers' young
 * generations too (see {@link WORKER_HEAP}).
 */
export const BATCH_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];

/** The module every worker thread starts from: compiled, as a worker thread has no TypeScript loader. */
const THREAD = compiledModule('./thread.js', import.meta.url);

/** How a pool's threads are started. */
export interface PoolOptions<Init> {
  /** The job's data, sent at once (else later, with {@link WorkerPool.initialise}). */
  readonly init?: Init;
  /** Each worker's heap limits; by default the task's, else {@link WORKER_HEAP}. */
  readonly heap?: ResourceLimits;
}

interface Phase<Request, Result> {
  readonly next: (worker: number) => Request | null;
  readonly onResult: (result: Result, request: Request, sequence: number) => void;
  readonly depth: number;
  /** Requests out, per worker. */
  readonly outstanding: number[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A pool of worker threads running one task, all given the same data. {@link WorkerPool.run} hands
 * out requests until none are left; {@link WorkerPool.close} ends the threads. A pool may be
 * started before its data is ready (workers take ~0.2 s to load, which then overlaps the caller's
 * work) and given it with {@link WorkerPool.initialise}.
 */
export class WorkerPool<Init, Request, Result> {
  private readonly workers: Worker[] = [];
  private readonly task: Task<Init, Request, Result>;
  private failure: unknown = null;
  private phase: Phase<Request, Result> | null = null;
  /** Requests out, by message id: what was asked, and its place in the phase's order. */
  private readonly pending = new Map<number, { request: Request; sequence: number }>();
  private nextId = 0;
  private sequence = 0;
  private closed = false;
  private initialised = false;

  /** Starts `count` workers (at least one; they load while the caller goes on). */
  constructor(task: Task<Init, Request, Result>, count: number, options: PoolOptions<Init> = {}) {
    this.task = task;
    for (const module of [THREAD, task.module])
      if (module.protocol === 'file:' && !existsSync(fileURLToPath(module)))
        throw new Error(
          `${fileURLToPath(module)} is missing: worker threads start from the compiled package (npm run build)`,
        );
    const total = Math.max(1, count);
    for (let i = 0; i < total; i++) {
      const worker = new Worker(THREAD, {
        workerData: { task: task.module.href },
        resourceLimits: options.heap ?? task.heap ?? WORKER_HEAP,
      });
      const name = `${task.name} worker ${i + 1} of ${total}`;
      worker.on('message', (reply: FromThread) => this.received(worker, reply));
      worker.on('error', (error) => this.fail(crashed(name, error)));
      worker.on('exit', (code) => {
        if (!this.closed && this.workers.includes(worker))
          this.fail(new Error(`${name} stopped unexpectedly (exit code ${code})`));
      });
      this.workers.push(worker);
    }
    if (options.init !== undefined) this.initialise(options.init);
  }

  /** Sends every worker the job's data, keeping the first `count` workers (at least one) and ending the others. */
  initialise(init: Init, count = this.workers.length): void {
    if (this.initialised) throw new Error(`the ${this.task.name} pool is already initialised`);
    this.initialised = true;
    for (const extra of this.workers.splice(Math.max(1, count))) void extra.terminate();
    for (const worker of this.workers) worker.postMessage({ type: 'init', init });
  }

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  private fail(error: unknown): void {
    if (this.failure !== null || this.closed) return;
    this.failure = error;
    const phase = this.phase;
    this.phase = null;
    void this.close();
    phase?.reject(error);
  }

  private feed(worker: Worker): void {
    const phase = this.phase;
    if (!phase) return;
    const index = this.workers.indexOf(worker);
    while ((phase.outstanding[index] ?? 0) < phase.depth) {
      const request = phase.next(index);
      if (request === null) {
        if (phase.outstanding.every((n) => n === 0)) {
          this.phase = null;
          phase.resolve();
        }
        return;
      }
      phase.outstanding[index] = (phase.outstanding[index] ?? 0) + 1;
      const id = this.nextId++;
      this.pending.set(id, { request, sequence: this.sequence++ });
      worker.postMessage({ type: 'request', id, request });
    }
  }

  private received(worker: Worker, reply: FromThread): void {
    const phase = this.phase;
    const asked = this.pending.get(reply.id);
    if (!phase || !asked) return;
    this.pending.delete(reply.id);
    phase.outstanding[this.workers.indexOf(worker)]!--;
    if ('error' in reply) return this.fail(receivedError(reply.error));
    try {
      phase.onResult(reply.result as Result, asked.request, asked.sequence);
    } catch (error) {
      return this.fail(error);
    }
    this.feed(worker);
  }

  /**
   * Hands out the requests `next` gives the asking worker (by index; null: no more) and calls
   * `onResult` in this thread for each answer, in the order answers arrive, with the request and
   * its place in the order `next` gave them. Resolves when every answer has been handled. Each
   * worker holds up to `depth` requests at a time: with 2, its next request waits in its queue
   * while this thread is busy with something else.
   */
  run(
    next: (worker: number) => Request | null,
    onResult: (result: Result, request: Request, sequence: number) => void,
    signal?: AbortSignal,
    depth = 1,
  ): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error(`the ${this.task.name} pool is closed`));
    if (this.phase) return Promise.reject(new Error(`the ${this.task.name} pool is busy`));
    if (!this.initialised)
      return Promise.reject(new Error(`the ${this.task.name} pool has no data yet`));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => this.fail(new InterruptedError('interrupted'));
      if (signal?.aborted) return reject(new InterruptedError('interrupted'));
      signal?.addEventListener('abort', onAbort);
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.sequence = 0;
      this.phase = {
        next,
        onResult,
        depth,
        outstanding: [],
        resolve: () => (done(), resolve()),
        reject: (error) => (done(), reject(error)),
      };
      for (const worker of this.workers) this.feed(worker);
    });
  }

  /**
   * Answers `count` requests (`at(i)` makes the i-th) in any order and gives their results in the
   * order of the requests; `onDone` is told how many are answered, and which, after each one.
   */
  async map(
    count: number,
    at: (index: number) => Request,
    options: {
      readonly signal?: AbortSignal;
      readonly onDone?: (done: number, index: number) => void;
    } = {},
  ): Promise<Result[]> {
    const results = new Array<Result>(count);
    let next = 0;
    let done = 0;
    await this.run(
      () => (next < count ? at(next++) : null),
      (result, _request, sequence) => {
        results[sequence] = result;
        options.onDone?.(++done, sequence);
      },
      options.signal,
    );
    return results;
  }

  /** Ends every worker thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.workers.map((w) => w.terminate()));
  }
}

/** The error of a worker thread that crashed (its task module did not load, it ran out of memory…), naming it. */
function crashed(name: string, error: Error): Error {
  const memory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
  return new Error(`${name} crashed${memory ? ' (out of memory)' : ''}: ${error.message}`, {
    cause: error,
  });
}

/** What {@link runTasks} needs besides the task, its data and the requests. */
export interface RunTasksOptions {
  /** Worker threads at most (never more than requests). */
  readonly workers: number;
  readonly signal?: AbortSignal;
  readonly onDone?: (done: number, index: number) => void;
  readonly heap?: ResourceLimits;
}

/**
 * Answers `count` requests of one task on a pool of its own, which it then closes; results in the
 * order of the requests.
 */
export async function runTasks<Init, Request, Result>(
  task: Task<Init, Request, Result>,
  init: Init,
  count: number,
  at: (index: number) => Request,
  options: RunTasksOptions,
): Promise<Result[]> {
  if (count === 0) return [];
  const pool = new WorkerPool(task, Math.min(options.workers, count), {
    init,
    ...(options.heap ? { heap: options.heap } : {}),
  });
  try {
    return await pool.map(count, at, options);
  } finally {
    await pool.close();
  }
}
