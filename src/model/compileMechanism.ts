/**
 * The alliance mechanism of a design as a run uses it: its bodies, how consultation runs through
 * them (with the scenario's consensus rules), what activates them and what an integrated command
 * takes over (with the scenario's costs of integration).
 */
import { NATIONS, type ConsultationRule, type Design, type Scenario } from '../scenario/schema.js';
import { toSampler } from '../math/distributions.js';
import { compileCondition, type LadderIndex } from './knowledge.js';
import type {
  CompiledConsensus,
  CompiledConsultation,
  CompiledIntegrationCosts,
  CompiledMechanism,
} from './compiled.js';

function compileConsensus(c: NonNullable<Scenario['consensus']>): CompiledConsensus {
  return {
    objectionProbability: c.objection.probability,
    revision: toSampler(c.objection.revision),
    breakdownAfter: c.breakdown.afterRounds,
    retry: toSampler(c.breakdown.retry),
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

function compileConsultation(c: ConsultationRule, ladder: LadderIndex): CompiledConsultation {
  const cond = (x: Parameters<typeof compileCondition>[0]) => compileCondition(x, ladder);
  return {
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
  };
}

/** The design's mechanism with the scenario's rules of consensus and costs of integration. */
export function compileMechanism(
  scenario: Scenario,
  design: Design,
  ladder: LadderIndex,
): CompiledMechanism {
  const m = design.mechanism;
  return {
    bodies: new Set(m.bodies),
    ...(scenario.consensus ? { consensus: compileConsensus(scenario.consensus) } : {}),
    ...(m.activation ? { activationDecision: m.activation.decision } : {}),
    consultation: m.consultation.map((c) => compileConsultation(c, ladder)),
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
  };
}
