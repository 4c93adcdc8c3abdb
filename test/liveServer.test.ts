/**
 * The facilitator's HTTP layer, through Hono's request interface (no network): tokens, seats,
 * stale and foreign answers, validated and bounded bodies, fog of war in the boards, and the
 * event stream telling a page that the game changed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import { readGameLog } from '../src/live/gameLog.js';
import { SeatTokens } from '../src/server/tokens.js';
import { createGameApp } from '../src/server/app.js';
import { REVIEW_SEEDS, reviewGame } from '../src/live/review.js';
import { simulate } from '../src/engine/simulation.js';
import { earlySeed, referenceModel, seeds, gameSettings } from './helpers.js';

const model = referenceModel('acm-2015');
const EARLY = earlySeed(model);

function setup() {
  const folder = mkdtempSync(join(tmpdir(), 'rungs-server-'));
  const game = LiveGame.start({
    model,
    settings: gameSettings('srv', EARLY, ['japan', 'unitedStates']),
    folder,
    wall: () => '2026-12-02T00:00:00Z',
  });
  const tokens = SeatTokens.create(folder, game.plan.seats);
  const app = createGameApp(game, tokens, Date.now);
  let t = 0;
  while (new Set(game.pending().map((p) => p.seat)).size < 2 && !game.finished)
    game.advance((t += 60));
  return { folder, game, tokens, app };
}

const form = (fields: Record<string, string | number>) => ({
  method: 'POST',
  body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])),
});

describe('the facilitator server', () => {
  it('opens a page only with a seat token; a wrong one gets 401 and learns nothing', async () => {
    const { app, tokens } = setup();
    const page = await app.request(`/?token=${tokens.tokenOf('japan')}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/assets/htmx.min.js');
    expect(html).not.toMatch(/https?:\/\/(?!127)/);
    for (const path of ['/', '/board', '/view.json', '/events']) {
      const r = await app.request(`${path}?token=not-a-token`);
      expect(r.status, path).toBe(401);
      expect(await r.text()).toBe('unknown or revoked token');
    }
    expect((await app.request('/assets/htmx.min.js')).status).toBe(200);
  });

  it("shows a seat its own pending points and never the other's", async () => {
    const { app, tokens, game } = setup();
    const board = await (await app.request(`/board?token=${tokens.tokenOf('japan')}`)).text();
    for (const p of game.pending()) {
      if (p.seat === 'japan') expect(board).toContain(`data-point="${p.id}"`);
      else expect(board).not.toContain(p.id);
    }
    const control = await (await app.request(`/board?token=${tokens.tokenOf('control')}`)).text();
    for (const p of game.pending()) expect(control).toContain(`data-point="${p.id}"`);
  });

  it('takes an answer from its seat (on disk when acknowledged), and refuses another seat (403), a stale one (409) and bad bodies (400, 413)', async () => {
    const { app, tokens, game, folder } = setup();
    const jp = game.pending().find((p) => p.seat === 'japan')!;
    const answer = (seat: string, extra: Record<string, string | number> = {}) =>
      app.request(
        '/answer',
        form({
          token: tokens.tokenOf(seat),
          point: jp.id,
          answer: jp.options[0]!,
          version: game.version,
          rationale: 'because',
          ...extra,
        }),
      );
    expect((await answer('unitedStates')).status).toBe(403);
    const ok = await answer('japan');
    expect(ok.status).toBe(200);
    expect(readGameLog(folder).entries.at(-1)).toMatchObject({
      seat: 'japan',
      point: jp.id,
      rationale: 'because',
    });
    expect((await answer('japan')).status).toBe(409);
    expect(
      (await app.request('/answer', form({ token: tokens.tokenOf('japan'), point: jp.id }))).status,
    ).toBe(400);
    expect(
      (
        await app.request(
          '/answer',
          form({
            token: tokens.tokenOf('japan'),
            point: jp.id,
            answer: 'x',
            version: 0,
            rationale: 'y'.repeat(20_000),
          }),
        )
      ).status,
    ).toBe(413);
    expect(
      (await app.request('/answer', form({ token: 'nope', point: jp.id, answer: 'x', version: 0 })))
        .status,
    ).toBe(401);
  });

  it('lets only the control cell inject, and shows a message to its seat only', async () => {
    const { app, tokens } = setup();
    const message = (token: string) =>
      app.request(
        '/control/inject',
        form({ token, type: 'message', to: 'japan', text: 'the Coast Guard asks for guidance' }),
      );
    expect((await message(tokens.tokenOf('japan'))).status).toBe(403);
    expect((await message(tokens.tokenOf('control'))).status).toBe(200);
    expect(await (await app.request(`/board?token=${tokens.tokenOf('japan')}`)).text()).toContain(
      'the Coast Guard asks for guidance',
    );
    expect(
      await (await app.request(`/board?token=${tokens.tokenOf('unitedStates')}`)).text(),
    ).not.toContain('the Coast Guard asks for guidance');
    expect(
      (
        await app.request(
          '/control/inject',
          form({ token: tokens.tokenOf('control'), type: 'fact', fact: 'bad fact!' }),
        )
      ).status,
    ).toBe(400);
  });

  it('lets only the control cell hand a seat to the policy, and tells the seat', async () => {
    const { app, tokens, game } = setup();
    expect(
      (
        await app.request(
          '/control/handover',
          form({ token: tokens.tokenOf('japan'), seat: 'japan' }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await app.request(
          '/control/handover',
          form({ token: tokens.tokenOf('control'), seat: 'nobody' }),
        )
      ).status,
    ).toBe(422);
    expect(
      (
        await app.request(
          '/control/handover',
          form({ token: tokens.tokenOf('control'), seat: 'japan' }),
        )
      ).status,
    ).toBe(200);
    expect(game.pending().filter((p) => p.seat === 'japan')).toEqual([]);
    expect(await (await app.request(`/board?token=${tokens.tokenOf('japan')}`)).text()).toContain(
      'data-testid="policy-plays"',
    );
  });

  it('lets only the control cell run the clock', async () => {
    const { app, tokens, game } = setup();
    const before = game.now;
    expect(
      (
        await app.request(
          '/control/advance',
          form({ token: tokens.tokenOf('japan'), to: 'hours', hours: 2 }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await app.request(
          '/control/advance',
          form({ token: tokens.tokenOf('control'), to: 'hours', hours: 2 }),
        )
      ).status,
    ).toBe(200);
    expect(game.now).toBe(before + 120);
  });

  it('lets only the control cell set the pace, end the game, move the adversary and change an organisation; a refused inject shows why', async () => {
    const { app, tokens, game, folder } = setup();
    const control = tokens.tokenOf('control');
    expect(
      (
        await app.request(
          '/control/pace',
          form({ token: tokens.tokenOf('japan'), action: 'run', ratio: 120, thinking: 0 }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await app.request(
          '/control/pace',
          form({ token: control, action: 'run', ratio: 120, thinking: 0 }),
        )
      ).status,
    ).toBe(200);
    expect(game.pace).toEqual({ running: true, ratio: 120, thinking: 0 });
    expect(
      (await app.request('/control/pace', form({ token: control, action: 'run', ratio: -1 })))
        .status,
    ).toBe(400);
    expect(
      (await app.request('/control/pace', form({ token: control, action: 'pause' }))).status,
    ).toBe(200);
    expect(game.pace.running).toBe(false);
    const far = await app.request(
      '/control/inject',
      form({ token: control, type: 'move', to: 'R9' }),
    );
    expect(far.status).toBe(422);
    expect(await far.text()).toMatch(/role="alert">the adversary moves one rung at a time/);
    expect(
      (
        await app.request(
          '/control/inject',
          form({
            token: control,
            type: 'organisation',
            org: 'jp.cabinet',
            capacity: '',
            delayFactor: '',
          }),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await app.request(
          '/control/inject',
          form({
            token: control,
            type: 'organisation',
            org: 'jp.cabinet',
            capacity: '2',
            delayFactor: '',
          }),
        )
      ).status,
    ).toBe(200);
    expect(game.trace.at(-1)).toMatchObject({
      kind: 'inject',
      actor: 'jp.cabinet',
      to: 'capacity 2',
    });
    expect(
      (
        await app.request(
          '/note',
          form({ token: tokens.tokenOf('japan'), text: 'we wait for Washington' }),
        )
      ).status,
    ).toBe(200);
    expect(game.entries.at(-1)).toMatchObject({
      kind: 'note',
      seat: 'japan',
      text: 'we wait for Washington',
    });
    expect(
      (await app.request('/control/end', form({ token: tokens.tokenOf('japan') }))).status,
    ).toBe(403);
    expect((await app.request('/control/end', form({ token: control }))).status).toBe(200);
    expect(game.finished).toBe(true);
    expect((await app.request('/control/end', form({ token: control }))).status).toBe(409);
    // the ended game leaves its review beside its log without anyone opening it (written in the background, charts and all)
    await vi.waitFor(
      () => expect(readFileSync(join(folder, 'review.html'), 'utf8')).toContain('ended the game'),
      { timeout: 15_000, interval: 50 },
    );
  });

  it('tells an open event stream the time alone when only the clock moved', async () => {
    const { app, tokens, game } = setup();
    for (const p of game.pending())
      game.answer({ seat: p.seat, point: p.id, answer: p.options[0]!, version: game.version });
    game.setPace('control', { running: true, ratio: 6, thinking: 6 });
    const controller = new AbortController();
    const response = await app.request(`/events?token=${tokens.tokenOf('japan')}`, {
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let text = '';
    // a tenth of a simulated minute at a time, until a tick moves nothing but the clock
    for (let i = 0; i < 50 && !text.includes('event: time'); i++) {
      const version = game.version;
      game.tick(1);
      if (game.version !== version) continue;
      text = new TextDecoder().decode((await reader.read()).value);
    }
    expect(text).toContain(`event: time\ndata: ${game.now}`);
    controller.abort();
    await reader.cancel();
  });

  it("tells an open event stream when the game changes, with the version as the event's id", async () => {
    const { app, tokens, game } = setup();
    const controller = new AbortController();
    const response = await app.request(`/events?token=${tokens.tokenOf('japan')}`, {
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const p = game.pending().find((x) => x.seat === 'unitedStates')!;
    game.answer({
      seat: 'unitedStates',
      point: p.id,
      answer: p.options[0]!,
      version: game.version,
    });
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain(`id: ${game.version}`);
    controller.abort();
    await reader.cancel();
  });
});

describe('the after-action review', () => {
  it("sets the game's latencies against a batch of the same design, flags answers against the policy, and opens to players only at the end", async () => {
    const { app, tokens, game } = setup();
    // the Japan cell defers everything it is asked
    for (let i = 0; i < 60 && !game.finished; i++) {
      game.runClock('control');
      for (const p of game.pending())
        game.answer({
          seat: p.seat,
          point: p.id,
          answer: p.options.includes('defer') ? 'defer' : p.options[0]!,
          version: game.version,
          rationale: 'wait and see',
        });
    }
    expect((await app.request(`/review?token=${tokens.tokenOf('japan')}`)).status).toBe(
      game.finished ? 200 : 403,
    );
    const review = reviewGame(game, seeds(50));
    expect(review.batchRuns).toBe(50);
    // percentiles recomputed from the batch itself
    const batch = seeds(50).map((seed) => simulate(model, { seed }));
    for (const d of review.decisions.filter((x) => x.game !== undefined && x.batchDecided > 0)) {
      const latencies = batch.flatMap(
        (r) => r.decisions.find((x) => x.id === d.id)?.latencyFromEvent ?? [],
      );
      expect(d.percentile).toBe(latencies.filter((x) => x <= d.game!).length / latencies.length);
    }
    // deferring where the policy approves more often than not goes against it
    const against = review.answers.filter((a) => a.againstPolicy);
    expect(against.length).toBeGreaterThan(0);
    expect(against.every((a) => a.answer !== 'defer' || a.policyApprove! >= 0.5)).toBe(true);
    const page = await app.request(`/review?token=${tokens.tokenOf('control')}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('After-action review');
    expect(html).toContain('wait and see');
    // self-contained: no script, and no address but the SVG namespaces
    expect(html.replace(/xmlns(:xlink)?="[^"]*"/g, '')).not.toMatch(/<script|https?:\/\//);
    // a chart per key decision the batch reached, the game's latency marked where it decided
    const reached = reviewGame(game, REVIEW_SEEDS).decisions.filter((d) => d.batchDecided > 0);
    expect(html.match(/data-chart="latency-[^"]+"/g)).toHaveLength(reached.length);
    for (const d of reached) {
      const chart = html.slice(html.indexOf(`data-chart="latency-${d.id}"`)).split('</figure>')[0]!;
      expect(chart.includes('>this game<'), d.id).toBe(d.game !== undefined);
    }
    expect(readFileSync(join(game.folder, 'review.html'), 'utf8')).toBe(html);
  });
});
