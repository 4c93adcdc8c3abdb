/**
 * One run: wires the machines of a `Model` to the kernel (queue, delivery, timers), the knowledge
 * bus, the deciders and staffing; carries out the model's actions (reports, moves, staffing,
 * announcements); records the trace and its metrics. A run stops at a decision a person owns and
 * resumes when it is answered; every answer is logged, so a run replays exactly from
 * (seed, answers).
 */
import {
  LEGAL_PREFIX,
  xstateRuntimes,
  type ActorSnapshot,
  type ExecutableAction,
  type Runtimes,
} from './runtime.js';
import type { Nation, Side } from '../scenario/schema.js';
import { NATIONS, SIDES } from '../scenario/primitives.js';
import type { Knowledge } from '../model/knowledge.js';
import type { CompiledDecision, Model } from '../model/compile.js';
import type { ModelEvent } from '../model/types.js';
import { openMoves, policyMove, posture, rungAfter } from '../model/adversaryPolicy.js';
import type { Sampler } from '../math/distributions.js';
import { Kernel, type ActorId } from './kernel.js';
import { KnowledgeBus, type Delivery } from './knowledgeBus.js';
import { Deciders, type DecisionPoint, type RecordedAnswer, type Script } from './deciders.js';
import { stateChanges } from './traceDiff.js';
import { namesOf, type Names } from './names.js';
import { createRandomStreams, type RandomStreams } from './random.js';
import { TraceRecorder, type TraceEntry, type TraceKind } from './trace.js';
import { MetricsCollector, type DecisionMetric, type Outcome } from './metrics.js';
import { metricsSpecOf, sideActorsOf } from './perModel.js';
import { createStaffing, type Staffing } from './staffing.js';
import { describeChange, type OrganisationChange } from './organisations.js';

export type { ActorId } from './kernel.js';
export type { DecisionPoint, RecordedAnswer, Script } from './deciders.js';

export interface SimulationOptions {
  readonly seed: number;
  /** Answers to use instead of the policy: a map by decision point id, or a run's recorded answers. */
  readonly script?: Script;
  /** Owners of decision points that a person answers (decision ids, a Diet's organisation id, `adversary.move`). */
  readonly people?: ReadonlySet<string>;
  /** Keep the trace entries (for timelines and replay); the hash is always computed. */
  readonly keepTrace?: boolean;
  /** Told of every trace entry as it is made. */
  readonly observe?: (entry: TraceEntry) => void;
  /** Told whenever a side learns something (a report, a decision in force), with what it now knows: a live game's views. */
  readonly observeKnowledge?: (side: Side, knowledge: Knowledge, cause: string) => void;
  /** Told of every uniform draw, by stream name (to check common random numbers). */
  readonly observeDraws?: (stream: string, u: number) => void;
  /** How actors are stepped; xstate's pure transitions unless a benchmark plugs in another. */
  readonly runtimes?: (model: Model) => Runtimes;
  /** How news reaches actors; `full` delivers every update to every actor (to check the default). */
  readonly delivery?: Delivery;
}

/** What a run produced. */
export interface RunResult {
  readonly seed: number;
  readonly design: string;
  readonly traceHash: string;
  readonly events: number;
  readonly decisions: readonly DecisionMetric[];
  readonly outcome: Outcome;
  readonly answers: readonly RecordedAnswer[];
  readonly trace?: readonly TraceEntry[];
}

/**
 * Where a run stands: finished at the horizon; waiting for people to answer (`points`, the first
 * of them as `point`); or paused at a time short of the horizon.
 */
export type RunStatus =
  | { readonly status: 'done' }
  | {
      readonly status: 'waiting';
      readonly point: DecisionPoint;
      readonly points: readonly DecisionPoint[];
    }
  | { readonly status: 'paused'; readonly time: number };

/** A run in progress. Create with {@link createSimulation}. */
export class Simulation {
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
  private readonly lastReport: Record<Nation, number> = { japan: 0, unitedStates: 0 };
  private readonly inForce = new Set<string>();
  private readonly observers: Pick<
    SimulationOptions,
    'observe' | 'observeDraws' | 'observeKnowledge'
  >;
  private readonly names: Names;
  private started = false;
  private finished = false;

  constructor(model: Model, options: SimulationOptions) {
    this.model = model;
    this.seed = options.seed;
    this.names = namesOf(model);
    this.streams = createRandomStreams(options.seed);
    this.trace = new TraceRecorder(options.keepTrace ?? false);
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
      describe: () =>
        `scenario ${model.scenario.id}, design ${model.design.id}, seed ${options.seed}`,
    });
    this.bus = new KnowledgeBus(this.kernel, model.knowledge, this.sideActors, options.delivery);
    this.deciders = new Deciders(this, options, this.names);
    this.staffing = createStaffing(this);
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
    this.kernel.deliver(
      decision.id,
      { ...event, k: this.bus.carry(decision.id, decision.side) },
      cause,
    );
  }

  /** Whether a decision is in force now. */
  isInForce(decision: string): boolean {
    return this.inForce.has(decision);
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

  /** Changes an organisation's capacity or processing time from now on, from outside the model (a live game's inject). */
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
    const p = action.params;
    switch (action.type) {
      case 'report':
        return this.report(p.rung as number);
      case 'move':
        if (p.to !== this.ladderRung())
          this.deliver('ladder', { type: 'MOVE', to: p.to }, 'adversary');
        return;
      case 'choose':
        return this.chooseMove();
      case 'ask':
        return this.staffing.start(this.model.decisionsById.get(actor)!, p.kind);
      case 'announce':
        return this.announce(this.model.decisionsById.get(actor)!, p.inForce);
      case 'close':
        return this.close(this.model.decisionsById.get(actor)!, p.as);
      case 'resume':
        return this.staffing.resume(this.model.decisionsById.get(actor)!);
      default:
        return;
    }
  }

  private ladderRung(): number {
    return this.model.rungIndex.get(this.kernel.snapshot('ladder').value as string) ?? -1;
  }

  /** Carries a rung report to each side after its reporting delay, in order of occurrence. */
  private report(rung: number): void {
    const r = this.model.scenario.ladder.rungs[rung]!;
    for (const nation of NATIONS) {
      const delay = this.draw(`report.${nation}`, this.model.reporting[nation]);
      const time = Math.max(this.now + delay, this.lastReport[nation]);
      this.lastReport[nation] = time;
      this.kernel.schedule(time, () => {
        const cause = this.names.join('report:', r.id);
        this.learn(nation, this.model.knowledge.withRung(this.picture(nation), rung), cause);
        // the alliance mechanism learns with Japan, on whose territory the events occur
        if (nation === 'japan')
          this.learn(
            'alliance',
            this.model.knowledge.withRung(this.picture('alliance'), rung),
            cause,
          );
        for (const against of r.hostileActs)
          this.deliver(
            this.names.join(LEGAL_PREFIX, nation),
            { type: 'HOSTILE_ACT', against },
            this.names.join('hostile:', r.id),
          );
      });
    }
  }

  /** A decision entered or left force: its side learns its effects, interested sides learn of it. */
  private announce(d: CompiledDecision, inForce: boolean): void {
    if (inForce) this.inForce.add(d.id);
    else this.inForce.delete(d.id);
    const cause = this.names.join(inForce ? 'inForce:' : 'revoked:', d.id);
    this.learn(
      d.side,
      this.model.knowledge.withDecision(this.picture(d.side), d.id, inForce, d.effects),
      cause,
    );
    // a recognition of the situation is public (a Basic Response Plan); other decisions reach the sides that read them
    for (const side of SIDES) {
      if (side !== d.side && (d.publicEffects || this.model.interests[side].has(d.id))) {
        this.learn(
          side,
          this.model.knowledge.withDecision(this.picture(side), d.id, inForce, d.publicEffects),
          cause,
        );
      }
    }
    this.staffing.decisionChanged(d.id, inForce);
  }

  /** A decision closed before it was issued: overtaken by events, or rejected by the Diet beforehand. */
  private close(d: CompiledDecision, as: 'overtaken' | 'rejected'): void {
    this.staffing.close(d);
    this.deciders.withdraw(d.id);
    this.record('decision', d.side, d.id, '', as, 'closed');
  }

  private chooseMove(): void {
    const rung = this.ladderRung();
    const options = openMoves(rung, this.model.adversary.rungs.length - 1);
    const decision = 'adversary.move';
    this.ask(
      { kind: 'move', decision, owner: decision, side: 'adversary', options },
      () => policyMove(this.model, rung, posture(this.model, this.inForce), this.uniform(decision)),
      (answer) =>
        this.deliver(
          'adversary',
          { type: 'CHOSEN', to: rungAfter(rung, answer) },
          this.names.join('decider:', answer),
        ),
    );
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
   */
  run(
    options: {
      readonly until?: number;
      readonly stopAfter?: number;
      readonly stopAtPoints?: boolean;
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
          options.until === undefined || options.stopAtPoints ? deciders.waiting() : [];
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

/** Runs one seed to the horizon. Throws if a decision is owned by a person. */
export function simulate(model: Model, options: SimulationOptions): RunResult {
  const sim = createSimulation(model, options);
  const status = sim.run();
  if (status.status === 'waiting')
    throw new Error(
      `run stopped at ${status.point.id}, which a person owns; use createSimulation and answer()`,
    );
  return sim.result();
}
