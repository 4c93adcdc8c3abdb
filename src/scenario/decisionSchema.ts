/**
 * The schema of a decision, as scenario and design files state it: the conditions it reads, the
 * steps of its national chains, the powers and facts it grants, its approval policy, the Diet's
 * part and its calibration. Cross-references are checked by `validate.ts`.
 */
import { z } from 'zod';
import {
  Category,
  Cited,
  DistributionSchema,
  Duration,
  Id,
  Nation,
  Power,
  Probability,
  Side,
  Situation,
  delayBeforeChoosingAgain,
} from './primitives.js';

/** A conjunction of conditions on the world as an authority knows it. Every field is optional. */
export const ConditionSchema = z.strictObject({
  rungAtLeast: Id.optional(),
  rungBelow: Id.optional(),
  rungIn: z.array(Id).optional(),
  phaseAtLeast: z.number().int().nonnegative().optional(),
  phaseBelow: z.number().int().nonnegative().optional(),
  /** The situation the Cabinet has recognised (Japan's recognition, kept apart from orders). */
  recognisedAtLeast: Situation.optional(),
  /** The situation the facts on the ladder support, whatever has been recognised. */
  situationAtLeast: Situation.optional(),
  situationBelow: Situation.optional(),
  /** The reported rung's JCG load exceeds the JCG's capacity ([SDFAct] Art. 82, [WP2025]). */
  jcgOverwhelmed: z.boolean().optional(),
  /** The reported rung's police load exceeds the general police's capacity ([SDFAct] Art. 78). */
  policeOverwhelmed: z.boolean().optional(),
  facts: z.array(Id).optional(),
  decided: z.array(Id).optional(),
  /** At least one of these decisions is in force. */
  decidedAny: z.array(Id).min(1).optional(),
  notDecided: z.array(Id).optional(),
});

const FastPathSchema = z.strictObject({
  when: ConditionSchema,
  processing: DistributionSchema,
  label: z.string(),
  ...Cited,
});

/** A step of a national chain: the organisation, whether it is a legal approval or political, its fast path. */
export const StepSchema = z.strictObject({
  org: Id,
  /** A legal approval: the authority machine records it and guards the order on it. */
  approval: z.boolean().default(false),
  /** Political steps (PM, Cabinet, Diet, President) stay in every design's route. */
  political: z.boolean().default(false),
  /**
   * A faster procedure that replaces the organisation's processing when its condition holds, or
   * several, the first whose condition holds serving (a telephone Cabinet in its covered cases, else
   * a decision by circulation).
   */
  fastPath: z.union([FastPathSchema, z.array(FastPathSchema).min(1)]).optional(),
});

/** What an order in force establishes: facts, powers, a recognised situation. */
const EffectsSchema = z.strictObject({
  facts: z.array(Id).default([]),
  /** Powers the order grants while in force (the legal postures read `policing`, `useOfForce`, `collectiveDefense`). */
  powers: z.array(Power).default([]),
  recognise: Situation.optional(),
});

/** The stochastic policy that answers a decision point unless a script or a person does. */
const ApprovalPolicySchema = z.strictObject({
  probability: Probability,
  /**
   * Japan's side: by the situation the Cabinet has recognised (short of a recognised attack, normal
   * or gray zone as the facts support).
   */
  bySituation: z.partialRecord(Situation, Probability).optional(),
  /** The U.S. side: by its own readiness phase (the rung's `phase`), not Japan's situation ([Schoff2022]). */
  byPhase: z
    .record(z.string().regex(/^\d+$/, 'expected a phase number (0, 1, 2, …)'), Probability)
    .optional(),
  /**
   * While a procedure of the scenario's `procedures` is in force, its probability applies instead
   * (the first listed wins).
   */
  byProcedure: z.record(Id, Probability).optional(),
  /** The wait after a deferral (or a Diet rejection) before the decision is taken again. */
  reconsider: delayBeforeChoosingAgain(
    'a deferred decision would be taken again at the same simulated instant, for ever if it is never approved',
  ),
  ...Cited,
});

/** A decision: its side, trigger, legal preconditions, chains, approval policy, effects, Diet and calibration. */
export const DecisionSchema = z.strictObject({
  id: Id,
  side: Side,
  label: z.string(),
  category: Category,
  trigger: ConditionSchema,
  requires: ConditionSchema.default({}),
  /** National chains, run in parallel; a national decision has one, an alliance decision both. */
  chains: z.partialRecord(Nation, z.array(StepSchema).min(1)),
  approve: ApprovalPolicySchema,
  effects: EffectsSchema.default({ facts: [], powers: [] }),
  diet: z
    .strictObject({
      /** The organisation that deliberates (the Diet). */
      org: Id,
      timing: z.enum(['prior', 'afterIfUrgent', 'referral']),
      urgentWhen: ConditionSchema.default({}),
      deadline: Duration,
      deliberation: DistributionSchema,
      approveProbability: Probability,
      ...Cited,
    })
    .optional(),
  /** "Minimum necessary" calibration: the operation stands down when the ladder drops below. */
  calibration: z
    .strictObject({ standDownWhen: ConditionSchema, review: DistributionSchema, ...Cited })
    .optional(),
  /** Decisions already in force at the start (for example a standing headquarters). */
  standing: z.boolean().default(false),
  /**
   * A decision of one nation alone (a U.S. joint task force, Japan's Art. 95-2 protection): it
   * never passes through the bilateral body.
   */
  national: z.boolean().default(false),
  /**
   * Decided by an organisation on the scene (the Coast Guard declaring it cannot cope), on what it
   * sees there: each rung as it happens, once identified, not as the capital's report brings it.
   */
  onScene: z.boolean().default(false),
  ...Cited,
});
