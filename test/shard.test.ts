/**
 * Batches split across machines: shards of 1, 2, 3 and 7 run as separate processes in shuffled
 * order (one killed and resumed) merge to the bytes of the batch run in one process; merge
 * refuses a shard of another plan, a missing shard, a duplicate and an incomplete one; `auto`
 * reads each array engine's index variable.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { runBatch } from '../src/batch/runBatch.js';
import { RESULT_FILES } from '../src/batch/store.js';
import { parseShard, shardRange, SHARD_INDEX_VARIABLES } from '../src/batch/shard.js';
import { REFERENCE, seeds } from './helpers.js';
import { runCommand, startCommand, waitFor } from './command.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-shard-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// 2 designs × 40 seeds = 80 runs: shards of 7 hold 11 or 12 runs, one of them across the two
// designs, and shard 0/2's 40 runs (one at a time, a row each) outlast the moment of its kill
const SEEDS = 40;
const BATCH = ['--scenario', REFERENCE, '--design', 'parallel,acm-2015', '--seeds', `1..${SEEDS}`];
const cli = runCommand;
const files = (dir: string) =>
  Object.fromEntries(RESULT_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

/** Runs shards as separate processes, two at a time. */
async function runShards(
  jobs: ReadonlyArray<{ readonly shard: string; readonly out: string }>,
): Promise<void> {
  const queue = [...jobs];
  const runOne = async (): Promise<void> => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { shard, out } = job;
      const { code, stderr } = await startCommand('batch', [
        ...BATCH,
        '--shard',
        shard,
        '--out',
        out,
        '--workers',
        '1',
      ]).exited;
      expect(code, `shard ${shard}: ${stderr}`).toBe(0);
    }
  };
  await Promise.all([runOne(), runOne()]);
}

describe('--shard', () => {
  it('reads i/N, and auto/N from each array engine’s index variable', () => {
    expect(parseShard('3/64', {})).toEqual({ index: 3, count: 64 });
    for (const variable of SHARD_INDEX_VARIABLES)
      expect(parseShard('auto/8', { [variable]: '5' }), variable).toEqual({ index: 5, count: 8 });
    expect(() => parseShard('auto/8', {})).toThrow(/none is set/);
    expect(() => parseShard('auto/8', { SLURM_ARRAY_TASK_ID: '8' })).toThrow(
      /index 8 \(from SLURM_ARRAY_TASK_ID\) is not below the shard count 8/,
    );
    expect(() => parseShard('8/8', {})).toThrow(/not below the shard count/);
    expect(() => parseShard('1-8', {})).toThrow(/expected i\/N/);
  });

  it('splits the runs into contiguous ranges that cover the batch once', () => {
    for (const [size, count] of [
      [200, 7],
      [5, 7],
      [1000, 64],
      [1, 1],
    ] as const) {
      const ranges = Array.from({ length: count }, (_, index) =>
        shardRange(size, { index, count }),
      );
      expect(ranges[0]!.from).toBe(0);
      expect(ranges.at(-1)!.to).toBe(size);
      for (let i = 1; i < count; i++) expect(ranges[i]!.from).toBe(ranges[i - 1]!.to);
      expect(
        Math.max(...ranges.map((r) => r.to - r.from)) -
          Math.min(...ranges.map((r) => r.to - r.from)),
      ).toBeLessThanOrEqual(1);
    }
  });
});

describe('merge', () => {
  const whole = join(root, 'whole');
  const shardDir = (count: number, index: number) => join(root, `n${count}`, `shard-${index}`);

  it('puts shards of 1, 2, 3 and 7, run in shuffled order and one killed and resumed, back to the bytes of the whole batch', async () => {
    await runBatch({
      scenario: REFERENCE,
      designs: 'parallel,acm-2015',
      seeds: seeds(SEEDS),
      out: whole,
      workers: 2,
    });
    const expected = files(whole);

    // shard 0 of 2 is killed part-way, refused by merge while incomplete, then resumed
    const killed = shardDir(2, 0);
    const { child, exited } = startCommand('batch', [
      ...BATCH,
      '--shard',
      '0/2',
      '--out',
      killed,
      '--workers',
      '1',
      '--chunk-size',
      '1',
    ]);
    const partial = join(killed, 'partial', 'acm-2015.jsonl');
    await waitFor(() => existsSync(partial) && statSync(partial).size > 0, 'the first rows');
    child.kill('SIGKILL');
    await exited;
    expect(JSON.parse(readFileSync(join(killed, 'manifest.json'), 'utf8')).status).toBe('running');

    // every other shard, in an order no engine would promise
    const jobs = [1, 3, 7]
      .flatMap((count) =>
        Array.from({ length: count }, (_, index) => ({
          shard: `${index}/${count}`,
          out: shardDir(count, index),
        })),
      )
      .concat([{ shard: '1/2', out: shardDir(2, 1) }]);
    const shuffled = jobs
      .map((job, i) => ({ job, k: (i * 7) % jobs.length }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.job);
    await runShards(shuffled);

    const early = cli('merge', [shardDir(2, 0), shardDir(2, 1), '--out', join(root, 'early')]);
    expect(early.status).toBe(2);
    expect(early.stderr).toContain(
      `error: ${killed}: status: shard 0/2 is incomplete: finish it with the same command and --resume`,
    );
    const resumed = cli('batch', [...BATCH, '--shard', '0/2', '--out', killed, '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const stored = Number(/resuming: (\d+) of (\d+) runs already stored/.exec(resumed.stderr)?.[1]);
    expect(resumed.stderr).toContain(` of ${SEEDS} runs already stored`);
    // killed part-way: some of its runs stored, not all
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(SEEDS);

    // merging reads the shards' rows and leaves them as they were (they may be linked, never written)
    const shardFiles = [1, 2, 3, 7]
      .flatMap((count) => Array.from({ length: count }, (_, index) => shardDir(count, index)))
      .flatMap((dir) => readdirSync(join(dir, 'partial')).map((f) => join(dir, 'partial', f)));
    const before = new Map(shardFiles.map((f) => [f, readFileSync(f, 'utf8')]));
    for (const count of [1, 2, 3, 7]) {
      const out = join(root, `merged-${count}`);
      // the folders given in reverse: merge orders the rows itself
      const merged = cli('merge', [
        ...Array.from({ length: count }, (_, index) => shardDir(count, index)).reverse(),
        '--out',
        out,
      ]);
      expect(merged.status, merged.stderr).toBe(0);
      expect(files(out), `${count} shards`).toEqual(expected);
    }
    for (const [f, text] of before) expect(readFileSync(f, 'utf8') === text, f).toBe(true);
  }, 240_000);

  it('refuses a shard of another plan, a missing shard, a duplicate, and a shard whose rows were damaged, naming each (exit 2)', () => {
    const other = join(root, 'other-0');
    expect(
      cli('batch', [
        '--scenario',
        REFERENCE,
        '--design',
        'parallel',
        '--seeds',
        '1..20',
        '--shard',
        '0/3',
        '--out',
        other,
      ]).status,
    ).toBe(0);
    const foreign = cli('merge', [
      shardDir(3, 0),
      other,
      shardDir(3, 2),
      '--out',
      join(root, 'x1'),
    ]);
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toContain(
      `error: ${other}: shard.plan: belongs to another batch than ${shardDir(3, 0)}`,
    );
    const missing = cli('merge', [shardDir(3, 0), shardDir(3, 2), '--out', join(root, 'x2')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('error: merge: shard 1/3 missing');
    const twice = cli('merge', [
      shardDir(3, 0),
      shardDir(3, 1),
      shardDir(3, 1),
      shardDir(3, 2),
      '--out',
      join(root, 'x3'),
    ]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain(
      `error: ${shardDir(3, 1)}: shard.index: shard 1/3 is also in ${shardDir(3, 1)}`,
    );
    for (const r of [foreign, missing, twice]) expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const x of ['x1', 'x2', 'x3']) expect(existsSync(join(root, x))).toBe(false);
    // a complete shard whose stored rows lost one after it completed
    const damaged = join(root, 'damaged-1');
    cpSync(shardDir(3, 1), damaged, { recursive: true });
    const file = join(damaged, 'partial', 'parallel.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [...lines.slice(0, 2), ...lines.slice(3)].join('\n'));
    const lost = cli('merge', [shardDir(3, 0), damaged, shardDir(3, 2), '--out', join(root, 'x4')]);
    expect(lost.status).toBe(2);
    // its digest, recorded when it completed, no longer matches
    expect(lost.stderr).toContain(
      `error: ${file}: its rows changed since the shard completed (sha256 `,
    );
    expect(existsSync(join(root, 'x4'))).toBe(false);
    expect(lost.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
