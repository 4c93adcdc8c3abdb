/**
 * Transitions reused across runs. A machine's transition is a pure function of its snapshot and
 * event: machines read only their context and the event, and random delays are drawn by the
 * engine, not in the transition (`model/draws.ts`). So the engine computes each distinct
 * (snapshot, event) transition once with xstate and reuses its result in every later run.
 *
 * For that to find repeats, equal snapshots must be one object: the memo interns every snapshot
 * a transition returns, by its status, state value and context, with knowledge values named by
 * the model's knowledge store (which interns them in turn). An event is keyed by its type and
 * field values; one that carries anything but primitives and interned values is stepped without
 * the memo.
 */
import type { ActorRuntime, ActorSnapshot, ExecutableAction } from './runtime.js';
import type { ModelEvent } from '../model/types.js';

/** Names interned values (the model's knowledge store); undefined for any other object. */
export type IdOf = (value: object) => number | undefined;

/** How many transitions (and snapshots) the memos of one model may remember together. */
export interface MemoBudget {
  left: number;
}

/** The default budget of a model's memos: enough for the reference scenario's common paths, bounded so memory stays flat however many runs a batch has. */
export const MEMO_BUDGET = 2_500;

interface Step {
  readonly next: ActorSnapshot;
  readonly actions: readonly ExecutableAction[];
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
export function memoize(runtime: ActorRuntime, idOf: IdOf, budget: MemoBudget): ActorRuntime & { readonly stats: MemoStats } {
  const steps = new WeakMap<ActorSnapshot, Trie>();
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

  return {
    initial,
    stats,
    transition(snapshot, event, out) {
      const path = eventPath(event, idOf);
      if (path === undefined) return runtime.transition(snapshot, event, out);
      let node = steps.get(snapshot);
      for (let i = 0; node !== undefined && i < path.length; i++) node = node.get(path[i]) as Trie | undefined;
      const known = node?.get(END) as Step | undefined;
      if (known) {
        stats.hits++;
        for (const action of known.actions) out.push(action);
        return known.next;
      }
      stats.misses++;
      checkPath(event, path);
      const parts = [...path];
      const actions: ExecutableAction[] = [];
      const computed = runtime.transition(snapshot, event, actions);
      const next = computed === snapshot ? snapshot : intern(computed);
      if (budget.left > 0) {
        budget.left--;
        let trie = steps.get(snapshot);
        if (!trie) steps.set(snapshot, (trie = new Map()));
        for (const part of parts) {
          let child = trie.get(part) as Trie | undefined;
          if (!child) trie.set(part, (child = new Map()));
          trie = child;
        }
        trie.set(END, { next, actions });
        stats.size++;
      }
      for (const action of actions) out.push(action);
      return next;
    },
  };
}

/** Transitions from one snapshot, keyed by the event's type, then its fields in order, then `END`. */
type Trie = Map<unknown, unknown>;

const END = Symbol('step');

/** The event's type and field values (buffer reused: read it before the next call). */
const pathBuffer: unknown[] = [];

/**
 * An event as a path of map keys: its type, then its fields' values (interned values as
 * themselves); undefined if a field holds anything else. Fields are read by event type, which
 * costs far less than enumerating them; `checkPath` confirms on every miss that none was left out.
 */
function eventPath(event: ModelEvent, idOf: IdOf): readonly unknown[] | undefined {
  pathBuffer.length = 0;
  pathBuffer.push(event.type);
  switch (event.type) {
    case 'START':
    case 'KNOW':
    case 'ISSUE':
      pathBuffer.push(event.k);
      break;
    case 'APPROVAL':
      pathBuffer.push(event.org, event.k);
      break;
    case 'DIET':
      pathBuffer.push(event.approve);
      break;
    case 'HOSTILE_ACT':
      pathBuffer.push(event.against);
      break;
    case 'MOVE':
    case 'CHOSEN':
      pathBuffer.push(event.to);
      break;
    default:
      break; // xstate's own events (`xstate.after.*`) carry nothing but their type
  }
  for (let i = 1; i < pathBuffer.length; i++) {
    const value = pathBuffer[i];
    if (typeof value === 'function' || (typeof value === 'object' && value !== null && idOf(value) === undefined)) return undefined;
  }
  return pathBuffer;
}

/** Throws if the event has a field its path does not hold: a new field must be added to `eventPath`. */
function checkPath(event: ModelEvent, path: readonly unknown[]): void {
  let fields = 0;
  for (const name in event) if (name !== 'type' && (event as unknown as Record<string, unknown>)[name] !== undefined) fields++;
  const held = path.slice(1).filter((v) => v !== undefined).length;
  if (fields !== held) throw new Error(`memo: event ${event.type} has ${fields} fields, its path holds ${held}; add them to eventPath`);
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
  const { status, children, historyValue } = snapshot as { status?: string; children?: object; historyValue?: object };
  if ((children && Object.keys(children).length > 0) || (historyValue && Object.keys(historyValue).length > 0)) return undefined;
  let key = `${status}|${JSON.stringify(snapshot.value)}`;
  const context = snapshot.context as Record<string, unknown> | undefined;
  if (context === undefined) return key;
  for (const name in context) {
    const value = context[name];
    let part = fieldKey(value, idOf);
    if (part === undefined && typeof value === 'object' && value !== null && !Array.isArray(value) && isFlat(value)) part = JSON.stringify(value);
    if (part === undefined) return undefined;
    key += `|${name}${part}`;
  }
  return key;
}

function isFlat(record: object): boolean {
  for (const v of Object.values(record)) if ((v !== null && typeof v === 'object') || typeof v === 'function') return false;
  return true;
}
