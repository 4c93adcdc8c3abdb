/** Scenario composition: a file that extends another, validated, run and refused as a user meets it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadDesign, loadScenario } from '../src/scenario/load.js';
import { designDirectory, resolveDesignFiles } from '../src/scenario/catalog.js';
import { MAX_EXTENDS_DEPTH } from '../src/scenario/extend.js';
import { toJsonSchemas } from '../src/scenario/jsonSchema.js';
import { compileModel } from '../src/model/compile.js';
import { simulate } from '../src/engine/simulation.js';
import { REFERENCE } from './helpers.js';
import {
  expectNamed,
  referenceData,
  referenceWith,
  runCommand,
  tempDir,
  writeCases,
  type BadFile,
} from './inputCases.js';

const BASE = resolve(REFERENCE);

/** Writes `data` as YAML to `dir/name`, making the folder; returns the file. */
function write(dir: string, name: string, data: unknown): string {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof data === 'string' ? data : stringify(data));
  return file;
}

/** An incident in `scenarios/incidents/`-like folder of its own, extending the reference. */
function incident(
  dir: string,
  own: Record<string, unknown>,
  name = 'incidents/incident.yaml',
): string {
  return write(dir, name, { extends: BASE, id: 'incident', ...own });
}

describe('a scenario that extends another', () => {
  const dir = tempDir();
  const ext = incident(dir, { title: 'Short incident', horizon: '5d', ladder: { start: 'R2' } });
  const whole = write(
    dir,
    'whole.yaml',
    referenceWith((d) => {
      Object.assign(d, { id: 'incident', title: 'Short incident', horizon: '5d' });
      d.ladder.start = 'R2';
    })(),
  );

  it('loads as the same scenario written out whole, records its files and hashes the resolved content', () => {
    const a = loadScenario(ext);
    const b = loadScenario(whole);
    expect(a.scenario).toEqual(b.scenario);
    expect(a.hash).toBe(b.hash);
    expect(a.files).toEqual([ext, BASE]);
    expect(b.files).toEqual([whole]);
    expect(a.scenario.ladder.start).toBe('R2');
    expect(a.scenario.horizon).toBe(5 * 1440);
    expect(loadScenario(REFERENCE).scenario.ladder.start).not.toBe('R2');
  });

  it('runs a design of the base and gives the trace hashes of the whole file', () => {
    const a = loadScenario(ext).scenario;
    const b = loadScenario(whole).scenario;
    const [designFile] = resolveDesignFiles(ext, 'parallel');
    const runs = (s: typeof a) => {
      const model = compileModel(s, loadDesign(designFile!, s).design);
      return [1, 2, 3].map((seed) => simulate(model, { seed }).traceHash);
    };
    expect(runs(a)).toEqual(runs(b));
    expect(runs(a)).not.toEqual(runs(loadScenario(REFERENCE).scenario));
  });

  it("finds designs in the base's folder when its own folder has no c2/, and in its own c2/ when it has one", () => {
    expect(resolve(designDirectory(ext))).toBe(resolve('scenarios/c2'));
    const withOwn = incident(dir, {}, 'own/incident.yaml');
    mkdirSync(join(dir, 'own', 'c2'));
    expect(designDirectory(withOwn)).toBe(join(dir, 'own', 'c2'));
  });

  it('merges lists of items with ids by id (patching the item) and replaces other lists', () => {
    const base = loadScenario(REFERENCE).scenario;
    const target = base.decisions[1]!;
    const file = incident(
      dir,
      {
        decisions: [{ id: target.id, label: 'patched' }],
        outcome: { responseInPlace: [base.decisions[0]!.id] },
      },
      'incidents/patch.yaml',
    );
    const s = loadScenario(file).scenario;
    expect(s.decisions.map((d) => d.id)).toEqual(base.decisions.map((d) => d.id));
    expect(s.decisions[1]).toEqual({ ...target, label: 'patched' });
    expect(s.outcome.responseInPlace).toEqual([base.decisions[0]!.id]);
  });

  it("may not rewrite a decision's route (drop a fast path or a step): the procedures of its date are facts in force", () => {
    const d = referenceData().decisions.find((x: any) =>
      x.chains.japan?.some((s: any) => s.fastPath),
    );
    const fast = d.chains.japan.findIndex((s: any) => s.fastPath);
    const noFastPath = incident(
      dir,
      {
        decisions: [
          {
            id: d.id,
            chains: { japan: d.chains.japan.map(({ fastPath: _, ...step }: any) => step) },
          },
        ],
      },
      'incidents/no-fast-path.yaml',
    );
    expect(() => loadScenario(noFastPath)).toThrow(
      new RegExp(
        `${noFastPath}: decisions\\[0\\]\\.chains\\.japan\\[${fast}\\]\\.fastPath: .*shared parameter`,
      ),
    );
    const noStep = incident(
      dir,
      { decisions: [{ id: d.id, chains: { japan: d.chains.japan.slice(1) } }] },
      'incidents/no-step.yaml',
    );
    expect(() => loadScenario(noStep)).toThrow(
      new RegExp(`${noStep}: decisions\\[0\\]\\.chains\\.japan: .*shared parameter`),
    );
    const off = incident(
      dir,
      {
        procedures: { telephoneCabinet: { inForce: false, source: '[TelephoneCabinetPress2015]' } },
      },
      'incidents/before-2015.yaml',
    );
    expect(loadScenario(off).scenario.procedures.telephoneCabinet!.inForce).toBe(false);
  });

  it("names the file and the path of each error: the extending file for its own keys, the base for the base's", () => {
    const own = incident(
      dir,
      { decisions: [{ id: 'new.decision' }, { id: 'jp.mso', label: 5 }] },
      'incidents/bad-own.yaml',
    );
    expect(() => loadScenario(own)).toThrow(
      new RegExp(`${own}: decisions\\[1\\]\\.label: .*expected string`),
    );
    expect(() => loadScenario(own)).toThrow(new RegExp(`${own}: decisions\\[0\\]\\.side: `));
    const badBase = write(
      dir,
      'bad-base/base.yaml',
      referenceWith((d) => {
        d.jcgCapacity = 'six';
      })(),
    );
    const onBadBase = write(dir, 'bad-base/incidents/i.yaml', { extends: '../base.yaml', id: 'i' });
    expect(() => loadScenario(onBadBase)).toThrow(new RegExp(`${badBase}: jcgCapacity: `));
  });

  it('names the file that defines a shared parameter, through a chain of bases', () => {
    const mid = write(dir, 'chain/mid.yaml', {
      extends: BASE,
      id: 'mid',
      organisations: [
        { id: 'new.org', side: 'japan', label: 'New', processing: 5, capacity: 1, source: 'test' },
      ],
    });
    const top = write(dir, 'chain/top.yaml', {
      extends: 'mid.yaml',
      id: 'top',
      organisations: [
        { id: referenceData().organisations[0].id, capacity: 9 },
        { id: 'new.org', capacity: 2 },
      ],
    });
    expect(() => loadScenario(top)).toThrow(
      new RegExp(
        `${top}: organisations\\[0\\]\\.capacity: .*shared parameter of ${BASE}; .*\\(through ${mid}\\)`,
      ),
    );
    expect(() => loadScenario(top)).toThrow(
      new RegExp(`${top}: organisations\\[1\\]\\.capacity: .*shared parameter of ${mid}; `),
    );
  });

  it('refuses a cycle, naming both files', () => {
    const a = write(dir, 'cycle/a.yaml', { extends: 'b.yaml', id: 'a' });
    const b = join(dir, 'cycle', 'b.yaml');
    write(dir, 'cycle/b.yaml', { extends: 'a.yaml', id: 'b' });
    expect(() => loadScenario(a)).toThrow(
      new RegExp(`${b}: extends: .*cycle: ${a} extends ${b} extends ${a}`),
    );
  });

  it(`refuses more than ${MAX_EXTENDS_DEPTH} levels of extends`, () => {
    const files = Array.from({ length: MAX_EXTENDS_DEPTH + 1 }, (_, i) =>
      write(dir, `deep/s${i}.yaml`, {
        extends: i === MAX_EXTENDS_DEPTH ? BASE : `s${i + 1}.yaml`,
        id: `s${i}`,
      }),
    );
    expect(() => loadScenario(files[0]!)).toThrow(/extends: more than \d+ levels of extends/);
    expect(loadScenario(files[1]!).files).toHaveLength(MAX_EXTENDS_DEPTH + 1);
  });

  it('names a missing base file from the extending file', () => {
    const file = write(dir, 'missing/i.yaml', { extends: 'nope.yaml', id: 'i' });
    expect(() => loadScenario(file)).toThrow(
      `${file}: extends: cannot read the base scenario ${join(dir, 'missing', 'nope.yaml')}: no such file`,
    );
  });

  it('needs an id of its own', () => {
    const file = write(dir, 'same-id/i.yaml', { extends: BASE, id: referenceData().id });
    expect(() => loadScenario(file)).toThrow(new RegExp(`${file}: id: expected an id of its own`));
  });
});

describe('npm run validate on extending files', () => {
  const dir = tempDir();
  const ref = referenceData();
  const fastPathDecision = ref.decisions.find((x: any) =>
    x.chains.japan?.some((s: any) => s.fastPath),
  );
  const fastStep = fastPathDecision.chains.japan.findIndex((s: any) => s.fastPath);
  const shared = (name: string, own: Record<string, unknown>, path: string): BadFile => ({
    name,
    text: () => stringify({ extends: BASE, id: name, ...own }),
    path,
    says: new RegExp(
      `shared parameter of ${BASE}; change it in the base \\(where it is calibrated\\)`,
    ),
  });
  const cases: BadFile[] = [
    shared(
      'org-processing',
      { organisations: [{ id: ref.organisations[2].id, processing: '1m' }] },
      'organisations[0].processing',
    ),
    shared('link-latency', { links: { crossSide: { fixed: 1 } } }, 'links.crossSide'),
    shared('reporting', { reporting: { japan: '1m' } }, 'reporting.japan'),
    shared(
      'approve-probability',
      {
        decisions: [{ id: 'new.one' }, { id: ref.decisions[3].id, approve: { probability: 0.01 } }],
      },
      'decisions[1].approve.probability',
    ),
    shared(
      'fast-path-processing',
      {
        decisions: [
          {
            id: fastPathDecision.id,
            chains: {
              japan: fastPathDecision.chains.japan.map((s: any, i: number) =>
                i === fastStep ? { ...s, fastPath: { ...s.fastPath, processing: '1m' } } : s,
              ),
            },
          },
        ],
      },
      `decisions[0].chains.japan[${fastStep}].fastPath.processing`,
    ),
  ];
  const files = writeCases(dir, cases);

  it('refuses each kind of shared-parameter override with file and path, exit 2', () => {
    expectNamed(runCommand('validate', files), files, cases);
  });

  it('accepts an extending file, a design of its base checked against it, and the same values restated', () => {
    const ext = incident(dir, {
      ladder: { start: 'R3' },
      links: ref.links,
      organisations: [ref.organisations[0]],
      // an incident's own adversary number comes with its own range (the base's no longer holds it)
      adversary: { rungs: { R3: { advance: 0.1 } }, ranges: { 'rungs.R3.advance': [0.05, 0.3] } },
    });
    const cli = runCommand('validate', [ext, 'scenarios/c2/parallel.yaml']);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`ok  ${ext} (scenario incident, extends ${BASE}`);
    expect(cli.stdout).toMatch(/ok {2}scenarios\/c2\/parallel\.yaml \(design parallel on incident/);
  });
});

describe('the scenario JSON Schema', () => {
  it('knows extends: a file that extends another needs only extends and id', () => {
    const schema = toJsonSchemas()['scenario.schema.json'] as {
      anyOf: Array<{ required?: string[]; properties: Record<string, unknown> }>;
    };
    const extending = schema.anyOf.find((s) => s.properties.extends);
    expect(extending?.required).toEqual(['extends', 'id']);
    expect(schema.anyOf.find((s) => !s.properties.extends)?.required).toContain('organisations');
  });
});
