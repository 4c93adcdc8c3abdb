/**
 * The after-action review of a live game, at its end or at any time from its log: each key
 * decision's latency in the game set against its distribution over a Monte Carlo batch of the same
 * scenario and design (the game's percentile), the answers where the players went against the
 * policy's likelier answer, the rationale notes, each side's timeline, and the game's outcome
 * beside the batch's rates. Written as a self-contained HTML file (no script, no network).
 */
import { simulate } from '../engine/simulation.js';
import type { Outcome } from '../engine/metrics.js';
import { quantile } from '../stats/quantile.js';
import { wilsonInterval } from '../stats/intervals.js';
import { formatDuration } from '../report/timeline.js';
import { NATIONS } from '../scenario/primitives.js';
import type { LiveGame } from './game.js';
import type { AnswerEntry, GameEntry, NoteEntry } from './gameLog.js';
import { describePace } from './pace.js';
import { ecdfSteps, latencyDistribution } from '../report/distribution.js';
import { gameAgainstBatchChart } from '../report/runCharts.js';
import { figure } from '../report/svg.js';
import { escape } from '../report/html.js';
import { writeFileAtomic } from '../io/atomic.js';
import { join } from 'node:path';

/** Seeds of the Monte Carlo batch a review sets the game against. */
export const REVIEW_SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

/** The file a game's review is written to, beside its log. */
const REVIEW_FILE = 'review.html';

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

export interface Review {
  readonly id: string;
  readonly seed: number;
  readonly design: string;
  readonly time: number;
  readonly finished: boolean;
  readonly batchRuns: number;
  readonly decisions: readonly DecisionReview[];
  readonly answers: ReadonlyArray<AnswerEntry & { readonly againstPolicy: boolean }>;
  readonly notes: readonly NoteEntry[];
  /**
   * What the control cell did to the run besides answering (injects, handovers, pace, the end), in
   * words; the batch has none of it.
   */
  readonly interventions: ReadonlyArray<{ readonly t: number; readonly text: string }>;
  readonly outcome: {
    readonly game: Outcome;
    readonly faitAccompli: { rate: number; lower: number; upper: number };
    readonly reachedObjective: { rate: number; lower: number; upper: number };
  };
  readonly timelines: ReadonlyArray<{
    readonly side: string;
    readonly entries: ReadonlyArray<{ readonly t: number; readonly text: string }>;
  }>;
}

/** Reviews `game` against a batch of the same scenario and design on `seeds`. */
export function reviewGame(game: LiveGame, seeds: readonly number[]): Review {
  const model = game.model;
  const decisions = model.scenario.report?.keyDecisions ?? model.decisions.map((d) => d.id);
  const batch = seeds.map((seed) => simulate(model, { seed }));
  const played = game.simulation.metricsSoFar();
  return {
    id: game.settings.id,
    seed: game.settings.seed,
    design: game.settings.design,
    time: game.now,
    finished: game.finished,
    batchRuns: batch.length,
    decisions: decisions.map((id) => {
      const latencies = batch
        .flatMap((r) => r.decisions.find((d) => d.id === id)?.latencyFromEvent ?? [])
        .sort((a, b) => a - b);
      const mine = played.decisions.find((d) => d.id === id)?.latencyFromEvent;
      return {
        id,
        label: model.decisionsById.get(id)?.label ?? id,
        ...(mine !== undefined ? { game: mine } : {}),
        batchDecided: latencies.length,
        ...(latencies.length > 0
          ? {
              p10: quantile(latencies, 0.1),
              p50: quantile(latencies, 0.5),
              p90: quantile(latencies, 0.9),
            }
          : {}),
        ...(mine !== undefined && latencies.length > 0
          ? { percentile: latencies.filter((x) => x <= mine).length / latencies.length }
          : {}),
        steps:
          latencies.length > 0 ? ecdfSteps(latencyDistribution(id, latencies, batch.length)) : [],
      };
    }),
    answers: game.entries
      .filter((e): e is AnswerEntry => e.kind === 'answer')
      .map((a) => ({
        ...a,
        againstPolicy:
          a.policyApprove !== undefined &&
          (a.answer === 'approve' ? a.policyApprove < 0.5 : a.policyApprove >= 0.5),
      })),
    notes: game.entries.filter((e): e is NoteEntry => e.kind === 'note'),
    interventions: game.entries.flatMap((e) => {
      const text = interventionText(e);
      return text ? [{ t: e.time, text }] : [];
    }),
    outcome: {
      game: played.outcome,
      faitAccompli: (({ estimate, lower, upper }) => ({ rate: estimate, lower, upper }))(
        wilsonInterval(batch.filter((r) => r.outcome.faitAccompli).length, batch.length),
      ),
      reachedObjective: (({ estimate, lower, upper }) => ({ rate: estimate, lower, upper }))(
        wilsonInterval(
          batch.filter((r) => r.outcome.objectiveReachedAt !== undefined).length,
          batch.length,
        ),
      ),
    },
    timelines: NATIONS.map((side) => ({
      side,
      entries: game.learned(side).map(({ t, text }) => ({ t, text })),
    })),
  };
}

/** A control-cell input that changed the run, in words; undefined for answers, notes and clock runs. */
function interventionText(e: GameEntry): string | undefined {
  switch (e.kind) {
    case 'inject': {
      const i = e.inject;
      if (i.type === 'fact') return `made known to ${i.side}: ${i.fact}`;
      if (i.type === 'message') return `message to ${i.to}: ${i.text}`;
      if (i.type === 'move') return `moved the adversary to ${i.to}`;
      return `changed ${i.org}:${i.capacity === undefined ? '' : ` capacity ${i.capacity}`}${i.delayFactor === undefined ? '' : ` processing time ×${i.delayFactor}`}`;
    }
    case 'handover':
      return `handed the seat ${e.to} to the engine's policy`;
    case 'pace':
      return `clock ${describePace(e.pace)}`;
    case 'end':
      return 'ended the game';
    default:
      return undefined;
  }
}

/** Real time between two wall-clock stamps, as 4m05s; a dash when either is missing. */
function realSeconds(from: string | undefined, to: string): string {
  const ms = from === undefined ? NaN : Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

const time = (m: number | undefined) => (m === undefined ? '—' : formatDuration(m));
const pct = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(0)}%`;

/** The review as one self-contained HTML document, with a chart per decision the batch reached. */
export async function reviewHtml(r: Review): Promise<string> {
  const charts: string[] = [];
  for (const d of r.decisions)
    if (d.steps.length > 0)
      charts.push(await figure(`latency-${d.id}`, gameAgainstBatchChart(d.label, d.steps, d.game)));
  const rows = r.decisions
    .map(
      (d) =>
        `<tr><td>${escape(d.label)}</td><td>${time(d.game)}</td><td>${time(d.p10)} / ${time(d.p50)} / ${time(d.p90)}</td><td>${d.batchDecided}/${r.batchRuns}</td><td>${pct(d.percentile)}</td></tr>`,
    )
    .join('\n');
  const answers = r.answers
    .map(
      (a) =>
        `<tr${a.againstPolicy ? ' class="against"' : ''}><td>${time(a.time)}</td><td>${escape(a.seat)}${a.via === 'api' ? ' (through the API)' : ''}</td><td>${escape(a.point)}</td><td>${escape(a.answer)}</td><td>${a.askedAt === undefined ? '—' : time(a.time - a.askedAt)}</td><td>${realSeconds(a.shownWall, a.wall)}</td><td>${a.policyApprove === undefined ? '—' : pct(a.policyApprove)}</td><td>${a.againstPolicy ? 'against the policy' : ''}</td><td>${escape(a.rationale ?? '')}</td></tr>`,
    )
    .join('\n');
  const o = r.outcome;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>After-action review: ${escape(r.id)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:72rem}table{border-collapse:collapse;margin-bottom:1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}.against{background:#fde}</style>
</head><body>
<h1>After-action review: ${escape(r.id)}</h1>
<p>Seed ${r.seed}, design ${escape(r.design)}; game time ${time(r.time)}${r.finished ? ' (ended)' : ' (in progress)'}. Set against ${r.batchRuns} runs of the same scenario and design in which the engine's policy made every decision.</p>
<h2>Decision latency, from the event to the order</h2>
<table><tr><th>decision</th><th>this game</th><th>batch p10 / p50 / p90</th><th>batch runs that decided it</th><th>game's percentile (share of batch runs as fast or faster)</th></tr>
${rows}</table>
<div class="charts">${charts.join('\n')}</div>
<h2>Outcome</h2>
<p>This game: highest rung ${escape(o.game.highestRung)}; ${o.game.faitAccompli ? 'a fait accompli' : 'no fait accompli'}. Batch: fait accompli ${pct(o.faitAccompli.rate)} [${pct(o.faitAccompli.lower)}–${pct(o.faitAccompli.upper)}]; objective reached ${pct(o.reachedObjective.rate)} [${pct(o.reachedObjective.lower)}–${pct(o.reachedObjective.upper)}].</p>
<h2>Answers (highlighted where the players went against the policy's likelier answer)</h2>
<table><tr><th>time</th><th>seat</th><th>point</th><th>answer</th><th>waited (simulated)</th><th>took (real time)</th><th>policy's approval probability</th><th></th><th>rationale</th></tr>
${answers}</table>
<h2>The control cell's interventions</h2>
${r.interventions.length === 0 ? "<p>None: the run differs from the batch only by the players' answers.</p>" : `<p>The batch runs have none of these, so latencies after them compare a changed crisis with the model's.</p><ul>${r.interventions.map((i) => `<li>${time(i.t)}: ${escape(i.text)}</li>`).join('')}</ul>`}
<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${time(n.time)} ${escape(n.seat)}: ${escape(n.text)}</li>`).join('')}</ul>
${r.timelines.map((t) => `<h2>What ${escape(t.side)} learned</h2><table><tr><th>time</th><th>what</th></tr>${t.entries.map((e) => `<tr><td>${time(e.t)}</td><td>${escape(e.text)}</td></tr>`).join('')}</table>`).join('\n')}
</body></html>
`;
}

/** A game's review kept up to date: {@link ReviewKeeper.current} makes it again only when the game changed. */
export interface ReviewKeeper {
  /** The review as the game now stands, written beside the log as well. */
  current(): Promise<string>;
}

/**
 * Keeps the review of `game` against `seeds`, written to {@link REVIEW_FILE} in the game's folder
 * each time it is made; a game that ends leaves its review there without anyone asking for it
 * (`onError` hears if that one cannot be written).
 */
export function keepReview(
  game: LiveGame,
  onError: (error: unknown) => void,
  seeds: readonly number[] = REVIEW_SEEDS,
): ReviewKeeper {
  let review: { version: number; html: string } | undefined;
  const current = async () => {
    if (review?.version !== game.version) {
      const version = game.version;
      review = { version, html: await reviewHtml(reviewGame(game, seeds)) };
      writeFileAtomic(join(game.folder, REVIEW_FILE), review.html);
    }
    return review.html;
  };
  const stopWatchingEnd = game.onChange(() => {
    if (!game.finished) return;
    stopWatchingEnd();
    setImmediate(() => {
      current().catch(onError);
    });
  });
  return { current };
}
