/**
 * A run's times as a batch's stored line writes them, each rounded once for both of the line's
 * halves: `Math.round(x*60)/60` to four decimals, as `toRow` then `rowJson` and `csvLine` do.
 */
import type { DecisionMetric } from '../engine/metrics.js';
import type { RunResult } from '../engine/simulation.js';
import { knownAscii, put, putAscii, putDigits } from './asciiLine.js';
import { DECISION_STATUSES, DECISION_TIMES } from './row.js';

/**
 * A time's decimals for each second of its minute: for a whole number of seconds `s`, the text is
 * `⌊s/60⌋` then the fraction of `s mod 60`, which is never within a rounding error of a tie at
 * four decimals (`r/60` is a multiple of 1/60), so it is what `toFixed(4)` writes.
 */
const FRACTIONS = Array.from({ length: 60 }, (_, r) => {
  const text = String(Number((r / 60).toFixed(4)));
  return knownAscii(text === '0' ? '' : text.slice(1));
});
/** Beyond this many seconds (≈ 68 years) a minute count has too few fraction bits for the table. */
export const TABLE_LIMIT = 2 ** 31;

/** How a time is held between its two writings: never reached; whole seconds; a text. */
const NONE = 0;
const SECONDS = 1;
const TEXT = 2;

const NULL = knownAscii('null');
const MINUS = 45;

/** A run's decisions' statuses (all but `not_in_design`), by the number {@link RunTimes.status} answers. */
export const STATUSES = DECISION_STATUSES.filter((st) => st !== 'not_in_design');

/** The outcome's three times come first; then each decision's, `DECISION_TIMES.length` each. */
export const FIRST_DECISION_TIME = 3;

/** A decision's status, as `decisionStatus` reads it from the row `toRow` makes. */
function status(d: DecisionMetric): number {
  if (d.decidedAt !== undefined) return 0;
  if (d.closed > 0) return 1;
  return d.eventAt === undefined ? 3 : 2;
}

/** One run's times and decisions' statuses at a time, in arrays reused from run to run. */
export class RunTimes {
  private kinds = new Uint8Array(0);
  private seconds = new Int32Array(0);
  private readonly texts: string[] = [];
  private statuses = new Uint8Array(0);

  /**
   * Rounds every time of the run, and reads each decision's status; false for a decision
   * without a closed count, which JSON would leave out where the CSV writes ''.
   */
  read(result: RunResult): boolean {
    const decisions = result.decisions;
    const count = FIRST_DECISION_TIME + decisions.length * DECISION_TIMES.length;
    if (this.kinds.length < count) {
      this.kinds = new Uint8Array(count * 2);
      this.seconds = new Int32Array(count * 2);
    }
    if (this.statuses.length < decisions.length)
      this.statuses = new Uint8Array(decisions.length * 2);
    const o = result.outcome;
    this.readTime(0, o.objectiveReachedAt);
    this.readTime(1, o.responseInPlaceAt);
    this.readTime(2, o.timeAtObjectiveOrHigher);
    for (let i = 0, k = FIRST_DECISION_TIME; i < decisions.length; i++) {
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

  /** Decision `i`'s status, an index into {@link STATUSES}. */
  status(i: number): number {
    return this.statuses[i]!;
  }

  /**
   * Writes time `k` into `buf` at `n`, answering where it ends: JSON writes `null` for a time
   * never reached or not finite, the CSV nothing or its text.
   */
  put(buf: Uint8Array, n: number, k: number, json: boolean): number {
    const kind = this.kinds[k];
    if (kind === SECONDS) {
      let s = this.seconds[k]!;
      if (s < 0) {
        buf[n++] = MINUS;
        s = -s;
      }
      // whole numbers under 2^31: integer division, not a floating-point remainder
      const whole = (s / 60) | 0;
      n = putDigits(buf, n, whole);
      return put(buf, n, FRACTIONS[s - whole * 60]!);
    }
    if (kind === TEXT) {
      const text = this.texts[k]!;
      return json && !Number.isFinite(Number(text)) ? put(buf, n, NULL) : putAscii(buf, n, text);
    }
    return json ? put(buf, n, NULL) : n;
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
}
