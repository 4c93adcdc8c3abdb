/**
 * The control cell's schedule form as the game takes it: add or edit an item (its id, time as a
 * duration such as `12h` or `1d6h`, kind, recipient or side, text and the fact, rung or
 * organisation fields), or cancel one by id. Blank fields are absent.
 */
import { z } from 'zod';
import { ScheduleItemSchema, type ScheduleItem } from '../scenario/injectsSchema.js';
import type { ScheduleChange } from '../live/schedule.js';
import { issues } from './forms.js';

const Text = (max: number) => z.string().max(max).optional();

/** The schedule form: an item to add or edit, or the id of one to cancel. */
export const ScheduleForm = z.strictObject({
  token: z.string().min(1).max(200),
  action: z.enum(['add', 'edit', 'cancel']),
  id: z.string().min(1).max(100),
  at: Text(40),
  kind: z.enum(['fact', 'message', 'move', 'organisation']).optional(),
  /** A message's recipient (a seat or all). */
  to: Text(100),
  /** A fact's side (or all). */
  side: Text(20),
  text: Text(4000),
  fact: Text(100),
  rung: Text(100),
  org: Text(100),
  capacity: Text(20),
  delayFactor: Text(20),
});

const blank = (v?: string) => v === undefined || v.trim() === '';
const numberOf = (v?: string) => (blank(v) ? undefined : Number(v));

/** The item a form describes, as the schedule's schema reads it (a number of minutes, or a duration). */
function itemData(form: z.output<typeof ScheduleForm>): Record<string, unknown> {
  const at = blank(form.at)
    ? undefined
    : /^\d+(\.\d+)?$/.test(form.at!.trim())
      ? Number(form.at)
      : form.at!.trim();
  const base = { id: form.id, at, kind: form.kind, text: blank(form.text) ? undefined : form.text };
  switch (form.kind) {
    case 'fact':
      return { ...base, to: form.side, fact: form.fact };
    case 'message':
      return { ...base, to: form.to };
    case 'move':
      return { ...base, rung: form.rung };
    case 'organisation':
      return {
        ...base,
        org: form.org,
        capacity: numberOf(form.capacity),
        delayFactor: numberOf(form.delayFactor),
      };
    default:
      return base;
  }
}

/** The change a form asks for, or what is wrong with it in words. */
export function scheduleChangeOf(
  form: z.output<typeof ScheduleForm>,
): { readonly change: ScheduleChange } | { readonly problem: string } {
  if (form.action === 'cancel') return { change: { action: 'cancel', id: form.id } };
  const data = Object.fromEntries(
    Object.entries(itemData(form)).filter(([, v]) => v !== undefined),
  );
  const item = ScheduleItemSchema.safeParse(data);
  if (!item.success) return { problem: issues(item.error) };
  return { change: { action: form.action, item: item.data as ScheduleItem } };
}
