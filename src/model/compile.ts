/**
 * Compiles a validated scenario and C2 design into a `Model`: conditions become predicates,
 * distributions become samplers, and the machines are built once, to be reused for every run.
 */
import type {
  Condition,
  ConsultationRule,
  Decision,
  Design,
  Nation,
  Organisation,
  Scenario,
  Side,
  Step,
} from '../scenario/schema.js';
import { toSampler, type Sampler } from '../math/distributions.js';
import {
  compileCondition,
  createKnowledgeStore,
  ladderIndex,
  type DecisionEffects,
  type Knowledge,
  type KnowledgeStore,
  type LadderIndex,
  type Predicate,
} from './knowledge.js';
import { stateKey } from './types.js';
import { createDecisionMachine, type DecisionMachine } from './decision.js';
import { createLegalMachine, type LegalMachine } from './legal.js';
import { createLadderMachine } from './ladder.js';
import { createAdversaryMachine } from './adversary.js';
import { SITUATIONS } from '../scenario/schema.js';
import { NATIONS } from '../scenario/primitives.js';

export interface CompiledStep {
  readonly org: string;
  readonly approval: boolean;
  /** Approval and political steps stay in every route, whatever the design. */
  readonly kept: boolean;
  readonly fastPath?: {
    readonly when: Predicate;
    readonly processing: Sampler;
    readonly label: string;
  };
}

export interface CompiledDecision {
  readonly index: number;
  readonly id: string;
  readonly key: string;
  readonly side: Decision['side'];
  readonly label: string;
  readonly category: Decision['category'];
  readonly trigger: Predicate;
  readonly requires: Predicate;
  readonly chains: ReadonlyArray<{
    readonly nation: Nation;
    readonly steps: readonly CompiledStep[];
  }>;
  readonly requiredApprovals: readonly string[];
  /** Probability of approving when asked, given what the side knows: by a procedure in force, else by phase or situation. */
  readonly approveProbability: (k: Knowledge) => number;
  /** Whether the order has legal preconditions, so that an approving body may stand by until they hold. */
  readonly anticipates: boolean;
  readonly reconsider: Sampler;
  readonly effects: Decision['effects'];
  /** What the other sides learn of it besides that it is in force: its recognition of the situation (public, a Basic Response Plan). */
  readonly publicEffects?: DecisionEffects;
  readonly diet?: {
    readonly org: string;
    readonly timing: 'prior' | 'afterIfUrgent' | 'referral';
    readonly deadline: number;
    readonly deliberation: Sampler;
    readonly approveProbability: number;
  };
  readonly dietUrgent: Predicate;
  readonly calibration?: { readonly standDown: Predicate; readonly review: Sampler };
  readonly standing: boolean;
  /** One nation's own decision: no bilateral consultation. */
  readonly national: boolean;
}

export interface CompiledOrganisation {
  readonly id: string;
  readonly side: Organisation['side'];
  readonly label: string;
  readonly processing: Sampler;
  readonly capacity: number;
  readonly meets?: { readonly every: number; readonly processing: Sampler };
  /** Not manned in peacetime: how long it takes to stand up, and the decision that stands it up if it is needed later. */
  readonly standUp?: {
    readonly kind: string;
    readonly time: Sampler;
    readonly onDecision?: string;
  };
  /** Multiplier from exchange officers inside the staff process. */
  readonly officerFactor: number;
}

export interface CompiledConsultation {
  readonly categories: ReadonlySet<string>;
  readonly via: string;
  readonly when: Predicate;
  readonly mode: ConsultationRule['mode'];
  readonly silence?: { readonly window: number; readonly breakProbability: number };
  readonly concur: ReadonlyArray<{ readonly nation: Nation; readonly org: string }>;
  readonly requiresActive: boolean;
  readonly referral?: { readonly unless: Predicate; readonly to: readonly string[] };
  /** Organisations whose delegates sit in the body while their condition holds: they concur in the room. */
  readonly members: ReadonlyArray<{ readonly when: Predicate; readonly orgs: ReadonlySet<string> }>;
}

/** What an integrated command costs (the scenario's `integration`). */
export interface CompiledIntegrationCosts {
  readonly guidance: Readonly<Record<Nation, string>>;
  readonly reluctance: Readonly<Record<Nation, number>>;
  readonly reconsider: Sampler;
}

/** How a consensus can stall or fail (the scenario's `consensus`). */
export interface CompiledConsensus {
  readonly objectionProbability: number;
  readonly revision: Sampler;
  readonly breakdownAfter: number;
  readonly retry: Sampler;
}

export interface CompiledMechanism {
  readonly bodies: ReadonlySet<string>;
  /** Absent: every consultation settles at its first round. */
  readonly consensus?: CompiledConsensus;
  readonly activationDecision?: string;
  readonly consultation: readonly CompiledConsultation[];
  readonly integration?: {
    readonly decision: string;
    readonly categories: ReadonlySet<string>;
    readonly commandedBy: string;
    /** Absent: the command needs no guidance beyond the chains' own steps. */
    readonly costs?: CompiledIntegrationCosts;
  };
}

export interface AdversaryRungPolicy {
  readonly dwell: Sampler;
  readonly advance: number;
  readonly stepDown: number;
}

/** Everything a run needs, built once per (scenario, design). */
export interface Model {
  readonly scenario: Scenario;
  readonly design: Design;
  readonly horizon: number;
  readonly rungIndex: ReadonlyMap<string, number>;
  readonly objectiveRung: number;
  readonly decisions: readonly CompiledDecision[];
  readonly decisionsById: ReadonlyMap<string, CompiledDecision>;
  readonly organisations: ReadonlyMap<string, CompiledOrganisation>;
  readonly mechanism: CompiledMechanism;
  readonly adversary: {
    readonly rungs: readonly AdversaryRungPolicy[];
    readonly posture: ReadonlyMap<string, number>;
    readonly deterrence: number;
    /** A historical incident's moves (minutes, rung index); the adversary then does not choose. */
    readonly script?: ReadonlyArray<{ readonly at: number; readonly to: number }>;
  };
  readonly reporting: Readonly<Record<Nation, Sampler>>;
  readonly responseInPlace: readonly string[];
  /** Decisions of other authorities whose coming into force each authority's guards read. */
  readonly interests: Readonly<Record<'japan' | 'unitedStates' | 'alliance', ReadonlySet<string>>>;
  /** Latency sampler of the link between two organisations (either direction). */
  link(from: string, to: string): Sampler;
  /** The knowledge values of this model's runs, interned. */
  readonly knowledge: KnowledgeStore;
  readonly machines: {
    readonly ladder: ReturnType<typeof createLadderMachine>;
    readonly adversary: ReturnType<typeof createAdversaryMachine>;
    /** One machine per decision, by decision id, in the order the files list them. */
    readonly decisions: ReadonlyMap<string, DecisionMachine>;
    /** Each side's legal posture. */
    readonly legal: Readonly<Record<Side, LegalMachine>>;
  };
}

/** Decision ids a condition reads. */
function referencedDecisions(c: Condition | undefined): string[] {
  return c ? [...(c.decided ?? []), ...(c.decidedAny ?? []), ...(c.notDecided ?? [])] : [];
}

function decisionConditions(d: Decision): Condition[] {
  return [
    d.trigger,
    d.requires,
    ...(d.diet ? [d.diet.urgentWhen] : []),
    ...(d.calibration ? [d.calibration.standDownWhen] : []),
    ...Object.values(d.chains).flatMap((steps) =>
      (steps ?? []).flatMap((s) => (s.fastPath ? [s.fastPath.when] : [])),
    ),
  ];
}

function compileStep(s: Step, ladder: LadderIndex): CompiledStep {
  return {
    org: s.org,
    approval: s.approval,
    kept: s.approval || s.political,
    ...(s.fastPath
      ? {
          fastPath: {
            when: compileCondition(s.fastPath.when, ladder),
            processing: toSampler(s.fastPath.processing),
            label: s.fastPath.label,
          },
        }
      : {}),
  };
}

/** The probability of approving as a function of the side's knowledge. */
function approvalPolicy(a: Decision['approve']): (k: Knowledge) => number {
  const procedures = Object.entries(a.byProcedure ?? {});
  const bySituation = SITUATIONS.map((s) => a.bySituation?.[s] ?? a.probability);
  const byPhase = a.byPhase;
  const base = byPhase
    ? (k: Knowledge) => byPhase[k.phase] ?? a.probability
    : (k: Knowledge) => bySituation[k.situation]!;
  if (procedures.length === 0) return base;
  return (k) => {
    for (const [procedure, p] of procedures) if (k.facts[procedure]) return p;
    return base(k);
  };
}

function compileDecision(
  d: Decision,
  index: number,
  standing: boolean,
  ladder: LadderIndex,
): CompiledDecision {
  const cond = (c: Parameters<typeof compileCondition>[0]) => compileCondition(c, ladder);
  const chains = NATIONS.filter((n) => d.chains[n] !== undefined).map((nation) => ({
    nation,
    steps: d.chains[nation]!.map((s) => compileStep(s, ladder)),
  }));
  return {
    index,
    id: d.id,
    key: stateKey(d.id),
    side: d.side,
    label: d.label,
    category: d.category,
    trigger: cond(d.trigger),
    requires: cond(d.requires),
    chains,
    requiredApprovals: chains.flatMap((c) => c.steps.filter((s) => s.approval).map((s) => s.org)),
    approveProbability: approvalPolicy(d.approve),
    anticipates: Object.values(d.requires).some((v) => v !== undefined),
    reconsider: toSampler(d.approve.reconsider),
    effects: d.effects,
    ...(d.effects.recognise
      ? { publicEffects: { facts: [], powers: [], recognise: d.effects.recognise } }
      : {}),
    ...(d.diet
      ? {
          diet: {
            org: d.diet.org,
            timing: d.diet.timing,
            deadline: d.diet.deadline,
            deliberation: toSampler(d.diet.deliberation),
            approveProbability: d.diet.approveProbability,
          },
        }
      : {}),
    dietUrgent: cond(d.diet?.urgentWhen ?? {}),
    ...(d.calibration
      ? {
          calibration: {
            standDown: cond(d.calibration.standDownWhen),
            review: toSampler(d.calibration.review),
          },
        }
      : {}),
    standing: standing || d.standing,
    national: d.national,
  };
}

function compileIntegrationCosts(
  i: NonNullable<Scenario['integration']>,
): CompiledIntegrationCosts {
  return {
    guidance: i.guidance,
    reluctance: { japan: i.reluctance.japan, unitedStates: i.reluctance.unitedStates },
    reconsider: toSampler(i.reluctance.reconsider),
  };
}

/** Builds the model of one scenario under one C2 design. */
export function compileModel(scenario: Scenario, design: Design): Model {
  const rungs = scenario.ladder.rungs;
  const ladder = ladderIndex(rungs);
  const { rungIndex } = ladder;
  const cond = (c: Parameters<typeof compileCondition>[0]) => compileCondition(c, ladder);
  const standing = new Set(design.standingDecisions);
  const decisions = [...scenario.decisions, ...design.decisions].map((d, i) =>
    compileDecision(d, i, standing.has(d.id), ladder),
  );
  const m = design.mechanism;
  const bodies = new Set(m.bodies);
  const effects = scenario.optionEffects;
  const officerFactor = design.options.exchangeOfficers
    ? design.options.roeMutuallyAccepted
      ? effects.exchangeProcessingFactor
      : effects.exchangeProcessingFactorWithoutRoe
    : 1;
  const consultationBodies = new Set(m.consultation.map((c) => c.via));
  const designOrgs = new Set(design.organisations.map((o) => o.id));
  const standUps = new Map(
    m.standUp.flatMap((r) =>
      r.bodies.map(
        (b) =>
          [
            b,
            {
              kind: r.kind,
              time: toSampler(scenario.standUp[r.kind]!.time),
              ...(r.onDecision ? { onDecision: r.onDecision } : {}),
            },
          ] as const,
      ),
    ),
  );
  const organisations = new Map<string, CompiledOrganisation>();
  for (const o of [...scenario.organisations, ...design.organisations]) {
    const meets =
      o.meets ??
      (design.options.weeklyInteragency && consultationBodies.has(o.id)
        ? effects.interagencyMeeting
        : undefined);
    organisations.set(o.id, {
      id: o.id,
      side: o.side,
      label: o.label,
      processing: toSampler(o.processing),
      capacity: o.capacity,
      ...(meets ? { meets: { every: meets.every, processing: toSampler(meets.processing) } } : {}),
      ...(standUps.has(o.id) ? { standUp: standUps.get(o.id)! } : {}),
      // exchange officers work inside the design's own bodies; a national body it uses as a node keeps the scenario's numbers
      officerFactor: bodies.has(o.id) && designOrgs.has(o.id) ? officerFactor : 1,
    });
  }
  const links = new Map<string, Sampler>();
  const liaison = design.options.liaisonOfficers ? effects.liaisonLatencyFactor : 1;
  const scaled = (s: Sampler, f: number): Sampler => (f === 1 ? s : (u) => s(u) * f);
  // liaison officers relay between the sides: every link that crosses from one side to another is shorter
  const crosses = (a: string, b: string) =>
    organisations.get(a)!.side !== organisations.get(b)!.side;
  for (const l of design.links) {
    const s = scaled(toSampler(l.latency), crosses(l.from, l.to) ? liaison : 1);
    links.set(`${l.from}>${l.to}`, s);
    links.set(`${l.to}>${l.from}`, s);
  }
  const within = toSampler(scenario.links.withinSide);
  const cross = toSampler(scenario.links.crossSide);
  const link = (from: string, to: string): Sampler => {
    const key = `${from}>${to}`;
    let s = links.get(key);
    if (!s) {
      s = crosses(from, to) ? scaled(cross, liaison) : within;
      links.set(key, s);
    }
    return s;
  };
  const decisionsById = new Map(decisions.map((d) => [d.id, d]));
  const sources = [...scenario.decisions, ...design.decisions];
  const interestOf = (side: 'japan' | 'unitedStates' | 'alliance', extra: Condition[]) =>
    new Set(
      [...sources.filter((d) => d.side === side).flatMap(decisionConditions), ...extra]
        .flatMap(referencedDecisions)
        .filter((id) => decisionsById.get(id)?.side !== side),
    );
  const mechanismConditions = [
    ...m.consultation.flatMap((c) => [
      c.when,
      ...(c.referral?.unless ? [c.referral.unless] : []),
      ...c.members.map((x) => x.when),
    ]),
  ];
  const adversaryRungs = rungs.map((r) => {
    const a = scenario.adversary.rungs[r.id]!;
    return { dwell: toSampler(a.dwell), advance: a.advance, stepDown: a.stepDown };
  });
  return {
    scenario,
    design,
    horizon: scenario.horizon,
    rungIndex,
    objectiveRung: rungIndex.get(scenario.ladder.objective)!,
    decisions,
    decisionsById,
    organisations,
    mechanism: {
      bodies,
      ...(scenario.consensus
        ? {
            consensus: {
              objectionProbability: scenario.consensus.objection.probability,
              revision: toSampler(scenario.consensus.objection.revision),
              breakdownAfter: scenario.consensus.breakdown.afterRounds,
              retry: toSampler(scenario.consensus.breakdown.retry),
            },
          }
        : {}),
      ...(m.activation ? { activationDecision: m.activation.decision } : {}),
      consultation: m.consultation.map((c) => ({
        categories: new Set(c.categories),
        via: c.via,
        when: cond(c.when),
        mode: c.mode,
        ...(c.silence ? { silence: c.silence } : {}),
        concur: NATIONS.filter((n) => c.concur[n]).map((nation) => ({
          nation,
          org: c.concur[nation]!,
        })),
        requiresActive: c.requiresActive,
        ...(c.referral
          ? {
              referral: {
                unless: c.referral.unless ? cond(c.referral.unless) : () => false,
                to: c.referral.to,
              },
            }
          : {}),
        members: c.members.map((x) => ({ when: cond(x.when), orgs: new Set(x.orgs) })),
      })),
      ...(m.integration
        ? {
            integration: {
              decision: m.integration.decision,
              categories: new Set(m.integration.categories),
              commandedBy: m.integration.commandedBy,
              ...(scenario.integration
                ? { costs: compileIntegrationCosts(scenario.integration) }
                : {}),
            },
          }
        : {}),
    },
    adversary: {
      rungs: adversaryRungs,
      posture: new Map(Object.entries(scenario.adversary.posture)),
      deterrence: scenario.adversary.deterrence,
      ...(scenario.adversary.script
        ? { script: scenario.adversary.script.map((m) => ({ at: m.at, to: rungIndex.get(m.to)! })) }
        : {}),
    },
    reporting: {
      japan: toSampler(scenario.reporting.japan),
      unitedStates: toSampler(scenario.reporting.unitedStates),
    },
    responseInPlace: scenario.outcome.responseInPlace,
    interests: {
      japan: interestOf('japan', []),
      unitedStates: interestOf('unitedStates', []),
      alliance: interestOf('alliance', mechanismConditions),
    },
    link,
    knowledge: createKnowledgeStore(rungs, scenario),
    machines: {
      ladder: createLadderMachine(scenario),
      adversary: createAdversaryMachine(
        rungIndex.get(scenario.ladder.start)!,
        adversaryRungs.map((r) => r.dwell),
      ),
      decisions: new Map(decisions.map((d) => [d.id, createDecisionMachine(d)])),
      legal: {
        japan: createLegalMachine('japan', { kind: 'japan' }),
        unitedStates: createLegalMachine('unitedStates', { kind: 'unitedStates' }),
        alliance: createLegalMachine('alliance', {
          kind: 'alliance',
          ...(m.activation ? { activationDecision: m.activation.decision } : {}),
          ...(m.integration ? { integrationDecision: m.integration.decision } : {}),
        }),
      },
    },
  };
}
