/**
 * Per-design summaries of a set of runs: latency quantiles with bootstrap 95% intervals, paired
 * differences against a baseline design (same seeds: common random numbers), and outcome rates
 * with Wilson intervals. Bootstrap seeds derive from names, so a summary is reproducible.
 */
import type { RunRow } from '../batch/row.js';
import { bootstrapQuantileInterval, pairedDifferenceInterval, wilsonInterval, type Interval } from './statistics.js';

export interface LatencySummary {
  readonly decision: string;
  /** Runs in which the decision came into force. */
  readonly reached: number;
  readonly runs: number;
  readonly median: Interval;
  readonly p90: Interval;
}

export interface PairedSummary {
  readonly decision: string;
  /** Seeds where both this design and the baseline reached the decision. */
  readonly n: number;
  readonly medianDifference: number;
  readonly meanDifference: number;
  readonly lower: number;
  readonly upper: number;
}

export interface RateSummary {
  readonly count: number;
  readonly rate: number;
  readonly lower: number;
  readonly upper: number;
}

export interface DesignSummary {
  readonly design: string;
  readonly runs: number;
  readonly latencies: readonly LatencySummary[];
  readonly paired: readonly PairedSummary[] | null;
  readonly faitAccompli: RateSummary;
  readonly highestRung: Readonly<Record<string, RateSummary>>;
}

export interface SummaryOptions {
  readonly decisions: readonly string[];
  readonly rungs: readonly string[];
  readonly resamples?: number;
}

/** FNV-1a of a name: a stable bootstrap seed per (design, decision, statistic). */
function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function rate(count: number, runs: number): RateSummary {
  const w = wilsonInterval(count, runs);
  return { count, rate: w.estimate, lower: w.lower, upper: w.upper };
}

/**
 * Summarises one design's rows, paired against the baseline's rows when given. Reads each row
 * once (rows may be views made on access) and keeps numbers, not rows.
 */
export function summarizeDesign(rows: readonly RunRow[], baseline: readonly RunRow[] | null, options: SummaryOptions): DesignSummary {
  const { decisions, rungs } = options;
  const resamples = options.resamples ?? 1000;
  const latencyOf = (r: RunRow, decision: string): number | null => r.decisions[decision]?.latency ?? null;

  // the baseline's latencies by (point, seed)
  const baseIndex = new Map<string, number>();
  const baseLatency = decisions.map(() => new Float64Array(baseline?.length ?? 0));
  for (let i = 0; baseline && i < baseline.length; i++) {
    const r = baseline[i]!;
    baseIndex.set(`${r.point}|${r.seed}`, i);
    decisions.forEach((decision, d) => (baseLatency[d]![i] = latencyOf(r, decision) ?? NaN));
  }

  let design = '';
  let faitAccompli = 0;
  const highest = new Map<string, number>();
  const values: number[][] = decisions.map(() => []);
  const diffs: number[][] = decisions.map(() => []);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (i === 0) design = r.design;
    if (r.faitAccompli) faitAccompli++;
    highest.set(r.highestRung, (highest.get(r.highestRung) ?? 0) + 1);
    const j = baseline ? baseIndex.get(`${r.point}|${r.seed}`) : undefined;
    decisions.forEach((decision, d) => {
      const mine = latencyOf(r, decision);
      if (mine === null) return;
      values[d]!.push(mine);
      const theirs = j === undefined ? NaN : baseLatency[d]![j]!;
      if (!Number.isNaN(theirs)) diffs[d]!.push(mine - theirs);
    });
  }

  const latencies = decisions.map((decision, d) => {
    const sorted = values[d]!.sort((a, b) => a - b);
    const ci = (p: number, tag: string) => bootstrapQuantileInterval(sorted, p, { seed: seedOf(`${design}/${decision}/${tag}`), resamples });
    return { decision, reached: sorted.length, runs: rows.length, median: ci(0.5, 'p50'), p90: ci(0.9, 'p90') };
  });
  const paired = baseline
    ? decisions.map((decision, d) => {
        const s = pairedDifferenceInterval(diffs[d]!, { seed: seedOf(`${design}/${decision}/paired`), resamples });
        return { decision, n: s.n, medianDifference: s.medianDifference, meanDifference: s.meanDifference, lower: s.lower, upper: s.upper };
      })
    : null;
  const highestRung: Record<string, RateSummary> = {};
  for (const rung of rungs) highestRung[rung] = rate(highest.get(rung) ?? 0, rows.length);
  return { design, runs: rows.length, latencies, paired, faitAccompli: rate(faitAccompli, rows.length), highestRung };
}
