/**
 * Bounded runs: scenarios that would never finish (zero-time loops, huge horizons, values that
 * are not finite numbers) are refused by validation, each error naming file, path and expectation.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { RUN_LIMITS } from '../src/scenario/schema.js';
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

const dir = tempDir();
const RUNGS = ['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9'];

const allDwellsZero: BadFile[] = RUNGS.map((rung) => ({
  name: 'all-dwells-zero',
  text: referenceWith((d) => {
    for (const r of Object.values(d.adversary.rungs) as Array<{ dwell: unknown }>) r.dwell = 0;
  }),
  path: `adversary.rungs.${rung}.dwell`,
  says: /delay that can be more than zero: holding is always possible .* choose again at the same simulated instant/,
}));

const cases: BadFile[] = [
  {
    name: 'one-dwell-zero',
    text: referenceWith(
      (d) => (d.adversary.rungs.R9.dwell = { uniform: { min: '0h', max: '0d' } }),
    ),
    path: 'adversary.rungs.R9.dwell',
    says: /delay that can be more than zero/,
  },
  {
    name: 'reconsider-zero',
    text: referenceWith((d) => (d.decisions[2].approve.reconsider = { fixed: '0m' })),
    path: 'decisions[2].approve.reconsider',
    says: /deferred decision would be taken again at the same simulated instant/,
  },
  {
    name: 'meets-every-zero',
    text: referenceWith(
      (d) => (d.organisations[1].meets = { every: 0, processing: '1h', source: 'test' }),
    ),
    path: 'organisations[1].meets.every',
    says: /positive duration: a meeting every 0 minutes/,
  },
  {
    name: 'interagency-every-zero',
    text: referenceWith((d) => (d.optionEffects.interagencyMeeting.every = '0.0d')),
    path: 'optionEffects.interagencyMeeting.every',
    says: /positive duration/,
  },
  {
    name: 'huge-horizon',
    text: referenceWith((d) => (d.horizon = '99999999d')),
    path: 'horizon',
    says: /expected at most limits\.horizon \(365d\), got 99999999d/,
  },
  {
    name: 'horizon-limit-too-large',
    text: referenceWith((d) => (d.limits = { horizon: '3651d' })),
    path: 'limits.horizon',
    says: /at most 3650d/,
  },
  {
    name: 'event-budget-zero',
    text: referenceWith((d) => (d.limits = { eventsPerRun: 0 })),
    path: 'limits.eventsPerRun',
    says: /at least 1 event/,
  },
  {
    name: 'event-budget-too-large',
    text: referenceWith((d) => (d.limits = { eventsPerRun: 100_000_001 })),
    path: 'limits.eventsPerRun',
    says: /at most 100,000,000 events/,
  },
  {
    name: 'overflowing-duration',
    text: referenceWith((d) => (d.reporting.japan = { fixed: `${'9'.repeat(400)}h` })),
    path: 'reporting.japan',
    says: /finite duration/,
  },
  {
    name: 'infinite-number',
    text: referenceWith((d) => (d.adversary.deterrence = Infinity)),
    path: 'adversary.deterrence',
    says: /expected number, received Infinity/,
  },
  {
    name: 'nan-probability',
    text: referenceWith((d) => (d.adversary.rungs.R3.advance = NaN)),
    path: 'adversary.rungs.R3.advance',
    says: /expected number, received NaN/,
  },
  {
    name: 'nan-duration',
    text: referenceWith((d) => (d.links.withinSide = NaN)),
    path: 'links.withinSide',
    says: /expected number, received NaN|duration/,
  },
  {
    name: 'idle-rung',
    text: referenceWith((d) => (d.ladder.rungs[3].id = 'idle')),
    path: 'ladder.rungs[3].id',
    says: /rung id other than "idle"/,
  },
  {
    name: 'overflowing-posture',
    text: referenceWith((d) => (d.adversary.posture = { 'jp.mso': 1e308, 'us.fdo': 1e308 })),
    path: 'adversary.posture',
    says: /finite total/,
  },
];

describe('scenarios that would never finish', () => {
  it('are refused by validate, naming the file, the path and what was expected, exit 2', () => {
    const [zeroFile] = writeCases(dir, allDwellsZero.slice(0, 1));
    const files = writeCases(dir, cases);
    const cli = runCommand('validate', [zeroFile!, ...files]);
    expectNamed(
      cli,
      [...allDwellsZero.map(() => zeroFile!), ...files],
      [...allDwellsZero, ...cases],
    );
    expect(cli.stdout).toBe('');
  }, 30_000);

  it('refuses a design organisation that meets every 0 minutes', () => {
    const design = parse(readFileSync('scenarios/c2/bcm-1997.yaml', 'utf8')) as Record<string, any>;
    design.organisations[0].meets = { every: '0h', processing: '2h', source: 'test' };
    const file = join(dir, 'design-meets-zero.yaml');
    writeFileSync(file, stringify(design));
    const cli = runCommand('validate', ['--scenario', REFERENCE, file]);
    expectNamed(
      cli,
      [file],
      [
        {
          name: 'design-meets-zero',
          text: () => '',
          path: 'organisations[0].meets.every',
          says: /positive duration/,
        },
      ],
    );
  }, 30_000);
});

describe('limits', () => {
  it('take their defaults when the scenario leaves them out, and the reference states the defaults', () => {
    const d = referenceData();
    delete d.limits;
    const parsed = parseScenario(d, 'no-limits.yaml').scenario;
    expect(parsed.limits).toEqual({ eventsPerRun: 1_000_000, horizon: 365 * 24 * 60 });
    expect(RUN_LIMITS.eventsPerRun.default).toBe(1_000_000);
    const partial = parseScenario({ ...d, limits: { horizon: '30d' } }, 'partial.yaml').scenario;
    expect(partial.limits).toEqual({ eventsPerRun: 1_000_000, horizon: 30 * 24 * 60 });
    expect(parseScenario(referenceData(), REFERENCE).scenario.limits).toEqual(parsed.limits);
  });

  it('let a scenario run longer than a year when it raises limits.horizon', () => {
    const d = referenceData();
    const longer = parseScenario(
      { ...d, horizon: '800d', limits: { horizon: '1000d' } },
      'long.yaml',
    ).scenario;
    expect(longer.horizon).toBe(800 * 1440);
  });

  it('accept a dwell that can be zero but is not always zero', () => {
    const d = referenceData();
    d.adversary.rungs.R4.dwell = { uniform: { min: 0, max: '2h' } };
    // the register's ranges were of the lognormal's median and p90
    delete d.adversary.ranges['rungs.R4.dwell.lognormal.median'];
    delete d.adversary.ranges['rungs.R4.dwell.lognormal.p90'];
    expect(parseScenario(d, 'ok.yaml').scenario.adversary.rungs.R4!.dwell).toEqual({
      uniform: { min: 0, max: 120 },
    });
  });
});
