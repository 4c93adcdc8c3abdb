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
import { AsciiLine, asciiBytes, knownAscii } from './asciiLine.js';
import { rowJson } from './jsonRow.js';
import { csvCell, csvLine, DECISION_TIMES, sweptValues, toRow } from './row.js';

/**
 * A time (minutes) as both halves write it, `Math.round(x*60)/60` to four decimals: for a whole
 * number of seconds `s`, `⌊s/60⌋` then the fraction of `s mod 60`, which is never within a
 * rounding error of a tie at four decimals (`r/60` is a multiple of 1/60).
 */
const FRACTIONS = Array.from({ length: 60 }, (_, r) => {
  const text = String(Number((r / 60).toFixed(4)));
  return knownAscii(text === '0' ? '' : text.slice(1));
});
/** Beyond this many seconds (≈ 68 years) a minute count has too few fraction bits for the table. */
const TABLE_LIMIT = 2 ** 31;

/** How a time is held between its two writings: never reached; whole seconds; a text. */
const NONE = 0;
const SECONDS = 1;
const TEXT = 2;

const NULL = knownAscii('null');
const MINUS = 45;
const COMMA = 44;
const STATUSES = ['decided', 'closed_before_issue', 'undecided_at_horizon', 'not_triggered'].map(
  knownAscii,
);
/** After a decision's status, the keys of its times in its JSON; then of its closed count. */
const TIME_KEYS = DECISION_TIMES.map((f, i) => knownAscii(`${i === 0 ? '"' : ''},"${f}":`));
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
/** A decision's texts: its status, then its times'. */
const WIDTH = DECISION_TIMES.length + 1;
/** The outcome's three times come before the decisions' in the encoder's arrays. */
const OUTCOME_TIMES = 3;
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
  /** `"<id>":{"status":"` for the first decision, `},"<id>":{"status":"` for the rest. */
  readonly keys: readonly Uint8Array[];
  /** Per CSV column, the index of its decision in the run's list, or -1. */
  readonly columnOf: readonly number[];
}

/** An id that a plain object would order before the others. */
const INDEX_LIKE = /^(?:0|[1-9][0-9]*)$/;

function designPieces(design: string, ids: readonly string[], columns: readonly string[]) {
  const keys = ids.map((id, i) =>
    asciiBytes(`${i === 0 ? '' : '},'}${JSON.stringify(id)}:{"status":"`),
  );
  // toRow's object would reorder, merge or not keep such ids: its order is left to it
  const plain =
    new Set(ids).size === ids.length &&
    ids.every((id) => id !== '__proto__' && !INDEX_LIKE.test(id)) &&
    keys.every((k) => k !== null);
  return {
    ids,
    design: plain ? cellsOf(design) : null,
    keys: keys as Uint8Array[],
    columnOf: columns.map((c) => ids.indexOf(c)),
  };
}

/** A decision's status, as `decisionStatus` reads it from the row `toRow` makes. */
function status(d: DecisionMetric): number {
  if (d.decidedAt !== undefined) return 0;
  if (d.closed > 0) return 1;
  return d.eventAt === undefined ? 3 : 2;
}

/** The stored lines of one column list and sweep, with its caches of the pieces that do not change. */
class RowEncoder {
  private readonly designs = new Map<string, DesignPieces>();
  private readonly points = new Map<string, Cells | null>();
  private readonly rungs = new Map<string, Cells | null>();
  private readonly out = new AsciiLine();
  /** Per time (the outcome's, then per decision its times), how it is held and its seconds or text. */
  private kinds = new Uint8Array(0);
  private seconds = new Float64Array(0);
  private readonly texts: string[] = [];
  private statuses = new Uint8Array(0);

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
    if (!pieces.design || !at || !highest || !final)
      return slowLine(result, point, this.columns, this.sweep);
    if (typeof o.faitAccompli !== 'boolean' || !this.readTimes(result))
      return slowLine(result, point, this.columns, this.sweep);
    const out = this.out;
    out.reset();
    out.bytes(HEAD[0]!);
    out.bytes(pieces.design.json);
    out.bytes(HEAD[1]!);
    this.number(result.seed, true);
    out.bytes(HEAD[2]!);
    out.bytes(at.json);
    out.bytes(HEAD[3]!);
    if (!out.plain(result.traceHash, true))
      return slowLine(result, point, this.columns, this.sweep);
    out.bytes(HEAD[4]!);
    this.number(result.events, true);
    out.bytes(HEAD[5]!);
    out.bytes(highest.json);
    out.bytes(HEAD[6]!);
    out.bytes(final.json);
    out.bytes(HEAD[7]!);
    out.bytes(BOOLEANS[o.faitAccompli ? 1 : 0]!);
    for (let k = 0; k < OUTCOME_TIMES; k++) {
      out.bytes(HEAD[8 + k]!);
      this.time(k, true);
    }
    out.bytes(HEAD[11]!);
    this.decisionsJson(result.decisions, pieces);
    out.bytes(HEAD[12]!);
    out.bytes(pieces.design.csv);
    out.bytes(at.csv);
    out.byte(COMMA);
    this.number(result.seed, false);
    out.byte(COMMA);
    out.plain(result.traceHash, false);
    out.byte(COMMA);
    this.number(result.events, false);
    out.byte(COMMA);
    out.bytes(highest.csv);
    out.byte(COMMA);
    out.bytes(final.csv);
    out.byte(COMMA);
    out.bytes(BOOLEANS[o.faitAccompli ? 1 : 0]!);
    for (let k = 0; k < OUTCOME_TIMES; k++) {
      out.byte(COMMA);
      this.time(k, false);
    }
    this.decisionsCsv(result.decisions, pieces);
    out.byte(10);
    return out.read();
  }

  /**
   * Rounds every time of the run once, for both halves, and reads each decision's status; false
   * for a decision without a closed count, which JSON would leave out where the CSV writes ''.
   */
  private readTimes(result: RunResult): boolean {
    const decisions = result.decisions;
    const count = OUTCOME_TIMES + decisions.length * DECISION_TIMES.length;
    if (this.kinds.length < count) {
      this.kinds = new Uint8Array(count * 2);
      this.seconds = new Float64Array(count * 2);
    }
    if (this.statuses.length < decisions.length)
      this.statuses = new Uint8Array(decisions.length * 2);
    const o = result.outcome;
    this.readTime(0, o.objectiveReachedAt);
    this.readTime(1, o.responseInPlaceAt);
    this.readTime(2, o.timeAtObjectiveOrHigher);
    for (let i = 0, k = OUTCOME_TIMES; i < decisions.length; i++) {
      const d = decisions[i]!;
      if (typeof d.closed !== 'number') return false;
      this.statuses[i] = status(d);
      this.readTime(k++, d.eventAt);
      this.readTime(k++, d.triggeredAt);
      this.readTime(k++, d.decidedAt);
      this.readTime(k++, d.latencyFromEvent);
      this.readTime(k++, d.latencyFromKnown);
    }
    return true;
  }

  private readTime(k: number, x: number | undefined): void {
    if (x === undefined) {
      this.kinds[k] = NONE;
      return;
    }
    const s = Math.round(x * 60) + 0; // + 0: -0 is written as 0
    if (s > -TABLE_LIMIT && s < TABLE_LIMIT) {
      this.kinds[k] = SECONDS;
      this.seconds[k] = s;
    } else {
      this.kinds[k] = TEXT;
      this.texts[k] = String(Number((s / 60).toFixed(4)));
    }
  }

  /** Writes time `k`: JSON writes `null` for one never reached or not finite, the CSV '' or its text. */
  private time(k: number, json: boolean): void {
    const out = this.out;
    const kind = this.kinds[k];
    if (kind === SECONDS) {
      let s = this.seconds[k]!;
      if (s < 0) {
        out.byte(MINUS);
        s = -s;
      }
      out.digits(Math.floor(s / 60));
      out.bytes(FRACTIONS[s % 60]!);
    } else if (kind === TEXT) {
      const text = this.texts[k]!;
      if (json && !Number.isFinite(Number(text))) out.bytes(NULL);
      else out.text(text);
    } else if (json) out.bytes(NULL);
  }

  /** Writes a count (seed, events, closed) as JSON.stringify or String writes it. */
  private number(v: number, json: boolean): void {
    if (Number.isInteger(v) && v >= 0 && v < TABLE_LIMIT) this.out.digits(v);
    else if (json && !Number.isFinite(v)) this.out.bytes(NULL);
    else this.out.text(String(v));
  }

  /** The JSON's decisions, in the run's order. */
  private decisionsJson(decisions: readonly DecisionMetric[], pieces: DesignPieces): void {
    const out = this.out;
    for (let i = 0, k = OUTCOME_TIMES; i < decisions.length; i++) {
      out.bytes(pieces.keys[i]!);
      out.bytes(STATUSES[this.statuses[i]!]!);
      for (let f = 0; f < DECISION_TIMES.length; f++, k++) {
        out.bytes(TIME_KEYS[f]!);
        this.time(k, true);
      }
      out.bytes(CLOSED_KEY);
      this.number(decisions[i]!.closed, true);
    }
    if (decisions.length > 0) out.byte(125); // the last decision's }
  }

  /** The CSV's decision cells, in the order of its columns. */
  private decisionsCsv(decisions: readonly DecisionMetric[], pieces: DesignPieces): void {
    const out = this.out;
    for (let c = 0; c < this.columns.length; c++) {
      const i = pieces.columnOf[c]!;
      if (i < 0) {
        out.bytes(NOT_IN_DESIGN);
        continue;
      }
      out.byte(COMMA);
      out.bytes(STATUSES[this.statuses[i]!]!);
      for (
        let f = 0, k = OUTCOME_TIMES + i * DECISION_TIMES.length;
        f < DECISION_TIMES.length;
        f++
      ) {
        out.byte(COMMA);
        this.time(k + f, false);
      }
      out.byte(COMMA);
      this.number(decisions[i]!.closed, false);
    }
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
