/**
 * The facilitator's HTTP layer over a {@link LiveGame}: Hono routes for each seat's page and board,
 * one Server-Sent Events stream per tab (`events.ts`), answers and the control cell's clock as
 * form POSTs validated with zod (`forms.ts`). An unknown token gets 401 and learns nothing;
 * another seat's point 403; a stale answer 409; a body over 16 KiB 413. Nothing here changes the
 * game except through the library (`src/live/`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { LiveGame } from '../live/game.js';
import { GameInputError } from '../live/errors.js';
import { keepReviewOffThread } from '../live/reviewWorker.js';
import type { SeatTokens } from './tokens.js';
import { GameRequests, REFUSAL_STATUS } from './requests.js';
import { addSeatRoutes } from './seatRoutes.js';
import { addControlRoutes, addPresenceRoute } from './controlRoutes.js';
import { addPageRoutes } from './pageRoutes.js';
import { securityHeaders } from './security.js';
import { refuseUnlogged } from './diskErrors.js';
import { LogWriteError } from '../live/logWrite.js';
import { addApiRoutes } from './apiRoutes.js';

import { Connections } from './connections.js';

let htmxSource: string | undefined;
/** htmx, served from the package (never a CDN). */
function htmx(): string {
  htmxSource ??= readFileSync(
    createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'),
    'utf8',
  );
  return htmxSource;
}

/**
 * The app serving one game; `now` (milliseconds since the epoch, given by the caller: the library
 * reads no clock) is the real clock the control cell's view of connected pages and thinking time
 * is measured with.
 */
export function createGameApp(
  game: LiveGame,
  tokens: SeatTokens,
  now: () => number,
  title = game.model.scenario.title,
): Hono {
  const app = new Hono();
  app.use('*', ...securityHeaders());
  app.use(
    '*',
    bodyLimit({
      maxSize: 16 * 1024,
      onError: (c) =>
        c.req.path.startsWith('/api/')
          ? c.json({ error: 'request body over 16 KiB', refusal: 'tooLarge' }, 413)
          : c.text('request body over 16 KiB', 413),
    }),
  );
  app.onError((error, c) => {
    if (error instanceof GameInputError)
      return c.text(error.message, REFUSAL_STATUS[error.refusal]);
    if (error instanceof LogWriteError) return refuseUnlogged(error, c);
    return c.text('the server could not handle this request; the game is unchanged', 500);
  });
  app.get('/assets/htmx.min.js', (c) =>
    c.body(htmx(), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'max-age=3600',
    }),
  );
  // a game that ends leaves its review in its folder without anyone opening the page
  const review = keepReviewOffThread(game, (error) =>
    console.error(
      `error: could not write the review of game ${game.settings.id}: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
  const requests = new GameRequests(game, tokens, new Connections(now));
  addSeatRoutes(app, requests, title, review);
  addControlRoutes(app, requests);
  addPageRoutes(app, requests);
  addApiRoutes(app, game, tokens);
  addPresenceRoute(app, requests, now);
  return app;
}
