/**
 * A player seat's board, in sections in this order: where the game stands, the read-in (until the
 * seat first answers), its decisions, messages, what is in force, what it has learned, its own
 * answers, and a note for the record. A panel joins the board as one more line of
 * {@link sideBoard}'s list, in its place in that order. Names, never ids.
 */
import type { SideView } from '../live/views.js';
import type { SideBriefing } from '../live/briefing.js';
import { escape } from '../report/html.js';
import { pendingForm } from './decisionForm.js';
import { clock, errorLine, noteForm, section } from './pageParts.js';
import { messagesPanel } from './messagesPanel.js';
import { clockStatus } from './clockPanel.js';

/** What the page script reads to announce a new decision or message (see `pageScript.ts`). */
export function boardState(pending: readonly { label: string }[], messages: number): string {
  const newest = pending.at(-1)?.label ?? '';
  return `<div id="board-state" hidden data-pending="${pending.length}" data-messages="${messages}" data-newest="${escape(newest)}"></div>`;
}

/** Where the game stands: time, clock, the rung as the side knows it, its situation and legal posture. */
function standing(view: SideView): string {
  const rung = view.rung
    ? `${escape(view.rung.id)}, ${escape(view.rung.label)} (learned ${clock(view.rung.learnedAt)})`
    : 'no report yet';
  return `<p>Game time <strong data-testid="time">${clock(view.time)}</strong>${view.finished ? ' (ended)' : ''}; clock ${escape(view.pace)}; version ${view.version}</p>
<p>The crisis as you know it: <strong data-testid="rung">${rung}</strong></p>
${view.side !== 'adversary' ? `<p>The facts support ${escape(view.situation)}; ${view.side === 'japan' ? 'the Cabinet' : "Japan's Cabinet"} has recognised ${escape(view.recognised)}. Legal posture: ${escape(view.legal)}.${view.powers.length ? ` Powers held: ${escape(view.powers.join('; '))}.` : ''}</p>` : ''}`;
}

/** The read-in block at the top of the board until the seat first answers. */
function readInBlock(readIn: SideBriefing | null, token: string): string {
  if (!readIn) return '';
  const objectives = readIn.objectives.length
    ? `<p>Your objectives:</p><ul>${readIn.objectives.map((o) => `<li>${escape(o)}</li>`).join('')}</ul>`
    : '';
  return section(
    'read-in',
    `Read-in: ${escape(readIn.name)}`,
    `${objectives}${readIn.knows ? `<p>${escape(readIn.knows)}</p>` : ''}<p><a href="/briefing?token=${encodeURIComponent(token)}" target="_blank">The full read-in</a> (the situation, your organisations, your decisions).</p>`,
  );
}

function decisions(view: SideView, token: string): string {
  const policy = view.policyPlays
    ? '<p data-testid="policy-plays">The control cell has handed this seat to the engine\'s policy: it answers your decisions now.</p>'
    : '';
  const forms =
    view.pending.length === 0
      ? '<p data-testid="no-pending">Nothing waits for you.</p>'
      : view.pending.map((p) => pendingForm(p, token, view.version)).join('\n');
  return section('decisions', 'Your decisions', `${policy}${forms}`);
}

function inForce(view: SideView): string {
  const list = view.inForce.map((d) => `<li>${escape(d.label)}</li>`).join('');
  return section('in-force', 'In force', list ? `<ul>${list}</ul>` : '<p>Nothing yet.</p>');
}

function learned(view: SideView): string {
  const rows = view.timeline.map(
    (l) => `<tr><td>${clock(l.t)}</td><td>${escape(l.text)}</td></tr>`,
  );
  return section(
    'learned',
    'What you have learned',
    `<table><tr><th>time</th><th>what</th></tr>${rows.join('')}</table>`,
  );
}

/** The seat's own answers: asked, answered, the decision, the answer and its rationale. */
function answersSection(answers: SideView['answers']): string {
  const rows = answers.map(
    (a) =>
      `<tr><td>${a.askedAt === undefined ? '' : clock(a.askedAt)}</td><td>${clock(a.answeredAt)}</td><td>${escape(a.label)}</td><td>${escape(a.answer)}</td><td>${escape(a.rationale)}</td></tr>`,
  );
  return section(
    'answers',
    'Your answers',
    rows.length
      ? `<table data-testid="answers"><tr><th>asked</th><th>answered</th><th>decision</th><th>answer</th><th>rationale</th></tr>${rows.join('')}</table>`
      : '<p>None yet.</p>',
  );
}

/** A player seat's board. */
export function sideBoard(view: SideView, token: string, error?: string): string {
  return [
    errorLine(error),
    boardState(view.pending, view.mail.received.length),
    standing(view),
    clockStatus(view),
    readInBlock(view.readIn, token),
    decisions(view, token),
    messagesPanel(view.mail, token),
    inForce(view),
    learned(view),
    answersSection(view.answers),
    noteForm(token),
  ].join('\n');
}
