/**
 * One meaning of `--set` and provenance everywhere (issue 24, item 4): `compare --set` and
 * `batch --set` refuse and accept the same values with the same messages; `--outside-range` takes
 * a value outside its registered range and every output file of both records it; titles say
 * "with overrides"; the scenario hash stays the file's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assumptionSpace } from '../src/assumptions/space.js';
import { readSetOption, readSetOptions } from '../src/assumptions/setOption.js';
import { InputError } from '../src/scenario/errors.js';
import { runCommand } from './command.js';
import { REFERENCE, reference } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-provenance-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const DESIGNS = 'acm-2015,parallel';
const COMMON = ['--scenario', REFERENCE, '--design', DESIGNS, '--seeds', '1..2', '--workers', '1'];
let outs = 0;
const batch = (...more: string[]) =>
  runCommand('batch', [...COMMON, '--out', join(root, `b${outs++}`), ...more]);
const compare = (...more: string[]) => runCommand('compare', [...COMMON, ...more]);

/** The message an InputError carries, as thrown. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected a refusal');
}

describe('reading --set against the register', () => {
  const { register } = assumptionSpace(REFERENCE, DESIGNS);
  const one = { sweep: false, outsideRange: false };

  it('takes a number, a duration in minutes, an alternative; refuses what it cannot read', () => {
    expect(readSetOption('jcgCapacity=5', register, one).numbers).toEqual([5]);
    expect(readSetOption('link.withinSide.median=20m', register, one).numbers).toEqual([20]);
    expect(readSetOption('link.withinSide.median=15', register, one).numbers).toEqual([15]);
    expect(refusal(() => readSetOption('jcgCapacity=4.5', register, one))).toMatch(
      /--set: jcgCapacity: expected a whole number/,
    );
    expect(refusal(() => readSetOption('jcgCapacity=2h', register, one))).toMatch(
      /--set: jcgCapacity: expected a number, got "2h"/,
    );
    expect(refusal(() => readSetOption('jcgCapacity', register, one))).toMatch(/ID=VALUE/);
  });

  it('refuses a value outside the registered range unless outsideRange, then records it', () => {
    // jcgCapacity's registered range is 4 – 7 (rungs assumptions)
    expect(refusal(() => readSetOption('jcgCapacity=8', register, one))).toContain(
      '8 is outside the registered range 4 – 7; give --outside-range',
    );
    const taken = readSetOption('jcgCapacity=8', register, { ...one, outsideRange: true });
    expect(taken).toMatchObject({ id: 'jcgCapacity', numbers: [8], outside: ['8'] });
    expect(readSetOption('jcgCapacity=7', register, one).outside).toEqual([]);
  });

  it('takes a list only where the command sweeps; one assumption once', () => {
    expect(refusal(() => readSetOption('jcgCapacity=4,6', register, one))).toContain(
      'a list of values is a sweep, which only rungs batch runs',
    );
    const swept = readSetOption('jcgCapacity=4,6', register, { ...one, sweep: true });
    expect(swept.numbers).toEqual([4, 6]);
    expect(
      refusal(() => readSetOptions(['jcgCapacity=4', 'jcgCapacity=5'], register, one)),
    ).toContain('is set twice');
  });

  it('names the assumption when a path is one of its several places', () => {
    expect(
      refusal(() => readSetOption('links.withinSide.lognormal.median=20', register, one)),
    ).toContain('of the assumption link.withinSide.median, which sets them all');
  });
});

describe('compare --set and batch --set', () => {
  it.each([
    ['out of range', 'adversary.deterrence=0.9', /0\.9 is outside the registered range 0 – 0\.5/],
    ['an unknown id', 'nope.x=1', /nope\.x: not an assumption of the register/],
    ['a bad number', 'adversary.deterrence=abc', /expected a number, got "abc"/],
  ])(
    'refuse %s with the same message, exit 2',
    (_, set, says) => {
      const b = batch('--set', set);
      const c = compare('--set', set);
      expect(b.status, b.stderr).toBe(2);
      expect(c.status, c.stderr).toBe(2);
      expect(b.stderr).toMatch(says);
      expect(b.stderr).toMatch(
        new RegExp(`^error: --set: ${set.split('=')[0]!.replace('.', '\\.')}`),
      );
      expect(c.stderr).toBe(b.stderr);
    },
    60_000,
  );

  it('compare refuses a sweep list with words', () => {
    const c = compare('--set', 'adversary.deterrence=0.1,0.2');
    expect(c.status).toBe(2);
    expect(c.stderr).toContain('a list of values is a sweep, which only rungs batch runs');
  });

  it('accept an in-range value, recording it without an outside mark', () => {
    const dir = join(root, 'in-range');
    const b = runCommand('batch', [...COMMON, '--out', dir, '--set', 'adversary.deterrence=0.3']);
    expect(b.status, b.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.overrides).toEqual([
      { set: 'adversary.deterrence=0.3', id: 'adversary.deterrence', values: ['0.3'] },
    ]);
    expect(manifest.options.outsideRange).toBeUndefined();
    const c = compare('--set', 'adversary.deterrence=0.3', '--json');
    expect(c.status, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).provenance.overrides).toEqual(manifest.overrides);
  }, 60_000);
});

describe('with --outside-range, every output records the override', () => {
  const SET = 'adversary.deterrence=0.9';
  const record = {
    set: SET,
    id: 'adversary.deterrence',
    values: ['0.9'],
    outsideRange: ['0.9'],
  };
  const read = (file: string) => readFileSync(file, 'utf8');

  it('batch: manifest, summaries, report, CSV and JSON lines', () => {
    const dir = join(root, 'outside');
    const run = runCommand('batch', [...COMMON, '--out', dir, '--set', SET, '--outside-range']);
    expect(run.status, run.stderr).toBe(0);
    const manifest = JSON.parse(read(join(dir, 'manifest.json')));
    expect(manifest.overrides).toEqual([record]);
    expect(manifest.options.outsideRange).toBe(true);
    expect(manifest.scenario.hash).toBe(reference.hash);
    expect(manifest.seeds.ranges).toBe('1..2');
    const summary = JSON.parse(read(join(dir, 'summary.json')));
    expect(summary.provenance).toEqual({ overrides: [record], variants: [], seeds: '1..2' });
    expect(summary.scenario.hash).toBe(reference.hash);
    const title = `${reference.scenario.title}, with overrides`;
    const markdown = read(join(dir, 'summary.md'));
    expect(markdown.split('\n')[0]).toBe(`# ${title}`);
    expect(markdown).toContain(
      `Overrides (--set): ${SET} (0.9 outside the registered range, taken with --outside-range).`,
    );
    const html = read(join(dir, 'report.html'));
    expect(html).toContain(`<title>${title}</title>`);
    expect(html).toContain(`Overrides (--set): ${SET} (0.9 outside the registered range`);
    // the CSV's columns are not this test's to change: the swept value is its point and param column
    const [header, ...rows] = read(join(dir, 'results.csv')).trim().split('\n');
    const column = header!.split(',').indexOf('param.adversary.deterrence');
    expect(column).toBeGreaterThan(0);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.split(',')[column]).toBe('0.9');
    const lines = read(join(dir, 'results.jsonl')).trim().split('\n');
    for (const line of lines) expect(JSON.parse(line).point).toBe(SET);
  }, 60_000);

  it('compare: JSON, Markdown and HTML', () => {
    const htmlFile = join(root, 'compare.html');
    const json = compare('--set', SET, '--outside-range', '--json', '--html', htmlFile);
    expect(json.status, json.stderr).toBe(0);
    const data = JSON.parse(json.stdout);
    expect(data.provenance).toEqual({ overrides: [record], variants: [], seeds: '1..2' });
    expect(data.scenarioHash).toBe(reference.hash);
    const title = `${reference.scenario.title}, with overrides`;
    const html = readFileSync(htmlFile, 'utf8');
    expect(html).toContain(`<title>${title}</title>`);
    expect(html).toContain(`Overrides (--set): ${SET} (0.9 outside the registered range`);
    const markdown = compare('--set', SET, '--outside-range');
    expect(markdown.status, markdown.stderr).toBe(0);
    expect(markdown.stdout.split('\n')[0]).toBe(`# ${title}`);
    expect(markdown.stdout).toContain(
      `Overrides (--set): ${SET} (0.9 outside the registered range, taken with --outside-range). Variants (--with): none. Posterior: none. Seeds: 1..2.`,
    );
  }, 60_000);

  it('without an override, the record lists none', () => {
    const plain = compare('--json');
    expect(plain.status, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout).provenance).toEqual({
      overrides: [],
      variants: [],
      seeds: '1..2',
    });
  }, 60_000);
});

describe('a ranking study with --set', () => {
  it('records the override in study.json and report.md; refuses --outside-range with words', () => {
    const out = join(root, 'ranking');
    const args = ['--design', DESIGNS, '--samples', '2', '--seeds', '1..3', '--workers', '1'];
    const run = runCommand('ranking', [...args, '--set', 'jcgCapacity=5', '--yes', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const study = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8'));
    expect(study.provenance).toEqual({
      overrides: [{ set: 'jcgCapacity=5', id: 'jcgCapacity', values: ['5'] }],
      variants: [],
      seeds: '1..3',
    });
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report.split('\n')[0]).toMatch(/\(with overrides\)$/);
    expect(report).toContain('Overrides (--set): jcgCapacity=5.');
    const outside = runCommand('ranking', [...args, '--set', 'jcgCapacity=9', '--outside-range']);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/^error: --outside-range: a study varies the assumptions/);
    const refused = runCommand('ranking', [...args, '--set', 'jcgCapacity=9']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      '--set: jcgCapacity: 9 is outside the registered range 4 – 7; a study holds values within',
    );
  }, 60_000);
});
