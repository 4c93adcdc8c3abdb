/**
 * Transitions reused across runs. A machine's transition is a pure function of its snapshot and
 * event: machines read only their context and the event, and random delays are drawn by the
 * engine, not in the transition (`model/draws.ts`). So the engine computes each distinct
 * (snapshot, event) transition once with xstate and reuses its result in every later run.
 *
 * For that to find repeats, equal snapshots must be one object: the memo interns every snapshot
 * a transition returns, by its status, state value and context, with knowledge values named by
 * the model's knowledge store (which interns them in turn). An event is keyed by its type and
 * the values of the fields `EVENT_FIELDS` declares for it; one that carries anything but
 * primitives and interned values is stepped without the memo.
 */
import type { ActorRuntime, ActorSnapshot, ExecutableAction } from './actor.js';
import { EVENT_FIELDS, type ModelEvent } from '../model/types.js';

/** Names interned values (the model's knowledge store); undefined for any other object. */
export type IdOf = (value: object) => number | undefined;

/** How many transitions (and snapshots) the memos of one model may remember together. */
export interface MemoBudget {
  left: number;
}

/**
 * The default budget of a model's memos: bounded so memory stays flat however many runs a batch
 * has (about 9 MB a model of the reference scenario once full; a batch's worker keeps at most a
 * few models). With 2,500 the reference designs computed 4–7% of their transitions afresh on new
 * seeds, a sixth of a run's time; with this, under 1.5%.
 */
export const MEMO_BUDGET = 10_000;

interface Step {
  readonly next: ActorSnapshot;
  readonly actions: readonly ExecutableAction[];
}

export interface MemoOptions {
  /** Check every event's fields against `EVENT_FIELDS`, not only those of events it has not seen (tests). */
  readonly checkEvents?: boolean;
}

/** How often a memo found a transition it had computed. */
export interface MemoStats {
  hits: number;
  misses: number;
  /** Transitions remembered. */
  size: number;
}

/**
 * A runtime that reuses `runtime`'s transitions, remembering new ones while `budget` lasts;
 * `stats` counts its hits and misses.
 */
export function memoize(
  runtime: ActorRuntime,
  idOf: IdOf,
  budget: MemoBudget,
  { checkEvents = false }: MemoOptions = {},
): ActorRuntime & { readonly stats: MemoStats } {
  const steps = new WeakMap<ActorSnapshot, Map<string, Node>>();
  const snapshots = new Map<string, ActorSnapshot>();
  const stats: MemoStats = { hits: 0, misses: 0, size: 0 };

  const intern = (snapshot: ActorSnapshot): ActorSnapshot => {
    const key = snapshotKey(snapshot, idOf);
    if (key === undefined) return snapshot;
    const known = snapshots.get(key);
    if (known) return known;
    if (budget.left > 0) {
      budget.left--;
      snapshots.set(key, snapshot);
    }
    return snapshot;
  };
  const initial = intern(runtime.initial);

  /** Remembers a computed step under the snapshot, the event's type and its fields' values. */
  const remember = (snapshot: ActorSnapshot, event: ModelEvent, step: Step): void => {
    budget.left--;
    let byType = steps.get(snapshot);
    if (!byType) steps.set(snapshot, (byType = new Map()));
    let node = byType.get(event.type);
    if (!node) byType.set(event.type, (node = {}));
    for (const field of fieldsOf(event)) {
      const value = fieldValue(event, field);
      const next: Map<unknown, Node> = (node.next ??= new Map());
      let child = next.get(value);
      if (!child) next.set(value, (child = {}));
      node = child;
    }
    node.step = step;
    stats.size++;
  };

  return {
    initial,
    stats,
    transition(snapshot, event, out) {
      if (checkEvents) checkEventFields(event);
      const known = find(steps.get(snapshot)?.get(event.type), event);
      if (known) {
        stats.hits++;
        for (const action of known.actions) out.push(action);
        return known.next;
      }
      // a value the trie holds was keyable when it was remembered; anything else is checked now
      if (!keyable(event, idOf)) return runtime.transition(snapshot, event, out);
      stats.misses++;
      checkEventFields(event);
      const actions: ExecutableAction[] = [];
      const computed = runtime.transition(snapshot, event, actions);
      const next = computed === snapshot ? snapshot : intern(computed);
      if (budget.left > 0) remember(snapshot, event, { next, actions });
      for (const action of actions) out.push(action);
      return next;
    },
  };
}

/**
 * Transitions from one snapshot by the event's type: a node per type, then per value of each of
 * its declared fields in order; the step sits on the node of the last.
 */
interface Node {
  step?: Step;
  next?: Map<unknown, Node>;
}

/** The step remembered for the event under a type's node, if any. */
function find(node: Node | undefined, event: ModelEvent): Step | undefined {
  const fields = fieldsOf(event);
  for (let i = 0; node !== undefined && i < fields.length; i++)
    node = node.next?.get(fieldValue(event, fields[i]!));
  return node?.step;
}

const NO_FIELDS: readonly string[] = [];
const FIELDS_BY_TYPE: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(EVENT_FIELDS),
);

/** The fields the memo keys an event on: those `EVENT_FIELDS` declares (xstate's own events carry none). */
function fieldsOf(event: ModelEvent): readonly string[] {
  return FIELDS_BY_TYPE.get(event.type) ?? NO_FIELDS;
}

function fieldValue(event: ModelEvent, field: string): unknown {
  return (event as unknown as Record<string, unknown>)[field];
}

/** Whether every declared field holds a primitive or an interned value, so the memo can key on it. */
function keyable(event: ModelEvent, idOf: IdOf): boolean {
  for (const field of fieldsOf(event)) {
    const value = fieldValue(event, field);
    if (
      typeof value === 'function' ||
      (typeof value === 'object' && value !== null && idOf(value) === undefined)
    )
      return false;
  }
  return true;
}

/** Throws if the event carries a field that `EVENT_FIELDS` does not declare: the memo would not key on it. */
function checkEventFields(event: ModelEvent): void {
  const declared = fieldsOf(event);
  for (const name in event) {
    if (
      name !== 'type' &&
      !declared.includes(name) &&
      (event as unknown as Record<string, unknown>)[name] !== undefined
    ) {
      throw new Error(
        `memo: event ${event.type} carries field "${name}", which EVENT_FIELDS does not declare; declare it in model/types.ts`,
      );
    }
  }
}

function fieldKey(value: unknown, idOf: IdOf): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return `=${value}`;
    case 'undefined':
      return '?';
    case 'object': {
      if (value === null) return '=null';
      const id = idOf(value);
      return id === undefined ? undefined : `#${id}`;
    }
    default:
      return undefined;
  }
}

/**
 * A snapshot as text: status, state value and context, whose fields are primitives, interned
 * values or flat records of primitives. Undefined when the context holds anything else, or the
 * snapshot has what these do not tell apart (child actors, history).
 */
function snapshotKey(snapshot: ActorSnapshot, idOf: IdOf): string | undefined {
  const { status, children, historyValue } = snapshot as {
    status?: string;
    children?: object;
    historyValue?: object;
  };
  if (
    (children && Object.keys(children).length > 0) ||
    (historyValue && Object.keys(historyValue).length > 0)
  )
    return undefined;
  let key = `${status}|${JSON.stringify(snapshot.value)}`;
  const context = snapshot.context as Record<string, unknown> | undefined;
  if (context === undefined) return key;
  for (const name in context) {
    const value = context[name];
    let part = fieldKey(value, idOf);
    if (
      part === undefined &&
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      isFlat(value)
    )
      part = JSON.stringify(value);
    if (part === undefined) return undefined;
    key += `|${name}${part}`;
  }
  return key;
}

function isFlat(record: object): boolean {
  for (const v of Object.values(record))
    if ((v !== null && typeof v === 'object') || typeof v === 'function') return false;
  return true;
}
