/**
 * The shared frame of every command: bad input and bad arguments print a clear message and exit
 * with code 2, never a stack trace; anything else is an internal error (exit 1). Output to a
 * closed pipe (`… | head`) ends the command quietly.
 */
import { InputError, formatIssue } from '../scenario/errors.js';
import { NotRegularFileError } from '../io/regularFile.js';
import { EventBudgetError } from '../engine/kernel.js';

/** A bad command-line argument; `option` (such as `--workers`), when known, leads the message. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly option: string | undefined;

  constructor(message: string, option?: string) {
    super(message);
    this.option = option;
  }
}

/** File-system failures a user can cause (a bad path, a read-only folder, a full disk), in words. */
const FILE_SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'part of the path is not a folder',
  EISDIR: 'is a folder, expected a file',
  EEXIST: 'already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'on a read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'name too long',
};

/** The `error: …` lines for a failure the user can fix, or undefined for a bug. */
function userMessages(error: unknown): string[] | undefined {
  if (error instanceof InputError) return error.issues.map(formatIssue);
  if (error instanceof NotRegularFileError) return [error.message];
  if (error instanceof UsageError)
    return [error.option ? `${error.option}: ${error.message}` : error.message];
  // a run over its budget is a scenario that loops; thrown in a worker thread, it arrives as a plain error with its name
  if (error instanceof Error && error.name === EventBudgetError.name) return [error.message];
  const { code, path, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  const what = code === undefined ? undefined : FILE_SYSTEM_ERRORS[code];
  if (what !== undefined && path !== undefined)
    return [`${path}: ${what}${syscall ? ` (${syscall})` : ''}`];
  return undefined;
}

function fail(error: unknown): void {
  const messages = userMessages(error);
  if (messages) {
    for (const line of messages) process.stderr.write(`error: ${line}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(
    `internal error: ${error instanceof Error ? (process.env.RUNGS_DEBUG ? error.stack : error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}

let framed = false;

/**
 * Once per process: a reader that closes the pipe (`| head`) ends the command at once with the
 * exit code it has so far (0 unless it already failed), and errors thrown outside the command's
 * body (a callback, a stream) get the same messages and exit codes as those inside it.
 */
function frameProcess(): void {
  if (framed) return;
  framed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit();
      throw error;
    });
  }
  const failAndExit = (error: unknown) => {
    fail(error);
    process.exit();
  };
  process.on('uncaughtException', failAndExit);
  process.on('unhandledRejection', failAndExit);
}

/** Runs a command's body, mapping errors to messages and exit codes. */
export function runCli(body: () => void | number | Promise<void | number>): void {
  frameProcess();
  try {
    const result = body();
    if (result instanceof Promise)
      result.then((code) => void (typeof code === 'number' && (process.exitCode = code)), fail);
    else if (typeof result === 'number') process.exitCode = result;
  } catch (error) {
    fail(error);
  }
}
