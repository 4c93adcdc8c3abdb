/**
 * zod schemas for scenario files and C2 design files. Durations are minutes; authors may write
 * numbers (minutes) or strings such as "45m", "3h", "2h30m", "2d". Cross-references (rung ids, decision
 * ids, organisation ids) are checked by `validate.ts` once both files are parsed.
 */
import { z } from 'zod';
import {
  Category,
  Cited,
  DistributionSchema,
  Duration,
  Id,
  MINUTES_PER_DAY,
  Nation,
  OrgSide,
  Probability,
  RangeSchema,
  Situation,
  Side,
  delayBeforeChoosingAgain,
  positiveDuration,
} from './primitives.js';

export {
  ACTIVATION_REQUESTED,
  CATEGORIES,
  DistributionSchema,
  Duration,
  NATIONS,
  RESERVED_NAMES,
  RangeSchema,
  SIDES,
  SITUATIONS,
  Nation,
  Side,
  Situation,
  canExceedZero,
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

export const StepSchema = z.strictObject({
  org: Id,
  /** A legal approval: the authority machine records it and guards the order on it. */
  approval: z.boolean().default(false),
  /** Political steps (PM, Cabinet, Diet, President) stay in every design's route. */
  political: z.boolean().default(false),
  /** A faster procedure that replaces the organisation's processing when its condition holds. */
  fastPath: z
    .strictObject({
      when: ConditionSchema,
      processing: DistributionSchema,
      label: z.string(),
      ...Cited,
    })
    .optional(),
});

export const EffectsSchema = z.strictObject({
  facts: z.array(Id).default([]),
  powers: z.array(Id).default([]),
  recognise: Situation.optional(),
});

/** The stochastic policy that answers a decision point unless a script or a person does. */
export const ApprovalPolicySchema = z.strictObject({
  probability: Probability,
  /** Japan's side: by the legal situation its facts support (normal … armedAttack). */
  bySituation: z.partialRecord(Situation, Probability).optional(),
  /** The U.S. side: by its own readiness phase (the rung's `phase`), not Japan's situation ([Schoff2022]). */
  byPhase: z
    .record(z.string().regex(/^\d+$/, 'expected a phase number (0, 1, 2, …)'), Probability)
    .optional(),
  /** While a procedure of the scenario's `procedures` is in force, its probability applies instead (the first listed wins). */
  byProcedure: z.record(Id, Probability).optional(),
  /** The wait after a deferral (or a Diet rejection) before the decision is taken again. */
  reconsider: delayBeforeChoosingAgain(
    'a deferred decision would be taken again at the same simulated instant, for ever if it is never approved',
  ),
  ...Cited,
});

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
  /** A decision of one nation alone (a U.S. joint task force, Japan's Art. 95-2 protection): it never passes through the bilateral body. */
  national: z.boolean().default(false),
  ...Cited,
});

export const OrganisationSchema = z.strictObject({
  id: Id,
  side: OrgSide,
  label: z.string(),
  processing: DistributionSchema,
  capacity: z.number().int().positive({ error: 'expected a capacity of at least 1 item at once' }),
  /** A periodic meeting: items can also be settled at the next meeting. */
  meets: z
    .strictObject({
      every: positiveDuration('a meeting every 0 minutes has no next meeting'),
      processing: DistributionSchema,
      ...Cited,
    })
    .optional(),
  ...Cited,
});

export const LinkSchema = z.strictObject({
  from: Id,
  to: Id,
  latency: DistributionSchema,
  ...Cited,
});

export const RungSchema = z.strictObject({
  id: Id,
  label: z.string(),
  situation: Situation,
  phase: z.number().int().nonnegative(),
  /** JCG units the incidents at this rung call for; above `jcgCapacity` the JCG cannot cope. */
  jcgLoad: z.number().int().nonnegative(),
  /** Police units the incidents at this rung call for (0: none); above `policeCapacity` the general police cannot cope. */
  policeLoad: z.number().int().nonnegative().default(0),
  /** Whose units suffer hostile acts at this rung. */
  hostileActs: z.array(Nation).default([]),
  /** Facts true while the ladder is at this rung (conditions read them like any fact), e.g. a submerged submarine present; each declared in `ladder.facts`. */
  facts: z.array(Id).default([]),
  ...Cited,
});

export const AdversaryRungSchema = z.strictObject({
  /**
   * Time on the rung before the next choice. Never identically zero: holding is always possible
   * (the policy holds unless it advances or steps down, deterrence turns deterred advances into
   * holds, and a script or red-cell player may answer hold), so a zero dwell could repeat the
   * choice at one simulated instant without end.
   */
  dwell: delayBeforeChoosingAgain(
    'holding is always possible (the policy, deterrence, a script or a red-cell player may hold), so the adversary would choose again at the same simulated instant without end',
  ),
  advance: Probability,
  stepDown: Probability,
  ...Cited,
});

/** Bounds of every run of a scenario; `limits` may be left out, and each of its fields too. */
export const RUN_LIMITS = {
  /** Events (deliveries and timers) one run may process before the engine stops it. */
  eventsPerRun: { default: 1_000_000, max: 100_000_000 },
  /** The longest `horizon` the scenario may set, in minutes. */
  horizon: { default: 365 * MINUTES_PER_DAY, max: 3650 * MINUTES_PER_DAY },
} as const;

export const LimitsSchema = z
  .strictObject({
    eventsPerRun: z
      .number()
      .int({ error: 'expected a whole number of events' })
      .positive({ error: 'expected at least 1 event per run' })
      .max(RUN_LIMITS.eventsPerRun.max, {
        error: `expected at most ${RUN_LIMITS.eventsPerRun.max.toLocaleString('en')} events per run`,
      })
      .default(RUN_LIMITS.eventsPerRun.default)
      .describe(
        `Events one run may process before it is stopped with an error (default ${RUN_LIMITS.eventsPerRun.default.toLocaleString('en')}).`,
      ),
    horizon: positiveDuration('a run needs time to pass')
      .refine((minutes) => minutes <= RUN_LIMITS.horizon.max, {
        error: `expected at most ${RUN_LIMITS.horizon.max / MINUTES_PER_DAY}d`,
      })
      .default(RUN_LIMITS.horizon.default)
      .describe(
        `The longest horizon the scenario may set (default ${RUN_LIMITS.horizon.default / MINUTES_PER_DAY}d, at most ${RUN_LIMITS.horizon.max / MINUTES_PER_DAY}d).`,
      ),
  })
  .prefault({});

/** One end of an observed interval: a rung's first entry, or a decision's first entry into force. */
export const IntervalEndSchema = z.union([
  z.strictObject({ rung: Id }),
  z.strictObject({ decision: Id }),
]);

/**
 * What history recorded of an incident: its events (for the reader), and the intervals between
 * them that the model must reproduce, each mapped to the model quantity it corresponds to.
 */
export const ObservedSchema = z.strictObject({
  /** The C2 design in force at the time (a design of the scenario's design folder). */
  design: Id,
  events: z
    .array(z.strictObject({ at: z.string().min(1), what: z.string().min(1), ...Cited }))
    .default([]),
  intervals: z
    .array(
      z.strictObject({
        id: Id,
        label: z.string().min(1),
        from: IntervalEndSchema,
        to: IntervalEndSchema,
        /** The interval history recorded. */
        observed: Duration,
        ...Cited,
      }),
    )
    .min(1),
});

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  id: Id,
  title: z.string(),
  /** Registered ranges of top-level numbers (`jcgCapacity`, `policeCapacity`), each with its reason. */
  ranges: z.record(z.string().min(1), RangeSchema).optional(),
  description: z.string().optional(),
  /** Simulated time a run covers; at most `limits.horizon`. */
  horizon: Duration,
  /** Bounds of every run: event budget and longest horizon (defaults apply when absent). */
  limits: LimitsSchema,
  ladder: z.strictObject({
    start: Id,
    /** Rung at which the adversary holds the objective: a fait accompli if the response is not in place. */
    objective: Id,
    rungs: z.array(RungSchema).min(2, { error: 'a ladder needs at least two rungs' }),
    /** The facts rungs may carry (`rungs[].facts`), declared once so that a scenario whose rungs carry none of them still reads them. */
    facts: z.array(Id).default([]),
  }),
  adversary: z.strictObject({
    rungs: z.record(Id, AdversaryRungSchema),
    /** Signed weight of each alliance decision in the posture the adversary reads: positive deters, negative provokes. */
    posture: z.record(Id, z.number()),
    /** How strongly posture suppresses advancing and encourages stepping down. */
    deterrence: z.number().nonnegative(),
    /**
     * A historical incident's adversary: its moves at fixed times from the start, each to a rung
     * next to the one before. With a script the adversary does not choose; its policy is unused.
     */
    script: z.array(z.strictObject({ at: Duration, to: Id, ...Cited })).optional(),
    ...Cited,
  }),
  reporting: z.strictObject({
    japan: DistributionSchema,
    unitedStates: DistributionSchema,
    ...Cited,
  }),
  jcgCapacity: z.number().int().positive(),
  /** What the general police can handle, in the units of the rungs' `policeLoad` ([SDFAct] Art. 78). */
  policeCapacity: z.number().int().positive(),
  outcome: z.strictObject({ responseInPlace: z.array(Id).min(1), ...Cited }),
  links: z.strictObject({
    withinSide: DistributionSchema,
    crossSide: DistributionSchema,
    ...Cited,
  }),
  /**
   * How a consensus between the capitals can stall or fail, the same for every design: each
   * concurring capital may object and ask for changes in any round (the proposal is revised and
   * sent round again); objections in `afterRounds` rounds in a row break the consensus down, and
   * the capitals try again after `retry`.
   */
  consensus: z
    .strictObject({
      objection: z.strictObject({ probability: Probability, revision: DistributionSchema }),
      breakdown: z.strictObject({
        afterRounds: z.number().int().min(1),
        retry: delayBeforeChoosingAgain(
          'a consensus that broke down would be tried again at the same simulated instant, for ever if it always breaks down',
        ),
      }),
      ...Cited,
    })
    .optional(),
  /**
   * What an integrated command costs, whatever the design that integrates: it answers to both
   * nations, so a decision one nation alone made before now also needs the other's guidance
   * (`guidance`: the organisation that gives each nation's), and that nation may be reluctant and
   * hold it back until it reconsiders. Absent: an integrated command needs no guidance of its own.
   */
  integration: z
    .strictObject({
      guidance: z.strictObject({ japan: Id, unitedStates: Id }),
      reluctance: z.strictObject({
        /** Probability, each time it is asked, that this nation's guidance holds back the other nation's decision. */
        japan: Probability,
        unitedStates: Probability,
        reconsider: delayBeforeChoosingAgain(
          'a reluctant nation would be asked again at the same simulated instant',
        ),
      }),
      ...Cited,
    })
    .optional(),
  /**
   * Kinds of body that are not manned in peacetime and stand up when needed, by name: how long
   * standing one up takes. A design names the kind of each body it stands up (`mechanism.standUp`).
   */
  standUp: z.record(Id, z.strictObject({ time: DistributionSchema, ...Cited })).default({}),
  /** What a design's options do when switched on. */
  optionEffects: z.strictObject({
    liaisonLatencyFactor: z.number().positive(),
    exchangeProcessingFactor: z.number().positive(),
    exchangeProcessingFactorWithoutRoe: z.number().positive(),
    interagencyMeeting: z.strictObject({
      every: positiveDuration('a meeting every 0 minutes has no next meeting'),
      processing: DistributionSchema,
    }),
    ...Cited,
  }),
  organisations: z.array(OrganisationSchema),
  decisions: z.array(DecisionSchema).min(1),
  report: z
    .strictObject({
      /** The decisions a comparison reports first, in this order. */
      keyDecisions: z.array(Id).min(1),
      /** The design others are compared against, by id (default: the first design compared). */
      baseline: Id.optional().describe(
        'The id of the design every other is compared against; when absent or not among the designs compared, the first design listed.',
      ),
    })
    .optional(),
  /**
   * Procedures of the government in force at the scenario's date, by name (such as the 2015
   * telephone Cabinet). Each is a fact every side knows from the start when in force; conditions
   * read it like any fact. A historical incident sets the procedures of its own date.
   */
  procedures: z.record(Id, z.strictObject({ inForce: z.boolean(), ...Cited })).default({}),
  /** For a historical incident: what was observed, which `npm run calibrate` sets against the model. */
  observed: ObservedSchema.optional(),
  /**
   * A counterfactual variant of the historical incident it extends: what reform it puts in force.
   * `npm run calibrate` reports its expected gain over that incident, seed by seed.
   */
  counterfactual: z.strictObject({ reform: z.string().min(1), ...Cited }).optional(),
});

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

export type DurationDistribution = z.output<typeof DistributionSchema>;
export type Condition = z.output<typeof ConditionSchema>;
export type Step = z.output<typeof StepSchema>;
export type Decision = z.output<typeof DecisionSchema>;
export type Organisation = z.output<typeof OrganisationSchema>;
export type Link = z.output<typeof LinkSchema>;
export type Rung = z.output<typeof RungSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type Limits = z.output<typeof LimitsSchema>;
export type Design = z.output<typeof DesignSchema>;
export type ConsultationRule = z.output<typeof ConsultationRuleSchema>;
export type SituationLevel = z.output<typeof Situation>;
