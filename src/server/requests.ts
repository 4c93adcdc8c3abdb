/**
 * What every route of the facilitator does with a request: find the seat its token opens (401
 * otherwise, learning nothing), answer with the seat's board, carry out an input and answer with
 * the board again, or with why the game refused it (a refusal's HTTP status), and take a control
 * cell's form (400 for a bad form, 403 for another seat's token).
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { LiveGame } from '../live/game.js';
import { GameInputError, type Refusal } from '../live/errors.js';
import { CONTROL } from '../live/seats.js';
import { seatView, type ControlView, type SideView } from '../live/views.js';
import { controlBoard, sideBoard } from './pages.js';
import type { SeatTokens } from './tokens.js';
import type { Connections } from './connections.js';
import { issues } from './forms.js';
import { formBody } from './formBody.js';

/** The HTTP status of each way a game refuses an input. */
export const REFUSAL_STATUS = {
  notYours: 403,
  notNow: 409,
  invalid: 422,
} as const satisfies Record<Refusal, number>;

/** The requests of one game's server. */
export class GameRequests {
  constructor(
    readonly game: LiveGame,
    private readonly tokens: SeatTokens,
    /** The pages connected to this game's server (its event streams). */
    readonly connections: Connections,
  ) {}

  /** The seat a token opens: the one given, else the request's `?token=`. */
  seatOf(c: Context, token?: string): string | undefined {
    return this.tokens.seatOf(token ?? c.req.query('token'));
  }

  unauthorised(c: Context): Response {
    return c.text('unknown or revoked token', 401);
  }

  /** A seat's board as HTML, with the reason an input was refused if one was. */
  board(seat: string, token: string, error?: string): string {
    const view = seatView(this.game, seat);
    return seat === CONTROL
      ? controlBoard(view as ControlView, token, error)
      : sideBoard(view as SideView, token, error);
  }

  /** Carries out a seat's input and answers with its board, showing why when the game refused it. */
  attempt(c: Context, seat: string, token: string, act: () => unknown): Response {
    try {
      act();
    } catch (error) {
      if (!(error instanceof GameInputError)) throw error;
      return c.html(this.board(seat, token, error.message), REFUSAL_STATUS[error.refusal]);
    }
    return c.html(this.board(seat, token));
  }

  /** A control-cell form: validated, its token the control cell's; else the response that refuses it. */
  async controlForm<T extends { token: string }>(
    c: Context,
    schema: z.ZodType<T>,
    expected: string,
  ): Promise<T | Response> {
    const body = await formBody(c);
    if (body instanceof Response) return body;
    const form = schema.safeParse(body);
    if (!form.success) return c.text(`expected ${expected}: ${issues(form.error)}`, 400);
    const seat = this.seatOf(c, form.data.token);
    if (!seat) return this.unauthorised(c);
    if (seat !== CONTROL) return c.text('only the control cell does this', 403);
    return form.data;
  }
}
