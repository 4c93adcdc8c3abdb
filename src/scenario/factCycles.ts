/**
 * Decisions that need each other through facts: decision A needs a fact (in its trigger or its
 * requires) that only B's order establishes, and B one that only A's does (or a longer ring).
 * None of them can ever be taken, and a run waits on them without a word; so validation refuses
 * the ring, naming its decisions and the facts that link them.
 *
 * A fact is available from the start when anything but a decision of the ring can establish it:
 * a rung that carries it, a procedure, the activation request, a standing decision, or a decision
 * that can itself be taken. What can be taken is found by a fixpoint, optimistically (rungs,
 * phases and situations are taken as reachable), so only a true ring of needs is refused.
 * Rings through `decided` alone are `checkCycles`' (checkDecisions.ts) and not reported twice.
 */
import { ACTIVATION_REQUESTED } from './primitives.js';
import type { Report } from './checks.js';
import type { Decision, Scenario } from './schema.js';

/** One link of a ring: `from` needs what `to` gives, through `fact` (undefined: `decided`). */
interface Need {
  readonly to: string;
  readonly fact: string | undefined;
  readonly where: 'trigger' | 'requires';
}

/** The facts and decisions each condition of a decision needs. */
function needsOf(d: Decision): {
  facts: [string, Need['where']][];
  decided: [string, Need['where']][];
} {
  const facts: [string, Need['where']][] = [];
  const decided: [string, Need['where']][] = [];
  for (const where of ['trigger', 'requires'] as const) {
    for (const f of d[where].facts ?? []) facts.push([f, where]);
    for (const x of d[where].decided ?? []) decided.push([x, where]);
  }
  return { facts, decided };
}

/** The decisions that can ever be taken, given the facts available without any decision. */
function takeable(
  decisions: readonly Decision[],
  free: ReadonlySet<string>,
  standing: ReadonlySet<string>,
): Set<string> {
  const facts = new Set(free);
  const taken = new Set<string>();
  const take = (d: Decision) => {
    taken.add(d.id);
    for (const f of d.effects.facts) facts.add(f);
  };
  for (const d of decisions) if (standing.has(d.id) || d.standing) take(d);
  for (let changed = true; changed;) {
    changed = false;
    for (const d of decisions) {
      if (taken.has(d.id)) continue;
      const { facts: needed, decided } = needsOf(d);
      const anyOf = [d.trigger.decidedAny, d.requires.decidedAny].filter((a) => a !== undefined);
      if (
        needed.every(([f]) => facts.has(f)) &&
        decided.every(([x]) => taken.has(x)) &&
        anyOf.every((list) => list.some((x) => taken.has(x)))
      ) {
        take(d);
        changed = true;
      }
    }
  }
  return taken;
}

/** The links between decisions that cannot be taken: each one's needs that only others of them give. */
function stuckLinks(
  decisions: readonly Decision[],
  taken: ReadonlySet<string>,
): Map<string, Need[]> {
  const stuck = decisions.filter((d) => !taken.has(d.id));
  const givers = new Map<string, string[]>();
  for (const d of stuck)
    for (const f of d.effects.facts) givers.set(f, [...(givers.get(f) ?? []), d.id]);
  const links = new Map<string, Need[]>();
  for (const d of stuck) {
    const { facts, decided } = needsOf(d);
    links.set(d.id, [
      ...facts.flatMap(([fact, where]) =>
        (givers.get(fact) ?? []).map((to) => ({ to, fact, where })),
      ),
      ...decided
        .filter(([x]) => !taken.has(x))
        .map(([to, where]) => ({ to, fact: undefined, where })),
    ]);
  }
  return links;
}

/** The rings among `links`, each once (as a list of links from its first decision), found depth first. */
function rings(links: ReadonlyMap<string, readonly Need[]>): { from: string; need: Need }[][] {
  const found: { from: string; need: Need }[][] = [];
  const done = new Set<string>();
  const path: { from: string; need: Need }[] = [];
  const onPath = new Map<string, number>();
  const visit = (id: string): void => {
    onPath.set(id, path.length);
    for (const need of links.get(id) ?? []) {
      path.push({ from: id, need });
      const at = onPath.get(need.to);
      if (at !== undefined) found.push(path.slice(at));
      else if (!done.has(need.to)) visit(need.to);
      path.pop();
    }
    onPath.delete(id);
    done.add(id);
  };
  for (const id of links.keys()) if (!done.has(id)) visit(id);
  return found;
}

/**
 * Reports rings of decisions that need each other through facts (see the module's comment).
 * `standing` names the decisions a design puts in force at the start.
 */
export function checkFactCycles(
  decisions: readonly Decision[],
  s: Scenario,
  prefix: string,
  report: Report,
  standing: ReadonlySet<string> = new Set(),
): void {
  const free = new Set([
    ACTIVATION_REQUESTED,
    ...Object.keys(s.procedures),
    ...s.ladder.rungs.flatMap((r) => r.facts),
  ]);
  const taken = takeable(decisions, free, standing);
  if (taken.size === decisions.length) return;
  const index = new Map(decisions.map((d, i) => [d.id, i]));
  for (const ring of rings(stuckLinks(decisions, taken))) {
    if (ring.every((link) => link.need.fact === undefined)) continue;
    const words = ring.map(({ from, need }) =>
      need.fact === undefined
        ? `${from} needs ${need.to} decided`
        : `${from} needs fact ${need.fact}, which ${need.to === from ? 'it' : need.to} establishes`,
    );
    const first = ring[0]!;
    report(
      `${prefix}[${index.get(first.from)}].${first.need.where}`,
      `decisions need each other through facts that nothing else establishes, so none of them can ever be taken: ${words.join('; ')}. Let something else establish one of these facts (a rung's facts, a procedure, a standing decision) or drop one of the needs`,
    );
  }
}
