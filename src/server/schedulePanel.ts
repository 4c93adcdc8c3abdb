/**
 * The control cell's schedule of injects: a table of every item with its status (scheduled, sent
 * and when, cancelled and why), a form to edit or cancel each item still scheduled, and one to add
 * an item. Recipients, sides, facts, rungs and organisations are chosen from lists.
 */
import type { ScheduleItem } from '../scenario/injectsSchema.js';
import { durationText } from '../live/msel.js';
import type { ScheduledInject } from '../live/schedule.js';
import type { Named, ScheduleView } from '../live/scheduleView.js';
import { seatName } from '../live/names.js';
import { escape } from '../report/html.js';
import { clock } from './pageParts.js';

const KINDS = ['message', 'fact', 'move', 'organisation'] as const;

/** A select of `options` (value and label), `selected` chosen. */
function select(
  name: string,
  label: string,
  options: ReadonlyArray<string | Named>,
  selected?: string,
): string {
  const items = options
    .map((o) => (typeof o === 'string' ? { id: o, label: o } : o))
    .map(
      (o) =>
        `<option value="${escape(o.id)}"${o.id === selected ? ' selected' : ''}>${escape(o.label)}</option>`,
    )
    .join('');
  return `<label>${escape(label)} <select name="${name}">${items}</select></label>`;
}

/** The fields of an item, blank for a new one. */
function itemFields(view: ScheduleView, item?: ScheduleItem): string {
  const value = <K extends string>(key: K) =>
    item && key in item ? String((item as Record<string, unknown>)[key] ?? '') : '';
  return [
    item
      ? `<input type="hidden" name="id" value="${escape(item.id)}">`
      : '<label>id <input name="id" required maxlength="100" pattern="[A-Za-z][\\w.\\-]*"></label>',
    `<label>at <input name="at" required maxlength="40" placeholder="12h, 1d6h" value="${item ? escape(durationText(item.at)) : ''}"></label>`,
    select('kind', 'kind', KINDS, item?.kind),
    select('to', 'message to', view.recipients, item?.kind === 'message' ? item.to : undefined),
    select('side', 'fact to', view.sides, item?.kind === 'fact' ? item.to : 'all'),
    select('fact', 'fact', view.facts, value('fact')),
    select('rung', 'rung', view.rungs, value('rung')),
    select('org', 'organisation', view.organisations, value('org')),
    `<label>capacity <input name="capacity" type="number" min="1" step="1" value="${escape(value('capacity'))}"></label>`,
    `<label>processing time × <input name="delayFactor" type="number" min="0.05" step="any" value="${escape(value('delayFactor'))}"></label>`,
    `<label>text <input name="text" required maxlength="4000" size="60" value="${escape(value('text'))}"></label>`,
  ].join('\n');
}

/** Where an item stands, in words. */
function statusText(s: ScheduledInject): string {
  if (s.status === 'sent') return `sent ${s.sentAt === undefined ? '' : clock(s.sentAt)}`;
  if (s.status === 'cancelled') return `cancelled${s.reason ? `: ${s.reason}` : ''}`;
  return 'scheduled';
}

function row(
  view: ScheduleView,
  s: ScheduleView['items'][number],
  form: (body: string) => string,
): string {
  const { item } = s;
  const to =
    item.kind === 'message' || item.kind === 'fact'
      ? item.to === 'all'
        ? 'everyone'
        : seatName(item.to)
      : '';
  const source = [item.source, item.note].filter(Boolean).join('; ');
  const actions =
    s.status === 'scheduled'
      ? `<details><summary>Edit</summary>${form(`<input type="hidden" name="action" value="edit">${itemFields(view, item)} <button type="submit">Save</button>`)}</details>
${form(`<input type="hidden" name="action" value="cancel"><input type="hidden" name="id" value="${escape(item.id)}"><button type="submit">Cancel</button>`)}`
      : '';
  return `<tr data-msel="${escape(item.id)}" data-status="${s.status}"><td>${clock(item.at)}</td><td>${escape(item.id)}</td><td>${escape(item.kind)}</td><td>${escape(to)}</td><td>${escape(s.action)}</td><td>${escape(item.text)}${source ? `<br><small>${escape(source)}</small>` : ''}</td><td>${escape(statusText(s))}</td><td>${actions}</td></tr>`;
}

/** The schedule panel of the control cell's board (its forms only while the game goes on). */
export function schedulePanel(view: ScheduleView, token: string, finished: boolean): string {
  const form = (body: string) =>
    finished
      ? ''
      : `<form hx-post="/control/schedule" hx-target="#board"><input type="hidden" name="token" value="${escape(token)}">${body}</form>`;
  const rows = view.items.map((s) => row(view, s, form)).join('\n');
  const add = finished
    ? ''
    : `<details><summary>Add a scheduled inject</summary>${form(`<input type="hidden" name="action" value="add">${itemFields(view)} <button type="submit">Add</button>`)}</details>`;
  return `<h2>Scheduled injects</h2>
${view.items.length === 0 ? '<p>None scheduled.</p>' : `<table data-testid="schedule"><tr><th>at</th><th>id</th><th>kind</th><th>to</th><th>does</th><th>text</th><th>status</th><th></th></tr>\n${rows}</table>`}
${add}`;
}
