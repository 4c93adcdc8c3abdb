/**
 * Decisions overtaken by events, decisions of one nation, and a Diet's rejection, checked on the
 * traces of many runs.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulation.js';
import { bundledDesigns, referenceModel, seeds } from './helpers.js';

const traces = (design: string, n = 300) =>
  seeds(n).map((seed) => ({
    seed,
    trace: simulate(referenceModel(design), { seed, keepTrace: true }).trace!,
  }));

describe('decisions overtaken by events', () => {
  it.each(bundledDesigns())(
    '%s: a decision closed as overtaken is never answered again until it is staffed anew',
    (design) => {
      let overtaken = 0;
      for (const { seed, trace } of traces(design)) {
        const closed = new Set<string>();
        for (const e of trace) {
          if (e.kind === 'decision' && e.to === 'overtaken') {
            overtaken++;
            closed.add(e.event);
          } else if (e.kind === 'state' && e.to.endsWith('/staffing'))
            closed.delete(e.to.slice(0, -'/staffing'.length));
          else if (e.kind === 'decision' && (e.cause === 'approve' || e.cause === 'diet')) {
            const decision = e.event.replace(/(\.diet)?#\d+$/, '');
            expect(
              closed.has(decision),
              `seed ${seed}: ${e.event} answered after it was overtaken`,
            ).toBe(false);
          }
        }
      }
      expect(overtaken).toBeGreaterThan(0);
    },
  );
});

describe('metrics of closed decisions', () => {
  it('count each closure and measure latency from the trigger of the round that was decided', () => {
    const model = referenceModel('parallel');
    let closures = 0;
    for (const seed of seeds(200)) {
      const result = simulate(model, { seed, keepTrace: true });
      const trace = result.trace!;
      for (const d of result.decisions) {
        const closed = trace.filter(
          (e) =>
            e.kind === 'decision' &&
            e.event === d.id &&
            (e.to === 'overtaken' || e.to === 'rejected'),
        ).length;
        expect(d.closed, `seed ${seed} ${d.id}`).toBe(closed);
        closures += closed;
        if (d.decidedAt === undefined || d.standing) continue;
        const lastTrigger = trace
          .filter((e) => e.kind === 'state' && e.from === `${d.id}/dormant` && e.t <= d.decidedAt!)
          .at(-1);
        expect(d.triggeredAt, `seed ${seed} ${d.id}`).toBe(lastTrigger?.t);
      }
    }
    expect(closures).toBeGreaterThan(0);
  });
});

describe('decisions of one nation', () => {
  it('never pass through the bilateral body, while other operational decisions do (acm-2015, standing mechanism)', () => {
    const consulted = new Set<string>();
    for (const { trace } of traces('acm-2015', 200))
      for (const e of trace) if (e.kind === 'consult') consulted.add(e.event);
    const model = referenceModel('acm-2015');
    const national = model.decisions.filter((d) => d.national).map((d) => d.id);
    expect(national.sort()).toEqual([
      'jp.airspaceMeasures',
      'jp.assetProtection',
      'jp.disclosure',
      'jp.protest',
      'us.assetProtectionRequest',
      'us.jtf',
    ]);
    for (const id of national) expect(consulted.has(id), id).toBe(false);
    expect(
      [...consulted].some((id) => model.decisionsById.get(id)?.category === 'operational'),
    ).toBe(true);
  });
});

describe("the Diet's rejection", () => {
  it('is final for that order: no second vote on it before its reason lapses', () => {
    let rejected = 0;
    // the Diet votes down its first prior vote on each order (a vote after the order withdraws it instead)
    const script = new Map([
      ['jp.defenseOperation.diet#1', 'reject'],
      ['jp.survivalThreatening.diet#1', 'reject'],
    ]);
    const runs = seeds(300).map((seed) => ({
      seed,
      trace: simulate(referenceModel('parallel'), { seed, script, keepTrace: true }).trace!,
    }));
    for (const { seed, trace } of runs) {
      const closed = new Set<string>();
      for (const e of trace) {
        if (e.kind === 'decision' && e.to === 'rejected') {
          rejected++;
          closed.add(e.event);
        } else if (e.kind === 'state' && e.to.endsWith('/dormant'))
          closed.delete(e.to.slice(0, -'/dormant'.length));
        else if (e.kind === 'decision' && e.cause === 'diet')
          expect(closed.has(e.event.replace(/\.diet#\d+$/, '')), `seed ${seed}: ${e.event}`).toBe(
            false,
          );
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });
});
