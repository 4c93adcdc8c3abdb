/**
 * Limits that hold everywhere: a loop in zero simulated time that validation cannot see is stopped
 * by its event budget with the same message and exit 2 in `sim` and in a batch's worker thread, and
 * a run's memory does not grow with the events it processes (engine/retention.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from './command.js';
import { referenceModel } from './helpers.js';
import { EventBudgetError, Kernel } from '../src/engine/kernel.js';
import { RUN_RETENTION } from '../src/engine/retention.js';
import { TraceRecorder, type TraceEntry } from '../src/engine/trace.js';
import { Deciders } from '../src/engine/deciders.js';
import { Names } from '../src/engine/names.js';
import { simulate } from '../src/engine/simulation.js';
import { LOCK_FILE } from '../src/batch/lock.js';

/** The crisis stays at R0, dwelling well under a second each time; its limits.eventsPerRun is 200,000. */
const STAYS = 'test/fixtures/loops/stays.yaml';
/** What a run of a loop prints, stopped by its event budget. */
const stopped = (events: number, scenario = 'loop-stays') =>
  `error: scenario ${scenario}, design parallel, seed 1: the run processed more than ${events} events ` +
  'by simulated minute 0 (most likely a loop in zero simulated time); if the run is genuine, ' +
  'raise limits.eventsPerRun in the scenario\n';

const root = mkdtempSync(join(tmpdir(), 'rungs-budget-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a loop in zero simulated time', () => {
  it('is stopped by its event budget in sim: exit 2, naming scenario, design and seed', () => {
    const sim = runCommand('sim', ['--scenario', STAYS, '--design', 'parallel', '--seed', '1']);
    expect(sim.stderr).toBe(stopped(200_000));
    expect(sim.status).toBe(2);
  });

  it('is stopped the same way in a batch worker, before its heap runs out, the folder left to resume', () => {
    // 400,000 events: past what a worker's 512 MB heap held when the run kept its trace's text
    const scenario = join(root, 'stays-longer.yaml');
    writeFileSync(
      scenario,
      `extends: ${resolve(STAYS)}\nid: loop-stays-longer\nlimits: { eventsPerRun: 400000 }\n`,
    );
    const out = join(root, 'batch');
    const args = ['--scenario', scenario, '--design', 'parallel', '--seeds', '1..3'];
    const batch = runCommand('batch', [...args, '--workers', '1', '--out', out]);
    expect(batch.stderr.split('\n').filter((line) => line.includes('error'))).toEqual([
      stopped(400_000, 'loop-stays-longer').trimEnd(),
    ]);
    expect(batch.status).toBe(2);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      status: string;
    };
    expect(manifest.status).toBe('running');
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    // sim --json keeps no trace (its 1,200,000 entries would pass the cap first): the same line
    const sim = runCommand('sim', [
      '--scenario',
      scenario,
      '--design',
      'parallel',
      '--seed',
      '1',
      '--json',
    ]);
    expect([sim.stderr, sim.status]).toEqual([stopped(400_000, 'loop-stays-longer'), 2]);
  });

  it("holds a run's heap flat however many events it processes (a batch's run, in a process of its own)", () => {
    const retained = (budget: number) => {
      const child = spawnSync(
        process.execPath,
        ['--expose-gc', 'test/fixtures/loops/retainedHeap.mjs', STAYS, String(budget)],
        { encoding: 'utf8' },
      );
      expect(child.stderr).toBe('');
      return JSON.parse(child.stdout) as { events: number; stopped: string; retainedMB: number };
    };
    const short = retained(50_000);
    const long = retained(250_000);
    expect([short.stopped, short.events, long.stopped, long.events]).toEqual([
      'EventBudgetError',
      50_001,
      'EventBudgetError',
      250_001,
    ]);
    // 200,000 more events (600,000 more trace entries) cost less than 10 bytes each
    expect(long.retainedMB - short.retainedMB).toBeLessThan(2);
  });
});

describe('what a run keeps', () => {
  const entry: TraceEntry = {
    t: 0,
    kind: 'state',
    actor: 'adversary',
    event: 'CHOSEN',
    from: 'R0',
    to: 'R0',
    cause: 'decider:stay',
  };

  it('is the same run without its answers, only the answers left out', () => {
    const model = referenceModel('parallel');
    const kept = simulate(model, { seed: 5 });
    const bare = simulate(model, { seed: 5, keepAnswers: false });
    expect(kept.answers.length).toBeGreaterThan(0);
    expect(bare).toEqual({ ...kept, answers: [] });
  });

  it('hashes the trace as it goes: the same hash as the whole text at once', () => {
    const recorder = new TraceRecorder(true);
    // past several hash chunks, with times that round to whole seconds
    for (let i = 0; i < 5_000; i++) recorder.record({ ...entry, t: i / 7, cause: `c${i % 13}` });
    const whole = new TraceRecorder(true);
    for (const e of recorder.entries!) whole.record(e);
    expect(recorder.finish()).toBe(whole.finish());
    const text = recorder.entries!.map(
      (e) =>
        `${JSON.stringify([Math.round(e.t * 60), e.kind, e.actor, e.event, e.from, e.to, e.cause])}\n`,
    );
    expect(recorder.finish()).toBe(sha256(text.join('')));
  });

  it('is at most RUN_RETENTION.keptEntries trace entries', () => {
    const kept = RUN_RETENTION.keptEntries;
    const stops: string[] = [];
    const recorder = new TraceRecorder(true, (kind, limit) => {
      stops.push(`${kind} ${limit}`);
      throw new EventBudgetError('over');
    });
    for (let i = 0; i < kept; i++) recorder.record(entry);
    expect(() => recorder.record(entry)).toThrow(EventBudgetError);
    expect([stops, recorder.entries!.length]).toEqual([[`trace entries ${kept}`], kept]);
  });

  it('is at most RUN_RETENTION.keptAnswers answers', () => {
    const host = { now: 0, completed: 0, recordAnswer: () => {}, advanceTo: () => {} };
    const stops: string[] = [];
    const deciders = new Deciders(host, {}, new Names(), (kind, limit) => {
      stops.push(`${kind} ${limit}`);
      throw new EventBudgetError('over');
    });
    const question = {
      kind: 'move',
      decision: 'adversary.move',
      owner: 'adversary.move',
      side: 'adversary',
      options: ['stay'],
    } as const;
    const ask = () => deciders.ask(question, () => 'stay', noop);
    for (let i = 0; i < RUN_RETENTION.keptAnswers; i++) ask();
    expect(ask).toThrow(EventBudgetError);
    expect([stops, deciders.log.length]).toEqual([
      [`answers ${RUN_RETENTION.keptAnswers}`],
      RUN_RETENTION.keptAnswers,
    ]);
  });

  it('is at most RUN_RETENTION.queuedEvents events waiting, stopped naming the run', () => {
    const describeRun = () => 'scenario s, design d, seed 3';
    const hooks = { beforeDeliver: noop, changed: noop, perform: noop, drawDelay: () => 0 };
    const kernelWith = (queued: number) => {
      const kernel = new Kernel(new Map(), hooks, { events: 10, describe: describeRun });
      for (let i = 0; i < queued; i++) kernel.schedule(1, noop);
      return kernel;
    };
    const cap = RUN_RETENTION.queuedEvents;
    expect(kernelWith(cap + 1).step(1)).toBe(true);
    expect(() => kernelWith(cap + 2).step(1)).toThrow(
      new EventBudgetError(
        `scenario s, design d, seed 3: the run held more than ${cap} events waiting at once by ` +
          'simulated minute 1 (most likely a loop in zero simulated time); a run holds at most ' +
          `${cap.toLocaleString('en')} queued events, whatever its limits.eventsPerRun`,
      ),
    );
  });
});

function noop(): void {}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
