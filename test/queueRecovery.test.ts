/**
 * The enqueuer of `batch --queue` notices what Redis loses, on a real redis-server (persistence
 * off, so one killed and started again on its port comes back empty): a Redis restarted empty
 * mid-batch, a Redis that does not come back (a named error within --redis-timeout, and the same
 * command resumes once it is back), the same batch queued into two folders at once and again after
 * its folder was deleted, and completed jobs kept from a killed enqueuer whose shard folders were
 * deleted. Every finished batch has the bytes of the batch run in one process, and no job of it
 * is left in Redis.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import { RESULT_FILES } from '../src/batch/store.js';
import { REFERENCE, seeds } from './helpers.js';
import { waitFor } from './command.js';
import { commandStarter, startRedis, type RedisServer, type Running } from './redisServer.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-queue-recovery-'));
const { start, stopAll } = commandStarter();
const DESIGNS = 'parallel,acm-2015';
const SEEDS = 30;
/** The batch run in one process, which every queued batch must equal byte for byte. */
const whole = join(root, 'whole');
/** Every redis-server started here, stopped at the end whatever failed. */
const servers: RedisServer[] = [];
let redis: RedisServer;

/** Starts a redis-server (on `port`, or a free one) that the end of the file stops. */
async function redisOn(port?: number): Promise<RedisServer> {
  const server = await startRedis(port);
  servers.push(server);
  return server;
}

beforeAll(async () => {
  redis = await redisOn();
  await runBatch({
    scenario: REFERENCE,
    designs: DESIGNS,
    seeds: seeds(SEEDS),
    out: whole,
    workers: 1,
  });
}, 120_000);

afterAll(async () => {
  stopAll();
  for (const server of servers) await server.stop();
  rmSync(root, { recursive: true, force: true });
});

/** `rungs batch` of the test's batch through `queue` on the Redis at `port`, in `shards` shards. */
function startBatch(
  out: string,
  queue: string,
  extra: readonly string[] = [],
  port = redis.port,
  shards = 2,
) {
  return start('batch', [
    ...['--scenario', REFERENCE, '--design', DESIGNS, '--seeds', `1..${SEEDS}`],
    ...['--queue', `redis://127.0.0.1:${port}/${queue}`, '--shards', String(shards), '--out', out],
    ...['--workers', '1', ...extra],
  ]);
}

/** `rungs worker` on `queue`, one thread, one shard at a time. */
function startWorker(queue: string, port = redis.port): Running {
  return start('worker', [
    ...['--redis', `redis://127.0.0.1:${port}`, '--queue', queue],
    ...['--threads', '1', '--lock-seconds', '3'],
  ]);
}

/** The command's exit code, or `hung` (and the command killed) if it has not ended within `ms`. */
async function exitWithin(run: Running, ms: number): Promise<number | null | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), ms)));
  const outcome = await Promise.race([run.exit, hung]);
  clearTimeout(timer);
  if (outcome === 'hung') run.child.kill('SIGKILL');
  return outcome;
}

/** Every result file of `dir` has the bytes of the batch run in one process. */
function expectSameBytes(dir: string): void {
  for (const file of RESULT_FILES)
    expect(readFileSync(join(dir, file), 'utf8'), file).toBe(
      readFileSync(join(whole, file), 'utf8'),
    );
}

/** How many jobs of any state `queue` holds in Redis. */
async function jobsIn(queue: string, port = redis.port): Promise<number> {
  const { Queue } = await import('bullmq');
  const q = new Queue(queue, { connection: { host: '127.0.0.1', port } });
  try {
    const counts = await q.getJobCounts();
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await q.close();
  }
}

const startedShard = /^started shard \d\/2/m;

describe('the enqueuer of a queued batch', () => {
  it('re-adds the jobs of a Redis restarted empty mid-batch, and finishes with the bytes of one process', async () => {
    const worker = startWorker('restart');
    const study = join(root, 'restart');
    const batch = startBatch(study, 'restart', [], redis.port, 4);
    // the worker holds one shard and the other three jobs wait in Redis, which loses them: with
    // three waiting, some still wait however late this test sees the first start
    await waitFor(
      () => /^started shard \d\/4/m.test(worker.out()),
      'the worker to start a shard',
      60_000,
    );
    await redis.stop();
    redis = await redisOn(redis.port);
    const code = await exitWithin(batch, 90_000);
    expect(code, batch.out()).toBe(0);
    expect(batch.out()).toMatch(/notice: Redis lost shard job \S+ \(shard \d\/4\); re-added/);
    expectSameBytes(study);
    expect(existsSync(`${study}.shards`)).toBe(false);
    expect(await jobsIn('restart')).toBe(0);
    worker.child.kill('SIGKILL');
  }, 150_000);

  it('fails with a named error within --redis-timeout when Redis does not come back; the same command then resumes', async () => {
    const lost = await redisOn();
    const worker = startWorker('gone', lost.port);
    const study = join(root, 'gone');
    const batch = startBatch(study, 'gone', ['--redis-timeout', '3'], lost.port);
    await waitFor(() => startedShard.test(worker.out()), 'the worker to start a shard', 60_000);
    await lost.stop();
    const stopped = performance.now();
    const code = await exitWithin(batch, 60_000);
    const seconds = (performance.now() - stopped) / 1000;
    expect(code, batch.out()).toBe(2);
    expect(batch.out()).toMatch(
      new RegExp(
        `error: --queue: Redis at 127\\.0\\.0\\.1:${lost.port} has not answered for \\d+ s.*run the same command again to resume`,
      ),
    );
    expect(batch.out()).not.toContain('internal error');
    // the bound (3 s) and a check's interval (2 s), with room for a busy machine
    expect(seconds).toBeLessThan(20);
    expect(existsSync(`${study}.shards`)).toBe(true);
    // once Redis is back (empty), the same command finishes the batch
    const back = await redisOn(lost.port);
    const again = startBatch(study, 'gone', [], back.port);
    expect(await exitWithin(again, 90_000), again.out()).toBe(0);
    expectSameBytes(study);
    expect(await jobsIn('gone', back.port)).toBe(0);
    worker.child.kill('SIGKILL');
    await back.stop();
  }, 180_000);

  it('runs the same batch queued into two folders at once, again after its folder is deleted, and leaves no job in Redis', async () => {
    const worker = startWorker('folders');
    const [a, b] = [join(root, 'folder-a'), join(root, 'folder-b')];
    const first = startBatch(a, 'folders');
    const second = startBatch(b, 'folders');
    expect(await exitWithin(first, 120_000), first.out()).toBe(0);
    expect(await exitWithin(second, 120_000), second.out()).toBe(0);
    expectSameBytes(a);
    expectSameBytes(b);
    expect(await jobsIn('folders')).toBe(0);
    // a folder holding the batch complete is refused before anything is enqueued
    const done = startBatch(a, 'folders');
    expect(await exitWithin(done, 30_000), done.out()).toBe(2);
    expect(done.out()).toContain('already holds this batch, complete');
    expect(await jobsIn('folders')).toBe(0);
    rmSync(a, { recursive: true });
    const again = startBatch(a, 'folders');
    expect(await exitWithin(again, 120_000), again.out()).toBe(0);
    expectSameBytes(a);
    expect(await jobsIn('folders')).toBe(0);
    worker.child.kill('SIGKILL');
  }, 300_000);

  it('runs again the completed jobs of a killed enqueuer whose shard folders were deleted', async () => {
    const worker = startWorker('stale');
    const study = join(root, 'stale');
    const killed = startBatch(study, 'stale');
    const done = () => worker.out().match(/^done {4}shard/gm)?.length ?? 0;
    await waitFor(() => done() >= 1, 'the first shard job to complete', 60_000);
    killed.child.kill('SIGKILL');
    // the worker finishes the jobs already in Redis: they stay there, completed
    await waitFor(() => done() === 2, 'the other shard jobs to complete', 60_000);
    rmSync(`${study}.shards`, { recursive: true });
    const again = startBatch(study, 'stale');
    expect(await exitWithin(again, 120_000), again.out()).toBe(0);
    expect(again.out()).toMatch(
      /notice: shard job \S+ \(shard \d\/2\) is completed on the queue but \S+ does not hold the shard complete; re-running it/,
    );
    expectSameBytes(study);
    expect(await jobsIn('stale')).toBe(0);
    worker.child.kill('SIGKILL');
  }, 240_000);
});
