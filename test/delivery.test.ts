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
  it.each(bundledDesigns())('%s: the same traces as delivering every update to every actor, on 500 seeds', (design) => {
    const model = referenceModel(design);
    const differing = seeds(500).filter((seed) => simulate(model, { seed }).traceHash !== simulate(model, { seed, delivery: 'full' }).traceHash);
    expect(differing).toEqual([]);
  });

  it('reads the knowledge of the moment when the Diet votes down an order (parallel, seed 269)', () => {
    const { trace } = simulate(referenceModel('parallel'), { seed: 269, keepTrace: true });
    const votedDown = trace!.filter((e) => e.event === 'DIET' && e.from.startsWith('jp.publicSecurity/inForce') && !e.to.startsWith('jp.publicSecurity/inForce'));
    expect(votedDown.length).toBeGreaterThan(0);
    // the rung that triggered the order is long past: the order goes straight back to dormant,
    // not to `withdrawn` until news that was already known arrives
    for (const e of votedDown) expect(e.to).toBe('jp.publicSecurity/dormant');
  });

  it.each(bundledDesigns())('%s: every event delivered carries only the fields the memo keys on', (design) => {
    const model = referenceModel(design);
    const runtimes = () => xstateRuntimes(model, { checkEvents: true });
    for (const seed of seeds(100)) expect(simulate(model, { seed, runtimes }).traceHash).toBe(simulate(model, { seed }).traceHash);
  });
});
