/**
 * A robustness study of a design comparison over the assumption register: which assumptions
 * drive the paired difference B − A of each key decision (Morris elementary effects, or Sobol'
 * first- and total-order indices, structural choices as discrete factors), what seeds alone do to
 * the outputs at several points of the space (the noise floor, see `studyNoise.ts`), which indices
 * clear it (findings), in what share of the plausible space B is ahead, and how far each of the
 * most influential findings must move, within its range or beyond it, to flip the ordering (see
 * `studyFlip.ts`). Every point runs the same seeds for both designs and reports each output's
 * standard error with it.
 */
import type { Provenance } from '../report/provenance.js';
import { morrisAnalyze, sobolAnalyze, type Parameter } from './sensitivity/index.js';
import { posteriorRecord } from '../assumptions/draws.js';
import { outputNames } from './pairedOutcome.js';
import { withStudyPool } from './studyPoints.js';
import type { PosteriorRecord } from '../assumptions/posterior.js';
import type { Assumption } from '../scenario/register.js';
import type { Matrix } from './sensitivity/index.js';
import {
  isFinding,
  morrisFloors,
  noiseFloors,
  noiseSamplePoints,
  seedBlocks,
  sobolFloors,
  type NoiseFloor,
} from './studyNoise.js';
import type { Flip } from './studyFlip.js';
import { flipSearches } from './studyFlips.js';
import type { SeedChoice } from './studySeeds.js';
import type { Influence, StudyOptions } from './studyOptions.js';

export type { Influence, StudyOptions } from './studyOptions.js';
import { studySample, threadsOf, type StudySample } from './studySample.js';

/** The study's results for one output. */
export interface OutputStudy {
  readonly name: string;
  /** The output at the reference values (the files' values), and its standard error over seeds. */
  readonly reference: number;
  readonly referenceSe: number;
  /** What seeds alone do to the output, measured at several points. */
  readonly noise: NoiseFloor;
  /** Share of sampled points where B is ahead (the output is below zero: faster, or fewer faits accomplis). */
  readonly shareBAhead: number;
  /** Share of sampled points where B is ahead beyond noise (the point's 95% interval below zero), and behind beyond it. */
  readonly shareBAheadResolved: number;
  readonly shareBBehindResolved: number;
  /** The output took one value at every sampled point (the designs never differ on it, or always by the same). */
  readonly constant: boolean;
  /** Ranked by μ* (Morris) or total order (Sobol), largest first. */
  readonly influences: readonly Influence[];
  /** How far each of the most influential findings must move to flip the ordering. */
  readonly flips: readonly Flip[];
}

/** A finished study, with what a SALib user needs to continue. */
export interface Study {
  readonly scenarioFile: string;
  readonly designs: readonly [string, string];
  readonly method: StudyOptions['method'];
  /** Morris: the grid step Δ of the unit cube (elementary effects are output changes per whole range divided by it). */
  readonly delta?: number;
  readonly seeds: number;
  readonly seedChoice?: SeedChoice;
  readonly sampleSeed: number;
  /** The posterior each seed drew the fitted numbers from: its file as given and its SHA-256; absent without one. */
  readonly posterior?: PosteriorRecord;
  /** Every `--set`, `--with`, the posterior and the seeds the study ran with (the command records it). */
  readonly provenance?: Provenance;
  readonly parameters: readonly Parameter[];
  readonly register: readonly Assumption[];
  /** The sample in parameter values, row-major, one row per evaluated point. */
  readonly sample: Matrix;
  /** One array per output, one value per sample row. */
  readonly outputs: readonly number[][];
  /** One array per output, each sample row's standard error over seeds. */
  readonly standardErrors: readonly number[][];
  readonly results: readonly OutputStudy[];
}

/** How many points a study's sample has. */
export function studySampleSize(options: StudyOptions): number {
  return studySample(options).sample.rows;
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

/** Each output's influences, ranked by μ* (Morris) or total order (Sobol), largest first. */
function rankedInfluences(
  options: StudyOptions,
  design: StudySample['design'],
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

/** What seeds alone give each parameter's index of one output (see `studyNoise.ts`), in parameter order. */
function floorsOf(
  sample: StudySample,
  values: readonly number[],
  halves: readonly [readonly number[], readonly number[]],
): number[] {
  const { design } = sample;
  if ('steps' in design) return morrisFloors(design, halves[0], halves[1]);
  return sobolFloors(design, values, halves[0], halves[1]);
}

/**
 * The outputs of every noise point on each of its blocks: the files' values on the study's seeds
 * and on independent blocks, and `noisePoints − 1` sample points on blocks alike.
 */
async function measureNoise(
  pool: Parameters<Parameters<typeof withStudyPool>[3]>[0],
  sample: StudySample,
  options: StudyOptions,
): Promise<{ reference: number[]; blocks: number[][][] }> {
  const rows = noiseSamplePoints(sample.sample.rows, options.noisePoints ?? 5);
  const blocks = seedBlocks(options.seeds, Math.max(2, options.noiseBlocks ?? 5));
  const [reference, ...atBase] = await pool.evaluateBlocks(sample.base, [options.seeds, ...blocks]);
  const atRows: number[][][] = [];
  for (const row of rows) atRows.push(await pool.evaluateBlocks(sample.pointAt(row), blocks));
  return { reference: reference!, blocks: [atBase, ...atRows] };
}

/**
 * Runs a study. `sampleResults`, when given, are the sample points' outputs already evaluated (by
 * the shards of a study, in order): only the noise floor and the flip searches run then.
 *
 * @example
 * ```ts
 * const study = await runStudy({
 *   scenarioFile: 'scenarios/senkaku-gray-zone.yaml',
 *   designs: ['acm-2015', 'parallel'],
 *   decisions: ['alliance.coordinatedResponse'],
 *   seeds: parseSeeds('1..40'),
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
  const sample = studySample(options);
  const { space, parameters, design } = sample;
  const rows = sample.sample.rows;
  if (sampleResults && sampleResults.length !== rows)
    throw new Error(
      `the study's sample has ${rows} points, but ${sampleResults.length} results were given`,
    );
  return withStudyPool(sample.setup, threadsOf(options), rows, async (pool) => {
    const results =
      sampleResults ??
      (await pool.evaluate({ length: rows, at: sample.pointAt }, options.seeds, (done) =>
        options.onProgress?.(done, rows, 'sample'),
      ));
    const names = outputNames(options.decisions);
    const m = names.length;
    const outputs = names.map((_, o) => results.map((r) => r[o]!));
    const standardErrors = names.map((_, o) => results.map((r) => r[m + o]!));
    const halves = names.map(
      (_, o) => [results.map((r) => r[2 * m + o]!), results.map((r) => r[3 * m + o]!)] as const,
    );
    const noise = await measureNoise(pool, sample, options);
    const floors = noiseFloors(noise.blocks, m);
    const ranked = rankedInfluences(options, design, parameters, outputs);
    const constant = outputs.map((values) => values.every((v) => v === values[0]));
    const column = new Map(parameters.map((p, j) => [p.name, j]));
    const influences = ranked.map((list, o) => {
      const byParameter = floorsOf(sample, outputs[o]!, halves[o]!);
      return list.map((i) => {
        const floor = byParameter[column.get(i.id)!]!;
        const withFloor = { ...i, floor };
        return { ...withFloor, finding: !constant[o] && isFinding(withFloor) };
      });
    });
    const flips = await flipSearches(pool, sample, options, influences, noise.reference);
    const resolved = (o: number, sign: number) =>
      outputs[o]!.filter((v, i) => sign * v > 1.96 * standardErrors[o]![i]!).length / rows;
    return {
      scenarioFile: options.scenarioFile,
      designs: options.designs,
      method: options.method,
      ...('delta' in design ? { delta: design.delta } : {}),
      seeds: options.seeds.length,
      ...(options.seedChoice ? { seedChoice: options.seedChoice } : {}),
      sampleSeed: options.sampleSeed,
      ...(options.posterior ? { posterior: posteriorRecord(options.posterior) } : {}),
      parameters,
      register: space.register,
      sample: sample.sample,
      outputs,
      standardErrors,
      results: names.map((name, o) => ({
        name,
        reference: noise.reference[o]!,
        referenceSe: noise.reference[m + o]!,
        noise: floors[o]!,
        shareBAhead: outputs[o]!.filter((v) => v < 0).length / rows,
        shareBAheadResolved: resolved(o, -1),
        shareBBehindResolved: resolved(o, 1),
        influences: influences[o]!,
        constant: constant[o]!,
        flips: flips[o]!,
      })),
    };
  });
}
