/**
 * Cross-reference checks of a C2 design against the scenario it runs on: its own organisations and
 * decisions (new ids only), its links, and its mechanism: bodies, activation, integrated command,
 * consultation rules and the bodies it stands up.
 */
import type { InputIssue } from './errors.js';
import { collectAssumptions } from './register.js';
import type { Design, Scenario } from './schema.js';
import {
  checkCondition,
  duplicates,
  expectIn,
  factsOf,
  type Known,
  type Report,
} from './checks.js';
import { checkCycles, checkDecisions } from './checkDecisions.js';
import { checkFactCycles } from './factCycles.js';

/** The design's organisations and decisions: new ids, none the scenario already defines. */
function checkOwnIds(d: Design, s: Scenario, report: Report): void {
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
}

/**
 * The decision that activates the bodies is an alliance decision of the design, and is not itself
 * consulted through a body that waits for its activation.
 */
function checkActivation(d: Design, designAlliance: ReadonlySet<string>, report: Report): void {
  const m = d.mechanism;
  if (!m.activation) return;
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

/** The integrated command's decision is an alliance decision of the design; its commander an organisation. */
function checkIntegration(
  d: Design,
  designAlliance: ReadonlySet<string>,
  known: Known,
  report: Report,
): void {
  const integration = d.mechanism.integration;
  if (!integration) return;
  expectIn(
    designAlliance,
    integration.decision,
    'mechanism.integration.decision',
    'alliance decision of this design',
    report,
  );
  expectIn(
    known.orgs,
    integration.commandedBy,
    'mechanism.integration.commandedBy',
    'organisation',
    report,
  );
}

/** Each consultation rule: its body, concurring and referred organisations, members and conditions. */
function checkConsultation(d: Design, known: Known, report: Report): void {
  d.mechanism.consultation.forEach((c, i) => {
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
}

/**
 * The bodies the design stands up: its own (a national body's numbers are the scenario's), each
 * once, of a kind the scenario knows, called up by a known decision.
 */
function checkStandUp(d: Design, s: Scenario, known: Known, report: Report): void {
  const m = d.mechanism;
  const scenarioOrgs = new Set(s.organisations.map((o) => o.id));
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
}

/** Checks a parsed design against the scenario it will run on. */
export function checkDesign(
  d: Design,
  s: Scenario,
  file: string,
  checkRanges = true,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const report: Report = (path, message) => issues.push({ file, path, message });
  checkOwnIds(d, s, report);
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
  // a path into the scenario's and the design's decisions together, as one of either
  const reportAll: Report = (path, message) =>
    report(
      path.replace(/^decisions\[(\d+)\]/, (_, n) =>
        Number(n) < s.decisions.length
          ? `(scenario) decisions[${n}]`
          : `decisions[${Number(n) - s.decisions.length}]`,
      ),
      message,
    );
  checkCycles(allDecisions, 'decisions', reportAll);
  checkFactCycles(allDecisions, s, 'decisions', reportAll, new Set(d.standingDecisions));
  d.mechanism.bodies.forEach((b, i) =>
    expectIn(known.orgs, b, `mechanism.bodies[${i}]`, 'organisation', report),
  );
  const designAlliance = new Set(d.decisions.filter((x) => x.side === 'alliance').map((x) => x.id));
  checkActivation(d, designAlliance, report);
  checkIntegration(d, designAlliance, known, report);
  checkConsultation(d, known, report);
  checkStandUp(d, s, known, report);
  const scenarioDecisions = new Set(s.decisions.map((x) => x.id));
  d.standingDecisions.forEach((x, i) =>
    expectIn(scenarioDecisions, x, `standingDecisions[${i}]`, 'scenario decision', report),
  );
  issues.push(...collectAssumptions(d, file, '', checkRanges).issues);
  return issues;
}
