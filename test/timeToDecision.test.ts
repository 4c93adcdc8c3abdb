/**
 * The censoring-aware summary of a decision's latency: every run that needed it is in the sample,
 * undecided ones censored at the horizon; designs compared by the paired difference of restricted
 * means. Checked on a batch small enough to compute by hand, and on simulated runs against the
 * statistics recomputed here from the runs' rows.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulation.js';
import { columnsOf, type ColumnRow } from '../src/report/columns.js';
import { toRow, type RowDecision, type RunRow } from '../src/report/row.js';
import {
  restrictedMeanReplicates,
  seedOf,
  summarizeDesign,
  summarizeDesignWithReplicates,
} from '../src/report/summary.js';
import { latencyTables } from '../src/report/tables.js';
import {
  kmMedian,
  pairedRmstDifference,
  restrictedMean,
  type Observation,
} from '../src/stats/survival.js';
import { referenceModel, seeds } from './helpers.js';

const HORIZON = 100;

/** A run of seed `seed` whose decision `d` had its event at `eventAt` and was decided at `decidedAt`. */
function row(
  seed: number,
  eventAt: number | null,
  decidedAt: number | null,
  closed = 0,
): ColumnRow {
  const latency = eventAt !== null && decidedAt !== null ? decidedAt - eventAt : null;
  const d: RowDecision = {
    eventAt,
    triggeredAt: eventAt,
    decidedAt,
    latencyFromEvent: latency,
    latencyFromKnown: latency,
    closed,
  };
  return {
    seed,
    faitAccompli: false,
    highestRung: 'R0',
    timeAtObjectiveOrHigher: 0,
    decisions: { d },
  };
}

describe('a decision over the runs that needed it, censored at the horizon', () => {
  // baseline: decided after 20, 50 and 10; needed from 20 and not decided (censored at 80); seed 4 never needed it
  const baseline = columnsOf(
    'base',
    [row(1, 10, 30), row(2, 0, 50), row(3, 20, null), row(4, null, null), row(5, 5, 15)],
    ['d'],
  );
  // design: decided after 10, 20 and 30; censored at 100 (undecided) and at 95 (closed before issue)
  const design = columnsOf(
    'other',
    [row(1, 10, 20), row(2, 0, null), row(3, 20, 40), row(4, 30, 60), row(5, 5, null, 1)],
    ['d'],
  );
  const options = { decisions: ['d'], rungs: ['R0'], horizon: HORIZON, resamples: 200 };
  const base = summarizeDesign(baseline, null, options);
  const other = summarizeDesign(design, baseline, options);

  it('gives the Kaplan–Meier median, the share decided and the RMST computed by hand', () => {
    // design: S falls to 0.8, 0.6, 0.4 at 10, 20, 30 → median 30; RMST = 10 + 8 + 6 + 0.4 × 70 = 52
    const t = other.latencies[0]!.timeToDecision;
    expect(t.needed).toBe(5);
    expect(t.decidedByHorizon).toBe(3);
    expect(t.shareDecided.estimate).toBe(0.6);
    expect(t.median.estimate).toBe(30);
    expect(t.restrictedMean.tau).toBe(HORIZON);
    expect(t.restrictedMean.estimate).toBeCloseTo(52, 12);
    // baseline: S = 0.75, 0.5, 0.25 at 10, 20, 50 → exactly one half on [20, 50): median 35;
    // RMST = 10 + 7.5 + 15 + 0.25 × 50 = 45
    const b = base.latencies[0]!.timeToDecision;
    expect(b.needed).toBe(4);
    expect(b.shareDecided.estimate).toBe(0.75);
    expect(b.median.estimate).toBe(35);
    expect(b.restrictedMean.estimate).toBeCloseTo(45, 12);
    expect(base.paired).toBeNull();
  });

  it('pairs restricted means by seed; "both decided" keeps only seed 1', () => {
    const paired = other.paired![0]!;
    expect(paired.restrictedMean.estimate).toBeCloseTo(52 - 45, 12);
    expect(paired.restrictedMean).toMatchObject({ nA: 4, nB: 5, resamples: 200 });
    const by = (times: Array<[number, boolean] | undefined>) =>
      times.map((t) => (t ? { time: t[0], event: t[1] } : undefined));
    const expected = pairedRmstDifference(
      by([[20, true], [50, true], [80, false], undefined, [10, true]]),
      by([
        [10, true],
        [100, false],
        [20, true],
        [30, true],
        [95, false],
      ]),
      HORIZON,
      { seed: seedOf('d/restrictedMean/paired'), resamples: 200 },
    );
    expect(paired.restrictedMean).toEqual(expected);
    expect(paired.restrictedMean.lower).toBeLessThan(7);
    expect(paired.restrictedMean.upper).toBeGreaterThan(7);
    // the seeds where both decided: only seed 1, 10 − 20
    expect(paired.fromEvent).toMatchObject({ n: 1, meanDifference: -10 });
  });

  it('renders both definitions side by side, labelled', () => {
    const lines = latencyTables([base, other], new Map(), 'base');
    expect(lines).toContain(
      '| design | needed | decided by the horizon [95% CI] | Kaplan–Meier median [95% CI] | RMST to the horizon ± SE | Δ RMST vs base [95% CI] | Δ mean, both decided [95% CI] |',
    );
    const otherRow = lines.find((l) => l.startsWith('| other | 5/5 |'))!;
    expect(otherRow).toContain(' 30m [');
    expect(otherRow).toContain(' 52m ± ');
    expect(otherRow).toContain('| +7m [');
    expect(otherRow).toMatch(/\| −10m \[−10m, −10m\] \(1 pair\) \|$/);
    expect(lines.find((l) => l.startsWith('| base | 4/5 |'))).toContain(' 35m [');
    expect(lines).toContain(
      '| design | measured from | decided | median of decided runs [95% CI] | p90 of decided runs [95% CI] | Δ mean vs base, both decided [95% CI] | Δ median, both decided [95% CI] | pairs that differ | pairs (both decided) |',
    );
  });

  it('says "not reached" where fewer than half decided by the horizon', () => {
    const late = columnsOf('late', [row(1, 0, 90), row(2, 0, null), row(3, 0, null)], ['d']);
    const s = summarizeDesign(late, null, options);
    expect(s.latencies[0]!.timeToDecision.median.estimate).toBe(Infinity);
    expect(latencyTables([s], new Map(), 'late').find((l) => l.startsWith('| late |'))).toContain(
      '| not reached [',
    );
  });
});

describe('on simulated runs', () => {
  const decision = 'us.article5Reaffirmed';
  const model = referenceModel('parallel');
  const rowsOf = (design: string): RunRow[] =>
    seeds(15).map((seed) => toRow(simulate(referenceModel(design), { seed })));
  const baseRows = rowsOf('parallel');
  const ownRows = rowsOf('acm-2015');
  const rungs = model.scenario.ladder.rungs.map((r) => r.id);
  const options = { decisions: [decision], rungs, horizon: model.horizon, resamples: 100 };
  const summary = summarizeDesign(
    columnsOf('acm-2015', ownRows, [decision]),
    columnsOf('parallel', baseRows, [decision]),
    options,
  );

  /** A run's observation read straight off its row: needed when its event happened. */
  const observation = (r: RunRow): Observation | undefined => {
    const d = r.decisions[decision]!;
    if (d.eventAt === null) return undefined;
    return d.decidedAt === null
      ? { time: model.horizon - d.eventAt, event: false }
      : { time: d.latencyFromEvent!, event: true };
  };

  it('has runs of every kind: decided, not decided (censored), never needed', () => {
    const all = [...baseRows, ...ownRows].map(observation);
    expect(all.some((o) => o === undefined)).toBe(true);
    expect(all.some((o) => o?.event === false)).toBe(true);
    expect(all.some((o) => o?.event === true)).toBe(true);
  });

  it("matches the Kaplan–Meier median and RMST of the runs' rows, and the paired difference by seed", () => {
    const own = ownRows.map(observation);
    const sample = own.filter((o): o is Observation => o !== undefined);
    const t = summary.latencies[0]!.timeToDecision;
    expect(t.needed).toBe(sample.length);
    expect(t.decidedByHorizon).toBe(sample.filter((o) => o.event).length);
    expect(t.median).toEqual(kmMedian(sample));
    expect(t.restrictedMean).toEqual(restrictedMean(sample, model.horizon));
    // a naive product-limit median: the first event time where S ≤ 1/2 (no exact half here)
    let survival = 1;
    let naive = Infinity;
    for (const time of [...new Set(sample.filter((o) => o.event).map((o) => o.time))].sort(
      (a, b) => a - b,
    )) {
      const atRisk = sample.filter((o) => o.time >= time).length;
      survival *= 1 - sample.filter((o) => o.event && o.time === time).length / atRisk;
      if (survival <= 0.5) {
        naive = time;
        break;
      }
    }
    expect(Math.abs(survival - 0.5)).toBeGreaterThan(1e-9);
    expect(t.median.estimate).toBe(naive);
    // the paired difference, seed by seed (both designs ran the same seeds, in the same order)
    expect(ownRows.map((r) => r.seed)).toEqual(baseRows.map((r) => r.seed));
    const expected = pairedRmstDifference(baseRows.map(observation), own, model.horizon, {
      seed: seedOf(`${decision}/restrictedMean/paired`),
      resamples: 100,
    });
    expect(summary.paired![0]!.restrictedMean).toEqual(expected);
  });

  it('spares resampling the baseline with its replicates given, and gives the same figures', () => {
    const own = columnsOf('acm-2015', ownRows, [decision]);
    const base = columnsOf('parallel', baseRows, [decision]);
    const known = restrictedMeanReplicates(base, options);
    const given = summarizeDesignWithReplicates(own, base, options, known);
    expect(given.summary).toEqual(summary);
    expect(given.replicates).toEqual(summarizeDesignWithReplicates(own, base, options).replicates);
    // the given replicates are what it pairs with: shifted by an hour, they shift the interval
    const shifted = {
      [decision]: {
        ...known[decision]!,
        replicates: known[decision]!.replicates.map((x) => x + 60),
      },
    };
    expect(
      summarizeDesignWithReplicates(own, base, options, shifted).summary.paired![0]!.restrictedMean,
    ).not.toEqual(summary.paired![0]!.restrictedMean);
  });
});
