/**
 * A live game: one seeded run of the engine in which seats (teams of people) answer the decision
 * points they own while the clock runs, and the engine's policy plays every point no one owns. The
 * game is authoritative: an answer is checked (the seat owns the point, the point is still
 * pending, the page was not showing an older state than the point), written to the game's log and
 * flushed to disk, and only then applied. A game resumed from its log replays every input (answer,
 * clock run, pace change, inject, handover, end) at the time and event count it took effect at, so
 * it continues exactly as if it had never stopped. The control cell runs the clock by hand or sets
 * it running at a pace ({@link LiveGame.tick}); a resumed game comes back paused. What the seats
 * see of the run is `gameRun.ts`.
 */
import { join } from 'node:path';
import type { RunStatus } from '../engine/simulation.js';
import type { Side } from '../scenario/primitives.js';
import { AnswerError } from '../engine/deciders.js';
import { InputError } from '../scenario/errors.js';
import {
  GameLog,
  LOG_FILE,
  readGameLog,
  type AnswerEntry,
  type GameEntry,
  type HandoverEntry,
  type MessageEntry,
  type PositionEntry,
} from './gameLog.js';
import { CONTROL } from './seats.js';
import { GameInputError } from './errors.js';
import { applyInject } from './injects.js';
import { paceTarget } from './pace.js';
import type { GameContext } from './gameRun.js';
import { ScheduledGame } from './scheduledGame.js';
import { checkAnswer, policyOf, type AnswerInput } from './answers.js';
import {
  checkLoggedMessage,
  composeMessage,
  messagesOf,
  nextDelivery,
  stopAt,
  type MessageContext,
  type MessageInput,
} from './messages.js';
import {
  positionEntry,
  replayPosition,
  revisionsUnderway,
  settledAnswers,
  type PositionInput,
} from './joint.js';

/** A live game (see the module comment). Start with {@link LiveGame.start}, or {@link LiveGame.resume}. */
export class LiveGame extends ScheduledGame {
  private constructor(context: GameContext, log: GameLog, replay: readonly GameEntry[]) {
    super(context, log);
    this.entries.push(...replay);
    this.status = this.sim.run({ until: 0 });
    // each input replayed exactly where it took effect: at its time, after as many events
    replay.forEach((e, i) => {
      if (e.kind === 'note') return;
      this.status = this.sim.run({ until: e.time, stopAfter: e.after });
      if (e.kind === 'position')
        replayPosition({ ...this.jointGame(), entries: replay.slice(0, i) }, this.pending(), e, {
          file: join(context.folder, LOG_FILE),
          line: i + 2,
        });
      context.onReplay?.(e, this, i);
      try {
        if (e.kind === 'answer') this.sim.answer(e.point, e.answer);
      } catch (error) {
        if (!(error instanceof AnswerError)) throw error;
        // the log's line i + 2 (after the settings): it no longer fits the run the log replays
        throw new InputError([
          {
            file: join(context.folder, LOG_FILE),
            path: `line ${i + 2}`,
            message: `does not replay: ${error.message} (the log was changed, or the model is not the one the game was played on)`,
          },
        ]);
      }
      if (e.kind === 'inject') applyInject(this.sim, e.inject);
      if (e.kind === 'message')
        checkLoggedMessage(
          this.messageContext(replay.slice(0, i)),
          e,
          join(context.folder, LOG_FILE),
          i + 2,
        );
      if (e.kind === 'handover') this.release(e.to);
      if (e.kind === 'pace') this.pace = e.pace;
      if (e.kind === 'end') this.endRun();
      this.schedule.replay(e);
    });
    this.pace = { ...this.pace, running: false };
    // a kill between a settling position and the game's answer to it: the answer is given now
    this.settleJoint();
    this.pending();
    this.recordResult();
  }

  /** Starts a new game: writes its settings as the log's first line. */
  static start(context: GameContext): LiveGame {
    return new LiveGame(context, GameLog.create(context.folder, context.settings), []);
  }

  /**
   * Resumes the game whose log is in `context.folder`, replaying its inputs; its settings must be
   * `context.settings`.
   */
  static resume(context: Omit<GameContext, 'settings'>): LiveGame {
    const read = readGameLog(context.folder);
    return new LiveGame(
      { ...context, settings: read.settings },
      GameLog.reopen(context.folder, read),
      read.entries,
    );
  }

  /** Answers a pending point for a seat (the control cell may answer any); the answer is on disk when this returns. */
  answer(input: AnswerInput): AnswerEntry {
    const point = checkAnswer(this.pending(), input);
    const entry: AnswerEntry = {
      kind: 'answer',
      seat: input.seat,
      point: input.point,
      answer: input.answer,
      time: this.sim.now,
      after: this.sim.completed,
      askedAt: point.time,
      shownWall: point.shownWall,
      ...(input.rationale ? { rationale: input.rationale } : {}),
      ...(input.via ? { via: input.via } : {}),
      ...policyOf(this.model, (side) => this.sim.picture(side), point),
      wall: this.wall(),
    };
    this.record(entry);
    this.sim.answer(input.point, input.answer);
    this.changed();
    return entry;
  }

  /**
   * The control cell runs the clock (to `until`, or to the next point a person must answer); where
   * it stopped is on disk when this returns, so a resumed game runs to it.
   */
  runClock(seat: string, until?: number): RunStatus {
    if (this.finished) throw new GameInputError('the game has ended', 'notNow');
    // run to the next point or the next stop (a delivery, a revision's end), whichever comes first;
    // a joint point in revision stops nothing: nobody can answer it before its revision ends
    const next = until === undefined ? this.nextStop() : undefined;
    const status = this.advance(until ?? next, next !== undefined, this.revising());
    this.checkpoint(seat);
    return status;
  }

  /**
   * Moves a running clock by `seconds` of real time at the game's pace (a pacer calls this every
   * second or so). Where the clock then stands is logged whenever something happened, so a game
   * killed between two such points resumes at the last one; pages are told of every move.
   */
  tick(seconds: number): void {
    if (this.finished) return;
    const waiting = this.sim.waiting.length;
    // a joint point in revision waits for its staff, not for a person: the clock runs at its pace
    const thinking = this.pending().some((p) => !this.revising().has(p.id));
    const stop = this.nextStop();
    const target = stopAt(paceTarget(this.pace, thinking, this.sim.now, seconds), stop);
    if (!target) return;
    const revising = this.revising();
    const entries = this.trace.length;
    this.status = this.runSim(revising.size > 0 ? { ...target, ignoring: revising } : target);
    this.pending();
    this.recordResult();
    if (
      this.trace.length !== entries ||
      this.sim.waiting.length !== waiting ||
      this.finished ||
      (stop !== undefined && this.sim.now >= stop)
    ) {
      this.checkpoint(CONTROL);
      this.changed();
    } else this.tell();
  }

  /**
   * The next simulated time at which pages must be told of something no event of the run marks: a
   * message's delivery, the end of a joint decision's revision.
   */
  private nextStop(): number | undefined {
    const stops = [nextDelivery(this.entries, this.now), ...this.revising().values()].filter(
      (t): t is number => t !== undefined && t > this.now,
    );
    return stops.length > 0 ? Math.min(...stops) : undefined;
  }

  /** The joint points in revision now, with when each revision ends. */
  private revising(): ReadonlyMap<string, number> {
    return revisionsUnderway(this.jointGame(), this.pending());
  }

  /** The control cell ends the game now, short of its horizon; on disk when this returns. */
  end(seat: string): void {
    if (this.finished) throw new GameInputError('the game has ended', 'notNow');
    this.record({
      kind: 'end',
      seat,
      time: this.sim.now,
      after: this.sim.completed,
      wall: this.wall(),
    });
    this.endRun();
    this.recordResult();
    this.changed();
  }

  /**
   * The control cell hands a seat to the engine's policy (an absent team): the policy answers the
   * seat's pending points now and its points from now on. On disk when this returns.
   */
  handToPolicy(seat: string, to: string): HandoverEntry {
    if (to === CONTROL || !this.plan.seats.includes(to))
      throw new GameInputError(
        `no player seat "${to}" (seats: ${this.plan.seats.filter((s) => s !== CONTROL).join(', ')})`,
        'invalid',
      );
    if (this.policySeats.has(to))
      throw new GameInputError(`the policy already plays "${to}"`, 'notNow');
    const entry: HandoverEntry = {
      kind: 'handover',
      seat,
      to,
      time: this.sim.now,
      after: this.sim.completed,
      wall: this.wall(),
    };
    this.record(entry);
    this.release(to);
    this.changed();
    return entry;
  }

  /**
   * A national seat concurs with, or objects to, a joint alliance decision (`joint.ts`); on disk
   * when this returns, with the game's answer to the point when the position settles it.
   */
  position(input: PositionInput): PositionEntry {
    if (this.finished) throw new GameInputError('the game has ended', 'notNow');
    const entry = positionEntry(this.jointGame(), this.pending(), input, this.wall());
    this.record(entry);
    this.settleJoint();
    this.changed();
    return entry;
  }

  /** What the joint decisions read of the game (`joint.ts`). */
  private jointGame() {
    const { model, settings, entries, now, events } = this;
    return { model, settings, entries, now, events };
  }

  /** Answers the joint points whose consultation has settled (logged as the seat `alliance`'s). */
  private settleJoint(): void {
    const picture = (side: Side) => this.sim.picture(side);
    for (const answer of settledAnswers(this.jointGame(), this.pending(), picture, this.wall)) {
      this.record(answer);
      this.sim.answer(answer.point, answer.answer);
    }
  }

  /** Messages the control cell sent a seat, in order. */
  messagesTo(seat: string): ReadonlyArray<{ readonly t: number; readonly text: string }> {
    return this.messages()
      .filter((m) => m.seat === CONTROL && m.to.includes(seat))
      .map((m) => ({ t: m.time, text: m.text }));
  }

  /**
   * A seat sends a message over a channel of the design (`messages.ts`); delivered at the
   * simulated time the channel implies, on disk when this returns.
   */
  send(seat: string, input: MessageInput): MessageEntry {
    if (this.finished) throw new GameInputError('the game has ended', 'notNow');
    const entry = composeMessage(this.messageContext(this.entries), seat, input, this.wall());
    this.record(entry);
    this.changed();
    return entry;
  }

  /** Every message so far (the control cell's message injects among them), in the order sent. */
  messages(): MessageEntry[] {
    return messagesOf(this.entries, this.plan.seats);
  }

  /** The game as a message sent now (after `entries`) is composed against. */
  private messageContext(entries: readonly GameEntry[]): MessageContext {
    return {
      model: this.model,
      seed: this.settings.seed,
      seats: this.plan.seats,
      sideOf: (seat) => this.sideOf(seat),
      trace: this.trace,
      entries,
      now: this.sim.now,
      after: this.sim.completed,
    };
  }
}
