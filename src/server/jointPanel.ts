/**
 * A joint alliance decision on a seat's board (`live/joint.ts`): where its consultation stands
 * (round, each nation's position, earlier objections, the revision under way), and for a
 * concurring nation's seat whose turn it is, concur and object buttons with a rationale; for the
 * control cell, buttons that answer it outright. Nothing here is in a form and every button is
 * `type="button"`, so Enter in the rationale box never commits a position or an answer.
 */
import type { PendingView } from '../live/views.js';
import { seatName } from '../live/names.js';
import { escape } from '../report/html.js';
import { keep } from './pageParts.js';
import { formatTime } from '../report/timeline.js';

/** A button that posts the panel's inputs and its own values to `action`. */
const button = (action: string, values: Record<string, string>, text: string, testId: string) =>
  `<button type="button" hx-post="${action}" hx-include="closest .joint" hx-target="#board" hx-vals="${escape(JSON.stringify(values))}" data-testid="${testId}">${escape(text)}</button>`;

/** Each concurring nation's position in the round, and the objections of earlier rounds. */
function positionsOf(joint: NonNullable<PendingView['joint']>): string {
  const now = joint.positions
    .map(
      (p) =>
        `<li data-seat="${escape(p.seat)}">${escape(seatName(p.seat))}: ${
          p.position === 'concur'
            ? 'concurred'
            : p.position === 'object'
              ? 'objected'
              : 'no position yet'
        }${p.rationale ? ` (${escape(p.rationale)})` : ''}</li>`,
    )
    .join('');
  const before = joint.objections
    .map(
      (o) =>
        `<li>round ${o.round}, ${escape(seatName(o.seat))} objected: ${escape(o.rationale)}</li>`,
    )
    .join('');
  return `<ul data-testid="joint-positions">${now}</ul>${before ? `<div>Objections so far:</div><ul>${before}</ul>` : ''}`;
}

/** The inputs a position or an answer needs, or the reason none can be given now. */
function actionsOf(p: PendingView, seatKind: 'nation' | 'control', rationaleKeep: string): string {
  const joint = p.joint!;
  if (seatKind === 'control')
    return `<div>Answer it outright for the alliance: ${p.options
      .map((o) => button('/answer', { answer: o }, o, `answer-${o}`))
      .join(
        ' ',
      )} <label>Rationale <input name="rationale" maxlength="4000" ${rationaleKeep}></label></div>`;
  if (joint.revisionUntil !== undefined)
    return `<div>No position can be taken until the revision is done (${formatTime(joint.revisionUntil)}).</div>`;
  if (!joint.yourTurn) return '<div>You have taken your position in this round.</div>';
  return `<div><label>Rationale (needed to object) <input name="rationale" maxlength="4000" ${rationaleKeep}></label>
${button('/position', { position: 'concur' }, 'Concur', 'concur')} ${button('/position', { position: 'object' }, 'Object and ask for a revision', 'object')}</div>`;
}

/** A joint point on a board: `token` and `version` are the page's; its rationale box survives refreshes. */
export function jointPanel(p: PendingView, token: string, version: number): string {
  const joint = p.joint!;
  const kind = joint.takesPositions ? 'nation' : 'control';
  return `<div class="pending joint" data-point="${escape(p.id)}" data-testid="joint">
<input type="hidden" name="token" value="${escape(token)}"><input type="hidden" name="point" value="${escape(p.id)}"><input type="hidden" name="version" value="${version}">
<h3>Joint alliance decision: ${escape(p.label)}</h3><p>Asked ${formatTime(p.askedAt)}, waiting ${Math.round(p.waitingFor)} min; ${escape(joint.concurring.map(seatName).join(' and '))} must concur.</p>
<div data-testid="joint-status">${escape(joint.status)}</div>
${positionsOf(joint)}
${p.requires ? `<div>The law requires first: ${escape(p.requires)}</div>` : ''}
${actionsOf(p, kind, keep(`joint-${token.slice(0, 6)}-${p.id}`))}</div>`;
}
