/**
 * One run: wires the machines of a `Model`, drives them with pure transitions on the engine's
 * discrete-event queue, carries out what they ask (reports, staffing, decisions, delayed events)
 * and records the trace. A run stops at a decision a person owns and resumes when it is answered;
 * every answer is logged, so a run replays exactly from (seed, answers).
 */
import { LEGAL_PREFIX, SIDES, xstateRuntimes, type ActorSnapshot, type ExecutableAction, type Runtimes } from './runtime.js';
import type { Nation, Side } from '../scenario/schema.js';
import type { Knowledge, KnowledgeStore } from '../model/knowledge.js';
import { wakesOf, type Wake } from '../model/decision.js';
import type { CompiledDecision, Model } from '../model/compile.js';
import type { ModelEvent } from '../model/types.js';
import { Scheduler } from './clock.js';
import { createRandomStreams, type RandomStreams } from './random.js';
import { TraceRecorder, type TraceEntry, type TraceKind } from './trace.js';
import { MetricsCollector, prepareMetricsSpec, type DecisionMetric, type Outcome, type PreparedMetricsSpec } from './metrics.js';
import { createStaffing, type Staffing } from './staffing.js';

/**
 * Actors of a run: the ladder, the adversary, one machine per decision (by decision id) and each
 * side's legal posture (`legal:japan`, `legal:unitedStates`, `legal:alliance`).
 */
export type ActorId = string;


/** A question the run needs answered. */
export interface DecisionPoint {
  /** Unique within a run: `<decision>#<n>`, `<decision>.diet#<n>` or `adversary.move#<n>`. */
  readonly id: string;
  readonly kind: 'approve' | 'diet' | 'move';
  readonly decision: string;
  readonly time: number;
  readonly options: readonly string[];
}

/** One answer in a run's log. */
export interface RecordedAnswer {
  readonly point: string;
  readonly answer: string;
  readonly time: number;
}

export interface SimulationOptions {
  readonly seed: number;
  /** Answers to use instead of the policy, by decision point id (a script, or a recorded log). */
  readonly script?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Decisions (ids, or `adversary.move`) that a person answers: the run stops at them. */
  readonly people?: ReadonlySet<string>;
  /** Keep the trace entries (for timelines and replay); the hash is always computed. */
  readonly keepTrace?: boolean;
  /** Told of every uniform draw, by stream name (to check common random numbers). */
  readonly observeDraws?: (stream: string, u: number) => void;
  /** How actors are stepped; xstate's pure transitions unless a benchmark plugs in another. */
  readonly runtimes?: (model: Model) => Runtimes;
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

export type RunStatus = { readonly status: 'done' } | { readonly status: 'waiting'; readonly point: DecisionPoint };

/** A state value as text: `a.b` for nested states, parallel regions joined by commas. */
function leafPath(value: unknown, prefix = ''): string {
  if (typeof value === 'string') return prefix ? `${prefix}.${value}` : value;
  return Object.keys(value as object)
    .map((key) => leafPath((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key))
    .join(',');
}

/** The regions under an authority's `running` state, if it is running. */
function runningRegions(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? ((value as Record<string, unknown>).running as Record<string, unknown> | undefined) : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** `xstate.after.<delay>.<state id>` reads as `after <delay>`. */
function eventLabel(type: string): string {
  return type.startsWith('xstate.after.') ? `after ${type.slice('xstate.after.'.length).split('.')[0]}` : type;
}

/** One state change as the trace records it. */
interface Change {
  readonly actor: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Strings a run builds again and again (causes, decision point ids, event labels), made once:
 * the trace looks up every string it writes, and a string it has seen before is cheap to look up.
 */
class Names {
  private readonly joins = new Map<string, Map<string | number, string>>();
  private readonly labels = new Map<string, string>();

  /** `${a}${b}`, the same string object every time. */
  join(a: string, b: string | number): string {
    let byB = this.joins.get(a);
    if (!byB) this.joins.set(a, (byB = new Map()));
    let joined = byB.get(b);
    if (joined === undefined) byB.set(b, (joined = `${a}${b}`));
    return joined;
  }

  /** The trace's name of an event type. */
  eventLabel(type: string): string {
    let label = this.labels.get(type);
    if (label === undefined) this.labels.set(type, (label = eventLabel(type)));
    return label;
  }
}

const namesByModel = new WeakMap<Model, Names>();

function namesOf(model: Model): Names {
  let names = namesByModel.get(model);
  if (!names) namesByModel.set(model, (names = new Names()));
  return names;
}

/** The changes between two snapshots of an actor, worked out once per pair: snapshots are immutable values. */
const changesBySnapshots = new WeakMap<ActorSnapshot, WeakMap<ActorSnapshot, readonly Change[]>>();

const sideActorLists = new WeakMap<Model, Record<Side, ActorId[]>>();

/** Each side's actors in delivery order, built once per model. */
function sideActorsOf(model: Model): Record<Side, ActorId[]> {
  let lists = sideActorLists.get(model);
  if (!lists) {
    lists = { japan: [], unitedStates: [], alliance: [] };
    for (const d of model.decisions) lists[d.side].push(d.id);
    for (const side of SIDES) lists[side].push(LEGAL_PREFIX + side);
    sideActorLists.set(model, lists);
  }
  return lists;
}

const metricsSpecs = new WeakMap<Model, PreparedMetricsSpec>();

/** What the metrics collector needs of a model, built once per model. */
function metricsSpecOf(model: Model): PreparedMetricsSpec {
  let spec = metricsSpecs.get(model);
  if (!spec) {
    spec = prepareMetricsSpec({
      decisions: model.decisions.map((d) => ({ id: d.id, side: d.side })),
      rungs: model.scenario.ladder.rungs.map((r) => r.id),
      objective: model.scenario.ladder.objective,
      responseInPlace: model.responseInPlace,
    });
    metricsSpecs.set(model, spec);
  }
  return spec;
}

/** The wake predicates of each snapshot, read once: snapshots are immutable values. */
const wakesBySnapshot = new WeakMap<ActorSnapshot, Wake[]>();

/** A run in progress. Create with {@link createSimulation}. */
export class Simulation {
  readonly model: Model;
  readonly seed: number;
  private readonly queue = new Scheduler<() => void>();
  private readonly runtimes: Runtimes;
  private readonly snapshots = new Map<ActorId, ActorSnapshot>();
  /** What each side knows, and a version that grows with every change. */
  private readonly knowledge: KnowledgeStore;
  private readonly pictures: Record<Side, Knowledge>;
  private readonly versions: Record<Side, number> = { japan: 0, unitedStates: 0, alliance: 0 };
  /** The picture version each actor was last given. */
  private readonly given = new Map<ActorId, number>();
  /** Each side's actors in delivery order: its decisions as the files list them, then its legal posture. */
  private readonly sideActors: Readonly<Record<Side, readonly ActorId[]>>;
  private readonly timers = new Map<string, number>();
  private readonly streams: RandomStreams;
  private readonly trace: TraceRecorder;
  private readonly metrics: MetricsCollector;
  private readonly staffing: Staffing;
  private readonly answers: RecordedAnswer[] = [];
  private readonly occurrences = new Map<string, number>();
  private readonly lastReport: Record<Nation, number> = { japan: 0, unitedStates: 0 };
  private readonly inForce = new Set<string>();
  private readonly script: ReadonlyMap<string, string>;
  private readonly people: ReadonlySet<string>;
  private readonly observeDraws: SimulationOptions['observeDraws'];
  private readonly names: Names;
  /** One actions buffer per depth of nested deliveries (an action may deliver an event in turn). */
  private readonly actionBuffers: ExecutableAction[][] = [];
  private depth = 0;
  private pending: { point: DecisionPoint; resume: (answer: string) => void } | null = null;
  private started = false;
  private finished = false;

  constructor(model: Model, options: SimulationOptions) {
    this.model = model;
    this.seed = options.seed;
    this.knowledge = model.knowledge;
    const { initial } = model.knowledge;
    this.pictures = { japan: initial, unitedStates: initial, alliance: initial };
    this.streams = createRandomStreams(options.seed);
    this.trace = new TraceRecorder(options.keepTrace ?? false);
    this.metrics = new MetricsCollector(metricsSpecOf(model));
    const script = options.script ?? new Map<string, string>();
    this.script = script instanceof Map ? script : new Map(Object.entries(script));
    this.people = options.people ?? new Set();
    this.observeDraws = options.observeDraws;
    this.staffing = createStaffing(this);
    this.runtimes = (options.runtimes ?? xstateRuntimes)(model);
    this.sideActors = sideActorsOf(model);
    this.names = namesOf(model);
    for (const [actor, runtime] of this.runtimes) this.snapshots.set(actor, runtime.initial);
  }

  /** Simulated minutes since scenario start. */
  get now(): number {
    return this.queue.now;
  }

  /** The decision point waiting for a person, if any. */
  get waitingFor(): DecisionPoint | undefined {
    return this.pending?.point;
  }

  /** The current snapshot of an actor (read-only): a decision id, `ladder`, `adversary`, `legal:<side>`. */
  snapshot(actor: ActorId): ActorSnapshot {
    return this.snapshots.get(actor)!;
  }

  /** A draw from the named stream through a sampler, rounded to the whole simulated second. */
  draw(stream: string, sampler: (u: number) => number): number {
    return Math.round(sampler(this.uniform(stream)) * 60) / 60;
  }

  /** A uniform draw from the named stream. */
  uniform(stream: string): number {
    const u = this.streams.stream(stream).next();
    this.observeDraws?.(stream, u);
    return u;
  }

  /** `${prefix}${suffix}`, the same string object every time (stream names, causes). */
  joined(prefix: string, suffix: string | number): string {
    return this.names.join(prefix, suffix);
  }

  /** Schedules `fn` after `delay` minutes. */
  at(delay: number, fn: () => void): number {
    return this.queue.schedule(this.queue.now + delay, fn);
  }

  record(kind: TraceKind, actor: string, event: string, from: string, to: string, cause: string): void {
    const entry: TraceEntry = { t: this.queue.now, kind, actor, event, from, to, cause };
    this.trace.record(entry);
    this.metrics.observe(entry);
  }

  /** Delivers an event to an actor now: one pure transition, its trace, its actions. */
  deliver(actor: ActorId, event: ModelEvent, cause: string): void {
    const actions = (this.actionBuffers[this.depth] ??= []);
    actions.length = 0;
    this.depth++;
    try {
      this.step(actor, event, cause, actions);
    } finally {
      this.depth--;
    }
  }

  private step(actor: ActorId, event: ModelEvent, cause: string, actions: ExecutableAction[]): void {
    const before = this.snapshots.get(actor)!;
    const after = this.runtimes.get(actor)!.transition(before, event, actions);
    if (after !== before) {
      this.snapshots.set(actor, after);
      let byAfter = changesBySnapshots.get(before);
      if (!byAfter) changesBySnapshots.set(before, (byAfter = new WeakMap()));
      let changes = byAfter.get(after);
      if (!changes) byAfter.set(after, (changes = this.changes(actor, before.value, after.value)));
      if (changes.length > 0) {
        const label = this.names.eventLabel(event.type);
        for (const c of changes) this.record('state', c.actor, label, c.from, c.to, cause);
      }
    }
    for (const action of actions) this.perform(actor, action);
  }

  /**
   * What changed: a decision's state as `<decision>/<state>` under its side, a legal posture per
   * region as `<region>/<state>`, the ladder and adversary as their state.
   */
  private changes(actor: ActorId, from: unknown, to: unknown): Change[] {
    if (!actor.startsWith(LEGAL_PREFIX)) {
      if (sameValue(from, to)) return [];
      const decision = this.model.decisionsById.get(actor);
      if (decision) return [{ actor: decision.side, from: from === 'idle' ? '' : `${actor}/${leafPath(from)}`, to: `${actor}/${leafPath(to)}` }];
      return [{ actor, from: leafPath(from), to: leafPath(to) }];
    }
    const side = actor.slice(LEGAL_PREFIX.length);
    const fromRegions = runningRegions(from);
    const toRegions = runningRegions(to)!;
    const changes: Change[] = [];
    for (const region of Object.keys(toRegions)) {
      const a = fromRegions?.[region];
      const b = toRegions[region];
      if (a !== undefined && sameValue(a, b)) continue;
      changes.push({ actor: side, from: a === undefined ? '' : `${region}/${leafPath(a)}`, to: `${region}/${leafPath(b)}` });
    }
    return changes;
  }

  private perform(actor: ActorId, action: ExecutableAction): void {
    const p = action.params;
    switch (action.type) {
      case 'xstate.raise': {
        const delay = p.drawn ? this.draw(p.drawn.stream, p.drawn.sampler) : p.delay;
        if (typeof delay !== 'number') return;
        const key = `${actor}:${p.id}`;
        const event = p.event as ModelEvent;
        this.timers.set(
          key,
          this.at(delay, () => {
            this.timers.delete(key);
            this.deliver(actor, event, 'timer');
          }),
        );
        return;
      }
      case 'xstate.cancel': {
        const key = `${actor}:${p.sendId}`;
        const seq = this.timers.get(key);
        if (seq !== undefined) {
          this.queue.cancel(seq);
          this.timers.delete(key);
        }
        return;
      }
      case 'report':
        return this.report(p.rung as number);
      case 'move':
        if (p.to !== this.ladderRung()) this.deliver('ladder', { type: 'MOVE', to: p.to }, 'adversary');
        return;
      case 'choose':
        return this.chooseMove();
      case 'ask':
        return this.staffing.start(this.model.decisionsById.get(actor)!, p.kind);
      case 'announce':
        return this.announce(this.model.decisionsById.get(actor)!, p.inForce);
      default:
        return;
    }
  }

  private ladderRung(): number {
    return this.model.rungIndex.get(this.snapshots.get('ladder')!.value as string) ?? -1;
  }

  /** Carries a rung report to each side after its reporting delay, in order of occurrence. */
  private report(rung: number): void {
    const r = this.model.scenario.ladder.rungs[rung]!;
    for (const nation of ['japan', 'unitedStates'] as const) {
      const delay = this.draw(`report.${nation}`, this.model.reporting[nation]);
      const time = Math.max(this.now + delay, this.lastReport[nation]);
      this.lastReport[nation] = time;
      this.queue.schedule(time, () => {
        const cause = this.names.join('report:', r.id);
        this.learn(nation, this.knowledge.withRung(this.pictures[nation], rung), cause);
        // the alliance mechanism learns with Japan, on whose territory the events occur
        if (nation === 'japan') this.learn('alliance', this.knowledge.withRung(this.pictures.alliance, rung), cause);
        for (const against of r.hostileActs) this.deliver(this.names.join(LEGAL_PREFIX, nation), { type: 'HOSTILE_ACT', against }, this.names.join('hostile:', r.id));
      });
    }
  }

  /** What a side knows now. */
  picture(side: Side): Knowledge {
    return this.pictures[side];
  }

  /** Updates what a side knows and shares it with the side's actors whose state reads it. */
  learn(side: Side, k: Knowledge, cause: string): void {
    if (k === this.pictures[side]) return;
    this.pictures[side] = k;
    const version = ++this.versions[side];
    for (const actor of this.sideActors[side]) {
      if (this.versions[side] !== version) return; // a newer picture was shared while this one was
      if ((this.given.get(actor) ?? 0) >= version) continue;
      const snapshot = this.snapshots.get(actor)!;
      let wakes = wakesBySnapshot.get(snapshot);
      if (!wakes) wakesBySnapshot.set(snapshot, (wakes = wakesOf(snapshot.getMeta())));
      if (!wakes.some((wake) => wake(snapshot.context, k))) continue;
      this.given.set(actor, version);
      this.deliver(actor, { type: 'KNOW', k }, cause);
    }
  }

  /** Delivers an event that carries the side's current picture to a decision. */
  tell(decision: CompiledDecision, event: { type: 'ISSUE' } | { type: 'APPROVAL'; org: string }, cause: string): void {
    this.given.set(decision.id, this.versions[decision.side]);
    this.deliver(decision.id, { ...event, k: this.pictures[decision.side] }, cause);
  }

  /** A decision entered or left force: its side learns its effects, interested sides learn of it. */
  private announce(d: CompiledDecision, inForce: boolean): void {
    if (inForce) this.inForce.add(d.id);
    else this.inForce.delete(d.id);
    const cause = this.names.join(inForce ? 'inForce:' : 'revoked:', d.id);
    this.learn(d.side, this.knowledge.withDecision(this.pictures[d.side], d.id, inForce, d.effects), cause);
    // a recognition of the situation is public (a Basic Response Plan); other decisions reach the sides that read them
    for (const side of SIDES) {
      if (side !== d.side && (d.publicEffects || this.model.interests[side].has(d.id))) {
        this.learn(side, this.knowledge.withDecision(this.pictures[side], d.id, inForce, d.publicEffects), cause);
      }
    }
    this.staffing.decisionChanged(d.id, inForce);
  }

  /** Whether a decision is in force now. */
  isInForce(decision: string): boolean {
    return this.inForce.has(decision);
  }

  /** The alliance posture the adversary reads: the weights of decisions in force. */
  posture(): number {
    let p = 0;
    for (const [d, w] of this.model.adversary.posture) if (this.inForce.has(d)) p += w;
    return p;
  }

  private chooseMove(): void {
    const rung = this.ladderRung();
    const top = this.model.adversary.rungs.length - 1;
    const options = ['advance', 'hold', 'stepDown'].filter((o) => !(o === 'advance' && rung >= top) && !(o === 'stepDown' && rung <= 0));
    this.ask('move', 'adversary.move', options, () => {
      const policy = this.model.adversary.rungs[rung]!;
      const f = Math.exp(-this.model.adversary.deterrence * this.posture());
      const pAdvance = rung >= top ? 0 : policy.advance * f;
      const pDown = rung <= 0 ? 0 : policy.stepDown + (1 - policy.advance - policy.stepDown) * (1 - f);
      const u = this.uniform('adversary.move');
      return u < pAdvance ? 'advance' : u < pAdvance + pDown ? 'stepDown' : 'hold';
    }, (answer) => {
      const to = answer === 'advance' ? rung + 1 : answer === 'stepDown' ? rung - 1 : rung;
      this.deliver('adversary', { type: 'CHOSEN', to }, this.names.join('decider:', answer));
    });
  }

  /**
   * Asks a decision point: a script answers first, then a person (the run stops), then the policy.
   */
  ask(kind: DecisionPoint['kind'], decision: string, options: readonly string[], policy: () => string, then: (answer: string) => void): void {
    const n = (this.occurrences.get(decision) ?? 0) + 1;
    this.occurrences.set(decision, n);
    const point: DecisionPoint = { id: this.names.join(this.names.join(decision, '#'), n), kind, decision, time: this.now, options };
    const owner = kind === 'diet' ? decision.slice(0, -'.diet'.length) : decision;
    const answered = (answer: string) => {
      if (!options.includes(answer)) throw new RangeError(`answer "${answer}" to ${point.id} is not one of: ${options.join(', ')}`);
      this.answers.push({ point: point.id, answer, time: this.now });
      this.record('decision', kind === 'move' ? 'adversary' : this.model.decisionsById.get(owner)!.side, point.id, '', answer, kind);
      then(answer);
    };
    const scripted = this.script.get(point.id);
    if (scripted !== undefined) return answered(scripted);
    if (this.people.has(owner)) {
      this.pending = { point, resume: answered };
      return;
    }
    answered(policy());
  }

  /** Answers the decision point a person owns and lets the run go on. */
  answer(pointId: string, answer: string): void {
    const pending = this.pending;
    if (!pending || pending.point.id !== pointId) throw new Error(`no decision point ${pointId} is waiting (waiting: ${pending?.point.id ?? 'none'})`);
    if (!pending.point.options.includes(answer)) throw new RangeError(`answer "${answer}" to ${pointId} is not one of: ${pending.point.options.join(', ')}`);
    this.pending = null;
    pending.resume(answer);
  }

  /** Runs until the horizon, or until a person must answer. */
  run(): RunStatus {
    if (!this.started) {
      this.started = true;
      this.deliver('ladder', { type: 'START' }, 'start');
      this.deliver('adversary', { type: 'START' }, 'start');
      for (const side of SIDES) {
        for (const actor of this.sideActors[side]) {
          this.given.set(actor, this.versions[side]);
          this.deliver(actor, { type: 'START', k: this.pictures[side] }, 'start');
        }
      }
    }
    while (!this.pending) {
      const next = this.queue.peek();
      if (!next || next.time > this.model.horizon) break;
      this.queue.pop()!.payload();
    }
    if (this.pending) return { status: 'waiting', point: this.pending.point };
    this.finished = true;
    return { status: 'done' };
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
      answers: this.answers,
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
  if (status.status === 'waiting') throw new Error(`run stopped at ${status.point.id}, which a person owns; use createSimulation and answer()`);
  return sim.result();
}

