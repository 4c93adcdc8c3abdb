/**
 * A command's JSON result: printed with `--json`, written to `--out FILE` (atomically: a reader
 * never sees half a file), so no shell redirect (and no npm banner) is needed.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { stringOption, type ParsedArgs } from './args.js';
import { UsageError } from './run.js';

/**
 * The file `--out` (or another option) names, checked before any work: its folder exists and it is not a folder
 * itself. Undefined when `--out` is not given.
 */
export function outputFile(args: ParsedArgs, option = 'out'): string | undefined {
  const file = stringOption(args, option);
  if (file === undefined) return undefined;
  const folder = dirname(file);
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new UsageError(`cannot write ${file}: no folder ${folder}`, `--${option}`);
  if (existsSync(file) && statSync(file).isDirectory())
    throw new UsageError(`${file} is a folder; give a file`, `--${option}`);
  return file;
}

/** Whether the command must make its JSON result: asked for with `--json` or `--out`. */
export function wantsJson(args: ParsedArgs): boolean {
  return args.options.has('json') || args.options.has('out');
}

/**
 * Delivers a JSON result: written to `--out FILE` when given (saying so on stderr), else
 * printed when `--json` is given. Returns whether stdout is still free for the text report
 * (no `--json`).
 */
export function emitJson(args: ParsedArgs, json: string): boolean {
  const text = json.endsWith('\n') ? json : `${json}\n`;
  const file = stringOption(args, 'out');
  if (file !== undefined) {
    try {
      writeFileAtomic(file, text);
    } catch (error) {
      // the write goes through a temporary file; name the file the user gave
      if (error instanceof Error && 'code' in error) Object.assign(error, { path: file });
      throw error;
    }
    process.stderr.write(`wrote ${file}\n`);
  } else if (args.options.has('json')) process.stdout.write(text);
  return !args.options.has('json');
}
