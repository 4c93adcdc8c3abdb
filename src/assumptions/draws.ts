/**
 * Runs that draw their numbers from a fitted posterior: each seed draws one sample, from the seed
 * alone (`posterior.ts`), so every design, sweep point or study point run on that seed draws the
 * same numbers (common random numbers) and any worker count gives the same results. A posterior
 * names register ids: one that the scenario's register lacks, or that `--set` also holds, is an
 * input error.
 */
import { InputError } from '../scenario/errors.js';
import type { Assumption } from '../scenario/register.js';
import {
  cumulativeWeights,
  sampleForSeed,
  sampleValues,
  type LoadedPosterior,
  type Posterior,
  type PosteriorRecord,
} from './posterior.js';

/** What a worker needs of a posterior to draw: its parameters and weighted samples. */
export type PosteriorDraw = Pick<Posterior, 'parameters' | 'samples'>;

/** The sample each seed draws from a posterior, and its values. */
export class SeedDraws {
  private readonly cumulative: Float64Array;

  constructor(private readonly posterior: PosteriorDraw) {
    this.cumulative = cumulativeWeights(posterior);
  }

  /** The index of the sample `seed` draws. */
  sampleOf(seed: number): number {
    return sampleForSeed(this.cumulative, seed);
  }

  /** `base` (register id → value) with sample `sample`'s values in place of its posterior's ids. */
  valuesOf(sample: number, base: ReadonlyMap<string, number> = new Map()): Map<string, number> {
    const values = new Map(base);
    for (const [id, v] of sampleValues(this.posterior, sample)) values.set(id, v);
    return values;
  }
}

/** The positions of `seeds` grouped by the sample each draws, groups in the order of their first seed. */
export function bySample(
  seeds: ArrayLike<number>,
  draws: Pick<SeedDraws, 'sampleOf'>,
): Array<{ readonly sample: number; readonly positions: number[] }> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < seeds.length; i++) {
    const sample = draws.sampleOf(seeds[i]!);
    let positions = groups.get(sample);
    if (!positions) groups.set(sample, (positions = []));
    positions.push(i);
  }
  return [...groups].map(([sample, positions]) => ({ sample, positions }));
}

/**
 * The few most recently used values of an expensive function (compiled models are large: a worker
 * keeps a handful, not one per sample drawn). An evicted value is made again if asked for.
 */
export class Recent<V> {
  private readonly kept = new Map<string, V>();

  constructor(private readonly size: number) {}

  /** The value kept under `key`, or `make()`'s, kept. */
  get(key: string, make: () => V): V {
    let value = this.kept.get(key);
    if (value !== undefined) this.kept.delete(key);
    else value = make();
    this.kept.set(key, value);
    if (this.kept.size > this.size) this.kept.delete(this.kept.keys().next().value!);
    return value;
  }
}

/**
 * Checks that every parameter of a posterior is an assumption of `register` (the scenario's and
 * its designs'); one that is not is an {@link InputError} naming the posterior's file and the id.
 */
export function checkPosteriorIds(
  loaded: LoadedPosterior,
  register: readonly Assumption[],
  scenarioFile: string,
): void {
  const ids = new Set(register.map((a) => a.id));
  const issues = loaded.posterior.parameters.flatMap((p, j) =>
    ids.has(p.id)
      ? []
      : [
          {
            file: loaded.file,
            path: `parameters.${j}.id`,
            message: `"${p.id}" is not an assumption of the register of ${scenarioFile} and its designs (expected ids that rungs assumptions lists, such as ${register
              .filter((a) => a.calibratable)
              .slice(0, 2)
              .map((a) => a.id)
              .join(', ')}; was the posterior fitted to another scenario?)`,
          },
        ],
  );
  if (issues.length > 0) throw new InputError(issues);
}

/**
 * Refuses assumptions that `--set` holds and the posterior draws: each is an {@link InputError}
 * naming `--set`, the id and the posterior's file.
 */
export function checkNotHeld(loaded: LoadedPosterior, held: Iterable<string>): void {
  const drawn = new Set(loaded.posterior.parameters.map((p) => p.id));
  const both = [...new Set(held)].filter((id) => drawn.has(id));
  if (both.length > 0)
    throw new InputError(
      both.map((id) => ({
        file: '--set',
        path: id,
        message: `is drawn seed by seed from the posterior ${loaded.file}; --set cannot also hold it (leave it out of --set, or leave out --posterior)`,
      })),
    );
}

/** What workers draw from: a loaded posterior's parameters and samples. */
export function drawOf(loaded: LoadedPosterior): PosteriorDraw {
  return { parameters: loaded.posterior.parameters, samples: loaded.posterior.samples };
}

/** How every output that used a posterior records it (see {@link PosteriorRecord}). */
export function posteriorRecord(loaded: LoadedPosterior): PosteriorRecord {
  return { file: loaded.file, sha256: loaded.hash };
}
