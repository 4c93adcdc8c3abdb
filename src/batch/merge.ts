/**
 * Merging the shards of a batch (`rungs merge SHARD… --out DIR`): the shard folders are checked
 * to be one plan's complete set (the same whole-batch identity and shard count, every index once,
 * each complete), their stored rows (and traces) are gathered into a new batch folder, and the
 * batch is finished there exactly as a single machine finishes it: results in canonical order,
 * summaries, report and data dictionary from the merged rows. The result files are byte-identical
 * to the same batch run in one process.
 *
 * Each shard's rows are checked against the digest it recorded when it completed
 * (`shardDigest.ts`): rows changed since are refused, naming the file. A merge killed part-way is
 * finished by the same command: a folder holding this batch unfinished has its gathered rows and
 * any result files removed and gathered again, under the folder's lock, so the files come out as
 * an uninterrupted merge writes them; one holding it complete is left as it is.
 */
import {
  appendFileSync,
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { copyFileAtomic, isTemporary } from '../io/atomic.js';
import { openRegularFile } from '../io/regularFile.js';
import { InputError, type InputIssue } from '../scenario/errors.js';
import { parseSeeds } from './seeds.js';
import {
  checkOutputFolder,
  createManifest,
  describeDifferences,
  manifestPath,
  readManifest,
  type BatchManifest,
} from './manifest.js';
import { PARTIAL_DIR } from './partials.js';
import { RESULT_FILES, TRACES_DIR } from './store.js';
import { shardDigestIssues } from './shardDigest.js';
import { shardSetIssues } from './shard.js';
import { planOf, runPlannedBatch, startPool, type BatchResult } from './runBatch.js';
import type { BatchPool } from './execute.js';
import type { LeaseClock } from './lock.js';

/** What {@link mergeShards} needs besides the shard folders. */
export interface MergeOptions {
  /** The merged batch's folder (new, or empty). */
  readonly out: string;
  readonly workers?: number;
  /** Told about something done on the way (a shard without a digest merged unchecked, a stale lock taken over). */
  readonly onNotice?: (message: string) => void;
  /**
   * Called as the shards' rows are gathered into `out` (its manifest written): with 0 before the
   * first shard, then after each.
   */
  readonly onGather?: (gathered: number, shards: number) => void;
  /** The clock and host that make the merged folder's lock a lease (see `BatchOptions.lease`). */
  readonly lease?: LeaseClock;
}

type ShardManifest = BatchManifest & { readonly shard: NonNullable<BatchManifest['shard']> };

/**
 * Reads and checks the shard folders, then (when they are one batch's complete set) each shard's
 * rows against its digest; every problem found is one issue, naming its folder or file.
 */
function checkShards(
  dirs: readonly string[],
  onNotice?: (message: string) => void,
): ShardManifest[] {
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
  issues.push(...dirs.flatMap((dir, i) => shardDigestIssues(dir, manifests[i]!, onNotice)));
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
    if (entry.isDirectory()) {
      gatherTree(source, target);
      continue;
    }
    // a FIFO or device among a shard's files would block or mislead the merge: refused, named
    closeSync(openRegularFile(source).fd);
    if (existsSync(target)) {
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
  const shards = checkShards(dirs, options.onNotice);
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
  // new, this batch unfinished (a killed merge: done again) or complete (nothing to do); anything else is refused
  checkOutputFolder(options.out, manifest, true);
  // the shards' stored rows become the merged batch's, which then finishes as an interrupted batch does
  return runPlannedBatch(plan, {
    ...batch,
    out: options.out,
    resume: true,
    fromShards: () => gatherShards(dirs, options.out, batch.traces, options.onGather),
    pool: options.pool,
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    ...(options.lease ? { lease: options.lease } : {}),
  });
}

/**
 * Gathers the shards' rows (and traces) into `out`, which holds the merged batch's manifest and
 * perhaps what a killed merge left: its gathered rows, traces, result and temporary files, all
 * removed first (the rows are links to or copies of the shards' files).
 */
function gatherShards(
  dirs: readonly string[],
  out: string,
  traces: boolean,
  onGather?: MergeOptions['onGather'],
): void {
  for (const name of [PARTIAL_DIR, TRACES_DIR, ...RESULT_FILES])
    rmSync(join(out, name), { recursive: true, force: true });
  for (const name of readdirSync(out))
    if (isTemporary(name)) rmSync(join(out, name), { force: true });
  onGather?.(0, dirs.length);
  for (const [i, shardDir] of dirs.entries()) {
    gatherTree(join(shardDir, PARTIAL_DIR), join(out, PARTIAL_DIR));
    if (traces && existsSync(join(shardDir, TRACES_DIR)))
      cpSync(join(shardDir, TRACES_DIR), join(out, TRACES_DIR), { recursive: true });
    onGather?.(i + 1, dirs.length);
  }
}
