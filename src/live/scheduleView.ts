/**
 * The control cell's view of a game's schedule of injects: each item with its status, and the
 * lists its forms choose from (recipients, sides, facts the model knows, rungs, organisations).
 */
import type { ScheduleItem } from '../scenario/injectsSchema.js';
import { SIDES } from '../scenario/primitives.js';
import type { LiveGame } from './game.js';
import { knownFacts } from './injects.js';
import { recipientsOf } from './msel.js';
import type { ScheduledInject } from './schedule.js';

/** The schedule and what its forms offer. */
export interface ScheduleView {
  readonly items: readonly ScheduledInject[];
  /** Who a message can go to: the player seats and `all`. */
  readonly recipients: readonly string[];
  /** Who a fact can be made known to: a side or `all`. */
  readonly sides: readonly string[];
  readonly facts: readonly string[];
  readonly rungs: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  readonly organisations: readonly string[];
}

/** The schedule of `game` now. */
export function scheduleView(game: LiveGame): ScheduleView {
  const model = game.model;
  return {
    items: game.schedule.list(),
    recipients: recipientsOf(game.plan.seats),
    sides: [...SIDES, 'all'],
    facts: knownFacts(model),
    rungs: model.scenario.ladder.rungs.map((r) => ({ id: r.id, label: r.label })),
    organisations: [...model.organisations.keys()].sort(),
  };
}

/** What an item does, in a few words: its fact, rung or organisation change. */
export function itemAction(item: ScheduleItem): string {
  switch (item.kind) {
    case 'fact':
      return `fact ${item.fact}`;
    case 'message':
      return 'message';
    case 'move':
      return `adversary to ${item.rung}`;
    case 'organisation':
      return [
        item.org,
        item.capacity === undefined ? '' : `capacity ${item.capacity}`,
        item.delayFactor === undefined ? '' : `time × ${item.delayFactor}`,
      ]
        .filter(Boolean)
        .join(', ');
  }
}
