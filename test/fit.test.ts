/**
 * Fitting the shared numbers to the record (`calibrate --fit`): a synthetic record generated from
 * the model at known values is recovered, the fit is the same on any number of workers, and a
 * posterior file drives a calibration whose runs draw their numbers seed by seed.
 */
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitIncidents } from '../src/analysis/fit.js';
import { crossValidate } from '../src/analysis/crossValidate.js';
import { observationDistance } from '../src/analysis/fitDistance.js';
import { filesAt } from '../src/assumptions/space.js';
import { incidentSpace } from '../src/analysis/calibrate.js';
import { intervalSamples } from '../src/analysis/calibrationTask.js';
import { compileModel } from '../src/model/compile.js';
import { REFERENCE, reference } from './helpers.js';
import { loadPosterior, type Posterior } from '../src/assumptions/posterior.js';
import { assumptionRegister } from '../src/scenario/register.js';
import { runCommand } from './command.js';

const dir = mkdtempSync(join(tmpdir(), 'rungs-fit-'));
symlinkSync(resolve('scenarios/c2'), join(dir, 'c2'));

const IDENTIFICATION = 'reporting.identification.lognormal.median';
const JCG = 'organisations[jp.jcg].processing.lognormal.median';
/** The values the synthetic record is generated at (minutes), inside the registered ranges. */
const TRUTH = new Map([
  [IDENTIFICATION, 300],
  [JCG, 45],
]);

/** Removes every `calibrate: true` mark except those on the two numbers fitted here. */
function onlyTwoCalibratable(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      /identification\.lognormal\.median|id: jp\.jcg,/.test(line)
        ? line
        : line.replace(/calibrate: true, |, calibrate: true/g, ''),
    )
    .join('\n');
}

const base = join(dir, 'base.yaml');
writeFileSync(base, onlyTwoCalibratable(readFileSync(REFERENCE, 'utf8')));

/** The Noto incident on the test's base, observing only what depends on the two numbers. */
function notoOn(file: string, observed: Record<string, string>): void {
  const data = parse(readFileSync('scenarios/incidents/noto-1999.yaml', 'utf8')) as {
    extends: string;
    id: string;
    horizon: string;
    observed: { intervals: Array<{ id: string; observed: unknown }> };
  };
  data.extends = base;
  data.id = file.replace(/.*\//, '').replace('.yaml', '');
  data.horizon = '1d';
  data.observed.intervals = data.observed.intervals
    .filter((i) => i.id in observed)
    .map((i) => ({ ...i, observed: observed[i.id] }));
  writeFileSync(file, stringify(data));
}

/** Synthetic incidents: each run of the model at the true values, on its own seed, is one record. */
function syntheticRecords(count: number): string[] {
  const template = join(dir, 'template.yaml');
  notoOn(template, { sightingToCoastGuard: '1h', flightToDeclaration: '1h' });
  const space = incidentSpace(template);
  const { scenario, designs } = filesAt(space, TRUTH);
  const model = compileModel(scenario, designs[0]!);
  return Array.from({ length: count }, (_, k) => {
    const [identified, declared] = intervalSamples(model, [1000 + k]).map((s) => s[0]!);
    const file = join(dir, `synthetic-${k}.yaml`);
    notoOn(file, {
      sightingToCoastGuard: `${Math.round(identified!)}m`,
      flightToDeclaration: `${Math.round(declared!)}m`,
    });
    return file;
  });
}

describe('the distance of a run from the record', () => {
  const h = (hours: number) => Math.log1p(hours);
  it('compares lengths on a signed log scale of hours, windows to their nearer end, censored ones only when closed before T', () => {
    expect(observationDistance(120, 60, 1440)).toBeCloseTo(h(2) - h(1), 12);
    expect(observationDistance(60, -60, 1440)).toBeCloseTo(2 * h(1), 12);
    expect(observationDistance(60, undefined, 1440)).toBeCloseTo(h(24) - h(1), 12);
    expect(observationDistance({ between: [60, 180] }, 120, 1440)).toBe(0);
    expect(observationDistance({ between: [60, 180] }, 240, 1440)).toBeCloseTo(h(4) - h(3), 12);
    expect(observationDistance({ notWithin: 600 }, Infinity, 1440)).toBe(0);
    expect(observationDistance({ notWithin: 600 }, 900, 1440)).toBe(0);
    expect(observationDistance({ notWithin: 600 }, 300, 1440)).toBeCloseTo(h(10) - h(5), 12);
  });
});

describe('the committed posterior (calibration/posterior.json)', () => {
  it('fits the numbers the reference register marks calibratable today, to incidents that exist', () => {
    const { posterior } = loadPosterior('calibration/posterior.json');
    const marked = assumptionRegister(reference.scenario, [])
      .filter((a) => a.calibratable)
      .map((a) => a.id)
      .sort();
    expect(posterior.parameters.map((p) => p.id).sort()).toEqual(marked);
    for (const d of posterior.data) expect(existsSync(d.file), d.file).toBe(true);
    expect(posterior.samples.length).toBeGreaterThan(100);
  });
});

describe('calibrate --fit', () => {
  let records: string[];
  let posterior: Posterior;
  beforeAll(async () => {
    records = syntheticRecords(4);
    posterior = await fitIncidents(records, { particles: 150, seed: 5, workers: 2 });
  }, 240_000);

  it('recovers the values a synthetic record was generated at, inside their posterior 90% intervals', () => {
    expect(posterior.parameters.map((p) => p.id).sort()).toEqual([JCG, IDENTIFICATION].sort());
    for (const [id, truth] of TRUTH) {
      const interval = posterior.intervals.find((i) => i.id === id)!;
      expect(interval.low, id).toBeLessThanOrEqual(truth);
      expect(interval.high, id).toBeGreaterThanOrEqual(truth);
    }
  });

  it('learns from the record: the identification delay, observed directly, is narrowed well inside its prior', () => {
    const prior = posterior.parameters.find((p) => p.id === IDENTIFICATION)!;
    const interval = posterior.intervals.find((i) => i.id === IDENTIFICATION)!;
    expect(Math.log(interval.high / interval.low)).toBeLessThan(
      0.75 * Math.log(prior.high / prior.low),
    );
    expect(posterior.ess).toBeGreaterThan(20);
    expect(posterior.data.map((d) => d.observations.length)).toEqual([2, 2, 2, 2]);
  });

  it('gives the same posterior on one worker as on two, from its seed alone', async () => {
    const options = { particles: 40, seed: 9, maxGenerations: 2 };
    const one = await fitIncidents(records.slice(0, 2), { ...options, workers: 1 });
    const two = await fitIncidents(records.slice(0, 2), { ...options, workers: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    const other = await fitIncidents(records.slice(0, 2), { ...options, seed: 10, workers: 2 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(one));
  }, 120_000);

  it('writes posterior.json and calibrates under it; --posterior reads it back to the same verdicts and records its hash', () => {
    const out = join(dir, 'fit-out');
    const args = [...records.slice(0, 2), '--particles', '30', '--seeds', '1..40'];
    const fitted = runCommand('calibrate', [...args, '--fit', '--out', out]);
    expect([0, 1]).toContain(fitted.status);
    const calibration = JSON.parse(readFileSync(join(out, 'calibration.json'), 'utf8')) as {
      posterior: { sha256: string };
      summary: unknown;
    };
    const again = runCommand('calibrate', [
      ...records.slice(0, 2),
      '--seeds',
      '1..40',
      '--posterior',
      join(out, 'posterior.json'),
      '--json',
    ]);
    const read = JSON.parse(again.stdout) as typeof calibration;
    expect(read.summary).toEqual(calibration.summary);
    expect(read.posterior.sha256).toBe(calibration.posterior.sha256);
    expect(read.posterior.sha256).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

  it('--cross-validate predicts each incident from a fit that did not see it', async () => {
    const held = await crossValidate(records.slice(0, 3), [1, 2, 3, 4, 5, 6, 7, 8], {
      fit: { particles: 30, maxGenerations: 1, seed: 2, workers: 2 },
      calibration: { workers: 2 },
    });
    expect(held.map((h) => h.calibration.scenario)).toEqual([
      'synthetic-0',
      'synthetic-1',
      'synthetic-2',
    ]);
    for (const h of held) {
      expect(h.fittedTo).toHaveLength(2);
      expect(h.fittedTo).not.toContain(h.calibration.scenario);
      expect(h.calibration.intervals.map((i) => i.id)).toEqual([
        'sightingToCoastGuard',
        'flightToDeclaration',
      ]);
    }
  }, 120_000);

  it('refuses a posterior file that is not one, naming the file and path (exit 2)', () => {
    const bad = join(dir, 'bad-posterior.json');
    writeFileSync(bad, JSON.stringify({ format: 'rungs-posterior/1', parameters: [] }));
    const out = runCommand('calibrate', [records[0]!, '--seeds', '1..5', '--posterior', bad]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`${bad}: parameters`);
  }, 60_000);
});
