/**
 * Designs summarised while a batch's runs go on: the baseline's runs go first, a design is
 * summarised only once its runs and the baseline's are all stored, and what the early thread
 * answers is what the run pool's workers answer for the same design at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineFirst, EarlySummaries, linesIn } from '../src/batch/earlySummaries.js';
import { DesignResults, summariseOnPool } from '../src/batch/designSummaries.js';
import { bottomLineOf } from '../src/report/bottomLine.js';
import { runBatch, planOf, startPool } from '../src/batch/runBatch.js';
import { finishContext } from '../src/batch/execute.js';
import { createManifest } from '../src/batch/manifest.js';
import { createWorkerInit } from '../src/batch/batchTask.js';
import { REFERENCE, seeds } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-early-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the order of a batch with early summaries', () => {
  it("moves the baseline's runs to the front, every design's runs in their order", () => {
    // three designs of four runs each, the second the baseline, given in a shuffled order
    const order = [0, 3, 1, 2, 5, 4, 6, 7, 11, 10, 9, 8];
    expect([...baselineFirst(order, 1, 4)]).toEqual([5, 4, 6, 7, 0, 3, 1, 2, 11, 10, 9, 8]);
    expect([...baselineFirst([8, 9, 0], 0, 4)]).toEqual([0, 8, 9]);
  });

  it("counts a chunk part's runs by its lines", () => {
    expect(linesIn('')).toBe(0);
    expect(linesIn('{"a":1}\ta,b\n')).toBe(1);
    expect(linesIn('x\ty\nx\ty\nx\ty\n')).toBe(3);
  });
});

describe('early summaries', () => {
  it("summarise a design once its runs and the baseline's are stored, as the run pool does; the bottom line from their replicates is the one from the outcomes", async () => {
    const options = {
      scenario: REFERENCE,
      designs: 'parallel,acm-2015,bcm-1997',
      seeds: seeds(40),
      baseline: 'parallel',
    };
    // a shard of all the runs keeps its partial files: the rows the summaries read
    const dir = join(root, 'batch');
    await runBatch({ ...options, out: dir, workers: 1, shard: { index: 0, count: 1 } });
    const plan = planOf(options);
    const baseline = plan.designs.findIndex((d) => d.id === 'parallel');
    const ctx = finishContext(
      plan,
      createManifest(plan, dir, { baseline: 'parallel', traces: false }),
      baseline,
    );
    const init = createWorkerInit(plan, { traces: null, dir, columns: ctx.columns });
    const terms = {
      designs: plan.designs.map((d) => d.id),
      baseline,
      decisions: ctx.decisions,
      rungs: ctx.rungs,
      block: seeds(40).length,
      replicates: true,
    };
    const others = [0, 1, 2].filter((d) => d !== baseline);

    const early = new EarlySummaries(init);
    try {
      // as if no run were stored yet
      early.watch(
        terms,
        Uint32Array.from({ length: plan.size }, (_, i) => i),
      );
      early.stored(others[0]!, 40);
      early.stored(others[1]!, 39);
      await early.idle();
      early.stored(baseline, 40);
      await early.idle();
      // the first design and the baseline are summarised; the second lacks a run
      const given: number[] = [];
      const { taken, results } = early.stop((d) => given.push(d));
      expect([...taken].sort()).toEqual([others[0]!, baseline].sort());
      // the distributions made so far are given at once, before the thread has ended
      expect(given.sort()).toEqual([others[0]!, baseline].sort());
      const done = await results;
      expect([...done.keys()].sort()).toEqual([others[0]!, baseline].sort());

      const pool = startPool(2);
      pool.initialise(init);
      const atEnd = new DesignResults(3, () => undefined);
      // as a sweep of too many points asks: the same summaries, without replicates
      const withoutReplicates = new DesignResults(3, () => undefined);
      try {
        await summariseOnPool(pool, terms, [0, 1, 2], atEnd);
        await summariseOnPool(pool, { ...terms, replicates: false }, [0, 1, 2], withoutReplicates);
      } finally {
        await pool.close();
      }
      // the bottom line compared from the summaries' replicates is the one resampled here
      const order = [baseline, ...others];
      const lineOptions = {
        decisions: ctx.decisions,
        labels: ctx.labels,
        horizon: plan.points[0]!.scenario.scenario.horizon,
      };
      const outcomes = order.map((d) => atEnd.outcomes[d]![0]!);
      const indexOf = (design: string) => plan.designs.findIndex((d) => d.id === design);
      const fromSummaries = bottomLineOf(outcomes, {
        ...lineOptions,
        replicates: (design, decision) => atEnd.replicates[indexOf(design)]![0]![decision],
      });
      expect(fromSummaries).toEqual(bottomLineOf(outcomes, lineOptions));
      expect(withoutReplicates.byDesign).toEqual(atEnd.byDesign);
      expect(withoutReplicates.replicates).toEqual([[], [], []]);
      expect(atEnd.replicates.map((r) => Object.keys(r[0]!))).toEqual(
        [0, 1, 2].map(() => ctx.decisions),
      );
      // and the replicates are what it compares: another decision's give other intervals
      const [first, second] = ctx.decisions;
      const swapped = bottomLineOf(outcomes, {
        ...lineOptions,
        replicates: (design, decision) =>
          atEnd.replicates[indexOf(design)]![0]![decision === first ? second! : first!],
      });
      expect(swapped.decisions[0]!.order).not.toEqual(fromSummaries.decisions[0]!.order);
      for (const [d, summarised] of done) {
        expect(summarised.summary.summaries).toEqual(atEnd.byDesign[d]);
        expect(summarised.summary.outcomes).toEqual(atEnd.outcomes[d]);
        expect(summarised.summary.replicates).toEqual(atEnd.replicates[d]);
        expect(summarised.distributions.distributions).toEqual(atEnd.distributions[d]);
      }
      // the baseline's summary has no paired differences; the other's does
      expect(done.get(baseline)!.summary.summaries[0]!.paired).toBeNull();
      expect(done.get(others[0]!)!.summary.summaries[0]!.paired).not.toBeNull();
    } finally {
      await early.close();
    }
  }, 120_000);
});

describe("a batch's steps", () => {
  it('are told in order once each after the runs begin, and not at all by a shard (which has no summaries)', async () => {
    const told: string[] = [];
    const options = { scenario: REFERENCE, designs: 'parallel,acm-2015', seeds: seeds(6) };
    const tell = {
      onStart: () => told.push('runs'),
      onProgress: (done: number, total: number) => {
        if (done === total) told.push('all stored');
      },
      onPhase: (phase: string) => told.push(phase),
    };
    await runBatch({ ...options, ...tell, out: join(root, 'steps'), workers: 1 });
    expect(told).toEqual(['runs', 'all stored', 'summaries', 'bottom line', 'report']);
    told.length = 0;
    const shard = { index: 0, count: 2 };
    await runBatch({ ...options, ...tell, out: join(root, 'steps-shard'), workers: 1, shard });
    expect(told).toEqual(['runs', 'all stored']);
  });
});
