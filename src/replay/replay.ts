/**
 * Replay: re-runs a finished batch from its manifest with the files and engine as they are now,
 * into a private folder, and compares everything the batch folder holds with what the replay
 * wrote: every row of `results.jsonl` and `results.csv` (every field), `summary.json` and
 * `summary.md` byte for byte, and the manifest's plan against the rows present. It names what
 * changed since the batch (scenario file, design files, engine version, Node version), the first
 * difference of each file and, where the batch kept its traces, the first entry at which a
 * mismatching run's trace diverges. One run can also be replayed on its own, with its timeline.
 * The two modes are `whole.ts` and `single.ts`; what changed since the batch is `changes.ts`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../scenario/errors.js';
import { MANIFEST_FILE, readManifest } from '../batch/manifest.js';
import { removeLeftoverPartials } from '../batch/store.js';
import { PARTIAL_DIR } from '../batch/partials.js';
import { BatchLock } from '../batch/lock.js';
import { checkCount, LIMITS } from '../batch/limits.js';
import { currentPlan, manifestProblems } from './changes.js';
import { replayOne } from './single.js';
import { replayAll } from './whole.js';
import type { ReplayOptions, ReplayReport } from './report.js';

export type { ReplayOptions, ReplayReport } from './report.js';

/** Removes a leftover partial/ of a complete batch, unless another process is writing the folder. */
function tidy(dir: string): void {
  if (!existsSync(join(dir, PARTIAL_DIR))) return;
  let lock: BatchLock;
  try {
    lock = BatchLock.acquire(dir);
  } catch {
    return;
  }
  try {
    removeLeftoverPartials(dir);
  } finally {
    lock.release();
  }
}

/**
 * Replays a batch folder (see the module comment). A folder that is not a complete batch, or a
 * bad `run`, is an {@link InputError}; differences are reported, not thrown.
 *
 * @example
 * ```ts
 * const report = await replay({ dir: 'runs/example' });
 * console.log(formatReplayReport(report).join('\n'));
 * ```
 */
export async function replay(options: ReplayOptions): Promise<ReplayReport> {
  const { dir } = options;
  if (options.workers !== undefined) checkCount('--workers', options.workers, LIMITS.workers);
  const manifest = readManifest(dir);
  if (manifest.status !== 'complete') {
    throw new InputError([
      {
        file: dir,
        path: '',
        message:
          'holds an unfinished batch (status "running"); finish it with npm run batch and --resume before replaying it',
      },
    ]);
  }
  tidy(dir);
  const { plan, changes, problems } = currentPlan(dir, manifest);
  const tracesKept = manifest.options.traces;
  const empty = {
    dir,
    manifest,
    changes,
    tracesKept,
    checked: 0,
    matched: 0,
    mismatchCount: 0,
    mismatches: [],
    divergences: [],
    files: [],
    single: null,
  };
  if (!plan) {
    if (options.run !== undefined && !/^([^:@]+):(\d+)(?:@(.*))?$/.test(options.run.trim()))
      throw new InputError([
        { file: '--run', path: options.run, message: 'expected design:seed, or design:seed@point' },
      ]);
    return { ...empty, problems, ok: false };
  }
  problems.push(...manifestProblems(dir, manifest, plan));
  if (options.run !== undefined)
    return { ...empty, ...replayOne(dir, plan, options.run, problems, tracesKept) };
  const baseline = plan.designs.findIndex((d) => d.id === manifest.baseline);
  if (baseline < 0)
    return {
      ...empty,
      problems: [
        ...problems,
        `${join(dir, MANIFEST_FILE)}: baseline: "${manifest.baseline}" is not among the batch's designs`,
      ],
      ok: false,
    };
  return { ...empty, ...(await replayAll(dir, plan, manifest, baseline, problems, options)) };
}
