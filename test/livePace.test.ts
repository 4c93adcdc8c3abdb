/**
 * The control cell's clock and injects in a live game: a clock running at a pace (thinking time
 * counted at its own rate, or stopping the clock), an adversary move, an organisation changed, the
 * game ended early; each logged, replayed exactly, and equal to what the model does without them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import { LOG_FILE, type GameSettings } from '../src/live/gameLog.js';
import { startPacer } from '../src/live/pace.js';
import { serializeTrace } from '../src/engine/trace.js';
import { simulate } from '../src/engine/simulation.js';
import { compileModel, type Model } from '../src/model/compile.js';
import { loadDesign, loadScenario, parseDesign, parseScenario } from '../src/scenario/load.js';
import { verifyGame } from '../src/live/verify.js';
import { reviewGame, reviewHtml } from '../src/live/review.js';
import { earlySeed, gameSettings, REFERENCE, referenceModel, seeds } from './helpers.js';
import { readDesignData } from '../src/scenario/designExtend.js';

const model = referenceModel('acm-2015');
const EARLY = earlySeed(model);
const settings = (seats: string[], seed = EARLY): GameSettings => gameSettings('pace', seed, seats);

const wall = () => '2026-12-02T00:00:00Z';
const folder = () => mkdtempSync(join(tmpdir(), 'rungs-pace-'));
const start = (seats: string[], m: Model = model, seed = EARLY) =>
  LiveGame.start({ model: m, settings: settings(seats, seed), folder: folder(), wall });

/** The reference with its data changed first. */
function modelWith(change: (scenario: any) => void): Model {
  const s = parse(readFileSync(REFERENCE, 'utf8'));
  change(s);
  const { scenario } = parseScenario(s, 'changed.yaml');
  return compileModel(
    scenario,
    parseDesign(readDesignData('scenarios/c2/acm-2015.yaml'), 'acm-2015.yaml', scenario).design,
  );
}

const withoutInjects = (game: LiveGame) =>
  serializeTrace(game.trace.filter((e) => e.kind !== 'inject'));

describe('a clock running at a pace', () => {
  it('moves ratio × real seconds while nobody must answer, and stops at the first point a person must', () => {
    const game = start(['japan', 'unitedStates']);
    game.setPace('control', { running: true, ratio: 360, thinking: 0 });
    let ticks = 0;
    while (game.pending().length === 0 && !game.finished) {
      const before = game.now;
      game.tick(10);
      ticks++;
      // 10 real seconds at 360 simulated seconds each: an hour, unless a point stopped it sooner
      if (game.pending().length === 0) expect(game.now - before).toBeCloseTo(60, 9);
      else expect(game.now).toBe(game.pending()[0]!.time);
    }
    expect(ticks).toBeGreaterThan(1);
    // thinking time does not count: the clock stands while the point waits
    const waiting = game.now;
    game.tick(10);
    expect(game.now).toBe(waiting);
  });

  it('counts thinking time at its own rate into the latency of the point that waits', () => {
    const game = start(['japan', 'unitedStates']);
    game.setPace('control', { running: true, ratio: 600, thinking: 30 });
    while (game.pending().length === 0 && !game.finished) game.tick(5);
    const point = game.pending()[0]!;
    const asked = game.now;
    for (let i = 0; i < 8; i++) game.tick(10);
    // eight ticks of 10 real seconds at 30 simulated seconds each: 40 simulated minutes (while nothing else is asked)
    if (game.pending().length === 1) expect(game.now - asked).toBeCloseTo(40, 9);
    game.answer({
      seat: point.seat,
      point: point.id,
      answer: point.options[0]!,
      version: game.version,
    });
    const answered = game.trace.find((e) => e.kind === 'decision' && e.event === point.id)!;
    expect(answered.t).toBe(game.now);
    expect(answered.t).toBeGreaterThan(asked);
  });

  it('records how long each answered point waited, in simulated time and in real time, and the review shows both', async () => {
    let seconds = 0;
    const clock = () => new Date(Date.UTC(2026, 11, 2) + seconds * 1000).toISOString();
    const game = LiveGame.start({
      model,
      settings: settings(['japan', 'unitedStates']),
      folder: folder(),
      wall: clock,
    });
    game.setPace('control', { running: true, ratio: 600, thinking: 60 });
    while (game.pending().length === 0 && !game.finished) game.tick(5);
    const point = game.pending()[0]!;
    // 95 real seconds pass while the team thinks; the clock runs at 60 simulated seconds each
    for (let i = 0; i < 19; i++) {
      seconds += 5;
      game.tick(5);
    }
    const answer = game.answer({
      seat: point.seat,
      point: point.id,
      answer: point.options[0]!,
      version: game.version,
    });
    expect(answer.askedAt).toBe(point.time);
    expect(Date.parse(answer.wall) - Date.parse(answer.shownWall!)).toBe(95_000);
    // while a point waits, the clock runs at the thinking rate whatever else is asked: 95 simulated minutes
    expect(answer.time - answer.askedAt!).toBeCloseTo(95, 9);
    expect(await reviewHtml(reviewGame(game, seeds(2)))).toContain('<td>1m35s</td>');
  });

  it('is paused by the control cell, and a resumed game keeps its pace but comes back paused', () => {
    const dir = folder();
    const game = LiveGame.start({ model, settings: settings(['japan']), folder: dir, wall });
    game.setPace('control', { running: true, ratio: 90, thinking: 10 });
    game.tick(10);
    game.setPace('control', { running: false, ratio: 90, thinking: 10 });
    const paused = game.now;
    game.tick(10);
    expect(game.now).toBe(paused);
    game.setPace('control', { running: true, ratio: 90, thinking: 10 });
    const resumed = LiveGame.resume({ model, folder: dir, wall });
    expect(resumed.pace).toEqual({ running: false, ratio: 90, thinking: 10 });
    expect(resumed.now).toBe(game.now);
  });
});

describe('a game played on a running clock with injects', () => {
  /** A fixed schedule of ticks, pace changes, injects and answers; `killAt` resumes the game from its log there. */
  function play(dir: string, killAt?: number): { game: LiveGame; answeredAt: number[] } {
    const answeredAt: number[] = [];
    let game = LiveGame.start({
      model,
      settings: settings(['japan', 'unitedStates']),
      folder: dir,
      wall,
    });
    game.setPace('control', { running: true, ratio: 300, thinking: 60 });
    for (let step = 0; step < 120 && !game.finished; step++) {
      if (step === killAt) {
        game.close();
        game = LiveGame.resume({ model, folder: dir, wall });
        game.setPace('control', { running: true, ratio: 300, thinking: 60 });
      }
      game.tick(7);
      if (step === 10)
        game.inject('control', {
          type: 'organisation',
          org: 'jp.cabinet',
          capacity: 2,
          delayFactor: 0.5,
        });
      if (step === 15 && game.pending().every((p) => p.kind !== 'move')) {
        const up = game.model.rungIndex.get(game.trueRung().id)! + 1;
        game.inject('control', { type: 'move', to: game.model.scenario.ladder.rungs[up]!.id });
      }
      if (step === 40) game.setPace('control', { running: true, ratio: 1200, thinking: 0 });
      if (step % 4 === 3 && game.pending().length > 0) {
        for (const p of game.pending())
          game.answer({
            seat: p.seat,
            point: p.id,
            answer: p.options[step % p.options.length]!,
            version: game.version,
          });
        answeredAt.push(step);
      }
    }
    return { game, answeredAt };
  }

  it('replays exactly from its log, and resumed after a kill right after an input goes on as a game never interrupted', () => {
    const { game: whole, answeredAt } = play(folder());
    expect(whole.trace.filter((e) => e.kind === 'inject').map((e) => e.event)).toEqual([
      'adjust',
      'move',
    ]);
    expect(whole.entries.filter((e) => e.kind === 'clock').length).toBeGreaterThan(3);
    // the log alone brings the game back to where its last input left it
    const copy = folder();
    writeFileSync(join(copy, LOG_FILE), readFileSync(join(whole.folder, LOG_FILE)));
    const replayed = LiveGame.resume({ model, folder: copy, wall });
    const last = whole.entries.at(-1)!;
    expect(replayed.now).toBe(last.time);
    // killed after a step whose answers were the last input logged, then resumed (a kill between
    // two logged inputs resumes at the last one: real time that moved only the clock is not kept)
    const step = answeredAt.find((s) => s > 16)!;
    expect(step).toBeDefined();
    const { game: killed } = play(folder(), step + 1);
    expect(serializeTrace(killed.trace)).toBe(serializeTrace(whole.trace));
  });
});

describe('injects', () => {
  it('move the adversary one rung now (refusing any other rung), and the crisis goes on from there', () => {
    const game = start(['japan']);
    game.advance(600);
    const at = game.model.rungIndex.get(game.trueRung().id)!;
    const rungs = game.model.scenario.ladder.rungs;
    expect(() => game.inject('control', { type: 'move', to: rungs[at + 2]!.id })).toThrow(
      /one rung at a time/,
    );
    game.inject('control', { type: 'move', to: rungs[at + 1]!.id });
    expect(game.trueRung().id).toBe(rungs[at + 1]!.id);
    expect(game.trace.at(-1)).toMatchObject({
      kind: 'state',
      actor: 'ladder',
      to: rungs[at + 1]!.id,
    });
    expect(
      game.trace.some((e) => e.kind === 'inject' && e.event === 'move' && e.to === String(at + 1)),
    ).toBe(true);
  });

  it("refuse a move while the adversary's own move waits for its seat", () => {
    const game = start(['adversary']);
    while (!game.pending().some((p) => p.kind === 'move') && !game.finished)
      game.advance(game.now + 60);
    const at = game.model.rungIndex.get(game.trueRung().id)!;
    expect(() =>
      game.inject('control', { type: 'move', to: game.model.scenario.ladder.rungs[at + 1]!.id }),
    ).toThrow(/waits for an answer/);
  });

  it('change an organisation as if the scenario had given it that capacity from the start', () => {
    let differs = 0;
    for (const seed of seeds(5)) {
      // the one seat owns the Diet's votes, then the policy plays it: no point waits for a person
      const game = start(['jp.diet'], model, seed);
      game.inject('control', { type: 'organisation', org: 'jp.cabinet', capacity: 3 });
      game.handToPolicy('control', 'jp.diet');
      game.advance(model.horizon);
      const changed = modelWith((s) => {
        const cabinet = s.organisations.find((o: { id: string }) => o.id === 'jp.cabinet');
        cabinet.capacity = 3;
        delete cabinet.ranges.capacity;
      });
      expect(withoutInjects(game), `seed ${seed}`).toBe(
        serializeTrace(simulate(changed, { seed, keepTrace: true }).trace!),
      );
      if (
        withoutInjects(game) !== serializeTrace(simulate(model, { seed, keepTrace: true }).trace!)
      )
        differs++;
    }
    // the change mattered: the Cabinet queued items in some of these runs
    expect(differs).toBeGreaterThan(0);
  });

  it('make an organisation slower as if the scenario had scaled its processing times (to the second each draw is rounded to)', () => {
    let compared = 0;
    let later = 0;
    for (const seed of seeds(5)) {
      const game = start(['jp.diet'], model, seed);
      game.inject('control', { type: 'organisation', org: 'us.secdef', delayFactor: 2 });
      game.handToPolicy('control', 'jp.diet');
      game.advance(model.horizon);
      const slower = modelWith((s) => {
        const secdef = s.organisations.find((o: { id: string }) => o.id === 'us.secdef');
        secdef.processing = { lognormal: { median: '6h', p90: '24h' } };
        secdef.ranges = {
          'processing.lognormal.median': { low: '3h', high: '12h', scale: 'log' },
          'processing.lognormal.p90': { low: '12h36m', high: '2d', scale: 'log' },
        };
      });
      const expected = simulate(slower, { seed }).decisions;
      for (const d of game.simulation.metricsSoFar().decisions) {
        const e = expected.find((x) => x.id === d.id)!;
        expect(d.decidedAt === undefined, `${d.id} seed ${seed}`).toBe(e.decidedAt === undefined);
        if (d.decidedAt !== undefined && e.decidedAt !== undefined) {
          expect(Math.abs(d.decidedAt - e.decidedAt), `${d.id} seed ${seed}`).toBeLessThan(1);
          compared++;
          if (
            d.decidedAt >
            simulate(model, { seed }).decisions.find((x) => x.id === d.id)!.decidedAt! + 1
          )
            later++;
        }
      }
    }
    expect(compared).toBeGreaterThan(5);
    expect(later).toBeGreaterThan(0);
  });
});

describe('ending a game early', () => {
  it('ends it where it stands, leaves a result that replays, and refuses inputs after', async () => {
    const dir = folder();
    const scenario = loadScenario(REFERENCE);
    const design = loadDesign('scenarios/c2/acm-2015.yaml', scenario.scenario);
    const game = LiveGame.start({
      model,
      settings: { ...settings(['japan']), scenarioHash: scenario.hash, designHash: design.hash },
      folder: dir,
      wall,
    });
    game.advance(3 * 1440);
    for (const p of game.pending())
      game.answer({ seat: p.seat, point: p.id, answer: p.options[0]!, version: game.version });
    game.end('control');
    expect(game.finished).toBe(true);
    expect(game.ended).toBe(true);
    expect(game.now).toBe(3 * 1440);
    expect(() => game.runClock('control')).toThrow(/has ended/);
    expect(() => game.inject('control', { type: 'fact', fact: 'x', side: 'all' })).toThrow(
      /has ended/,
    );
    const verified = verifyGame(dir);
    expect(verified.ok, verified.lines.join('\n')).toBe(true);
    expect(verified.lines.join('\n')).toContain(game.result()!.traceHash);
    // the review says the control cell ended it, and that the batch has no such intervention
    const review = reviewGame(game, seeds(3));
    expect(review.interventions).toEqual([{ t: 3 * 1440, text: 'ended the game' }]);
    expect(await reviewHtml(review)).toContain('The batch runs have none of these');
  });
});

describe('the pacer', () => {
  afterEach(() => vi.useRealTimers());

  it('ticks the game with the real seconds elapsed, and stops when told', () => {
    vi.useFakeTimers();
    let now = 0;
    const ticks: number[] = [];
    const stop = startPacer({ tick: (s) => ticks.push(s) }, { everyMs: 1000, now: () => now });
    for (const elapsed of [1000, 2500, 500]) {
      now += elapsed;
      vi.advanceTimersByTime(1000);
    }
    stop();
    now += 1000;
    vi.advanceTimersByTime(5000);
    expect(ticks).toEqual([1, 2.5, 0.5]);
  });
});
