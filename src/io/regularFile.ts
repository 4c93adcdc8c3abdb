/**
 * Opening an input file that must be a regular file. A FIFO (named pipe) opened the plain way
 * blocks until something writes to it, for ever if nothing does; a folder, socket or device read
 * as a file gives nonsense or an error that names no file. Opened without blocking and checked
 * on the open descriptor (no gap between the check and the read), each is refused in words.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';

/** What the path is instead, in words, when it is not a regular file. */
const KINDS: readonly (readonly [(s: Stats) => boolean, string])[] = [
  [(s) => s.isFIFO(), 'is a FIFO (named pipe)'],
  [(s) => s.isDirectory(), 'is a folder'],
  [(s) => s.isSocket(), 'is a socket'],
  [(s) => s.isCharacterDevice(), 'is a character device'],
  [(s) => s.isBlockDevice(), 'is a block device'],
];

/** An input that exists but is not a regular file; its message says what it is instead. */
export class NotRegularFileError extends Error {
  override name = 'NotRegularFileError';
  /** The path as given. */
  readonly file: string;
  /** What it is, in words (`is a FIFO (named pipe), not a regular file`). */
  readonly what: string;

  constructor(file: string, what: string) {
    super(`${file}: ${what}`);
    this.file = file;
    this.what = what;
  }
}

/** Opening flags: read only, and never wait for a FIFO's writer (the flag is POSIX only). */
const READ_NOW = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Opens `file` for reading if it is a regular file (symbolic links followed): its descriptor
 * (the caller closes it) and size. Throws {@link NotRegularFileError} for a FIFO, folder,
 * socket or device (a character device is let through with `allowDevice`: it reads as the
 * file of the size it reports, as a batch's partial file linked to /dev/full or /dev/null does),
 * and Node's own error (ENOENT, EACCES…) when it cannot be opened.
 */
export function openRegularFile(
  file: string,
  { allowDevice = false }: { allowDevice?: boolean } = {},
): { fd: number; size: number } {
  const fd = openSync(file, READ_NOW);
  let stat: Stats;
  try {
    stat = fstatSync(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (stat.isFile() || (allowDevice && stat.isCharacterDevice())) return { fd, size: stat.size };
  closeSync(fd);
  const kind = KINDS.find(([is]) => is(stat))?.[1] ?? 'is not a file';
  throw new NotRegularFileError(file, `${kind}, not a regular file`);
}

/** Reads all of a regular file (see {@link openRegularFile}) as UTF-8 text. */
export function readRegularFile(file: string): string {
  const { fd } = openRegularFile(file);
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
