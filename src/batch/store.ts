/**
 * The streaming run store of a batch folder. Rows are appended to one partial file per design
 * (`partial/<design>.jsonl`, one line per run: the row's JSON, a tab, its CSV line) as chunks
 * finish, so memory does not grow with the number of runs. Resuming reads the partial files
 * back: a torn last line (the process was killed mid-write) or an unreadable line is removed and
 * that run done again; a run found twice counts once.
 *
 * Finishing a batch writes, each atomically: `results.jsonl` and `results.csv` (every design's
 * rows sorted by sweep point and seed, designs by id: the plan's canonical order; bytes copied,
 * nothing parsed; `resultFiles.ts`), then `summary.json` and `summary.md` (each
 * design summarised on its own against the baseline, from rows read back off disk; the baseline
 * listed first; `summaryFiles.ts`). The caller flips the manifest to `complete` last. The format of
 * the partial files is `partials.ts`'s.
 */
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { dataDictionary } from '../report/dataDictionary.js';
import { SUMMARY_SCHEMA, SUMMARY_SCHEMA_VERSION, SUMMARY_UNITS } from './summarySchema.js';
import { scanLines } from './lines.js';
import { asOutputError } from './outputErrors.js';
import type { DecisionReplicates, DesignSummary } from '../report/summary.js';
import { isTemporary, writeAtomically, writeFileAtomic } from '../io/atomic.js';
import { readManifest } from './manifest.js';
import type { BatchPlan } from './plan.js';
import { keyOf, parseRow, partialFile, PARTIAL_DIR, type StoreLayout } from './partials.js';
import { bottomLineOf, type SeedOutcomes } from '../report/bottomLine.js';
import { summaryMarkdown, type BatchSummary, type FinishContext } from './summaryFiles.js';
import { writeAll, writeResultFiles } from './resultFiles.js';
import { batchProvenance } from './provenance.js';
import { isStoredLine } from './storedLine.js';

/** The files a finished batch holds besides its manifest. */
export const RESULT_FILES = [
  'results.jsonl',
  'results.csv',
  'summary.json',
  'summary.md',
  'report.html',
  'columns.md',
] as const;
export const TRACES_DIR = 'traces';

/** Where a run's gzip'd canonical trace is kept: `traces/<design>/[p<point>/]<seed>.trace.gz`. */
export function tracePath(
  tracesDir: string,
  design: string,
  point: number | null,
  seed: number,
): string {
  return point === null
    ? join(tracesDir, design, `${seed}.trace.gz`)
    : join(tracesDir, design, `p${point}`, `${seed}.trace.gz`);
}

/**
 * Rewrites a partial file without its unreadable lines and anything after `end` (a torn last
 * line), atomically, so every line left is a whole row.
 */
function dropUnreadable(file: string, bad: ReadonlyArray<[number, number]>, end: number): void {
  writeAtomically(file, (out) => {
    const input = openSync(file, 'r');
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      let pos = 0;
      for (const [offset, length] of [...bad, [end, 0] as [number, number]]) {
        while (pos < offset) {
          const n = readSync(input, buf, 0, Math.min(buf.length, offset - pos), pos);
          if (n <= 0) throw new Error(`${file}: short read`);
          writeAll(out, buf.subarray(0, n));
          pos += n;
        }
        pos = offset + length;
      }
    } finally {
      closeSync(input);
    }
  });
}

/** Removes files left by interrupted writes, in `dir` and below (`partial/`, `traces/`). */
function removeTemporaries(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeTemporaries(path);
    else if (isTemporary(entry.name)) rmSync(path, { force: true });
  }
}

/** What {@link RunStore.recover} found. */
export interface Recovered {
  /** One byte per run number: 1 when the run is stored. */
  readonly done: Uint8Array;
  readonly count: number;
  /** Torn or unreadable lines dropped (their runs are done again). */
  readonly dropped: number;
  /** Runs found more than once (counted once). */
  readonly duplicates: number;
}

/** The run store of one batch folder. */
export class RunStore {
  readonly dir: string;
  readonly plan: BatchPlan;
  private readonly pointIndex: Map<string, number>;
  private readonly fds = new Map<number, number>();

  constructor(dir: string, plan: BatchPlan) {
    this.dir = dir;
    this.plan = plan;
    this.pointIndex = new Map(plan.points.map((p) => [p.label, p.index]));
  }

  /** Creates the folders a batch writes into. */
  prepare(traces: boolean): void {
    mkdirSync(join(this.dir, PARTIAL_DIR), { recursive: true });
    if (!traces) return;
    for (const d of this.plan.designs) {
      if (this.plan.points.length === 1)
        mkdirSync(join(this.dir, TRACES_DIR, d.id), { recursive: true });
      else
        for (const p of this.plan.points)
          mkdirSync(join(this.dir, TRACES_DIR, d.id, `p${p.index}`), { recursive: true });
    }
  }

  /**
   * Reads the runs already stored (to resume): removes temporary files and any final-looking
   * result file of the unfinished batch, cuts torn last lines off the partial files, and marks
   * every stored run done once. Each line is parsed whole and kept only when it is its row's
   * encoding, CSV half included (`storedLine.ts`; `columns`: the CSV's decisions).
   */
  recover(columns: readonly string[]): Recovered {
    removeTemporaries(this.dir);
    for (const name of RESULT_FILES) rmSync(join(this.dir, name), { force: true });
    const { plan } = this;
    const block = plan.points.length * plan.seeds.length;
    const sweep = plan.sweep.map((axis) => axis.path);
    const done = new Uint8Array(plan.size);
    let count = 0;
    let dropped = 0;
    let duplicates = 0;
    for (const d of plan.designs) {
      const file = partialFile(this.dir, d.id);
      if (!existsSync(file)) continue;
      const bad: Array<[number, number]> = [];
      const { end, size } = scanLines(file, (text, offset, length) => {
        const row = parseRow(text);
        const key = keyOf(plan.seeds, this.pointIndex, d.id, row);
        if (key < 0 || !isStoredLine(text, row!, columns, sweep)) {
          bad.push([offset, length]);
          return;
        }
        const index = d.index * block + key;
        if (done[index]) duplicates++;
        else {
          done[index] = 1;
          count++;
        }
      });
      if (end < size) dropped++;
      dropped += bad.length;
      if (bad.length > 0) dropUnreadable(file, bad, end);
      else if (end < size) {
        const fd = openSync(file, 'r+');
        ftruncateSync(fd, end);
        closeSync(fd);
      }
    }
    return { done, count, dropped, duplicates };
  }

  /** Appends JSON lines of one design's rows. */
  append(design: number, text: string): void {
    const file = partialFile(this.dir, this.plan.designs[design]!.id);
    let fd = this.fds.get(design);
    if (fd === undefined) {
      fd = openSync(file, 'a');
      this.fds.set(design, fd);
    }
    try {
      writeAll(fd, text);
    } catch (error) {
      throw asOutputError(error, file);
    }
  }

  /** Closes the partial files. */
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  /** The layout of this store's plan (what workers need to read partial files). */
  get layout(): StoreLayout {
    return { points: this.plan.points.map((p) => p.label), seeds: this.plan.seeds };
  }

  /**
   * Writes `results.jsonl` and `results.csv`: every run's line in canonical order (designs by id,
   * then point, then seed), each file atomically. Every run of the plan must be stored.
   */
  writeResults(columns: readonly string[]): void {
    this.close();
    writeResultFiles(this.dir, this.plan, columns);
  }

  /**
   * Writes `summary.json` and `summary.md` from per-design summaries (`byDesign[design][point]`),
   * each atomically; with the designs' seed outcomes (`outcomes[design][point]`), each point's
   * bottom line too, its pairs compared from the replicates the summaries made
   * (`replicates[design][point][decision]`) where given.
   */
  writeSummaries(
    ctx: FinishContext,
    byDesign: readonly (readonly DesignSummary[])[],
    outcomes?: readonly (readonly SeedOutcomes[])[],
    replicates?: readonly (readonly DecisionReplicates[])[],
  ): { summary: BatchSummary; markdown: string } {
    const { plan } = this;
    // The baseline first, then the others by id (as compare does).
    const order = [
      plan.designs[ctx.baseline]!,
      ...plan.designs.filter((d) => d.index !== ctx.baseline),
    ];
    const summary: BatchSummary = {
      schema: SUMMARY_SCHEMA,
      schemaVersion: SUMMARY_SCHEMA_VERSION,
      units: SUMMARY_UNITS,
      scenario: {
        id: ctx.manifest.scenario.id,
        title: ctx.title,
        hash: ctx.manifest.scenario.hash,
      },
      baseline: plan.designs[ctx.baseline]!.id,
      seeds: ctx.manifest.seeds.ranges,
      runs: plan.size,
      horizonMinutes: ctx.baselineModel.horizon,
      ...(ctx.manifest.posterior
        ? {
            posterior: {
              file: ctx.manifest.posterior.given,
              sha256: ctx.manifest.posterior.sha256,
            },
          }
        : {}),
      decisions: ctx.decisions,
      rungs: ctx.rungs,
      points: plan.points.map((p) => ({
        point: p.label,
        scenarioHash: p.scenario.hash,
        designs: order.map((d) => byDesign[d.index]![p.index]!),
        ...(outcomes
          ? {
              bottomLine: bottomLineOf(
                order.map((d) => outcomes[d.index]![p.index]!),
                {
                  decisions: ctx.decisions,
                  labels: ctx.labels,
                  horizon: p.scenario.scenario.horizon,
                  replicates: (design, decision) =>
                    replicates?.[plan.designs.findIndex((d) => d.id === design)]?.[p.index]?.[
                      decision
                    ],
                },
              ),
            }
          : {}),
      })),
      provenance: batchProvenance(ctx.manifest),
    };
    const markdown = summaryMarkdown(summary, ctx);
    writeFileAtomic(
      join(this.dir, 'columns.md'),
      dataDictionary({
        decisions: ctx.columns.map((id) => ({ id, label: ctx.labels.get(id) ?? id })),
        sweep: plan.sweep.map((axis) => axis.path),
        rungs: ctx.rungs,
        horizonMinutes: summary.horizonMinutes,
      }),
    );
    writeFileAtomic(join(this.dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileAtomic(join(this.dir, 'summary.md'), markdown);
    return { summary, markdown };
  }

  /** Writes `report.html` atomically. */
  writeReport(html: string): void {
    writeFileAtomic(join(this.dir, 'report.html'), html);
  }

  /** Removes the partial files once the batch is complete. */
  removePartials(): void {
    rmSync(join(this.dir, PARTIAL_DIR), { recursive: true, force: true });
  }
}

/**
 * Removes `partial/` from a complete batch folder: a kill after the manifest turned complete and
 * before the partial files were gone leaves them; every result and summary file is in place.
 */
export function removeLeftoverPartials(dir: string): void {
  if (!existsSync(join(dir, PARTIAL_DIR))) return;
  let complete: boolean;
  try {
    const manifest = readManifest(dir);
    // a shard's partial files are its result: merge reads them
    complete = manifest.status === 'complete' && manifest.shard === undefined;
  } catch {
    return;
  }
  if (complete) rmSync(join(dir, PARTIAL_DIR), { recursive: true, force: true });
}
