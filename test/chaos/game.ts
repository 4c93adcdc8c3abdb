/**
 * A live game for the chaos test: the facilitator (`rungs facilitate`, the built CLI, its time of
 * day held still by `fixedClock.mjs` so two games given the same answers log the same bytes) and
 * a player that drives it through the bot API as examples/bot-seat.mjs does, for every seat and the
 * control cell at once: it answers each pending point with the policy's likelier answer, with the
 * token of the point's seat, and runs the clock to the next decision when none is pending. It
 * goes on through the facilitator's deaths, retrying until the server answers again.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { commandLine, startNode, waitFor, type Started } from '../command.js';
import { started } from './killer.js';

const FIXED_CLOCK = join(import.meta.dirname, 'fixedClock.mjs');

/** The files a game leaves in its folder that the chaos test compares. */
export const GAME_FILES = [
  'log.jsonl',
  'result.json',
  'review.html',
  'answers.csv',
  'timeline.csv',
] as const;

/** The address and seat tokens the facilitator printed. */
export interface GameLinks {
  readonly origin: string;
  readonly tokens: ReadonlyMap<string, string>;
}

/** Starts `rungs facilitate <args>` with the time of day held still. */
export function startFacilitator(args: readonly string[]): Started {
  const run = startNode(['--import', FIXED_CLOCK, ...commandLine('facilitate', args)]);
  started.push(run.child);
  return run;
}

/** Waits for the facilitator's links page line; the address and every seat's token. */
export async function linksOf(run: Started): Promise<GameLinks> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  await waitFor(() => {
    if (ended) throw new Error(`facilitate ended: ${run.stderr()}`);
    return run.stdout().includes('links page');
  }, 'the facilitator to print its links');
  const tokens = new Map<string, string>();
  let origin = '';
  for (const m of run.stdout().matchAll(/^(\S+)\s+(http:\/\/[^/]+)\/\?token=(\S+)$/gm)) {
    tokens.set(m[1]!, m[3]!);
    origin = m[2]!;
  }
  return { origin, tokens };
}

interface Point {
  readonly id: string;
  readonly seat: string;
  readonly options: readonly string[];
  readonly policyApprove?: number;
}

/** The bot's rule (examples/bot-seat.mjs): the policy's likelier answer, else the first option. */
function choose(point: Point): string {
  if (point.policyApprove === undefined || !point.options.includes('approve'))
    return point.options[0]!;
  return point.policyApprove >= 0.5 ? 'approve' : point.options.find((o) => o !== 'approve')!;
}

/** One request of the bot API; undefined while the server is down. */
async function call(
  links: GameLinks,
  seat: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> } | undefined> {
  try {
    const response = await fetch(links.origin + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${links.tokens.get(seat)!}`,
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: response.status, json };
  } catch {
    return undefined;
  }
}

/**
 * Plays the game to its end (see the module comment) and waits for its review files; gives up
 * after `deadlineMs`.
 */
export async function playThrough(links: GameLinks, folder: string, deadlineMs: number) {
  const until = Date.now() + deadlineMs;
  const pause = () => new Promise((r) => setTimeout(r, 25));
  for (;;) {
    if (Date.now() > until) throw new Error(`the game did not end within ${deadlineMs} ms`);
    const read = await call(links, 'control', '/api/pending');
    if (!read || read.status !== 200) {
      await pause();
      continue;
    }
    if (read.json.finished) {
      console.log(`game finished after ${deadlineMs - (until - Date.now())} ms`);
      break;
    }
    const point = (read.json.pending as Point[])[0];
    if (point)
      await call(links, links.tokens.has(point.seat) ? point.seat : 'control', '/api/answer', {
        point: point.id,
        answer: choose(point),
        version: read.json.version,
        rationale: 'answered by the chaos test',
      });
    else await call(links, 'control', '/api/clock', { next: true });
  }
  await waitFor(
    () => GAME_FILES.every((f) => existsSync(join(folder, f))),
    'the review files',
    Math.max(1000, until - Date.now()),
  );
}
