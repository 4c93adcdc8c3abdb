/**
 * Where a live game's clock stands, for every page: the simulated time against the horizon (as a
 * percentage) and, in turn mode, the turn being played and when it ends.
 */
import type { GameRun } from './gameRun.js';
import type { Pace } from './gameLog.js';
import { currentTurn } from './pace.js';

/** The clock as the pages show it. */
export interface ClockView {
  /** Simulated minutes from the start to the horizon. */
  readonly horizon: number;
  /** How far the game is toward its horizon, in percent (0–100). */
  readonly progress: number;
  /** The turn being played (turn mode only): its number and the simulated minute it ends at. */
  readonly turn: { readonly number: number; readonly end: number; readonly length: number } | null;
}

/** The clock of `game` at `pace` now. */
export function clockView(
  game: Pick<GameRun, 'now' | 'model' | 'finished'>,
  pace: Pace,
): ClockView {
  const horizon = game.model.horizon;
  const turn = game.finished ? undefined : currentTurn(pace, game.now);
  return {
    horizon,
    progress: Math.min(100, (100 * game.now) / horizon),
    turn: turn
      ? { number: turn.number, end: Math.min(turn.end, horizon), length: turn.end - turn.start }
      : null,
  };
}
