/**
 * The rows of a batch's result files as a replay reads them: a line of `results.jsonl` or
 * `results.csv` as the run it is of and its fields by name, and the first field two rows of the
 * same run differ in.
 */

/** The fields of a row by name, and the run it is of. */
export interface ParsedRow {
  readonly design: string;
  readonly point: string;
  readonly seed: string;
  readonly fields: ReadonlyMap<string, string>;
}

/** How the rows of one result file are read. */
export interface RowFormat {
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

/** A line of `results.jsonl`: a JSON object, each leaf a field (`outcome.faitAccompli`). */
export const JSONL: RowFormat = {
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

/** A line of `results.csv`: cells named by the header's columns. */
export const CSV: RowFormat = {
  header: true,
  parse(line, header) {
    const cells = csvCells(line);
    const fields = new Map<string, string>();
    cells.forEach((c, i) => fields.set(header[i] ?? `column ${i + 1}`, JSON.stringify(c)));
    return { design: cells[0] ?? '', point: cells[1] ?? '', seed: cells[2] ?? '', fields };
  },
};

/** The first field that differs between two rows of the same run, in words. */
export function fieldDifference(recorded: ParsedRow, replayed: ParsedRow): string {
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
