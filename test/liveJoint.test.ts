/**
 * Joint alliance decisions in a live game: the seat `alliance` needs both national seats; a joint
 * point is settled by their positions (both concur: the game approves it; an objection: a revision
 * of a seeded length, then another round; objections in `breakdownAfter` rounds: the game rejects
 * it); positions from other seats, during a revision or twice in a round are refused; a resumed
 * game replays the positions and comes to the same trace.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rechain } from './rechain.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import { GameInputError } from '../src/live/errors.js';
import { LOG_FILE, readGameLog, type GameSettings } from '../src/live/gameLog.js';
import { planSeats } from '../src/live/seats.js';
import { concurringNations } from '../src/live/joint.js';
import { seatView, type SideView } from '../src/live/views.js';
import type { PendingPoint } from '../src/live/answers.js';
import { serializeTrace } from '../src/engine/trace.js';
import { toSampler } from '../src/math/distributions.js';
import { earlySeed, gameSettings, REFERENCE, referenceModel } from './helpers.js';
import { SeatTokens } from '../src/server/tokens.js';
import { createGameApp } from '../src/server/app.js';
import { seatsWithPages } from '../src/live/seats.js';
import { runCommand } from './command.js';
import { loadScenario } from '../src/scenario/load.js';

const DESIGN = 'parallel';
const model = referenceModel(DESIGN);
const SEED = earlySeed(model);
const SEATS = ['japan', 'unitedStates', 'adversary', 'alliance'];
const settings = (seats = SEATS): GameSettings =>
  gameSettings('joint', SEED, seats, { design: DESIGN, wall: '2026-12-07T00:00:00Z' });

let tick = 0;
const wall = () => new Date(Date.UTC(2026, 11, 7) + tick++ * 1000).toISOString();
const folder = () => mkdtempSync(join(tmpdir(), 'rungs-joint-'));
const start = (dir = folder()) =>
  LiveGame.start({ model, settings: settings(), folder: dir, wall });

/** The scenario's consensus settings, read from the file (not from the compiled model). */
const consensus = loadScenario(REFERENCE).scenario.consensus!;

/**
 * Runs the clock, answering every other point with its first option, until a joint point waits;
 * returns it.
 */
function toJointPoint(game: LiveGame): PendingPoint {
  for (let step = 0; step < 200 && !game.finished; step++) {
    const joint = game.pending().find((p) => p.seat === 'alliance');
    if (joint) return joint;
    const other = game.pending()[0];
    if (other)
      game.answer({
        seat: other.seat,
        point: other.id,
        answer: other.options[0]!,
        version: game.version,
      });
    else game.runClock('control');
  }
  throw new Error('no joint point came');
}

const take = (game: LiveGame, seat: string, point: string, position: string, rationale?: string) =>
  game.position({
    seat,
    point,
    position,
    version: game.version,
    ...(rationale === undefined ? {} : { rationale }),
  });

/** The refusal of `act`, or undefined when it was taken. */
function refusal(act: () => unknown): GameInputError['refusal'] | undefined {
  try {
    act();
  } catch (error) {
    if (error instanceof GameInputError) return error.refusal;
    throw error;
  }
  return undefined;
}

/** The revision after an objection in `round`, drawn independently from the file's distribution. */
const revision = (point: string, round: number) =>
  Math.round(
    toSampler(consensus.objection.revision)(seedrandom.alea(`${SEED}/joint/${point}/${round}`)()) *
      60,
  ) / 60;

const decisionEntries = (game: LiveGame, point: string) =>
  game.trace.filter((e) => e.kind === 'decision' && e.event === point);

describe('the seat alliance', () => {
  it('is refused without both national seats, naming --seats', () => {
    for (const seats of [
      ['unitedStates', 'alliance'],
      ['japan', 'alliance'],
    ]) {
      let error: unknown;
      try {
        planSeats(model, seats);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({
        issues: [
          expect.objectContaining({
            file: '--seats',
            message: expect.stringMatching(
              /"alliance" is played jointly .*: name (japan|unitedStates) too/,
            ),
          }),
        ],
      });
    }
  });

  it('is refused by the command line without japan: exit 2, naming --seats, no stack trace', () => {
    const out = join(folder(), 'game');
    const cli = runCommand('facilitate', [
      ...['--scenario', REFERENCE, '--design', DESIGN, '--seed', '1'],
      ...['--seats', 'unitedStates,adversary,alliance', '--out', out, '--port', '0'],
    ]);
    expect(cli.status, cli.stderr).toBe(2);
    expect(cli.stderr).toMatch(
      /^error: --seats: .*"alliance" is played jointly .*name japan too$/m,
    );
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });

  it("owns the alliance's decisions; both nations concur on them under every bundled design", () => {
    const plan = planSeats(model, SEATS);
    const alliance = model.decisions.filter((d) => d.side === 'alliance').map((d) => d.id);
    expect(alliance).toContain('alliance.coordinatedResponse');
    for (const id of alliance) expect(plan.ownerSeat.get(id)).toBe('alliance');
    for (const design of ['parallel', 'acm-2015', 'cfc-integrated', 'jjoc-jfhq'])
      for (const id of alliance)
        expect(concurringNations(referenceModel(design), id)).toEqual(['japan', 'unitedStates']);
  });
});

describe('a joint point', () => {
  it('concurred by both national seats is approved by the game at that time, marked joint', () => {
    const game = start();
    const point = toJointPoint(game);
    expect(point.decision).toMatch(/^alliance\./);
    // both national pages list it, marked joint, in round 1 with no position yet
    for (const seat of ['japan', 'unitedStates']) {
      const view = seatView(game, seat) as SideView;
      const shown = view.pending.find((p) => p.id === point.id);
      expect(shown?.joint).toMatchObject({ round: 1, yourTurn: true });
      expect(shown?.joint?.status).toMatch(/joint alliance decision, round 1/);
    }
    expect((seatView(game, 'adversary') as SideView).pending.some((p) => p.id === point.id)).toBe(
      false,
    );
    game.runClock('control', game.now + 90);
    take(game, 'japan', point.id, 'concur');
    expect(decisionEntries(game, point.id)).toEqual([]);
    const us = seatView(game, 'unitedStates') as SideView;
    expect(us.pending.find((p) => p.id === point.id)?.joint?.positions).toEqual([
      { seat: 'japan', position: 'concur' },
      { seat: 'unitedStates' },
    ]);
    const at = game.now;
    take(game, 'unitedStates', point.id, 'concur', 'agreed in the channel');
    expect(decisionEntries(game, point.id)).toEqual([
      expect.objectContaining({ t: at, to: 'approve', actor: 'alliance' }),
    ]);
    expect(game.entries.at(-1)).toMatchObject({
      kind: 'answer',
      seat: 'alliance',
      point: point.id,
      answer: 'approve',
      time: at,
      joint: ['japan', 'unitedStates'],
      rationale: 'unitedStates: agreed in the channel',
    });
    expect(game.pending().some((p) => p.id === point.id)).toBe(false);
    // each national seat's own answers list its position, then the answer given jointly
    const label = model.decisionsById.get(point.decision)!.label;
    const own = (seat: string) =>
      (seatView(game, seat) as SideView).answers.filter((a) => a.label === label);
    expect(own('japan')).toEqual([
      { label, askedAt: undefined, answeredAt: at, answer: 'concurred (round 1)', rationale: '' },
      expect.objectContaining({ answeredAt: at, answer: 'approve (jointly)' }),
    ]);
    expect(own('unitedStates')).toEqual([
      expect.objectContaining({
        answer: 'concurred (round 1)',
        rationale: 'agreed in the channel',
      }),
      expect.objectContaining({ answer: 'approve (jointly)' }),
    ]);
    expect(own('adversary')).toEqual([]);
    game.close();
  });

  it('objected to starts a revision of the drawn length, then a second round', () => {
    const game = start();
    const point = toJointPoint(game);
    const objectedAt = game.now;
    expect(refusal(() => take(game, 'japan', point.id, 'object'))).toBe('invalid');
    expect(refusal(() => take(game, 'japan', point.id, 'object', '  '))).toBe('invalid');
    take(game, 'japan', point.id, 'object', 'the rules of engagement differ');
    const until = objectedAt + revision(point.id, 1);
    expect(until).toBeGreaterThan(objectedAt);
    const view = (seatView(game, 'unitedStates') as SideView).pending.find(
      (p) => p.id === point.id,
    )!.joint!;
    expect(view).toMatchObject({ round: 2, revisionUntil: until, yourTurn: false });
    expect(view.status).toMatch(/in revision until T\+/);
    expect(refusal(() => take(game, 'unitedStates', point.id, 'concur'))).toBe('notNow');
    // just short of the end of the revision: still refused; at its end: round 2
    game.runClock('control', until - 1 / 60);
    expect(refusal(() => take(game, 'unitedStates', point.id, 'concur'))).toBe('notNow');
    game.runClock('control', until);
    expect(game.pending().some((p) => p.id === point.id)).toBe(true);
    expect(take(game, 'unitedStates', point.id, 'concur')).toMatchObject({ round: 2 });
    // a second position in the same round is refused
    expect(refusal(() => take(game, 'unitedStates', point.id, 'object', 'no'))).toBe('notNow');
    take(game, 'japan', point.id, 'concur');
    expect(decisionEntries(game, point.id)).toEqual([
      expect.objectContaining({ t: until, to: 'approve' }),
    ]);
    game.close();
  });

  it('in revision, waits for no person: a run to the next decision and a running clock go on to its end', () => {
    for (const clock of ['run to next', 'paced'] as const) {
      const game = start();
      const point = toJointPoint(game);
      // every other point answered, so that the joint point in revision is all that waits
      for (const p of game.pending().filter((q) => q.id !== point.id))
        game.answer({ seat: 'control', point: p.id, answer: p.options[0]!, version: game.version });
      take(game, 'japan', point.id, 'object', 'the rules of engagement differ');
      const until = game.now + revision(point.id, 1);
      if (clock === 'run to next') game.runClock('control');
      else {
        // a running clock whose thinking rate is 0 would stand still while a person must answer
        game.setPace('control', { running: true, ratio: 600, thinking: 0 });
        for (let i = 0; i < 1000 && game.now < until; i++) game.tick(1);
      }
      const others = game.pending().filter((p) => p.id !== point.id);
      if (others.length === 0) {
        expect(game.now, clock).toBe(until);
        expect(take(game, 'unitedStates', point.id, 'concur')).toMatchObject({ round: 2 });
      } else {
        // a point asked meanwhile stops the clock there, as any point a person must answer does
        expect(game.now, clock).toBeLessThan(until);
        expect(others.every((p) => p.time === game.now)).toBe(true);
      }
      game.close();
    }
  });

  it(`breaks down after ${consensus.breakdown.afterRounds} objecting rounds: the game rejects it`, () => {
    const game = start();
    const point = toJointPoint(game);
    const rounds = consensus.breakdown.afterRounds;
    for (let round = 1; round <= rounds; round++) {
      if (round > 1) game.runClock('control', game.now + revision(point.id, round - 1));
      if (round < rounds) take(game, 'unitedStates', point.id, 'concur');
      take(game, 'japan', point.id, 'object', `round ${round}: not yet`);
    }
    const answer = game.entries.at(-1);
    expect(answer).toMatchObject({
      kind: 'answer',
      seat: 'alliance',
      answer: 'defer',
      joint: [],
      rationale: expect.stringContaining(`objections in ${rounds} rounds in a row`),
    });
    expect(decisionEntries(game, point.id)).toEqual([
      expect.objectContaining({ t: game.now, to: 'defer' }),
    ]);
    game.close();
  });

  it('refuses a position from the adversary and the control cell, and one for a national point', () => {
    const game = start();
    const point = toJointPoint(game);
    expect(refusal(() => take(game, 'adversary', point.id, 'concur'))).toBe('notYours');
    expect(refusal(() => take(game, 'control', point.id, 'concur'))).toBe('notYours');
    expect(refusal(() => take(game, 'japan', point.id, 'maybe'))).toBe('invalid');
    expect(refusal(() => take(game, 'japan', 'nothing#1', 'concur'))).toBe('notNow');
    // a national seat cannot answer it alone; the control cell can, outright
    expect(
      refusal(() =>
        game.answer({ seat: 'japan', point: point.id, answer: 'approve', version: game.version }),
      ),
    ).toBe('notYours');
    const entry = game.answer({
      seat: 'control',
      point: point.id,
      answer: 'defer',
      version: game.version,
    });
    expect(entry).not.toHaveProperty('joint');
    expect(entry.seat).toBe('control');
    expect(game.entries.some((e) => e.kind === 'position')).toBe(false);
    game.close();
  });

  it('replays positions when resumed, and reaches the trace hash of a game never interrupted', () => {
    const play = (game: LiveGame, steps: number): LiveGame => {
      for (let step = 0; step < steps && !game.finished; step++) {
        const joint = game.pending().find((p) => p.seat === 'alliance');
        if (!joint) {
          const other = game.pending()[0];
          if (other)
            game.answer({
              seat: other.seat,
              point: other.id,
              answer: other.options[0]!,
              version: game.version,
            });
          else game.runClock('control', game.now + 600);
          continue;
        }
        const view = (seatView(game, 'japan') as SideView).pending.find(
          (p) => p.id === joint.id,
        )!.joint!;
        if (view.revisionUntil !== undefined) game.runClock('control', view.revisionUntil);
        else if (view.round === 1 && view.yourTurn)
          take(game, 'japan', joint.id, 'object', 'revise it');
        else if (view.yourTurn) take(game, 'japan', joint.id, 'concur');
        else take(game, 'unitedStates', joint.id, 'concur');
      }
      return game;
    };
    const whole = play(start(), 400);
    expect(whole.finished).toBe(true);
    expect(whole.entries.filter((e) => e.kind === 'position').length).toBeGreaterThan(2);
    const dir = folder();
    const first = start(dir);
    // killed in the middle of the first joint point's consultation: after the objection and a concurrence
    while (first.entries.filter((e) => e.kind === 'position').length < 2 && !first.finished)
      play(first, 1);
    expect(first.entries.filter((e) => e.kind === 'position')).toHaveLength(2);
    const resumedAt = first.entries.length;
    first.close();
    const resumed = play(LiveGame.resume({ model, folder: dir, wall }), 400);
    expect(resumed.entries.length).toBeGreaterThan(resumedAt);
    expect(resumed.result()?.traceHash).toBe(whole.result()?.traceHash);
    expect(serializeTrace(resumed.trace)).toBe(serializeTrace(whole.trace));
    expect(readGameLog(dir).entries.filter((e) => e.kind === 'position').length).toBe(
      whole.entries.filter((e) => e.kind === 'position').length,
    );
    resumed.close();
    // a position changed in the log no longer replays: the line is named
    const lines = readFileSync(join(dir, LOG_FILE), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"kind":"position"'));
    // (an objection made a concurrence replays itself, but japan's next position is then refused)
    const nextPosition = lines.findIndex((l, i) => i > at && l.includes('"kind":"position"'));
    for (const [from, to, line] of [
      ['"seat":"japan"', '"seat":"adversary"', at + 1],
      ['"round":1', '"round":2', at + 1],
      ['"position":"object"', '"position":"concur"', nextPosition + 1],
    ] as const) {
      const tampered = folder();
      const copy = [...lines];
      expect(copy[at]).toContain(from);
      copy[at] = copy[at]!.replace(from, to);
      writeFileSync(join(tampered, LOG_FILE), rechain(copy).join('\n'));
      let error: unknown;
      try {
        LiveGame.resume({ model, folder: tampered, wall });
      } catch (e) {
        error = e;
      }
      expect(error, to).toMatchObject({
        issues: [{ path: `line ${line}`, message: expect.stringMatching(/^does not replay: /) }],
      });
    }
  });

  it("gets the game's answer on resume when a kill fell between the settling position and the answer", () => {
    const dir = folder();
    const game = start(dir);
    const point = toJointPoint(game);
    take(game, 'japan', point.id, 'concur');
    take(game, 'unitedStates', point.id, 'concur');
    const answer = game.entries.at(-1)!;
    game.close();
    // the answer's line lost: the log ends with the second position
    const lines = readFileSync(join(dir, LOG_FILE), 'utf8').split('\n');
    writeFileSync(join(dir, LOG_FILE), `${lines.slice(0, -2).join('\n')}\n`);
    const resumed = LiveGame.resume({ model, folder: dir, wall });
    const strip = ({ wall: _w, shownWall: _s, ...rest }: Record<string, unknown>) => rest;
    expect(strip(resumed.entries.at(-1)!)).toEqual(strip(answer));
    expect(decisionEntries(resumed, point.id)).toEqual(decisionEntries(game, point.id));
    resumed.close();
  });
});

describe('a national seat handed to the policy', () => {
  it('takes the joint decisions with it: the policy answers them, now and from then on', () => {
    const game = start();
    const point = toJointPoint(game);
    take(game, 'unitedStates', point.id, 'concur');
    game.handToPolicy('control', 'japan');
    expect([...game.policySeats].sort()).toEqual(['alliance', 'japan']);
    expect(game.pending().some((p) => p.seat === 'alliance' || p.seat === 'japan')).toBe(false);
    expect(decisionEntries(game, point.id)).toEqual([expect.objectContaining({ t: game.now })]);
    expect(refusal(() => game.handToPolicy('control', 'alliance'))).toBe('notNow');
    game.close();
  });
});

describe('the server', () => {
  const form = (fields: Record<string, string | number>) => ({
    method: 'POST',
    body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])),
  });

  it('takes positions by POST /position and shows the joint point to both nations, with no submit button', async () => {
    const dir = folder();
    const game = start(dir);
    const tokens = SeatTokens.create(dir, seatsWithPages(game.plan));
    expect(seatsWithPages(game.plan)).toEqual(['japan', 'unitedStates', 'adversary', 'control']);
    const app = createGameApp(game, tokens, Date.now);
    const point = toJointPoint(game);
    const board = async (seat: string) =>
      (await app.request(`/board?token=${tokens.tokenOf(seat)}`)).text();
    for (const seat of ['japan', 'unitedStates', 'control']) {
      const html = await board(seat);
      const panel = html.slice(html.indexOf(`data-point="${point.id}"`));
      expect(panel, seat).toContain('Joint alliance decision');
      // Enter commits nothing: the panel is no form, and its buttons submit nothing by themselves
      // up to the next heading or the next point
      const own = panel.slice(0, panel.search(/<h2>|.data-point=/));
      expect(own).toContain('<button type="button"');
      expect(own).not.toMatch(/<form|type="submit"/);
    }
    expect(await board('japan')).toContain('data-testid="concur"');
    expect(await board('control')).toContain('data-testid="answer-approve"');
    expect(await board('adversary')).not.toContain(point.id);
    const post = (seat: string, fields: Record<string, string | number>) =>
      app.request(
        '/position',
        form({ token: tokens.tokenOf(seat), point: point.id, version: game.version, ...fields }),
      );
    expect((await post('adversary', { position: 'concur' })).status).toBe(403);
    expect((await post('japan', { position: 'object' })).status).toBe(422);
    expect((await post('japan', { position: 'maybe' })).status).toBe(400);
    expect((await post('japan', { position: 'concur' })).status).toBe(200);
    expect((await post('japan', { position: 'concur' })).status).toBe(409);
    expect(await board('unitedStates')).toMatch(/Japan: concurred/);
    expect((await post('unitedStates', { position: 'concur', rationale: 'fine' })).status).toBe(
      200,
    );
    expect(readGameLog(dir).entries.at(-1)).toMatchObject({
      kind: 'answer',
      seat: 'alliance',
      point: point.id,
      joint: ['japan', 'unitedStates'],
    });
    game.close();
  });
});
