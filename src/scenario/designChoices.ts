/**
 * Whether a design differs from its parent only by what it is made of and by registered
 * assumptions: a design can no longer differ from another by an unregistered choice.
 *
 * What a design is made of is stated in its `differences` and is not a choice of the register: the
 * organisations, links and decisions it has or lacks (whole items), the bodies it counts as its
 * mechanism (`mechanism.bodies`), and a consultation rule's `via` or `when` where they name an
 * organisation or decision the parent does not have (a rule through a new body, or one that waits
 * for the design's own activation). Every other change relative to the parent, a structural field
 * (which offices concur, which categories a rule takes, `requiresActive`, a referral, members, the
 * bodies stood up, integration, activation, a decision's trigger, standing decisions) or a number,
 * must be registered in the design's own register: a choice (`choices:`) or a range (`ranges:`) at
 * its path or above it, or, for a change that adds or removes a whole entry, one inside it. The
 * register's own ranges are not changes of this kind.
 */
import { designChanges, type DesignChange } from './designDiff.js';
import { collectRegister } from './register.js';
import type { Design } from './schema.js';

/** The path is the other path or under it. */
const isUnder = (path: string, above: string) =>
  path === above || path.startsWith(`${above}.`) || path.startsWith(`${above}[`);

/** A whole organisation, link or decision, or the list of the mechanism's bodies. */
const MADE_OF = /^(?:(?:organisations|links|decisions)\[[^\]]+\]|mechanism\.bodies)$/;
const RULE_FIELD = /^mechanism\.consultation\[(\d+)\]\.(via|when)(?:\.|$)/;

/** The ids a consultation rule's `via` or `when` names. */
function namedBy(design: Design, rule: number, field: string): string[] {
  const r = design.mechanism.consultation[rule];
  if (!r) return [];
  if (field === 'via') return [r.via];
  return Object.values(r.when).flatMap((v) =>
    Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [],
  );
}

/** Whether a change is what the design is made of (see the module's rules). */
function madeOf(change: DesignChange, child: Design, parent: Design): boolean {
  if (MADE_OF.test(change.path)) return true;
  const rule = RULE_FIELD.exec(change.path);
  if (!rule) return false;
  const parentHas = new Set([
    ...parent.organisations.map((o) => o.id),
    ...parent.decisions.map((d) => d.id),
  ]);
  const named = namedBy(child, Number(rule[1]), rule[2]!);
  return named.length > 0 && named.every((id) => !parentHas.has(id));
}

/**
 * The changes of a resolved design relative to its resolved parent that neither state what it is
 * made of nor are registered (a choice or a range of the design's own register at the change's
 * path, above it, or inside a whole entry it adds or removes).
 */
export function unregisteredChanges(child: Design, parent: Design): DesignChange[] {
  const registered = collectRegister(child, child.id).assumptions.flatMap((a) => a.paths);
  return designChanges(child, parent).filter(
    (c) =>
      !madeOf(c, child, parent) &&
      !/\.ranges(?:\[|\.|$)/.test(c.path) &&
      !registered.some((r) => isUnder(c.path, r) || isUnder(r, c.path)),
  );
}
