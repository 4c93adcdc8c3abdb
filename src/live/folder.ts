/**
 * A game's folder and who may write it: a new game starts only in a folder that holds no file of
 * a game (so it adopts no one's tokens, result or review), and while a server plays a game it
 * holds the folder's lock (`batch/lock.ts`), so a second server, new or resumed, is refused,
 * naming the holder, instead of answering beside the first and forking the log.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BatchLock, type LockOptions } from '../batch/lock.js';
import { InputError } from '../scenario/errors.js';
import { LOG_FILE } from './gameLog.js';
import { RESULT_FILE } from './result.js';
import { REVIEW_FILES } from './review.js';

/** Where a served game records the port it listens on, so a resumed one comes back on it. */
export const SERVER_FILE = 'server.json';

/** The files a game leaves in its folder (the log, the seats' tokens, the result, the review, the server's port). */
export const GAME_FILES: readonly string[] = [
  LOG_FILE,
  'tokens.json',
  RESULT_FILE,
  ...Object.values(REVIEW_FILES),
  SERVER_FILE,
];

/** Refuses (an {@link InputError} naming the files) a folder that holds another game's files. */
export function refuseUsedFolder(folder: string): void {
  const found = GAME_FILES.filter((name) => existsSync(join(folder, name)));
  if (found.length > 0)
    throw new InputError([
      {
        file: folder,
        path: '',
        message: `holds a previous game's files (${found.join(', ')}): resume that game (--resume ${folder}) or start the new one in an empty folder`,
      },
    ]);
}

/** A held lock on a game's folder; released by `release()` or when the process exits. */
export interface GameLock {
  release(): void;
}

/**
 * Locks the game's folder (created if need be) for this process: an {@link InputError} naming the
 * holder (pid, host, since when) if a live process holds it. A lock left by a process that is gone
 * is taken over, and `notice` told so. `started` is the wall-clock time, recorded for the next reader.
 * With `lease.lease` (a clock and host) the lock is a lease, renewed while the game is served and
 * taken over by any host once it runs out; `lease.onLost` is told if another server takes it over.
 */
export function lockGame(
  folder: string,
  started: string,
  notice: (message: string) => void,
  lease: Pick<LockOptions, 'lease' | 'onLost'> = {},
): GameLock {
  mkdirSync(folder, { recursive: true });
  try {
    return BatchLock.acquire(folder, { ...lease, notice, started });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // the batch lock speaks of a batch being written: say what it is here
    throw new InputError(
      error.issues.map((i) => ({
        ...i,
        message: i.message.replace(
          /^is being written by another process/,
          'holds a game another facilitator is serving',
        ),
      })),
    );
  }
}
