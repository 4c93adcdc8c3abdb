/**
 * Where an output's numbers came from, as every output records it: each `--set` (and the values
 * taken outside their registered range with `--outside-range`), each `--with`, the posterior and
 * the seeds; and the title that says "with overrides" when there are any.
 */
import type { OverrideRecord } from '../assumptions/setOption.js';
import type { PosteriorRecord } from '../assumptions/posterior.js';

/** What an output records of how it was made. */
export interface Provenance {
  /** Every `--set`, in the order given; empty when the files' values ran. */
  readonly overrides: readonly OverrideRecord[];
  /** The design options each design also ran with (`--with`); empty when none. */
  readonly variants: readonly string[];
  /** The posterior each seed drew the fitted numbers from; absent without one. */
  readonly posterior?: PosteriorRecord;
  /** The seeds, as ranges (`1..200`). */
  readonly seeds: string;
}

/** A title that says "with overrides" when any `--set` changed the files' values. */
export function overriddenTitle(title: string, overrides: readonly unknown[]): string {
  if (overrides.length === 0) return title;
  // a title that is a question takes the words after it, not after a comma
  return title.endsWith('?') ? `${title} (with overrides)` : `${title}, with overrides`;
}

/** One override in words: `ID=VALUE`, saying which values lie outside the registered range. */
function overrideWords(o: OverrideRecord): string {
  const outside = o.outsideRange?.length
    ? ` (${o.outsideRange.join(', ')} outside the registered range, taken with --outside-range)`
    : '';
  return `${o.set}${outside}`;
}

/** The provenance in one sentence, for a report's description or a Markdown summary. */
export function provenanceNote(p: Provenance): string {
  const sets =
    p.overrides.length > 0
      ? `Overrides (--set): ${p.overrides.map(overrideWords).join('; ')}.`
      : 'Overrides (--set): none; the files’ values ran.';
  const variants = `Variants (--with): ${p.variants.length > 0 ? p.variants.join(', ') : 'none'}.`;
  const posterior = p.posterior
    ? `Posterior: ${p.posterior.file} (sha256 ${p.posterior.sha256}).`
    : 'Posterior: none.';
  return `${sets} ${variants} ${posterior} Seeds: ${p.seeds}.`;
}
