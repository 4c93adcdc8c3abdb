/**
 * Channels that are the design: a live game's seats talk over the coordination bodies of the
 * design under test (the ad hoc channel under parallel, the ACG and the BOCC under acm-2015), a
 * message arrives at the time the links and the body's processing, drawn from the model's samplers
 * with the game's seed and the message's number, imply, the clock stops at each delivery, a
 * resumed game recomputes every delivery time and refuses a changed one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rechain } from './rechain.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import { GameInputError } from '../src/live/errors.js';
import { LOG_FILE, type GameSettings } from '../src/live/gameLog.js';
import { allianceChannels } from '../src/live/channels.js';
import { seatView, type ControlView, type SideView } from '../src/live/views.js';
import { toSampler } from '../src/math/distributions.js';
import { InputError } from '../src/scenario/errors.js';
import type { Model } from '../src/model/model.js';
import { SeatTokens } from '../src/server/tokens.js';
import { createGameApp } from '../src/server/app.js';
import { reviewGame, reviewHtml } from '../src/live/review.js';
import { formatTime } from '../src/report/timeline.js';
import { gameSettings, referenceModel } from './helpers.js';

const SEED = 11;
const SEATS = ['japan', 'unitedStates', 'adversary'];
let clock = 0;
const wall = () => new Date(Date.UTC(2026, 11, 2) + clock++ * 1000).toISOString();
const folder = () => mkdtempSync(join(tmpdir(), 'rungs-chan-'));

const settings = (design: string, seats = SEATS): GameSettings =>
  gameSettings('chan', SEED, seats, { design, wall: '2026-12-02T00:00:00Z' });

const start = (design: string, dir = folder(), seats = SEATS) =>
  LiveGame.start({
    model: referenceModel(design),
    settings: settings(design, seats),
    folder: dir,
    wall,
  });

/** The five uniform numbers message `n` of a game of seed {@link SEED} draws, computed here. */
const draws = (n: number) => {
  const random = seedrandom.alea(`${SEED}/message/${n}`);
  return Array.from({ length: 5 }, () => random());
};

/** A message's delivery over a manned body without meetings, computed from the model's samplers. */
function overBody(model: Model, body: string, from: string, to: string, now: number, n: number) {
  const [uIn, uProcess, , uOut] = draws(n);
  const org = model.organisations.get(body)!;
  expect(org.meets).toBeUndefined();
  return (
    now +
    model.link(from, body)(uIn!) +
    org.processing(uProcess!) * org.officerFactor +
    model.link(body, to)(uOut!)
  );
}

const view = (game: LiveGame, seat: string) => seatView(game, seat) as SideView;

describe('the channels of a design', () => {
  it('are the ad hoc channel under parallel, the ACG and the BOCC under acm-2015, between the concurring offices', () => {
    const parallel = allianceChannels(referenceModel('parallel'));
    expect(parallel.map((c) => [c.id, c.ends])).toEqual([
      ['adhoc.channel', { japan: 'jp.cas', unitedStates: 'us.nsc' }],
    ]);
    expect(parallel[0]!.label).toBe(
      referenceModel('parallel').organisations.get('adhoc.channel')!.label,
    );
    const acm = allianceChannels(referenceModel('acm-2015'));
    expect(acm.map((c) => [c.id, c.ends])).toEqual([
      ['acm.acg', { japan: 'jp.cas', unitedStates: 'us.nsc' }],
      ['acm.bocc', { japan: 'jp.mod', unitedStates: 'us.indopacom' }],
    ]);
    // an integrated design's command, between the offices that guide it, when no rule names it
    const sliding = referenceModel('sliding-integration');
    expect(allianceChannels(sliding).at(-1)).toMatchObject({
      id: 'si.command',
      kind: 'command',
      ends: sliding.mechanism.integration!.costs!.guidance,
    });
  });

  it("are listed on each seat's view in words, with the adversary reaching only the control cell", () => {
    const game = start('acm-2015');
    const japan = view(game, 'japan').mail;
    expect(japan.channels.map((c) => c.label)).toEqual([
      'Control cell (at once)',
      'Alliance Coordination Group (ACG, policy level)',
      'Bilateral Operations Coordination Center (BOCC) with the Component Coordination Centers',
    ]);
    expect(japan.channels[2]!.latency).toMatch(/^typically .*stand the body up/);
    expect(japan.contacts.map((c) => [c.seat, c.channels])).toEqual([
      ['unitedStates', ['acm.acg', 'acm.bocc']],
      ['control', ['control']],
    ]);
    expect(view(game, 'adversary').mail.contacts.map((c) => c.seat)).toEqual(['control']);
  });
});

describe('a message over a channel', () => {
  it('under parallel arrives when the links and the ad hoc channel, drawn from the seed and its number, say; the same in a second game', () => {
    const model = referenceModel('parallel');
    const game = start('parallel');
    game.advance(600);
    const first = game.send('japan', { to: 'unitedStates', text: 'we propose a joint patrol' });
    expect(first).toMatchObject({
      channel: 'adhoc.channel',
      n: 1,
      to: ['unitedStates'],
      time: 600,
    });
    expect(first.deliverAt).toBe(overBody(model, 'adhoc.channel', 'jp.cas', 'us.nsc', 600, 1));
    const reply = game.send('unitedStates', { to: 'japan', text: 'agreed' });
    expect(reply.deliverAt).toBe(overBody(model, 'adhoc.channel', 'us.nsc', 'jp.cas', 600, 2));
    expect(reply.deliverAt).not.toBe(first.deliverAt);
    const again = start('parallel');
    again.advance(600);
    expect(again.send('japan', { to: 'unitedStates', text: 'other words' }).deliverAt).toBe(
      first.deliverAt,
    );
  });

  it('under acm-2015 through the BOCC not yet stood up adds its stand-up; through the ACG it does not', () => {
    const model = referenceModel('acm-2015');
    const game = start('acm-2015');
    expect(game.trace.some((e) => e.actor === 'acm.bocc' && e.event === 'standUp')).toBe(false);
    const acg = game.send('japan', { to: 'unitedStates', channel: 'acm.acg', text: 'policy' });
    expect(acg.deliverAt).toBe(overBody(model, 'acm.acg', 'jp.cas', 'us.nsc', game.now, 1));
    const bocc = game.send('unitedStates', { to: 'japan', channel: 'acm.bocc', text: 'ops' });
    const [uIn, uProcess, , uOut, uStand] = draws(2);
    const org = model.organisations.get('acm.bocc')!;
    const standUp = toSampler(model.scenario.standUp[org.standUp!.kind]!.time)(uStand!);
    expect(bocc.deliverAt).toBeCloseTo(
      game.now +
        model.link('us.indopacom', 'acm.bocc')(uIn!) +
        standUp +
        org.processing(uProcess!) +
        model.link('acm.bocc', 'jp.mod')(uOut!),
      9,
    );
    expect(standUp).toBeGreaterThan(0);
  });

  it('between seats of one side goes over the within-side link', () => {
    const model = referenceModel('parallel');
    const game = start('parallel', folder(), ['jp.m*', 'japan']);
    game.advance(60);
    const m = game.send('jp.m*', { to: 'japan', text: 'the MSO order is drafted' });
    expect(m.channel).toBe('within:japan');
    expect(m.deliverAt).toBe(60 + toSampler(model.scenario.links.withinSide)(draws(1)[0]!));
  });

  it('is in transit for the sender and unseen by the recipient until the clock reaches it, and the clock stops there', () => {
    const game = start('parallel');
    game.advance(600);
    const m = game.send('japan', { to: 'unitedStates', text: 'are you there?' });
    expect(view(game, 'japan').mail.sent.map((s) => s.status)).toEqual(['in transit']);
    expect(view(game, 'unitedStates').mail.received).toEqual([]);
    // the control cell runs to the next point or delivery, answering every point on the way
    const stops: number[] = [];
    for (let i = 0; i < 200 && game.now < m.deliverAt; i++) {
      for (const p of game.pending())
        game.answer({ seat: p.seat, point: p.id, answer: p.options[0]!, version: game.version });
      game.runClock('control');
      stops.push(game.now);
    }
    expect(stops).toContain(m.deliverAt);
    expect(view(game, 'japan').mail.sent.map((s) => s.status)).toEqual(['delivered']);
    expect(view(game, 'unitedStates').mail.received).toMatchObject([
      { from: 'japan', fromLabel: 'Japan', channel: 'adhoc.channel', text: 'are you there?' },
    ]);
  });

  it('stops a paced clock at its delivery, a change logged where the clock stopped', () => {
    const game = start('parallel');
    game.advance(600);
    const m = game.send('japan', { to: 'unitedStates', text: 'paced' });
    game.setPace('control', { running: true, ratio: 1_000_000, thinking: 1_000_000 });
    for (let i = 0; i < 50 && game.now < m.deliverAt; i++) game.tick(10);
    expect(game.now).toBe(m.deliverAt);
    expect(game.entries.at(-1)).toMatchObject({ kind: 'clock', time: m.deliverAt });
    game.tick(10);
    expect(game.now).toBeGreaterThan(m.deliverAt);
  });

  it('is refused between the adversary and an ally, over an unknown channel or one that does not join them, empty or too long', () => {
    const game = start('acm-2015');
    const refused = (seat: string, input: Parameters<LiveGame['send']>[1], pattern: RegExp) => {
      expect(() => game.send(seat, input)).toThrow(GameInputError);
      expect(() => game.send(seat, input)).toThrow(pattern);
    };
    refused('adversary', { to: 'japan', text: 'x' }, /no channel between adversary and japan/);
    refused('japan', { to: 'adversary', text: 'x' }, /no channel between japan and adversary/);
    refused(
      'japan',
      { to: 'unitedStates', channel: 'adhoc.channel', text: 'x' },
      /no channel "adhoc.channel"/,
    );
    refused('japan', { to: 'unitedStates', channel: 'control', text: 'x' }, /does not connect/);
    refused('japan', { to: 'nobody', text: 'x' }, /no seat "nobody"/);
    refused('japan', { to: 'unitedStates', text: '   ' }, /expected the text/);
    refused('japan', { to: 'unitedStates', text: 'x'.repeat(4001) }, /at most 4000/);
    refused('japan', { to: 'all', text: 'x' }, /only the control cell/);
    refused('japan', { to: 'japan', text: 'x' }, /itself/);
    expect(game.entries).toEqual([]);
  });
});

describe('the control cell', () => {
  it('broadcasts to all seats at once, reaches a list by inject, and a player reaches it at once', () => {
    const game = start('parallel');
    game.advance(300);
    const all = game.send('control', { to: 'all', text: 'ENDEX in two hours' });
    expect(all).toMatchObject({ to: SEATS, channel: 'control', deliverAt: 300 });
    for (const seat of SEATS)
      expect(view(game, seat).mail.received.map((m) => m.text)).toEqual(['ENDEX in two hours']);
    game.inject('control', { type: 'message', to: 'japan, unitedStates', text: 'both' });
    expect(view(game, 'unitedStates').mail.received.map((m) => m.text)).toEqual([
      'ENDEX in two hours',
      'both',
    ]);
    expect(view(game, 'adversary').mail.received.map((m) => m.text)).toEqual([
      'ENDEX in two hours',
    ]);
    const up = game.send('adversary', { to: 'control', text: 'we wait' });
    expect(up.deliverAt).toBe(300);
    const control = seatView(game, 'control') as ControlView;
    expect(control.mail.received.map((m) => [m.fromLabel, m.toLabel, m.status])).toEqual([
      ['Control cell', 'Japan, United States, Adversary', 'delivered'],
      ['Control cell', 'Japan, United States', 'delivered'],
      ['Adversary', 'Control cell', 'delivered'],
    ]);
  });
});

describe('a resumed game', () => {
  it('recomputes every delivery time as logged, and refuses a log whose delivery time was changed', () => {
    const dir = folder();
    const game = start('acm-2015', dir);
    game.advance(200);
    const a = game.send('japan', { to: 'unitedStates', channel: 'acm.bocc', text: 'one' });
    game.runClock('control', 900);
    const b = game.send('unitedStates', { to: 'japan', text: 'two' });
    game.runClock('control', 1200);
    game.close();
    const resumed = LiveGame.resume({ model: referenceModel('acm-2015'), folder: dir, wall });
    expect(resumed.messages().map((m) => m.deliverAt)).toEqual([a.deliverAt, b.deliverAt]);
    expect(resumed.send('japan', { to: 'unitedStates', text: 'three' }).n).toBe(3);
    resumed.close();

    const file = join(dir, LOG_FILE);
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('"text":"two"'));
    const changed = JSON.parse(lines[line]!) as { deliverAt: number };
    changed.deliverAt += 1;
    lines[line] = JSON.stringify(changed);
    // the chain recomputed, so that the check behind it (the delivery time recomputed) is the one that fails
    writeFileSync(file, rechain(lines).join('\n'));
    const resume = () => LiveGame.resume({ model: referenceModel('acm-2015'), folder: dir, wall });
    expect(resume).toThrow(InputError);
    expect(resume).toThrow(new RegExp(`line ${line + 1}.*deliverAt ${changed.deliverAt} differs`));
  });
});

describe('the messages panel', () => {
  it('sends over a chosen channel, shows the sender "in transit until" and the recipient nothing until delivery; refuses the adversary', async () => {
    const dir = folder();
    const game = start('acm-2015', dir);
    game.advance(120);
    const tokens = SeatTokens.create(dir, game.plan.seats);
    const app = createGameApp(game, tokens, Date.now);
    const post = (seat: string, fields: Record<string, string>) =>
      app.request('/message', {
        method: 'POST',
        body: new URLSearchParams({ token: tokens.tokenOf(seat), ...fields }),
      });
    const board = async (seat: string) =>
      (await app.request(`/board?token=${tokens.tokenOf(seat)}`)).text();
    const sent = await post('japan', {
      to: 'unitedStates',
      channel: 'acm.acg',
      text: 'a <b>zanzibar</b>',
    });
    expect(sent.status).toBe(200);
    const [m] = game.messages();
    expect(m).toMatchObject({ seat: 'japan', channel: 'acm.acg', text: 'a <b>zanzibar</b>' });
    const japan = await board('japan');
    expect(japan).toContain('Alliance Coordination Group (ACG, policy level)');
    expect(japan).toMatch(/in transit until T\+\d\d:\d\d/);
    expect(japan).toContain('a &lt;b&gt;zanzibar&lt;/b&gt;');
    expect(japan).toContain('<option value="unitedStates">United States</option>');
    expect(await board('unitedStates')).not.toContain('zanzibar');
    game.advance(m!.deliverAt);
    expect(await board('unitedStates')).toContain('a &lt;b&gt;zanzibar&lt;/b&gt;');
    expect(await board('control')).toContain('delivered T+');
    expect((await post('adversary', { to: 'japan', text: 'hello' })).status).toBe(422);
    expect((await post('japan', { to: 'unitedStates', text: '' })).status).toBe(400);
    expect((await post('control', { to: 'all', text: 'to everyone' })).status).toBe(200);
    expect(await board('adversary')).toContain('to everyone');
  });
});

describe('the review', () => {
  it('lists every message with its channel in words and when it was delivered', async () => {
    const game = start('parallel');
    game.advance(600);
    const m = game.send('unitedStates', { to: 'japan', text: 'stand by' });
    game.send('control', { to: 'japan', text: 'noted' });
    const review = reviewGame(game, [1]);
    expect(review.messages.map((r) => [r.fromLabel, r.channelLabel, r.status])).toEqual([
      [
        'United States',
        'Ad hoc diplomatic channel (embassies, MOFA–State, MOD–DoD calls)',
        'in transit',
      ],
      ['Control cell', 'Control cell (at once)', 'delivered'],
    ]);
    game.advance(m.deliverAt);
    const html = await reviewHtml(reviewGame(game, [1]));
    expect(html).toContain('<h2>Messages</h2>');
    expect(html).toContain(
      `<td>United States</td><td>Japan</td><td>Ad hoc diplomatic channel (embassies, MOFA–State, MOD–DoD calls)</td><td>${formatTime(m.deliverAt)}</td><td>stand by</td>`,
    );
  });
});
