/**
 * The parts of a compiled model: decisions, their steps, organisations and the alliance mechanism,
 * with conditions as predicates and distributions as samplers. The decision machines are built
 * from these (`decision.ts`), and the engine reads them.
 */
import type { ConsultationRule, Decision, Nation, Organisation } from '../scenario/schema.js';
import type { Sampler } from '../math/distributions.js';
import type { DecisionEffects, Knowledge, Predicate } from './knowledge.js';

/** A step of a national chain: an organisation, whether it approves, and its fast path. */
export interface CompiledStep {
  readonly org: string;
  readonly approval: boolean;
  /** Approval and political steps stay in every route, whatever the design. */
  readonly kept: boolean;
  /** Faster procedures, the first whose condition holds serving (see {@link fastPathFor}). */
  readonly fastPaths: ReadonlyArray<{
    readonly when: Predicate;
    readonly processing: Sampler;
    readonly label: string;
  }>;
}

/** The fast path that serves a step when the side knows `k`, if any. */
export function fastPathFor(
  s: CompiledStep,
  k: Knowledge,
): CompiledStep['fastPaths'][number] | undefined {
  return s.fastPaths.find((f) => f.when(k));
}

/** A decision as the engine runs it (`compileDecision.ts`). */
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
  /**
   * Probability of approving when asked, given what the side knows: by a procedure in force, else
   * by phase or situation.
   */
  readonly approveProbability: (k: Knowledge) => number;
  /** Whether the order has legal preconditions, so that an approving body may stand by until they hold. */
  readonly anticipates: boolean;
  readonly reconsider: Sampler;
  readonly effects: Decision['effects'];
  /**
   * What the other sides learn of it besides that it is in force: its recognition of the situation
   * (public, a Basic Response Plan).
   */
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
  /** Decided on the scene: its guards read the rung as it happens, not as reported. */
  readonly onScene: boolean;
}

/**
 * What a decision's machine reads of it (`decision.ts`): its conditions, approvals, standing and
 * Diet, of its numbers only the Diet's deadline. Two decisions equal in these get equal machines
 * (`compile.ts`'s `structureKey` names them).
 */
export type DecisionStructure = Pick<
  CompiledDecision,
  'id' | 'key' | 'standing' | 'trigger' | 'requires' | 'requiredApprovals' | 'dietUrgent'
> & {
  readonly diet?: Pick<NonNullable<CompiledDecision['diet']>, 'org' | 'timing' | 'deadline'>;
  readonly calibration?: Pick<NonNullable<CompiledDecision['calibration']>, 'standDown'>;
};

/** An organisation as the engine runs it (`compileNetwork.ts`). */
export interface CompiledOrganisation {
  readonly id: string;
  readonly side: Organisation['side'];
  readonly label: string;
  readonly processing: Sampler;
  readonly capacity: number;
  readonly meets?: { readonly every: number; readonly processing: Sampler };
  /**
   * Not manned in peacetime: how long it takes to stand up, and the decision that stands it up if
   * it is needed later.
   */
  readonly standUp?: {
    readonly kind: string;
    readonly time: Sampler;
    readonly onDecision?: string;
  };
  /** Multiplier from exchange officers inside the staff process. */
  readonly officerFactor: number;
}

/** A consultation rule of the design's mechanism (`compileMechanism.ts`). */
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

/** The design's alliance mechanism with the scenario's consensus and integration costs. */
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

/** The adversary's policy on one rung: how long it dwells, how likely it advances or steps down. */
export interface AdversaryRungPolicy {
  readonly dwell: Sampler;
  readonly advance: number;
  readonly stepDown: number;
}
