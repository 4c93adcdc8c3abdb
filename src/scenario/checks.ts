/**
 * The checks scenario and design files share: ids unique, ids known (listing the known ones),
 * the ids a condition refers to, and the facts conditions may read.
 */
import { ACTIVATION_REQUESTED, type Condition, type Decision, type Scenario } from './schema.js';

/** Reports a problem at a path inside the file being checked. */
export type Report = (path: string, message: string) => void;

/** Reports every id that an earlier item already has. */
export function duplicates(
  ids: readonly string[],
  at: (i: number) => string,
  what: string,
  report: Report,
): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    if (seen.has(id))
      report(`${at(i)}.id`, `duplicate ${what} id "${id}" (first at ${at(seen.get(id)!)})`);
    else seen.set(id, i);
  });
}

/** Reports an id that is not among the known ones, listing them. */
export function expectIn(
  set: ReadonlySet<string>,
  id: string | undefined,
  path: string,
  what: string,
  report: Report,
): void {
  if (id !== undefined && !set.has(id))
    report(path, `unknown ${what} "${id}" (expected one of: ${[...set].sort().join(', ')})`);
}

/** The ids a file may refer to. */
export interface Known {
  rungs: ReadonlySet<string>;
  decisions: ReadonlySet<string>;
  orgs: ReadonlySet<string>;
  facts: ReadonlySet<string>;
  procedures: ReadonlySet<string>;
}

/** Checks the ids a condition refers to. */
export function checkCondition(c: Condition, path: string, known: Known, report: Report): void {
  expectIn(known.rungs, c.rungAtLeast, `${path}.rungAtLeast`, 'rung', report);
  expectIn(known.rungs, c.rungBelow, `${path}.rungBelow`, 'rung', report);
  c.rungIn?.forEach((r, i) => expectIn(known.rungs, r, `${path}.rungIn[${i}]`, 'rung', report));
  c.decided?.forEach((d, i) =>
    expectIn(known.decisions, d, `${path}.decided[${i}]`, 'decision', report),
  );
  c.decidedAny?.forEach((d, i) =>
    expectIn(known.decisions, d, `${path}.decidedAny[${i}]`, 'decision', report),
  );
  c.notDecided?.forEach((d, i) =>
    expectIn(known.decisions, d, `${path}.notDecided[${i}]`, 'decision', report),
  );
  c.facts?.forEach((f, i) =>
    expectIn(known.facts, f, `${path}.facts[${i}]`, 'fact (set by no decision)', report),
  );
}

/**
 * Facts conditions may read: those decisions establish, the scenario's procedures, the rungs'
 * facts, and the activation request.
 */
export function factsOf(decisions: readonly Decision[], s: Scenario): Set<string> {
  return new Set([
    ACTIVATION_REQUESTED,
    ...Object.keys(s.procedures),
    ...s.ladder.facts,
    ...decisions.flatMap((d) => d.effects.facts),
  ]);
}
