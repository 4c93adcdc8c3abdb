import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulation.js';
import { xstateRuntime, xstateRuntimes } from '../src/engine/runtime.js';
import { memoize, type MemoStats } from '../src/engine/memo.js';
import { compileModel } from '../src/model/compile.js';
import { createKnowledgeStore } from '../src/model/knowledge.js';
import { bundledDesigns, reference, referenceModel, seeds } from './helpers.js';
import { createActor, type AnyStateMachine } from 'xstate';
import { SimulatedClock } from '../src/engine/clock.js';

const withoutMemo = (m: Parameters<typeof xstateRuntimes>[0]) => xstateRuntimes(m, { memo: false });

describe('transitions reused across runs', () => {
  it('gives every design the same runs as computing each transition afresh', () => {
    for (const design of bundledDesigns()) {
      const model = referenceModel(design);
      for (const seed of seeds(150)) {
        const fresh = simulate(model, { seed, runtimes: withoutMemo });
        const reused = simulate(model, { seed });
        expect(reused.traceHash, `${design} seed ${seed}`).toBe(fresh.traceHash);
        expect(reused.decisions).toEqual(fresh.decisions);
      }
    }
  }, 60_000);

  it('finds nearly every transition once warm, and never remembers more than its budget', () => {
    const design = compileModel(reference.scenario, referenceModel('acm-2015').design);
    const budget = 1_500;
    const runtimes = (m: typeof design) => xstateRuntimes(m, { budget });
    for (const seed of seeds(400)) simulate(design, { seed, runtimes });
    const stats = [...xstateRuntimes(design, { budget }).values()].map(
      (r) => (r as unknown as { stats: MemoStats }).stats,
    );
    const remembered = stats.reduce((n, s) => n + s.size, 0);
    const hits = stats.reduce((n, s) => n + s.hits, 0);
    const misses = stats.reduce((n, s) => n + s.misses, 0);
    expect(remembered).toBeLessThanOrEqual(budget);
    expect(hits / (hits + misses)).toBeGreaterThan(0.9);
  }, 30_000);

  it('steps without the memo an event that carries a value the knowledge store did not make', () => {
    const model = referenceModel('parallel');
    const copy = { ...model.knowledge.initial };
    const runtime = memoize(
      xstateRuntime(model.machines.legal.japan as unknown as AnyStateMachine),
      model.knowledge.idOf,
      { left: 100 },
    );
    const started = runtime.transition(runtime.initial, { type: 'START', k: copy }, []);
    expect(runtime.stats.hits + runtime.stats.misses).toBe(0);
    expect(started.value).toEqual({
      running: { recognition: 'normal', authority: 'lawEnforcement', engagement: 'none' },
    });

    // the store's own value: computed once, then found
    const first = runtime.transition(
      runtime.initial,
      { type: 'START', k: model.knowledge.initial },
      [],
    );
    const again = runtime.transition(
      runtime.initial,
      { type: 'START', k: model.knowledge.initial },
      [],
    );
    expect(again).toBe(first);
    expect(runtime.stats).toMatchObject({ misses: 1, hits: 1 });
    // a different field value is a different transition
    runtime.transition(first, { type: 'HOSTILE_ACT', against: 'japan' }, []);
    runtime.transition(first, { type: 'HOSTILE_ACT', against: 'unitedStates' }, []);
    expect(runtime.stats).toMatchObject({ misses: 3, hits: 1 });
    // a field the memo does not key on is a programming error, caught at the first miss
    expect(() =>
      runtime.transition(
        first,
        { type: 'HOSTILE_ACT', against: 'alliance', by: 'militia' } as never,
        [],
      ),
    ).toThrow(/EVENT_FIELDS does not declare/);
  });

  it('gives the same runs when the knowledge store and the memo run out of room', () => {
    const design = referenceModel('acm-2015');
    const { scenario } = design;
    const cramped = {
      ...compileModel(scenario, design.design),
      knowledge: createKnowledgeStore(scenario.ladder.rungs, scenario, 40),
    };
    const tiny = (m: typeof cramped) => xstateRuntimes(m, { budget: 60 });
    for (const seed of seeds(60)) {
      expect(simulate(cramped, { seed, runtimes: tiny }).traceHash, `seed ${seed}`).toBe(
        simulate(design, { seed, runtimes: withoutMemo }).traceHash,
      );
    }
    expect(cramped.knowledge.size).toBe(40);
    const stats = [...tiny(cramped).values()].map(
      (r) => (r as unknown as { stats: MemoStats }).stats,
    );
    expect(stats.reduce((n, s) => n + s.size, 0)).toBeLessThanOrEqual(60);
  });

  it('interns knowledge: equal pictures reached by different paths are one object', () => {
    const { knowledge } = compileModel(reference.scenario, referenceModel('parallel').design);
    const effects = { facts: ['jcgCapacityExceeded'], powers: [] };
    const a = knowledge.withDecision(
      knowledge.withRung(knowledge.initial, 3),
      'jp.jcgCannotCope',
      true,
      effects,
    );
    const b = knowledge.withRung(
      knowledge.withDecision(
        knowledge.withRung(knowledge.initial, 5),
        'jp.jcgCannotCope',
        true,
        effects,
      ),
      3,
    );
    expect(b).toBe(a);
    expect(a.facts).toEqual({
      telephoneCabinet: true,
      submarineOrderAtOnce: true,
      jcgCapacityExceeded: true,
    });
    expect(knowledge.withDecision(a, 'jp.jcgCannotCope', false, effects).facts).toBe(
      knowledge.initial.facts,
    );
  });

  it('names the stream of a drawn delay when a machine runs as a live actor without its delays provided', () => {
    const model = referenceModel('parallel');
    const clock = new SimulatedClock();
    const errors: unknown[] = [];
    const bare = createActor(model.machines.adversary, { clock });
    bare.subscribe({ error: (error) => errors.push(error) });
    bare.start();
    bare.send({ type: 'START' });
    expect(String(errors[0])).toMatch(
      /stream "adversary.dwell" is drawn by the engine.*machine.provide/,
    );

    const live = createActor(model.machines.adversary.provide({ delays: { dwell: 90 } }), {
      clock,
    }).start();
    live.send({ type: 'START' });
    clock.runUntil(clock.now + 89);
    expect(live.getSnapshot().value).toBe('dwelling');
    clock.runUntil(clock.now + 1);
    expect(live.getSnapshot().value).toBe('choosing');
  });
});
