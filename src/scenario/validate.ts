/**
 * Cross-reference checks that a schema alone cannot make: ids that must exist, ids that must be
 * unique, and decision dependencies that must not form a cycle.
 */
import type { InputIssue } from './errors.js';
import { collectAssumptions } from './register.js';
import {
  ACTIVATION_REQUESTED,
  RUN_LIMITS,
  type Condition,
  type Decision,
  type Design,
  type Organisation,
  type Scenario,
} from './schema.js';

type Report = (path: string, message: string) => void;

function duplicates(
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

function expectIn(
  set: ReadonlySet<string>,
  id: string | undefined,
  path: string,
  what: string,
  report: Report,
): void {
  if (id !== undefined && !set.has(id))
    report(path, `unknown ${what} "${id}" (expected one of: ${[...set].sort().join(', ')})`);
}

interface Known {
  rungs: ReadonlySet<string>;
  decisions: ReadonlySet<string>;
  orgs: ReadonlySet<string>;
  facts: ReadonlySet<string>;
  procedures: ReadonlySet<string>;
}

function checkCondition(c: Condition, path: string, known: Known, report: Report): void {
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

function checkDecisions(
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
        if (s.fastPath) checkCondition(s.fastPath.when, `${path}.fastPath.when`, known, report);
      });
    }
  });
}

/** Reports decisions whose `decided` dependencies (trigger or requires) form a cycle. */
function checkCycles(decisions: readonly Decision[], prefix: string, report: Report): void {
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

/** Facts conditions may read: those decisions establish, the scenario's procedures, the rungs' facts, and the activation request. */
function factsOf(decisions: readonly Decision[], s: Scenario): Set<string> {
  return new Set([
    ACTIVATION_REQUESTED,
    ...Object.keys(s.procedures),
    ...s.ladder.facts,
    ...decisions.flatMap((d) => d.effects.facts),
  ]);
}

/** Checks a parsed scenario on its own. */
export function checkScenario(s: Scenario, file: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const report: Report = (path, message) => issues.push({ file, path, message });
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
  const orgs = new Map(s.organisations.map((o) => [o.id, o]));
  const known: Known = {
    rungs: new Set(s.ladder.rungs.map((r) => r.id)),
    decisions: new Set(s.decisions.map((d) => d.id)),
    orgs: new Set(orgs.keys()),
    facts: factsOf(s.decisions, s),
    procedures: new Set(Object.keys(s.procedures)),
  };
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
  for (const [nation, org] of Object.entries(s.integration?.guidance ?? {})) {
    const at = `integration.guidance.${nation}`;
    if (!orgs.has(org)) expectIn(known.orgs, org, at, 'organisation', report);
    else if (orgs.get(org)!.side !== nation)
      report(
        at,
        `expected an organisation of ${nation}, got "${org}" (side ${orgs.get(org)!.side})`,
      );
  }
  if (!Number.isFinite(Object.values(s.adversary.posture).reduce((a, b) => a + b, 0))) {
    report(
      'adversary.posture',
      'expected weights with a finite total (this total overflows, and the posture the adversary reads would not be a number)',
    );
  }
  s.report?.keyDecisions.forEach((d, i) =>
    expectIn(known.decisions, d, `report.keyDecisions[${i}]`, 'decision', report),
  );
  s.observed?.intervals.forEach((interval, i) => {
    for (const end of ['from', 'to'] as const) {
      const e = interval[end];
      if ('rung' in e)
        expectIn(known.rungs, e.rung, `observed.intervals[${i}].${end}.rung`, 'rung', report);
      else
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
  checkDecisions(s.decisions, 'decisions', known, orgs, report);
  checkCycles(s.decisions, 'decisions', report);
  issues.push(...collectAssumptions(s, file).issues);
  return issues;
}

/** Checks a parsed design against the scenario it will run on. */
export function checkDesign(d: Design, s: Scenario, file: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const report: Report = (path, message) => issues.push({ file, path, message });
  const scenarioOrgs = new Set(s.organisations.map((o) => o.id));
  d.organisations.forEach((o, i) => {
    if (scenarioOrgs.has(o.id))
      report(`organisations[${i}].id`, `organisation "${o.id}" is already defined by the scenario`);
  });
  duplicates(
    d.organisations.map((o) => o.id),
    (i) => `organisations[${i}]`,
    'organisation',
    report,
  );
  const scenarioDecisions = new Set(s.decisions.map((x) => x.id));
  d.decisions.forEach((x, i) => {
    if (scenarioDecisions.has(x.id))
      report(`decisions[${i}].id`, `decision "${x.id}" is already defined by the scenario`);
  });
  const allDecisions = [...s.decisions, ...d.decisions];
  const orgs = new Map([...s.organisations, ...d.organisations].map((o) => [o.id, o]));
  const known: Known = {
    rungs: new Set(s.ladder.rungs.map((r) => r.id)),
    decisions: new Set(allDecisions.map((x) => x.id)),
    orgs: new Set(orgs.keys()),
    facts: factsOf(allDecisions, s),
    procedures: new Set(Object.keys(s.procedures)),
  };
  d.links.forEach((l, i) => {
    expectIn(known.orgs, l.from, `links[${i}].from`, 'organisation', report);
    expectIn(known.orgs, l.to, `links[${i}].to`, 'organisation', report);
  });
  checkDecisions(d.decisions, 'decisions', known, orgs, report);
  checkCycles(allDecisions, 'decisions', (path, message) =>
    report(
      path.replace(/^decisions\[(\d+)\]/, (_, n) =>
        Number(n) < s.decisions.length
          ? `(scenario) decisions[${n}]`
          : `decisions[${Number(n) - s.decisions.length}]`,
      ),
      message,
    ),
  );
  const m = d.mechanism;
  m.bodies.forEach((b, i) =>
    expectIn(known.orgs, b, `mechanism.bodies[${i}]`, 'organisation', report),
  );
  const designAlliance = new Set(d.decisions.filter((x) => x.side === 'alliance').map((x) => x.id));
  if (m.activation) {
    expectIn(
      designAlliance,
      m.activation.decision,
      'mechanism.activation.decision',
      'alliance decision of this design',
      report,
    );
    const activation = d.decisions.find((x) => x.id === m.activation!.decision);
    const waits =
      activation &&
      m.consultation.findIndex(
        (c) =>
          c.requiresActive &&
          c.categories.includes(activation.category) &&
          !(c.when.decided ?? []).includes(activation.id),
      );
    if (activation && waits !== undefined && waits >= 0) {
      report(
        `mechanism.consultation[${waits}]`,
        `the activation decision "${activation.id}" (category ${activation.category}) would be consulted through a body that waits for that very activation; give it another category or requiresActive: false`,
      );
    }
  }
  if (m.integration) {
    expectIn(
      designAlliance,
      m.integration.decision,
      'mechanism.integration.decision',
      'alliance decision of this design',
      report,
    );
    expectIn(
      known.orgs,
      m.integration.commandedBy,
      'mechanism.integration.commandedBy',
      'organisation',
      report,
    );
  }
  m.consultation.forEach((c, i) => {
    const at = `mechanism.consultation[${i}]`;
    expectIn(known.orgs, c.via, `${at}.via`, 'organisation', report);
    for (const [nation, org] of Object.entries(c.concur))
      expectIn(known.orgs, org, `${at}.concur.${nation}`, 'organisation', report);
    checkCondition(c.when, `${at}.when`, known, report);
    if (c.mode === 'silence' && !c.silence)
      report(`${at}.silence`, 'mode "silence" needs silence.window and silence.breakProbability');
    c.referral?.to.forEach((o, j) =>
      expectIn(known.orgs, o, `${at}.referral.to[${j}]`, 'organisation', report),
    );
    if (c.referral?.unless)
      checkCondition(c.referral.unless, `${at}.referral.unless`, known, report);
    c.members.forEach((x, j) => {
      x.orgs.forEach((o, k) =>
        expectIn(known.orgs, o, `${at}.members[${j}].orgs[${k}]`, 'organisation', report),
      );
      checkCondition(x.when, `${at}.members[${j}].when`, known, report);
    });
  });
  const national = (org: string) =>
    `"${org}" is a national body of the scenario: its numbers are the scenario's, the same in every design; a design adds, removes and tunes only bilateral bodies and links (its own organisations: ${d.organisations.map((o) => o.id).join(', ') || 'none'})`;
  const kinds = new Set(Object.keys(s.standUp));
  m.standUp.forEach((r, i) => {
    r.bodies.forEach((b, j) => {
      if (scenarioOrgs.has(b)) report(`mechanism.standUp[${i}].bodies[${j}]`, national(b));
      else
        expectIn(
          new Set(d.organisations.map((o) => o.id)),
          b,
          `mechanism.standUp[${i}].bodies[${j}]`,
          'organisation of this design',
          report,
        );
    });
    expectIn(
      kinds,
      r.kind,
      `mechanism.standUp[${i}].kind`,
      "kind of body of the scenario's standUp",
      report,
    );
    if (r.onDecision)
      expectIn(
        known.decisions,
        r.onDecision,
        `mechanism.standUp[${i}].onDecision`,
        'decision',
        report,
      );
  });
  const stoodUp = new Set<string>();
  m.standUp.forEach((r, i) =>
    r.bodies.forEach((b, j) => {
      if (stoodUp.has(b))
        report(
          `mechanism.standUp[${i}].bodies[${j}]`,
          `"${b}" is stood up by an earlier entry already; a body has one kind and one call-up`,
        );
      stoodUp.add(b);
    }),
  );
  d.standingDecisions.forEach((x, i) =>
    expectIn(scenarioDecisions, x, `standingDecisions[${i}]`, 'scenario decision', report),
  );
  issues.push(...collectAssumptions(d, file).issues);
  return issues;
}
