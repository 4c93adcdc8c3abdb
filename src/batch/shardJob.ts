/**
 * One shard job of a queue (queue.ts), as its sandboxed processor runs it: the shard into its
 * folder with `resume`, so a job delivered again finishes what an earlier delivery stored. BullMQ
 * runs this module's default export in a worker thread of its own.
 */
import { workerData } from 'node:worker_threads';
import { runBatch } from './runBatch.js';
import { parseSeeds } from './seeds.js';
import type { ShardJob } from './queue.js';

/** Runs a shard job; resolves with the shard's folder and runs once it is complete. */
export default async function runShardJob(job: {
  readonly data: ShardJob;
}): Promise<{ readonly out: string; readonly runs: number; readonly ran: number }> {
  const { batch, shard } = job.data;
  const threads = (workerData as { threads?: number | null } | null)?.threads ?? undefined;
  const seeds = parseSeeds(batch.seedsText, { file: 'shard job', path: 'batch.seedsText' });
  const result = await runBatch({
    ...batch,
    seeds,
    shard,
    resume: true,
    ...(threads ? { workers: threads } : {}),
  });
  return { out: batch.out, runs: result.runs, ran: result.ran };
}
