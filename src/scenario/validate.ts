/**
 * Cross-reference checks that a schema alone cannot make: ids that must exist, ids that must be
 * unique, and decision dependencies that must not form a cycle. A scenario is checked here on its
 * own; a design against its scenario in `validateDesign.ts`.
 */
import type { InputIssue } from './errors.js';
import { collectAssumptions } from './register.js';
import { LEGAL_STATES } from './primitives.js';
import { RUN_LIMITS, type Scenario } from './schema.js';
import { duplicates, expectIn, factsOf, type Known, type Report } from './checks.js';
import { checkCycles, checkDecisions } from './checkDecisions.js';
import { checkFactCycles } from './factCycles.js';

/** Minutes as the largest whole unit that states them exactly ("21d", "36h", "90m"). */
function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** A scripted adversary moves one rung at a time, in time order, from the ladder's start. */
function checkScript(s: Scenario, rungs: ReadonlySet<string>, report: Report): void {
  const order = s.ladder.rungs.map((r) => r.id);
  let at = order.indexOf(s.ladder.start);
  let time = 0;
  s.adversary.script?.forEach((move, i) => {
    const path = `adversary.script[${i}]`;
    if (!rungs.has(move.to)) return expectIn(rungs, move.to, `${path}.to`, 'rung', report);
    const to = order.indexOf(move.to);
    if (Math.abs(to - at) !== 1)
      report(
        `${path}.to`,
        `expected a rung next to ${order[at]} (the adversary moves one rung at a time), got ${move.to}`,
      );
    if (move.at < time)
      report(`${path}.at`, 'expected moves in time order (each at or after the one before)');
    if (move.at > s.horizon) report(`${path}.at`, 'expected a time within the horizon');
    at = to;
    time = move.at;
  });
}

/** The horizon within the limits, and ids unique: rungs (none named `idle`), decisions, organisations. */
function checkIds(s: Scenario, report: Report): void {
  if (s.horizon > s.limits.horizon) {
    report(
      'horizon',
      `expected at most limits.horizon (${formatMinutes(s.limits.horizon)}), got ${formatMinutes(s.horizon)}; raise limits.horizon (up to ${formatMinutes(RUN_LIMITS.horizon.max)}) if the run really needs it`,
    );
  }
  duplicates(
    s.ladder.rungs.map((r) => r.id),
    (i) => `ladder.rungs[${i}]`,
    'rung',
    report,
  );
  // the ladder machine waits for the start in a state of this name, before any rung
  s.ladder.rungs.forEach(
    (r, i) =>
      r.id === 'idle' &&
      report(
        `ladder.rungs[${i}].id`,
        'expected a rung id other than "idle" (the ladder\'s state before the start)',
      ),
  );
  duplicates(
    s.decisions.map((d) => d.id),
    (i) => `decisions[${i}]`,
    'decision',
    report,
  );
  duplicates(
    s.organisations.map((o) => o.id),
    (i) => `organisations[${i}]`,
    'organisation',
    report,
  );
}

/** The ladder's start, objective and the facts its rungs carry (each declared in `ladder.facts`). */
function checkLadder(s: Scenario, known: Known, report: Report): void {
  expectIn(known.rungs, s.ladder.start, 'ladder.start', 'rung', report);
  const rungFacts = new Set(s.ladder.facts);
  s.ladder.rungs.forEach((r, i) =>
    r.facts.forEach((f, j) =>
      expectIn(
        rungFacts,
        f,
        `ladder.rungs[${i}].facts[${j}]`,
        'rung fact (declared in ladder.facts)',
        report,
      ),
    ),
  );
  expectIn(known.rungs, s.ladder.objective, 'ladder.objective', 'rung', report);
  s.ladder.rungs.forEach((r, i) => {
    if (r.identify && !s.reporting.identification)
      report(
        `ladder.rungs[${i}].identify`,
        'a rung whose contact must be identified needs reporting.identification (how long identifying takes)',
      );
  });
}

/** The adversary's policy on every rung and no other, the decisions its posture reads, its script. */
function checkAdversary(s: Scenario, known: Known, report: Report): void {
  for (const [rung, a] of Object.entries(s.adversary.rungs)) {
    expectIn(known.rungs, rung, `adversary.rungs.${rung}`, 'rung', report);
    if (a.advance + a.stepDown > 1)
      report(`adversary.rungs.${rung}`, 'advance + stepDown must not exceed 1');
  }
  for (const r of s.ladder.rungs)
    if (!Object.hasOwn(s.adversary.rungs, r.id))
      report('adversary.rungs', `missing the adversary's policy on rung "${r.id}"`);
  for (const d of Object.keys(s.adversary.posture))
    expectIn(known.decisions, d, `adversary.posture.${d}`, 'decision', report);
  checkScript(s, known.rungs, report);
}

/** The organisation that gives each nation's guidance to an integrated command is that nation's. */
function checkIntegration(s: Scenario, known: Known, report: Report): void {
  const orgs = new Map(s.organisations.map((o) => [o.id, o]));
  for (const [nation, org] of Object.entries(s.integration?.guidance ?? {})) {
    const at = `integration.guidance.${nation}`;
    if (!orgs.has(org)) expectIn(known.orgs, org, at, 'organisation', report);
    else if (orgs.get(org)!.side !== nation)
      report(
        at,
        `expected an organisation of ${nation}, got "${org}" (side ${orgs.get(org)!.side})`,
      );
  }
}

/** What a comparison reports and measures (key decisions, the response, the use of force) and what history observed. */
function checkMeasures(s: Scenario, known: Known, report: Report): void {
  s.report?.keyDecisions.forEach((d, i) =>
    expectIn(known.decisions, d, `report.keyDecisions[${i}]`, 'decision', report),
  );
  s.observed?.intervals.forEach((interval, i) => {
    for (const end of ['from', 'to'] as const) {
      const e = interval[end];
      if ('rung' in e)
        expectIn(known.rungs, e.rung, `observed.intervals[${i}].${end}.rung`, 'rung', report);
      else if ('identified' in e)
        expectIn(
          known.rungs,
          e.identified,
          `observed.intervals[${i}].${end}.identified`,
          'rung',
          report,
        );
      else if ('decision' in e)
        expectIn(
          known.decisions,
          e.decision,
          `observed.intervals[${i}].${end}.decision`,
          'decision',
          report,
        );
    }
  });
  if (s.counterfactual && !s.observed)
    report(
      'counterfactual',
      'a counterfactual varies a historical incident: it extends a scenario with an observed block (or has one itself)',
    );
  s.outcome.responseInPlace.forEach((d, i) =>
    expectIn(known.decisions, d, `outcome.responseInPlace[${i}]`, 'decision', report),
  );
  s.outcome.useOfForce.forEach((f, i) =>
    expectIn(
      new Set<string>(LEGAL_STATES[f.nation]),
      f.state,
      `outcome.useOfForce[${i}].state`,
      `state of ${f.nation}'s legal posture`,
      report,
    ),
  );
}

/** Checks a parsed scenario on its own. */
export function checkScenario(s: Scenario, file: string, checkRanges = true): InputIssue[] {
  const issues: InputIssue[] = [];
  const report: Report = (path, message) => issues.push({ file, path, message });
  checkIds(s, report);
  const orgs = new Map(s.organisations.map((o) => [o.id, o]));
  const known: Known = {
    rungs: new Set(s.ladder.rungs.map((r) => r.id)),
    decisions: new Set(s.decisions.map((d) => d.id)),
    orgs: new Set(orgs.keys()),
    facts: factsOf(s.decisions, s),
    procedures: new Set(Object.keys(s.procedures)),
  };
  checkLadder(s, known, report);
  checkAdversary(s, known, report);
  checkIntegration(s, known, report);
  if (!Number.isFinite(Object.values(s.adversary.posture).reduce((a, b) => a + b, 0))) {
    report(
      'adversary.posture',
      'expected weights with a finite total (this total overflows, and the posture the adversary reads would not be a number)',
    );
  }
  checkMeasures(s, known, report);
  checkDecisions(s.decisions, 'decisions', known, orgs, report);
  checkCycles(s.decisions, 'decisions', report);
  checkFactCycles(s.decisions, s, 'decisions', report);
  issues.push(...collectAssumptions(s, file, '', checkRanges).issues);
  return issues;
}
