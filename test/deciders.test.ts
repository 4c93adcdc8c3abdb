import { describe, expect, it } from 'vitest';
import { createSimulation, simulate } from '../src/engine/simulation.js';
import { referenceModel, seeds } from './helpers.js';

const model = referenceModel('parallel');

describe('pluggable deciders', () => {
  it('a script making the policy’s choices reproduces the policy’s run exactly', () => {
    for (const seed of seeds(30)) {
      const policy = simulate(model, { seed });
      const script = new Map(policy.answers.map((a) => [a.point, a.answer]));
      const scripted = simulate(model, { seed, script });
      expect(scripted.traceHash, `seed ${seed}`).toBe(policy.traceHash);
    }
  });

  it('a script that chooses differently changes the run', () => {
    const seed = 11;
    const policy = simulate(model, { seed });
    const firstMove = policy.answers.find((a) => a.point.startsWith('adversary.move'))!;
    const other = firstMove.answer === 'advance' ? 'hold' : 'advance';
    const changed = simulate(model, { seed, script: { [firstMove.point]: other } });
    expect(changed.traceHash).not.toBe(policy.traceHash);
    expect(changed.answers.find((a) => a.point === firstMove.point)!.answer).toBe(other);
  });

  it('stops at a decision a person owns, resumes when answered, and replays exactly from the log', () => {
    const seed = 5;
    const sim = createSimulation(model, { seed, people: new Set(['jp.mso', 'adversary.move']), keepTrace: true });
    let asked = 0;
    const decisionsAsked = new Set<string>();
    for (let status = sim.run(); status.status === 'waiting'; status = sim.run()) {
      asked++;
      decisionsAsked.add(status.point.decision);
      expect(sim.waitingFor).toEqual(status.point);
      // a red-cell player who always escalates, a Prime Minister who hesitates once
      const answer = status.point.kind === 'move' ? (status.point.options.includes('advance') ? 'advance' : 'hold') : status.point.id === 'jp.mso#1' ? 'defer' : 'approve';
      sim.answer(status.point.id, answer);
    }
    expect(asked).toBeGreaterThan(5);
    expect(decisionsAsked).toEqual(new Set(['adversary.move', 'jp.mso']));
    const live = sim.result();
    expect(live.outcome.highestRung).toBe('R9');
    const replayed = simulate(model, { seed, script: new Map(live.answers.map((a) => [a.point, a.answer])) });
    expect(replayed.traceHash).toBe(live.traceHash);
  });

  it('rejects an answer that is not one of the options, and one for a point that is not waiting', () => {
    const sim = createSimulation(model, { seed: 1, people: new Set(['adversary.move']) });
    const status = sim.run();
    expect(status.status).toBe('waiting');
    if (status.status !== 'waiting') return;
    expect(() => sim.answer('jp.mso#1', 'approve')).toThrow(/no decision point jp\.mso#1 is waiting/);
    expect(() => sim.answer(status.point.id, 'surrender')).toThrow(/not one of: advance, hold/);
  });
});
