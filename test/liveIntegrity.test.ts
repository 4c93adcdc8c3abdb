/**
 * A live game's integrity: its end always reaches its pages; its log is a hash chain, so replay
 * names any edited field's line, and a re-chained edit is still caught by who owned the point, the
 * recomputed times and probabilities, the fingerprint in result.json and the rebuilt review; a
 * new game takes no folder of an old one nor its tokens; a token is read back only in the
 * alphabet the server makes; a second lock on a game's folder is refused, naming its holder.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import { LOG_FILE, readGameLog, type GameSettings } from '../src/live/gameLog.js';
import { rechain } from './rechain.js';
import { verifyGame, verifyReview } from '../src/live/verify.js';
import { reviewFromLog } from '../src/live/reviewReplay.js';
import { REVIEW_FILE } from '../src/live/reviewWorker.js';
import { RESULT_FILE } from '../src/live/result.js';
import { lockGame } from '../src/live/folder.js';
import { startGame } from '../src/live/open.js';
import { SeatTokens, TOKENS_FILE } from '../src/server/tokens.js';
import { InputError } from '../src/scenario/errors.js';
import { loadDesign, loadScenario } from '../src/scenario/load.js';
import { earlySeed, gameSettings, REFERENCE, referenceModel } from './helpers.js';
import { startCommand, waitFor } from './command.js';

const model = referenceModel('acm-2015');
const EARLY = earlySeed(model);
const scenario = loadScenario(REFERENCE);
const design = loadDesign('scenarios/c2/acm-2015.yaml', scenario.scenario);
const settings = (seats: string[]): GameSettings =>
  gameSettings('integrity', EARLY, seats, {
    scenarioHash: scenario.hash,
    designHash: design.hash,
    wall: '2026-12-02T00:00:00.000Z',
  });

const folder = () => mkdtempSync(join(tmpdir(), 'rungs-integrity-'));
let clock = 0;
const wall = () => new Date(Date.UTC(2026, 11, 2) + clock++ * 1000).toISOString();

/** A game with nothing a person must answer: the adversary's seat handed to the policy. */
function unattended(dir = folder()): LiveGame {
  const game = LiveGame.start({ model, settings: settings(['adversary']), folder: dir, wall });
  game.handToPolicy('control', 'adversary');
  return game;
}

/** The time of the run's last event (the Diet's points left waiting): a game run to the horizon stops there. */
function lastEventTime(): number {
  const probe = unattended();
  probe.runClock('control', model.horizon);
  expect(probe.finished).toBe(true);
  expect(probe.now).toBeLessThan(model.horizon);
  return probe.now;
}

describe("a game's end", () => {
  it('reaches every page when the clock reaches the horizon with no event in the last stretch', () => {
    const last = lastEventTime();
    // run by hand: to just past the last event, then on to the horizon, where nothing happens
    const byHand = unattended();
    byHand.runClock('control', last + 1);
    expect(byHand.finished).toBe(false);
    let told = 0;
    byHand.onChange(() => told++);
    const version = byHand.version;
    byHand.runClock('control', model.horizon + 60);
    expect(byHand.finished).toBe(true);
    expect(byHand.version).toBeGreaterThan(version);
    expect(told).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(byHand.folder, RESULT_FILE), 'utf8')).traceHash).toBe(
      byHand.result()!.traceHash,
    );
    // paced: ticks of a simulated hour each, the last ones with no event
    const paced = unattended();
    paced.runClock('control', last + 1);
    paced.setPace('control', { running: true, ratio: 3600, thinking: 3600 });
    let changes = 0;
    paced.onChange(() => changes++);
    const ticks = Math.ceil((model.horizon - paced.now) / 60) + 1;
    for (let i = 0; i < ticks && !paced.finished; i++) {
      const before = changes;
      const v = paced.version;
      paced.tick(1);
      // every tick tells the pages; the one that ends the game is a change of version
      expect(changes).toBeGreaterThan(before);
      if (paced.finished) expect(paced.version).toBe(v + 1);
    }
    expect(paced.finished).toBe(true);
  });
});

/** A finished game with answers, notes and a message, served by nobody. */
function finishedGame(): LiveGame {
  const game = LiveGame.start({
    model,
    settings: settings(['japan', 'unitedStates']),
    folder: folder(),
    wall,
  });
  for (let step = 0; step < 200 && !game.finished; step++) {
    if (step === 1)
      game.inject('control', { type: 'message', to: 'japan', text: 'a ship reports a periscope' });
    if (step === 2) game.note('japan', 'we wait for the prime minister');
    game.runClock('control', step % 2 === 0 ? undefined : game.now + 360);
    for (const [i, p] of game.pending().entries())
      game.answer({
        seat: p.seat,
        point: p.id,
        answer: p.options[(step + i) % p.options.length]!,
        version: game.version,
        rationale: `step ${step}`,
      });
  }
  expect(game.finished).toBe(true);
  game.note('unitedStates', 'after the end');
  game.close();
  return game;
}

/** The log's lines, each parsed, and a writer that puts them back (re-chained when asked). */
function logOf(dir: string) {
  const file = join(dir, LOG_FILE);
  const original = readFileSync(file, 'utf8');
  const lines = original.trimEnd().split('\n');
  const values = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const at = (match: (v: Record<string, unknown>) => boolean) => values.findIndex(match);
  /** Writes the log with line `i` changed by `edit`; re-chained, every chain recomputed as the game would. */
  const write = (i: number, edit: (v: Record<string, unknown>) => void, again = false) => {
    const copy = values.map((v) => structuredClone(v));
    edit(copy[i]!);
    const edited = copy.map((v, n) => (n === i ? JSON.stringify(v) : lines[n]!));
    writeFileSync(file, `${(again ? rechain(edited) : edited).join('\n')}\n`);
  };
  const restore = () => writeFileSync(file, original);
  return { values, at, write, restore };
}

describe("a game's log", () => {
  const game = finishedGame();
  const dir = game.folder;
  const log = logOf(dir);
  const answer = log.at((v) => v.kind === 'answer' && v.rationale !== undefined);
  const policyAnswer = log.at((v) => v.kind === 'answer' && v.policyApprove !== undefined);
  const note = log.at((v) => v.kind === 'note');
  const message = log.at((v) => v.kind === 'inject');
  const other = (seat: unknown) => (seat === 'japan' ? 'unitedStates' : 'japan');

  it('verifies as it was written, and its fingerprint is the one result.json records', () => {
    const verified = verifyGame(dir);
    expect(verified.ok, verified.lines.join('\n')).toBe(true);
    const read = readGameLog(dir);
    const result = JSON.parse(readFileSync(join(dir, RESULT_FILE), 'utf8'));
    // the fingerprint covers the note after the end
    expect([result.chainHash, result.chainLines]).toEqual([read.chain, read.entries.length + 1]);
    expect(read.entries.at(-1)).toMatchObject({ kind: 'note', text: 'after the end' });
    expect(verified.lines.at(-1)).toContain(read.chain);
  });

  it('names the line of each field edited in place: seat, rationale, note, message, thinking time, wall time', () => {
    const edits: Array<[string, number, (v: Record<string, unknown>) => void]> = [
      ['seat', answer, (v) => (v.seat = other(v.seat))],
      ['rationale', answer, (v) => (v.rationale = 'we never hesitated')],
      ['note text', note, (v) => (v.text = 'something else')],
      ['message text', message, (v) => ((v.inject as { text: string }).text = 'all clear')],
      ['shownWall', answer, (v) => (v.shownWall = '2026-12-01T00:00:00.000Z')],
      ['wall', answer, (v) => (v.wall = '2026-12-03T00:00:00.000Z')],
    ];
    try {
      for (const [field, i, edit] of edits) {
        expect(i, field).toBeGreaterThan(0);
        log.write(i, edit);
        const v = verifyGame(dir);
        expect(v.ok, field).toBe(false);
        expect(v.lines.join('\n'), field).toContain(`line ${i + 1}: its hash chain does not match`);
      }
    } finally {
      log.restore();
    }
  });

  it('catches an edit whose chain was recomputed: the fingerprint, the seat that owned the point, the recomputed askedAt and policy probability', () => {
    try {
      const fingerprint = `${RESULT_FILE}: the log's fingerprint is`;
      log.write(answer, (v) => (v.rationale = 'rewritten'), true);
      let v = verifyGame(dir);
      expect(v.ok).toBe(false);
      expect(v.lines.join('\n')).toContain(fingerprint);

      log.write(answer, (v) => (v.seat = other(v.seat)), true);
      v = verifyGame(dir);
      const owner = log.values[answer]!.seat;
      expect(v.lines.join('\n')).toContain(
        `line ${answer + 1}: answered by seat "${other(owner)}", but ${String(log.values[answer]!.point)} belongs to seat "${String(owner)}"`,
      );

      log.write(answer, (v) => (v.askedAt = (v.askedAt as number) + 1), true);
      expect(verifyGame(dir).lines.join('\n')).toContain(
        `line ${answer + 1}: askedAt ${(log.values[answer]!.askedAt as number) + 1}, but`,
      );

      log.write(policyAnswer, (v) => (v.policyApprove = 1 - (v.policyApprove as number)), true);
      expect(verifyGame(dir).lines.join('\n')).toContain(`line ${policyAnswer + 1}: policyApprove`);

      log.write(note, (v) => (v.seat = 'adversary'), true);
      expect(verifyGame(dir).lines.join('\n')).toContain(
        `line ${note + 1}: seat "adversary" is not a seat of the game`,
      );

      log.write(message, (v) => (v.seat = 'japan'), true);
      expect(verifyGame(dir).lines.join('\n')).toContain(
        `line ${message + 1}: a inject by seat "japan": only the control cell does that`,
      );
    } finally {
      log.restore();
    }
    expect(verifyGame(dir).ok).toBe(true);
  });

  it('compares review.html with the review rebuilt from the log, naming the first line that differs', async () => {
    const seeds = [1, 2, 3];
    const { html } = await reviewFromLog({ folder: dir, lines: log.values.length, seeds });
    writeFileSync(join(dir, REVIEW_FILE), html);
    expect((await verifyReview(dir, seeds)).ok).toBe(true);
    const lines = html.split('\n');
    const i = lines.findIndex((l) => l.includes('we wait for the prime minister'));
    lines[i] = lines[i]!.replace('we wait for the prime minister', 'we acted at once');
    writeFileSync(join(dir, REVIEW_FILE), lines.join('\n'));
    const v = await verifyReview(dir, seeds);
    expect(v.ok).toBe(false);
    expect(v.lines[0]).toContain(`${REVIEW_FILE}: line ${i + 1}: differs from the review rebuilt`);
  });

  it('has its fingerprint printed by the facilitator, to keep, once the game has ended', async () => {
    const run = startCommand('facilitate', ['--resume', dir, '--port', '0']);
    try {
      const chain = readGameLog(dir).chain;
      await waitFor(() => run.stdout().includes('fingerprint'), 'the fingerprint', 60_000);
      expect(run.stdout()).toContain(
        `game integrity ended; the log's fingerprint (keep it): ${chain} (${log.values.length} lines)`,
      );
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });

  it('refuses a line without its chain, naming it', () => {
    try {
      log.write(note, (v) => delete v.chain);
      const v = verifyGame(dir);
      expect(v.lines.join('\n')).toContain(`line ${note + 1}: expected its hash chain`);
    } finally {
      log.restore();
    }
  });
});

describe("a game's folder and tokens", () => {
  it("refuses to start a new game in a folder holding an old game's files, or to adopt its tokens", () => {
    for (const name of [TOKENS_FILE, RESULT_FILE, REVIEW_FILE, LOG_FILE]) {
      const dir = folder();
      writeFileSync(join(dir, name), '{}');
      const start = () =>
        startGame({
          scenarioFile: REFERENCE,
          design: 'acm-2015',
          seed: 1,
          seats: ['japan'],
          folder: dir,
          wall,
        });
      expect(start, name).toThrow(InputError);
      expect(start, name).toThrow(`${dir}: holds a previous game's files (${name})`);
    }
    const dir = folder();
    SeatTokens.create(dir, ['japan', 'control']);
    expect(() => SeatTokens.create(dir, ['japan', 'control'])).toThrow(
      `${join(dir, TOKENS_FILE)}: a new game makes its own tokens`,
    );
  });

  it("reads tokens back only in the server's alphabet, naming tokens.json", () => {
    const made = folder();
    const tokens = SeatTokens.create(made, ['japan', 'control']);
    expect(tokens.tokenOf('japan')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(SeatTokens.load(made, ['japan', 'control']).tokenOf('japan')).toBe(
      tokens.tokenOf('japan'),
    );
    for (const bad of [
      "abcdefghijklmnopqrstuvwxyz012'45",
      'abcdefghijklmnopqrstuvwxyz012<45',
      'short',
    ]) {
      const dir = folder();
      writeFileSync(
        join(dir, TOKENS_FILE),
        JSON.stringify({ japan: bad, control: tokens.tokenOf('control') }),
      );
      const load = () => SeatTokens.load(dir, ['japan', 'control']);
      expect(load, bad).toThrow(InputError);
      expect(load, bad).toThrow(
        `${join(dir, TOKENS_FILE)}: japan: expected 32 characters of base64url`,
      );
    }
  });

  it('refuses a second lock on a game folder, naming the holder (pid, host, since)', () => {
    const dir = folder();
    const lock = lockGame(dir, '2026-12-07T10:00:00.000Z', () => {});
    try {
      expect(() => lockGame(dir, '2026-12-07T10:05:00.000Z', () => {})).toThrow(
        `${dir}: holds a game another facilitator is serving (pid ${process.pid} on this host (${hostname()}), since 2026-12-07T10:00:00.000Z)`,
      );
    } finally {
      lock.release();
    }
    lockGame(dir, '2026-12-07T10:06:00.000Z', () => {}).release();
  });
});
