/**
 * Does the ranking of the designs hold across the plausible ranges of every registered
 * assumption? A ranking study spreads points over the register (the quasi-random matrix A of a
 * Saltelli sample), runs every design on the same seeds at each point, ranks the designs on each
 * key decision's restricted mean time to the order (RMST up to the horizon, Kaplan–Meier, so a
 * decision still pending at the horizon is censored, not counted as taken there) and on the
 * fait-accompli rate, groups the designs that cannot be told apart at the files' values (paired
 * differences with 95% intervals, see `rankingGroups.ts`), and reports how each design's rank
 * moves: its rank at the files' values, its mean rank, how often it is first or last, how often
 * it beats the baseline and each other design, how often the whole order is the reference's
 * (with Kendall's τ-b against it), and the same agreement across seed blocks at the reference
 * values, which is what seeds alone do to the order.
 */
import type { Provenance } from '../report/provenance.js';
import {
  saltelliSample,
  toParameterMatrix,
  type Matrix,
  type Parameter,
} from './sensitivity/index.js';
import type { Assumption } from '../scenario/register.js';
import { assumptionSpace } from '../assumptions/space.js';
import type { LoadedPosterior } from '../assumptions/posterior.js';
import { drawOf, posteriorRecord } from '../assumptions/draws.js';
import { variedSpace } from './assumptionPoint.js';
import { rankingOutputNames } from './rankingOutcome.js';
import { fractionalRanks, kendallTauB } from '../stats/ranks.js';
import { withStudyPool } from './studyPoints.js';
import { indistinguishableGroups, pairDifferences, type PairDifference } from './rankingGroups.js';
import type { StudySetup } from './studyTask.js';
import type { PosteriorRecord } from '../assumptions/posterior.js';

/** How a ranking study is run. */
export interface RankingOptions {
  readonly scenarioFile: string;
  /** Every design ranked, by id; the baseline among them. */
  readonly designs: readonly string[];
  readonly baseline: string;
  readonly decisions: readonly string[];
  readonly seeds: readonly number[];
  /** How many points of the assumption space. */
  readonly samples: number;
  readonly sampleSeed: number;
  /** Assumptions held at a value instead of varied (register id → value). */
  readonly fixed?: ReadonlyMap<string, number>;
  /**
   * A posterior (`loadPosterior`) each seed draws the fitted numbers from, the same for every
   * design; those are not varied (as `fixed` ones are not), the study records the file's hash.
   */
  readonly posterior?: LoadedPosterior;
  /** Worker threads. */
  readonly workers: number;
  /** Independent seed blocks at the reference values (what seeds alone do to the order). */
  readonly noiseBlocks?: number;
  readonly onProgress?: (done: number, total: number, stage: string) => void;
}

/** One design's standing on one output. */
export interface Standing {
  readonly design: string;
  /** Its value and rank (1 = best; ties share the mean rank) at the files' values. */
  readonly referenceValue: number;
  readonly referenceRank: number;
  readonly meanRank: number;
  /** Share of points where it alone is best (strictly better than every other design). */
  readonly shareFirst: number;
  /** Share of points where it alone is worst. */
  readonly shareLast: number;
  /** Share of points where it is strictly better than the baseline (0 for the baseline itself). */
  readonly shareAheadOfBaseline: number;
}

/** Agreement of rankings with the reference ranking. */
export interface Agreement {
  /** Share of rankings in exactly the reference's order. */
  readonly shareSameOrder: number;
  /** Mean Kendall's τ-b with the reference ranking (1: the same order; −1: reversed). */
  readonly meanKendallTau: number;
}

/** A ranking study's results for one output. */
export interface RankingOutput {
  readonly name: string;
  /** Points at which every design needed the decision in some seed (the others say nothing of its latency). */
  readonly points: number;
  readonly standings: readonly Standing[];
  /** The designs at the files' values, best first. */
  readonly referenceOrder: readonly string[];
  /** Across the sampled points. */
  readonly overRanges: Agreement;
  /** Across independent seed blocks at the files' values. */
  readonly fromSeeds: Agreement;
  /** `beats[i][j]`: share of points where design i is strictly better than design j. */
  readonly beats: readonly (readonly number[])[];
  /** Every pair's paired difference at the files' values, with its 95% interval. */
  readonly pairs: readonly PairDifference[];
  /** The designs at the files' values in groups that cannot be told apart at this number of seeds, best first. */
  readonly groups: readonly (readonly string[])[];
}

/** A finished ranking study: its sample, every point's values, and each output's results. */
export interface RankingStudy {
  readonly scenarioFile: string;
  readonly designs: readonly string[];
  readonly baseline: string;
  readonly seeds: number;
  readonly samples: number;
  readonly sampleSeed: number;
  /** The posterior each seed drew the fitted numbers from: its file as given and its SHA-256; absent without one. */
  readonly posterior?: PosteriorRecord;
  /** Every `--set`, `--with`, the posterior and the seeds the study ran with (the command records it). */
  readonly provenance?: Provenance;
  readonly parameters: readonly Parameter[];
  readonly register: readonly Assumption[];
  readonly sample: Matrix;
  /** Per point, design-major: design i, output o at `i * outputs + o`. */
  readonly values: readonly (readonly number[])[];
  readonly outputs: readonly RankingOutput[];
}

const sameOrder = (a: readonly number[], b: readonly number[]) => a.every((r, i) => r === b[i]);

function agreement(
  rankings: readonly (readonly number[])[],
  reference: readonly number[],
): Agreement {
  if (rankings.length === 0) return { shareSameOrder: NaN, meanKendallTau: NaN };
  const taus = rankings.map((r) => kendallTauB(r, reference)).filter((t) => !Number.isNaN(t));
  return {
    shareSameOrder: rankings.filter((r) => sameOrder(r, reference)).length / rankings.length,
    meanKendallTau: taus.length === 0 ? NaN : taus.reduce((s, t) => s + t, 0) / taus.length,
  };
}

/** The standings and agreements of one output from each point's values and the reference's. */
function rankingOutput(
  options: RankingOptions,
  name: string,
  column: (flat: readonly number[]) => number[],
  values: readonly (readonly number[])[],
  reference: readonly number[],
  noise: readonly (readonly number[])[],
  pairs: readonly PairDifference[],
): RankingOutput {
  const { designs } = options;
  const baselineIndex = designs.indexOf(options.baseline);
  const referenceValues = column(reference);
  const referenceRanks = fractionalRanks(referenceValues);
  const complete = (flat: readonly (readonly number[])[]) =>
    flat.map(column).filter((row) => row.every((x) => !Number.isNaN(x)));
  const rows = complete(values);
  const ranks = rows.map(fractionalRanks);
  const n = Math.max(rows.length, 1);
  const standings = designs.map((design, i): Standing => ({
    design,
    referenceValue: referenceValues[i]!,
    referenceRank: referenceRanks[i]!,
    meanRank: ranks.reduce((s, r) => s + r[i]!, 0) / n,
    shareFirst: ranks.filter((r) => r[i] === 1).length / n,
    shareLast: ranks.filter((r) => r[i] === designs.length).length / n,
    shareAheadOfBaseline:
      i === baselineIndex ? 0 : rows.filter((row) => row[i]! < row[baselineIndex]!).length / n,
  }));
  const referenceOrder = designs
    .map((d, i) => [d, referenceValues[i]!] as const)
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .map(([d]) => d);
  return {
    name,
    points: rows.length,
    standings,
    referenceOrder,
    overRanges: agreement(ranks, referenceRanks),
    fromSeeds: agreement(complete(noise).map(fractionalRanks), referenceRanks),
    beats: designs.map((_, i) =>
      designs.map((__, j) => rows.filter((row) => row[i]! < row[j]!).length / n),
    ),
    pairs,
    groups: indistinguishableGroups(referenceOrder, pairs),
  };
}

/**
 * Runs a ranking study.
 *
 * @example
 * ```ts
 * const study = await runRanking({
 *   scenarioFile: 'scenarios/senkaku-gray-zone.yaml',
 *   designs: ['acm-2015', 'parallel', 'bcm-1997'],
 *   baseline: 'acm-2015',
 *   decisions: ['alliance.coordinatedResponse'],
 *   seeds: parseSeeds('1..20'),
 *   samples: 16,
 *   sampleSeed: 1,
 *   workers: 2,
 * });
 * console.log(rankingMarkdown(study).join('\n'));
 * ```
 */
export async function runRanking(options: RankingOptions): Promise<RankingStudy> {
  const { designs, decisions, seeds } = options;
  const space = assumptionSpace(options.scenarioFile, designs.join(','));
  const { parameters, base, pointAt } = variedSpace(
    space,
    options.fixed ?? new Map<string, number>(),
    options.posterior,
  );
  const setup: StudySetup = {
    scenarioFile: options.scenarioFile,
    designs,
    decisions,
    kind: 'ranking',
    ...(options.posterior ? { posterior: drawOf(options.posterior) } : {}),
  };
  const k = parameters.length;
  const sample = toParameterMatrix(
    parameters,
    saltelliSample({ parameters, n: options.samples, seed: options.sampleSeed }).a,
  );
  const points = {
    length: sample.rows,
    at: (i: number) => pointAt(sample.data.subarray(i * k, (i + 1) * k)),
  };
  const span = Math.max(...seeds) + 1;
  const blocks = Array.from({ length: options.noiseBlocks ?? 10 }, (_, b) =>
    seeds.map((s) => s + (b + 1) * span),
  );
  const { values, reference, noise, pairs } = await withStudyPool(
    setup,
    { workers: options.workers },
    points.length,
    async (pool) => {
      const values = await pool.evaluate(points, seeds, (done) =>
        options.onProgress?.(done, points.length, 'sample'),
      );
      const [reference, ...noise] = await pool.evaluateBlocks(base, [seeds, ...blocks]);
      const pairs = await pool.evaluatePairs(base, seeds);
      return { values, reference: reference!, noise, pairs };
    },
  );
  const width = decisions.length + 1;
  const outputs = rankingOutputNames(decisions).map((name, o) =>
    rankingOutput(
      options,
      name,
      (flat) => designs.map((_, i) => flat[i * width + o]!),
      values,
      reference,
      noise,
      pairDifferences(designs, pairs, o),
    ),
  );
  return {
    scenarioFile: options.scenarioFile,
    designs,
    baseline: options.baseline,
    seeds: seeds.length,
    samples: sample.rows,
    sampleSeed: options.sampleSeed,
    ...(options.posterior ? { posterior: posteriorRecord(options.posterior) } : {}),
    parameters,
    register: space.register,
    sample,
    values,
    outputs,
  };
}
