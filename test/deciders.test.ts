import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulation, simulate } from '../src/engine/simulation.js';
import { referenceModel, seeds } from './helpers.js';
import { runCommand } from './command.js';

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
    const sim = createSimulation(model, {
      seed,
      people: new Set(['jp.mso', 'adversary.move']),
      keepTrace: true,
    });
    let asked = 0;
    const decisionsAsked = new Set<string>();
    for (let status = sim.run(); status.status === 'waiting'; status = sim.run()) {
      asked++;
      decisionsAsked.add(status.point.decision);
      expect(sim.waitingFor).toEqual(status.point);
      // a red-cell player who always escalates, a Prime Minister who hesitates once
      const answer =
        status.point.kind === 'move'
          ? status.point.options.includes('advance')
            ? 'advance'
            : 'hold'
          : status.point.id === 'jp.mso#1'
            ? 'defer'
            : 'approve';
      sim.answer(status.point.id, answer);
    }
    expect(asked).toBeGreaterThan(5);
    expect(decisionsAsked).toEqual(new Set(['adversary.move', 'jp.mso']));
    const live = sim.result();
    expect(live.outcome.highestRung).toBe('R9');
    const replayed = simulate(model, {
      seed,
      script: new Map(live.answers.map((a) => [a.point, a.answer])),
    });
    expect(replayed.traceHash).toBe(live.traceHash);
  });

  it.each([1, 2, 7])(
    'keeps several points pending at once while the clock runs, each with its owner, and replays the log exactly (seed %i)',
    (seed) => {
      const sim = createSimulation(model, {
        seed,
        people: new Set(['jp.mso', 'jp.publicSecurity', 'us.fdo', 'jp.diet', 'adversary.move']),
        keepTrace: true,
      });
      let most = 0;
      const owners = new Set<string>();
      // a live game: the clock runs in steps of six simulated hours; people answer what is pending, the newest first
      for (let until = 360; ; until += 360) {
        const status = sim.run({ until });
        const pending = sim.waiting;
        most = Math.max(most, pending.length);
        for (const point of [...pending].reverse()) {
          owners.add(point.owner);
          sim.answer(point.id, point.options.includes('advance') ? 'advance' : point.options[0]!);
        }
        if (status.status === 'done') break;
        expect(status).toEqual({ status: 'paused', time: until });
      }
      // in game 1 the MSO and the public-security order are released together when the Coast Guard and the police give up
      if (seed === 1) expect(most).toBeGreaterThan(1);
      expect(owners.has('adversary.move')).toBe(true);
      const live = sim.result();
      // answers took effect after events had passed: a map answering each point as it is asked would not replay this run
      expect(live.answers.some((a) => a.after! > 1)).toBe(true);
      const replayed = simulate(model, { seed, script: live.answers });
      expect(replayed.traceHash).toBe(live.traceHash);
      expect(replayed.answers).toEqual(live.answers);
    },
  );

  it('asks the Diet organisation, not the owner of the order, for its vote', () => {
    const votes = seeds(60).flatMap((seed) =>
      simulate(model, { seed }).answers.filter((a) => a.point.includes('.diet#')),
    );
    expect(votes.length).toBeGreaterThan(0);
    const seed = seeds(60).find((s) =>
      simulate(model, { seed: s }).answers.some((a) => a.point.includes('.diet#')),
    )!;
    const byOrderOwner = createSimulation(model, {
      seed,
      people: new Set(['jp.defenseOperation', 'jp.publicSecurity']),
    });
    for (
      let status = byOrderOwner.run();
      status.status === 'waiting';
      status = byOrderOwner.run()
    ) {
      for (const point of status.points) {
        expect(point.kind).toBe('approve');
        byOrderOwner.answer(point.id, 'approve');
      }
    }
    const byDiet = createSimulation(model, { seed, people: new Set(['jp.diet']) });
    const status = byDiet.run();
    expect(status.status).toBe('waiting');
    if (status.status === 'waiting')
      expect(status.point).toMatchObject({ kind: 'diet', owner: 'jp.diet', side: 'japan' });
  });

  it('rejects an answer that is not one of the options, and one for a point that is not waiting', () => {
    const sim = createSimulation(model, { seed: 1, people: new Set(['adversary.move']) });
    const status = sim.run();
    expect(status.status).toBe('waiting');
    if (status.status !== 'waiting') return;
    expect(() => sim.answer('jp.mso#1', 'approve')).toThrow(
      /no decision point jp\.mso#1 is waiting/,
    );
    expect(() => sim.answer(status.point.id, 'surrender')).toThrow(/not one of: advance, hold/);
  });
});

describe('a person answering on the terminal', () => {
  const sim = (input: string) =>
    runCommand(
      'sim',
      [
        '--scenario',
        'scenarios/senkaku-gray-zone.yaml',
        '--design',
        'parallel',
        '--seed',
        '3',
        '--human',
        'adversary.move',
        '--json',
      ],
      { input },
    );

  it('takes piped answers in order and records them; a line that is not an option is asked again', () => {
    const out = sim(['stepDown', 'advance', ...Array(400).fill('hold')].join('\n'));
    expect(out.status).toBe(0);
    const run = JSON.parse(out.stdout) as { answers: Array<{ point: string; answer: string }> };
    // at R0 "stepDown" is not an option, so the same question is asked again
    expect(run.answers[0]).toMatchObject({ point: 'adversary.move#1', answer: 'advance' });
    const moves = run.answers.filter((a) => a.point.startsWith('adversary.move#'));
    expect(moves.slice(1).every((a) => a.answer === 'hold')).toBe(true);
  }, 30_000);

  it('names the script file and the point when a scripted answer is not one of the options (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rungs-script-'));
    const file = join(dir, 'answers.json');
    writeFileSync(file, JSON.stringify({ 'adversary.move#1': 'surrender' }));
    const out = runCommand('sim', [
      '--scenario',
      'scenarios/senkaku-gray-zone.yaml',
      '--design',
      'parallel',
      '--seed',
      '3',
      '--script',
      file,
    ]);
    expect(out.status).toBe(2);
    expect(out.stderr).toBe(
      `error: ${file}: adversary.move#1: answer "surrender" to adversary.move#1 is not one of: advance, hold\n`,
    );
  }, 30_000);

  it('stops with exit code 2 when the input ends before a question is answered', () => {
    const out = sim('advance\n');
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/input ended before adversary\.move#2 was answered/);
  }, 30_000);
});
