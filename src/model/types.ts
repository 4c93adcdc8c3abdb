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
  | { type: 'HOSTILE_ACT'; against: Nation }
  | { type: 'MOVE'; to: number }
  | { type: 'CHOSEN'; to: number };

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
