/**
 * The robustness study over the assumption register: assumption values reach the right files
 * (a design's own number only that design), the study's reference output is the paired outcome
 * computed directly, it is deterministic, and it writes SALib files that match its sample.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAssumptionSet } from '../src/analysis/assumptionPoint.js';
import { assumptionSpace, modelsAt } from '../src/assumptions/space.js';
import { outputVector, pairedOutcome } from '../src/analysis/pairedOutcome.js';
import { runStudy } from '../src/analysis/robustness.js';
import { sensitivityJson, salibFiles } from '../src/analysis/studyReport.js';
import { sensitivityReportHtml } from '../src/analysis/studyReportHtml.js';
import { mergeStudyShards, readStudyShards, runStudyShard } from '../src/analysis/studyShards.js';
import { simulate } from '../src/engine/simulation.js';
import { REFERENCE, seeds } from './helpers.js';
import { runCommand } from './inputCases.js';
import { readDesignData } from '../src/scenario/designExtend.js';

const space = assumptionSpace(REFERENCE, 'parallel,acm-2015');
const at = (values: Record<string, number>) => modelsAt(space, new Map(Object.entries(values)));
const hashes = (models: ReturnType<typeof at>) =>
  models.map((m) =>
    seeds(20)
      .map((seed) => simulate(m, { seed }).traceHash)
      .join(),
  );

describe('assumption values', () => {
  const reference = hashes(at({}));

  it("a design's own number changes the runs of that design only", () => {
    const own = space.register.find(
      (a) => a.paths.every((p) => p.startsWith('designs[acm-2015]')) && a.id.includes('median'),
    )!;
    const changed = hashes(at({ [own.id]: own.low }));
    const parallel = space.designs.findIndex((d) => d.id === 'parallel');
    expect(changed[parallel]).toBe(reference[parallel]);
    expect(changed[1 - parallel]).not.toBe(reference[1 - parallel]);
  });

  it('a scenario number changes the runs of every design; a name shared by several places sets them all', () => {
    const changed = hashes(at({ 'organisations[jp.cabinet].processing.lognormal.median': 60 }));
    expect(changed[0]).not.toBe(reference[0]);
    expect(changed[1]).not.toBe(reference[1]);
    const [a, b] = at({ 'link.withinSide.median': 30 });
    expect(a!.scenario.links.withinSide).toEqual({ lognormal: { median: 30, p90: 45 } });
    const acm = [a, b].find((m) => m!.design.id === 'acm-2015')!;
    expect(
      acm.design.links.every(
        (l) => !('lognormal' in l.latency) || l.latency.lognormal.median === 30,
      ),
    ).toBe(true);
  });

  it('holds a value at its range, unless a search beyond the ranges asks; the files still refuse what they cannot hold', () => {
    const id = 'links.crossSide.lognormal.median';
    const range = space.register.find((a) => a.id === id)!;
    const below = range.low / 4;
    const held = at({ [id]: below })[0]!.scenario.links.crossSide;
    expect(held).toMatchObject({ lognormal: { median: range.low } });
    const [beyond] = modelsAt(space, new Map([[id, below]]), { beyondRanges: true });
    expect(beyond!.scenario.links.crossSide).toMatchObject({ lognormal: { median: below } });
    expect(() =>
      modelsAt(space, new Map([['adversary.deterrence', -0.5]]), { beyondRanges: true }),
    ).toThrow(/adversary\.deterrence/);
  });

  it('refuses an id that is not in the register, and reads durations', () => {
    expect(() => at({ 'organisations[jp.cabinet].capacity.x': 1 })).toThrow(
      /not an assumption of the register/,
    );
    expect(parseAssumptionSet('link.withinSide.median=2h')).toEqual([
      'link.withinSide.median',
      120,
    ]);
    expect(() => parseAssumptionSet('link.withinSide.median=soon')).toThrow(/expected ID=VALUE/);
  });
});

const VARIED = [
  'adversary.deterrence',
  'links.crossSide.lognormal.median',
  'design.adhocChannel.median',
  'organisations[jp.cabinet].processing.lognormal.median',
];

describe('a Morris study (2 trajectories, 3 seeds, 4 assumptions)', () => {
  const options = {
    scenarioFile: REFERENCE,
    designs: ['parallel', 'acm-2015'] as [string, string],
    decisions: ['alliance.coordinatedResponse', 'jp.mso'],
    seeds: seeds(3),
    method: { kind: 'morris' as const, trajectories: 2 },
    sampleSeed: 7,
    // a few assumptions varied, the rest held at the files' values (a full register takes minutes)
    fixed: new Map(
      space.register.filter((a) => !VARIED.includes(a.id)).map((a) => [a.id, a.value]),
    ),
    workers: 1,
    noiseBlocks: 3,
    noisePoints: 2,
    flipTop: 1,
  };
  let study: Awaited<ReturnType<typeof runStudy>>;
  beforeAll(async () => {
    study = await runStudy(options);
  }, 120_000);

  it("measures at the files' values the paired outcome computed directly", () => {
    const models = modelsAt(space, new Map());
    const direct = outputVector(
      pairedOutcome(models[0]!, models[1]!, options.decisions, options.seeds),
    );
    const m = study.results.length;
    expect(study.results.map((r) => r.reference)).toEqual(direct.slice(0, m));
    expect(study.results.map((r) => r.referenceSe)).toEqual(direct.slice(m, 2 * m));
  });

  it("finds that no assumption moves a decision both designs take the same way (the MSO is Japan's alone)", () => {
    const mso = study.results.find((r) => r.name.startsWith('jp.mso'))!;
    expect(mso.constant).toBe(true);
    const coordinated = study.results.find((r) =>
      r.name.startsWith('alliance.coordinatedResponse'),
    )!;
    expect(coordinated.constant).toBe(false);
    expect(coordinated.influences[0]!.morris!.muStar).toBeGreaterThan(0);
  });

  it('is the same study from the same sample seed, and writes SALib files of its sample', async () => {
    expect(sensitivityJson(await runStudy(options))).toBe(sensitivityJson(study));
    const files = salibFiles(study);
    const problem = JSON.parse(files['problem.json']!) as { num_vars: number; names: string[] };
    expect(problem.num_vars).toBe(VARIED.length);
    expect(problem.names).toEqual(study.parameters.map((p) => p.name));
    expect(files['sample.txt']!.trim().split('\n')).toHaveLength((problem.num_vars + 1) * 2);
    expect(files['outputs-1.txt']!.trim().split('\n')).toHaveLength((problem.num_vars + 1) * 2);
  });

  it('split into 3 shards (each evaluating its range of the sample) and merged, is the study one machine makes; refuses an incomplete or mixed set', async () => {
    const dirs = [0, 1, 2].map((index) =>
      join(mkdtempSync(join(tmpdir(), 'rungs-study-shard-')), `shard-${index}`),
    );
    // in an order no scheduler promises
    for (const index of [2, 0, 1]) await runStudyShard(options, { index, count: 3 }, dirs[index]!);
    expect(sensitivityJson(await mergeStudyShards(dirs, { workers: 1 }))).toBe(
      sensitivityJson(study),
    );
    expect(() => readStudyShards([dirs[0]!, dirs[2]!])).toThrow(/shard 1\/3 missing/);
    expect(() => readStudyShards([dirs[0]!, dirs[1]!, dirs[1]!, dirs[2]!])).toThrow(
      /shard 1\/3 is also in/,
    );
    const other = join(mkdtempSync(join(tmpdir(), 'rungs-study-shard-')), 'other');
    await runStudyShard({ ...options, sampleSeed: 8 }, { index: 1, count: 3 }, other);
    expect(() => readStudyShards([dirs[0]!, other, dirs[2]!])).toThrow(/belongs to another study/);
    expect(() => readStudyShards([dirs[0]!, join(other, 'nothing'), dirs[2]!])).toThrow(
      /holds no shard\.json/,
    );
  }, 120_000);

  it('writes an HTML report with a tornado chart for each output that some assumption moves', async () => {
    const html = await sensitivityReportHtml(study);
    const moved = study.results.filter((r) => !r.constant && r.influences.length > 0);
    expect(moved.length).toBeGreaterThan(0);
    expect(html.match(/<figure class="chart" data-chart="influence-\d+">/g)).toHaveLength(
      moved.length,
    );
    for (const r of study.results)
      expect(html).toContain(
        `<h2>${r.name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</h2>`,
      );
    expect(await sensitivityReportHtml(study)).toBe(html);
  });
});

describe('--set on assumptions from the command line', () => {
  it('compare: a design number by its register id changes that design only', () => {
    const id = assumptionSpace(REFERENCE, 'acm-2015').register.find(
      (a) => a.paths.every((p) => p.startsWith('designs[acm-2015]')) && a.id.includes('median'),
    )!;
    const base = JSON.parse(
      runCommand('compare', [
        '--scenario',
        REFERENCE,
        '--designs',
        'parallel,acm-2015',
        '--seeds',
        '1..30',
        '--json',
      ]).stdout,
    );
    const cli = runCommand('compare', [
      '--scenario',
      REFERENCE,
      '--designs',
      'parallel,acm-2015',
      '--seeds',
      '1..30',
      '--json',
      '--set',
      `${id.id}=${id.low}`,
    ]);
    expect(cli.status, cli.stderr).toBe(0);
    const changed = JSON.parse(cli.stdout);
    const design = (c: any, d: string) =>
      JSON.stringify(c.designs.find((x: any) => x.design === d));
    expect(design(changed, 'parallel')).toBe(design(base, 'parallel'));
    expect(design(changed, 'acm-2015')).not.toBe(design(base, 'acm-2015'));
  });

  it('sensitivity: refuses a precision that is not a fraction, or too few pilot seeds, before any run (exit 2)', () => {
    const bad = [
      ['--precision', '1.5', /--precision: expected a fraction above 0 and at most 1/],
      ['--pilot-seeds', '1..3', /--pilot-seeds: expected at least 5 pilot seeds/],
    ] as const;
    for (const [option, value, message] of bad) {
      const cli = runCommand('sensitivity', ['--design', 'parallel,acm-2015', option, value]);
      expect(cli.status).toBe(2);
      expect(cli.stderr).toMatch(message);
    }
  });

  it('sensitivity: refuses a pair that is not two designs, or an unknown assumption, before any run (exit 2)', () => {
    const cli = runCommand('sensitivity', [
      '--designs',
      'parallel',
      '--out',
      mkdtempSync(join(tmpdir(), 'rungs-sens-')),
    ]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/--designs: expected two different designs/);
    const unknown = runCommand('sensitivity', [
      '--designs',
      'parallel,acm-2015',
      '--set',
      'nothing.here=3',
      '--out',
      mkdtempSync(join(tmpdir(), 'rungs-sens-')),
    ]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(
      'error: --set: nothing.here: not an assumption of the register',
    );
  });

  it('ranking: refuses fewer than two designs, or an unknown assumption, before any run (exit 2)', () => {
    const one = runCommand('ranking', [
      '--designs',
      'parallel',
      '--out',
      mkdtempSync(join(tmpdir(), 'rungs-rank-')),
    ]);
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/--designs: expected at least two designs/);
    const unknown = runCommand('ranking', [
      '--designs',
      'parallel,acm-2015',
      '--samples',
      '2',
      '--seeds',
      '1..2',
      '--set',
      'nothing.here=3',
      '--out',
      mkdtempSync(join(tmpdir(), 'rungs-rank-')),
    ]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(
      'error: --set: nothing.here: not an assumption of the register',
    );
  });

  it("batch: sweeps a design number (designs[<id>].path) and a shared name; the other design's rows do not move", () => {
    const out = (name: string) => join(mkdtempSync(join(tmpdir(), 'rungs-sweep-')), name);
    const id = assumptionSpace(REFERENCE, 'acm-2015').register.find(
      (a) => a.paths.every((p) => p.startsWith('designs[acm-2015]')) && a.id.includes('median'),
    )!;
    const path = id.paths[0]!;
    const dir = out('b');
    const cli = runCommand('batch', [
      '--scenario',
      REFERENCE,
      '--designs',
      'parallel,acm-2015',
      '--seeds',
      '1..20',
      '--out',
      dir,
      '--set',
      `${path}=${id.low},${id.high}`,
      '--set',
      'link.withinSide.median=10,20',
    ]);
    expect(cli.status, cli.stderr).toBe(0);
    const rows = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const hashesOf = (design: string, pointPart: string) =>
      rows
        .filter((r) => r.design === design && r.point.includes(pointPart))
        .map((r) => r.traceHash)
        .join();
    // parallel has no such number: both of its values of it give the same runs; acm-2015's differ
    expect(hashesOf('parallel', `${path}=${id.low};link.withinSide.median=10`)).toBe(
      hashesOf('parallel', `${path}=${id.high};link.withinSide.median=10`),
    );
    expect(hashesOf('acm-2015', `${path}=${id.low};link.withinSide.median=10`)).not.toBe(
      hashesOf('acm-2015', `${path}=${id.high};link.withinSide.median=10`),
    );
    // the within-side latency is the scenario's and every design's: it moves both
    expect(hashesOf('parallel', `${path}=${id.low};link.withinSide.median=10`)).not.toBe(
      hashesOf('parallel', `${path}=${id.low};link.withinSide.median=20`),
    );
  });
});

describe('national bodies belong to the scenario', () => {
  it('a design that would stand up a national body (change when it works) is refused with file and path (exit 2)', async () => {
    const { writeFileSync } = await import('node:fs');
    const { stringify } = await import('yaml');
    const dir = mkdtempSync(join(tmpdir(), 'rungs-national-'));
    const design = readDesignData('scenarios/c2/acm-2015.yaml') as any;
    design.mechanism.standUp[0].bodies = ['acm.bocc', 'jp.cabinet'];
    const file = join(dir, 'acm.yaml');
    writeFileSync(file, stringify(design));
    const cli = runCommand('validate', [file, '--scenario', REFERENCE]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain(
      `error: ${file}: mechanism.standUp[0].bodies[1]: "jp.cabinet" is a national body of the scenario`,
    );
  });
});
