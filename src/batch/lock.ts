/**
 * The lock of a batch folder: while a process writes a batch folder it holds `.rungs-lock` there,
 * created atomically with its holder's record (`leaseFile.ts`), so a second writer (a new batch,
 * or a `--resume` of this one) is refused instead of deleting what the first is writing. A lock
 * file that names no owner is taken over once unchanged for a lease. The lock is a lease when its
 * caller gives a clock: the file names its holder (pid, host, since when), the lease's length and
 * when it was last renewed; the holder renews it every few seconds, and any host takes over a lock
 * whose lease ran out (more than the lease and an allowance for clock skew since its last
 * renewal). On the same host a lock whose process is gone is taken over at once, and a caller
 * holding an outer lease for the folder (a queue's job lock, an array engine's index) takes it
 * over at once too. A holder whose renewal finds the lock taken over stops: it is told through
 * `onLost`, and `confirm` throws {@link LockLostError}. The lock is released when the batch
 * finishes or fails, and on process exit (a second Ctrl-C).
 */
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { InputError } from '../scenario/errors.js';
import {
  createLockFile,
  hasLease,
  isHolding,
  lockText,
  lockWrittenAt,
  parseLockRecord,
  readLockText,
  removeStaleLock,
  renewLockFile,
  type LockRecord,
} from './leaseFile.js';
import {
  describeHolder,
  judgeLock,
  judgeOwnerless,
  leaseTimes,
  type LeaseClock,
} from './leaseRules.js';

export type { LeaseClock } from './leaseRules.js';

/** The lock file's name inside a batch folder. */
export const LOCK_FILE = '.rungs-lock';

/** Whether a name in a batch folder belongs to the lock (the lock file, or one being taken over or renewed). */
export function isLockFile(name: string): boolean {
  return name === LOCK_FILE || name.startsWith(`${LOCK_FILE}.`);
}

/** How to take a lock: see {@link BatchLock.acquire}. */
export interface LockOptions {
  /** Told about something done on the way (a lock taken over). */
  readonly notice?: (message: string) => void;
  /** When this process started writing (ISO time), for the next reader; only the command line reads the clock. */
  readonly started?: string;
  /** The clock and host that make the lock a lease; without it, a lock only a dead pid on this host loses. */
  readonly lease?: LeaseClock;
  /**
   * What exclusive outer lease the caller holds for this folder (e.g. `BullMQ job 12`, or
   * `SLURM_ARRAY_TASK_ID=3`): a lock whose holder held the same outer lease (an earlier delivery
   * of the job, an earlier attempt of the array task) is taken over at once, with a notice.
   */
  readonly outerLease?: string;
  /** Called (once) when a renewal finds the lock taken over: the holder must stop writing. */
  readonly onLost?: (error: LockLostError) => void;
}

/** The error of a holder whose lock was taken over: it must stop writing the folder. */
export class LockLostError extends InputError {
  /** The error's class name, as in `LockLostError: …`. */
  override name = 'LockLostError';
  /** `dir`: the folder whose lock was lost; `found`: the lock file's text now (null if none). */
  constructor(dir: string, found: string | null) {
    const record = found === null ? null : parseLockRecord(found);
    const to =
      record === null
        ? found === null
          ? ': its lock file was removed'
          : ' (its lock file names no owner now)'
        : ` to ${describeHolder(record)}, which took it over`;
    super([
      {
        file: dir,
        path: '',
        message: `this process lost its lock on ${dir}${to}; it stopped writing so that one process writes the folder (what is stored stays stored; finish it with --resume once the other process is done)`,
      },
    ]);
  }
}

/** Holdings taken by this thread so far: with the thread's id, makes each holding's mark unique in the process. */
let holdings = 0;

/** A held lock on a batch folder. Take with {@link BatchLock.acquire}. */
export class BatchLock {
  private held = true;
  private lostTo: LockLostError | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly onExit = () => this.release();

  private constructor(
    readonly dir: string,
    readonly file: string,
    private record: LockRecord,
    private readonly options: LockOptions,
  ) {
    process.on('exit', this.onExit);
    const lease = options.lease;
    if (lease) {
      this.timer = setInterval(() => this.renew(lease), leaseTimes(lease).renewMs);
      // the lease must never keep a process alive that has nothing else to do
      this.timer.unref();
    }
  }

  /**
   * Locks `dir` (which must exist) for this process. A folder locked by a live holder (a process on
   * this host, or a lease that has not run out), or by a lock file that names no owner and was
   * written within a lease (with a clock; without one, at all), is an {@link InputError} naming
   * the folder and the holder; a stale lock is taken over, and `notice` told so.
   */
  static acquire(dir: string, options: LockOptions = {}): BatchLock {
    const file = join(dir, LOCK_FILE);
    const { lease } = options;
    const host = lease?.host ?? hostname();
    const at = lease?.now();
    const record: LockRecord = {
      pid: process.pid,
      host,
      ...(options.started !== undefined ? { started: options.started } : {}),
      holding: `${host}/${process.pid}/${threadId}/${at ?? ''}/${++holdings}`,
      ...(lease && at !== undefined
        ? { leaseMs: leaseTimes(lease).leaseMs, renewedAt: at, renewals: 0 }
        : {}),
      ...(options.outerLease !== undefined ? { outer: options.outerLease } : {}),
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      if (createLockFile(file, lockText(record), host))
        return new BatchLock(dir, file, record, options);
      const found = readLockText(file);
      if (found === null) continue;
      const owner = parseLockRecord(found);
      const reader = { ...options, host, file };
      const verdict = owner
        ? judgeLock(owner, reader)
        : judgeOwnerless(ownerlessAge(file, lease), reader);
      if (verdict.kind === 'refuse') throw refusal(dir, verdict.message);
      // told only by the taker that moved the stale lock: another may have been quicker
      if (removeStaleLock(file, found, host)) options.notice?.(`${dir}: ${verdict.notice}`);
    }
    throw new InputError([
      {
        file: dir,
        path: '',
        message: `its lock ${file} keeps changing hands; try again (nothing was written)`,
      },
    ]);
  }

  /** The error of a lock that was taken over, or null while it is held. */
  get lost(): LockLostError | null {
    return this.lostTo;
  }

  /**
   * Throws {@link LockLostError} unless the lock file is still this holder's: called before a
   * step that must not be taken by a holder that lost its lock (marking a batch complete).
   */
  confirm(): void {
    if (this.lostTo) throw this.lostTo;
    const found = readLockText(this.file);
    if (!isHolding(found, this.record.holding!)) this.lose(found);
    if (this.lostTo) throw this.lostTo;
  }

  /** Renews the lease; a lock found taken over is lost. An I/O error waits for the next renewal. */
  private renew(lease: LeaseClock): void {
    if (!this.held || !hasLease(this.record)) return;
    const next: LockRecord = {
      ...this.record,
      renewedAt: lease.now(),
      renewals: (this.record.renewals ?? 0) + 1,
    };
    try {
      const result = renewLockFile(this.file, this.record.holding!, lockText(next), next.host);
      if (result.renewed) this.record = next;
      else this.lose(result.found);
    } catch {
      // a full disk or a folder gone: if the lease runs out meanwhile, the next renewal finds it lost
    }
  }

  /** Marks the lock lost to whoever holds the file now (`found`), and tells `onLost`. */
  private lose(found: string | null): void {
    if (this.lostTo) return;
    this.lostTo = new LockLostError(this.dir, found);
    this.stop();
    this.options.onLost?.(this.lostTo);
  }

  private stop(): void {
    this.held = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    process.off('exit', this.onExit);
  }

  /** Removes the lock file if it is still this lock's. Safe to call more than once. */
  release(): void {
    if (!this.held) return;
    this.stop();
    try {
      if (isHolding(readLockText(this.file), this.record.holding!))
        rmSync(this.file, { force: true });
    } catch {
      // the folder went away or is unreadable: there is no lock left to remove
    }
  }
}

/** How long ago, on the lease's clock, a lock file was last written; undefined without a clock. */
function ownerlessAge(file: string, lease: LeaseClock | undefined): number | undefined {
  if (!lease) return undefined;
  const writtenAt = lockWrittenAt(file);
  return writtenAt === null ? undefined : lease.now() - writtenAt;
}

function refusal(dir: string, why: string): InputError {
  return new InputError([{ file: dir, path: '', message: `${why} (nothing was written)` }]);
}
