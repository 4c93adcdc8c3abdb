/**
 * The worker pool: worker threads that each receive the plan's data once and then pull requests
 * (chunks of run numbers, then per-design summaries), one at a time, until none are left.
 * Chunks shrink towards the end (guided scheduling) so workers finish together. Which worker runs which chunk never changes a result:
 * a run depends only on (point, design, seed), and results are put in canonical order at the end.
 *
 * Also the progress display (a bar on a terminal, a line every ~2 s otherwise): with the CLI, the
 * only place that reads the wall clock.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { compiledModule } from './compiled.js';
import type { ChunkResult, WorkerInit, WorkerRequest, WorkerResult } from './worker.js';

/** Thrown when a pool is stopped through its abort signal. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

/** The default number of workers: the machine's available parallelism. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Compresses ascending run numbers into flat `[start, end)` pairs. */
function toRanges(todo: ArrayLike<number>, from: number, to: number): number[] {
  const ranges: number[] = [];
  for (let i = from; i < to;) {
    let j = i;
    while (j + 1 < to && todo[j + 1] === todo[j]! + 1) j++;
    ranges.push(todo[i]!, todo[j]! + 1);
    i = j + 1;
  }
  return ranges;
}

/**
 * Chunking with affinity: the runs are split into one contiguous share per worker, and each
 * worker takes guided chunks (about a third of what is left of its share, between a floor of
 * ~50 runs and a ceiling of 200) from the front of its own share. A worker whose share is done
 * takes chunks from the back of the largest share left. Runs are ordered design by design, so a
 * worker meets few designs and compiles and warms up only their models; chunks are large while
 * much remains and small at the end, so workers finish together.
 */
export function createChunker(
  todo: ArrayLike<number>,
  workers: number,
  fixed?: number,
): (worker: number) => number[] | null {
  const n = todo.length;
  const count = Math.max(1, workers);
  const shares = Array.from({ length: count }, (_, i) => ({
    front: Math.floor((i * n) / count),
    back: Math.floor(((i + 1) * n) / count),
  }));
  const floor = Math.max(1, Math.min(50, Math.floor(n / (count * 4))));
  const size = (remaining: number) =>
    fixed ?? Math.min(200, Math.max(floor, Math.ceil(remaining / 3)));
  return (worker) => {
    const own = shares[worker % count]!;
    if (own.back > own.front) {
      const end = Math.min(own.back, own.front + size(own.back - own.front));
      const ranges = toRanges(todo, own.front, end);
      own.front = end;
      return ranges;
    }
    let largest = own;
    for (const share of shares)
      if (share.back - share.front > largest.back - largest.front) largest = share;
    const remaining = largest.back - largest.front;
    if (remaining <= 0) return null;
    const start = largest.back - Math.min(remaining, size(remaining));
    const ranges = toRanges(todo, start, largest.back);
    largest.back = start;
    return ranges;
  };
}

/** The module a worker thread starts from: the compiled `worker.js` (see {@link compiledModule}). */
export function workerEntry(): URL {
  return compiledModule('./worker.js', import.meta.url);
}

/**
 * Heap limits of a worker. A run allocates ~0.5 MB and keeps little, so a small young generation
 * (12 MB: 4 MB semi-spaces, as `BATCH_NODE_FLAGS` sets for the main thread) holds the per-run
 * garbage; the old generation holds the compiled models and their transition memos (~25–50 MB
 * live). Its cap is only a safety net: near a 128 MB cap V8 switches to collecting for memory,
 * with a full collection every ~150 ms, and a 1-worker reference batch took 18 s instead of 13 s.
 */
export const WORKER_HEAP = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 12 } as const;

/**
 * Node flags the npm scripts start batches with (`npm start`, `batch`, `replay`; the benchmark's
 * children too). `--single-threaded-gc`: each thread collects its own garbage, so the collector's
 * helper threads do not compete with the workers for the cores (the reference batch on 2
 * workers: ~8.4 s instead of ~9.2 s). `--max-semi-space-size=4`: young generations of 12 MB
 * instead of 48 MB in every thread, the main thread included (peak ~275 MB instead of ~330 MB).
 */
export const BATCH_NODE_FLAGS: readonly string[] = [
  '--single-threaded-gc',
  '--max-semi-space-size=4',
];

type Request = WorkerRequest;

/**
 * A pool of worker threads that all received the same `WorkerInit`. Each {@link WorkerPool.run}
 * hands out requests one at a time to idle workers until none are left; {@link WorkerPool.close}
 * ends the threads. A worker error, an unexpected exit or the abort signal fails the current run
 * and closes the pool. A pool may be started before its plan is made (workers take ~0.2 s to
 * load, which then overlaps the planning) and given the plan's data with
 * {@link WorkerPool.initialise}.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private failure: unknown = null;
  private phase: {
    next: (worker: number) => Request | null;
    onResult: (result: WorkerResult) => void;
    depth: number;
    outstanding: number[];
    resolve: () => void;
    reject: (error: unknown) => void;
  } | null = null;
  private nextId = 0;
  private closed = false;

  private initialised = false;

  /** Starts `count` workers (they load while the caller goes on); with `init`, initialised at once. */
  constructor(count: number, init?: WorkerInit) {
    const entry = workerEntry();
    for (let i = 0; i < Math.max(1, count); i++) {
      const worker = new Worker(entry, {
        workerData: { rungsWorker: true },
        resourceLimits: WORKER_HEAP,
      });
      worker.on('message', (result: WorkerResult) => this.received(worker, result));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closed && this.workers.includes(worker))
          this.fail(new Error(`a batch worker stopped unexpectedly (exit code ${code})`));
      });
      this.workers.push(worker);
    }
    if (init) this.initialise(init);
  }

  /** Sends every worker the plan's data, keeping the first `count` workers (at least one) and ending the others. */
  initialise(init: WorkerInit, count = this.workers.length): void {
    if (this.initialised) throw new Error('the worker pool is already initialised');
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
      worker.postMessage({ ...request, id: this.nextId++ });
    }
  }

  private received(worker: Worker, result: WorkerResult): void {
    const phase = this.phase;
    if (!phase) return;
    phase.outstanding[this.workers.indexOf(worker)]!--;
    try {
      phase.onResult(result);
    } catch (error) {
      return this.fail(error);
    }
    this.feed(worker);
  }

  /**
   * Hands out the requests `next` gives the asking worker (by index; null: no more) and calls
   * `onResult` in the main thread for each answer, in the order answers arrive. Resolves when
   * every answer has been handled. Each worker holds up to `depth` requests at a time: with 2,
   * its next request waits in its queue while this thread is busy with something else.
   */
  run(
    next: (worker: number) => Request | null,
    onResult: (result: WorkerResult) => void,
    signal?: AbortSignal,
    depth = 1,
  ): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    if (this.phase) return Promise.reject(new Error('the worker pool is busy'));
    if (!this.initialised)
      return Promise.reject(new Error('the worker pool has no plan yet (initialise it first)'));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => this.fail(new InterruptedError('interrupted'));
      if (signal?.aborted) return reject(new InterruptedError('interrupted'));
      signal?.addEventListener('abort', onAbort);
      const done = () => signal?.removeEventListener('abort', onAbort);
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

  /** Ends every worker thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.workers.map((w) => w.terminate()));
  }
}

/** Runs every chunk of `todo` (ascending run numbers) on the pool; `onResult` gets each chunk's rows. */
export function runChunks(
  pool: WorkerPool,
  todo: ArrayLike<number>,
  onResult: (result: ChunkResult) => void,
  options: { chunkSize?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const next = createChunker(todo, pool.size, options.chunkSize);
  return pool.run(
    (worker) => {
      const ranges = next(worker);
      return ranges === null ? null : { type: 'chunk', ranges };
    },
    (result) => onResult(result as ChunkResult),
    options.signal,
  );
}

/** A progress display. */
export interface Progress {
  /** Sets the number of runs done so far. */
  update(done: number): void;
  /** Draws the final state and ends the line. */
  finish(): void;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/**
 * A progress display on `stream`: a one-line bar redrawn in place when it is a terminal,
 * otherwise a plain line every `intervalMs` (2 s) of wall clock. `initial` runs (already done
 * when a batch resumes) do not count towards the rate.
 */
export function createProgress(options: {
  total: number;
  initial?: number;
  label?: string;
  stream?: NodeJS.WriteStream;
  intervalMs?: number;
}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const total = options.total;
  const initial = options.initial ?? 0;
  const label = options.label ?? 'runs';
  const interval = options.intervalMs ?? (tty ? 100 : 2000);
  const started = performance.now();
  let last = tty ? -Infinity : started;
  let done = initial;
  const text = () => {
    const elapsed = performance.now() - started;
    const rate = (done - initial) / Math.max(elapsed, 1);
    const left = rate > 0 ? `, ~${seconds((total - done) / rate)} left` : '';
    const pct = total > 0 ? ((100 * done) / total).toFixed(1) : '100.0';
    return { elapsed, left, pct };
  };
  const draw = (final: boolean) => {
    const { elapsed, left, pct } = text();
    if (tty) {
      const width = 30;
      const filled = total > 0 ? Math.round((width * done) / total) : width;
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} (${pct}%) ${seconds(elapsed)}${final ? '' : left}\x1b[K${final ? '\n' : ''}`,
      );
    } else {
      stream.write(
        `${label}: ${done}/${total} (${pct}%), ${seconds(elapsed)} elapsed${final ? '' : left}\n`,
      );
    }
  };
  return {
    update(n: number) {
      done = n;
      const now = performance.now();
      if (now - last >= interval) {
        last = now;
        draw(false);
      }
    },
    finish() {
      draw(true);
    },
  };
}
