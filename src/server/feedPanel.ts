/**
 * The control cell's panel of what it cannot see across the room: the feed of every input (newest
 * first, what came since its last own input highlighted), and, refreshed every few seconds by its
 * own request, which seats have pages open, when each was last seen and how long each seat has
 * been thinking (real time since its oldest pending point was first shown, and simulated time
 * waited). Every value is escaped.
 */
import type { SeatThinking } from '../live/feed.js';
import { seatName } from '../live/names.js';
import type { ControlView } from '../live/views.js';
import { escape } from '../report/html.js';
import type { SeatPresence } from './connections.js';
import { clock } from './pageParts.js';

/** The newest inputs the panel lists (the review has them all). */
const FEED_LENGTH = 200;

/** Real milliseconds as 1h02m03s, 4m05s or 6s. */
export function realDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${pad(m)}m${pad(s % 60)}s`;
  return m > 0 ? `${m}m${pad(s % 60)}s` : `${s}s`;
}

/** A wall-clock stamp as the time of day it shows (UTC), for the feed. */
const timeOfDay = (wall: string) => wall.match(/T(\d\d:\d\d:\d\d)/)?.[1] ?? wall;

/** The feed and the placeholder of the presence table, for the control cell's board. */
export function feedPanel(view: ControlView, token: string): string {
  const fresh = view.feed.filter((e) => e.fresh).length;
  const rows = view.feed
    .slice(0, FEED_LENGTH)
    .map((e) => {
      const line = `<time datetime="${escape(e.wall)}">${escape(timeOfDay(e.wall))}</time> · ${clock(e.time)} · <strong>${escape(e.seat)}</strong> ${escape(e.text)}`;
      // <mark> highlights without a style sheet of its own (the pages' security policy may allow none inline)
      return `<li data-seq="${e.seq}" data-kind="${escape(e.kind)}"${e.fresh ? ` class="fresh"><mark>${line}</mark>` : `>${line}`}</li>`;
    })
    .join('');
  return `<section data-testid="feed-panel">
<h2>Seats</h2>
<div data-testid="presence" hx-get="/control/presence?token=${escape(encodeURIComponent(token))}" hx-trigger="load, every 10s"></div>
<h2>What happened${fresh ? ` (${fresh} new since your last action, highlighted)` : ''}</h2>
${view.feed.length === 0 ? '<p>Nothing yet.</p>' : `<ol data-testid="feed" reversed>${rows}</ol>`}
</section>`;
}

/** Per seat: pages open, last seen, and how long it has been thinking; `now` in milliseconds. */
export function presenceTable(
  presence: readonly SeatPresence[],
  thinking: readonly SeatThinking[],
  now: number,
): string {
  const rows = presence.map((p) => {
    const t = thinking.find((x) => x.seat === p.seat);
    const seen =
      p.lastSeen === undefined
        ? 'never'
        : p.pages > 0
          ? 'now'
          : `${realDuration(now - p.lastSeen)} ago`;
    const thinks = t
      ? `${t.points} waiting; the oldest shown ${realDuration(now - Date.parse(t.shownWall))} ago, ${Math.round(t.waited)} simulated min`
      : 'nothing waiting';
    return `<tr data-presence="${escape(p.seat)}"><td>${escape(seatName(p.seat))}</td><td data-testid="pages">${p.pages}</td><td>${escape(seen)}</td><td data-testid="thinking">${escape(thinks)}</td></tr>`;
  });
  return `<table><tr><th>seat</th><th>pages open</th><th>last seen</th><th>thinking</th></tr>${rows.join('')}</table>`;
}
