/**
 * The control cell's side of a live game: the clock's pace and turns, injects (a fact, a message,
 * an adversary move, an organisation change) and the schedule of injects (the injects list and
 * the control cell's changes to it), each item fired when the clock reaches its time. Every input
 * is logged (`loggedGame.ts`) before it takes effect.
 */
import type { RunStatus } from '../engine/simulation.js';
import {
  type Inject,
  type InjectEntry,
  type Pace,
  type PaceEntry,
  type ScheduleEntry,
} from './gameLog.js';
import { CONTROL } from './seats.js';
import { GameInputError } from './errors.js';
import { applyInject, checkInject } from './injects.js';
import { DEFAULT_PACE, currentTurn } from './pace.js';
import { runThroughSchedule, type RunTarget, type ScheduleChange } from './schedule.js';
import { injectsOfItem } from './msel.js';
import { LoggedGame } from './loggedGame.js';

/** A logged game with the control cell's clock and injects (see the module comment). */
export class ScheduledGame extends LoggedGame {
  /** How the clock runs by itself; a resumed game keeps its pace but comes back paused. */
  pace: Pace = DEFAULT_PACE;

  /**
   * In turn mode, the control cell ends the current turn: the clock runs to the turn's end whatever
   * is pending (scheduled injects fire on the way; points people must answer stay pending). The
   * turn ended is logged with where the clock stopped; returns the turn's number.
   */
  endTurn(seat: string): number {
    if (this.finished) throw new GameInputError('the game has ended', 'notNow');
    const turn = currentTurn(this.pace, this.sim.now);
    if (!turn) throw new GameInputError('the game is not played in turns', 'notNow');
    this.advance(turn.end);
    this.checkpoint(seat, turn.number);
    return turn.number;
  }

  /** The control cell starts, pauses or changes the pace of the clock; on disk when this returns. */
  setPace(seat: string, pace: Pace): PaceEntry {
    if (this.finished) throw new GameInputError('the game has ended', 'notNow');
    const entry: PaceEntry = {
      kind: 'pace',
      seat,
      pace,
      time: this.sim.now,
      after: this.sim.completed,
      wall: this.wall(),
    };
    this.record(entry);
    this.pace = pace;
    this.changed();
    return entry;
  }

  /**
   * The control cell injects a fact, a message, an adversary move or an organisation change; on
   * disk when this returns, and replayed exactly where it was given.
   */
  inject(seat: string, inject: Inject, msel?: string): InjectEntry {
    if (this.finished) throw new GameInputError('the game has ended', 'notNow');
    checkInject(this.injectContext(), inject);
    const entry: InjectEntry = {
      kind: 'inject',
      seat,
      inject,
      time: this.sim.now,
      after: this.sim.completed,
      ...(msel === undefined ? {} : { msel }),
      wall: this.wall(),
    };
    this.record(entry);
    applyInject(this.sim, inject);
    this.pending();
    this.changed();
    return entry;
  }

  /** What an inject is checked against now. */
  private injectContext() {
    return {
      model: this.model,
      seats: this.plan.seats,
      rung: this.model.rungIndex.get(this.trueRung().id) ?? -1,
      waiting: this.sim.waiting,
    };
  }

  /**
   * The control cell adds, edits or cancels a scheduled inject; on disk when this returns. An item
   * whose time has passed fires at once.
   */
  changeSchedule(seat: string, change: ScheduleChange): ScheduleEntry {
    if (this.finished) throw new GameInputError('the game has ended', 'notNow');
    const item = this.schedule.check(change, { model: this.model, seats: this.plan.seats });
    const entry = this.logSchedule(seat, change.action, item);
    this.fireDue();
    this.pending();
    this.changed();
    return entry;
  }

  private logSchedule(
    seat: string,
    action: ScheduleEntry['action'],
    item: ScheduleEntry['item'],
    reason?: string,
  ): ScheduleEntry {
    const entry: ScheduleEntry = {
      kind: 'schedule',
      seat,
      action,
      item,
      ...(reason === undefined ? {} : { reason }),
      time: this.sim.now,
      after: this.sim.completed,
      wall: this.wall(),
    };
    this.record(entry);
    return entry;
  }

  /**
   * Fires every scheduled inject whose time has come, each logged as an inject naming it; one the
   * game cannot make now (an adversary move to a rung not next to the crisis) is cancelled, saying why.
   */
  private fireDue(): void {
    for (const item of this.schedule.due(this.sim.now)) {
      const injects = injectsOfItem(item, this.plan.seats);
      try {
        for (const inject of injects) checkInject(this.injectContext(), inject);
      } catch (error) {
        if (!(error instanceof GameInputError)) throw error;
        this.logSchedule(
          CONTROL,
          'cancel',
          item,
          `could not be made at its time: ${error.message}`,
        );
        continue;
      }
      for (const inject of injects) this.inject(CONTROL, inject, item.id);
    }
  }

  /** Runs the clock, stopping at each scheduled inject's time to fire it. */
  protected override runSim(target: RunTarget): RunStatus {
    return runThroughSchedule(this.schedule, target, {
      horizon: this.model.horizon,
      now: () => this.sim.now,
      run: (options) => this.sim.run(options),
      fireDue: () => this.fireDue(),
    });
  }
}
