/**
 * The after-action review of a live game, at its end or at any time from its log: who decided
 * each key decision, each key decision's latency against a Monte Carlo batch of the same scenario
 * and design, the answers against the policy, the control cell's interventions, the merged
 * timeline of what happened against what each side believed, and the outcome beside the batch's
 * rates. Written beside the log as a self-contained HTML page (`review.html`) and two CSV tables
 * (`answers.csv`, `timeline.csv`). The content is `reviewData.ts`, the page `reviewPage.ts`, the
 * tables `reviewCsv.ts`.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import type { LiveGame } from './game.js';
import { reviewGame } from './reviewData.js';
import { reviewHtml } from './reviewPage.js';
import { answersCsv, timelineCsv, type ReviewTable } from './reviewCsv.js';

export {
  reviewGame,
  type Review,
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
const REVIEW_FILES = {
  html: 'review.html',
  answers: 'answers.csv',
  timeline: 'timeline.csv',
} as const;

/** A review's files: the page and its tables. */
export interface ReviewFiles {
  readonly html: string;
  readonly answers: string;
  readonly timeline: string;
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

/** Writes a review's files beside the game's log. */
function writeReview(folder: string, files: ReviewFiles): void {
  // the tables first: a page on disk means its tables are there too
  writeFileAtomic(join(folder, REVIEW_FILES.answers), files.answers);
  writeFileAtomic(join(folder, REVIEW_FILES.timeline), files.timeline);
  writeFileAtomic(join(folder, REVIEW_FILES.html), files.html);
}

/** A game's review kept up to date: made again only when the game changed. */
export interface ReviewKeeper {
  /** The review page as the game now stands, written beside the log with its tables. */
  current(): Promise<string>;
  /** One of the review's tables as CSV, as the game now stands. */
  csv(table: ReviewTable): Promise<string>;
}

/**
 * Keeps the review of `game` against `seeds`, written to {@link REVIEW_FILES} in the game's folder
 * each time it is made; a game that ends leaves its review there without anyone asking for it
 * (`onError` hears if that one cannot be written).
 */
export function keepReview(
  game: LiveGame,
  onError: (error: unknown) => void,
  seeds: readonly number[] = REVIEW_SEEDS,
): ReviewKeeper {
  let review: { version: number; files: ReviewFiles } | undefined;
  const files = async () => {
    if (review?.version !== game.version) {
      const version = game.version;
      review = { version, files: await buildReview(game, seeds) };
      writeReview(game.folder, review.files);
    }
    return review.files;
  };
  const stopWatchingEnd = game.onChange(() => {
    if (!game.finished) return;
    stopWatchingEnd();
    setImmediate(() => {
      files().catch(onError);
    });
  });
  return {
    current: async () => (await files()).html,
    csv: async (table) => (await files())[table],
  };
}
