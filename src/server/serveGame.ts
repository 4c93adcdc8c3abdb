/**
 * Serving a live game over HTTP: its seats' tokens (kept in the game's folder, so a resumed game
 * has the same links), the app, the clock paced with real time, and the server itself.
 */
import { serve } from '@hono/node-server';
import type { LiveGame } from '../live/game.js';
import { startPacer } from '../live/pace.js';
import { seatsWithPages } from '../live/seats.js';
import { createGameApp } from './app.js';
import { SeatTokens } from './tokens.js';

/** Where to listen, and what to do when the paced clock fails. */
export interface ServeOptions {
  /** The address to listen on (e.g. `127.0.0.1`). */
  readonly host: string;
  /** The port; 0 picks a free one. */
  readonly port: number;
  /** Called when the game clock cannot move (the game stays up, paused). */
  readonly onClockError?: (error: unknown) => void;
}

/** A game being served. */
export interface ServedGame {
  /** The server's base URL. */
  readonly url: string;
  /** Each seat's link (the control cell's among them), in the order of the game's seats; the joint seat `alliance` has none. */
  readonly links: ReadonlyMap<string, string>;
  /** Stops the clock and the server and closes the game's log. */
  close(): void;
}

/** The server could not listen where it was asked to. */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

/**
 * Serves `game` until {@link ServedGame.close}; resolves once the server listens.
 *
 * @example
 * ```ts
 * const served = await serveGame(startGame({ ...options }), { host: '127.0.0.1', port: 0 });
 * for (const [seat, link] of served.links) console.log(seat, link);
 * ```
 */
export function serveGame(game: LiveGame, options: ServeOptions): Promise<ServedGame> {
  const tokens = SeatTokens.load(game.folder, seatsWithPages(game.plan));
  const app = createGameApp(game, tokens);
  const stopPacer = startPacer(game, {
    now: () => performance.now(),
    onError: options.onClockError ?? (() => {}),
  });
  return new Promise((done, fail) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port },
      (info) => {
        const host = options.host.includes(':') ? `[${options.host}]` : options.host;
        const url = `http://${host}:${info.port}`;
        const links = new Map(
          seatsWithPages(game.plan).map((seat) => [seat, `${url}/?token=${tokens.tokenOf(seat)}`]),
        );
        const close = () => {
          stopPacer();
          server.close();
          game.close();
        };
        done({ url, links, close });
      },
    );
    server.on('error', (error: NodeJS.ErrnoException) => {
      stopPacer();
      game.close();
      const reason =
        error.code === 'EADDRINUSE'
          ? 'in use'
          : error.code === 'EACCES'
            ? 'permission denied'
            : error.message;
      fail(
        new ListenError(`cannot listen on ${options.host}:${options.port} (${reason})`, error.code),
      );
    });
  });
}
