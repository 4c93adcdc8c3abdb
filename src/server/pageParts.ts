/**
 * Pieces every page of the facilitator shares: the simulated clock as T+hh:mm, a reason an input
 * was refused, form fields that survive the board's refreshes, forms that Enter cannot submit,
 * and a note for the record. Every value is escaped.
 *
 * Fields keep what a user typed or chose across the board's refreshes by htmx's `hx-preserve`
 * (a field with a stable id is moved, as it is, into the new board), not by morphing the DOM
 * (idiomorph): a morph keeps the focused field only and resets every other field to the value
 * the server rendered, so a half-filled second form or a chosen select would still be lost,
 * and it would need another dependency. A preserved field whose server-side content changes
 * (a select's options, a value the server sets) changes its id with it, so it is rendered anew.
 */
import { escape } from '../report/html.js';

/** Simulated minutes as T+hh:mm. */
export const clock = (minutes: number): string => {
  const m = Math.floor(minutes);
  return `T+${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** A short stable hash of text, for ids that change when a field's server-side content does. */
function shortHash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/**
 * Attributes of a field that survives the board's refreshes (see the module comment): a stable id
 * from `name` and, when given, from the content the server renders into it (`content`).
 */
export function keep(name: string, content?: string): string {
  const id = `keep-${name.replace(/[^\w-]/g, '_')}${content === undefined ? '' : `-${shortHash(content)}`}`;
  return `id="${escape(id)}" hx-preserve`;
}

/**
 * Attributes of a form whose submit answers a decision or runs the clock: Enter in one of its
 * fields never submits it (the page script stops it; see {@link INERT_DEFAULT_BUTTON}).
 */
export const ENTER_INERT = 'data-enter-inert';

/**
 * The first submit button of a form whose submit must be a click: hidden and disabled, it is the
 * form's default button, and a browser submits a form on Enter only through an enabled default
 * button, so Enter does nothing even before the page script runs.
 */
export const INERT_DEFAULT_BUTTON =
  '<button type="submit" disabled hidden aria-hidden="true" tabindex="-1"></button>';

/** Why an input was refused, announced to assistive technology. */
export const errorLine = (error?: string): string =>
  error ? `<p class="error" role="alert">${escape(error)}</p>` : '';

/** A note for the record (the review shows it). */
export function noteForm(token: string): string {
  return `<form hx-post="/note" hx-target="#board"><input type="hidden" name="token" value="${escape(token)}">
<label>Note for the record <textarea name="text" rows="2" maxlength="4000" required data-clear ${keep('note')}></textarea></label> <button type="submit">Add note</button></form>`;
}

/** A titled section of a board, with a stable id a test or a panel can find. */
export const section = (id: string, title: string, body: string): string =>
  body
    ? `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>${body}</section>`
    : '';
