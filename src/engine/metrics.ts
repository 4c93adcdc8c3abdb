/**
 * Metrics extracted from a trace: when each decision became necessary, when its capital learned
 * of it and when it was put in force, and the outcome on the ladder. The collector observes
 * entries as they are recorded, so a batch gets its metrics without keeping the trace.
 */
import type { TraceEntry } from './trace.js';

/**
 * One decision's timing, in simulated minutes. `decidedAt` is undefined if it never came into
 * force; `eventAt` and `triggeredAt` are undefined if nothing ever made it necessary.
 */
export interface DecisionMetric {
  readonly id: string;
  readonly side: string;
  /**
   * When the event that made the decision necessary happened: the ladder's entry into the rung
   * whose report triggered it, or the entry into force of the decision whose announcement did;
   * otherwise (the start, news of anything else) {@link triggeredAt}.
   */
  readonly eventAt?: number;
  /** When its side's capital learned what made it necessary (it left `dormant`). */
  readonly triggeredAt?: number;
  readonly decidedAt?: number;
  /** `decidedAt − eventAt`: from the event itself. */
  readonly latencyFromEvent?: number;
  /** `decidedAt − triggeredAt`: from when its capital knew. */
  readonly latencyFromKnown?: number;
  /** In force from the start (a standing arrangement of the design). */
  readonly standing: boolean;
  /**
   * Times it was closed before it was issued (overtaken by events, or rejected by the Diet
   * beforehand); its latency counts only the round that was decided.
   */
  readonly closed: number;
}

export interface Outcome {
  readonly highestRung: string;
  readonly highestRungIndex: number;
  readonly finalRung: string;
  readonly objectiveReachedAt?: number;
  /** The adversary held its objective before the alliance response was in place. */
  readonly faitAccompli: boolean;
  /** When every decision of the response was first in force together. */
  readonly responseInPlaceAt?: number;
  /**
   * When force was first used: the first entry into a state of the scenario's `outcome.useOfForce`
   * (Japan's, in the bundled scenarios).
   */
  readonly japanUsedForceAt?: number;
  /**
   * Simulated minutes the ladder spent at the objective rung or higher, up to the horizon: how long
   * the crisis stayed at its top.
   */
  readonly timeAtObjectiveOrHigher: number;
}

/** What the collector needs to know of the model. */
export interface MetricsSpec {
  readonly decisions: ReadonlyArray<{ readonly id: string; readonly side: string }>;
  readonly rungs: readonly string[];
  readonly objective: string;
  readonly responseInPlace: readonly string[];
  /** When runs end (minutes): time at the top rungs counts up to it. */
  readonly horizon: number;
  /**
   * The states whose first entry is the first use of force (`japanUsedForceAt`): a trace actor (a
   * nation, for its legal posture) and a state as the trace names it; none when absent.
   */
  readonly useOfForce?: ReadonlyArray<{ readonly actor: string; readonly state: string }>;
}

/** A state of a trace entry (`<decision>/<state>`) as the collector reads it. */
interface StateName {
  /** The decision it is a state of, if any. */
  readonly decision?: string;
  readonly dormant: boolean;
  readonly inForce: boolean;
}

/** A spec with its lookups built, once per model rather than once per run. */
export interface PreparedMetricsSpec {
  readonly spec: MetricsSpec;
  readonly rungIndex: ReadonlyMap<string, number>;
  /** Reads a state name, once per distinct name. */
  readonly state: (name: string) => StateName;
  /** Whether an actor entering a state uses force (the spec's `useOfForce`). */
  readonly usesForce: (actor: string, to: string) => boolean;
}

/** Builds the lookups a collector needs. */
export function prepareMetricsSpec(spec: MetricsSpec): PreparedMetricsSpec {
  const ids = new Set(spec.decisions.map((d) => d.id));
  const names = new Map<string, StateName>();
  const state = (name: string): StateName => {
    let read = names.get(name);
    if (!read) {
      const slash = name.indexOf('/');
      const region = slash < 0 ? name : name.slice(0, slash);
      const rest = name.slice(slash + 1);
      read = ids.has(region)
        ? { decision: region, dormant: rest === 'dormant', inForce: rest.startsWith('inForce') }
        : { dormant: false, inForce: false };
      names.set(name, read);
    }
    return read;
  };
  return {
    spec,
    rungIndex: new Map(spec.rungs.map((r, i) => [r, i])),
    state,
    usesForce: usesForceOf(spec.useOfForce ?? []),
  };
}

/** A test of a state change against the states that count as using force. */
function usesForceOf(
  states: NonNullable<MetricsSpec['useOfForce']>,
): PreparedMetricsSpec['usesForce'] {
  const [only] = states;
  if (states.length === 1) return (actor, to) => actor === only!.actor && to === only!.state;
  return (actor, to) => states.some((s) => actor === s.actor && to === s.state);
}

const REPORT_CAUSE = 'report:';
const IN_FORCE_CAUSE = 'inForce:';

/** Accumulates metrics from trace entries in order. */
export class MetricsCollector {
  private readonly triggered = new Map<string, number>();
  /** Per decision, how often it was closed before it was issued (overtaken by events, or rejected by the Diet). */
  private readonly closed = new Map<string, number>();
  /** Per decision, when the event that triggered it happened. */
  private readonly eventAt = new Map<string, number>();
  /** When the ladder last entered each rung. */
  private readonly rungEnteredAt = new Map<string, number>();
  /** When each decision last entered force. */
  private readonly forceEnteredAt = new Map<string, number>();
  private readonly decided = new Map<string, number>();
  private readonly standing = new Set<string>();
  private readonly inForce = new Set<string>();
  private readonly spec: MetricsSpec;
  private readonly state: PreparedMetricsSpec['state'];
  private readonly usesForce: PreparedMetricsSpec['usesForce'];
  private highest = -1;
  private current = -1;
  private objectiveAt: number | undefined;
  private responseAt: number | undefined;
  private faitAccompli = false;
  private forceAt: number | undefined;
  private readonly rungIndex: ReadonlyMap<string, number>;
  private readonly objectiveIndex: number;
  /** When the ladder last reached the objective or higher from below; undefined while below it. */
  private topSince: number | undefined;
  private timeAtTop = 0;

  constructor(prepared: PreparedMetricsSpec) {
    this.spec = prepared.spec;
    this.state = prepared.state;
    this.usesForce = prepared.usesForce;
    this.rungIndex = prepared.rungIndex;
    this.objectiveIndex = prepared.rungIndex.get(prepared.spec.objective) ?? Infinity;
  }

  observe(e: TraceEntry): void {
    if (e.kind === 'decision' && (e.to === 'overtaken' || e.to === 'rejected')) {
      this.closed.set(e.event, (this.closed.get(e.event) ?? 0) + 1);
      return;
    }
    if (e.kind !== 'state') return;
    if (e.actor === 'ladder') {
      const i = this.rungIndex.get(e.to);
      if (i === undefined) return;
      this.rungEnteredAt.set(e.to, e.t);
      if (i >= this.objectiveIndex && this.topSince === undefined) this.topSince = e.t;
      if (i < this.objectiveIndex && this.topSince !== undefined) {
        this.timeAtTop += e.t - this.topSince;
        this.topSince = undefined;
      }
      this.current = i;
      if (i > this.highest) this.highest = i;
      if (e.to === this.spec.objective && this.objectiveAt === undefined) {
        this.objectiveAt = e.t;
        this.faitAccompli = this.responseAt === undefined;
      }
      return;
    }
    if (this.forceAt === undefined && this.usesForce(e.actor, e.to)) this.forceAt = e.t;
    const to = this.state(e.to);
    const region = to.decision;
    if (region === undefined) return;
    const from = this.state(e.from);
    // measured from the trigger of the round that was decided: a round overtaken by events does not count
    if (from.dormant && from.decision === region && !this.decided.has(region)) {
      this.triggered.set(region, e.t);
      this.eventAt.set(region, this.eventOf(e.cause, e.t));
    }
    if (to.inForce) {
      if (!(from.inForce && from.decision === region)) this.forceEnteredAt.set(region, e.t);
      if (!this.decided.has(region)) {
        this.decided.set(region, e.t);
        if (e.from === '') this.standing.add(region);
      }
      this.inForce.add(region);
      if (
        this.responseAt === undefined &&
        this.spec.responseInPlace.every((d) => this.inForce.has(d))
      )
        this.responseAt = e.t;
    } else if (from.inForce && from.decision === region) {
      this.inForce.delete(region);
    }
  }

  /** When the event named by a trigger's cause happened; `t` (the trigger) for any other cause. */
  private eventOf(cause: string, t: number): number {
    if (cause.startsWith(REPORT_CAUSE))
      return this.rungEnteredAt.get(cause.slice(REPORT_CAUSE.length)) ?? t;
    if (cause.startsWith(IN_FORCE_CAUSE))
      return this.forceEnteredAt.get(cause.slice(IN_FORCE_CAUSE.length)) ?? t;
    return t;
  }

  decisions(): DecisionMetric[] {
    return this.spec.decisions.map(({ id, side }) => {
      const standing = this.standing.has(id);
      const decidedAt = this.decided.get(id);
      const triggeredAt = standing ? decidedAt : this.triggered.get(id);
      const eventAt = standing ? decidedAt : this.eventAt.get(id);
      // fields set one by one, in the order rows write them (spreading an object for each cost more)
      const metric: { -readonly [K in keyof DecisionMetric]?: DecisionMetric[K] } = { id, side };
      if (eventAt !== undefined) metric.eventAt = eventAt;
      if (triggeredAt !== undefined) metric.triggeredAt = triggeredAt;
      if (decidedAt !== undefined) {
        metric.decidedAt = decidedAt;
        if (eventAt !== undefined) metric.latencyFromEvent = decidedAt - eventAt;
        if (triggeredAt !== undefined) metric.latencyFromKnown = decidedAt - triggeredAt;
      }
      metric.standing = standing;
      metric.closed = this.closed.get(id) ?? 0;
      return metric as DecisionMetric;
    });
  }

  outcome(): Outcome {
    const rungs = this.spec.rungs;
    return {
      highestRung: rungs[Math.max(this.highest, 0)]!,
      highestRungIndex: this.highest,
      finalRung: rungs[Math.max(this.current, 0)]!,
      ...(this.objectiveAt !== undefined ? { objectiveReachedAt: this.objectiveAt } : {}),
      faitAccompli: this.faitAccompli,
      ...(this.responseAt !== undefined ? { responseInPlaceAt: this.responseAt } : {}),
      ...(this.forceAt !== undefined ? { japanUsedForceAt: this.forceAt } : {}),
      timeAtObjectiveOrHigher:
        this.timeAtTop +
        (this.topSince === undefined ? 0 : Math.max(0, this.spec.horizon - this.topSince)),
    };
  }
}

/** Metrics of a complete trace. */
export function metricsFromTrace(
  entries: readonly TraceEntry[],
  spec: MetricsSpec,
): { decisions: DecisionMetric[]; outcome: Outcome } {
  const c = new MetricsCollector(prepareMetricsSpec(spec));
  for (const e of entries) c.observe(e);
  return { decisions: c.decisions(), outcome: c.outcome() };
}
