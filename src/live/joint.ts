/**
 * Joint alliance decisions: with the seat `alliance` in a game, the alliance's approval points are
 * answered by the national seats together, as the design's consultation has the capitals concur
 * (`engine/consultation.ts`). The concurring nations of a point are those of the design's first
 * consultation rule for its decision's category; a rule's `when` is not read, so that the nations
 * asked cannot change between the rounds of one point. Where the design has no rule for the
 * category (a decision of an integrated command, say) both nations concur.
 *
 * The consultation goes in rounds. In each, every concurring nation's seat takes a position:
 * concur, or object with a rationale. Once all have concurred the game answers the engine's point
 * with its approving option. An objection ends the round: the proposal is revised for a time drawn
 * from the scenario's consensus `revision` (the decision's `reconsider` where the scenario has no
 * consensus), with a stream keyed on the game's seed, the point and the round, and no position is
 * taken until it is done; then the next round starts. An objection in the consensus's
 * `breakdownAfter`-th round in a row breaks the consensus down: the game answers the point with
 * its rejecting option, and the engine reconsiders it as it would any rejection (without consensus
 * settings nothing breaks down; the control cell can always answer a joint point outright).
 *
 * Everything here is computed from the game's log (its positions) and the simulated time, so a
 * resumed game stands exactly where the game stood.
 */
import seedrandom from 'seedrandom';
import type { Model } from '../model/model.js';
import type { Knowledge } from '../model/knowledge.js';
import { NATIONS, type Nation, type Side } from '../scenario/primitives.js';
import { formatTime } from '../report/timeline.js';
import type { AnswerEntry, GameEntry, PositionEntry } from './gameLog.js';
import { policyOf, type PendingPoint } from './answers.js';
import { GameInputError } from './errors.js';
import { InputError } from '../scenario/errors.js';
import { ALLIANCE } from './seats.js';

/** What a seat says in one round of a joint decision. */
type Position = PositionEntry['position'];

/** A position as a national seat sends it. */
export interface PositionInput {
  readonly seat: string;
  readonly point: string;
  readonly position: string;
  /** The game version the seat's page was showing. */
  readonly version: number;
  /** Why: required with an objection. */
  readonly rationale?: string;
}

/** Where the consultation on a joint point stands. */
interface JointState {
  /** The nations whose seats must concur. */
  readonly concurring: readonly Nation[];
  /** The current round (1 first; the next one while the proposal is in revision). */
  readonly round: number;
  /** The positions taken in the current round, in order. */
  readonly positions: readonly PositionEntry[];
  /** Every position taken on the point, in order. */
  readonly history: readonly PositionEntry[];
  /** While the proposal is in revision: when the revision is done (simulated minutes). */
  readonly revisionUntil?: number;
  /** The current round settled it: every nation concurred, or the consensus broke down. */
  readonly settled?: 'concurred' | 'brokeDown';
}

/** What the game offers the joint module: its model, seed, log and clock. */
export interface JointGame {
  readonly model: Model;
  readonly settings: { readonly seed: number };
  readonly entries: readonly GameEntry[];
  /** Simulated minutes now. */
  readonly now: number;
}

/** Whether a pending point is a joint alliance decision (the national seats answer it together). */
export const isJoint = (p: Pick<PendingPoint, 'seat' | 'kind'>): boolean =>
  p.seat === ALLIANCE && p.kind === 'approve';

/** Whether `seat` takes positions on the point: a joint point of which it is a concurring nation. */
export const jointFor = (model: Model, p: PendingPoint, seat: string): boolean =>
  isJoint(p) && concurringNations(model, p.decision).some((n) => n === seat);

/**
 * The nations that must concur on `decision`: those of the design's first consultation rule for
 * its category; both where the design has none.
 */
export function concurringNations(model: Model, decision: string): readonly Nation[] {
  const category = model.decisionsById.get(decision)?.category;
  const rule = model.mechanism.consultation.find(
    (r) => category !== undefined && r.categories.has(category),
  );
  const nations = rule ? NATIONS.filter((n) => rule.concur.some((c) => c.nation === n)) : [];
  return nations.length > 0 ? nations : NATIONS;
}

/**
 * How long the revision after an objection in `round` takes (simulated minutes, rounded to the
 * second as the engine's draws are): the consensus's `revision`, else the decision's `reconsider`,
 * drawn from the stream `<seed>/joint/<point>/<round>`.
 */
function revisionLength(
  model: Model,
  seed: number,
  point: Pick<PendingPoint, 'id' | 'decision'>,
  round: number,
): number {
  const sampler =
    model.mechanism.consensus?.revision ?? model.decisionsById.get(point.decision)?.reconsider;
  if (!sampler) return 0;
  const u = seedrandom.alea(`${seed}/joint/${point.id}/${round}`)();
  return Math.round(sampler(u) * 60) / 60;
}

/**
 * The joint points in revision now and when each revision ends (simulated minutes): nobody can
 * answer them before, so the clock runs on to that time rather than wait for a person.
 */
export function revisionsUnderway(
  game: JointGame,
  pending: readonly PendingPoint[],
): ReadonlyMap<string, number> {
  const revising = new Map<string, number>();
  for (const point of pending.filter(isJoint)) {
    const until = jointState(game, point).revisionUntil;
    if (until !== undefined) revising.set(point.id, until);
  }
  return revising;
}

/** After how many objecting rounds in a row the consensus breaks down (never without consensus settings). */
const breakdownAfter = (model: Model) =>
  model.mechanism.consensus?.breakdownAfter ?? Number.POSITIVE_INFINITY;

/** Where the consultation on the joint point `point` stands now. */
function jointState(game: JointGame, point: PendingPoint): JointState {
  const concurring = concurringNations(game.model, point.decision);
  const history = game.entries.filter(
    (e): e is PositionEntry => e.kind === 'position' && e.point === point.id,
  );
  const last = history.at(-1);
  if (last?.position === 'object' && last.round >= breakdownAfter(game.model))
    return {
      concurring,
      round: last.round,
      positions: history.filter((e) => e.round === last.round),
      history,
      settled: 'brokeDown',
    };
  let round = 1;
  let revisionEnd: number | undefined;
  for (const e of history)
    if (e.position === 'object') {
      round = e.round + 1;
      revisionEnd = e.time + revisionLength(game.model, game.settings.seed, point, e.round);
    }
  const positions = history.filter((e) => e.round === round);
  const concurred = concurring.every((n) =>
    positions.some((p) => p.seat === n && p.position === 'concur'),
  );
  return {
    concurring,
    round,
    positions,
    history,
    ...(revisionEnd !== undefined && game.now < revisionEnd ? { revisionUntil: revisionEnd } : {}),
    ...(concurred ? { settled: 'concurred' as const } : {}),
  };
}

/**
 * Checks a seat's position on a joint point and makes its log entry; a {@link GameInputError}
 * says why the game cannot take it (not a joint point, not a concurring nation, in revision,
 * already taken this round, an objection without a rationale).
 */
export function positionEntry(
  game: JointGame & { readonly events: number },
  pending: readonly PendingPoint[],
  input: PositionInput,
  wall: string,
): PositionEntry {
  if (input.position !== 'concur' && input.position !== 'object')
    throw new GameInputError(`"${input.position}" is not a position (concur, object)`, 'invalid');
  const point = pending.find((p) => p.id === input.point);
  if (!point)
    throw new GameInputError(
      `no decision point ${input.point} is waiting (it was answered, or overtaken by events)`,
      'notNow',
    );
  if (!isJoint(point))
    throw new GameInputError(
      `${input.point} is not a joint alliance decision: answer it instead`,
      'invalid',
    );
  if (input.version < point.askedAtVersion)
    throw new GameInputError(
      `the page shows version ${input.version}, older than ${input.point} (asked at version ${point.askedAtVersion}): reload`,
      'notNow',
    );
  const state = jointState(game, point);
  if (!state.concurring.some((n) => n === input.seat))
    throw new GameInputError(
      `${input.point} is a joint decision of ${state.concurring.join(' and ')}: "${input.seat}" takes no position on it${input.seat === 'control' ? ' (the control cell may answer it outright)' : ''}`,
      'notYours',
    );
  if (state.revisionUntil !== undefined)
    throw new GameInputError(
      `${input.point} is in revision until ${formatTime(state.revisionUntil)}: round ${state.round} starts then`,
      'notNow',
    );
  if (state.positions.some((p) => p.seat === input.seat))
    throw new GameInputError(
      `"${input.seat}" has already taken a position on ${input.point} in round ${state.round}`,
      'notNow',
    );
  const rationale = input.rationale?.trim();
  if (input.position === 'object' && !rationale)
    throw new GameInputError('an objection needs a rationale: what must change', 'invalid');
  return {
    kind: 'position',
    seat: input.seat,
    point: input.point,
    position: input.position,
    round: state.round,
    ...(rationale ? { rationale } : {}),
    time: game.now,
    after: game.events,
    wall,
  };
}

/**
 * Replays a logged position: it must be one the game would have taken where the log has it (a
 * concurring nation's, outside a revision, once a round, in the round it names); else an
 * {@link InputError} naming the log's line.
 */
export function replayPosition(
  game: JointGame & { readonly events: number },
  pending: readonly PendingPoint[],
  e: PositionEntry,
  at: { readonly file: string; readonly line: number },
): void {
  let why = '';
  try {
    const input = { seat: e.seat, point: e.point, position: e.position, version: Infinity };
    const taken = positionEntry(
      game,
      pending,
      e.rationale === undefined ? input : { ...input, rationale: e.rationale },
      e.wall,
    );
    if (taken.round !== e.round)
      why = `it names round ${e.round}; the consultation was in round ${taken.round}`;
  } catch (error) {
    if (!(error instanceof GameInputError)) throw error;
    why = error.message;
  }
  if (why)
    throw new InputError([
      {
        file: at.file,
        path: `line ${at.line}`,
        message: `does not replay: ${why} (the log was changed, or the model is not the one the game was played on)`,
      },
    ]);
}

/**
 * The game's answers to the joint points the consultation has settled and nobody has answered:
 * the approving option once every nation concurred, the rejecting one once the consensus broke
 * down. Marked `joint` with the seats that concurred in the last round.
 */
export function settledAnswers(
  game: JointGame & { readonly events: number },
  pending: readonly PendingPoint[],
  picture: (side: Side) => Knowledge,
  wall: () => string,
): AnswerEntry[] {
  return pending.filter(isJoint).flatMap((point) => {
    const state = jointState(game, point);
    if (!state.settled) return [];
    const approving = point.options.includes('approve') ? 'approve' : point.options[0]!;
    const rejecting = point.options.find((o) => o !== approving) ?? approving;
    const last = state.history.at(-1)!;
    const words = state.positions
      .filter((p) => p.rationale)
      .map((p) => `${p.seat}: ${p.rationale}`);
    const rationale =
      state.settled === 'brokeDown'
        ? `the consensus broke down after objections in ${last.round} rounds in a row (${last.seat}: ${last.rationale ?? ''})`
        : words.join('; ');
    const entry: AnswerEntry = {
      kind: 'answer',
      seat: ALLIANCE,
      point: point.id,
      answer: state.settled === 'concurred' ? approving : rejecting,
      time: game.now,
      after: game.events,
      askedAt: point.time,
      shownWall: point.shownWall,
      ...(rationale ? { rationale } : {}),
      ...policyOf(game.model, picture, point),
      joint: state.positions.filter((p) => p.position === 'concur').map((p) => p.seat),
      wall: wall(),
    };
    return [entry];
  });
}

/** A joint point as a seat's page shows it. */
export interface JointView {
  /** The nations whose seats must concur. */
  readonly concurring: readonly string[];
  readonly round: number;
  /** Each concurring nation's position in this round so far (none: it has not taken one). */
  readonly positions: ReadonlyArray<{
    readonly seat: string;
    readonly position?: Position;
    readonly rationale?: string;
  }>;
  /** Earlier rounds' objections, with their rationale. */
  readonly objections: ReadonlyArray<{
    readonly round: number;
    readonly seat: string;
    readonly rationale: string;
  }>;
  readonly revisionUntil?: number;
  /** Whether the seat viewing it is a concurring nation's (else it is the control cell's). */
  readonly takesPositions: boolean;
  /** Whether the seat viewing it may take a position now. */
  readonly yourTurn: boolean;
  /** Where it stands, in words. */
  readonly status: string;
}

/** What `seat` sees of a joint point. */
export function jointView(game: JointGame, point: PendingPoint, seat: string): JointView {
  const state = jointState(game, point);
  const positions = state.concurring.map((n) => {
    const p = state.positions.find((x) => x.seat === n);
    return {
      seat: n as string,
      ...(p ? { position: p.position } : {}),
      ...(p?.rationale ? { rationale: p.rationale } : {}),
    };
  });
  const said = positions
    .map(
      (p) =>
        `${p.seat} ${p.position === 'concur' ? 'concurred' : (p.position ?? 'no position yet')}`,
    )
    .join(', ');
  return {
    concurring: state.concurring,
    round: state.round,
    positions,
    objections: state.history
      .filter((e) => e.position === 'object')
      .map((e) => ({ round: e.round, seat: e.seat, rationale: e.rationale ?? '' })),
    ...(state.revisionUntil !== undefined ? { revisionUntil: state.revisionUntil } : {}),
    takesPositions: state.concurring.some((n) => n === seat),
    yourTurn:
      state.revisionUntil === undefined &&
      state.concurring.some((n) => n === seat) &&
      !state.positions.some((p) => p.seat === seat),
    status:
      state.revisionUntil !== undefined
        ? `joint alliance decision, in revision until ${formatTime(state.revisionUntil)} (round ${state.round} starts then)`
        : `joint alliance decision, round ${state.round}: ${said}`,
  };
}
