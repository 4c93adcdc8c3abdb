/**
 * The script and the style sheet of every seat's page, served as `/assets/game.js` and
 * `/assets/game.css` (files, not inline, so a Content-Security-Policy without inline script or
 * style holds). The script: refreshes the board on the game's event stream and moves the clock
 * alone on a `time` event (so nothing being typed is lost); shows a banner while the server cannot
 * be reached and refreshes when it can again; keeps Enter from submitting a form whose submit
 * answers a decision or runs the clock (`data-enter-inert`); clears a preserved field marked
 * `data-clear` once its form was taken; and announces a new decision or message in the tab's
 * title and a polite live region, from the board's `#board-state`.
 */

/** The page script (plain browser JavaScript). */
export const GAME_SCRIPT = `'use strict';
(() => {
  const body = document.body;
  const token = body.dataset.token || '';
  const baseTitle = document.title;
  const banner = document.getElementById('connection');
  const announcer = document.getElementById('announce');
  let lost = false;
  let seen = null;

  const pad = (n) => String(n).padStart(2, '0');
  const clock = (minutes) => {
    const m = Math.floor(Number(minutes));
    return 'T+' + pad(Math.floor(m / 60)) + ':' + pad(m % 60);
  };

  function connected(ok) {
    if (banner) banner.hidden = ok;
    // back after a loss: whatever was missed shows at once
    if (ok && lost) htmx.trigger(body, 'refresh');
    lost = !ok;
  }

  function listen() {
    const events = new EventSource('/events?token=' + encodeURIComponent(token));
    events.onopen = () => connected(true);
    events.onmessage = () => htmx.trigger(body, 'refresh');
    events.addEventListener('time', (e) => {
      const el = document.querySelector('[data-testid=time]');
      if (el) el.textContent = clock(e.data);
    });
    events.onerror = () => {
      connected(false);
      // the browser retries by itself, unless the server answered with an error: then retry here
      if (events.readyState === EventSource.CLOSED) setTimeout(listen, 3000);
    };
  }

  // Enter in a field of a form that answers or runs the clock does nothing (a textarea keeps its new line)
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.isComposing) return;
    const field = e.target;
    if (field instanceof HTMLInputElement && field.form && field.form.hasAttribute('data-enter-inert'))
      e.preventDefault();
  });

  // a request that never reached the server
  body.addEventListener('htmx:sendError', () => connected(false));

  // the board answered a form: what was sent in its cleared fields is not left to be sent twice.
  // The fields are noted when the form is sent: a refresh of the board landing first moves a
  // preserved field into the new board, out of the form that was sent
  const sentFields = new WeakMap();
  body.addEventListener('htmx:beforeRequest', (e) => {
    const form = e.detail.requestConfig && e.detail.requestConfig.elt;
    if (form instanceof HTMLFormElement)
      sentFields.set(e.detail.xhr, [...form.querySelectorAll('[data-clear]')]);
  });
  body.addEventListener('htmx:beforeSwap', (e) => {
    const fields = sentFields.get(e.detail.xhr);
    if (!fields || e.detail.xhr.status !== 200) return;
    for (const field of fields) field.value = '';
  });

  function announce() {
    const state = document.getElementById('board-state');
    if (!state) return;
    const now = { pending: Number(state.dataset.pending), messages: Number(state.dataset.messages) };
    const news = [];
    if (seen && now.pending > seen.pending) news.push('New decision: ' + state.dataset.newest);
    if (seen && now.messages > seen.messages) news.push('New message');
    seen = now;
    if (news.length > 0 && announcer) announcer.textContent = news.join('. ');
    const count = now.pending > 0 ? '(' + now.pending + ') ' : '';
    const what = news.length > 0 ? news[0].split(':')[0] : now.pending > 0 ? 'Decision waiting' : '';
    document.title = what ? count + what + ' — ' + baseTitle : baseTitle;
  }
  body.addEventListener('htmx:afterSettle', (e) => {
    if (e.detail.target && e.detail.target.id === 'board') announce();
  });

  listen();
})();
`;

/** The style sheet of every seat's page. */
export const GAME_CSS = `body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
.pending{border:2px solid #b50;padding:.5rem;margin:.5rem 0}.pending h3{margin:.2rem 0}
.pending textarea{width:100%;max-width:40rem;display:block}
.answer-buttons{margin-top:.4rem}.error{color:#a00}
.connection{position:sticky;top:0;background:#a00;color:#fff;padding:.5rem;font-weight:bold}
.connection[hidden]{display:none}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
