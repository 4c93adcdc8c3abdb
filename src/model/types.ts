/** Types shared by the machine factories: the events the engine delivers and the machines' contexts. */
import type { Knowledge } from './knowledge.js';
import type { Nation } from '../scenario/schema.js';

/** Events every actor may receive from the engine. */
export type ModelEvent =
  | { type: 'START'; k?: Knowledge }
  | { type: 'KNOW'; k: Knowledge }
  | { type: 'APPROVAL'; org: string; k: Knowledge }
  | { type: 'ISSUE'; k: Knowledge }
  | { type: 'DIET'; approve: boolean }
  | { type: 'REJECTED' }
  | { type: 'HOLD' }
  | { type: 'HOSTILE_ACT'; against: Nation }
  | { type: 'MOVE'; to: number }
  | { type: 'CHOSEN'; to: number };

/** The fields of one kind of event, its `type` aside. */
type FieldsOf<T extends ModelEvent['type']> = Exclude<
  keyof Extract<ModelEvent, { type: T }>,
  'type'
>;

/** True when a list names exactly the fields `F`: none missing, none extra. */
type NamesExactly<List extends readonly string[], F> = [F] extends [List[number]]
  ? [List[number]] extends [F]
    ? true
    : false
  : false;

/**
 * Every field of every event, declared once. The engine keys reused transitions on exactly
 * these fields (`engine/memo.ts`), so the compiler refuses a list that misses a field or names
 * one the event does not have, and the memo checks each event it keys against the list.
 */
export const EVENT_FIELDS = {
  START: ['k'],
  KNOW: ['k'],
  APPROVAL: ['org', 'k'],
  ISSUE: ['k'],
  DIET: ['approve'],
  REJECTED: [],
  HOLD: [],
  HOSTILE_ACT: ['against'],
  MOVE: ['to'],
  CHOSEN: ['to'],
} as const satisfies { readonly [T in ModelEvent['type']]: readonly FieldsOf<T>[] };

// The compiler checks that no event's list leaves a field out.
const everyFieldListed: {
  readonly [T in ModelEvent['type']]: NamesExactly<(typeof EVENT_FIELDS)[T], FieldsOf<T>>;
} = {
  START: true,
  KNOW: true,
  APPROVAL: true,
  ISSUE: true,
  DIET: true,
  REJECTED: true,
  HOLD: true,
  HOSTILE_ACT: true,
  MOVE: true,
  CHOSEN: true,
};
void everyFieldListed;

/** Context of a decision machine: what its side knows and the approvals recorded. */
export interface DecisionContext {
  k: Knowledge;
  /** Approvals recorded: organisation id → true. */
  approvals: Record<string, true>;
}

/** Context of a side's legal-posture machine. */
export interface LegalContext {
  k: Knowledge;
}

/** Turns a decision id into a machine id (xstate reads dots in `#id` targets as paths). */
export function stateKey(id: string): string {
  return id.replaceAll('.', '_');
}
