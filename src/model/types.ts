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
  | { type: 'START'; env: RunEnvironment; dwell?: number }
  | { type: 'RUNG'; rung: number }
  | { type: 'ANNOUNCE'; decision: string; inForce: boolean }
  | { type: 'APPROVAL'; decision: string; org: string }
  | { type: 'ISSUE'; decision: string }
  | { type: 'DIET'; decision: string; approve: boolean }
  | { type: 'HOSTILE_ACT'; against: Nation }
  | { type: 'ACTIVATION_REQUESTED' }
  | { type: 'MOVE'; to: number }
  | { type: 'CHOSEN'; to: number };

/** Context of an authority machine (Japan, the United States, or the alliance mechanism). */
export interface AuthorityContext {
  k: Knowledge;
  /** Approvals recorded per decision: decision id → organisation id → true. */
  approvals: Record<string, Record<string, true>>;
  env: RunEnvironment | null;
}

/** What an authority machine asks of the engine through its `ask` action. */
export interface AskParams {
  decision: string;
  kind: 'order' | 'diet';
}

/** What an authority announces when a decision enters or leaves force. */
export interface AnnounceParams {
  decision: string;
  inForce: boolean;
}

/** Turns a decision id into a state key (xstate reads dots in targets as paths). */
export function stateKey(id: string): string {
  return id.replaceAll('.', '_');
}
