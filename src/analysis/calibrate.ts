/**
 * Calibration against history: a historical incident is a scenario with an `observed:` block.
 * Each observed interval (from a rung's first entry or a decision's first entry into force, to
 * the first such event at or after it) is measured in every seeded run of the incident under the design in force at the
 * time; the observation is then placed in the model's distribution: its percentile, and whether
 * it falls inside the model's 10–90% band. An interval that never closes within the horizon counts
 * as longer than any that does.
 */
import { compileModel, type Model } from '../model/compile.js';
import type { Scenario } from '../scenario/schema.js';
import { loadDesign, loadScenario, type LoadedScenario } from '../scenario/load.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { InputError } from '../scenario/errors.js';
import { createSimulation } from '../engine/simulation.js';
import { quantile } from '../report/statistics.js';

type IntervalEnd = NonNullable<Scenario['observed']>['intervals'][number]['from'];

/** Where one observation falls in the model's distribution. */
export interface IntervalCheck {
  readonly id: string;
  readonly label: string;
  readonly source: string;
  /** Minutes. */
  readonly observed: number;
  /** Runs in which the interval opened (its `from` happened). */
  readonly runs: number;
  /** Of those, runs in which it never closed within the horizon. */
  readonly unclosed: number;
  /** The model's 10th, 50th and 90th percentiles, minutes (Infinity: not closed within the horizon). */
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  /** The observation's percentile in the model's distribution (mid-rank, 0–100). */
  readonly percentile: number;
  /** Whether the observation lies inside the model's 10–90% band. */
  readonly inBand: boolean;
}

/** The calibration of one incident. */
export interface IncidentCalibration {
  readonly scenario: string;
  readonly design: string;
  readonly seeds: number;
  readonly intervals: readonly IntervalCheck[];
}

/** The band an observation must fall in, as percentiles. */
export const BAND = { low: 10, high: 90 } as const;

/** Type-7 quantile of ascending values that may end in Infinity (an interval never closed): Infinity when it would interpolate towards one. */
function quantileWithInfinity(sorted: readonly number[], p: number): number {
  return Number.isFinite(sorted[Math.ceil((sorted.length - 1) * p)]!)
    ? quantile(sorted, p)
    : Infinity;
}

/** The mid-rank percentile of `x` among `values`: below counts whole, ties count half. */
export function midRankPercentile(values: readonly number[], x: number): number {
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < x) below++;
    else if (v === x) equal++;
  }
  return (100 * (below + equal / 2)) / values.length;
}

/**
 * Each observed interval of an incident measured in each seeded run of `model`: per interval, per
 * seed (in the order given), its length in minutes, Infinity if it opened and never closed within
 * the horizon, undefined if it never opened.
 */
export function intervalSamples(model: Model, seeds: readonly number[]): (number | undefined)[][] {
  const observed = model.scenario.observed;
  if (!observed) throw new Error(`scenario ${model.scenario.id} has no observed block`);
  const samples = observed.intervals.map(() => [] as (number | undefined)[]);
  for (const seed of seeds) {
    const entries = new Map<string, number[]>();
    const enter = (key: string, t: number) => {
      let times = entries.get(key);
      if (!times) entries.set(key, (times = []));
      times.push(t);
    };
    const sim = createSimulation(model, {
      seed,
      observe: (e) => {
        if (e.kind !== 'state') return;
        if (e.actor === 'ladder') return enter(`rung:${e.to}`, e.t);
        const slash = e.to.indexOf('/');
        const decision = e.to.slice(0, slash);
        if (
          slash > 0 &&
          e.to.startsWith('/inForce', slash) &&
          !e.from.startsWith(`${decision}/inForce`)
        )
          enter(`decision:${decision}`, e.t);
      },
    });
    const status = sim.run();
    if (status.status !== 'done')
      throw new Error(
        `run ${seed} of ${model.scenario.id} stopped at ${status.status === 'waiting' ? status.point.id : 'a pause'}`,
      );
    /** The first time `end` happened at or after `after`. */
    const at = (end: IntervalEnd, after: number) =>
      entries
        .get('rung' in end ? `rung:${end.rung}` : `decision:${end.decision}`)
        ?.find((t) => t >= after);
    observed.intervals.forEach((interval, i) => {
      const from = at(interval.from, 0);
      const to = from === undefined ? undefined : at(interval.to, from);
      samples[i]!.push(from === undefined ? undefined : to === undefined ? Infinity : to - from);
    });
  }
  return samples;
}

/**
 * Runs `model` (an incident under its design) on `seeds` and places each observed interval in
 * the model's distribution.
 */
export function calibrateIncident(model: Model, seeds: readonly number[]): IncidentCalibration {
  const observed = model.scenario.observed!;
  const samples = intervalSamples(model, seeds).map((values) =>
    values.filter((v): v is number => v !== undefined),
  );
  return {
    scenario: model.scenario.id,
    design: model.design.id,
    seeds: seeds.length,
    intervals: observed.intervals.map((interval, i) => {
      const values = samples[i]!.sort((a, b) => a - b);
      if (values.length === 0)
        throw new Error(
          `interval ${interval.id} of ${model.scenario.id} never opened in ${seeds.length} runs`,
        );
      const percentile = midRankPercentile(values, interval.observed);
      return {
        id: interval.id,
        label: interval.label,
        source: interval.source,
        observed: interval.observed,
        runs: values.length,
        unclosed: values.filter((v) => v === Infinity).length,
        p10: quantileWithInfinity(values, 0.1),
        p50: quantileWithInfinity(values, 0.5),
        p90: quantileWithInfinity(values, 0.9),
        percentile,
        inBand: percentile >= BAND.low && percentile <= BAND.high,
      };
    }),
  };
}

/** Loads a historical incident (or a counterfactual of one) and compiles it under the design in force at the time (`observed.design`). */
export function loadIncident(file: string): { loaded: LoadedScenario; model: Model } {
  const loaded = loadScenario(file);
  const observed = loaded.scenario.observed;
  if (!observed)
    throw new InputError([
      {
        file,
        path: 'observed',
        message:
          'missing: a historical incident lists what was observed (design, events, intervals)',
      },
    ]);
  const design = loadDesign(resolveDesignFiles(file, observed.design)[0]!, loaded.scenario).design;
  return { loaded, model: compileModel(loaded.scenario, design) };
}
