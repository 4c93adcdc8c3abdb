/**
 * Consultation that can stall or fail: a capital may object and ask for changes in any round;
 * objections in several rounds in a row break the consensus down, and the capitals try again later.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadDesign, parseScenario } from '../src/scenario/load.js';
import { compileModel } from '../src/model/compile.js';
import { simulate } from '../src/engine/simulation.js';
import { REFERENCE, referenceModel, seeds } from './helpers.js';

/** acm-2015 on the reference with its consensus block changed (or removed). */
function acmWith(change: (consensus: any, data: any) => void) {
  const d = parse(readFileSync(REFERENCE, 'utf8'));
  change(d.consensus, d);
  const { scenario } = parseScenario(d, 'consensus.yaml');
  return compileModel(scenario, loadDesign('scenarios/c2/acm-2015.yaml', scenario).design);
}

const consultEntries = (trace: readonly { kind: string; to: string }[], to: string) =>
  trace.filter((e) => e.kind === 'consult' && e.to === to).length;

describe('a consensus between the capitals', () => {
  it('with no objections is the consultation without the block (the same runs)', () => {
    const never = acmWith((c) => (c.objection.probability = 0));
    const without = acmWith((_, d) => delete d.consensus);
    for (const seed of seeds(50))
      expect(simulate(never, { seed }).traceHash).toBe(simulate(without, { seed }).traceHash);
  });

  it('stalls in about the share of rounds the objection probability implies: two capitals on an alliance decision, the deciding one on a national decision', () => {
    const model = referenceModel('acm-2015');
    const p = model.scenario.consensus!.objection.probability;
    const rounds = { alliance: { agreed: 0, objected: 0 }, national: { agreed: 0, objected: 0 } };
    for (const seed of seeds(300)) {
      for (const e of simulate(model, { seed, keepTrace: true }).trace!) {
        if (e.kind !== 'consult') continue;
        const tally = rounds[e.event.startsWith('alliance.') ? 'alliance' : 'national'];
        if (e.to === 'settled') tally.agreed++;
        if (e.to === 'objected' || e.to === 'brokeDown') tally.objected++;
      }
    }
    for (const [kind, expected] of [
      ['alliance', 1 - (1 - p) ** 2],
      ['national', p],
    ] as const) {
      const { agreed, objected } = rounds[kind];
      const n = agreed + objected;
      expect(n, kind).toBeGreaterThan(300);
      expect(Math.abs(objected / n - expected), kind).toBeLessThan(
        3 * Math.sqrt((expected * (1 - expected)) / n),
      );
    }
  });

  it('that always breaks down never lets a consulted decision through, and the run still ends at the horizon', () => {
    const model = acmWith((c) => {
      c.objection.probability = 1;
      c.breakdown.afterRounds = 2;
      c.ranges = {};
      delete c.inference;
    });
    for (const seed of seeds(40)) {
      const result = simulate(model, { seed, keepTrace: true });
      const trace = result.trace!;
      expect(
        result.decisions.find((d) => d.id === 'alliance.coordinatedResponse')!.decidedAt,
        `seed ${seed}`,
      ).toBeUndefined();
      if (trace.some((e) => e.kind === 'consult' && e.to === 'started'))
        expect(consultEntries(trace, 'brokeDown')).toBeGreaterThan(0);
      expect(consultEntries(trace, 'settled')).toBe(0);
    }
  });
});
