/**
 * Writing a file so that a reader, or the file system after a crash or a power cut, finds its old
 * content or its new content, never a part of either: the content goes to a temporary file beside
 * it, which is flushed to the device (fsync), renamed over the file, and the folder is flushed so
 * that the rename itself is kept. Every file the project writes whole is written this way.
 */
import {
  closeSync,
  copyFileSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';

/** The temporary name a write of `file` uses: unique to this process and thread. */
function temporaryName(file: string): string {
  return `${file}.tmp-${process.pid}-${threadId}`;
}

/** Whether a file name is one {@link temporaryName} makes: a write interrupted before its rename. */
export function isTemporary(name: string): boolean {
  return /\.tmp-\d+(-\d+)?$/.test(name);
}

/** Codes of a folder that cannot be opened or flushed where the platform has no such thing (Windows). */
const NO_FOLDER_SYNC = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'EBADF', 'ENOTSUP']);

/** Flushes a folder's entries (a file renamed into it) to the device, where the platform can. */
function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch (error) {
    if (NO_FOLDER_SYNC.has((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!NO_FOLDER_SYNC.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    closeSync(fd);
  }
}

/** Renames the flushed temporary file over `file` and flushes the folder, so the rename is kept. */
function replace(tmp: string, file: string): void {
  renameSync(tmp, file);
  syncFolder(dirname(file));
}

/**
 * Writes `file` atomically through `write`, which is given the open temporary file (a file
 * descriptor) and may write it in parts. If `write` throws, `file` keeps its old content (or stays
 * absent) and the temporary file is removed.
 */
export function writeAtomically<T>(file: string, write: (fd: number) => T): T {
  const tmp = temporaryName(file);
  try {
    const fd = openSync(tmp, 'w');
    let result: T;
    try {
      result = write(fd);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    replace(tmp, file);
    return result;
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Writes `data` to `file` atomically (see the module comment). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  writeAtomically(file, (fd) => writeFileSync(fd, data));
}

/** Copies `source` over `file` atomically (`source` may be `file` itself: a hard link made a file of its own). */
export function copyFileAtomic(source: string, file: string): void {
  const tmp = temporaryName(file);
  try {
    copyFileSync(source, tmp);
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    replace(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * {@link writeFileAtomic} without blocking the thread: the flushes, which wait for the device, run
 * in the background while the caller goes on (a batch worker simulates its next run meanwhile).
 */
export async function writeFileAtomicAsync(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = temporaryName(file);
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
    await syncFolderAsync(dirname(file));
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** {@link syncFolder} without blocking the thread. */
async function syncFolderAsync(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (NO_FOLDER_SYNC.has((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!NO_FOLDER_SYNC.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}
