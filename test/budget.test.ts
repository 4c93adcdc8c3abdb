/** A run that never ends is stopped by its event budget, with a message that names scenario, design and seed. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenario, loadDesign } from '../src/scenario/load.js';
import { compileModel } from '../src/model/compile.js';
import { simulate } from '../src/engine/simulation.js';
import { EventBudgetError } from '../src/engine/kernel.js';
import { REFERENCE, referenceModel } from './helpers.js';

describe('the event budget of a run', () => {
  const data = parse(readFileSync(REFERENCE, 'utf8')) as Record<string, unknown>;
  const budgeted = (eventsPerRun: number) => {
    const { scenario } = parseScenario({ ...data, limits: { eventsPerRun } }, 'budget.yaml');
    return compileModel(scenario, loadDesign('scenarios/c2/parallel.yaml', scenario).design);
  };

  it('is stated in the scenario, with a default every bundled run stays far below', () => {
    const model = referenceModel('parallel');
    expect(model.scenario.limits.eventsPerRun).toBe(1_000_000);
    expect(simulate(model, { seed: 1 }).events).toBeLessThan(2_000);
  });

  it('stops a run that processes more events than its budget, naming scenario, design and seed', () => {
    const model = budgeted(50);
    let error: unknown;
    try {
      simulate(model, { seed: 9 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventBudgetError);
    expect((error as Error).message).toMatch(
      /^scenario senkaku-gray-zone, design parallel, seed 9: the run processed more than 50 events by simulated minute \d+/,
    );
  });

  it('lets a run within its budget finish exactly as without one', () => {
    const events = simulate(referenceModel('parallel'), { seed: 9 });
    expect(simulate(budgeted(100_000), { seed: 9 }).traceHash).toBe(events.traceHash);
  });
});
