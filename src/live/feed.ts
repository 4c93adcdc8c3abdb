/**
 * What the control cell sees happen: every logged input (answers, notes, messages, injects,
 * handovers, pace changes, clock runs, the end) in words, with its real (wall-clock) and simulated
 * time and the seat by name, newest first; the entries since the control cell's last own input
 * ("since the last click") are marked. And how long each seat has been thinking: since when its
 * oldest pending point has been shown, and the simulated time it has waited. All of it comes from
 * the game's log and its pending points, so a resumed game shows the same feed.
 */
import { CONTROL } from './seats.js';
import type { Model } from '../model/model.js';
import { formatTime } from '../report/timeline.js';
import { factLabel, orgLabel, rungLabel, seatName } from './names.js';
import type { GameEntry, Inject } from './gameLog.js';
import type { LiveGame } from './game.js';
import { describePace } from './pace.js';

/** One input in the control cell's feed. */
export interface FeedEntry {
  /** Its position in the log (1 for the first input after the settings). */
  readonly seq: number;
  readonly kind: string;
  /** Wall-clock time it was logged at. */
  readonly wall: string;
  /** Simulated minutes at which it took effect. */
  readonly time: number;
  /** The seat that gave it, by name. */
  readonly seat: string;
  /** What happened, in words. */
  readonly text: string;
  /** Logged after the control cell's last own input (other than the running clock's own stops). */
  readonly fresh: boolean;
}

/** How long a seat has been thinking: its pending points and since when the oldest has waited. */
export interface SeatThinking {
  readonly seat: string;
  readonly name: string;
  /** Points waiting for the seat. */
  readonly points: number;
  /** Wall-clock time the oldest of them was first shown (the server adds how long ago). */
  readonly shownWall: string;
  /** Simulated minutes since the oldest was asked. */
  readonly waited: number;
}

/** Simulated minutes as T+hh:mm (days past 24 h). */
const clock = formatTime;

/** An inject in words, with names from `model`. */
function injectText(inject: Inject, model: Model): string {
  const fact = (id: string) => factLabel(model, id);
  const org = (id: string) => orgLabel(model, id);
  const label = (id: string) => rungLabel(model, id);
  switch (inject.type) {
    case 'fact':
      return `made known to ${inject.side === 'all' ? 'every side' : seatName(inject.side)}: ${fact(inject.fact)}`;
    case 'message':
      return `sent ${seatName(inject.to)} a message: “${inject.text}”`;
    case 'move':
      return `moved the adversary to ${label(inject.to)}`;
    case 'organisation':
      return `changed ${org(inject.org)}:${inject.capacity === undefined ? '' : ` capacity ${inject.capacity}`}${inject.delayFactor === undefined ? '' : ` processing time ×${inject.delayFactor}`}`;
  }
}

/** One logged input in words (without the seat, which the feed shows beside it). */
function entryText(game: LiveGame, e: GameEntry): string {
  const decision = (point: string) => {
    const id = point.replace(/#.*$/, '');
    return game.model.decisionsById.get(id.replace(/\.diet$/, ''))?.label ?? id;
  };
  switch (e.kind) {
    case 'answer':
      return `answered ${e.answer} to ${decision(e.point)}${e.via === 'api' ? ' through the API' : ''}${e.rationale ? `: “${e.rationale}”` : ''}`;
    case 'note':
      return `noted: “${e.text}”`;
    case 'clock':
      return e.time >= game.model.horizon
        ? `the clock reached the horizon (${clock(e.time)}): the game is over`
        : `the clock stopped at ${clock(e.time)}`;
    case 'pace':
      return `set the clock ${describePace(e.pace)}`;
    case 'inject':
      return injectText(e.inject, game.model);
    case 'handover':
      return `handed ${seatName(e.to)} to the engine's policy`;
    case 'end':
      return 'ended the game';
    default: {
      // an input of a kind this feed does not know by name still shows what it was, to whom, and its text
      const other = e as { kind: string; to?: unknown; text?: unknown };
      const to = typeof other.to === 'string' ? ` to ${seatName(other.to)}` : '';
      const text = typeof other.text === 'string' ? `: “${other.text}”` : '';
      return `${other.kind}${to}${text}`;
    }
  }
}

/**
 * The position in the log of the control cell's last own input; the clock's stops while it runs
 * by itself are the clock's, not a click.
 */
function lastClick(entries: readonly GameEntry[]): number {
  let running = false;
  let last = 0;
  entries.forEach((e, i) => {
    if (e.kind === 'pace') running = e.pace.running;
    if (e.seat === CONTROL && !(e.kind === 'clock' && running)) last = i + 1;
  });
  return last;
}

/**
 * The control cell's feed, newest first. `since` (a position in the log) marks what came after it
 * as fresh; by default, what came after the control cell's last own input.
 */
export function feedOf(game: LiveGame, since = lastClick(game.entries)): FeedEntry[] {
  return game.entries
    .map((e, i) => ({
      seq: i + 1,
      kind: e.kind,
      wall: e.wall,
      time: e.time,
      seat: seatName(e.seat),
      text: entryText(game, e),
      fresh: i + 1 > since,
    }))
    .reverse();
}

/** Each seat with points waiting for it: how many, and since when the oldest has waited (in the seats' order). */
export function thinkingOf(game: LiveGame): SeatThinking[] {
  const pending = game.pending();
  return game.plan.seats.flatMap((seat) => {
    const mine = pending.filter((p) => p.seat === seat);
    if (mine.length === 0) return [];
    const oldest = mine.reduce((a, b) =>
      Date.parse(b.shownWall) < Date.parse(a.shownWall) ? b : a,
    );
    const askedAt = Math.min(...mine.map((p) => p.time));
    return [
      {
        seat,
        name: seatName(seat),
        points: mine.length,
        shownWall: oldest.shownWall,
        waited: game.now - askedAt,
      },
    ];
  });
}
