/**
 * Comparing a batch's recorded files with the files a replay wrote for the same plan. Result files
 * are compared row by row in the plan's canonical order, both read as streams (memory flat in the
 * number of runs): a recorded row is matched with the replayed row of the same run (design, sweep
 * point, seed), which tells a changed field from an extra row (a run not in the plan, or a run
 * listed twice) and from a missing one. Summaries are compared byte for byte.
 */
import { existsSync, readFileSync } from 'node:fs';
import { LineReader } from '../batch/lines.js';
import { runAt, runIndex, type BatchPlan } from '../batch/plan.js';
import { CSV, JSONL, csvCells, fieldDifference, type ParsedRow, type RowFormat } from './rows.js';

/** What the comparison of one file found. */
export interface FileCheck {
  /** The file's name in the batch folder. */
  readonly file: string;
  readonly ok: boolean;
  /** The first difference, in words (null when the files are equal). */
  readonly first: string | null;
  /** Rows of the same run whose content differs. */
  readonly differing: number;
  /** Recorded rows for no run of the plan, or for a run already listed. */
  readonly extra: number;
  /** Runs of the plan with no recorded row. */
  readonly missing: number;
}

/** A run whose recorded trace hash differs from the replayed one. */
export interface HashMismatch {
  readonly index: number;
  readonly recorded: string;
  readonly replayed: string;
}

/** Compares a recorded result file with the replayed one; see the module comment. */
export class RowComparer {
  private readonly designIndex: Map<string, number>;
  private readonly pointIndex: Map<string, number>;

  constructor(private readonly plan: BatchPlan) {
    this.designIndex = new Map(plan.designs.map((d) => [d.id, d.index]));
    this.pointIndex = new Map(plan.points.map((p) => [p.label, p.index]));
  }

  /** `design:seed`, with `@point` in a sweep. */
  private name(design: string, point: string, seed: string): string {
    return `${design}:${seed}${this.plan.points.length > 1 || point !== '' ? `@${point}` : ''}`;
  }

  /** The run number of a row, or why it is of no run of the plan. */
  private runOf(row: ParsedRow): number | string {
    const d = this.designIndex.get(row.design);
    if (d === undefined)
      return `a row of ${this.name(row.design, row.point, row.seed)}: design ${row.design} is not in the batch`;
    const p = this.pointIndex.get(row.point);
    if (p === undefined)
      return `a row of ${this.name(row.design, row.point, row.seed)}: sweep point "${row.point}" is not in the batch`;
    const index = /^\d+$/.test(row.seed) ? runIndex(this.plan, d, p, Number(row.seed)) : -1;
    return index >= 0
      ? index
      : `a row of ${this.name(row.design, row.point, row.seed)}: seed ${row.seed} is not among the manifest's seeds`;
  }

  private runName(index: number): string {
    const run = runAt(this.plan, index);
    return this.name(
      this.plan.designs[run.design]!.id,
      this.plan.points[run.point]!.label,
      String(run.seed),
    );
  }

  /**
   * Compares `recordedFile` (named `file` in reports) with `replayedFile`, which holds every run
   * of the plan once, in canonical order. `onHash` hears of each run whose `traceHash` differs.
   */
  compare(
    file: string,
    recordedFile: string,
    replayedFile: string,
    onHash?: (mismatch: HashMismatch) => void,
  ): FileCheck {
    if (!existsSync(recordedFile))
      return {
        file,
        ok: false,
        first: 'the file is missing',
        differing: 0,
        extra: 0,
        missing: this.plan.size,
      };
    const format = file.endsWith('.csv') ? CSV : JSONL;
    const comparison = new FileComparison(
      format,
      new LineReader(recordedFile),
      new LineReader(replayedFile),
      { runOf: (row) => this.runOf(row), runName: (index) => this.runName(index) },
      onHash,
    );
    try {
      if (format.header) comparison.compareHeader();
      comparison.compareRows();
    } finally {
      comparison.close();
    }
    const { first, differing, extra, missing } = comparison;
    return { file, ok: first === null, first, differing, extra, missing };
  }
}

/** How a comparison names runs: the run of a recorded row (or why it is of none), a run by number. */
interface RunNames {
  runOf(row: ParsedRow): number | string;
  runName(index: number): string;
}

/** One recorded result file read against the replayed one, line by line; counts and the first difference. */
class FileComparison {
  first: string | null = null;
  differing = 0;
  extra = 0;
  missing = 0;
  /** Lines of the recorded file read so far. */
  private line = 0;
  private header: string[] = [];
  private hasRec = false;
  private hasRep = false;

  constructor(
    private readonly format: RowFormat,
    private readonly rec: LineReader,
    private readonly rep: LineReader,
    private readonly runs: RunNames,
    private readonly onHash?: (mismatch: HashMismatch) => void,
  ) {}

  close(): void {
    this.rec.close();
    this.rep.close();
  }

  /** The header lines, the replayed one naming the columns of both. */
  compareHeader(): void {
    const hasRec = this.nextRecorded();
    this.rep.next();
    this.header = csvCells(this.rep.text);
    if (!hasRec) return this.note('the header line is missing');
    if (this.rec.text === this.rep.text) return;
    const was = csvCells(this.rec.text);
    const at = this.header.findIndex((h, i) => was[i] !== h);
    this.note(
      at < 0
        ? `the header has ${was.length - this.header.length} columns too many`
        : `the header's column ${at + 1}: recorded "${was[at] ?? ''}", replayed "${this.header[at]}"`,
    );
    this.differing++;
  }

  /** Every row, recorded against replayed in the plan's order; then a last line cut off. */
  compareRows(): void {
    this.hasRec = this.nextRecorded();
    this.hasRep = this.rep.next();
    let index = 0;
    while (this.hasRec || this.hasRep) {
      if (this.hasRec && this.hasRep && this.rec.text === this.rep.text) {
        this.hasRec = this.nextRecorded();
        this.hasRep = this.rep.next();
        index++;
      } else index = this.unequal(index);
    }
    if (this.rec.end < this.rec.size) {
      this.differing++;
      this.note('the last line is cut off (no line break at the end)');
    }
  }

  private note(text: string): void {
    this.first ??= text;
  }

  private nextRecorded(): boolean {
    const more = this.rec.next();
    if (more) this.line++;
    return more;
  }

  /**
   * The recorded line differs from the replayed run `index`: it is an extra row (of no run, or of
   * a run already passed), or run `index` is missing, or it is that run's row with other values.
   * Returns the run the comparison goes on with.
   */
  private unequal(index: number): number {
    const row = this.hasRec ? this.format.parse(this.rec.text, this.header) : null;
    const run = !this.hasRec
      ? Infinity
      : row === null
        ? `line ${this.line} is not a row`
        : this.runs.runOf(row);
    if (
      typeof run === 'string' ||
      (this.hasRep && run < index) ||
      (!this.hasRep && run !== Infinity)
    ) {
      this.extra++;
      this.note(
        typeof run === 'string'
          ? `extra row: ${run}`
          : `extra row: ${this.runs.runName(run)} again, or out of the plan's order (line ${this.line})`,
      );
      this.hasRec = this.nextRecorded();
      return index;
    }
    if (run > index) {
      this.missing++;
      this.note(`missing row: ${this.runs.runName(index)}`);
      this.hasRep = this.rep.next();
      return index + 1;
    }
    this.differing++;
    const replayed = this.format.parse(this.rep.text, this.header)!;
    this.note(`row ${this.runs.runName(index)}: ${fieldDifference(row!, replayed)}`);
    const a = row!.fields.get('traceHash');
    const b = replayed.fields.get('traceHash');
    if (a !== b)
      this.onHash?.({
        index,
        recorded: a === undefined ? '' : (JSON.parse(a) as string),
        replayed: JSON.parse(b!) as string,
      });
    this.hasRec = this.nextRecorded();
    this.hasRep = this.rep.next();
    return index + 1;
  }
}

/** The first place two JSON values differ, as a path. */
function jsonDifference(a: unknown, b: unknown, path: string): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    const keys = Array.isArray(b)
      ? [...Array(Math.max((a as unknown[]).length, b.length)).keys()]
      : [...new Set([...Object.keys(b), ...Object.keys(a)])];
    for (const k of keys) {
      const sub = Array.isArray(b) ? `${path}[${k}]` : path ? `${path}.${k}` : String(k);
      const d = jsonDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        sub,
      );
      if (d !== null) return d;
    }
  }
  return `${path || '(the whole file)'}: recorded ${JSON.stringify(a) ?? '(nothing)'}, replayed ${JSON.stringify(b) ?? '(nothing)'}`;
}

/** Compares a recorded summary file with the replayed one, byte for byte; names the first difference. */
export function compareSummary(
  file: string,
  recordedFile: string,
  replayedFile: string,
): FileCheck {
  const result = (first: string | null): FileCheck => ({
    file,
    ok: first === null,
    first,
    differing: first === null ? 0 : 1,
    extra: 0,
    missing: 0,
  });
  if (!existsSync(recordedFile)) return result('the file is missing');
  const recorded = readFileSync(recordedFile, 'utf8');
  const replayed = readFileSync(replayedFile, 'utf8');
  if (recorded === replayed) return result(null);
  if (file.endsWith('.json')) {
    try {
      const d = jsonDifference(JSON.parse(recorded), JSON.parse(replayed), '');
      if (d !== null) return result(d);
    } catch {
      return result('not valid JSON');
    }
  }
  const a = recorded.split('\n');
  const b = replayed.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return result(
    `line ${i + 1}: recorded ${JSON.stringify(a[i] ?? '(end of file)')}, replayed ${JSON.stringify(b[i] ?? '(end of file)')}`,
  );
}
