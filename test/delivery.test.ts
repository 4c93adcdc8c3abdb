/**
 * News reaches an actor only when its state can be moved by it, and every actor is brought up to
 * date before any other event reaches it. That must give exactly the runs in which every update
 * reaches every actor: the check that no guard reads stale knowledge.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulation.js';
import { xstateRuntimes } from '../src/engine/runtime.js';
import { bundledDesigns, referenceModel, seeds } from './helpers.js';

describe('filtered delivery of news', () => {
  it.each(bundledDesigns())(
    '%s: the same traces as delivering every update to every actor, on 500 seeds',
    (design) => {
      const model = referenceModel(design);
      const differing = seeds(500).filter(
        (seed) =>
          simulate(model, { seed }).traceHash !==
          simulate(model, { seed, delivery: 'full' }).traceHash,
      );
      expect(differing).toEqual([]);
    },
  );

  it('reads the knowledge of the moment when the Diet votes down an order in force', () => {
    const model = referenceModel('parallel');
    let votedDown = 0;
    for (const seed of seeds(500)) {
      const trace = simulate(model, { seed, keepTrace: true }).trace!;
      trace.forEach((e, i) => {
        if (e.event !== 'DIET' || !e.from.includes('/inForce') || e.to.includes('/inForce')) return;
        votedDown++;
        // stale knowledge showed as an order withdrawn, then at once sent back to dormant by news it should already have had
        const next = trace[i + 1];
        const stale =
          e.to.endsWith('/withdrawn') &&
          next !== undefined &&
          next.t === e.t &&
          next.from === e.to &&
          next.to.endsWith('/dormant');
        expect(stale, `seed ${seed}: ${e.from} -> ${e.to}`).toBe(false);
      });
    }
    expect(votedDown).toBeGreaterThan(0);
  });

  it.each(bundledDesigns())(
    '%s: every event delivered carries only the fields the memo keys on',
    (design) => {
      const model = referenceModel(design);
      const runtimes = () => xstateRuntimes(model, { checkEvents: true });
      for (const seed of seeds(100))
        expect(simulate(model, { seed, runtimes }).traceHash).toBe(
          simulate(model, { seed }).traceHash,
        );
    },
  );
});
