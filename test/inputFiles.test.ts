/**
 * Input files must be regular files: a FIFO (named pipe) given as a scenario, design, posterior,
 * script, injects list, incident, or found where a batch's manifest or partial file should be,
 * is refused at once with exit 2 naming it (it blocked for ever before); a folder likewise.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPlan } from '../src/batch/plan.js';
import { createManifest, writeManifest } from '../src/batch/manifest.js';
import { NotRegularFileError, openRegularFile } from '../src/io/regularFile.js';
import { startGame } from '../src/live/open.js';
import { SeatTokens } from '../src/server/tokens.js';
import { commandLine, ROOT } from './command.js';
import { REFERENCE } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-input-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SCENARIO = join(ROOT, REFERENCE);
const ONE_RUN = ['--scenario', SCENARIO, '--design', 'parallel', '--seed', '1'];
const BATCH = ['--scenario', SCENARIO, '--design', 'parallel,acm-2015', '--seeds', '1..3'];

/** A new FIFO at `path`, with no writer. */
function fifo(path: string): string {
  const made = spawnSync('mkfifo', [path]);
  expect(made.status, 'mkfifo').toBe(0);
  return path;
}

/** Lets a reader blocked on `path` go (a writer opens and closes it), so no process hangs. */
function release(path: string): void {
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // no reader waits on it
  }
}

/** Runs command `name` (killed after 15 s, as a hang would be) in `cwd`. */
function run(name: string, args: readonly string[], cwd = root) {
  const r = spawnSync(process.execPath, commandLine(name, args), {
    encoding: 'utf8',
    cwd,
    timeout: 15_000,
    killSignal: 'SIGKILL',
  });
  return { code: r.status, signal: r.signal, stderr: r.stderr };
}

/**
 * Makes a FIFO at `path` and runs command `name` with `args`: it must exit 2 at once, naming the
 * FIFO (a command that waits on it is killed after 15 s, and fails here).
 */
function expectFifoRefused(path: string, name: string, args: readonly string[]): void {
  fifo(path);
  try {
    const r = run(name, args);
    expect(r.signal, 'killed: the command waited on the FIFO').toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${path}: is a FIFO (named pipe), not a regular file\n`);
  } finally {
    release(path);
  }
}

/** An unfinished batch folder of {@link BATCH}, with its manifest and an empty partial/. */
function unfinishedBatch(name: string): string {
  const dir = join(root, name);
  const plan = createPlan({
    scenarioFile: SCENARIO,
    designs: 'parallel,acm-2015',
    seeds: [1, 2, 3],
  });
  mkdirSync(join(dir, 'partial'), { recursive: true });
  writeManifest(
    dir,
    createManifest(plan, dir, { baseline: 'parallel', traces: false, seedsGiven: '1..3' }),
  );
  return dir;
}

/** Each case: the command, its arguments given the FIFO's path, and the FIFO's path. */
const FIFO_CASES: readonly {
  what: string;
  name: string;
  args: (f: string) => string[];
  at?: (dir: string) => string;
}[] = [
  { what: 'a scenario to validate', name: 'validate', args: (f) => [f] },
  {
    what: 'a scenario',
    name: 'sim',
    args: (f) => ['--scenario', f, '--design', 'parallel', '--seed', '1'],
  },
  {
    what: 'a design file',
    name: 'sim',
    args: (f) => ['--scenario', SCENARIO, '--design', f, '--seed', '1'],
  },
  { what: 'a script', name: 'sim', args: (f) => [...ONE_RUN, '--script', f] },
  {
    what: 'a posterior',
    name: 'batch',
    args: (f) => [...BATCH, '--posterior', f, '--out', join(root, 'never')],
  },
  { what: 'an incident', name: 'calibrate', args: (f) => [f] },
  {
    what: 'an injects list',
    name: 'facilitate',
    args: (f) => [
      ...ONE_RUN,
      '--seats',
      'japan',
      '--injects',
      f,
      '--port',
      '0',
      '--out',
      join(root, 'game'),
    ],
  },
  {
    what: "a batch's manifest",
    name: 'batch',
    at: (dir) => join(dir, 'manifest.json'),
    args: (f) => [...BATCH, '--resume', '--workers', '1', '--out', join(f, '..')],
  },
  {
    what: "a batch's partial file",
    name: 'batch',
    at: (dir) => join(dir, 'partial', 'parallel.jsonl'),
    args: (f) => [...BATCH, '--resume', '--workers', '1', '--out', join(f, '..', '..')],
  },
];

describe('a FIFO as an input file', () => {
  it.each(FIFO_CASES.map((c, i) => [c.what, c, i] as const))(
    '%s: exit 2 at once, naming the file',
    (_, c, i) => {
      let path: string;
      if (c.at) {
        const dir = unfinishedBatch(`batch-${i}`);
        path = c.at(dir);
        rmSync(path, { force: true });
      } else path = join(root, `input-${i}.yaml`);
      expectFifoRefused(path, c.name, c.args(path));
    },
    30_000,
  );
});

describe("a FIFO among a shard's files", () => {
  it('merge exits 2 at once, naming it', () => {
    const shards = [0, 1].map((i) => {
      const dir = join(root, `fifo-shard-${i}`);
      const r = run('batch', [...BATCH, '--workers', '1', '--shard', `${i}/2`, '--out', dir]);
      expect(r.code, r.stderr).toBe(0);
      return dir;
    });
    const partial = join(shards[0]!, 'partial');
    const path = join(
      partial,
      readdirSync(partial).find((name) => name.endsWith('.jsonl'))!,
    );
    rmSync(path);
    expectFifoRefused(path, 'merge', [...shards, '--out', join(root, 'fifo-merged')]);
  }, 60_000);
});

/** A game's folder, as a facilitator leaves it: its log and its seats' tokens. */
function gameFolder(name: string): string {
  const folder = join(root, name);
  const game = startGame({
    scenarioFile: SCENARIO,
    design: 'parallel',
    seed: 1,
    seats: ['japan'],
    folder,
    wall: () => '2026-12-02T00:00:00Z',
  });
  SeatTokens.create(folder, game.plan.seats);
  game.close();
  return folder;
}

describe("a FIFO in a game's folder", () => {
  it.each(['log.jsonl', 'tokens.json'])(
    '%s: facilitate --resume exits 2 at once, naming it',
    (name) => {
      const folder = gameFolder(`game-${name}`);
      const path = join(folder, name);
      rmSync(path);
      expectFifoRefused(path, 'facilitate', ['--resume', folder, '--port', '0']);
    },
    30_000,
  );
});

describe('a folder as an input file', () => {
  it("is named where a scenario, a posterior or a batch's partial file should be", () => {
    const dir = join(root, 'a-folder.yaml');
    mkdirSync(dir);
    const sim = run('sim', ['--scenario', dir, '--design', 'parallel', '--seed', '1']);
    expect([sim.code, sim.stderr]).toEqual([2, `error: ${dir}: is a folder, not a regular file\n`]);
    const posterior = run('batch', [...BATCH, '--posterior', dir, '--out', join(root, 'never2')]);
    expect([posterior.code, posterior.stderr]).toEqual([
      2,
      `error: ${dir}: is a folder, not a regular file\n`,
    ]);
    const batch = unfinishedBatch('folder-partial');
    const partial = join(batch, 'partial', 'parallel.jsonl');
    mkdirSync(partial);
    const resumed = run('batch', [...BATCH, '--resume', '--workers', '1', '--out', batch]);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toBe(`error: ${partial}: is a folder, not a regular file\n`);
  }, 60_000);

  it('openRegularFile says what the path is instead, and opens a regular file with its size', () => {
    const dir = mkdtempSync(join(root, 'open-'));
    expect(() => openRegularFile(dir)).toThrow(
      new NotRegularFileError(dir, 'is a folder, not a regular file'),
    );
    expect(() => openRegularFile('/dev/null')).toThrow(/is a character device, not a regular file/);
    const { fd, size } = openRegularFile(SCENARIO);
    closeSync(fd);
    expect(size).toBeGreaterThan(1000);
  });
});
