/** `--posterior FILE` on the commands that run designs: the posterior loaded, to spread into their options. */
import { loadPosterior, type LoadedPosterior } from '../assumptions/posterior.js';
import { stringOption, type ParsedArgs } from './args.js';

/** `{ posterior }` loaded from `--posterior FILE` (a bad file is an `InputError` naming it), or `{}` without it. */
export function posteriorOption(args: ParsedArgs): { posterior?: LoadedPosterior } {
  const file = stringOption(args, 'posterior');
  return file === undefined ? {} : { posterior: loadPosterior(file) };
}
