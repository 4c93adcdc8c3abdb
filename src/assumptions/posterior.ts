/**
 * A fitted posterior as a file (`posterior.json`): the numbers fitted, their weighted samples, the
 * fit's schedule and settings, and the data it was fitted to. Reading one checks its shape; a run
 * that carries the posterior draws one sample per seed, from the seed alone, so every design run on
 * a seed draws the same numbers (common random numbers) and any worker count gives the same bytes.
 */
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { z } from 'zod';
import { InputError } from '../scenario/errors.js';
import { parseYaml, readInputFile } from '../scenario/text.js';

const PosteriorSchema = z.object({
  format: z.literal('rungs-posterior/1'),
  parameters: z
    .array(
      z.object({
        id: z.string().min(1),
        low: z.number(),
        high: z.number(),
        scale: z.enum(['linear', 'log']),
        unit: z.enum(['minutes', 'number']),
      }),
    )
    .min(1),
  samples: z.array(z.object({ values: z.array(z.number()), weight: z.number().positive() })).min(1),
  ess: z.number(),
  stopped: z.string(),
  simulations: z.number().int(),
  schedule: z.array(z.record(z.string(), z.unknown())),
  settings: z.record(z.string(), z.unknown()),
  data: z.array(
    z.object({
      file: z.string(),
      scenario: z.string(),
      observations: z.array(z.object({ id: z.string(), observed: z.unknown() })),
    }),
  ),
  intervals: z.array(
    z.object({
      id: z.string(),
      low: z.number(),
      median: z.number(),
      high: z.number(),
      mean: z.number(),
    }),
  ),
});

/** A fitted posterior, as `calibrate --fit` writes it. */
export interface Posterior {
  readonly format: 'rungs-posterior/1';
  /** The numbers fitted: register ids, their prior ranges and units. */
  readonly parameters: ReadonlyArray<{
    readonly id: string;
    readonly low: number;
    readonly high: number;
    readonly scale: 'linear' | 'log';
    readonly unit: 'minutes' | 'number';
  }>;
  /** Weighted samples: one value per parameter, in the order of `parameters`. */
  readonly samples: ReadonlyArray<{ readonly values: readonly number[]; readonly weight: number }>;
  /** The effective sample size of the weights. */
  readonly ess: number;
  /** Why the sampler stopped. */
  readonly stopped: string;
  readonly simulations: number;
  /** Each generation's tolerance, effective sample size, acceptance and simulations. */
  readonly schedule: ReadonlyArray<Record<string, unknown>>;
  readonly settings: Readonly<Record<string, unknown>>;
  /** The incidents and observations it was fitted to. */
  readonly data: ReadonlyArray<{
    readonly file: string;
    readonly scenario: string;
    readonly observations: ReadonlyArray<{ readonly id: string; readonly observed: unknown }>;
  }>;
  /** Each parameter's posterior median, 90% interval and mean. */
  readonly intervals: ReadonlyArray<{
    readonly id: string;
    readonly low: number;
    readonly median: number;
    readonly high: number;
    readonly mean: number;
  }>;
}

/** How every output that used a posterior records it: its file as given and the SHA-256 of its bytes. */
export interface PosteriorRecord {
  readonly file: string;
  readonly sha256: string;
}

/** A posterior and the SHA-256 of its file's bytes, which every output that used it records. */
export interface LoadedPosterior {
  readonly file: string;
  readonly hash: string;
  readonly posterior: Posterior;
}

/** Reads and checks a posterior file; a bad one is an {@link InputError} naming the file and path. */
export function loadPosterior(file: string): LoadedPosterior {
  const text = readInputFile(file);
  const parsed = PosteriorSchema.safeParse(parseYaml(text, file));
  if (!parsed.success)
    throw new InputError(
      parsed.error.issues.map((issue) => ({
        file,
        path: issue.path.join('.') || '(top level)',
        message: `${issue.message} (expected a posterior written by rungs calibrate --fit)`,
      })),
    );
  const posterior: Posterior = parsed.data;
  const width = posterior.parameters.length;
  const bad = posterior.samples.findIndex((s) => s.values.length !== width);
  if (bad >= 0)
    throw new InputError([
      {
        file,
        path: `samples.${bad}.values`,
        message: `expected ${width} values, one per parameter`,
      },
    ]);
  return { file, hash: createHash('sha256').update(text).digest('hex'), posterior };
}

/** The cumulative weights of a posterior's samples, for {@link sampleForSeed}. */
export function cumulativeWeights(posterior: Pick<Posterior, 'samples'>): Float64Array {
  const cumulative = new Float64Array(posterior.samples.length);
  let total = 0;
  posterior.samples.forEach((s, i) => (cumulative[i] = total += s.weight));
  return cumulative.map((c) => c / total);
}

/** The index of the sample a seed draws: from the seed alone, in proportion to the weights. */
export function sampleForSeed(cumulative: Float64Array, seed: number): number {
  const u = seedrandom.alea(`posterior/${seed}`)();
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid]! > u) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** The values of a sample as register id → value. */
export function sampleValues(
  posterior: Pick<Posterior, 'parameters' | 'samples'>,
  index: number,
): Map<string, number> {
  const values = posterior.samples[index]!.values;
  return new Map(posterior.parameters.map((p, j) => [p.id, values[j]!]));
}
