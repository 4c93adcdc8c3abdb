/**
 * The enqueuer's watch of its shard jobs (src/batch/queueWatch.ts) against a queue kept in memory,
 * where the test decides between checks what Redis holds and which shard folders are complete:
 * lost jobs are re-added, a job kept completed whose folder is gone runs again, a failure from an
 * earlier run is retried and one during the watch fails the batch, and a Redis that does not
 * answer fails it within the bound while the progress keeps coming.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/scenario/errors.js';
import {
  removeShardJobs,
  watchShardJobs,
  type ShardJobStore,
  type WatchedJob,
  type WatchOptions,
} from '../src/batch/queueWatch.js';

/** A queue in memory: each job's state, and what was asked of it. */
class MemoryQueue implements ShardJobStore {
  readonly states = new Map<string, string>();
  readonly added: string[] = [];
  readonly removed: string[] = [];
  asked = 0;
  answer: () => Promise<void> = () => Promise.resolve();

  async state(id: string): Promise<string> {
    this.asked++;
    await this.answer();
    return this.states.get(id) ?? 'unknown';
  }
  failedReason = (id: string) => Promise.resolve(`${id} broke`);
  async add(id: string): Promise<void> {
    this.added.push(id);
    if (!this.states.has(id)) this.states.set(id, 'waiting');
  }
  async remove(id: string): Promise<void> {
    this.removed.push(id);
    this.states.delete(id);
  }
}

const jobs: WatchedJob[] = [
  { id: 'a', label: 'shard 0/2', folder: '/s/shard-0' },
  { id: 'b', label: 'shard 1/2', folder: '/s/shard-1' },
];

/** Watch options with fast checks; `between(check)` runs after each check (numbered from 1). */
function watching(
  complete: Set<string>,
  between: (check: number) => void,
  notices: string[],
): WatchOptions {
  let checks = 0;
  return {
    checkMs: 5,
    unreachableMs: 60,
    where: 'Redis at 127.0.0.1:6379',
    keptIn: '/s',
    isComplete: (folder) => complete.has(folder),
    onNotice: (message) => notices.push(message),
    onProgress: () => between(++checks),
  };
}

describe('watching the shard jobs of a queued batch', () => {
  it('adds the missing jobs, re-adds the ones Redis loses, and counts a lost job with a complete folder done', async () => {
    const queue = new MemoryQueue();
    const complete = new Set<string>();
    const notices: string[] = [];
    const progress: number[] = [];
    const options = watching(
      complete,
      (check) => {
        if (check === 1) {
          // Redis restarts empty; shard 0 had finished on disk meanwhile
          queue.states.clear();
          complete.add('/s/shard-0');
        }
        if (check === 2) {
          queue.states.set('b', 'completed');
          complete.add('/s/shard-1');
        }
      },
      notices,
    );
    await watchShardJobs(queue, jobs, {
      ...options,
      onProgress: (done, total) => (
        progress.push(done * 10 + total),
        options.onProgress!(done, total)
      ),
    });
    expect(queue.added).toEqual(['a', 'b', 'b']);
    expect(notices).toEqual(['Redis lost shard job b (shard 1/2); re-added']);
    expect(progress).toEqual([2, 12, 22]);
  });

  it('runs again a job kept completed from an earlier run whose folder is not complete', async () => {
    const queue = new MemoryQueue();
    queue.states.set('a', 'completed');
    queue.states.set('b', 'completed');
    const complete = new Set(['/s/shard-1']);
    const notices: string[] = [];
    await watchShardJobs(
      queue,
      jobs,
      watching(
        complete,
        () => {
          queue.states.set('a', 'completed');
          complete.add('/s/shard-0');
        },
        notices,
      ),
    );
    expect(queue.removed).toEqual(['a']);
    expect(queue.added).toEqual(['a']);
    expect(notices).toEqual([
      'shard job a (shard 0/2) is completed on the queue but /s/shard-0 does not hold the shard complete; re-running it',
    ]);
  });

  it('retries a job that failed in an earlier run, and fails the batch when one fails during the watch', async () => {
    const queue = new MemoryQueue();
    queue.states.set('a', 'failed');
    const notices: string[] = [];
    const watch = watchShardJobs(
      queue,
      jobs.slice(0, 1),
      watching(new Set(), () => queue.states.set('a', 'failed'), notices),
    );
    await expect(watch).rejects.toThrow(InputError);
    await expect(watch).rejects.toThrow(
      '--queue: shard job a (shard 0/2) failed after its retries: a broke',
    );
    expect(queue.removed).toEqual(['a']);
    expect(notices).toEqual(['shard job a (shard 0/2) failed in an earlier run; retrying it']);
  });

  it('fails within the bound when Redis does not answer, asking once, and reports progress meanwhile', async () => {
    const queue = new MemoryQueue();
    queue.answer = () => new Promise<void>(() => {});
    const progress: number[] = [];
    const watch = watchShardJobs(queue, jobs, {
      ...watching(new Set(), () => {}, []),
      onProgress: (done) => progress.push(done),
    });
    await expect(watch).rejects.toThrow(
      /^--queue: Redis at 127\.0\.0\.1:6379 has not answered for 0 s, so the shard jobs cannot be watched; the shard folders in \/s stay: once Redis is back, run the same command again to resume$/,
    );
    // 60 ms of silence in checks of 5 ms: one unanswered request, not a pile of them
    expect(progress).toEqual(Array(12).fill(0));
    expect(queue.asked).toBe(2);
  });

  it('waits on for a Redis that answers again within the bound', async () => {
    const queue = new MemoryQueue();
    let late = true;
    queue.answer = () =>
      late ? new Promise<void>((resolve) => setTimeout(resolve, 40)) : Promise.resolve();
    const complete = new Set<string>();
    let silentChecks = 0;
    await watchShardJobs(queue, jobs, {
      ...watching(complete, () => {
        if (queue.added.length === 0) return void silentChecks++;
        late = false;
        for (const job of jobs) {
          complete.add(job.folder);
          queue.states.set(job.id, 'completed');
        }
      }, []),
      unreachableMs: 200,
    });
    // the first answer came 40 ms late, in checks of 5 ms
    expect(silentChecks).toBeGreaterThanOrEqual(5);
    expect(queue.added).toEqual(['a', 'b']);
  });

  it('says whether Redis removed the jobs in time', async () => {
    const queue = new MemoryQueue();
    expect(await removeShardJobs(queue, jobs, 20)).toBe(true);
    expect(queue.removed).toEqual(['a', 'b']);
    queue.remove = () => new Promise<void>(() => {});
    expect(await removeShardJobs(queue, jobs, 20)).toBe(false);
  });
});
