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

export class Names {
  private readonly joins = new Map<string, Map<string | number, string>>();
  private readonly labels = new Map<string, string>();

  /** `${a}${b}`, the same string object every time. */
  join(a: string, b: string | number): string {
    let byB = this.joins.get(a);
    if (!byB) this.joins.set(a, (byB = new Map()));
    let joined = byB.get(b);
    if (joined === undefined) byB.set(b, (joined = `${a}${b}`));
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
