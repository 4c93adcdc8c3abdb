/**
 * Verifying a finished live game: the game is played again from its seed and its log, in a
 * private folder, on the model it was played on, and its trace hash set against the one the game
 * left in `result.json`.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveGame } from './game.js';
import { RESULT_FILE, type GameResult } from './result.js';
import { LOG_FILE, readGameLog } from './gameLog.js';
import { modelOfGame } from './load.js';
import { InputError } from '../scenario/errors.js';

export interface GameVerification {
  readonly ok: boolean;
  readonly id: string;
  readonly lines: readonly string[];
}

/** Replays the game in `folder` and checks its trace hash. */
export function verifyGame(folder: string): GameVerification {
  const { settings, entries } = readGameLog(folder);
  const resultFile = join(folder, RESULT_FILE);
  if (!existsSync(resultFile))
    return {
      ok: false,
      id: settings.id,
      lines: [
        `game ${settings.id}: not finished (no ${RESULT_FILE}); resume it with npm run facilitate -- --resume ${folder} and run its clock to the end`,
      ],
    };
  const recorded = JSON.parse(readFileSync(resultFile, 'utf8')) as GameResult;
  const model = modelOfGame(folder, settings);
  const scratch = mkdtempSync(join(tmpdir(), 'rungs-game-replay-'));
  try {
    copyFileSync(join(folder, LOG_FILE), join(scratch, LOG_FILE));
    let game: LiveGame;
    try {
      game = LiveGame.resume({ model, folder: scratch, wall: () => recorded.wall });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return {
        ok: false,
        id: settings.id,
        lines: error.issues.map(
          (i) => `game ${settings.id}: ${join(folder, LOG_FILE)}: ${i.path}: ${i.message}`,
        ),
      };
    }
    game.close();
    const replayed = game.result();
    const answers = entries.filter((e) => e.kind === 'answer').length;
    if (!replayed)
      return {
        ok: false,
        id: settings.id,
        lines: [
          `game ${settings.id}: its log does not reach the end of the game (the replay stops at ${game.now} simulated minutes)`,
        ],
      };
    const ok = replayed.traceHash === recorded.traceHash && replayed.events === recorded.events;
    return {
      ok,
      id: settings.id,
      lines: [
        `game ${settings.id}: seed ${settings.seed}, design ${settings.design}, ${answers} answers by ${settings.seats.join(', ')} and the control cell`,
        ok
          ? `trace hash matches: ${replayed.traceHash} (${replayed.events} events)`
          : `trace hash differs: recorded ${recorded.traceHash} (${recorded.events} events), replayed ${replayed.traceHash} (${replayed.events} events)`,
      ],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
