/**
 * The assumption register: every inference on a number states a plausible range, validation says
 * where one is missing or wrong, and `npm run assumptions` lists them with what `--set` takes.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { assumptionRegister, collectAssumptions } from '../src/scenario/register.js';
import { loadDesign } from '../src/scenario/load.js';
import { readDesignData } from '../src/scenario/designExtend.js';
import { resolveDesignFiles } from '../src/scenario/catalog.js';
import {
  expectNamed,
  referenceData,
  referenceWith,
  runCommand,
  tempDir,
  writeCases,
  type BadFile,
} from './inputCases.js';
import { REFERENCE, reference } from './helpers.js';

/** Every object of raw file data that carries an inference and states a number directly, found independently of the register. */
function inferencesWithNumbers(
  node: unknown,
  path = '',
): Array<{ path: string; object: Record<string, unknown> }> {
  if (Array.isArray(node))
    return node.flatMap((item, i) => inferencesWithNumbers(item, `${path}[${i}]`));
  if (typeof node !== 'object' || node === null) return [];
  const object = node as Record<string, unknown>;
  const own = Object.entries(object).some(([k, v]) => k !== 'ranges' && typeof v === 'number');
  const here = 'inference' in object && own ? [{ path, object }] : [];
  return [
    ...here,
    ...Object.entries(object).flatMap(([k, v]) =>
      k === 'ranges' ? [] : inferencesWithNumbers(v, `${path}.${k}`),
    ),
  ];
}

describe('the assumption register of the bundled files', () => {
  const designs = resolveDesignFiles(REFERENCE, 'all').map((file) => ({
    file,
    design: loadDesign(file, reference.scenario).design,
  }));

  it('ranges every number of every inference that states one directly, and each range holds its value', () => {
    const files = [
      {
        file: REFERENCE,
        data: parse(readFileSync(REFERENCE, 'utf8')),
        parsed: reference.scenario as unknown,
        prefix: '',
      },
    ].concat(
      designs.map((d) => ({
        file: d.file,
        // with the design it extends merged in: a design written as differences states few numbers itself
        data: readDesignData(d.file) as unknown,
        parsed: d.design,
        prefix: `designs[${d.design.id}]`,
      })),
    );
    for (const f of files) {
      const { assumptions, issues } = collectAssumptions(f.parsed, f.file, f.prefix);
      expect(issues).toEqual([]);
      const marked = inferencesWithNumbers(f.data);
      expect(marked.length, f.file).toBeGreaterThan(0);
      for (const { path, object } of marked)
        expect(Object.keys(object.ranges ?? {}).length, `${f.file}${path}`).toBeGreaterThan(0);
      for (const a of assumptions) {
        expect(a.low, a.id).toBeLessThan(a.high);
        expect(a.value, a.id).toBeGreaterThanOrEqual(a.low);
        expect(a.value, a.id).toBeLessThanOrEqual(a.high);
        expect(a.reason.length, a.id).toBeGreaterThan(0);
      }
    }
  });

  it("merges the places that share a name into one assumption (the within-side latency of the scenario and the designs' member links)", () => {
    const register = assumptionRegister(
      reference.scenario,
      designs.map((d) => ({ id: d.design.id, data: d.design })),
    );
    const within = register.find((a) => a.id === 'link.withinSide.median')!;
    expect(within.paths).toContain('links.withinSide.lognormal.median');
    expect(within.paths.some((p) => p.startsWith('designs[acm-2015].links['))).toBe(true);
    expect(new Set(register.map((a) => a.id)).size).toBe(register.length);
  });
});

describe('npm run assumptions', () => {
  it('gives one object per assumption with id, value, low, high and reason as data (--json)', () => {
    const cli = runCommand('assumptions', ['--designs', 'parallel,acm-2015', '--json']);
    expect(cli.status, cli.stderr).toBe(0);
    const out = JSON.parse(cli.stdout) as { assumptions: Array<Record<string, unknown>> };
    expect(out.assumptions.length).toBeGreaterThan(150);
    for (const a of out.assumptions)
      for (const key of ['id', 'value', 'low', 'high', 'reason'])
        expect(a, String(a.id)).toHaveProperty(key);
    const cabinet = out.assumptions.find(
      (a) => a.id === 'organisations[jp.cabinet].processing.lognormal.median',
    )!;
    expect(cabinet).toMatchObject({
      value: 240,
      unit: 'minutes',
      usedBy: 'organisations[jp.cabinet]',
    });
    expect(
      out.assumptions.some(
        (a) =>
          String(a.id).startsWith('designs[acm-2015]') ||
          (a.paths as string[]).some((p) => p.startsWith('designs[acm-2015]')),
      ),
    ).toBe(true);
  });
});

describe('npm run validate on the register', () => {
  const dir = tempDir();
  const cabinet = referenceData().organisations.findIndex((o: any) => o.id === 'jp.cabinet');
  const cases: BadFile[] = [
    {
      name: 'no-ranges',
      text: referenceWith((d) => delete d.organisations[cabinet].ranges),
      path: `organisations[${cabinet}].inference`,
      says: /an inference on an object that holds numbers needs ranges/,
    },
    {
      name: 'outside',
      text: referenceWith(
        (d) => (d.organisations[cabinet].ranges = { 'processing.lognormal.median': ['1h', '2h'] }),
      ),
      path: `organisations[${cabinet}].ranges.processing.lognormal.median`,
      says: /expected the range to hold the value 240, got \[60, 120\]/,
    },
    {
      name: 'overlap',
      text: referenceWith(
        (d) =>
          (d.organisations[cabinet].ranges = {
            'processing.lognormal.median': ['2h', '10h'],
            'processing.lognormal.p90': ['8h', '1d'],
          }),
      ),
      path: `organisations[${cabinet}].ranges.processing.lognormal.p90`,
      says: /median can reach 600 but processing\.lognormal\.p90 can fall to 480/,
    },
    {
      name: 'nothing-there',
      text: referenceWith(
        (d) => (d.organisations[cabinet].ranges = { 'processing.median': [1, 2] }),
      ),
      path: `organisations[${cabinet}].ranges.processing.median`,
      says: /names nothing here/,
    },
    {
      name: 'one-name-two-values',
      text: referenceWith(
        (d) =>
          (d.reporting.ranges['japan.lognormal.median'] = {
            low: '15m',
            high: '1h',
            as: 'link.withinSide.median',
          }),
      ),
      // reported where the second place names it (the links come after the reporting delays)
      path: 'links.ranges.withinSide.lognormal.median',
      says: /"link\.withinSide\.median" is one assumption/,
    },
  ];
  const files = writeCases(dir, cases);

  it('names the file, the path and what was expected for each problem (exit 2)', () => {
    expectNamed(runCommand('validate', files), files, cases);
  });
});
