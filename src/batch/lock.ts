/**
 * The lock of a batch folder: while a process writes a batch folder it holds `.rungs-lock` there,
 * a file naming its pid, host and start time, created atomically (open with O_EXCL), so a second
 * writer (a new batch, or a `--resume` of this one) is refused instead of deleting what the first
 * is writing. A lock whose owner is gone (same host, no such process) is taken over with a notice.
 * The lock is released when the batch finishes or fails, and on process exit (a second Ctrl-C).
 */
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../scenario/errors.js';

/** The lock file's name inside a batch folder. */
export const LOCK_FILE = '.rungs-lock';

/** Who holds a lock. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** When the owner took the lock (ISO time), if its caller said. */
  readonly started?: string;
}

/** Whether a name in a batch folder belongs to the lock (the lock file, or one being taken over). */
export function isLockFile(name: string): boolean {
  return name === LOCK_FILE || name.startsWith(`${LOCK_FILE}.`);
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

/** The lock's text, or null when there is no lock file. */
function readLock(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    return typeof o.pid === 'number' &&
      typeof o.host === 'string' &&
      (o.started === undefined || typeof o.started === 'string')
      ? (o as LockOwner)
      : null;
  } catch {
    return null;
  }
}

/** `, <words> <time>` when the owner recorded when it took the lock. */
function since(owner: LockOwner, words: string): string {
  return owner.started === undefined ? '' : `, ${words} ${owner.started}`;
}

/** Creates the lock file with O_EXCL; false when it exists. A failed write leaves no lock file. */
function create(file: string, text: string): boolean {
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
 * Moves a stale lock away. If another process replaced it between our reading and our move, the
 * moved file is not the stale one: it is put back (when nothing took its place) and left alone.
 */
function removeStale(file: string, staleText: string): void {
  const moved = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readFileSync(moved, 'utf8') !== staleText) {
    try {
      linkSync(moved, file);
    } catch {
      // a third process locked the folder meanwhile; it holds it now
    }
  }
  rmSync(moved, { force: true });
}

/** A held lock on a batch folder. Take with {@link BatchLock.acquire}. */
export class BatchLock {
  private held = true;
  private readonly onExit = () => this.release();

  private constructor(
    readonly dir: string,
    readonly file: string,
    private readonly text: string,
  ) {
    process.on('exit', this.onExit);
  }

  /**
   * Locks `dir` (which must exist) for this process. A folder locked by a live process, by a
   * process on another host, or by a lock file that names no owner is an {@link InputError}
   * naming the folder and the owner; a stale lock is taken over, and `notice` told so. `started`
   * (the wall-clock time, which only the command line reads) is written for the next reader.
   */
  static acquire(
    dir: string,
    notice: (message: string) => void = () => undefined,
    started?: string,
  ): BatchLock {
    const file = join(dir, LOCK_FILE);
    const host = hostname();
    const text = `${JSON.stringify({ pid: process.pid, host, ...(started !== undefined ? { started } : {}) } satisfies LockOwner)}\n`;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (create(file, text)) return new BatchLock(dir, file, text);
      const found = readLock(file);
      if (found === null) continue;
      const owner = parseOwner(found);
      if (owner === null) {
        throw new InputError([
          {
            file: dir,
            path: '',
            message: `is locked by ${file}, which names no owner (a process may be creating it); if no batch is writing this folder, delete that file and try again (nothing was written)`,
          },
        ]);
      }
      if (owner.host === host && owner.pid !== process.pid && !isAlive(owner.pid)) {
        removeStale(file, found);
        notice(
          `${dir}: took over a stale lock of process ${owner.pid} (no longer running${since(owner, 'locked since')})`,
        );
        continue;
      }
      const where =
        owner.host === host
          ? `pid ${owner.pid} on this host (${host})`
          : `pid ${owner.pid} on host ${owner.host}`;
      const stale = owner.host === host ? '' : `; if that process no longer runs, delete ${file}`;
      throw new InputError([
        {
          file: dir,
          path: '',
          message: `is being written by another process (${where}${since(owner, 'since')}); wait for it to finish${stale} (nothing was written)`,
        },
      ]);
    }
    throw new InputError([
      {
        file: dir,
        path: '',
        message: `its lock ${file} keeps changing hands; try again (nothing was written)`,
      },
    ]);
  }

  /** Removes the lock file if it is still this lock's. Safe to call more than once. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    process.off('exit', this.onExit);
    try {
      if (readLock(this.file) === this.text) rmSync(this.file, { force: true });
    } catch {
      // the folder went away or is unreadable: there is no lock left to remove
    }
  }
}
