/**
 * Messages between the seats of a live game: a message goes over a channel of the design
 * (`channels.ts`) and is delivered at the simulated time the design implies, drawn from the
 * model's samplers with a stream keyed on the game's seed and the message's number, so that a
 * replay recomputes the same time (and a log whose time differs was changed). The control cell's
 * message injects are messages too, delivered at once. What each seat has received and sent, and
 * when the clock must stop for the next delivery, are read from the game's log entries.
 */
import seedrandom from 'seedrandom';
import type { Model } from '../model/model.js';
import type { TraceEntry } from '../engine/trace.js';
import { InputError } from '../scenario/errors.js';
import { GameInputError } from './errors.js';
import type { GameEntry, MessageEntry } from './gameLog.js';
import { CONTROL } from './seats.js';
import {
  CONTROL_CHANNEL,
  DRAWS_PER_MESSAGE,
  allChannels,
  bodyStateOf,
  channelsBetween,
  deliveryTime,
  type Channel,
  type SeatSide,
} from './channels.js';

/** The longest message, in characters. */
const MESSAGE_TEXT_MAX = 4000;

/** A seat's message as it asks to send it: to a seat, `all` (the control cell only) or a comma list. */
export interface MessageInput {
  readonly to: string;
  /** A channel's id; absent, the first channel that reaches every recipient. */
  readonly channel?: string;
  readonly text: string;
}

/** What a message is composed against: the game as it stands when it is sent (or replayed). */
export interface MessageContext {
  readonly model: Model;
  readonly seed: number;
  /** The game's seats, the control cell's among them. */
  readonly seats: readonly string[];
  readonly sideOf: (seat: string) => SeatSide;
  readonly trace: readonly TraceEntry[];
  /** The log's entries before this message. */
  readonly entries: readonly GameEntry[];
  readonly now: number;
  readonly after: number;
}

/** The seats `to` names (a seat, `all` player seats, or a comma list); refuses an unknown seat. */
export function recipientsOf(to: string, seats: readonly string[], sender: string): string[] {
  const names =
    to.trim() === 'all'
      ? seats.filter((s) => s !== CONTROL && s !== sender)
      : [...new Set(to.split(',').map((s) => s.trim()))].filter(Boolean);
  if (names.length === 0) throw new GameInputError('expected a seat to send to', 'invalid');
  for (const name of names)
    if (!seats.includes(name))
      throw new GameInputError(`no seat "${name}" (seats: ${seats.join(', ')})`, 'invalid');
  return names;
}

/** The channel a message goes over: the one asked for, if it reaches every recipient, else the first that does. */
function channelOf(
  context: MessageContext,
  seat: string,
  to: readonly string[],
  id?: string,
): Channel {
  const { model, sideOf } = context;
  const from = seat === CONTROL ? 'control' : sideOf(seat);
  if (id !== undefined && !allChannels(model).some((c) => c.id === id))
    throw new GameInputError(
      `no channel "${id}" (channels: ${allChannels(model)
        .map((c) => c.id)
        .join(', ')})`,
      'invalid',
    );
  let common: Channel[] | undefined;
  for (const r of to) {
    const between = channelsBetween(model, from, r === CONTROL ? 'control' : sideOf(r));
    if (between.length === 0)
      throw new GameInputError(`no channel between ${seat} and ${r}`, 'invalid');
    common = (common ?? between).filter((c) => between.some((b) => b.id === c.id));
  }
  const chosen = id === undefined ? common?.[0] : common?.find((c) => c.id === id);
  if (!chosen)
    throw new GameInputError(
      id === undefined
        ? `no one channel reaches ${to.join(', ')} from ${seat}: send to each apart`
        : `channel "${id}" does not connect ${seat} with ${to.join(', ')}`,
      'invalid',
    );
  return chosen;
}

/** The control cell's last processing factor for `org` (organisation injects), 1 without one. */
function delayFactorOf(entries: readonly GameEntry[], org: string): number {
  let factor = 1;
  for (const e of entries)
    if (e.kind === 'inject' && e.inject.type === 'organisation' && e.inject.org === org)
      factor = e.inject.delayFactor ?? factor;
  return factor;
}

/** The number of the next message: one more than the messages logged before it. */
const nextNumber = (entries: readonly GameEntry[]) =>
  entries.filter((e) => e.kind === 'message').length + 1;

/** When message number `n` over `channel`, sent now by `seat`, is delivered. */
function deliverAtOf(context: MessageContext, seat: string, channel: Channel, n: number): number {
  const random = seedrandom.alea(`${context.seed}/message/${n}`);
  const draws = Array.from({ length: DRAWS_PER_MESSAGE }, () => random());
  const body = channel.body
    ? bodyStateOf(
        context.model,
        channel.body,
        context.trace,
        delayFactorOf(context.entries, channel.body),
      )
    : { manned: true, delayFactor: 1 };
  const from = seat === CONTROL ? 'control' : context.sideOf(seat);
  return deliveryTime(context.model, channel, from, context.now, body, draws);
}

/**
 * A message from `seat` checked and timed: refused with a {@link GameInputError} when a recipient
 * is no seat, no channel joins them, the channel is unknown, or the text is empty or too long.
 */
export function composeMessage(
  context: MessageContext,
  seat: string,
  input: MessageInput,
  wall: string,
): MessageEntry {
  const text = input.text.trim();
  if (text === '') throw new GameInputError('expected the text of the message', 'invalid');
  if (text.length > MESSAGE_TEXT_MAX)
    throw new GameInputError(
      `a message holds at most ${MESSAGE_TEXT_MAX} characters, not ${text.length}`,
      'invalid',
    );
  if (seat !== CONTROL && input.to.trim() === 'all')
    throw new GameInputError('only the control cell sends to all seats', 'notYours');
  const to = recipientsOf(input.to, context.seats, seat);
  if (to.includes(seat)) throw new GameInputError('a seat does not send to itself', 'invalid');
  const channel = channelOf(context, seat, to, input.channel);
  const n = nextNumber(context.entries);
  return {
    kind: 'message',
    seat,
    to,
    channel: channel.id,
    text,
    time: context.now,
    after: context.after,
    deliverAt: deliverAtOf(context, seat, channel, n),
    n,
    wall,
  };
}

/**
 * Checks a replayed message against the game as it stood when it was sent: its number and its
 * delivery time must be the ones the design implies; else an {@link InputError} naming the log's
 * line.
 */
export function checkLoggedMessage(
  context: MessageContext,
  entry: MessageEntry,
  file: string,
  line: number,
): void {
  const fail = (message: string) => {
    throw new InputError([{ file, path: `line ${line}`, message }]);
  };
  const n = nextNumber(context.entries);
  if (entry.n !== undefined && entry.n !== n)
    fail(`message number ${entry.n}, but it is message ${n} of the log (the log was changed)`);
  let channel: Channel;
  try {
    channel = channelOf(context, entry.seat, entry.to, entry.channel);
  } catch (error) {
    if (!(error instanceof GameInputError)) throw error;
    return fail(`does not replay: ${error.message} (the log was changed)`);
  }
  const deliverAt = deliverAtOf(context, entry.seat, channel, n);
  if (deliverAt !== entry.deliverAt)
    fail(
      `deliverAt ${entry.deliverAt} differs from ${deliverAt}, the time the design implies (the log was changed, or the model is not the one the game was played on)`,
    );
}

/** Every message of the log, the control cell's message injects among them, in the order sent. */
export function messagesOf(
  entries: readonly GameEntry[],
  seats: readonly string[],
): MessageEntry[] {
  return entries.flatMap((e): MessageEntry[] => {
    if (e.kind === 'message') return [e];
    if (e.kind !== 'inject' || e.inject.type !== 'message') return [];
    let to: string[];
    try {
      to = recipientsOf(e.inject.to, seats, e.seat);
    } catch {
      // an old log's inject to a seat the game no longer has reaches no one
      return [];
    }
    return [
      {
        kind: 'message',
        seat: e.seat,
        to,
        channel: CONTROL_CHANNEL,
        text: e.inject.text,
        time: e.time,
        after: e.after,
        deliverAt: e.time,
        wall: e.wall,
      },
    ];
  });
}

/** The next delivery after `now`, if a message is in transit. */
export function nextDelivery(entries: readonly GameEntry[], now: number): number | undefined {
  let next: number | undefined;
  for (const e of entries)
    if (e.kind === 'message' && e.deliverAt > now && (next === undefined || e.deliverAt < next))
      next = e.deliverAt;
  return next;
}

/** A clock's target stopped at the next stop (a delivery, a revision's end), so that no page misses it. */
export function stopAt<T extends { until: number }>(
  target: T | undefined,
  next: number | undefined,
): T | undefined {
  return target && next !== undefined && next < target.until ? { ...target, until: next } : target;
}
