/**
 * A facilitator killed after its game ended but before the review was written (the review takes
 * seconds to build in its thread) loses nothing: the game resumed from its log writes its review
 * without anyone asking, as the game that ended would have. Found by the chaos test.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import type { GameSettings } from '../src/live/gameLog.js';
import { REVIEW_FILES, type ReviewFiles } from '../src/live/review.js';
import type { ReviewRequest } from '../src/live/reviewReplay.js';
import { keepReviewOffThread } from '../src/live/reviewWorker.js';
import { gameSettings, referenceModel } from './helpers.js';

const model = referenceModel('acm-2015');
const wall = () => '2026-12-07T09:00:00.000Z';
const settings: GameSettings = gameSettings('ended', 3, ['adversary'], { wall: wall() });

/** A game played to its end with no server, so nothing wrote its review: the folder a kill leaves. */
function endedWithoutReview(): string {
  const folder = mkdtempSync(join(tmpdir(), 'rungs-review-resume-'));
  const game = LiveGame.start({ model, settings, folder, wall });
  game.handToPolicy('control', 'adversary');
  game.runClock('control', model.horizon);
  expect(game.finished).toBe(true);
  game.close();
  return folder;
}

describe('the review of a game resumed after its end', () => {
  it('is written without anyone asking, from the whole log', async () => {
    const folder = endedWithoutReview();
    expect(existsSync(join(folder, REVIEW_FILES.html))).toBe(false);
    const resumed = LiveGame.resume({ model, folder, wall });
    const asked: ReviewRequest[] = [];
    let built!: () => void;
    const done = new Promise<void>((resolve) => (built = resolve));
    const build = (request: ReviewRequest): Promise<ReviewFiles> => {
      asked.push(request);
      setImmediate(built);
      return Promise.resolve({ html: '<p>review</p>', answers: 'a\r\n', timeline: 't\r\n' });
    };
    keepReviewOffThread(
      resumed,
      (e: unknown) => {
        throw e;
      },
      [1, 2],
      build,
    );
    await Promise.race([done, new Promise((r) => setTimeout(r, 2000))]);
    try {
      expect(asked).toEqual([{ folder, lines: resumed.chain.lines, seeds: [1, 2] }]);
      expect(readFileSync(join(folder, REVIEW_FILES.html), 'utf8')).toBe('<p>review</p>');
      expect(readFileSync(join(folder, REVIEW_FILES.answers), 'utf8')).toBe('a\r\n');
    } finally {
      resumed.close();
    }
  });

  it('is not built for a game that has not ended', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rungs-review-resume-'));
    const game = LiveGame.start({ model, settings, folder, wall });
    const asked: ReviewRequest[] = [];
    keepReviewOffThread(
      game,
      () => {},
      [1],
      (request) => {
        asked.push(request);
        return Promise.resolve({ html: '', answers: '', timeline: '' });
      },
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(asked).toEqual([]);
    game.close();
  });
});
