/**
 * A batch worker's fast line (`rowLine`) writes the very bytes of the row's own encoders,
 * `rowJson(toRow(r))` and `csvLine(toRow(r), columns, sweep)`: over real runs of every bundled
 * design of two scenarios, with and without a sweep, and over made-up results at the edges
 * (times that round at four decimals, negative, huge or not finite; ids a plain object reorders).
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/engine/simulation.js';
import { simulate } from '../src/engine/simulation.js';
import type { DecisionMetric } from '../src/engine/metrics.js';
import { compileModel } from '../src/model/compile.js';
import { rowJson } from '../src/report/jsonRow.js';
import { csvLine, DECISION_TIMES, toRow } from '../src/report/row.js';
import { rowLine } from '../src/report/rowLine.js';
import { designDirectory, listDesignFiles } from '../src/scenario/catalog.js';
import { loadDesign, loadScenario } from '../src/scenario/load.js';
import { REFERENCE, seeds } from './helpers.js';

/** No sweep: one array for every call, as a batch passes, so that the encoder's caches are used. */
const NO_SWEEP: string[] = [];
const SWEEP_OF_LONG = ['links.x', 'mode'];
const SWEEP = ['links.member.latency.mean', 'adversary.mode', 'jp.pm.rate'];
/** A sweep point's label: a number, a text with a comma and quotes, and a path it does not set. */
const POINT = 'links.member.latency.mean=2.5;adversary.mode=fast, "bold"';

/** The two lines' differences from the slow encoders', as one message per mismatch. */
function mismatches(
  result: RunResult,
  point: string,
  columns: readonly string[],
  sweep: readonly string[],
): string[] {
  const row = toRow(result, point);
  const line = rowLine(result, point, columns, sweep);
  const expected = `${rowJson(row)}\t${csvLine(row, columns, sweep)}\n`;
  return line === expected ? [] : [`${result.design}:${result.seed}:\n${line}\n${expected}`];
}

/** Every bundled design's runs of a scenario, seeds 1..n. */
function runsOf(file: string, n: number): { columns: string[]; results: RunResult[] } {
  const { scenario } = loadScenario(file);
  const results: RunResult[] = [];
  for (const design of listDesignFiles(designDirectory(file))) {
    const model = compileModel(scenario, loadDesign(design, scenario).design);
    for (const seed of seeds(n)) results.push(simulate(model, { seed, keepAnswers: false }));
  }
  return { columns: scenario.decisions.map((d) => d.id), results };
}

describe('rowLine over real runs', () => {
  for (const [file, n] of [
    [REFERENCE, 150],
    ['scenarios/senkaku-island-seizure.yaml', 60],
  ] as const) {
    it(`writes the row encoders' bytes for every design of ${file}`, () => {
      const { columns, results } = runsOf(file, n);
      // a design with decisions of its own: in its JSON, not among the CSV's columns
      expect(results.some((r) => r.decisions.some((d) => !columns.includes(d.id)))).toBe(true);
      const sweep = [...SWEEP];
      // every design has every decision of these scenarios: another column list has one none has
      const others = ['jp.notInAnyDesign', ...columns.slice().reverse()];
      const bad = results.flatMap((r) => [
        ...mismatches(r, '', columns, NO_SWEEP),
        ...mismatches(r, POINT, columns, sweep),
        ...mismatches(r, `${POINT};jp.pm.rate=0.25`, others, sweep),
      ]);
      expect(bad.slice(0, 3)).toEqual([]);
    }, 120_000);
  }
});

/** A made-up result whose every time is `t` (undefined: never reached). */
function made(
  t: number | undefined,
  ids: readonly string[] = ['jp.a', 'us.b', 'jp.c'],
  closed = 0,
): RunResult {
  const decision = (id: string, i: number): DecisionMetric => ({
    id,
    side: 'japan',
    eventAt: t,
    triggeredAt: i === 1 ? undefined : t,
    decidedAt: i === 2 ? undefined : t,
    latencyFromEvent: t === undefined ? undefined : -t,
    latencyFromKnown: i === 0 ? 0 : t,
    standing: false,
    closed: i === 2 ? closed : 0,
  });
  return {
    seed: 7,
    design: 'made-up, "design"',
    traceHash: '0123abcd',
    events: 12,
    decisions: ids.map(decision),
    outcome: {
      highestRung: 'R3',
      highestRungIndex: 3,
      finalRung: 'R2, "cooling"',
      faitAccompli: t === undefined,
      objectiveReachedAt: t,
      responseInPlaceAt: t === undefined ? undefined : t / 3,
      timeAtObjectiveOrHigher: t ?? 0,
    },
    answers: [],
  };
}

const EDGES = [
  undefined,
  0,
  -0,
  1e-9,
  -1e-9,
  0.004,
  1 / 60,
  336.43333333333334,
  // whole seconds whose four-decimal text rounds up (…0.98333 → .9833) or down (…0.0166 → .0167)
  59 / 60,
  1 / 60 - 1e-12,
  12.345649999,
  12.34565,
  1439.9999999,
  -17.25,
  -1 / 60 + 1e-13,
  2 ** 31 / 60 - 1 / 60,
  2 ** 31 / 60,
  2 ** 31 / 60 + 1 / 60,
  -(2 ** 31 / 60) - 1,
  1.5e13,
  3.3e20,
  2e22,
  Number.MAX_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

describe('rowLine at the edges', () => {
  const columns = ['us.b', 'jp.missing', 'jp.a', 'jp.c'];
  const sweep = [...SWEEP];

  it('writes every time as the row encoders do, in both halves', () => {
    const bad = EDGES.flatMap((t) => [
      ...mismatches(made(t), '', columns, NO_SWEEP),
      ...mismatches(made(t, undefined, 2), POINT, columns, sweep),
    ]);
    expect(bad).toEqual([]);
  });

  it('writes every whole second of a week, and of the seconds around 2^31', () => {
    const bad: string[] = [];
    for (let s = -3600; s < 7 * 24 * 3600 && bad.length === 0; s += 7)
      bad.push(...mismatches(made(s / 60 + 1e-7), '', columns, NO_SWEEP));
    for (let s = 2 ** 31 - 200; s < 2 ** 31 + 200 && bad.length === 0; s++)
      bad.push(
        ...mismatches(made(s / 60), '', columns, NO_SWEEP),
        ...mismatches(made(-s / 60), '', columns, NO_SWEEP),
      );
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('keeps the JSON key order of ids a plain object reorders, repeats or does not keep', () => {
    for (const ids of [
      ['jp.a', '7', 'jp.c'],
      ['jp.a', '__proto__', 'jp.c'],
      ['jp.a', 'us.b', 'jp.a'],
      ['jp.a', 'us "b",\nc', 'jp.c'],
      [],
    ])
      expect(mismatches(made(3.25, ids, 1), POINT, ['jp.a', '7', 'us "b",\nc'], sweep)).toEqual([]);
  });

  it('notices a design whose runs list other decisions than its last run', () => {
    expect([
      ...mismatches(made(5, ['jp.a', 'us.b', 'jp.c']), '', columns, NO_SWEEP),
      ...mismatches(made(5, ['jp.a', 'jp.c', 'us.b']), '', columns, NO_SWEEP),
      ...mismatches(made(5, ['jp.a', 'jp.c']), '', columns, NO_SWEEP),
      ...mismatches(made(5, ['jp.a', 'jp.c', 'us.b', 'jp.missing']), '', columns, NO_SWEEP),
    ]).toEqual([]);
  });

  it('writes text that is not ASCII, or a trace hash that JSON or CSV would escape, as the row encoders do', () => {
    const strange = (r: RunResult, over: Partial<RunResult>): RunResult => ({ ...r, ...over });
    const [strangeColumns, strangeSweep] = [['jp.a', 'us.é'], ['x']];
    const outcome = made(4).outcome;
    for (const r of [
      strange(made(4), { design: 'sliding – 尖閣' }),
      strange(made(4), { design: 'lone \ud800 surrogate' }),
      strange(made(4), { traceHash: 'ab"c,d\\e' }),
      strange(made(4), { traceHash: 'ab\nc' }),
      strange(made(4), { traceHash: 'ab,c' }),
      strange(made(4), { outcome: { ...outcome, highestRung: 'R9 – 武力攻撃' } }),
      strange(made(4), { outcome: { ...outcome, finalRung: 'R1\u0001' } }),
      strange(made(4, ['jp.a', 'us.é', 'jp.c']), {}),
    ])
      expect(mismatches(r, 'x=1', strangeColumns, strangeSweep)).toEqual([]);
    expect(mismatches(made(4), 'links.x=1;mode=ü', ['jp.a'], ['links.x', 'mode'])).toEqual([]);
    expect(mismatches(made(4), 'links.x=1;mode=é,"', ['jp.a'], ['links.x', 'mode'])).toEqual([]);
  });

  it('writes counts that are missing, fractional, negative or not finite as the row encoders do', () => {
    const counts = [Number.NaN, undefined, 3, 0.5, -2, 2 ** 31, Number.POSITIVE_INFINITY];
    for (const closed of counts) {
      const r = made(2);
      const decisions = r.decisions.map((d) => ({ ...d, closed: closed as number }));
      expect(mismatches({ ...r, decisions }, '', columns, NO_SWEEP)).toEqual([]);
      expect(mismatches({ ...r, seed: closed as number }, '', columns, NO_SWEEP)).toEqual([]);
      expect(mismatches({ ...r, events: closed as number }, '', columns, NO_SWEEP)).toEqual([]);
    }
  });

  it("writes every decision's status: each set of its times present or not, closed or not", () => {
    const times = DECISION_TIMES.length;
    const ids = Array.from({ length: 2 ** times * 2 }, (_, i) => `d${i}`);
    const decisions = ids.map((id, i): DecisionMetric => {
      const at = (f: number) => ((i >> f) & 1 ? 10 + f : undefined);
      return {
        id,
        side: 'japan',
        eventAt: at(0),
        triggeredAt: at(1),
        decidedAt: at(2),
        latencyFromEvent: at(3),
        latencyFromKnown: at(4),
        standing: false,
        closed: i >= 2 ** times ? 1 : 0,
      };
    });
    expect(mismatches({ ...made(1), decisions }, '', ids, NO_SWEEP)).toEqual([]);
  });

  it('writes lines longer than its first buffer: many decisions, a long point label', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `jp.decision${i}`);
    const long = `links.x=${'9'.repeat(300_000)};mode=${'a,"'.repeat(5_000)}`;
    expect(mismatches(made(1e6 / 7, ids), long, ids, SWEEP_OF_LONG)).toEqual([]);
    expect(mismatches(made(1e6 / 7, ids), '', ids, SWEEP_OF_LONG)).toEqual([]);
  });
});
