/**
 * What a run may hold in memory however many events it processes. The trace's hash is computed as
 * the run goes and its metrics are counters, so what grows with a run's length is only what it is
 * asked to keep (its trace entries, its answers) and the events waiting in its queue (a rung
 * report the model schedules for later, at every move of a loop in zero simulated time). Each has
 * a cap here; a run that would pass one is stopped like a run over its event budget, with the same
 * identification (scenario, design, seed), so a loop ends with a named error long before any heap
 * limit, in a worker thread as in one process.
 */
import type { Model } from '../model/model.js';

/** The caps (see the module comment). */
export const RUN_RETENTION = {
  /** Trace entries a run keeps when asked to (`keepTrace`: `sim`, `batch --traces`, replays). */
  keptEntries: 1_000_000,
  /**
   * Answers a run keeps in its log when asked to (`keepAnswers`, the default of the library): twice
   * the default event budget, as a run gives about one answer an event at most.
   */
  keptAnswers: 2_000_000,
  /** Events waiting in a run's queue at once. */
  queuedEvents: 250_000,
} as const;

/** What a cap counts, as its message says it. */
export type RetainedKind = 'trace entries' | 'answers' | 'queued events';

/**
 * The message of a run stopped at a cap: `run` identifies it (scenario, design, seed), `minute` is
 * the simulated time it had reached.
 */
export function retentionMessage(
  run: string,
  kind: RetainedKind,
  limit: number,
  minute: number,
): string {
  const held =
    kind === 'queued events'
      ? `held more than ${limit} events waiting at once`
      : `kept more than ${limit} ${kind}`;
  return (
    `${run}: the run ${held} by simulated minute ${Math.round(minute)} ` +
    '(most likely a loop in zero simulated time); a run holds at most ' +
    `${limit.toLocaleString('en')} ${kind}, whatever its limits.eventsPerRun`
  );
}

/** How errors name a run: `scenario <id>, design <id>, seed <n>`. */
export function describeRun(model: Model, seed: number): string {
  return `scenario ${model.scenario.id}, design ${model.design.id}, seed ${seed}`;
}
