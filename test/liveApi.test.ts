/**
 * The JSON API for bot seats, through Hono's request interface (no network): a whole game played
 * by bots through the API reproduces the trace of the same answers given through the pages' forms;
 * refusals are JSON with the forms' statuses; the log and the review mark answers given through it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { LiveGame } from '../src/live/game.js';
import { readGameLog, type AnswerEntry } from '../src/live/gameLog.js';
import { policyOf } from '../src/live/answers.js';
import { reviewGame, reviewHtml } from '../src/live/review.js';
import { SeatTokens } from '../src/server/tokens.js';
import { createGameApp } from '../src/server/app.js';
import { serveGame } from '../src/server/serveGame.js';
import { REAL_CLOCK, earlySeed, referenceModel, seeds, gameSettings } from './helpers.js';
import { waitFor } from './command.js';

const model = referenceModel('acm-2015');
const EARLY = earlySeed(model);
const SEATS = ['japan', 'unitedStates'];

function setup(id: string) {
  const folder = mkdtempSync(join(tmpdir(), 'rungs-api-'));
  const game = LiveGame.start({
    model,
    settings: gameSettings(id, EARLY, SEATS),
    folder,
    wall: () => '2026-12-02T00:00:00Z',
  });
  const tokens = SeatTokens.create(folder, game.plan.seats);
  return { folder, game, tokens, app: createGameApp(game, tokens, Date.now) };
}

/**
 * The example client's rule (examples/bot-seat.mjs): approve when the policy would approve with
 * probability 0.5 or more, else the other option; a point without a policy probability (an
 * adversary move) takes its first option.
 */
function botAnswer(p: { options: readonly string[]; policyApprove?: number }): string {
  if (p.policyApprove === undefined || !p.options.includes('approve')) return p.options[0]!;
  return p.policyApprove >= 0.5 ? 'approve' : p.options.find((o) => o !== 'approve')!;
}

const api = (app: Hono, token: string, path: string, body?: unknown) =>
  app.request(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const form = (fields: Record<string, string | number>) => ({
  method: 'POST',
  body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])),
});

type ApiPending = {
  version: number;
  finished: boolean;
  pending: { id: string; seat: string; options: string[]; policyApprove?: number }[];
};

/** Plays the game through the API: each seat (control last) answers its own points, then control runs the clock. */
async function playByApi(app: Hono, tokens: SeatTokens, game: LiveGame): Promise<void> {
  for (let round = 0; round < 500 && !game.finished; round++) {
    for (const seat of [...SEATS, 'control']) {
      for (;;) {
        const listed = (await (
          await api(app, tokens.tokenOf(seat), '/api/pending')
        ).json()) as ApiPending;
        const point = listed.pending.find((p) => p.seat === seat);
        if (!point) break;
        const response = await api(app, tokens.tokenOf(seat), '/api/answer', {
          point: point.id,
          answer: botAnswer(point),
          version: listed.version,
          rationale: `bot ${seat}`,
        });
        expect(response.status, await response.clone().text()).toBe(200);
      }
    }
    if (game.finished) break;
    const run = await api(app, tokens.tokenOf('control'), '/api/clock', { next: true });
    expect(run.status).toBe(200);
  }
}

/** Plays the game through the pages' forms, choosing by the policy's probability computed from the game itself. */
async function playByForms(app: Hono, tokens: SeatTokens, game: LiveGame): Promise<void> {
  for (let round = 0; round < 500 && !game.finished; round++) {
    for (const seat of [...SEATS, 'control']) {
      for (;;) {
        const point = game.pending().find((p) => p.seat === seat);
        if (!point) break;
        const policy = policyOf(game.model, (side) => game.simulation.picture(side), point);
        const response = await app.request(
          '/answer',
          form({
            token: tokens.tokenOf(seat),
            point: point.id,
            answer: botAnswer({ options: point.options, ...policy }),
            version: game.version,
            rationale: `form ${seat}`,
          }),
        );
        expect(response.status).toBe(200);
      }
    }
    if (game.finished) break;
    const run = await app.request(
      '/control/advance',
      form({ token: tokens.tokenOf('control'), to: 'next' }),
    );
    expect(run.status).toBe(200);
  }
}

describe('the bot API', () => {
  it('plays a whole game and reproduces the trace of the same answers given through the forms; the log and the review mark its answers', async () => {
    const byApi = setup('api');
    const byForms = setup('forms');
    await playByApi(byApi.app, byApi.tokens, byApi.game);
    await playByForms(byForms.app, byForms.tokens, byForms.game);
    expect(byApi.game.finished).toBe(true);
    expect(byForms.game.finished).toBe(true);
    const answers = (folder: string) =>
      readGameLog(folder).entries.filter((e): e is AnswerEntry => e.kind === 'answer');
    const apiAnswers = answers(byApi.folder);
    const formAnswers = answers(byForms.folder);
    // both national seats decided something, and the two games took the same answers at the same points
    for (const seat of SEATS) expect(apiAnswers.some((a) => a.seat === seat)).toBe(true);
    expect(apiAnswers.map((a) => [a.seat, a.point, a.answer, a.time, a.after])).toEqual(
      formAnswers.map((a) => [a.seat, a.point, a.answer, a.time, a.after]),
    );
    expect(apiAnswers.every((a) => a.via === 'api')).toBe(true);
    expect(formAnswers.some((a) => 'via' in a)).toBe(false);
    expect(byApi.game.result()!.traceHash).toBe(byForms.game.result()!.traceHash);
    // the log resumes with its marks
    const resumed = LiveGame.resume({ model, folder: byApi.folder, wall: () => 'w2' });
    expect(resumed.result()!.traceHash).toBe(byApi.game.result()!.traceHash);
    resumed.close();
    const html = await reviewHtml(reviewGame(byApi.game, seeds(3)));
    // who decided each key decision: the seats' answers marked as given through the bot API
    expect(html).toContain('(through the bot API)');
    expect(await reviewHtml(reviewGame(byForms.game, seeds(3)))).not.toContain(
      'through the bot API',
    );
  });

  it('refuses as JSON: an unknown token 401, another seat 403, a stale version 409, a bad body 400', async () => {
    const { app, tokens, game } = setup('refusals');
    // a change first, so that every point is asked at a version above 0 and a page can be older
    game.note('control', 'the exercise starts');
    while (new Set(game.pending().map((p) => p.seat)).size < 2 && !game.finished)
      game.runClock('control', game.now + 60);
    const jp = game.pending().find((p) => p.seat === 'japan')!;
    const us = game.pending().find((p) => p.seat === 'unitedStates')!;
    const body = { point: jp.id, answer: jp.options[0], version: game.version };

    const unknown = await api(app, 'not-a-token', '/api/view');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({
      error: 'unknown or revoked token',
      refusal: 'unauthorised',
    });
    expect((await api(app, 'not-a-token', '/api/answer', body)).status).toBe(401);

    const foreign = await api(app, tokens.tokenOf('unitedStates'), '/api/answer', body);
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ refusal: 'notYours' });

    const stale = await api(app, tokens.tokenOf('japan'), '/api/answer', {
      ...body,
      version: jp.askedAtVersion - 1,
    });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ refusal: 'notNow' });

    const missing = await api(app, tokens.tokenOf('japan'), '/api/answer', { point: jp.id });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ refusal: 'badRequest' });
    const notJson = await app.request('/api/answer', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.tokenOf('japan')}` },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
    const tooLarge = await api(app, tokens.tokenOf('japan'), '/api/answer', {
      ...body,
      rationale: 'y'.repeat(20_000),
    });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ refusal: 'tooLarge' });
    const notAnOption = await api(app, tokens.tokenOf('japan'), '/api/answer', {
      ...body,
      answer: 'maybe',
    });
    expect(notAnOption.status).toBe(422);

    // the seat's own view and points, by ?token= as well
    const view = (await (
      await app.request(`/api/view?token=${tokens.tokenOf('japan')}`)
    ).json()) as {
      seat: string;
      pending: { id: string }[];
    };
    expect(view.seat).toBe('japan');
    expect(view.pending.map((p) => p.id)).toContain(jp.id);
    expect(view.pending.map((p) => p.id)).not.toContain(us.id);
    const listed = (await (
      await api(app, tokens.tokenOf('japan'), '/api/pending')
    ).json()) as ApiPending;
    const expected = policyOf(game.model, (side) => game.simulation.picture(side), jp);
    expect(listed.pending.find((p) => p.id === jp.id)).toMatchObject({
      options: jp.options,
      ...expected,
    });

    const ok = await api(app, tokens.tokenOf('japan'), '/api/answer', body);
    expect(ok.status).toBe(200);
    expect(game.entries.at(-1)).toMatchObject({ kind: 'answer', point: jp.id, via: 'api' });
    const again = await api(app, tokens.tokenOf('japan'), '/api/answer', body);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ refusal: 'notNow' });
  });

  it('takes notes and messages from any seat (over the channels its side has), the clock from the control cell only', async () => {
    const { app, tokens, game } = setup('inputs');
    expect(
      (await api(app, tokens.tokenOf('japan'), '/api/note', { text: 'we wait for Washington' }))
        .status,
    ).toBe(200);
    expect(game.entries.at(-1)).toMatchObject({ kind: 'note', seat: 'japan' });
    const player = await api(app, tokens.tokenOf('japan'), '/api/message', {
      to: 'unitedStates',
      text: 'hello',
    });
    // a player's message goes over the design's channel, delivered when the channel says
    expect(player.status).toBe(200);
    const sent = game.messages().at(-1)!;
    expect(sent).toMatchObject({ seat: 'japan', to: ['unitedStates'], text: 'hello' });
    expect(sent.deliverAt).toBeGreaterThan(game.now);
    expect(
      (
        await api(app, tokens.tokenOf('japan'), '/api/message', {
          to: 'unitedStates',
          channel: 'nowhere',
          text: 'x',
        })
      ).status,
    ).toBe(422);
    expect(
      (await api(app, tokens.tokenOf('control'), '/api/message', { to: 'japan', text: 'hold' }))
        .status,
    ).toBe(200);
    expect(game.messagesTo('japan')).toEqual([{ t: game.now, text: 'hold' }]);
    expect(
      (await api(app, tokens.tokenOf('control'), '/api/message', { to: 'nobody', text: 'x' }))
        .status,
    ).toBe(422);
    expect((await api(app, tokens.tokenOf('japan'), '/api/clock', { until: 120 })).status).toBe(
      403,
    );
    const run = await api(app, tokens.tokenOf('control'), '/api/clock', { until: 120 });
    expect(run.status).toBe(200);
    expect(game.now).toBe(120);
    expect(await run.json()).toMatchObject({ time: 120, version: game.version });
    expect(
      (await api(app, tokens.tokenOf('control'), '/api/clock', { until: 1, next: true })).status,
    ).toBe(400);
  });

  it('is played by the example client (examples/bot-seat.mjs) over HTTP until the game ends', async () => {
    const { game, folder } = setup('example');
    const served = await serveGame(game, { host: '127.0.0.1', port: 0, clock: REAL_CLOCK });
    const bot = spawn(process.execPath, [
      'examples/bot-seat.mjs',
      served.links.get('japan')!,
      '--every',
      '0.05',
    ]);
    let output = '';
    bot.stdout.on('data', (d: Buffer) => (output += d.toString()));
    bot.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => bot.on('exit', resolve));
    try {
      // the test plays the other seats and the clock; Japan's points wait for the bot
      for (let round = 0; round < 500 && !game.finished; round++) {
        for (const p of game.pending().filter((x) => x.seat !== 'japan'))
          game.answer({ seat: p.seat, point: p.id, answer: p.options[0]!, version: game.version });
        if (game.pending().some((p) => p.seat === 'japan'))
          await waitFor(() => !game.pending().some((p) => p.seat === 'japan'), 'the bot to answer');
        else game.runClock('control');
      }
      expect(game.finished).toBe(true);
      expect(await exited, output).toBe(0);
    } finally {
      bot.kill();
      served.close();
    }
    const japan = readGameLog(folder).entries.filter(
      (e): e is AnswerEntry => e.kind === 'answer' && e.seat === 'japan',
    );
    expect(japan.length).toBeGreaterThan(0);
    for (const a of japan) {
      expect(a.via).toBe('api');
      // the policy's likelier answer
      if (a.policyApprove !== undefined)
        expect(a.answer === 'approve', a.point).toBe(a.policyApprove >= 0.5);
    }
    expect(output).toContain('the game has ended');
  });
});
