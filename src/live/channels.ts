/**
 * The channels over which a live game's seats talk, derived from the design under test, and how
 * long one message takes over each. Between the Japanese and U.S. seats the channels are the
 * design's coordination bodies: each consultation rule's body, from the Japanese concurring
 * organisation through the body to the U.S. one (the first rule naming a body gives its ends), and
 * under an integrated design its command (between the command's guidance offices). Seats of one
 * side talk over the scenario's within-side link. The adversary has no channel to the alliance;
 * the control cell reaches anyone at once and anyone reaches it at once.
 *
 * A message over a body takes the link from its sender's end to the body, the body's processing
 * (with its exchange officers and any factor the control cell set by an organisation inject, and
 * settled at the body's next meeting when that comes sooner, as the engine does), and the link on
 * to the other end. A body not manned in peacetime that has not finished standing up in the run
 * adds its stand-up: from when the run began standing it up, if it did (read from the trace's
 * `standUp` steps), else from when the message reaches it. That stand-up time is the message's
 * own draw from the scenario's sampler: the engine's draw is not exposed, so the body may be
 * manned in the run earlier or later than the message assumes. Messages change nothing in the
 * run: they do not stand a body up, and they do not queue behind the body's capacity or the
 * decisions it is working on (a message is a call, not a staffed item).
 */
import type { Model } from '../model/model.js';
import type { TraceEntry } from '../engine/trace.js';
import { toSampler, type Sampler } from '../math/distributions.js';
import { NATIONS, type Nation, type Side } from '../scenario/primitives.js';

/** The id of the control cell's channel: at once, to or from the control cell. */
export const CONTROL_CHANNEL = 'control';

/** How a seat's side reads for channels: a side, the adversary, or the control cell. */
export type SeatSide = Side | 'adversary' | 'control';

/** A channel between seats (see the module comment). */
export interface Channel {
  /** The body's organisation id, `within:<side>`, or {@link CONTROL_CHANNEL}. */
  readonly id: string;
  readonly kind: 'consultation' | 'command' | 'within' | 'control';
  /** In words: the body's label. */
  readonly label: string;
  /** The coordination body a message passes through. */
  readonly body?: string;
  /** Each nation's organisation at the channel's ends. */
  readonly ends?: Readonly<Record<Nation, string>>;
}

const SIDE_WORDS: Readonly<Record<string, string>> = {
  japan: 'Japan',
  unitedStates: 'the United States',
  alliance: 'the alliance',
  adversary: 'the adversary',
};

const controlChannel: Channel = {
  id: CONTROL_CHANNEL,
  kind: 'control',
  label: 'Control cell (at once)',
};

/** The channel of seats of one side: the scenario's within-side link. */
function withinChannel(side: SeatSide): Channel {
  return {
    id: `within:${side}`,
    kind: 'within',
    label: `Within ${SIDE_WORDS[side] ?? side}: the national staff lines`,
  };
}

/** The channels between the Japanese and U.S. seats: the design's coordination bodies, then its command. */
export function allianceChannels(model: Model): Channel[] {
  const channels = new Map<string, Channel>();
  const label = (org: string) => model.organisations.get(org)?.label ?? org;
  for (const rule of model.mechanism.consultation) {
    const japan = rule.concur.find((c) => c.nation === 'japan')?.org;
    const unitedStates = rule.concur.find((c) => c.nation === 'unitedStates')?.org;
    if (!japan || !unitedStates || channels.has(rule.via)) continue;
    channels.set(rule.via, {
      id: rule.via,
      kind: 'consultation',
      label: label(rule.via),
      body: rule.via,
      ends: { japan, unitedStates },
    });
  }
  const integration = model.mechanism.integration;
  const first = [...channels.values()][0];
  const ends = integration?.costs?.guidance ?? first?.ends;
  if (integration && ends && !channels.has(integration.commandedBy))
    channels.set(integration.commandedBy, {
      id: integration.commandedBy,
      kind: 'command',
      label: label(integration.commandedBy),
      body: integration.commandedBy,
      ends: { japan: ends.japan, unitedStates: ends.unitedStates },
    });
  return [...channels.values()];
}

/** Every channel of a game of `model`, the control cell's first. */
export function allChannels(model: Model): Channel[] {
  return [
    controlChannel,
    ...allianceChannels(model),
    ...[...NATIONS, 'alliance' as const, 'adversary' as const].map(withinChannel),
  ];
}

/** The channels between a seat of side `from` and one of side `to` (none: they cannot talk). */
export function channelsBetween(model: Model, from: SeatSide, to: SeatSide): Channel[] {
  if (from === 'control' || to === 'control') return [controlChannel];
  if (from === to) return [withinChannel(from)];
  const nations = new Set<SeatSide>(NATIONS);
  if (nations.has(from) && nations.has(to)) return allianceChannels(model);
  return [];
}

/** Where a body stands in the run: manned, or when its stand-up began (if it has). */
export interface BodyState {
  readonly manned: boolean;
  readonly standUpBegan?: number;
  /** The control cell's factor on its processing (organisation injects); 1 without one. */
  readonly delayFactor: number;
}

/** A body's state as the run's trace shows it (a body without a stand-up is always manned). */
export function bodyStateOf(
  model: Model,
  body: string,
  trace: readonly TraceEntry[],
  delayFactor: number,
): BodyState {
  if (!model.organisations.get(body)?.standUp) return { manned: true, delayFactor };
  const steps = trace.filter((e) => e.kind === 'step' && e.actor === body && e.event === 'standUp');
  const began = steps.find((e) => e.to === 'started')?.t;
  return {
    manned: steps.some((e) => e.to === 'done'),
    ...(began === undefined ? {} : { standUpBegan: began }),
    delayFactor,
  };
}

/**
 * The uniform numbers one message draws, in this order whatever the channel, so that each has a
 * fixed place: link in, processing, meeting, link out, stand-up.
 */
export const DRAWS_PER_MESSAGE = 5;

/**
 * When a message sent at `now` (simulated minutes) from `from`'s end of `channel` arrives at the
 * other end, given the body's state and `draws` ({@link DRAWS_PER_MESSAGE} uniform numbers).
 */
export function deliveryTime(
  model: Model,
  channel: Channel,
  from: SeatSide,
  now: number,
  body: BodyState,
  draws: readonly number[],
): number {
  const [uIn, uProcess, uMeet, uOut, uStand] = draws as [number, number, number, number, number];
  if (channel.kind === 'control') return now;
  if (channel.kind === 'within') return now + withinLink(model)(uIn);
  const org = model.organisations.get(channel.body!)!;
  const sender = from === 'unitedStates' ? 'unitedStates' : 'japan';
  const receiver = sender === 'japan' ? 'unitedStates' : 'japan';
  const arrives = now + model.link(channel.ends![sender], channel.body!)(uIn);
  const began = body.standUpBegan ?? arrives;
  const ready =
    body.manned || !org.standUp ? arrives : Math.max(arrives, began + org.standUp.time(uStand));
  let processing = org.processing(uProcess) * org.officerFactor * body.delayFactor;
  if (org.meets) {
    const nextMeeting = (Math.floor(ready / org.meets.every) + 1) * org.meets.every;
    processing = Math.min(processing, nextMeeting - ready + org.meets.processing(uMeet));
  }
  return ready + processing + model.link(channel.body!, channel.ends![receiver])(uOut);
}

const withinLinks = new WeakMap<Model, Sampler>();

/** The scenario's within-side link, compiled once per model. */
function withinLink(model: Model): Sampler {
  let s = withinLinks.get(model);
  if (!s) withinLinks.set(model, (s = toSampler(model.scenario.links.withinSide)));
  return s;
}

/** Simulated minutes in words: `45 min`, `6 h 20 min`, `1 d 2 h`. */
function minutesInWords(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const rest = m % 60;
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', rest && !days ? `${rest} min` : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * A channel's latency in plain words, from the medians of its samplers (the links', the body's
 * processing), and the median stand-up of a body not manned in peacetime.
 */
export function describeLatency(model: Model, channel: Channel): string {
  if (channel.kind === 'control') return 'at once';
  if (channel.kind === 'within') return `typically ${minutesInWords(withinLink(model)(0.5))}`;
  const org = model.organisations.get(channel.body!)!;
  const { japan, unitedStates } = channel.ends!;
  const median =
    model.link(japan, channel.body!)(0.5) +
    org.processing(0.5) * org.officerFactor +
    model.link(channel.body!, unitedStates)(0.5);
  const standUp = org.standUp
    ? `, plus about ${minutesInWords(org.standUp.time(0.5))} to stand the body up if it is not manned yet`
    : '';
  return `typically ${minutesInWords(median)} (links and the body's work, medians)${standUp}`;
}
