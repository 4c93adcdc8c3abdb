/**
 * File system failures a user can cause (a full disk, a read-only or missing folder, a path under
 * a file) as {@link InputError}s naming the path, so they print `error: <path>: <what>` and exit 2
 * instead of an internal error. Also a folder maker that does not hang on paths such as /proc/x.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../scenario/errors.js';

const WHAT: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  EXDEV: 'cannot move files across devices',
};

/**
 * An operating system error a user's environment causes, as an InputError on its path (else
 * `where`); other errors as they are.
 */
export function asOutputError(error: unknown, where: string, doing = ''): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !Object.hasOwn(WHAT, code)) return error;
  const path = (error as NodeJS.ErrnoException).path;
  return new InputError([
    { file: path ?? where, path: '', message: `${doing}${WHAT[code]} (${code})` },
  ]);
}

/**
 * Creates a folder and its missing parents, one at a time (Node's recursive mkdir never returns
 * on some paths, such as /proc/x). Returns the topmost folder it created, or null if `dir` existed.
 */
export function makeFolder(dir: string): string | null {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of [...missing].reverse()) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw asOutputError(error, d, 'cannot create this folder: ');
    }
  }
  return missing.at(-1) ?? null;
}
