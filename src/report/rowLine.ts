/**
 * A run's stored line in a batch, made straight from its result: the same text as
 * `${rowJson(toRow(result, point))}\t${csvLine(toRow(result, point), columns, sweep)}\n`, made
 * without the row in between. A batch worker makes one per run, so each time is rounded once for
 * both halves, the pieces that do not change from run to run (JSON keys, a design's and a point's
 * cells) are made once per design, point and column list, and the line is written as bytes.
 * Anything out of the ordinary (text that is not ASCII, ids a plain object would reorder) is
 * left to the row's own encoders.
 */
import type { RunResult } from '../engine/simulation.js';
import type { DecisionMetric } from '../engine/metrics.js';
import {
  AsciiLine,
  asciiBytes,
  knownAscii,
  put,
  putAscii,
  putDigits,
  putPlain,
} from './asciiLine.js';
import { rowJson } from './jsonRow.js';
import { FIRST_DECISION_TIME, RunTimes, STATUSES, TABLE_LIMIT } from './runTimes.js';
import { csvCell, csvLine, DECISION_TIMES, sweptValues, toRow } from './row.js';

const NULL = knownAscii('null');
const COMMA = 44;
/** A decision's CSV cell of its status, between the commas around it. */
const CSV_STATUSES = STATUSES.map((st) => knownAscii(`,${st},`));
/** The keys of a decision's times in its JSON after the first (written with its status), then of its closed count. */
const TIME_KEYS = DECISION_TIMES.map((f) => knownAscii(`,"${f}":`));
const CLOSED_KEY = knownAscii(',"closed":');
const NOT_IN_DESIGN = knownAscii(',not_in_design' + ','.repeat(DECISION_TIMES.length + 1));
const BOOLEANS = [knownAscii('false'), knownAscii('true')];
const HEAD = [
  '{"design":',
  ',"seed":',
  ',"point":',
  ',"status":"finished_at_horizon","traceHash":',
  ',"events":',
  ',"highestRung":',
  ',"finalRung":',
  ',"faitAccompli":',
  ',"objectiveReachedAt":',
  ',"responseInPlaceAt":',
  ',"timeAtObjectiveOrHigher":',
  ',"decisions":{',
  '}}\t',
].map(knownAscii);
/** The most bytes a number's text takes (`-1.7976931348623157e+308`), with room to spare. */
const NUMBER_ROOM = 32;
const sum = (xs: readonly Uint8Array[]) => xs.reduce((n, x) => n + x.length, 0);
/** The most bytes of a line besides its strings' and its decisions'. */
const HEAD_ROOM =
  sum(HEAD) + // the JSON's keys
  2 * (2 * NUMBER_ROOM + 5 + 3 * NUMBER_ROOM) + // seed, events, faitAccompli, times, in each half
  16; // the CSV's separators, the line's end
/** The most bytes of a decision's JSON besides its key, and of its CSV cells. */
const DECISION_ROOM = sum(TIME_KEYS) + sum([CLOSED_KEY]) + 6 * NUMBER_ROOM + 1;
const COLUMN_ROOM = Math.max(
  NOT_IN_DESIGN.length,
  Math.max(...CSV_STATUSES.map((c) => c.length)) + 6 * (NUMBER_ROOM + 1),
);
/** At most this many points' and rungs' pieces are kept (a batch has at most a thousand points). */
const CACHE_LIMIT = 10_000;

/** A string's JSON and CSV texts as bytes; null when it is not ASCII. */
interface Cells {
  readonly json: Uint8Array;
  readonly csv: Uint8Array;
}

function cellsOf(s: string, csv = csvCell(s)): Cells | null {
  const json = asciiBytes(JSON.stringify(s));
  const cell = asciiBytes(csv);
  return json && cell ? { json, csv: cell } : null;
}

/** A design's decisions as its runs list them, and what each line writes of them. */
interface DesignPieces {
  readonly ids: readonly string[];
  /** The design's id; null when its lines are left to the row's encoders. */
  readonly design: Cells | null;
  /**
   * Per decision and status (`i * 4 + status`): `"<id>":{"status":"<status>","eventAt":`,
   * after `},` for all but the first decision.
   */
  readonly keys: readonly Uint8Array[];
  /** Per CSV column, the index of its decision in the run's list, or -1. */
  readonly columnOf: readonly number[];
  /** The most bytes of a line of the design, besides its point's, rungs' and trace hash's. */
  readonly room: number;
}

/** An id that a plain object would order before the others. */
const INDEX_LIKE = /^(?:0|[1-9][0-9]*)$/;

function designPieces(
  design: string,
  ids: readonly string[],
  columns: readonly string[],
): DesignPieces {
  const keys = ids.flatMap((id, i) =>
    STATUSES.map((st) =>
      asciiBytes(
        `${i === 0 ? '' : '},'}${JSON.stringify(id)}:{"status":"${st}","${DECISION_TIMES[0]}":`,
      ),
    ),
  );
  // toRow's object would reorder, merge or not keep such ids: its order is left to it
  const plain =
    new Set(ids).size === ids.length &&
    ids.every((id) => id !== '__proto__' && !INDEX_LIKE.test(id)) &&
    keys.every((k) => k !== null);
  const cells = plain ? cellsOf(design) : null;
  const room =
    HEAD_ROOM +
    (cells ? cells.json.length + cells.csv.length : 0) +
    keys.reduce((n, k) => Math.max(n, k?.length ?? 0), 0) * ids.length +
    DECISION_ROOM * ids.length +
    COLUMN_ROOM * columns.length;
  return {
    ids,
    design: cells,
    keys: keys as Uint8Array[],
    columnOf: columns.map((c) => ids.indexOf(c)),
    room,
  };
}

/** Writes a count (seed, events, closed) as JSON.stringify or String writes it. */
function putCount(buf: Uint8Array, n: number, v: number, json: boolean): number {
  if (Number.isInteger(v) && v >= 0 && v < TABLE_LIMIT) return putDigits(buf, n, v);
  if (json && !Number.isFinite(v)) return put(buf, n, NULL);
  return putAscii(buf, n, String(v));
}

/** The stored lines of one column list and sweep, with its caches of the pieces that do not change. */
class RowEncoder {
  private readonly designs = new Map<string, DesignPieces>();
  private readonly points = new Map<string, Cells | null>();
  private readonly rungs = new Map<string, Cells | null>();
  private readonly line = new AsciiLine();
  private readonly times = new RunTimes();

  constructor(
    private readonly columns: readonly string[],
    private readonly sweep: readonly string[],
  ) {}

  encode(result: RunResult, point: string): string {
    const pieces = this.piecesOf(result);
    const at = this.cached(this.points, point, () => this.pointCells(point));
    const o = result.outcome;
    const highest = this.cached(this.rungs, o.highestRung, () => cellsOf(o.highestRung));
    const final = this.cached(this.rungs, o.finalRung, () => cellsOf(o.finalRung));
    const slow = () => slowLine(result, point, this.columns, this.sweep);
    if (!pieces.design || !at || !highest || !final) return slow();
    // JSON leaves out what is not there, where the CSV writes '': the row's encoders do that
    if (typeof result.seed !== 'number' || typeof result.events !== 'number') return slow();
    if (typeof o.faitAccompli !== 'boolean' || !this.times.read(result)) return slow();
    const buf = this.line.reserve(
      pieces.room +
        at.json.length +
        at.csv.length +
        highest.json.length +
        highest.csv.length +
        final.json.length +
        final.csv.length +
        result.traceHash.length * 2 +
        4,
    );
    let n = put(buf, 0, HEAD[0]!);
    n = put(buf, n, pieces.design.json);
    n = put(buf, n, HEAD[1]!);
    n = putCount(buf, n, result.seed, true);
    n = put(buf, n, HEAD[2]!);
    n = put(buf, n, at.json);
    n = put(buf, n, HEAD[3]!);
    n = putPlain(buf, n, result.traceHash, true);
    if (n < 0) return slow();
    n = put(buf, n, HEAD[4]!);
    n = putCount(buf, n, result.events, true);
    n = put(buf, n, HEAD[5]!);
    n = put(buf, n, highest.json);
    n = put(buf, n, HEAD[6]!);
    n = put(buf, n, final.json);
    n = put(buf, n, HEAD[7]!);
    n = put(buf, n, BOOLEANS[o.faitAccompli ? 1 : 0]!);
    for (let k = 0; k < FIRST_DECISION_TIME; k++) {
      n = put(buf, n, HEAD[8 + k]!);
      n = this.times.put(buf, n, k, true);
    }
    n = put(buf, n, HEAD[11]!);
    n = this.decisionsJson(buf, n, result.decisions, pieces);
    n = put(buf, n, HEAD[12]!);
    n = put(buf, n, pieces.design.csv);
    n = put(buf, n, at.csv);
    buf[n++] = COMMA;
    n = putCount(buf, n, result.seed, false);
    buf[n++] = COMMA;
    n = putPlain(buf, n, result.traceHash, false);
    buf[n++] = COMMA;
    n = putCount(buf, n, result.events, false);
    buf[n++] = COMMA;
    n = put(buf, n, highest.csv);
    buf[n++] = COMMA;
    n = put(buf, n, final.csv);
    buf[n++] = COMMA;
    n = put(buf, n, BOOLEANS[o.faitAccompli ? 1 : 0]!);
    for (let k = 0; k < FIRST_DECISION_TIME; k++) {
      buf[n++] = COMMA;
      n = this.times.put(buf, n, k, false);
    }
    n = this.decisionsCsv(buf, n, result.decisions, pieces);
    buf[n++] = 10;
    if (n > buf.length)
      throw new Error(`run ${result.design}:${result.seed}: its line overran its room`);
    return this.line.read(n);
  }

  /** The JSON's decisions, in the run's order. */
  private decisionsJson(
    buf: Uint8Array,
    n: number,
    decisions: readonly DecisionMetric[],
    pieces: DesignPieces,
  ): number {
    const width = DECISION_TIMES.length;
    for (let i = 0, k = FIRST_DECISION_TIME; i < decisions.length; i++, k += width) {
      n = put(buf, n, pieces.keys[i * STATUSES.length + this.times.status(i)]!);
      n = this.times.put(buf, n, k, true);
      for (let f = 1; f < width; f++) {
        n = put(buf, n, TIME_KEYS[f]!);
        n = this.times.put(buf, n, k + f, true);
      }
      n = put(buf, n, CLOSED_KEY);
      n = putCount(buf, n, decisions[i]!.closed, true);
    }
    if (decisions.length > 0) buf[n++] = 125; // the last decision's }
    return n;
  }

  /** The CSV's decision cells, in the order of its columns. */
  private decisionsCsv(
    buf: Uint8Array,
    n: number,
    decisions: readonly DecisionMetric[],
    pieces: DesignPieces,
  ): number {
    const width = DECISION_TIMES.length;
    for (let c = 0; c < this.columns.length; c++) {
      const i = pieces.columnOf[c]!;
      if (i < 0) {
        n = put(buf, n, NOT_IN_DESIGN);
        continue;
      }
      n = put(buf, n, CSV_STATUSES[this.times.status(i)]!);
      const k = FIRST_DECISION_TIME + i * width;
      n = this.times.put(buf, n, k, false);
      for (let f = 1; f < width; f++) {
        buf[n++] = COMMA;
        n = this.times.put(buf, n, k + f, false);
      }
      buf[n++] = COMMA;
      n = putCount(buf, n, decisions[i]!.closed, false);
    }
    return n;
  }

  /** The design's pieces, made again when its runs list other decisions than last time. */
  private piecesOf(result: RunResult): DesignPieces {
    const decisions = result.decisions;
    const known = this.designs.get(result.design);
    if (known && known.ids.length === decisions.length) {
      let same = true;
      for (let i = 0; same && i < decisions.length; i++) same = known.ids[i] === decisions[i]!.id;
      if (same) return known;
    }
    const ids = decisions.map((d) => d.id);
    const pieces = designPieces(result.design, ids, this.columns);
    this.designs.set(result.design, pieces);
    return pieces;
  }

  /** A point's JSON string, and its CSV cells after the design's (`,point,swept…`). */
  private pointCells(point: string): Cells | null {
    const cells = [point, ...sweptValues(point, this.sweep)].map(csvCell);
    return cellsOf(point, `,${cells.join(',')}`);
  }

  private cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
    if (cache.has(key)) return cache.get(key)!;
    const value = make();
    if (cache.size < CACHE_LIMIT) cache.set(key, value);
    return value;
  }
}

/** The line as the row's own encoders make it. */
function slowLine(
  result: RunResult,
  point: string,
  columns: readonly string[],
  sweep: readonly string[],
): string {
  const row = toRow(result, point);
  return `${rowJson(row)}\t${csvLine(row, columns, sweep)}\n`;
}

const encoders = new WeakMap<readonly string[], WeakMap<readonly string[], RowEncoder>>();
const NO_SWEEP: readonly string[] = [];

/**
 * A run's stored line, newline included: the text of
 * `${rowJson(toRow(result, point))}\t${csvLine(toRow(result, point), columns, sweep)}\n`.
 * What does not change from run to run is kept per `columns` and `sweep` array: pass the same
 * arrays for every run of a batch.
 *
 * @example
 * const line = rowLine(simulate(model, { seed: 1 }), '', ['jp.mso'], []);
 */
export function rowLine(
  result: RunResult,
  point: string,
  columns: readonly string[],
  sweep: readonly string[] = NO_SWEEP,
): string {
  let bySweep = encoders.get(columns);
  if (!bySweep) encoders.set(columns, (bySweep = new WeakMap()));
  let encoder = bySweep.get(sweep);
  if (!encoder) bySweep.set(sweep, (encoder = new RowEncoder(columns, sweep)));
  return encoder.encode(result, point);
}
