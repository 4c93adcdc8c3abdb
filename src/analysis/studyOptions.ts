/**
 * What a robustness study is asked to do, and the influence of one assumption on one output:
 * the types the study's modules share (see `robustness.ts`).
 */
import type { ResourceLimits } from 'node:worker_threads';
import type { LoadedPosterior } from '../assumptions/posterior.js';
import type { MorrisIndex, SobolIndex } from './sensitivity/index.js';
import type { StudySetup } from './studyTask.js';
import type { SeedChoice } from './studySeeds.js';

/** How a study is run. */
export interface StudyOptions extends Omit<StudySetup, 'kind' | 'posterior'> {
  /** Design A (the baseline) and design B, by id. */
  readonly designs: readonly [string, string];
  /** The seeds every point runs for both designs. */
  readonly seeds: readonly number[];
  /** How the number of seeds was chosen (`pilotStudy`), recorded in the study; absent when given. */
  readonly seedChoice?: SeedChoice;
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
  /** Seed blocks per noise point (default 5). */
  readonly noiseBlocks?: number;
  /** Points at which the noise floor is measured, the files' values among them (default 5). */
  readonly noisePoints?: number;
  /** How many of the most influential findings get a flip search, per output (default 3). */
  readonly flipTop?: number;
  readonly onProgress?: (done: number, total: number, stage: string) => void;
}

/** One assumption's influence on one output. */
export interface Influence {
  readonly id: string;
  readonly morris?: Pick<MorrisIndex, 'mu' | 'muStar' | 'sigma' | 'muStarConf'>;
  readonly sobol?: Pick<SobolIndex, 's1' | 's1Conf' | 'st' | 'stConf'>;
  /** What seeds alone give this index, measured from the study's own points (see `studyNoise.ts`). */
  readonly floor?: number;
  /** Its lower bound clears that floor (see `studyNoise.ts`). */
  readonly finding?: boolean;
}
