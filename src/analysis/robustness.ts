/**
 * A robustness study of a design comparison over the assumption register: which assumptions
 * drive the paired difference B − A of each key decision (Morris elementary effects, or Sobol'
 * first- and total-order indices), how large the spread from seeds alone is at the reference
 * values (the noise floor), in what share of the plausible parameter space B is faster, and the
 * values at which the ranking flips for the assumptions that matter most (break-even, one at a
 * time from the reference). Every point runs the same seeds for both designs.
 */
import {
  fromUnit,
  morrisAnalyze,
  morrisSample,
  saltelliSample,
  sobolAnalyze,
  toParameterMatrix,
  type Matrix,
  type MorrisIndex,
  type Parameter,
  type SobolIndex,
} from './sensitivity/index.js';
import type { ResourceLimits } from 'node:worker_threads';
import type { Assumption } from '../scenario/register.js';
import { assumptionSpace } from '../assumptions/space.js';
import type { LoadedPosterior } from '../assumptions/posterior.js';
import { drawOf, posteriorRecord } from '../assumptions/draws.js';
import { variedSpace } from './assumptionPoint.js';
import { outputNames } from './pairedOutcome.js';
import { listOf, withStudyPool, type StudyPool } from './studyPoints.js';
import type { StudySetup } from './studyTask.js';
import type { PosteriorRecord } from '../assumptions/posterior.js';

/** How a study is run. */
export interface StudyOptions extends Omit<StudySetup, 'kind' | 'posterior'> {
  /** Design A (the baseline) and design B, by id. */
  readonly designs: readonly [string, string];
  /** The seeds every point runs for both designs. */
  readonly seeds: readonly number[];
  readonly method:
    | { readonly kind: 'morris'; readonly trajectories: number }
    | { readonly kind: 'sobol'; readonly samples: number };
  /** Seed of the parameter sample (the runs use `seeds`). */
  readonly sampleSeed: number;
  /** Assumptions held at a value instead of varied (register id → value). */
  readonly fixed?: ReadonlyMap<string, number>;
  /**
   * A posterior (`loadPosterior`) each seed draws the fitted numbers from, the same for both
   * designs; those are not varied (as `fixed` ones are not), the study records the file's hash.
   */
  readonly posterior?: LoadedPosterior;
  /** Worker threads. */
  readonly workers: number;
  /** Each worker thread's heap limits (default: the study task's); a point that needs more fails the study. */
  readonly workerHeap?: ResourceLimits;
  /** Seed blocks at the reference values for the noise floor. */
  readonly noiseBlocks?: number;
  /** How many of the most influential assumptions get a break-even search, per output. */
  readonly breakEvenTop?: number;
  readonly onProgress?: (done: number, total: number, stage: string) => void;
}

/** One assumption's influence on one output. */
export interface Influence {
  readonly id: string;
  readonly morris?: Pick<MorrisIndex, 'mu' | 'muStar' | 'sigma' | 'muStarConf'>;
  readonly sobol?: Pick<SobolIndex, 's1' | 's1Conf' | 'st' | 'stConf'>;
}

/** Where the sign of an output flips as one assumption moves across its range, the others at their reference values. */
export interface BreakEven {
  readonly id: string;
  /** The output at each level, low to high. */
  readonly levels: ReadonlyArray<{ readonly value: number; readonly output: number }>;
  /** Values where the output crosses zero (linear interpolation between levels); empty if it keeps its sign. */
  readonly crossings: readonly number[];
}

/** The study's results for one output. */
export interface OutputStudy {
  readonly name: string;
  /** The output at the reference values (the files' values). */
  readonly reference: number;
  /** Standard deviation of the output across independent seed blocks at the reference values. */
  readonly noiseFloor: number;
  /** Share of sampled points where B is ahead (the output is below zero: faster, or fewer faits accomplis). */
  readonly shareBAhead: number;
  /** The output took one value at every sampled point (the designs never differ on it, or always by the same). */
  readonly constant: boolean;
  /** Ranked by μ* (Morris) or total order (Sobol), largest first. */
  readonly influences: readonly Influence[];
  readonly breakEvens: readonly BreakEven[];
}

/** A finished study, with what a SALib user needs to continue. */
export interface Study {
  readonly scenarioFile: string;
  readonly designs: readonly [string, string];
  readonly method: StudyOptions['method'];
  /** Morris: the grid step Δ of the unit cube (elementary effects are output changes per whole range divided by it). */
  readonly delta?: number;
  readonly seeds: number;
  readonly sampleSeed: number;
  /** The posterior each seed drew the fitted numbers from: its file as given and its SHA-256; absent without one. */
  readonly posterior?: PosteriorRecord;
  readonly parameters: readonly Parameter[];
  readonly register: readonly Assumption[];
  /** The sample in parameter values, row-major, one row per evaluated point. */
  readonly sample: Matrix;
  /** One array per output, one value per sample row. */
  readonly outputs: readonly number[][];
  readonly results: readonly OutputStudy[];
}

/** A study's sample, made from its options alone: the same on every machine that makes it. */
function studySample(options: StudyOptions) {
  const space = assumptionSpace(options.scenarioFile, options.designs.join(','));
  const {
    parameters,
    base,
    pointAt: pointOf,
  } = variedSpace(space, options.fixed ?? new Map<string, number>(), options.posterior);
  const setup: StudySetup = {
    scenarioFile: options.scenarioFile,
    designs: options.designs,
    decisions: options.decisions,
    ...(options.posterior ? { posterior: drawOf(options.posterior) } : {}),
  };
  const design =
    options.method.kind === 'morris'
      ? morrisSample({
          parameters,
          trajectories: options.method.trajectories,
          seed: options.sampleSeed,
        })
      : saltelliSample({ parameters, n: options.method.samples, seed: options.sampleSeed });
  const sample = toParameterMatrix(parameters, design.unit);
  const k = parameters.length;
  // points are made as they are sent, so memory does not grow with the sample beyond its matrix and outputs
  const pointAt = (i: number) => pointOf(sample.data.subarray(i * k, (i + 1) * k));
  return { space, parameters, base, setup, design, sample, pointAt };
}

/** How many points a study's sample has. */
export function studySampleSize(options: StudyOptions): number {
  return studySample(options).sample.rows;
}

/** The worker threads of a study. */
function threadsOf(options: StudyOptions) {
  return {
    workers: options.workers,
    ...(options.workerHeap ? { heap: options.workerHeap } : {}),
  };
}

/** Evaluates the sample points [from, to) of a study (one shard of it): each point's outputs, in order. */
export async function evaluateStudyPoints(
  options: StudyOptions,
  from: number,
  to: number,
): Promise<number[][]> {
  const { setup, pointAt } = studySample(options);
  return withStudyPool(setup, threadsOf(options), to - from, (pool) =>
    pool.evaluate({ length: to - from, at: (i) => pointAt(from + i) }, options.seeds, (done) =>
      options.onProgress?.(done, to - from, 'sample'),
    ),
  );
}

/**
 * The outputs at the reference point on the study's seeds, and on `blocks` independent blocks of
 * as many seeds (the noise floor).
 */
async function referenceAndNoise(
  pool: StudyPool,
  base: ReadonlyMap<string, number>,
  seeds: readonly number[],
  blocks: number,
): Promise<{ reference: number[]; noise: number[][] }> {
  const span = Math.max(...seeds) + 1;
  const seedBlocks = Array.from({ length: blocks }, (_, b) => seeds.map((s) => s + (b + 1) * span));
  const [reference, ...noise] = await pool.evaluateBlocks(base, [seeds, ...seedBlocks]);
  return { reference: reference!, noise };
}

/** Each output's influences, ranked by μ* (Morris) or total order (Sobol), largest first. */
function rankedInfluences(
  options: StudyOptions,
  design: ReturnType<typeof studySample>['design'],
  parameters: readonly Parameter[],
  outputs: readonly number[][],
): Influence[][] {
  const influences = outputs.map((values) => {
    if (options.method.kind === 'morris' && 'steps' in design) {
      return morrisAnalyze(design, values, { seed: options.sampleSeed }).indices.map(
        (x, j): Influence => ({
          id: parameters[j]!.name,
          morris: { mu: x.mu, muStar: x.muStar, sigma: x.sigma, muStarConf: x.muStarConf },
        }),
      );
    }
    if ('a' in design)
      return sobolAnalyze(design, values, { seed: options.sampleSeed }).indices.map(
        (x, j): Influence => ({
          id: parameters[j]!.name,
          sobol: { s1: x.s1, s1Conf: x.s1Conf, st: x.st, stConf: x.stConf },
        }),
      );
    return [];
  });
  const rank = (i: Influence) => i.morris?.muStar ?? i.sobol?.st ?? 0;
  return influences.map((list) =>
    [...list].sort((x, y) => rank(y) - rank(x) || (x.id < y.id ? -1 : 1)),
  );
}

/**
 * Levels of a break-even search: each assumption searched, at five values across its range (a
 * structural choice at each of its alternatives).
 */
const LEVELS = 5;

/**
 * The break-even searches: the `top` most influential assumptions of each output that varies, at
 * {@link LEVELS} values each, the others at their reference values; per output, each searched
 * assumption's levels and where the output changes sign.
 */
async function breakEvens(
  pool: StudyPool,
  options: StudyOptions,
  parameters: readonly Parameter[],
  base: ReadonlyMap<string, number>,
  ranked: readonly Influence[][],
  constant: readonly boolean[],
): Promise<BreakEven[][]> {
  const top = options.breakEvenTop ?? 3;
  const searched = [
    ...new Set(
      ranked.flatMap((list, o) => (constant[o] ? [] : list.slice(0, top).map((i) => i.id))),
    ),
  ];
  const byId = new Map(parameters.map((p) => [p.name, p]));
  const sweepPoints = searched.flatMap((id) => {
    const p = byId.get(id)!;
    // a structural choice is searched at each of its alternatives, the middle of each level's cell
    return Array.from({ length: p.levels ?? LEVELS }, (_, l) => {
      const u = p.levels !== undefined ? (l + 0.5) / p.levels : l / (LEVELS - 1);
      const value = fromUnit([p], [u])[0]!;
      return { id, value, point: new Map(base).set(id, value) };
    });
  });
  const sweep = await pool.evaluate(
    listOf(sweepPoints.map((s) => s.point)),
    options.seeds,
    (done) => options.onProgress?.(done, sweepPoints.length, 'break-even'),
  );
  return ranked.map((list, o) =>
    (constant[o] ? [] : list.slice(0, top)).map((i) => {
      const levels = sweepPoints
        .map((s, j) => ({ ...s, output: sweep[j]![o]! }))
        .filter((s) => s.id === i.id)
        .map(({ value, output }) => ({ value, output }));
      return { id: i.id, levels, crossings: zeroCrossings(levels) };
    }),
  );
}

/** Where a piecewise-linear output crosses zero with a strict change of sign (reaching a tie is not a flip). */
function zeroCrossings(levels: ReadonlyArray<{ value: number; output: number }>): number[] {
  const crossings: number[] = [];
  for (let l = 1; l < levels.length; l++) {
    const a = levels[l - 1]!;
    const b = levels[l]!;
    if (a.output * b.output < 0)
      crossings.push(a.value + ((0 - a.output) * (b.value - a.value)) / (b.output - a.output));
  }
  return crossings;
}

/** Standard deviation (n − 1) of one output across the noise blocks. */
function noiseFloor(noise: readonly number[][], o: number): number {
  const mean = noise.reduce((s, r) => s + r[o]!, 0) / noise.length;
  return Math.sqrt(noise.reduce((s, r) => s + (r[o]! - mean) ** 2, 0) / (noise.length - 1));
}

/**
 * Runs a study. `sampleResults`, when given, are the sample points' outputs already evaluated (by
 * the shards of a study, in order): only the noise floor and the break-even searches run then.
 *
 * @example
 * ```ts
 * const study = await runStudy({
 *   scenarioFile: 'scenarios/senkaku-gray-zone.yaml',
 *   designs: ['acm-2015', 'parallel'],
 *   decisions: ['alliance.coordinatedResponse'],
 *   seeds: parseSeeds('1..20'),
 *   method: { kind: 'morris', trajectories: 10 },
 *   sampleSeed: 1,
 *   workers: 2,
 * });
 * console.log(sensitivityMarkdown(study).join('\n'));
 * ```
 */
export async function runStudy(
  options: StudyOptions,
  sampleResults?: readonly (readonly number[])[],
): Promise<Study> {
  const { space, parameters, base, setup, design, sample, pointAt } = studySample(options);
  if (sampleResults && sampleResults.length !== sample.rows)
    throw new Error(
      `the study's sample has ${sample.rows} points, but ${sampleResults.length} results were given`,
    );
  return withStudyPool(setup, threadsOf(options), sample.rows, async (pool) => {
    const results =
      sampleResults ??
      (await pool.evaluate({ length: sample.rows, at: pointAt }, options.seeds, (done) =>
        options.onProgress?.(done, sample.rows, 'sample'),
      ));
    const names = outputNames(options.decisions);
    const outputs = names.map((_, o) => results.map((r) => r[o]!));
    const { reference, noise } = await referenceAndNoise(
      pool,
      base,
      options.seeds,
      options.noiseBlocks ?? 10,
    );
    const ranked = rankedInfluences(options, design, parameters, outputs);
    const constant = outputs.map((values) => values.every((v) => v === values[0]));
    const searches = await breakEvens(pool, options, parameters, base, ranked, constant);
    return {
      scenarioFile: options.scenarioFile,
      designs: options.designs,
      method: options.method,
      ...('delta' in design ? { delta: design.delta } : {}),
      seeds: options.seeds.length,
      sampleSeed: options.sampleSeed,
      ...(options.posterior ? { posterior: posteriorRecord(options.posterior) } : {}),
      parameters,
      register: space.register,
      sample,
      outputs,
      results: names.map((name, o) => ({
        name,
        reference: reference[o]!,
        noiseFloor: noiseFloor(noise, o),
        shareBAhead: outputs[o]!.filter((v) => v < 0).length / outputs[o]!.length,
        influences: ranked[o]!,
        constant: constant[o]!,
        breakEvens: searches[o]!,
      })),
    };
  });
}
