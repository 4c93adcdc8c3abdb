/**
 * Batches through a Redis-backed BullMQ queue, for elastic or mixed pools of workers: one job is
 * one shard of a batch (see shard.ts), which a worker runs into the shard's folder on a file
 * system every machine shares. Delivery is at least once, so a shard is run with `resume`: a job
 * delivered again (its worker was killed, its lock expired) finishes the shard's stored runs,
 * each missing run once. The enqueuing side waits until every shard job has completed, then
 * merges the shard folders.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConnectionOptions, Worker } from 'bullmq';
import { InputError } from '../scenario/errors.js';
import type { Shard } from './shard.js';
import { planOf, type BatchOptions, type BatchResult } from './runBatch.js';
import { createManifest } from './manifest.js';
import { mergeShards } from './merge.js';
import { defaultBaseline } from '../scenario/catalog.js';
import { compiledModule } from './compiled.js';

/** A queue on a Redis server: where it is, and the queue's name. */
export interface QueueAddress {
  readonly connection: {
    readonly host: string;
    readonly port: number;
    readonly db: number;
    readonly password?: string;
    readonly username?: string;
  };
  readonly name: string;
}

/**
 * What a shard job carries: everything a worker needs to run the shard (paths absolute, on the
 * shared file system; seeds as ranges, 1..200000).
 */
export interface ShardJob {
  readonly batch: Pick<
    BatchOptions,
    | 'scenario'
    | 'designs'
    | 'sets'
    | 'variants'
    | 'baseline'
    | 'traces'
    | 'posterior'
    | 'outsideRange'
  > & { readonly seedsText: string; readonly out: string };
  readonly shard: Shard;
}

/**
 * Reads a queue address: `redis://[user:password@]host[:port][/name]`, the queue's name from the
 * path or from `name` (a worker's `--queue`). A bad address is an {@link InputError} naming `option`.
 */
export function parseQueueAddress(text: string, option: string, name?: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError([
      { file: option, path: '', message: `expected redis://host:port/queue, got "${text}"` },
    ]);
  }
  if (url.protocol !== 'redis:')
    throw new InputError([
      { file: option, path: '', message: `expected a redis:// address, got "${text}"` },
    ]);
  const queue = name ?? decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[\w.-]+$/.test(queue))
    throw new InputError([
      {
        file: option,
        path: '',
        message: `expected the queue's name${name === undefined ? ' after the address (redis://host:6379/rungs)' : ''}, got "${queue}"`,
      },
    ]);
  const port = url.port === '' ? 6379 : Number(url.port);
  return {
    connection: {
      host: url.hostname,
      port,
      db: 0,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    },
    name: queue,
  };
}

/** ioredis options: fail fast on a Redis that is not there, and say so instead of retrying forever in silence. */
function connectionOf(
  address: QueueAddress,
  onError: (message: string) => void,
): ConnectionOptions {
  return {
    ...address.connection,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => {
      onError(
        `cannot reach Redis at ${address.connection.host}:${address.connection.port} (attempt ${times}); retrying`,
      );
      return Math.min(times * 500, 5_000);
    },
  };
}

/** How a worker keeps a shard: a worker silent for longer loses it to another (at-least-once delivery). */
export interface WorkerOptions {
  /** Shards run at once by this worker (default 1: a shard uses every core already). */
  readonly concurrency?: number;
  /** Worker threads per shard. */
  readonly threads?: number;
  /** Seconds a shard stays with a worker that stops renewing its lock (default 30). */
  readonly lockSeconds?: number;
  readonly onError?: (message: string) => void;
  readonly onShard?: (event: 'started' | 'done', job: ShardJob) => void;
}

/**
 * Starts a worker taking shard jobs from `address` until closed. Each shard runs in a sandboxed
 * worker thread (a CPU-bound shard must not block the renewal of the job's lock).
 *
 * @example
 * ```ts
 * const worker = await startQueueWorker(parseQueueAddress('redis://127.0.0.1:6379/rungs', 'address'));
 * process.once('SIGTERM', () => void worker.close());
 * ```
 */
export async function startQueueWorker(
  address: QueueAddress,
  options: WorkerOptions = {},
): Promise<Worker<ShardJob>> {
  // BullMQ (and its Redis client) load only in queue mode: every other command starts without them
  const { Worker } = await import('bullmq');
  const onError = options.onError ?? (() => {});
  const lockDuration = (options.lockSeconds ?? 30) * 1000;
  // BullMQ's sandbox thread has no TypeScript loader: it runs the compiled module
  const processor = compiledModule('./shardJob.js', import.meta.url);
  const worker = new Worker<ShardJob>(address.name, processor, {
    connection: connectionOf(address, onError),
    concurrency: options.concurrency ?? 1,
    useWorkerThreads: true,
    workerThreadsOptions: { workerData: { threads: options.threads ?? null } },
    lockDuration,
    stalledInterval: Math.max(1000, lockDuration / 2),
    maxStalledCount: 10,
  });
  worker.on('active', (job) => options.onShard?.('started', job.data));
  worker.on('completed', (job) => options.onShard?.('done', job.data));
  worker.on('failed', (job, error) =>
    onError(`shard ${job?.data.shard.index}/${job?.data.shard.count} failed: ${error.message}`),
  );
  worker.on('error', (error) => onError(error.message));
  return worker;
}

/** The job id of a shard: the same shard of the same batch is one job however often it is enqueued. */
function shardJobId(planIdentity: string, shard: Shard): string {
  return `${planIdentity.slice(0, 32)}-${shard.count}-${shard.index}`;
}

/**
 * Enqueues one job per shard (each idempotently, by its id) and resolves once every one has
 * completed; a shard that failed for good (its retries spent) is an error naming it.
 */
async function runShardJobs(
  address: QueueAddress,
  planIdentity: string,
  jobs: readonly ShardJob[],
  options: {
    readonly onProgress?: (done: number, total: number) => void;
    readonly onError?: (message: string) => void;
  } = {},
): Promise<void> {
  const { Queue, QueueEvents } = await import('bullmq');
  const onError = options.onError ?? (() => {});
  const connection = connectionOf(address, onError);
  const queue = new Queue<ShardJob>(address.name, { connection });
  const events = new QueueEvents(address.name, { connection });
  try {
    await events.waitUntilReady();
    const ids = new Set(jobs.map((job) => shardJobId(planIdentity, job.shard)));
    await queue.addBulk(
      jobs.map((job) => ({
        name: 'shard',
        data: job,
        opts: {
          jobId: shardJobId(planIdentity, job.shard),
          attempts: 5,
          backoff: { type: 'exponential', delay: 2_000 },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    const done = new Set<string>();
    let failure: string | undefined;
    await new Promise<void>((resolveAll, reject) => {
      const settle = () => {
        options.onProgress?.(done.size, ids.size);
        if (failure) reject(new InputError([{ file: '--queue', path: '', message: failure }]));
        else if (done.size === ids.size) resolveAll();
      };
      events.on('completed', ({ jobId }) => {
        if (ids.has(jobId)) done.add(jobId);
        settle();
      });
      events.on('failed', async ({ jobId, failedReason }) => {
        if (!ids.has(jobId)) return;
        const job = await queue.getJob(jobId);
        // a failure with retries left is retried; one without is the batch's failure
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
          failure = `shard job ${jobId} failed after ${job.attemptsMade} attempts: ${failedReason}`;
        settle();
      });
      // jobs that completed before this listener started (an earlier call enqueued them)
      void (async () => {
        for (const id of ids) if (await (await queue.getJob(id))?.isCompleted()) done.add(id);
      })().then(settle, reject);
    });
  } finally {
    await events.close();
    await queue.close();
  }
}

/** A batch run through the queue: its shard jobs, then their merge into `out`. */
export interface QueuedBatchOptions extends Omit<
  BatchOptions,
  'shard' | 'resume' | 'signal' | 'onStart' | 'onProgress' | 'onPlanned'
> {
  readonly queue: QueueAddress;
  /** How many shard jobs the batch is split into. */
  readonly shards: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onError?: (message: string) => void;
}

/**
 * Splits the batch into shard jobs on the queue (shards under `<out>.shards/`, which every worker
 * must see at the same path), waits until every one has completed, merges them into `out`, and
 * removes the shard folders.
 *
 * @example
 * ```ts
 * const result = await runQueuedBatch({
 *   scenario: 'scenarios/senkaku-gray-zone.yaml',
 *   seeds: parseSeeds('1..20000'),
 *   seedsText: '1..20000',
 *   out: '/shared/runs/big',
 *   queue: parseQueueAddress('redis://queue-host:6379/rungs', 'address'),
 *   shards: 10,
 * });
 * ```
 */
export async function runQueuedBatch(options: QueuedBatchOptions): Promise<BatchResult> {
  const plan = planOf(options);
  const baseline =
    options.baseline ??
    defaultBaseline(
      plan.scenario.scenario,
      plan.designs.map((d) => d.id),
    )!;
  const whole = createManifest(plan, options.out, { baseline, traces: options.traces ?? false });
  const folder = `${resolve(options.out)}.shards`;
  const batch = {
    scenario: resolve(plan.scenarioFile),
    designs: [...new Set(plan.designs.map((d) => resolve(d.file)))].join(','),
    seedsText: whole.seeds.ranges,
    sets: plan.sweep.map((a) => `${a.path}=${a.values.join(',')}`),
    variants: plan.variants,
    baseline,
    traces: options.traces ?? false,
    ...(plan.outsideRange ? { outsideRange: true } : {}),
    ...(plan.posterior ? { posterior: resolve(plan.posterior.file) } : {}),
  };
  const jobs: ShardJob[] = Array.from({ length: options.shards }, (_, index) => ({
    batch: { ...batch, out: join(folder, `shard-${index}`) },
    shard: { index, count: options.shards },
  }));
  await runShardJobs(options.queue, whole.identity, jobs, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const result = await mergeShards(
    jobs.map((j) => j.batch.out),
    { out: options.out, ...(options.workers ? { workers: options.workers } : {}) },
  );
  rmSync(folder, { recursive: true, force: true });
  return result;
}
