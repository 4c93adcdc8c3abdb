/**
 * Shards of a batch: a batch's runs, numbered canonically (designs by id, then sweep point, then
 * seed), split into N contiguous ranges, one per shard, so that each node of an array job runs
 * one range into its own folder and `merge` puts the folders back together. Which shard a node
 * runs is given as `i/N` (0-based) or `auto/N`, the index then read from the array engine's
 * environment variable.
 */
import { InputError, type InputIssue } from '../scenario/errors.js';

/** One shard of a batch: its 0-based index among `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The most shards a batch may be split into. */
const MAX_SHARDS = 100_000;

/** Where array engines put a task's index (0-based in each when the array is numbered from 0). */
export const SHARD_INDEX_VARIABLES = [
  'JOB_COMPLETION_INDEX',
  'SLURM_ARRAY_TASK_ID',
  'AWS_BATCH_JOB_ARRAY_INDEX',
] as const;

/** The first of {@link SHARD_INDEX_VARIABLES} set in `environment`, or undefined if none is. */
export function shardIndexVariable(
  environment: Readonly<Record<string, string | undefined>>,
): (typeof SHARD_INDEX_VARIABLES)[number] | undefined {
  return SHARD_INDEX_VARIABLES.find(
    (name) => environment[name] !== undefined && environment[name] !== '',
  );
}

const refuse = (message: string) => new InputError([{ file: '--shard', path: '', message }]);

/**
 * Reads `--shard`: `i/N` with 0 ≤ i < N, or `auto/N` with i from the first of
 * {@link SHARD_INDEX_VARIABLES} set in `environment` (Kubernetes Indexed Jobs, Slurm job arrays,
 * AWS Batch array jobs).
 */
export function parseShard(
  text: string,
  environment: Readonly<Record<string, string | undefined>>,
): Shard {
  const match = /^(\d+|auto)\/(\d+)$/.exec(text.trim());
  if (!match) throw refuse(`expected i/N (0 <= i < N, e.g. 3/64) or auto/N, got "${text}"`);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS)
    throw refuse(
      `expected from 1 to ${MAX_SHARDS.toLocaleString('en-US')} shards, got ${match[2]}`,
    );
  let index: number;
  let from = '';
  if (match[1] === 'auto') {
    const variable = shardIndexVariable(environment);
    if (!variable)
      throw refuse(
        `auto reads the shard's index from ${SHARD_INDEX_VARIABLES.join(', ')}, and none is set; give the index instead (i/${count})`,
      );
    const value = environment[variable]!;
    if (!/^\d+$/.test(value)) throw refuse(`${variable} is "${value}", not a shard index`);
    index = Number(value);
    from = ` (from ${variable})`;
  } else index = Number(match[1]);
  if (index >= count)
    throw refuse(
      `shard index ${index}${from} is not below the shard count ${count}: indices run from 0 to ${count - 1} (number a Slurm array from 0: --array=0-${count - 1})`,
    );
  return { index, count };
}

/** The runs of a shard: the contiguous range [from, to) of a batch of `size` runs. */
export function shardRange(
  size: number,
  shard: Shard,
): { readonly from: number; readonly to: number } {
  return {
    from: Math.floor((size * shard.index) / shard.count),
    to: Math.floor((size * (shard.index + 1)) / shard.count),
  };
}

/** One folder given to a merge, as far as the set is concerned: whose shard it is, and which. */
export interface ShardMember {
  readonly dir: string;
  /** The identity of the whole (batch or study) it is a shard of. */
  readonly whole: string;
  readonly index: number;
  readonly count: number;
}

/**
 * What keeps `members` (null: a folder already found unreadable) from being one whole's complete
 * set of shards: a shard of another whole or shard count, a shard given twice, shards missing.
 * `what` names the whole (`batch`, `study`); `wholePath` is where a shard records its whole.
 */
export function shardSetIssues(
  members: ReadonlyArray<ShardMember | null>,
  what: string,
  wholePath: string,
): InputIssue[] {
  const first = members.find((m) => m !== null);
  if (!first) return [];
  const issues: InputIssue[] = [];
  const byIndex = new Map<number, string>();
  for (const m of members) {
    if (!m) continue;
    if (m.whole !== first.whole || m.count !== first.count) {
      issues.push({
        file: m.dir,
        path: wholePath,
        message: `belongs to another ${what} than ${first.dir} (${m.whole !== first.whole ? 'another plan' : `${m.count} shards, not ${first.count}`})`,
      });
      continue;
    }
    const twin = byIndex.get(m.index);
    if (twin !== undefined)
      issues.push({
        file: m.dir,
        path: 'shard.index',
        message: `shard ${m.index}/${m.count} is also in ${twin}: give each shard once`,
      });
    else byIndex.set(m.index, m.dir);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i).filter((i) => !byIndex.has(i));
  // with a foreign shard among them, which are missing is anyone's guess
  if (missing.length > 0 && issues.every((issue) => issue.path !== wholePath)) {
    issues.push({
      file: 'merge',
      path: '',
      message: `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${first.count}`).join(', ')} missing: give every shard folder of the ${what}`,
    });
  }
  return issues;
}
