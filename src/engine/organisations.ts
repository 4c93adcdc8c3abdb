/**
 * Organisations at work: each handles a limited number of items at once and queues the rest, so
 * simultaneous events compete for it; a body not manned in peacetime stands up first, once, when
 * it is first needed or when the decision that calls it up comes into force.
 */
import type { CompiledOrganisation, CompiledStep } from '../model/compiled.js';
import type { Model } from '../model/model.js';
import type { RunHost } from './host.js';
import type { Task } from './tasks.js';

/** A faster procedure that may serve a step. */
export type FastPath = Pick<CompiledStep['fastPaths'][number], 'processing' | 'label'>;

/** What the organisations need of the run. */
export type OrganisationsHost = Pick<
  RunHost,
  'model' | 'now' | 'at' | 'draw' | 'joined' | 'record'
>;

export interface Organisations {
  /**
   * One item through an organisation: its stand-up if it is not manned yet, a free place, then
   * its processing time. `begun` receives a way to finish sooner by a fast path (a body convened
   * in anticipation that may then decide by the faster procedure); the item leaves at whichever
   * end comes first.
   */
  process(
    orgId: string,
    stream: string,
    decision: string,
    fast?: FastPath,
    begun?: (hurry: (by: FastPath) => void) => void,
  ): Task;
  /** Told when a decision comes into force: the bodies it calls up start standing up. */
  decisionInForce(decision: string): void;
  /**
   * Changes an organisation from now on (a live game's inject): how many items it handles at once
   * (a larger number starts queued items at once), and a factor on the processing time of the
   * items it begins from now on.
   */
  adjust(orgId: string, change: OrganisationChange): void;
}

/** A change to an organisation made during a run. */
export interface OrganisationChange {
  readonly capacity?: number;
  readonly delayFactor?: number;
}

/** A change in words, as the trace records it: `capacity 2, processing ×1.5`. */
export function describeChange(change: OrganisationChange): string {
  return [
    change.capacity === undefined ? '' : `capacity ${change.capacity}`,
    change.delayFactor === undefined ? '' : `processing ×${change.delayFactor}`,
  ]
    .filter(Boolean)
    .join(', ');
}

interface Desk {
  busy: number;
  readonly queue: Array<() => void>;
  /** Undefined for a body that is manned; else whether its stand-up has begun, and who waits for it. */
  standUp?: { begun: boolean; ready: boolean; readonly waiting: Array<() => void> };
}

const calledUpByModel = new WeakMap<Model, ReadonlyMap<string, readonly string[]>>();

/** The bodies each decision calls up when it comes into force, built once per model. */
function calledUpOf(model: Model): ReadonlyMap<string, readonly string[]> {
  let calledUp = calledUpByModel.get(model);
  if (!calledUp) {
    const map = new Map<string, string[]>();
    for (const [id, org] of model.organisations) {
      const on = org.standUp?.onDecision;
      if (on) map.set(on, [...(map.get(on) ?? []), id]);
    }
    calledUpByModel.set(model, (calledUp = map));
  }
  return calledUp;
}

/** One item an organisation is asked to process (see {@link Organisations.process}). */
interface Item {
  readonly orgId: string;
  readonly stream: string;
  readonly decision: string;
  readonly fast: FastPath | undefined;
  readonly begun: ((hurry: (by: FastPath) => void) => void) | undefined;
  readonly done: () => void;
}

/**
 * An item takes a free place at an organisation: its processing time (by a fast path if one
 * serves it, or settled at the next meeting if sooner), then it leaves and the next queued item
 * begins. `delayFactor` is the control cell's factor on processing when the item begins.
 */
function beginItem(
  sim: OrganisationsHost,
  org: CompiledOrganisation,
  state: Desk,
  delayFactor: number,
  { orgId, stream, decision, fast, begun, done }: Item,
): void {
  state.busy++;
  const factor = org.officerFactor * delayFactor;
  let minutes = sim.draw(stream, fast?.processing ?? org.processing) * factor;
  if (org.meets) {
    const nextMeeting = (Math.floor(sim.now / org.meets.every) + 1) * org.meets.every;
    minutes = Math.min(minutes, nextMeeting - sim.now + sim.draw(stream, org.meets.processing));
  }
  const due = sim.now + minutes;
  let label = fast?.label ?? '';
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    state.busy--;
    sim.record('step', orgId, decision, '', 'done', label);
    const next = state.queue.shift();
    if (next) next();
    done();
  };
  sim.at(minutes, finish);
  begun?.((by) => {
    // its own stream, so that the reform changes no other draw of the run (common random numbers)
    const sooner = sim.draw(sim.joined(decision, '.hurry'), by.processing) * factor;
    if (finished || sim.now + sooner >= due) return;
    label = by.label;
    sim.at(sooner, finish);
  });
}

/** The organisations of a run at work, their desks empty and nothing stood up yet. */
export function createOrganisations(sim: OrganisationsHost): Organisations {
  const model: Model = sim.model;
  const desks = new Map<string, Desk>();
  const changed = new Map<string, { capacity: number; delayFactor: number }>();
  const capacityOf = (orgId: string) =>
    changed.get(orgId)?.capacity ?? model.organisations.get(orgId)!.capacity;

  function desk(orgId: string): Desk {
    let d = desks.get(orgId);
    if (!d) {
      d = { busy: 0, queue: [] };
      if (model.organisations.get(orgId)!.standUp)
        d.standUp = { begun: false, ready: false, waiting: [] };
      desks.set(orgId, d);
    }
    return d;
  }

  function beginStandUp(orgId: string, d: Desk): void {
    const s = d.standUp!;
    if (s.begun) return;
    s.begun = true;
    const plan = model.organisations.get(orgId)!.standUp!;
    sim.record('step', orgId, 'standUp', '', 'started', plan.kind);
    // its own stream, so that standing a body up changes no other draw of the run
    sim.at(sim.draw(sim.joined('standUp:', orgId), plan.time), () => {
      s.ready = true;
      sim.record('step', orgId, 'standUp', 'started', 'done', plan.kind);
      for (const go of s.waiting.splice(0)) go();
    });
  }

  /** Runs `go` once the body is manned, standing it up first if it is not. */
  function whenManned(orgId: string, d: Desk, go: () => void): void {
    const s = d.standUp;
    if (!s || s.ready) return go();
    s.waiting.push(go);
    beginStandUp(orgId, d);
  }

  const process: Organisations['process'] = (orgId, stream, decision, fast, begun) => (done) => {
    const org = model.organisations.get(orgId)!;
    const state = desk(orgId);
    const item: Item = { orgId, stream, decision, fast, begun, done };
    const begin = () => beginItem(sim, org, state, changed.get(orgId)?.delayFactor ?? 1, item);
    whenManned(orgId, state, () => {
      if (state.busy < capacityOf(orgId)) begin();
      else state.queue.push(begin);
    });
  };

  const calledUp = calledUpOf(model);

  return {
    process,
    decisionInForce(decision) {
      for (const orgId of calledUp.get(decision) ?? []) beginStandUp(orgId, desk(orgId));
    },
    adjust(orgId, change) {
      changed.set(orgId, {
        capacity: change.capacity ?? capacityOf(orgId),
        delayFactor: change.delayFactor ?? changed.get(orgId)?.delayFactor ?? 1,
      });
      const state = desk(orgId);
      const ready = !state.standUp || state.standUp.ready;
      while (ready && state.busy < capacityOf(orgId) && state.queue.length > 0)
        state.queue.shift()!();
    },
  };
}
