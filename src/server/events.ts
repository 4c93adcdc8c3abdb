/**
 * One Server-Sent Events stream per open page: a message whenever the game changes (its id the
 * game's version, so a page that reconnects having missed a change is told at once), a `time`
 * event when only the clock moved, and a comment as a heartbeat so that proxies and browsers keep
 * an idle stream open.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LiveGame } from '../live/game.js';
import type { Connections } from './connections.js';

/** How often an idle event stream sends a comment, so proxies and browsers keep it open. */
const HEARTBEAT_MS = 15_000;

/**
 * The event stream of one page; `seen` is the version its last event carried (`Last-Event-ID`), if
 * any. With `page`, the stream counts as one of its seat's connected pages while it is open.
 */
export function gameEvents(
  c: Context,
  game: LiveGame,
  seen: number,
  page?: { readonly seat: string; readonly connections: Connections },
): Response {
  return streamSSE(c, async (stream) => {
    const connection = page?.connections.connect(page.seat);
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
        connection?.beat();
      }
    } finally {
      stop();
      connection?.close();
    }
  });
}
