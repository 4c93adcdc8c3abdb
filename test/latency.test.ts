/**
 * Each decision is measured twice: from the event that made it necessary (the rung entry its
 * report told of, or the decision whose entry into force was announced) and from when its
 * capital learned of it. Checked against event times read off kept traces here.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulation.js';
import { metricsFromTrace, type DecisionMetric } from '../src/engine/metrics.js';
import type { TraceEntry } from '../src/engine/trace.js';
import { csvHeader, csvLine, toRow } from '../src/report/row.js';
import { columnsOf } from '../src/report/columns.js';
import { seedOf, summarizeDesign } from '../src/report/summary.js';
import { bootstrapQuantileIntervals, jointQuantileIntervals } from '../src/stats/bootstrap.js';
import { latencyTables } from '../src/report/tables.js';
import { quantile } from '../src/stats/quantile.js';
import { REFERENCE, entersForce, referenceModel, seeds } from './helpers.js';
import { runCommand } from './inputCases.js';

const DESIGNS = ['parallel', 'acm-2015', 'cfc-integrated'];

/**
 * Per decision, the trace entry where it last left `dormant` before it first entered force (the
 * round that was decided; the last round when none was), and the time of the event its cause names.
 */
function triggers(
  trace: readonly TraceEntry[],
  decisions: ReadonlySet<string>,
): Map<string, { entry: TraceEntry; eventAt: number }> {
  const found = new Map<string, { entry: TraceEntry; eventAt: number }>();
  const decided = new Set<string>();
  trace.forEach((e, i) => {
    const [region, state] = e.from.split('/');
    if (e.kind === 'state' && e.to.startsWith(`${e.to.split('/')[0]}/inForce`))
      decided.add(e.to.split('/')[0]!);
    if (
      e.kind !== 'state' ||
      state !== 'dormant' ||
      !decisions.has(region!) ||
      decided.has(region!)
    )
      return;
    const [kind, name] = e.cause.split(':');
    const match =
      kind === 'report'
        ? (x: TraceEntry) => x.kind === 'state' && x.actor === 'ladder' && x.to === name
        : kind === 'inForce'
          ? entersForce(name!)
          : null;
    const event = match
      ? trace
          .slice(0, i + 1)
          .reverse()
          .find(match)
      : undefined;
    found.set(region!, { entry: e, eventAt: event?.t ?? e.t });
  });
  return found;
}

const runs = DESIGNS.flatMap((design) =>
  seeds(15).map((seed) => ({
    design,
    seed,
    result: simulate(referenceModel(design), { seed, keepTrace: true }),
  })),
);

describe('latency from the event and from when the capital knew', () => {
  it('takes the last entry into the rung or into force at or before the trigger', () => {
    const state = (
      t: number,
      actor: string,
      from: string,
      to: string,
      cause: string,
    ): TraceEntry => ({ t, kind: 'state', actor, event: 'X', from, to, cause });
    const trace = [
      state(0, 'ladder', 'idle', 'R0', 'start'),
      state(10, 'ladder', 'R0', 'R1', 'adversary'),
      state(20, 'ladder', 'R1', 'R0', 'adversary'),
      state(30, 'ladder', 'R0', 'R1', 'adversary'),
      state(40, 'japan', 'a/dormant', 'a/staffing', 'report:R1'),
      state(50, 'ladder', 'R1', 'R0', 'adversary'),
      state(55, 'ladder', 'R0', 'R1', 'adversary'),
      state(60, 'japan', 'a/staffing', 'a/inForce.operation.active', 'decider:approve'),
      state(
        65,
        'japan',
        'a/inForce.operation.active',
        'a/inForce.operation.reviewing',
        'report:R0',
      ),
      state(90, 'japan', 'b/dormant', 'b/staffing', 'inForce:a'),
      state(95, 'japan', 'c/dormant', 'c/staffing', 'news'),
      state(100, 'japan', 'b/staffing', 'b/inForce', 'decider:approve'),
      state(110, 'japan', 'c/staffing', 'c/inForce', 'decider:approve'),
    ];
    const spec = {
      decisions: ['a', 'b', 'c'].map((id) => ({ id, side: 'japan' })),
      rungs: ['R0', 'R1'],
      objective: 'R1',
      responseInPlace: [],
      horizon: 10_000,
    };
    const byId = new Map(metricsFromTrace(trace, spec).decisions.map((d) => [d.id, d]));
    expect(byId.get('a')).toMatchObject({
      eventAt: 30,
      triggeredAt: 40,
      decidedAt: 60,
      latencyFromEvent: 30,
      latencyFromKnown: 20,
    });
    expect(byId.get('b')).toMatchObject({
      eventAt: 60,
      triggeredAt: 90,
      decidedAt: 100,
      latencyFromEvent: 40,
      latencyFromKnown: 10,
    });
    expect(byId.get('c')).toMatchObject({
      eventAt: 95,
      triggeredAt: 95,
      decidedAt: 110,
      latencyFromEvent: 15,
      latencyFromKnown: 15,
    });
    // at the objective R1 from 10 to 20, 30 to 50, and 55 to the horizon
    expect(metricsFromTrace(trace, spec).outcome.timeAtObjectiveOrHigher).toBe(
      10 + 20 + (10_000 - 55),
    );
  });

  it('time at the objective or higher is zero in runs that never reach it, and at most the time since they first did', () => {
    for (const { design, seed, result } of runs) {
      const o = result.outcome;
      if (o.objectiveReachedAt === undefined)
        expect(o.timeAtObjectiveOrHigher, `${design}:${seed}`).toBe(0);
      else
        expect(o.timeAtObjectiveOrHigher, `${design}:${seed}`).toBeLessThanOrEqual(
          referenceModel(design).horizon - o.objectiveReachedAt,
        );
    }
  });

  it('eventAt is when the rung was entered or the decision came into force, as read off the trace', () => {
    const causes = new Set<string>();
    for (const { design, seed, result } of runs) {
      const ids = new Set(result.decisions.map((d) => d.id));
      const found = triggers(result.trace!, ids);
      for (const d of result.decisions) {
        const where = `${design}:${seed} ${d.id}`;
        const t = found.get(d.id);
        if (d.standing) {
          expect(d.eventAt, where).toBe(d.decidedAt);
        } else if (t === undefined) {
          expect(d.eventAt, where).toBeUndefined();
        } else {
          causes.add(t.entry.cause.split(':')[0]!);
          expect(d.triggeredAt, where).toBe(t.entry.t);
          expect(d.eventAt, where).toBe(t.eventAt);
        }
      }
    }
    // both kinds of event occur in these runs
    expect(causes).toContain('report');
    expect(causes).toContain('inForce');
  });

  it('from the event is never shorter than from when known, and longer when the report took time', () => {
    let delayed = 0;
    for (const { design, seed, result } of runs) {
      const found = triggers(result.trace!, new Set(result.decisions.map((d) => d.id)));
      for (const d of result.decisions.filter(
        (x): x is DecisionMetric & { decidedAt: number } => x.decidedAt !== undefined,
      )) {
        const where = `${design}:${seed} ${d.id}`;
        expect(d.latencyFromEvent, where).toBe(d.decidedAt - d.eventAt!);
        expect(d.latencyFromKnown, where).toBe(d.decidedAt - d.triggeredAt!);
        expect(d.latencyFromEvent!, where).toBeGreaterThanOrEqual(d.latencyFromKnown!);
        const t = found.get(d.id);
        if (t?.entry.cause.startsWith('report:') && t.entry.t > t.eventAt) {
          delayed++;
          expect(d.latencyFromEvent!, where).toBeGreaterThan(d.latencyFromKnown!);
        }
      }
    }
    expect(delayed).toBeGreaterThan(20);
  });

  it('rows hold both, and the CSV names both columns next to the row values', () => {
    const { result } = runs.find((r) =>
      r.result.decisions.some((d) => d.id === 'jp.mso' && d.decidedAt !== undefined),
    )!;
    const row = toRow(result);
    const ids = ['jp.mso', 'us.fdo'];
    const header = csvHeader(ids).split(',');
    expect(header).toEqual(
      expect.arrayContaining([
        'jp.mso.status',
        'jp.mso.eventAt_min',
        'jp.mso.triggeredAt_min',
        'jp.mso.latencyFromEvent_min',
        'jp.mso.latencyFromKnown_min',
        'us.fdo.latencyFromEvent_min',
      ]),
    );
    const cells = new Map(header.map((h, i) => [h, csvLine(row, ids).split(',')[i]]));
    const mso = result.decisions.find((d) => d.id === 'jp.mso')!;
    expect(cells.get('jp.mso.status')).toBe('decided');
    // minutes at the trace's resolution: within half a second, and no more than four decimals
    for (const [column, value] of [
      ['latencyFromEvent', mso.latencyFromEvent!],
      ['latencyFromKnown', mso.latencyFromKnown!],
      ['eventAt', mso.eventAt!],
    ] as const) {
      const cell = cells.get(`jp.mso.${column}_min`)!;
      expect(Math.abs(Number(cell) - value), column).toBeLessThan(0.5 / 60 + 1e-4);
      expect(cell, column).toMatch(/^\d+(\.\d{1,4})?$/);
    }
  });

  it('summaries give quantiles of each measure, and tables label both', () => {
    const decisions = ['jp.mso', 'us.fdo'];
    const rungs = referenceModel('parallel').scenario.ladder.rungs.map((r) => r.id);
    const horizon = referenceModel('parallel').horizon;
    const columns = (design: string) =>
      columnsOf(
        design,
        runs.filter((r) => r.design === design).map((r) => toRow(r.result)),
        decisions,
      );
    const base = columns('parallel');
    const summary = summarizeDesign(columns('acm-2015'), base, {
      decisions,
      rungs,
      resamples: 50,
      horizon,
    });
    const rows = runs
      .filter((r) => r.design === 'acm-2015')
      .map((r) => toRow(r.result).decisions['jp.mso']!);
    const sorted = (xs: (number | null)[]) =>
      xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
    const mso = summary.latencies.find((l) => l.decision === 'jp.mso')!;
    const fromEvent = sorted(rows.map((r) => r.latencyFromEvent));
    expect(mso.reached).toBe(fromEvent.length);
    expect(mso.fromEvent.median.estimate).toBe(quantile(fromEvent, 0.5));
    expect(mso.fromKnown.median.estimate).toBe(
      quantile(sorted(rows.map((r) => r.latencyFromKnown)), 0.5),
    );
    expect(mso.fromEvent.p90.estimate).toBeGreaterThanOrEqual(mso.fromKnown.p90.estimate);
    expect(summary.paired!.find((p) => p.decision === 'jp.mso')!.fromEvent.n).toBe(
      summary.paired!.find((p) => p.decision === 'jp.mso')!.fromKnown.n,
    );

    const lines = latencyTables(
      [summarizeDesign(base, null, { decisions, rungs, resamples: 50, horizon }), summary],
      new Map(),
      'parallel',
    );
    expect(lines).toContain(
      '| design | measured from | decided | median of decided runs [95% CI] | p90 of decided runs [95% CI] | Δ mean vs parallel, both decided [95% CI] | Δ median, both decided [95% CI] | pairs that differ | pairs (both decided) |',
    );
    expect(lines[0]).toMatch(
      /^The first table per decision counts every run that needed the decision/,
    );
    expect(lines[2]).toMatch(/^The second table counts only the runs that decided it/);
    // the paired difference counts the seeds both reached, and how many of them differ at all
    const baseRows = new Map(
      runs
        .filter((r) => r.design === 'parallel')
        .map((r) => [r.seed, toRow(r.result).decisions['jp.mso']!.latencyFromEvent]),
    );
    const pairs = runs
      .filter((r) => r.design === 'acm-2015')
      .flatMap((r) => {
        const mine = toRow(r.result).decisions['jp.mso']!.latencyFromEvent;
        const theirs = baseRows.get(r.seed);
        return mine === null || theirs === null || theirs === undefined ? [] : [mine - theirs];
      });
    const paired = summary.paired!.find((p) => p.decision === 'jp.mso')!.fromEvent;
    expect(paired.n).toBe(pairs.length);
    expect(paired.differing).toBe(pairs.filter((d) => d !== 0).length);
    expect(paired.meanDifference).toBeCloseTo(pairs.reduce((a, b) => a + b, 0) / pairs.length, 9);
    for (const design of ['parallel', 'acm-2015']) {
      expect(lines.some((l) => l.startsWith(`| ${design} | event |`))).toBe(true);
      expect(lines.some((l) => l.startsWith(`| ${design} | capital knew |`))).toBe(true);
    }
  });

  it("resamples a decision's two latencies together, from-known under its own seed as if alone; each alone when they are not of the same runs", () => {
    const decisions = ['jp.mso'];
    const rungs = referenceModel('parallel').scenario.ladder.rungs.map((r) => r.id);
    const horizon = referenceModel('parallel').horizon;
    const acm = columnsOf(
      'acm-2015',
      runs.filter((r) => r.design === 'acm-2015').map((r) => toRow(r.result)),
      decisions,
    );
    const options = { seed: seedOf('acm-2015/jp.mso/p50'), resamples: 50 };
    const decided = (column: Float64Array) => Array.from(column).filter((x) => !Number.isNaN(x));
    const known = decided(acm.latencyFromKnown[0]!);
    const event = decided(acm.latencyFromEvent[0]!);
    const together = summarizeDesign(acm, null, { decisions, rungs, resamples: 50, horizon })
      .latencies[0]!;
    const [expectedKnown, expectedEvent] = jointQuantileIntervals(
      [known, event],
      [0.5, 0.9],
      options,
    );
    expect([together.fromKnown.median, together.fromKnown.p90]).toEqual(
      bootstrapQuantileIntervals(
        [...known].sort((a, b) => a - b),
        [0.5, 0.9],
        options,
      ),
    );
    expect([together.fromKnown.median, together.fromKnown.p90]).toEqual(expectedKnown);
    expect([together.fromEvent.median, together.fromEvent.p90]).toEqual(expectedEvent);
    // a run with a from-event latency and none from when its capital knew: the measures are of different runs
    const first = acm.latencyFromKnown[0]!.findIndex((x) => !Number.isNaN(x));
    const changed = {
      ...acm,
      latencyFromKnown: [acm.latencyFromKnown[0]!.map((x, i) => (i === first ? NaN : x))],
    };
    const apart = summarizeDesign(changed, null, { decisions, rungs, resamples: 50, horizon })
      .latencies[0]!;
    expect([apart.fromEvent.median, apart.fromEvent.p90]).toEqual(
      bootstrapQuantileIntervals(
        [...event].sort((a, b) => a - b),
        [0.5, 0.9],
        { seed: seedOf('acm-2015/jp.mso/fromEvent/p50'), resamples: 50 },
      ),
    );
  });

  it('sim --json shows both for every decision decided, and its table both columns', () => {
    const args = ['--scenario', REFERENCE, '--design', 'parallel', '--seed', '3'];
    const json = runCommand('sim', [...args, '--json']);
    expect(json.status, json.stderr).toBe(0);
    const decided = (JSON.parse(json.stdout) as { decisions: DecisionMetric[] }).decisions.filter(
      (d) => d.decidedAt !== undefined,
    );
    expect(decided.length).toBeGreaterThan(0);
    for (const d of decided) {
      expect(d.latencyFromEvent, d.id).toBeCloseTo(d.decidedAt! - d.eventAt!, 9);
      expect(d.latencyFromKnown, d.id).toBeCloseTo(d.decidedAt! - d.triggeredAt!, 9);
    }
    expect(decided.some((d) => d.eventAt! < d.triggeredAt!)).toBe(true);
    const text = runCommand('sim', args);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^decision +side +event +known +decided +from event +from known$/m);
  }, 30_000);
});
