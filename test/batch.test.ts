import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import { RESULT_FILES } from '../src/batch/store.js';
import { BATCH_NODE_FLAGS } from '../src/batch/pool.js';
import { createChunker } from '../src/batch/chunks.js';
import { seedRanges } from '../src/batch/seeds.js';
import { createPlan, runAt, runIndex } from '../src/batch/plan.js';
import { parseSetOption } from '../src/batch/sweep.js';
import { applyOverride } from '../src/scenario/paths.js';
import { InputError } from '../src/scenario/errors.js';
import { simulate } from '../src/engine/simulation.js';
import { hashTrace, parseTrace } from '../src/engine/trace.js';
import type { RunRow } from '../src/report/row.js';
import { columnsOf } from '../src/report/columns.js';
import { rowFromJson } from '../src/report/jsonRow.js';
import { summarizeDesign } from '../src/report/summary.js';
import { REFERENCE, referenceModel, seeds } from './helpers.js';
import { runCommand, startCommand, waitFor } from './command.js';
import { loadScenario } from '../src/scenario/load.js';

const DESIGNS = 'parallel,acm-2015';
const root = mkdtempSync(join(tmpdir(), 'rungs-batch-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The result and summary files of a batch folder, as text. */
function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(RESULT_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** Runs a command in a child process. */
function cli(name: string, args: readonly string[]) {
  const r = runCommand(name, args);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under a folder with its size and modification time. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const s = statSync(join(dir, name));
    if (s.isFile())
      out[name] = `${s.size}:${s.mtimeMs}:${readFileSync(join(dir, name), 'utf8').length}`;
  }
  return out;
}

describe('plan', () => {
  it('orders runs canonically: designs by id, then points, then seeds ascending', () => {
    const plan = createPlan({
      scenarioFile: REFERENCE,
      designs: DESIGNS,
      seeds: [9, 3, 5],
      sets: ['jcgCapacity=4,6'],
    });
    expect(plan.designs.map((d) => d.id)).toEqual(['acm-2015', 'parallel']);
    expect(plan.seeds).toEqual([3, 5, 9]);
    expect(plan.points.map((p) => p.label)).toEqual(['jcgCapacity=4', 'jcgCapacity=6']);
    expect(plan.size).toBe(12);
    for (let i = 0; i < plan.size; i++) {
      const r = runAt(plan, i);
      expect(runIndex(plan, r.design, r.point, r.seed)).toBe(i);
    }
    expect(runAt(plan, 4)).toEqual({ design: 0, point: 1, seedIndex: 1, seed: 5 });
    expect(seedRanges([1, 2, 3, 5, 7, 8])).toBe('1..3,5,7..8');
  });

  it('applies sweep overrides by path, index or id, and names a bad path', () => {
    const data = {
      a: { b: 1 },
      list: [
        { id: 'x', v: 1 },
        { id: 'y', v: 2 },
      ],
    };
    applyOverride(data, 'a.b', 5, 'f.yaml');
    applyOverride(data, 'list[1].v', 7, 'f.yaml');
    applyOverride(data, 'list[x].v', 9, 'f.yaml');
    expect(data).toEqual({
      a: { b: 5 },
      list: [
        { id: 'x', v: 9 },
        { id: 'y', v: 7 },
      ],
    });
    expect(() => applyOverride(data, 'a.c', 1, 'f.yaml')).toThrow(/sets no "c" in a/);
    expect(() => applyOverride(data, 'list[z].v', 1, 'f.yaml')).toThrow(/no entry with id "z"/);
    expect(parseSetOption('x.y={ a: 1, b: 2 },3')).toEqual({
      path: 'x.y',
      values: ['{ a: 1, b: 2 }', '3'],
    });
    try {
      createPlan({
        scenarioFile: REFERENCE,
        designs: 'parallel',
        seeds: [1],
        sets: ['adversary.deterrence=-1'],
        // beyond the registered range on purpose: the scenario's own checks still refuse it
        outsideRange: true,
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).issues[0]!.path).toBe('adversary.deterrence');
      expect((error as InputError).message).toContain('--set adversary.deterrence=-1');
    }
    // without --outside-range the register's range refuses it first, naming --set and the id
    expect(() =>
      createPlan({
        scenarioFile: REFERENCE,
        designs: 'parallel',
        seeds: [1],
        sets: ['adversary.deterrence=-1'],
      }),
    ).toThrow('--set: adversary.deterrence: -1 is outside the registered range 0 – 0.5');
  });

  it('starts the npm scripts that run batches with the batch Node flags', () => {
    const scripts = (
      JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    for (const name of ['start', 'batch', 'replay'])
      expect(scripts[name], name).toBe(`node ${BATCH_NODE_FLAGS.join(' ')} bin/rungs.mjs ${name}`);
  });

  it('gives each worker chunks of its own share, guided from large to small, then shares out what is left; every run once', () => {
    const todo = Uint32Array.from({ length: 5000 }, (_, i) => i * 2);
    const next = createChunker(todo, 2);
    const sizes: number[] = [];
    const seen: number[] = [];
    const take = (worker: number) => {
      const ranges = next(worker);
      if (!ranges) return null;
      const runs: number[] = [];
      for (let r = 0; r < ranges.length; r += 2)
        for (let i = ranges[r]!; i < ranges[r + 1]!; i++) runs.push(i);
      sizes.push(runs.length);
      seen.push(...runs);
      return runs;
    };
    expect(take(0)![0]).toBe(0);
    expect(take(1)![0]).toBe(5000);
    // worker 0 runs its share alone while worker 1 is busy, then helps from the back of worker 1's share
    const chunks: number[][] = [];
    for (let runs = take(0); runs; runs = take(0)) chunks.push(runs);
    const firstHelp = chunks.find((runs) => runs[0]! >= 5000)!;
    expect(firstHelp.at(-1)).toBe(9998);
    expect(
      chunks
        .filter((runs) => runs[0]! < 5000)
        .flat()
        .at(-1),
    ).toBe(4998);
    expect(take(1)).toBeNull();
    expect(seen.sort((a, b) => a - b)).toEqual([...todo]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(200);
    expect(sizes.at(-1)!).toBeLessThan(sizes[0]!);
  });
});

describe('batch', () => {
  it('writes identical bytes for 1, 2 and 4 workers and for any seed order', async () => {
    const a = await runBatch({
      scenario: REFERENCE,
      designs: DESIGNS,
      seeds: seeds(40),
      out: join(root, 'w1'),
      workers: 1,
    });
    const shuffled = seeds(40)
      .map((s, i) => ({ s, k: (i * 17) % 40 }))
      .sort((x, y) => x.k - y.k)
      .map((x) => x.s);
    await runBatch({
      scenario: REFERENCE,
      designs: 'acm-2015,parallel',
      seeds: shuffled,
      out: join(root, 'w2'),
      workers: 2,
    });
    await runBatch({
      scenario: REFERENCE,
      designs: DESIGNS,
      seeds: seeds(40).reverse(),
      out: join(root, 'w4'),
      workers: 4,
      chunkSize: 3,
    });
    const one = outputs(join(root, 'w1'));
    expect(outputs(join(root, 'w2'))).toEqual(one);
    expect(outputs(join(root, 'w4'))).toEqual(one);

    // times are written to four decimals; read back, they return to the simulated second
    const rows = one['results.jsonl']!.trim()
      .split('\n')
      .map((l) => rowFromJson(JSON.parse(l) as RunRow));
    expect(rows.length).toBe(80);
    expect(rows.map((r) => `${r.design}:${r.seed}`)).toEqual([
      ...seeds(40).map((s) => `acm-2015:${s}`),
      ...seeds(40).map((s) => `parallel:${s}`),
    ]);
    expect(one['results.csv']!.trim().split('\n').length).toBe(81);
    const summary = JSON.parse(one['summary.json']!);
    expect(summary.baseline).toBe('parallel');
    expect(summary.points[0].designs.map((d: { design: string }) => d.design)).toEqual([
      'parallel',
      'acm-2015',
    ]);
    expect(one['summary.md']).toContain('Δ mean vs parallel, both decided [95% CI]');
    expect(one['summary.md']).toContain('Δ RMST vs parallel [95% CI]');
    // report.html is among the files compared byte for byte above: the same batch, the same report, whatever the workers
    expect(one['report.html']).toContain('data-chart="forest"');
    expect(one['report.html']).toContain('<svg');
    // the store's summaries (from rows streamed off disk) are summarizeDesign's on the full rows
    const options = {
      decisions: summary.decisions as string[],
      rungs: summary.rungs as string[],
      horizon: summary.horizonMinutes as number,
    };
    const base = columnsOf(
      'parallel',
      rows.filter((r) => r.design === 'parallel'),
      options.decisions,
    );
    const acm = columnsOf(
      'acm-2015',
      rows.filter((r) => r.design === 'acm-2015'),
      options.decisions,
    );
    const expected = [summarizeDesign(base, null, options), summarizeDesign(acm, base, options)];
    expect(summary.points[0].designs).toEqual(JSON.parse(JSON.stringify(expected)));
    const manifest = JSON.parse(readFileSync(join(root, 'w1', 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('complete');
    expect(manifest.designs.map((d: { id: string }) => d.id)).toEqual(['acm-2015', 'parallel']);
    expect(manifest.seeds.ranges).toBe('1..40');
    expect(manifest.engine.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(JSON.parse(readFileSync(join(root, 'w2', 'manifest.json'), 'utf8')).identity).toBe(
      manifest.identity,
    );
    expect(existsSync(join(root, 'w1', 'partial'))).toBe(false);
    expect(a.ran).toBe(80);

    // rows from the workers are the runs of this process
    for (const row of rows.filter((_, i) => i % 13 === 0)) {
      expect(simulate(referenceModel(row.design), { seed: row.seed }).traceHash).toBe(
        row.traceHash,
      );
    }
  }, 60_000);

  it('sweeps scenario values and keeps traces that hash to the rows', async () => {
    const dir = join(root, 'sweep');
    const result = await runBatch({
      scenario: REFERENCE,
      designs: 'parallel',
      seeds: [1, 2, 3],
      out: dir,
      sets: ['jcgCapacity=4,6'],
      traces: true,
      workers: 2,
    });
    expect(result.runs).toBe(6);
    const rows = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RunRow);
    expect(rows.map((r) => `${r.point}/${r.seed}`)).toEqual([
      'jcgCapacity=4/1',
      'jcgCapacity=4/2',
      'jcgCapacity=4/3',
      'jcgCapacity=6/1',
      'jcgCapacity=6/2',
      'jcgCapacity=6/3',
    ]);
    for (const [i, row] of rows.entries()) {
      const text = gunzipSync(
        readFileSync(join(dir, 'traces', 'parallel', `p${i < 3 ? 0 : 1}`, `${row.seed}.trace.gz`)),
      ).toString('utf8');
      expect(hashTrace(parseTrace(text))).toBe(row.traceHash);
    }
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.points.map((p: { point: string }) => p.point)).toEqual([
      'jcgCapacity=4',
      'jcgCapacity=6',
    ]);
    const markdown = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(markdown).toContain('## Sweep point: jcgCapacity=6');
    // one table across the sweep: a row per point and design, the swept value in its own column
    expect(markdown).toMatch(
      /## Across the sweep[\s\S]*\| jcgCapacity \| design \|[\s\S]*\| 4 \| parallel \|[\s\S]*\| 6 \| parallel \|/,
    );
    // the CSV: one numeric column per swept parameter, the horizon in the manifest and the summary, a data dictionary naming every column
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const param = csv[0]!.indexOf('param.jcgCapacity');
    expect(csv.slice(1).map((r) => r[param])).toEqual(['4', '4', '4', '6', '6', '6']);
    const horizon = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).horizonMinutes;
    expect(horizon).toBe(loadScenario(REFERENCE).scenario.horizon);
    expect(summary.horizonMinutes).toBe(horizon);
    const dictionary = readFileSync(join(dir, 'columns.md'), 'utf8');
    for (const column of csv[0]!)
      expect(dictionary, column).toContain(
        `\`${column.replace(/^(jp|us|alliance)\.[\w.]+?\.(?=status|\w+_min|closedCount)/, '<decision>.')}\``,
      );
    expect(dictionary).toContain('| `jp.mso` | Maritime security operation order');
  }, 30_000);

  it('resumes a batch killed with SIGKILL: same bytes as an uninterrupted batch, no run lost or twice', async () => {
    // 100 runs: on one worker, 5 rows at a time, the kill comes after the first rows, long before the last
    const args = ['--scenario', REFERENCE, '--designs', DESIGNS, '--seeds', '1..50'];
    const killed = join(root, 'killed');
    const { child, exited } = startCommand('batch', [
      ...args,
      '--out',
      killed,
      '--workers',
      '1',
      '--chunk-size',
      '5',
    ]);
    const partial = join(killed, 'partial', 'acm-2015.jsonl');
    await waitFor(() => existsSync(partial) && statSync(partial).size > 0, 'the first rows');
    child.kill('SIGKILL');
    await exited;

    // killed part-way: nothing final-looking
    const manifest = JSON.parse(readFileSync(join(killed, 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('running');
    for (const f of RESULT_FILES) expect(existsSync(join(killed, f)), f).toBe(false);
    const stored = readFileSync(partial, 'utf8').split('\n').filter(Boolean);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(100);
    // an unreadable line, a run stored twice and a torn last line (killed mid-write) must not count
    appendFileSync(partial, `not a row\n${stored[0]}\n${stored[0]!.slice(0, 100)}`);

    const resumed = cli('batch', [...args, '--out', killed, '--resume', '--workers', '2']);
    expect(resumed.stderr).toMatch(/resuming: \d+ of 100 runs already stored/);
    expect(resumed.code).toBe(0);
    await runBatch({
      scenario: REFERENCE,
      designs: DESIGNS,
      seeds: seeds(50),
      out: join(root, 'whole'),
      workers: 2,
    });
    const a = outputs(killed);
    expect(a).toEqual(outputs(join(root, 'whole')));
    const keys = a['results.jsonl']!.trim()
      .split('\n')
      .map((l) => {
        const r = JSON.parse(l) as RunRow;
        return `${r.design}:${r.seed}`;
      });
    expect(new Set(keys).size).toBe(100);
    expect(JSON.parse(readFileSync(join(killed, 'manifest.json'), 'utf8')).status).toBe('complete');
  }, 60_000);

  it('stops on SIGINT with exit 130, and --resume finishes the batch', async () => {
    const args = ['--scenario', REFERENCE, '--designs', 'parallel', '--seeds', '1..60'];
    const dir = join(root, 'sigint');
    const { child, exited } = startCommand('batch', [
      ...args,
      '--out',
      dir,
      '--workers',
      '1',
      '--chunk-size',
      '5',
    ]);
    const partial = join(dir, 'partial', 'parallel.jsonl');
    await waitFor(() => existsSync(partial) && statSync(partial).size > 0, 'the first rows');
    child.kill('SIGINT');
    const ended = await exited;
    expect(ended.code).toBe(130);
    expect(ended.stderr).toContain('--resume');
    for (const f of RESULT_FILES) expect(existsSync(join(dir, f)), f).toBe(false);
    // the lock went with the process
    expect(existsSync(join(dir, '.rungs-lock'))).toBe(false);
    const result = await runBatch({
      scenario: REFERENCE,
      designs: 'parallel',
      seeds: seeds(60),
      out: dir,
      resume: true,
      workers: 2,
    });
    expect(result.stored).toBeGreaterThan(0);
    expect(result.stored + result.ran).toBe(60);
    expect(readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n').length).toBe(60);
  }, 60_000);

  it('rejects bad arguments with exit 2, a clear message, and nothing of an earlier batch touched', async () => {
    const base = ['--scenario', REFERENCE, '--out', join(root, 'bad')];
    const unknown = cli('batch', [...base, '--designs', 'parallel,nope', '--seeds', '1..3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown design "nope"');
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    const empty = cli('batch', [...base, '--seeds', '5..1']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('"5..1" is empty');
    expect(existsSync(join(root, 'bad'))).toBe(false);

    const earlier = join(root, 'w1');
    const before = snapshot(earlier);
    const other = cli('batch', [
      '--scenario',
      REFERENCE,
      '--designs',
      'parallel',
      '--seeds',
      '1..3',
      '--out',
      earlier,
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('holds another batch');
    expect(other.stderr).toContain('seeds (1..40 → 1..3)');
    expect(snapshot(earlier)).toEqual(before);

    // the same batch, complete: not redone without --resume; with --resume nothing to do
    await expect(
      runBatch({ scenario: REFERENCE, designs: DESIGNS, seeds: seeds(40), out: earlier }),
    ).rejects.toThrow(/already holds this batch, complete/);
    const again = await runBatch({
      scenario: REFERENCE,
      designs: DESIGNS,
      seeds: seeds(40),
      out: earlier,
      resume: true,
    });
    expect(again.alreadyComplete).toBe(true);
    await expect(
      runBatch({
        scenario: REFERENCE,
        designs: DESIGNS,
        seeds: seeds(40),
        out: join(root, 'x'),
        baseline: 'nope',
      }),
    ).rejects.toThrow(/"nope" is not among the designs/);
    expect(snapshot(earlier)).toEqual(before);
  }, 60_000);
});
