/**
 * One shard job of a queue (queue.ts), as its sandboxed processor runs it: the shard into its
 * folder with `resume`, so a job delivered again finishes what an earlier delivery stored. BullMQ
 * runs this module's default export in a worker thread of its own. The shard folder's lock is a
 * lease, and the job's BullMQ lock an outer lease over it: a redelivered job takes the folder over
 * at once from a delivery whose node was lost, and a delivery whose lock was taken over stops.
 */
import { hostname } from 'node:os';
import { workerData } from 'node:worker_threads';
import { runBatch } from './runBatch.js';
import { parseSeeds } from './seeds.js';
import type { ShardJob } from './queue.js';
import type { LeaseClock } from './lock.js';

/** Runs a shard job; resolves with the shard's folder and runs once it is complete. */
export default async function runShardJob(job: {
  readonly id?: string;
  readonly data: ShardJob;
}): Promise<{ readonly out: string; readonly runs: number; readonly ran: number }> {
  const { batch, shard } = job.data;
  const given = workerData as {
    threads?: number | null;
    lease?: Omit<LeaseClock, 'now'> | null;
  } | null;
  const threads = given?.threads ?? undefined;
  const seeds = parseSeeds(batch.seedsText, { file: 'shard job', path: 'batch.seedsText' });
  const result = await runBatch({
    ...batch,
    seeds,
    shard,
    resume: true,
    // The folder's lock is a lease, and the job's own lock the outer lease that lets a redelivery
    // of this job take the folder over at once from a delivery lost with its node. Its host and
    // lengths come from the worker's command line; a clock cannot be passed into a thread, so this
    // thread's entry point, which BullMQ starts, reads it.
    lease: { now: () => Date.now(), ...(given?.lease ?? { host: hostname() }) },
    ...(job.id !== undefined ? { outerLease: `BullMQ job ${job.id}` } : {}),
    ...(threads ? { workers: threads } : {}),
  });
  return { out: batch.out, runs: result.runs, ran: result.ran };
}
