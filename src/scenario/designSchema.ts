/**
 * The schema of a C2 design file: its own organisations, links and decisions, and the alliance
 * mechanism under test (its bodies, activation, consultation rules, integrated command and bodies
 * stood up when needed). Cross-references are checked by `validate.ts`.
 */
import { z } from 'zod';
import { Category, ChoicesSchema, Cited, Duration, Id, Nation, Probability } from './primitives.js';
import { ConditionSchema, DecisionSchema } from './decisionSchema.js';
import { LinkSchema, OrganisationSchema } from './organisationSchema.js';

/** A rule of consultation through one of the design's bodies, for decisions of some categories. */
export const ConsultationRuleSchema = z.strictObject({
  categories: z.array(Category).min(1),
  via: Id,
  when: ConditionSchema.default({}),
  /** consensus: both capitals concur; silence: passes at the deadline unless a side breaks silence. */
  mode: z.enum(['consensus', 'silence']),
  silence: z.strictObject({ window: Duration, breakProbability: Probability }).optional(),
  /** Capitals' organisations that must concur (consensus) or may break silence. */
  concur: z.partialRecord(Nation, Id),
  /** Consultation through a body that is not active waits for its activation. */
  requiresActive: z.boolean().default(true),
  /** Decisions the body cannot settle at its level are referred to the capitals. */
  referral: z
    .strictObject({ unless: ConditionSchema.optional(), to: z.array(Id).min(1), ...Cited })
    .optional(),
  /**
   * Membership that changes with conditions (a flexing body): while `when` holds, delegates of
   * `orgs` sit in the body with their organisation's authority, so that organisation concurs, or
   * settles a referral, in the room instead of by a round trip to its capital.
   */
  members: z
    .array(z.strictObject({ when: ConditionSchema, orgs: z.array(Id).min(1), ...Cited }))
    .default([]),
  ...Cited,
});

/** A C2 design file. */
export const DesignSchema = z.strictObject({
  $schema: z.string().optional(),
  id: Id,
  label: z.string(),
  description: z.string().optional(),
  organisations: z.array(OrganisationSchema).default([]),
  links: z.array(LinkSchema).default([]),
  decisions: z.array(DecisionSchema).default([]),
  mechanism: z.strictObject({
    bodies: z.array(Id).default([]),
    /** Absent: standing. Present: the decision that activates the bodies. */
    activation: z.strictObject({ decision: Id, ...Cited }).optional(),
    consultation: z.array(ConsultationRuleSchema).default([]),
    integration: z
      .strictObject({
        decision: Id,
        categories: z.array(Category).min(1),
        commandedBy: Id,
        ...Cited,
      })
      .optional(),
    /**
     * Bodies not manned in peacetime: each stands up when first needed (the first item that
     * reaches it), or when `onDecision` comes into force if sooner, and takes its kind's time
     * (the scenario's `standUp`) before it handles anything.
     */
    standUp: z
      .array(
        z.strictObject({
          bodies: z.array(Id).min(1),
          kind: Id,
          onDecision: Id.optional(),
          ...Cited,
        }),
      )
      .default([]),
    /**
     * Structural alternatives to the mechanism's values (what activates the bodies, what triggers
     * integration, which bodies stand up when needed), by path relative to `mechanism`.
     */
    choices: ChoicesSchema.optional(),
  }),
  /** Decisions of the scenario this design puts in force from the start. */
  standingDecisions: z.array(Id).default([]),
  options: z
    .strictObject({
      liaisonOfficers: z.boolean().default(false),
      exchangeOfficers: z.boolean().default(false),
      roeMutuallyAccepted: z.boolean().default(false),
      weeklyInteragency: z.boolean().default(false),
    })
    .default({
      liaisonOfficers: false,
      exchangeOfficers: false,
      roeMutuallyAccepted: false,
      weeklyInteragency: false,
    }),
  ...Cited,
});
