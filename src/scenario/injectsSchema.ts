/**
 * The schema of an injects list (a master scenario events list, MSEL): the injects a control cell
 * prepares before a live game, each at a simulated time (`scenarios/injects/*.yaml`). What each
 * item names (a fact, a rung, an organisation, a seat) is checked against the game's model and
 * seats where the list is loaded (`live/msel.ts`); this schema checks the file's shape.
 */
import { z } from 'zod';
import { Duration, Id, SIDES } from './primitives.js';

/**
 * Limits of an organisation inject (scheduled or not): a capacity of at least one item, a
 * processing-time factor from a twentieth to twenty.
 */
const ORGANISATION_LIMITS = {
  capacity: { min: 1, max: 1000 },
  delayFactor: { min: 0.05, max: 20 },
} as const;

/** What every item has: its id, when it fires, what the control cell reads or sends, and where it comes from. */
const ItemBase = {
  /** Unique in the list; the log names a fired item by it. */
  id: Id,
  /** Simulated time from the start of the game at which it fires (`12h`, `1d6h`, minutes as a number). */
  at: Duration,
  /** What the control cell reads (and, for a message, what the recipient reads). */
  text: z.string().min(1).max(4000),
  /** The source document it comes from. */
  source: z.string().min(1).max(2000).optional(),
  /** Anything else the control cell should know about it. */
  note: z.string().min(1).max(2000).optional(),
};

/** A fact made known to a side (`to`: japan, unitedStates, alliance or all). */
const FactItemSchema = z.strictObject({
  ...ItemBase,
  kind: z.literal('fact'),
  to: z.enum([...SIDES, 'all']),
  fact: Id,
});

/** A message to a seat of the game, or to every player seat (`all`). */
const MessageItemSchema = z.strictObject({
  ...ItemBase,
  kind: z.literal('message'),
  to: z.string().min(1).max(100),
});

/** The adversary moves the crisis to `rung` (refused when it is not next to the rung the crisis is at then). */
const MoveItemSchema = z.strictObject({
  ...ItemBase,
  kind: z.literal('move'),
  rung: Id,
});

/** An organisation's change: a capacity, a factor on its processing times, or both (one at least). */
export const ORGANISATION_CHANGE = {
  capacity: z
    .number()
    .int()
    .min(ORGANISATION_LIMITS.capacity.min)
    .max(ORGANISATION_LIMITS.capacity.max)
    .optional(),
  delayFactor: z
    .number()
    .min(ORGANISATION_LIMITS.delayFactor.min)
    .max(ORGANISATION_LIMITS.delayFactor.max)
    .optional(),
};

/** An organisation handles more or fewer items at once, or works faster or slower, from then on. */
const OrganisationItemSchema = z
  .strictObject({ ...ItemBase, kind: z.literal('organisation'), org: Id, ...ORGANISATION_CHANGE })
  .refine((o) => o.capacity !== undefined || o.delayFactor !== undefined, {
    error: 'expected a capacity, a delayFactor or both',
  });

/** One scheduled inject. */
export const ScheduleItemSchema = z.discriminatedUnion('kind', [
  FactItemSchema,
  MessageItemSchema,
  MoveItemSchema,
  OrganisationItemSchema,
]);

/** An injects file: what it is for, and its items. */
export const InjectsFileSchema = z.strictObject({
  /** What the list is, for the control cell. */
  title: z.string().min(1).max(200).optional(),
  /** The scenario file it was written for (informative). */
  scenario: z.string().min(1).max(500).optional(),
  description: z.string().min(1).max(4000).optional(),
  injects: z.array(ScheduleItemSchema).max(500),
});

/** A scheduled inject, its time in simulated minutes. */
export type ScheduleItem = z.output<typeof ScheduleItemSchema>;
/** An injects file as validated. */
export type InjectsFile = z.output<typeof InjectsFileSchema>;
