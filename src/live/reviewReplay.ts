/**
 * A game's review built from its log alone: the log's first lines are replayed in a private
 * folder, on the model the settings name, and the review made from that replay. The review is
 * then a function of the log, so `verifyGame` can rebuild a finished game's `review.html` and
 * compare, and a worker thread can build it while the server goes on (`reviewWorker.ts`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileModel, type Model } from '../model/compile.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { loadDesign, loadScenario } from '../scenario/load.js';
import { LiveGame } from './game.js';
import { LOG_FILE, readGameLog, type GameSettings } from './gameLog.js';
import { buildReview, type ReviewFiles } from './review.js';

/** What a review is built from: the game's folder, how many of its log's lines, the batch's seeds. */
export interface ReviewRequest {
  readonly folder: string;
  /** Lines of the log to replay, the settings included (the log may be growing meanwhile). */
  readonly lines: number;
  readonly seeds: readonly number[];
}

/**
 * The model a game's settings name. The game that asks for its review checked the files' hashes
 * when it started or resumed; `verifyGame` checks them before it rebuilds.
 */
function modelOfSettings(settings: GameSettings): Model {
  const scenario = loadScenario(settings.scenarioFile);
  const designFile = resolveDesignFiles(settings.scenarioFile, settings.design)[0]!;
  return compileModel(scenario.scenario, loadDesign(designFile, scenario.scenario).design);
}

/** The review's files, replayed from the first `lines` lines of the game's log (`model` if given, else the settings'). */
export async function reviewFromLog(request: ReviewRequest, model?: Model): Promise<ReviewFiles> {
  const text = readFileSync(join(request.folder, LOG_FILE), 'utf8');
  const lines = text.split('\n').slice(0, request.lines);
  const scratch = mkdtempSync(join(tmpdir(), 'rungs-review-'));
  try {
    writeFileSync(join(scratch, LOG_FILE), lines.map((l) => `${l}\n`).join(''));
    const settings = readGameLog(scratch).settings;
    const wall = settings.wall;
    const game = LiveGame.resume({
      model: model ?? modelOfSettings(settings),
      folder: scratch,
      // the replay shows nothing new: any wall time it asks for is the game's start
      wall: () => wall,
    });
    game.close();
    return await buildReview(game, request.seeds);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
