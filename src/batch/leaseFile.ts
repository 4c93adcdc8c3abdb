/**
 * The lock file of a folder as a lease (`lock.ts` decides; this module reads and writes): who
 * holds it (pid, host, since when), how long its lease lasts and when it was last renewed. The
 * holder's renewal rewrites the file atomically, and only while it is still the holder's own; a
 * taker moves a stale file aside and creates its own, which fails if one exists, so of two takers
 * exactly one wins.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { threadId } from 'node:worker_threads';

/** Who holds a lock, and (for a lease) until when. */
export interface LockRecord {
  readonly pid: number;
  readonly host: string;
  /** When the owner took the lock (ISO time), if its caller said. */
  readonly started?: string;
  /** What tells this holding from any other (host, pid, when taken and a count within the process). */
  readonly holding?: string;
  /** The lease's length in ms; absent in a lock without a lease (a caller that gave no clock). */
  readonly leaseMs?: number;
  /** When the lease was last renewed (ms since 1970, on the holder's clock). */
  readonly renewedAt?: number;
  /** How many times the holder has renewed it. */
  readonly renewals?: number;
  /** The exclusive outer lease the holder held for the folder (`BullMQ job 12`), if any. */
  readonly outer?: string;
}

/** A lock record that carries a lease. */
type LeaseRecord = LockRecord & { readonly leaseMs: number; readonly renewedAt: number };

/** The lock's text, or null when there is no lock file. */
export function readLockText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** When the lock file was last written (ms since 1970, on its file system's clock), or null when there is none. */
export function lockWrittenAt(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const optional = (value: unknown, type: 'string' | 'number') =>
  value === undefined || typeof value === type;

/** The record a lock file holds, or null when its text is not one (a file being written, or foreign). */
export function parseLockRecord(text: string): LockRecord | null {
  let o: Partial<Record<keyof LockRecord, unknown>>;
  try {
    o = JSON.parse(text) as typeof o;
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null) return null;
  const fits =
    typeof o.pid === 'number' &&
    typeof o.host === 'string' &&
    optional(o.started, 'string') &&
    optional(o.holding, 'string') &&
    optional(o.leaseMs, 'number') &&
    optional(o.renewedAt, 'number') &&
    optional(o.renewals, 'number') &&
    optional(o.outer, 'string') &&
    (o.leaseMs === undefined) === (o.renewedAt === undefined);
  return fits ? (o as LockRecord) : null;
}

/** Whether a record carries a lease. */
export function hasLease(record: LockRecord): record is LeaseRecord {
  return record.leaseMs !== undefined && record.renewedAt !== undefined;
}

/** A record's text, as the file holds it. */
export function lockText(record: LockRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/** Whether the text is a lock record of this holding. */
export function isHolding(text: string | null, holding: string): boolean {
  return text !== null && parseLockRecord(text)?.holding === holding;
}

/**
 * Creates the lock file holding `text`; false when a lock file exists. The text is written and
 * flushed beside it first, then linked to the lock's name, which fails if that exists: so a lock
 * file is never seen without its holder's record, even if its creator is killed half way (what is
 * left then is the file beside it, under a name unique to that thread). Where the file system has
 * no hard links, the file is created with O_EXCL and then written.
 */
export function createLockFile(file: string, text: string, host: string): boolean {
  const beside = besideName(file, 'new', host);
  try {
    writeFlushed(beside, text);
    linkSync(beside, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')
      throw error;
    return createExclusive(file, text);
  } finally {
    rmSync(beside, { force: true });
  }
}

/** Writes `text` to `file` (created or emptied) and flushes it to disk. */
function writeFlushed(file: string, text: string): void {
  const fd = openSync(file, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Creates the lock file with O_EXCL and writes it; false when it exists. A failed write leaves no lock file. */
function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
  } catch (error) {
    closeSync(fd);
    rmSync(file, { force: true });
    throw error;
  }
  closeSync(fd);
  return true;
}

/**
 * A name beside the lock file unique to this thread of this process on this host (hosts share a
 * folder over NFS; a queue worker's job threads share a process).
 */
function besideName(file: string, what: string, host: string): string {
  return `${file}.${what}-${host.replace(/[^A-Za-z0-9.-]/g, '_')}-${process.pid}-${threadId}`;
}

/**
 * Moves a stale lock away; true if it was the stale one. If another process replaced it between
 * our reading and our move (a taker, or the holder renewing), the moved file is not the stale
 * one: it is put back (when nothing took its place) and left alone.
 */
export function removeStaleLock(file: string, staleText: string, host: string): boolean {
  const moved = besideName(file, 'stale', host);
  try {
    renameSync(file, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const stale = readFileSync(moved, 'utf8') === staleText;
  if (!stale) {
    try {
      linkSync(moved, file);
    } catch {
      // a third process locked the folder meanwhile; it holds it now
    }
  }
  rmSync(moved, { force: true });
  return stale;
}

/**
 * Rewrites the lock file with `text` if it is still `holding`'s: the new text is written and
 * flushed beside it first, so only a read and a rename stand between the check and the write.
 * Returns the text found instead (null: no lock file) when the lock is someone else's now.
 */
export function renewLockFile(
  file: string,
  holding: string,
  text: string,
  host: string,
): { readonly renewed: true } | { readonly renewed: false; readonly found: string | null } {
  const tmp = besideName(file, 'renew', host);
  try {
    writeFlushed(tmp, text);
    const found = readLockText(file);
    if (!isHolding(found, holding)) return { renewed: false, found };
    renameSync(tmp, file);
    return { renewed: true };
  } finally {
    rmSync(tmp, { force: true });
  }
}
