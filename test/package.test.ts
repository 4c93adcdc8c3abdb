/**
 * The package as its users get it: `npm pack` (of dist/, which the test setup builds), installed
 * from the tarball into an empty project, then used there under plain Node with no compiler
 * installed: the library example (docs/library.md), and `npx rungs batch` on a scenario the package ships.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_FILES } from '../src/batch/store.js';
import { ROOT } from './command.js';
import { libraryExample } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-package-test-'));
const project = join(root, 'project');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs npm (its output kept for a failure's message). */
const npm = (args: readonly string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  // dist/ is built already: packing need not build it again
  const packed = JSON.parse(
    npm(['pack', '--ignore-scripts', '--json', '--pack-destination', root], ROOT),
  ) as Array<{ filename: string }>;
  mkdirSync(project);
  npm(['init', '-y'], project);
  npm(
    ['install', join(root, packed[0]!.filename), '--no-audit', '--no-fund', '--prefer-offline'],
    project,
  );
}, 180_000);

describe('the packed package, installed from its tarball', () => {
  it('brings no TypeScript compiler or loader with it', () => {
    for (const tool of ['typescript', 'tsx', 'esbuild'])
      expect(existsSync(join(project, 'node_modules', tool)), tool).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'rungs', 'dist', 'entries', 'index.js'))).toBe(
      true,
    );
  });

  it('runs the library example (docs/library.md) as written, printing what it prints in the repository', () => {
    const example = libraryExample();
    writeFileSync(join(project, 'example.mjs'), example);
    const installed = spawnSync(process.execPath, ['example.mjs'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(installed.status, installed.stderr).toBe(0);
    // in the repository, `rungs` is the package itself (test/readme.test.ts checks what it prints)
    const here = mkdtempSync(join(ROOT, 'test', '.package-'));
    try {
      writeFileSync(join(here, 'example.mjs'), example);
      const inRepository = spawnSync(process.execPath, [join(here, 'example.mjs')], {
        encoding: 'utf8',
      });
      expect(inRepository.status, inRepository.stderr).toBe(0);
      expect(installed.stdout).toBe(inRepository.stdout);
      expect(installed.stdout.trim().split('\n')).toHaveLength(3);
    } finally {
      rmSync(here, { recursive: true, force: true });
    }
  });

  it('npx rungs batch runs a scenario the package ships, writing every file of a batch', () => {
    const out = join(root, 'batch');
    const scenario = join('node_modules', 'rungs', 'scenarios', 'senkaku-gray-zone.yaml');
    const batch = spawnSync(
      'npx',
      [
        'rungs',
        'batch',
        '--scenario',
        scenario,
        '--design',
        'all',
        '--seeds',
        '1..20',
        '--out',
        out,
      ],
      { cwd: project, encoding: 'utf8' },
    );
    expect(batch.status, batch.stderr).toBe(0);
    expect(batch.stdout).toContain(`wrote ${out}/`);
    for (const file of ['manifest.json', ...RESULT_FILES])
      expect(existsSync(join(out, file)), file).toBe(true);
  }, 60_000);

  it('refuses a tool of the source repository by name, exit 2', () => {
    const bench = spawnSync('npx', ['rungs', 'bench'], { cwd: project, encoding: 'utf8' });
    expect(bench.status).toBe(2);
    expect(bench.stderr).toBe(
      'error: bench is a tool of the source repository (bench/bench.ts), not part of the installed package\n',
    );
  }, 30_000);
});
