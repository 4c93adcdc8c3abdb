/**
 * Designs as differences: every bundled design but the baseline extends another and states what
 * makes it differ; the structural diff against its parent finds every change, each covered by a
 * stated difference, and no stated difference names a change the design does not make. A design
 * that changes what it does not state fails, so the check can fail.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadDesign, loadScenario, parseDesign, type LoadedDesign } from '../src/scenario/load.js';
import { compileModel } from '../src/model/compile.js';
import { simulate } from '../src/engine/simulation.js';
import type { Scenario } from '../src/scenario/schema.js';
import { checkDifferences, designChanges } from '../src/scenario/designDiff.js';
import { unregisteredChanges } from '../src/scenario/designChoices.js';
import { readDesignData } from '../src/scenario/designExtend.js';
import { InputError } from '../src/scenario/errors.js';
import { bundledDesigns, REFERENCE, reference, seeds } from './helpers.js';
import { runCommand } from './command.js';

const C2 = 'scenarios/c2';
const dir = mkdtempSync(join(tmpdir(), 'rungs-design-diff-'));

const bundled = (id: string): LoadedDesign => loadDesign(`${C2}/${id}.yaml`, reference.scenario);
const parentOf = (d: LoadedDesign): LoadedDesign => loadDesign(d.parent!.file, reference.scenario);

/** Writes a design file into the test's folder; `extends` named by the absolute path of a bundled design. */
function writeDesign(name: string, data: Record<string, unknown>): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(data));
  return file;
}

const ACM = resolve(C2, 'acm-2015.yaml');
const biggerBocc = {
  what: 'The operations center handles more items at once.',
  paths: ['organisations[acm.bocc].capacity'],
  source: '[Storch2016]',
};

describe('the bundled designs as differences', () => {
  it('all extend another design except the baseline, which states none', () => {
    for (const id of bundledDesigns()) {
      const d = bundled(id);
      if (id === 'parallel') {
        expect(d.parent).toBeUndefined();
        expect(d.differences).toEqual([]);
      } else {
        expect(d.parent, id).toBeDefined();
        expect(d.differences.length, id).toBeGreaterThan(0);
      }
    }
    expect(bundled('acm-flexing').parent!.id).toBe('acm-2015');
    expect(bundled('sliding-integration').parent!.id).toBe('acm-2015');
  });

  for (const id of bundledDesigns().filter((d) => d !== 'parallel')) {
    it(`${id}: every change relative to its parent is a stated difference, and every stated path changes something`, () => {
      const d = bundled(id);
      const report = checkDifferences(d.design, parentOf(d).design, d.differences);
      expect(report.changes.length).toBeGreaterThan(0);
      expect(report.uncovered).toEqual([]);
      expect(report.stale).toEqual([]);
      expect(report.badPaths).toEqual([]);
      // a design differs from its parent only by what it is made of and by registered assumptions
      expect(unregisteredChanges(d.design, parentOf(d).design)).toEqual([]);
      for (const s of report.stated) expect(s.changes.length, s.difference.what).toBeGreaterThan(0);
    });
  }

  it('acm-flexing states both of its differences from the 2015 ACM: the membership and the stand-up it drops', () => {
    const d = bundled('acm-flexing');
    const changes = designChanges(d.design, parentOf(d).design);
    expect(changes).toContainEqual({ path: 'mechanism.standUp[0]', kind: 'removed' });
    const report = checkDifferences(d.design, parentOf(d).design, d.differences);
    const standUp = report.stated.find((s) =>
      s.changes.some((c) => c.path === 'mechanism.standUp[0]'),
    );
    expect(standUp?.difference.source).toMatch(/\[Hornung2015\]/);
  });
});

/** When each decision was decided in a run of a bundled design, and the highest phase the run reached. */
function decisionTimes(scenario: Scenario, design: string, seed: number) {
  const model = compileModel(scenario, loadDesign(`${C2}/${design}.yaml`, scenario).design);
  const run = simulate(model, { seed, keepTrace: true });
  const phase = new Map(scenario.ladder.rungs.map((r) => [r.id, r.phase]));
  const reached = run
    .trace!.filter((e) => e.actor === 'ladder' && e.kind === 'state')
    .map((e) => phase.get(e.to) ?? 0);
  const times = run.decisions
    .filter((d) => d.id !== 'alliance.integration.handover')
    .map((d) => `${d.id}@${d.decidedAt ?? '-'}`);
  return { maxPhase: Math.max(...reached), times };
}

describe('sliding-integration is the 2015 ACM until phase 2, as it states', () => {
  it('decides everything when acm-2015 does in every gray-zone run that stays below phase 2', () => {
    let below = 0;
    for (const seed of seeds(40)) {
      const acm = decisionTimes(reference.scenario, 'acm-2015', seed);
      const sliding = decisionTimes(reference.scenario, 'sliding-integration', seed);
      if (acm.maxPhase >= 2) continue;
      below++;
      expect(sliding.times, `seed ${seed}`).toEqual(acm.times);
    }
    expect(below).toBeGreaterThan(30);
  });

  it('differs from acm-2015 on some decision in the island seizure, where every run reaches phase 2', () => {
    const seizure = loadScenario('scenarios/senkaku-island-seizure.yaml').scenario;
    const differing = seeds(5).filter((seed) => {
      const acm = decisionTimes(seizure, 'acm-2015', seed);
      const sliding = decisionTimes(seizure, 'sliding-integration', seed);
      expect(acm.maxPhase).toBeGreaterThanOrEqual(2);
      return JSON.stringify(sliding.times) !== JSON.stringify(acm.times);
    });
    expect(differing.length).toBeGreaterThan(0);
  });
});

describe('a design that changes what it does not state', () => {
  it('is caught: the unstated change is uncovered, and validate exits 2 naming the file', () => {
    const file = writeDesign('unstated', {
      extends: ACM,
      id: 'acm-unstated',
      label: 'A bigger operations center, and a bigger policy group it does not state',
      source: '[Storch2016]',
      differences: [biggerBocc],
      organisations: [
        { id: 'acm.bocc', capacity: 4 },
        { id: 'acm.acg', capacity: 3 },
      ],
    });
    const d = loadDesign(file, reference.scenario);
    const report = checkDifferences(d.design, parentOf(d).design, d.differences);
    expect(report.uncovered).toEqual([
      { path: 'organisations[acm.acg].capacity', kind: 'changed' },
    ]);
    expect(report.stated[0]!.changes).toEqual([
      { path: 'organisations[acm.bocc].capacity', kind: 'changed' },
    ]);
    const cli = runCommand('validate', ['--scenario', REFERENCE, file]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain(
      `error: ${file}: differences: changed organisations[acm.acg].capacity relative to acm-2015, which no stated difference covers`,
    );
    expect(cli.stdout).toContain('- not covered by any stated difference:');
  });

  it('is caught when it states a difference it does not make (a stale claim) or a path that is not one', () => {
    const file = writeDesign('stale', {
      extends: ACM,
      id: 'acm-stale',
      label: 'A bigger operations center that claims a stand-up change too',
      source: '[Storch2016]',
      differences: [
        biggerBocc,
        {
          what: 'Nothing stands up.',
          paths: ['mechanism.standUp', 'links[a'],
          source: '[Storch2016]',
        },
      ],
      organisations: [{ id: 'acm.bocc', capacity: 4 }],
    });
    const d = loadDesign(file, reference.scenario);
    const report = checkDifferences(d.design, parentOf(d).design, d.differences);
    expect(report.uncovered).toEqual([]);
    expect(report.stale).toEqual([{ at: 'differences[1].paths[0]', path: 'mechanism.standUp' }]);
    expect(report.badPaths).toEqual([{ at: 'differences[1].paths[1]', path: 'links[a' }]);
    const cli = runCommand('validate', ['--scenario', REFERENCE, file]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain(
      `error: ${file}: differences[1].paths[0]: "mechanism.standUp" names nothing`,
    );
  });

  it('states paths with wildcards: [] any item, [prefix*] items that start so, * any key', () => {
    const d = bundled('acm-2015');
    const parent = parentOf(d).design;
    const stated = (paths: string[]) =>
      checkDifferences(d.design, parent, [{ what: 'all', paths, source: '[Storch2016]' }]);
    expect(stated(['organisations', 'links', 'mechanism']).uncovered).toEqual([]);
    expect(stated(['organisations[]', 'links[]', 'mechanism.*']).uncovered).toEqual([]);
    const partial = stated(['organisations', 'links[acm.acg>*]', 'mechanism']).uncovered;
    expect(partial.length).toBe(6);
    expect(partial.every((c) => c.path.startsWith('links[acm.bocc>'))).toBe(true);
  });
});

describe('a design that differs from its parent by an unregistered choice', () => {
  const rules = bundled('acm-2015').design.mechanism.consultation;
  /** acm-2015's consultation with its operational rule changed, without a choice that covers it. */
  const writeWith = (name: string, operational: Record<string, unknown>) =>
    writeDesign(name, {
      extends: ACM,
      id: `acm-${name}`,
      label: 'x',
      source: '[Storch2016]',
      differences: [
        {
          what: 'Operational items wait for the mechanism to be active.',
          paths: ['mechanism.consultation[1]'],
          source: '[Storch2016]',
        },
      ],
      mechanism: {
        consultation: [rules[0], { ...rules[1], choices: undefined, ...operational }],
      },
    });

  it('is caught: the change is stated but no choice or range registers it, and validate exits 2', () => {
    const file = writeWith('unregistered', { requiresActive: true });
    const d = loadDesign(file, reference.scenario);
    const parent = parentOf(d).design;
    expect(checkDifferences(d.design, parent, d.differences).uncovered).toEqual([]);
    expect(unregisteredChanges(d.design, parent)).toEqual([
      { path: 'mechanism.consultation[1].requiresActive', kind: 'changed' },
    ]);
    const cli = runCommand('validate', ['--scenario', REFERENCE, file]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain(
      `error: ${file}: differences: changed mechanism.consultation[1].requiresActive relative to acm-2015 is a structural change no registered assumption covers`,
    );
  });

  it("passes once the choice is registered, with the parent's value among its alternatives", () => {
    const file = writeWith('registered', {
      requiresActive: true,
      choices: {
        requiresActive: {
          alternatives: { wait: true, proceed: false },
          reason: 'whether operational items wait for the mechanism to be active',
        },
      },
    });
    const d = loadDesign(file, reference.scenario);
    expect(unregisteredChanges(d.design, parentOf(d).design)).toEqual([]);
  });

  it("counts a design's own bodies, links and decisions as what it is made of, not as choices", () => {
    const d = bundled('sliding-integration');
    const changes = designChanges(d.design, parentOf(d).design).map((c) => c.path);
    expect(changes).toContain('organisations[si.command]');
    expect(changes).toContain('decisions[alliance.integration.handover]');
    expect(changes).toContain('mechanism.integration');
    expect(unregisteredChanges(d.design, parentOf(d).design)).toEqual([]);
  });
});

describe('extends between designs', () => {
  it('finds a parent by id beside the design, or in the scenario catalog, and names a missing one', () => {
    const file = writeDesign('by-id', {
      extends: 'acm-2015',
      id: 'acm-by-id',
      label: 'x',
      source: '[Storch2016]',
      differences: [biggerBocc],
      organisations: [{ id: 'acm.bocc', capacity: 4 }],
    });
    expect(() => loadDesign(file, reference.scenario)).toThrow(/no design "acm-2015" in/);
    const d = loadDesign(file, reference.scenario, C2);
    expect(d.parent).toEqual({ id: 'acm-2015', file: join(C2, 'acm-2015.yaml') });
    expect(d.files).toEqual([file, join(C2, 'acm-2015.yaml'), join(C2, 'parallel.yaml')]);
    expect(runCommand('validate', ['--scenario', REFERENCE, file]).status).toBe(0);
  });

  it('removes what a design lacks: an item by { id, remove: true }, a key by ~, a list by []', () => {
    const file = writeDesign('removals', {
      extends: resolve(C2, 'sliding-integration.yaml'),
      id: 'acm-without-command',
      label: 'x',
      source: '[Hornung2015]',
      differences: [
        {
          what: 'No combined command and no stand-up.',
          paths: ['organisations[si.command]', 'links[si.command>*]', 'decisions', 'mechanism'],
          source: '[Hornung2015]',
        },
      ],
      organisations: [{ id: 'si.command', remove: true }],
      links: ['jp.mod', 'jp.pm', 'jp.cabinet', 'us.indopacom', 'us.secdef', 'us.president'].map(
        (to) => ({ from: 'si.command', to, remove: true }),
      ),
      decisions: [{ id: 'alliance.integration.handover', remove: true }],
      mechanism: {
        bodies: ['acm.acg', 'acm.bocc'],
        integration: null,
        standUp: [],
        // the parent's choices name what is removed: removed with it
        choices: { integration: null, standUp: null },
      },
    });
    const d = loadDesign(file, reference.scenario);
    expect(d.design.organisations.map((o) => o.id)).toEqual(['acm.acg', 'acm.bocc']);
    expect(d.design.decisions).toEqual([]);
    expect(d.design.mechanism.integration).toBeUndefined();
    expect(d.design.mechanism.standUp).toEqual([]);
    expect(d.design.links.some((l) => l.from === 'si.command')).toBe(false);
    expect(d.design.mechanism.choices).toEqual({});
  });

  it("replaces a parent's structural choice as a whole when it restates it (alternatives are not merged)", () => {
    const standUp = bundled('acm-2015').design.mechanism.standUp;
    const file = writeDesign('restated-choice', {
      extends: ACM,
      id: 'acm-restated-choice',
      label: 'x',
      source: '[Storch2016]',
      differences: [biggerBocc],
      organisations: [{ id: 'acm.bocc', capacity: 4 }],
      mechanism: {
        choices: {
          standUp: {
            alternatives: { 'when-needed': standUp, never: [] },
            reason:
              "renamed: merged with the parent's, never and standing would be one value twice",
          },
        },
      },
    });
    const d = loadDesign(file, reference.scenario);
    expect(Object.keys(d.design.mechanism.choices!.standUp!.alternatives)).toEqual([
      'when-needed',
      'never',
    ]);
  });

  it('refuses removing what the parent lacks, a missing difference list, differences without extends, and a cycle, naming file and path', () => {
    const errorOf = (data: Record<string, unknown>, name = 'bad') => {
      try {
        parseDesign(data, join(dir, `${name}.yaml`), reference.scenario);
      } catch (error) {
        if (error instanceof InputError) return error.issues;
      }
      throw new Error('expected an InputError');
    };
    const base = { extends: ACM, id: 'x', label: 'x', source: '[Storch2016]' };
    expect(
      errorOf({
        ...base,
        differences: [biggerBocc],
        organisations: [{ id: 'nope', remove: true }],
      }),
    ).toEqual([
      expect.objectContaining({
        path: 'organisations[0]',
        message: expect.stringMatching(/removes "nope"/),
      }),
    ]);
    expect(
      errorOf({ ...base, differences: [biggerBocc], mechanism: { activation: null } }),
    ).toEqual([
      expect.objectContaining({
        path: 'mechanism.activation',
        message: expect.stringMatching(/has none/),
      }),
    ]);
    expect(errorOf(base)).toEqual([expect.objectContaining({ path: 'differences' })]);
    expect(
      errorOf({ ...readDesignData(`${C2}/parallel.yaml`), id: 'root', differences: [biggerBocc] }),
    ).toEqual([
      expect.objectContaining({
        path: 'differences',
        message: expect.stringMatching(/without extends/),
      }),
    ]);
    writeDesign('loop-a', { ...base, extends: 'loop-b', id: 'a', differences: [biggerBocc] });
    writeDesign('loop-b', { ...base, extends: 'loop-a', id: 'b', differences: [biggerBocc] });
    expect(() => loadDesign(join(dir, 'loop-a.yaml'), reference.scenario)).toThrow(/a cycle/);
  });

  it('names the file that wrote a bad value, the design or the design it extends', () => {
    const file = writeDesign('bad-capacity', {
      extends: ACM,
      id: 'acm-bad',
      label: 'x',
      source: '[Storch2016]',
      differences: [biggerBocc],
      organisations: [{ id: 'acm.bocc', capacity: 0 }],
    });
    expect(() => loadDesign(file, reference.scenario)).toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: organisations\\[0\\]\\.capacity`),
    );
  });
});
