/** The schema of organisations and the links between them, as scenario and design files state them. */
import { z } from 'zod';
import { Cited, DistributionSchema, Id, OrgSide, positiveDuration } from './primitives.js';

/** An organisation: its side, processing time, capacity and meetings. */
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

/** A link between two organisations and its message latency. */
export const LinkSchema = z.strictObject({
  from: Id,
  to: Id,
  latency: DistributionSchema,
  ...Cited,
});
