/**
 * A batch's manifest: what the batch is (engine and Node versions, scenario and design content
 * hashes, seeds, sweep, baseline, options that change what is stored) and whether it is complete.
 * Its `identity` is the hash of those facts; worker count and file locations are not part of it.
 * File paths are stored relative to the batch folder, so a folder copied together with its
 * scenario folder still replays.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { NotRegularFileError, readRegularFile } from '../io/regularFile.js';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { isTemporary, writeFileAtomic } from '../io/atomic.js';
import { InputError } from '../scenario/errors.js';
import { canonicalJson, contentHash } from '../scenario/hash.js';
import type { BatchPlan } from './plan.js';
import type { SweepAxis } from './sweep.js';
import type { OverrideRecord } from '../assumptions/setOption.js';
import { seedRanges } from './seeds.js';
import type { DesignOption } from '../scenario/variants.js';
import { shardRange, type Shard } from './shard.js';
import { isLockFile } from './lock.js';

/** The manifest's format tag; a folder with another tag is not read as a batch. */
export const MANIFEST_FORMAT = 'rungs-batch/1';
export const MANIFEST_FILE = 'manifest.json';

/** The engine's name and version, from package.json. */
export function engineVersion(): { readonly name: string; readonly version: string } {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version };
}

/**
 * A complete shard's digest of what it stored (`shardDigest.ts`): per path relative to the shard
 * folder (`partial/<design>.jsonl`, and `traces/<design>` with kept traces), the SHA-256 (hex) of
 * its bytes (of a folder: of its files' paths and SHA-256s, sorted by path).
 */
export interface RowsDigest {
  /** The hash function (only SHA-256 is written). */
  readonly algorithm: 'sha256';
  /** Per stored path, relative to the shard folder with forward slashes, its hex digest. */
  readonly files: Readonly<Record<string, string>>;
}

/** What `manifest.json` holds. */
export interface BatchManifest {
  readonly format: typeof MANIFEST_FORMAT;
  /** `running` until every result and summary file is in place, then `complete`. */
  readonly status: 'running' | 'complete';
  /** Hash of everything below except `status` and file locations. */
  readonly identity: string;
  readonly engine: { readonly name: string; readonly version: string };
  readonly node: string;
  readonly scenario: {
    readonly file: string;
    readonly given: string;
    readonly id: string;
    readonly hash: string;
  };
  readonly designs: ReadonlyArray<{
    readonly id: string;
    readonly file: string;
    readonly given: string;
    readonly hash: string;
  }>;
  readonly baseline: string;
  readonly seeds: { readonly given: string; readonly ranges: string; readonly count: number };
  readonly sweep: readonly SweepAxis[];
  /** Every `--set` as given, its register id and the values outside the registered range; absent when none. */
  readonly overrides?: readonly OverrideRecord[];
  /** Design options each design also ran with, one at a time (`--with`); absent when none. */
  readonly variants?: readonly DesignOption[];
  readonly points: ReadonlyArray<{ readonly label: string; readonly scenarioHash: string }>;
  /** `outsideRange`: swept values outside their registered ranges were taken (`--outside-range`); absent otherwise. */
  readonly options: { readonly traces: boolean; readonly outsideRange?: boolean };
  /**
   * The posterior each seed drew the fitted numbers from (`--posterior`): its path (relative to
   * the batch folder, as given) and the SHA-256 of its bytes; absent when the files' numbers ran.
   */
  readonly posterior?: {
    readonly file: string;
    readonly given: string;
    readonly sha256: string;
  };
  readonly runs: number;
  /**
   * How long each run lasts, in simulated minutes (the scenario's, at the first sweep point);
   * decisions not taken by then are undecided.
   */
  readonly horizonMinutes: number;
  /**
   * A shard of a batch: its index among `count`, the runs [from, to) it holds, and the identity
   * of the whole batch (`plan`), which every shard of one batch shares; absent for a whole batch.
   */
  readonly shard?: {
    readonly index: number;
    readonly count: number;
    readonly from: number;
    readonly to: number;
    readonly plan: string;
  };
  /**
   * A complete shard's digest of its stored rows (and traces), which `merge` checks; not part of
   * the identity; absent while running, for a whole batch, and in shards of older versions.
   */
  readonly digest?: RowsDigest;
}

/** The facts that make a batch what it is (no file locations, no status). */
function identityFacts(
  m: Omit<BatchManifest, 'identity' | 'status' | 'format' | 'horizonMinutes'>,
) {
  return {
    ...(m.shard ? { shard: m.shard } : {}),
    engine: m.engine,
    node: m.node,
    scenario: { id: m.scenario.id, hash: m.scenario.hash },
    designs: m.designs.map((d) => ({ id: d.id, hash: d.hash })),
    baseline: m.baseline,
    seeds: m.seeds.ranges,
    sweep: m.sweep,
    // only when there are some, so that batches without variants keep the identity they had
    ...(m.variants && m.variants.length > 0 ? { variants: m.variants } : {}),
    points: m.points,
    options: m.options,
    // only with one, so that batches without a posterior keep the identity they had
    ...(m.posterior ? { posterior: m.posterior.sha256 } : {}),
  };
}

/** The identity a manifest's own facts hash to (it differs from `identity` when the manifest was edited). */
export function manifestIdentity(m: BatchManifest): string {
  return contentHash(identityFacts(m));
}

/** The manifest of a plan run into `dir`. */
export function createManifest(
  plan: BatchPlan,
  dir: string,
  options: { baseline: string; traces: boolean; seedsGiven?: string; shard?: Shard },
): BatchManifest {
  const rel = (file: string) => relative(resolve(dir), resolve(file)).split('\\').join('/');
  const ranges = seedRanges(plan.seeds);
  const body = {
    engine: engineVersion(),
    node: process.version,
    scenario: {
      file: rel(plan.scenarioFile),
      given: plan.scenarioFile,
      id: plan.scenario.scenario.id,
      hash: plan.scenario.hash,
    },
    designs: plan.designs.map((d) => ({
      id: d.id,
      file: rel(d.file),
      given: d.file,
      hash: d.hash,
    })),
    baseline: options.baseline,
    seeds: { given: options.seedsGiven ?? ranges, ranges, count: plan.seeds.length },
    sweep: plan.sweep,
    ...(plan.overrides.length > 0 ? { overrides: plan.overrides } : {}),
    ...(plan.variants.length > 0 ? { variants: plan.variants } : {}),
    points: plan.points.map((p) => ({ label: p.label, scenarioHash: p.scenario.hash })),
    // outsideRange only when given, so that other batches keep the identity they had
    options: { traces: options.traces, ...(plan.outsideRange ? { outsideRange: true } : {}) },
    ...(plan.posterior
      ? {
          posterior: {
            file: rel(plan.posterior.file),
            given: plan.posterior.file,
            sha256: plan.posterior.hash,
          },
        }
      : {}),
    runs: plan.size,
    horizonMinutes: plan.points[0]!.scenario.scenario.horizon,
  };
  if (!options.shard)
    return {
      format: MANIFEST_FORMAT,
      status: 'running',
      identity: contentHash(identityFacts(body)),
      ...body,
    };
  const sharded = {
    ...body,
    shard: {
      ...options.shard,
      ...shardRange(plan.size, options.shard),
      plan: contentHash(identityFacts(body)),
    },
  };
  return {
    format: MANIFEST_FORMAT,
    status: 'running',
    identity: contentHash(identityFacts(sharded)),
    ...sharded,
  };
}

/** What differs between two batches, in words (empty when they are the same batch). */
export function describeDifferences(was: BatchManifest, now: BatchManifest): string[] {
  const a = identityFacts(was);
  const b = identityFacts(now);
  const out: string[] = [];
  const same = (x: unknown, y: unknown) => canonicalJson(x) === canonicalJson(y);
  if (!same(a.engine, b.engine))
    out.push(`engine version (${a.engine.version} → ${b.engine.version})`);
  if (a.node !== b.node) out.push(`Node version (${a.node} → ${b.node})`);
  if (!same(a.scenario, b.scenario))
    out.push(
      `scenario (${a.scenario.id} ${a.scenario.hash.slice(0, 12)} → ${b.scenario.id} ${b.scenario.hash.slice(0, 12)})`,
    );
  if (!same(a.designs, b.designs)) {
    const ids = (x: typeof a.designs) => x.map((d) => d.id).join(', ');
    if (ids(a.designs) !== ids(b.designs))
      out.push(`designs (${ids(a.designs)} → ${ids(b.designs)})`);
    else
      for (let i = 0; i < a.designs.length; i++)
        if (a.designs[i]!.hash !== b.designs[i]!.hash)
          out.push(`design ${a.designs[i]!.id} (content changed)`);
  }
  if (a.baseline !== b.baseline) out.push(`baseline (${a.baseline} → ${b.baseline})`);
  if (a.seeds !== b.seeds) out.push(`seeds (${a.seeds} → ${b.seeds})`);
  if (!same(a.sweep, b.sweep)) out.push('sweep (--set)');
  else if (!same(a.points, b.points)) out.push('sweep point scenarios');
  if (!same(a.options, b.options))
    out.push(`options (traces ${a.options.traces} → ${b.options.traces})`);
  if (a.posterior !== b.posterior) {
    const hash = (h: string | undefined) => (h === undefined ? 'none' : h.slice(0, 12));
    out.push(`posterior (${hash(a.posterior)} → ${hash(b.posterior)})`);
  }
  const shard = (s: BatchManifest['shard']) =>
    s ? `shard ${s.index}/${s.count}` : 'the whole batch';
  if (!same(a.shard, b.shard)) out.push(`${shard(was.shard)} → ${shard(now.shard)}`);
  return out;
}

/** Writes the manifest atomically. */
export function writeManifest(dir: string, manifest: BatchManifest): void {
  writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads a batch folder's manifest; an {@link InputError} naming the folder when it is not one. */
export function readManifest(dir: string): BatchManifest {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) {
    const why = existsSync(dir)
      ? `holds no ${MANIFEST_FILE}: not a batch folder`
      : 'no such folder';
    throw new InputError([{ file: dir, path: '', message: why }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(readRegularFile(file));
  } catch (error) {
    const why =
      error instanceof NotRegularFileError
        ? error.what
        : `not valid JSON: ${(error as Error).message}`;
    throw new InputError([{ file, path: '', message: why }]);
  }
  const m = data as Partial<BatchManifest>;
  if (m.format !== MANIFEST_FORMAT || typeof m.identity !== 'string' || !Array.isArray(m.designs)) {
    throw new InputError([
      {
        file,
        path: 'format',
        message: `not a rungs batch manifest (expected format "${MANIFEST_FORMAT}")`,
      },
    ]);
  }
  return m as BatchManifest;
}

/** What to do with an output folder. */
export type OutputState =
  | { readonly kind: 'new' }
  | { readonly kind: 'resume'; readonly manifest: BatchManifest }
  | { readonly kind: 'complete'; readonly manifest: BatchManifest };

/**
 * Decides what a batch may do with its output folder, touching nothing:
 * - missing, empty, or holding only temporary files (and the lock) → a new batch;
 * - holding this batch unfinished → resume it with `resume`, else an error that says so;
 * - holding this batch complete → nothing to do with `resume`, else an error;
 * - holding another batch, or files that are not a batch → an error: nothing is overwritten.
 */
export function checkOutputFolder(
  dir: string,
  manifest: BatchManifest,
  resume: boolean,
): OutputState {
  if (!existsSync(dir)) return { kind: 'new' };
  if (!statSync(dir).isDirectory())
    throw new InputError([{ file: dir, path: '', message: 'exists and is not a folder' }]);
  const entries = readdirSync(dir).filter((n) => !isTemporary(n) && !isLockFile(n));
  if (entries.length === 0) return { kind: 'new' };
  if (!entries.includes(MANIFEST_FILE)) {
    throw new InputError([
      {
        file: dir,
        path: '',
        message: `is not empty and holds no ${MANIFEST_FILE}; choose a new --out folder (nothing was written)`,
      },
    ]);
  }
  const was = readManifest(dir);
  if (was.identity !== manifest.identity) {
    const diff = describeDifferences(was, manifest);
    throw new InputError([
      {
        file: dir,
        path: '',
        message: `holds another batch (different ${diff.join('; ') || 'identity'}); choose a new --out folder or delete this one (nothing was written)`,
      },
    ]);
  }
  if (was.status === 'complete') {
    if (resume) return { kind: 'complete', manifest: was };
    throw new InputError([
      {
        file: dir,
        path: '',
        message:
          'already holds this batch, complete; check it with npm run replay, or choose a new --out folder (nothing was written)',
      },
    ]);
  }
  if (!resume)
    throw new InputError([
      {
        file: dir,
        path: '',
        message: 'holds this batch, unfinished; add --resume to finish it (nothing was written)',
      },
    ]);
  return { kind: 'resume', manifest: was };
}

/**
 * Resolves a path stored in a manifest (relative to the batch folder): relative to the working
 * folder when inside it.
 */
export function manifestPath(dir: string, stored: string): string {
  const abs = resolve(dir, stored);
  const rel = relative(process.cwd(), abs);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
}
