/**
 * Verifying a finished live game: the game is played again from its seed and its log, in a
 * private folder, on the model it was played on, and its trace hash set against the one the game
 * left in `result.json`. Every line of the log is checked on the way: its hash chain (any edit
 * breaks it), the chain's end against the fingerprint in `result.json`, who gave each input and
 * whether its seat owned the point, the recorded askedAt and policy probability recomputed
 * (`verifyInputs.ts`); {@link verifyReview} rebuilds `review.html` from the log and compares.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveGame } from './game.js';
import { RESULT_FILE, type GameResult } from './result.js';
import { LOG_FILE, readGameLog, type ReadLog } from './gameLog.js';
import { modelOfGame } from './load.js';
import { InputError } from '../scenario/errors.js';
import { planSeats } from './seats.js';
import { inputChecker } from './verifyInputs.js';
import { REVIEW_SEEDS } from './review.js';
import { reviewFromLog } from './reviewReplay.js';
import { REVIEW_FILE } from './reviewWorker.js';

export interface GameVerification {
  readonly ok: boolean;
  readonly id: string;
  readonly lines: readonly string[];
}

/** The problems of a log's end against the fingerprint its result recorded. */
function fingerprintProblems(read: ReadLog, recorded: GameResult, resultFile: string): string[] {
  const lines = read.entries.length + 1;
  if (recorded.chainHash === undefined || recorded.chainLines === undefined)
    return [`${resultFile}: records no fingerprint of the log (chainHash, chainLines)`];
  if (recorded.chainLines !== lines || recorded.chainHash !== read.chain)
    return [
      `${resultFile}: the log's fingerprint is ${read.chain} (${lines} lines), but the game recorded ${recorded.chainHash} (${recorded.chainLines} lines): the log was changed after the game wrote it`,
    ];
  return [];
}

/** A failed verification of `id`, prefixing each line with the game. */
const failed = (id: string, lines: readonly string[]): GameVerification => ({
  ok: false,
  id,
  lines: lines.map((l) => `game ${id}: ${l}`),
});

/** Replays the game in `folder` and checks its log (every line), its seats' answers and its trace hash. */
export function verifyGame(folder: string): GameVerification {
  let read: ReadLog;
  try {
    read = readGameLog(folder);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return failed(
      folder,
      error.issues.map((i) => `${i.file}: ${i.path}: ${i.message}`),
    );
  }
  const { settings, entries } = read;
  const resultFile = join(folder, RESULT_FILE);
  if (!existsSync(resultFile))
    return failed(settings.id, [
      `not finished (no ${RESULT_FILE}); resume it with npm run facilitate -- --resume ${folder} and run its clock to the end`,
    ]);
  const recorded = JSON.parse(readFileSync(resultFile, 'utf8')) as GameResult;
  const model = modelOfGame(folder, settings);
  const checker = inputChecker(
    join(folder, LOG_FILE),
    entries,
    planSeats(model, settings.seats).seats,
  );
  const scratch = mkdtempSync(join(tmpdir(), 'rungs-game-replay-'));
  try {
    copyFileSync(join(folder, LOG_FILE), join(scratch, LOG_FILE));
    let game: LiveGame;
    try {
      game = LiveGame.resume({
        model,
        folder: scratch,
        wall: () => recorded.wall,
        onReplay: checker.onReplay,
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return failed(
        settings.id,
        error.issues.map((i) => `${join(folder, LOG_FILE)}: ${i.path}: ${i.message}`),
      );
    }
    game.close();
    const replayed = game.result();
    const answers = entries.filter((e) => e.kind === 'answer').length;
    if (!replayed)
      return failed(settings.id, [
        `its log does not reach the end of the game (the replay stops at ${game.now} simulated minutes)`,
      ]);
    const problems = [...checker.problems(), ...fingerprintProblems(read, recorded, resultFile)];
    const hashOk = replayed.traceHash === recorded.traceHash && replayed.events === recorded.events;
    return {
      ok: hashOk && problems.length === 0,
      id: settings.id,
      lines: [
        `game ${settings.id}: seed ${settings.seed}, design ${settings.design}, ${answers} answers by ${settings.seats.join(', ')} and the control cell`,
        hashOk
          ? `trace hash matches: ${replayed.traceHash} (${replayed.events} events)`
          : `trace hash differs: recorded ${recorded.traceHash} (${recorded.events} events), replayed ${replayed.traceHash} (${replayed.events} events)`,
        ...problems.map((p) => `game ${settings.id}: ${p}`),
        `log fingerprint: ${read.chain} (${entries.length + 1} lines; compare it with the one the facilitator kept)`,
      ],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Rebuilds the review of the finished game in `folder` from its log (on the model it was played
 * on) and compares it with its `review.html`; `seeds` are the review's batch (the served game's).
 */
export async function verifyReview(
  folder: string,
  seeds: readonly number[] = REVIEW_SEEDS,
): Promise<GameVerification> {
  const read = readGameLog(folder);
  const id = read.settings.id;
  const file = join(folder, REVIEW_FILE);
  if (!existsSync(file))
    return {
      ok: true,
      id,
      lines: [`${REVIEW_FILE}: none (the game was not served); nothing to compare`],
    };
  const rebuilt = (
    await reviewFromLog(
      { folder, lines: read.entries.length + 1, seeds },
      modelOfGame(folder, read.settings),
    )
  ).html;
  const kept = readFileSync(file, 'utf8');
  if (kept === rebuilt)
    return { ok: true, id, lines: [`${REVIEW_FILE} matches the review rebuilt from the log`] };
  let at = 0;
  while (at < kept.length && kept[at] === rebuilt[at]) at++;
  const line = kept.slice(0, at).split('\n').length;
  return {
    ok: false,
    id,
    lines: [
      `game ${id}: ${file}: line ${line}: differs from the review rebuilt from the log (it has "${kept.slice(at, at + 40)}", the rebuilt one "${rebuilt.slice(at, at + 40)}")`,
    ],
  };
}
