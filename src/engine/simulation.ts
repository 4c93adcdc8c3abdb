/**
 * One run: wires the machines of a `Model` to the kernel (queue, delivery, timers), the knowledge
 * bus, the deciders, staffing and the model's own actions (reports, moves, announcements:
 * `modelActions.ts`); records the trace and its metrics. A run stops at a decision a person owns and
 * resumes when it is answered; every answer is logged, so a run replays exactly from
 * (seed, answers).
 */
import type { Knowledge } from '../model/knowledge.js';
import type { CompiledDecision } from '../model/compiled.js';
import { delaySampler, type Model } from '../model/model.js';
import type { DrawnDelay } from '../model/draws.js';
import type { ModelEvent } from '../model/types.js';
import type { Sampler } from '../math/distributions.js';
import { SIDES, type Side } from '../scenario/primitives.js';
import type { ActorId, ActorSnapshot, ExecutableAction } from './actor.js';
import { xstateRuntimes } from './runtime.js';
import { EventBudgetError, Kernel } from './kernel.js';
import { describeRun, retentionMessage, type RetainedKind } from './retention.js';
import { KnowledgeBus } from './knowledgeBus.js';
import { Deciders, type DecisionPoint } from './deciders.js';
import type { RunHost } from './host.js';
import { stateChanges } from './traceDiff.js';
import { namesOf, type Names } from './names.js';
import { createRandomStreams, type RandomStreams } from './random.js';
import { TraceRecorder, type TraceEntry, type TraceKind } from './trace.js';
import { MetricsCollector, type DecisionMetric, type Outcome } from './metrics.js';
import { metricsSpecOf, sceneActorsOf, sideActorsOf } from './perModel.js';
import { createStaffing, type Staffing } from './staffing.js';
import { describeChange, type OrganisationChange } from './organisations.js';
import { ModelActions, type ActionsHost } from './modelActions.js';
import type { RunResult, RunStatus, SimulationOptions } from './runOptions.js';

export type { ActorId } from './kernel.js';
export type { DecisionPoint } from './deciders.js';
export type { RunResult, RunStatus, SimulationOptions } from './runOptions.js';

/** A run in progress. Create with {@link createSimulation}. */
export class Simulation implements RunHost, ActionsHost {
  readonly model: Model;
  readonly seed: number;
  private readonly kernel: Kernel;
  private readonly bus: KnowledgeBus;
  private readonly deciders: Deciders;
  private readonly sideActors: Readonly<Record<Side, readonly ActorId[]>>;
  private readonly streams: RandomStreams;
  private readonly trace: TraceRecorder;
  private readonly metrics: MetricsCollector;
  private readonly staffing: Staffing;
  private readonly actions: ModelActions;
  private readonly observers: Pick<
    SimulationOptions,
    'observe' | 'observeDraws' | 'observeKnowledge'
  >;
  private readonly names: Names;
  private started = false;
  private finished = false;
  /** Stops the run when it would keep more than its cap (`RUN_RETENTION`) of trace entries or answers. */
  private readonly overRetained = (kind: RetainedKind, limit: number): never => {
    throw new EventBudgetError(retentionMessage(this.describe(), kind, limit, this.now));
  };
  private readonly describe = () => describeRun(this.model, this.seed);

  constructor(model: Model, options: SimulationOptions) {
    this.model = model;
    this.seed = options.seed;
    this.names = namesOf(model);
    this.streams = createRandomStreams(options.seed);
    this.trace = new TraceRecorder(options.keepTrace ?? false, this.overRetained);
    this.metrics = new MetricsCollector(metricsSpecOf(model));
    this.observers = {
      observe: options.observe,
      observeDraws: options.observeDraws,
      observeKnowledge: options.observeKnowledge,
    };
    this.sideActors = sideActorsOf(model);
    // the run itself is the kernel's and the deciders' host: one object whose methods every run shares
    this.kernel = new Kernel((options.runtimes ?? xstateRuntimes)(model), this, {
      events: model.scenario.limits.eventsPerRun,
      describe: this.describe,
    });
    this.bus = new KnowledgeBus(
      this.kernel,
      model.knowledge,
      this.sideActors,
      options.delivery,
      sceneActorsOf(model),
    );
    this.deciders = new Deciders(this, options, this.names, this.overRetained);
    this.staffing = createStaffing(this);
    this.actions = new ModelActions(this, this.staffing, this.names);
  }

  /** Kernel hook: the knowledge bus brings an actor up to date before any event reaches it. */
  beforeDeliver(actor: ActorId): void {
    this.bus.sync(actor);
  }

  /** Kernel hook: records an actor's state changes in the trace. */
  changed(
    actor: ActorId,
    before: ActorSnapshot,
    after: ActorSnapshot,
    event: ModelEvent,
    cause: string,
  ): void {
    const changes = stateChanges(this.model, actor, before, after);
    if (changes.length === 0) return;
    const label = this.names.eventLabel(event.type);
    for (const c of changes) this.record('state', c.actor, label, c.from, c.to, cause);
  }

  /** Deciders' hook: events processed so far. */
  get completed(): number {
    return this.kernel.completed;
  }

  /** Deciders' hook: records an answer in the trace. */
  recordAnswer(point: DecisionPoint, answer: string): void {
    this.record('decision', point.side, point.id, '', answer, point.kind);
  }

  /** Deciders' hook: the clock moves to when a recorded answer took effect. */
  advanceTo(time: number): void {
    this.kernel.advanceTo(time);
  }

  /** Simulated minutes since scenario start. */
  get now(): number {
    return this.kernel.now;
  }

  /** The decision points waiting for a person, in the order they were asked. */
  get waiting(): readonly DecisionPoint[] {
    return this.deciders.waiting();
  }

  /** The first decision point waiting for a person, if any. */
  get waitingFor(): DecisionPoint | undefined {
    return this.deciders.waiting()[0];
  }

  /** The current snapshot of an actor (read-only): a decision id, `ladder`, `adversary`, `legal:<side>`. */
  snapshot(actor: ActorId): ActorSnapshot {
    return this.kernel.snapshot(actor);
  }

  /** A draw from the named stream through a sampler, rounded to the whole simulated second. */
  draw(stream: string, sampler: Sampler): number {
    return Math.round(sampler(this.uniform(stream)) * 60) / 60;
  }

  /** Kernel hook: a machine's drawn delay, through this run's model's sampler. */
  drawDelay(delay: DrawnDelay): number {
    return this.draw(delay.stream, delaySampler(this.model, delay));
  }

  /** A uniform draw from the named stream. */
  uniform(stream: string): number {
    const u = this.streams.stream(stream).next();
    this.observers.observeDraws?.(stream, u);
    return u;
  }

  /** `${prefix}${suffix}`, the same string object every time (stream names, causes). */
  joined(prefix: string, suffix: string | number): string {
    return this.names.join(prefix, suffix);
  }

  /** Schedules `fn` after `delay` minutes. */
  at(delay: number, fn: () => void): number {
    return this.kernel.at(delay, fn);
  }

  record(
    kind: TraceKind,
    actor: string,
    event: string,
    from: string,
    to: string,
    cause: string,
  ): void {
    const entry: TraceEntry = { t: this.kernel.now, kind, actor, event, from, to, cause };
    this.trace.record(entry);
    this.metrics.observe(entry);
    this.observers.observe?.(entry);
  }

  /** Delivers an event to an actor now. */
  deliver(actor: ActorId, event: ModelEvent, cause: string): void {
    this.kernel.deliver(actor, event, cause);
  }

  /** What a side knows now. */
  picture(side: Side): Knowledge {
    return this.bus.picture(side);
  }

  /** Updates what a side knows and shares it with the side's actors it can move. */
  /** The organisations on the scene see the ladder at `rung`. */
  learnScene(rung: number, cause: string): void {
    this.bus.learnScene(rung, cause);
  }

  learn(side: Side, k: Knowledge, cause: string): void {
    this.bus.learn(side, k, cause);
    this.observers.observeKnowledge?.(side, k, cause);
  }

  /** Delivers an event that carries the side's current picture to a decision. */
  tell(
    decision: CompiledDecision,
    event: { type: 'ISSUE' } | { type: 'APPROVAL'; org: string },
    cause: string,
  ): void {
    const k = this.bus.carry(decision.id, decision.side);
    this.kernel.deliver(
      decision.id,
      event.type === 'ISSUE' ? { type: 'ISSUE', k } : { type: 'APPROVAL', org: event.org, k },
      cause,
    );
  }

  /** Whether a decision is in force now. */
  isInForce(decision: string): boolean {
    return this.actions.isInForce(decision);
  }

  /** Asks a decision point: a script answers first, then a person who owns it, then `policy`. */
  ask(
    question: Omit<DecisionPoint, 'id' | 'time'>,
    policy: () => string,
    then: (answer: string) => void,
  ): void {
    this.deciders.ask(question, policy, then);
  }

  /** Hands owners back to the scenario's policy: it answers their pending points now and their points from now on. */
  release(owners: ReadonlySet<string>): void {
    this.deciders.release(owners);
  }

  /**
   * Moves the crisis one rung from outside the model (a live game's control cell): the adversary
   * moves now and dwells afresh; a scripted adversary's ladder moves and the script goes on.
   */
  moveAdversary(to: number): void {
    this.record('inject', 'adversary', 'move', String(this.ladderRung()), String(to), 'control');
    if (this.model.adversary.script) this.deliver('ladder', { type: 'MOVE', to }, 'inject');
    else this.deliver('adversary', { type: 'CHOSEN', to }, 'inject');
  }

  /**
   * Changes an organisation's capacity or processing time from now on, from outside the model (a
   * live game's inject).
   */
  adjustOrganisation(org: string, change: OrganisationChange): void {
    this.record('inject', org, 'adjust', '', describeChange(change), 'control');
    this.staffing.adjust(org, change);
  }

  /** Ends the run now, short of its horizon (a live game the control cell ends); its result covers what happened. */
  end(): void {
    if (this.finished) return;
    this.record('inject', 'control', 'end', '', 'ended', 'control');
    this.finished = true;
  }

  /** Answers a decision point a person owns; the run goes on at the next {@link run}. */
  answer(pointId: string, answer: string): void {
    this.deciders.answer(pointId, answer);
  }

  /** Kernel hook: carries out the model's own actions. */
  perform(actor: ActorId, action: ExecutableAction): void {
    this.actions.perform(actor, action);
  }

  /** Actions' hook: schedules `fn` at an absolute time (never earlier than now). */
  schedule(time: number, fn: () => void): void {
    this.kernel.schedule(time, fn);
  }

  /** Actions' hook: withdraws a closed decision's pending points. */
  withdraw(decision: string): void {
    this.deciders.withdraw(decision);
  }

  /** The ladder's rung now, by index (-1 before the start). */
  ladderRung(): number {
    return this.model.rungIndex.get(this.kernel.snapshot('ladder').value as string) ?? -1;
  }

  private start(): void {
    this.started = true;
    this.deliver('ladder', { type: 'START' }, 'start');
    const script = this.model.adversary.script;
    if (script)
      for (const move of script)
        this.kernel.schedule(move.at, () =>
          this.deliver('ladder', { type: 'MOVE', to: move.to }, 'script'),
        );
    else this.deliver('adversary', { type: 'START' }, 'start');
    for (const side of SIDES)
      for (const actor of this.sideActors[side])
        this.deliver(actor, { type: 'START', k: this.bus.carry(actor, side) }, 'start');
    this.kernel.completed = 1;
  }

  /**
   * Runs until the horizon, or until a person must answer. With `until`: to that time whatever
   * is pending (a live game's clock), pausing there; with `stopAfter` too, once that many events
   * are processed (a game brought back to where its log ends, maybe before the last event at that
   * time); with `stopAtPoints` too, sooner when a person must answer (a clock that stops while people think).
   * Points in `ignoring` never stop it (a live game's joint decision in revision, which no person
   * can answer before the revision ends).
   */
  run(
    options: {
      readonly until?: number;
      readonly stopAfter?: number;
      readonly stopAtPoints?: boolean;
      readonly ignoring?: { has(point: string): boolean };
    } = {},
  ): RunStatus {
    if (this.finished) return { status: 'done' };
    if (!this.started) this.start();
    const horizon = this.model.horizon;
    const limit = options.until === undefined ? horizon : Math.min(options.until, horizon);
    const deciders = this.deciders;
    for (;;) {
      if (deciders.anyPending) {
        deciders.applyDue();
        const points =
          options.until === undefined || options.stopAtPoints
            ? deciders.waiting().filter((p) => !options.ignoring?.has(p.id))
            : [];
        if (points.length > 0) return { status: 'waiting', point: points[0]!, points };
      }
      if (
        limit < horizon &&
        options.stopAfter !== undefined &&
        this.kernel.completed >= options.stopAfter
      )
        break;
      if (!this.kernel.step(limit)) break;
    }
    if (limit < horizon) {
      this.kernel.advanceTo(limit);
      return { status: 'paused', time: limit };
    }
    this.finished = true;
    return { status: 'done' };
  }

  /** The metrics so far, of a run that may not have finished (a live game's review). */
  metricsSoFar(): { readonly decisions: readonly DecisionMetric[]; readonly outcome: Outcome } {
    return { decisions: this.metrics.decisions(), outcome: this.metrics.outcome() };
  }

  /** The result of a finished run. */
  result(): RunResult {
    if (!this.finished) throw new Error('the run has not finished');
    return {
      seed: this.seed,
      design: this.model.design.id,
      traceHash: this.trace.finish(),
      events: this.trace.count,
      decisions: this.metrics.decisions(),
      outcome: this.metrics.outcome(),
      answers: this.deciders.log,
      ...(this.trace.entries ? { trace: this.trace.entries } : {}),
    };
  }
}

/** Creates a run of `model` with the given seed, script and people. */
export function createSimulation(model: Model, options: SimulationOptions): Simulation {
  return new Simulation(model, options);
}

/**
 * Runs one seed to the horizon. Throws if a decision is owned by a person.
 *
 * @example
 * ```ts
 * const result = simulate(model, { seed: 42 });
 * for (const d of result.decisions) console.log(d.id, d.decidedAt);
 * ```
 */
export function simulate(model: Model, options: SimulationOptions): RunResult {
  const sim = createSimulation(model, options);
  const status = sim.run();
  if (status.status === 'waiting')
    throw new Error(
      `run stopped at ${status.point.id}, which a person owns; use createRun and answer()`,
    );
  return sim.result();
}
