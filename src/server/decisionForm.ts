/**
 * A pending decision as a form: its label, when it was asked and how long it has waited, what the
 * law requires first, the staff steps done on it, what each option does, a rationale (a textarea:
 * Enter is a new line) and one button per option. Enter never submits it.
 */
import type { PendingView } from '../live/views.js';
import { durationWords } from '../live/meaning.js';
import { escape } from '../report/html.js';
import { jointPanel } from './jointPanel.js';
import { ENTER_INERT, INERT_DEFAULT_BUTTON, clock, keep } from './pageParts.js';

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** What each option does, as a list. */
function choicesList(p: PendingView): string {
  return `<ul class="choices">${p.choices
    .map((c) => `<li><strong>${escape(capitalised(c.option))}</strong>: ${escape(c.meaning)}</li>`)
    .join('')}</ul>`;
}

/** The form that answers pending point `p` from a page showing game version `version`. */
export function pendingForm(p: PendingView, token: string, version: number): string {
  if (p.joint) return jointPanel(p, token, version);
  const buttons = p.options
    .map(
      (o) =>
        `<button type="submit" name="answer" value="${escape(o)}">${escape(capitalised(o))}</button>`,
    )
    .join(' ');
  const staffed = p.staffing.map((s) => `${escape(s.name)} ${clock(s.t)}`).join(', ');
  return `<form class="pending" data-point="${escape(p.id)}" hx-post="/answer" hx-target="#board" ${ENTER_INERT}>${INERT_DEFAULT_BUTTON}
<input type="hidden" name="token" value="${escape(token)}"><input type="hidden" name="point" value="${escape(p.id)}"><input type="hidden" name="version" value="${version}">
<h3>${escape(p.label)}</h3>
<p>Asked ${clock(p.askedAt)}, waiting ${durationWords(p.waitingFor)}.</p>
${p.requires ? `<p>The law requires first: ${escape(p.requires)}</p>` : ''}
${staffed ? `<p>Staffed: ${staffed}</p>` : ''}
${choicesList(p)}
<label>Rationale <textarea name="rationale" rows="2" maxlength="4000" data-clear ${keep(`rationale-${p.id}`)}></textarea></label>
<div class="answer-buttons">${buttons}</div></form>`;
}
