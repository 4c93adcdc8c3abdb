/**
 * Checks of decisions, in a scenario or a design: what their conditions and chains refer to, an
 * approval policy that fits the side, and `decided` dependencies that must not form a cycle.
 */
import { checkCondition, expectIn, type Known, type Report } from './checks.js';
import type { Decision, Organisation } from './schema.js';

/** Checks each decision: its conditions, approval policy, Diet, calibration and chains. */
export function checkDecisions(
  decisions: readonly Decision[],
  prefix: string,
  known: Known,
  orgs: ReadonlyMap<string, Organisation>,
  report: Report,
): void {
  decisions.forEach((d, i) => {
    const at = `${prefix}[${i}]`;
    checkCondition(d.trigger, `${at}.trigger`, known, report);
    checkCondition(d.requires, `${at}.requires`, known, report);
    if (d.approve.bySituation && d.approve.byPhase)
      report(
        `${at}.approve`,
        "expected bySituation (Japan's legal situation) or byPhase (a readiness phase), not both",
      );
    if (d.side === 'unitedStates' && d.approve.bySituation) {
      report(
        `${at}.approve.bySituation`,
        "a U.S. decision reads the U.S. readiness phase, not Japan's legal situation: give byPhase (probabilities by the rungs' phase numbers) instead",
      );
    }
    for (const procedure of Object.keys(d.approve.byProcedure ?? {}))
      expectIn(
        known.procedures,
        procedure,
        `${at}.approve.byProcedure.${procedure}`,
        "procedure (declared in the scenario's procedures)",
        report,
      );
    if (d.diet) {
      checkCondition(d.diet.urgentWhen, `${at}.diet.urgentWhen`, known, report);
      expectIn(known.orgs, d.diet.org, `${at}.diet.org`, 'organisation', report);
    }
    if (d.calibration)
      checkCondition(d.calibration.standDownWhen, `${at}.calibration.standDownWhen`, known, report);
    const nations = Object.keys(d.chains);
    if (d.side === 'alliance' && nations.length !== 2)
      report(`${at}.chains`, 'an alliance decision needs a japan chain and a unitedStates chain');
    if (d.side !== 'alliance' && (nations.length !== 1 || nations[0] !== d.side))
      report(`${at}.chains`, `a ${d.side} decision needs exactly one chain, "${d.side}"`);
    for (const [nation, steps] of Object.entries(d.chains)) {
      steps?.forEach((s, j) => {
        const path = `${at}.chains.${nation}[${j}]`;
        expectIn(known.orgs, s.org, `${path}.org`, 'organisation', report);
        const org = orgs.get(s.org);
        if (org && org.side !== nation && org.side !== 'bilateral')
          report(`${path}.org`, `organisation "${s.org}" belongs to ${org.side}, not ${nation}`);
        if (Array.isArray(s.fastPath))
          s.fastPath.forEach((f, i) =>
            checkCondition(f.when, `${path}.fastPath[${i}].when`, known, report),
          );
        else if (s.fastPath)
          checkCondition(s.fastPath.when, `${path}.fastPath.when`, known, report);
      });
    }
  });
}

/** Reports decisions whose `decided` dependencies (trigger or requires) form a cycle. */
export function checkCycles(decisions: readonly Decision[], prefix: string, report: Report): void {
  const index = new Map(decisions.map((d, i) => [d.id, i]));
  const deps = (d: Decision) => [
    ...(d.trigger.decided ?? []),
    ...(d.trigger.decidedAny ?? []),
    ...(d.requires.decided ?? []),
    ...(d.requires.decidedAny ?? []),
  ];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, stack: string[]): void => {
    const d = decisions[index.get(id)!];
    if (!d || state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(id)), id];
      report(
        `${prefix}[${index.get(id)}].requires.decided`,
        `decisions depend on each other in a cycle: ${cycle.join(' → ')}`,
      );
      return;
    }
    state.set(id, 'visiting');
    for (const dep of deps(d)) if (index.has(dep)) visit(dep, [...stack, id]);
    state.set(id, 'done');
  };
  for (const d of decisions) visit(d.id, []);
}
