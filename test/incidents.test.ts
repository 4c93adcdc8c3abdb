/**
 * The bundled historical incidents and their counterfactuals: the reference's shared numbers
 * reproduce the record, a moved observation fails, and each reform's gain is what its mechanism
 * implies, measured from the runs themselves.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { calibrateIncident, counterfactualGain, loadIncident } from '../src/analysis/calibrate.js';
import type { Model } from '../src/model/compile.js';
import { simulate } from '../src/engine/simulation.js';
import { seeds } from './helpers.js';
import { runCommand } from './command.js';

const INCIDENTS = 'scenarios/incidents';
const SEEDS = seeds(300);

const incidentModel = (file: string): Model => loadIncident(file).model;

const noto = incidentModel(`${INCIDENTS}/noto-1999.yaml`);
const han = incidentModel(`${INCIDENTS}/han-2004.yaml`);

describe('the bundled historical incidents', () => {
  it.each([noto, han])(
    "$scenario.id lies inside the 10–90% band with the reference's shared numbers",
    async (model) => {
      for (const interval of (await calibrateIncident(model, SEEDS, { workers: 2 })).intervals) {
        expect(interval.inBand, `${interval.id}: percentile ${interval.percentile}`).toBe(true);
        expect(interval.runs).toBe(SEEDS.length);
      }
    },
  );

  it('fail when an observation is moved outside the band (exit 1 from npm run calibrate)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rungs-incidents-'));
    const moved = join(dir, 'noto-moved.yaml');
    writeFileSync(
      moved,
      stringify({
        extends: resolve(INCIDENTS, 'noto-1999.yaml'),
        id: 'noto-moved',
        observed: { intervals: [{ id: 'jcgToOrder', observed: '3d' }] },
      }),
    );
    const result = runCommand('calibrate', [moved, '--seeds', '1..200']);
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/outside the band: noto-moved: jcgToOrder/);
    const inside = runCommand('calibrate', ['--seeds', '1..200']);
    expect(inside.status, inside.stdout + inside.stderr).toBe(0);
    expect(inside.stdout).toMatch(/han-2004-order-at-once: .*\(against han-2004/);
  }, 60_000);

  it('Noto: the Cabinet and the Prime Minister stand by, and approve only once the Coast Guard has declared', () => {
    let convenedFirst = 0;
    for (const seed of SEEDS) {
      const trace = simulate(noto, { seed, keepTrace: true }).trace!;
      const declared = trace.find(
        (e) => e.kind === 'state' && e.to === 'jp.jcgCannotCope/inForce',
      )?.t;
      const standingBy = trace.find((e) => e.kind === 'state' && e.to === 'jp.mso/standingBy')?.t;
      const approving = trace.find((e) => e.kind === 'state' && e.to === 'jp.mso/approving')?.t;
      const cabinetDone = trace.find(
        (e) => e.kind === 'step' && e.actor === 'jp.cabinet' && e.event === 'jp.mso',
      )?.t;
      const pmDone = trace.find(
        (e) => e.kind === 'step' && e.actor === 'jp.pm' && e.event === 'jp.mso',
      )?.t;
      if (declared === undefined) continue;
      // staff work that reached the Cabinet before the declaration stands by until it; later staff work goes straight on
      if (standingBy !== undefined && standingBy < declared)
        expect(approving, `seed ${seed}`).toBe(declared);
      else expect(approving, `seed ${seed}`).toBeUndefined();
      if (pmDone !== undefined) expect(pmDone, `seed ${seed}`).toBeGreaterThanOrEqual(declared);
      if (cabinetDone! < declared) convenedFirst++;
    }
    // the boats were pursued for 17 hours before they outran the Coast Guard: ministers were nearly always ready
    expect(convenedFirst / SEEDS.length).toBeGreaterThan(0.8);
  });

  it('Noto has no submarine and Han one: the MSO against a submerged submarine is staffed only where a rung carries it', () => {
    for (const seed of seeds(50)) {
      const staffed = (model: Model) =>
        simulate(model, { seed, keepTrace: true }).trace!.some(
          (e) => e.kind === 'state' && e.to === 'jp.msoSubmarine/staffing',
        );
      expect(staffed(noto), `noto seed ${seed}`).toBe(false);
      expect(staffed(han), `han seed ${seed}`).toBe(true);
    }
  });
});

describe('the counterfactuals', () => {
  it('Han 2004 under the 2005 order-at-once policy: faster exactly in the runs where the Prime Minister first deferred, never slower', async () => {
    const withPolicy = incidentModel(`${INCIDENTS}/han-2004-order-at-once.yaml`);
    const gain = (await counterfactualGain(han, withPolicy, 'order at once', SEEDS, { workers: 2 }))
      .intervals[0]!;
    const deferredFirst = SEEDS.filter(
      (seed) =>
        simulate(han, { seed }).answers.find((a) => a.point === 'jp.msoSubmarine#1')?.answer ===
        'defer',
    ).length;
    expect(gain.closed).toBe(SEEDS.length);
    expect(gain.slower).toBe(0);
    expect(gain.faster * SEEDS.length).toBe(deferredFirst);
    expect(gain.meanUpper).toBeLessThan(0);
  });

  it('Noto 1999 with the telephone Cabinet: never slower, faster only where the Cabinet had not yet convened when the Coast Guard declared', async () => {
    const withPhone = incidentModel(`${INCIDENTS}/noto-1999-telephone-cabinet.yaml`);
    const gain = (
      await counterfactualGain(noto, withPhone, 'telephone Cabinet', SEEDS, { workers: 2 })
    ).intervals[0]!;
    const notYetConvened = SEEDS.filter((seed) => {
      const trace = simulate(noto, { seed, keepTrace: true }).trace!;
      const declared = trace.find(
        (e) => e.kind === 'state' && e.to === 'jp.jcgCannotCope/inForce',
      )?.t;
      const cabinetDone = trace.find(
        (e) => e.kind === 'step' && e.actor === 'jp.cabinet' && e.event === 'jp.mso',
      )?.t;
      return declared !== undefined && cabinetDone !== undefined && cabinetDone > declared;
    }).length;
    expect(gain.slower).toBe(0);
    expect(gain.faster * gain.closed).toBeGreaterThan(0);
    expect(gain.faster * gain.closed).toBeLessThanOrEqual(notYetConvened);
  });
});
