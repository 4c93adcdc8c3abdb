/**
 * Merging the shards of a batch (`rungs merge SHARD… --out DIR`): the shard folders are checked
 * to be one plan's complete set (the same whole-batch identity and shard count, every index once,
 * each complete), their stored rows (and traces) are gathered into a new batch folder, and the
 * batch is finished there exactly as a single machine finishes it: results in canonical order,
 * summaries, report and data dictionary from the merged rows. The result files are byte-identical
 * to the same batch run in one process.
 */
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { copyFileAtomic } from '../io/atomic.js';
import { InputError, type InputIssue } from '../scenario/errors.js';
import { parseSeeds } from './seeds.js';
import {
  checkOutputFolder,
  createManifest,
  describeDifferences,
  manifestPath,
  readManifest,
  writeManifest,
  type BatchManifest,
} from './manifest.js';
import { PARTIAL_DIR } from './partials.js';
import { TRACES_DIR } from './store.js';
import { shardSetIssues } from './shard.js';
import { planOf, runPlannedBatch, startPool, type BatchResult } from './runBatch.js';
import type { BatchPool } from './execute.js';
import type { LeaseClock } from './lock.js';

/** What {@link mergeShards} needs besides the shard folders. */
export interface MergeOptions {
  /** The merged batch's folder (new, or empty). */
  readonly out: string;
  readonly workers?: number;
  /** The clock and host that make the merged folder's lock a lease (see `BatchOptions.lease`). */
  readonly lease?: LeaseClock;
}

type ShardManifest = BatchManifest & { readonly shard: NonNullable<BatchManifest['shard']> };

/** Reads and checks the shard folders; every problem found is one issue, naming its folder. */
function checkShards(dirs: readonly string[]): ShardManifest[] {
  if (dirs.length === 0)
    throw new InputError([{ file: 'merge', path: '', message: 'no shard folders given' }]);
  const issues: InputIssue[] = [];
  const manifests: Array<ShardManifest | null> = dirs.map((dir) => {
    let m: BatchManifest;
    try {
      m = readManifest(dir);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
      return null;
    }
    if (!m.shard) {
      issues.push({
        file: dir,
        path: 'shard',
        message: 'is a whole batch, not a shard (shards are run with --shard i/N)',
      });
      return null;
    }
    if (m.status !== 'complete')
      issues.push({
        file: dir,
        path: 'status',
        message: `shard ${m.shard.index}/${m.shard.count} is incomplete: finish it with the same command and --resume`,
      });
    return m as ShardManifest;
  });
  const found = manifests.filter((m): m is ShardManifest => m !== null);
  issues.push(...posteriorIssues(dirs, manifests));
  issues.push(
    ...shardSetIssues(
      manifests.map(
        (m, i) =>
          m && { dir: dirs[i]!, whole: m.shard.plan, index: m.shard.index, count: m.shard.count },
      ),
      'batch',
      'shard.plan',
    ),
  );
  if (issues.length > 0) throw new InputError(issues);
  return found;
}

/**
 * Shards that drew from another posterior than the first shard (or from none where it drew, or the
 * reverse), each named.
 */
function posteriorIssues(
  dirs: readonly string[],
  manifests: ReadonlyArray<BatchManifest | null>,
): InputIssue[] {
  const drew = (m: BatchManifest) =>
    m.posterior
      ? `the posterior ${m.posterior.given} (sha256 ${m.posterior.sha256})`
      : 'no posterior';
  const first = manifests.findIndex((m) => m !== null);
  if (first < 0) return [];
  const hash = manifests[first]!.posterior?.sha256;
  return manifests.flatMap((m, i) =>
    m && m.posterior?.sha256 !== hash
      ? [
          {
            file: dirs[i]!,
            path: 'posterior.sha256',
            message: `drew its numbers from ${drew(m)}, but ${dirs[first]} from ${drew(manifests[first]!)}: the shards of one batch draw from one posterior`,
          },
        ]
      : [],
  );
}

/**
 * Gathers every file of `from` (and below) into the file of the same name under `to`: appended to
 * it, or, when `to` has none yet, linked (the merge only reads these files, and then removes its
 * own names for them) or, across file systems, copied.
 */
function gatherTree(from: string, to: string): void {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) gatherTree(source, target);
    else if (existsSync(target)) {
      // a linked file is made a copy before anything is appended to it: the shard's own file stays as it was
      if (statSync(target).nlink > 1) copyFileAtomic(target, target);
      appendFileSync(target, readFileSync(source));
    } else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

/**
 * Merges the shard folders `dirs` into `options.out` (see the module comment).
 *
 * @example
 * ```ts
 * // after `runBatch({ ..., shard: { index: i, count: 2 }, out: `runs/x.${i}` })` for i = 0, 1
 * const merged = await mergeShards(['runs/x.0', 'runs/x.1'], { out: 'runs/x' });
 * ```
 */
export async function mergeShards(
  dirs: readonly string[],
  options: MergeOptions,
): Promise<BatchResult> {
  const shards = checkShards(dirs);
  const pool = startPool(options.workers);
  try {
    return await mergeChecked(dirs, shards, { ...options, pool });
  } finally {
    await pool.close();
  }
}

/** {@link mergeShards} of a checked set of shards, with the pool that will summarise it loading meanwhile. */
async function mergeChecked(
  dirs: readonly string[],
  shards: readonly ShardManifest[],
  options: MergeOptions & { readonly pool: BatchPool },
): Promise<BatchResult> {
  const m = shards[0]!;
  const dir = dirs[shards.indexOf(m)]!;
  const batch = {
    scenario: manifestPath(dir, m.scenario.file),
    designs: [...new Set(m.designs.map((d) => manifestPath(dir, d.file)))].join(','),
    seeds: parseSeeds(m.seeds.ranges, { file: join(dir, 'manifest.json'), path: 'seeds.ranges' }),
    seedsText: m.seeds.given,
    sets: m.sweep.map((a) => `${a.path}=${a.values.join(',')}`),
    variants: m.variants ?? [],
    baseline: m.baseline,
    traces: m.options.traces,
    ...(m.options.outsideRange ? { outsideRange: true } : {}),
    ...(m.posterior ? { posterior: manifestPath(dir, m.posterior.file) } : {}),
  };
  const plan = planOf(batch);
  const manifest = createManifest(plan, options.out, {
    baseline: batch.baseline,
    traces: batch.traces,
    seedsGiven: batch.seedsText,
  });
  if (manifest.identity !== m.shard.plan) {
    const { shard: _shard, ...whole } = m;
    const changed = describeDifferences(whole, manifest);
    throw new InputError([
      {
        file: dir,
        path: 'shard.plan',
        message: `this machine would not make the batch the shards belong to: ${changed.join('; ') || 'its identity'} changed since the shards were run`,
      },
    ]);
  }
  if (checkOutputFolder(options.out, manifest, false).kind !== 'new')
    throw new InputError([
      { file: options.out, path: '', message: 'is not empty: merge into a new folder' },
    ]);
  // the shards' stored rows become the merged batch's, which then finishes as an interrupted batch does
  mkdirSync(options.out, { recursive: true });
  writeManifest(options.out, manifest);
  for (const shardDir of dirs) {
    gatherTree(join(shardDir, PARTIAL_DIR), join(options.out, PARTIAL_DIR));
    if (batch.traces && existsSync(join(shardDir, TRACES_DIR)))
      cpSync(join(shardDir, TRACES_DIR), join(options.out, TRACES_DIR), { recursive: true });
  }
  return runPlannedBatch(plan, {
    ...batch,
    out: options.out,
    resume: true,
    fromShards: true,
    pool: options.pool,
    ...(options.lease ? { lease: options.lease } : {}),
  });
}
