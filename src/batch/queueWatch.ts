/**
 * The enqueuing side of a queued batch, watching its shard jobs until every one is done: every
 * few seconds it asks Redis for each pending job's state and compares it with the shard's folder.
 * Redis is not trusted to keep jobs: one restarted without persistence answers with an empty
 * queue, and a job kept from an earlier run may point at a folder the user deleted. So a job is
 * done when Redis says completed and its folder is complete on disk (or when Redis lost it and
 * its folder is complete); a lost job whose folder is not complete is added again, idempotently by
 * its id. A Redis that answers nothing for longer than a bound fails the batch with a named error
 * instead of a silent wait; the shard folders stay, so the same command run again resumes.
 */
import { InputError } from '../scenario/errors.js';

/** One shard job being watched: its id on the queue, its name in messages and its folder. */
export interface WatchedJob {
  readonly id: string;
  /** e.g. `shard 2/8`. */
  readonly label: string;
  readonly folder: string;
}

/** The queue as the watch sees it (BullMQ's in queue.ts; a fake one in tests). */
export interface ShardJobStore {
  /**
   * BullMQ's state of the job (`waiting`, `active`, `delayed`, `completed`, `failed`…), `unknown`
   * when Redis has no such job.
   */
  state(id: string): Promise<string>;
  /** Why the job failed for good, if Redis knows. */
  failedReason(id: string): Promise<string | undefined>;
  /** Adds the job by its id; adding a job that is already there does nothing. */
  add(id: string): Promise<void>;
  /** Removes a completed or failed job. */
  remove(id: string): Promise<void>;
}

/** How often to look, how long Redis may stay silent, and whom to tell. */
export interface WatchOptions {
  /** Milliseconds between checks, and how long one check may take before it counts as silence. */
  readonly checkMs: number;
  /** Milliseconds Redis may stay unanswering before the batch fails. */
  readonly unreachableMs: number;
  /** The queue's Redis in words, for messages (`Redis at host:port`). */
  readonly where: string;
  /** Where the shard folders are kept, for the message that says how to resume. */
  readonly keptIn: string;
  /** Whether a shard's folder holds the shard complete. */
  readonly isComplete: (folder: string) => boolean;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onNotice?: (message: string) => void;
}

/** What one check of one job found. */
type Verdict = { readonly kind: 'done' | 'waiting' } | { readonly kind: 'failed'; reason: string };

/** The checks' memory: jobs still pending, and jobs seen on the queue during this watch. */
interface WatchState {
  readonly pending: Map<string, WatchedJob>;
  readonly seen: Set<string>;
}

/** Re-adds `job` after removing what Redis keeps of it (completed or failed in an earlier run). */
async function readd(store: ShardJobStore, job: WatchedJob, stale: boolean): Promise<Verdict> {
  if (stale) await store.remove(job.id);
  await store.add(job.id);
  return { kind: 'waiting' };
}

/** Checks one job against its folder; adds, re-adds or reports it as the module comment says. */
async function checkJob(
  store: ShardJobStore,
  job: WatchedJob,
  state: string,
  watch: WatchState,
  options: WatchOptions,
): Promise<Verdict> {
  const seen = watch.seen.has(job.id);
  watch.seen.add(job.id);
  const ended = state === 'unknown' || state === 'completed' || state === 'failed';
  if (!ended) return { kind: 'waiting' };
  if (options.isComplete(job.folder)) return { kind: 'done' };
  const name = `shard job ${job.id} (${job.label})`;
  if (state === 'unknown') {
    if (seen) options.onNotice?.(`Redis lost ${name}; re-added`);
    return readd(store, job, false);
  }
  if (state === 'completed') {
    options.onNotice?.(
      `${name} is completed on the queue but ${job.folder} does not hold the shard complete; re-running it`,
    );
    return readd(store, job, true);
  }
  if (!seen) {
    options.onNotice?.(`${name} failed in an earlier run; retrying it`);
    return readd(store, job, true);
  }
  return {
    kind: 'failed',
    reason: `${name} failed after its retries: ${(await store.failedReason(job.id)) ?? 'no reason given'}`,
  };
}

/** One check of every pending job; removes the done ones from `watch.pending`; a failure's message. */
async function checkAll(
  store: ShardJobStore,
  watch: WatchState,
  options: WatchOptions,
): Promise<string | undefined> {
  const jobs = [...watch.pending.values()];
  // asked at once: Redis answers them in one round trip's time, not one each
  const states = await Promise.all(jobs.map((job) => store.state(job.id)));
  for (const [i, job] of jobs.entries()) {
    const verdict = await checkJob(store, job, states[i]!, watch, options);
    if (verdict.kind === 'failed') return verdict.reason;
    if (verdict.kind === 'done') watch.pending.delete(job.id);
  }
  return undefined;
}

/** `promise`'s outcome, or `late` if it has not settled within `ms` (it keeps running). */
async function within<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ value: T } | { error: unknown } | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until every job in `jobs` is done (see the module comment), adding the missing ones on
 * the first check. Throws an {@link InputError} naming `--queue` when a job failed after its
 * retries, or when Redis has not answered for `options.unreachableMs`.
 */
export async function watchShardJobs(
  store: ShardJobStore,
  jobs: readonly WatchedJob[],
  options: WatchOptions,
): Promise<void> {
  const watch: WatchState = { pending: new Map(jobs.map((j) => [j.id, j])), seen: new Set() };
  const fail = (message: string) => new InputError([{ file: '--queue', path: '', message }]);
  let silentMs = 0;
  // a check Redis has not answered yet stays the one waited for: no pile of unanswered requests
  let check: Promise<string | undefined> | undefined;
  for (;;) {
    check ??= checkAll(store, watch, options);
    const outcome = await within(check, options.checkMs);
    if (outcome === 'late') silentMs += options.checkMs;
    else {
      check = undefined;
      if ('error' in outcome) {
        options.onNotice?.(`cannot check the shard jobs: ${(outcome.error as Error).message}`);
        silentMs += options.checkMs;
      } else if (outcome.value !== undefined) throw fail(outcome.value);
      else silentMs = 0;
    }
    options.onProgress?.(jobs.length - watch.pending.size, jobs.length);
    if (watch.pending.size === 0) return;
    if (silentMs >= options.unreachableMs) {
      // the unanswered check must not surface later as an unhandled rejection
      check?.catch(() => {});
      throw fail(
        `${options.where} has not answered for ${Math.round(silentMs / 1000)} s, so the shard jobs cannot be watched; ` +
          `the shard folders in ${options.keptIn} stay: once Redis is back, run the same command again to resume`,
      );
    }
    if (outcome !== 'late') await pause(options.checkMs);
  }
}

/** Whether `promise` resolves within `ms` (a rejection or a late answer is false). */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const outcome = await within(promise, ms);
  return outcome !== 'late' && !('error' in outcome);
}

/** Removes `jobs` from the queue; true if Redis answered within `ms`. */
export function removeShardJobs(
  store: ShardJobStore,
  jobs: readonly WatchedJob[],
  ms: number,
): Promise<boolean> {
  return settlesWithin(Promise.all(jobs.map((job) => store.remove(job.id))), ms);
}
