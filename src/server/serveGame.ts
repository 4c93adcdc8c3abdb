/**
 * Serving a live game over HTTP: its seats' tokens (kept in the game's folder, so a resumed game
 * has the same links), the app, the clock paced with real time, and the server itself, which
 * records the port it listens on in the game's folder (`server.json`) so that a resumed game can
 * come back on it and every open page reconnects.
 */
import { readRegularFile } from '../io/regularFile.js';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { LiveGame } from '../live/game.js';
import { SERVER_FILE } from '../live/folder.js';
import { startPacer } from '../live/pace.js';
import { seatsWithPages } from '../live/seats.js';
import { writeFileAtomic } from '../io/atomic.js';
import { createGameApp } from './app.js';
import { SeatTokens } from './tokens.js';
import { addLinksRoute, linkBase, seatLinks, type LinkBase } from './links.js';

/**
 * The real clocks a served game reads, given by the caller (the library reads none): the time of
 * day in milliseconds since the epoch (which pages are connected, how long a seat has been
 * thinking) and a monotonic clock in milliseconds (the paced game clock's ticks).
 */
export interface ServerClock {
  readonly now: () => number;
  readonly monotonic: () => number;
}

/** Where to listen, the real clocks, and what to do when the paced clock fails. */
export interface ServeOptions {
  readonly clock: ServerClock;
  /** The address to listen on (e.g. `127.0.0.1`). */
  readonly host: string;
  /** The port; 0 picks a free one. */
  readonly port: number;
  /** The address players open (a proxy, a name); the links use it instead of the server's. */
  readonly publicUrl?: string;
  /** Called when the game clock cannot move (the game stays up, paused). */
  readonly onClockError?: (error: unknown) => void;
}

/** A game being served. */
export interface ServedGame {
  /** The server's base URL. */
  readonly url: string;
  /** Each seat's link (the control cell's among them), in the order of the game's seats; the joint seat `alliance` has none. */
  readonly links: ReadonlyMap<string, string>;
  /** The port the server listens on. */
  readonly port: number;
  /** Why the links use another address than the one listened on (every interface); undefined otherwise. */
  readonly note?: string;
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
 * const clock = { now: () => Date.now(), monotonic: () => performance.now() };
 * const served = await serveGame(startGame({ ...options }), { host: '127.0.0.1', port: 0, clock });
 * for (const [seat, link] of served.links) console.log(seat, link);
 * ```
 */
export function serveGame(game: LiveGame, options: ServeOptions): Promise<ServedGame> {
  const tokens = SeatTokens.load(game.folder, seatsWithPages(game.plan));
  const app = createGameApp(game, tokens, options.clock.now);
  let base: LinkBase = { url: '', others: [] };
  addLinksRoute(app, tokens, game.model.scenario.title, () => ({
    base,
    links: seatLinks(base.url, seatsWithPages(game.plan), tokens),
  }));
  const stopPacer = startPacer(game, {
    now: options.clock.monotonic,
    onError: options.onClockError ?? (() => {}),
  });
  return new Promise((done, fail) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port },
      (info) => {
        writeFileAtomic(
          join(game.folder, SERVER_FILE),
          `${JSON.stringify({ host: options.host, port: info.port, ...(options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {}) }, null, 2)}\n`,
        );
        base = linkBase({
          host: options.host,
          port: info.port,
          ...(options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {}),
          interfaces: networkInterfaces(),
        });
        const host = options.host.includes(':') ? `[${options.host}]` : options.host;
        const close = () => {
          stopPacer();
          server.close();
          game.close();
        };
        done({
          url: `http://${host}:${info.port}`,
          links: seatLinks(base.url, seatsWithPages(game.plan), tokens),
          port: info.port,
          ...(base.note !== undefined ? { note: base.note } : {}),
          close,
        });
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

/** Where a game was last served, from its folder's `server.json`: what is missing or malformed is left out. */
export interface LastServed {
  readonly host?: string;
  readonly port?: number;
  readonly publicUrl?: string;
}

/**
 * Where the game in `folder` was last served (`server.json`), so that a resumed game comes back on
 * the same address, port and links; empty when there is no such file or it cannot be read.
 */
export function lastServed(folder: string): LastServed {
  const file = join(folder, SERVER_FILE);
  if (!existsSync(file)) return {};
  let recorded: Record<string, unknown>;
  try {
    recorded = JSON.parse(readRegularFile(file)) as Record<string, unknown>;
  } catch {
    return {};
  }
  const { host, port, publicUrl } = recorded;
  return {
    ...(typeof host === 'string' && host !== '' ? { host } : {}),
    ...(typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536
      ? { port }
      : {}),
    ...(typeof publicUrl === 'string' && publicUrl !== '' ? { publicUrl } : {}),
  };
}
