/**
 * Shards of a batch: a batch's runs, numbered canonically (designs by id, then sweep point, then
 * seed), split into N contiguous ranges, one per shard, so that each node of an array job runs
 * one range into its own folder and `merge` puts the folders back together. Which shard a node
 * runs is given as `i/N` (0-based) or `auto/N`, the index then read from the array engine's
 * environment variable.
 */
import { InputError } from '../scenario/errors.js';

/** One shard of a batch: its 0-based index among `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The most shards a batch may be split into. */
export const MAX_SHARDS = 100_000;

/** Where array engines put a task's index (0-based in each when the array is numbered from 0). */
export const SHARD_INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

const refuse = (message: string) => new InputError([{ file: '--shard', path: '', message }]);

/**
 * Reads `--shard`: `i/N` with 0 ≤ i < N, or `auto/N` with i from the first of
 * {@link SHARD_INDEX_VARIABLES} set in `environment` (Kubernetes Indexed Jobs, Slurm job arrays,
 * AWS Batch array jobs).
 */
export function parseShard(text: string, environment: Readonly<Record<string, string | undefined>>): Shard {
  const match = /^(\d+|auto)\/(\d+)$/.exec(text.trim());
  if (!match) throw refuse(`expected i/N (0 <= i < N, e.g. 3/64) or auto/N, got "${text}"`);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS) throw refuse(`expected from 1 to ${MAX_SHARDS.toLocaleString('en-US')} shards, got ${match[2]}`);
  let index: number;
  let from = '';
  if (match[1] === 'auto') {
    const variable = SHARD_INDEX_VARIABLES.find((name) => environment[name] !== undefined && environment[name] !== '');
    if (!variable) throw refuse(`auto reads the shard's index from ${SHARD_INDEX_VARIABLES.join(', ')}, and none is set; give the index instead (i/${count})`);
    const value = environment[variable]!;
    if (!/^\d+$/.test(value)) throw refuse(`${variable} is "${value}", not a shard index`);
    index = Number(value);
    from = ` (from ${variable})`;
  } else index = Number(match[1]);
  if (index >= count) throw refuse(`shard index ${index}${from} is not below the shard count ${count}: indices run from 0 to ${count - 1} (number a Slurm array from 0: --array=0-${count - 1})`);
  return { index, count };
}

/** The runs of a shard: the contiguous range [from, to) of a batch of `size` runs. */
export function shardRange(size: number, shard: Shard): { readonly from: number; readonly to: number } {
  return { from: Math.floor((size * shard.index) / shard.count), to: Math.floor((size * (shard.index + 1)) / shard.count) };
}
