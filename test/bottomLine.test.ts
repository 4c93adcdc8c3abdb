/**
 * The bottom line of a fixed small batch (three designs × 60 seeds on the reference scenario):
 * every number its sentences state is read back out of the words and checked against
 * `summary.json` and `results.jsonl`, computed here independently; the McNemar p-value against an
 * exact binomial sum in integers; the groups against the pairwise intervals; and `rungs start`'s
 * headline (a few lines, the report's path last).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import type { BatchSummary } from '../src/batch/summaryFiles.js';
import type { RunRow } from '../src/report/row.js';
import { mcnemarExactP } from '../src/stats/mcnemar.js';
import { pairedRmstDifference, resampledRmst, type Observation } from '../src/stats/survival.js';
import { seedOf } from '../src/report/summary.js';
import {
  bottomLineHeadline,
  bottomLineOf,
  hoursAndMinutes,
  type SeedOutcomes,
} from '../src/report/bottomLine.js';
import { REFERENCE, referenceModel } from './helpers.js';
import { runCommand } from './command.js';
import { compareDesigns } from '../src/analysis/compare.js';
import { comparisonReportHtml } from '../src/report/compareReport.js';
import { timelineRun } from '../src/batch/execute.js';
import type { DesignDistributions } from '../src/report/distribution.js';
import { escape } from '../src/report/html.js';

const DESIGNS = ['acm-2015', 'acm-flexing', 'parallel'];
const SEEDS = 60;
const root = mkdtempSync(join(tmpdir(), 'rungs-bottom-line-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Two-sided exact McNemar p-value from binomial coefficients in integers. */
function exactMcnemar(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  let choose = 1n;
  let tail = 0n;
  for (let i = 0; i <= k; i++) {
    tail += choose;
    choose = (choose * BigInt(n - i)) / BigInt(i + 1);
  }
  // tail / 2^n, as a float with enough precision for any n here
  const scaled = Number((tail * 10n ** 18n) / 2n ** BigInt(n)) / 1e18;
  return Math.min(1, 2 * scaled);
}

/** "11 h 59 min", "−42 min", "3 min" back to minutes. */
function minutesOf(text: string): number {
  const m = /^(−?)(?:(\d+) h )?(\d+) min$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2] ?? 0) * 60 + Number(m[3]));
}

const number = (text: string) => Number(text.replace('−', '-'));

describe('the exact McNemar test', () => {
  it('gives twice the smaller binomial tail, as integers give it, even past 1074 discordant pairs', () => {
    for (const [b, c] of [
      [0, 0],
      [3, 0],
      [5, 5],
      [12, 4],
      [40, 61],
      [700, 800],
    ] as const)
      expect(mcnemarExactP(b, c), `${b}/${c}`).toBeCloseTo(exactMcnemar(b, c), 12);
    // 3 vs 0: 2 × (1/8)
    expect(mcnemarExactP(3, 0)).toBeCloseTo(0.25, 15);
    expect(() => mcnemarExactP(-1, 2)).toThrow(RangeError);
  });
});

describe('the bottom line of a small batch', () => {
  const dir = join(root, 'batch');
  let summary: BatchSummary;
  let rows: RunRow[];
  const labels = new Map(referenceModel('parallel').decisions.map((d) => [d.id, d.label]));

  beforeAll(async () => {
    await runBatch({
      scenario: REFERENCE,
      designs: DESIGNS.join(','),
      seeds: Array.from({ length: SEEDS }, (_, i) => i + 1),
      out: dir,
      workers: 1,
    });
    summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as BatchSummary;
    rows = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RunRow);
  }, 120_000);

  const point = () => summary.points[0]!;
  const sentences = () => point().bottomLine!.sentences;
  const rmst = (design: string, decision: string) =>
    point()
      .designs.find((d) => d.design === design)!
      .latencies.find((l) => l.decision === decision)!.timeToDecision.restrictedMean.estimate;

  /** A design's observations of a decision in seed order, from results.jsonl. */
  const observations = (design: string, decision: string) =>
    rows
      .filter((r) => r.design === design)
      .sort((x, y) => x.seed - y.seed)
      .map((r): Observation | undefined => {
        const d = r.decisions[decision];
        if (!d || d.eventAt === null) return undefined;
        return d.latencyFromEvent === null
          ? { time: summary.horizonMinutes - d.eventAt, event: false }
          : { time: d.latencyFromEvent, event: true };
      });

  /** The interval of b − a's restricted means: the summary's for a pair with the baseline, else recomputed from the rows. */
  const pairInterval = (a: string, b: string, decision: string): [number, number] => {
    const against = (x: string, y: string): [number, number] | null => {
      if (x !== summary.baseline) return null;
      const d = point()
        .designs.find((s) => s.design === y)!
        .paired!.find((p) => p.decision === decision)!.restrictedMean;
      return [d.lower, d.upper];
    };
    const direct = against(a, b);
    if (direct) return direct;
    const reversed = against(b, a);
    if (reversed) return [-reversed[1], -reversed[0]];
    const [x, y] = DESIGNS.indexOf(a) < DESIGNS.indexOf(b) ? [a, b] : [b, a];
    const d = pairedRmstDifference(
      observations(x, decision),
      observations(y, decision),
      summary.horizonMinutes,
      { seed: seedOf(`${decision}/restrictedMean/paired`), resamples: 1000 },
    );
    return x === a ? [d.lower, d.upper] : [-d.upper, -d.lower];
  };

  it('comes first in summary.md and in report.html, above the method text', () => {
    const md = readFileSync(join(dir, 'summary.md'), 'utf8').split('\n');
    expect(md[0]!.startsWith('# ')).toBe(true);
    expect(md[2]).toBe('## Bottom line');
    for (const s of sentences()) expect(md).toContain(`- ${s}`);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const at = html.indexOf('<h2>Bottom line</h2>');
    expect(at).toBeGreaterThan(html.indexOf('<h1>'));
    expect(at).toBeLessThan(html.indexOf('<h2>', at + 1));
    expect(at).toBeLessThan(html.indexOf('restricted mean', html.indexOf('</section>')));
  });

  it('names, per key decision, the fastest and slowest design and their paired difference with its interval', () => {
    expect(sentences()).toHaveLength(summary.decisions.length + 1);
    summary.decisions.forEach((decision, k) => {
      const same =
        /^(.+): the designs do not differ, each (.+) on average over the horizon at 60 seeds\.$/.exec(
          sentences()[k]!,
        );
      if (same) {
        expect(same[1]).toBe(labels.get(decision));
        const means = DESIGNS.map((d) => rmst(d, decision));
        expect(Math.max(...means)).toBe(Math.min(...means));
        expect(Math.abs(minutesOf(same[2]!) - means[0]!)).toBeLessThanOrEqual(0.5 + 1e-9);
        return;
      }
      const m =
        /^(.+): (\S+) is fastest, (.+?) sooner than (\S+) on average over the horizon \[(.+?), (.+?)\]; (.+)\.$/.exec(
          sentences()[k]!,
        );
      expect(m, sentences()[k]).not.toBeNull();
      const [, label, fastest, by, slowest, lower, upper] = m!;
      expect(label).toBe(labels.get(decision));
      const means = DESIGNS.map((d) => rmst(d, decision));
      expect(rmst(fastest!, decision)).toBe(Math.min(...means));
      expect(rmst(slowest!, decision)).toBe(Math.max(...means));
      // every design ran the same seeds: the paired difference is the difference of restricted means
      const exact = rmst(slowest!, decision) - rmst(fastest!, decision);
      expect(Math.abs(minutesOf(by!) - exact)).toBeLessThanOrEqual(0.5 + 1e-9);
      const [lo, hi] = pairInterval(fastest!, slowest!, decision);
      expect(Math.abs(minutesOf(lower!) - lo)).toBeLessThanOrEqual(0.5 + 1e-9);
      expect(Math.abs(minutesOf(upper!) - hi)).toBeLessThanOrEqual(0.5 + 1e-9);
    });
  });

  it('groups the designs that cannot be told apart as their pairwise intervals say', () => {
    summary.decisions.forEach((decision, k) => {
      const stated = sentences()[k]!;
      if (stated.includes('the designs do not differ')) return;
      // independently: sorted by restricted mean, each design joins its group's leader unless their interval excludes zero
      // ties keep the summary's order (baseline first)
      const order = point()
        .designs.map((d) => d.design)
        .sort((x, y) => rmst(x, decision) - rmst(y, decision));
      const groups: string[][] = [];
      for (const d of order) {
        const g = groups.at(-1);
        const [lo, hi] = g ? pairInterval(g[0]!, d, decision) : [1, 1];
        if (g && lo <= 0 && hi >= 0) g.push(d);
        else groups.push([d]);
      }
      const together = groups.filter((g) => g.length > 1);
      if (together.length === 0)
        expect(stated).toContain('each design differs measurably from the next faster one');
      for (const g of together)
        expect(stated).toContain(
          `${g.slice(0, -1).join(', ')} and ${g.at(-1)} cannot be told apart at ${SEEDS} seeds`,
        );
      expect(stated.match(/cannot be told apart/g)?.length ?? 0).toBe(together.length);
    });
  });

  it('compares the fait-accompli rates seed by seed: rates, discordant seeds, difference and McNemar p', () => {
    const m =
      /^Fait accompli: (\S+) ends in one least often \((.+?)%\), (\S+) most often \((.+?)%\); seed by seed, \3 is (.+?) points higher \[(.+?), (.+?)\]: on (\d+) seeds only \3's run ended in one, on (\d+) only \1's \(exact McNemar p (<|=) (.+?)\)\.$/.exec(
        sentences().at(-1)!,
      );
    expect(m, sentences().at(-1)).not.toBeNull();
    const [, a, rateA, b, rateB, diff, lower, upper, bOnly, aOnly, relation, p] = m!;
    const rate = (d: string) => point().designs.find((s) => s.design === d)!.faitAccompli.rate;
    const rates = DESIGNS.map(rate);
    expect(rate(a!)).toBe(Math.min(...rates));
    expect(rate(b!)).toBe(Math.max(...rates));
    expect(number(rateA!)).toBeCloseTo(100 * rate(a!), 1);
    expect(number(rateB!)).toBeCloseTo(100 * rate(b!), 1);
    const fa = (d: string) =>
      new Map(rows.filter((r) => r.design === d).map((r) => [r.seed, r.faitAccompli]));
    const [fa_a, fa_b] = [fa(a!), fa(b!)];
    let onlyA = 0;
    let onlyB = 0;
    for (const [seed, x] of fa_a) {
      if (x && !fa_b.get(seed)) onlyA++;
      if (!x && fa_b.get(seed)) onlyB++;
    }
    expect([Number(aOnly), Number(bOnly)]).toEqual([onlyA, onlyB]);
    expect(number(diff!)).toBeCloseTo((100 * (onlyB - onlyA)) / SEEDS, 1);
    expect(number(lower!)).toBeLessThanOrEqual(number(diff!));
    expect(number(upper!)).toBeGreaterThanOrEqual(number(diff!));
    const exact = exactMcnemar(onlyA, onlyB);
    if (relation === '<') expect(exact).toBeLessThan(0.001);
    else expect(Math.abs(Number(p) - exact)).toBeLessThanOrEqual(0.0005 + 1e-12);
  });

  it('is the same in a comparison of the same designs and seeds, and first in its report', async () => {
    const models = DESIGNS.map(referenceModel);
    const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
    let distributions: DesignDistributions[] = [];
    const comparison = await compareDesigns(models, seeds, summary.baseline, {
      workers: 1,
      distributions: (d) => (distributions = [...d]),
    });
    expect(JSON.parse(JSON.stringify(comparison.bottomLine))).toEqual(point().bottomLine);
    const html = await comparisonReportHtml(
      models,
      comparison,
      distributions,
      timelineRun(summary.baseline, referenceModel(summary.baseline), 1),
    );
    const at = html.indexOf('<h2>Bottom line</h2>');
    expect(at).toBeGreaterThan(html.indexOf('<h1>'));
    expect(at).toBeLessThan(html.indexOf('<h2>', at + 1));
    for (const s of point().bottomLine!.sentences) expect(html).toContain(escape(s));
  }, 60_000);

  it('heads the terminal with a few lines, the report path last', () => {
    const lines = bottomLineHeadline('wrote x/', summary.points, dir);
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines.at(-1)).toBe(`Open ${dir}/report.html`);
    expect(lines.slice(1, -2).join('\n')).toBe(
      sentences()
        .map((s, i) => (i === 0 ? `Bottom line: ${s}` : s))
        .join('\n'),
    );
  });
});

describe('the bottom line of a sweep', () => {
  it('is given for each sweep point, under its label, and the headline says it is the first point', async () => {
    const dir = join(root, 'sweep');
    const result = await runBatch({
      scenario: REFERENCE,
      designs: 'parallel,acm-2015',
      seeds: [1, 2, 3, 4, 5, 6],
      out: dir,
      sets: ['jcgCapacity=4,6'],
      workers: 1,
    });
    const points = result.summary!.points;
    expect(points.map((p) => p.bottomLine!.seeds)).toEqual([6, 6]);
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md.indexOf('## Bottom line')).toBeLessThan(md.indexOf('## Across the sweep'));
    for (const p of points) {
      const at = md.indexOf(`### At ${p.point}`);
      expect(at, p.point).toBeGreaterThan(md.indexOf('## Bottom line'));
      expect(md.indexOf(`- ${p.bottomLine!.sentences[0]!}`, at)).toBeGreaterThan(at);
    }
    expect(bottomLineHeadline('x', points, dir)[1]).toMatch(
      /^Bottom line \(at the first sweep point\): /,
    );
  }, 60_000);
});

describe('the bottom line of made-up outcomes', () => {
  /** Two designs over four seeds, every run needing decision x; `latency` NaN: not decided. */
  const outcome = (design: string, latency: number[], fa: number[]): SeedOutcomes => ({
    design,
    length: 4,
    seed: Float64Array.from([1, 2, 3, 4]),
    faitAccompli: Uint8Array.from(fa),
    decisions: ['x'],
    eventAt: [Float64Array.from([0, 0, 0, 0])],
    latencyFromEvent: [Float64Array.from(latency)],
  });
  const options = {
    decisions: ['x'],
    labels: new Map([['x', 'Order X']]),
    horizon: 600,
  };

  it('says when every design takes the same time and overruns equally often', () => {
    const line = bottomLineOf(
      [
        outcome('a', [60, 120, NaN, 30], [1, 0, 0, 0]),
        outcome('b', [60, 120, NaN, 30], [0, 1, 0, 0]),
      ],
      options,
    );
    // restricted mean to 600 min: (60 + 120 + 600 + 30) / 4 = 202.5 min, shown rounded
    expect(line.sentences).toEqual([
      'Order X: the designs do not differ, each 3 h 23 min on average over the horizon at 4 seeds.',
      'Fait accompli: every design ends in one equally often (25.0% of 4 seeds).',
    ]);
  });

  it('pairs over the seeds both ran, resampling them itself where a design ran others, whatever replicates it is given', () => {
    const a = outcome('a', [60, 120, NaN, 30], [0, 0, 0, 0]);
    // b ran seeds 1, 2, 3 and 5: the seeds both ran are 1, 2 and 3
    const b = {
      ...outcome('b', [90, 10, 240, 45], [0, 0, 0, 0]),
      seed: Float64Array.from([1, 2, 3, 5]),
    };
    const observed = (latency: number[]) =>
      latency.map((t) => ({ time: Number.isNaN(t) ? 600 : t, event: !Number.isNaN(t) }));
    const expected = pairedRmstDifference(observed([60, 120, NaN]), observed([90, 10, 240]), 600, {
      seed: seedOf('x/restrictedMean/paired'),
      resamples: 1000,
    });
    // replicates over all four runs of each: not the seeds both ran, so not used
    const all = resampledRmst([observed([60, 120, NaN, 30]), observed([90, 10, 240, 45])], 600, {
      seed: seedOf('x/restrictedMean/paired'),
    });
    const withGiven = bottomLineOf([a, b], {
      ...options,
      replicates: (d) => all[d === 'a' ? 0 : 1],
    });
    expect(withGiven).toEqual(bottomLineOf([a, b], options));
    expect(withGiven.seeds).toBe(3);
    expect(withGiven.decisions[0]!.pairs).toEqual([
      { a: 'a', b: 'b', estimate: expected.estimate, lower: expected.lower, upper: expected.upper },
    ]);
  });

  it('names only the designs that needed a decision, and says when none did', () => {
    const never = (design: string): SeedOutcomes => ({
      ...outcome(design, [NaN, NaN, NaN, NaN], [0, 0, 0, 0]),
      eventAt: [Float64Array.from([NaN, NaN, NaN, NaN])],
    });
    expect(bottomLineOf([never('a'), never('b')], options).sentences[0]).toBe(
      'Order X: no run of any design needed it.',
    );
    expect(
      bottomLineOf([never('a'), outcome('b', [1, 2, 3, 4], [0, 0, 0, 0])], options).sentences[0],
    ).toBe("Order X: only b's runs needed it.");
  });
});

describe('hours and minutes', () => {
  it('rounds to the minute and keeps the sign', () => {
    expect(hoursAndMinutes(719.4)).toBe('11 h 59 min');
    expect(hoursAndMinutes(-42.2)).toBe('−42 min');
    expect(hoursAndMinutes(1500)).toBe('25 h 00 min');
    expect(hoursAndMinutes(0.2)).toBe('0 min');
  });
});

describe('rungs start', () => {
  it('prints a headline of at most 12 lines ending with the report path, not the tables', () => {
    const out = join(root, 'start');
    const r = runCommand('start', ['--seeds', '1..4', '--workers', '1', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines.at(-1)).toBe(`Open ${out}/report.html`);
    expect(r.stdout).not.toContain('| ');
    expect(lines.some((l) => l.startsWith('Bottom line: '))).toBe(true);
  }, 120_000);
});
