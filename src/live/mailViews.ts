/**
 * What a seat sees of the game's messages: its channels (in words, with their typical latency),
 * the seats it can write to and over which channels, the messages delivered to it, and the ones
 * it sent, in transit until the clock reaches their delivery. The control cell sees every message
 * with its status, and writes to anyone at once.
 */
import { seatName } from './names.js';
import type { LiveGame } from './game.js';
import type { MessageEntry } from './gameLog.js';
import { CONTROL } from './seats.js';
import {
  CONTROL_CHANNEL,
  allChannels,
  channelsBetween,
  describeLatency,
  type SeatSide,
} from './channels.js';

/** A message as a page shows it. */
export interface MessageView {
  readonly n?: number;
  readonly from: string;
  readonly fromLabel: string;
  readonly to: readonly string[];
  readonly toLabel: string;
  readonly channel: string;
  readonly channelLabel: string;
  readonly text: string;
  readonly sentAt: number;
  readonly deliverAt: number;
  /** `not delivered`: the game ended while it was in transit. */
  readonly status: 'in transit' | 'delivered' | 'not delivered';
}

/** A channel as a page shows it. */
interface ChannelView {
  readonly id: string;
  readonly label: string;
  /** Its typical delivery time, in words. */
  readonly latency: string;
}

/** A seat one can write to, with the channels that reach it. */
interface ContactView {
  /** A seat, or `all` (the control cell's broadcast). */
  readonly seat: string;
  readonly label: string;
  readonly channels: readonly string[];
}

/** A seat's messages and channels. */
export interface MailView {
  readonly channels: readonly ChannelView[];
  readonly contacts: readonly ContactView[];
  /** Delivered to the seat (the control cell: every message, whatever its status). */
  readonly received: readonly MessageView[];
  readonly sent: readonly MessageView[];
}

const NAMED_SEATS = new Set(['japan', 'unitedStates', 'adversary', 'alliance', CONTROL]);

/** A seat in words: a side's name, `all` seats, or a pattern seat with its side's name. */
function seatLabel(game: Pick<LiveGame, 'sideOf'>, seat: string): string {
  if (seat === 'all') return 'all seats';
  return NAMED_SEATS.has(seat) ? seatName(seat) : `${seat} (${seatName(game.sideOf(seat))})`;
}

const sideOfSeat = (game: LiveGame, seat: string): SeatSide =>
  seat === CONTROL ? 'control' : game.sideOf(seat);

/** A message as a page shows it, at the game's time now. */
function messageView(game: LiveGame, m: MessageEntry, labels: Map<string, string>): MessageView {
  return {
    ...(m.n === undefined ? {} : { n: m.n }),
    from: m.seat,
    fromLabel: seatLabel(game, m.seat),
    to: m.to,
    toLabel: m.to.map((s) => seatLabel(game, s)).join(', '),
    channel: m.channel,
    channelLabel: labels.get(m.channel) ?? m.channel,
    text: m.text,
    sentAt: m.time,
    deliverAt: m.deliverAt,
    status: m.deliverAt <= game.now ? 'delivered' : game.finished ? 'not delivered' : 'in transit',
  };
}

/** What `seat` sees of the game's messages now. */
export function mailOf(game: LiveGame, seat: string): MailView {
  const model = game.model;
  const labels = new Map(allChannels(model).map((c) => [c.id, c.label]));
  const from = sideOfSeat(game, seat);
  const contacts: ContactView[] = game.plan.seats
    .filter((s) => s !== seat)
    .map((s) => ({
      seat: s,
      label: seatLabel(game, s),
      channels: channelsBetween(model, from, sideOfSeat(game, s)).map((c) => c.id),
    }))
    .filter((c) => c.channels.length > 0);
  if (seat === CONTROL)
    contacts.unshift({ seat: 'all', label: seatLabel(game, 'all'), channels: [CONTROL_CHANNEL] });
  const used = new Set(contacts.flatMap((c) => c.channels));
  const channels = allChannels(model)
    .filter((c) => used.has(c.id))
    .map((c) => ({ id: c.id, label: c.label, latency: describeLatency(model, c) }));
  const messages = game.messages();
  const view = (m: MessageEntry) => messageView(game, m, labels);
  return {
    channels,
    contacts,
    received: (seat === CONTROL
      ? messages
      : messages.filter((m) => m.to.includes(seat) && m.deliverAt <= game.now)
    ).map(view),
    sent: messages.filter((m) => m.seat === seat).map(view),
  };
}
