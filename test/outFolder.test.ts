/**
 * `--out` of every command that writes: the root folder (`/`, `//`, an unset `"$OUT/"`), the
 * working folder (`.`, `<cwd>/`) and a folder holding someone else's files are refused with exit 2
 * and a message naming the option, before anything is written; new, empty and the command's own
 * folders are still taken.
 */
import { spawn } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync as realpath,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutFolder } from '../src/batch/outFolder.js';
import { commandLine, ROOT, runCommand } from './command.js';
import { InputError } from '../src/scenario/errors.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-out-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SCENARIO = join(ROOT, 'scenarios', 'senkaku-island-seizure.yaml');
const INCIDENT = join(ROOT, 'scenarios', 'incidents', 'amami-2001.yaml');
const DESIGNS = ['--design', 'parallel,acm-2015'];
const shard = join(root, 'shard');

beforeAll(() => {
  const made = runCommand('batch', [
    '--scenario',
    SCENARIO,
    '--design',
    'parallel',
    '--seeds',
    '1..1',
    '--shard',
    '0/1',
    '--out',
    shard,
  ]);
  expect(made.stderr).not.toMatch(/error/);
}, 60_000);

/** A command and its arguments before `--out`-like option `option`. */
interface Writer {
  readonly name: string;
  readonly args: readonly string[];
  readonly option: string;
  /** Whether the option names a folder (else a file). */
  readonly folder: boolean;
}

const FOLDER_WRITERS: readonly Writer[] = [
  ['batch', ['--scenario', SCENARIO, '--design', 'parallel', '--seeds', '1..1']],
  ['merge', [shard]],
  ['start', ['--seeds', '1..1', '--workers', '1']],
  ['sensitivity', ['--scenario', SCENARIO, ...DESIGNS, '--seeds', '1..2']],
  ['ranking', ['--scenario', SCENARIO, ...DESIGNS, '--seeds', '1..2', '--yes']],
  ['calibrate', ['--fit', INCIDENT]],
  [
    'facilitate',
    ['--scenario', SCENARIO, '--design', 'parallel', '--seed', '1', '--seats', 'japan'],
  ],
].map(([name, args]) => ({ name, args, option: '--out', folder: true }) as Writer);

const FILE_WRITERS: readonly Writer[] = [
  { name: 'sim', args: ['--scenario', SCENARIO, '--design', 'parallel', '--seed', '1'] },
  { name: 'compare', args: ['--scenario', SCENARIO, ...DESIGNS, '--seeds', '1..2'] },
  { name: 'assumptions', args: ['--scenario', SCENARIO] },
  { name: 'calibrate', args: [INCIDENT] },
].flatMap((w) => [
  { ...w, option: '--out', folder: false },
  ...(['compare', 'calibrate'].includes(w.name) ? [{ ...w, option: '--html', folder: false }] : []),
]);

/** The working folder of one case: a user's file, a folder of someone else's, the scenarios. */
function workingFolder(): string {
  const cwd = mkdtempSync(join(root, 'cwd-'));
  writeFileSync(join(cwd, 'results.csv'), 'the user own results\n');
  writeFileSync(join(cwd, 'summary.json'), '{"mine":true}\n');
  mkdirSync(join(cwd, 'busy'));
  writeFileSync(join(cwd, 'busy', 'notes.txt'), 'keep me\n');
  // `start` reads the bundled scenario relative to the working folder
  symlinkSync(join(ROOT, 'scenarios'), join(cwd, 'scenarios'));
  return cwd;
}

/** Every file and folder under `dir` (links not followed) with its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    out[name] = stat.isFile()
      ? readFileSync(path, 'utf8')
      : stat.isDirectory()
        ? '<dir>'
        : '<link>';
  }
  return out;
}

/**
 * Runs command `args[0]` of `rungs` from `dist/cli/` in `cwd` (killed after 30 s: a command that
 * starts working has not refused).
 */
function rungs(
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, commandLine(args[0]!, args.slice(1)), {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 30_000,
      killSignal: 'SIGKILL',
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stderr }));
  });
}

/** The outputs each case gives, and what the refusal says of each (`cwd` is the case's folder). */
const CASES: readonly { out: (cwd: string) => string; says: (cwd: string) => string }[] = [
  { out: () => '/', says: () => 'resolves to /, the root folder' },
  { out: () => '//', says: () => 'resolves to /, the root folder' },
  { out: () => '.', says: (cwd) => `resolves to ${cwd}, the working folder` },
  { out: (cwd) => `${cwd}/`, says: (cwd) => `resolves to ${cwd}, the working folder` },
  { out: () => 'busy', says: () => 'busy' },
];

describe('--out of every command that writes', () => {
  const table = [
    ...FOLDER_WRITERS.flatMap((w) => CASES.map((c) => ({ w, c }))),
    ...FILE_WRITERS.flatMap((w) => [CASES[0]!, CASES[4]!].map((c) => ({ w, c }))),
  ];
  it.concurrent.each(table.map(({ w, c }) => [`${w.name} ${w.option} ${c.out('<cwd>')}`, w, c]))(
    '%s: exit 2, the option named, nothing written',
    async (_, w, c) => {
      const cwd = realpath(workingFolder());
      const before = snapshot(cwd);
      const out = c.out(cwd);
      const r = await rungs([w.name, ...w.args, w.option, out], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: /m);
      expect(r.stderr).toContain(w.option);
      if (w.folder) expect(r.stderr).toContain(c.says(cwd));
      else expect(r.stderr).toMatch(/is a folder; give a file/);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(snapshot(cwd)).toEqual(before);
    },
  );
});

it('a batch still takes an empty folder and resumes its own', async () => {
  const cwd = realpath(workingFolder());
  mkdirSync(join(cwd, 'empty'));
  const args = ['batch', '--scenario', SCENARIO, '--design', 'parallel', '--seeds', '1..1'];
  expect((await rungs([...args, '--out', 'empty/'], cwd)).code).toBe(0);
  expect(readdirSync(join(cwd, 'empty'))).toContain('manifest.json');
  expect((await rungs([...args, '--out', 'empty', '--resume'], cwd)).code).toBe(0);
});

describe('checkOutFolder', () => {
  const cwd = realpath(mkdtempSync(join(root, 'lib-')));
  const refused = (given: string, own?: readonly string[]) => {
    try {
      checkOutFolder(given, { cwd, ...(own ? { own } : {}) });
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as InputError).message;
    }
    return undefined;
  };

  it('takes a new folder, an empty one and one holding only its own files, locks and temporary files', () => {
    expect(checkOutFolder('runs/new/', { cwd })).toBe('runs/new');
    mkdirSync(join(cwd, 'empty'));
    expect(checkOutFolder('empty', { cwd, own: [] })).toBe('empty');
    mkdirSync(join(cwd, 'again'));
    for (const f of ['report.md', 'study.json', '.rungs-lock', 'report.md.tmp-123-4'])
      writeFileSync(join(cwd, 'again', f), 'x');
    expect(refused('again', ['report.md', 'study.json'])).toBeUndefined();
    expect(refused('again', ['study.json'])).toMatch(
      /holds files this command did not write \(report\.md\)/,
    );
    // without a list of its own files, the command reads the contents itself (a batch's manifest)
    expect(refused('again')).toBeUndefined();
  });

  it('refuses the root, the working folder and every folder above it, however written', () => {
    expect(refused('/')).toBe(
      `--out /: resolves to /, the root folder; name a new or empty folder of its own, such as runs/<name> (nothing was written)`,
    );
    expect(refused('')).toMatch(/^--out "": resolves to .*, the working folder/);
    expect(refused('./x/..')).toMatch(/the working folder/);
    expect(refused('..')).toContain(
      `resolves to ${resolve(cwd, '..')}, a folder above the working folder`,
    );
    expect(refused(resolve(cwd, '../..'))).toMatch(/a folder above the working folder/);
    expect(refused('../sibling')).toBeUndefined();
  });

  it('names a file where the folder should be', () => {
    writeFileSync(join(cwd, 'a-file'), 'x');
    expect(refused('a-file', [])).toContain(`${join(cwd, 'a-file')} is a file, not a folder`);
  });
});
