/**
 * Compiles a validated scenario and C2 design into a `Model`: conditions become predicates,
 * distributions become samplers, and the machines are built once, to be reused for every run.
 */
import {
  NATIONS,
  type Condition,
  type Design,
  type Scenario,
  type Side,
} from '../scenario/schema.js';
import { toSampler } from '../math/distributions.js';
import { createKnowledgeStore, ladderIndex } from './knowledge.js';
import { compileDecision, decisionConditions, referencedDecisions } from './compileDecision.js';
import { compileLinks, compileOrganisations } from './compileNetwork.js';
import { compileMechanism } from './compileMechanism.js';
import { createDecisionMachine } from './decision.js';
import { createLegalMachine } from './legal.js';
import { createLadderMachine } from './ladder.js';
import { createAdversaryMachine } from './adversary.js';
import type { CompiledDecision } from './compiled.js';
import type { Model } from './model.js';

export type { CompiledDecision } from './compiled.js';
export type { Model } from './model.js';

/**
 * Decisions of other authorities whose coming into force each authority's guards read; the
 * alliance's include those its mechanism's conditions read.
 */
function interestsOf(
  scenario: Scenario,
  design: Design,
  decisionsById: ReadonlyMap<string, CompiledDecision>,
): Model['interests'] {
  const sources = [...scenario.decisions, ...design.decisions];
  const interestOf = (side: Side, extra: Condition[]) =>
    new Set(
      [...sources.filter((d) => d.side === side).flatMap(decisionConditions), ...extra]
        .flatMap(referencedDecisions)
        .filter((id) => decisionsById.get(id)?.side !== side),
    );
  const mechanismConditions = design.mechanism.consultation.flatMap((c) => [
    c.when,
    ...(c.referral?.unless ? [c.referral.unless] : []),
    ...c.members.map((x) => x.when),
  ]);
  return {
    japan: interestOf('japan', []),
    unitedStates: interestOf('unitedStates', []),
    alliance: interestOf('alliance', mechanismConditions),
  };
}

/** The adversary's policy on each rung, its posture weights and, for an incident, its script. */
function compileAdversary(scenario: Scenario, rungIndex: ReadonlyMap<string, number>) {
  const a = scenario.adversary;
  return {
    rungs: scenario.ladder.rungs.map((r) => {
      const policy = a.rungs[r.id]!;
      return {
        dwell: toSampler(policy.dwell),
        advance: policy.advance,
        stepDown: policy.stepDown,
      };
    }),
    posture: new Map(Object.entries(a.posture)),
    deterrence: a.deterrence,
    ...(a.script ? { script: a.script.map((m) => ({ at: m.at, to: rungIndex.get(m.to)! })) } : {}),
  };
}

/** Each side's legal posture machine; the alliance's follows the design's activation and integration. */
function legalMachines(design: Design): Model['machines']['legal'] {
  const m = design.mechanism;
  return {
    japan: createLegalMachine('japan', { kind: 'japan' }),
    unitedStates: createLegalMachine('unitedStates', { kind: 'unitedStates' }),
    alliance: createLegalMachine('alliance', {
      kind: 'alliance',
      ...(m.activation ? { activationDecision: m.activation.decision } : {}),
      ...(m.integration ? { integrationDecision: m.integration.decision } : {}),
    }),
  };
}

/** The machines of a model: its ladder, its adversary, one per decision and each side's legal posture. */
function machinesOf(
  scenario: Scenario,
  design: Design,
  decisions: readonly CompiledDecision[],
  rungIndex: ReadonlyMap<string, number>,
): Model['machines'] {
  return {
    ladder: createLadderMachine(scenario),
    adversary: createAdversaryMachine(
      rungIndex.get(scenario.ladder.start)!,
      scenario.ladder.rungs.length,
    ),
    decisions: new Map(decisions.map((d) => [d.id, createDecisionMachine(d)])),
    legal: legalMachines(design),
  };
}

/**
 * What models of one structure can share: the machines and the knowledge store, and the budget of
 * the memos they then share (see {@link structureKey}).
 */
export type ModelStructure = Pick<Model, 'machines' | 'knowledge' | 'memoBudget'>;

/**
 * Everything a model's machines and knowledge store are built from, as text: models whose files
 * give the same key can share them ({@link compileModelOfStructure}). The ladder machine reads the
 * rungs' ids and the start, the adversary's the start and the number of rungs (its dwell is drawn
 * through the model's samplers, `draws.ts`), the legal postures the decisions that activate and
 * integrate the mechanism; each decision's machine what `DecisionStructure` (compiled.ts) holds (conditions
 * compile with the rungs' ids and facts); the knowledge store each rung's situation and phase,
 * whether its loads overwhelm the Coast Guard and the police, and the procedures in force. A
 * decision's side is in it too: the trace's record of a state change, worked out once per pair of
 * snapshots (`engine/traceDiff.ts`), names it, and models that share machines share snapshots.
 */
export function structureKey(scenario: Scenario, design: Design): string {
  const standing = new Set(design.standingDecisions);
  const m = design.mechanism;
  return JSON.stringify([
    scenario.ladder.start,
    scenario.ladder.rungs.map((r) => [
      r.id,
      r.facts,
      r.situation,
      r.phase,
      r.jcgLoad > scenario.jcgCapacity,
      r.policeLoad > scenario.policeCapacity,
    ]),
    Object.entries(scenario.procedures ?? {}).map(([name, p]) => [name, p.inForce]),
    [m.activation?.decision, m.integration?.decision],
    [...scenario.decisions, ...design.decisions].map((d) => [
      d.id,
      d.side,
      standing.has(d.id) || d.standing,
      d.trigger,
      d.requires,
      NATIONS.flatMap((n) => (d.chains[n] ?? []).filter((x) => x.approval).map((x) => x.org)),
      d.diet && [d.diet.org, d.diet.timing, d.diet.deadline, d.diet.urgentWhen],
      d.calibration?.standDownWhen,
    ]),
  ]);
}

/**
 * Builds the model of one scenario under one C2 design.
 *
 * @example
 * ```ts
 * const loaded = loadScenario('scenarios/senkaku-gray-zone.yaml');
 * const model = compileModel(loaded.scenario, loadDesign('scenarios/c2/acm-2015.yaml', loaded.scenario).design);
 * ```
 */
export function compileModel(scenario: Scenario, design: Design): Model {
  return compileModelOfStructure(scenario, design);
}

/**
 * {@link compileModel}, with the parts of `structure` given instead of new ones. The caller vouches
 * that its machines and knowledge store come from a model whose files have the same
 * {@link structureKey} (`assumptions/pointModels.ts` keeps them so).
 */
export function compileModelOfStructure(
  scenario: Scenario,
  design: Design,
  structure: Partial<ModelStructure> = {},
): Model {
  const rungs = scenario.ladder.rungs;
  const ladder = ladderIndex(rungs);
  const { rungIndex } = ladder;
  const standing = new Set(design.standingDecisions);
  const decisions = [...scenario.decisions, ...design.decisions].map((d, i) =>
    compileDecision(d, i, standing.has(d.id), ladder),
  );
  const organisations = compileOrganisations(scenario, design);
  const decisionsById = new Map(decisions.map((d) => [d.id, d]));
  const adversary = compileAdversary(scenario, rungIndex);
  return {
    scenario,
    design,
    horizon: scenario.horizon,
    rungIndex,
    objectiveRung: rungIndex.get(scenario.ladder.objective)!,
    decisions,
    decisionsById,
    organisations,
    mechanism: compileMechanism(scenario, design, ladder),
    adversary,
    reporting: {
      delay: {
        japan: toSampler(scenario.reporting.japan),
        unitedStates: toSampler(scenario.reporting.unitedStates),
      },
      allianceLearnsWith: scenario.reporting.allianceLearnsWith,
      ...(scenario.reporting.identification && {
        identification: toSampler(scenario.reporting.identification),
      }),
    },
    responseInPlace: scenario.outcome.responseInPlace,
    interests: interestsOf(scenario, design, decisionsById),
    link: compileLinks(scenario, design, organisations),
    knowledge: structure.knowledge ?? createKnowledgeStore(rungs, scenario),
    machines: structure.machines ?? machinesOf(scenario, design, decisions, rungIndex),
    ...(structure.memoBudget !== undefined && { memoBudget: structure.memoBudget }),
  };
}
