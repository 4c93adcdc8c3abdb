/**
 * Merge you can trust and re-run: a shard's rows edited after it completed are refused by merge
 * (and by --resume of the shard) naming the file, and made again once the file is removed; a
 * merge killed at several points is finished by running the same command again, every file
 * byte-identical to an uninterrupted merge; a resumed batch drops partial lines whose CSV half
 * is not its row's (cut short, another line's, crash garbage) and makes their runs again.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import { rowFromJson, rowJson } from '../src/report/jsonRow.js';
import { csvLine, type RunRow } from '../src/report/row.js';
import { REFERENCE, reference, seeds } from './helpers.js';
import { ROOT, runCommand, startNode } from './command.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-merge-safety-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// 2 designs × 20 seeds, kept traces; shard 0/2 holds acm-2015's runs, 1/2 parallel's
const SEEDS = 20;
const BATCH = [
  '--scenario',
  REFERENCE,
  '--design',
  'parallel,acm-2015',
  '--seeds',
  `1..${SEEDS}`,
  '--traces',
];
const shard = (i: number) => join(root, `shard-${i}`);
const expectedDir = join(root, 'expected');
const merge = (shards: readonly string[], out: string) =>
  runCommand('merge', [...shards, '--out', out, '--workers', '1']);

/** Every file under `dir` (relative path → SHA-256 of its bytes). */
function tree(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(files, tree(dir, path));
    else
      files[path] = createHash('sha256')
        .update(readFileSync(join(dir, path)))
        .digest('hex');
  }
  return files;
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').slice(0, -1);
const status = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { status: string }).status;

beforeAll(async () => {
  for (const index of [0, 1])
    await runBatch({
      scenario: REFERENCE,
      designs: 'parallel,acm-2015',
      seeds: seeds(SEEDS),
      out: shard(index),
      shard: { index, count: 2 },
      traces: true,
      workers: 1,
    });
  const merged = merge([shard(0), shard(1)], expectedDir);
  expect(merged.status, merged.stderr).toBe(0);
  expect(Object.keys(tree(expectedDir))).toContain('traces/parallel/20.trace.gz');
}, 120_000);

describe('a shard’s digest', () => {
  it('refuses rows edited after the shard completed, in merge and in --resume, and makes them again once removed', () => {
    const edited = join(root, 'edited');
    cpSync(shard(1), edited, { recursive: true });
    const file = join(edited, 'partial', 'parallel.jsonl');
    // the third run's events one more, in both halves: a well-formed line of another row
    const text = lines(file);
    const row = rowFromJson(JSON.parse(text[2]!.split('\t')[0]!) as RunRow);
    const changed = { ...row, events: row.events + 1 };
    const columns = reference.scenario.decisions.map((d) => d.id);
    text[2] = `${rowJson(changed)}\t${csvLine(changed, columns)}`;
    writeFileSync(file, `${text.join('\n')}\n`);

    const refused = merge([shard(0), edited], join(root, 'x-edited'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      `error: ${file}: its rows changed since the shard completed (sha256 `,
    );
    expect(refused.stderr).toContain('run the shard again with its batch command and --resume');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(root, 'x-edited'))).toBe(false);

    const again = ['batch', [...BATCH, '--shard', '1/2', '--out', edited, '--resume']] as const;
    const resumeRefused = runCommand(...again);
    expect(resumeRefused.status).toBe(2);
    expect(resumeRefused.stderr).toContain(`error: ${file}: its rows changed since the shard`);

    rmSync(file);
    const resumed = runCommand(...again);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      `notice: ${edited}: the rows of parallel were removed since the shard completed`,
    );
    const out = join(root, 'remade');
    expect(merge([shard(0), edited], out).status).toBe(0);
    expect(tree(out)).toEqual(tree(expectedDir));
  }, 60_000);

  it('refuses changed traces, and merges a shard without a digest (an older rungs) with a notice', () => {
    const traced = join(root, 'traced');
    cpSync(shard(0), traced, { recursive: true });
    writeFileSync(join(traced, 'traces', 'acm-2015', '7.trace.gz'), 'not a trace');
    const refused = merge([traced, shard(1)], join(root, 'x-traced'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      `error: ${join(traced, 'traces', 'acm-2015')}: its traces changed since the shard completed`,
    );
    expect(refused.stderr).toContain(`after removing ${join(traced, 'partial', 'acm-2015.jsonl')}`);

    const old = join(root, 'old');
    cpSync(shard(1), old, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(old, 'manifest.json'), 'utf8')) as {
      digest?: unknown;
    };
    expect(manifest.digest).toBeDefined();
    delete manifest.digest;
    writeFileSync(join(old, 'manifest.json'), JSON.stringify(manifest));
    const out = join(root, 'from-old');
    const merged = merge([shard(0), old], out);
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stderr).toContain(`notice: ${old}: its manifest records no digest of its rows`);
    expect(tree(out)).toEqual(tree(expectedDir));

    writeFileSync(
      join(old, 'manifest.json'),
      JSON.stringify({ ...manifest, digest: { algorithm: 'md5', files: {} } }),
    );
    const malformed = merge([shard(0), old], join(root, 'x-malformed'));
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain(`error: ${join(old, 'manifest.json')}: digest: expected {`);
    expect(malformed.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

/** Merges the shards into `out` in a new process that SIGKILLs itself at `point`. */
async function killedMerge(out: string, point: string): Promise<NodeJS.Signals | null> {
  const module = pathToFileURL(join(ROOT, 'dist', 'batch', 'merge.js')).href;
  const script = `
    import { existsSync } from 'node:fs';
    import { join } from 'node:path';
    const { mergeShards } = await import(${JSON.stringify(module)});
    const [point, out] = ${JSON.stringify([point, out])};
    const kill = () => process.kill(process.pid, 'SIGKILL');
    // a file's appearance is seen as soon as the merge's thread waits (on its workers, the renderer)
    if (point.startsWith('file:')) setInterval(() => existsSync(join(out, point.slice(5))) && kill(), 1);
    await mergeShards(${JSON.stringify([shard(0), shard(1)])}, {
      out,
      workers: 1,
      onGather: (n) => point === 'gather:' + n && kill(),
    });
    process.exit(0);`;
  // a file, not --eval: the merge's worker threads take the process's Node options
  const file = join(root, `kill-${point.replace(/\W/g, '-')}.mjs`);
  writeFileSync(file, script);
  const { signal, stderr } = await startNode([file]).exited;
  expect(stderr).toBe('');
  return signal;
}

describe('a killed merge', () => {
  it.each([
    ['its manifest written, nothing gathered', 'gather:0'],
    ['one shard gathered of two', 'gather:1'],
    ['summarising, results written', 'file:results.jsonl'],
    ['drawing the report, summaries written', 'file:summary.json'],
  ])(
    'killed with %s is finished by the same command, byte-identical',
    async (_, point) => {
      const out = join(root, `killed-${point.replace(/\W/g, '-')}`);
      expect(await killedMerge(out, point)).toBe('SIGKILL');
      expect(status(out)).toBe('running');
      const rerun = merge([shard(0), shard(1)], out);
      expect(rerun.status, rerun.stderr).toBe(0);
      expect(rerun.stdout).toContain('merged 2 shards into');
      expect(tree(out)).toEqual(tree(expectedDir));
    },
    60_000,
  );

  it('killed once complete (its gathered rows left) is complete: the same command says so and tidies up', () => {
    const out = join(root, 'complete');
    cpSync(expectedDir, out, { recursive: true });
    cpSync(join(shard(0), 'partial'), join(out, 'partial'), { recursive: true });
    const rerun = merge([shard(0), shard(1)], out);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`${out} already holds this merge, complete (40 runs)`);
    expect(tree(out)).toEqual(tree(expectedDir));
  });

  it('still refuses a folder holding anything else', () => {
    const stray = join(root, 'stray');
    mkdirSync(stray);
    writeFileSync(join(stray, 'notes.txt'), 'mine');
    const notBatch = merge([shard(0), shard(1)], stray);
    expect(notBatch.status).toBe(2);
    expect(notBatch.stderr).toContain(`error: ${stray}: is not empty and holds no manifest.json`);
    const other = merge([shard(0), shard(1)], shard(0));
    expect(other.status).toBe(2);
    expect(other.stderr).toContain(`error: ${shard(0)}: holds another batch`);
    expect(readFileSync(join(stray, 'notes.txt'), 'utf8')).toBe('mine');
    expect(status(shard(0))).toBe('complete');
  });
});

describe('resume', () => {
  it('makes again the runs whose partial line’s CSV half is not its row’s, byte-identical to an uninterrupted batch', () => {
    // the merged batch unfinished: its manifest running, every row stored, some lines damaged
    const out = join(root, 'damaged');
    mkdirSync(join(out, 'partial'), { recursive: true });
    cpSync(join(expectedDir, 'traces'), join(out, 'traces'), { recursive: true });
    const manifest = readFileSync(join(expectedDir, 'manifest.json'), 'utf8');
    writeFileSync(join(out, 'manifest.json'), manifest.replace('"complete"', '"running"'));
    for (const i of [0, 1])
      for (const name of readdirSync(join(shard(i), 'partial')))
        cpSync(join(shard(i), 'partial', name), join(out, 'partial', name));
    const file = join(out, 'partial', 'acm-2015.jsonl');
    const text = lines(file);
    const csvOf = (line: string) => line.slice(line.indexOf('\t') + 1);
    // cut short (a newline written, the CSV half not)
    text[1] = text[1]!.slice(0, -12);
    // another run's CSV half
    text[4] = `${text[4]!.split('\t')[0]}\t${csvOf(text[5]!)}`;
    // the JSON half reformatted: still the row's values, not the bytes results.jsonl copies
    text[11] = text[11]!.replace('"seed":', '"seed": ');
    // a crash's zeros across the end of one line and the start of the next
    const zeros = '\0'.repeat(20);
    text.splice(7, 2, `${text[7]!.slice(0, -20)}${zeros}${zeros}${text[8]!.slice(20)}`);
    writeFileSync(file, `${text.join('\n')}\n`);

    const resumed = runCommand('batch', [...BATCH, '--out', out, '--resume', '--workers', '1']);
    expect(resumed.status, resumed.stderr).toBe(0);
    // runs 2, 5, 8, 9 and 12 of acm-2015 made again
    expect(resumed.stderr).toContain(
      `resuming: ${2 * SEEDS - 5} of ${2 * SEEDS} runs already stored`,
    );
    const got = tree(out);
    const want = tree(expectedDir);
    for (const name of ['results.csv', 'results.jsonl', 'summary.json', 'manifest.json'])
      expect(got[name], name).toBe(want[name]);
    expect(got).toEqual(want);
  }, 60_000);
});
