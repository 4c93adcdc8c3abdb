/**
 * The after-action review of a live game, at its end or at any time from its log: who decided
 * each key decision, each key decision's latency against a Monte Carlo batch of the same scenario
 * and design, the answers against the policy, the control cell's interventions, the merged
 * timeline of what happened against what each side believed, and the outcome beside the batch's
 * rates. Written beside the log as a self-contained HTML page (`review.html`) and two CSV tables
 * (`answers.csv`, `timeline.csv`). The content is `reviewData.ts`, the page `reviewPage.ts`, the
 * tables `reviewCsv.ts`; the tables need no batch, so they are cheap to make at any time.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import type { LiveGame } from './game.js';
import { reviewGame, reviewRecord } from './reviewData.js';
import { reviewHtml } from './reviewPage.js';
import { answersCsv, timelineCsv, type ReviewTable } from './reviewCsv.js';

export {
  reviewGame,
  type Review,
  type ReviewRecord,
  type DecisionReview,
  type AnsweredPoint,
  type KeyDecisionReview,
  type BatchRate,
} from './reviewData.js';
export type { TimelineRow, TimelineColumn } from './reviewTimeline.js';
export { reviewHtml } from './reviewPage.js';
export { REVIEW_TABLES, type ReviewTable } from './reviewCsv.js';

/** Seeds of the Monte Carlo batch a review sets the game against. */
export const REVIEW_SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

/** The files a game's review is written to, beside its log. */
export const REVIEW_FILES = {
  html: 'review.html',
  answers: 'answers.csv',
  timeline: 'timeline.csv',
} as const;

/** The review's tables as CSV. */
export type ReviewTables = Readonly<Record<ReviewTable, string>>;

/** A review's files: the page and its tables. */
export interface ReviewFiles extends ReviewTables {
  readonly html: string;
}

/** The review's tables of `game` as CSV (no batch is run: cheap at any time). */
export function reviewTables(game: LiveGame): ReviewTables {
  const record = reviewRecord(game);
  return { answers: answersCsv(record), timeline: timelineCsv(record) };
}

/**
 * The review of `game` against `seeds` as its files: a pure function of the game's log, trace and
 * model, so the same log always gives the same bytes.
 */
export async function buildReview(
  game: LiveGame,
  seeds: readonly number[] = REVIEW_SEEDS,
): Promise<ReviewFiles> {
  const review = reviewGame(game, seeds);
  return {
    html: await reviewHtml(review),
    answers: answersCsv(review),
    timeline: timelineCsv(review),
  };
}

/** Writes a review's tables (and its page, when given) beside the game's log in `folder`. */
export function writeReview(
  folder: string,
  files: ReviewTables & { readonly html?: string },
): void {
  // the tables first: a page on disk means its tables are there too
  writeFileAtomic(join(folder, REVIEW_FILES.answers), files.answers);
  writeFileAtomic(join(folder, REVIEW_FILES.timeline), files.timeline);
  if (files.html !== undefined) writeFileAtomic(join(folder, REVIEW_FILES.html), files.html);
}

/** A game's review kept up to date: {@link ReviewKeeper.current} makes it again only when the game changed. */
export interface ReviewKeeper {
  /** The review as the game now stands, written beside the log as well (with its tables). */
  current(): Promise<string>;
}
