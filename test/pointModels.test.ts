import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { assumptionSpace, modelsAt, type AssumptionSpace } from '../src/assumptions/space.js';
import { isSwappable, PointModels, withValues } from '../src/assumptions/pointModels.js';
import { applyOverride } from '../src/scenario/paths.js';
import type { Assumption } from '../src/scenario/register.js';
import { simulate, type RunResult } from '../src/engine/simulation.js';
import type { Model } from '../src/model/compile.js';
import { fromUnit } from '../src/analysis/sensitivity/index.js';
import { Mulberry32 } from '../src/stats/random.js';
import { loadDesign } from '../src/scenario/load.js';
import { REFERENCE, reference, seeds } from './helpers.js';
import { tempDir } from './inputCases.js';

const SEIZURE = 'scenarios/senkaku-island-seizure.yaml';
const CHOICES = 'test/fixtures/choices/acm-choices.yaml';
const ACM = 'scenarios/c2/acm-2015.yaml';

/**
 * acm-2015 with a structural choice over its first link, whose latency's numbers are registered (the
 * within-side latency, shared with the scenario and the other links): with the other alternative,
 * a fixed latency, they are not set there.
 */
function designWithChoiceOverNumbers(): string {
  const data = parse(readFileSync(ACM, 'utf8')) as Record<string, unknown>;
  const link = loadDesign(ACM, reference.scenario).design.links[0]!;
  data.id = 'acm-latency-choice';
  data.choices = {
    'links[0]': {
      alternatives: {
        member: link,
        slow: { from: link.from, to: link.to, latency: { fixed: 90 }, source: 'a test' },
      },
      reason: 'a test: a member link, or a slow one',
    },
  };
  const file = join(tempDir(), 'acm-latency-choice.yaml');
  writeFileSync(file, stringify(data));
  return file;
}

/** `n` points of the space, every assumption drawn uniformly in its range (log-uniform on a log scale). */
function randomPoints(space: AssumptionSpace, n: number, seed: number): Map<string, number>[] {
  const rng = new Mulberry32(seed);
  const parameters = space.register.map((a) => ({
    name: a.id,
    low: a.low,
    high: a.high,
    scale: a.scale,
  }));
  return Array.from({ length: n }, () => {
    const values = fromUnit(
      parameters,
      parameters.map(() => rng.next()),
    );
    return new Map(parameters.map((p, i) => [p.name, values[i]!]));
  });
}

/** Every model's run on every seed, or the error that making the models threw. */
function outcome(models: () => Model[], on: readonly number[]): RunResult[] | string {
  try {
    return models().flatMap((m) => on.map((seed) => simulate(m, { seed })));
  } catch (error) {
    return String(error);
  }
}

describe('models of points of one structure (PointModels)', () => {
  // `machines`: the most machine sets (one per design and structure key) the points may build
  const cases = [
    // the designs' choices (offices, categories, stand-up) reach no machine: one set per design,
    // two where the Coast Guard's capacity falls below a rung's load
    { scenario: REFERENCE, designs: 'parallel,acm-2015', points: 12, machines: 4 },
    // phase thresholds of conditions are registered, and reach the machines' guards
    { scenario: REFERENCE, designs: 'acm-flexing,sliding-integration', points: 10, machines: 20 },
    // the adversary's scripted times are registered (structure: validation checks their order)
    { scenario: SEIZURE, designs: 'parallel,cfc-integrated', points: 6, machines: 12 },
    // structural choices: which offices concur, a referral, standing up, waiting for activation
    { scenario: REFERENCE, designs: `parallel,${CHOICES}`, points: 12, machines: 4 },
    {
      scenario: REFERENCE,
      designs: () => `parallel,${designWithChoiceOverNumbers()}`,
      points: 8,
      machines: 4,
    },
  ];
  for (const c of cases) {
    const name = typeof c.designs === 'string' ? c.designs : 'acm-2015 with a choice over numbers';
    it(`runs as models compiled afresh at random points: ${name} on ${c.scenario}`, () => {
      const space = assumptionSpace(
        c.scenario,
        typeof c.designs === 'string' ? c.designs : c.designs(),
      );
      const points = new PointModels(space);
      const on = seeds(25);
      for (const [i, values] of randomPoints(space, c.points, 7).entries()) {
        const fast = points.at(values);
        const fresh = modelsAt(space, values);
        expect(
          fast.map((m) => [m.scenario, m.design]),
          `point ${i}`,
        ).toEqual(fresh.map((m) => [m.scenario, m.design]));
        // the fast models' memos are warm from the earlier points, at other numbers
        expect(
          outcome(() => fast, on),
          `point ${i}`,
        ).toEqual(outcome(() => fresh, on));
      }
      expect(points.stats.fast).toBe(c.points);
      expect(points.stats.machines).toBeLessThanOrEqual(c.machines);
    }, 120_000);
  }

  it('shares machines between points whose files differ in numbers and choices that reach no machine', () => {
    const space = assumptionSpace(REFERENCE, 'parallel,acm-2015');
    const points = new PointModels(space);
    const [p, q] = randomPoints(space, 2, 11);
    for (const point of [p!, q!]) point.set('jcgCapacity', 6).set('policeCapacity', 4);
    p!.set('design.policyLevel.concur', 0);
    q!.set('design.policyLevel.concur', 1);
    const a = points.at(p!);
    const b = points.at(q!);
    // acm-2015 extends parallel with no decision of its own: their machines are alike too
    expect(points.stats).toEqual({ fast: 2, full: 0, files: 2, machines: 1 });
    expect(b[1]!.machines).toBe(a[1]!.machines);
    expect(a[1]!.machines).toBe(a[0]!.machines);
    expect(b[1]!.knowledge).toBe(a[1]!.knowledge);
    expect(b[1]!.mechanism).not.toEqual(a[1]!.mechanism);
    expect(b[0]!.organisations).not.toBe(a[0]!.organisations);
    // a capacity that makes another rung overwhelm the Coast Guard (R2's load is 5) is another knowledge store
    expect(points.at(new Map([['jcgCapacity', 7]]))[0]!.knowledge).toBe(a[0]!.knowledge);
    expect(points.at(new Map([['jcgCapacity', 4]]))[0]!.knowledge).not.toBe(a[0]!.knowledge);
    expect(points.stats.machines).toBe(2);
  });

  it('takes the full path for a value outside its range or an unknown id, as modelsAt does', () => {
    const space = assumptionSpace(REFERENCE, 'parallel,acm-2015');
    const points = new PointModels(space);
    const beyond = new Map([['adversary.deterrence', 50]]);
    expect(outcome(() => points.at(beyond), seeds(5))).toEqual(
      outcome(() => modelsAt(space, beyond), seeds(5)),
    );
    const on = { beyondRanges: true };
    expect(outcome(() => points.at(beyond, on), seeds(5))).toEqual(
      outcome(() => modelsAt(space, beyond, on), seeds(5)),
    );
    const unknown = new Map([['no.such.assumption', 1]]);
    expect(() => points.at(unknown)).toThrow(/not an assumption of the register/);
    expect(points.stats).toEqual({ fast: 0, full: 3, files: 0, machines: 0 });
  });

  it('counts a choice, a Diet deadline and a condition as structure, distributions and probabilities as swappable', () => {
    const entry = (paths: string[], kind = 'number') =>
      ({ id: paths[0], paths, value: 1, low: 0, high: 2, kind }) as unknown as Assumption;
    expect(isSwappable(entry(['organisations[jp.cas].processing.lognormal.median']))).toBe(true);
    expect(isSwappable(entry(['designs[x].links[3].latency.lognormal.p90']))).toBe(true);
    expect(isSwappable(entry(['decisions[jp.mso].approve.byPhase.2']))).toBe(true);
    expect(isSwappable(entry(['decisions[jp.mso].approve.probability'], 'choice'))).toBe(false);
    expect(isSwappable(entry(['decisions[jp.mso].diet.deadline']))).toBe(false);
    expect(isSwappable(entry(['decisions[x].trigger.phaseAtLeast']))).toBe(false);
    expect(
      isSwappable(entry(['links.withinSide.lognormal.median', 'designs[x].limits.horizon'])),
    ).toBe(false);
  });

  it('sets values in copies along their paths, leaving the files as they were', () => {
    const base = {
      a: {
        b: [
          { id: 'x', v: 1 },
          { id: 'y', v: 2 },
        ],
        c: { '0': 3, d: 4 },
      },
      e: { f: 5 },
    };
    const before = structuredClone(base);
    const sets = [
      { path: 'a.b[y].v', value: 20, choice: false },
      { path: 'a.c.0', value: 30, choice: false },
      { path: 'a.b[0].v', value: 10, choice: false },
    ];
    const set = withValues(base, sets);
    const expected = structuredClone(base);
    for (const { path, value } of sets) applyOverride(expected, path, value, 'test');
    expect(set).toEqual(expected);
    expect(base).toEqual(before);
    expect(set.e).toBe(base.e);
    expect(() => withValues(base, [{ path: 'a.b[z].v', value: 1, choice: false }])).toThrow();
  });
});
