import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import { RESULT_FILES } from '../src/batch/store.js';
import { replay, type ReplayReport } from '../src/replay/replay.js';
import { firstDivergence } from '../src/replay/runs.js';
import type { RunRow } from '../src/report/row.js';
import { parse } from 'yaml';
import { runCommand } from './command.js';

/** A batch with its own copy of the scenario folder: root/scenarios, root/runs/ref. */
const root = mkdtempSync(join(tmpdir(), 'rungs-replay-test-'));
/**
 * Seeds per design: 2 designs × 10 seeds, a batch of several designs and seeds to replay (every
 * replay below re-runs all of them). acm-2015's rows come first: parallel:s is row SEEDS + s.
 */
const SEEDS = 10;
const RUNS = 2 * SEEDS;
const batch = join(root, 'runs', 'ref');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  cpSync('scenarios', join(root, 'scenarios'), { recursive: true });
  await runBatch({
    scenario: join(root, 'scenarios', 'senkaku-gray-zone.yaml'),
    designs: 'parallel,acm-2015',
    seeds: Array.from({ length: SEEDS }, (_, i) => i + 1),
    out: batch,
    traces: true,
    workers: 2,
  });
}, 60_000);

function replayCli(args: readonly string[]) {
  const r = runCommand('replay', args);
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
    expect(out.stdout).toContain(`all ${RUNS} recorded runs match their trace hashes`);
    for (const f of RESULT_FILES) expect(out.stdout).toContain(`${f}: matches the replay`);
    const report = await replay({ dir: batch, workers: 1 });
    expect(report.ok).toBe(true);
    expect(report.changes).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.checked).toBe(RUNS);
    expect(report.files.map((f) => [f.file, f.ok])).toEqual(
      [
        'results.jsonl',
        'results.csv',
        'summary.json',
        'summary.md',
        'report.html',
        'columns.md',
      ].map((f) => [f, true]),
    );
  }, 60_000);

  it('names the edited design file and the first divergent trace entry (exit 1)', async () => {
    const copy = copyTree('edited');
    const design = join(copy, 'scenarios', 'c2', 'parallel.yaml');
    const text = readFileSync(design, 'utf8');
    expect(text).toContain('median: 6h, p90: 1d');
    writeFileSync(design, text.replace('median: 6h, p90: 1d', 'median: 5h, p90: 1d'));

    const out = replayCli([join(copy, 'runs', 'ref')]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      /changed: design file \S*edited\/scenarios\/c2\/parallel\.yaml changed/,
    );
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
    writeFileSync(
      scenario,
      readFileSync(scenario, 'utf8').replace('jcgCapacity: 6', 'jcgCapacity: lots'),
    );
    const out = replayCli([join(copy, 'runs', 'ref')]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      /changed: scenario file \S*broken\/scenarios\/senkaku-gray-zone\.yaml changed: it no longer loads/,
    );
    expect(out.stdout).toContain('jcgCapacity');
  }, 30_000);

  it('replays one run with its timeline (--run design:seed)', () => {
    const out = replayCli([batch, '--run', 'acm-2015:7']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('replay of acm-2015:7');
    // the first rung with its label, and the end at the horizon (21d: T+21d00:00), read from the scenario file
    const scenario = parse(readFileSync('scenarios/senkaku-gray-zone.yaml', 'utf8')) as {
      horizon: string;
      ladder: { rungs: Array<{ id: string; label: string }> };
    };
    const first = scenario.ladder.rungs[0]!;
    expect(out.stdout).toContain(` ladder idle → ${first.id} (${first.label})\n`);
    expect(out.stdout.split('\n')[2]).toMatch(/^T\+00:00 +ladder +ladder idle → /);
    expect(scenario.horizon).toBe('21d');
    expect(out.stdout).toMatch(
      /^T\+21d00:00 +end +the horizon \(21d00h\) is reached; the run stops$/m,
    );
    expect(out.stdout).toMatch(/^decision +side +event +known +decided +from event +from known$/m);
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

  describe('finds every kind of tampering (exit 1, naming the file and the first differing row or field)', () => {
    /** A copy of the batch with one file edited; its replay. */
    async function tampered(name: string, edit: (dir: string) => void): Promise<ReplayReport> {
      const dir = join(copyTree(name), 'runs', 'ref');
      edit(dir);
      const report = await replay({ dir, workers: 1 });
      expect(report.ok).toBe(false);
      return report;
    }
    const lines = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8').split('\n');
    const editLine = (
      dir: string,
      file: string,
      index: number,
      change: (line: string) => string,
    ) => {
      const all = lines(dir, file);
      all[index] = change(all[index]!);
      writeFileSync(join(dir, file), all.join('\n'));
    };
    const check = (report: ReplayReport, file: string) => {
      const failing = report.files.filter((f) => !f.ok);
      expect(failing.map((f) => f.file)).toEqual([file]);
      return failing[0]!;
    };

    it('an edited latency in results.jsonl', async () => {
      // line SEEDS + 3 is parallel:3 (acm-2015's rows come first)
      let was = 0;
      const report = await tampered('t-latency', (dir) =>
        editLine(dir, 'results.jsonl', SEEDS + 2, (line) => {
          const row = JSON.parse(line) as RunRow;
          const [id, d] = Object.entries(row.decisions).find(
            ([, x]) => x.latencyFromKnown !== null,
          )!;
          was = d.latencyFromKnown!;
          return JSON.stringify({
            ...row,
            decisions: { ...row.decisions, [id]: { ...d, latencyFromKnown: was + 1 } },
          });
        }),
      );
      const f = check(report, 'results.jsonl');
      expect(f.first).toMatch(
        new RegExp(
          `^row parallel:3: field decisions\\.[\\w.]+\\.latencyFromKnown: recorded ${was + 1}, replayed ${was}$`,
        ),
      );
      expect(f.differing).toBe(1);
      expect(report.mismatchCount).toBe(0);
    }, 30_000);

    it('an edited outcome in results.jsonl', async () => {
      let was = false;
      const report = await tampered('t-outcome', (dir) =>
        editLine(dir, 'results.jsonl', 4, (line) => {
          const row = JSON.parse(line) as RunRow;
          was = row.faitAccompli;
          return JSON.stringify({ ...row, faitAccompli: !was });
        }),
      );
      expect(check(report, 'results.jsonl').first).toBe(
        `row acm-2015:5: field faitAccompli: recorded ${!was}, replayed ${was}`,
      );
    }, 30_000);

    it('an edited cell in results.csv', async () => {
      let events = '';
      const report = await tampered('t-csv', (dir) =>
        editLine(dir, 'results.csv', 2, (line) => {
          const cells = line.split(',');
          events = cells[4]!;
          cells[4] = String(Number(events) + 7);
          return cells.join(',');
        }),
      );
      expect(check(report, 'results.csv').first).toBe(
        `row acm-2015:2: field events: recorded "${Number(events) + 7}", replayed "${events}"`,
      );
    }, 30_000);

    it('a deleted results.csv (and the CLI says so, exit 1)', async () => {
      const report = await tampered('t-deleted', (dir) => rmSync(join(dir, 'results.csv')));
      expect(check(report, 'results.csv')).toMatchObject({
        first: 'the file is missing',
        missing: RUNS,
      });
      const out = replayCli([join(root, 't-deleted', 'runs', 'ref')]);
      expect(out.code).toBe(1);
      expect(out.stdout).toContain(
        `MISMATCH in ${join(root, 't-deleted', 'runs', 'ref', 'results.csv')}: the file is missing`,
      );
    }, 30_000);

    it('an edited summary.json', async () => {
      let count = 0;
      const report = await tampered('t-summary-json', (dir) => {
        const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
        count = summary.points[0].designs[1].faitAccompli.count;
        summary.points[0].designs[1].faitAccompli.count = count + 1;
        writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      });
      expect(check(report, 'summary.json').first).toBe(
        `points[0].designs[1].faitAccompli.count: recorded ${count + 1}, replayed ${count}`,
      );
    }, 30_000);

    it('an edited summary.md', async () => {
      let line = 0;
      const report = await tampered('t-summary-md', (dir) => {
        const all = lines(dir, 'summary.md');
        line = all.findIndex((l) => l.startsWith('| acm-2015 |'));
        editLine(dir, 'summary.md', line, (l) => l.replace('| acm-2015 |', '| acm-2016 |'));
      });
      expect(check(report, 'summary.md').first).toMatch(
        new RegExp(`^line ${line + 1}: recorded "\\| acm-2016 \\|.*", replayed "\\| acm-2015 \\|`),
      );
    }, 30_000);

    it('an extra row with a made-up hash: for a seed not in the plan, and a run listed twice', async () => {
      const fake = 'f'.repeat(64);
      const report = await tampered('t-extra', (dir) => {
        const all = lines(dir, 'results.jsonl');
        // parallel:2, listed again after itself; and as seed 99, which is not in the plan
        const row = JSON.parse(all[SEEDS + 1]!) as RunRow;
        all.splice(SEEDS + 2, 0, JSON.stringify({ ...row, traceHash: fake }));
        all.splice(all.length - 1, 0, JSON.stringify({ ...row, seed: 99, traceHash: fake }));
        writeFileSync(join(dir, 'results.jsonl'), all.join('\n'));
      });
      const f = check(report, 'results.jsonl');
      expect(f.first).toBe(
        `extra row: parallel:2 again, or out of the plan's order (line ${SEEDS + 3})`,
      );
      expect(f).toMatchObject({ extra: 2, missing: 0, differing: 0 });
      const out = replayCli([join(root, 't-extra', 'runs', 'ref')]);
      expect(out.code).toBe(1);
      expect(out.stdout).toContain('(rows: 2 extra)');
    }, 30_000);

    it('a manifest narrowed to fewer seeds than the rows', async () => {
      const report = await tampered('t-narrowed', (dir) => {
        const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
        // seeds 1..5 of 1..10: the rows of seeds 6..10 are extra
        m.seeds = { ...m.seeds, given: '1..5', ranges: '1..5', count: 5 };
        m.runs = 10;
        writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
      });
      expect(report.problems).toEqual([
        `${join(root, 't-narrowed', 'runs', 'ref', 'manifest.json')}: identity: does not match the manifest's content (the manifest was edited after the batch)`,
      ]);
      const jsonl = report.files[0]!;
      expect(jsonl).toMatchObject({
        ok: false,
        extra: 10,
        missing: 0,
        first: "extra row: a row of acm-2015:6: seed 6 is not among the manifest's seeds",
      });
      // every file of results and summaries differs; the data dictionary depends on no seed
      expect(report.files.filter((f) => f.file !== 'columns.md').every((f) => !f.ok)).toBe(true);
      expect(report.files.find((f) => f.file === 'columns.md')!.ok).toBe(true);
    }, 30_000);

    it('rows missing for planned runs', async () => {
      const report = await tampered('t-missing', (dir) => {
        const all = lines(dir, 'results.jsonl');
        // parallel:5 and parallel:6
        all.splice(SEEDS + 4, 2);
        writeFileSync(join(dir, 'results.jsonl'), all.join('\n'));
      });
      expect(check(report, 'results.jsonl')).toMatchObject({
        first: 'missing row: parallel:5',
        missing: 2,
        extra: 0,
      });
    }, 30_000);
  });

  it('finds the first differing entry of two traces', () => {
    const a = [
      '[0,"state","ladder","START","idle","R0","start"]',
      '[60,"state","ladder","MOVE","R0","R1","adversary"]',
    ];
    const b = [a[0]!, '[120,"state","ladder","MOVE","R0","R1","adversary"]'];
    expect(firstDivergence('x:1', a, b)).toEqual({
      run: 'x:1',
      index: 1,
      time: 1,
      recorded: a[1],
      replayed: b[1],
    });
    expect(firstDivergence('x:1', a, a.slice(0, 1))).toMatchObject({
      index: 1,
      recorded: a[1],
      replayed: null,
    });
  });
});
