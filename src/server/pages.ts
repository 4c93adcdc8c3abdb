/**
 * The facilitator's pages as HTML: a shell per seat that loads htmx from the server (never a CDN)
 * and refreshes its board whenever the game changes (one Server-Sent Events stream per tab; the
 * browser reconnects by itself), and the boards themselves, rendered from the seat's view. Every
 * value is escaped.
 */
import type { ControlView, PendingView, SideView } from '../live/views.js';
import { escape } from '../report/html.js';
import { feedPanel } from './feedPanel.js';

/** Simulated minutes as T+hh:mm. */
const clock = (minutes: number) => {
  const m = Math.floor(minutes);
  return `T+${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** htmx shows a refused input's board (4xx, with the reason) instead of ignoring the response. */
const HTMX_CONFIG = JSON.stringify({
  responseHandling: [
    { code: '204', swap: false },
    { code: '[234]..', swap: true },
    { code: '...', swap: false, error: true },
  ],
});

/** An id for an element that must survive the board's refreshes (htmx's hx-preserve). */
const keep = (name: string) => `id="keep-${escape(name.replace(/[^\w-]/g, '_'))}" hx-preserve`;

/** The page a seat's link opens. */
export function shellPage(seat: string, token: string, title: string): string {
  const t = encodeURIComponent(token);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}: ${escape(seat)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='${HTMX_CONFIG}'>
<script src="/assets/htmx.min.js"></script>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}.pending{border:2px solid #b50;padding:.5rem;margin:.5rem 0}.error{color:#a00}</style>
</head><body>
<h1>${escape(title)}</h1><p>Seat: <strong data-testid="seat">${escape(seat)}</strong> · <a href="/review?token=${t}" target="_blank">after-action review</a></p>
<div id="board" hx-get="/board?token=${t}" hx-trigger="load, refresh from:body"></div>
<script>
const events = new EventSource('/events?token=${t}');
events.onmessage = () => htmx.trigger(document.body, 'refresh');
// the clock alone moved: only the time shown changes, so nothing being typed is lost
events.addEventListener('time', (e) => {
  const m = Math.floor(Number(e.data));
  const el = document.querySelector('[data-testid=time]');
  if (el) el.textContent = 'T+' + String(Math.floor(m / 60)).padStart(2, '0') + ':' + String(m % 60).padStart(2, '0');
});
</script>
</body></html>`;
}

function pendingForm(p: PendingView, token: string, version: number): string {
  const options = p.options
    .map((o) => `<button type="submit" name="answer" value="${escape(o)}">${escape(o)}</button>`)
    .join(' ');
  return `<form class="pending" data-point="${escape(p.id)}" hx-post="/answer" hx-target="#board">
<input type="hidden" name="token" value="${escape(token)}"><input type="hidden" name="point" value="${escape(p.id)}"><input type="hidden" name="version" value="${version}">
<strong>${escape(p.label)}</strong> (${escape(p.id)}), asked ${clock(p.askedAt)}, waiting ${Math.round(p.waitingFor)} min
${p.requires ? `<div>The law requires first: ${escape(p.requires)}</div>` : ''}
${p.staffing.length ? `<div>Staffed: ${p.staffing.map((s) => `${escape(s.org)} ${clock(s.t)}`).join(', ')}</div>` : ''}
<div><label>Rationale <input name="rationale" maxlength="4000" ${keep(`rationale-${token.slice(0, 6)}-${p.id}`)}></label> ${options}</div></form>`;
}

/** A note for the record (the review shows it). */
function noteForm(token: string): string {
  return `<form hx-post="/note" hx-target="#board"><input type="hidden" name="token" value="${escape(token)}">
<label>Note for the record <input name="text" maxlength="4000" required ${keep('note')}></label> <button type="submit">Add note</button></form>`;
}

/** A player seat's board. */
export function sideBoard(view: SideView, token: string, error?: string): string {
  const rung = view.rung
    ? `${escape(view.rung.id)}: ${escape(view.rung.label)} (learned ${clock(view.rung.learnedAt)})`
    : 'no report yet';
  return `${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<p>Game time <strong data-testid="time">${clock(view.time)}</strong>${view.finished ? ' (ended)' : ''}; clock ${escape(view.pace)}; version ${view.version}</p>
<p>The crisis as you know it: <strong data-testid="rung">${rung}</strong></p>
${view.side !== 'adversary' ? `<p>Situation the facts support: ${escape(view.situation)}; recognised: ${escape(view.recognised)}. Legal posture: ${escape(view.legal)}</p>` : ''}
${view.messages.length ? `<h2>Messages from the control cell</h2><ul data-testid="messages">${view.messages.map((m) => `<li>${clock(m.t)}: ${escape(m.text)}</li>`).join('')}</ul>` : ''}
${view.policyPlays ? '<p data-testid="policy-plays">The control cell has handed this seat to the engine\'s policy: it answers your decisions now.</p>' : ''}
<h2>Your decisions</h2>
${view.pending.length === 0 ? '<p data-testid="no-pending">Nothing waits for you.</p>' : view.pending.map((p) => pendingForm(p, token, view.version)).join('\n')}
<h2>In force</h2><ul>${view.inForce.map((d) => `<li>${escape(d.label)}</li>`).join('')}</ul>
<h2>What you have learned</h2><table><tr><th>time</th><th>what</th></tr>${view.timeline.map((l) => `<tr><td>${clock(l.t)}</td><td>${escape(l.text)}</td></tr>`).join('')}</table>
${noteForm(token)}`;
}

/** The control cell's board. */
export function controlBoard(view: ControlView, token: string, error?: string): string {
  const t = escape(token);
  const hidden = `<input type="hidden" name="token" value="${t}">`;
  const form = (action: string, body: string) =>
    `<form hx-post="${action}" hx-target="#board">${hidden}${body}</form>`;
  const clockForms = view.finished
    ? `<p data-testid="ended">The game has ended${view.ended ? ' (ended by the control cell)' : ''}.</p>`
    : [
        form(
          '/control/advance',
          `<button type="submit" name="to" value="next">Run to the next human decision</button>
<label>or by hours <input name="hours" type="number" min="0.1" step="0.1" value="6"></label><button type="submit" name="to" value="hours">Run</button>`,
        ),
        form(
          '/control/pace',
          `<label>Pace: simulated seconds per real second <input name="ratio" type="number" min="0.1" step="any" value="${view.pace.ratio}"></label>
<label>while people think <input name="thinking" type="number" min="0" step="any" value="${view.pace.thinking}"> (0 stops the clock)</label>
<button type="submit" name="action" value="run">${view.pace.running ? 'Set pace' : 'Start the clock'}</button>${view.pace.running ? ' <button type="submit" name="action" value="pause">Pause</button>' : ''}`,
        ),
        form(
          '/control/inject',
          `<input type="hidden" name="type" value="move">
<label>Adversary moves to <select name="to">${view.moves.map((r) => `<option value="${escape(r.id)}">${escape(r.id)}: ${escape(r.label)}</option>`).join('')}</select></label> <button type="submit">Move</button>`,
        ),
        form(
          '/control/inject',
          `<input type="hidden" name="type" value="organisation">
<label>Organisation <select name="org">${view.organisations.map((o) => `<option>${escape(o)}</option>`).join('')}</select></label>
<label>capacity <input name="capacity" type="number" min="1" step="1"></label> <label>processing time × <input name="delayFactor" type="number" min="0.05" step="any"></label> <button type="submit">Change</button>`,
        ),
        form(
          '/control/inject',
          `<input type="hidden" name="type" value="message">
<label>Message to <input name="to" placeholder="japan"></label> <input name="text" placeholder="text" ${keep('message')}> <button type="submit">Send</button>`,
        ),
        form(
          '/control/inject',
          `<input type="hidden" name="type" value="fact">
<label>Make a fact known <input name="fact" placeholder="submergedSubmarine"></label> <label>to <select name="side"><option>all</option><option>japan</option><option>unitedStates</option><option>alliance</option></select></label> <button type="submit">Inject</button>`,
        ),
        form(
          '/control/handover',
          `<label>Hand a seat to the engine's policy <input name="seat" placeholder="japan"></label> <button type="submit">Hand over</button>`,
        ),
        `<form hx-post="/control/end" hx-target="#board" hx-confirm="End the game now, before its horizon?">${hidden}<button type="submit">End the game</button></form>`,
      ].join('\n');
  return `${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<p>Game time <strong data-testid="time">${clock(view.time)}</strong>${view.finished ? ' (ended)' : ''}; version ${view.version}. True rung: <strong data-testid="true-rung">${escape(view.trueRung.id)}: ${escape(view.trueRung.label)}</strong></p>
<p data-testid="pace">Clock ${escape(view.paceText)}</p>
${clockForms}
<h2>Pending, every seat</h2>
${view.pending.map((p) => `<div data-seat="${escape(p.seat)}">${escape(p.seat)}: ${pendingForm(p, token, view.version)}</div>`).join('\n') || '<p>Nothing pending.</p>'}
${view.sides.map((s) => `<h2>${escape(s.side)} knows</h2><p>${s.rung ? `${escape(s.rung.id)}: ${escape(s.rung.label)}` : 'no report yet'}; in force: ${s.inForce.map((d) => escape(d.id)).join(', ') || 'nothing'}</p>`).join('\n')}
${feedPanel(view, token)}
${noteForm(token)}`;
}
