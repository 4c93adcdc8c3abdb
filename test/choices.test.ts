/**
 * Structural choices in the assumption register: a design's `choices` are registered with their
 * alternatives and default, a point of the space puts an alternative exactly at its path (null
 * removes the key), bad choices are refused naming the file and the path, `--set ID=NAME` holds a
 * choice, and the studies treat a choice as a discrete factor (each level equally likely, every
 * Morris step switching it).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseAssumptionSet, variedSpace } from '../src/analysis/assumptionPoint.js';
import {
  fromUnit,
  morrisSample,
  saltelliSample,
  toParameterMatrix,
  toUnit,
  validateParameters,
  type Parameter,
} from '../src/analysis/sensitivity/index.js';
import { assumptionSpace, designAt, modelsAt, scenarioAt } from '../src/assumptions/space.js';
import { createPlan } from '../src/batch/plan.js';
import { runStudy } from '../src/analysis/robustness.js';
import { sensitivityMarkdown } from '../src/analysis/studyReport.js';
import { runRanking } from '../src/analysis/ranking.js';
import { rankingCsv } from '../src/analysis/rankingReport.js';
import { InputError } from '../src/scenario/errors.js';
import { loadDesign } from '../src/scenario/load.js';
import { assumptionRegister, type ChoiceAssumption } from '../src/scenario/register.js';
import { REFERENCE, reference, seeds } from './helpers.js';
import { expectNamed, runCommand, tempDir, writeCases, type BadFile } from './inputCases.js';

const FIXTURE = 'test/fixtures/choices/acm-choices.yaml';
const CONCUR = 'fixture.operational.concur';
const REFERRAL = 'designs[acm-choices].mechanism.consultation[1].referral';
const STAND_UP = 'designs[acm-choices].mechanism.standUp';
const REQUIRES_ACTIVE = 'designs[acm-choices].mechanism.consultation[0].requiresActive';

/** A fresh copy of the fixture design's data, to change. */
function fixtureData(): Record<string, any> {
  return parse(readFileSync(FIXTURE, 'utf8')) as Record<string, any>;
}

/** The text of the fixture with one change made to its data. */
function fixtureWith(change: (d: Record<string, any>) => void): () => string {
  return () => {
    const d = fixtureData();
    change(d);
    return stringify(d);
  };
}

const choiceOf = (register: readonly { id: string }[], id: string) =>
  register.find((a) => a.id === id) as ChoiceAssumption;

/** A structured copy of a value with the key at `keys` removed. */
function without(value: unknown, keys: readonly (string | number)[]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  delete node[keys.at(-1)!];
  return copy;
}

describe('a design that states structural choices', () => {
  const space = assumptionSpace(REFERENCE, FIXTURE);
  const base = designAt(space, reference.scenario, new Map(), 'acm-choices');

  it('registers each with its alternatives in the order written and the file’s value as default', () => {
    const concur = choiceOf(space.register, CONCUR);
    expect(concur).toMatchObject({
      kind: 'choice',
      paths: ['designs[acm-choices].mechanism.consultation[1].concur'],
      value: 0,
      low: 0,
      high: 1,
      integer: true,
      scale: 'linear',
      calibratable: false,
      usedBy: 'designs[acm-choices].mechanism.consultation[1]',
      reason: 'the operational level may concur through the militaries or through the capitals',
      source: '[Storch2016] (fixture)',
      alternatives: [
        { name: 'military', value: { japan: 'jp.mod', unitedStates: 'us.indopacom' } },
        { name: 'capitals', value: { japan: 'jp.cas', unitedStates: 'us.nsc' } },
      ],
    });
    expect(choiceOf(space.register, REFERRAL).alternatives.map((a) => a.name)).toEqual([
      'none',
      'capitals',
    ]);
    expect(choiceOf(space.register, REFERRAL).value).toBe(0);
    expect(
      choiceOf(space.register, STAND_UP).alternatives[choiceOf(space.register, STAND_UP).value]!
        .name,
    ).toBe('when-needed');
    // a choice on mechanism, which cites nothing itself, cites the design's source
    expect(choiceOf(space.register, STAND_UP).source).toMatch(/^\[Storch2016\]/);
    expect(choiceOf(space.register, REQUIRES_ACTIVE).alternatives[0]).toEqual({
      name: 'proceed',
      value: false,
    });
    const ids = space.register.map((a) => a.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('puts an alternative exactly at its path, and nowhere else', () => {
    const at = designAt(space, reference.scenario, new Map([[CONCUR, 1]]), 'acm-choices');
    expect(at.mechanism.consultation[1]!.concur).toEqual({
      japan: 'jp.cas',
      unitedStates: 'us.nsc',
    });
    const path = ['mechanism', 'consultation', 1, 'concur'];
    expect(without(at, path)).toEqual(without(base, path));
    // the compiled model sees it too
    const [model] = modelsAt(space, new Map([[CONCUR, 1]]));
    expect(model!.design.mechanism.consultation[1]!.concur.japan).toBe('jp.cas');
  });

  it('adds a key the file omits, and removes it for a null alternative', () => {
    const capitals = designAt(space, reference.scenario, new Map([[REFERRAL, 1]]), 'acm-choices');
    expect(capitals.mechanism.consultation[1]!.referral).toEqual({
      to: ['jp.cas', 'us.nsc'],
      source: '[Storch2016] (fixture)',
    });
    expect(without(capitals, ['mechanism', 'consultation', 1, 'referral'])).toEqual(base);

    // a file whose value is the referral: its null alternative removes the key
    const dir = tempDir();
    const file = join(dir, 'referred.yaml');
    writeFileSync(
      file,
      fixtureWith((d) => {
        d.mechanism.consultation[1].referral = {
          to: ['jp.cas', 'us.nsc'],
          source: '[Storch2016] (fixture)',
        };
      })(),
    );
    const referred = assumptionSpace(REFERENCE, file);
    expect(choiceOf(referred.register, REFERRAL).value).toBe(1);
    const none = designAt(referred, reference.scenario, new Map([[REFERRAL, 0]]), 'acm-choices');
    expect('referral' in none.mechanism.consultation[1]!).toBe(false);
    expect(none).toEqual(base);
  });

  it('sets a list to another alternative, and leaves the file as it is at the default', () => {
    const standing = designAt(space, reference.scenario, new Map([[STAND_UP, 1]]), 'acm-choices');
    expect(standing.mechanism.standUp).toEqual([]);
    const all = new Map(space.register.map((a) => [a.id, a.value]));
    expect(designAt(space, reference.scenario, all, 'acm-choices')).toEqual(base);
    expect(scenarioAt(space, all)).toEqual(reference.scenario);
  });

  it('drops the numbers registered inside a value a choice switches away from', () => {
    const dir = tempDir();
    const file = join(dir, 'ranged.yaml');
    writeFileSync(
      file,
      fixtureWith((d) => {
        d.mechanism.consultation[1].referral = {
          unless: { phaseAtLeast: 1 },
          to: ['jp.cas', 'us.nsc'],
          source: '[Storch2016] (fixture)',
          inference: 'the phase is a parameter',
          ranges: { 'unless.phaseAtLeast': { low: 1, high: 2 } },
        };
        d.mechanism.consultation[1].choices.referral.alternatives.capitals =
          d.mechanism.consultation[1].referral;
      })(),
    );
    const ranged = assumptionSpace(REFERENCE, file);
    const phase = `${REFERRAL}.unless.phaseAtLeast`;
    expect(ranged.register.some((a) => a.id === phase)).toBe(true);
    const values = new Map([
      [REFERRAL, 0],
      [phase, 2],
    ]);
    expect(
      'referral' in
        designAt(ranged, reference.scenario, values, 'acm-choices').mechanism.consultation[1]!,
    ).toBe(false);
    values.set(REFERRAL, 1);
    expect(
      designAt(ranged, reference.scenario, values, 'acm-choices').mechanism.consultation[1]!
        .referral!.unless,
    ).toEqual({ phaseAtLeast: 2 });
  });

  it('is one choice across designs only with the same alternatives and default', () => {
    const { design } = loadDesign(FIXTURE, reference.scenario);
    const other = structuredClone(design);
    other.id = 'other';
    other.mechanism.consultation[1]!.concur = { japan: 'jp.cas', unitedStates: 'us.nsc' };
    expect(() =>
      assumptionRegister(reference.scenario, [
        { id: 'acm-choices', data: design },
        { id: 'other', data: other },
      ]),
    ).toThrow(/every place named so has the same default \(.* has military, here capitals\)/);
  });
});

describe('a scenario that states a structural choice', () => {
  const dir = tempDir();
  const file = join(dir, 'scenario.yaml');
  const data = parse(readFileSync(REFERENCE, 'utf8')) as Record<string, any>;
  data.reporting.choices = {
    allianceLearnsWith: {
      alternatives: { japan: 'japan', 'united-states': 'unitedStates' },
      reason: 'the alliance may learn of events with either nation',
    },
  };
  writeFileSync(file, stringify(data));
  const space = assumptionSpace(file, 'scenarios/c2/acm-2015.yaml');
  const id = 'reporting.allianceLearnsWith';

  it('registers it without a design prefix, citing its object, and puts it in the scenario', () => {
    expect(choiceOf(space.register, id)).toMatchObject({
      paths: [id],
      value: 0,
      usedBy: 'reporting',
      source: data.reporting.source,
    });
    const at = scenarioAt(space, new Map([[id, 1]]));
    expect(at.reporting.allianceLearnsWith).toBe('unitedStates');
    const base = scenarioAt(space, new Map());
    expect({ ...at, reporting: { ...at.reporting, allianceLearnsWith: 'japan' } }).toEqual(base);
  });
});

describe('bad choices', () => {
  const dir = tempDir();
  const rule = 'mechanism.consultation[1]';
  const cases: BadFile[] = [
    {
      name: 'invalid-alternative',
      text: fixtureWith((d) => {
        d.mechanism.consultation[1].choices.concur.alternatives.nowhere = { japan: 'jp.nowhere' };
      }),
      path: `${rule}.choices.concur.alternatives.nowhere`,
      says: /valid file when applied alone at mechanism\.consultation\[1\]\.concur; with it, mechanism\.consultation\[1\]\.concur\.japan: .*jp\.nowhere/,
    },
    {
      name: 'no-default',
      text: fixtureWith((d) => {
        delete d.mechanism.consultation[1].choices.concur.alternatives.military;
        d.mechanism.consultation[1].choices.concur.alternatives.joint = {
          japan: 'jp.mod',
          unitedStates: 'us.nsc',
        };
      }),
      path: `${rule}.choices.concur`,
      says: /expected the file's own value at concur to be one of the alternatives \(capitals, joint\); it is \{"japan":"jp\.mod","unitedStates":"us\.indopacom"\}/,
    },
    {
      name: 'one-alternative',
      text: fixtureWith((d) => {
        delete d.mechanism.consultation[1].choices.concur.alternatives.capitals;
      }),
      path: `${rule}.choices.concur`,
      says: /at least 2 alternatives/,
    },
    {
      name: 'bad-name',
      text: fixtureWith((d) => {
        d.mechanism.consultation[1].choices.referral.alternatives['Capitals'] = null;
      }),
      path: `${rule}.choices.referral.alternatives.Capitals`,
      says: /expected an alternative name/,
    },
    {
      name: 'twins',
      text: fixtureWith((d) => {
        d.mechanism.consultation[1].choices.referral.alternatives.absent = null;
      }),
      path: `${rule}.choices.referral`,
      says: /alternatives none and absent are the same value/,
    },
    {
      name: 'nothing-there',
      text: fixtureWith((d) => {
        d.mechanism.consultation[1].choices['silence.nowhere'] = {
          alternatives: { a: 1, b: 2 },
        };
      }),
      path: `${rule}.choices.silence.nowhere`,
      says: /to name a key of a mapping in this object \(it names nothing here\)/,
    },
  ];
  const files = writeCases(dir, cases);

  it('are refused by loading, naming the file, the path and what was expected', () => {
    cases.forEach((c, i) => {
      try {
        loadDesign(files[i]!, reference.scenario);
        expect.fail(`${c.name} loaded`);
      } catch (error) {
        expect(error, c.name).toBeInstanceOf(InputError);
        const issue = (error as InputError).issues.find((x) => x.path === c.path);
        expect(issue, `${c.name}: ${(error as InputError).message}`).toBeDefined();
        expect(issue!.file).toBe(files[i]);
        expect(issue!.message).toMatch(c.says);
      }
    });
  });

  it('are refused by rungs validate with exit 2', () => {
    expectNamed(runCommand('validate', [REFERENCE, ...files]), files, cases);
  });
});

describe('--set ID=NAME', () => {
  const { register } = assumptionSpace(REFERENCE, FIXTURE);

  it('reads an alternative’s name as its index, and refuses a name the choice lacks', () => {
    expect(parseAssumptionSet(`${CONCUR}=capitals`, register)).toEqual([CONCUR, 1]);
    expect(parseAssumptionSet(`${REFERRAL}=none`, register)).toEqual([REFERRAL, 0]);
    expect(() => parseAssumptionSet(`${CONCUR}=cabinet`, register)).toThrow(
      /one of the choice's alternatives: military, capitals/,
    );
    expect(() => parseAssumptionSet(`${CONCUR}=capitals`)).toThrow(/ID=NAME/);
  });

  it('holds a choice in compare; an unknown name exits 2 listing the names', () => {
    const design = ['--scenario', REFERENCE, '--design', FIXTURE, '--seeds', '1..2'];
    const ok = runCommand('compare', [...design, '--set', `${CONCUR}=capitals`, '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    const bad = runCommand('compare', [...design, '--set', `${CONCUR}=cabinet`]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/error: --set: .*cabinet: .*military, capitals/);
    expect(bad.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('sweeps a choice by its alternatives’ names in a batch', () => {
    const plan = createPlan({
      scenarioFile: REFERENCE,
      designs: FIXTURE,
      seeds: [1],
      sets: [`${CONCUR}=military,capitals`, `${REFERRAL}=none,capitals`],
    });
    expect(plan.points.map((p) => p.label)).toHaveLength(4);
    const last = plan.points.at(-1)!;
    expect(last.label).toBe(`${REFERRAL}=capitals;${CONCUR}=capitals`);
    const data = last.designData['acm-choices'] as Record<string, any>;
    expect(data.mechanism.consultation[1].concur).toEqual({
      japan: 'jp.cas',
      unitedStates: 'us.nsc',
    });
    expect(data.mechanism.consultation[1].referral.to).toEqual(['jp.cas', 'us.nsc']);
    const first = plan.points[0]!.designData['acm-choices'] as Record<string, any>;
    expect('referral' in first.mechanism.consultation[1]).toBe(false);
  });
});

describe('rungs assumptions --structural', () => {
  it('lists the choices with default, alternatives, used by, reason and source', () => {
    const cli = runCommand('assumptions', ['--design', FIXTURE, '--structural', '--json']);
    expect(cli.status, cli.stderr).toBe(0);
    const out = JSON.parse(cli.stdout) as { choices: Array<Record<string, unknown>> };
    expect(out.choices.map((c) => c.id)).toEqual([REQUIRES_ACTIVE, REFERRAL, STAND_UP, CONCUR]);
    expect(out.choices.find((c) => c.id === REFERRAL)).toMatchObject({
      default: 'none',
      alternatives: [
        { name: 'none', value: null },
        { name: 'capitals', value: { to: ['jp.cas', 'us.nsc'] } },
      ],
      usedBy: 'designs[acm-choices].mechanism.consultation[1]',
    });
    const table = runCommand('assumptions', ['--design', FIXTURE, '--structural']);
    expect(table.stdout).toMatch(
      /\| `fixture\.operational\.concur` \| military \| military: `\{"japan":"jp\.mod"/,
    );
    const all = runCommand('assumptions', ['--design', FIXTURE]);
    expect(all.stdout).toMatch(
      /\| `fixture\.operational\.concur` \| military \| military \/ capitals \| choice \|/,
    );
  });
});

describe('a choice in a study is a discrete factor', () => {
  const two: Parameter = { name: 'choice', low: 0, high: 1, levels: 2 };
  const three: Parameter = { name: 'three', low: 0, high: 2, levels: 3 };

  it('maps the unit interval to equally likely levels, and a level back to the middle of its cell', () => {
    expect([0, 0.25, 0.4999, 0.5, 0.99, 1].map((u) => fromUnit([two], [u])[0])).toEqual([
      0, 0, 0, 1, 1, 1,
    ]);
    expect([0, 0.3, 1 / 3, 0.6, 2 / 3, 1].map((u) => fromUnit([three], [u])[0])).toEqual([
      0, 0, 1, 1, 2, 2,
    ]);
    expect(toUnit([three], [0])).toEqual([1 / 6]);
    expect(toUnit([three], [2])).toEqual([5 / 6]);
    expect(fromUnit([three], toUnit([three], [1]))).toEqual([1]);
    expect(() => validateParameters([{ ...two, levels: 1 }])).toThrow(
      /levels must be an integer >= 2/,
    );
    expect(() => validateParameters([{ ...two, levels: 2.5 }])).toThrow(
      /levels must be an integer/,
    );
    expect(() => validateParameters([{ ...two, low: 1, high: 2, scale: 'log' }])).toThrow(
      /linear scale/,
    );
  });

  it('switches its alternative at every Morris step (p = 4, Δ = 2/3), whatever its count', () => {
    for (const levels of [2, 3, 4, 5]) {
      const choice: Parameter = { name: 'choice', low: 0, high: levels - 1, levels };
      const parameters = [choice, { name: 'x', low: 0, high: 1 }];
      const sample = morrisSample({ parameters, trajectories: 40, seed: 3 });
      const values = toParameterMatrix(parameters, sample.unit);
      const k = parameters.length;
      let moves = 0;
      sample.steps.forEach((step, i) => {
        if (step.factor !== 0) return;
        const t = Math.floor(i / k);
        const row = t * (k + 1) + (i % k);
        const before = values.data[row * k]!;
        const after = values.data[(row + 1) * k]!;
        expect(after, `levels ${levels}`).not.toBe(before);
        expect(Math.sign(after - before)).toBe(step.direction);
        moves++;
      });
      expect(moves).toBe(40);
    }
  });

  it('takes each level about equally often in a Saltelli sample', () => {
    const sample = saltelliSample({ parameters: [three], n: 3000, seed: 5 });
    const values = toParameterMatrix([three], sample.a).data;
    const counts = [0, 1, 2].map((l) => values.filter((v) => v === l).length);
    expect(counts.reduce((a, b) => a + b)).toBe(3000);
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(100);
  });

  it('is varied by the studies as levels 0 … n − 1 of its alternatives', () => {
    const space = assumptionSpace(REFERENCE, FIXTURE);
    const { parameters, pointAt } = variedSpace(space, new Map([[REFERRAL, 1]]));
    expect(parameters.find((p) => p.name === CONCUR)).toEqual({
      name: CONCUR,
      low: 0,
      high: 1,
      levels: 2,
    });
    expect(parameters.some((p) => p.name === REFERRAL)).toBe(false);
    const row = parameters.map((p) => p.high);
    const point = pointAt(row);
    expect(point.get(CONCUR)).toBe(1);
    expect(point.get(REFERRAL)).toBe(1);
    const [model] = modelsAt(space, point);
    expect(model!.design.mechanism.standUp).toEqual([]);
    expect(model!.design.mechanism.consultation[1]!.concur.unitedStates).toBe('us.nsc');
  });
});

describe('a Morris study that varies structural choices', () => {
  // a study names its designs by id: the scenario and both designs in a folder of their own
  const dir = tempDir();
  mkdirSync(join(dir, 'c2'));
  const scenarioFile = join(dir, 'scenario.yaml');
  copyFileSync(REFERENCE, scenarioFile);
  // acm-2015 is written as its differences from parallel, which it extends
  for (const id of ['parallel', 'acm-2015'])
    copyFileSync(`scenarios/c2/${id}.yaml`, join(dir, 'c2', `${id}.yaml`));
  copyFileSync(FIXTURE, join(dir, 'c2', 'acm-choices.yaml'));
  const space = assumptionSpace(scenarioFile, 'acm-2015,acm-choices');
  const varied = [CONCUR, STAND_UP, 'adversary.deterrence'];
  const options = {
    scenarioFile,
    designs: ['acm-2015', 'acm-choices'] as [string, string],
    decisions: ['alliance.coordinatedResponse'],
    seeds: seeds(3),
    method: { kind: 'morris' as const, trajectories: 2 },
    sampleSeed: 7,
    fixed: new Map(
      space.register.filter((a) => !varied.includes(a.id)).map((a) => [a.id, a.value]),
    ),
    workers: 1,
    noiseBlocks: 3,
    flipTop: 3,
  };

  it('samples each choice at its alternatives and searches flips at each of them', async () => {
    const study = await runStudy(options);
    const j = study.parameters.findIndex((p) => p.name === CONCUR);
    expect(study.parameters[j]).toMatchObject({ low: 0, high: 1, levels: 2 });
    const k = study.parameters.length;
    const column = Array.from(
      { length: study.sample.rows },
      (_, i) => study.sample.data[i * k + j],
    );
    expect(new Set(column)).toEqual(new Set([0, 1]));
    for (const r of study.results)
      for (const e of r.flips.filter((x) => x.id === CONCUR))
        expect(e.levels.map((l) => l.value)).toEqual([0, 1]);
    const report = sensitivityMarkdown(study).join('\n');
    expect(report).toContain('`fixture.operational.concur`');
  }, 120_000);

  it('is varied by a ranking, whose points name its alternative', async () => {
    const study = await runRanking({
      scenarioFile,
      designs: ['acm-2015', 'acm-choices'],
      baseline: 'acm-2015',
      decisions: ['alliance.coordinatedResponse'],
      seeds: seeds(2),
      samples: 8,
      sampleSeed: 1,
      fixed: options.fixed,
      workers: 1,
      noiseBlocks: 2,
    });
    const [header, ...rows] = rankingCsv(study).trim().split('\n');
    const column = header!.split(',').indexOf(CONCUR);
    expect(column).toBeGreaterThanOrEqual(0);
    const named = new Set(rows.map((r) => r.split(',')[column]));
    expect([...named].every((n) => n === 'military' || n === 'capitals')).toBe(true);
    expect(named.size).toBe(2);
  }, 120_000);
});
