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

/** The fields of a row by name, and the run it is of. */
interface ParsedRow {
  readonly design: string;
  readonly point: string;
  readonly seed: string;
  readonly fields: ReadonlyMap<string, string>;
}

/** How the rows of one result file are read. */
interface RowFormat {
  /** Whether the file starts with a header line. */
  readonly header: boolean;
  parse(line: string, header: readonly string[]): ParsedRow | null;
}

/** Every leaf of a JSON value as `path → JSON text`, in the value's key order. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0
  ) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else out.set(prefix, JSON.stringify(value));
}

const JSONL: RowFormat = {
  header: false,
  parse(line) {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      return null;
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) return null;
    const r = row as Record<string, unknown>;
    const fields = new Map<string, string>();
    flatten(r, '', fields);
    return { design: String(r.design), point: String(r.point), seed: String(r.seed), fields };
  },
};

/** The cells of one CSV line (RFC 4180 quoting; a cell never holds a line break here). */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          cell += line.slice(i);
          i = line.length;
          break;
        }
        cell += line.slice(i, q);
        if (line[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const comma = line.indexOf(',', i);
      i = comma < 0 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      cell = line.slice(i, comma < 0 ? line.length : comma);
      i = comma < 0 ? line.length + 1 : comma + 1;
    }
    cells.push(cell);
    if (i > line.length) return cells;
  }
}

const CSV: RowFormat = {
  header: true,
  parse(line, header) {
    const cells = csvCells(line);
    const fields = new Map<string, string>();
    cells.forEach((c, i) => fields.set(header[i] ?? `column ${i + 1}`, JSON.stringify(c)));
    return { design: cells[0] ?? '', point: cells[1] ?? '', seed: cells[2] ?? '', fields };
  },
};

/** The first field that differs between two rows of the same run, in words. */
function fieldDifference(recorded: ParsedRow, replayed: ParsedRow): string {
  for (const [name, value] of replayed.fields) {
    const was = recorded.fields.get(name);
    if (was === undefined) return `field ${name} is missing (replayed ${value})`;
    if (was !== value) return `field ${name}: recorded ${was}, replayed ${value}`;
  }
  for (const [name, value] of recorded.fields)
    if (!replayed.fields.has(name))
      return `field ${name} is not a field of the row (recorded ${value})`;
  return 'the same values written differently';
}

/** The first field that differs between two lines of results.jsonl of the same run, in words. */
export function jsonlRowDifference(recorded: string, replayed: string): string {
  const a = JSONL.parse(recorded, []);
  return a === null
    ? 'the recorded line is not a row'
    : fieldDifference(a, JSONL.parse(replayed, [])!);
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
    const rec = new LineReader(recordedFile);
    const rep = new LineReader(replayedFile);
    let first: string | null = null;
    let differing = 0;
    let extra = 0;
    let missing = 0;
    const note = (text: string) => (first ??= text);
    let line = 0;
    const nextRecorded = () => {
      const more = rec.next();
      if (more) line++;
      return more;
    };
    try {
      let header: string[] = [];
      if (format.header) {
        const hasRec = nextRecorded();
        rep.next();
        header = csvCells(rep.text);
        if (!hasRec) note('the header line is missing');
        else if (rec.text !== rep.text) {
          const was = csvCells(rec.text);
          const at = header.findIndex((h, i) => was[i] !== h);
          note(
            at < 0
              ? `the header has ${was.length - header.length} columns too many`
              : `the header's column ${at + 1}: recorded "${was[at] ?? ''}", replayed "${header[at]}"`,
          );
          differing++;
        }
      }
      let hasRec = nextRecorded();
      let hasRep = rep.next();
      let index = 0;
      while (hasRec || hasRep) {
        if (hasRec && hasRep && rec.text === rep.text) {
          hasRec = nextRecorded();
          hasRep = rep.next();
          index++;
          continue;
        }
        const row = hasRec ? format.parse(rec.text, header) : null;
        const run = !hasRec
          ? Infinity
          : row === null
            ? `line ${line} is not a row`
            : this.runOf(row);
        if (typeof run === 'string' || (hasRep && run < index) || (!hasRep && run !== Infinity)) {
          extra++;
          note(
            typeof run === 'string'
              ? `extra row: ${run}`
              : `extra row: ${this.runName(run)} again, or out of the plan's order (line ${line})`,
          );
          hasRec = nextRecorded();
        } else if (run > index) {
          missing++;
          note(`missing row: ${this.runName(index)}`);
          hasRep = rep.next();
          index++;
        } else {
          differing++;
          const replayed = format.parse(rep.text, header)!;
          note(`row ${this.runName(index)}: ${fieldDifference(row!, replayed)}`);
          const a = row!.fields.get('traceHash');
          const b = replayed.fields.get('traceHash');
          if (a !== b)
            onHash?.({
              index,
              recorded: a === undefined ? '' : (JSON.parse(a) as string),
              replayed: JSON.parse(b!) as string,
            });
          hasRec = nextRecorded();
          hasRep = rep.next();
          index++;
        }
      }
      if (rec.end < rec.size) {
        differing++;
        note('the last line is cut off (no line break at the end)');
      }
    } finally {
      rec.close();
      rep.close();
    }
    return { file, ok: first === null, first, differing, extra, missing };
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
