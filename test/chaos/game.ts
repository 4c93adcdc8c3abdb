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
 * Plays a game to its end (see the module comment) and waits for its review files; how long its
 * play and its review took.
 */
export class Player {
  /** Whether the game has ended (the review may still be being written). */
  finished = false;
  /** From the start to the game's end, ms. */
  playMs = 0;
  /** From the game's end to its review files, ms. */
  reviewMs = 0;
  /** Settles when the review files are in the folder; fails after `deadlineMs`. */
  readonly done: Promise<void>;

  constructor(links: GameLinks, folder: string, deadlineMs = 90_000) {
    this.done = this.play(links, folder, Date.now() + deadlineMs);
  }

  private async play(links: GameLinks, folder: string, until: number): Promise<void> {
    const from = Date.now();
    while (!(await this.step(links))) {
      if (Date.now() > until) throw new Error(`the game in ${folder} did not end in time`);
    }
    this.finished = true;
    this.playMs = Date.now() - from;
    const missing = () => GAME_FILES.filter((f) => !existsSync(join(folder, f)));
    while (missing().length > 0) {
      if (Date.now() > until)
        throw new Error(`the game in ${folder} ended, but ${missing().join(', ')} never came`);
      await new Promise((r) => setTimeout(r, 25));
    }
    this.reviewMs = Date.now() - from - this.playMs;
  }

  /** One move: answers a pending point, or runs the clock; whether the game has ended. */
  private async step(links: GameLinks): Promise<boolean> {
    const read = await call(links, 'control', '/api/pending');
    if (!read || read.status !== 200) {
      await new Promise((r) => setTimeout(r, 25));
      return false;
    }
    if (read.json.finished) return true;
    const point = (read.json.pending as Point[])[0];
    if (point)
      await call(links, links.tokens.has(point.seat) ? point.seat : 'control', '/api/answer', {
        point: point.id,
        answer: choose(point),
        version: read.json.version,
        rationale: 'answered by the chaos test',
      });
    else await call(links, 'control', '/api/clock', { next: true });
    return false;
  }
}
