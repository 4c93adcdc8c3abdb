/**
 * Domain rules the scenario states rather than the engine: the powers an order may grant (an
 * enumeration, so a misspelt one is refused instead of silently switching an authority off), the
 * nation the alliance mechanism learns with, and the legal states that count as the use of force.
 */
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { InputError } from '../src/scenario/errors.js';
import { loadDesign, parseScenario } from '../src/scenario/load.js';
import { LEGAL_STATES, NATIONS, POWERS, type Scenario, type Side } from '../src/scenario/schema.js';
import { compileModel } from '../src/model/compile.js';
import { createLegalMachine } from '../src/model/legal.js';
import { createSimulation, simulate } from '../src/engine/simulation.js';
import { REFERENCE, seeds } from './helpers.js';
import { referenceData } from './inputCases.js';

const DESIGN = 'scenarios/c2/acm-2015.yaml';

/** The reference scenario with one change to its data, validated as a file would be. */
function scenarioWith(change: (d: Record<string, any>) => void): Scenario {
  const d = referenceData();
  change(d);
  return parseScenario(d, REFERENCE).scenario;
}

const models = new WeakMap<Scenario, ReturnType<typeof compileModel>>();
function modelOf(scenario: Scenario) {
  let model = models.get(scenario);
  if (!model)
    models.set(scenario, (model = compileModel(scenario, loadDesign(DESIGN, scenario).design)));
  return model;
}

/** The issues a change to the reference raises, as `path: message`. */
function issuesOf(change: (d: Record<string, any>) => void): string[] {
  try {
    scenarioWith(change);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

/** When each side learned each rung report, as `minutes cause`. */
function reportsLearned(scenario: Scenario, seed: number) {
  const learned: Record<Side, string[]> = { japan: [], unitedStates: [], alliance: [] };
  const sim = createSimulation(modelOf(scenario), {
    seed,
    observeKnowledge: (side, _k, cause) => {
      if (cause.startsWith('report:')) learned[side].push(`${sim.now} ${cause}`);
    },
  });
  sim.run();
  return learned;
}

describe('powers', () => {
  it('refuses a misspelt power, naming the path and the powers there are', () => {
    const issues = issuesOf((d) => {
      const order = d.decisions.find((x: { id: string }) => x.id === 'jp.defenseOperation');
      order.effects.powers = ['useOfForse'];
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /^decisions\[\d+\]\.effects\.powers\[0\]: unknown power "useOfForse"/,
    );
    for (const power of POWERS) expect(issues[0]).toContain(power);
  });
});

describe('the nation the alliance mechanism learns with', () => {
  const withJapan = scenarioWith(() => {});
  const withUnitedStates = scenarioWith((d) => (d.reporting.allianceLearnsWith = 'unitedStates'));

  it('is the reference scenario’s Japan', () => {
    expect(withJapan.reporting.allianceLearnsWith).toBe('japan');
  });

  it('gives the alliance each report when that nation learns it, and so changes the runs', () => {
    let differ = 0;
    for (const seed of seeds(5)) {
      const a = reportsLearned(withJapan, seed);
      const b = reportsLearned(withUnitedStates, seed);
      expect(a.alliance, `seed ${seed}`).toEqual(a.japan);
      expect(b.alliance, `seed ${seed}`).toEqual(b.unitedStates);
      // the nations' own reports do not depend on whom the alliance learns with
      expect(b.japan).toEqual(a.japan);
      if (a.japan.join() !== a.unitedStates.join()) differ++;
    }
    expect(differ, 'seeds on which Japan and the United States learn at different times').toBe(5);
    const hashes = (s: Scenario) =>
      seeds(5).map((seed) => simulate(modelOf(s), { seed }).traceHash);
    expect(hashes(withUnitedStates)).not.toEqual(hashes(withJapan));
  });

  it('must be a nation', () => {
    expect(issuesOf((d) => (d.reporting.allianceLearnsWith = 'alliance'))).toEqual([
      expect.stringMatching(/^reporting\.allianceLearnsWith: .*"japan"\|"unitedStates"/),
    ]);
  });
});

describe('the legal states that count as the use of force', () => {
  /** When `nation` first entered `state` in a run's trace. */
  const firstEntry = (scenario: Scenario, seed: number, nation: string, state: string) =>
    simulate(modelOf(scenario), { seed, keepTrace: true }).trace!.find(
      (e) => e.kind === 'state' && e.actor === nation && e.to === state,
    )?.t;
  const usedForceAt = (scenario: Scenario, seed: number) =>
    simulate(modelOf(scenario), { seed }).outcome.japanUsedForceAt;

  it('are, in the reference, Japan’s engagement with force', () => {
    const reference = scenarioWith(() => {});
    expect(reference.outcome.useOfForce).toEqual([
      { nation: 'japan', state: 'engagement/useOfForce' },
    ]);
    let used = 0;
    for (const seed of seeds(40)) {
      const force = firstEntry(reference, seed, 'japan', 'engagement/useOfForce');
      expect(usedForceAt(reference, seed), `seed ${seed}`).toBe(force);
      if (force !== undefined) used++;
    }
    expect(used, 'seeds on which Japan used force').toBeGreaterThan(0);
  });

  it('are what the scenario declares: another state, several, or none', () => {
    const coastGuard = { nation: 'japan', state: 'engagement/coastGuardResponse' };
    const force = { nation: 'japan', state: 'engagement/useOfForce' };
    const declaring = (useOfForce: unknown[]) =>
      scenarioWith((d) => (d.outcome.useOfForce = useOfForce));
    const other = declaring([coastGuard]);
    const both = declaring([force, coastGuard]);
    const none = declaring([]);
    const reference = scenarioWith(() => {});
    let changed = 0;
    for (const seed of seeds(40)) {
      const response = firstEntry(reference, seed, 'japan', coastGuard.state);
      const force = firstEntry(reference, seed, 'japan', 'engagement/useOfForce');
      expect(usedForceAt(other, seed), `seed ${seed}`).toBe(response);
      const first = [response, force].filter((t) => t !== undefined);
      expect(usedForceAt(both, seed), `seed ${seed}`).toBe(
        first.length ? Math.min(...(first as number[])) : undefined,
      );
      expect(usedForceAt(none, seed), `seed ${seed}`).toBeUndefined();
      if (response !== force) changed++;
      // the runs themselves are the same: only what is measured changed
      expect(simulate(modelOf(other), { seed }).traceHash).toBe(
        simulate(modelOf(reference), { seed }).traceHash,
      );
    }
    expect(changed, 'seeds on which the two measures differ').toBeGreaterThan(0);
  });

  it('refuses a state the nation’s legal posture does not have, listing those it has', () => {
    const issues = issuesOf(
      (d) => (d.outcome.useOfForce = [{ nation: 'japan', state: 'engagement/useOfForse' }]),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /^outcome\.useOfForce\[0\]\.state: unknown state of japan's legal posture "engagement\/useOfForse" \(expected one of: .*engagement\/useOfForce/,
    );
  });

  it('are named from the states the legal machines have (LEGAL_STATES in step with model/legal.ts)', () => {
    for (const nation of NATIONS) {
      const machine = createLegalMachine(nation, { kind: nation }) as unknown as AnyStateMachine;
      const regions = machine.root.states.running!.states;
      const states = Object.entries(regions).flatMap(([region, node]) =>
        Object.keys(node.states).map((state) => `${region}/${state}`),
      );
      expect(states.sort(), nation).toEqual([...LEGAL_STATES[nation]].sort());
    }
  });
});
