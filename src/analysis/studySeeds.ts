/**
 * How many seeds a study runs at each point, and what it will cost. A pilot evaluates the files'
 * values on a few seeds; for each output whose difference the pilot resolves (its 95% interval
 * excludes zero), the seeds needed for a standard error below `precision` × |effect| follow from
 * the standard error shrinking as 1/√n; the study runs the most any output needs, at least the
 * pilot's and at most `maxSeeds`. Outputs the pilot does not resolve do not drive the number (they
 * would always ask for the cap); if it resolves none but some output varies, the study runs the cap.
 */
import { Z95 } from './studyFlip.js';

/** How the seeds per point are chosen. */
export interface SeedTarget {
  /** The largest standard error allowed, as a fraction of the effect (e.g. 0.1). */
  readonly precision: number;
  /** The most seeds a point runs. */
  readonly maxSeeds: number;
  /** The pilot's seeds. */
  readonly pilotSeeds: readonly number[];
}

/** The seeds a study chose, and why. */
export interface SeedChoice extends Omit<SeedTarget, 'pilotSeeds'> {
  readonly pilotSeeds: number;
  /** Per output: the pilot's value and standard error, and the seeds it needs (0 when unresolved). */
  readonly pilot: ReadonlyArray<{
    readonly name: string;
    readonly value: number;
    readonly se: number;
    readonly needs: number;
  }>;
  readonly seeds: number;
  /** Whether the cap bound the choice (some output needs more). */
  readonly capped: boolean;
}

/** The default target: a standard error within 10% of the effect, at most 200 seeds, a pilot of 30. */
export const DEFAULT_SEED_TARGET: SeedTarget = {
  precision: 0.1,
  maxSeeds: 200,
  pilotSeeds: Array.from({ length: 30 }, (_, i) => i + 1),
};

/**
 * The number of seeds per point from a pilot's outputs (`values` and standard errors `errors`, one
 * per output named in `names`).
 */
export function chooseSeeds(
  target: SeedTarget,
  names: readonly string[],
  values: readonly number[],
  errors: readonly number[],
): SeedChoice {
  const n0 = target.pilotSeeds.length;
  const pilot = names.map((name, o) => {
    const value = values[o]!;
    const se = errors[o]!;
    const resolved = se > 0 && Math.abs(value) > Z95 * se;
    const needs = resolved ? Math.ceil(n0 * (se / (target.precision * Math.abs(value))) ** 2) : 0;
    return { name, value, se, needs };
  });
  const anyNoise = pilot.some((p) => p.se > 0);
  const needed = Math.max(0, ...pilot.map((p) => p.needs));
  const wanted = needed > 0 ? needed : anyNoise ? target.maxSeeds : n0;
  const seeds = Math.min(target.maxSeeds, Math.max(n0, wanted));
  return {
    precision: target.precision,
    maxSeeds: target.maxSeeds,
    pilotSeeds: n0,
    pilot,
    seeds,
    capped: wanted > target.maxSeeds,
  };
}

/** What a study will run, before it starts. */
export interface StudyPlan {
  readonly points: number;
  readonly seeds: number;
  readonly designs: number;
  /** Runs of the sample, of the noise floor, and at most of the flip searches. */
  readonly runs: { readonly sample: number; readonly noise: number; readonly flipsAtMost: number };
  readonly total: number;
}

/** The runs a study makes (the flip searches at most: each of `searched` assumptions at `levels` levels). */
export function studyPlan(
  points: number,
  seeds: number,
  designs: number,
  noiseEvaluations: number,
  searched: number,
  levels: number,
): StudyPlan {
  const runs = {
    sample: points * seeds * designs,
    noise: noiseEvaluations * seeds * designs,
    flipsAtMost: searched * levels * seeds * designs,
  };
  return { points, seeds, designs, runs, total: runs.sample + runs.noise + runs.flipsAtMost };
}
