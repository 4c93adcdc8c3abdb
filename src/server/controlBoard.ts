/**
 * The control cell's board, in sections in this order: where the game stands (the truth), the
 * clock, injects, every seat's pending decisions, what each side knows, its own answers, and a
 * note for the record. A panel joins the board as one more line of {@link controlBoard}'s list.
 * Every field keeps what the control cell typed or chose across refreshes (`pageParts.ts`), and
 * Enter in the clock's forms runs nothing.
 */
import type { ControlView } from '../live/views.js';
import { seatName } from '../live/names.js';
import { escape } from '../report/html.js';
import { pendingForm } from './decisionForm.js';
import {
  ENTER_INERT,
  INERT_DEFAULT_BUTTON,
  clock,
  errorLine,
  keep,
  noteForm,
  section,
} from './pageParts.js';
import { boardState } from './sideBoard.js';

/** A form of the control cell posting to `action`, its fields in `body`. */
function controlForm(token: string, action: string, body: string, inert = false): string {
  return `<form hx-post="${action}" hx-target="#board"${inert ? ` ${ENTER_INERT}` : ''}>${inert ? INERT_DEFAULT_BUTTON : ''}<input type="hidden" name="token" value="${escape(token)}">${body}</form>`;
}

function standing(view: ControlView): string {
  return `<p>Game time <strong data-testid="time">${clock(view.time)}</strong>${view.finished ? ' (ended)' : ''}; version ${view.version}. True rung: <strong data-testid="true-rung">${escape(view.trueRung.id)}, ${escape(view.trueRung.label)}</strong></p>
<p data-testid="pace">Clock ${escape(view.paceText)}</p>`;
}

/** Running the clock by hand and setting its pace; Enter in their fields runs nothing. */
function clockForms(view: ControlView, token: string): string {
  if (view.finished)
    return `<p data-testid="ended">The game has ended${view.ended ? ' (ended by the control cell)' : ''}.</p>`;
  const { pace } = view;
  return [
    controlForm(
      token,
      '/control/advance',
      `<button type="submit" name="to" value="next">Run to the next human decision</button>
<label>or by hours <input name="hours" type="number" min="0.1" step="0.1" value="6" ${keep('hours')}></label><button type="submit" name="to" value="hours">Run</button>`,
      true,
    ),
    controlForm(
      token,
      '/control/pace',
      `<label>Pace: simulated seconds per real second <input name="ratio" type="number" min="0.1" step="any" value="${pace.ratio}" ${keep('ratio', String(pace.ratio))}></label>
<label>while people think <input name="thinking" type="number" min="0" step="any" value="${pace.thinking}" ${keep('thinking', String(pace.thinking))}> (0 stops the clock)</label>
<button type="submit" name="action" value="run">${pace.running ? 'Set pace' : 'Start the clock'}</button>${pace.running ? ' <button type="submit" name="action" value="pause">Pause</button>' : ''}`,
      true,
    ),
  ].join('\n');
}

/** Injects (a move, an organisation change, a message, a fact), a handover, and the game's end. */
function injectForms(view: ControlView, token: string): string {
  if (view.finished) return '';
  const moves = view.moves
    .map((r) => `<option value="${escape(r.id)}">${escape(r.id)}, ${escape(r.label)}</option>`)
    .join('');
  const orgs = view.organisationNames
    .map((o) => `<option value="${escape(o.id)}">${escape(o.label)}</option>`)
    .join('');
  const sides = ['all', 'japan', 'unitedStates', 'alliance']
    .map((s) => `<option value="${s}">${s === 'all' ? 'every side' : seatName(s)}</option>`)
    .join('');
  return [
    controlForm(
      token,
      '/control/inject',
      `<input type="hidden" name="type" value="move">
<label>Adversary moves to <select name="to" ${keep('move-to', moves)}>${moves}</select></label> <button type="submit">Move</button>`,
    ),
    controlForm(
      token,
      '/control/inject',
      `<input type="hidden" name="type" value="organisation">
<label>Organisation <select name="org" ${keep('org', orgs)}>${orgs}</select></label>
<label>capacity <input name="capacity" type="number" min="1" step="1" ${keep('capacity')}></label> <label>processing time × <input name="delayFactor" type="number" min="0.05" step="any" ${keep('delay-factor')}></label> <button type="submit">Change</button>`,
    ),
    controlForm(
      token,
      '/control/inject',
      `<input type="hidden" name="type" value="message">
<label>Message to <input name="to" placeholder="japan" ${keep('message-to')}></label> <input name="text" placeholder="text" data-clear ${keep('message')}> <button type="submit">Send</button>`,
    ),
    controlForm(
      token,
      '/control/inject',
      `<input type="hidden" name="type" value="fact">
<label>Make a fact known <input name="fact" placeholder="submergedSubmarine" ${keep('fact')}></label> <label>to <select name="side" ${keep('fact-side', sides)}>${sides}</select></label> <button type="submit">Inject</button>`,
    ),
    controlForm(
      token,
      '/control/handover',
      `<label>Hand a seat to the engine's policy <input name="seat" placeholder="japan" ${keep('handover')}></label> <button type="submit">Hand over</button>`,
    ),
    `<form hx-post="/control/end" hx-target="#board" hx-confirm="End the game now, before its horizon?"><input type="hidden" name="token" value="${escape(token)}"><button type="submit">End the game</button></form>`,
  ].join('\n');
}

function pendingEverySeat(view: ControlView, token: string): string {
  const forms = view.pending.map(
    (p) =>
      `<div data-seat="${escape(p.seat)}"><p>For ${escape(seatName(p.seat))}:</p>${pendingForm(p, token, view.version)}</div>`,
  );
  return section('pending', 'Pending, every seat', forms.join('\n') || '<p>Nothing pending.</p>');
}

function sidesKnow(view: ControlView): string {
  return view.sides
    .map((s) => {
      const inForce = s.inForce.map((d) => escape(d.label)).join('; ') || 'nothing';
      const rung = s.rung ? `${escape(s.rung.id)}, ${escape(s.rung.label)}` : 'no report yet';
      return `<h2>${escape(seatName(s.side))} knows</h2><p>${rung}. In force: ${inForce}. Legal posture: ${escape(s.legal)}.</p>`;
    })
    .join('\n');
}

/** The control cell's board. */
export function controlBoard(view: ControlView, token: string, error?: string): string {
  return [
    errorLine(error),
    boardState(view.pending, 0),
    standing(view),
    clockForms(view, token),
    injectForms(view, token),
    pendingEverySeat(view, token),
    sidesKnow(view),
    noteForm(token),
  ].join('\n');
}
