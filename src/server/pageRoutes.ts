/**
 * The routes of the pages' own files and the read-in: `/assets/game.js` and `/assets/game.css`
 * (the page script and style sheet, `pageScript.ts`) and `/briefing?token=…` (a seat's read-in).
 */
import type { Hono } from 'hono';
import { briefingView } from '../live/briefing.js';
import { briefingPage } from './briefingPage.js';
import { GAME_CSS, GAME_SCRIPT } from './pageScript.js';
import type { GameRequests } from './requests.js';

/** Adds the page script, the style sheet and the read-in page to `app`. */
export function addPageRoutes(app: Hono, r: GameRequests): void {
  const cache = { 'cache-control': 'no-cache' };
  app.get('/assets/game.js', (c) =>
    c.body(GAME_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', ...cache }),
  );
  app.get('/assets/game.css', (c) =>
    c.body(GAME_CSS, 200, { 'content-type': 'text/css; charset=utf-8', ...cache }),
  );
  app.get('/briefing', (c) => {
    const seat = r.seatOf(c);
    if (!seat) return r.unauthorised(c);
    return c.html(briefingPage(briefingView(r.game, seat), c.req.query('token')!));
  });
}
