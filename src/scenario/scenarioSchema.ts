/**
 * The schema of a scenario file: the ladder and the adversary, reporting, capacities, the outcome
 * measured, links, consensus and integration costs, organisations and decisions, procedures in
 * force, and for a historical incident what was observed. Cross-references are checked by
 * `validate.ts`.
 */
import { z } from 'zod';
import {
  ChoicesSchema,
  Cited,
  DistributionSchema,
  Duration,
  Id,
  MINUTES_PER_DAY,
  Nation,
  Probability,
  RangeSchema,
  Situation,
  delayBeforeChoosingAgain,
  positiveDuration,
} from './primitives.js';
import { DecisionSchema } from './decisionSchema.js';
import { OrganisationSchema } from './organisationSchema.js';
import { BriefingSchema } from './briefingSchema.js';

export const RungSchema = z.strictObject({
  id: Id,
  label: z.string(),
  situation: Situation,
  phase: z.number().int().nonnegative(),
  /** JCG units the incidents at this rung call for; above `jcgCapacity` the JCG cannot cope. */
  jcgLoad: z.number().int().nonnegative(),
  /**
   * Police units the incidents at this rung call for (0: none); above `policeCapacity` the general
   * police cannot cope.
   */
  policeLoad: z.number().int().nonnegative().default(0),
  /**
   * The rung begins with a contact of unknown identity (a sighting): its report waits for the
   * identification delay (`reporting.identification`) the first time the ladder enters it.
   */
  identify: z.boolean().default(false),
  /** Whose units suffer hostile acts at this rung. */
  hostileActs: z.array(Nation).default([]),
  /**
   * Facts true while the ladder is at this rung (conditions read them like any fact), e.g. a
   * submerged submarine present; each declared in `ladder.facts`.
   */
  facts: z.array(Id).default([]),
  ...Cited,
});

const AdversaryRungSchema = z.strictObject({
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

const LimitsSchema = z
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

/**
 * One end of an observed interval: a documented time on the incident's clock (minutes after its
 * time 0), a rung's first entry (at or after the interval opens, when it is the end), a
 * contact's identification at a rung, or a decision's first entry into force in the run.
 */
const IntervalEndSchema = z.union([
  z.strictObject({ at: Duration }),
  z.strictObject({ rung: Id }),
  z.strictObject({ identified: Id }),
  z.strictObject({ decision: Id }),
]);

/**
 * What history recorded of an interval: a length (`2h55m`), a window when the times are known only
 * roughly (`{ between: [2h45m, 3h05m] }`), or a censored observation: `{ notWithin: 29h41m }` (the
 * interval had not closed that long after it opened, for example no order before the ship sank) or
 * `{ within: 4h25m }` (it had closed by then, when only a bound is on record).
 */
const ObservationSchema = z.union([
  Duration,
  z
    .strictObject({ between: z.tuple([Duration, Duration]) })
    .refine((w) => w.between[0] < w.between[1], {
      error: 'expected a window [earliest, latest] with earliest before latest',
    }),
  z.strictObject({ notWithin: positiveDuration('an interval is always at least zero long') }),
  z.strictObject({
    within: positiveDuration('an interval closed within zero minutes is a length: write 0'),
  }),
]);

/** One interval history recorded, mapped to the model quantity it corresponds to. */
const ObservedIntervalSchema = z.strictObject({
  id: Id,
  label: z.string().min(1),
  from: IntervalEndSchema,
  to: IntervalEndSchema,
  observed: ObservationSchema,
  ...Cited,
});

/**
 * What history recorded of an incident: its events with their times, and the intervals between
 * them that the model must reproduce, each mapped to the model quantity it corresponds to.
 */
const ObservedSchema = z.strictObject({
  /** The C2 design in force at the time (a design of the scenario's design folder). */
  design: Id,
  /** What time 0 of the incident's clock is, in the record's words (for example "23 March 1999, 06:42 JST"). */
  timeZero: z.string().min(1).optional(),
  events: z
    .array(
      z.strictObject({
        at: z.string().min(1),
        what: z.string().min(1),
        /** The time on the incident's clock, when the record gives it to the minute. */
        clock: Duration.optional(),
        ...Cited,
      }),
    )
    .default([]),
  intervals: z.array(ObservedIntervalSchema).min(1),
});

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  id: Id,
  title: z.string(),
  /** Registered ranges of top-level numbers (`jcgCapacity`, `policeCapacity`), each with its reason. */
  ranges: z.record(z.string().min(1), RangeSchema).optional(),
  /** Structural alternatives to top-level values, by path (see `ChoiceSchema`). */
  choices: ChoicesSchema.optional(),
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
    /**
     * The facts rungs may carry (`rungs[].facts`), declared once so that a scenario whose rungs
     * carry none of them still reads them.
     */
    facts: z.array(Id).default([]),
  }),
  adversary: z.strictObject({
    rungs: z.record(Id, AdversaryRungSchema),
    /**
     * Signed weight of each alliance decision in the posture the adversary reads: positive deters,
     * negative provokes.
     */
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
    /**
     * The alliance mechanism learns of each rung when this nation's capital does (with its report,
     * not a draw of its own).
     */
    allianceLearnsWith: Nation,
    /**
     * How long a contact of unknown identity takes to be identified as the situation its rung
     * describes (rungs with `identify: true`): until then nobody is told of the rung.
     */
    identification: DistributionSchema.optional(),
    ...Cited,
  }),
  jcgCapacity: z.number().int().positive(),
  /** What the general police can handle, in the units of the rungs' `policeLoad` ([SDFAct] Art. 78). */
  policeCapacity: z.number().int().positive(),
  outcome: z.strictObject({
    responseInPlace: z.array(Id).min(1),
    /**
     * The legal states whose first entry is when force was first used (a run's `japanUsedForceAt`):
     * a nation and a state of its legal posture as the trace names it (`engagement/useOfForce`).
     */
    useOfForce: z.array(z.strictObject({ nation: Nation, state: z.string().min(1) })),
    ...Cited,
  }),
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
  /** Text for the players of a live game (objectives, what each side knows); the model never reads it. */
  briefing: BriefingSchema.optional(),
});
