/**
 * A served game's review, built off the server's event loop: each build replays the log in a
 * worker thread (`reviewTask.ts`) while the server goes on answering, so a 200-run batch never
 * holds up a page. Builds run one at a time, each from the log as it stood when it was asked for,
 * and each is written to `review.html`; a game that has ended has its review written without
 * anyone asking, again after every line that follows (a note), and once more when it is resumed
 * after its end, so the file always matches the log, even when a kill came before the write.
 */
import { Worker } from 'node:worker_threads';
import { compiledModule } from '../batch/compiled.js';
import type { LiveGame } from './game.js';
import {
  REVIEW_FILES,
  REVIEW_SEEDS,
  writeReview,
  type ReviewFiles,
  type ReviewKeeper,
} from './review.js';
import type { ReviewRequest } from './reviewReplay.js';

/** The file a game's review is written to, beside its log. */
export const REVIEW_FILE = REVIEW_FILES.html;

/** Builds one review in a new worker thread. */
function buildReviewInWorker(request: ReviewRequest): Promise<ReviewFiles> {
  return new Promise((done, fail) => {
    const worker = new Worker(compiledModule('./reviewTask.js', import.meta.url), {
      workerData: request,
    });
    let settled = false;
    worker.once('message', (reply: { files?: ReviewFiles; error?: string }) => {
      settled = true;
      if (reply.files !== undefined) done(reply.files);
      else fail(new Error(reply.error ?? 'the review thread sent nothing'));
    });
    worker.once('error', (error) => {
      settled = true;
      fail(error);
    });
    worker.once('exit', (code) => {
      if (!settled) fail(new Error(`the review thread stopped (exit code ${code})`));
    });
  });
}

/**
 * Keeps the review of `game` (see the module comment); `onError` hears of a review written
 * without anyone asking that could not be built or written.
 */
export function keepReviewOffThread(
  game: LiveGame,
  onError: (error: unknown) => void,
  seeds: readonly number[] = REVIEW_SEEDS,
  build: (request: ReviewRequest) => Promise<ReviewFiles> = buildReviewInWorker,
): ReviewKeeper {
  let made: { lines: number; html: Promise<string> } | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const current = () => {
    const lines = game.chain.lines;
    if (made?.lines !== lines) {
      const html = queue.then(async () => {
        const built = await build({ folder: game.folder, lines, seeds: [...seeds] });
        writeReview(game.folder, built);
        return built.html;
      });
      queue = html.catch(() => undefined);
      made = { lines, html };
      // a failed build is tried again at the next request
      html.catch(() => {
        if (made?.html === html) made = undefined;
      });
    }
    return made.html;
  };
  const writeIfEnded = () => {
    if (game.finished && made?.lines !== game.chain.lines) current().catch(onError);
  };
  // after the input that changed the game has logged all its lines (a clock run logs where it stopped last)
  game.onChange(() => setImmediate(writeIfEnded));
  // a game resumed after its end (its server killed before the review was written) writes it now
  setImmediate(writeIfEnded);
  return { current };
}
