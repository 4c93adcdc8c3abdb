/**
 * The JSON API a seat's token opens, so that a script or an AI agent can play any seat: the seat's
 * view, its pending points with what the engine's policy would do, answers, notes, messages, and
 * (for the control cell) the clock. The token comes as `Authorization: Bearer <token>` (or
 * `?token=`). Bodies are JSON validated with zod; every refusal is JSON `{ error, refusal }` with
 * the status the forms use (400 a bad body, 401 an unknown token, 403 not the seat's, 409 not now,
 * 422 not an option or seat). Answers given here are logged with `via: 'api'`.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { LiveGame } from '../live/game.js';
import { GameInputError } from '../live/errors.js';
import { CONTROL } from '../live/seats.js';
import { seatView } from '../live/views.js';
import { policyOf } from '../live/answers.js';
import type { SeatTokens } from './tokens.js';
import { REFUSAL_STATUS } from './requests.js';
import { issues } from './forms.js';

/** Why the API refused a request: the game's refusals and the API's own. */
type ApiRefusal = keyof typeof REFUSAL_STATUS | 'unauthorised' | 'badRequest';

const Text = z.string().min(1).max(4000);

const ApiAnswerBody = z.strictObject({
  point: z.string().min(1).max(200),
  answer: z.string().min(1).max(100),
  version: z.number().int().nonnegative(),
  rationale: z.string().max(4000).optional(),
});

const ApiNoteBody = z.strictObject({ text: Text });

const ApiMessageBody = z.strictObject({
  to: z.string().min(1).max(1000),
  channel: z.string().min(1).max(100).optional(),
  text: Text,
});

/** Run the clock to a simulated minute (`until`) or to the next point a person must answer (`next`). */
const ApiClockBody = z.union([
  z.strictObject({ until: z.number().nonnegative() }),
  z.strictObject({ next: z.literal(true) }),
]);

/** A refusal as JSON, with its status. */
function refuse(
  c: Context,
  status: 400 | 401 | 403 | 409 | 422,
  refusal: ApiRefusal,
  error: string,
): Response {
  return c.json({ error, refusal }, status);
}

/** The token of an API request: `Authorization: Bearer <token>`, else `?token=`. */
function tokenOf(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? c.req.query('token');
}

/**
 * A seat's pending points as the API gives them (the control cell's: every seat's): as its page
 * shows them, with the probability the engine's policy would approve with (`policyApprove`).
 */
function pendingOf(game: LiveGame, seat: string) {
  const view = seatView(game, seat);
  const points = new Map(game.pending().map((p) => [p.id, p]));
  return {
    seat,
    version: game.version,
    time: game.now,
    finished: game.finished,
    pending: view.pending.map((p) => {
      const point = points.get(p.id)!;
      return {
        ...p,
        seat: point.seat,
        ...policyOf(game.model, (side) => game.simulation.picture(side), point),
      };
    }),
  };
}

/** What every route of the API works with: the game, and the seat a request's token opens. */
interface Api {
  readonly game: LiveGame;
  seatOf(c: Context): string | undefined;
}

/** The routes that only read. */
function addReads(app: Hono, { game, seatOf }: Api): void {
  app.get('/api/view', (c) => {
    const seat = seatOf(c);
    return seat ? c.json(seatView(game, seat)) : unknownToken(c);
  });
  app.get('/api/pending', (c) => {
    const seat = seatOf(c);
    return seat ? c.json(pendingOf(game, seat)) : unknownToken(c);
  });
}

const unknownToken = (c: Context) => refuse(c, 401, 'unauthorised', 'unknown or revoked token');

/**
 * An API input: the seat from the token, the body parsed as JSON and validated with `schema`, the
 * game's refusal as JSON; `act` returns what the response carries besides the game's version.
 */
async function input<T>(
  c: Context,
  { game, seatOf }: Api,
  schema: z.ZodType<T>,
  act: (seat: string, body: T) => Record<string, unknown> | Response,
): Promise<Response> {
  const seat = seatOf(c);
  if (!seat) return unknownToken(c);
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    return refuse(c, 400, 'badRequest', 'expected a JSON object as the body');
  }
  const body = schema.safeParse(json);
  if (!body.success) return refuse(c, 400, 'badRequest', `expected ${issues(body.error)}`);
  try {
    const result = act(seat, body.data);
    if (result instanceof Response) return result;
    return c.json({ ...result, version: game.version, time: game.now, finished: game.finished });
  } catch (error) {
    if (!(error instanceof GameInputError)) throw error;
    return refuse(c, REFUSAL_STATUS[error.refusal], error.refusal, error.message);
  }
}

/** Answers, notes and messages: what every seat sends. */
function addInputs(app: Hono, api: Api): void {
  const { game } = api;
  app.post('/api/answer', (c) =>
    input(c, api, ApiAnswerBody, (seat, body) => ({
      answer: game.answer({
        seat,
        point: body.point,
        answer: body.answer,
        version: body.version,
        ...(body.rationale ? { rationale: body.rationale } : {}),
        via: 'api',
      }),
    })),
  );
  app.post('/api/note', (c) =>
    input(c, api, ApiNoteBody, (seat, body) => {
      game.note(seat, body.text);
      return { noted: true };
    }),
  );
  app.post('/api/message', (c) =>
    input(c, api, ApiMessageBody, (seat, body) => ({
      // over a channel of the design (the first that reaches every recipient unless one is named)
      message: game.send(seat, {
        to: body.to,
        ...(body.channel ? { channel: body.channel } : {}),
        text: body.text,
      }),
    })),
  );
}

/** The control cell's clock. */
function addClock(app: Hono, api: Api): void {
  const { game } = api;
  app.post('/api/clock', (c) =>
    input(c, api, ApiClockBody, (seat, body) => {
      if (seat !== CONTROL)
        return refuse(c, 403, 'notYours', 'only the control cell runs the clock');
      const status = game.runClock(CONTROL, 'until' in body ? body.until : undefined);
      return { status: status.status };
    }),
  );
}

/** Adds the JSON API (see the module comment) to `app`. */
export function addApiRoutes(app: Hono, game: LiveGame, tokens: SeatTokens): void {
  const api: Api = { game, seatOf: (c) => tokens.seatOf(tokenOf(c)) };
  addReads(app, api);
  addInputs(app, api);
  addClock(app, api);
}
