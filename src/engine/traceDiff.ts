/**
 * What the trace records of a state change: a decision's state as `<decision>/<state>` under its
 * side, a legal posture per region as `<region>/<state>`, the ladder and adversary as their
 * state. Worked out once per pair of snapshots: snapshots are immutable values.
 */
import type { Model } from '../model/model.js';
import { LEGAL_PREFIX, type ActorId, type ActorSnapshot } from './actor.js';

/** One state change as the trace records it. */
export interface Change {
  readonly actor: string;
  readonly from: string;
  readonly to: string;
}

/** A state value as text: `a.b` for nested states, parallel regions joined by commas. */
function leafPath(value: unknown, prefix = ''): string {
  if (typeof value === 'string') return prefix ? `${prefix}.${value}` : value;
  return Object.keys(value as object)
    .map((key) =>
      leafPath((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key),
    )
    .join(',');
}

/** The regions under an authority's `running` state, if it is running. */
function runningRegions(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? ((value as Record<string, unknown>).running as Record<string, unknown> | undefined)
    : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka)
    if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false;
  return true;
}

function changesOf(model: Model, actor: ActorId, from: unknown, to: unknown): Change[] {
  if (!actor.startsWith(LEGAL_PREFIX)) {
    if (sameValue(from, to)) return [];
    const decision = model.decisionsById.get(actor);
    if (decision)
      return [
        {
          actor: decision.side,
          from: from === 'idle' ? '' : `${actor}/${leafPath(from)}`,
          to: `${actor}/${leafPath(to)}`,
        },
      ];
    return [{ actor, from: leafPath(from), to: leafPath(to) }];
  }
  const side = actor.slice(LEGAL_PREFIX.length);
  const fromRegions = runningRegions(from);
  const toRegions = runningRegions(to)!;
  const changes: Change[] = [];
  for (const region of Object.keys(toRegions)) {
    const a = fromRegions?.[region];
    const b = toRegions[region];
    if (a !== undefined && sameValue(a, b)) continue;
    changes.push({
      actor: side,
      from: a === undefined ? '' : `${region}/${leafPath(a)}`,
      to: `${region}/${leafPath(b)}`,
    });
  }
  return changes;
}

const changesBySnapshots = new WeakMap<ActorSnapshot, WeakMap<ActorSnapshot, readonly Change[]>>();

/** The changes the trace records when `actor` of `model` moves from `before` to `after`. */
export function stateChanges(
  model: Model,
  actor: ActorId,
  before: ActorSnapshot,
  after: ActorSnapshot,
): readonly Change[] {
  let byAfter = changesBySnapshots.get(before);
  if (!byAfter) changesBySnapshots.set(before, (byAfter = new WeakMap()));
  let changes = byAfter.get(after);
  if (!changes) byAfter.set(after, (changes = changesOf(model, actor, before.value, after.value)));
  return changes;
}
