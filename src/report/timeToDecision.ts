/**
 * A decision's time from the event as censored time-to-event data, the definition that counts the
 * runs that did not decide it: every run that needed the decision (its event happened) is in the
 * sample, with the time from the event to its entry into force when decided, else censored at the
 * horizon (horizon − eventAt: not decided by then). Runs that never needed it are not in the
 * sample. Summarised by the Kaplan–Meier median, the share decided by the horizon and the
 * restricted mean up to the horizon; designs are compared by the paired difference of restricted
 * means over the same seeds.
 */
import type { RunColumns } from './columns.js';
import { wilsonInterval, type Interval } from '../stats/intervals.js';
import {
  kmMedian,
  resampledRmst,
  restrictedMean,
  rmstDifferenceOf,
  type Observation,
  type RestrictedMean,
  type RmstDifference,
  type RmstReplicates,
} from '../stats/survival.js';

/** A decision's time from the event over the runs that needed it, censored at the horizon. */
export interface TimeToDecision {
  /** Runs in which the event that makes the decision necessary happened: the sample. */
  readonly needed: number;
  /** Of those, the runs that put it in force by the horizon (the others are censored). */
  readonly decidedByHorizon: number;
  /** decidedByHorizon / needed, with its Wilson 95% interval (NaN with no run needing it). */
  readonly shareDecided: Interval;
  /**
   * The Kaplan–Meier median minutes from the event, with its 95% interval as R's `survival` gives
   * it by default (see `kmMedian`): Infinity where not reached by the horizon, which
   * `summary.json` holds as null (a bound R cannot give is null too; NaN with no run needing it).
   */
  readonly median: Interval;
  /**
   * The restricted mean minutes from the event up to `tau` = the horizon (the area under the
   * Kaplan–Meier curve on [0, horizon]), with R's standard error.
   */
  readonly restrictedMean: RestrictedMean;
}

/**
 * Each run's time from the event to the decision, in run order: decided, or censored at the
 * horizon; undefined where the run never needed it (or the columns do not hold the decision).
 */
export function decisionObservations(
  runs: Pick<RunColumns, 'length' | 'decisions' | 'eventAt' | 'latencyFromEvent'>,
  decision: string,
  horizon: number,
): Array<Observation | undefined> {
  const k = runs.decisions.indexOf(decision);
  if (k < 0) return new Array<undefined>(runs.length).fill(undefined);
  const eventAt = runs.eventAt[k]!;
  const latency = runs.latencyFromEvent[k]!;
  return Array.from({ length: runs.length }, (_, i) => {
    if (Number.isNaN(eventAt[i]!)) return undefined;
    return Number.isNaN(latency[i]!)
      ? { time: horizon - eventAt[i]!, event: false }
      : { time: latency[i]!, event: true };
  });
}

/** The {@link TimeToDecision} of runs' observations (undefined: not needed), `tau` the horizon. */
export function timeToDecision(
  observations: ReadonlyArray<Observation | undefined>,
  horizon: number,
): TimeToDecision {
  const sample = observations.filter((o): o is Observation => o !== undefined);
  const decided = sample.filter((o) => o.event).length;
  return {
    needed: sample.length,
    decidedByHorizon: decided,
    shareDecided: wilsonInterval(decided, sample.length),
    median: kmMedian(sample),
    restrictedMean: restrictedMean(sample, horizon),
  };
}

/**
 * The paired difference of restricted means up to the horizon, design − baseline, over the seeds
 * both ran: `own` and `baseline` are each design's observations in its run order, `baseIndex` the
 * baseline's run of each seed. In the difference `nA` counts the baseline's runs that needed the
 * decision and `nB` this design's; the interval resamples the seeds (see `resampledRmst`), and
 * `own` holds this design's replicates, to pair it with other designs resampled the same way.
 * Where the pairs are all the baseline's runs in its order, `options.baseReplicates` (resampled
 * with the same seed) stand for the baseline's: the same figures, one sample fewer to resample.
 */
export function pairedRestrictedMeans(
  own: { readonly runs: RunColumns; readonly observations: ReadonlyArray<Observation | undefined> },
  baseline: ReadonlyArray<Observation | undefined>,
  baseIndex: ReadonlyMap<number, number>,
  options: {
    readonly horizon: number;
    readonly seed: number;
    readonly resamples: number;
    /** The baseline's replicates over all its runs with the same seed and resamples, if known. */
    readonly baseReplicates?: RmstReplicates;
  },
): { readonly difference: RmstDifference; readonly own: RmstReplicates } {
  const mine: Array<Observation | undefined> = [];
  const theirs: Array<Observation | undefined> = [];
  // whether the pairs are the baseline's runs in its order: its replicates are then the pairs'
  let aligned = own.runs.length === baseline.length;
  for (let i = 0; i < own.runs.length; i++) {
    const j = baseIndex.get(own.runs.seed[i]!);
    if (j !== i) aligned = false;
    if (j === undefined) continue;
    mine.push(own.observations[i]);
    theirs.push(baseline[j]);
  }
  const resampling = { seed: options.seed, resamples: options.resamples };
  const known = options.baseReplicates;
  if (
    aligned &&
    known?.units === baseline.length &&
    known.replicates.length === options.resamples
  ) {
    const [design] = resampledRmst([mine], options.horizon, resampling);
    return { difference: rmstDifferenceOf(known, design!), own: design! };
  }
  const [base, design] = resampledRmst([theirs, mine], options.horizon, resampling);
  return { difference: rmstDifferenceOf(base!, design!), own: design! };
}
