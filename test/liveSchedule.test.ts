/**
 * Scheduled injects and turns in a live game: an item fires when the clock reaches its time (a
 * paced clock, a run to the next decision, a turn's end), logged as an inject naming it; the
 * control cell cancels, edits and adds items during play; a game with its schedule replays to the
 * same trace; in turn mode the clock moves one turn at a time, only when the control cell ends it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import type { GameSettings, InjectEntry } from '../src/live/gameLog.js';
import type { ScheduleItem } from '../src/scenario/injectsSchema.js';
import { resumeGame, startGame } from '../src/live/open.js';
import { verifyGame } from '../src/live/verify.js';
import { serializeTrace } from '../src/engine/trace.js';
import { SeatTokens } from '../src/server/tokens.js';
import { createGameApp } from '../src/server/app.js';
import { hoursPerMinuteOfRatio, ratioOfHoursPerMinute } from '../src/server/clockForms.js';
import { earlySeed, gameSettings, REFERENCE, referenceModel } from './helpers.js';

const model = referenceModel('acm-2015');
const EARLY = earlySeed(model);
const settings = (seats: string[]): GameSettings => gameSettings('schedule', EARLY, seats);

const wall = () => '2026-12-07T09:00:00Z';
const folder = () => mkdtempSync(join(tmpdir(), 'rungs-schedule-'));
const start = (injects: ScheduleItem[], seats = ['japan'], where = folder()) =>
  LiveGame.start({ model, settings: settings(seats), folder: where, wall, injects });

const message = (id: string, at: number, to = 'japan'): ScheduleItem => ({
  id,
  at,
  kind: 'message',
  to,
  text: `${id} text`,
});
const fired = (game: LiveGame, id: string) =>
  game.entries.filter((e): e is InjectEntry => e.kind === 'inject' && e.msel === id);
const statusOf = (game: LiveGame, id: string) =>
  game.schedule.list().find((s) => s.item.id === id)?.status;

/** When the first point a person must answer is asked, in a game with no schedule. */
function firstPointTime(): number {
  const game = start([]);
  game.runClock('control');
  const t = game.pending()[0]!.time;
  game.close();
  return t;
}

describe('a scheduled inject', () => {
  it('fires at its time in a paced game, logged as an inject with its msel id', () => {
    const game = start([message('early', 100), message('later', 250)]);
    // 10 real seconds at 360 simulated seconds each: 60 simulated minutes a tick, thinking alike
    game.setPace('control', { running: true, ratio: 360, thinking: 360 });
    for (let i = 0; i < 5; i++) game.tick(10);
    expect(game.now).toBe(300);
    for (const [id, at] of [
      ['early', 100],
      ['later', 250],
    ] as const) {
      const [entry, ...more] = fired(game, id);
      expect(more).toEqual([]);
      expect(entry!.time).toBe(at);
      expect(entry!.inject).toEqual({ type: 'message', to: 'japan', text: `${id} text` });
      expect(statusOf(game, id)).toBe('sent');
    }
    expect(game.messagesTo('japan')).toEqual([
      { t: 100, text: 'early text' },
      { t: 250, text: 'later text' },
    ]);
  });

  it('stops a run to the next decision at its time, fires, and goes on to the decision', () => {
    const first = firstPointTime();
    const at = Math.floor(first / 2);
    const game = start([message('midway', at)]);
    game.runClock('control');
    expect(fired(game, 'midway').map((e) => e.time)).toEqual([at]);
    // a message changes nothing in the run: the clock stops at the same first point
    expect(game.now).toBe(first);
    expect(game.pending()[0]!.time).toBe(first);
  });

  it('to all goes to every player seat', () => {
    const game = start([message('everyone', 30, 'all')], ['japan', 'unitedStates']);
    game.runClock('control', 60);
    expect(fired(game, 'everyone').map((e) => e.inject)).toEqual([
      { type: 'message', to: 'japan', text: 'everyone text' },
      { type: 'message', to: 'unitedStates', text: 'everyone text' },
    ]);
  });

  it('cancelled, never fires; edited, fires at its new time; added late, fires at once', () => {
    const game = start([message('cancelled', 60), message('moved', 90)]);
    game.changeSchedule('control', { action: 'cancel', id: 'cancelled' });
    game.changeSchedule('control', {
      action: 'edit',
      item: { ...message('moved', 200), text: 'new' },
    });
    game.runClock('control', 150);
    expect(fired(game, 'cancelled')).toEqual([]);
    expect(statusOf(game, 'cancelled')).toBe('cancelled');
    expect(fired(game, 'moved')).toEqual([]);
    game.runClock('control', 240);
    expect(fired(game, 'moved').map((e) => [e.time, e.inject])).toEqual([
      [200, { type: 'message', to: 'japan', text: 'new' }],
    ]);
    game.changeSchedule('control', { action: 'add', item: message('late', 10) });
    expect(fired(game, 'late').map((e) => e.time)).toEqual([240]);
    // what was sent or cancelled cannot change again; an id cannot be used twice
    expect(() => game.changeSchedule('control', { action: 'cancel', id: 'moved' })).toThrow(
      /was sent already/,
    );
    expect(() =>
      game.changeSchedule('control', { action: 'add', item: message('late', 500) }),
    ).toThrow(/already scheduled/);
    expect(() =>
      game.changeSchedule('control', {
        action: 'add',
        item: { id: 'bad', at: 500, kind: 'fact', to: 'all', fact: 'nonsense', text: 't' },
      }),
    ).toThrow(/unknown fact "nonsense"/);
  });

  it('a move it cannot make at its time is cancelled, saying why', () => {
    const game = start([{ id: 'leap', at: 30, kind: 'move', rung: 'R9', text: 'war' }]);
    game.runClock('control', 60);
    const cancelled = game.schedule.list().find((s) => s.item.id === 'leap')!;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.reason).toMatch(/one rung at a time/);
    expect(fired(game, 'leap')).toEqual([]);
  });
});

describe('a game with a schedule, replayed', () => {
  it('reproduces its trace and its schedule from the log; the injects changed the run', () => {
    const injects: ScheduleItem[] = [
      { id: 'sub', at: 240, kind: 'fact', to: 'all', fact: 'submergedSubmarine', text: 'sub' },
      { id: 'slow', at: 300, kind: 'organisation', org: 'jp.jcg', delayFactor: 3, text: 'slow' },
      message('note', 400),
      message('dropped', 500),
    ];
    const where = folder();
    const game = start(injects, ['japan'], where);
    game.setPace('control', { running: true, ratio: 600, thinking: 600 });
    for (let i = 0; i < 4; i++) game.tick(10);
    game.changeSchedule('control', { action: 'cancel', id: 'dropped' });
    game.changeSchedule('control', { action: 'add', item: message('extra', 700) });
    game.runClock('control', 3 * 24 * 60);
    const statuses = game.schedule.list().map((s) => [s.item.id, s.status]);
    expect(statuses).toEqual([
      ['sub', 'sent'],
      ['slow', 'sent'],
      ['note', 'sent'],
      ['dropped', 'cancelled'],
      ['extra', 'sent'],
    ]);
    const trace = serializeTrace(game.trace);
    game.close();

    const resumed = LiveGame.resume({ model, folder: where, wall, injects });
    expect(serializeTrace(resumed.trace)).toBe(trace);
    expect(resumed.schedule.list().map((s) => [s.item.id, s.status])).toEqual(statuses);
    resumed.close();

    // the same clock runs without the schedule make another run
    const plain = start([]);
    plain.runClock('control', 3 * 24 * 60);
    expect(serializeTrace(plain.trace)).not.toBe(trace);
  });

  it('a finished game with its injects list verifies (the replay needs only the log)', () => {
    const where = folder();
    const game = startGame({
      scenarioFile: REFERENCE,
      design: 'acm-2015',
      seed: EARLY,
      seats: ['japan', 'unitedStates', 'adversary'],
      injects: 'scenarios/injects/senkaku-msel.yaml',
      folder: where,
      wall,
    });
    // the control cell answers for every seat, with the engine's first option
    while (!game.finished) {
      game.runClock('control');
      for (const p of game.pending())
        game.answer({ seat: 'control', point: p.id, answer: p.options[0]!, version: game.version });
    }
    expect(game.entries.filter((e) => e.kind === 'inject' && e.msel).length).toBeGreaterThan(3);
    game.close();
    expect(verifyGame(where).ok).toBe(true);
    const resumed = resumeGame(where, wall);
    expect(resumed.schedule.list().filter((s) => s.status === 'scheduled')).toEqual([]);
    resumed.close();
  });
});

describe('turn mode', () => {
  it('moves the clock exactly one turn per end of turn, never by itself; pending points stay pending', () => {
    const where = folder();
    const game = start([message('in-turn-2', 500)], ['japan', 'unitedStates'], where);
    game.setPace('control', {
      running: false,
      ratio: 60,
      thinking: 60,
      turn: { length: 360, from: 0 },
    });
    game.tick(10);
    expect(game.now).toBe(0);
    const ends: number[] = [];
    for (let turn = 1; turn <= 4; turn++) {
      expect(game.endTurn('control')).toBe(turn);
      ends.push(game.now);
    }
    expect(ends).toEqual([360, 720, 1080, 1440]);
    expect(fired(game, 'in-turn-2').map((e) => e.time)).toEqual([500]);
    const clocks = game.entries.filter((e) => e.kind === 'clock');
    expect(clocks.map((e) => [e.time, e.kind === 'clock' && e.turn])).toEqual([
      [360, 1],
      [720, 2],
      [1080, 3],
      [1440, 4],
    ]);
    // a turn stops at nothing: points asked in it wait for their seats
    expect(game.pending().length).toBeGreaterThan(0);
    const trace = serializeTrace(game.trace);
    game.close();
    const resumed = LiveGame.resume({ model, folder: where, wall });
    expect(resumed.now).toBe(1440);
    expect(serializeTrace(resumed.trace)).toBe(trace);
    expect(resumed.pace.turn).toEqual({ length: 360, from: 0 });
    resumed.close();
  });

  it('turns counted from when turn mode began; ending a turn outside turn mode is refused', () => {
    const game = start([]);
    expect(() => game.endTurn('control')).toThrow(/not played in turns/);
    game.runClock('control', 100);
    game.setPace('control', {
      running: false,
      ratio: 60,
      thinking: 60,
      turn: { length: 60, from: 100 },
    });
    expect(game.endTurn('control')).toBe(1);
    expect(game.now).toBe(160);
    expect(game.endTurn('control')).toBe(2);
    expect(game.now).toBe(220);
  });
});

describe("the control cell's clock and schedule forms", () => {
  const form = (fields: Record<string, string | number>) => ({
    method: 'POST',
    body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])),
  });
  function serve() {
    const where = folder();
    const game = start([message('planned', 2000)], ['japan', 'unitedStates'], where);
    const tokens = SeatTokens.create(where, game.plan.seats);
    return {
      game,
      app: createGameApp(game, tokens, Date.now),
      token: tokens.tokenOf('control'),
      tokens,
    };
  }

  it('converts a pace in simulated hours per real minute to the log’s simulated seconds per real second', async () => {
    expect(ratioOfHoursPerMinute(1)).toBe(60);
    expect(hoursPerMinuteOfRatio(360)).toBe(6);
    const { game, app, token } = serve();
    const response = await app.request(
      '/control/clock',
      form({ token, action: 'run', hoursPerMinute: 2, thinkingHoursPerMinute: 0.5 }),
    );
    expect(response.status).toBe(200);
    // 2 simulated hours a real minute: 7200 simulated seconds in 60 real ones
    expect(game.pace).toEqual({ running: true, ratio: 120, thinking: 30 });
    const board = await response.text();
    expect(board).toContain('name="hoursPerMinute" type="number" min="0.001" step="any" value="2"');
    expect(board).toContain(
      'name="thinkingHoursPerMinute" type="number" min="0" step="any" value="0.5"',
    );
    const blank = await app.request(
      '/control/clock',
      form({ token, action: 'pause', hoursPerMinute: '' }),
    );
    expect(blank.status).toBe(200);
    expect(game.pace).toEqual({ running: false, ratio: 120, thinking: 30 });
    // Enter in "by hours" runs nothing: its form's default button is disabled; only a click runs it
    const hoursForm = board.match(
      /<form[^>]*>(?:(?!<\/form>)[\s\S])*name="hours"[\s\S]*?<\/form>/,
    )![0];
    expect(hoursForm.match(/type="submit"[^>]*/g)).toEqual([
      'type="submit" disabled hidden aria-hidden="true" tabindex="-1"',
      'type="submit" name="to" value="hours"',
    ]);
    const bad = await app.request(
      '/control/clock',
      form({ token, action: 'run', hoursPerMinute: -1 }),
    );
    expect(bad.status).toBe(400);
  });

  it('plays in turns: each page shows the turn, and "End turn" runs the clock one turn', async () => {
    const { game, app, token, tokens } = serve();
    let board = await (
      await app.request('/control/turns', form({ token, action: 'turns', turnHours: 6 }))
    ).text();
    expect(game.pace.turn).toEqual({ length: 360, from: 0 });
    expect(board).toContain('End turn 1');
    // in turns only the end of a turn runs the clock
    expect(board).not.toContain('Run to the next human decision');
    expect(board).not.toContain('name="hoursPerMinute"');
    board = await (await app.request('/control/turns', form({ token, action: 'end' }))).text();
    expect(game.now).toBe(360);
    expect(board).toContain('data-testid="turn">Turn 2</strong> (ends T+12:00)');
    const japan = await (await app.request(`/board?token=${tokens.tokenOf('japan')}`)).text();
    expect(japan).toContain('Turn 2');
    // 6 of the horizon's 21 days × 24 hours
    expect(japan).toContain(`${((100 * 360) / model.horizon).toFixed(0)}% of T+504:00`);
    await app.request('/control/turns', form({ token, action: 'continuous' }));
    expect(game.pace.turn).toBeUndefined();
    expect(game.pace.running).toBe(false);
  });

  it('adds, edits and cancels scheduled injects, refusing an unknown fact', async () => {
    const { game, app, token } = serve();
    const add = await app.request(
      '/control/schedule',
      form({
        token,
        action: 'add',
        id: 'sub',
        at: '1d',
        kind: 'fact',
        side: 'japan',
        fact: 'submergedSubmarine',
        text: 'periscope',
        to: 'japan',
        rung: 'R0',
        org: 'jp.jcg',
      }),
    );
    expect(add.status).toBe(200);
    expect(game.schedule.list().find((s) => s.item.id === 'sub')!.item).toEqual({
      id: 'sub',
      at: 1440,
      kind: 'fact',
      to: 'japan',
      fact: 'submergedSubmarine',
      text: 'periscope',
    });
    expect(await add.text()).toMatch(
      /<tr data-msel="sub" data-status="scheduled"><td>T\+24:00<\/td>/,
    );
    await app.request(
      '/control/schedule',
      form({
        token,
        action: 'edit',
        id: 'planned',
        at: '3h',
        kind: 'message',
        to: 'unitedStates',
        text: 'moved',
      }),
    );
    expect(game.schedule.list()[0]!.item).toEqual({
      ...message('planned', 180, 'unitedStates'),
      text: 'moved',
    });
    const cancelled = await app.request(
      '/control/schedule',
      form({ token, action: 'cancel', id: 'sub' }),
    );
    expect(await cancelled.text()).toContain('data-msel="sub" data-status="cancelled"');
    const unknown = await app.request(
      '/control/schedule',
      form({
        token,
        action: 'add',
        id: 'x',
        at: '2h',
        kind: 'fact',
        side: 'all',
        fact: 'ufo',
        text: 't',
      }),
    );
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('unknown fact &quot;ufo&quot;');
    const noTime = await app.request(
      '/control/schedule',
      form({ token, action: 'add', id: 'y', kind: 'message', to: 'japan', text: 't' }),
    );
    expect(noTime.status).toBe(400);
    expect(game.schedule.list().map((s) => s.item.id)).toEqual(['planned', 'sub']);
  });
});
