/** What a run is given (seed, script, people, observers) and what it gives back (its status, its result). */
import type { Knowledge } from '../model/knowledge.js';
import type { Model } from '../model/model.js';
import type { Side } from '../scenario/primitives.js';
import type { Runtimes } from './actor.js';
import type { DecisionPoint, RecordedAnswer, Script } from './deciders.js';
import type { Delivery } from './knowledgeBus.js';
import type { DecisionMetric, Outcome } from './metrics.js';
import type { TraceEntry } from './trace.js';

/** How a run is made: its seed, who answers its decision points, what observes it. */
export interface SimulationOptions {
  readonly seed: number;
  /** Answers to use instead of the policy: a map by decision point id, or a run's recorded answers. */
  readonly script?: Script;
  /** Owners of decision points that a person answers (decision ids, a Diet's organisation id, `adversary.move`). */
  readonly people?: ReadonlySet<string>;
  /** Keep the trace entries (for timelines and replay); the hash is always computed. */
  readonly keepTrace?: boolean;
  /**
   * Keep the answers in the result (default true): a run replays from them. A batch's runs keep
   * none (each replays from its seed), so a long run holds no log that grows with it.
   */
  readonly keepAnswers?: boolean;
  /** Told of every trace entry as it is made. */
  readonly observe?: (entry: TraceEntry) => void;
  /**
   * Told whenever a side learns something (a report, a decision in force), with what it now knows:
   * a live game's views.
   */
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
  /** The answers in the order they took effect; empty when the run was made with `keepAnswers: false`. */
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
