/**
 * The schema of a scenario's briefing: text read to the players of a live game, never read by the
 * model. Words for the facts a scenario's conditions and orders name, and per seat's side its
 * objectives and what it knows at the start, each cited. A scenario's hash leaves it out
 * (`load.ts`), so writing or editing a briefing changes no run, no hash and no stored result.
 */
import { z } from 'zod';
import { Id, SIDES } from './primitives.js';

/** What one side's players are told before play: their objectives and what they know. */
const SideBriefingSchema = z.strictObject({
  objectives: z.array(z.string().min(1)).min(1),
  knows: z.string().min(1),
  source: z.string().min(1, {
    error: 'a briefing cites its source (a key of docs/sources.md, such as [Guidelines2015])',
  }),
  inference: z.string().optional(),
});

/** A scenario's briefing (optional): words for its facts, and each side's read-in. */
export const BriefingSchema = z.strictObject({
  /** A fact's id → what it means, in words (a fact without words is shown as its id spelled out). */
  facts: z.record(Id, z.string().min(1)).default({}),
  /** Per side (and the adversary's seat): objectives and what it knows at the start. */
  sides: z.partialRecord(z.enum([...SIDES, 'adversary']), SideBriefingSchema).default({}),
});
