/**
 * The shared frame of every command: bad input and bad arguments print a clear message and exit
 * with code 2, never a stack trace; anything else is an internal error (exit 1).
 */
import { InputError, formatIssue } from '../scenario/errors.js';

/** A bad command-line argument. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Runs a command's body, mapping errors to messages and exit codes. */
export function runCli(body: () => void | number | Promise<void | number>): void {
  const fail = (error: unknown) => {
    if (error instanceof InputError) {
      for (const issue of error.issues) process.stderr.write(`error: ${formatIssue(issue)}\n`);
      process.exitCode = 2;
    } else if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`internal error: ${error instanceof Error ? (process.env.RUNGS_DEBUG ? error.stack : error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  };
  try {
    const result = body();
    if (result instanceof Promise) result.then((code) => void (typeof code === 'number' && (process.exitCode = code)), fail);
    else if (typeof result === 'number') process.exitCode = result;
  } catch (error) {
    fail(error);
  }
}
