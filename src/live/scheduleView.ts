/**
 * The control cell's view of a game's schedule of injects: each item with its status, and the
 * lists its forms choose from (recipients, sides, facts the model knows, rungs, organisations).
 */
import type { ScheduleItem } from '../scenario/injectsSchema.js';
import { SIDES } from '../scenario/primitives.js';
import type { LiveGame } from './game.js';
import { knownFacts } from './injects.js';
import { recipientsOf } from './msel.js';
import type { Model } from '../model/model.js';
import { factLabel, orgLabel, seatName } from './names.js';
import type { ScheduledInject } from './schedule.js';

/** The schedule and what its forms offer. */
export interface ScheduleView {
  /** Each item with its status and what it does, in words. */
  readonly items: ReadonlyArray<ScheduledInject & { readonly action: string }>;
  /** Who a message can go to: the player seats and `all`. */
  readonly recipients: readonly Named[];
  /** Who a fact can be made known to: a side or `all`. */
  readonly sides: readonly Named[];
  readonly facts: readonly Named[];
  readonly rungs: readonly Named[];
  readonly organisations: readonly Named[];
}

/** An id a form sends and the words a page shows for it. */
export interface Named {
  readonly id: string;
  readonly label: string;
}

const EVERY = { id: 'all', label: 'everyone' };

/** The schedule of `game` now. */
export function scheduleView(game: LiveGame): ScheduleView {
  const model = game.model;
  return {
    items: game.schedule.list().map((s) => ({ ...s, action: itemAction(model, s.item) })),
    recipients: recipientsOf(game.plan.seats).map((s) =>
      s === 'all' ? EVERY : { id: s, label: seatName(s) },
    ),
    sides: [...SIDES.map((s) => ({ id: s, label: seatName(s) })), EVERY],
    facts: knownFacts(model).map((f) => ({ id: f, label: factLabel(model, f) })),
    rungs: model.scenario.ladder.rungs.map((r) => ({ id: r.id, label: `${r.id}: ${r.label}` })),
    organisations: [...model.organisations.keys()]
      .sort()
      .map((o) => ({ id: o, label: orgLabel(model, o) })),
  };
}

/** What an item does, in a few words: its fact, rung or organisation change. */
function itemAction(model: Model, item: ScheduleItem): string {
  switch (item.kind) {
    case 'fact':
      return `makes known: ${factLabel(model, item.fact)}`;
    case 'message':
      return 'message';
    case 'move':
      return `adversary to ${item.rung}`;
    case 'organisation':
      return [
        orgLabel(model, item.org),
        item.capacity === undefined ? '' : `capacity ${item.capacity}`,
        item.delayFactor === undefined ? '' : `time × ${item.delayFactor}`,
      ]
        .filter(Boolean)
        .join(', ');
  }
}
