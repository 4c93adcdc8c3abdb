/**
 * The check that every structural alternative of a file is a valid file: each alternative of each
 * choice (see `choices.ts`) is applied alone, the other choices at their defaults, to the file's
 * data as written, and the result validated as the file itself is. Run when a file is loaded (not
 * at every point of a study, whose combinations are validated as they are made).
 */
import { produce } from 'immer';
import { InputError, type InputIssue } from './errors.js';
import type { ChoiceSite } from './assumption.js';

/** At most this many of an invalid alternative's problems are quoted. */
const QUOTED = 3;

/**
 * The problems of the alternatives at `sites` (from the register of `data`'s validated form):
 * one per alternative that, applied alone to `data`, makes `validate` throw an {@link InputError},
 * at `<site>.alternatives.<name>`, quoting what was wrong. `apply` puts a value at a path.
 */
export function alternativeIssues(
  data: unknown,
  file: string,
  sites: readonly ChoiceSite[],
  validate: (data: unknown) => void,
  apply: (draft: unknown, path: string, value: unknown) => void,
): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const site of sites) {
    site.alternatives.forEach((alternative, index) => {
      if (index === site.default) return;
      try {
        // a copy: the file's data stays as read, and the alternative's value is not frozen with it
        const value = structuredClone(alternative.value);
        validate(produce(data, (draft) => apply(draft, site.path, value)));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const quoted = error.issues
          .slice(0, QUOTED)
          .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
        const more =
          error.issues.length > QUOTED ? ` (and ${error.issues.length - QUOTED} more)` : '';
        issues.push({
          file,
          path: `${site.location}.alternatives.${alternative.name}`,
          message: `expected an alternative that gives a valid file when applied alone at ${site.path}; with it, ${quoted.join('; ')}${more}`,
        });
      }
    });
  }
  return issues;
}
