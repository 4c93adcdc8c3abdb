/**
 * The control cell's clock forms as the game takes them: a pace given in simulated hours per real
 * minute (the log keeps simulated seconds per real second: 60 is an hour a minute), and turn mode
 * with its turn length in simulated hours. Blank fields keep the current value.
 */
import { z } from 'zod';
import type { Pace } from '../live/gameLog.js';

const Token = z.string().min(1).max(200);
const NumberText = z.string().max(20).optional();

/** The pace form: run or pause, at simulated hours per real minute (and while people think). */
export const ClockForm = z.strictObject({
  token: Token,
  action: z.enum(['run', 'pause']),
  hoursPerMinute: NumberText,
  thinkingHoursPerMinute: NumberText,
});

/** The turns form: play in turns of `turnHours`, leave turn mode, or end the current turn. */
export const TurnsForm = z.strictObject({
  token: Token,
  /** Play in turns, go back to a clock that runs by itself (paused), or end the current turn. */
  action: z.enum(['turns', 'continuous', 'end']),
  turnHours: NumberText,
});

/** Simulated seconds per real second of a pace of `hours` simulated hours per real minute. */
export const ratioOfHoursPerMinute = (hours: number): number => hours * 60;

/** Simulated hours per real minute of a pace of `ratio` simulated seconds per real second. */
export const hoursPerMinuteOfRatio = (ratio: number): number => ratio / 60;

/** A number typed in a form; blank is absent, anything else not a number is NaN (refused later). */
const numberOf = (text?: string): number | undefined =>
  text === undefined || text.trim() === '' ? undefined : Number(text);

/** The pace a clock form asks for (checked by the log's schema afterwards); it leaves turn mode. */
export function paceOfClockForm(form: z.output<typeof ClockForm>, current: Pace): unknown {
  const hours = numberOf(form.hoursPerMinute);
  const thinking = numberOf(form.thinkingHoursPerMinute);
  return {
    running: form.action === 'run',
    ratio: hours === undefined ? current.ratio : ratioOfHoursPerMinute(hours),
    thinking: thinking === undefined ? current.thinking : ratioOfHoursPerMinute(thinking),
  };
}

/**
 * The pace a turns form asks for: turns of `turnHours` simulated hours counted from `now`, or the
 * clock back out of turn mode, paused.
 */
export function paceOfTurnsForm(
  form: z.output<typeof TurnsForm>,
  current: Pace,
  now: number,
): unknown {
  const { turn: _, ...rest } = current;
  if (form.action === 'continuous') return { ...rest, running: false };
  const hours = numberOf(form.turnHours) ?? 6;
  return { ...rest, running: false, turn: { length: hours * 60, from: now } };
}
