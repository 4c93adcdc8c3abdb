/**
 * Deciders: who answers each decision point of a run. A chain: a script answers first, then a
 * person who owns the point (the point stays pending, and the run with it, until they answer),
 * then the scenario's policy. Several points may be pending at once, each with its owner. Every
 * answer goes into the run's log with the number of events processed before it took effect, so
 * a run replays exactly from (seed, log), whenever the answers were given.
 */
import type { Names } from './names.js';
import { RUN_RETENTION, type RetainedKind } from './retention.js';

/** A question the run needs answered. */
export interface DecisionPoint {
  /** Unique within a run: `<decision>#<n>`, `<decision>.diet#<n>` or `adversary.move#<n>`. */
  readonly id: string;
  readonly kind: 'approve' | 'diet' | 'move';
  /** What is decided: a decision id, `<decision>.diet`, or `adversary.move`. */
  readonly decision: string;
  /** Who answers it: the decision's id, the Diet's organisation id for a vote, or `adversary.move`. */
  readonly owner: string;
  /** The side on whose behalf it is answered (`adversary` for the adversary's moves). */
  readonly side: string;
  /** Simulated minutes at which it was asked. */
  readonly time: number;
  readonly options: readonly string[];
}

/** One answer in a run's log. */
export interface RecordedAnswer {
  readonly point: string;
  readonly answer: string;
  /** Simulated minutes at which the answer took effect. */
  readonly time: number;
  /**
   * Events the run had processed when the answer took effect. Absent in a hand-written script,
   * whose answers take effect the moment their point is asked.
   */
  readonly after?: number;
}

/**
 * Answers to use instead of the policy: a map from point id to answer (each taking effect the
 * moment its point is asked), or a run's recorded log (each taking effect when it did).
 */
export type Script =
  ReadonlyMap<string, string> | Readonly<Record<string, string>> | readonly RecordedAnswer[];

/** An answer that is not one of its point's options, or names no pending point. */
export class AnswerError extends Error {
  override name = 'AnswerError';
  constructor(
    message: string,
    /** The point the answer was for. */
    readonly point: string,
  ) {
    super(message);
  }
}

/** What deciders need of the run. */
export interface DecidersHost {
  readonly now: number;
  /** Events processed so far. */
  readonly completed: number;
  /** Records an answer in the trace. */
  recordAnswer(point: DecisionPoint, answer: string): void;
  /** Moves the clock to when a recorded answer took effect (no event falls between). */
  advanceTo(time: number): void;
}

interface Pending {
  readonly point: DecisionPoint;
  readonly then: (answer: string) => void;
  /** What the scenario's policy would answer, for a point a person owns (asked only if they hand it back). */
  readonly policy?: () => string;
  /** A scripted answer that takes effect once the run has processed this many events. */
  readonly due?: {
    readonly after: number;
    readonly time: number;
    readonly answer: string;
    readonly order: number;
  };
}

export class Deciders {
  private readonly occurrences = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  private readonly script: ReadonlyMap<string, ScriptedAnswer>;
  private people: ReadonlySet<string>;
  /** The answers so far, in the order they took effect; empty when the run keeps none. */
  readonly log: RecordedAnswer[] = [];
  private readonly keepAnswers: boolean;

  /** `overflow` stops the run when it would keep more answers than {@link RUN_RETENTION} allows. */
  constructor(
    private readonly host: DecidersHost,
    options: {
      readonly script?: Script;
      readonly people?: ReadonlySet<string>;
      readonly keepAnswers?: boolean;
    },
    private readonly names: Names,
    private readonly overflow: (kind: RetainedKind, limit: number) => never,
  ) {
    this.script = toScript(options.script);
    this.people = options.people ?? NO_PEOPLE;
    this.keepAnswers = options.keepAnswers ?? true;
  }

  /**
   * Asks a decision point: a script answers first, then a person who owns it (the point is
   * pending until they answer), then `policy`. `then` carries the answer out.
   */
  ask(
    question: Omit<DecisionPoint, 'id' | 'time'>,
    policy: () => string,
    then: (answer: string) => void,
  ): void {
    const n = (this.occurrences.get(question.decision) ?? 0) + 1;
    this.occurrences.set(question.decision, n);
    const point: DecisionPoint = {
      id: this.names.join(this.names.join(question.decision, '#'), n),
      kind: question.kind,
      decision: question.decision,
      owner: question.owner,
      side: question.side,
      time: this.host.now,
      options: question.options,
    };
    const scripted = this.script.get(point.id);
    if (scripted !== undefined) {
      if (scripted.after === undefined || scripted.after <= this.host.completed)
        return this.take(point, scripted.answer, then);
      this.pending.set(point.id, {
        point,
        then,
        due: {
          after: scripted.after,
          time: scripted.time ?? this.host.now,
          answer: scripted.answer,
          order: scripted.order,
        },
      });
      return;
    }
    if (this.people.has(point.owner)) {
      this.pending.set(point.id, { point, then, policy });
      return;
    }
    this.take(point, policy(), then);
  }

  /** Whether any point is pending (for a person, or for a scripted answer not yet due). */
  get anyPending(): boolean {
    return this.pending.size > 0;
  }

  /** Points waiting for a person, in the order they were asked. */
  waiting(): DecisionPoint[] {
    const points: DecisionPoint[] = [];
    for (const p of this.pending.values()) if (!p.due) points.push(p.point);
    return points;
  }

  /** Answers a pending point a person owns. */
  answer(pointId: string, answer: string): void {
    const pending = this.pending.get(pointId);
    if (!pending || pending.due) {
      const waiting = this.waiting().map((p) => p.id);
      throw new AnswerError(
        `no decision point ${pointId} is waiting (waiting: ${waiting.length > 0 ? waiting.join(', ') : 'none'})`,
        pointId,
      );
    }
    this.pending.delete(pointId);
    this.take(pending.point, answer, pending.then);
  }

  /**
   * Hands owners back to the scenario's policy (a live game's absent team): their pending points
   * are answered by it now, in the order they were asked, and it answers their points from now on.
   */
  release(owners: ReadonlySet<string>): void {
    this.people = new Set([...this.people].filter((owner) => !owners.has(owner)));
    for (const [id, p] of [...this.pending]) {
      if (p.due || !p.policy || !owners.has(p.point.owner)) continue;
      this.pending.delete(id);
      this.take(p.point, p.policy(), p.then);
    }
  }

  /** Withdraws the points of a decision closed before it was answered (its own, and its Diet's vote). */
  withdraw(decision: string): void {
    for (const [id, p] of this.pending)
      if (p.point.decision === decision || p.point.decision === `${decision}.diet`)
        this.pending.delete(id);
  }

  /**
   * Carries out the scripted answers due now that the run has processed `completed` events, in the
   * order they were given.
   */
  applyDue(): void {
    let due: Pending[] | undefined;
    for (const p of this.pending.values())
      if (p.due && p.due.after <= this.host.completed) (due ??= []).push(p);
    if (!due) return;
    due.sort((a, b) => a.due!.order - b.due!.order);
    for (const p of due) {
      this.pending.delete(p.point.id);
      this.host.advanceTo(p.due!.time);
      this.take(p.point, p.due!.answer, p.then);
    }
  }

  private take(point: DecisionPoint, answer: string, then: (answer: string) => void): void {
    if (!point.options.includes(answer))
      throw new AnswerError(
        `answer "${answer}" to ${point.id} is not one of: ${point.options.join(', ')}`,
        point.id,
      );
    if (this.keepAnswers) {
      if (this.log.length >= RUN_RETENTION.keptAnswers)
        this.overflow('answers', RUN_RETENTION.keptAnswers);
      this.log.push({ point: point.id, answer, time: this.host.now, after: this.host.completed });
    }
    this.host.recordAnswer(point, answer);
    then(answer);
  }
}

interface ScriptedAnswer {
  readonly answer: string;
  readonly after?: number;
  readonly time?: number;
  readonly order: number;
}

const NO_SCRIPT: ReadonlyMap<string, ScriptedAnswer> = new Map();
const NO_PEOPLE: ReadonlySet<string> = new Set();

function toScript(script: Script | undefined): ReadonlyMap<string, ScriptedAnswer> {
  if (script === undefined) return NO_SCRIPT;
  const out = new Map<string, ScriptedAnswer>();
  if (Array.isArray(script)) {
    (script as readonly RecordedAnswer[]).forEach((a, order) =>
      out.set(a.point, {
        answer: a.answer,
        ...(a.after !== undefined ? { after: a.after, time: a.time } : {}),
        order,
      }),
    );
    return out;
  }
  const entries =
    script instanceof Map
      ? [...script.entries()]
      : Object.entries(script as Readonly<Record<string, string>>);
  entries.forEach(([point, answer], order) => out.set(point, { answer, order }));
  return out;
}
