/**
 * What the parts of staffing share: the run they serve, its organisations, travel between them,
 * and each decision's staffing round (a decision closed before it was issued starts a new round,
 * and whatever was in flight for the old one is dropped when it lands).
 */
import type { CompiledDecision } from '../model/compiled.js';
import type { Knowledge } from '../model/knowledge.js';
import type { Model } from '../model/model.js';
import type { Side } from '../scenario/primitives.js';
import type { RunHost } from './host.js';
import { createOrganisations, type Organisations } from './organisations.js';
import type { Task } from './tasks.js';

/** What staffing needs of the run it serves. */
export type StaffingHost = RunHost;

/** What the parts of one run's staffing share. */
export interface StaffingContext {
  readonly sim: StaffingHost;
  readonly model: Model;
  readonly orgs: Organisations;
  /** What a side knows now. */
  knowledge(side: Side): Knowledge;
  /** A message from one organisation to another over their link (nothing from nowhere or to itself). */
  travel(from: string | undefined, to: string, stream: string): Task;
  /** The staffing round the decision is in. */
  roundOf(d: CompiledDecision): number;
  /** Ends the decision's round: what is in flight for it answers for nothing any more. */
  endRound(d: CompiledDecision): void;
}

/** The shared part of one run's staffing: its organisations, with every round at 0. */
export function createStaffingContext(sim: StaffingHost): StaffingContext {
  const model: Model = sim.model;
  const rounds = new Map<string, number>();
  const roundOf = (d: CompiledDecision) => rounds.get(d.id) ?? 0;
  return {
    sim,
    model,
    orgs: createOrganisations(sim),
    knowledge: (side) => sim.picture(side),
    travel: (from, to, stream) => (done) => {
      if (from === undefined || from === to) return done();
      sim.at(sim.draw(stream, model.link(from, to)), done);
    },
    roundOf,
    endRound: (d) => rounds.set(d.id, roundOf(d) + 1),
  };
}
