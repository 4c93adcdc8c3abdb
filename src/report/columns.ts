/**
 * One design's runs at one sweep point, column by column: exactly what summaries read (seed,
 * fait accompli, highest rung, time at the top rungs, each reported decision's event time,
 * latencies and whether it was decided or closed before issue), as typed arrays, so a summary of
 * many runs holds numbers, not row objects.
 */
import type { RunRow } from './row.js';

/** The columns of one design's runs at one sweep point. Build with {@link ColumnsBuilder}. */
export interface RunColumns {
  readonly design: string;
  /** Number of runs. */
  readonly length: number;
  /** Each run's seed: what pairs a run with the baseline's run. */
  readonly seed: Float64Array;
  /** 1 where the run ended in a fait accompli. */
  readonly faitAccompli: Uint8Array;
  /** Each run's highest rung, as an index into {@link RunColumns.rungs}. */
  readonly highestRung: Uint16Array;
  /** Each run's minutes at the objective rung or higher. */
  readonly timeAtObjectiveOrHigher: Float64Array;
  readonly rungs: readonly string[];
  /** The decisions whose latencies are kept, in the order of the latency columns. */
  readonly decisions: readonly string[];
  /**
   * Per decision, when the event that made it necessary happened in each run (minutes); NaN where
   * it never did (the run never needed it).
   */
  readonly eventAt: readonly Float64Array[];
  /** Per decision, each run's latency from the event in minutes; NaN where the run never reached it. */
  readonly latencyFromEvent: readonly Float64Array[];
  /** Per decision, each run's latency from when its capital knew, in minutes; NaN where the run never reached it. */
  readonly latencyFromKnown: readonly Float64Array[];
  /** Per decision, 1 where the run put it in force. */
  readonly decided: readonly Uint8Array[];
  /** Per decision, 1 where the run closed it before issue at least once (overtaken, or rejected by the Diet). */
  readonly closed: readonly Uint8Array[];
}

/** What a row must hold to be put in columns. */
export type ColumnRow = Pick<
  RunRow,
  'seed' | 'faitAccompli' | 'highestRung' | 'timeAtObjectiveOrHigher' | 'decisions'
>;

/** Fills the columns of up to `capacity` runs, by place; {@link build} keeps the places filled. */
export class ColumnsBuilder {
  private readonly seed: Float64Array;
  private readonly faitAccompli: Uint8Array;
  private readonly highestRung: Uint16Array;
  private readonly timeAtTop: Float64Array;
  private readonly eventAt: Float64Array[];
  private readonly latencyFromEvent: Float64Array[];
  private readonly latencyFromKnown: Float64Array[];
  private readonly decided: Uint8Array[];
  private readonly closed: Uint8Array[];
  private readonly filled: Uint8Array;
  private readonly rungs: string[] = [];
  private readonly rungIndex = new Map<string, number>();

  constructor(
    private readonly design: string,
    private readonly capacity: number,
    private readonly decisions: readonly string[],
  ) {
    this.seed = new Float64Array(capacity);
    this.faitAccompli = new Uint8Array(capacity);
    this.highestRung = new Uint16Array(capacity);
    this.timeAtTop = new Float64Array(capacity);
    this.eventAt = decisions.map(() => new Float64Array(capacity));
    this.latencyFromEvent = decisions.map(() => new Float64Array(capacity));
    this.latencyFromKnown = decisions.map(() => new Float64Array(capacity));
    this.decided = decisions.map(() => new Uint8Array(capacity));
    this.closed = decisions.map(() => new Uint8Array(capacity));
    this.filled = new Uint8Array(capacity);
  }

  /** Whether place `i` holds a run. */
  has(i: number): boolean {
    return this.filled[i] === 1;
  }

  /** Puts a run at place `i` (0 ≤ i < capacity). */
  set(i: number, row: ColumnRow): void {
    let rung = this.rungIndex.get(row.highestRung);
    if (rung === undefined) {
      rung = this.rungs.push(row.highestRung) - 1;
      this.rungIndex.set(row.highestRung, rung);
    }
    this.seed[i] = row.seed;
    this.faitAccompli[i] = row.faitAccompli ? 1 : 0;
    this.highestRung[i] = rung;
    this.timeAtTop[i] = row.timeAtObjectiveOrHigher;
    for (let k = 0; k < this.decisions.length; k++) {
      const d = row.decisions[this.decisions[k]!];
      this.eventAt[k]![i] = d?.eventAt ?? NaN;
      this.latencyFromEvent[k]![i] = d?.latencyFromEvent ?? NaN;
      this.latencyFromKnown[k]![i] = d?.latencyFromKnown ?? NaN;
      this.decided[k]![i] = d?.decidedAt == null ? 0 : 1;
      // rows written before closures were recorded hold no count
      this.closed[k]![i] = (d?.closed ?? 0) > 0 ? 1 : 0;
    }
    this.filled[i] = 1;
  }

  /** The columns of the filled places, in place order. */
  build(): RunColumns {
    const kept: number[] = [];
    for (let i = 0; i < this.capacity; i++) if (this.filled[i]) kept.push(i);
    const pick = <A extends Float64Array | Uint16Array | Uint8Array>(a: A): A => {
      if (kept.length === this.capacity) return a;
      const out = new (a.constructor as new (n: number) => A)(kept.length);
      kept.forEach((i, j) => (out[j] = a[i]!));
      return out;
    };
    return {
      design: this.design,
      length: kept.length,
      seed: pick(this.seed),
      faitAccompli: pick(this.faitAccompli),
      highestRung: pick(this.highestRung),
      timeAtObjectiveOrHigher: pick(this.timeAtTop),
      rungs: this.rungs,
      decisions: this.decisions,
      eventAt: this.eventAt.map(pick),
      latencyFromEvent: this.latencyFromEvent.map(pick),
      latencyFromKnown: this.latencyFromKnown.map(pick),
      decided: this.decided.map(pick),
      closed: this.closed.map(pick),
    };
  }
}

/** The columns of rows, in their order. */
export function columnsOf(
  design: string,
  rows: readonly ColumnRow[],
  decisions: readonly string[],
): RunColumns {
  const builder = new ColumnsBuilder(design, rows.length, decisions);
  rows.forEach((row, i) => builder.set(i, row));
  return builder.build();
}
