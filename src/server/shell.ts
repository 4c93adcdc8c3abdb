/**
 * The page a seat's link opens: a shell that loads htmx and the page script from the server
 * (never a CDN, never an inline script, so a Content-Security-Policy without inline script holds)
 * and refreshes its board whenever the game changes. Around the board: a banner shown while the
 * server cannot be reached, and a polite live region that announces a new decision or message.
 */
import { seatName } from '../live/names.js';
import { escape } from '../report/html.js';

/**
 * htmx's settings (a meta tag, read by htmx itself): a refused input's board (4xx, with the
 * reason) is shown instead of ignored; htmx adds no inline style of its own.
 */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[234]..', swap: true },
    { code: '...', swap: false, error: true },
  ],
});

/** The page a seat's link opens. */
export function shellPage(seat: string, token: string, title: string): string {
  const t = encodeURIComponent(token);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}: ${escape(seatName(seat))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content="${escape(HTMX_CONFIG)}">
<link rel="stylesheet" href="/assets/game.css">
<script src="/assets/htmx.min.js"></script>
<script src="/assets/game.js" defer></script>
</head><body data-token="${escape(token)}">
<div id="connection" class="connection" data-testid="connection" role="alert" hidden>connection lost: retrying…</div>
<h1>${escape(title)}</h1>
<p>Seat: <strong data-testid="seat" data-seat-id="${escape(seat)}">${escape(seatName(seat))}</strong> · <a href="/briefing?token=${t}" target="_blank">read-in</a> · <a href="/review?token=${t}" target="_blank">after-action review</a></p>
<div id="announce" class="visually-hidden" role="status" aria-live="polite"></div>
<div id="board" hx-get="/board?token=${t}" hx-trigger="load, refresh from:body"></div>
</body></html>`;
}
