/**
 * `rungs bench-live [--answers 20]`: a bounded load test of the facilitator on
 * 127.0.0.1. Ten seats (nine player cells and the control cell), five open pages each (50 event
 * streams); the control cell answers pending points over HTTP one after another, and for each
 * answer we time how long until every one of the 50 streams has been told of the change.
 * Prints the median and the worst of those times and the number of failed requests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { LiveGame } from '../src/live/game.js';
import { SeatTokens } from '../src/server/tokens.js';
import { createGameApp } from '../src/server/app.js';
import { compileModel } from '../src/model/compile.js';
import { loadDesign, loadScenario } from '../src/scenario/load.js';
import { commandArgs, intOption, noPositional } from '../src/cli/args.js';
import { runCli } from '../src/cli/run.js';

const SEATS = [
  'japan',
  'unitedStates',
  'adversary',
  'jp.mso',
  'jp.defense*',
  'us.fdo',
  'us.article5*',
  'alliance.*',
  'jp.responsePlan.*',
];
const PAGES_PER_SEAT = 5;

const HELP = `usage: rungs bench-live [--answers 20]
       (npm run bench-live -- … is the same)

A bounded load test of the facilitator on 127.0.0.1: ${SEATS.length + 1} seats (${SEATS.length} player cells and the control
cell), ${PAGES_PER_SEAT} open pages each; the control cell answers pending points over HTTP one after another, and
for each answer the time until every page has been told of it. Prints the median and the worst
of those times and the number of failed requests.

  --answers N   answers to post (default 20, at most 1000)`;

/** An open page: the last version its event stream told, and who waits for a version. */
interface Stream {
  version: number;
  waiters: Array<{ version: number; done: () => void }>;
}

/** A game of every seat served on a free port of 127.0.0.1. */
async function serveLoadGame() {
  const scenario = loadScenario('scenarios/senkaku-gray-zone.yaml');
  const design = loadDesign('scenarios/c2/acm-2015.yaml', scenario.scenario);
  const folder = mkdtempSync(join(tmpdir(), 'rungs-load-'));
  const game = LiveGame.start({
    model: compileModel(scenario.scenario, design.design),
    settings: {
      kind: 'game',
      version: 1,
      id: 'load',
      scenarioFile: 'scenarios/senkaku-gray-zone.yaml',
      design: 'acm-2015',
      seed: 28,
      seats: SEATS,
      scenarioHash: scenario.hash,
      designHash: design.hash,
      wall: new Date().toISOString(),
    },
    folder,
    wall: () => new Date().toISOString(),
  });
  const tokens = SeatTokens.create(folder, game.plan.seats);
  const server = serve({
    fetch: createGameApp(game, tokens, Date.now).fetch,
    hostname: '127.0.0.1',
    port: 0,
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { game, tokens, server, base };
}

/** Follows one page's event stream, telling its waiters as versions arrive. */
async function follow(stream: Stream, reader: ReadableStreamDefaultReader<Uint8Array>) {
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const m of decoder.decode(value).matchAll(/^id: (\d+)$/gm)) {
        stream.version = Number(m[1]);
        stream.waiters = stream.waiters.filter((w) =>
          w.version <= stream.version ? (w.done(), false) : true,
        );
      }
    }
  } catch {
    // aborted at the end
  }
}

/** Opens PAGES_PER_SEAT event streams for every seat; counts the refused ones in `failures`. */
async function openPages(served: Awaited<ReturnType<typeof serveLoadGame>>, signal: AbortSignal) {
  const streams: Stream[] = [];
  let failures = 0;
  for (const seat of served.game.plan.seats) {
    for (let i = 0; i < PAGES_PER_SEAT; i++) {
      const stream: Stream = { version: -1, waiters: [] };
      streams.push(stream);
      const response = await fetch(`${served.base}/events?token=${served.tokens.tokenOf(seat)}`, {
        signal,
      });
      if (!response.ok) failures++;
      void follow(stream, response.body!.getReader());
    }
  }
  return { streams, failures };
}

/** The control cell answers `answers` points; each answer's time until every page was told of it. */
async function answerPoints(
  served: Awaited<ReturnType<typeof serveLoadGame>>,
  streams: readonly Stream[],
  answers: number,
) {
  const { game, base } = served;
  const times: number[] = [];
  let failures = 0;
  const control = served.tokens.tokenOf('control');
  for (let n = 0; n < answers && !game.finished;) {
    const point = game.pending()[0];
    if (!point) {
      game.runClock('control');
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const target = game.version + 1;
    const started = performance.now();
    const told = Promise.all(
      streams.map((s) =>
        s.version >= target
          ? undefined
          : new Promise<void>((done) => s.waiters.push({ version: target, done })),
      ),
    );
    const response = await fetch(`${base}/answer`, {
      method: 'POST',
      body: new URLSearchParams({
        token: control,
        point: point.id,
        answer: point.options[0]!,
        version: String(game.version),
      }),
    });
    if (!response.ok) failures++;
    await response.text();
    await told;
    times.push(performance.now() - started);
    n++;
  }
  return { times, failures };
}

runCli(async () => {
  const args = commandArgs(process.argv.slice(2), { answers: 'value' }, HELP);
  if (!args) return 0;
  noPositional(args);
  const answers = intOption(args, 'answers', 20, { min: 1, max: 1000 });
  const served = await serveLoadGame();
  const controller = new AbortController();
  const pages = await openPages(served, controller.signal);
  const answered = await answerPoints(served, pages.streams, answers);
  controller.abort();
  served.server.close();
  served.game.close();
  const times = answered.times.sort((a, b) => a - b);
  const streams = pages.streams.length;
  console.log(
    `${served.game.plan.seats.length} seats, ${streams} open pages, ${times.length} answers over HTTP`,
  );
  console.log(
    `time until all ${streams} pages were told of an answer: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, worst ${times.at(-1)!.toFixed(1)} ms`,
  );
  console.log(`failed requests: ${pages.failures + answered.failures}`);
  process.exit(0);
});
