/**
 * The routes every seat uses: its page, its board, its view as JSON, its event stream, the
 * after-action review, and its answers, positions on joint decisions, notes and messages as form
 * POSTs.
 */
import { formBody } from './formBody.js';
import type { Hono } from 'hono';
import { CONTROL } from '../live/seats.js';
import { seatView } from '../live/views.js';
import {
  REVIEW_TABLES,
  reviewTables,
  type ReviewKeeper,
  type ReviewTable,
} from '../live/review.js';
import { gameEvents } from './events.js';
import { AnswerForm, MessageForm, NoteForm, PositionForm, issues } from './forms.js';
import { shellPage } from './pages.js';
import type { GameRequests } from './requests.js';

/** The pages a seat's token opens, read only. */
function addPages(app: Hono, r: GameRequests, title: string, review: ReviewKeeper): void {
  const { game } = r;
  app.get('/', (c) => {
    const token = c.req.query('token');
    const seat = r.seatOf(c);
    return seat ? c.html(shellPage(seat, token!, title)) : r.unauthorised(c);
  });
  app.get('/board', (c) => {
    const seat = r.seatOf(c);
    return seat ? c.html(r.board(seat, c.req.query('token')!)) : r.unauthorised(c);
  });
  app.get('/view.json', (c) => {
    const seat = r.seatOf(c);
    return seat ? c.json(seatView(game, seat)) : r.unauthorised(c);
  });
  app.get('/events', (c) => {
    const seat = r.seatOf(c);
    if (!seat) return r.unauthorised(c);
    return gameEvents(c, game, Number(c.req.header('Last-Event-ID') ?? NaN), {
      seat,
      connections: r.connections,
    });
  });
  app.get('/review', async (c) => {
    const seat = r.seatOf(c);
    if (!seat) return r.unauthorised(c);
    if (seat !== CONTROL && !game.finished)
      return c.text('the after-action review opens to the players when the game ends', 403);
    return c.html(await review.current());
  });
  app.get('/review.csv', (c) => {
    const seat = r.seatOf(c);
    if (!seat) return r.unauthorised(c);
    if (seat !== CONTROL && !game.finished)
      return c.text('the after-action review opens to the players when the game ends', 403);
    const table = c.req.query('table') as ReviewTable;
    if (!REVIEW_TABLES.includes(table))
      return c.text(`expected table=${REVIEW_TABLES.join(' or table=')}`, 400);
    c.header('Content-Disposition', `attachment; filename="${table}.csv"`);
    // the tables need no batch: made here, at once, from the game as it stands
    return c.body(reviewTables(game)[table], 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });
}

/** A seat's answers to its points and its notes for the record. */
function addInputs(app: Hono, r: GameRequests): void {
  const { game } = r;
  app.post('/answer', async (c) => {
    const body = await formBody(c);
    if (body instanceof Response) return body;
    const form = AnswerForm.safeParse(body);
    if (!form.success)
      return c.text(`expected token, point, answer and version: ${issues(form.error)}`, 400);
    const seat = r.seatOf(c, form.data.token);
    if (!seat) return r.unauthorised(c);
    return r.attempt(c, seat, form.data.token, () =>
      game.answer({
        seat,
        point: form.data.point,
        answer: form.data.answer,
        version: form.data.version,
        ...(form.data.rationale ? { rationale: form.data.rationale } : {}),
      }),
    );
  });
  app.post('/position', async (c) => {
    const body = await formBody(c);
    if (body instanceof Response) return body;
    const form = PositionForm.safeParse(body);
    if (!form.success)
      return c.text(`expected token, point, position and version: ${issues(form.error)}`, 400);
    const seat = r.seatOf(c, form.data.token);
    if (!seat) return r.unauthorised(c);
    return r.attempt(c, seat, form.data.token, () =>
      game.position({
        seat,
        point: form.data.point,
        position: form.data.position,
        version: form.data.version,
        ...(form.data.rationale ? { rationale: form.data.rationale } : {}),
      }),
    );
  });
  app.post('/note', async (c) => {
    const body = await formBody(c);
    if (body instanceof Response) return body;
    const form = NoteForm.safeParse(body);
    if (!form.success) return c.text(`expected token and text: ${issues(form.error)}`, 400);
    const seat = r.seatOf(c, form.data.token);
    if (!seat) return r.unauthorised(c);
    return r.attempt(c, seat, form.data.token, () => game.note(seat, form.data.text));
  });
  app.post('/message', async (c) => {
    const body = await formBody(c);
    if (body instanceof Response) return body;
    const form = MessageForm.safeParse(body);
    if (!form.success) return c.text(`expected token, to and text: ${issues(form.error)}`, 400);
    const seat = r.seatOf(c, form.data.token);
    if (!seat) return r.unauthorised(c);
    const { to, channel, text } = form.data;
    return r.attempt(c, seat, form.data.token, () =>
      game.send(seat, { to, text, ...(channel ? { channel } : {}) }),
    );
  });
}

/** Adds the routes every seat uses to `app`. */
export function addSeatRoutes(
  app: Hono,
  r: GameRequests,
  title: string,
  review: ReviewKeeper,
): void {
  addPages(app, r, title, review);
  addInputs(app, r);
}
