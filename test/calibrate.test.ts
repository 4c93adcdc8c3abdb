/** Calibration against history: where an observation falls in the model's distribution, and the command's verdict. */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { calibrateIncident } from '../src/analysis/calibrate.js';
import { midRankPercentile } from '../src/stats/ranks.js';
import { parseScenario, loadDesign } from '../src/scenario/load.js';
import { compileModel } from '../src/model/compile.js';
import { simulate } from '../src/engine/simulation.js';
import { quantile } from '../src/stats/quantile.js';
import { REFERENCE, seeds } from './helpers.js';
import { runCommand } from './command.js';

const dir = mkdtempSync(join(tmpdir(), 'rungs-calibrate-'));
symlinkSync(resolve('scenarios/c2'), join(dir, 'c2'));

/** The reference scenario as an incident whose one observed interval runs from rung R4's entry to the MSO order. */
function incident(observed: string): Record<string, unknown> {
  const data = parse(readFileSync(REFERENCE, 'utf8')) as Record<string, unknown>;
  return {
    ...data,
    id: 'test-incident',
    observed: {
      design: 'parallel',
      events: [{ at: 'day 0 00:00', what: 'a test event', source: '[WP2000]' }],
      intervals: [
        {
          id: 'r4ToMso',
          label: 'R4 to the MSO order',
          from: { rung: 'R4' },
          to: { decision: 'jp.mso' },
          observed,
          source: '[WP2000]',
        },
      ],
    },
  };
}

function write(name: string, observed: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(incident(observed)));
  return file;
}

describe('calibration of an incident', () => {
  const { scenario } = parseScenario(incident('5h'), 'test-incident.yaml');
  const model = compileModel(scenario, loadDesign('scenarios/c2/parallel.yaml', scenario).design);

  it('places the observation among intervals measured independently from the traces, on any number of workers', async () => {
    const runs = seeds(120);
    const intervals: number[] = [];
    for (const seed of runs) {
      const trace = simulate(model, { seed, keepTrace: true }).trace!;
      const r4 = trace.find((e) => e.actor === 'ladder' && e.to === 'R4');
      if (!r4) continue;
      const mso = trace.find(
        (e) =>
          e.t >= r4.t &&
          e.kind === 'state' &&
          e.to.startsWith('jp.mso/inForce') &&
          !e.from.startsWith('jp.mso/inForce'),
      );
      intervals.push(mso ? mso.t - r4.t : Infinity);
    }
    const [check] = (await calibrateIncident(model, runs, { workers: 2 })).intervals;
    expect((await calibrateIncident(model, runs, { workers: 1 })).intervals).toEqual([check]);
    expect(check!.runs).toBe(intervals.length);
    const finite = intervals.filter(Number.isFinite).sort((a, b) => a - b);
    expect(check!.unclosed).toBe(intervals.length - finite.length);
    if (check!.unclosed === 0) {
      expect(check!.p10).toBeCloseTo(quantile(finite, 0.1), 9);
      expect(check!.p50).toBeCloseTo(quantile(finite, 0.5), 9);
      expect(check!.p90).toBeCloseTo(quantile(finite, 0.9), 9);
    }
    const below = intervals.filter((v) => v < 300).length;
    expect(check!.percentileLow).toBeCloseTo((100 * below) / intervals.length, 9);
  });

  it('counts ties as half (mid-rank)', () => {
    expect(midRankPercentile([1, 2, 2, 3], 2)).toBe(50);
    expect(midRankPercentile([1, 2, 3, 4], 0)).toBe(0);
    expect(midRankPercentile([1, 2, 3, Infinity], 10)).toBe(75);
  });
});

describe('npm run calibrate', () => {
  const run = (...args: string[]) => runCommand('calibrate', args);
  const { scenario } = parseScenario(incident('5h'), 'test-incident.yaml');
  const model = compileModel(scenario, loadDesign('scenarios/c2/parallel.yaml', scenario).design);
  let median: number;
  beforeAll(async () => {
    median = (await calibrateIncident(model, seeds(100), { workers: 2 })).intervals[0]!.p50;
  });

  it('passes (exit 0) when the observation lies inside the band, and says so as data with --json', () => {
    const file = write('inside', `${Math.round(median)}m`);
    const out = run(file, '--seeds', '1..100', '--json');
    expect(out.status, out.stderr).toBe(0);
    const json = JSON.parse(out.stdout) as {
      incidents: Array<{ intervals: Array<{ id: string; inBand: boolean; percentile: number }> }>;
      outside: string[];
    };
    expect(json.outside).toEqual([]);
    expect(json.incidents[0]!.intervals[0]).toMatchObject({ id: 'r4ToMso', inBand: true });
  }, 30_000);

  it('fails (exit 1) and names the interval when the observation is moved outside the band', () => {
    const file = write('outside', '1m');
    const out = run(file, '--seeds', '1..100');
    expect(out.status, out.stderr).toBe(1);
    expect(out.stdout).toMatch(
      /\| R4 to the MSO order \| 1m \|.*\| \*\*outside: model slower\*\* \|/,
    );
    expect(out.stdout).toMatch(/outside: test-incident r4ToMso \(model slower\)/);
  }, 30_000);

  it('writes an HTML report with a chart per incident, marking the observation outside the band', () => {
    const file = write('outside-html', '1m');
    const html = join(dir, 'calibration.html');
    const out = run(file, '--seeds', '1..100', '--html', html);
    expect(out.status, out.stderr).toBe(1);
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<figure class="chart" data-chart="calibration-\d+">/g)).toHaveLength(1);
    expect(page).toContain('outside the band');
    expect(page).toContain('<td>R4 to the MSO order</td><td>1m</td>');
  }, 30_000);

  it('refuses an observed interval naming an unknown decision, with file and path (exit 2)', () => {
    const data = incident('1h') as { observed: { intervals: Array<{ to: unknown }> } };
    data.observed.intervals[0]!.to = { decision: 'jp.nothing' };
    const file = join(dir, 'unknown.yaml');
    writeFileSync(file, stringify(data));
    const out = run(file, '--seeds', '1..5');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`error: ${file}: observed.intervals[0].to.decision: `);
  }, 30_000);
});
