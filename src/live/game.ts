/**
 * A live game: one seeded run of the engine in which seats (teams of people) answer the decision
 * points they own while the clock runs, and the engine's policy plays every point no one owns. The
 * game is authoritative: an answer is checked (the seat owns the point, the point is still
 * pending, the page was not showing an older state than the point), written to the game's log and
 * flushed to disk, and only then applied. A game resumed from its log replays every input (answer,
 * clock run, pace change, inject, handover, end) at the time and event count it took effect at, so
 * it continues exactly as if it had never stopped. The control cell runs the clock by hand or sets
 * it running at a pace ({@link LiveGame.tick}); a resumed game comes back paused.
 */
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic.js';
import { join } from 'node:path';
import type { Model } from '../model/compile.js';
import {
  createSimulation,
  type DecisionPoint,
  type RunStatus,
  type Simulation,
} from '../engine/simulation.js';
import type { TraceEntry } from '../engine/trace.js';
import { AnswerError } from '../engine/deciders.js';
import { InputError } from '../scenario/errors.js';
import {
  GameLog,
  LOG_FILE,
  readGameLog,
  type AnswerEntry,
  type GameEntry,
  type GameSettings,
  type HandoverEntry,
  type Inject,
  type InjectEntry,
  type Pace,
  type PaceEntry,
} from './gameLog.js';
import { CONTROL, peopleOf, planSeats, type SeatPlan } from './seats.js';
import type { Side } from '../scenario/schema.js';
import { GameInputError } from './errors.js';
import { applyInject, checkInject } from './injects.js';
import { DEFAULT_PACE, paceTarget } from './pace.js';
import { LearnedBySide, type LearnedEntry } from './learned.js';

export { GameInputError } from './errors.js';

/** A decision point as the game shows it: with the seat that answers it and the state version it was asked at. */
export interface PendingPoint extends DecisionPoint {
  readonly seat: string;
  readonly askedAtVersion: number;
  /** Wall-clock time the game first showed it (after a resume, when the resumed game did). */
  readonly shownWall: string;
}

/** An answer as a seat sends it. */
export interface AnswerInput {
  readonly seat: string;
  readonly point: string;
  readonly answer: string;
  /** The game version the seat's page was showing. */
  readonly version: number;
  readonly rationale?: string;
}

/** Everything a game needs besides its model: its settings, its folder (for the log) and a wall clock. */
export interface GameContext {
  readonly model: Model;
  readonly settings: GameSettings;
  /** The game's folder; its log is written there. */
  readonly folder: string;
  /** Wall-clock time as an ISO string (injected, so the library reads no clock of its own). */
  readonly wall: () => string;
}

/** The file a finished game leaves beside its log: its trace hash, which `npm run replay` checks. */
export const RESULT_FILE = 'result.json';

/** What a finished game leaves in {@link RESULT_FILE}. */
export interface GameResult {
  readonly id: string;
  readonly traceHash: string;
  readonly events: number;
  readonly wall: string;
}

export class LiveGame {
  readonly model: Model;
  readonly settings: GameSettings;
  readonly plan: SeatPlan;
  /** Every trace entry so far, in order. */
  readonly trace: TraceEntry[] = [];
  /** Every input so far, in order (the log after its first line). */
  readonly entries: GameEntry[] = [];
  private readonly sim: Simulation;
  private readonly log: GameLog;
  private readonly wall: () => string;
  /** Per point: the version and the wall-clock time at which the game first showed it. */
  private readonly shown = new Map<string, { readonly version: number; readonly wall: string }>();
  /** The game's folder: its log, tokens, result and review. */
  readonly folder: string;
  private status: RunStatus | undefined;
  private listeners = new Set<() => void>();
  private readonly handedOver = new Set<string>();
  private readonly learnedBySide: LearnedBySide;
  /** Grows with every change of state anyone could see; pages send the version they show. */
  version = 0;
  /** How the clock runs by itself; a resumed game keeps its pace but comes back paused. */
  pace: Pace = DEFAULT_PACE;

  private constructor(context: GameContext, log: GameLog, replay: readonly GameEntry[]) {
    this.model = context.model;
    this.settings = context.settings;
    this.wall = context.wall;
    this.log = log;
    this.plan = planSeats(context.model, context.settings.seats);
    this.learnedBySide = new LearnedBySide(context.model);
    this.sim = createSimulation(context.model, {
      seed: context.settings.seed,
      people: peopleOf(this.plan),
      keepTrace: false,
      observe: (entry) => this.trace.push(entry),
      observeKnowledge: (side, k, cause) =>
        this.learnedBySide.note(side, k.rung, cause, this.sim.now),
    });
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
    this.folder = context.folder;
    this.recordResult();
  }

  /** Starts a new game: writes its settings as the log's first line. */
  static start(context: GameContext): LiveGame {
    return new LiveGame(context, GameLog.create(context.folder, context.settings), []);
  }

  /** Resumes the game whose log is in `context.folder`, replaying its inputs; its settings must be `context.settings`. */
  static resume(context: Omit<GameContext, 'settings'>): LiveGame {
    const read = readGameLog(context.folder);
    return new LiveGame(
      { ...context, settings: read.settings },
      GameLog.reopen(context.folder, read),
      read.entries,
    );
  }

  /** Simulated minutes now. */
  get now(): number {
    return this.sim.now;
  }

  /** Events the run has processed. */
  get events(): number {
    return this.sim.completed;
  }

  /** Whether the run has reached its horizon. */
  get finished(): boolean {
    return this.status?.status === 'done';
  }

  /** The points waiting for a person, each with its seat. */
  pending(): PendingPoint[] {
    return this.sim.waiting.map((p) => {
      let shown = this.shown.get(p.id);
      if (!shown) this.shown.set(p.id, (shown = { version: this.version, wall: this.wall() }));
      return {
        ...p,
        seat: this.plan.ownerSeat.get(p.owner) ?? CONTROL,
        askedAtVersion: shown.version,
        shownWall: shown.wall,
      };
    });
  }

  /** Told after every change (an answer, the clock moving, even when only the time changed); returns a function that stops telling. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs the clock to `until` (simulated minutes; capped at the horizon) whatever is pending, or,
   * without it, to the next point a person must answer or the horizon. Not logged: a resumed game
   * stops where the last logged input left it, so a game's clock is run with {@link runClock}.
   */
  advance(until?: number): RunStatus {
    const before = this.trace.length;
    const time = this.sim.now;
    this.status = this.sim.run(until === undefined ? {} : { until });
    // note the version at which each new point was first shown
    this.pending();
    this.recordResult();
    if (this.trace.length !== before || this.sim.now !== time) this.changed();
    return this.status;
  }

  /** Answers a pending point for a seat (the control cell may answer any); the answer is on disk when this returns. */
  answer(input: AnswerInput): AnswerEntry {
    const point = this.pending().find((p) => p.id === input.point);
    if (!point)
      throw new GameInputError(
        `no decision point ${input.point} is waiting (it was answered, or overtaken by events)`,
        409,
      );
    if (input.seat !== point.seat && input.seat !== CONTROL)
      throw new GameInputError(
        `${input.point} belongs to the seat "${point.seat}", not "${input.seat}"`,
        403,
      );
    if (input.version < point.askedAtVersion)
      throw new GameInputError(
        `the page shows version ${input.version}, older than ${input.point} (asked at version ${point.askedAtVersion}): reload`,
        409,
      );
    if (!point.options.includes(input.answer))
      throw new GameInputError(
        `"${input.answer}" is not an option of ${input.point} (options: ${point.options.join(', ')})`,
        422,
      );
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
      ...this.policyOf(point),
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
    if (this.finished) throw new GameInputError('the game has ended', 409);
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
    if (this.finished) throw new GameInputError('the game has ended', 409);
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
    if (this.finished) throw new GameInputError('the game has ended', 409);
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

  private endRun(): void {
    this.sim.end();
    this.status = { status: 'done' };
  }

  /** The control cell injects a fact, a message, an adversary move or an organisation change; on disk when this returns, and replayed exactly where it was given. */
  inject(seat: string, inject: Inject): InjectEntry {
    if (this.finished) throw new GameInputError('the game has ended', 409);
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
        422,
      );
    if (this.policySeats.has(to)) throw new GameInputError(`the policy already plays "${to}"`, 409);
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

  /** Seats the engine's policy now plays. */
  get policySeats(): ReadonlySet<string> {
    return this.handedOver;
  }

  private release(seat: string): void {
    this.handedOver.add(seat);
    this.sim.release(
      new Set([...this.plan.ownerSeat].filter(([, s]) => s === seat).map(([owner]) => owner)),
    );
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

  /** The run's simulation, read-only use (snapshots, what each side knows). */
  get simulation(): Pick<
    Simulation,
    'picture' | 'snapshot' | 'isInForce' | 'now' | 'metricsSoFar'
  > {
    return this.sim;
  }

  /** What a side has learned, in order. */
  learned(side: Side): readonly LearnedEntry[] {
    return this.learnedBySide.of(side);
  }

  /** Where the crisis truly is (the control cell's and the adversary's view). */
  trueRung(): { id: string; label: string } {
    const id = this.sim.snapshot('ladder').value as string;
    const rung = this.model.scenario.ladder.rungs.find((r) => r.id === id);
    return { id, label: rung?.label ?? 'before the start' };
  }

  /** The side whose picture a seat sees: a side seat's own; a pattern's, that of the decisions it owns. */
  sideOf(seat: string): Side | 'adversary' {
    if (seat === 'adversary' || seat === 'japan' || seat === 'unitedStates') return seat;
    for (const [owner, s] of this.plan.ownerSeat)
      if (s === seat) return this.model.decisionsById.get(owner)?.side ?? 'japan';
    return 'alliance';
  }

  /** Closes the log. */
  close(): void {
    this.log.close();
  }

  /** The finished run's trace hash and size; undefined while the game goes on. */
  result(): Omit<GameResult, 'wall'> | undefined {
    if (!this.finished) return undefined;
    const r = this.sim.result();
    return { id: this.settings.id, traceHash: r.traceHash, events: r.events };
  }

  /** What the engine's policy would have done at this point: its probability of approving. */
  private policyOf(point: PendingPoint): { policyApprove?: number } {
    const decision = this.model.decisionsById.get(point.decision.replace(/\.diet$/, ''));
    if (!decision) return {};
    if (point.kind === 'diet')
      return decision.diet ? { policyApprove: decision.diet.approveProbability } : {};
    return point.kind === 'approve'
      ? { policyApprove: decision.approveProbability(this.sim.picture(decision.side)) }
      : {};
  }

  /** Writes the result beside the log once the game has finished (a whole file, never half of one). */
  private recordResult(): void {
    const file = join(this.folder, RESULT_FILE);
    const result = this.result();
    if (!result || existsSync(file)) return;
    writeFileAtomic(file, `${JSON.stringify({ ...result, wall: this.wall() }, null, 2)}\n`);
  }

  private changed(): void {
    this.version++;
    this.tell();
  }

  private tell(): void {
    for (const listener of this.listeners) listener();
  }
}
