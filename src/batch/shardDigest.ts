/**
 * The digest of a shard's stored rows: when a shard completes, the SHA-256 of each design's
 * partial file (and, with kept traces, of each design's traces folder) goes into its manifest.
 * `merge` recomputes it and refuses a shard whose rows changed since (edited by hand, damaged on
 * disk, half copied), naming the file. Resuming a complete shard checks it too: a shard whose
 * changed files were removed runs their runs again; one whose changed files are still there is
 * refused, as merge refuses it.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, readdirSync, readSync, statSync } from 'node:fs';
import { openRegularFile } from '../io/regularFile.js';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError, type InputIssue } from '../scenario/errors.js';
import { MANIFEST_FILE, type BatchManifest, type RowsDigest } from './manifest.js';
import { PARTIAL_DIR } from './partials.js';
import { TRACES_DIR } from './store.js';

/** What a manifest's `digest` must look like. */
const DIGEST_SCHEMA = z.strictObject({
  algorithm: z.literal('sha256'),
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});

/** The digested paths of one design, relative to the shard folder (forward slashes). */
function designPaths(design: string, traces: boolean): { rows: string; traces: string | null } {
  return {
    rows: `${PARTIAL_DIR}/${design}.jsonl`,
    traces: traces ? `${TRACES_DIR}/${design}` : null,
  };
}

/** Feeds a file's bytes to `hash` in 1 MB blocks. */
function hashFile(file: string, hash: Hash, buf: Buffer): void {
  const { fd } = openRegularFile(file);
  try {
    for (let pos = 0; ;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) return;
      hash.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** The files under `dir`, as paths relative to it, sorted. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    )
    .sort();
}

/**
 * The SHA-256 (hex) of a file's bytes, or of a folder's files (each file's relative path and
 * SHA-256, sorted by path); null when there is nothing at `path`.
 */
function digestOf(path: string, buf: Buffer): string | null {
  if (!existsSync(path)) return null;
  if (!statSync(path).isDirectory()) {
    const hash = createHash('sha256');
    hashFile(path, hash, buf);
    return hash.digest('hex');
  }
  const hash = createHash('sha256');
  for (const name of filesUnder(path)) hash.update(`${name}\0${digestOf(join(path, name), buf)}\n`);
  return hash.digest('hex');
}

/**
 * The digest of what a shard in `dir` stored: per design of `manifest`, its partial file and, with
 * kept traces, its traces folder (those that exist: a shard need not hold runs of every design).
 */
export function rowsDigest(dir: string, manifest: BatchManifest): RowsDigest {
  const buf = Buffer.allocUnsafe(1 << 20);
  const files: Record<string, string> = {};
  for (const d of manifest.designs) {
    const paths = designPaths(d.id, manifest.options.traces);
    for (const path of [paths.rows, paths.traces]) {
      const digest = path === null ? null : digestOf(join(dir, path), buf);
      if (path !== null && digest !== null) files[path] = digest;
    }
  }
  return { algorithm: 'sha256', files };
}

/** A manifest's digest, checked to be one; an {@link InputError} naming the manifest when it is not. */
function recordedDigest(dir: string, manifest: BatchManifest): RowsDigest | undefined {
  if (manifest.digest === undefined) return undefined;
  const parsed = DIGEST_SCHEMA.safeParse(manifest.digest);
  if (parsed.success) return parsed.data;
  throw new InputError([
    {
      file: join(dir, MANIFEST_FILE),
      path: 'digest',
      message: `expected { algorithm: "sha256", files: { <path>: <64 hex digits> } }: ${parsed.error.issues[0]!.message}`,
    },
  ]);
}

/** How a digested path compares with what the shard recorded. */
interface Change {
  readonly design: string;
  readonly path: string;
  readonly kind: 'rows' | 'traces';
  readonly was: string | null;
  readonly now: string | null;
}

/** The digested paths of a complete shard whose bytes differ from its recorded digest. */
function changes(dir: string, manifest: BatchManifest, recorded: RowsDigest): Change[] {
  const now = rowsDigest(dir, manifest).files;
  return manifest.designs.flatMap((d) => {
    const paths = designPaths(d.id, manifest.options.traces);
    return (['rows', 'traces'] as const).flatMap((kind) => {
      const path = paths[kind];
      if (path === null) return [];
      const was = recorded.files[path] ?? null;
      const is = now[path] ?? null;
      return was === is ? [] : [{ design: d.id, path, kind, was, now: is }];
    });
  });
}

const short = (digest: string | null) => (digest === null ? 'none' : `${digest.slice(0, 16)}…`);

/** A change in words, with what to do about it. */
function changeIssue(dir: string, change: Change): InputIssue {
  const resume = 'run the shard again with its batch command and --resume';
  const rows = join(dir, PARTIAL_DIR, `${change.design}.jsonl`);
  // a design's runs are made again (with their traces) when its rows file is gone
  const redo =
    change.kind === 'rows'
      ? `${resume}${change.now === null ? '' : ' after removing this file'} (its runs are made again)`
      : `${resume} after removing ${rows} (its runs and their traces are made again)`;
  let message: string;
  if (change.now === null) message = `was removed since the shard completed; ${redo}`;
  else if (change.was === null)
    message = 'appeared after the shard completed, which stored nothing there; remove it';
  else
    message = `${change.kind === 'rows' ? 'its rows' : 'its traces'} changed since the shard completed (sha256 ${short(change.was)}, now ${short(change.now)}); ${redo}`;
  return { file: join(dir, change.path), path: '', message };
}

/**
 * What keeps a complete shard's stored rows from being merged: every file whose bytes differ from
 * the digest its manifest recorded when the shard completed. A shard written before rungs kept a
 * digest has none to check: `onNotice` is told that its rows are merged unchecked.
 */
export function shardDigestIssues(
  dir: string,
  manifest: BatchManifest,
  onNotice?: (message: string) => void,
): InputIssue[] {
  const recorded = recordedDigest(dir, manifest);
  if (recorded === undefined) {
    onNotice?.(
      `${dir}: its manifest records no digest of its rows (a shard written by an older rungs): its rows are merged unchecked`,
    );
    return [];
  }
  return changes(dir, manifest, recorded).map((change) => changeIssue(dir, change));
}

/**
 * Whether a complete shard is to be resumed (true) rather than left as it is (false): it is when
 * the files of some designs' rows were removed since it completed (their runs are made again; a
 * design whose traces changed has its rows removed for that); any other change is refused, as
 * merge refuses it. Told to `onNotice` when it is.
 */
export function reopenChangedShard(
  dir: string,
  manifest: BatchManifest,
  onNotice?: (message: string) => void,
): boolean {
  const recorded = manifest.shard ? recordedDigest(dir, manifest) : undefined;
  if (recorded === undefined) return false;
  const found = changes(dir, manifest, recorded);
  if (found.length === 0) return false;
  const removed = new Set(
    found.filter((c) => c.kind === 'rows' && c.now === null && c.was !== null).map((c) => c.design),
  );
  // a design whose rows file is gone has its runs (and their traces) made again: its traces may differ meanwhile
  const blocking = found.filter((c) => !removed.has(c.design));
  if (blocking.length > 0) throw new InputError(blocking.map((c) => changeIssue(dir, c)));
  onNotice?.(
    `${dir}: the rows of ${[...removed].join(', ')} were removed since the shard completed; making their runs again`,
  );
  return true;
}
