/**
 * The clock on the facilitator's pages: a line for every page (the turn in turn mode, progress
 * toward the horizon), and the control cell's clock forms: run to the next human decision or by
 * hours, the pace in simulated hours per real minute, and turn mode (a fixed simulated step per
 * turn that the control cell ends).
 */
import type { ClockView } from '../live/clockView.js';
import type { ControlView } from '../live/views.js';
import { escape } from '../report/html.js';
import { hoursPerMinuteOfRatio } from './clockForms.js';
import { ENTER_INERT, INERT_DEFAULT_BUTTON, clock as clockText, keep } from './pageParts.js';

/** A number for a form's field, without float noise. */
const field = (n: number) => String(+n.toFixed(4));

/** The line every page shows: the turn (in turn mode) and how far the game is toward its horizon. */
export function clockStatus(view: {
  readonly clock: ClockView;
  readonly finished: boolean;
}): string {
  const { clock } = view;
  const turn = clock.turn
    ? `<strong data-testid="turn">Turn ${clock.turn.number}</strong> (ends ${clockText(clock.turn.end)}) · `
    : '';
  const percent = view.finished ? 100 : clock.progress;
  return `<p data-testid="progress">${turn}<progress max="100" value="${percent.toFixed(1)}" aria-label="progress toward the horizon"></progress> ${percent.toFixed(0)}% of ${clockText(clock.horizon)}</p>`;
}

/** The control cell's clock forms (nothing once the game has ended). */
export function clockPanel(view: ControlView, token: string): string {
  if (view.finished)
    return `<p data-testid="ended">The game has ended${view.ended ? ' (ended by the control cell)' : ''}.</p>`;
  const hidden = `<input type="hidden" name="token" value="${escape(token)}">`;
  // Enter in a field runs nothing: only a click runs the clock or changes its pace
  const form = (action: string, body: string) =>
    `<form hx-post="${action}" hx-target="#board" ${ENTER_INERT}>${INERT_DEFAULT_BUTTON}${hidden}${body}</form>`;
  const turn = view.clock.turn;
  // in turn mode only the end of a turn runs it, so that every turn is the same step
  const run = turn
    ? []
    : [
        form(
          '/control/advance',
          '<button type="submit" name="to" value="next">Run to the next human decision</button>',
        ),
        form(
          '/control/advance',
          `<label>or by hours <input name="hours" type="number" min="0.1" step="0.1" value="6" ${keep('hours')}></label> <button type="submit" name="to" value="hours">Run</button>`,
        ),
      ];
  const turns = turn
    ? form(
        '/control/turns',
        `<button type="submit" name="action" value="end" data-testid="end-turn">End turn ${turn.number}</button> (runs the clock to ${clockText(turn.end)}; pending decisions stay pending)
<button type="submit" name="action" value="continuous">Leave turn mode</button>`,
      )
    : form(
        '/control/turns',
        `<input type="hidden" name="action" value="turns"><label>Play in turns of <input name="turnHours" type="number" min="0.1" step="any" value="6" ${keep('turn-hours')}> simulated hours</label> <button type="submit">Play in turns</button>`,
      );
  const pace = turn
    ? ''
    : form(
        '/control/clock',
        `<label>Pace: simulated hours per real minute <input name="hoursPerMinute" type="number" min="0.001" step="any" value="${field(hoursPerMinuteOfRatio(view.pace.ratio))}" ${keep('hours-per-minute', String(view.pace.ratio))}></label>
<label>while people think <input name="thinkingHoursPerMinute" type="number" min="0" step="any" value="${field(hoursPerMinuteOfRatio(view.pace.thinking))}" ${keep('thinking-hours-per-minute', String(view.pace.thinking))}> (0 stops the clock)</label>
<button type="submit" name="action" value="run">${view.pace.running ? 'Set pace' : 'Start the clock'}</button>${view.pace.running ? ' <button type="submit" name="action" value="pause">Pause</button>' : ''}`,
      );
  return [...run, pace, turns].filter(Boolean).join('\n');
}
