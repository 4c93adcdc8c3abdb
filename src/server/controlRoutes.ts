/**
 * The control cell's routes: injects (a fact, a message, an adversary move, an organisation
 * change), handing a seat to the engine's policy, the clock's pace, running the clock, ending
 * the game, and the table of connected pages and thinking time. Each takes the control cell's
 * token.
 */
import type { Hono } from 'hono';
import { InjectSchema, PaceSchema } from '../live/gameLog.js';
import { CONTROL } from '../live/seats.js';
import {
  AdvanceForm,
  HandoverForm,
  InjectForm,
  PaceForm,
  TokenForm,
  injectOf,
  issues,
} from './forms.js';
import type { GameRequests } from './requests.js';
import { addScheduleRoutes } from './scheduleRoutes.js';
import { presenceTable } from './feedPanel.js';
import { thinkingOf } from '../live/feed.js';

/** Injects and handovers: what the control cell changes in the run. */
function addInjects(app: Hono, r: GameRequests): void {
  const { game } = r;
  app.post('/control/inject', async (c) => {
    const form = await r.controlForm(
      c,
      InjectForm,
      'token and type (fact, message, move or organisation)',
    );
    if (form instanceof Response) return form;
    const inject = InjectSchema.safeParse(injectOf(form));
    if (!inject.success)
      return c.html(
        r.board(CONTROL, form.token, `the ${form.type} inject needs ${issues(inject.error)}`),
        400,
      );
    return r.attempt(c, CONTROL, form.token, () => game.inject(CONTROL, inject.data));
  });
  app.post('/control/handover', async (c) => {
    const form = await r.controlForm(c, HandoverForm, 'token and seat');
    if (form instanceof Response) return form;
    return r.attempt(c, CONTROL, form.token, () => game.handToPolicy(CONTROL, form.seat));
  });
}

/** The clock: its pace, running it by hand, ending the game. */
function addClock(app: Hono, r: GameRequests): void {
  const { game } = r;
  app.post('/control/pace', async (c) => {
    const form = await r.controlForm(c, PaceForm, 'token and action (run or pause)');
    if (form instanceof Response) return form;
    const pace = PaceSchema.safeParse({
      running: form.action === 'run',
      ratio: form.ratio ?? game.pace.ratio,
      thinking: form.thinking ?? game.pace.thinking,
    });
    if (!pace.success)
      return c.html(r.board(CONTROL, form.token, `the pace needs ${issues(pace.error)}`), 400);
    return r.attempt(c, CONTROL, form.token, () => game.setPace(CONTROL, pace.data));
  });
  app.post('/control/end', async (c) => {
    const form = await r.controlForm(c, TokenForm, 'token');
    if (form instanceof Response) return form;
    return r.attempt(c, CONTROL, form.token, () => game.end(CONTROL));
  });
  app.post('/control/advance', async (c) => {
    const form = await r.controlForm(c, AdvanceForm, 'token and to (next or hours)');
    if (form instanceof Response) return form;
    return r.attempt(c, CONTROL, form.token, () =>
      game.runClock(CONTROL, form.to === 'next' ? undefined : game.now + (form.hours ?? 6) * 60),
    );
  });
}

/** Adds the control cell's routes to `app`. */
export function addControlRoutes(app: Hono, r: GameRequests): void {
  addInjects(app, r);
  addClock(app, r);
  addScheduleRoutes(app, r);
}

/**
 * Adds `/control/presence` (the presence table, the control cell's token only) to `app`, with
 * times measured on the clock `now` (milliseconds since the epoch).
 */
export function addPresenceRoute(app: Hono, r: GameRequests, now: () => number): void {
  const { game, connections } = r;
  app.get('/control/presence', (c) => {
    const seat = r.seatOf(c);
    if (!seat) return r.unauthorised(c);
    if (seat !== CONTROL) return c.text('only the control cell does this', 403);
    return c.html(presenceTable(connections.presence(game.plan.seats), thinkingOf(game), now()));
  });
}
