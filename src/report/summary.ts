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

/** Summarises one design's rows, paired against the baseline's rows when given. */
export function summarizeDesign(rows: readonly RunRow[], baseline: readonly RunRow[] | null, options: SummaryOptions): DesignSummary {
  const design = rows[0]?.design ?? '';
  const resamples = options.resamples ?? 1000;
  const latencies = options.decisions.map((decision) => {
    const values = rows.flatMap((r) => (r.decisions[decision]?.latency ?? null) === null ? [] : [r.decisions[decision]!.latency!]).sort((a, b) => a - b);
    const ci = (p: number, tag: string) => bootstrapQuantileInterval(values, p, { seed: seedOf(`${design}/${decision}/${tag}`), resamples });
    return { decision, reached: values.length, runs: rows.length, median: ci(0.5, 'p50'), p90: ci(0.9, 'p90') };
  });
  let paired: PairedSummary[] | null = null;
  if (baseline) {
    const base = new Map(baseline.map((r) => [`${r.point}|${r.seed}`, r]));
    paired = options.decisions.map((decision) => {
      const diffs: number[] = [];
      for (const r of rows) {
        const mine = r.decisions[decision]?.latency ?? null;
        const theirs = base.get(`${r.point}|${r.seed}`)?.decisions[decision]?.latency ?? null;
        if (mine !== null && theirs !== null) diffs.push(mine - theirs);
      }
      const s = pairedDifferenceInterval(diffs, { seed: seedOf(`${design}/${decision}/paired`), resamples });
      return { decision, n: s.n, medianDifference: s.medianDifference, meanDifference: s.meanDifference, lower: s.lower, upper: s.upper };
    });
  }
  const highestRung: Record<string, RateSummary> = {};
  for (const rung of options.rungs) highestRung[rung] = rate(rows.filter((r) => r.highestRung === rung).length, rows.length);
  return {
    design,
    runs: rows.length,
    latencies,
    paired,
    faitAccompli: rate(rows.filter((r) => r.faitAccompli).length, rows.length),
    highestRung,
  };
}
