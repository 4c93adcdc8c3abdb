/**
 * The shared command frame, run as a user runs commands: usage errors name their option, seed
 * lists are bounded before any seed is made, a closed pipe ends a command quietly, and failures
 * outside a command's body get the same messages and exit codes as those inside it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args.js';
import { MAX_SEEDS } from '../src/batch/seeds.js';
import { REFERENCE } from './helpers.js';
import { referenceData, runCommand, tempDir } from './inputCases.js';
import { commandLine } from './command.js';

const dir = tempDir();

/** Runs a command with its stdout a pipe that is closed before the command writes a line. */
function withClosedStdout(
  name: string,
  args: readonly string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, commandLine(name, args), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
}

describe('seed lists', () => {
  it('refuse 1..1000000000 before making any seed: error: --seeds, exit 2', () => {
    const cli = runCommand('compare', ['--scenario', REFERENCE, '--seeds', '1..1000000000']);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toBe(
      `error: --seeds: "1..1000000000" is 1,000,000,000 seeds, more than the limit of ${MAX_SEEDS.toLocaleString('en')}\n`,
    );
  }, 30_000);
});

describe('usage errors', () => {
  it('name the option: an unknown one, one without its value', () => {
    const unknown = runCommand('compare', ['--scenario', REFERENCE, '--colour', '2']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^error: --colour: unknown option \(known: --scenario,/);
    const missing = runCommand('validate', [REFERENCE, '--scenario']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('error: --scenario: expected a value\n');
  }, 30_000);

  it('treat names every object has (--constructor) as unknown options', () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect(() => parseArgs([`--${name}`, 'x'], { seeds: 'value' }), name).toThrow(
        expect.objectContaining({
          option: `--${name}`,
          message: expect.stringMatching(/^unknown option/),
        }),
      );
    }
  });
});

describe('a closed pipe', () => {
  it('ends validate and sim quietly, exit 0, when the reader has gone before the first line', async () => {
    const runs = await Promise.all([
      withClosedStdout('validate', [
        REFERENCE,
        'scenarios/c2/parallel.yaml',
        'scenarios/c2/acm-2015.yaml',
      ]),
      withClosedStdout('sim', [
        '--scenario',
        REFERENCE,
        '--design',
        'parallel',
        '--seed',
        '3',
        '--steps',
      ]),
    ]);
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/EPIPE|\n\s+at |internal error/);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
  }, 30_000);

  it('keeps the exit code of a command that had already failed', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, stringify({ ...referenceData(), horizon: '999d' }));
    const run = await withClosedStdout('validate', [bad, REFERENCE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: .*bad\.yaml: horizon: expected at most limits\.horizon/);
  }, 30_000);
});

describe('failures outside a command body', () => {
  const frame = (...args: string[]) =>
    spawnSync(process.execPath, ['test/fixtures/frame.mjs', ...args], { encoding: 'utf8' });

  it('a file the user named that cannot be written: error: <path>: <why>, exit 2', () => {
    const folder = join(dir, 'a-file-not-a-folder');
    writeFileSync(folder, '');
    const cli = frame('write', join(folder, 'out.txt'));
    expect(cli.status).toBe(2);
    expect(cli.stderr).toBe(
      `error: ${join(folder, 'out.txt')}: part of the path is not a folder (open)\n`,
    );
  }, 30_000);

  it('an input error thrown from a callback: the same message, exit 2', () => {
    const cli = frame('later', 'late.yaml');
    expect(cli.status).toBe(2);
    expect(cli.stderr).toBe('error: late.yaml: a.b: thrown from a callback\n');
  }, 30_000);

  it('a bug, thrown or rejected: internal error, exit 1, no stack trace', () => {
    for (const mode of ['bug', 'rejection']) {
      const cli = frame(mode);
      expect(cli.status, mode).toBe(1);
      expect(cli.stderr, mode).toMatch(/^internal error: /);
      expect(cli.stderr, mode).not.toMatch(/\n\s+at /);
    }
  }, 30_000);
});
