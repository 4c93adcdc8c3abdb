/**
 * Runs that draw the fitted numbers from a posterior (`--posterior FILE`): a batch gives the same
 * bytes on any worker count, resumed or sharded and merged; each run is the one an independent
 * recomputation gives at the sample its seed draws (the same for every design); replay verifies
 * the batch and refuses it once the posterior changes; compare, sensitivity and ranking draw the
 * same way and record the file's hash.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import { InterruptedError } from '../src/batch/pool.js';
import { RESULT_FILES } from '../src/batch/store.js';
import { assumptionSpace, filesAt } from '../src/assumptions/space.js';
import {
  cumulativeWeights,
  loadPosterior,
  sampleForSeed,
  sampleValues,
  type Posterior,
} from '../src/assumptions/posterior.js';
import { compileModel } from '../src/model/compile.js';
import { simulate } from '../src/engine/simulation.js';
import { runStudy } from '../src/analysis/robustness.js';
import { runRanking } from '../src/analysis/ranking.js';
import { sensitivityJson, sensitivityMarkdown } from '../src/analysis/studyReport.js';
import { rankingJson } from '../src/analysis/rankingReport.js';
import { evaluatorFor } from '../src/analysis/studyTask.js';
import { mergeStudyShards, runStudyShard } from '../src/analysis/studyShards.js';
import type { RunRow } from '../src/report/row.js';
import { REFERENCE, seeds } from './helpers.js';
import { runCommand } from './command.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-posterior-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const REPORTING = 'reporting.japan.lognormal.median';
const JCG = 'organisations[jp.jcg].processing.lognormal.median';
const DESIGNS = 'parallel,acm-2015';
const SEEDS = '1..30';

/** A hand-written posterior of two fitted numbers, three samples far from the files' values (30m and 1h). */
const POSTERIOR: Posterior = {
  format: 'rungs-posterior/1',
  parameters: [
    { id: REPORTING, low: 15, high: 60, scale: 'log', unit: 'minutes' },
    { id: JCG, low: 30, high: 120, scale: 'log', unit: 'minutes' },
  ],
  samples: [
    { values: [16, 110], weight: 0.5 },
    { values: [55, 35], weight: 0.3 },
    { values: [45, 90], weight: 0.2 },
  ],
  ess: 2.6,
  stopped: 'written by hand for a test',
  simulations: 0,
  schedule: [],
  settings: {},
  data: [],
  intervals: [],
};

const posteriorFile = join(root, 'posterior.json');
writeFileSync(posteriorFile, `${JSON.stringify(POSTERIOR, null, 2)}\n`);
const sha256 = createHash('sha256').update(readFileSync(posteriorFile)).digest('hex');
const cumulative = cumulativeWeights(POSTERIOR);
const sampleOf = (seed: number) => sampleForSeed(cumulative, seed);

/** Runs a compiled command in a child process. */
function cli(name: string, args: readonly string[]) {
  const r = runCommand(name, args);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every result and summary file of a batch folder, and its manifest, as text. */
function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(
    [...RESULT_FILES, 'manifest.json'].map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

const rowsOf = (dir: string): RunRow[] =>
  readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as RunRow);

const batchArgs = (out: string, ...more: string[]) => [
  '--scenario',
  REFERENCE,
  '--design',
  DESIGNS,
  '--seeds',
  SEEDS,
  '--posterior',
  posteriorFile,
  '--out',
  out,
  ...more,
];

describe('batch --posterior', () => {
  const one = join(root, 'one');
  const two = join(root, 'two');

  it('gives the same bytes on 1 and 2 workers, and records the posterior in the manifest and summary', () => {
    expect(cli('batch', batchArgs(one, '--workers', '1')).code).toBe(0);
    expect(cli('batch', batchArgs(two, '--workers', '2')).code).toBe(0);
    expect(outputs(two)).toEqual(outputs(one));
    const manifest = JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8'));
    expect(manifest.posterior).toEqual({
      file: '../posterior.json',
      given: posteriorFile,
      sha256,
    });
    const summary = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8'));
    expect(summary.posterior).toEqual({ file: posteriorFile, sha256 });
    expect(readFileSync(join(one, 'summary.md'), 'utf8')).toContain(`(sha256 ${sha256})`);
    const html = readFileSync(join(one, 'report.html'), 'utf8');
    expect(html).toContain('with the fitted numbers drawn from the posterior posterior.json');
    expect(html).toContain(`(sha256 ${sha256})`);
  }, 60_000);

  it('runs each seed at the sample it draws, the same for both designs (recomputed independently)', () => {
    const drawn = seeds(30).map(sampleOf);
    expect(new Set(drawn).size).toBe(3);
    const space = assumptionSpace(REFERENCE, DESIGNS);
    const rows = rowsOf(one);
    for (const seed of seeds(30)) {
      const files = filesAt(space, sampleValues(POSTERIOR, sampleOf(seed)));
      // the drawn numbers are in the files each run compiles
      const [reporting, jcg] = POSTERIOR.samples[sampleOf(seed)]!.values;
      expect(files.scenario.reporting.japan).toMatchObject({ lognormal: { median: reporting } });
      expect(files.scenario.organisations.find((o) => o.id === 'jp.jcg')!.processing).toMatchObject(
        { lognormal: { median: jcg } },
      );
      for (const design of files.designs) {
        const expected = simulate(compileModel(files.scenario, design), { seed }).traceHash;
        const row = rows.find((r) => r.design === design.id && r.seed === seed)!;
        expect(row.traceHash, `${design.id}:${seed}`).toBe(expected);
      }
    }
  }, 60_000);

  it('differs from the batch of the files’ values on some seeds', async () => {
    const plain = join(root, 'plain');
    await runBatch({ scenario: REFERENCE, designs: DESIGNS, seeds: seeds(30), out: plain });
    const drawnRows = rowsOf(one);
    const plainRows = rowsOf(plain);
    const differing = plainRows.filter((r, i) => r.traceHash !== drawnRows[i]!.traceHash);
    expect(differing.length).toBeGreaterThan(10);
    expect(JSON.parse(readFileSync(join(plain, 'manifest.json'), 'utf8')).posterior).toBe(
      undefined,
    );
  }, 60_000);

  it('is resumed after an interruption to the same bytes', async () => {
    const out = join(root, 'resumed');
    const controller = new AbortController();
    const options = {
      scenario: REFERENCE,
      designs: DESIGNS,
      seeds: seeds(30),
      seedsText: SEEDS,
      out,
      posterior: posteriorFile,
      workers: 1,
      chunkSize: 5,
    };
    await expect(
      runBatch({
        ...options,
        signal: controller.signal,
        onProgress: (done) => {
          if (done >= 10) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(InterruptedError);
    const resumed = await runBatch({ ...options, workers: 2, resume: true });
    expect(resumed.stored).toBeGreaterThanOrEqual(10);
    expect(resumed.ran).toBeGreaterThan(0);
    const { ['manifest.json']: _m, ...files } = outputs(out);
    const { ['manifest.json']: _n, ...expected } = outputs(one);
    expect(files).toEqual(expected);
  }, 60_000);

  it('is sharded and merged to the same bytes; merge refuses shards of another posterior, naming them', () => {
    const shard = (i: number, file = posteriorFile) => {
      const out = join(root, `shard-${i}${file === posteriorFile ? '' : '-other'}`);
      const args = batchArgs(out, '--workers', '1', '--shard', `${i}/2`);
      args[args.indexOf('--posterior') + 1] = file;
      expect(cli('batch', args).code).toBe(0);
      return out;
    };
    const shards = [shard(0), shard(1)];
    const merged = join(root, 'merged');
    expect(cli('merge', [...shards, '--out', merged]).code).toBe(0);
    expect(outputs(merged)).toEqual(outputs(one));

    const other = join(root, 'other.json');
    writeFileSync(other, JSON.stringify({ ...POSTERIOR, stopped: 'another fit' }));
    const foreign = shard(1, other);
    const refused = cli('merge', [shards[0]!, foreign, '--out', join(root, 'not-merged')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${foreign}: posterior.sha256: drew its numbers from`);
    expect(refused.stderr).toContain(sha256);
  }, 90_000);

  it('replays (exit 0), and refuses once the posterior file changed (exit 2), naming it and both hashes', () => {
    const replayed = cli('replay', [one, '--workers', '2']);
    expect(replayed.stderr).not.toContain('error');
    expect(replayed.stdout).toContain('summary.json: matches the replay');
    expect(replayed.code).toBe(0);
    expect(cli('replay', [one, '--run', 'acm-2015:7']).code).toBe(0);
    const kept = readFileSync(posteriorFile);
    try {
      appendFileSync(posteriorFile, ' ');
      const now = createHash('sha256').update(readFileSync(posteriorFile)).digest('hex');
      const refused = cli('replay', [one]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(posteriorFile);
      expect(refused.stderr).toContain(`expected sha256 ${sha256}`);
      expect(refused.stderr).toContain(`got ${now}`);
    } finally {
      writeFileSync(posteriorFile, kept);
    }
  }, 60_000);

  it('refuses a posterior id the register lacks, and a sweep over a drawn number (exit 2, nothing written)', () => {
    const bad = join(root, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        ...POSTERIOR,
        parameters: [{ ...POSTERIOR.parameters[0]!, id: 'reporting.nowhere.median' }],
        samples: POSTERIOR.samples.map((s) => ({ ...s, values: [s.values[0]!] })),
      }),
    );
    const args = batchArgs(join(root, 'never'));
    args[args.indexOf('--posterior') + 1] = bad;
    const unknown = cli('batch', args);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`${bad}: parameters.0.id: "reporting.nowhere.median"`);
    expect(unknown.stderr).toContain('is not an assumption of the register');
    const swept = cli('batch', batchArgs(join(root, 'never'), '--set', `${REPORTING}=20,40`));
    expect(swept.code).toBe(2);
    expect(swept.stderr).toContain(`--set: ${REPORTING}: sets ${REPORTING}, which is drawn`);
    for (const name of ['batch', 'compare', 'sensitivity', 'ranking'])
      expect(cli(name, ['--help']).stdout, name).toContain('--posterior FILE');
  }, 30_000);
});

describe('compare --posterior', () => {
  it('draws per seed as the batch does, and records the file and its hash in JSON, tables and HTML', () => {
    const json = join(root, 'compare.json');
    const html = join(root, 'compare.html');
    const args = ['--scenario', REFERENCE, '--design', DESIGNS, '--seeds', SEEDS];
    const compared = cli('compare', [
      ...args,
      '--posterior',
      posteriorFile,
      '--json',
      '--out',
      json,
      '--html',
      html,
    ]);
    expect(compared.code).toBe(0);
    const comparison = JSON.parse(readFileSync(json, 'utf8'));
    expect(comparison.posterior).toEqual({ file: posteriorFile, sha256 });
    // the same runs as the batch's: the same summaries
    const summary = JSON.parse(readFileSync(join(root, 'one', 'summary.json'), 'utf8'));
    expect(comparison.designs).toEqual(summary.points[0].designs);
    expect(readFileSync(html, 'utf8')).toContain(sha256);
    const tables = cli('compare', [...args, '--posterior', posteriorFile]);
    expect(tables.stdout.split('\n')[0]).toMatch(/drawn from the posterior posterior\.json$/);
    expect(tables.stdout).toContain(`(sha256 ${sha256})`);
    const held = cli('compare', [...args, '--posterior', posteriorFile, '--set', `${JCG}=45`]);
    expect(held.code).toBe(2);
    expect(held.stderr).toContain(`--set: ${JCG}: is drawn seed by seed from the posterior`);
  }, 60_000);
});

describe('sensitivity and ranking --posterior', () => {
  const loaded = loadPosterior(posteriorFile);
  const space = assumptionSpace(REFERENCE, DESIGNS);
  const varied = ['link.withinSide.median', 'organisations[jp.cabinet].capacity'];
  // every other assumption held at its value, so that the studies are small
  const fixed = new Map(
    space.register
      .filter(
        (a) => !varied.includes(a.id) && !loaded.posterior.parameters.some((p) => p.id === a.id),
      )
      .map((a) => [a.id, a.value]),
  );
  const decisions = ['jp.mso', 'alliance.coordinatedResponse'];

  it('evaluates a point with each seed at the sample it draws', () => {
    const base = new Map(space.register.map((a) => [a.id, a.value]));
    const setup = { scenarioFile: REFERENCE, designs: ['parallel', 'acm-2015'], decisions };
    const drawing = evaluatorFor({ ...setup, posterior: POSTERIOR }, space);
    const plain = evaluatorFor(setup, space);
    for (const seed of [1, 2, 3, 4]) {
      const at = new Map([...base, ...sampleValues(POSTERIOR, sampleOf(seed))]);
      expect(drawing(base, [seed])).toEqual(plain(at, [seed]));
    }
  }, 60_000);

  it('a sensitivity study holds the drawn numbers out of the varied set and records the hash; its shards merge to it', async () => {
    const options = {
      scenarioFile: REFERENCE,
      designs: ['parallel', 'acm-2015'],
      decisions,
      seeds: seeds(4),
      method: { kind: 'morris', trajectories: 2 },
      sampleSeed: 1,
      fixed,
      posterior: loaded,
      workers: 2,
      noiseBlocks: 2,
      flipTop: 1,
    } as const;
    const study = await runStudy(options);
    expect(study.parameters.map((p) => p.name).sort()).toEqual([...varied].sort());
    expect(study.posterior).toEqual({ file: posteriorFile, sha256 });
    expect(JSON.parse(sensitivityJson(study)).posterior).toEqual({ file: posteriorFile, sha256 });
    expect(sensitivityMarkdown(study).join('\n')).toContain(`(sha256 ${sha256})`);
    const dirs = [0, 1].map((i) => join(root, `study-shard-${i}`));
    for (const index of [1, 0]) await runStudyShard(options, { index, count: 2 }, dirs[index]!);
    expect(sensitivityJson(await mergeStudyShards(dirs, { workers: 1 }))).toBe(
      sensitivityJson(study),
    );
  }, 120_000);

  it('a ranking study too; --set on a drawn id is refused', async () => {
    const options = {
      scenarioFile: REFERENCE,
      designs: ['parallel', 'acm-2015'],
      baseline: 'parallel',
      decisions,
      seeds: seeds(4),
      samples: 2,
      sampleSeed: 1,
      fixed,
      posterior: loaded,
      workers: 2,
      noiseBlocks: 2,
    };
    const study = await runRanking(options);
    expect(study.parameters.map((p) => p.name).sort()).toEqual([...varied].sort());
    expect(JSON.parse(rankingJson(study)).posterior).toEqual({ file: posteriorFile, sha256 });
    await expect(
      runRanking({ ...options, fixed: new Map([...fixed, [REPORTING, 20]]) }),
    ).rejects.toThrow(/is drawn seed by seed from the posterior/);
  }, 120_000);
});
