/**
 * Strings a run builds again and again (causes, stream names, decision point ids, event labels),
 * made once per model: the trace looks up every string it writes, and a string it has seen
 * before is cheap to look up.
 */
import type { Model } from '../model/model.js';

/** `xstate.after.<delay>.<state id>` reads as `after <delay>`. */
function eventLabel(type: string): string {
  return type.startsWith('xstate.after.')
    ? `after ${type.slice('xstate.after.'.length).split('.')[0]}`
    : type;
}

/**
 * How many joined strings a model keeps: a run that loops asks `adversary.move#<n>` for ever
 * larger n, and its memory must not grow with its length; past this a join is made afresh.
 */
const JOINS_KEPT = 10_000;

export class Names {
  private readonly joins = new Map<string, Map<string | number, string>>();
  private readonly labels = new Map<string, string>();
  private joined = 0;

  /** `${a}${b}`, the same string object every time (while the model keeps fewer than {@link JOINS_KEPT}). */
  join(a: string, b: string | number): string {
    let byB = this.joins.get(a);
    if (!byB) this.joins.set(a, (byB = new Map()));
    let joined = byB.get(b);
    if (joined === undefined) {
      joined = `${a}${b}`;
      if (this.joined < JOINS_KEPT) {
        byB.set(b, joined);
        this.joined++;
      }
    }
    return joined;
  }

  /** The trace's name of an event type. */
  eventLabel(type: string): string {
    let label = this.labels.get(type);
    if (label === undefined) this.labels.set(type, (label = eventLabel(type)));
    return label;
  }
}

const namesByModel = new WeakMap<Model, Names>();

/** The names of a model's runs, shared by every run of it. */
export function namesOf(model: Model): Names {
  let names = namesByModel.get(model);
  if (!names) namesByModel.set(model, (names = new Names()));
  return names;
}

/** The trace's actor for a contact's identification: its entry's `to` is the rung identified. */
export const IDENTIFICATION_ACTOR = 'identification';
