import { createActor, createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { Scheduler, SimulatedClock } from '../src/engine/clock.js';
import { createRandomStreams } from '../src/engine/random.js';
import { toSampler } from '../src/math/distributions.js';
import {
  canonicalEntry,
  hashTrace,
  parseTrace,
  serializeTrace,
  type TraceEntry,
} from '../src/engine/trace.js';
import { quantile } from '../src/stats/quantile.js';

describe('scheduler', () => {
  it('orders by time, then by the order entries were scheduled', () => {
    const s = new Scheduler<string>();
    s.schedule(10, 'b1');
    s.schedule(5, 'a');
    s.schedule(10, 'b2');
    const cancelled = s.schedule(7, 'gone');
    s.schedule(10, 'b3');
    s.cancel(cancelled);
    const out: string[] = [];
    for (let e = s.pop(); e; e = s.pop()) out.push(`${e.time}:${e.payload}`);
    expect(out).toEqual(['5:a', '10:b1', '10:b2', '10:b3']);
    expect(s.now).toBe(10);
  });

  it('runs xstate `after` delays on simulated minutes when given as an actor clock', () => {
    const clock = new SimulatedClock();
    const machine = createMachine({
      initial: 'waiting',
      states: { waiting: { after: { 90: 'done' } }, done: {} },
    });
    const actor = createActor(machine, { clock }).start();
    clock.runUntil(89);
    expect(actor.getSnapshot().value).toBe('waiting');
    clock.runUntil(90);
    expect(actor.getSnapshot().value).toBe('done');
    expect(clock.now).toBe(90);
  });
});

describe('named random streams', () => {
  it('derive from (seed, name) alone: adding a stream shifts no other stream', () => {
    const a = createRandomStreams(42);
    const first = [a.stream('x').next(), a.stream('x').next()];
    const b = createRandomStreams(42);
    b.stream('y').next();
    b.stream('z').next();
    expect([b.stream('x').next(), b.stream('x').next()]).toEqual(first);
    expect(createRandomStreams(43).stream('x').next()).not.toBe(first[0]);
    expect(b.usage()).toEqual([
      { name: 'x', draws: 2 },
      { name: 'y', draws: 1 },
      { name: 'z', draws: 1 },
    ]);
  });
});

describe('distributions as an author states them', () => {
  const draws = (d: Parameters<typeof toSampler>[0], n = 20000) => {
    const s = createRandomStreams(7).stream('d');
    const f = toSampler(d);
    return Array.from({ length: n }, () => f(s.next())).sort((x, y) => x - y);
  };

  it('lognormal by median and 90th percentile', () => {
    const v = draws({ lognormal: { median: 60, p90: 240 } });
    expect(quantile(v, 0.5)).toBeCloseTo(60, -0.5);
    expect(quantile(v, 0.9) / 240).toBeGreaterThan(0.95);
    expect(quantile(v, 0.9) / 240).toBeLessThan(1.05);
    // exact quantiles by inverse transform
    expect(toSampler({ lognormal: { median: 60, p90: 240 } })(0.9)).toBeCloseTo(240, 9);
    expect(toSampler({ lognormal: { median: 60, p90: 240 } })(0.5)).toBeCloseTo(60, 9);
  });

  it('triangular: mean (min + mode + max) / 3, bounds respected', () => {
    const v = draws({ triangular: { min: 10, mode: 20, max: 60 } });
    expect(v.reduce((a, b) => a + b, 0) / v.length).toBeCloseTo(30, 0);
    expect(v[0]).toBeGreaterThanOrEqual(10);
    expect(v.at(-1)).toBeLessThanOrEqual(60);
    expect(toSampler({ triangular: { min: 10, mode: 20, max: 60 } })(0.2)).toBeCloseTo(20, 9); // F(mode) = 0.2
  });

  it('exponential by mean; fixed; uniform', () => {
    const v = draws({ exponential: { mean: 30 } });
    expect(v.reduce((a, b) => a + b, 0) / v.length).toBeCloseTo(30, -0.5);
    expect(toSampler({ exponential: { mean: 30 } })(1 - Math.exp(-1))).toBeCloseTo(30, 9);
    expect(toSampler({ fixed: 12 })(0.99)).toBe(12);
    expect(toSampler({ uniform: { min: 2, max: 4 } })(0.25)).toBe(2.5);
  });
});

describe('canonical trace', () => {
  const entries: TraceEntry[] = [
    {
      t: 0,
      kind: 'state',
      actor: 'ladder',
      event: 'START',
      from: 'idle',
      to: 'R0',
      cause: 'start',
    },
    {
      t: 90.0000001,
      kind: 'decision',
      actor: 'japan',
      event: 'jp.mso#1',
      from: '',
      to: 'approve',
      cause: 'approve',
    },
  ];

  it('writes time in whole seconds and round-trips', () => {
    expect(canonicalEntry(entries[1]!)).toBe(
      '[5400,"decision","japan","jp.mso#1","","approve","approve"]',
    );
    const back = parseTrace(serializeTrace(entries));
    expect(back[1]!.t).toBe(90);
    expect(hashTrace(back)).toBe(hashTrace(entries));
    expect(hashTrace(back)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the observer hook', () => {
  it('receives every trace entry as it is made, in order, at the simulated time it records', async () => {
    const { createSimulation } = await import('../src/engine/simulation.js');
    const { referenceModel } = await import('./helpers.js');
    const seen: TraceEntry[] = [];
    const clock: number[] = [];
    const sim = createSimulation(referenceModel('acm-2015'), {
      seed: 4,
      keepTrace: true,
      observe: (entry) => {
        seen.push(entry);
        clock.push(sim.now);
      },
    });
    sim.run();
    const { trace } = sim.result();
    expect(seen).toEqual(trace);
    expect(clock).toEqual(trace!.map((e) => e.t));
  });
});
