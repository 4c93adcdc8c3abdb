/**
 * `rungs/live`: facilitating a live wargame: start or resume a game, its seats' tokens, the
 * HTTP app that serves it (give its `fetch` to `@hono/node-server`'s `serve`), the paced clock,
 * and checking or reviewing a finished game.
 */
export { LiveGame, GameInputError } from './live/game.js';
export type { PendingPoint, AnswerInput } from './live/answers.js';
export type { GameContext } from './live/gameRun.js';
export { RESULT_FILE, type GameResult } from './live/result.js';
export {
  GameLog,
  readGameLog,
  LOG_FILE,
  type ReadLog,
  type GameSettings,
  type GameEntry,
  type Inject,
  type Pace,
} from './live/gameLog.js';
export { SeatTokens, TOKENS_FILE } from './server/tokens.js';
export { createGameApp } from './server/app.js';
export { serveGame, ListenError, type ServeOptions, type ServedGame } from './server/serveGame.js';
export { startGame, resumeGame, type NewGameOptions } from './live/open.js';
export { modelOfGame } from './live/load.js';
export { startPacer, DEFAULT_PACE, describePace, type PacerOptions } from './live/pace.js';
export { planSeats, peopleOf, CONTROL, type SeatPlan } from './live/seats.js';
export { verifyGame, type GameVerification } from './live/verify.js';
export {
  reviewGame,
  reviewHtml,
  REVIEW_SEEDS,
  type Review,
  type DecisionReview,
} from './live/review.js';
