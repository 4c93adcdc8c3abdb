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
import { messagesPanel } from './messagesPanel.js';
import { clockPanel, clockStatus } from './clockPanel.js';
import { schedulePanel } from './schedulePanel.js';
import { feedPanel } from './feedPanel.js';

/** A form of the control cell posting to `action`, its fields in `body`. */
function controlForm(token: string, action: string, body: string, inert = false): string {
  return `<form hx-post="${action}" hx-target="#board"${inert ? ` ${ENTER_INERT}` : ''}>${inert ? INERT_DEFAULT_BUTTON : ''}<input type="hidden" name="token" value="${escape(token)}">${body}</form>`;
}

function standing(view: ControlView, token: string): string {
  return `<p>Game time <strong data-testid="time">${clock(view.time)}</strong>${view.finished ? ' (ended)' : ''}; version ${view.version}. True rung: <strong data-testid="true-rung">${escape(view.trueRung.id)}, ${escape(view.trueRung.label)}</strong></p>
<p data-testid="pace">Clock ${escape(view.paceText)}</p>
${view.diskError ? `<p class="error" role="alert" data-testid="disk-error">${escape(view.diskError)}</p>` : ''}<p><a href="/links?token=${encodeURIComponent(token)}" target="_blank">The seats' links</a></p>`;
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
  const facts = view.schedule.facts
    .map((f) => `<option value="${escape(f.id)}">${escape(f.label)}</option>`)
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
      `<input type="hidden" name="type" value="fact">
<label>Make a fact known <select name="fact" ${keep('fact', facts)}>${facts}</select></label> <label>to <select name="side" ${keep('fact-side', sides)}>${sides}</select></label> <button type="submit">Inject</button>`,
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
    standing(view, token),
    clockStatus(view),
    clockPanel(view, token),
    injectForms(view, token),
    schedulePanel(view.schedule, token, view.finished),
    pendingEverySeat(view, token),
    messagesPanel(view.mail, token, true),
    sidesKnow(view),
    feedPanel(view, token),
    noteForm(token),
  ].join('\n');
}
