/**
 * The one check of an output folder a command is told to write (`--out DIR`), before any work: a
 * folder that would mix the command's files with others is refused with an {@link InputError}
 * naming the option, the path as given and as resolved, and what to do. Refused are the root
 * folder (`--out /`, or an unset `"$OUT/"`), the working folder and every folder above it (the
 * output would land among the user's own files, and a later `rm -r` of it would take them too),
 * and a folder holding files that are not the command's own earlier output.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { InputError } from '../scenario/errors.js';
import { isLockFile } from './lock.js';
import { isTemporary } from '../io/atomic.js';

/** What a command accepts as its output folder. */
export interface OutFolderRules {
  /** The working folder a relative path is read from (the CLI passes `process.cwd()`). */
  readonly cwd: string;
  /** The option that named the folder, for the message; `--out` unless told. */
  readonly option?: string;
  /**
   * The names the command's own earlier output holds: an existing folder holding only these (and
   * temporary files and locks) is accepted, any other non-empty folder refused. Undefined when
   * the command reads the folder's contents itself (a batch its manifest, a game its log).
   */
  readonly own?: readonly string[];
}

/** What to do, said the same way by every refusal. */
const ADVICE = 'name a new or empty folder of its own, such as runs/<name> (nothing was written)';

/**
 * Checks the output folder `given` (as the user typed it) against {@link OutFolderRules}; returns
 * the path to write, without trailing separators. Throws an {@link InputError} when refused.
 */
export function checkOutFolder(given: string, rules: OutFolderRules): string {
  const option = rules.option ?? '--out';
  const resolved = resolve(rules.cwd, given);
  const refuse = (why: string): never => {
    throw new InputError([
      { file: `${option} ${given || '""'}`, path: '', message: `${why}; ${ADVICE}` },
    ]);
  };
  if (dirname(resolved) === resolved) refuse(`resolves to ${resolved}, the root folder`);
  const up = relative(resolved, resolve(rules.cwd));
  if (up === '') refuse(`resolves to ${resolved}, the working folder`);
  if (!up.startsWith('..') && !up.startsWith(sep) && !/^[a-z]:/i.test(up))
    refuse(`resolves to ${resolved}, a folder above the working folder`);
  const path = given.replace(/[\\/]+$/, '');
  if (rules.own !== undefined) checkContents(resolved, rules.own, refuse);
  return path;
}

/** Refuses an existing folder holding anything but `own` names, temporary files and locks. */
function checkContents(
  resolved: string,
  own: readonly string[],
  refuse: (why: string) => never,
): void {
  let entries: string[];
  try {
    if (!statSync(resolved).isDirectory()) refuse(`${resolved} is a file, not a folder`);
    entries = readdirSync(resolved);
  } catch (error) {
    if (error instanceof InputError) throw error;
    return; // missing (created later) or unreadable: the write names its own failure
  }
  const foreign = entries.filter((n) => !own.includes(n) && !isTemporary(n) && !isLockFile(n));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', …' : '');
    refuse(`${resolved} is not empty and holds files this command did not write (${shown})`);
  }
}
