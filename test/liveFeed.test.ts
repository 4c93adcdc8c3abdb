/**
 * The control cell that sees: the feed of inputs with real and simulated times and what came since
 * its last own input, the pages connected per seat (open event streams), and how long each seat
 * has been thinking, measured with injected clocks.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import { feedOf, thinkingOf } from '../src/live/feed.js';
import { SeatTokens } from '../src/server/tokens.js';
import { createGameApp } from '../src/server/app.js';
import { Connections } from '../src/server/connections.js';
import { realDuration } from '../src/server/feedPanel.js';
import { earlySeed, referenceModel, gameSettings } from './helpers.js';

const model = referenceModel('acm-2015');
const EARLY = earlySeed(model);
const START = Date.UTC(2026, 11, 2, 9, 0, 0);

/** A game whose wall clock and the server's clock are set by the test. */
function setup() {
  const folder = mkdtempSync(join(tmpdir(), 'rungs-feed-'));
  const clocks = { wall: START, server: START };
  const game = LiveGame.start({
    model,
    settings: gameSettings('feed', EARLY, ['japan', 'unitedStates']),
    folder,
    wall: () => new Date(clocks.wall).toISOString(),
  });
  const tokens = SeatTokens.create(folder, game.plan.seats);
  const app = createGameApp(game, tokens, () => clocks.server, 'feed');
  return { game, tokens, app, clocks };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Runs the clock an hour at a time until `seat` has a point waiting. */
function untilPending(game: LiveGame, seat: string) {
  while (!game.pending().some((p) => p.seat === seat) && !game.finished)
    game.runClock('control', game.now + 60);
  return game.pending().find((p) => p.seat === seat)!;
}

describe("the control cell's feed", () => {
  it('lists an answer, a note and an inject, newest first, with their real and simulated times and the seat by name', async () => {
    const { game, tokens, app, clocks } = setup();
    const point = untilPending(game, 'japan');
    clocks.wall = START + 60_000;
    const answeredAt = game.now;
    game.answer({
      seat: 'japan',
      point: point.id,
      answer: point.options[0]!,
      version: game.version,
      rationale: 'hold the line',
    });
    clocks.wall = START + 120_000;
    game.runClock('control', game.now + 30);
    const notedAt = game.now;
    game.note('unitedStates', 'waiting for INDOPACOM');
    clocks.wall = START + 180_000;
    game.inject('control', { type: 'message', to: 'japan', text: 'a fishing fleet gathers' });

    const feed = feedOf(game);
    expect(feed.map((e) => e.kind).slice(0, 4)).toEqual(['inject', 'note', 'clock', 'answer']);
    const [inject, note, , answer] = feed;
    expect(answer).toMatchObject({ wall: iso(START + 60_000), time: answeredAt, seat: 'Japan' });
    expect(answer!.text).toContain(
      `answered ${point.options[0]} to ${model.decisionsById.get(point.decision)!.label}`,
    );
    expect(answer!.text).toContain('“hold the line”');
    expect(note).toMatchObject({
      wall: iso(START + 120_000),
      time: notedAt,
      seat: 'United States',
      text: 'noted: “waiting for INDOPACOM”',
    });
    expect(inject).toMatchObject({
      wall: iso(START + 180_000),
      time: notedAt,
      seat: 'Control cell',
      text: 'sent Japan a message: “a fishing fleet gathers”',
    });
    // the positions count the log's inputs
    expect(feed.map((e) => e.seq)).toEqual(game.entries.map((_, i) => i + 1).reverse());

    // since the control cell's last own input (the inject), nothing; then a seat's note is new
    expect(feed.filter((e) => e.fresh)).toEqual([]);
    game.note('japan', 'we ask Washington');
    expect(
      feedOf(game)
        .filter((e) => e.fresh)
        .map((e) => e.text),
    ).toEqual(['noted: “we ask Washington”']);
    // the clock's own stops while it runs are not the control cell's clicks
    game.setPace('control', { running: true, ratio: 60, thinking: 60 });
    game.note('japan', 'still waiting');
    for (let i = 0; i < 30 && game.entries.at(-1)!.kind !== 'clock'; i++) game.tick(10);
    expect(game.entries.at(-1)!.kind).toBe('clock');
    expect(
      feedOf(game)
        .filter((e) => e.fresh)
        .map((e) => e.kind),
    ).toEqual(
      game.entries
        .slice(game.entries.map((e) => e.kind).lastIndexOf('pace') + 1)
        .map((e) => e.kind)
        .reverse(),
    );

    // the control cell's board shows the feed, newest first, the new entries highlighted
    const board = await (await app.request(`/board?token=${tokens.tokenOf('control')}`)).text();
    const items = board.match(/<li data-seq="\d+"[^>]*>/g)!;
    expect(items).toHaveLength(game.entries.length);
    expect(items[0]).toContain(`data-seq="${game.entries.length}"`);
    expect(board).toContain('we ask Washington');
    expect(board.match(/<li [^>]*class="fresh"/g)).toHaveLength(
      feedOf(game).filter((e) => e.fresh).length,
    );
    expect(
      await (await app.request(`/board?token=${tokens.tokenOf('japan')}`)).text(),
    ).not.toContain('data-testid="feed"');
  });
});

describe('connected pages', () => {
  it('count the open event streams of each seat, and drop one that closes', async () => {
    const { tokens, app, clocks } = setup();
    const presence = async () => {
      const r = await app.request(`/control/presence?token=${tokens.tokenOf('control')}`);
      expect(r.status).toBe(200);
      const html = await r.text();
      return Object.fromEntries(
        [
          ...html.matchAll(
            /<tr data-presence="(\w+)"><td>[^<]*<\/td><td data-testid="pages">(\d+)<\/td><td>([^<]*)<\/td>/g,
          ),
        ].map((m) => [m[1], { pages: Number(m[2]), seen: m[3] }]),
      );
    };
    expect(await presence()).toMatchObject({
      japan: { pages: 0, seen: 'never' },
      unitedStates: { pages: 0, seen: 'never' },
    });
    expect((await app.request(`/control/presence?token=${tokens.tokenOf('japan')}`)).status).toBe(
      403,
    );
    expect((await app.request('/control/presence?token=nope')).status).toBe(401);

    const open = async () => {
      const controller = new AbortController();
      const response = await app.request(`/events?token=${tokens.tokenOf('japan')}`, {
        signal: controller.signal,
      });
      return { controller, reader: response.body!.getReader() };
    };
    const first = await open();
    await vi.waitFor(async () =>
      expect((await presence()).japan).toEqual({ pages: 1, seen: 'now' }),
    );
    const second = await open();
    await vi.waitFor(async () => expect((await presence()).japan!.pages).toBe(2));
    expect((await presence()).unitedStates!.pages).toBe(0);

    clocks.server = START + 5_000;
    first.controller.abort();
    await first.reader.cancel();
    await vi.waitFor(async () => expect((await presence()).japan!.pages).toBe(1));
    second.controller.abort();
    await second.reader.cancel();
    await vi.waitFor(async () => expect((await presence()).japan!.pages).toBe(0));
    clocks.server = START + 65_000;
    expect((await presence()).japan).toEqual({ pages: 0, seen: '1m00s ago' });
  });

  it('keep when each seat was last seen, by the injected clock', () => {
    let now = 1000;
    const connections = new Connections(() => now);
    const a = connections.connect('japan');
    now = 2000;
    a.beat();
    now = 3000;
    const b = connections.connect('japan');
    now = 4000;
    a.close();
    a.close();
    expect(connections.presence(['japan', 'adversary'])).toEqual([
      { seat: 'japan', pages: 1, lastSeen: 4000 },
      { seat: 'adversary', pages: 0 },
    ]);
    b.close();
    expect(connections.presence(['japan'])).toEqual([{ seat: 'japan', pages: 0, lastSeen: 4000 }]);
  });
});

describe('thinking time', () => {
  it('counts from when the oldest pending point was first shown (real) and asked (simulated)', async () => {
    const { game, tokens, app, clocks } = setup();
    const point = untilPending(game, 'japan');
    const askedAt = point.time;
    // the wall clock moves on; the point keeps the time it was first shown at
    clocks.wall = START + 600_000;
    game.runClock('control', game.now + 45);
    expect(game.pending().some((p) => p.id === point.id)).toBe(true);
    const thinking = thinkingOf(game).find((t) => t.seat === 'japan')!;
    expect(thinking).toMatchObject({
      name: 'Japan',
      shownWall: iso(START),
      waited: game.now - askedAt,
      points: game.pending().filter((p) => p.seat === 'japan').length,
    });
    expect(game.now - askedAt).toBeGreaterThanOrEqual(45);

    clocks.server = START + 125_000;
    const html = await (
      await app.request(`/control/presence?token=${tokens.tokenOf('control')}`)
    ).text();
    const row = html.match(/<tr data-presence="japan">.*?<\/tr>/)![0];
    expect(row).toContain(
      `the oldest shown 2m05s ago, ${Math.round(game.now - askedAt)} simulated min`,
    );
    // only the seats with points waiting, in the seats' order
    expect(thinkingOf(game).map((t) => t.seat)).toEqual(
      game.plan.seats.filter((s) => game.pending().some((p) => p.seat === s)),
    );
  });

  it('is written as hours, minutes and seconds', () => {
    expect(realDuration(6_000)).toBe('6s');
    expect(realDuration(245_000)).toBe('4m05s');
    expect(realDuration(3_723_000)).toBe('1h02m03s');
    expect(realDuration(Number.NaN)).toBe('—');
  });
});
