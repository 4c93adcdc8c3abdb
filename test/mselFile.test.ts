/**
 * Injects lists (MSEL) as files: the reference list loads for the reference scenario; every bad
 * item is refused naming the file, the path inside it and what was expected (a time, a fact the
 * model knows, a rung, an organisation, a seat of the game); a game records the list's hash and a
 * resumed game refuses a changed list; the control cell's ad hoc fact refuses an unknown fact.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadInjects } from '../src/live/msel.js';
import { planSeats } from '../src/live/seats.js';
import { resumeGame, startGame } from '../src/live/open.js';
import { readGameLog } from '../src/live/gameLog.js';
import { GameInputError } from '../src/live/errors.js';
import { InputError } from '../src/scenario/errors.js';
import { REFERENCE, referenceModel } from './helpers.js';
import { runCommand } from './command.js';

const MSEL = 'scenarios/injects/senkaku-msel.yaml';
const model = referenceModel('parallel');
const SEATS = ['japan', 'unitedStates', 'adversary'];
const context = { model, seats: planSeats(model, SEATS).seats };
const dir = () => mkdtempSync(join(tmpdir(), 'rungs-msel-'));

/** The reference list with its items changed, written to a new file. */
function listWith(change: (items: any[]) => void): string {
  const data = parse(readFileSync(MSEL, 'utf8'));
  change(data.injects);
  const file = join(dir(), 'list.yaml');
  writeFileSync(file, stringify(data));
  return file;
}

/** The issues loading `file` raises. */
function issuesOf(file: string) {
  try {
    loadInjects(file, context);
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('the reference injects list', () => {
  it('loads for the reference scenario, its times in simulated minutes', () => {
    const list = loadInjects(MSEL, context);
    const raw = parse(readFileSync(MSEL, 'utf8')).injects as Array<{ id: string; at: string }>;
    expect(list.items.map((i) => i.id)).toEqual(raw.map((i) => i.id));
    expect(list.items.length).toBeGreaterThanOrEqual(6);
    expect(list.items.length).toBeLessThanOrEqual(10);
    const at = new Map(list.items.map((i) => [i.id, i.at]));
    expect(at.get('swarm-report')).toBe(6 * 60);
    expect(at.get('submarine-contact')).toBe(24 * 60 + 6 * 60);
    expect(at.get('deadline')).toBe(3 * 24 * 60);
    expect(new Set(list.items.map((i) => i.kind))).toEqual(
      new Set(['fact', 'message', 'move', 'organisation']),
    );
  });

  it('has the same hash whatever its comments', () => {
    const file = join(dir(), 'commented.yaml');
    writeFileSync(file, `# another comment\n${readFileSync(MSEL, 'utf8')}`);
    expect(loadInjects(file, context).hash).toBe(loadInjects(MSEL, context).hash);
  });
});

describe('a bad injects list', () => {
  it('names the file and the path of a time that is not a duration', () => {
    const file = listWith((items) => (items[2].at = '12 hours'));
    const [issue, ...rest] = issuesOf(file);
    expect(rest).toEqual([]);
    expect(issue!.file).toBe(file);
    expect(issue!.path).toBe('injects[2].at');
    expect(issue!.message).toMatch(/duration/);
  });

  it('refuses a time at or past the horizon (21 days)', () => {
    const file = listWith((items) => (items[0].at = '21d'));
    expect(issuesOf(file)).toEqual([
      { file, path: 'injects[0].at', message: expect.stringMatching(/before the horizon \(21d\)/) },
    ]);
  });

  it('refuses an unknown fact, listing the facts the model knows', () => {
    const file = listWith((items) => (items[1].fact = 'periscopeSighted'));
    const [issue] = issuesOf(file);
    expect(issue!.path).toBe('injects[1].fact');
    expect(issue!.message).toMatch(/unknown fact "periscopeSighted"/);
    // facts the scenario's rungs carry, its procedures, decisions' effects and the activation request
    const scenario = parse(readFileSync(REFERENCE, 'utf8'));
    const expected = new Set<string>([
      'activationRequested',
      ...Object.keys(scenario.procedures),
      ...scenario.ladder.facts,
      ...scenario.decisions.flatMap((d: any) => d.effects?.facts ?? []),
    ]);
    const listed = issue!.message.match(/\((.*)\)$/)![1]!.split(', ');
    for (const fact of expected) expect(listed).toContain(fact);
    expect(listed).not.toContain('periscopeSighted');
  });

  it('refuses an unknown rung, organisation and seat, each at its path', () => {
    const file = listWith((items) => {
      const kind = (k: string) => items.find((i) => i.kind === k);
      kind('move').rung = 'R12';
      kind('organisation').org = 'jp.navy';
      items.find((i) => i.kind === 'message' && i.to === 'japan').to = 'china';
    });
    const issues = issuesOf(file);
    const at = (path: RegExp) => issues.find((i) => path.test(i.path))!;
    expect(issues).toHaveLength(3);
    expect(at(/\.rung$/).message).toMatch(/unknown rung "R12": expected one of R0, R1,.* R9/);
    expect(at(/\.org$/).message).toMatch(
      /unknown organisation "jp.navy": expected one of .*jp\.jcg/,
    );
    expect(at(/\.to$/).message).toBe(
      'no seat "china" in this game: expected one of japan, unitedStates, adversary, all',
    );
    for (const i of issues) expect(i.file).toBe(file);
  });

  it('refuses an unknown field, a missing kind-specific field and a repeated id', () => {
    const file = listWith((items) => {
      items[0].colour = 'red';
      delete items[1].fact;
      items[3].id = items[4].id;
    });
    const issues = issuesOf(file).map((i) => `${i.path}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^injects\[0\]: unknown field "colour"/),
        expect.stringMatching(/^injects\[1\]\.fact: /),
      ]),
    );
    // the shape is checked first: the repeated id shows once the shape holds
    const repeated = listWith((items) => (items[3].id = items[4].id));
    expect(issuesOf(repeated).map((i) => `${i.path}: ${i.message}`)).toEqual([
      `injects[4].id: "${parse(readFileSync(MSEL, 'utf8')).injects[4].id}" is used twice`,
    ]);
  });
});

describe('a game with an injects list', () => {
  const wall = () => '2026-12-07T09:00:00.000Z';
  const open = (injects: string, folder: string) =>
    startGame({
      scenarioFile: REFERENCE,
      design: 'parallel',
      seed: 3,
      seats: SEATS,
      injects,
      folder,
      wall,
    });

  it('records the list and its hash, and a resumed game refuses a changed list', () => {
    const list = listWith(() => {});
    const folder = join(dir(), 'game');
    open(list, folder).close();
    const settings = readGameLog(folder).settings;
    expect(settings.injectsFile).toBe(list);
    expect(settings.injectsHash).toBe(loadInjects(list, context).hash);
    const resumed = resumeGame(folder, wall);
    expect(resumed.schedule.list().map((s) => s.item.id)).toEqual(
      loadInjects(list, context).items.map((i) => i.id),
    );
    resumed.close();
    writeFileSync(list, readFileSync(list, 'utf8').replace('at: 6h', 'at: 7h'));
    expect(() => resumeGame(folder, wall)).toThrow(
      /log\.jsonl: line 1: the injects file .* changed since the game started/,
    );
  });

  it('is refused before the game folder is made', () => {
    const folder = join(dir(), 'never');
    expect(() =>
      open(
        listWith((items) => (items[0].to = 'china')),
        folder,
      ),
    ).toThrow(InputError);
    expect(() => readGameLog(folder)).toThrow(/no game log here/);
  });

  it("the control cell's ad hoc fact refuses an unknown fact, naming the known ones", () => {
    const game = open(MSEL, join(dir(), 'adhoc'));
    const refuse = () =>
      game.inject('control', { type: 'fact', fact: 'periscopeSighted', side: 'all' });
    expect(refuse).toThrow(GameInputError);
    expect(refuse).toThrow(
      /unknown fact "periscopeSighted" \(facts the model knows: .*submergedSubmarine/,
    );
    expect(game.entries).toEqual([]);
    game.close();
  });
});

describe('facilitate --injects', () => {
  it('refuses a bad list with exit 2, naming the file and the item, and leaves no game behind', () => {
    const file = listWith((items) => (items[0].to = 'china'));
    const out = join(dir(), 'game');
    const cli = runCommand('facilitate', [
      '--scenario',
      REFERENCE,
      '--design',
      'parallel',
      '--seed',
      '1',
      '--seats',
      SEATS.join(','),
      '--injects',
      file,
      '--out',
      out,
      '--port',
      '0',
    ]);
    expect(cli.status, cli.stderr).toBe(2);
    expect(cli.stderr).toContain(`${file}: injects[0].to: no seat "china" in this game`);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
    expect(() => readGameLog(out)).toThrow(/no game log here/);
  });
});
