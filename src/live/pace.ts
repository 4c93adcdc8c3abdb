/**
 * The clock of a live game when it runs by itself: a ratio of simulated to real time while nobody
 * must answer, and another (possibly zero) while a person must, so that the time people take to
 * decide counts into simulated time at a chosen rate, or not at all. The game moves its clock
 * on each tick; {@link startPacer} ticks it from a real clock the caller supplies.
 */
import type { Pace } from './gameLog.js';

/** A new game's pace: paused; a real minute is a simulated hour, whether or not someone is thinking. */
export const DEFAULT_PACE: Pace = { running: false, ratio: 60, thinking: 60 };

/** The longest real time one tick counts (a tick delayed by a busy server does not jump the clock). */
const MAX_TICK_SECONDS = 10;

/**
 * Where a clock at `pace` goes in `seconds` of real time from `now` (simulated minutes), and
 * whether it stops early at a point a person must answer (it does while nobody thinks, so the
 * pace changes there); undefined when it does not move.
 */
export function paceTarget(
  pace: Pace,
  someoneThinking: boolean,
  now: number,
  seconds: number,
): { until: number; stopAtPoints: boolean } | undefined {
  const rate = someoneThinking ? pace.thinking : pace.ratio;
  // in turn mode the clock runs only when the control cell ends a turn
  if (!pace.running || pace.turn || rate <= 0 || seconds <= 0) return undefined;
  return {
    until: now + (rate * Math.min(seconds, MAX_TICK_SECONDS)) / 60,
    stopAtPoints: !someoneThinking,
  };
}

/** A turn of a game in turn mode: its number (from 1) and the simulated minutes it starts and ends at. */
export interface Turn {
  readonly number: number;
  readonly start: number;
  readonly end: number;
}

/** The turn the clock is in at `now` (simulated minutes); undefined when the game is not in turn mode. */
export function currentTurn(pace: Pace, now: number): Turn | undefined {
  if (!pace.turn) return undefined;
  const { length, from } = pace.turn;
  // a clock stopped at a turn's end by floating-point sums is at the next turn's start
  const done = Math.max(0, Math.floor((now - from) / length + 1e-9));
  return { number: done + 1, start: from + done * length, end: from + (done + 1) * length };
}

/** Pace in words, for the boards. */
export function describePace(pace: Pace): string {
  const rate = (r: number) =>
    r >= 60
      ? `a real minute is ${+(r / 60).toFixed(2)} simulated hours`
      : `a real minute is ${+r.toFixed(2)} simulated minutes`;
  const thinking =
    pace.thinking === 0
      ? 'the clock stops while people think'
      : pace.thinking === pace.ratio
        ? 'thinking time counts the same'
        : `while people think, ${rate(pace.thinking)}`;
  if (pace.turn)
    return `in turns of ${+(pace.turn.length / 60).toFixed(2)} simulated hours, each ended by the control cell`;
  return `${pace.running ? 'running' : 'paused'}: ${rate(pace.ratio)}; ${thinking}`;
}

export interface PacerOptions {
  /** Real milliseconds between ticks (default 1000). */
  readonly everyMs?: number;
  /** A real clock in milliseconds (for example `performance.now`). */
  readonly now: () => number;
  /** Told of an error a tick threw; the pacer goes on. */
  readonly onError?: (error: unknown) => void;
}

/** Ticks `game` with the real seconds elapsed since the last tick; returns a function that stops it. */
export function startPacer(
  game: { tick(seconds: number): void },
  options: PacerOptions,
): () => void {
  let last = options.now();
  const timer = setInterval(() => {
    const now = options.now();
    const seconds = (now - last) / 1000;
    last = now;
    try {
      game.tick(seconds);
    } catch (error) {
      options.onError?.(error);
    }
  }, options.everyMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
