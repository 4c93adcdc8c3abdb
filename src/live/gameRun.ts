/**
 * The run under a live game, as its seats see it: the simulated time, the points waiting for a
 * person (each with its seat and the version and wall-clock time it was first shown at), what
 * each side has learned, where the crisis truly is, the seats the policy plays, the run's result
 * when it finishes, and a version that grows with every change anyone could see, with listeners
 * told of each. The inputs that move it, logged, are the game's (`game.ts`).
 */
import type { Model } from '../model/model.js';
import { createSimulation, type RunStatus, type Simulation } from '../engine/simulation.js';
import type { TraceEntry } from '../engine/trace.js';
import { NATIONS, type Side } from '../scenario/primitives.js';
import type { GameEntry, GameSettings } from './gameLog.js';
import type { ScheduleItem } from '../scenario/injectsSchema.js';
import { ALLIANCE, CONTROL, peopleOf, planSeats, type SeatPlan } from './seats.js';
import { LearnedBySide, type LearnedEntry } from './learned.js';
import type { PendingPoint } from './answers.js';
import { writeResultOnce, type GameResult } from './result.js';

/** Everything a game needs besides its model: its settings, its folder (for the log) and a wall clock. */
export interface GameContext {
  readonly model: Model;
  readonly settings: GameSettings;
  /** The game's folder; its log is written there. */
  readonly folder: string;
  /** Wall-clock time as an ISO string (injected, so the library reads no clock of its own). */
  readonly wall: () => string;
  /** The injects list (MSEL) the game was started with: items scheduled at simulated times. */
  readonly injects?: readonly ScheduleItem[];
  /**
   * Told of each logged input (notes aside; `index` counts from the first after the settings) as a
   * resumed game replays it, just before it takes effect: `verify.ts` checks the answer against the
   * points then pending.
   */
  readonly onReplay?: (entry: GameEntry, run: GameRun, index: number) => void;
}

/** The run of a game (see the module comment); {@link LiveGame} adds its inputs and its log. */
export class GameRun {
  readonly model: Model;
  readonly settings: GameSettings;
  readonly plan: SeatPlan;
  /** Every trace entry so far, in order. */
  readonly trace: TraceEntry[] = [];
  /** The game's folder: its log, tokens, result and review. */
  readonly folder: string;
  /** Grows with every change of state anyone could see; pages send the version they show. */
  version = 0;
  protected readonly sim: Simulation;
  protected readonly wall: () => string;
  protected status: RunStatus | undefined;
  /** Per point: the version and the wall-clock time at which the game first showed it. */
  private readonly shown = new Map<string, { readonly version: number; readonly wall: string }>();
  private listeners = new Set<() => void>();
  private readonly handedOver = new Set<string>();
  private readonly learnedBySide: LearnedBySide;

  protected constructor(context: GameContext) {
    this.model = context.model;
    this.settings = context.settings;
    this.wall = context.wall;
    this.folder = context.folder;
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

  /**
   * Told after every change (an answer, the clock moving, even when only the time changed); returns
   * a function that stops telling.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs the clock to `until` (simulated minutes; capped at the horizon) whatever is pending, or,
   * without it, to the next point a person must answer or the horizon. Not logged: a resumed game
   * stops where the last logged input left it, so a game's clock is run with {@link runClock}.
   * With `stopAtPoints`, it stops sooner than `until` at a point a person must answer (but for
   * the points in `ignoring`).
   */
  advance(
    until?: number,
    stopAtPoints = false,
    ignoring?: { has(point: string): boolean },
  ): RunStatus {
    const before = this.trace.length;
    const time = this.sim.now;
    const wasFinished = this.finished;
    this.status = this.runSim(
      until === undefined ? {} : { until, stopAtPoints, ...(ignoring ? { ignoring } : {}) },
    );
    // note the version at which each new point was first shown
    this.pending();
    this.recordResult();
    // reaching the horizon is a change even when no event came in the last stretch before it
    const ended = this.finished && !wasFinished;
    if (this.trace.length !== before || this.sim.now !== time || ended) this.changed();
    return this.status;
  }

  /** Runs the simulation as {@link Simulation.run}; a game with scheduled injects fires them on the way. */
  protected runSim(options: Parameters<Simulation['run']>[0]): RunStatus {
    return this.sim.run(options);
  }

  /** Seats the engine's policy now plays. */
  get policySeats(): ReadonlySet<string> {
    return this.handedOver;
  }

  /**
   * Hands the seat's points to the engine's policy; a national seat's joint alliance decisions go
   * with it, since they can no longer be settled by both nations.
   */
  protected release(seat: string): void {
    this.handedOver.add(seat);
    if ((NATIONS as readonly string[]).includes(seat) && this.plan.seats.includes(ALLIANCE))
      if (!this.handedOver.has(ALLIANCE)) this.release(ALLIANCE);
    this.sim.release(
      new Set([...this.plan.ownerSeat].filter(([, s]) => s === seat).map(([owner]) => owner)),
    );
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

  /** The finished run's trace hash and size; undefined while the game goes on. */
  result(): Omit<GameResult, 'wall'> | undefined {
    if (!this.finished) return undefined;
    const r = this.sim.result();
    return { id: this.settings.id, traceHash: r.traceHash, events: r.events };
  }

  /** Writes the result beside the log once the game has finished (a whole file, never half of one). */
  protected recordResult(): void {
    const result = this.result();
    if (result) writeResultOnce(this.folder, result, this.wall);
  }

  /** Ends the run now, short of its horizon. */
  protected endRun(): void {
    this.sim.end();
    this.status = { status: 'done' };
  }

  /** A change anyone could see: the version grows and listeners are told. */
  protected changed(): void {
    this.version++;
    this.tell();
  }

  protected tell(): void {
    for (const listener of this.listeners) listener();
  }
}
