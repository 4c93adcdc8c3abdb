import { spawnSync } from 'node:child_process';
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

describe('a person answering on the terminal', () => {
  const sim = (input: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', '--scenario', 'scenarios/senkaku-gray-zone.yaml', '--design', 'parallel', '--seed', '3', '--human', 'adversary.move', '--json'], { input, encoding: 'utf8' });

  it('takes piped answers in order and records them; a line that is not an option is asked again', () => {
    const out = sim(['stepDown', 'advance', ...Array(400).fill('hold')].join('\n'));
    expect(out.status).toBe(0);
    const run = JSON.parse(out.stdout) as { answers: Array<{ point: string; answer: string }> };
    // at R0 "stepDown" is not an option, so the same question is asked again
    expect(run.answers[0]).toMatchObject({ point: 'adversary.move#1', answer: 'advance' });
    expect(run.answers.slice(1).every((a) => a.answer === 'hold')).toBe(true);
  }, 30_000);

  it('stops with exit code 2 when the input ends before a question is answered', () => {
    const out = sim('advance\n');
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/input ended before adversary\.move#2 was answered/);
  }, 30_000);
});
