/**
 * The live game as a library: seats answering at once, stale and foreign answers refused, every
 * answer on disk before it is acknowledged, and a game resumed from its log (even with its last
 * line cut short by a kill) going on exactly as one never interrupted.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import { GameInputError } from '../src/live/errors.js';
import { readGameLog, LOG_FILE, type GameSettings } from '../src/live/gameLog.js';
import { planSeats } from '../src/live/seats.js';
import { serializeTrace } from '../src/engine/trace.js';
import { earlySeed, gameSettings, REFERENCE, referenceModel } from './helpers.js';
import { loadDesign, loadScenario } from '../src/scenario/load.js';
import { verifyGame } from '../src/live/verify.js';
import { runCommand } from './inputCases.js';

const model = referenceModel('acm-2015');
const EARLY = earlySeed(model);
const settings = (seats: string[], seed = EARLY): GameSettings =>
  gameSettings('test', seed, seats, { wall: '2026-12-02T00:00:00Z' });

let clock = 0;
const wall = () => new Date(Date.UTC(2026, 11, 2) + clock++ * 1000).toISOString();
const folder = () => mkdtempSync(join(tmpdir(), 'rungs-game-'));

/**
 * Plays `game` by a fixed schedule: the control cell runs the clock to the next point a person
 * must answer on every third step, else in steps of 6 hours; every pending point is answered
 * with an option chosen by its position.
 */
function play(game: LiveGame, steps: number, from = 0): void {
  for (let step = from; step < from + steps && !game.finished; step++) {
    // the control cell's injects, replayed exactly where they were given
    if (step === 5)
      game.inject('control', { type: 'fact', fact: 'submergedSubmarine', side: 'all' });
    if (step === 7)
      game.inject('control', {
        type: 'message',
        to: game.plan.seats[0]!,
        text: 'a ship reports a periscope',
      });
    if (step % 3 === 0) game.runClock('control');
    else game.runClock('control', Math.max(game.now, (step + 1) * 360));
    for (const [i, p] of game.pending().entries())
      game.answer({
        seat: p.seat,
        point: p.id,
        answer: p.options[(step + i) % p.options.length]!,
        version: game.version,
        rationale: `step ${step}`,
      });
  }
}

describe('seats', () => {
  it('give a side its decisions, a pattern the ids it matches (before the side), and the Diet to the control cell', () => {
    const plan = planSeats(model, ['japan', 'us.*', 'adversary']);
    expect(plan.ownerSeat.get('jp.mso')).toBe('japan');
    expect(plan.ownerSeat.get('us.fdo')).toBe('us.*');
    expect(plan.ownerSeat.get('adversary.move')).toBe('adversary');
    expect(plan.ownerSeat.get('jp.diet')).toBe('control');
    // alliance decisions belong to no seat here: the policy plays them
    expect(plan.ownerSeat.has('alliance.coordinatedResponse')).toBe(false);
  });

  it('refuse an unknown side, a pattern that matches nothing, and two seats owning one decision', () => {
    expect(() => planSeats(model, ['japn'])).toThrow(/"japn" matches no decision/);
    expect(() => planSeats(model, ['jp.*', 'jp.m*'])).toThrow(
      /jp.mso would belong to both "jp.\*" and "jp.m\*"/,
    );
    expect(() => planSeats(model, ['control'])).toThrow(/control cell, always present/);
  });
});

describe('a live game', () => {
  it('takes answers from two seats given against the same page version, and refuses a second answer to a point', () => {
    const game = LiveGame.start({
      model,
      settings: settings(['japan', 'unitedStates']),
      folder: folder(),
      wall,
    });
    let t = 0;
    while (new Set(game.pending().map((p) => p.seat)).size < 2 && !game.finished)
      game.advance((t += 60));
    const pending = game.pending();
    const jp = pending.find((p) => p.seat === 'japan')!;
    const us = pending.find((p) => p.seat === 'unitedStates')!;
    const version = game.version;
    game.answer({ seat: 'japan', point: jp.id, answer: jp.options[0]!, version });
    game.answer({ seat: 'unitedStates', point: us.id, answer: us.options[0]!, version });
    expect(game.pending().map((p) => p.id)).not.toContain(jp.id);
    const again = () =>
      game.answer({ seat: 'japan', point: jp.id, answer: jp.options[0]!, version: game.version });
    expect(again).toThrow(GameInputError);
    expect(again).toThrow(/no decision point .* is waiting/);
  });

  it("refuses an answer to another seat's point (not yours) and one from a page older than the point (not now); the control cell may answer any", () => {
    const game = LiveGame.start({
      model,
      settings: settings(['japan', 'unitedStates']),
      folder: folder(),
      wall,
    });
    let t = 0;
    while (!game.pending().some((p) => p.seat === 'japan') && !game.finished)
      game.advance((t += 60));
    const point = game.pending().find((p) => p.seat === 'japan')!;
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as GameInputError).refusal;
      }
      return undefined;
    };
    expect(
      refused(() =>
        game.answer({
          seat: 'unitedStates',
          point: point.id,
          answer: point.options[0]!,
          version: game.version,
        }),
      ),
    ).toBe('notYours');
    expect(
      refused(() =>
        game.answer({
          seat: 'japan',
          point: point.id,
          answer: point.options[0]!,
          version: point.askedAtVersion - 1,
        }),
      ),
    ).toBe('notNow');
    expect(
      refused(() =>
        game.answer({ seat: 'japan', point: point.id, answer: 'maybe', version: game.version }),
      ),
    ).toBe('invalid');
    game.answer({
      seat: 'control',
      point: point.id,
      answer: point.options[0]!,
      version: game.version,
    });
  });

  it('has each answer on disk, with its seat, rationale and when it took effect, before it returns', () => {
    const dir = folder();
    const game = LiveGame.start({ model, settings: settings(['japan']), folder: dir, wall });
    play(game, 12);
    const onDisk = readGameLog(dir).entries;
    expect(onDisk).toEqual(game.entries);
    expect(onDisk.find((e) => e.kind === 'answer')).toMatchObject({
      seat: 'japan',
      rationale: expect.stringMatching(/^step \d+$/),
    });
    expect(onDisk.some((e) => e.kind === 'clock')).toBe(true);
  });

  it('resumed at any input, stands exactly where the game stood: time, events processed, points pending', () => {
    const dir = folder();
    const game = LiveGame.start({
      model,
      settings: settings(['japan', 'unitedStates', 'adversary']),
      folder: dir,
      wall,
    });
    let checked = 0;
    for (let step = 0; step < 30 && !game.finished; step++) {
      if (step % 2 === 0) game.runClock('control');
      else game.runClock('control', game.now + 200);
      // a copy of the log as it stands, resumed elsewhere
      const copy = folder();
      writeFileSync(join(copy, LOG_FILE), readFileSync(join(dir, LOG_FILE)));
      const resumed = LiveGame.resume({ model, folder: copy, wall });
      expect(
        [resumed.now, resumed.events, resumed.pending().map((p) => p.id)],
        `step ${step}`,
      ).toEqual([game.now, game.events, game.pending().map((p) => p.id)]);
      resumed.close();
      checked++;
      const p = game.pending()[0];
      if (p)
        game.answer({
          seat: p.seat,
          point: p.id,
          answer: p.options[step % p.options.length]!,
          version: game.version,
        });
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('resumed from its log after a kill, even with a torn last line, goes on exactly as a game never interrupted', () => {
    const whole = LiveGame.start({
      model,
      settings: settings(['japan', 'unitedStates', 'adversary']),
      folder: folder(),
      wall,
    });
    play(whole, 40);
    expect(whole.entries.length).toBeGreaterThan(5);

    const dir = folder();
    const first = LiveGame.start({
      model,
      settings: settings(['japan', 'unitedStates', 'adversary']),
      folder: dir,
      wall,
    });
    play(first, 15);
    // step 15 is cut short: the clock ran to the next point a person must answer (which may stop
    // before the last event at that time), then the game was killed before anyone answered
    first.runClock('control');
    expect(first.pending().length).toBeGreaterThan(0);
    expect(whole.entries.length).toBeGreaterThan(first.entries.length);
    // killed while writing the next line: it was never acknowledged
    appendFileSync(join(dir, LOG_FILE), '{"kind":"answer","seat":"jap');
    const resumed = LiveGame.resume({ model, folder: dir, wall });
    expect(resumed.pending().map((p) => p.id)).toEqual(first.pending().map((p) => p.id));
    for (const [i, p] of resumed.pending().entries())
      resumed.answer({
        seat: p.seat,
        point: p.id,
        answer: p.options[(15 + i) % p.options.length]!,
        version: resumed.version,
        rationale: 'step 15',
      });
    play(resumed, 40 - 16, 16);
    expect(serializeTrace(resumed.trace)).toBe(serializeTrace(whole.trace));
    // the same inputs, where they took effect; wall-clock stamps aside (a resumed game first shows its pending points again)
    const inputs = (entries: typeof whole.entries) =>
      entries.map((e) =>
        Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'wall' && k !== 'shownWall')),
      );
    expect(inputs(resumed.entries)).toEqual(inputs(whole.entries));
    // the torn line is gone from the file: later answers follow complete lines
    expect(readFileSync(join(dir, LOG_FILE), 'utf8')).not.toContain('"seat":"jap"');
    expect(readGameLog(dir).torn).toBe(false);
  });
});

describe('injects', () => {
  it('make a fact known to the side named, and a message to its seat, and nothing to the others', () => {
    const game = LiveGame.start({
      model,
      settings: settings(['japan', 'unitedStates']),
      folder: folder(),
      wall,
    });
    game.advance(600);
    game.inject('control', { type: 'fact', fact: 'submergedSubmarine', side: 'japan' });
    game.inject('control', { type: 'message', to: 'japan', text: 'hold' });
    expect(game.simulation.picture('japan').facts.submergedSubmarine).toBe(true);
    expect(game.simulation.picture('unitedStates').facts.submergedSubmarine).toBeUndefined();
    expect(game.learned('japan').at(-1)).toMatchObject({
      text: `learned: ${model.scenario.briefing!.facts.submergedSubmarine}`,
      t: game.now,
    });
    expect(game.messagesTo('japan')).toEqual([{ t: game.now, text: 'hold' }]);
    expect(game.messagesTo('unitedStates')).toEqual([]);
    expect(() => game.inject('control', { type: 'message', to: 'nobody', text: 'x' })).toThrow(
      /no seat "nobody"/,
    );
  });
});

describe('a seat handed to the policy', () => {
  it('has its pending points answered by the policy at once and none asked of it again; a game resumed across it goes on identically', () => {
    const run = (dir: string, killAt?: number) => {
      let game = LiveGame.start({
        model,
        settings: settings(['japan', 'unitedStates']),
        folder: dir,
        wall,
      });
      for (let step = 0; step < 30 && !game.finished; step++) {
        if (step === killAt) game = LiveGame.resume({ model, folder: dir, wall });
        game.runClock('control', game.now + 360);
        if (step === 6) {
          const japanPending = game
            .pending()
            .filter((p) => p.seat === 'japan')
            .map((p) => p.id);
          game.handToPolicy('control', 'japan');
          // answered by the policy, and logged in the trace as decisions taken then
          for (const id of japanPending)
            expect(
              game.trace.some((e) => e.kind === 'decision' && e.event === id && e.t === game.now),
              id,
            ).toBe(true);
        }
        if (step > 6) expect(game.pending().filter((p) => p.seat === 'japan')).toEqual([]);
        for (const p of game.pending())
          game.answer({ seat: p.seat, point: p.id, answer: p.options[0]!, version: game.version });
      }
      return game;
    };
    const whole = run(folder());
    expect(whole.policySeats.has('japan')).toBe(true);
    expect(() => whole.handToPolicy('control', 'japan')).toThrow(/already plays/);
    const resumed = run(folder(), 12);
    expect(serializeTrace(resumed.trace)).toBe(serializeTrace(whole.trace));
  });
});

describe('a finished game', () => {
  it('replays from its seed and log to the trace hash it left, and a changed answer does not', () => {
    const dir = folder();
    const scenario = loadScenario(REFERENCE);
    const design = loadDesign('scenarios/c2/acm-2015.yaml', scenario.scenario);
    const game = LiveGame.start({
      model,
      settings: {
        ...settings(['japan', 'unitedStates']),
        scenarioHash: scenario.hash,
        designHash: design.hash,
      },
      folder: dir,
      wall,
    });
    play(game, 200);
    if (!game.finished) game.runClock('control', model.horizon);
    expect(game.finished).toBe(true);
    const cli = runCommand('replay', [dir]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`trace hash matches: ${game.result()!.traceHash}`);
    // the log edited: one answer given the other way
    const lines = readFileSync(join(dir, LOG_FILE), 'utf8').split('\n');
    const i = lines.findIndex(
      (l) => l.includes('"kind":"answer"') && l.includes('"answer":"approve"'),
    );
    lines[i] = lines[i]!.replace('"answer":"approve"', '"answer":"defer"');
    writeFileSync(join(dir, LOG_FILE), lines.join('\n'));
    const tampered = verifyGame(dir);
    expect(tampered.ok).toBe(false);
    // the edited line breaks the log's hash chain there
    expect(tampered.lines.join('\n')).toContain(`line ${i + 1}: its hash chain does not match`);
  });
});
