/**
 * `rungs/live`: facilitating a live wargame: start or resume a game, its seats' tokens, the
 * HTTP app that serves it (give its `fetch` to `@hono/node-server`'s `serve`), the paced clock,
 * and checking or reviewing a finished game.
 *
 *
 * @example
 * ```ts
 * import { serveGame, startGame } from 'rungs/live';
 *
 * const game = startGame({
 *   scenarioFile: 'node_modules/rungs/scenarios/senkaku-gray-zone.yaml',
 *   design: 'acm-2015',
 *   seed: 7,
 *   seats: ['japan', 'unitedStates'],
 *   // the caller supplies the wall clock (the library never reads one); a fixed one replays alike
 *   wall: () => '2026-12-07T09:00:00.000Z',
 * });
 * // the caller supplies the real clocks too: the time of day and a monotonic one, in milliseconds
 * const clock = { now: () => Date.now(), monotonic: () => performance.now() };
 * const served = await serveGame(game, { host: '127.0.0.1', port: 0, clock });
 * for (const [seat, link] of served.links) console.log(seat, link);
 * ```
 * @packageDocumentation
 */
export { LiveGame } from '../live/game.js';
export { GameInputError } from '../live/errors.js';
export type { PendingPoint, AnswerInput } from '../live/answers.js';
export type { GameContext, GameRun } from '../live/gameRun.js';
export type { LoggedGame } from '../live/loggedGame.js';
export type { ScheduledGame } from '../live/scheduledGame.js';
export type { Refusal } from '../live/errors.js';
export { RESULT_FILE, type GameResult } from '../live/result.js';
export {
  GameLog,
  readGameLog,
  LOG_FILE,
  type ReadLog,
  type GameSettings,
  type GameEntry,
  type Inject,
  type Pace,
  type AnswerEntry,
  type NoteEntry,
  type InjectEntry,
  type HandoverEntry,
  type PaceEntry,
  type MessageEntry,
  type PositionEntry,
  GameSettingsSchema,
  GameEntrySchema,
  AnswerEntrySchema,
  NoteEntrySchema,
  ClockEntrySchema,
  InjectEntrySchema,
  HandoverEntrySchema,
  PaceEntrySchema,
  EndEntrySchema,
  MessageEntrySchema,
  PositionEntrySchema,
  InjectSchema,
  PaceSchema,
} from '../live/gameLog.js';
export type * from './index.js';
export type { Simulation } from '../engine/simulation.js';
export type { DrawnDelay } from '../model/draws.js';
export type { RunHost, Question } from '../engine/host.js';
export type { ActionsHost } from '../engine/modelActions.js';
export type { LearnedEntry } from '../live/learned.js';
export type { MessageInput } from '../live/messages.js';
export type { MessageView } from '../live/mailViews.js';
export {
  allianceChannels,
  channelsBetween,
  CONTROL_CHANNEL,
  type Channel,
  type SeatSide,
} from '../live/channels.js';
export { SeatTokens, TOKENS_FILE } from '../server/tokens.js';
export { createGameApp } from '../server/app.js';
export {
  serveGame,
  ListenError,
  type ServeOptions,
  type ServedGame,
  type ServerClock,
} from '../server/serveGame.js';
export { startGame, resumeGame, type NewGameOptions } from '../live/open.js';
export { modelOfGame } from '../live/load.js';
export { startPacer, DEFAULT_PACE, describePace, type PacerOptions } from '../live/pace.js';
export { planSeats, peopleOf, CONTROL, ALLIANCE, type SeatPlan } from '../live/seats.js';
export type { PositionInput } from '../live/joint.js';
export { verifyGame, type GameVerification } from '../live/verify.js';
export {
  reviewGame,
  reviewHtml,
  buildReview,
  reviewTables,
  writeReview,
  REVIEW_SEEDS,
  REVIEW_TABLES,
  type Review,
  type ReviewRecord,
  type ReviewTable,
  type ReviewTables,
  type DecisionReview,
  type AnsweredPoint,
  type KeyDecisionReview,
  type BatchRate,
  type TimelineRow,
  type TimelineColumn,
  type ReviewFiles,
} from '../live/review.js';
export {
  Schedule,
  type ScheduleChange,
  type ScheduledInject,
  type ItemStatus,
  type RunTarget,
} from '../live/schedule.js';
export { loadInjects, type LoadedInjects, type ItemContext } from '../live/msel.js';
export { ScheduleEntrySchema, type ScheduleEntry } from '../live/gameLog.js';
export {
  InjectsFileSchema,
  ScheduleItemSchema,
  type InjectsFile,
  type ScheduleItem,
} from '../scenario/injectsSchema.js';
export { currentTurn, type Turn } from '../live/pace.js';
export type { ClockView } from '../live/clockView.js';
export type { Named, ScheduleView } from '../live/scheduleView.js';
