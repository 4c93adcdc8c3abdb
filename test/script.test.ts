/** A historical incident's adversary: fixed moves at fixed times, the same in every run. */
import { describe, expect, it } from 'vitest';
import { parseScenario, loadDesign } from '../src/scenario/load.js';
import { compileModel } from '../src/model/compile.js';
import { simulate } from '../src/engine/simulation.js';
import { InputError } from '../src/scenario/errors.js';
import { referenceData } from './inputCases.js';
import { seeds } from './helpers.js';

const moves = [
  { at: '30m', to: 'R1', source: '[WP2000]' },
  { at: '2h', to: 'R2', source: '[WP2000]' },
  { at: '5h', to: 'R3', source: '[WP2000]' },
  { at: '1d', to: 'R2', source: '[WP2000]' },
];

function scripted(script: unknown[]) {
  const data = referenceData();
  data.ladder.start = 'R0';
  data.adversary.script = script;
  return parseScenario(data, 'scripted.yaml').scenario;
}

describe('a scripted adversary', () => {
  const scenario = scripted(moves);
  const model = compileModel(scenario, loadDesign('scenarios/c2/parallel.yaml', scenario).design);

  it('moves the ladder exactly as scripted in every run, and never chooses', () => {
    for (const seed of seeds(30)) {
      const { trace, answers } = simulate(model, { seed, keepTrace: true });
      const ladder = trace!.filter((e) => e.actor === 'ladder' && e.kind === 'state');
      expect(ladder.map((e) => [e.t, e.to, e.cause])).toEqual([
        [0, 'R0', 'start'],
        [30, 'R1', 'script'],
        [120, 'R2', 'script'],
        [300, 'R3', 'script'],
        [1440, 'R2', 'script'],
      ]);
      expect(answers.some((a) => a.point.startsWith('adversary.move'))).toBe(false);
    }
  });

  it('is refused when a move skips a rung, goes back in time or names no rung, with file and path', () => {
    const bad = (script: unknown[]) => {
      try {
        scripted(script);
      } catch (e) {
        return (e as InputError).issues.map((i) => `${i.path}: ${i.message}`);
      }
      return [];
    };
    expect(bad([{ at: '1h', to: 'R2', source: 's' }])).toEqual([
      'adversary.script[0].to: expected a rung next to R0 (the adversary moves one rung at a time), got R2',
    ]);
    expect(
      bad([
        { at: '2h', to: 'R1', source: 's' },
        { at: '1h', to: 'R2', source: 's' },
      ]),
    ).toEqual([
      'adversary.script[1].at: expected moves in time order (each at or after the one before)',
    ]);
    expect(bad([{ at: '1h', to: 'R77', source: 's' }])[0]).toMatch(
      /^adversary\.script\[0\]\.to: unknown rung "R77"/,
    );
  });
});

describe('procedures in force at a scenario’s date', () => {
  it('are facts known from the start: without the 2015 telephone Cabinet no order takes it', () => {
    const data = referenceData();
    data.procedures.telephoneCabinet.inForce = false;
    const scenario = parseScenario(data, 'before-2015.yaml').scenario;
    const before2015 = compileModel(
      scenario,
      loadDesign('scenarios/c2/parallel.yaml', scenario).design,
    );
    const now = compileModel(
      parseScenario(referenceData(), 'now.yaml').scenario,
      before2015.design,
    );
    const telephone = (m: typeof now) =>
      seeds(100).reduce(
        (n, seed) =>
          n +
          simulate(m, { seed, keepTrace: true }).trace!.filter(
            (e) => e.kind === 'step' && e.cause === 'telephone Cabinet',
          ).length,
        0,
      );
    expect(telephone(now)).toBeGreaterThan(0);
    expect(telephone(before2015)).toBe(0);
  });
});
