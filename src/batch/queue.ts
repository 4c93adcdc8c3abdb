/**
 * Batches through a Redis-backed BullMQ queue, for elastic or mixed pools of workers: one job is
 * one shard of a batch (see shard.ts), which a worker runs into the shard's folder on a file
 * system every machine shares. Delivery is at least once, so a shard is run with `resume`: a job
 * delivered again (its worker was killed, its lock expired) finishes the shard's stored runs,
 * each missing run once. The enqueuing side waits until every shard job has completed, then
 * merges the shard folders.
 */
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ConnectionOptions, Queue, Worker } from 'bullmq';
import { InputError } from '../scenario/errors.js';
import type { Shard } from './shard.js';
import { planOf, type BatchOptions, type BatchResult } from './runBatch.js';
import { checkOutputFolder, createManifest, readManifest } from './manifest.js';
import { contentHash } from '../scenario/hash.js';
import {
  removeShardJobs,
  settlesWithin,
  watchShardJobs,
  type ShardJobStore,
  type WatchedJob,
} from './queueWatch.js';
import { mergeShards } from './merge.js';
import { defaultBaseline } from '../scenario/catalog.js';
import { compiledModule } from './compiled.js';
import type { LeaseClock } from './lock.js';

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
  /**
   * The host name and lengths of the shard folders' leases (`LeaseClock` without its clock, which
   * cannot cross into a job's thread: the thread reads the wall clock itself). Without it, the
   * thread's own host name and the default lengths.
   */
  readonly lease?: Omit<LeaseClock, 'now'>;
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
    workerThreadsOptions: {
      workerData: { threads: options.threads ?? null, lease: options.lease ?? null },
    },
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

/**
 * The job id of a shard: the same shard of the same batch into the same folder is one job however
 * often it is enqueued; the same batch into another folder is other jobs.
 */
function shardJobId(planIdentity: string, out: string, shard: Shard): string {
  const key = contentHash({ plan: planIdentity, out: resolve(out), shard });
  return `${key.slice(0, 32)}-${shard.count}-${shard.index}`;
}

/** Whether `dir` holds a shard run to its end (its manifest says complete). */
function shardFolderComplete(dir: string): boolean {
  try {
    return readManifest(dir).status === 'complete';
  } catch {
    return false;
  }
}

/** What the enqueuer's watch needs of BullMQ's queue: a job's state, adding and removing it. */
function bullmqStore(queue: Queue<ShardJob>, jobs: ReadonlyMap<string, ShardJob>): ShardJobStore {
  return {
    state: (id) => queue.getJobState(id),
    failedReason: async (id) => (await queue.getJob(id))?.failedReason,
    add: async (id) => {
      await queue.add('shard', jobs.get(id)!, {
        jobId: id,
        attempts: 5,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: false,
        removeOnFail: false,
      });
    },
    remove: async (id) => {
      await queue.remove(id);
    },
  };
}

/**
 * Stops a queue's client from reconnecting to a Redis that does not answer, without waiting: a
 * graceful close would wait for that Redis for ever. `disconnect` stops a client that was
 * connected once; `close` one that never was.
 */
function letGo(queue: Queue<ShardJob>): void {
  void queue.disconnect().catch(() => {});
  void queue.close().catch(() => {});
}

/**
 * Enqueues one job per shard and waits until every one is done (see queueWatch.ts), then runs
 * `merge` and, once it succeeds, removes the jobs from Redis.
 */
async function runShardJobs<T>(
  address: QueueAddress,
  jobs: ReadonlyMap<string, ShardJob>,
  merge: () => Promise<T>,
  options: Pick<
    QueuedBatchOptions,
    'checkSeconds' | 'unreachableSeconds' | 'onProgress' | 'onError' | 'onNotice'
  >,
): Promise<T> {
  const { Queue } = await import('bullmq');
  const onError = options.onError ?? (() => {});
  const queue = new Queue<ShardJob>(address.name, { connection: connectionOf(address, onError) });
  // the retry strategy reports a Redis it cannot connect to; other errors (a wrong password) once each
  let said = '';
  queue.on('error', (error: NodeJS.ErrnoException) => {
    if (error.syscall === undefined && error.message !== said) onError((said = error.message));
  });
  const store = bullmqStore(queue, jobs);
  const watched: WatchedJob[] = [...jobs].map(([id, job]) => ({
    id,
    label: `shard ${job.shard.index}/${job.shard.count}`,
    folder: job.batch.out,
  }));
  const checkMs = (options.checkSeconds ?? 2) * 1000;
  let answering = true;
  try {
    await watchShardJobs(store, watched, {
      checkMs,
      unreachableMs: (options.unreachableSeconds ?? 300) * 1000,
      where: `Redis at ${address.connection.host}:${address.connection.port}`,
      keptIn: dirname(watched[0]!.folder),
      isComplete: shardFolderComplete,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    }).catch((error: unknown) => {
      answering = false;
      throw error;
    });
    const result = await merge();
    answering = await removeShardJobs(store, watched, Math.max(checkMs, 10_000));
    if (!answering)
      options.onNotice?.(
        `could not remove the completed shard jobs from ${address.connection.host}:${address.connection.port}; they are harmless (a later run checks their folders)`,
      );
    return result;
  } finally {
    // a graceful close would wait for ever for a Redis that stopped answering (during the merge)
    if (!answering || !(await settlesWithin(queue.close(), 10_000))) letGo(queue);
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
  /** Seconds between the enqueuer's checks of its shard jobs (default 2). */
  readonly checkSeconds?: number;
  /** Seconds Redis may stay unreachable before the batch fails (default 300). */
  readonly unreachableSeconds?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onError?: (message: string) => void;
}

/**
 * Splits the batch into shard jobs on the queue (shards under `<out>.shards/`, which every worker
 * must see at the same path), waits until every one has completed (re-adding any job Redis lost,
 * and failing with a named error if Redis stays unreachable for `unreachableSeconds`), merges
 * them into `out`, removes the jobs from Redis and the shard folders.
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
  // a folder that already holds this batch complete needs no shard run again (nor another batch)
  if (checkOutputFolder(options.out, whole, true).kind === 'complete')
    checkOutputFolder(options.out, whole, false);
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
  const jobs = new Map<string, ShardJob>();
  for (let index = 0; index < options.shards; index++) {
    const shard = { index, count: options.shards };
    jobs.set(shardJobId(whole.identity, options.out, shard), {
      batch: { ...batch, out: join(folder, `shard-${index}`) },
      shard,
    });
  }
  const merge = () =>
    mergeShards(
      [...jobs.values()].map((j) => j.batch.out),
      {
        out: options.out,
        ...(options.workers ? { workers: options.workers } : {}),
        ...(options.lease ? { lease: options.lease } : {}),
      },
    );
  const result = await runShardJobs(options.queue, jobs, merge, options);
  rmSync(folder, { recursive: true, force: true });
  return result;
}
