import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import { RESULT_FILES } from '../src/batch/store.js';
import { LOCK_FILE } from '../src/batch/lock.js';
import { createManifest, writeManifest } from '../src/batch/manifest.js';
import { createPlan } from '../src/batch/plan.js';
import { replay } from '../src/replay/replay.js';
import { REFERENCE, seeds } from './helpers.js';
import { commandLine, cpuSeconds, waitFor } from './command.js';

const DESIGNS = 'parallel,acm-2015';
const root = mkdtempSync(join(tmpdir(), 'rungs-safety-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * The reference batch every finished batch below must equal: 2 designs × seeds 1..40. 80 runs
 * are enough for a batch on one worker, writing 5 rows at a time, to be caught part-way.
 */
const SEEDS = 40;
const reference = join(root, 'reference');
beforeAll(async () => {
  await runBatch({
    scenario: REFERENCE,
    designs: DESIGNS,
    seeds: seeds(SEEDS),
    out: reference,
    workers: 2,
  });
}, 60_000);

function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(RESULT_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

const batchArgs = (out: string, more: readonly string[] = []) =>
  commandLine('batch', [
    '--scenario',
    REFERENCE,
    '--designs',
    DESIGNS,
    '--seeds',
    `1..${SEEDS}`,
    '--out',
    out,
    ...more,
  ]);

function cli(args: readonly string[]) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Starts a CLI batch; resolves with its exit code and stderr. */
function start(args: readonly string[]) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, exited };
}

const hasRows = (file: string) => existsSync(file) && statSync(file).size > 0;

describe('batch folder lock', () => {
  it('refuses a second writer (a --resume, a new batch) while the first writes; the first ends whole and unlocked', async () => {
    const dir = join(root, 'held');
    const first = start(batchArgs(dir, ['--workers', '1', '--chunk-size', '5']));
    await waitFor(() => hasRows(join(dir, 'partial', 'acm-2015.jsonl')), 'the first rows');
    // stopped while it holds the folder, however fast this machine is
    first.child.kill('SIGSTOP');
    try {
      const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
      expect(lock).toMatchObject({ pid: first.child.pid, host: hostname() });
      for (const more of [['--resume'], []]) {
        const second = cli(batchArgs(dir, more));
        expect(second.code).toBe(2);
        expect(second.stderr).toContain(
          `error: ${dir}: is being written by another process (pid ${first.child.pid} on this host`,
        );
        expect(second.stderr).not.toContain('internal error');
      }
      expect(existsSync(join(dir, 'partial', 'acm-2015.jsonl'))).toBe(true);
    } finally {
      first.child.kill('SIGCONT');
    }
    expect((await first.exited).code).toBe(0);
    expect(outputs(dir)).toEqual(outputs(reference));
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).status).toBe('complete');
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', ...RESULT_FILES].sort());
  }, 60_000);

  it('two --resume batches started at once on one folder: nothing is lost, the loser is refused or finds it complete', async () => {
    const dir = join(root, 'race');
    const a = start(batchArgs(dir, ['--resume', '--workers', '1']));
    const b = start(batchArgs(dir, ['--resume', '--workers', '1']));
    const results = await Promise.all([a.exited, b.exited]);
    for (const r of results) {
      if (r.code !== 0) {
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('is being written by another process');
      }
    }
    expect(results.some((r) => r.code === 0)).toBe(true);
    expect(outputs(dir)).toEqual(outputs(reference));
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).status).toBe('complete');
    expect(existsSync(join(dir, 'partial'))).toBe(false);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('takes over the lock of a process that no longer runs, with a notice; refuses one from another host', async () => {
    const dir = join(root, 'stale');
    mkdirSync(dir);
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(
      join(dir, LOCK_FILE),
      `${JSON.stringify({ pid: dead, host: hostname(), started: '2020-01-01T00:00:00.000Z' })}\n`,
    );
    const notices: string[] = [];
    const result = await runBatch({
      scenario: REFERENCE,
      designs: DESIGNS,
      seeds: seeds(SEEDS),
      out: dir,
      workers: 2,
      onNotice: (m) => notices.push(m),
    });
    expect(result.ran).toBe(2 * SEEDS);
    expect(notices).toEqual([
      `${dir}: took over a stale lock of process ${dead} (no longer running, locked since 2020-01-01T00:00:00.000Z)`,
    ]);
    expect(outputs(dir)).toEqual(outputs(reference));
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);

    const other = join(root, 'other-host');
    mkdirSync(other);
    writeFileSync(
      join(other, LOCK_FILE),
      `${JSON.stringify({ pid: 4242, host: 'elsewhere.example', started: '2020-01-01T00:00:00.000Z' })}\n`,
    );
    await expect(
      runBatch({ scenario: REFERENCE, designs: 'parallel', seeds: [1], out: other }),
    ).rejects.toThrow(
      `${other}: is being written by another process (pid 4242 on host elsewhere.example, since 2020-01-01T00:00:00.000Z); wait for it to finish; if that process no longer runs, delete ${join(other, LOCK_FILE)}`,
    );
    expect(readdirSync(other)).toEqual([LOCK_FILE]);
  }, 60_000);

  it('a batch killed after it turned complete leaves partial/, which the next look removes (batch or replay)', async () => {
    const dir = join(root, 'leftover');
    await runBatch({
      scenario: REFERENCE,
      designs: DESIGNS,
      seeds: seeds(SEEDS),
      out: dir,
      workers: 2,
    });
    expect(existsSync(join(dir, 'partial'))).toBe(false);
    for (const look of ['batch', 'replay'] as const) {
      // what a kill between the manifest's last write and the partial files' removal leaves
      mkdirSync(join(dir, 'partial'));
      writeFileSync(
        join(dir, 'partial', 'parallel.jsonl'),
        readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n')[0]!,
      );
      if (look === 'batch') {
        const again = await runBatch({
          scenario: REFERENCE,
          designs: DESIGNS,
          seeds: seeds(SEEDS),
          out: dir,
          resume: true,
        });
        expect(again.alreadyComplete).toBe(true);
      } else expect((await replay({ dir, workers: 1 })).ok).toBe(true);
      expect(existsSync(join(dir, 'partial')), look).toBe(false);
      expect(outputs(dir)).toEqual(outputs(reference));
    }
  }, 60_000);
});

describe('output errors and limits', () => {
  it('names a bad --out and exits 2: a path under a file, a folder that cannot be made', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const underFile = cli(batchArgs(join(file, 'out')));
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toBe(
      `error: ${join(file, 'out')}: cannot create this folder: a part of the path is a file, not a folder (ENOTDIR)\n`,
    );
    const proc = cli(batchArgs('/proc/rungs-no-such-folder/out'));
    expect(proc.code).toBe(2);
    expect(proc.stderr).toBe(
      'error: /proc/rungs-no-such-folder: cannot create this folder: no such file or folder (ENOENT)\n',
    );
  }, 30_000);

  it('a full disk is an error naming the file (exit 2); nothing final-looking is left, and --resume finishes later', async () => {
    const dir = join(root, 'full');
    const plan = createPlan({ scenarioFile: REFERENCE, designs: DESIGNS, seeds: seeds(SEEDS) });
    mkdirSync(join(dir, 'partial'), { recursive: true });
    writeManifest(
      dir,
      createManifest(plan, dir, { baseline: 'parallel', traces: false, seedsGiven: `1..${SEEDS}` }),
    );
    // every write to /dev/full fails with ENOSPC, as on a full disk
    symlinkSync('/dev/full', join(dir, 'partial', 'acm-2015.jsonl'));
    const full = cli(batchArgs(dir, ['--resume', '--workers', '2']));
    expect(full.code).toBe(2);
    expect(full.stderr).toContain(
      `error: ${join(dir, 'partial', 'acm-2015.jsonl')}: no space left on the device (ENOSPC)\n`,
    );
    expect(full.stderr).not.toContain('internal error');
    for (const f of RESULT_FILES) expect(existsSync(join(dir, f)), f).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).status).toBe('running');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);

    rmSync(join(dir, 'partial', 'acm-2015.jsonl'));
    const resumed = cli(batchArgs(dir, ['--resume', '--workers', '2']));
    expect(resumed.code).toBe(0);
    expect(outputs(dir)).toEqual(outputs(reference));
  }, 60_000);

  it('checks worker counts, sweep sizes and total runs before any work (exit 2)', () => {
    const dir = join(root, 'limits');
    const workers = cli(batchArgs(dir, ['--workers', '65']));
    expect(workers.code).toBe(2);
    expect(workers.stderr).toBe('error: --workers: expected a whole number from 1 to 64, got 65\n');
    expect(cli(batchArgs(dir, ['--workers', '0'])).stderr).toBe(
      'error: --workers: expected a whole number from 1 to 64, got 0\n',
    );
    const values = Array.from({ length: 1001 }, (_, i) => (0.1 + i / 100_000).toFixed(5)).join(',');
    const sweep = cli(batchArgs(dir, ['--set', `adversary.deterrence=${values}`]));
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toBe(
      'error: --set: 1001 = 1,001 sweep points; at most 1,000 are allowed\n',
    );
    const runs = cli(
      commandLine('batch', [
        '--scenario',
        REFERENCE,
        '--designs',
        'all',
        '--seeds',
        '1..1250001',
        '--out',
        dir,
      ]),
    );
    expect(runs.code).toBe(2);
    expect(runs.stderr).toBe(
      'error: --seeds: 8 designs × 1 sweep points × 1,250,001 seeds = 10,000,008 runs; a batch holds at most 10,000,000\n',
    );
    expect(existsSync(dir)).toBe(false);
  }, 60_000);

  it('Ctrl-C while a large plan is being made ends the batch at once, with nothing written', async () => {
    const dir = join(root, 'planning');
    const values = Array.from({ length: 1000 }, (_, i) => (0.1 + i / 100_000).toFixed(5)).join(',');
    const run = start(
      commandLine('batch', [
        '--scenario',
        REFERENCE,
        '--designs',
        'all',
        '--seeds',
        '1',
        '--set',
        `adversary.deterrence=${values}`,
        '--out',
        dir,
      ]),
    );
    // planning 1,000 sweep points × 8 designs takes some 10 s of CPU, starting up a fraction of
    // one: past a second of CPU the signal comes while the plan is being made
    await waitFor(() => cpuSeconds(run.child.pid!) >= 1, 'a second of CPU time');
    run.child.kill('SIGINT');
    const ended = await run.exited;
    expect(ended.signal).toBe('SIGINT');
    expect(existsSync(dir)).toBe(false);
  }, 60_000);
});
