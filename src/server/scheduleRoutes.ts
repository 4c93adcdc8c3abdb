/**
 * The control cell's routes for time and the schedule: the pace in simulated hours per real
 * minute (`/control/clock`), turn mode and the end of a turn (`/control/turns`), and adding,
 * editing or cancelling a scheduled inject (`/control/schedule`). Each takes a form with the
 * control cell's token and answers with its board.
 */
import type { Hono } from 'hono';
import { PaceSchema } from '../live/gameLog.js';
import { CONTROL } from '../live/seats.js';
import { ClockForm, TurnsForm, paceOfClockForm, paceOfTurnsForm } from './clockForms.js';
import { issues } from './forms.js';
import { ScheduleForm, scheduleChangeOf } from './scheduleForms.js';
import type { GameRequests } from './requests.js';

/** Adds the routes of the clock panel and the schedule panel to `app`. */
export function addScheduleRoutes(app: Hono, r: GameRequests): void {
  const { game } = r;
  app.post('/control/clock', async (c) => {
    const form = await r.controlForm(c, ClockForm, 'token and action (run or pause)');
    if (form instanceof Response) return form;
    const pace = PaceSchema.safeParse(paceOfClockForm(form, game.pace));
    if (!pace.success)
      return c.html(r.board(CONTROL, form.token, `the pace needs ${issues(pace.error)}`), 400);
    return r.attempt(c, CONTROL, form.token, () => game.setPace(CONTROL, pace.data));
  });
  app.post('/control/turns', async (c) => {
    const form = await r.controlForm(c, TurnsForm, 'token and action (turns, continuous or end)');
    if (form instanceof Response) return form;
    if (form.action === 'end')
      return r.attempt(c, CONTROL, form.token, () => game.endTurn(CONTROL));
    const pace = PaceSchema.safeParse(paceOfTurnsForm(form, game.pace, game.now));
    if (!pace.success)
      return c.html(r.board(CONTROL, form.token, `turns need ${issues(pace.error)}`), 400);
    return r.attempt(c, CONTROL, form.token, () => game.setPace(CONTROL, pace.data));
  });
  app.post('/control/schedule', async (c) => {
    const form = await r.controlForm(c, ScheduleForm, 'token, action (add, edit or cancel) and id');
    if (form instanceof Response) return form;
    const asked = scheduleChangeOf(form);
    if ('problem' in asked)
      return c.html(
        r.board(CONTROL, form.token, `the scheduled inject needs ${asked.problem}`),
        400,
      );
    return r.attempt(c, CONTROL, form.token, () => game.changeSchedule(CONTROL, asked.change));
  });
}
