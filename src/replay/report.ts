/** What a replay is asked to do ({@link ReplayOptions}) and what it reports ({@link ReplayReport}). */
import type { RunResult } from '../engine/simulation.js';
import type { TimelineOptions } from '../report/timeline.js';
import type { BatchManifest } from '../batch/manifest.js';
import type { FileCheck } from './verify.js';

/** Options of a replay (`replay.ts`). */
export interface ReplayOptions {
  /** The batch folder. */
  readonly dir: string;
  /** Worker threads for a whole-batch replay (default: available parallelism). */
  readonly workers?: number;
  /** Replay one run only: `design:seed`, or `design:seed@point` (a sweep point's label or number). */
  readonly run?: string;
  /** Mismatching runs to explain with their first divergent trace entry (default 3). */
  readonly explain?: number;
  readonly signal?: AbortSignal;
  /** Called once the plan is made, before any run (see `BatchOptions.onPlanned`). */
  readonly onPlanned?: () => void;
  readonly onStart?: (info: { readonly total: number; readonly workers: number }) => void;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A run whose trace hash differs from the recorded one. */
export interface RunMismatch {
  /** `design:seed`, with `@point` in a sweep. */
  readonly run: string;
  readonly recorded: string;
  readonly replayed: string;
}

/** Where a replayed trace first differs from the recorded one. */
export interface Divergence {
  readonly run: string;
  /** Entry number (from 0). */
  readonly index: number;
  /** Simulated minutes of the first differing entry, or null if both traces end there. */
  readonly time: number | null;
  /** The recorded and replayed canonical entries; null where that trace has ended. */
  readonly recorded: string | null;
  readonly replayed: string | null;
}

/** One run replayed on its own. */
export interface SingleRun {
  readonly run: string;
  readonly design: string;
  readonly seed: number;
  readonly point: string;
  readonly result: RunResult;
  /** The recorded trace hash, or null when results.jsonl does not hold the run. */
  readonly recorded: string | null;
  /** How the recorded row differs from the replayed one (null when equal or not recorded). */
  readonly rowDifference: string | null;
  /** The run's rungs and horizon, for its timeline. */
  readonly timeline: TimelineOptions;
}

/** What a replay found. */
export interface ReplayReport {
  readonly dir: string;
  readonly manifest: BatchManifest;
  /** What differs from the manifest: files, engine, Node. */
  readonly changes: readonly string[];
  /** Problems that stopped the replay or made it fail (files that no longer load, an edited manifest). */
  readonly problems: readonly string[];
  /** Runs replayed and compared. */
  readonly checked: number;
  /** Runs whose recorded trace hash equals the replayed one. */
  readonly matched: number;
  /** Runs whose recorded trace hash differs from the replayed one. */
  readonly mismatchCount: number;
  /** Each result and summary file compared with the replay's (empty for a single run). */
  readonly files: readonly FileCheck[];
  /** The first mismatches, in canonical order (at most 20). */
  readonly mismatches: readonly RunMismatch[];
  readonly divergences: readonly Divergence[];
  /** Whether the batch kept traces (needed for divergences). */
  readonly tracesKept: boolean;
  readonly single: SingleRun | null;
  /** True when every file matched what the replay wrote and nothing stopped the replay. */
  readonly ok: boolean;
}
