/**
 * Who may take a folder's lock (`lock.ts`) from its holder, and the words for it. Expiry is judged
 * on wall clocks: the reader's clock against the holder's last renewal, allowing for the two
 * clocks to disagree by up to a skew allowance. Watching the renewal count for one lease on the
 * reader's own clock would need no allowance, but every taker would wait a whole lease, even for a
 * holder lost hours ago; hosts that share a folder keep their clocks in step (NTP), and a skew
 * beyond the allowance costs no data: the holder's next renewal finds its lock taken and stops.
 */
import { hasLease, type LockRecord } from './leaseFile.js';

/** The clock and identity that make a lock a lease; only the command line reads the real ones. */
export interface LeaseClock {
  /** The wall clock, ms since 1970. */
  readonly now: () => number;
  /** This host's name, as other hosts sharing the folder should see it. */
  readonly host: string;
  /** How long a lease lasts without renewal (default 30 s). */
  readonly leaseMs?: number;
  /** How often the holder renews it (default a sixth of the lease: 5 s). */
  readonly renewMs?: number;
  /** How far two hosts' clocks may disagree (default 10 s). */
  readonly skewMs?: number;
}

/** The default lease: long enough that a busy or briefly paused holder renews it in time. */
const DEFAULT_LEASE_MS = 30_000;
/** The default clock skew allowance: far more than NTP-kept hosts disagree by. */
const DEFAULT_SKEW_MS = 10_000;

/** A lease clock's lengths, defaults filled in. */
export function leaseTimes(lease: LeaseClock): {
  readonly leaseMs: number;
  readonly renewMs: number;
  readonly skewMs: number;
} {
  const leaseMs = lease.leaseMs ?? DEFAULT_LEASE_MS;
  return {
    leaseMs,
    renewMs: lease.renewMs ?? Math.max(1, Math.floor(leaseMs / 6)),
    skewMs: lease.skewMs ?? DEFAULT_SKEW_MS,
  };
}

/** Whether a process with this pid runs on this host. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `pid 12 on host a`. */
export function describeHolder(owner: LockRecord): string {
  return `pid ${owner.pid} on host ${owner.host}`;
}

/** A duration in seconds, to a tenth below ten seconds. */
function seconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return `${s < 10 ? s.toFixed(1) : Math.round(s).toString()} s`;
}

/** `, <words> <time>` when the owner recorded when it took the lock. */
function since(owner: LockRecord, words: string): string {
  return owner.started === undefined ? '' : `, ${words} ${owner.started}`;
}

/** What a reader may do with a lock it found: take it over (saying so), or be refused (saying why). */
type LockVerdict =
  | { readonly kind: 'take'; readonly notice: string }
  | { readonly kind: 'refuse'; readonly message: string };

/** What the reader knows: its host, its clock (if any), an outer lease it holds, the lock file. */
interface Reader {
  readonly host: string;
  readonly lease?: LeaseClock;
  readonly outerLease?: string;
  readonly file: string;
}

/** Whether `owner`'s lock may be taken by `reader`, and the words for it. */
export function judgeLock(owner: LockRecord, reader: Reader): LockVerdict {
  const silentMs =
    hasLease(owner) && reader.lease ? reader.lease.now() - owner.renewedAt : undefined;
  // the outer lease makes the reader the one rightful holder of the folder, but only over holders
  // of that same lease: a holder of another (a misconfigured array writing one folder) keeps it
  if (reader.outerLease !== undefined && owner.outer === reader.outerLease) {
    const heard = silentMs === undefined ? '' : `; it last renewed it ${seconds(silentMs)} ago`;
    return {
      kind: 'take',
      notice: `took over the lock of ${describeHolder(owner)} at once: this process now holds ${reader.outerLease}, the outer lease it held${heard}`,
    };
  }
  if (owner.host === reader.host && owner.pid !== process.pid && !isAlive(owner.pid))
    return {
      kind: 'take',
      notice: `took over a stale lock of process ${owner.pid} (no longer running${since(owner, 'locked since')})`,
    };
  if (hasLease(owner) && silentMs !== undefined) {
    const { skewMs } = leaseTimes(reader.lease!);
    if (silentMs > owner.leaseMs + skewMs)
      return {
        kind: 'take',
        notice: `took over the lock of ${describeHolder(owner)}, silent for ${seconds(silentMs)}: its lease of ${seconds(owner.leaseMs)} ran out (with ${seconds(skewMs)} allowed for clock skew${owner.started === undefined ? '' : `; locked since ${owner.started}`})`,
      };
    return { kind: 'refuse', message: refusedLease(owner, reader, silentMs, skewMs) };
  }
  return { kind: 'refuse', message: refusedPid(owner, reader) };
}

/**
 * Whether a lock file that names no owner may be taken, given how long ago it was last written
 * (`ageMs`, on the reader's clock; undefined without one). rungs writes a lock's record before the
 * lock file exists (except on a file system without hard links), so such a file was left by a
 * process killed while creating it, or by something else: it is taken once it has been left alone
 * for a lease and the skew allowance, which no creation takes.
 */
export function judgeOwnerless(ageMs: number | undefined, reader: Reader): LockVerdict {
  const { leaseMs, skewMs } = reader.lease ? leaseTimes(reader.lease) : { leaseMs: 0, skewMs: 0 };
  const waitMs = leaseMs + skewMs;
  if (ageMs !== undefined && ageMs > waitMs)
    return {
      kind: 'take',
      notice: `took over its lock file, which named no owner and had not changed for ${seconds(ageMs)} (left by a process killed while creating it, or not a rungs lock)`,
    };
  const wait =
    ageMs === undefined
      ? 'if no batch is writing this folder, delete that file and try again'
      : `it is taken over once unchanged for ${seconds(waitMs)} (in ${seconds(waitMs - ageMs)} at most), or delete it if no batch is writing this folder`;
  return {
    kind: 'refuse',
    message: `is locked by ${reader.file}, which names no owner (left by a process killed while creating it, or not a rungs lock); ${wait}`,
  };
}

function refusedLease(owner: LockRecord, reader: Reader, silentMs: number, skewMs: number) {
  const leaseMs = owner.leaseMs!;
  const where =
    owner.host === reader.host
      ? `pid ${owner.pid} on this host (${owner.host})`
      : describeHolder(owner);
  return `is being written by another process (${where}${since(owner, 'since')}; its lease of ${seconds(leaseMs)} was renewed ${seconds(silentMs)} ago); wait for it to finish, or, if that process no longer runs, for its lease to run out (in ${seconds(leaseMs + skewMs - silentMs)} at most)`;
}

function refusedPid(owner: LockRecord, reader: Reader) {
  const where =
    owner.host === reader.host
      ? `pid ${owner.pid} on this host (${reader.host})`
      : describeHolder(owner);
  const stale =
    owner.host === reader.host ? '' : `; if that process no longer runs, delete ${reader.file}`;
  return `is being written by another process (${where}${since(owner, 'since')}); wait for it to finish${stale}`;
}
