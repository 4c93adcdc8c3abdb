/**
 * Appending one line to a game's log whole or not at all: the line is written and flushed to
 * disk, and when the disk refuses (full, failing) the file is cut back to the length it had before,
 * so no half line is left for a later line to follow and the refused input leaves nothing behind.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';

/** A line the game's log could not take: the input it carried was not recorded (nor applied). */
export class LogWriteError extends Error {
  override name = 'LogWriteError';
  constructor(
    readonly file: string,
    /** The system's error code (`ENOSPC`, `EIO`, …), if it gave one. */
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(
      `${code === 'ENOSPC' || code === 'EDQUOT' ? 'disk full' : 'disk error'}: ${file} could not take the input (${code ?? (cause instanceof Error ? cause.message : String(cause))}); it was not recorded`,
      { cause },
    );
  }

  /** Whether the disk is full (rather than failing otherwise). */
  get diskFull(): boolean {
    return this.code === 'ENOSPC' || this.code === 'EDQUOT';
  }
}

/**
 * Appends `text` to the file open at `fd` (in append mode, `length` bytes long) and flushes it;
 * returns the new length. On failure the file is cut back to `length` and a {@link LogWriteError}
 * naming `file` is thrown.
 */
function appendWhole(fd: number, file: string, length: number, text: string): number {
  const bytes = Buffer.from(text);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
  } catch (error) {
    try {
      ftruncateSync(fd, length);
      fsyncSync(fd);
    } catch {
      // the cut failed too: reading the log drops a torn last line, and says so
    }
    throw new LogWriteError(file, (error as NodeJS.ErrnoException).code, error);
  }
  return length + bytes.length;
}

/** A file open for appending whole lines (see the module comment). */
export class WholeLines {
  private readonly fd: number;
  /** Length in bytes of the complete lines; a failed write is cut back to it. */
  private length: number;
  /** A write failed and its cut may have failed too: cut again before the next one. */
  private dirty = false;
  private failure: string | undefined;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
    this.length = fstatSync(this.fd).size;
  }

  /** Appends `text` and flushes it; a {@link LogWriteError}, and the file as it was, if the disk refuses it. */
  append(text: string): void {
    if (this.dirty) ftruncateSync(this.fd, this.length);
    this.dirty = true;
    try {
      this.length = appendWhole(this.fd, this.file, this.length, text);
    } catch (error) {
      if (error instanceof LogWriteError) this.failure = error.message;
      throw error;
    }
    this.dirty = false;
    this.failure = undefined;
  }

  /** Why the last append failed, until one succeeds. */
  get error(): string | undefined {
    return this.failure;
  }

  close(): void {
    closeSync(this.fd);
  }
}
