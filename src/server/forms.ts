/**
 * The forms the facilitator's pages post, validated with zod and bounded in size: an answer, a
 * position on a joint alliance decision, the
 * control cell's clock, pace, injects, handovers and end, and notes for the record.
 */
import { z } from 'zod';
import { SIDES } from '../scenario/primitives.js';

const Token = z.string().min(1).max(200);

export const AnswerForm = z.strictObject({
  token: Token,
  point: z.string().min(1).max(200),
  answer: z.string().min(1).max(100),
  version: z.coerce.number().int().nonnegative(),
  rationale: z.string().max(4000).optional(),
});

/** A national seat's position on a joint alliance decision (`live/joint.ts`). */
export const PositionForm = z.strictObject({
  token: Token,
  point: z.string().min(1).max(200),
  position: z.enum(['concur', 'object']),
  version: z.coerce.number().int().nonnegative(),
  rationale: z.string().max(4000).optional(),
});

export const AdvanceForm = z.strictObject({
  token: Token,
  to: z.enum(['next', 'hours']),
  hours: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .optional(),
});

export const InjectForm = z.strictObject({
  token: Token,
  type: z.enum(['fact', 'message', 'move', 'organisation']),
  fact: z.string().max(100).optional(),
  side: z.enum([...SIDES, 'all']).optional(),
  to: z.string().max(1000).optional(),
  text: z.string().max(4000).optional(),
  org: z.string().max(100).optional(),
  capacity: z.string().max(20).optional(),
  delayFactor: z.string().max(20).optional(),
});

export const PaceForm = z.strictObject({
  token: Token,
  action: z.enum(['run', 'pause']),
  ratio: z.coerce.number().optional(),
  thinking: z.coerce.number().optional(),
});

export const TokenForm = z.strictObject({ token: Token });

export const NoteForm = z.strictObject({
  token: Token,
  text: z.string().min(1).max(4000),
});

/** A seat's message: to a seat (`all` or a comma list from the control cell), over a channel (blank: the first that reaches). */
export const MessageForm = z.strictObject({
  token: Token,
  to: z.string().min(1).max(1000),
  channel: z.string().max(200).optional(),
  text: z.string().min(1).max(4000),
});

export const HandoverForm = z.strictObject({
  token: Token,
  seat: z.string().min(1).max(100),
});

/** An inject form as the game's log takes it; blank optional fields are absent. */
export function injectOf(form: z.output<typeof InjectForm>): unknown {
  const number = (v?: string) => (v === undefined || v.trim() === '' ? undefined : Number(v));
  switch (form.type) {
    case 'fact':
      return { type: 'fact', fact: form.fact, side: form.side ?? 'all' };
    case 'message':
      return { type: 'message', to: form.to, text: form.text };
    case 'move':
      return { type: 'move', to: form.to };
    case 'organisation': {
      const capacity = number(form.capacity);
      const delayFactor = number(form.delayFactor);
      return {
        type: 'organisation',
        org: form.org,
        ...(capacity === undefined ? {} : { capacity }),
        ...(delayFactor === undefined ? {} : { delayFactor }),
      };
    }
  }
}

/** A form's problems in words: `field: message; …`. */
export const issues = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(form)'}: ${i.message}`).join('; ');
