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
import { AnswerError } from '../engine/deciders.js';
import { InputError } from '../scenario/errors.js';
import {
  GameLog,
  LOG_FILE,
  readGameLog,
  type AnswerEntry,
  type GameEntry,
  type HandoverEntry,
  type Inject,
  type InjectEntry,
  type Pace,
  type PaceEntry,
} from './gameLog.js';
import { CONTROL } from './seats.js';
import { GameInputError } from './errors.js';
import { applyInject, checkInject } from './injects.js';
import { DEFAULT_PACE, paceTarget } from './pace.js';
import { GameRun, type GameContext } from './gameRun.js';
import { checkAnswer, policyOf, type AnswerInput } from './answers.js';

/** A live game (see the module comment). Start with {@link LiveGame.start}, or {@link LiveGame.resume}. */
export class LiveGame extends GameRun {
  /** Every input so far, in order (the log after its first line). */
  readonly entries: GameEntry[] = [];
  private readonly log: GameLog;
  /** How the clock runs by itself; a resumed game keeps its pace but comes back paused. */
  pace: Pace = DEFAULT_PACE;

  private constructor(context: GameContext, log: GameLog, replay: readonly GameEntry[]) {
    super(context);
    this.log = log;
    this.entries.push(...replay);
    this.status = this.sim.run({ until: 0 });
    // each input replayed exactly where it took effect: at its time, after as many events
    replay.forEach((e, i) => {
      if (e.kind === 'note') return;
      this.status = this.sim.run({ until: e.time, stopAfter: e.after });
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
      if (e.kind === 'handover') this.release(e.to);
      if (e.kind === 'pace') this.pace = e.pace;
      if (e.kind === 'end') this.endRun();
    });
    this.pace = { ...this.pace, running: false };
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
    const status = this.advance(until);
    this.checkpoint(seat);
    return status;
  }

  /** Logs where the clock stands, so a resumed game runs to it. */
  private checkpoint(seat: string): void {
    // a game that has ended is replayed to its horizon, past its last event
    this.record({
      kind: 'clock',
      seat,
      time: this.finished ? this.model.horizon : this.sim.now,
      after: this.sim.completed,
      wall: this.wall(),
    });
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
   * Moves a running clock by `seconds` of real time at the game's pace (a pacer calls this every
   * second or so). Where the clock then stands is logged whenever something happened, so a game
   * killed between two such points resumes at the last one; pages are told of every move.
   */
  tick(seconds: number): void {
    if (this.finished) return;
    const waiting = this.sim.waiting.length;
    const target = paceTarget(this.pace, waiting > 0, this.sim.now, seconds);
    if (!target) return;
    const entries = this.trace.length;
    this.status = this.sim.run(target);
    this.pending();
    this.recordResult();
    if (this.trace.length !== entries || this.sim.waiting.length !== waiting || this.finished) {
      this.checkpoint(CONTROL);
      this.changed();
    } else this.tell();
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

  /** Whether the control cell ended the game before its horizon. */
  get ended(): boolean {
    return this.entries.some((e) => e.kind === 'end');
  }

  /**
   * The control cell injects a fact, a message, an adversary move or an organisation change; on
   * disk when this returns, and replayed exactly where it was given.
   */
  inject(seat: string, inject: Inject): InjectEntry {
    if (this.finished) throw new GameInputError('the game has ended', 'notNow');
    checkInject(
      {
        model: this.model,
        seats: this.plan.seats,
        rung: this.model.rungIndex.get(this.trueRung().id) ?? -1,
        waiting: this.sim.waiting,
      },
      inject,
    );
    const entry: InjectEntry = {
      kind: 'inject',
      seat,
      inject,
      time: this.sim.now,
      after: this.sim.completed,
      wall: this.wall(),
    };
    this.record(entry);
    applyInject(this.sim, inject);
    this.pending();
    this.changed();
    return entry;
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

  /** Writes an input to the log (flushed to disk) and keeps it. */
  private record(entry: GameEntry): void {
    this.log.append(entry);
    this.entries.push(entry);
  }

  /** Messages the control cell sent a seat, in order. */
  messagesTo(seat: string): ReadonlyArray<{ readonly t: number; readonly text: string }> {
    return this.entries.flatMap((e) =>
      e.kind === 'inject' && e.inject.type === 'message' && e.inject.to === seat
        ? [{ t: e.time, text: e.inject.text }]
        : [],
    );
  }

  /** Adds a note to the record (on disk when this returns). */
  note(seat: string, text: string): void {
    const entry: GameEntry = { kind: 'note', seat, text, time: this.sim.now, wall: this.wall() };
    this.record(entry);
    this.changed();
  }

  /** Closes the log. */
  close(): void {
    this.log.close();
  }
}
