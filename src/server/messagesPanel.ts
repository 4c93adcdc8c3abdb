/**
 * The messages panel of a seat's board: a form to send a message (the recipient and the channel
 * chosen from lists, never typed), the seat's channels with their typical delivery time, the
 * messages it received and those it sent, in transit until their delivery. The control cell's
 * panel lists every message with its status. Names, not ids, in every word shown; every value is
 * escaped.
 */
import type { MailView, MessageView } from '../live/mailViews.js';
import { escape } from '../report/html.js';
import { clock, keep } from './pageParts.js';

/** A message's status in words: in transit until its delivery, or delivered when. */
function statusOf(m: MessageView): string {
  if (m.status === 'in transit') return `in transit until ${clock(m.deliverAt)}`;
  if (m.status === 'not delivered') return 'not delivered before the game ended';
  return m.deliverAt === m.sentAt ? 'delivered at once' : `delivered ${clock(m.deliverAt)}`;
}

/** The send form: recipients and channels from the seat's lists. */
function sendForm(mail: MailView, token: string, control: boolean): string {
  if (mail.contacts.length === 0) return '<p>You have no channel to anyone.</p>';
  const to = mail.contacts
    .map((c) => `<option value="${escape(c.seat)}">${escape(c.label)}</option>`)
    .join('');
  const channelOptions = `<option value="">the first channel that reaches them</option>${mail.channels
    .map((c) => `<option value="${escape(c.id)}">${escape(c.label)}</option>`)
    .join('')}`;
  // the recipient and channel chosen survive the board's refreshes, as the text does: a refresh
  // between choosing and sending must not send the message to the first seat of the list
  const channels = control
    ? ''
    : ` <label>over <select name="channel" ${keep('mail-channel', channelOptions)}>${channelOptions}</select></label>`;
  return `<form hx-post="/message" hx-target="#board"><input type="hidden" name="token" value="${escape(token)}">
<label>Message to <select name="to" ${keep('mail-to', to)}>${to}</select></label>${channels}
<div><textarea name="text" placeholder="text" maxlength="4000" rows="2" cols="60" required data-clear id="keep-mail-text" hx-preserve></textarea></div>
<button type="submit">Send</button></form>`;
}

const row = (cells: readonly string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;

/** A table of messages, or a line saying there are none. */
function messageTable(
  messages: readonly MessageView[],
  testid: string,
  columns: readonly string[],
  cells: (m: MessageView) => readonly string[],
): string {
  if (messages.length === 0) return `<p data-testid="${testid}">None.</p>`;
  return `<table data-testid="${testid}"><tr>${columns.map((c) => `<th>${c}</th>`).join('')}</tr>${messages
    .map((m) => row(cells(m)))
    .join('')}</table>`;
}

/** A seat's (or the control cell's) messages panel. */
export function messagesPanel(mail: MailView, token: string, control = false): string {
  const channels = mail.channels
    .map((c) => `<li>${escape(c.label)}: ${escape(c.latency)}</li>`)
    .join('');
  const received = control
    ? `<h3>Every message</h3>${messageTable(
        mail.received,
        'messages',
        ['sent', 'from', 'to', 'via', 'status', 'text'],
        (m) => [
          clock(m.sentAt),
          escape(m.fromLabel),
          escape(m.toLabel),
          escape(m.channelLabel),
          statusOf(m),
          escape(m.text),
        ],
      )}`
    : `<h3>Received</h3>${messageTable(
        mail.received,
        'messages',
        ['arrived', 'from', 'via', 'text'],
        (m) => [clock(m.deliverAt), escape(m.fromLabel), escape(m.channelLabel), escape(m.text)],
      )}
<h3>Sent</h3>${messageTable(
        mail.sent,
        'messages-sent',
        ['sent', 'to', 'via', 'status', 'text'],
        (m) => [
          clock(m.sentAt),
          escape(m.toLabel),
          escape(m.channelLabel),
          statusOf(m),
          escape(m.text),
        ],
      )}`;
  return `<section data-testid="messages-panel"><h2>Messages</h2>
<p>Your channels:</p><ul data-testid="channels">${channels}</ul>
${sendForm(mail, token, control)}
${received}</section>`;
}
