/**
 * Types shared by the machine factories: the events the engine delivers, the actions machines
 * hand back for the engine to carry out, and the run environment injected at START.
 */
import type { Knowledge } from './knowledge.js';
import type { Nation } from '../scenario/schema.js';

/** Randomness the engine lends a machine for its delays: a draw from a named stream. */
export interface RunEnvironment {
  draw(stream: string, sampler: (u: number) => number): number;
}

/** Events every actor may receive from the engine. */
export type ModelEvent =
  | { type: 'START'; env: RunEnvironment; k?: Knowledge }
  | { type: 'KNOW'; k: Knowledge }
  | { type: 'APPROVAL'; org: string; k: Knowledge }
  | { type: 'ISSUE'; k: Knowledge }
  | { type: 'DIET'; approve: boolean }
  | { type: 'HOSTILE_ACT'; against: Nation }
  | { type: 'MOVE'; to: number }
  | { type: 'CHOSEN'; to: number };

/** Context of a decision machine: what its side knows, the approvals recorded, the run's randomness. */
export interface DecisionContext {
  k: Knowledge;
  /** Approvals recorded: organisation id → true. */
  approvals: Record<string, true>;
  env: RunEnvironment | null;
}

/** Context of a side's legal-posture machine. */
export interface LegalContext {
  k: Knowledge;
}

/** Turns a decision id into a machine id (xstate reads dots in `#id` targets as paths). */
export function stateKey(id: string): string {
  return id.replaceAll('.', '_');
}
