/**
 * A run's stored line in a batch, made straight from its result: the same bytes as
 * `rowJson(toRow(result, point))` and `csvLine(toRow(result, point), columns, sweep)`, made
 * without the row in between. A batch worker makes one per run, so each time value's text is
 * made once for both halves and the pieces that do not change from run to run (JSON keys, a
 * point's cells) are made once per design, point and column list.
 */
import type { RunResult } from '../engine/simulation.js';
import type { DecisionMetric } from '../engine/metrics.js';
import { rowJson } from './jsonRow.js';
import { csvCell, csvLine, DECISION_TIMES, sweptValues, toRow } from './row.js';

/** A run's line as `results.jsonl` and `results.csv` hold it, each without its newline. */
export interface RowLine {
  readonly json: string;
  readonly csv: string;
}

/**
 * The text of a time (minutes) as both halves write it, `Math.round(x*60)/60` then four
 * decimals: for a whole number of seconds `s`, `⌊s/60⌋` and the fraction of `s mod 60`, which
 * is never within a rounding error of a tie at four decimals (`r/60` is a multiple of 1/60).
 */
const FRACTIONS = Array.from({ length: 60 }, (_, r) => {
  const text = String(Number((r / 60).toFixed(4)));
  return text === '0' ? '' : text.slice(1);
});
/** Beyond this many seconds (≈ 68 years) a minute count has too few fraction bits for the table. */
const TABLE_LIMIT = 2 ** 31;

/** A time's CSV text (`null` for a time the run never reached). */
function minutesText(x: number | undefined): string | null {
  if (x === undefined) return null;
  const s = Math.round(x * 60);
  if (s >= 0 && s < TABLE_LIMIT) return `${Math.floor(s / 60)}${FRACTIONS[s % 60]}`;
  if (s < 0 && s > -TABLE_LIMIT) return `-${Math.floor(-s / 60)}${FRACTIONS[-s % 60]}`;
  return String(Number((s / 60).toFixed(4)));
}

/** A number as JSON.stringify writes it, from its CSV text: `null` for what is not finite. */
function jsonNumber(text: string | null): string {
  return text === null || text === 'NaN' || text === 'Infinity' || text === '-Infinity'
    ? 'null'
    : text;
}

/** A design's decisions as its runs list them, and what each line writes of them. */
interface DesignPieces {
  readonly ids: readonly string[];
  /** Whether `toRow`'s object keeps these ids in this order, each once: else the row is made the slow way. */
  readonly plain: boolean;
  /** `"decisions":{"<id>":{"status":"` for the first, `},"<id>":{"status":"` for the rest. */
  readonly keys: readonly string[];
  /** Per CSV column, the index of its decision in the run's list, or -1. */
  readonly columnOf: readonly number[];
}

/** An id that a plain object would order before the others, or not keep as its own key. */
const REORDERED = /^(?:0|[1-9][0-9]*)$/;

function designPieces(ids: readonly string[], columns: readonly string[]): DesignPieces {
  const plain =
    new Set(ids).size === ids.length &&
    ids.every((id) => id !== '__proto__' && !REORDERED.test(id));
  const keys = ids.map(
    (id, i) => `${i === 0 ? '"decisions":{' : '},'}${JSON.stringify(id)}:{"status":"`,
  );
  return { ids, plain, keys, columnOf: columns.map((c) => ids.indexOf(c)) };
}

/** A decision's status, as `decisionStatus` reads it from the row `toRow` makes. */
function status(d: DecisionMetric): string {
  if (d.decidedAt !== undefined) return 'decided';
  if (d.closed > 0) return 'closed_before_issue';
  return d.eventAt === undefined ? 'not_triggered' : 'undecided_at_horizon';
}

/** The keys of a decision's times in its JSON, the first after its status's closing quote. */
const TIME_KEYS = DECISION_TIMES.map((f, i) => `${i === 0 ? '"' : ''},"${f}":`);
const CLOSED_KEY = ',"closed":';
const NOT_IN_DESIGN = ',not_in_design' + ','.repeat(DECISION_TIMES.length + 1);
/** Sweep points a batch may have, at most: beyond, a point's cells are made again for each run. */
const POINT_CACHE = 10_000;

/** The stored lines of one column list and sweep: its caches of the pieces that do not change. */
class RowEncoder {
  private readonly designs = new Map<string, DesignPieces>();
  private readonly points = new Map<string, { json: string; csv: string }>();
  /** Per decision of the run, its status then its times' CSV texts (reused from run to run). */
  private texts: Array<string | null> = [];

  constructor(
    private readonly columns: readonly string[],
    private readonly sweep: readonly string[],
  ) {}

  encode(result: RunResult, point: string): RowLine {
    const pieces = this.piecesOf(result);
    if (!pieces.plain) return slowLine(result, point, this.columns, this.sweep);
    const decisions = result.decisions;
    const width = DECISION_TIMES.length + 1;
    const texts = this.texts;
    let json = '';
    for (let i = 0; i < decisions.length; i++) {
      const d = decisions[i]!;
      // JSON would leave out a closed count that is not there, where the CSV writes ''
      if (typeof d.closed !== 'number') return slowLine(result, point, this.columns, this.sweep);
      const at = i * width;
      texts[at] = status(d);
      texts[at + 1] = minutesText(d.eventAt);
      texts[at + 2] = minutesText(d.triggeredAt);
      texts[at + 3] = minutesText(d.decidedAt);
      texts[at + 4] = minutesText(d.latencyFromEvent);
      texts[at + 5] = minutesText(d.latencyFromKnown);
      json += pieces.keys[i]! + texts[at]!;
      for (let f = 0; f < TIME_KEYS.length; f++)
        json += TIME_KEYS[f]! + jsonNumber(texts[at + 1 + f]!);
      json += CLOSED_KEY + jsonNumber(String(d.closed));
    }
    json += decisions.length === 0 ? '"decisions":{}}' : '}}}';
    let csv = '';
    for (let c = 0; c < this.columns.length; c++) {
      const i = pieces.columnOf[c]!;
      if (i < 0) {
        csv += NOT_IN_DESIGN;
        continue;
      }
      const at = i * width;
      csv += ',' + texts[at]!;
      for (let f = 1; f < width; f++) csv += ',' + (texts[at + f] ?? '');
      csv += ',' + String(decisions[i]!.closed);
    }
    return this.head(result, point, json, csv);
  }

  /** The line's run columns and keys, before its decisions'. */
  private head(result: RunResult, point: string, decisionsJson: string, decisionsCsv: string) {
    const o = result.outcome;
    const at = this.pointPieces(point);
    const seed = String(result.seed);
    const events = String(result.events);
    const reached = minutesText(o.objectiveReachedAt);
    const inPlace = minutesText(o.responseInPlaceAt);
    const top = minutesText(o.timeAtObjectiveOrHigher);
    const json =
      `{"design":${JSON.stringify(result.design)},"seed":${jsonNumber(seed)},"point":${at.json}` +
      `,"status":"finished_at_horizon","traceHash":${JSON.stringify(result.traceHash)}` +
      `,"events":${jsonNumber(events)},"highestRung":${JSON.stringify(o.highestRung)}` +
      `,"finalRung":${JSON.stringify(o.finalRung)},"faitAccompli":${o.faitAccompli}` +
      `,"objectiveReachedAt":${jsonNumber(reached)},"responseInPlaceAt":${jsonNumber(inPlace)}` +
      `,"timeAtObjectiveOrHigher":${jsonNumber(top)},${decisionsJson}`;
    const csv =
      `${csvCell(result.design)}${at.csv},${seed},${csvCell(result.traceHash)},${events}` +
      `,${csvCell(o.highestRung)},${csvCell(o.finalRung)},${o.faitAccompli}` +
      `,${reached ?? ''},${inPlace ?? ''},${top ?? ''}${decisionsCsv}`;
    return { json, csv };
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
    const pieces = designPieces(
      decisions.map((d) => d.id),
      this.columns,
    );
    this.designs.set(result.design, pieces);
    return pieces;
  }

  /** A point's JSON string and its CSV cells after the design's (`,point,swept…`). */
  private pointPieces(point: string): { json: string; csv: string } {
    let pieces = this.points.get(point);
    if (!pieces) {
      const cells = [point, ...sweptValues(point, this.sweep)].map(csvCell);
      pieces = { json: JSON.stringify(point), csv: `,${cells.join(',')}` };
      if (this.points.size < POINT_CACHE) this.points.set(point, pieces);
    }
    return pieces;
  }
}

/** The line the way the row's own encoders make it. */
function slowLine(
  result: RunResult,
  point: string,
  columns: readonly string[],
  sweep: readonly string[],
): RowLine {
  const row = toRow(result, point);
  return { json: rowJson(row), csv: csvLine(row, columns, sweep) };
}

const encoders = new WeakMap<readonly string[], WeakMap<readonly string[], RowEncoder>>();
const NO_SWEEP: readonly string[] = [];

/**
 * A run's stored line: its `results.jsonl` half, byte for byte `rowJson(toRow(result, point))`,
 * and its `results.csv` half, byte for byte `csvLine(toRow(result, point), columns, sweep)`.
 * What does not change from run to run is kept per `columns` and `sweep` array: pass the same
 * arrays for every run of a batch.
 *
 * @example
 * const { json, csv } = rowLine(simulate(model, { seed: 1 }), '', ['jp.mso'], []);
 */
export function rowLine(
  result: RunResult,
  point: string,
  columns: readonly string[],
  sweep: readonly string[] = NO_SWEEP,
): RowLine {
  let bySweep = encoders.get(columns);
  if (!bySweep) encoders.set(columns, (bySweep = new WeakMap()));
  let encoder = bySweep.get(sweep);
  if (!encoder) bySweep.set(sweep, (encoder = new RowEncoder(columns, sweep)));
  return encoder.encode(result, point);
}
