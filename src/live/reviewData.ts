/**
 * The after-action review's content, as data with every name resolved: each key decision's
 * latency set against a Monte Carlo batch of the same scenario and design, who decided it, every
 * answered point, the merged timeline, the control cell's interventions, and the game's outcome
 * beside the batch's rates. A pure function of the game (its log, trace and model) and the seeds.
 */
import { simulate, type RunResult } from '../engine/simulation.js';
import type { Outcome } from '../engine/metrics.js';
import { quantile } from '../stats/quantile.js';
import { wilsonInterval } from '../stats/intervals.js';
import { ecdfSteps, latencyDistribution } from '../report/distribution.js';
import type { LiveGame } from './game.js';
import type { AnswerEntry, NoteEntry } from './gameLog.js';
import { namesOf, seatName } from './reviewNames.js';
import { mailOf, type MessageView } from './mailViews.js';
import { CONTROL } from './seats.js';
import {
  decidedPoints,
  deciderWords,
  keyDeciders,
  type DecidedPoint,
  type KeyDecider,
} from './reviewDeciders.js';
import { interventionRows, mergedTimeline, type TimelineRow } from './reviewTimeline.js';

/** One key decision's latency in the game against the batch's. */
export interface DecisionReview {
  readonly id: string;
  readonly label: string;
  /** From the event to the order in the game; undefined if not decided (yet). */
  readonly game?: number;
  /** Batch runs that decided it, and their latency quantiles. */
  readonly batchDecided: number;
  readonly p10?: number;
  readonly p50?: number;
  readonly p90?: number;
  /** Share of the batch's deciding runs at least as fast as the game (undefined when either has none). */
  readonly percentile?: number;
  /** The batch's empirical CDF over all its runs, for the chart. */
  readonly steps: ReadonlyArray<{ readonly minutes: number; readonly share: number }>;
}

/** A point the run answered, in words: what, when, the answer, who decided and how. */
export interface AnsweredPoint {
  readonly t: number;
  readonly point: string;
  readonly label: string;
  readonly answer: string;
  readonly decidedBy: string;
  /** The seat that gave it ('' when the policy did). */
  readonly seat: string;
  readonly viaApi: boolean;
  /** The log's answer, when a person gave it. */
  readonly entry?: AnswerEntry;
  readonly againstPolicy: boolean;
}

/** Who decided a key decision, in words. */
export interface KeyDecisionReview {
  readonly id: string;
  readonly label: string;
  /** Who gave the decisive answer; undefined when it was never asked. */
  readonly decidedBy?: string;
  readonly answer?: string;
  readonly answeredAt?: number;
  readonly inForceAt?: number;
  /** Every answer to it, in order, with who gave it. */
  readonly history: ReadonlyArray<{
    readonly t: number;
    readonly answer: string;
    readonly by: string;
  }>;
}

/** A rate over the batch with its Wilson interval. */
export interface BatchRate {
  readonly rate: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * What the game's own record says, without the batch: who decided each key decision, the answers,
 * the notes, the control cell's interventions and the merged timeline. Cheap: no runs are made.
 */
export interface ReviewRecord {
  readonly keyDecisions: readonly KeyDecisionReview[];
  /** The answers people gave, as logged, with what the policy would likelier have done. */
  readonly answers: ReadonlyArray<
    AnswerEntry & { readonly againstPolicy: boolean; readonly label: string; readonly by: string }
  >;
  /** Every point the run answered, by anyone. */
  readonly answered: readonly AnsweredPoint[];
  readonly notes: readonly NoteEntry[];
  /**
   * What the control cell did to the run besides answering (injects, handovers, pace, the end), in
   * words; the batch has none of it.
   */
  readonly interventions: ReadonlyArray<{ readonly t: number; readonly text: string }>;
  /** Every message, the control cell's among them, with the channel it went over and when it was delivered. */
  readonly messages: readonly MessageView[];
  readonly timeline: readonly TimelineRow[];
}

/** The review of a game (see the module comment): its record, set against the batch. */
export interface Review extends ReviewRecord {
  readonly id: string;
  readonly scenario: string;
  readonly seed: number;
  readonly design: string;
  readonly designLabel: string;
  readonly time: number;
  readonly finished: boolean;
  readonly batchRuns: number;
  readonly decisions: readonly DecisionReview[];
  readonly outcome: {
    readonly game: Outcome;
    readonly highestRung: string;
    readonly faitAccompli: BatchRate;
    readonly reachedObjective: BatchRate;
  };
}

/** Whether an answer went against the policy's likelier answer. */
function againstPolicy(a: AnswerEntry): boolean {
  return (
    a.policyApprove !== undefined &&
    (a.answer === 'approve' ? a.policyApprove < 0.5 : a.policyApprove >= 0.5)
  );
}

/** A key decision's latency in the game (`mine`) set against the batch's. */
function decisionReview(
  id: string,
  label: string,
  batch: readonly RunResult[],
  mine: number | undefined,
): DecisionReview {
  const latencies = batch
    .flatMap((r) => r.decisions.find((d) => d.id === id)?.latencyFromEvent ?? [])
    .sort((a, b) => a - b);
  const some = latencies.length > 0;
  return {
    id,
    label,
    ...(mine !== undefined ? { game: mine } : {}),
    batchDecided: latencies.length,
    ...(some
      ? {
          p10: quantile(latencies, 0.1),
          p50: quantile(latencies, 0.5),
          p90: quantile(latencies, 0.9),
        }
      : {}),
    ...(mine !== undefined && some
      ? { percentile: latencies.filter((x) => x <= mine).length / latencies.length }
      : {}),
    steps: some ? ecdfSteps(latencyDistribution(id, latencies, batch.length)) : [],
  };
}

/** A key decider in words. */
function keyDecisionReview(k: KeyDecider, label: string): KeyDecisionReview {
  const d = k.decisive;
  return {
    id: k.id,
    label,
    ...(d ? { decidedBy: deciderWords(d.decider), answer: d.answer, answeredAt: d.t } : {}),
    ...(k.inForceAt !== undefined ? { inForceAt: k.inForceAt } : {}),
    history: k.points.map((p) => ({ t: p.t, answer: p.answer, by: deciderWords(p.decider) })),
  };
}

/** An answered point in words. */
function answeredPoint(p: DecidedPoint, label: string): AnsweredPoint {
  const d = p.decider;
  return {
    t: p.t,
    point: p.point,
    label,
    answer: p.answer,
    decidedBy: deciderWords(d),
    seat: p.entry?.seat ?? '',
    viaApi: (d.kind === 'seat' || d.kind === 'joint') && d.viaApi,
    ...(p.entry ? { entry: p.entry } : {}),
    againstPolicy: p.entry ? againstPolicy(p.entry) : false,
  };
}

const rateOf = (hits: number, n: number): BatchRate => {
  const { estimate, lower, upper } = wilsonInterval(hits, n);
  return { rate: estimate, lower, upper };
};

/** The key decisions a review is about: the scenario's, else every decision. */
const keyDecisionsOf = (game: LiveGame) =>
  game.model.scenario.report?.keyDecisions ?? game.model.decisions.map((d) => d.id);

/** The game's own record in words (see {@link ReviewRecord}). */
export function reviewRecord(game: LiveGame): ReviewRecord {
  const model = game.model;
  const names = namesOf(model);
  const points = decidedPoints(model, game.plan, game.trace, game.entries);
  const byPoint = new Map(points.map((p) => [p.point, p]));
  const messages = mailOf(game, CONTROL).received;
  return {
    keyDecisions: keyDeciders(keyDecisionsOf(game), points, game.trace).map((k) =>
      keyDecisionReview(k, names.decision(k.id)),
    ),
    answers: game.entries
      .filter((e): e is AnswerEntry => e.kind === 'answer')
      .map((a) => {
        const p = byPoint.get(a.point);
        return {
          ...a,
          againstPolicy: againstPolicy(a),
          label: names.point(a.point),
          by: p ? deciderWords(p.decider) : seatName(a.seat),
        };
      }),
    answered: points.map((p) => answeredPoint(p, names.point(p.point))),
    notes: game.entries.filter((e): e is NoteEntry => e.kind === 'note'),
    interventions: interventionRows(game.entries, names).map(({ t, text }) => ({ t, text })),
    timeline: mergedTimeline({
      model,
      names,
      trace: game.trace,
      entries: game.entries,
      learned: (side) => game.learned(side),
      points,
      messages,
    }),
    messages,
  };
}

/** Reviews `game` against a batch of the same scenario and design on `seeds`. */
export function reviewGame(game: LiveGame, seeds: readonly number[]): Review {
  const model = game.model;
  const names = namesOf(model);
  const batch = seeds.map((seed) => simulate(model, { seed }));
  const played = game.simulation.metricsSoFar();
  return {
    id: game.settings.id,
    scenario: model.scenario.title,
    seed: game.settings.seed,
    design: game.settings.design,
    designLabel: model.design.label,
    time: game.now,
    finished: game.finished,
    batchRuns: batch.length,
    decisions: keyDecisionsOf(game).map((id) =>
      decisionReview(
        id,
        names.decision(id),
        batch,
        played.decisions.find((d) => d.id === id)?.latencyFromEvent,
      ),
    ),
    ...reviewRecord(game),
    outcome: {
      game: played.outcome,
      highestRung: names.rung(played.outcome.highestRung),
      faitAccompli: rateOf(batch.filter((r) => r.outcome.faitAccompli).length, batch.length),
      reachedObjective: rateOf(
        batch.filter((r) => r.outcome.objectiveReachedAt !== undefined).length,
        batch.length,
      ),
    },
  };
}
