/**
 * The facilitator's HTTP layer over a {@link LiveGame}: Hono routes for each seat's page and board,
 * one Server-Sent Events stream per tab (heartbeats; each event's id is the game's version, so a
 * reconnecting page is told at once if it missed a change), answers and the control cell's clock
 * as form POSTs validated with zod. An unknown token gets 401 and learns nothing; another seat's
 * point 403; a stale answer 409; a body over 16 KiB 413. Nothing here changes the game except
 * through the library.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { GameInputError, type LiveGame } from './game.js';
import { InjectSchema, PaceSchema } from './gameLog.js';
import { CONTROL } from './seats.js';
import type { SeatTokens } from './tokens.js';
import { seatView, type ControlView, type SideView } from './views.js';
import { controlBoard, shellPage, sideBoard } from './pages.js';
import { reviewGame, reviewHtml } from './review.js';
import { writeFileAtomic } from '../io/atomic.js';
import { join } from 'node:path';

/** Seeds of the Monte Carlo batch a review sets the game against. */
export const REVIEW_SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

const AnswerForm = z.strictObject({
  token: z.string().min(1).max(200),
  point: z.string().min(1).max(200),
  answer: z.string().min(1).max(100),
  version: z.coerce.number().int().nonnegative(),
  rationale: z.string().max(4000).optional(),
});

const AdvanceForm = z.strictObject({
  token: z.string().min(1).max(200),
  to: z.enum(['next', 'hours']),
  hours: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .optional(),
});

const InjectForm = z.strictObject({
  token: z.string().min(1).max(200),
  type: z.enum(['fact', 'message', 'move', 'organisation']),
  fact: z.string().max(100).optional(),
  side: z.enum(['japan', 'unitedStates', 'alliance', 'all']).optional(),
  to: z.string().max(100).optional(),
  text: z.string().max(4000).optional(),
  org: z.string().max(100).optional(),
  capacity: z.string().max(20).optional(),
  delayFactor: z.string().max(20).optional(),
});

const PaceForm = z.strictObject({
  token: z.string().min(1).max(200),
  action: z.enum(['run', 'pause']),
  ratio: z.coerce.number().optional(),
  thinking: z.coerce.number().optional(),
});

const TokenForm = z.strictObject({ token: z.string().min(1).max(200) });
const NoteForm = z.strictObject({
  token: z.string().min(1).max(200),
  text: z.string().min(1).max(4000),
});

/** An inject form as the log takes it; blank optional fields are absent. */
function injectOf(form: z.output<typeof InjectForm>): unknown {
  const number = (v?: string) => (v === undefined || v.trim() === '' ? undefined : Number(v));
  switch (form.type) {
    case 'fact':
      return { type: 'fact', fact: form.fact, side: form.side ?? 'all' };
    case 'message':
      return { type: 'message', to: form.to, text: form.text };
    case 'move':
      return { type: 'move', to: form.to };
    case 'organisation': {
      const capacity = number(form.capacity);
      const delayFactor = number(form.delayFactor);
      return {
        type: 'organisation',
        org: form.org,
        ...(capacity === undefined ? {} : { capacity }),
        ...(delayFactor === undefined ? {} : { delayFactor }),
      };
    }
  }
}

const issues = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(form)'}: ${i.message}`).join('; ');

const HandoverForm = z.strictObject({
  token: z.string().min(1).max(200),
  seat: z.string().min(1).max(100),
});

/** How often an idle event stream sends a comment, so proxies and browsers keep it open. */
const HEARTBEAT_MS = 15_000;

let htmxSource: string | undefined;
function htmx(): string {
  htmxSource ??= readFileSync(
    createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'),
    'utf8',
  );
  return htmxSource;
}

/** The app serving one game. */
export function createGameApp(
  game: LiveGame,
  tokens: SeatTokens,
  title = game.model.scenario.title,
): Hono {
  const app = new Hono();
  const seatOf = (c: Context, token?: string) => tokens.seatOf(token ?? c.req.query('token'));
  const unauthorised = (c: Context) => c.text('unknown or revoked token', 401);
  const board = (seat: string, token: string, error?: string) => {
    const view = seatView(game, seat);
    return seat === CONTROL
      ? controlBoard(view as ControlView, token, error)
      : sideBoard(view as SideView, token, error);
  };

  /** Carries out a seat's input and answers with its board, showing why when the game refused it. */
  const attempt = (c: Context, seat: string, token: string, act: () => unknown) => {
    try {
      act();
    } catch (error) {
      if (!(error instanceof GameInputError)) throw error;
      return c.html(board(seat, token, error.message), error.status);
    }
    return c.html(board(seat, token));
  };

  app.use(
    '*',
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('request body over 16 KiB', 413) }),
  );
  app.onError((error, c) => {
    if (error instanceof GameInputError) return c.text(error.message, error.status);
    return c.text('the server could not handle this request; the game is unchanged', 500);
  });

  app.get('/assets/htmx.min.js', (c) =>
    c.body(htmx(), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'max-age=3600',
    }),
  );

  app.get('/', (c) => {
    const token = c.req.query('token');
    const seat = seatOf(c);
    return seat ? c.html(shellPage(seat, token!, title)) : unauthorised(c);
  });

  app.get('/board', (c) => {
    const seat = seatOf(c);
    return seat ? c.html(board(seat, c.req.query('token')!)) : unauthorised(c);
  });

  app.get('/view.json', (c) => {
    const seat = seatOf(c);
    return seat ? c.json(seatView(game, seat)) : unauthorised(c);
  });

  app.get('/events', (c) => {
    const seat = seatOf(c);
    if (!seat) return unauthorised(c);
    const seen = Number(c.req.header('Last-Event-ID') ?? NaN);
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | undefined;
      const stop = game.onChange(() => wake?.());
      stream.onAbort(() => wake?.());
      try {
        // a page that reconnects having missed a change refreshes at once
        if (!Number.isNaN(seen) && seen !== game.version)
          await stream.writeSSE({ data: String(game.version), id: String(game.version) });
        let sent = game.version;
        let sentTime = game.now;
        while (!stream.aborted) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, HEARTBEAT_MS);
          });
          if (stream.aborted) break;
          if (game.version !== sent) {
            sent = game.version;
            sentTime = game.now;
            await stream.writeSSE({ data: String(sent), id: String(sent) });
          } else if (game.now !== sentTime) {
            // only the clock moved: the page updates its clock, not its board (and keeps what is being typed)
            sentTime = game.now;
            await stream.writeSSE({ event: 'time', data: String(sentTime) });
          } else await stream.write(': heartbeat\n\n');
        }
      } finally {
        stop();
      }
    });
  });

  let review: { version: number; html: string } | undefined;
  /** The review as the game now stands, written beside the log as well. */
  const currentReview = async () => {
    if (review?.version !== game.version) {
      const version = game.version;
      review = { version, html: await reviewHtml(reviewGame(game, REVIEW_SEEDS)) };
      writeFileAtomic(join(game.folder, 'review.html'), review.html);
    }
    return review.html;
  };
  // a game that ends leaves its review in its folder without anyone opening the page
  const stopWatchingEnd = game.onChange(() => {
    if (!game.finished) return;
    stopWatchingEnd();
    setImmediate(() => {
      currentReview().catch((error: unknown) =>
        console.error(
          `error: could not write the review of game ${game.settings.id}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    });
  });
  app.get('/review', async (c) => {
    const seat = seatOf(c);
    if (!seat) return unauthorised(c);
    if (seat !== CONTROL && !game.finished)
      return c.text('the after-action review opens to the players when the game ends', 403);
    return c.html(await currentReview());
  });

  app.post('/answer', async (c) => {
    const form = AnswerForm.safeParse(await c.req.parseBody());
    if (!form.success)
      return c.text(`expected token, point, answer and version: ${issues(form.error)}`, 400);
    const seat = seatOf(c, form.data.token);
    if (!seat) return unauthorised(c);
    return attempt(c, seat, form.data.token, () =>
      game.answer({
        seat,
        point: form.data.point,
        answer: form.data.answer,
        version: form.data.version,
        ...(form.data.rationale ? { rationale: form.data.rationale } : {}),
      }),
    );
  });

  /** A control-cell form: validated, its token the control cell's; else the response that refuses it. */
  async function controlForm<T extends { token: string }>(
    c: Context,
    schema: z.ZodType<T>,
    expected: string,
  ): Promise<T | Response> {
    const form = schema.safeParse(await c.req.parseBody());
    if (!form.success) return c.text(`expected ${expected}: ${issues(form.error)}`, 400);
    const seat = seatOf(c, form.data.token);
    if (!seat) return unauthorised(c);
    if (seat !== CONTROL) return c.text('only the control cell does this', 403);
    return form.data;
  }

  app.post('/control/inject', async (c) => {
    const form = await controlForm(
      c,
      InjectForm,
      'token and type (fact, message, move or organisation)',
    );
    if (form instanceof Response) return form;
    const inject = InjectSchema.safeParse(injectOf(form));
    if (!inject.success)
      return c.html(
        board(CONTROL, form.token, `the ${form.type} inject needs ${issues(inject.error)}`),
        400,
      );
    return attempt(c, CONTROL, form.token, () => game.inject(CONTROL, inject.data));
  });

  app.post('/control/handover', async (c) => {
    const form = await controlForm(c, HandoverForm, 'token and seat');
    if (form instanceof Response) return form;
    return attempt(c, CONTROL, form.token, () => game.handToPolicy(CONTROL, form.seat));
  });

  app.post('/control/pace', async (c) => {
    const form = await controlForm(c, PaceForm, 'token and action (run or pause)');
    if (form instanceof Response) return form;
    const pace = PaceSchema.safeParse({
      running: form.action === 'run',
      ratio: form.ratio ?? game.pace.ratio,
      thinking: form.thinking ?? game.pace.thinking,
    });
    if (!pace.success)
      return c.html(board(CONTROL, form.token, `the pace needs ${issues(pace.error)}`), 400);
    return attempt(c, CONTROL, form.token, () => game.setPace(CONTROL, pace.data));
  });

  app.post('/control/end', async (c) => {
    const form = await controlForm(c, TokenForm, 'token');
    if (form instanceof Response) return form;
    return attempt(c, CONTROL, form.token, () => game.end(CONTROL));
  });

  app.post('/note', async (c) => {
    const form = NoteForm.safeParse(await c.req.parseBody());
    if (!form.success) return c.text(`expected token and text: ${issues(form.error)}`, 400);
    const seat = seatOf(c, form.data.token);
    if (!seat) return unauthorised(c);
    return attempt(c, seat, form.data.token, () => game.note(seat, form.data.text));
  });

  app.post('/control/advance', async (c) => {
    const form = await controlForm(c, AdvanceForm, 'token and to (next or hours)');
    if (form instanceof Response) return form;
    return attempt(c, CONTROL, form.token, () =>
      game.runClock(CONTROL, form.to === 'next' ? undefined : game.now + (form.hours ?? 6) * 60),
    );
  });

  return app;
}
