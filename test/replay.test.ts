import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import { firstDivergence, replay } from '../src/replay/replay.js';

/** A batch with its own copy of the scenario folder: root/scenarios, root/runs/ref. */
const root = mkdtempSync(join(tmpdir(), 'rungs-replay-test-'));
const batch = join(root, 'runs', 'ref');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  cpSync('scenarios', join(root, 'scenarios'), { recursive: true });
  await runBatch({
    scenario: join(root, 'scenarios', 'senkaku-gray-zone.yaml'),
    designs: 'parallel,acm-2015',
    seeds: Array.from({ length: 30 }, (_, i) => i + 1),
    out: batch,
    traces: true,
    workers: 2,
  });
}, 60_000);

function replayCli(args: readonly string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/replay.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the whole tree (batch and scenario folder), so edits leave the original alone. */
function copyTree(name: string): string {
  const copy = join(root, name);
  cpSync(join(root, 'scenarios'), join(copy, 'scenarios'), { recursive: true });
  cpSync(batch, join(copy, 'runs', 'ref'), { recursive: true });
  return copy;
}

describe('replay', () => {
  it('re-runs a good batch and finds every trace hash equal (exit 0)', async () => {
    const out = replayCli([batch]);
    expect(out.stderr).not.toContain('error');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('all 60 runs match their recorded trace hashes');
    const report = await replay({ dir: batch, workers: 1 });
    expect(report.ok).toBe(true);
    expect(report.changes).toEqual([]);
    expect(report.checked).toBe(60);
  }, 60_000);

  it('names the edited design file and the first divergent trace entry (exit 1)', async () => {
    const copy = copyTree('edited');
    const design = join(copy, 'scenarios', 'c2', 'parallel.yaml');
    const text = readFileSync(design, 'utf8');
    expect(text).toContain('median: 6h, p90: 1d');
    writeFileSync(design, text.replace('median: 6h, p90: 1d', 'median: 5h, p90: 1d'));

    const out = replayCli([join(copy, 'runs', 'ref')]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/changed: design file \S*edited\/scenarios\/c2\/parallel\.yaml changed/);
    expect(out.stdout).toContain('MISMATCH');
    expect(out.stdout).toMatch(/first divergence of parallel:\d+: entry \d+ at T\+/);
    expect(out.stdout).toMatch(/ {2}recorded: \[\d+,/);
    expect(out.stdout).toMatch(/ {2}replayed: \[\d+,/);

    const report = await replay({ dir: join(copy, 'runs', 'ref'), workers: 2 });
    expect(report.ok).toBe(false);
    expect(report.changes.length).toBe(1);
    expect(report.mismatchCount).toBeGreaterThan(0);
    // acm-2015 did not change: every mismatch is a parallel run
    expect(report.mismatches.every((m) => m.run.startsWith('parallel:'))).toBe(true);
    expect(report.divergences[0]!.index).toBeGreaterThan(0);
    expect(report.divergences[0]!.recorded).not.toBe(report.divergences[0]!.replayed);
  }, 60_000);

  it('names a scenario file that no longer loads (exit 1)', () => {
    const copy = copyTree('broken');
    const scenario = join(copy, 'scenarios', 'senkaku-gray-zone.yaml');
    writeFileSync(scenario, readFileSync(scenario, 'utf8').replace('jcgCapacity: 6', 'jcgCapacity: lots'));
    const out = replayCli([join(copy, 'runs', 'ref')]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/changed: scenario file \S*broken\/scenarios\/senkaku-gray-zone\.yaml changed: it no longer loads/);
    expect(out.stdout).toContain('jcgCapacity');
  }, 30_000);

  it('replays one run with its timeline (--run design:seed)', () => {
    const out = replayCli([batch, '--run', 'acm-2015:17']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('replay of acm-2015:17');
    expect(out.stdout).toMatch(/^T\+00:00 +ladder +ladder idle → R0$/m);
    expect(out.stdout).toMatch(/^decision +side +triggered +decided +latency$/m);
    expect(out.stdout).toMatch(/^highest rung R\d/m);
    expect(out.stdout).toContain('matches the recorded trace hash');
  }, 30_000);

  it('rejects bad arguments with exit 2', () => {
    const unknown = replayCli([batch, '--run', 'nope:3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no design "nope"');
    const seed = replayCli([batch, '--run', 'parallel:999']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('seed 999');
    const notBatch = replayCli([join(root, 'scenarios')]);
    expect(notBatch.code).toBe(2);
    expect(notBatch.stderr).toContain('not a batch folder');
  }, 30_000);

  it('finds the first differing entry of two traces', () => {
    const a = ['[0,"state","ladder","START","idle","R0","start"]', '[60,"state","ladder","MOVE","R0","R1","adversary"]'];
    const b = [a[0]!, '[120,"state","ladder","MOVE","R0","R1","adversary"]'];
    expect(firstDivergence('x:1', a, b)).toEqual({ run: 'x:1', index: 1, time: 1, recorded: a[1], replayed: b[1] });
    expect(firstDivergence('x:1', a, a.slice(0, 1))).toMatchObject({ index: 1, recorded: a[1], replayed: null });
  });
});
