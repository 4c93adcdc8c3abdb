/**
 * The facilitator's pages as HTML: a shell per seat that loads htmx from the server (never a CDN)
 * and refreshes its board whenever the game changes (one Server-Sent Events stream per tab; the
 * browser reconnects by itself), and the boards themselves, rendered from the seat's view. Every
 * value is escaped.
 */
import type { ControlView, PendingView, SideView } from './views.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text safe in HTML content and attribute values. */
export const escape = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Simulated minutes as T+hh:mm. */
const clock = (minutes: number) => {
  const m = Math.floor(minutes);
  return `T+${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** The page a seat's link opens. */
export function shellPage(seat: string, token: string, title: string): string {
  const t = encodeURIComponent(token);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}: ${escape(seat)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="/assets/htmx.min.js"></script>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}.pending{border:2px solid #b50;padding:.5rem;margin:.5rem 0}.error{color:#a00}</style>
</head><body>
<h1>${escape(title)}</h1><p>Seat: <strong data-testid="seat">${escape(seat)}</strong> · <a href="/review?token=${t}" target="_blank">after-action review</a></p>
<div id="board" hx-get="/board?token=${t}" hx-trigger="load, refresh from:body"></div>
<script>
new EventSource('/events?token=${t}').onmessage = () => htmx.trigger(document.body, 'refresh');
</script>
</body></html>`;
}

function pendingForm(p: PendingView, token: string, version: number): string {
  const options = p.options.map((o) => `<button type="submit" name="answer" value="${escape(o)}">${escape(o)}</button>`).join(' ');
  return `<form class="pending" data-point="${escape(p.id)}" hx-post="/answer" hx-target="#board">
<input type="hidden" name="token" value="${escape(token)}"><input type="hidden" name="point" value="${escape(p.id)}"><input type="hidden" name="version" value="${version}">
<strong>${escape(p.label)}</strong> (${escape(p.id)}), asked ${clock(p.askedAt)}, waiting ${Math.round(p.waitingFor)} min
${p.requires ? `<div>The law requires first: ${escape(p.requires)}</div>` : ''}
${p.staffing.length ? `<div>Staffed: ${p.staffing.map((s) => `${escape(s.org)} ${clock(s.t)}`).join(', ')}</div>` : ''}
<div><label>Rationale <input name="rationale" maxlength="4000"></label> ${options}</div></form>`;
}

/** A player seat's board. */
export function sideBoard(view: SideView, token: string, error?: string): string {
  const rung = view.rung ? `${escape(view.rung.id)}: ${escape(view.rung.label)} (learned ${clock(view.rung.learnedAt)})` : 'no report yet';
  return `${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<p>Game time <strong data-testid="time">${clock(view.time)}</strong>${view.finished ? ' (ended)' : ''}; version ${view.version}</p>
<p>The crisis as you know it: <strong data-testid="rung">${rung}</strong></p>
${view.side !== 'adversary' ? `<p>Situation the facts support: ${escape(view.situation)}; recognised: ${escape(view.recognised)}. Legal posture: ${escape(view.legal)}</p>` : ''}
${view.messages.length ? `<h2>Messages from the control cell</h2><ul data-testid="messages">${view.messages.map((m) => `<li>${clock(m.t)}: ${escape(m.text)}</li>`).join('')}</ul>` : ''}
${view.policyPlays ? '<p data-testid="policy-plays">The control cell has handed this seat to the engine\'s policy: it answers your decisions now.</p>' : ''}
<h2>Your decisions</h2>
${view.pending.length === 0 ? '<p data-testid="no-pending">Nothing waits for you.</p>' : view.pending.map((p) => pendingForm(p, token, view.version)).join('\n')}
<h2>In force</h2><ul>${view.inForce.map((d) => `<li>${escape(d.label)}</li>`).join('')}</ul>
<h2>What you have learned</h2><table><tr><th>time</th><th>what</th></tr>${view.timeline.map((l) => `<tr><td>${clock(l.t)}</td><td>${escape(l.text)}</td></tr>`).join('')}</table>`;
}

/** The control cell's board. */
export function controlBoard(view: ControlView, token: string, error?: string): string {
  const t = escape(token);
  return `${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<p>Game time <strong data-testid="time">${clock(view.time)}</strong>${view.finished ? ' (ended)' : ''}; version ${view.version}. True rung: <strong data-testid="true-rung">${escape(view.trueRung.id)}: ${escape(view.trueRung.label)}</strong></p>
<form hx-post="/control/advance" hx-target="#board"><input type="hidden" name="token" value="${t}">
<button type="submit" name="to" value="next">Run to the next human decision</button>
<label>or by hours <input name="hours" type="number" min="0.1" step="0.1" value="6"></label><button type="submit" name="to" value="hours">Run</button></form>
<form hx-post="/control/inject" hx-target="#board"><input type="hidden" name="token" value="${t}"><input type="hidden" name="type" value="message">
<label>Message to <input name="to" placeholder="japan"></label> <input name="text" placeholder="text"> <button type="submit">Send</button></form>
<form hx-post="/control/inject" hx-target="#board"><input type="hidden" name="token" value="${t}"><input type="hidden" name="type" value="fact">
<label>Make a fact known <input name="fact" placeholder="submergedSubmarine"></label> <label>to <select name="side"><option>all</option><option>japan</option><option>unitedStates</option><option>alliance</option></select></label> <button type="submit">Inject</button></form>
<form hx-post="/control/handover" hx-target="#board"><input type="hidden" name="token" value="${t}">
<label>Hand a seat to the engine's policy <input name="seat" placeholder="japan"></label> <button type="submit">Hand over</button></form>
<h2>Pending, every seat</h2>
${view.pending.map((p) => `<div data-seat="${escape(p.seat)}">${escape(p.seat)}: ${pendingForm(p, token, view.version)}</div>`).join('\n') || '<p>Nothing pending.</p>'}
${view.sides.map((s) => `<h2>${escape(s.side)} knows</h2><p>${s.rung ? `${escape(s.rung.id)}: ${escape(s.rung.label)}` : 'no report yet'}; in force: ${s.inForce.map((d) => escape(d.id)).join(', ') || 'nothing'}</p>`).join('\n')}`;
}
