/**
 * A live game's schedule of injects: the items of its injects list (MSEL) and those the control
 * cell adds during play, each scheduled, sent or cancelled. The state is rebuilt from the log:
 * `schedule` entries (add, edit, cancel) and the inject entries an item fired (their `msel`
 * field), so a resumed game shows each item as it stood. Which items are due, and in what order,
 * is decided here; the game fires them (`game.ts`), logging each as an ordinary inject.
 */
import type { RunStatus } from '../engine/simulation.js';
import type { ScheduleItem } from '../scenario/injectsSchema.js';
import { GameInputError } from './errors.js';
import type { GameEntry } from './gameLog.js';
import { itemProblems, type ItemContext } from './msel.js';

/** Where an item stands. */
export type ItemStatus = 'scheduled' | 'sent' | 'cancelled';

/** An item of the schedule with where it stands. */
export interface ScheduledInject {
  readonly item: ScheduleItem;
  readonly status: ItemStatus;
  /** Where it came from: the injects file, or the control cell during play. */
  readonly origin: 'file' | 'added';
  /** When it fired (simulated minutes). */
  readonly sentAt?: number;
  /** Why the game cancelled it itself (an inject it could not make then). */
  readonly reason?: string;
}

/** A change the control cell makes to the schedule. */
export type ScheduleChange =
  | { readonly action: 'add' | 'edit'; readonly item: ScheduleItem }
  | { readonly action: 'cancel'; readonly id: string };

/** The schedule of a game (see the module comment). */
export class Schedule {
  private readonly items = new Map<string, ScheduledInject>();

  constructor(initial: readonly ScheduleItem[]) {
    for (const item of initial)
      this.items.set(item.id, { item, status: 'scheduled', origin: 'file' });
  }

  /** Every item, in the order they fire (by time, then as listed). */
  list(): ScheduledInject[] {
    return [...this.items.values()]
      .map((s, order) => ({ s, order }))
      .sort((a, b) => a.s.item.at - b.s.item.at || a.order - b.order)
      .map(({ s }) => s);
  }

  /** The earliest time a scheduled item fires at; undefined when none is left. */
  nextTime(): number | undefined {
    let next: number | undefined;
    for (const s of this.items.values())
      if (s.status === 'scheduled' && (next === undefined || s.item.at < next)) next = s.item.at;
    return next;
  }

  /** The scheduled items due at `now` (their time reached), in the order they fire. */
  due(now: number): ScheduleItem[] {
    return this.list()
      .filter((s) => s.status === 'scheduled' && s.item.at <= now)
      .map((s) => s.item);
  }

  /**
   * The item a change makes, as it will be logged; a change the schedule cannot take now is
   * refused (a {@link GameInputError}): an id already used, an item that is not scheduled any
   * more, an item that names what the game does not have.
   */
  check(change: ScheduleChange, context: ItemContext): ScheduleItem {
    const id = change.action === 'cancel' ? change.id : change.item.id;
    const current = this.items.get(id);
    if (change.action === 'add' && current)
      throw new GameInputError(
        `an inject "${id}" is already scheduled: choose another id`,
        'invalid',
      );
    if (change.action !== 'add') {
      if (!current) throw new GameInputError(`no scheduled inject "${id}"`, 'invalid');
      if (current.status !== 'scheduled')
        throw new GameInputError(`the inject "${id}" was ${current.status} already`, 'notNow');
    }
    if (change.action === 'cancel') return current!.item;
    const problems = itemProblems(context, change.item);
    if (problems.length > 0)
      throw new GameInputError(
        problems.map((p) => `${p.path}: ${p.message}`).join('; '),
        'invalid',
      );
    return change.item;
  }

  /** Takes a logged entry into account: a change of the schedule, or an inject an item fired. */
  replay(entry: GameEntry): void {
    if (entry.kind === 'inject' && entry.msel !== undefined) {
      const current = this.items.get(entry.msel);
      if (current) this.items.set(entry.msel, { ...current, status: 'sent', sentAt: entry.time });
    }
    if (entry.kind !== 'schedule') return;
    const origin = this.items.get(entry.item.id)?.origin ?? 'added';
    this.items.set(entry.item.id, {
      item: entry.item,
      origin,
      status: entry.action === 'cancel' ? 'cancelled' : 'scheduled',
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    });
  }
}

/** Where a run of the clock goes: as {@link Simulation.run} takes it. */
export interface RunTarget {
  readonly until?: number;
  readonly stopAtPoints?: boolean;
  /** Points that do not stop the run (joint decisions in revision). */
  readonly ignoring?: { has(point: string): boolean };
}

/**
 * Runs the clock to `target` as `run` does, stopping at each scheduled item's time on the way to
 * fire the items due there (`fireDue`), then going on; a run that stops at a point a person must
 * answer stops there as it would have. With nothing scheduled before the target it is one `run`.
 */
export function runThroughSchedule(
  schedule: Schedule,
  target: RunTarget,
  clock: {
    readonly horizon: number;
    now(): number;
    run(options: RunTarget): RunStatus;
    fireDue(): void;
  },
): RunStatus {
  clock.fireDue();
  const limit = target.until ?? clock.horizon;
  for (;;) {
    const next = schedule.nextTime();
    if (next === undefined || next > limit || next >= clock.horizon) return clock.run(target);
    // running to a time checks for points only with stopAtPoints: a run to the next point needs it
    const status = clock.run({
      until: next,
      stopAtPoints: target.until === undefined || target.stopAtPoints === true,
      ...(target.ignoring ? { ignoring: target.ignoring } : {}),
    });
    if (clock.now() >= next) clock.fireDue();
    if (status.status !== 'paused' || next >= limit) return status;
  }
}
