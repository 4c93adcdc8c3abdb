/**
 * Per-design summaries of a set of runs. Each decision's latency is summarised in two ways, side
 * by side. Over the runs that needed it, censored at the horizon (`timeToDecision.ts`): the
 * Kaplan–Meier median, the share decided by the horizon and the restricted mean up to the horizon,
 * and against a baseline design the paired difference of restricted means; this counts the runs
 * that never decided it. Over the runs that decided it: quantiles with bootstrap 95% intervals
 * (measured from the event that made it necessary and from when its capital knew), and against
 * the baseline the paired differences over the seeds where both decided it (same seeds: common
 * random numbers); a design that decides less often can look faster here. Outcome rates have
 * Wilson intervals. Bootstrap seeds derive from names, so a summary is reproducible.
 */
import type { Model } from '../model/compile.js';
import type { RunColumns } from './columns.js';
import {
  decisionCounts,
  outcomeRates,
  type DecisionCounts,
  type RateSummary,
} from './runCounts.js';
import { meanInterval, type Interval } from '../stats/intervals.js';
import { jointPairedDifferenceIntervals, jointQuantileIntervals } from '../stats/bootstrap.js';
import { resampledRmst, type RmstDifference, type RmstReplicates } from '../stats/survival.js';
import {
  decisionObservations,
  pairedRestrictedMeans,
  timeToDecision,
  type TimeToDecision,
} from './timeToDecision.js';

/** A latency's median and 90th percentile (minutes), with bootstrap 95% intervals. */
export interface LatencyQuantiles {
  readonly median: Interval;
  readonly p90: Interval;
}

export type { DecisionCounts, RateSummary } from './runCounts.js';

/** The two ways a decision's latency is measured: from the event, and from when its capital knew. */
export const LATENCY_MEASURES = ['fromEvent', 'fromKnown'] as const;
export type LatencyMeasure = (typeof LATENCY_MEASURES)[number];

export interface LatencySummary extends DecisionCounts {
  readonly decision: string;
  /** Runs in which the decision came into force and its latency was measured. */
  readonly reached: number;
  readonly runs: number;
  /** decided − the event that made it necessary (rung entry, decision in force). */
  readonly fromEvent: LatencyQuantiles;
  /** decided − when its side's capital learned of that event. */
  readonly fromKnown: LatencyQuantiles;
  /**
   * From the event over the runs that needed it (decided or not), those not decided by the
   * horizon censored there: Kaplan–Meier median, share decided, restricted mean to the horizon.
   */
  readonly timeToDecision: TimeToDecision;
}

/**
 * The paired difference (this design − baseline, minutes) of one latency measure, over the seeds
 * where both decided it ("both decided"): its mean and median with bootstrap 95% intervals, and
 * how many pairs differ at all. A seed where either design did not decide it is left out, so a
 * design that decides less often can look faster; {@link PairedSummary.restrictedMean} counts
 * those seeds.
 */
export interface PairedDifference {
  /** Seeds where both this design and the baseline reached the decision. */
  readonly n: number;
  readonly meanDifference: number;
  readonly meanLower: number;
  readonly meanUpper: number;
  readonly medianDifference: number;
  /** Bounds of the median difference. */
  readonly lower: number;
  readonly upper: number;
  /** Pairs whose latencies differ, and their share of n with its Wilson 95% interval. */
  readonly differing: number;
  readonly differingShare: Interval;
}

export interface PairedSummary {
  readonly decision: string;
  /** Both decided, from the event. */
  readonly fromEvent: PairedDifference;
  /** Both decided, from when the capital knew. */
  readonly fromKnown: PairedDifference;
  /**
   * The difference of restricted means to the horizon, this design − baseline (minutes), each
   * over its runs that needed the decision (undecided ones censored at the horizon), with a
   * bootstrap 95% interval from resampling the seeds both ran: `nA` counts the baseline's runs
   * that needed it, `nB` this design's.
   */
  readonly restrictedMean: RmstDifference;
}

export interface DesignSummary {
  readonly design: string;
  readonly runs: number;
  readonly latencies: readonly LatencySummary[];
  readonly paired: readonly PairedSummary[] | null;
  readonly faitAccompli: RateSummary;
  readonly highestRung: Readonly<Record<string, RateSummary>>;
  /** Mean minutes per run at the objective rung or higher, with its 95% interval. */
  readonly timeAtObjectiveOrHigher: Interval;
}

/** The decisions a comparison or a batch reports: the scenario's key decisions, else all of the model's. */
export function reportedDecisions(model: Pick<Model, 'scenario' | 'decisions'>): string[] {
  return model.scenario.report?.keyDecisions ?? model.decisions.map((d) => d.id);
}

/** What a summary reports: the decisions and rungs, and how many bootstrap resamples. */
export interface SummaryOptions {
  readonly decisions: readonly string[];
  readonly rungs: readonly string[];
  /** The runs' horizon in minutes: a decision not taken by then is censored there. */
  readonly horizon: number;
  readonly resamples?: number;
}

/** FNV-1a of a name: a stable bootstrap seed per (design, decision, statistic). */
export function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The bootstrap seed of a decision's paired differences of restricted means: the same for every
 * pair of designs, so that a design's summary against the baseline and the bottom line's pairs all
 * resample the seeds with the same draws (each design's replicates are computed once).
 */
export function pairedRmstSeed(decision: string): number {
  return seedOf(`${decision}/restrictedMean/paired`);
}

/** Values measured on units (runs, or pairs of runs), with the units' indices. */
interface Sample {
  readonly units: number[];
  readonly values: number[];
}

/**
 * Intervals of several measures of a decision: resampled together under the first one's seed when
 * they were measured on the same units (a decision's two latencies exist exactly where it came into
 * force, so they always are), else each alone under its own seed.
 */
function resampledTogether<T>(
  samples: readonly Sample[],
  seeds: readonly number[],
  intervals: (measures: number[][], seed: number) => T[],
): T[] {
  const first = samples[0]!.units;
  const same = samples.every(
    (s) => s.units.length === first.length && s.units.every((u, i) => u === first[i]),
  );
  if (same)
    return intervals(
      samples.map((s) => s.values),
      seeds[0]!,
    );
  return samples.map((s, m) => intervals([s.values], seeds[m]!)[0]!);
}

/** A decision's latency column of one measure, or null when the columns do not hold the decision. */
function latencyColumn(
  c: RunColumns,
  decision: string,
  measure: LatencyMeasure,
): Float64Array | null {
  const k = c.decisions.indexOf(decision);
  return k < 0 ? null : (measure === 'fromEvent' ? c.latencyFromEvent : c.latencyFromKnown)[k]!;
}

/** A design's runs and, when paired, the baseline's, with the baseline's run of each seed. */
interface Pairing {
  readonly runs: RunColumns;
  readonly baseline: RunColumns | null;
  /** The baseline's run by seed. */
  readonly baseIndex: ReadonlyMap<number, number>;
  /** The baseline's restricted-mean replicates over all its runs, where known. */
  readonly baseReplicates?: DecisionReplicates;
}

/**
 * The latencies of the runs that reached the decision (in run order, with the runs' indices), and
 * their differences from the baseline's run of the same seed (with the indices of those runs).
 */
function measured(
  { runs, baseline, baseIndex }: Pairing,
  decision: string,
  measure: LatencyMeasure,
): { own: Sample; paired: Sample } {
  const mine = latencyColumn(runs, decision, measure);
  const theirs = baseline ? latencyColumn(baseline, decision, measure) : null;
  const own: Sample = { units: [], values: [] };
  const paired: Sample = { units: [], values: [] };
  for (let i = 0; mine && i < runs.length; i++) {
    const x = mine[i]!;
    if (Number.isNaN(x)) continue;
    own.units.push(i);
    own.values.push(x);
    const j = theirs ? baseIndex.get(runs.seed[i]!) : undefined;
    const y = j === undefined ? NaN : theirs![j]!;
    if (Number.isNaN(y)) continue;
    paired.units.push(i);
    paired.values.push(x - y);
  }
  return { own, paired };
}

/** One decision's latency summary and, when paired, its paired differences. */
function summarizeDecision(
  pairing: Pairing,
  decision: string,
  { resamples, horizon }: { resamples: number; horizon: number },
): { latency: LatencySummary; paired: PairedSummary | null; rmst: RmstReplicates | null } {
  const { runs } = pairing;
  const observations = decisionObservations(runs, decision, horizon);
  // from-known latencies keep the bootstrap seeds they had before from-event ones were added
  const seed = (measure: LatencyMeasure, tag: string) =>
    seedOf(`${runs.design}/${decision}/${measure === 'fromKnown' ? '' : `${measure}/`}${tag}`);
  const known = measured(pairing, decision, 'fromKnown');
  const event = measured(pairing, decision, 'fromEvent');
  // the median and the 90th percentile from the same resamples
  const [knownQuantiles, eventQuantiles] = resampledTogether(
    [known.own, event.own],
    [seed('fromKnown', 'p50'), seed('fromEvent', 'p50')],
    (measures, s) =>
      jointQuantileIntervals(measures, [0.5, 0.9], { seed: s, resamples }).map(
        ([median, p90]): LatencyQuantiles => ({ median: median!, p90: p90! }),
      ),
  ) as [LatencyQuantiles, LatencyQuantiles];
  const latency = {
    decision,
    reached: known.own.values.length,
    runs: runs.length,
    ...decisionCounts(runs, decision),
    fromEvent: eventQuantiles,
    fromKnown: knownQuantiles,
    timeToDecision: timeToDecision(observations, horizon),
  };
  if (!pairing.baseline) return { latency, paired: null, rmst: null };
  const baseReplicates = pairing.baseReplicates?.[decision];
  const restrictedMean = pairedRestrictedMeans(
    { runs, observations },
    decisionObservations(pairing.baseline, decision, horizon),
    pairing.baseIndex,
    {
      horizon,
      resamples,
      seed: pairedRmstSeed(decision),
      ...(baseReplicates ? { baseReplicates } : {}),
    },
  );
  const [knownDifference, eventDifference] = resampledTogether(
    [known.paired, event.paired],
    [seed('fromKnown', 'paired'), seed('fromEvent', 'paired')],
    (measures, s) => jointPairedDifferenceIntervals(measures, { seed: s, resamples }),
  ) as [PairedDifference, PairedDifference];
  return {
    latency,
    paired: {
      decision,
      fromEvent: eventDifference,
      fromKnown: knownDifference,
      restrictedMean: restrictedMean.difference,
    },
    rmst: restrictedMean.own,
  };
}

/**
 * Summarises one design's runs, paired against the baseline's runs when given (both of the same
 * sweep point: a run is paired with the baseline's run of the same seed). Latencies are read for
 * `options.decisions`; a decision the columns do not hold counts as never reached.
 *
 * @example
 * ```ts
 * const rows = parseSeeds('1..100').map((seed) => toRow(simulate(model, { seed })));
 * const summary = summarizeDesign(columnsOf(model.design.id, rows, ['jp.mso']), null, {
 *   decisions: ['jp.mso'],
 *   rungs: model.scenario.ladder.rungs.map((r) => r.id),
 *   horizon: model.horizon,
 * });
 * ```
 */
export function summarizeDesign(
  runs: RunColumns,
  baseline: RunColumns | null,
  options: SummaryOptions,
): DesignSummary {
  return summarize(runs, baseline, options, false).summary;
}

/** A design's restricted-mean replicates by decision ({@link summarizeDesignWithReplicates}). */
export type DecisionReplicates = Readonly<Record<string, RmstReplicates>>;

/**
 * Each decision's restricted-mean replicates of a design's runs, resampled over all its runs with
 * the decision's seed ({@link pairedRmstSeed}): as a baseline's, for the designs paired with it.
 */
export function restrictedMeanReplicates(
  runs: RunColumns,
  options: Pick<SummaryOptions, 'decisions' | 'horizon' | 'resamples'>,
): DecisionReplicates {
  const replicates: Record<string, RmstReplicates> = {};
  for (const decision of options.decisions)
    replicates[decision] = resampledRmst(
      [decisionObservations(runs, decision, options.horizon)],
      options.horizon,
      { seed: pairedRmstSeed(decision), resamples: options.resamples ?? 1000 },
    )[0]!;
  return replicates;
}

/**
 * {@link summarizeDesign}, with each decision's restricted-mean replicates of this design (over its
 * runs the baseline ran, resampled with the decision's seed, {@link pairedRmstSeed}; the
 * baseline's over all its runs): with every design's, any pair of designs is compared without
 * resampling again (`rmstDifferenceOf`), as the bottom line compares them. `baselineReplicates`
 * (the baseline's, {@link restrictedMeanReplicates}) spare resampling the baseline again where
 * this design ran exactly the baseline's seeds in its order (the same figures either way).
 */
export function summarizeDesignWithReplicates(
  runs: RunColumns,
  baseline: RunColumns | null,
  options: SummaryOptions,
  baselineReplicates?: DecisionReplicates,
): { readonly summary: DesignSummary; readonly replicates: DecisionReplicates } {
  return summarize(runs, baseline, options, true, baselineReplicates);
}

function summarize(
  runs: RunColumns,
  baseline: RunColumns | null,
  options: SummaryOptions,
  withReplicates: boolean,
  baseReplicates?: DecisionReplicates,
): { readonly summary: DesignSummary; readonly replicates: DecisionReplicates } {
  const baseIndex = new Map<number, number>();
  for (let i = 0; baseline && i < baseline.length; i++) baseIndex.set(baseline.seed[i]!, i);
  const resamples = options.resamples ?? 1000;
  const pairing = { runs, baseline, baseIndex, ...(baseReplicates ? { baseReplicates } : {}) };
  const decisions = options.decisions.map((decision) =>
    summarizeDecision(pairing, decision, { resamples, horizon: options.horizon }),
  );
  // a paired design's replicates come with its differences; the baseline's are resampled alone
  const replicates: DecisionReplicates = !withReplicates
    ? {}
    : baseline
      ? Object.fromEntries(options.decisions.map((d, k) => [d, decisions[k]!.rmst!]))
      : restrictedMeanReplicates(runs, options);
  const { faitAccompli, highestRung } = outcomeRates(runs, options.rungs);
  const summary = {
    design: runs.design,
    runs: runs.length,
    latencies: decisions.map((d) => d.latency),
    paired: baseline ? decisions.map((d) => d.paired!) : null,
    faitAccompli,
    highestRung,
    timeAtObjectiveOrHigher: meanInterval(runs.timeAtObjectiveOrHigher),
  };
  return { summary, replicates };
}
