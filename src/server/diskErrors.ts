/**
 * An input the game's log could not take (a full or failing disk): it was neither recorded nor
 * applied, so the request is refused (507 Insufficient Storage for a full disk, 503 otherwise)
 * in words, and the console says so; the control cell's board shows it until a write succeeds.
 */
import type { Context } from 'hono';
import type { LogWriteError } from '../live/logWrite.js';

/** Refuses the request whose input the log could not take, and says so on the console. */
export function refuseUnlogged(error: LogWriteError, c: Context): Response {
  console.error(`error: ${error.message}`);
  return c.text(
    `${error.diskFull ? 'the disk is full' : "the game's disk failed"}: your input was not recorded; try again once the facilitator has made room (${error.code ?? 'error'})`,
    error.diskFull ? 507 : 503,
  );
}
