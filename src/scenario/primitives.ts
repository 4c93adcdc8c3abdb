/**
 * The building blocks of the scenario and design schemas: durations, probabilities, identifiers,
 * distributions, the registered ranges of assumptions, citations, and the enumerations (situations,
 * sides, nations, categories, powers, the nations' legal states).
 */
import { z } from 'zod';

const DURATION_PART = /(\d+(?:\.\d+)?)\s*(min|s|m|h|d)\s*/g;
const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?\s*(?:min|s|m|h|d)\s*)+$/;
const UNIT_MINUTES: Record<string, number> = { s: 1 / 60, m: 1, min: 1, h: 60, d: 1440 };
export const MINUTES_PER_DAY = 1440;

/** A non-negative duration in minutes, written as a number of minutes or as "90m", "3h", "2d". */
export const Duration = z
  .union([
    z.number().nonnegative({ error: 'expected a duration of zero or more minutes' }),
    z.string().regex(DURATION_PATTERN, {
      error: 'expected a duration such as 45, "45m", "3h", "2h30m" or "2d"',
    }),
  ])
  .transform((v) => {
    if (typeof v === 'number') return v;
    let minutes = 0;
    for (const [, amount, unit] of v.matchAll(DURATION_PART))
      minutes += Number(amount) * UNIT_MINUTES[unit!]!;
    return minutes;
  })
  // a string of hundreds of digits parses to Infinity, which no clock can reach
  .pipe(z.number({ error: 'expected a finite duration (this one is too large to represent)' }));

/** A duration that must be more than zero; `why` says what a zero would do. */
export function positiveDuration(why: string) {
  return Duration.refine((minutes) => minutes > 0, {
    error: `expected a positive duration: ${why}`,
  });
}

export const Probability = z
  .number()
  .min(0, { error: 'expected a probability in [0, 1]' })
  .max(1, { error: 'expected a probability in [0, 1]' });
/** Names every JavaScript object already answers to; as ids they would pass `in` checks they should fail. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);
export const Id = z
  .string()
  .regex(/^[A-Za-z][\w.-]*$/, { error: 'expected an identifier (letters, digits, ".", "_", "-")' })
  .refine((id) => !RESERVED_NAMES.has(id), {
    error: (issue) =>
      `"${String(issue.input)}" is reserved (every object has a property of that name); choose another id`,
  });

/** A distribution of durations as an author states it. */
export const DistributionSchema = z.union([
  Duration.transform((fixed) => ({ fixed })),
  z.strictObject({ fixed: Duration }),
  z
    .strictObject({ lognormal: z.strictObject({ median: Duration, p90: Duration }) })
    .refine((d) => d.lognormal.median > 0 && d.lognormal.p90 > d.lognormal.median, {
      error: 'lognormal needs 0 < median < p90',
    }),
  z
    .strictObject({ triangular: z.strictObject({ min: Duration, mode: Duration, max: Duration }) })
    .refine((d) => d.triangular.min <= d.triangular.mode && d.triangular.mode <= d.triangular.max, {
      error: 'triangular needs min <= mode <= max',
    }),
  z.strictObject({ exponential: z.strictObject({ mean: Duration }) }),
  z
    .strictObject({ uniform: z.strictObject({ min: Duration, max: Duration }) })
    .refine((d) => d.uniform.min <= d.uniform.max, { error: 'uniform needs min <= max' }),
]);

/** Whether a distribution can give more than zero (false: it is identically zero). */
function canExceedZero(d: z.output<typeof DistributionSchema>): boolean {
  if ('fixed' in d) return d.fixed > 0;
  if ('lognormal' in d) return d.lognormal.median > 0;
  if ('triangular' in d) return d.triangular.max > 0;
  if ('exponential' in d) return d.exponential.mean > 0;
  return d.uniform.max > 0;
}

/**
 * A waiting time after which the same choice is made again: if it is identically zero, simulated
 * time never passes between the choices; `why` says which loop that would be.
 */
export function delayBeforeChoosingAgain(why: string) {
  return DistributionSchema.refine(canExceedZero, {
    error: `expected a delay that can be more than zero: ${why}`,
  });
}

/** The name (`as`) the places that state one assumption share. */
const AssumptionName = z
  .string()
  .regex(/^[A-Za-z][\w.-]*$/, { error: 'expected a name (letters, digits, ".", "_", "-")' });

/** One end of a registered assumption's plausible range: a number, or a duration in the field's own form. */
const RangeBound = z.union([z.number(), Duration]);

/**
 * The plausible range of one number an inference covers: `[low, high]`, or with a reason of its own
 * (otherwise the inference is the reason), the scale to sample it on (`log` for a positive number
 * whose plausible values span a ratio rather than a difference), and a name shared by the places
 * that state one assumption.
 */
export const RangeSchema = z.union([
  z.tuple([RangeBound, RangeBound]).transform(([low, high]) => ({ low, high })),
  z.strictObject({
    low: RangeBound,
    high: RangeBound,
    reason: z.string().min(1).optional(),
    scale: z.enum(['linear', 'log']).optional(),
    /**
     * One assumption stated in several places (a latency every member link shares): the same name
     * ties them, and `--set NAME=…` sets them all.
     */
    as: AssumptionName.optional(),
    /**
     * A shared number the historical record informs: `rungs calibrate --fit` fits it to the
     * incidents' observations.
     */
    calibrate: z.boolean().optional(),
  }),
]);

/**
 * A structural choice: the plausible alternatives for the value at a path relative to the object
 * that states it (which offices concur, which body a category goes through, whether a referral
 * exists), each a value as the file would write it; `null` stands for the key being absent. The
 * file's own value is one of them (its default); `--set ID=NAME` and the studies switch between
 * them. See `choices.ts` for the checks.
 */
export const ChoiceSchema = z.strictObject({
  /** One choice stated in several places (or designs): the same name ties them, like a range's. */
  as: AssumptionName.optional(),
  alternatives: z.record(
    z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, {
      error:
        'expected an alternative name: a lowercase letter, then letters, digits or "-" (e.g. capitals, no-referral)',
    }),
    z.unknown(),
  ),
  /** One line: why these are the plausible alternatives (otherwise the inference's first sentence). */
  reason: z.string().min(1).optional(),
  /** A citation for the alternatives (otherwise the object's source). */
  source: z.string().min(1).optional(),
});

/** The structural choices of an object, by the path (relative to it) each one sets. */
export const ChoicesSchema = z.record(z.string().min(1), ChoiceSchema);

/**
 * Where a fact or parameter comes from. `inference` marks a modelling assumption: no source gives
 * the number, so `ranges` states, for each number it covers (a path relative to this object, such
 * as `processing.lognormal.median`), its plausible low and high: the assumption register.
 * `choices` registers structural alternatives the same way ({@link ChoiceSchema}).
 */
export const Cited = {
  source: z.string().min(1, {
    error: 'every mechanic cites its source (a key of docs/sources.md, such as [SDFAct] Art. 82)',
  }),
  inference: z.string().optional(),
  ranges: z.record(z.string().min(1), RangeSchema).optional(),
  /** Structural alternatives to values of this object, by path: the register's choices. */
  choices: ChoicesSchema.optional(),
};

/** The fact the engine sets in the alliance's knowledge when a consultation waits for a triggered mechanism. */
export const ACTIVATION_REQUESTED = 'activationRequested';

export const SITUATIONS = ['normal', 'grayZone', 'anticipatedAttack', 'armedAttack'] as const;
export const Situation = z.enum(SITUATIONS);
export const SIDES = ['japan', 'unitedStates', 'alliance'] as const;
export const Side = z.enum(SIDES);
export type Side = z.output<typeof Side>;
export const NATIONS = ['japan', 'unitedStates'] as const;
export const Nation = z.enum(NATIONS);
export type Nation = z.output<typeof Nation>;
export const OrgSide = z.enum([...NATIONS, 'bilateral']);
const CATEGORIES = ['policy', 'operational', 'signal', 'legal'] as const;
/**
 * Powers an order may grant while it is in force. The legal postures (`model/legal.ts`) read
 * `policing` and `useOfForce` (Japan) and `collectiveDefense` (the United States); the others are
 * part of what a side knows (its views show them).
 */
export const POWERS = [
  'policing',
  'assetProtection',
  'useOfForce',
  'collectiveSelfDefense',
  'collectiveDefense',
] as const;
export const Power = z.enum(POWERS, {
  error: (issue) =>
    `unknown power ${JSON.stringify(issue.input)} (expected one of: ${POWERS.join(', ')})`,
});
export type Power = z.output<typeof Power>;
/**
 * The states of each nation's legal posture as the trace names them (`<region>/<state>`), which
 * `outcome.useOfForce` may name. `model/legal.ts` builds the machines; a test keeps the two in step.
 */
export const LEGAL_STATES = {
  japan: [
    'recognition/normal',
    'recognition/grayZone',
    'recognition/anticipatedAttack',
    'recognition/armedAttack',
    'authority/lawEnforcement',
    'authority/policing',
    'authority/defense',
    'engagement/none',
    'engagement/coastGuardResponse',
    'engagement/policeWeaponsUse',
    'engagement/useOfForce',
  ],
  unitedStates: [
    'unitSelfDefense/ready',
    'unitSelfDefense/engaged',
    'alliedDefense/notAuthorised',
    'alliedDefense/authorised',
    'alliedDefense/defendingAllies',
  ],
} as const satisfies Readonly<Record<Nation, readonly string[]>>;
export const Category = z.enum(CATEGORIES);
