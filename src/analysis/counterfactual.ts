/**
 * The expected gain of a reform: a counterfactual incident (the historical one with the reform in
 * force) against the incident it varies, run on the same seeds, so that each seed's pair differs
 * only by the reform (common random numbers). For each observed interval: both models'
 * percentiles, and the paired difference (counterfactual minus historical) over the seeds where
 * both closed it: its mean with a 95% interval, its median, and how often the reform was faster,
 * slower or made no difference.
 */
import type { Model } from '../model/compile.js';
import { normalQuantile } from '../math/normal.js';
import { quantile } from '../stats/quantile.js';
import type { IntervalSamples } from './calibrationTask.js';

/** One observed interval under the incident and under its counterfactual. */
export interface IntervalGain {
  readonly id: string;
  readonly label: string;
  /** Seeds in which the interval opened under both. */
  readonly pairs: number;
  /** Of those, pairs in which it closed under both (the differences below are over these). */
  readonly closed: number;
  /** Pairs closed under the incident but not the counterfactual, and the other way round. */
  readonly closedOnlyHistorical: number;
  readonly closedOnlyCounterfactual: number;
  /** Medians of the closed pairs, minutes. */
  readonly historicalMedian: number;
  readonly counterfactualMedian: number;
  /** Mean paired difference (counterfactual − historical), minutes, with its 95% interval. */
  readonly meanDifference: number;
  readonly meanLower: number;
  readonly meanUpper: number;
  readonly medianDifference: number;
  /** Shares of closed pairs in which the counterfactual was faster, slower, the same. */
  readonly faster: number;
  readonly slower: number;
  readonly same: number;
}

/** The expected gain of one counterfactual. */
export interface CounterfactualGain {
  readonly scenario: string;
  readonly historical: string;
  readonly reform: string;
  readonly design: string;
  readonly seeds: number;
  readonly intervals: readonly IntervalGain[];
}

/**
 * The reform's effect on each observed interval, from the incident's and the counterfactual's
 * interval samples on the same `seeds` seeds (`before` and `after`, seed by seed).
 */
export function gainOf(
  historical: Pick<Model, 'scenario'>,
  counterfactual: Pick<Model, 'scenario' | 'design'>,
  reform: string,
  seeds: number,
  before: IntervalSamples,
  after: IntervalSamples,
): CounterfactualGain {
  const z = normalQuantile(0.975);
  return {
    scenario: counterfactual.scenario.id,
    historical: historical.scenario.id,
    reform,
    design: counterfactual.design.id,
    seeds,
    intervals: counterfactual.scenario.observed!.intervals.map((interval, i) => {
      let pairs = 0;
      let onlyHistorical = 0;
      let onlyCounterfactual = 0;
      const h: number[] = [];
      const c: number[] = [];
      for (let s = 0; s < seeds; s++) {
        const x = before[i]![s];
        const y = after[i]![s];
        if (x === undefined || y === undefined) continue;
        pairs++;
        if (Number.isFinite(x) && Number.isFinite(y)) {
          h.push(x);
          c.push(y);
        } else if (Number.isFinite(x)) onlyHistorical++;
        else if (Number.isFinite(y)) onlyCounterfactual++;
      }
      const differences = c.map((y, j) => y - h[j]!);
      const n = differences.length;
      const mean = n === 0 ? NaN : differences.reduce((a, b) => a + b, 0) / n;
      const sd =
        n < 2 ? NaN : Math.sqrt(differences.reduce((a, d) => a + (d - mean) ** 2, 0) / (n - 1));
      const half = (z * sd) / Math.sqrt(n);
      const ascending = (v: readonly number[]) => [...v].sort((a, b) => a - b);
      const share = (test: (d: number) => boolean) =>
        n === 0 ? NaN : differences.filter(test).length / n;
      return {
        id: interval.id,
        label: interval.label,
        pairs,
        closed: n,
        closedOnlyHistorical: onlyHistorical,
        closedOnlyCounterfactual: onlyCounterfactual,
        historicalMedian: n === 0 ? NaN : quantile(ascending(h), 0.5),
        counterfactualMedian: n === 0 ? NaN : quantile(ascending(c), 0.5),
        meanDifference: mean,
        meanLower: mean - half,
        meanUpper: mean + half,
        medianDifference: n === 0 ? NaN : quantile(ascending(differences), 0.5),
        faster: share((d) => d < 0),
        slower: share((d) => d > 0),
        same: share((d) => d === 0),
      };
    }),
  };
}
