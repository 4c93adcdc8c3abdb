/**
 * Designs on the command line, the same in every command: `--design NAME`, or several
 * (`a,b`, `all`), also under its old name `--designs`; an unknown name gets a suggestion; `--with
 * OPTION,...` adds each design with one of its options switched on.
 */
import { resolveDesignFiles } from '../scenario/catalog.js';
import { InputError } from '../scenario/errors.js';
import { DESIGN_OPTIONS, withOptions, type DesignOption } from '../scenario/variants.js';
import type { Design } from '../scenario/schema.js';
import { optionLabel, stringOption, type ParsedArgs } from './args.js';
import { UsageError } from './run.js';
import { didYouMean } from './suggest.js';

/** The designs asked for with `--design` (or `--designs`), or `fallback`. */
export function designOption(args: ParsedArgs, fallback?: string): string | undefined {
  return stringOption(args, 'design', fallback);
}

/**
 * The same error, each unknown design name followed by the known name closest to it (for errors of
 * code that resolves designs itself, such as a batch).
 */
export function withDesignSuggestions(error: unknown): unknown {
  if (!(error instanceof InputError)) return error;
  return new InputError(
    error.issues.map((issue) => {
      const unknown = /^unknown design "(.*)" \(known: (.*)\)$/s.exec(issue.message);
      return unknown
        ? {
            ...issue,
            message: `${issue.message}${didYouMean(unknown[1]!, unknown[2]!.split(', '))}`,
          }
        : issue;
    }),
  );
}

/**
 * The design files of a design list (`all`, names or files separated by commas), as
 * `resolveDesignFiles` finds them; an unknown name is its `InputError` with a did-you-mean.
 */
export function resolveDesigns(scenarioFile: string, spec: string): string[] {
  try {
    return resolveDesignFiles(scenarioFile, spec);
  } catch (error) {
    throw withDesignSuggestions(error);
  }
}

/** One design: `--design NAME` (a list is refused, naming `command` for several). */
export function singleDesign(args: ParsedArgs, spec: string, several: string): string {
  if (spec === 'all' || spec.includes(','))
    throw new UsageError(`takes one design here; ${several}`, optionLabel(args, 'design'));
  return spec;
}

/** The design options `--with` switches on (`liaisonOfficers,weeklyInteragency`), checked. */
export function variantOptions(args: ParsedArgs): DesignOption[] {
  const options = (stringOption(args, 'with') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of options) {
    if (!(DESIGN_OPTIONS as readonly string[]).includes(o))
      throw new UsageError(
        `unknown option "${o}" (known: ${DESIGN_OPTIONS.join(', ')})${didYouMean(o, DESIGN_OPTIONS)}`,
        '--with',
      );
  }
  return options as DesignOption[];
}

/** Each design followed by its variants, one per option switched on (`acm-2015+liaisonOfficers`). */
export function withVariants(
  designs: readonly Design[],
  options: readonly DesignOption[],
): Design[] {
  return designs.flatMap((d) => [d, ...options.map((o) => withOptions(d, [o]))]);
}
